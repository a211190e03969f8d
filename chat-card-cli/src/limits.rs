//! The serving limits of the servers the CLI runs (`relay`), as flags. Each is also a
//! key of the relay's config file (`header_read_timeout = "10s"`, …,
//! `max_connections = 512`); a flag given on the command line wins.

use std::time::Duration;

use chat_card_relay::RelayConfig;

/// Timeouts and the connection cap of a server (`chat_card::serve::ServeLimits`).
#[derive(clap::Args, Clone, Debug)]
pub struct ServeArgs {
    /// Seconds a client has to send a request's line and headers (also how long an idle
    /// keep-alive connection stays open) [default: 10].
    #[arg(long, value_name = "SECONDS")]
    header_read_timeout: Option<f64>,
    /// Seconds a request body may stall between two chunks [default: 10].
    #[arg(long, value_name = "SECONDS")]
    body_read_timeout: Option<f64>,
    /// Seconds a request may take in all (raised to --wait plus 5 s when shorter); then
    /// it is answered 408 [default: 30].
    #[arg(long, value_name = "SECONDS")]
    request_timeout: Option<f64>,
    /// Seconds a connection may stay open with no request in flight and no byte moving
    /// [default: 30].
    #[arg(long, value_name = "SECONDS")]
    idle_timeout: Option<f64>,
    /// Connections served at once; one more is answered 503 with Retry-After and closed
    /// [default: 512].
    #[arg(long, value_name = "N")]
    max_connections: Option<usize>,
}

impl ServeArgs {
    /// Lays the limits given as flags over `config` (the file's keys of the same names),
    /// or says what is wrong with a flag. The limits left out keep the file's, or the
    /// defaults of `chat_card::serve::ServeLimits`.
    pub fn overlay(&self, config: &mut RelayConfig) -> Result<(), String> {
        let seconds = |flag: &str, value: Option<f64>| match value {
            None => Ok(None),
            Some(v) if v.is_finite() && v > 0.0 && v <= 3600.0 => {
                Ok(Some(Duration::from_secs_f64(v)))
            }
            Some(v) => Err(format!(
                "--{flag} must be more than 0 and at most 3600 seconds, got {v}"
            )),
        };
        if self.max_connections == Some(0) {
            return Err("--max-connections must be at least 1".into());
        }
        let given = [
            (
                &mut config.header_read_timeout,
                seconds("header-read-timeout", self.header_read_timeout)?,
            ),
            (
                &mut config.body_read_timeout,
                seconds("body-read-timeout", self.body_read_timeout)?,
            ),
            (
                &mut config.request_timeout,
                seconds("request-timeout", self.request_timeout)?,
            ),
            (
                &mut config.idle_timeout,
                seconds("idle-timeout", self.idle_timeout)?,
            ),
        ];
        for (slot, flag) in given {
            if flag.is_some() {
                *slot = flag;
            }
        }
        if self.max_connections.is_some() {
            config.max_connections = self.max_connections;
        }
        Ok(())
    }
}
