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

/// A center bank for the option order: a 单选 whose explanation names options by letter, one
/// whose last option refers to the others, one the bank keeps in order, and a 多选 whose
/// explanation names options by content.
const SHUFFLE_BANK: &str = r#"
title = "选项乱序"

[[items]]
id = "SF-1"
kind = "single_choice"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice"]
prompt = "标注时遇到规范未覆盖的情况，应当（  ）。"
options = ["按多数类随意标注", "记录并向质检员反馈", "跳过且不作说明", "照抄他人的结果"]
gold = { choice = "B" }
explanation = "规范未覆盖时应如实记录并反馈。A 会引入系统性错误，C 造成数据偏差，D 违背诚实公正。"

[[items]]
id = "SF-2"
kind = "single_choice"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice"]
prompt = "下列属于职业守则要求的是（  ）。"
options = ["诚实公正", "严谨求是", "爱岗敬业", "以上都对"]
gold = { choice = "D" }
explanation = "三者都是职业守则的要求。"

[[items]]
id = "SF-3"
kind = "single_choice"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice"]
shuffle = false
prompt = "质检发现的问题，一般应在多长时间内整改完毕（  ）？"
options = ["1–3 天", "4–7 天", "8–14 天", "15 天及更长"]
gold = { choice = "A" }
explanation = "问题应尽快整改，一般不超过 3 天。"

[[items]]
id = "SF-4"
kind = "multi_choice"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice"]
prompt = "下列做法中，符合数据安全要求的有（  ）。"
options = ["离岗时锁定屏幕", "把样本拷到私人网盘", "按最小权限申请账号", "在群里转发原始数据"]
gold = { choices = ["A", "C"] }
explanation = "锁屏和最小权限保护数据；私人网盘与群聊转发都会泄露数据。"
"#;

/// A center with [`SHUFFLE_BANK`] (and the shipped banks), and a signed-in trainee of it.
async fn shuffle_trainee(t: &TestApp) -> common::Browser {
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "sf").await;
    let zip = common::zip_of(&[("sf/level5/shuffle.toml", SHUFFLE_BANK.as_bytes())]);
    let r = ca.upload("/api/v1/banks", "bank.zip", zip).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let r = ca
        .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "李四", "id_number": "11010519491231002X", "phone": "13600136000" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    let otp = created["one_time_password"].as_str().unwrap();
    let b = t.client().await;
    b.login_ok("13600136000", otp).await;
    b.change_password(otp, "Trainee-pass-2026").await;
    b
}

/// The key of the i-th option: A, B, C ….
fn letter(i: usize) -> String {
    char::from(b'A' + i as u8).to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The options a workbench page shows, and its task, state and config blocks.
async fn workbench(b: &common::Browser, path: &str) -> (Vec<String>, Value, Value) {
    let r = b.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let html = r.text().await.unwrap();
    let task = block(&html, "wb-task");
    (
        strings(&task["options"]),
        block(&html, "wb-state"),
        block(&html, "wb-config"),
    )
}

/// The newest practice attempt at a version: its id and stored order of options.
async fn newest(t: &TestApp, version: &str) -> (String, Vec<usize>) {
    let (id, order): (String, Option<String>) = sqlx::query_as(
        "SELECT id, option_order FROM practice_answers WHERE version_id = $1 AND mock_id IS NULL
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(version)
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    let order = order.expect("a choice question's attempt stores its order");
    (id, order.split(',').map(|s| s.parse().unwrap()).collect())
}

/// Submits an answer to a practice page's submit URL; the result.
async fn submit(b: &common::Browser, config: &Value, answer: Value, seq: i64) -> Value {
    let r = b
        .post_json(
            config["submit_url"].as_str().unwrap(),
            &json!({ "answer": answer, "seq": seq }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn practice_shows_each_attempt_its_own_order_and_scores_in_shown_letters() {
    let t = TestApp::spawn().await;
    let b = shuffle_trainee(&t).await;
    let v = version_of(&t, "SF-1").await;
    let bank = [
        "按多数类随意标注",
        "记录并向质检员反馈",
        "跳过且不作说明",
        "照抄他人的结果",
    ];
    let key = bank[1];
    let mut orders = std::collections::BTreeSet::new();
    let mut first = None;
    // Practise until two different orders were shown (each attempt draws one of 24; twelve
    // attempts all alike: 24^-11).
    for round in 0..12 {
        let page = if round == 0 {
            format!("/practice/items/{v}")
        } else {
            format!("/practice/items/{v}?again=1")
        };
        let (shown, state, config) = workbench(&b, &page).await;
        assert!(state["result"].is_null(), "a new attempt");
        // The bank's options in the attempt's stored order; a reload shows the same.
        let (id, order) = newest(&t, &v).await;
        let moved: Vec<&str> = order.iter().map(|&j| bank[j]).collect();
        assert_eq!(shown, moved);
        let (reloaded, _, _) = workbench(&b, &format!("/practice/items/{v}")).await;
        assert_eq!(reloaded, shown);

        // The key in the letters shown: full score; another letter: 0. The result's gold is
        // in the shown letters too (the workbench marks the options by it).
        let at = shown.iter().position(|o| o == key).unwrap();
        let right = letter(at);
        let wrong = letter((at + 1) % 4);
        let answer = if round == 0 { &wrong } else { &right };
        let result = submit(&b, &config, json!({ "choice": answer }), 1).await;
        assert_eq!(result["score"], if round == 0 { 0.0 } else { 1.0 });
        assert_eq!(result["gold"], json!({ "choice": right }));

        // The explanation as written (bank letters), after a line that maps them when the
        // order is not the bank's: bank B, the key, is the shown `right`.
        let ex = result["explanation_html"].as_str().unwrap().to_string();
        assert!(ex.contains("A 会引入系统性错误，C 造成数据偏差"), "{ex}");
        if order == [0, 1, 2, 3] {
            assert!(!ex.contains("wb-letter-map"), "{ex}");
        } else {
            let pairs: Vec<String> = (0..4)
                .map(|j| {
                    let shown_at = order.iter().position(|&o| o == j).unwrap();
                    format!("题库 {} = 你看到的 {}", letter(j), letter(shown_at))
                })
                .collect();
            let line = format!(
                "<p class=\"wb-letter-map\">解析中的选项字母按题库原顺序：{}。</p>",
                pairs.join("，")
            );
            assert!(ex.starts_with(&line), "{ex}\n{line}");
            assert!(ex.contains(&format!("题库 B = 你看到的 {right}")));
        }
        if round == 0 {
            first = Some((id, shown.clone(), right.clone(), wrong.clone(), ex));
        }
        orders.insert(order);
        if orders.len() >= 2 {
            break;
        }
        t.clock.advance(1000);
    }
    assert!(orders.len() >= 2, "practising again shows a new order");

    // The wrong answer is in the wrong-answer book, which practises it again (a new order).
    let review = b.get("/review").await.text().await.unwrap();
    assert!(
        review.contains("SF-1") && review.contains(&format!("/practice/items/{v}?again=1")),
        "{review}"
    );
    // The history of the first attempt: the order, answer and gold as they were seen then.
    let (id, shown, right, wrong, ex) = first.unwrap();
    let (again, state, _) = workbench(&b, &format!("/practice/attempts/{id}")).await;
    assert_eq!(again, shown);
    assert_eq!(state["answer"], json!({ "choice": wrong }));
    assert_eq!(state["result"]["score"], 0.0);
    assert_eq!(state["result"]["gold"], json!({ "choice": right }));
    assert_eq!(state["result"]["explanation_html"], ex);
}

#[tokio::test]
async fn options_that_keep_their_order_and_a_multi_choice() {
    let t = TestApp::spawn().await;
    let b = shuffle_trainee(&t).await;
    // 以上都对 refers to the others; SF-3's bank says `shuffle = false`: the bank's order at
    // every attempt (six attempts of a shuffled item all in the bank's order: 24^-5).
    for (id, options, key) in [
        (
            "SF-2",
            ["诚实公正", "严谨求是", "爱岗敬业", "以上都对"],
            "D",
        ),
        ("SF-3", ["1–3 天", "4–7 天", "8–14 天", "15 天及更长"], "A"),
    ] {
        let v = version_of(&t, id).await;
        for round in 0..6 {
            let again = if round == 0 { "" } else { "?again=1" };
            let (shown, _, config) = workbench(&b, &format!("/practice/items/{v}{again}")).await;
            assert_eq!(shown, options, "{id}");
            assert_eq!(newest(&t, &v).await.1, [0, 1, 2, 3]);
            let result = submit(&b, &config, json!({ "choice": key }), 1).await;
            assert_eq!(result["score"], 1.0);
            assert_eq!(result["gold"], json!({ "choice": key }));
            t.clock.advance(1000);
        }
    }
    // A 多选: the keys in the letters shown, sorted; an explanation that names the options by
    // content needs no mapping line.
    let v = version_of(&t, "SF-4").await;
    let (shown, _, config) = workbench(&b, &format!("/practice/items/{v}")).await;
    let mut keys: Vec<String> = ["离岗时锁定屏幕", "按最小权限申请账号"]
        .iter()
        .map(|k| letter(shown.iter().position(|o| o == k).unwrap()))
        .collect();
    keys.sort();
    let result = submit(&b, &config, json!({ "choices": keys }), 1).await;
    assert_eq!(result["score"], 1.0);
    assert_eq!(result["gold"], json!({ "choices": keys }));
    assert!(
        !result["explanation_html"]
            .as_str()
            .unwrap()
            .contains("wb-letter-map")
    );
}

#[tokio::test]
async fn a_mock_exam_shows_its_own_order_and_scores_in_shown_letters() {
    let t = TestApp::spawn().await;
    let b = shuffle_trainee(&t).await;
    let r = b.post_form("/mock", &[("level", "5")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let mock_id = to.split('/').nth(2).unwrap().to_string();
    let (paper,): (String,) = sqlx::query_as("SELECT paper FROM mock_exams WHERE id = $1")
        .bind(&mock_id)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    let paper: Vec<Value> = serde_json::from_str(&paper).unwrap();

    // Every 单选 question has its stored order; some are not in the bank's order.
    struct Question {
        n: usize,
        attempt: String,
        order: Vec<usize>,
        item: annocert::bank::Item,
    }
    let mut questions = vec![];
    for (i, e) in paper.iter().enumerate() {
        if e["kind"] != "single_choice" {
            continue;
        }
        let (order, content): (Option<String>, String) = sqlx::query_as(
            "SELECT p.option_order, v.content FROM practice_answers p
             JOIN item_versions v ON v.id = p.version_id WHERE p.id = $1",
        )
        .bind(e["attempt"].as_str().unwrap())
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
        let order = order.expect("a 单选 question stores its order");
        questions.push(Question {
            n: i + 1,
            attempt: e["attempt"].as_str().unwrap().to_string(),
            order: order.split(',').map(|s| s.parse().unwrap()).collect(),
            item: serde_json::from_str(&content).unwrap(),
        });
    }
    assert!(questions.len() >= 100);
    let key_of = |item: &annocert::bank::Item| {
        let k = item.task.gold.as_ref().unwrap()["choice"].as_str().unwrap();
        usize::from(k.as_bytes()[0] - b'A')
    };
    // Questions whose key is shown under another letter than in the bank (a shuffle may move
    // the other options and leave the key in place: about one order in five of four options).
    let moved: Vec<&Question> = questions
        .iter()
        .filter(|q| q.order.get(key_of(&q.item)) != Some(&key_of(&q.item)))
        .collect();
    assert!(moved.len() >= 2, "the mock paper's options are shuffled");

    // Two shuffled questions: the first answered with the key in the letters shown, the second
    // with the key's letter in the bank where it shows another option.
    let mut seen = vec![];
    for q in &moved[..2] {
        let (shown, _, config) = workbench(&b, &format!("/mock/{mock_id}/q/{}", q.n)).await;
        let bank = q.item.task.options.clone().unwrap();
        let expected: Vec<String> = q.order.iter().map(|&j| bank[j].clone()).collect();
        assert_eq!(shown, expected);
        let key = key_of(&q.item);
        let right = letter(q.order.iter().position(|&j| j == key).unwrap());
        seen.push((shown, right, letter(key)));
        assert_eq!(config["mode"], "exam");
    }
    let (_, right, _) = &seen[0];
    let r = b
        .put_answer(
            &format!("/api/v1/practice/attempts/{}/answer", moved[0].attempt),
            json!({ "choice": right }),
            1,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, right2, bank_letter) = &seen[1];
    assert_ne!(right2, bank_letter, "a shuffled key moves");
    let r = b
        .put_answer(
            &format!("/api/v1/practice/attempts/{}/answer", moved[1].attempt),
            json!({ "choice": bank_letter }),
            1,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = b.post_form(&format!("/mock/{mock_id}/submit"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Scored in the letters shown: one right (0.5 points at level 5), one wrong.
    let score = |id: String| {
        let pool = t.app().db.pool.clone();
        async move {
            let (s,): (Option<f64>,) =
                sqlx::query_as("SELECT score FROM practice_answers WHERE id = $1")
                    .bind(id)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            s
        }
    };
    assert_eq!(score(moved[0].attempt.clone()).await, Some(1.0));
    assert_eq!(score(moved[1].attempt.clone()).await, Some(0.0));
    let (total,): (f64,) = sqlx::query_as("SELECT score FROM mock_exams WHERE id = $1")
        .bind(&mock_id)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    assert_eq!(total, 0.5);

    // The review shows each question as it was seen: the order, the answer, the gold.
    for (q, (shown, right, _)) in moved[..2].iter().zip(&seen) {
        let (again, state, _) = workbench(&b, &format!("/mock/{mock_id}/q/{}", q.n)).await;
        assert_eq!(&again, shown);
        assert_eq!(state["result"]["gold"], json!({ "choice": right }));
    }
    // A reviewed question whose explanation names letters starts with the mapping line.
    let named = moved
        .iter()
        .find(|q| annocert::exam::shuffle::names_letters(&q.item.explanation, q.order.len()));
    if let Some(q) = named {
        let (_, state, _) = workbench(&b, &format!("/mock/{mock_id}/q/{}", q.n)).await;
        let ex = state["result"]["explanation_html"].as_str().unwrap();
        assert!(
            ex.starts_with(
                "<p class=\"wb-letter-map\">解析中的选项字母按题库原顺序：题库 A = 你看到的 "
            ),
            "{ex}"
        );
    }
}
