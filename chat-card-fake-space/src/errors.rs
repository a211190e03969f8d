//! The error answers the fake space sends as Chat words them: the typical answer of each
//! HTTP status (for injected faults), the token refusal and the quota refusal. They are
//! built with the crate's one error-answer type.

/// An error answer the fake sends.
pub(crate) use chat_card::google_status::ErrorAnswer as GoogleError;

/// A typical answer for an HTTP status (used by injected faults).
pub(crate) fn canned(http: u16) -> GoogleError {
    match http {
        400 => GoogleError::new(
            400,
            "INVALID_ARGUMENT",
            "Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field.",
        )
        .field_violations(&[(
            "message".into(),
            "Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field."
                .into(),
        )]),
        401 => GoogleError::new(
            401,
            "UNAUTHENTICATED",
            "Request is missing required authentication credential.",
        ),
        403 => token_denied(),
        404 => GoogleError::new(404, "NOT_FOUND", "Requested entity was not found."),
        408 => GoogleError::new(408, "DEADLINE_EXCEEDED", "Request timed out."),
        409 => GoogleError::new(409, "ALREADY_EXISTS", "Requested entity already exists."),
        429 => quota_exhausted(),
        500 => GoogleError::new(500, "INTERNAL", "Internal error encountered."),
        501 => GoogleError::new(501, "UNIMPLEMENTED", "Operation is not implemented."),
        503 => GoogleError::new(503, "UNAVAILABLE", "The service is currently unavailable."),
        504 => GoogleError::new(504, "DEADLINE_EXCEEDED", "The deadline expired."),
        other => GoogleError::new(other, "UNKNOWN", "Unknown error."),
    }
}

/// 403 for a wrong or missing token, as Chat words it.
pub(crate) fn token_denied() -> GoogleError {
    GoogleError::new(
        403,
        "PERMISSION_DENIED",
        "The API is called without a valid token. Instructions on how to use incoming webhooks \
         can be found at https://developers.google.com/chat/how-tos/webhooks",
    )
}

/// 429 for the per-space quota.
pub(crate) fn quota_exhausted() -> GoogleError {
    GoogleError::new(
        429,
        "RESOURCE_EXHAUSTED",
        "Resource has been exhausted (e.g. check quota). This space accepts one request per second.",
    )
    .reason("RATE_LIMIT_EXCEEDED")
}
