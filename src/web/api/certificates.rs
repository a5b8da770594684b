//! Certificates as JSON: public verification (no login, rate-limited per address), one number or
//! a file of up to 1,000; a holder's and a center's certificates; revocation and re-issue.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::{App, certificates};
use crate::error::{AppError, AppResult};
use crate::web::ctx::{Auth, Ctx};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(my_certificates))
        .routes(routes!(center_certificates))
        .routes(routes!(get_certificate))
        .routes(routes!(revoke))
        .routes(routes!(reissue))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(verify_bulk))
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct NameQuery {
    /// The holder's name, to confirm (a wrong one answers `not_found`).
    #[serde(default)]
    name: Option<String>,
}

/// Verifies a certificate number as typed (no login): `{"status": "valid" | "revoked" | "typo" |
/// "not_found", "certificate"?: {number, holder (masked), level, job_type, center, issued_at,
/// scores}, "revoked_at"?, "reason"?}`. Never the ID number. 429 with `Retry-After` past
/// 120 verifications a minute from one address.
#[utoipa::path(get, path = "/api/v1/verify/{number}", params(NameQuery),
    responses((status = 200), (status = 429)))]
pub async fn verify(
    State(app): State<App>,
    Ctx(_info): Ctx,
    Path(number): Path<String>,
    Query(q): Query<NameQuery>,
) -> AppResult<Json<Value>> {
    let number: String = number.chars().take(80).collect();
    let name: Option<String> = q.name.map(|n| n.chars().take(50).collect());
    let v = certificates::verify(&app, &number, name.as_deref()).await?;
    Ok(Json(
        serde_json::to_value(v).map_err(|e| AppError::Internal(e.into()))?,
    ))
}

/// Verifies a file of up to 1,000 numbers (`file`: CSV or XLSX, numbers in the first column,
/// optionally names in the second): one verdict per row.
#[utoipa::path(post, path = "/api/v1/verify/bulk",
    request_body(content_type = "multipart/form-data", content = String),
    responses((status = 200), (status = 422), (status = 429)))]
pub async fn verify_bulk(
    State(app): State<App>,
    Ctx(_info): Ctx,
    mp: Multipart,
) -> AppResult<Json<Value>> {
    let up = crate::web::upload::read(mp, "numbers.csv").await?;
    let (name, bytes) = up
        .file
        .ok_or_else(|| AppError::field("file", "import.no_file"))?;
    let lines = certificates::verify_bulk(&app, &name, &bytes).await?;
    Ok(Json(json!({
        "results": lines.iter().map(|l| json!({
            "row": l.row,
            "number": l.number,
            "name": l.name,
            "verdict": l.verdict,
        })).collect::<Vec<_>>(),
    })))
}

fn listed(certs: &[crate::certify::certificate::Certificate]) -> Value {
    json!(
        certs
            .iter()
            .map(|c| json!({
                "id": c.id,
                "number": crate::certify::number::display(&c.number),
                "holder": c.holder_name,
                "level": c.level,
                "job_type": c.job_type,
                "center": c.center_name,
                "issued_at": c.issued_at,
                "scores": c.scores,
                "revoked": c.revoked,
                "supersedes": c.supersedes,
            }))
            .collect::<Vec<_>>()
    )
}

/// The signed-in person's certificates.
#[utoipa::path(get, path = "/api/v1/my/certificates", responses((status = 200)))]
pub async fn my_certificates(
    State(app): State<App>,
    Auth(actor, _): Auth,
) -> AppResult<Json<Value>> {
    Ok(Json(listed(&certificates::mine(&app, &actor).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CenterQuery {
    /// Platform admins: the center's id.
    #[serde(default)]
    center: Option<String>,
}

/// The certificates the center issued (center admins; platform admins name the center).
#[utoipa::path(get, path = "/api/v1/certificates", params(CenterQuery), responses((status = 200), (status = 403)))]
pub async fn center_certificates(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<CenterQuery>,
) -> AppResult<Json<Value>> {
    Ok(Json(listed(
        &certificates::of_center(&app, &actor, q.center.as_deref()).await?,
    )))
}

/// One certificate with its signed Verifiable Credential (its holder and its managers).
#[utoipa::path(get, path = "/api/v1/certificates/{id}", responses((status = 200), (status = 404)))]
pub async fn get_certificate(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let c = certificates::get(&app, &actor, &id).await?;
    let mut v = listed(std::slice::from_ref(&c));
    let mut one = v[0].take();
    one["credential"] = c.credential.unwrap_or(Value::Null);
    Ok(Json(one))
}

#[derive(Deserialize, ToSchema)]
pub struct ReasonBody {
    pub reason: String,
}

/// Revokes a certificate (its center's admin, a platform admin), with the reason.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", request_body = ReasonBody,
    responses((status = 200), (status = 409), (status = 422)))]
pub async fn revoke(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Json(b): Json<ReasonBody>,
) -> AppResult<Json<Value>> {
    certificates::revoke(&app, &actor, &id, &b.reason).await?;
    Ok(Json(json!({ "ok": true })))
}

/// Re-issues a certificate with the holder's current details: the old one revoked with the
/// reason, the new one returned.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/reissue", request_body = ReasonBody,
    responses((status = 200), (status = 409), (status = 422)))]
pub async fn reissue(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Json(b): Json<ReasonBody>,
) -> AppResult<Json<Value>> {
    let c = certificates::reissue(&app, &actor, &id, &b.reason).await?;
    Ok(Json(
        json!({ "id": c.id, "number": crate::certify::number::display(&c.number) }),
    ))
}
