//! Turns errors into what the client understands: a JSON body on /api, a page (or a redirect
//! to the login or password page) elsewhere, in the request's language.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::ctx::RequestInfo;
use super::pages::{Base, ErrorPage};
use crate::error::{AppError, ErrorReport};
use crate::i18n::Lang;

pub async fn layer(req: Request, next: Next) -> Response {
    let info = req.extensions().get::<RequestInfo>().cloned();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let is_get = req.method() == axum::http::Method::GET;
    let res = next.run(req).await;
    let report = res.extensions().get::<ErrorReport>().cloned();
    let status = res.status();
    if report.is_none() && !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_api = path.starts_with("/api/");
    // Errors made by axum itself (unknown method, bad JSON, body too large) carry no report.
    let err: std::sync::Arc<AppError> = match report {
        Some(ErrorReport(e)) => e,
        // A handler's own page or JSON (a form shown again with its errors) stays as it is.
        None if is_json(&res) || is_html(&res) => return res,
        None => std::sync::Arc::new(from_status(status, res).await),
    };
    let lang = info.as_ref().map(|i| i.lang).unwrap_or_default();
    let retry = res_retry_after(&err);
    let mut out = if is_api {
        (err.status(), Json(body(&err, lang))).into_response()
    } else {
        match &*err {
            AppError::Unauthorized => {
                let next = if is_get {
                    match &query {
                        Some(q) => format!("{path}?{q}"),
                        None => path.clone(),
                    }
                } else {
                    "/".into()
                };
                let to = format!(
                    "/login?next={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return Redirect::to(&to).into_response();
            }
            AppError::PasswordChangeRequired => {
                return Redirect::to("/account/password").into_response();
            }
            _ => {
                let Some(info) = info else {
                    return (err.status(), err.message(lang)).into_response();
                };
                let page = ErrorPage {
                    b: Base::new(&info, "error.title"),
                    status: err.status().as_u16(),
                    message: err.message(lang),
                    fields: match &*err {
                        AppError::Validation(f) if f.len() > 1 => {
                            f.iter().map(|f| f.message(lang)).collect()
                        }
                        _ => vec![],
                    },
                };
                (err.status(), page).into_response()
            }
        }
    };
    if let Some(r) = retry {
        out.headers_mut().insert(header::RETRY_AFTER, r);
    }
    out
}

fn res_retry_after(err: &AppError) -> Option<axum::http::HeaderValue> {
    match err {
        AppError::TooManyRequests { retry_after_secs } => {
            retry_after_secs.max(&1).to_string().parse().ok()
        }
        _ => None,
    }
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

async fn from_status(status: StatusCode, res: Response) -> AppError {
    match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => AppError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        StatusCode::UNAUTHORIZED => AppError::Unauthorized,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        s if s.is_client_error() => {
            // axum's extractor rejections explain themselves in plain text.
            let text = axum::body::to_bytes(res.into_body(), 4096)
                .await
                .unwrap_or_default();
            AppError::BadRequest {
                key: "error.bad_input",
                args: vec![(
                    "detail",
                    String::from_utf8_lossy(&text).chars().take(300).collect(),
                )],
            }
        }
        _ => AppError::Internal(anyhow::anyhow!("status {status}")),
    }
}

/// `{"error": {"code", "message", "fields": [{"field", "row", "message"}]}}`
pub fn body(err: &AppError, lang: Lang) -> serde_json::Value {
    let mut e = json!({ "code": err.code(), "message": err.message(lang) });
    if let AppError::Validation(fields) = err {
        e["fields"] = fields
            .iter()
            .map(|f| json!({ "field": f.field, "row": f.row, "code": f.key, "message": f.message(lang) }))
            .collect();
    }
    if let AppError::TooManyRequests { retry_after_secs } = err {
        e["retry_after_secs"] = json!(retry_after_secs);
    }
    json!({ "error": e })
}
