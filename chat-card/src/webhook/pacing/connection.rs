//! The connection behind shared pacing: one Redis server, or a Redis Cluster (whose
//! client follows the slots of the hash-tagged keys). Both reconnect on their own.

use std::fmt;
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClient;
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisFuture, Value};

use super::redis_url::{RedisUrl, RedisUrlError};

/// Where the schedules live.
pub(crate) enum Target {
    /// One server (or a proxy in front of several).
    Single(RedisUrl),
    /// A Redis Cluster, reached through any of these nodes.
    Cluster(Vec<RedisUrl>),
}

impl Target {
    /// A Redis Cluster with these seed nodes (at least one; TCP URLs with the same
    /// credentials).
    pub(crate) fn cluster<S: AsRef<str>>(
        nodes: impl IntoIterator<Item = S>,
    ) -> Result<Target, RedisUrlError> {
        let nodes = nodes
            .into_iter()
            .map(|n| RedisUrl::parse(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        if nodes.is_empty() {
            return Err(RedisUrlError::new(
                "a Redis Cluster needs at least one node URL",
            ));
        }
        if nodes.iter().any(RedisUrl::is_unix) {
            return Err(RedisUrlError::new(
                "a Redis Cluster is reached over TCP, not through a unix socket",
            ));
        }
        let target = Target::Cluster(nodes);
        // Checks the nodes fit together (e.g. one password for all); connects nothing.
        target.cluster_client(Duration::from_secs(1)).map_err(|e| {
            RedisUrlError::new(format!(
                "the cluster nodes do not fit together ({})",
                target.scrub(&e.to_string())
            ))
        })?;
        Ok(target)
    }

    fn cluster_client(&self, timeout: Duration) -> redis::RedisResult<ClusterClient> {
        let Target::Cluster(nodes) = self else {
            return Err((redis::ErrorKind::Client, "not a cluster").into());
        };
        ClusterClient::builder(
            nodes
                .iter()
                .map(|n| n.client().get_connection_info().clone()),
        )
        .connection_timeout(timeout)
        .response_timeout(timeout)
        // Redirections (MOVED, ASK) are retries: allow a few.
        .retries(3)
        .build()
    }

    /// A connection whose calls time out after `timeout`. For one server it connects
    /// on its first command; for a cluster it connects and reads the slots now.
    pub(crate) async fn connect(&self, timeout: Duration) -> redis::RedisResult<Conn> {
        match self {
            Target::Single(url) => {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(timeout))
                    .set_response_timeout(Some(timeout))
                    .set_number_of_retries(0);
                ConnectionManager::new_lazy_with_config(url.client().clone(), config)
                    .map(Conn::Single)
            }
            Target::Cluster(_) => Ok(Conn::Cluster(
                self.cluster_client(timeout)?.get_async_connection().await?,
            )),
        }
    }

    /// `text` with every password of the target replaced by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        match self {
            Target::Single(url) => url.scrub(text),
            Target::Cluster(nodes) => nodes.iter().fold(text.to_owned(), |t, n| n.scrub(&t)),
        }
    }
}

impl fmt::Display for Target {
    /// `redis://HOST:PORT`, or `cluster redis://HOST:PORT, …`: never a user or password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Single(url) => write!(f, "{url}"),
            Target::Cluster(nodes) => {
                f.write_str("cluster ")?;
                for (i, n) in nodes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{n}")?;
                }
                Ok(())
            }
        }
    }
}

/// A connection to either kind of target.
#[derive(Clone)]
pub(crate) enum Conn {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}
