//! The shared queue backend: Redis Streams, for several relays behind one load balancer.
//!
//! Per space, a stream holds the waiting messages (each entry the whole accepted
//! message, its `requestId` included) and is read through one consumer group by
//! whichever relay holds the space's lease (`SET NX PX`, renewed while it delivers), so
//! one relay at a time delivers a space, in order and paced. A relay that stops renewing
//! (killed, or stopped with `SIGSTOP`) loses the space when its lease lapses; the
//! message it left pending is reclaimed once it has been idle longer than an HTTP
//! attempt plus the pacing interval. A delivered message is acknowledged and deleted at
//! once; dead letters go to a capped stream. Group state (an Alertmanager group's Chat
//! message) and de-duplication keys live in Redis too, so any relay continues any group.
//!
//! A space's keys carry the space as a hash tag (see [`keys`]). Each step is one Lua
//! script (see [`scripts`]); what an accepted message's answer waits for is decided at
//! start from the server's persistence (see [`durability`]).

mod connect;
mod dead;
pub(crate) mod durability;
mod entry;
mod group;
mod keys;
mod lease;
mod scripts;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use redis::Value;

use super::super::incoming::Incoming;
use super::{Admit, DeadEntry, DeadPage, GroupPlan, Queue, Queued, SpaceStats, StoreError, now_ms};
use connect::Link;
pub(crate) use connect::Target;
use durability::{Confirm, QueueDurability, ServerFacts};
use entry::Fields;

/// How the Redis queue is set up (see [`crate::RedisQueueOptions`]).
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) target: Target,
    pub(crate) durability: QueueDurability,
    pub(crate) replicas: u32,
    /// How long a space stays with a relay after its last renewal.
    pub(crate) lease: Duration,
    /// How long a message left pending by another relay must be idle before it is
    /// reclaimed (an HTTP attempt plus the pacing interval).
    pub(crate) reclaim_after: Duration,
    /// The most dead letters kept in the capped stream.
    pub(crate) dead_cap: usize,
}

/// The queue in Redis Streams.
pub(crate) struct RedisQueue {
    link: Link,
    settings: Settings,
    confirm: Confirm,
    /// This relay's name as a consumer and lease holder.
    me: String,
    /// The space and entry of each message this relay read for delivery.
    taken: Mutex<HashMap<i64, String>>,
    /// Messages waiting in all spaces, as of the last call that counted them.
    queued: AtomicUsize,
}

/// How often a group's state is read again when another relay changed it meanwhile.
const GROUP_TRIES: usize = 16;

impl RedisQueue {
    /// Connects, reads the server's version and persistence, and refuses a server that
    /// cannot keep the promised durability. Logs the guarantee that holds.
    pub(crate) fn open(settings: Settings) -> Result<RedisQueue, StoreError> {
        let link = Link::new(settings.target.clone(), durability::CONFIRM_TIMEOUT);
        let facts = probe(&link)?;
        let (confirm, guarantee) =
            durability::decide(&facts, settings.durability, settings.replicas)
                .map_err(|problem| link.error(problem))?;
        let me = format!(
            "relay-{}-{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        tracing::info!(
            redis = %settings.target,
            consumer = %me,
            guarantee = %guarantee,
            "relay: queue in Redis Streams"
        );
        let queue = RedisQueue {
            link,
            settings,
            confirm,
            me,
            taken: Mutex::new(HashMap::new()),
            queued: AtomicUsize::new(0),
        };
        queue.count()?;
        Ok(queue)
    }

    /// Reads the count of waiting messages.
    fn count(&self) -> Result<usize, StoreError> {
        let n: Option<i64> = self
            .link
            .with(|c| redis::cmd("GET").arg(keys::QUEUED).query(c))?;
        let n = usize::try_from(n.unwrap_or(0)).unwrap_or(0);
        self.queued.store(n, Ordering::Release);
        Ok(n)
    }

    fn set_count(&self, n: i64) {
        self.queued
            .store(usize::try_from(n).unwrap_or(0), Ordering::Release);
    }

    /// Waits for the durability the server was found to give (after a write).
    fn confirm(&self, c: &mut redis::Connection) -> redis::RedisResult<Option<String>> {
        let ms = durability::CONFIRM_TIMEOUT.as_millis() as u64;
        match self.confirm {
            Confirm::Reply => Ok(None),
            Confirm::WaitAof { replicas } => {
                let (local, remote): (u32, u32) = redis::cmd("WAITAOF")
                    .arg(1)
                    .arg(replicas)
                    .arg(ms)
                    .query(c)?;
                Ok((local < 1 || remote < replicas).then(|| {
                    format!(
                        "Redis did not confirm the write synced within {ms} ms (local {local}, \
                         replicas {remote} of {replicas})"
                    )
                }))
            }
            Confirm::Wait { replicas } => {
                let n: u32 = redis::cmd("WAIT").arg(replicas).arg(ms).query(c)?;
                Ok((n < replicas).then(|| {
                    format!(
                        "only {n} of {replicas} Redis replicas confirmed the write within {ms} ms"
                    )
                }))
            }
        }
    }

    /// Runs the store script; `group` is `(key, before, after)` for a message group.
    fn store(
        &self,
        message: &Incoming,
        max: usize,
        group: Option<(&str, &str, &str)>,
    ) -> Result<(i64, i64), StoreError> {
        let mut call = scripts::ENQUEUE.prepare_invoke();
        call.key(keys::SEQ)
            .key(keys::stream(&message.space))
            .key(keys::SPACES)
            .key(keys::QUEUED);
        if let Some((key, _, _)) = group {
            call.key(key);
        }
        call.arg(max)
            .arg(&message.space)
            .arg(group.map_or("", |g| g.1))
            .arg(group.map_or("", |g| g.2));
        for (name, value) in entry::fields(message, now_ms()) {
            call.arg(name).arg(value);
        }
        let (id, queued, unconfirmed) = self.link.with(|c| {
            let (id, queued): (i64, i64) = call.invoke(c)?;
            let unconfirmed = if id > 0 { self.confirm(c)? } else { None };
            Ok((id, queued, unconfirmed))
        })?;
        self.set_count(queued);
        if let Some(problem) = unconfirmed {
            // Stored, but not as durably as promised: the caller is told to retry (a
            // retry is a second message unless it carries the same requestId).
            return Err(self.link.error(problem));
        }
        Ok((id, queued))
    }

    fn space_of(&self, id: i64) -> Option<String> {
        self.taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned()
    }

    fn untake(&self, id: i64) {
        self.taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
    }

    fn unknown(&self, id: i64) -> StoreError {
        self.link.error(format!(
            "message {id} was not read for delivery by this relay"
        ))
    }
}

/// Reads the server's version and persistence settings.
fn probe(link: &Link) -> Result<ServerFacts, StoreError> {
    let info: String = link.with(|c| redis::cmd("INFO").arg("server").query(c))?;
    let persistence: String = link.with(|c| redis::cmd("INFO").arg("persistence").query(c))?;
    let (version, _) = durability::parse_info(&info);
    let (_, aof) = durability::parse_info(&persistence);
    let config = |name: &str| -> Option<String> {
        link.with(|c| {
            redis::cmd("CONFIG")
                .arg("GET")
                .arg(name)
                .query::<Vec<String>>(c)
        })
        .ok()
        .and_then(|v| v.get(1).cloned())
    };
    let appendfsync = config("appendfsync");
    if appendfsync.is_none() {
        tracing::warn!(
            redis = %link.target(),
            "relay: CONFIG GET is refused (disabled or renamed): the queue cannot read Redis's \
             appendfsync setting"
        );
    }
    Ok(ServerFacts {
        version,
        aof: aof.unwrap_or(false),
        appendfsync,
        snapshots: config("save").map(|s| !s.trim().is_empty()),
    })
}

impl Queue for RedisQueue {
    fn enqueue(
        &self,
        message: &Incoming,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError> {
        let (id, _) = self.store(message, max, None)?;
        if id < 0 {
            return Ok(Admit::Full);
        }
        registered(id);
        Ok(Admit::Queued(id))
    }

    fn enqueue_in_group(
        &self,
        message: &mut Incoming,
        group: &str,
        plan: GroupPlan<'_>,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError> {
        let key = keys::group(&message.space, group);
        for _ in 0..GROUP_TRIES {
            let before: Option<String> =
                self.link.with(|c| redis::cmd("GET").arg(&key).query(c))?;
            let before = before.unwrap_or_default();
            let (op, state) = plan(group::state(&before));
            message.op = op;
            message.message_id = Some(state.message_id.clone());
            let after = group::value(&state);
            let (id, _) = self.store(message, max, Some((&key, &before, &after)))?;
            match id {
                -2 => continue,
                n if n < 0 => return Ok(Admit::Full),
                n => {
                    registered(n);
                    return Ok(Admit::Queued(n));
                }
            }
        }
        Err(self.link.error(format!(
            "the message group changed {GROUP_TRIES} times while this message was stored; try again"
        )))
    }

    fn next(&self, space: &str) -> Result<Option<Queued>, StoreError> {
        let reply: Value = self.link.with(|c| {
            scripts::NEXT
                .key(keys::stream(space))
                .key(keys::lease(space))
                .key(keys::attempts(space))
                .arg(keys::GROUP)
                .arg(&self.me)
                .arg(self.settings.lease.as_millis() as u64)
                .arg(self.settings.reclaim_after.as_millis() as u64)
                .invoke(c)
        })?;
        let Value::Array(items) = reply else {
            return Err(self.link.error("unexpected answer to the read script"));
        };
        match items.first().and_then(entry::text).as_deref() {
            Some("entry") => {
                let entry_id = items.get(1).and_then(entry::text).unwrap_or_default();
                let Some(id) = keys::queue_id(&entry_id) else {
                    return Err(self
                        .link
                        .error(format!("unexpected stream entry id {entry_id}")));
                };
                let fields = items
                    .get(2)
                    .map(Fields::read)
                    .unwrap_or(Fields::read(&Value::Nil));
                let attempts = items
                    .get(3)
                    .and_then(entry::text)
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0);
                self.taken
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(id, space.to_owned());
                Ok(Some(entry::queued(id, &fields, attempts)))
            }
            Some("held") => {
                tracing::trace!(space, "relay: another relay delivers this space");
                Ok(None)
            }
            Some("wait") => {
                tracing::debug!(
                    space,
                    "relay: a message another relay left is not idle long enough to reclaim yet"
                );
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    fn complete(&self, id: i64) -> Result<(), StoreError> {
        let space = self.space_of(id).ok_or_else(|| self.unknown(id))?;
        let q: i64 = self.link.with(|c| {
            scripts::COMPLETE
                .key(keys::stream(&space))
                .key(keys::attempts(&space))
                .key(keys::QUEUED)
                .key(keys::SPACES)
                .arg(keys::GROUP)
                .arg(keys::entry_id(id))
                .arg(&space)
                .invoke(c)
        })?;
        self.untake(id);
        self.set_count(q);
        Ok(())
    }

    fn retry_later(&self, id: i64, attempts: u32, _error: &str) -> Result<(), StoreError> {
        let space = self.space_of(id).ok_or_else(|| self.unknown(id))?;
        self.link.with(|c| {
            redis::cmd("HSET")
                .arg(keys::attempts(&space))
                .arg(keys::entry_id(id))
                .arg(attempts)
                .exec(c)
        })
    }

    fn fail(
        &self,
        id: i64,
        attempts: u32,
        http: Option<u16>,
        error: &str,
    ) -> Result<(), StoreError> {
        let space = self.space_of(id).ok_or_else(|| self.unknown(id))?;
        // The entry as stored (the dead letter keeps its body, not its credentials).
        let range: Value = self.link.with(|c| {
            redis::cmd("XRANGE")
                .arg(keys::stream(&space))
                .arg(keys::entry_id(id))
                .arg(keys::entry_id(id))
                .query(c)
        })?;
        let row = match &range {
            Value::Array(entries) => entries.first().and_then(|e| match e {
                Value::Array(pair) => pair.get(1).map(|f| entry::queued(id, &Fields::read(f), 0)),
                _ => None,
            }),
            _ => None,
        };
        let Some(row) = row else {
            // Gone already (another relay finished it).
            self.untake(id);
            return Ok(());
        };
        let mut call = scripts::FAIL.prepare_invoke();
        call.key(keys::stream(&space))
            .key(keys::attempts(&space))
            .key(keys::QUEUED)
            .key(keys::SPACES)
            .key(keys::DEAD)
            .arg(keys::GROUP)
            .arg(keys::entry_id(id))
            .arg(&space)
            .arg(self.settings.dead_cap.max(1));
        for (name, value) in entry::dead_fields(&row, attempts, http, error, now_ms()) {
            call.arg(name).arg(value);
        }
        let q: i64 = self.link.with(|c| call.invoke(c))?;
        self.untake(id);
        self.set_count(q);
        Ok(())
    }

    fn spaces(&self) -> Result<Vec<String>, StoreError> {
        self.link
            .with(|c| redis::cmd("SMEMBERS").arg(keys::SPACES).query(c))
    }

    fn position(&self, space: &str, id: i64) -> Result<usize, StoreError> {
        let n: i64 = self.link.with(|c| {
            scripts::POSITION
                .key(keys::stream(space))
                .arg(keys::entry_id(id))
                .invoke(c)
        })?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn queued(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    fn oldest_ms(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.space_stats()?.iter().filter_map(|s| s.oldest_ms).min())
    }

    fn dead_letters(&self, page: DeadPage) -> Result<Vec<DeadEntry>, StoreError> {
        dead::page(&self.link, page)
    }

    fn prune_dead(&self, failed_before_ms: i64, keep: usize) -> Result<usize, StoreError> {
        let (old, over): (usize, usize) = self.link.with(|c| {
            let old = redis::cmd("XTRIM")
                .arg(keys::DEAD)
                .arg("MINID")
                .arg(failed_before_ms.max(0))
                .query(c)?;
            let over = redis::cmd("XTRIM")
                .arg(keys::DEAD)
                .arg("MAXLEN")
                .arg(keep)
                .query(c)?;
            Ok((old, over))
        })?;
        Ok(old + over)
    }

    fn check(&self) -> Result<(), StoreError> {
        self.count().map(|_| ())
    }

    /// Gives up the spaces this relay holds, so other relays take them at once.
    fn close(&self) -> Result<(), StoreError> {
        for space in self.spaces()? {
            self.release(&space)?;
        }
        Ok(())
    }

    fn shared(&self) -> bool {
        true
    }

    fn hold(&self, space: &str, id: Option<i64>) -> Result<bool, StoreError> {
        let held: i64 = self.link.with(|c| {
            scripts::HOLD
                .key(keys::lease(space))
                .key(keys::stream(space))
                .arg(&self.me)
                .arg(self.settings.lease.as_millis() as u64)
                .arg(keys::GROUP)
                .arg(id.map(keys::entry_id).unwrap_or_default())
                .invoke(c)
        })?;
        Ok(held == 1)
    }

    fn release(&self, space: &str) -> Result<(), StoreError> {
        // What this relay read of the space and did not finish is read again (or
        // reclaimed by another relay) through the stream.
        self.taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, s| s != space);
        self.link.with(|c| {
            scripts::RELEASE
                .key(keys::lease(space))
                .arg(&self.me)
                .invoke::<i64>(c)
        })?;
        Ok(())
    }

    fn unclaimed_spaces(&self) -> Result<Vec<String>, StoreError> {
        let spaces = self.spaces()?;
        lease::unclaimed(&self.link, spaces, &self.me)
    }

    fn lease_period(&self) -> Option<Duration> {
        Some(self.settings.lease)
    }

    fn space_stats(&self) -> Result<Vec<SpaceStats>, StoreError> {
        let spaces = self.spaces()?;
        lease::space_stats(&self.link, &spaces, &self.me)
    }

    fn remember_once(&self, key: &str, until_ms: i64) -> Result<bool, StoreError> {
        let set: Option<String> = self.link.with(|c| {
            redis::cmd("SET")
                .arg(keys::seen(key))
                .arg(1)
                .arg("NX")
                .arg("PXAT")
                .arg(until_ms.max(1))
                .query(c)
        })?;
        Ok(set.is_some())
    }

    fn forget_key(&self, key: &str) -> Result<(), StoreError> {
        self.link
            .with(|c| redis::cmd("DEL").arg(keys::seen(key)).exec(c))
    }
}

#[cfg(test)]
mod tests;
