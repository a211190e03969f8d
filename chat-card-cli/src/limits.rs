//! The serving limits of the servers the CLI runs (`relay`), as flags.

use std::time::Duration;

use chat_card::serve::ServeLimits;

/// Timeouts and the connection cap of a server (`chat_card::serve::ServeLimits`).
#[derive(clap::Args, Clone, Debug)]
pub struct ServeArgs {
    /// Seconds a client has to send a request's line and headers (also how long an idle
    /// keep-alive connection stays open).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    header_read_timeout: f64,
    /// Seconds a request body may stall between two chunks.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    body_read_timeout: f64,
    /// Seconds a request may take in all (raised to --wait plus 5 s when shorter); then
    /// it is answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    request_timeout: f64,
    /// Seconds a connection may stay open with no request in flight and no byte moving.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    idle_timeout: f64,
    /// Connections served at once; one more is answered 503 with Retry-After and closed.
    #[arg(long, value_name = "N", default_value_t = 512)]
    max_connections: usize,
}

impl ServeArgs {
    /// The limits, or what is wrong with a flag.
    pub fn limits(&self) -> Result<ServeLimits, String> {
        let seconds = |flag: &str, value: f64| {
            if value.is_finite() && value > 0.0 && value <= 3600.0 {
                Ok(Duration::from_secs_f64(value))
            } else {
                Err(format!(
                    "--{flag} must be more than 0 and at most 3600 seconds, got {value}"
                ))
            }
        };
        if self.max_connections == 0 {
            return Err("--max-connections must be at least 1".into());
        }
        Ok(ServeLimits {
            header_read_timeout: seconds("header-read-timeout", self.header_read_timeout)?,
            body_read_timeout: seconds("body-read-timeout", self.body_read_timeout)?,
            request_timeout: seconds("request-timeout", self.request_timeout)?,
            idle_timeout: seconds("idle-timeout", self.idle_timeout)?,
            max_connections: self.max_connections,
        })
    }
}
