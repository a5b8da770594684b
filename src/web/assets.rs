//! Static files (CSS, JS, images), embedded in the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::app::App;

#[derive(rust_embed::RustEmbed)]
#[folder = "static/"]
struct Static;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/static/{*path}", get(serve))
        .route("/bank-assets/{*path}", get(bank_asset))
        .route("/center-assets/{center}/{*path}", get(center_asset))
}

/// Media the banks' items show. Only these types: the bank files themselves hold the gold.
const MEDIA: &[&str] = &[
    "svg", "png", "jpg", "jpeg", "webp", "ogg", "oga", "wav", "mp3", "m4a", "opus",
];

/// An image or recording of a shipped bank item, for signed-in users, with byte ranges so
/// that the audio player can seek.
async fn bank_asset(
    _auth: crate::web::ctx::Auth,
    Path(path): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let file = match crate::app::bank::Shipped::get(&path) {
        Some(f) if MEDIA.contains(&ext.as_str()) && !path.contains("..") => f,
        _ => return crate::error::AppError::NotFound.into_response(),
    };
    media(&path, file.data.into_owned(), &headers)
}

/// An image or recording of a center's own bank, for that center's users only.
async fn center_asset(
    axum::extract::State(app): axum::extract::State<App>,
    crate::web::ctx::Auth(actor, _): crate::web::ctx::Auth,
    Path((center, path)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if !MEDIA.contains(&ext.as_str()) || path.contains("..") {
        return crate::error::AppError::NotFound.into_response();
    }
    match crate::app::bank::center_asset(&app, &actor, &center, &path).await {
        Ok((_, data)) => {
            let mut r = media(&path, data, &headers);
            // Uploaded by a center: an SVG opened on its own must not run script in our origin.
            r.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                axum::http::HeaderValue::from_static(
                    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
                ),
            );
            r
        }
        Err(e) => e.into_response(),
    }
}

/// A media file with its type, private caching and byte ranges (the audio player seeks).
fn media(path: &str, data: Vec<u8>, headers: &axum::http::HeaderMap) -> Response {
    let mime = mime_guess::from_path(path)
        .first_or_octet_stream()
        .to_string();
    let len = data.len();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, len));
    let common = [
        (header::CONTENT_TYPE, mime),
        (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        (header::ACCEPT_RANGES, "bytes".to_string()),
    ];
    match range {
        Some((start, end)) => (
            StatusCode::PARTIAL_CONTENT,
            common,
            [(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))],
            data[start..=end].to_vec(),
        )
            .into_response(),
        None if headers.contains_key(header::RANGE) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{len}"))],
        )
            .into_response(),
        None => (common, data).into_response(),
    }
}

/// The one range of a `Range: bytes=a-b` header (also `a-` and `-n`), inclusive, if satisfiable.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: usize = n.parse().ok()?;
            (len.checked_sub(n.min(len))?, len - 1)
        }
        (a, "") => (a.parse().ok()?, len - 1),
        (a, b) => (a.parse().ok()?, b.parse::<usize>().ok()?.min(len - 1)),
    };
    (start <= end && end < len).then_some((start, end))
}

/// A hash of every static file: pages link `/static/v-<hash>/…`, so a new binary's files get
/// new URLs and browsers may keep each version for a year. An upgrade can then never mix the
/// old and new JavaScript modules of the workbench in one page.
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut names: Vec<String> = Static::iter().map(|n| n.into_owned()).collect();
        names.sort();
        let mut h = Sha256::new();
        for n in &names {
            h.update(n.as_bytes());
            h.update([0]);
            if let Some(f) = Static::get(n) {
                h.update(f.metadata.sha256_hash());
            }
        }
        hex::encode(&h.finalize()[..6])
    })
}

/// The versioned URL of a static file (`css/app.css` → `/static/v-1a2b3c4d5e6f/css/app.css`).
pub fn static_url(path: &str) -> String {
    format!("/static/v-{}/{path}", version())
}

async fn serve(Path(path): Path<String>) -> Response {
    // `v-<hash>/…`: immutable when the hash is this binary's; an older page asking for its own
    // version gets today's file, uncached (the old one is not in this binary).
    let (path, cache) = match path.strip_prefix("v-").and_then(|p| p.split_once('/')) {
        Some((v, rest)) if v == version() => {
            (rest.to_string(), "public, max-age=31536000, immutable")
        }
        Some((_, rest)) => (rest.to_string(), "no-cache"),
        None => (path, "public, max-age=3600"),
    };
    match Static::get(&path) {
        Some(file) => {
            let mime = mime_guess::from_path(&path).first_or_octet_stream();
            (
                [
                    (header::CONTENT_TYPE, mime.to_string()),
                    (header::CACHE_CONTROL, cache.to_string()),
                ],
                file.data.into_owned(),
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn byte_ranges() {
        use super::byte_range;
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=990-2000", 1000), Some((990, 999)));
        assert_eq!(byte_range("bytes=1000-", 1000), None);
        assert_eq!(byte_range("bytes=5-1", 1000), None);
        assert_eq!(byte_range("bytes=0-1,5-6", 1000), None);
        assert_eq!(byte_range("items=0-1", 1000), None);
    }
}
