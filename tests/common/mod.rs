//! Test harness: the real server on a random port with a fresh database — SQLite always,
//! PostgreSQL when ANNOCERT_TEST_POSTGRES_URL is set (a fresh database per test).
#![allow(dead_code)]

pub mod exam;

use annocert::clock::{Clock, ManualClock};
use annocert::config::Config;
use annocert::server::{self, Running};
use reqwest::{Client, Response, StatusCode, redirect};
use serde_json::{Value, json};

/// 2026-03-01 00:00:00 UTC: tests start at a fixed time and move it by hand.
pub const T0: i64 = 1_772_323_200_000;

pub struct TestApp {
    pub server: Running,
    pub clock: ManualClock,
    pub database_url: String,
    pub secret: Vec<u8>,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh, empty database: a SQLite file in a temp dir, or a new PostgreSQL database.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("ANNOCERT_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(base) => {
            sqlx::any::install_default_drivers();
            let name = format!("annocert_t_{}", uuid::Uuid::now_v7().simple());
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
                .await
                .expect("connect to ANNOCERT_TEST_POSTGRES_URL");
            sqlx::Executor::execute(
                &mut conn,
                sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")),
            )
            .await
            .expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("URL with a database path");
            (format!("{prefix}/{name}"), None)
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_limited(annocert::config::RateLimits::DEFAULT).await
    }

    /// With the given request rate limits: a test that hammers one session on purpose (a race
    /// of saves) turns them off, since the default 600 a minute is what it would measure.
    pub async fn spawn_limited(limits: annocert::config::RateLimits) -> TestApp {
        let (url, dir) = fresh_database().await;
        let secret = b"test-secret-test-secret-test-secret!".to_vec();
        let mut app = TestApp::start(&url, secret, limits).await;
        app._dir = dir;
        app
    }

    /// Another instance on the same database (and secret), with its own clock.
    pub async fn spawn_on(url: &str, secret: Vec<u8>) -> TestApp {
        TestApp::start(url, secret, annocert::config::RateLimits::DEFAULT).await
    }

    async fn start(url: &str, secret: Vec<u8>, limits: annocert::config::RateLimits) -> TestApp {
        let (clock, handle) = Clock::manual(T0);
        let mut config = Config::new("http://127.0.0.1".into(), false, secret.clone());
        config.rate_limits = limits;
        let app = server::prepare(url, config, clock)
            .await
            .expect("prepare app");
        let server = server::spawn(app, "127.0.0.1:0")
            .await
            .expect("spawn server");
        TestApp {
            server,
            clock: handle,
            database_url: url.to_string(),
            secret,
            _dir: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub fn app(&self) -> &annocert::app::App {
        &self.server.app
    }

    /// Creates the first platform admin and returns its one-time password.
    pub async fn bootstrap_admin(&self) -> String {
        annocert::app::bootstrap::ensure_admin(self.app())
            .await
            .expect("bootstrap")
            .expect("no admin yet")
    }

    /// A browser-like client: keeps cookies, does not follow redirects, knows its CSRF token.
    pub async fn client(&self) -> Browser {
        Browser::new(self.server.url()).await
    }

    /// Signs in as a fresh platform admin with a changed password.
    pub async fn admin_browser(&self) -> Browser {
        let pw = self.bootstrap_admin().await;
        let b = self.client().await;
        b.login_ok("admin", &pw).await;
        b.change_password(&pw, "Platform-pass-2026").await;
        b
    }

    /// A center with a center admin signed in (password already changed).
    pub async fn center_admin(&self, admin: &Browser, code: &str) -> (Value, Browser) {
        let center = admin
            .post_json(
                "/api/v1/centers",
                &json!({ "code": code, "name": format!("{code} 培训中心") }),
            )
            .await;
        assert_eq!(center.status(), StatusCode::CREATED);
        let center: Value = center.json().await.unwrap();
        let created = admin
            .post_json(
                "/api/v1/users",
                &json!({ "role": "center_admin", "center_code": code, "real_name": "机构管理员", "username": format!("{code}-admin"), "email": format!("{code}@example.com") }),
            )
            .await;
        assert_eq!(
            created.status(),
            StatusCode::CREATED,
            "{:?}",
            created.text().await
        );
        let created: Value = created.json().await.unwrap();
        let b = self.client().await;
        let pw = created["one_time_password"].as_str().unwrap().to_string();
        b.login_ok(&format!("{code}-admin"), &pw).await;
        b.change_password(&pw, "Center-admin-2026").await;
        (center, b)
    }
}

pub struct Browser {
    pub http: Client,
    pub base: String,
    pub csrf: String,
}

impl Browser {
    /// A browser-like client of the server at `base` (one started outside [`TestApp`] too).
    pub async fn new(base: String) -> Browser {
        let http = Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .expect("client");
        let mut b = Browser {
            http,
            base,
            csrf: String::new(),
        };
        b.refresh_csrf().await;
        b
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn refresh_csrf(&mut self) {
        let v: Value = self
            .http
            .get(self.url("/api/v1/csrf"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        self.csrf = v["token"].as_str().unwrap().to_string();
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let r = self.get(path).await;
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// An autosave: `PUT url {"answer", "seq"}` with the CSRF token.
    pub async fn put_answer(&self, url: &str, answer: Value, seq: i64) -> Response {
        self.http
            .put(self.url(url))
            .header("x-csrf-token", &self.csrf)
            .json(&json!({ "answer": answer, "seq": seq }))
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &self.csrf)];
        all.extend_from_slice(fields);
        self.http
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, login: &str, password: &str) -> Response {
        self.post_json(
            "/api/v1/session",
            &json!({ "login": login, "password": password }),
        )
        .await
    }

    pub async fn login_ok(&self, login: &str, password: &str) -> Value {
        let r = self.login(login, password).await;
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "login {login}: {:?}",
            r.text().await
        );
        r.json().await.unwrap()
    }

    pub async fn change_password(&self, current: &str, new: &str) {
        let r = self
            .post_json(
                "/api/v1/me/password",
                &json!({ "current": current, "new": new, "confirm": new }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);
    }

    pub async fn upload(&self, path: &str, filename: &str, bytes: Vec<u8>) -> Response {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string()),
        );
        self.http
            .post(self.url(path))
            .header("x-csrf-token", &self.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

/// The `{"error": {"code"}}` of a response.
pub async fn error_code(r: Response) -> String {
    let v: Value = r.json().await.unwrap_or(Value::Null);
    v["error"]["code"].as_str().unwrap_or("").to_string()
}

/// A center (`code`) with a trainee; returns the trainee's login (phone) and one-time password.
pub async fn make_trainee(t: &TestApp, code: &str) -> (String, String) {
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, code).await;
    let r = ca
        .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "张三", "id_number": "11010519491231002X", "phone": "13800138000" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    (
        "13800138000".into(),
        created["one_time_password"].as_str().unwrap().to_string(),
    )
}

/// The current version id of a bank item.
pub async fn version_of(t: &TestApp, item_id: &str) -> String {
    let (v,): (String,) =
        sqlx::query_as("SELECT current_version FROM bank_items WHERE item_id = $1")
            .bind(item_id)
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    v
}

/// A valid 身份证号 (ISO 7064 MOD 11-2 check character) numbered `n`.
pub fn id_number(n: u32) -> String {
    let body = format!("11010519900101{:03}", n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// A person of the center (created by its admin), signed in with a changed password.
pub async fn person(t: &TestApp, admin: &Browser, role: &str, username: &str) -> Browser {
    let n: u32 = username.bytes().map(u32::from).sum::<u32>() * 7 + username.len() as u32;
    let r = admin
        .post_json(
            "/api/v1/users",
            &json!({
                "role": role, "real_name": format!("{username} 同学"), "username": username,
                "id_number": id_number(n), "email": format!("{username}@example.com"),
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let created: Value = r.json().await.unwrap();
    let otp = created["one_time_password"].as_str().unwrap().to_string();
    let b = t.client().await;
    b.login_ok(username, &otp).await;
    b.change_password(&otp, "Person-pass-2026").await;
    b
}

/// A zip archive of `(path, bytes)` files, as a center uploads its bank.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}
