//! The binary as a user runs it: first start prints the admin's one-time password; the admin
//! commands work; SIGTERM stops the service gracefully.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_annocert"))
}

struct Served {
    child: Child,
    url: String,
    lines: Vec<String>,
}

/// Starts `annocert serve` on a free port and reads its console until it prints the URL.
/// The child is waited for in `stop`.
#[allow(clippy::zombie_processes)]
fn serve(data_dir: &std::path::Path, database_url: &str) -> Served {
    serve_with(data_dir, database_url, &[])
}

/// [`serve`] with more arguments.
#[allow(clippy::zombie_processes)]
fn serve_with(data_dir: &std::path::Path, database_url: &str, extra: &[&str]) -> Served {
    let mut child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env("DATABASE_URL", database_url)
        .env_remove("ANNOCERT_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start annocert");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut lines = vec![];
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("annocert exited or stalled before printing its URL: {lines:?}");
        }
        let line = line.trim_end().to_string();
        if let Some(rest) = line.split("open ").nth(1) {
            let url = rest.split_whitespace().next().unwrap().to_string();
            lines.push(line);
            return Served { child, url, lines };
        }
        lines.push(line);
    }
}

fn stop(mut s: Served) {
    // SIGTERM: the service finishes in-flight requests and exits cleanly.
    let _ = Command::new("kill")
        .args(["-TERM", &s.child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            return;
        }
        assert!(Instant::now() < deadline, "did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn first_start_prints_the_admin_password_once() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = common::fresh_database().await;
    let s = serve(dir.path(), &db);
    let pw = s
        .lines
        .iter()
        .find_map(|l| l.split("一次性密码:").nth(1))
        .map(|p| p.trim().to_string())
        .unwrap_or_else(|| panic!("no password in {:?}", s.lines));
    assert!(
        s.lines
            .iter()
            .any(|l| l.contains("username / 用户名:") && l.contains("admin"))
    );
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let csrf: Value = client
        .get(format!("{}/api/v1/csrf", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = client
        .post(format!("{}/api/v1/session", s.url))
        .header("x-csrf-token", csrf["token"].as_str().unwrap())
        .json(&json!({ "login": "admin", "password": pw }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["must_change_password"], true);
    // The server secret was made in the data dir, readable by its owner only.
    let meta = std::fs::metadata(dir.path().join("secret.key")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    stop(s);

    // A second start finds the admin and prints no password.
    let s = serve(dir.path(), &db);
    assert!(
        !s.lines.iter().any(|l| l.contains("一次性密码")),
        "{:?}",
        s.lines
    );
    stop(s);
}

#[tokio::test]
async fn admin_commands_create_centers_and_users_and_reset_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = common::fresh_database().await;
    let run = |args: &[&str]| {
        let out = bin()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env("DATABASE_URL", &db)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, out, err) = run(&["migrate"]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = run(&[
        "admin",
        "create-center",
        "--code",
        "HZ01",
        "--name",
        "杭州培训中心",
    ]);
    assert!(ok && out.contains("hz01"), "{out}{err}");
    let (ok, out, err) = run(&[
        "admin",
        "create-user",
        "--role",
        "center_admin",
        "--center",
        "hz01",
        "--name",
        "王老师",
        "--email",
        "wang@example.com",
    ]);
    assert!(
        ok && out.contains("hz01-0001") && out.contains("one-time password:"),
        "{out}{err}"
    );
    // A bad ID number is refused with the reason, and nothing is created.
    let (ok, _, err) = run(&[
        "admin",
        "create-user",
        "--role",
        "trainee",
        "--center",
        "hz01",
        "--name",
        "学员",
        "--phone",
        "13800138000",
        "--id-number",
        "110105194912310021",
    ]);
    assert!(!ok && err.contains("check character"), "{err}");
    let (ok, out, err) = run(&["admin", "reset-password", "wang@example.com"]);
    assert!(
        ok && out.contains("new one-time password for hz01-0001"),
        "{out}{err}"
    );
    let (ok, _, err) = run(&["admin", "reset-password", "nobody"]);
    assert!(!ok && err.contains("does not exist"), "{err}");
}

#[tokio::test]
async fn two_instances_started_together_on_one_new_database_both_come_up() {
    // Before: on PostgreSQL one of them exited with `duplicate key value violates unique
    // constraint "users_username_key"` (both created the admin); on SQLite with "table centers
    // already exists" (both ran the first migration).
    let (db, _keep) = common::fresh_database().await;
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| serve(d1.path(), &db));
        let b = s.spawn(|| serve(d2.path(), &db));
        (a.join().unwrap(), b.join().unwrap())
    });
    let printed = [&a, &b]
        .iter()
        .filter(|s| s.lines.iter().any(|l| l.contains("一次性密码")))
        .count();
    assert_eq!(printed, 1, "{:?}\n{:?}", a.lines, b.lines);
    for s in [&a, &b] {
        let r = reqwest::get(format!("{}/readyz", s.url)).await.unwrap();
        assert_eq!(r.status(), 200);
    }
    stop(a);
    stop(b);
}

/// `annocert demo` seeds a fresh database (and refuses one with centers); its certificates'
/// credentials pass `annocert credential verify`, and a changed one fails with its reason.
#[tokio::test]
async fn the_demo_and_credential_verification() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = common::fresh_database().await;
    let run = |args: &[&str]| {
        let out = bin()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env("DATABASE_URL", &db)
            .env_remove("ANNOCERT_SIGNING_KEY")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, out, err) = run(&["demo"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("demo-admin") && out.contains("/verify/DEMO-"),
        "{out}"
    );
    let (code, _, err) = run(&["demo"]);
    assert_eq!(
        code,
        Some(2),
        "a second demo on the same database is refused: {err}"
    );
    assert!(err.contains("already has centers"), "{err}");

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db).await.unwrap();
    let (vc,): (String,) = sqlx::query_as(
        "SELECT credential FROM certificates WHERE revoked_at IS NULL ORDER BY issued_at LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, &vc).unwrap();
    let (code, out, err) = run(&["credential", "verify", good.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.starts_with("OK"), "{out}");
    let mut changed: Value = serde_json::from_str(&vc).unwrap();
    changed["credentialSubject"]["name"] = json!("冒名者");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, changed.to_string()).unwrap();
    let (code, out, _) = run(&["credential", "verify", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(out.contains("bad signature"), "{out}");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{not json").unwrap();
    let (code, out, _) = run(&["credential", "verify", junk.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(out.contains("malformed"), "{out}");
}

/// Kills the server with SIGKILL while four writers (browser tabs of the candidate, each on its
/// own questions) autosave a mock exam as fast as they are answered, at three random moments
/// (the seed is printed; `ANNOCERT_CRASH_SEED` replays it); after each restart every
/// acknowledged save is in the database (a save that landed without its acknowledgement may be
/// newer) and the paper keeps its deadline: the server clock's remaining time is unchanged by
/// the crash.
#[tokio::test]
async fn acknowledged_saves_survive_sigkill() {
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = common::fresh_database().await;
    let no_limits = ["--rate-limit-address", "0", "--rate-limit-client", "0"];
    let s = serve_with(dir.path(), &db, &no_limits);
    let otp = s
        .lines
        .iter()
        .find_map(|l| l.split("一次性密码:").nth(1))
        .map(|p| p.trim().to_string())
        .unwrap();
    let admin = common::Browser::new(s.url.clone()).await;
    admin.login_ok("admin", &otp).await;
    admin.change_password(&otp, "Platform-pass-2026").await;
    let r = admin
        .post_json(
            "/api/v1/centers",
            &json!({"code": "kl", "name": "断电演练中心"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = admin
        .post_json(
            "/api/v1/users",
            &json!({"role": "trainee", "center_code": "kl", "real_name": "考生", "username": "crash1",
                    "id_number": common::id_number(7), "email": "crash1@example.com"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let created: Value = r.json().await.unwrap();
    let pw = created["one_time_password"].as_str().unwrap().to_string();
    let trainee = common::Browser::new(s.url.clone()).await;
    trainee.login_ok("crash1", &pw).await;
    trainee.change_password(&pw, "Crash-test-2026").await;
    let r = trainee.post_form("/mock", &[("level", "5")]).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let mock = to.split('/').nth(2).unwrap().to_string();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db).await.unwrap();
    let attempts: Vec<(String,)> = sqlx::query_as(
        "SELECT p.id FROM practice_answers p WHERE p.mock_id = $1 ORDER BY p.created_at LIMIT 20",
    )
    .bind(&mock)
    .fetch_all(&pool)
    .await
    .unwrap();
    let (deadline,): (i64,) = sqlx::query_as("SELECT deadline_at FROM mock_exams WHERE id = $1")
        .bind(&mock)
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut s = s;
    // seq per attempt, carried over the crashes (the server refuses an older one).
    let mut seqs: BTreeMap<String, i64> = BTreeMap::new();
    let seed: u64 = std::env::var("ANNOCERT_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("acknowledged_saves_survive_sigkill: ANNOCERT_CRASH_SEED={seed}");
    let mut x = seed | 1;
    let mut moments = vec![];
    for _ in 0..3 {
        // xorshift: a moment between 200 ms and 2 s after the writers start.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        moments.push(200 + x % 1800);
    }
    const WRITERS: usize = 4;
    for (round, kill_after_ms) in moments.into_iter().enumerate() {
        let ledger: std::sync::Arc<std::sync::Mutex<BTreeMap<String, (i64, Value)>>> =
            Default::default();
        let mut writers = vec![];
        for w in 0..WRITERS {
            let b = common::Browser::new(s.url.clone()).await;
            b.login_ok("crash1", "Crash-test-2026").await;
            let ledger = ledger.clone();
            // Each writer its own questions, so that their seqs never cross.
            let mine: Vec<String> = attempts
                .iter()
                .skip(w)
                .step_by(WRITERS)
                .map(|(a,)| a.clone())
                .collect();
            let mut seqs = seqs.clone();
            writers.push(tokio::spawn(async move {
                let mut k = 0usize;
                // Until the server is gone (a refused connection ends the writer).
                loop {
                    let a = &mine[k % mine.len()];
                    let seq = seqs.entry(a.clone()).or_insert(0);
                    *seq += 1;
                    let answer =
                        json!({"answer": k.is_multiple_of(2), "n": format!("{round}-{w}-{k}")});
                    let r = b
                        .http
                        .put(b.url(&format!("/api/v1/practice/attempts/{a}/answer")))
                        .header("x-csrf-token", &b.csrf)
                        .json(&json!({"answer": answer, "seq": *seq}))
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status() == 200 => {
                            ledger.lock().unwrap().insert(a.clone(), (*seq, answer));
                        }
                        Ok(r) => panic!("save refused before the crash: {}", r.status()),
                        Err(_) => return seqs,
                    }
                    k += 1;
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(kill_after_ms)).await;
        s.child.kill().unwrap(); // SIGKILL
        s.child.wait().unwrap();
        for w in writers {
            // Each writer moved its own questions' seqs; the others it kept as they were.
            for (a, seq) in w.await.unwrap() {
                let kept = seqs.entry(a).or_insert(seq);
                *kept = (*kept).max(seq);
            }
        }
        let acked = ledger.lock().unwrap().clone();
        assert!(
            !acked.is_empty(),
            "round {round}: no save acknowledged before the kill"
        );
        // Restart on the same database; the ledger against what it kept.
        s = serve_with(dir.path(), &db, &no_limits);
        for (a, (seq, answer)) in &acked {
            let (stored_seq, stored): (i64, Option<String>) =
                sqlx::query_as("SELECT seq, answer FROM practice_answers WHERE id = $1")
                    .bind(a)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert!(
                stored_seq >= *seq,
                "round {round}: acknowledged seq {seq} of {a} lost (stored {stored_seq})"
            );
            if stored_seq == *seq {
                let stored: Value = serde_json::from_str(&stored.unwrap()).unwrap();
                assert_eq!(
                    &stored, answer,
                    "round {round}: the acknowledged answer of {a}"
                );
            }
            // The writer continues from what the server has.
            seqs.insert(a.clone(), stored_seq);
        }
        let (d,): (i64,) = sqlx::query_as("SELECT deadline_at FROM mock_exams WHERE id = $1")
            .bind(&mock)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(d, deadline, "the paper's deadline survives the crash");
    }
    stop(s);
}
