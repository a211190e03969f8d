//! Examples and integration tests of the chat-card workspace live in this package.
