//! Generated scenes on the web: their pictures (any instance renders any seed, nothing stored)
//! and the gallery where center staff see what trainees will get, with the gold drawn in.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::Base;
use crate::app::App;
use crate::curriculum::Level;
use crate::error::{AppError, AppResult};
use crate::scenes::{self, SceneKind};
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/scenes/gallery", get(gallery))
        .route("/scenes/{kind}/{level}/{file}", get(picture))
}

/// What a scene URL asks for: `<seed>.svg`, `<seed>.png`, the task without its gold
/// `<seed>.json`, or the gold overlay `<seed>.gold.svg` (staff only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
    Json,
    GoldSvg,
}

fn parse_file(file: &str) -> Option<(u64, Format)> {
    let (seed, format) = if let Some(s) = file.strip_suffix(".gold.svg") {
        (s, Format::GoldSvg)
    } else if let Some(s) = file.strip_suffix(".svg") {
        (s, Format::Svg)
    } else if let Some(s) = file.strip_suffix(".json") {
        (s, Format::Json)
    } else {
        (file.strip_suffix(".png")?, Format::Png)
    };
    // Digits only: "+1" or "01" would be a second URL of the same picture.
    if seed.is_empty()
        || !seed.bytes().all(|b| b.is_ascii_digit())
        || (seed.len() > 1 && seed.starts_with('0'))
    {
        return None;
    }
    Some((seed.parse().ok()?, format))
}

/// `GET /scenes/{kind}/{level}/{seed}.svg|.png|.json`: the picture of a scene, or its task
/// without the gold (every kind, text too), for signed-in users.
/// A seed always draws the same picture (until the generator version, in the ETag and in the
/// `?v=` of the URLs we hand out, changes), so it is cached for a year.
async fn picture(
    Auth(actor, _): Auth,
    Path((kind, level, file)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let kind = SceneKind::parse(&kind).ok_or(AppError::NotFound)?;
    let level = Level::parse(&level).ok_or(AppError::NotFound)?;
    let (seed, format) = parse_file(&file).ok_or(AppError::NotFound)?;
    if !kind.is_image() && format != Format::Json {
        return Err(AppError::NotFound);
    }
    if format == Format::GoldSvg {
        // The gold is the answer: trainees never see it before submitting.
        actor.managed_center()?;
    }
    let etag = format!("\"{kind}-{}-{level}-{seed}-{format:?}\"", kind.version());
    let cache = if format == Format::GoldSvg {
        "private, no-store"
    } else {
        "private, max-age=31536000, immutable"
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
        )
            .into_response());
    }
    // Generating takes milliseconds and a PNG tens of them: off the async workers.
    let (mime, body) = tokio::task::spawn_blocking(move || -> AppResult<(&str, Vec<u8>)> {
        let s = scenes::generate(kind, level, seed);
        let internal = |e: scenes::SceneError| AppError::Internal(anyhow::anyhow!(e));
        Ok(match format {
            Format::Svg => (
                "image/svg+xml",
                s.svg().ok_or(AppError::NotFound)?.into_bytes(),
            ),
            Format::Json => (
                "application/json",
                s.practice_task().to_string().into_bytes(),
            ),
            Format::GoldSvg => (
                "image/svg+xml",
                scenes::overlay_svg(&s)
                    .ok_or(AppError::NotFound)?
                    .into_bytes(),
            ),
            Format::Png => (
                "image/png",
                scenes::render_png(&s.svg().ok_or(AppError::NotFound)?).map_err(internal)?,
            ),
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CACHE_CONTROL, cache.to_string()),
            (header::ETAG, etag),
        ],
        body,
    )
        .into_response())
}

/// One example of a kind at a level, as the gallery shows it.
pub struct Example {
    pub level: Level,
    pub level_name: String,
    pub seed: u64,
    pub objects: usize,
    /// Image kinds: the overlay URL and the picture's size.
    pub overlay_url: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Text: the sentence cut into (text, label) pieces, the label empty outside entities.
    pub pieces: Vec<(String, String)>,
    pub spec: String,
}

pub struct KindRow {
    pub kind: &'static str,
    pub name: String,
    pub task_kind: &'static str,
    pub examples: Vec<Example>,
}

#[derive(Template, WebTemplate)]
#[template(path = "scenes/gallery.html")]
struct GalleryPage {
    b: Base,
    rows: Vec<KindRow>,
    seed: u64,
    next_seed: u64,
    prev_seed: Option<u64>,
}

#[derive(Deserialize)]
struct GalleryQuery {
    #[serde(default)]
    seed: Option<u64>,
}

/// Cuts a text into pieces along non-overlapping gold spans (character offsets).
fn pieces(text: &str, gold: &serde_json::Value) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, String)> = gold
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            Some((
                g.get("start")?.as_u64()? as usize,
                g.get("end")?.as_u64()? as usize,
                g.get("label")?.as_str()?.to_string(),
            ))
        })
        .filter(|(s, e, _)| s < e && *e <= chars.len())
        .collect();
    spans.sort();
    let mut out = vec![];
    let mut at = 0;
    for (s, e, label) in spans {
        if s < at {
            continue;
        }
        if s > at {
            out.push((chars[at..s].iter().collect(), String::new()));
        }
        out.push((chars[s..e].iter().collect(), label));
        at = e;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), String::new()));
    }
    out
}

/// `GET /scenes/gallery`: every kind at every level for one seed, the gold drawn in; for center
/// staff (the gold is the answer).
async fn gallery(Auth(actor, info): Auth, Query(q): Query<GalleryQuery>) -> AppResult<GalleryPage> {
    actor.managed_center()?;
    let seed = q.seed.unwrap_or(1).min(1 << 53);
    let tr = info.tr();
    let rows = tokio::task::spawn_blocking({
        move || {
            SceneKind::ALL
                .iter()
                .map(|&kind| KindRow {
                    kind: kind.as_str(),
                    name: tr.t(&format!("scenes.kind.{kind}")).to_string(),
                    task_kind: kind.task_kind(),
                    examples: Level::ALL
                        .into_iter()
                        .map(|level| {
                            let s = scenes::generate(kind, level, seed);
                            let gold = s.gold();
                            let (width, height) = s.size().unwrap_or((0, 0));
                            Example {
                                level,
                                level_name: super::level_name(&tr, level.get()),
                                seed,
                                objects: gold.as_array().map_or(0, Vec::len),
                                overlay_url: kind.is_image().then(|| {
                                    format!(
                                        "/scenes/{kind}/{level}/{seed}.gold.svg?v={}",
                                        kind.version()
                                    )
                                }),
                                width,
                                height,
                                pieces: s.text().map(|t| pieces(t, &gold)).unwrap_or_default(),
                                spec: s.spec().to_string(),
                            }
                        })
                        .collect(),
                })
                .collect::<Vec<_>>()
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(GalleryPage {
        b: Base::new(&info, "scenes.gallery"),
        rows,
        seed,
        next_seed: seed + 1,
        prev_seed: seed.checked_sub(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_file_names() {
        assert_eq!(parse_file("42.svg"), Some((42, Format::Svg)));
        assert_eq!(parse_file("0.png"), Some((0, Format::Png)));
        assert_eq!(parse_file("7.gold.svg"), Some((7, Format::GoldSvg)));
        assert_eq!(parse_file("7.json"), Some((7, Format::Json)));
        for bad in [
            "",
            ".svg",
            "042.svg",
            "+1.svg",
            "1.jpg",
            "1.gold.png",
            "18446744073709551616.svg",
            "a.svg",
        ] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_pieces_follow_the_spans() {
        let gold = serde_json::json!([{"start": 0, "end": 2, "label": "PER"}, {"start": 3, "end": 5, "label": "LOC"}]);
        let p = pieces("张伟在北京工作", &gold);
        let flat: Vec<(&str, &str)> = p.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            flat,
            [("张伟", "PER"), ("在", ""), ("北京", "LOC"), ("工作", "")]
        );
    }
}
