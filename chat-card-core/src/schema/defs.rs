//! The tables themselves.
