//! What several chat-card crates' tests share, so that no test reaches into another
//! crate's files:
//! - [`redis`]: a real `redis-server` (Debian package) on a free loopback port, one per
//!   test, and a three-node Redis Cluster;
//! - [`preview`]: the preview's fixtures and a scanner that checks a page is inert.
//!
//! A test whose server is missing fails under CI (`CI=true`) and prints `SKIPPED`
//! elsewhere.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod preview;
pub mod redis;
