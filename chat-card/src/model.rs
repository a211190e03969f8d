//! The typed serde model of a Chat message.
