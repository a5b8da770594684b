//! Question banks: the shipped banks pass `bank check`; import is idempotent and versioned,
//! on SQLite and PostgreSQL.

mod common;

use std::process::Command;

use annocert::app::bank::{self, ImportReport, Scope};
use common::TestApp;

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
    assert!(out.stdout.is_empty());

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
        .find(|i| i.kind == "true_false")
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
