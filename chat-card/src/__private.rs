//! Runtime support for the code `card!` expands to. Not a public API.
