//! Practice over HTTP: the page carries no gold, answers save with a seq, submitting scores on
//! the server and only then reveals the gold and the explanation.

mod common;

use common::{TestApp, version_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn trainee(t: &TestApp) -> common::Browser {
    let (login, otp) = common::make_trainee(t, "pr").await;
    let b = t.client().await;
    b.login_ok(&login, &otp).await;
    b.change_password(&otp, "Trainee-pass-2026").await;
    b
}

/// The JSON of one `<script type="application/json" id=…>` block of a page.
fn block(html: &str, id: &str) -> Value {
    let start = html.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end].replace("<\\/", "</")).unwrap()
}

#[tokio::test]
async fn practice_saves_scores_and_reveals_gold_only_after_submit() {
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let b = trainee(&t).await;

    // The index lists levels; "next" lands on an item page.
    let html = b.get("/practice").await.text().await.unwrap();
    assert!(html.contains("/practice/next?level=5"), "{html}");
    let r = b.get("/practice/next?level=5&function=2").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/practice/items/")
    );

    // A box item: the page has the task but no gold and no explanation.
    let v = version_of(&t, "L5-P-BOX-001").await;
    let html = b
        .get(&format!("/practice/items/{v}"))
        .await
        .text()
        .await
        .unwrap();
    let task = block(&html, "wb-task");
    assert_eq!(task["kind"], "boxes");
    assert!(task.get("gold").is_none() && task.get("explanation").is_none());
    assert!(!html.contains("\"gold\""), "gold leaked into the page");
    let image = task["image_url"].as_str().unwrap();
    let r = b.get(image).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    // Bank files themselves (which hold the gold) are never served; assets need a login.
    assert_eq!(
        b.get("/bank-assets/level5/practical-image.toml")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let anon = t.client().await;
    let r = anon.get(image).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "an anonymous request is sent to the login page"
    );
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    let state = block(&html, "wb-state");
    assert_eq!(state["seq"], 0);
    let config = block(&html, "wb-config");
    let save_url = config["save_url"].as_str().unwrap().to_string();
    let submit_url = config["submit_url"].as_str().unwrap().to_string();

    // Saves need a newer seq; a stale one gets 409 with the current state.
    let answer = json!([{ "label": "traffic_light", "bbox": [10, 10, 20, 40], "attributes": { "state": "red" } }]);
    let r = b
        .http
        .put(b.url(&save_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": answer, "seq": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let saved: Value = r.json().await.unwrap();
    assert_eq!(saved["seq"], 1);
    let r = b
        .http
        .put(b.url(&save_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": [], "seq": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let current: Value = r.json().await.unwrap();
    assert_eq!(current["answer"], answer);
    // Without the CSRF header nothing is saved.
    let r = b
        .http
        .put(b.url(&save_url))
        .json(&json!({ "answer": [], "seq": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A reload restores the saved answer.
    let html = b
        .get(&format!("/practice/items/{v}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(block(&html, "wb-state")["answer"], answer);

    // Submitting scores on the server and returns the mistakes, the gold and the explanation.
    let r = b
        .http
        .post(b.url(&submit_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": answer, "seq": 2 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let result: Value = r.json().await.unwrap();
    assert_eq!(result["kind"], "boxes");
    assert!(result["score"].as_f64().unwrap() < 1.0);
    assert!(result["gold"].as_array().is_some_and(|g| !g.is_empty()));
    assert!(!result["explanation_html"].as_str().unwrap().is_empty());
    let messages: Vec<&str> = result["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("漏标")), "{messages:?}");
    // Submitted once; the page now opens on the result, and "again" starts a fresh attempt.
    let r = b
        .http
        .post(b.url(&submit_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": answer, "seq": 3 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = b
        .get(&format!("/practice/items/{v}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(block(&html, "wb-state")["result"]["score"].is_number());
    let html = b
        .get(&format!("/practice/items/{v}?again=1"))
        .await
        .text()
        .await
        .unwrap();
    let fresh = block(&html, "wb-state");
    assert!(fresh["result"].is_null() && fresh["answer"].is_null());
}

#[tokio::test]
async fn a_theory_item_scores_right_and_wrong() {
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let b = trainee(&t).await;
    let v = version_of(&t, "L5-T-ETH-001").await;
    let html = b
        .get(&format!("/practice/items/{v}"))
        .await
        .text()
        .await
        .unwrap();
    let submit_url = block(&html, "wb-config")["submit_url"]
        .as_str()
        .unwrap()
        .to_string();
    let (content,): (String,) = sqlx::query_as("SELECT content FROM item_versions WHERE id = $1")
        .bind(&v)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    let item: Value = serde_json::from_str(&content).unwrap();
    let right = item["gold"]["answer"].as_bool().unwrap();
    let r = b
        .http
        .post(b.url(&submit_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": { "answer": right }, "seq": 1 }))
        .send()
        .await
        .unwrap();
    let result: Value = r.json().await.unwrap();
    assert_eq!(result["score"], 1.0);
    let html = b
        .get(&format!("/practice/items/{v}?again=1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(block(&html, "wb-state")["result"].is_null());
    let r = b
        .http
        .post(b.url(&submit_url))
        .header("x-csrf-token", &b.csrf)
        .json(&json!({ "answer": { "answer": !right }, "seq": 1 }))
        .send()
        .await
        .unwrap();
    let result: Value = r.json().await.unwrap();
    assert_eq!(result["score"], 0.0);
    // An item of another level works the same; an unknown version is 404.
    assert_eq!(
        b.get("/practice/items/00000000-0000-0000-0000-000000000000")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
