//! One error type for every handler, one `IntoResponse` for every status, and the
//! request-body extractor that reports what does not deserialise in the same shape as
//! `validate()`: `{"error": "invalid", "fields": {"email": [{"code": …}]}}`.

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use blog::schema::CONSTRAINTS;
use sleet::validate::{Code, Violation};
use sleet::ValidationErrors;

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// 422: the body breaks the schema's rules (found here, or by the database).
    Invalid(ValidationErrors),
    /// 409: a unique value is taken, or a row is still referenced.
    Conflict(ValidationErrors),
    /// 404.
    NotFound,
    /// 400: not JSON, or a malformed query string.
    BadRequest(String),
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 503: no connection came free in time, or the database cannot be reached.
    Unavailable,
    /// 500: logged, never shown.
    Internal,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        use sleet::types::serde_json::json;
        let (status, body) = match self {
            ApiError::Invalid(fields) => {
                (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": "invalid", "fields": fields}))
            }
            ApiError::Conflict(fields) => (StatusCode::CONFLICT, json!({"error": "conflict", "fields": fields})),
            ApiError::NotFound => (StatusCode::NOT_FOUND, json!({"error": "not found"})),
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, json!({"error": message})),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, json!({"error": "send the body as application/json"}))
            }
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, json!({"error": "try again"})),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "internal error"})),
        };
        (status, axum::Json(body)).into_response()
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Invalid(errors)
    }
}

impl From<sleet::Error> for ApiError {
    /// The database's check, unique, foreign-key and NOT NULL violations by field,
    /// through the generated `CONSTRAINTS`; anything else is logged and hidden.
    fn from(error: sleet::Error) -> Self {
        match ValidationErrors::from_database(&error, CONSTRAINTS) {
            Some(fields) => {
                let conflict =
                    fields.fields().flat_map(|(_, v)| v).any(|v| matches!(v.code, Code::Unique | Code::Referenced));
                if conflict {
                    ApiError::Conflict(fields)
                } else {
                    ApiError::Invalid(fields)
                }
            }
            None => {
                tracing::error!(%error, "database error");
                ApiError::Internal
            }
        }
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        tracing::error!(%error, "no connection");
        match error {
            deadpool_postgres::PoolError::Timeout(_) | deadpool_postgres::PoolError::Backend(_) => {
                ApiError::Unavailable
            }
            _ => ApiError::Internal,
        }
    }
}

/// A JSON request body. What does not deserialise is a 422 keyed by the field it is
/// about (a missing field, a string for a number, a label the enum lacks, a field the
/// struct does not have); what is not JSON at all is a 400.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim() == "application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType.into_response());
        }
        // Over axum's body limit (2 MiB) this is a 413, as axum has it.
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let mut deserializer = sleet::types::serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| body_error(&e).into_response())?;
        deserializer.end().map_err(|e| ApiError::BadRequest(format!("not JSON: {e}")).into_response())?;
        Ok(Body(value))
    }
}

fn body_error(error: &serde_path_to_error::Error<sleet::types::serde_json::Error>) -> ApiError {
    let inner = error.inner();
    if !inner.is_data() {
        return ApiError::BadRequest(format!("not JSON: {inner}"));
    }
    let message = inner.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    let quoted = || message.split('`').nth(1).unwrap_or_default().to_string();
    let path = error.path().to_string();
    let (field, code) = if message.starts_with("missing field") {
        (quoted(), Code::Required)
    } else if message.starts_with("unknown field") {
        (quoted(), Code::Custom("unknown_field"))
    } else {
        (path, Code::InvalidType)
    };
    let mut errors = ValidationErrors::new();
    errors.add(field, Violation::new(code, message, ""));
    ApiError::Invalid(errors)
}
