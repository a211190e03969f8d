//! A JSON reader that keeps the byte offset of every value and key, for error positions.
