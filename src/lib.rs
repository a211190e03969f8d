//! Examples, UI tests, integration tests and benchmarks of the chat-card workspace live
//! in this package; it has no API of its own.

/// The README's code blocks, compiled as doctests so the README cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
