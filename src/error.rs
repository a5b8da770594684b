//! One error type for the whole application. It maps to a status code, a stable machine code
//! and a message in the user's language; internal details are logged, never shown.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::i18n::{Lang, tf};

/// A problem with one input field (and, for imports, one row).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// 1-based row of an imported file (the header is row 1).
    pub row: Option<usize>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, key: &'static str) -> Self {
        FieldError {
            field: field.into(),
            key,
            args: vec![],
            row: None,
        }
    }
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    pub fn message(&self, lang: Lang) -> String {
        tf(lang, self.key, &self.args)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {key}")]
    BadRequest {
        key: &'static str,
        args: Vec<(&'static str, String)>,
    },
    #[error("login required")]
    Unauthorized,
    #[error("wrong login name or password")]
    BadCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("forbidden")]
    Forbidden,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("CSRF check failed")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// `code` tells conflicts apart in the API (`stale`, `closed`, `submitted` …).
    #[error("conflict: {key}")]
    Conflict {
        code: &'static str,
        key: &'static str,
        args: Vec<(&'static str, String)>,
    },
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: i64 },
    #[error("payload too large")]
    TooLarge,
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    pub fn bad_request(key: &'static str) -> Self {
        AppError::BadRequest { key, args: vec![] }
    }
    pub fn conflict(code: &'static str, key: &'static str) -> Self {
        AppError::Conflict {
            code,
            key,
            args: vec![],
        }
    }
    pub fn field(field: &str, key: &'static str) -> Self {
        AppError::Validation(vec![FieldError::new(field, key)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::AccountDisabled => StatusCode::FORBIDDEN,
            AppError::Forbidden | AppError::PasswordChangeRequired | AppError::Csrf => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code of the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { .. } => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::BadCredentials => "bad_credentials",
            AppError::AccountDisabled => "account_disabled",
            AppError::Forbidden => "forbidden",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::Csrf => "csrf",
            AppError::NotFound => "not_found",
            AppError::Conflict { code, .. } => code,
            AppError::Validation(_) => "validation",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::TooLarge => "payload_too_large",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::BadRequest { key, args } | AppError::Conflict { key, args, .. } => {
                tf(lang, key, args)
            }
            AppError::Validation(errs) if errs.len() == 1 => errs[0].message(lang),
            AppError::Validation(_) => tf(lang, "error.validation", &[]),
            AppError::TooManyRequests { retry_after_secs } => tf(
                lang,
                "auth.throttled",
                &[("minutes", minutes_ceil(*retry_after_secs).to_string())],
            ),
            other => tf(lang, &format!("error.{}", other.code()), &[]),
        }
    }
}

fn minutes_ceil(secs: i64) -> i64 {
    (secs.max(1) + 59) / 60
}

/// Carried in the response's extensions; `web::errors` turns it into a JSON body or an HTML
/// page in the request's language.
#[derive(Clone, Debug)]
pub struct ErrorReport(pub Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = format!("{e:#}"), "internal error");
        }
        let mut res = self.status().into_response();
        if let AppError::TooManyRequests { retry_after_secs } = &self
            && let Ok(v) = retry_after_secs.max(&1).to_string().parse()
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(ErrorReport(Arc::new(self)));
        res
    }
}
