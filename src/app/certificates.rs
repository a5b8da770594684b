//! Certificates (职业技能等级证书): issued in the transaction that publishes a session's results,
//! found by their holders, listed and exported by their centers, revoked and re-issued by
//! managers, and verified by anyone — by number on a page, in JSON, in bulk, or as a signed
//! Verifiable Credential. The rules are `certify` (pure); SQL is `store::certificates`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::Role;
use crate::certify::certificate::{self, Certificate, Verdict};
use crate::certify::{badge, credential, number, status_list};
use crate::clock::Millis;
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::session::ExamSession;
use crate::i18n::Lang;
use crate::store;

/// The service's issuer: its DID (did:web of the public URL), the key and its verification
/// method.
pub struct Issuer {
    pub did: String,
    pub key: credential::IssuerKey,
    pub method: String,
}

/// The fragment naming a public key in the DID document: stable for the key.
pub fn key_fragment(public_multibase: &str) -> String {
    use sha2::Digest;
    let h = sha2::Sha256::digest(public_multibase.as_bytes());
    format!("key-{}", &hex::encode(h)[..16])
}

pub fn issuer(app: &App) -> Issuer {
    let key = credential::IssuerKey::from_secret_bytes(app.config.signing_key);
    let did = credential::did_web(&app.config.public_url);
    let method = format!("{did}#{}", key_fragment(&key.public_multibase()));
    Issuer { did, key, method }
}

/// Publishes this instance's issuer key (at start-up): the DID document lists every key ever
/// used, so credentials of a rotated key keep verifying.
pub async fn publish_key(app: &App) -> AppResult<()> {
    let i = issuer(app);
    let public = i.key.public_multibase();
    store::certificates::publish_key(&app.db.pool, &key_fragment(&public), &public, app.now())
        .await?;
    Ok(())
}

/// The DID document of the service (`/.well-known/did.json`).
pub async fn did_document(app: &App) -> AppResult<Value> {
    let i = issuer(app);
    let keys = store::certificates::keys(&app.db.pool).await?;
    Ok(credential::did_document(&i.did, &keys))
}

fn level_name(lang: Lang, level: Level) -> String {
    super::exams::level_label(lang, level)
}

/// The signed credential of a certificate (in Chinese, the language of the certificate).
fn sign(app: &App, c: &Certificate, now: Millis) -> AppResult<Value> {
    let i = issuer(app);
    let ctx = badge::Context {
        public_url: &app.config.public_url,
        did: &i.did,
        level_name: &level_name(Lang::Zh, c.level),
        job_name: &super::exams::job_label(Lang::Zh, &c.job_type),
        occupation: &curriculum::shipped().occupation.name,
    };
    let doc = badge::credential(c, &ctx);
    credential::sign(&doc, &badge::proof_options(&i.method, now), &i.key)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("signing {}: {e}", c.number)))
}

/// What one certificate is issued for.
pub struct Pass<'a> {
    pub user: &'a crate::accounts::User,
    pub candidate_id: Option<&'a str>,
    pub scores: Vec<(Component, f64)>,
}

/// Issues a certificate inside `tx` (the publication's, or a re-issue's): numbered by the
/// center code, year, level and a serial counted across instances; the next status-list index;
/// the credential signed.
async fn issue_one(
    tx: &mut crate::db::Tx,
    app: &App,
    s: (&str, Option<&str>, Level, &str),
    center: &crate::accounts::Center,
    pass: &Pass<'_>,
    supersedes: Option<&str>,
    now: Millis,
) -> AppResult<Certificate> {
    let (center_id, session_id, level, job_type) = s;
    let year = {
        use chrono::Datelike;
        crate::clock::local_date(now, app.config.tz).year()
    };
    let (compact_code, _) = number::make(&center.code, year, level.get(), 0);
    let code_part = &compact_code[..compact_code.len() - 13];
    let serial =
        store::certificates::next(&mut **tx, &format!("serial:{code_part}:{year}:{level}")).await?;
    let (num, _) = number::make(&center.code, year, level.get(), serial as u64);
    let status_index = store::certificates::next(&mut **tx, "status_index").await? - 1;
    let c = Certificate {
        id: crate::db::new_id(),
        number: num,
        user_id: pass.user.id.clone(),
        center_id: center_id.to_string(),
        center_name: center.name.clone(),
        session_id: session_id.map(str::to_string),
        level,
        job_type: job_type.to_string(),
        holder_name: pass.user.real_name.clone(),
        id_last4: pass.user.id_last4.clone(),
        scores: pass.scores.clone(),
        issued_at: now,
        status_index,
        supersedes: supersedes.map(str::to_string),
        revoked: None,
        credential: None,
    };
    let signed = sign(app, &c, now)?;
    store::certificates::insert(
        &mut **tx,
        &store::certificates::NewCertificate {
            id: &c.id,
            number: &c.number,
            user_id: &c.user_id,
            center_id: &c.center_id,
            session_id: c.session_id.as_deref(),
            candidate_id: pass.candidate_id,
            level,
            job_type,
            holder_name: &c.holder_name,
            id_last4: c.id_last4.as_deref(),
            scores: &c.scores,
            issued_at: now,
            status_index,
            supersedes,
            credential: &signed.to_string(),
        },
    )
    .await?;
    Ok(Certificate {
        credential: Some(signed),
        ..c
    })
}

/// Issues the certificates of a publication, in its transaction: one per candidate who passed
/// every component (the unique index on the pass makes a second one impossible).
pub(crate) async fn issue_for_publication(
    tx: &mut crate::db::Tx,
    app: &App,
    s: &ExamSession,
    passes: &[Pass<'_>],
    now: Millis,
) -> AppResult<usize> {
    let center = store::centers::get(&mut **tx, &s.center_id)
        .await?
        .ok_or(AppError::NotFound)?;
    for p in passes {
        issue_one(
            tx,
            app,
            (&s.center_id, Some(&s.id), s.level, &s.job_type),
            &center,
            p,
            None,
            now,
        )
        .await?;
    }
    Ok(passes.len())
}

/// Whether the actor may see a certificate in full: its holder, its center's admin, a
/// platform admin.
fn may_see(actor: &Actor, c: &Certificate) -> bool {
    match actor.role() {
        Role::PlatformAdmin => true,
        Role::CenterAdmin => actor.user.center_id.as_deref() == Some(c.center_id.as_str()),
        _ => actor.user.id == c.user_id,
    }
}

/// One certificate for its holder or a manager (404 for anyone else).
pub async fn get(app: &App, actor: &Actor, id: &str) -> AppResult<Certificate> {
    store::certificates::by_id(&app.db.pool, id)
        .await?
        .filter(|c| may_see(actor, c))
        .ok_or(AppError::NotFound)
}

/// The actor's own certificates (我的证书), newest first.
pub async fn mine(app: &App, actor: &Actor) -> AppResult<Vec<Certificate>> {
    Ok(store::certificates::of_user(&app.db.pool, &actor.user.id).await?)
}

/// The certificates a center issued (its admins; a platform admin names the center).
pub async fn of_center(
    app: &App,
    actor: &Actor,
    center_id: Option<&str>,
) -> AppResult<Vec<Certificate>> {
    let center = match actor.managed_center()? {
        Some(own) => own.to_string(),
        None => center_id
            .ok_or(AppError::bad_request("cert.center_required"))?
            .to_string(),
    };
    Ok(store::certificates::of_center(&app.db.pool, &center).await?)
}

/// Verifies a number as typed (public: no login).
pub async fn verify(app: &App, typed: &str, name: Option<&str>) -> AppResult<Verdict> {
    let found = match number::normalize(typed) {
        Some(n) if number::checks(&n) => store::certificates::by_number(&app.db.pool, &n).await?,
        _ => None,
    };
    Ok(certificate::verdict(typed, found.as_ref(), name))
}

/// The public certificate of a number (the QR target), or a verdict without one.
pub async fn public_credential(app: &App, typed: &str) -> AppResult<Option<Value>> {
    let Some(n) = number::normalize(typed) else {
        return Ok(None);
    };
    Ok(store::certificates::by_number(&app.db.pool, &n)
        .await?
        .and_then(|c| c.credential))
}

/// The most numbers one bulk verification takes.
pub const MAX_BULK: usize = 1000;

/// One line of a bulk verification: what was typed, and the verdict.
pub struct BulkLine {
    pub row: usize,
    pub number: String,
    pub name: Option<String>,
    pub verdict: Verdict,
}

/// Verifies up to [`MAX_BULK`] numbers (optionally with names) from a CSV or XLSX file: the
/// first column numbers, the second names; a header row is recognised and skipped.
pub async fn verify_bulk(app: &App, filename: &str, bytes: &[u8]) -> AppResult<Vec<BulkLine>> {
    let table = crate::accounts::import::read_table(filename, bytes)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let mut lines: Vec<(usize, String, Option<String>)> = vec![];
    for (i, row) in table.iter().enumerate() {
        let cell = |k: usize| {
            row.get(k)
                .map(|c| c.text().trim().to_string())
                .unwrap_or_default()
        };
        let (num, name) = (cell(0), cell(1));
        if num.is_empty() {
            continue;
        }
        if lines.is_empty() && number::normalize(&num).is_none_or(|n| !number::checks(&n)) {
            let h = num.to_lowercase();
            if h.contains("编号") || h.contains("number") || h.contains("证书") {
                continue;
            }
        }
        lines.push((
            i + 1,
            num.chars().take(60).collect(),
            (!name.is_empty()).then(|| name.chars().take(50).collect()),
        ));
        if lines.len() > MAX_BULK {
            return Err(AppError::Validation(vec![
                crate::error::FieldError::new("file", "cert.bulk_too_many").arg("max", MAX_BULK),
            ]));
        }
    }
    if lines.is_empty() {
        return Err(AppError::Validation(vec![crate::error::FieldError::new(
            "file",
            "import.no_rows",
        )]));
    }
    let wanted: Vec<String> = lines
        .iter()
        .filter_map(|(_, n, _)| number::normalize(n).filter(|n| number::checks(n)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let found = store::certificates::by_numbers(&app.db.pool, &wanted).await?;
    Ok(lines
        .into_iter()
        .map(|(row, num, name)| {
            let c = number::normalize(&num).and_then(|n| found.iter().find(|c| c.number == n));
            BulkLine {
                row,
                verdict: certificate::verdict(&num, c, name.as_deref()),
                number: num,
                name,
            }
        })
        .collect())
}

/// A manager's reason, bounded.
fn reason(r: &str) -> AppResult<String> {
    let r = r.trim();
    if r.is_empty() {
        return Err(AppError::field("reason", "cert.reason_required"));
    }
    if r.chars().count() > 500 || crate::accounts::forbidden_char(r).is_some() {
        return Err(AppError::field("reason", "exam.bad_reason"));
    }
    Ok(r.to_string())
}

/// Revokes a certificate with a reason (its center's admin or a platform admin): in the audit
/// log, and at once on every verification page, in the API and in the status list.
pub async fn revoke(app: &App, actor: &Actor, id: &str, why: &str) -> AppResult<()> {
    let c = get(app, actor, id).await?;
    if actor.role() == Role::Trainee || actor.role() == Role::Examiner {
        return Err(AppError::Forbidden);
    }
    let why = reason(why)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::certificates::revoke(&mut *tx, &c.id, Some(&actor.user.id), &why, now).await? {
        return Err(AppError::conflict("revoked", "cert.revoked_already"));
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&c.center_id),
        "cert_revoked",
        &c.id,
        json!({"number": c.number, "reason": why}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Re-issues a certificate with the holder's current name (a correction): a new number and
/// credential that supersede the old, which is revoked with the reason; both stay in the
/// history.
pub async fn reissue(app: &App, actor: &Actor, id: &str, why: &str) -> AppResult<Certificate> {
    let c = get(app, actor, id).await?;
    if !matches!(actor.role(), Role::CenterAdmin | Role::PlatformAdmin) {
        return Err(AppError::Forbidden);
    }
    let why = reason(why)?;
    let user = store::users::get(&app.db.pool, &c.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let center = store::centers::get(&app.db.pool, &c.center_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::certificates::revoke(&mut *tx, &c.id, Some(&actor.user.id), &why, now).await? {
        return Err(AppError::conflict("revoked", "cert.revoked_already"));
    }
    let new = issue_one(
        &mut tx,
        app,
        (&c.center_id, c.session_id.as_deref(), c.level, &c.job_type),
        &center,
        &Pass {
            user: &user,
            candidate_id: None,
            scores: c.scores.clone(),
        },
        Some(&c.id),
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&c.center_id),
        "cert_reissued",
        &new.id,
        json!({"old": c.number, "new": new.number, "reason": why}),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The status list credential, signed now: every revoked certificate's bit set.
pub async fn status_list_credential(app: &App) -> AppResult<Value> {
    let revoked: BTreeSet<u64> = store::certificates::revoked_indices(&app.db.pool)
        .await?
        .into_iter()
        .filter_map(|i| u64::try_from(i).ok())
        .collect();
    let len = store::certificates::max_status_index(&app.db.pool).await? + 1;
    let encoded = status_list::encode(&revoked, usize::try_from(len).unwrap_or(0))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("encoding the status list: {e}")))?;
    let i = issuer(app);
    let now = app.now();
    let doc = badge::status_list(&app.config.public_url, &i.did, &encoded, now);
    credential::sign(&doc, &badge::proof_options(&i.method, now), &i.key)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("signing the status list: {e}")))
}
