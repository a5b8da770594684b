//! Certificate pages: "my certificates", the certificate itself (printable, with its QR code and
//! credential download), a center's list and export; and the public ones, without login:
//! verification by number (the QR target), bulk verification, the issuer's DID document and the
//! status list.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Base;
use crate::app::{App, certificates};
use crate::certify::certificate::{Certificate, Verdict};
use crate::certify::number;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::web::ctx::{Auth, Ctx, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/certificates", get(mine))
        .route("/certificates/{id}", get(show))
        .route("/certificates/{id}/credential.json", get(credential_json))
        .route("/certificates/{id}/revoke", post(revoke))
        .route("/certificates/{id}/reissue", post(reissue))
        .route("/center/certificates", get(center_list))
        .route("/center/certificates/export/{format}", get(export))
        .route("/verify", get(verify_form))
        .route("/verify/{number}", get(verify_number))
        .route("/.well-known/did.json", get(did_json))
        .route(crate::certify::badge::STATUS_LIST_PATH, get(status_list))
        .merge(
            Router::new()
                .route("/verify/bulk", get(bulk_form).post(bulk))
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
}

/// A certificate as the pages show it.
pub struct CertView {
    pub id: String,
    pub number: String,
    pub compact: String,
    pub holder: String,
    pub id_last4: String,
    pub level: String,
    pub job: String,
    pub center: String,
    pub issued_at: i64,
    pub scores: Vec<(&'static str, String)>,
    pub revoked: Option<(i64, String)>,
    pub superseded: bool,
}

fn view(tr: &Tr, c: &Certificate) -> CertView {
    CertView {
        id: c.id.clone(),
        number: number::display(&c.number),
        compact: c.number.clone(),
        holder: c.holder_name.clone(),
        id_last4: c.id_last4.clone().unwrap_or_default(),
        level: super::level_name(tr, c.level.get()),
        job: crate::app::exams::job_label(tr.lang, &c.job_type),
        center: c.center_name.clone(),
        issued_at: c.issued_at,
        scores: c
            .scores
            .iter()
            .map(|(k, s)| (super::component_name(tr, *k), format!("{s:.1}")))
            .collect(),
        revoked: c.revoked.as_ref().map(|r| (r.at, r.reason.clone())),
        superseded: c.supersedes.is_some(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "certificates/mine.html")]
pub struct MinePage {
    b: Base,
    certs: Vec<CertView>,
}

async fn mine(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<MinePage> {
    let tr = info.tr();
    Ok(MinePage {
        b: Base::new(&info, "cert.mine_title"),
        certs: certificates::mine(&app, &actor)
            .await?
            .iter()
            .map(|c| view(&tr, c))
            .collect(),
    })
}

/// The QR code (SVG) of a URL: black modules on white, sized for print.
fn qr_svg(url: &str) -> String {
    qrcode::QrCode::new(url.as_bytes())
        .map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(132, 132)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

fn verify_url(app: &App, compact: &str) -> String {
    format!(
        "{}/verify/{compact}",
        app.config.public_url.trim_end_matches('/')
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "certificates/show.html")]
pub struct ShowPage {
    b: Base,
    c: CertView,
    qr: String,
    verify_url: String,
    occupation: String,
    manager: bool,
}

async fn show(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<ShowPage> {
    let tr = info.tr();
    let c = certificates::get(&app, &actor, &id).await?;
    let url = verify_url(&app, &c.number);
    let manager = matches!(
        actor.role(),
        crate::accounts::Role::CenterAdmin | crate::accounts::Role::PlatformAdmin
    );
    let cur = crate::curriculum::shipped();
    Ok(ShowPage {
        b: Base::new(&info, "cert.title").crumb(
            tr.t(if manager {
                "cert.center_title"
            } else {
                "cert.mine_title"
            }),
            if manager {
                "/center/certificates"
            } else {
                "/certificates"
            },
        ),
        qr: qr_svg(&url),
        verify_url: url,
        occupation: if tr.is_zh() {
            cur.occupation.name.clone()
        } else {
            cur.occupation.name_en.clone()
        },
        c: view(&tr, &c),
        manager,
    })
}

async fn credential_json(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let c = certificates::get(&app, &actor, &id).await?;
    let body = serde_json::to_vec_pretty(&c.credential.ok_or(AppError::NotFound)?)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(super::people::attachment(
        &format!("{}.json", number::display(&c.number)),
        "application/json",
        body,
    ))
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn revoke(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Form(f): Form<ReasonForm>,
) -> AppResult<Redirect> {
    certificates::revoke(&app, &actor, &id, &f.reason).await?;
    Ok(Redirect::to(&format!("/certificates/{id}")))
}

async fn reissue(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Form(f): Form<ReasonForm>,
) -> AppResult<Redirect> {
    let new = certificates::reissue(&app, &actor, &id, &f.reason).await?;
    Ok(Redirect::to(&format!("/certificates/{}", new.id)))
}

#[derive(Deserialize)]
pub struct CenterQuery {
    #[serde(default)]
    center: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "certificates/center.html")]
pub struct CenterPage {
    b: Base,
    certs: Vec<CertView>,
    query: String,
}

async fn center_list(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<CenterQuery>,
) -> AppResult<CenterPage> {
    let tr = info.tr();
    let certs = certificates::of_center(&app, &actor, q.center.as_deref()).await?;
    Ok(CenterPage {
        b: Base::new(&info, "cert.center_title"),
        certs: certs.iter().map(|c| view(&tr, c)).collect(),
        query: q
            .center
            .map(|c| {
                format!(
                    "?center={}",
                    form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
                )
            })
            .unwrap_or_default(),
    })
}

async fn export(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(format): Path<String>,
    Query(q): Query<CenterQuery>,
) -> AppResult<Response> {
    let tr = info.tr();
    let certs = certificates::of_center(&app, &actor, q.center.as_deref()).await?;
    let header: Vec<String> = [
        "cert.number",
        "person.real_name",
        "person.id_number",
        "exam.level",
        "exam.job_type",
        "cert.issued_at",
        "cert.scores",
        "common.status",
    ]
    .iter()
    .map(|k| tr.t(k).to_string())
    .collect();
    let rows: Vec<Vec<String>> = certs
        .iter()
        .map(|c| {
            let v = view(&tr, c);
            vec![
                v.number,
                v.holder,
                if v.id_last4.is_empty() {
                    String::new()
                } else {
                    format!("…{}", v.id_last4)
                },
                v.level,
                v.job,
                crate::clock::format_compact(v.issued_at, info.tz),
                v.scores
                    .iter()
                    .map(|(k, s)| format!("{k} {s}"))
                    .collect::<Vec<_>>()
                    .join("; "),
                match &v.revoked {
                    Some((_, r)) => format!("{}: {r}", tr.t("cert.revoked")),
                    None => tr.t("cert.valid").to_string(),
                },
            ]
        })
        .collect();
    super::people::table_file(tr.t("cert.center_title"), &format, header, rows)
}

// ─── Public ──────────────────────────────────────────────────────────────────────────────────

/// A verdict as the public pages show it.
pub struct VerdictView {
    pub status: &'static str,
    pub title: &'static str,
    pub tone: &'static str,
    pub number: String,
    pub holder: String,
    pub level: String,
    pub job: String,
    pub center: String,
    pub issued_at: i64,
    pub scores: Vec<(&'static str, String)>,
    pub revoked: Option<(i64, String)>,
}

fn verdict_view(tr: &Tr, v: &Verdict) -> VerdictView {
    let (status, tone) = match v {
        Verdict::Valid { .. } => ("valid", "ok"),
        Verdict::Revoked { .. } => ("revoked", "error"),
        Verdict::Typo => ("typo", "warn"),
        Verdict::NotFound => ("not_found", "muted"),
    };
    let mut out = VerdictView {
        status,
        title: tr.t(&format!("verify.result.{status}")),
        tone,
        number: String::new(),
        holder: String::new(),
        level: String::new(),
        job: String::new(),
        center: String::new(),
        issued_at: 0,
        scores: vec![],
        revoked: None,
    };
    let (Verdict::Valid { certificate: p } | Verdict::Revoked { certificate: p, .. }) = v else {
        return out;
    };
    out.number = p.number.clone();
    out.holder = p.holder.clone();
    out.level = super::level_name(tr, p.level.get());
    out.job = crate::app::exams::job_label(tr.lang, &p.job_type);
    out.center = p.center.clone();
    out.issued_at = p.issued_at;
    out.scores = p
        .scores
        .iter()
        .map(|(k, s)| (super::component_name(tr, *k), format!("{s:.1}")))
        .collect();
    if let Verdict::Revoked {
        revoked_at, reason, ..
    } = v
    {
        out.revoked = Some((*revoked_at, reason.clone()));
    }
    out
}

#[derive(Default, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    number: String,
    #[serde(default)]
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "certificates/verify.html")]
pub struct VerifyPage {
    b: Base,
    number: String,
    name: String,
    result: Option<VerdictView>,
}

async fn verify_page(
    app: &App,
    info: &RequestInfo,
    number: String,
    name: String,
) -> AppResult<VerifyPage> {
    let tr = info.tr();
    let number: String = number.chars().take(80).collect();
    let name: String = name.chars().take(50).collect();
    let result = if number.trim().is_empty() {
        None
    } else {
        let v = certificates::verify(app, &number, Some(name.as_str())).await?;
        Some(verdict_view(&tr, &v))
    };
    Ok(VerifyPage {
        b: Base::new(info, "verify.title"),
        number,
        name,
        result,
    })
}

async fn verify_form(
    State(app): State<App>,
    Ctx(info): Ctx,
    Query(q): Query<VerifyQuery>,
) -> AppResult<VerifyPage> {
    verify_page(&app, &info, q.number, q.name).await
}

/// The QR code's target: the verdict on the number in the URL.
async fn verify_number(
    State(app): State<App>,
    Ctx(info): Ctx,
    Path(n): Path<String>,
) -> AppResult<VerifyPage> {
    verify_page(&app, &info, n, String::new()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "certificates/bulk.html")]
pub struct BulkPage {
    b: Base,
    lines: Vec<(usize, String, VerdictView)>,
    counts: Vec<(&'static str, &'static str, usize)>,
    problems: Vec<String>,
    max: usize,
}

fn bulk_page(info: &RequestInfo) -> BulkPage {
    BulkPage {
        b: Base::new(info, "verify.bulk_title").crumb(info.tr().t("verify.title"), "/verify"),
        lines: vec![],
        counts: vec![],
        problems: vec![],
        max: certificates::MAX_BULK,
    }
}

async fn bulk_form(Ctx(info): Ctx) -> BulkPage {
    bulk_page(&info)
}

/// The bulk verdicts as a table (header, rows), for the CSV download.
pub fn bulk_table(tr: &Tr, lines: &[certificates::BulkLine]) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        "import.row",
        "cert.number",
        "verify.name",
        "verify.result_h",
        "verify.holder",
        "exam.level",
        "cert.issued_at",
        "verify.revoked_reason",
    ]
    .iter()
    .map(|k| tr.t(k).to_string())
    .collect();
    let rows = lines
        .iter()
        .map(|l| {
            let v = verdict_view(tr, &l.verdict);
            vec![
                l.row.to_string(),
                l.number.clone(),
                l.name.clone().unwrap_or_default(),
                v.title.to_string(),
                v.holder,
                v.level,
                if v.issued_at > 0 {
                    crate::certify::badge::rfc3339(v.issued_at)[..10].to_string()
                } else {
                    String::new()
                },
                v.revoked.map(|(_, r)| r).unwrap_or_default(),
            ]
        })
        .collect();
    (header, rows)
}

async fn bulk(State(app): State<App>, Ctx(info): Ctx, mut mp: Multipart) -> AppResult<Response> {
    let tr = info.tr();
    let mut file = None;
    let mut download = false;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("import.bad_upload"))?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("numbers.csv").to_string();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                file = Some((name, bytes.to_vec())).filter(|(_, b)| !b.is_empty());
            }
            Some("download") => download = true,
            _ => {}
        }
    }
    let mut page = bulk_page(&info);
    let Some((name, bytes)) = file else {
        page.problems.push(tr.t("import.no_file").to_string());
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    match certificates::verify_bulk(&app, &name, &bytes).await {
        Ok(lines) if download => {
            let (h, rows) = bulk_table(&tr, &lines);
            Ok(super::people::attachment(
                &format!("{}.csv", tr.t("verify.bulk_title")),
                "text/csv; charset=utf-8",
                crate::sheet::to_csv(std::iter::once(h).chain(rows)),
            ))
        }
        Ok(lines) => {
            let views: Vec<(usize, String, VerdictView)> = lines
                .iter()
                .map(|l| (l.row, l.number.clone(), verdict_view(&tr, &l.verdict)))
                .collect();
            page.counts = ["valid", "revoked", "typo", "not_found"]
                .iter()
                .map(|s| {
                    (
                        *s,
                        tr.t(&format!("verify.result.{s}")),
                        views.iter().filter(|v| v.2.status == *s).count(),
                    )
                })
                .collect();
            page.lines = views;
            Ok(page.into_response())
        }
        Err(AppError::Validation(errs)) => {
            page.problems = errs.iter().map(|e| e.message(info.lang)).collect();
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn did_json(State(app): State<App>) -> AppResult<Response> {
    let doc = certificates::did_document(&app).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/did+json")],
        doc.to_string(),
    )
        .into_response())
}

async fn status_list(State(app): State<App>) -> AppResult<Response> {
    let doc = certificates::status_list_credential(&app).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vc+ld+json"),
            // Revocation shows at once: verifiers must not keep an old list.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        doc.to_string(),
    )
        .into_response())
}
