//! Posting messages to a Google Chat incoming webhook.
