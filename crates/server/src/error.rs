//! One error type for every handler, and the one table mapping it to an HTTP
//! status and a stable `code`. The API renders it as JSON `{message, code}`;
//! pages render the same mapping as HTML (see `pages::PageError`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use storyline_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("missing or wrong bearer token")]
    Unauthorized,
    #[error("too many requests; retry in a minute")]
    RateLimited,
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("request body exceeds {0} bytes")]
    TooLarge(usize),
    #[error("the request took longer than {0} ms; try a narrower query")]
    Timeout(u128),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The table: status and stable machine-readable code of each error.
    pub fn status_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::Timeout(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            ApiError::Store(StoreError::Missing(_)) => (StatusCode::SERVICE_UNAVAILABLE, "database_missing"),
            ApiError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "database"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

#[derive(serde::Serialize)]
struct ErrorBody<'a> {
    message: String,
    code: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut res = (status, Json(ErrorBody { message: self.to_string(), code })).into_response();
        if matches!(self, ApiError::Unauthorized) {
            res.headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        res
    }
}
