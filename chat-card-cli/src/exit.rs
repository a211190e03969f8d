//! The exit codes every sending command shares, and the one way to report a failure.

/// Exit code: a message, name, file, option, key or URL is invalid (nothing was sent).
pub const EXIT_INVALID: u8 = 2;
/// Exit code: Chat (or the token endpoint) refused permanently (4xx other than 429).
pub const EXIT_REJECTED: u8 = 3;
/// Exit code: not done after retries (rate limited, unavailable, timeout, network).
pub const EXIT_NOT_DELIVERED: u8 = 4;

/// Prints an error and returns its exit code.
pub fn fail(code: u8, message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    code
}
