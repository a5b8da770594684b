//! Certificates over HTTP, on SQLite and (with ANNOCERT_TEST_POSTGRES_URL) PostgreSQL: issued at
//! publication to those who passed, found by number as people type it, never leaking the ID
//! number, revoked everywhere at once, signed as Verifiable Credentials whose proof breaks on any
//! change, issued once when two instances publish at once, and verified in bulk.

mod common;

use common::exam::*;
use common::{Browser, TestApp, person};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_pass_issues_a_certificate_that_anyone_verifies() {
    let c = center().await;
    let (_, holder) = published(&c, "2612a").await;
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let certs = mine.as_array().unwrap();
    assert_eq!(certs.len(), 1, "{mine}");
    let number = certs[0]["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("HZ01-2026-5-000001-"), "{number}");
    let (_, all) = c.admin.get_json("/api/v1/certificates").await;
    assert_eq!(all.as_array().unwrap().len(), 1, "only the one who passed");

    // Anybody, as they type it: lower case, spaces for hyphens.
    let anon = c.t.client().await;
    let typed = number.to_lowercase().replace('-', " ");
    let (s, v) = anon
        .get_json(&format!("/api/v1/verify/{}", urlencode(&typed)))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["certificate"]["holder"], mask("cand1 同学").as_str());
    // Every single-character typo is a typo, never "not found".
    let compact: String = number.chars().filter(|c| *c != '-').collect();
    for i in 0..compact.len() {
        let mut b = compact.clone().into_bytes();
        b[i] = if b[i] == b'0' { b'1' } else { b'0' };
        let (_, v) = anon
            .get_json(&format!("/api/v1/verify/{}", String::from_utf8(b).unwrap()))
            .await;
        assert_eq!(v["status"], "typo", "position {i}");
    }
    // The holder's name confirms; another name is "not found".
    let (_, v) = anon
        .get_json(&format!(
            "/api/v1/verify/{compact}?name={}",
            urlencode("cand1 同学")
        ))
        .await;
    assert_eq!(v["status"], "valid");
    let (_, v) = anon
        .get_json(&format!(
            "/api/v1/verify/{compact}?name={}",
            urlencode("李四")
        ))
        .await;
    assert_eq!(v["status"], "not_found");
    // The public page (the QR target) shows it without a session and never the ID number.
    let (last4,): (String,) = sqlx::query_as("SELECT id_last4 FROM users WHERE username = 'cand1'")
        .fetch_one(&c.t.app().db.pool)
        .await
        .unwrap();
    for path in [
        format!("/verify/{compact}"),
        format!("/verify?number={}", urlencode(&typed)),
    ] {
        let r = anon.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("有效证书"), "{path}");
        assert!(!html.contains(&last4), "{path} shows the ID number");
    }
    // The certificate page (its holder) prints the QR code of the verification URL.
    let id = certs[0]["id"].as_str().unwrap();
    let html = holder
        .get(&format!("/certificates/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<svg") && html.contains(&format!("/verify/{compact}")));
    // Nobody else sees it.
    let other = person(&c.t, &c.admin, "trainee", "cand3").await;
    assert_eq!(
        other.get(&format!("/certificates/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

/// Percent-encoded for a path or query (spaces as %20, which both read as a space).
fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn mask(name: &str) -> String {
    annocert::certify::certificate::mask_name(name)
}

/// The signed credential verifies against the service's DID document, breaks on any change, and
/// reads revoked from the status list once revoked — as do the API and the pages.
#[tokio::test]
async fn credentials_verify_and_revocation_shows_everywhere() {
    let c = center().await;
    let (_, holder) = published(&c, "2612b").await;
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let id = mine[0]["id"].as_str().unwrap().to_string();
    let compact: String = mine[0]["number"].as_str().unwrap().replace('-', "");
    let (_, cert) = holder.get_json(&format!("/api/v1/certificates/{id}")).await;
    let vc = cert["credential"].clone();
    assert_eq!(
        vc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(vc["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert!(!vc.to_string().contains("id_number"));
    let anon = c.t.client().await;
    let (s, did) = anon.get_json("/.well-known/did.json").await;
    assert_eq!(s, StatusCode::OK);
    let keys: Vec<(String, ed25519_dalek::VerifyingKey)> = did["verificationMethod"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                annocert::certify::credential::public_key_from_multibase(
                    m["publicKeyMultibase"].as_str().unwrap(),
                )
                .unwrap(),
            )
        })
        .collect();
    let resolve = |m: &str| keys.iter().find(|(id, _)| id == m).map(|(_, k)| *k);
    let (_, list) = anon.get_json("/credentials/status/1").await;
    let now = c.t.app().now();
    use annocert::certify::check::{Problem, check};
    assert_eq!(check(&vc, &resolve, now, Some(&list)), vec![]);
    // Any change breaks the proof.
    let mut changed = vc.clone();
    changed["credentialSubject"]["name"] = json!("别人");
    assert_eq!(
        check(&changed, &resolve, now, None),
        vec![Problem::BadSignature]
    );
    let mut later = vc.clone();
    later["validFrom"] = json!("2999-01-01T00:00:00Z");
    assert!(check(&later, &resolve, now, None).contains(&Problem::BadSignature));

    // Revoked by the center, with a reason: at once in the API, on the page, in the list.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/certificates/{id}/revoke"),
            &json!({"reason": "成绩更正"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let (_, v) = anon.get_json(&format!("/api/v1/verify/{compact}")).await;
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["reason"], "成绩更正");
    let html = anon
        .get(&format!("/verify/{compact}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("证书已撤销") && html.contains("成绩更正"));
    let (_, list) = anon.get_json("/credentials/status/1").await;
    assert_eq!(
        check(&vc, &resolve, now, Some(&list)),
        vec![Problem::Revoked]
    );
    // The holder cannot revoke; a second revocation is refused.
    let r = holder
        .post_json(
            &format!("/api/v1/certificates/{id}/revoke"),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/certificates/{id}/revoke"),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, audit) = c.admin.get_json("/api/v1/audit?per_page=50").await;
    assert!(audit.to_string().contains("cert_revoked"));
}

#[tokio::test]
async fn a_reissue_supersedes_and_keeps_the_history() {
    let c = center().await;
    let (_, holder) = published(&c, "2612c").await;
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let old = mine[0]["id"].as_str().unwrap().to_string();
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/certificates/{old}/reissue"),
            &json!({"reason": "姓名更正"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let new: Value = r.json().await.unwrap();
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let list = mine.as_array().unwrap();
    assert_eq!(list.len(), 2, "both stay: {mine}");
    let old_row = list.iter().find(|x| x["id"] == old.as_str()).unwrap();
    assert_eq!(old_row["revoked"]["reason"], "姓名更正");
    let new_row = list.iter().find(|x| x["id"] == new["id"]).unwrap();
    assert_eq!(new_row["supersedes"], old.as_str());
    assert!(new_row["revoked"].is_null());
}

/// Two instances publish the same session at once: each certificate is issued once.
#[tokio::test]
async fn two_instances_publishing_at_once_issue_once() {
    let c = center().await;
    let t = &c.t;
    let one = person(t, &c.admin, "trainee", "cand1").await;
    let id = create_session(&c, "2612d").await;
    let e = enrol(&c, &id, "cand1", 2).await;
    t.clock.set(OPENS);
    sit(&c, &one, &id, e["candidate"]["id"].as_str().unwrap(), true).await;
    let second = TestApp::spawn_on(&t.database_url, t.secret.clone()).await;
    second.clock.set(OPENS + 10 * MIN);
    let other = Browser::new(second.server.url()).await;
    other.login_ok("hz01-admin", "Center-admin-2026").await;
    let url = format!("/api/v1/exam-sessions/{id}/publish");
    let empty = json!({});
    let (a, b) = tokio::join!(
        c.admin.post_json(&url, &empty),
        other.post_json(&url, &empty)
    );
    assert_eq!(a.status(), StatusCode::OK, "{:?}", a.text().await);
    assert_eq!(b.status(), StatusCode::OK, "{:?}", b.text().await);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM certificates")
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    second.server.stop().await;
}

/// An employer's file of 1,000 numbers: one verdict per row, typos and unknowns told apart.
#[tokio::test]
async fn bulk_verification_of_a_thousand_numbers() {
    let c = center().await;
    let (_, holder) = published(&c, "2612e").await;
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let real = mine[0]["number"].as_str().unwrap().to_string();
    let mut csv = String::from("证书编号,姓名\n");
    for i in 0..1000u64 {
        let line = match i % 4 {
            0 => real.clone(),
            1 => annocert::certify::number::make("zz", 2025, 4, i).1,
            2 => {
                let last = if real.ends_with('X') { 'Y' } else { 'X' };
                format!("{}{last}", &real[..real.len() - 1])
            }
            _ => real.to_lowercase(),
        };
        csv.push_str(&format!("{line},\n"));
    }
    let anon = c.t.client().await;
    let r = anon
        .upload("/api/v1/verify/bulk", "numbers.csv", csv.into_bytes())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 1000);
    let count = |s: &str| {
        results
            .iter()
            .filter(|r| r["verdict"]["status"] == s)
            .count()
    };
    assert_eq!(count("valid"), 500);
    assert_eq!(count("not_found"), 250);
    assert_eq!(count("typo"), 250);
    // 1,001 is too many.
    let mut csv = String::new();
    for _ in 0..1001 {
        csv.push_str(&format!("{real}\n"));
    }
    let r = anon
        .upload("/api/v1/verify/bulk", "numbers.csv", csv.into_bytes())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Public verification is limited per address, with a clear message and `Retry-After`.
#[tokio::test]
async fn verification_is_rate_limited_per_address() {
    let t = TestApp::spawn().await;
    let anon = t.client().await;
    let n = annocert::certify::number::make("hz01", 2026, 5, 1).0;
    let mut last = None;
    for _ in 0..=annocert::web::ratelimit::VERIFY_PER_ADDRESS {
        last = Some(anon.get(&format!("/api/v1/verify/{n}")).await);
    }
    let r = last.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let v: Value = r.json().await.unwrap();
    assert!(
        v["error"]["message"].as_str().unwrap().contains("秒后再试"),
        "{v}"
    );
}

/// A certificate issued here counts for the next level's eligibility without being declared.
#[tokio::test]
async fn a_certificate_issued_here_opens_the_next_level() {
    let c = center().await;
    published(&c, "2612f").await;
    let mut body = session_body("l4", "open");
    body["level"] = json!(4);
    let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Level 4: a level-5 certificate and 4 years (or 6 years alone). cand1 declares 4 years and
    // no certificate: its level-5 certificate from this service makes it eligible.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand1", "years": 4 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["verdict"], json!({"status": "eligible", "route": 0}));
    // cand2 failed: no certificate, 4 years are not enough.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand2", "years": 4 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}
