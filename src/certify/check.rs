//! What `annocert credential verify` finds wrong with a credential, pure: the proof, the key,
//! the validity period and (when given) the status list, each failure named exactly.

use serde_json::Value;

use super::credential::{self, ProofError};
use crate::clock::Millis;

/// One thing wrong with a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a credential of ours: missing or ill-typed fields.
    Malformed(String),
    /// The verification method is not among the issuer's published keys.
    UnknownKey(String),
    /// The proof does not match the document: it was changed, or signed by another key.
    BadSignature,
    /// `validFrom` lies in the future.
    NotYetValid(String),
    /// `validUntil` lies in the past.
    Expired(String),
    /// The status list marks it revoked.
    Revoked,
    /// The status list could not be read or its own proof fails.
    BadStatusList(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Malformed(m) => write!(f, "malformed: {m}"),
            Problem::UnknownKey(k) => write!(f, "unknown key: {k}"),
            Problem::BadSignature => write!(
                f,
                "bad signature: the credential was changed or signed by another key"
            ),
            Problem::NotYetValid(t) => write!(f, "not yet valid: validFrom {t}"),
            Problem::Expired(t) => write!(f, "expired: validUntil {t}"),
            Problem::Revoked => write!(f, "revoked: the issuer's status list marks it"),
            Problem::BadStatusList(m) => write!(f, "status list: {m}"),
        }
    }
}

fn proof_problem(e: ProofError) -> Problem {
    match e {
        ProofError::UnknownKey(k) => Problem::UnknownKey(k),
        ProofError::BadSignature => Problem::BadSignature,
        other => Problem::Malformed(other.to_string()),
    }
}

fn time_of(v: &Value, field: &str) -> Result<Option<Millis>, Problem> {
    match v.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.timestamp_millis()))
            .map_err(|_| Problem::Malformed(format!("{field} is not an RFC 3339 time"))),
        Some(_) => Err(Problem::Malformed(format!("{field} is not a string"))),
    }
}

/// Checks a credential at `now`: its proof with the keys `resolve` knows, its validity period,
/// and, when `status_list` (the list credential its `credentialStatus` names) is given, that
/// list's own proof and the credential's bit. No problem: an empty list.
pub fn check(
    vc: &Value,
    resolve: &dyn Fn(&str) -> Option<ed25519_dalek::VerifyingKey>,
    now: Millis,
    status_list: Option<&Value>,
) -> Vec<Problem> {
    let mut out = vec![];
    if !vc.is_object() {
        return vec![Problem::Malformed("not a JSON object".into())];
    }
    if let Err(e) = credential::verify(vc, resolve) {
        out.push(proof_problem(e));
    }
    match time_of(vc, "validFrom") {
        Ok(Some(t)) if t > now => out.push(Problem::NotYetValid(
            vc["validFrom"].as_str().unwrap_or_default().into(),
        )),
        Ok(_) => {}
        Err(p) => out.push(p),
    }
    match time_of(vc, "validUntil") {
        Ok(Some(t)) if t < now => out.push(Problem::Expired(
            vc["validUntil"].as_str().unwrap_or_default().into(),
        )),
        Ok(_) => {}
        Err(p) => out.push(p),
    }
    if let Some(list) = status_list {
        out.extend(check_status(vc, list, resolve));
    }
    out
}

fn check_status(
    vc: &Value,
    list: &Value,
    resolve: &dyn Fn(&str) -> Option<ed25519_dalek::VerifyingKey>,
) -> Option<Problem> {
    let entry = vc.get("credentialStatus")?;
    let index = entry
        .get("statusListIndex")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<u64>().ok());
    let Some(index) = index else {
        return Some(Problem::Malformed(
            "credentialStatus.statusListIndex".into(),
        ));
    };
    if entry.get("statusListCredential") != list.get("id") {
        return Some(Problem::BadStatusList(
            "it is not the list the credential names".into(),
        ));
    }
    if let Err(e) = credential::verify(list, resolve) {
        return Some(Problem::BadStatusList(proof_problem(e).to_string()));
    }
    let Some(encoded) = list
        .pointer("/credentialSubject/encodedList")
        .and_then(Value::as_str)
    else {
        return Some(Problem::BadStatusList("no encodedList".into()));
    };
    match super::status_list::get(encoded, index) {
        Ok(true) => Some(Problem::Revoked),
        Ok(false) => None,
        Err(e) => Some(Problem::BadStatusList(e.to_string())),
    }
}
