//! What several chat-card crates' tests share, so that no test reaches into another
//! crate's files:
//! - [`redis`]: a real `redis-server` (Debian package) on a free loopback port, one per
//!   test, and a three-node Redis Cluster;
//! - [`preview`]: the preview's fixtures and a scanner that checks a page is inert;
//! - [`alertmanager`]: a real Alertmanager (Debian's `prometheus-alertmanager`) on free
//!   loopback ports, without clustering, notifying a webhook.
//!
//! A test whose server is missing fails under CI (`CI=true`). Elsewhere it shows as
//! ignored, with the reason, when it is wrapped in [`needs_redis!`], [`needs_chromium!`]
//! or [`needs_alertmanager!`]: the build script looks for the programs on `PATH`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod alertmanager;
pub mod preview;
pub mod redis;

/// Marks the test functions inside as needing `redis-server`: where it is missing (and
/// not under CI), they are `#[ignore]`d with the reason, so `cargo test` shows them as
/// ignored rather than passed.
#[cfg(not(missing_redis_server))]
#[macro_export]
macro_rules! needs_redis {
    ($($item:tt)*) => { $($item)* };
}

/// Marks the test functions inside as needing `redis-server`: where it is missing (and
/// not under CI), they are `#[ignore]`d with the reason, so `cargo test` shows them as
/// ignored rather than passed.
#[cfg(missing_redis_server)]
#[macro_export]
macro_rules! needs_redis {
    ($(#[$attr:meta])* async fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "redis-server is not installed (apt-get install redis-server)"]
        async fn $($rest)*
    };
    ($(#[$attr:meta])* fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "redis-server is not installed (apt-get install redis-server)"]
        fn $($rest)*
    };
}

/// Marks the test functions inside as needing Chromium: where it is missing (and not
/// under CI), they are `#[ignore]`d with the reason.
#[cfg(not(missing_chromium))]
#[macro_export]
macro_rules! needs_chromium {
    ($($item:tt)*) => { $($item)* };
}

/// Marks the test functions inside as needing Chromium: where it is missing (and not
/// under CI), they are `#[ignore]`d with the reason.
#[cfg(missing_chromium)]
#[macro_export]
macro_rules! needs_chromium {
    ($(#[$attr:meta])* async fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "Chromium is not installed (apt-get install chromium)"]
        async fn $($rest)*
    };
    ($(#[$attr:meta])* fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "Chromium is not installed (apt-get install chromium)"]
        fn $($rest)*
    };
}

/// Marks the test functions inside as needing Alertmanager (`prometheus-alertmanager`):
/// where it is missing (and not under CI), they are `#[ignore]`d with the reason.
#[cfg(not(missing_alertmanager))]
#[macro_export]
macro_rules! needs_alertmanager {
    ($($item:tt)*) => { $($item)* };
}

/// Marks the test functions inside as needing Alertmanager (`prometheus-alertmanager`):
/// where it is missing (and not under CI), they are `#[ignore]`d with the reason.
#[cfg(missing_alertmanager)]
#[macro_export]
macro_rules! needs_alertmanager {
    ($(#[$attr:meta])* async fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "Alertmanager is not installed (apt-get install prometheus-alertmanager)"]
        async fn $($rest)*
    };
    ($(#[$attr:meta])* fn $($rest:tt)*) => {
        $(#[$attr])*
        #[ignore = "Alertmanager is not installed (apt-get install prometheus-alertmanager)"]
        fn $($rest)*
    };
}

/// The path of an example binary of the package under test (`cargo test` builds the
/// examples beside the test binaries: `target/<profile>/examples/<name>`).
pub fn example_path(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary has a path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary lives in target/<profile>/deps");
    profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}
