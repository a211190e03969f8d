//! The fake Chat space: a real HTTP server on 127.0.0.1 that behaves like the webhook endpoint.
