//! A certificate as a W3C Verifiable Credential 2.0 in the Open Badges 3.0 shape, and the
//! Bitstring Status List credential that revokes it. Pure: the JSON to sign.

use serde_json::{Value, json};

use super::certificate::Certificate;
use crate::clock::Millis;

pub const STATUS_LIST_PATH: &str = "/credentials/status/1";
const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// RFC 3339 in UTC, as credentials write times.
pub fn rfc3339(ms: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What a credential says beyond the certificate: the service's address and DID, the level's and
/// job type's names.
pub struct Context<'a> {
    pub public_url: &'a str,
    pub did: &'a str,
    pub level_name: &'a str,
    pub job_name: &'a str,
    pub occupation: &'a str,
}

/// The unsigned credential of a certificate: the level (and job type) as the achievement, the
/// holder by name only (never the ID number), the component scores as results, and its entry
/// in the revocation status list.
pub fn credential(c: &Certificate, x: &Context<'_>) -> Value {
    let base = x.public_url.trim_end_matches('/');
    let verify_url = format!("{base}/verify/{}", c.number);
    let name = format!("{} {}（{}）", x.occupation, x.level_name, x.job_name);
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": x.did,
            "type": ["Profile"],
            "name": c.center_name,
            "url": base,
        },
        "validFrom": rfc3339(c.issued_at),
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": c.holder_name,
            "achievement": {
                "id": format!("{base}/curriculum/levels/{}#{}", c.level, c.job_type),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": name,
                "description": format!("国家职业技能标准《人工智能训练师》（4-04-05-05）{}", x.level_name),
                "criteria": {"narrative": "通过该等级的全部考核科目（各科目达到合格线）。"},
            },
            "result": c.scores.iter().map(|(comp, score)| json!({
                "type": ["Result"],
                "resultDescription": comp.as_str(),
                "value": format!("{score:.1}"),
            })).collect::<Vec<_>>(),
        },
        "credentialStatus": {
            "id": format!("{base}{STATUS_LIST_PATH}#{}", c.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": c.status_index.to_string(),
            "statusListCredential": format!("{base}{STATUS_LIST_PATH}"),
        },
    })
}

/// The proof options for a credential signed at `now` with the key `method`.
pub fn proof_options(method: &str, now: Millis) -> Value {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": rfc3339(now),
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
    })
}

/// The unsigned status list credential: `encoded_list` from `status_list::encode`.
pub fn status_list(public_url: &str, did: &str, encoded_list: &str, now: Millis) -> Value {
    let url = format!("{}{STATUS_LIST_PATH}", public_url.trim_end_matches('/'));
    json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": rfc3339(now),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    })
}
