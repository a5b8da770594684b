//! Question banks: the shipped banks pass `bank check`; import is idempotent and versioned,
//! on SQLite and PostgreSQL.

mod common;

use std::process::Command;

use annocert::app::bank::{self, ImportReport, Scope};
use common::{TestApp, zip_of};

#[test]
fn bank_check_passes_on_the_shipped_banks_and_reports_file_and_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_annocert"))
        .args(["bank", "check", "question_banks"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing at all: no problem, and no cue warning either (cue warnings would not fail the
    // check; bank::tests::shipped_banks_have_only_the_known_cue_warnings keeps them out).
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.trim().is_empty(), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(": no problems"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A copy with one wrong answer key: exit status 1 and `file:line: item-id: problem`.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("level5")).unwrap();
    std::fs::write(
        dir.path().join("level5/theory-x.toml"),
        "title = \"x\"\n\n[[items]]\nid = \"X-1\"\nkind = \"single_choice\"\nlevel = 5\nskills = [\"0.1.2\"]\ndifficulty = 1\nuse = [\"practice\"]\nprompt = \"p\"\noptions = [\"a\", \"b\"]\ngold = { choice = \"C\" }\nexplanation = \"e\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_annocert"))
        .args(["bank", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("level5/theory-x.toml:3: X-1: ")),
        "{stdout}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_annocert"))
        .args(["bank", "stats", "question_banks"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(stats["by_level"]["5"].is_object(), "{stats}");
    let score = stats["by_level"]["5"]["cues"]["test_wise"]["score"]
        .as_f64()
        .unwrap();
    assert!((0.0..40.0).contains(&score), "{score}");
    assert!(stats["cues_cross_level"].is_array());
}

#[tokio::test]
async fn import_is_idempotent_and_versions_changed_items() {
    let t = TestApp::spawn().await;
    let app = t.app();
    let set = bank::shipped_set();
    let total = set.items().count();
    assert!(total > 1000);
    let first = bank::import(app, &set, Scope::Shipped).await.unwrap();
    assert_eq!(
        first,
        ImportReport {
            added: total,
            ..Default::default()
        }
    );
    let versions = annocert::store::bank::count_versions(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(versions as usize, total);

    // Twice in a row changes nothing.
    let second = bank::import(app, &set, Scope::Shipped).await.unwrap();
    assert_eq!(
        second,
        ImportReport {
            unchanged: total,
            ..Default::default()
        }
    );
    assert_eq!(
        annocert::store::bank::count_versions(&app.db.pool)
            .await
            .unwrap() as usize,
        total
    );

    // A changed item gets a new version; the old one stays for the papers that used it.
    let mut changed = set.clone();
    let item = changed
        .files
        .iter_mut()
        .flat_map(|f| f.items.iter_mut())
        .find(|i| i.kind() == annocert::scoring::Kind::TrueFalse)
        .unwrap();
    item.explanation.push_str("（已补充说明）");
    let id = item.id.clone();
    // And one item leaves the bank.
    let gone = changed.files[0].items.pop().unwrap().id;
    let third = bank::import(app, &changed, Scope::Shipped).await.unwrap();
    assert_eq!(
        third,
        ImportReport {
            changed: 1,
            unchanged: total - 2,
            retired: 1,
            added: 0
        }
    );
    let versions: Vec<(String, String)> =
        sqlx::query_as("SELECT item_key, hash FROM item_versions WHERE item_key = $1")
            .bind(format!("shipped/{id}"))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(versions.len(), 2, "both versions are kept");
    let (retired,): (i64,) = sqlx::query_as("SELECT retired FROM bank_items WHERE key = $1")
        .bind(format!("shipped/{gone}"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(retired, 1);

    // Going back to the first content reuses its version rather than making a third.
    let fourth = bank::import(app, &set, Scope::Shipped).await.unwrap();
    assert_eq!(fourth.changed, 2);
    assert_eq!(
        annocert::store::bank::count_versions(&app.db.pool)
            .await
            .unwrap() as usize,
        total + 1
    );
}

#[tokio::test]
async fn the_server_imports_the_embedded_banks_once() {
    let t = TestApp::spawn().await;
    let r = bank::import_shipped_if_changed(t.app())
        .await
        .unwrap()
        .expect("first import");
    assert!(r.added > 1000);
    assert!(
        bank::import_shipped_if_changed(t.app())
            .await
            .unwrap()
            .is_none()
    );
}

const CENTER_BANK: &str = r#"
title = "本机构自编"

[[items]]
id = "ZX-BOX-1"
kind = "boxes"
level = 5
skills = ["2.1.2"]
difficulty = 1
use = ["practice"]
prompt = "框出图中的车辆。"
spec = "框出每辆车的可见部分。"
labels = ["car"]
image = { width = 100, height = 80 }
assets = ["assets/car.svg"]
gold = [{ label = "car", bbox = [10, 20, 30, 20] }]
explanation = "只有一辆车。"

[[items]]
id = "ZX-T-1"
kind = "true_false"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice", "exam"]
prompt = "标注时遇到规范未覆盖的情况，应记录并反馈。"
gold = { answer = true }
explanation = "如实记录并反馈，不猜测。"
"#;

const CAR_SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="80"><rect x="10" y="20" width="30" height="20" fill="red"/></svg>"#;

#[tokio::test]
async fn a_center_uploads_its_own_bank_as_a_zip_seen_by_its_people_only() {
    use reqwest::StatusCode;
    use serde_json::{Value, json};
    let t = TestApp::spawn().await;
    bank::import_shipped_if_changed(t.app()).await.unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "zx").await;
    let (_, other) = t.center_admin(&admin, "yy").await;

    // Problems: an unknown skill, a shipped id, a missing asset. Nothing is imported.
    let bad = CENTER_BANK
        .replace("skills = [\"0.1.2\"]", "skills = [\"9.9.9\"]")
        .replace("ZX-BOX-1", "L5-P-BOX-001");
    let r = ca
        .upload(
            "/api/v1/banks",
            "bank.zip",
            zip_of(&[("mine/level5/own.toml", bad.as_bytes())]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let problems = v["problems"].as_array().unwrap();
    // Each problem: its place, a stable code with its arguments, and the message in the
    // request's language (Chinese by default).
    let find = |code: &str| {
        problems
            .iter()
            .find(|p| p["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {v:#}"))
    };
    let skill = find("bank_problem.skill_unknown");
    assert_eq!(skill["file"], "level5/own.toml");
    assert_eq!(skill["args"], json!({"skill": "9.9.9", "level": "5"}));
    assert_eq!(skill["message"], "5 级没有技能代码 9.9.9");
    let shipped = find("bank_problem.duplicate_shipped_id");
    assert_eq!(shipped["item_id"], "L5-P-BOX-001");
    assert!(
        shipped["message"].as_str().unwrap().starts_with("题号重复"),
        "{shipped}"
    );
    let asset = find("bank_problem.asset_missing");
    assert_eq!(asset["args"]["asset"], "assets/car.svg");
    assert_eq!(asset["args"]["path"], "level5/assets/car.svg");
    // The same upload in English, as an integration asking for it gets it.
    let r = ca
        .http
        .post(ca.url("/api/v1/banks"))
        .header("x-csrf-token", &ca.csrf)
        .header("accept-language", "en")
        .multipart(
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(zip_of(&[(
                    "mine/level5/own.toml",
                    bad.as_bytes(),
                )]))
                .file_name("bank.zip"),
            ),
        )
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let en = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "bank_problem.skill_unknown")
        .unwrap();
    assert_eq!(en["message"], "skill 9.9.9 does not exist at level 5");
    // The page lists them in Chinese, with the code beside.
    let r = ca
        .upload(
            "/center/banks",
            "bank.zip",
            zip_of(&[("mine/level5/own.toml", bad.as_bytes())]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("5 级没有技能代码 9.9.9")
            && page.contains("data-code=\"bank_problem.skill_unknown\""),
        "{page}"
    );
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bank_items WHERE center_id IS NOT NULL")
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    assert_eq!(n, 0);
    // Not a zip at all: a clear error, with the reason's code, through the page too.
    let r = ca
        .upload("/api/v1/banks", "bank.zip", b"hello".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "unreadable_zip");
    assert_eq!(v["error"]["detail"]["code"], "zip.not_zip");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("无法读取压缩包：不是 zip 压缩包"),
        "{v}"
    );
    let r = ca
        .upload("/center/banks", "bank.zip", b"hello".to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不是 zip 压缩包"));

    // A good bank under a top folder: imported for this center; twice changes nothing.
    let good = zip_of(&[
        ("mine/level5/own.toml", CENTER_BANK.as_bytes()),
        ("mine/level5/assets/car.svg", CAR_SVG),
    ]);
    let r = ca.upload("/api/v1/banks", "bank.zip", good.clone()).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let report: Value = r.json().await.unwrap();
    assert_eq!(
        report,
        json!({"added": 2, "changed": 0, "unchanged": 0, "retired": 0})
    );
    let r = ca.upload("/api/v1/banks", "bank.zip", good).await;
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["unchanged"], 2);
    let page = ca.get("/center/banks").await.text().await.unwrap();
    assert!(
        page.contains("矩形框标注") && page.contains("判断题"),
        "{page}"
    );

    // A trainee of the center practises the item and sees its picture; another center does not.
    let r = ca
        .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "王五", "id_number": "11010519491231002X", "phone": "13700137000" }))
        .await;
    let created: Value = r.json().await.unwrap();
    let b = t.client().await;
    let otp = created["one_time_password"].as_str().unwrap();
    b.login_ok("13700137000", otp).await;
    b.change_password(otp, "Trainee-pass-2026").await;
    let (v,): (String,) =
        sqlx::query_as("SELECT current_version FROM bank_items WHERE item_id = 'ZX-BOX-1'")
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    let html = b
        .get(&format!("/practice/items/{v}"))
        .await
        .text()
        .await
        .unwrap();
    let (center_id,): (String,) = sqlx::query_as("SELECT id FROM centers WHERE code = 'zx'")
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    let asset = format!("/center-assets/{center_id}/level5/assets/car.svg");
    assert!(html.contains(&asset), "{html}");
    let r = b.get(&asset).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), CAR_SVG);
    assert_eq!(other.get(&asset).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        other.get(&format!("/practice/items/{v}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // Trainees cannot upload.
    let r = b
        .upload(
            "/api/v1/banks",
            "bank.zip",
            zip_of(&[("level5/a.toml", CENTER_BANK.as_bytes())]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
