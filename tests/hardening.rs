//! Holes found in review, each with the input that showed it: spreadsheets that claim to be
//! enormous, tokens outliving a password reset, formulas in exports, redirects off-site,
//! unbounded and invisible input, races between parallel requests and between instances
//! starting together, and request rate limits. Over HTTP against the real server, on SQLite
//! and (with ANNOCERT_TEST_POSTGRES_URL) on PostgreSQL.

mod common;

use annocert::clock::Clock;
use annocert::config::{Config, RateLimits};
use common::{Browser, T0, TestApp, error_code};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A valid 身份证号 (GB 11643) for a serial: region 110105, born 1949-12-31, sequence `seq`.
fn id_number(seq: u32) -> String {
    let body = format!("11010519491231{:03}", seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

#[test]
fn id_numbers_of_the_tests_are_valid() {
    // The shipped example: 11010519491231002X.
    assert_eq!(id_number(2), "11010519491231002X");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("the tests' T0");
    for i in 0..50 {
        assert!(
            annocert::accounts::idcard::validate(&id_number(i), today).is_ok(),
            "{i}"
        );
    }
}

/// A workbook with a cell at A1 and one at XFD1048576: a few KB that claim 2^34 cells.
fn far_flung_xlsx(header: &[&str]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "far").unwrap();
    wb.save_to_buffer().unwrap()
}

// 1. Spreadsheets are bounded before anything is allocated.

#[tokio::test]
async fn a_roster_claiming_a_million_rows_is_refused_not_read() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "big").await;
    let bytes = far_flung_xlsx(&["姓名", "身份证号", "手机"]);
    assert!(bytes.len() < 20_000, "{}", bytes.len());
    let r = ca
        .upload("/api/v1/users/import", "roster.xlsx", bytes)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let f = &v["error"]["fields"][0];
    assert_eq!(f["code"], "import.sheet_too_large", "{v}");
    assert!(f["message"].as_str().unwrap().contains("XFD1048576"), "{v}");
    // The service is alive and well.
    assert_eq!(ca.get("/healthz").await.status(), StatusCode::OK);
    // A CSV with too many columns is refused the same way.
    let wide = format!("姓名,身份证号,手机{}\n", ",x".repeat(100));
    let r = ca
        .upload("/api/v1/users/import", "wide.csv", wide.into_bytes())
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["code"], "import.sheet_too_large");
}

#[test]
fn a_bank_sheet_claiming_a_million_rows_is_refused_not_read() {
    let bytes = far_flung_xlsx(&annocert::bank::COLUMNS);
    let problems = annocert::bank::theory_from_table("题库.xlsx", &bytes).unwrap_err();
    assert_eq!(problems.len(), 1);
    let text = problems[0].to_string();
    assert!(text.contains("XFD1048576"), "{text}");
    // The old formats are read whole by calamine: refused with a way out.
    let problems =
        annocert::bank::theory_from_table("题库.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err();
    assert!(problems[0].to_string().contains(".xlsx"), "{:?}", problems);
}

// 2. A password reset revokes the API tokens; a change offers to.

async fn new_token(b: &Browser, name: &str) -> String {
    let r = b
        .post_json("/api/v1/tokens", &json!({ "name": name }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    v["secret"].as_str().unwrap().to_string()
}

async fn token_works(t: &TestApp, secret: &str) -> bool {
    let r = reqwest::Client::new()
        .get(t.url("/api/v1/me"))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap();
    r.status() == StatusCode::OK
}

#[tokio::test]
async fn password_resets_and_changes_revoke_api_tokens() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "tk").await;
    let (_, me) = ca.get_json("/api/v1/me").await;
    let id = me["id"].as_str().unwrap().to_string();

    // The owner changes the password keeping the tokens (API field false).
    let kept = new_token(&ca, "kept").await;
    let r = ca
        .post_json(
            "/api/v1/me/password",
            &json!({ "current": "Center-admin-2026", "new": "Center-admin-2027", "confirm": "Center-admin-2027", "revoke_tokens": false }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(token_works(&t, &kept).await);
    // Without the field the tokens go (the default, as on the form).
    ca.change_password("Center-admin-2027", "Center-admin-2028")
        .await;
    assert!(!token_works(&t, &kept).await);

    // On the form, the ticked box revokes them.
    let by_form = new_token(&ca, "form").await;
    let r = ca
        .post_form(
            "/account/password",
            &[
                ("current", "Center-admin-2028"),
                ("new", "Center-admin-2029"),
                ("confirm", "Center-admin-2029"),
                ("revoke_tokens", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!token_works(&t, &by_form).await);
    let page = ca.get("/account/password").await.text().await.unwrap();
    assert!(
        page.contains("name=\"revoke_tokens\" value=\"on\" checked"),
        "the box is ticked by default"
    );

    // An administrator's reset revokes every token of the person.
    let a = new_token(&ca, "a").await;
    let b = new_token(&ca, "b").await;
    assert!(token_works(&t, &a).await && token_works(&t, &b).await);
    let r = admin
        .post_json(&format!("/api/v1/users/{id}/reset-password"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!token_works(&t, &a).await);
    assert!(!token_works(&t, &b).await);
}

// 3. Exports never hold a formula.

#[tokio::test]
async fn the_one_time_password_sheet_is_formula_safe() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "fx").await;
    let names = [
        "=HYPERLINK(\"http://e.example\",\"x\")",
        "+1+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
    ];
    let mut csv = String::from("姓名,身份证号,手机,班级\n");
    for (i, n) in names.iter().enumerate() {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(vec![]);
        w.write_record([
            *n,
            &id_number(10 + i as u32),
            &format!("1390000000{i}"),
            "=1+1",
        ])
        .unwrap();
        csv.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
    }
    let r = ca
        .upload("/api/v1/users/import", "fx.csv", csv.into_bytes())
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    // Stored as typed; only the export is guarded.
    assert_eq!(v["created"][0]["user"]["real_name"], names[0]);
    let sheet = ca
        .get(&format!(
            "/downloads/{}",
            v["download_id"].as_str().unwrap()
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&sheet[3..]);
    let got: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[5].to_string())
        })
        .collect();
    assert_eq!(got.len(), 4);
    for ((name, class), typed) in got.iter().zip(names) {
        assert_eq!(name, &format!("'{typed}"));
        assert_eq!(class, "'=1+1");
    }
}

// 4, 5. Redirects go to same-origin paths only, and odd characters never answer 500.

#[tokio::test]
async fn next_never_leaves_the_site_nor_fails() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let anon = t.client().await;
    let b = t.client().await;
    b.login_ok("admin", &pw).await;
    b.change_password(&pw, "Platform-pass-2026").await;
    let encoded = [
        "/%09/evil.example",
        "%09//evil.example",
        "/%5Cevil.example",
        "//evil.example",
        "/%0D%0ASet-Cookie:%20x=y",
        "/%00",
        "%00",
        "/a%E2%80%AEb",
        "/a%20b",
    ];
    for next in encoded {
        // Signed in, /login sends you on at once.
        let r = b.get(&format!("/login?next={next}")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.headers()["location"], "/", "{next}");
        // Not signed in, the form carries it; never a 500.
        let r = anon.get(&format!("/login?next={next}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{next}");
    }
    let decoded = [
        "/\t/evil.example",
        "/\\evil.example",
        "/\r\nSet-Cookie: x=y",
        "/\0",
        "/a\u{202e}b",
    ];
    for next in decoded {
        let r = b
            .post_form("/lang", &[("lang", "en"), ("next", next)])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
        let r = anon
            .post_form(
                "/login",
                &[
                    ("login", "admin"),
                    ("password", "Platform-pass-2026"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
    }
    // A proper path is followed, non-ASCII percent-encoded.
    let r = b
        .post_form(
            "/lang",
            &[("lang", "zh-CN"), ("next", "/center/people?q=张")],
        )
        .await;
    assert_eq!(r.headers()["location"], "/center/people?q=%E5%BC%A0");
}

// 6. Login input is bounded before it is stored or used as a key.

#[tokio::test]
async fn an_enormous_login_name_is_a_failed_login_stored_short() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let b = t.client().await;
    let long = "a".repeat(100_000);
    let r = b.login(&long, "whatever-1").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A password far beyond the rules fails too, without being hashed.
    let r = b.login("admin", &"p".repeat(100_000)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let pool = &t.app().db.pool;
    let logged: Vec<(String, String)> =
        sqlx::query_as("SELECT actor_name, target FROM audit_log WHERE action = 'login_failed'")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(logged.len(), 2);
    for (name, target) in &logged {
        assert!(name.chars().count() <= 65 && target.chars().count() <= 65);
    }
    let keys: Vec<(String,)> = sqlx::query_as("SELECT key FROM login_throttle")
        .fetch_all(pool)
        .await
        .unwrap();
    assert!(!keys.is_empty());
    for (k,) in &keys {
        assert!(k.len() <= 300, "a key of {} bytes", k.len());
    }
    // The long name is counted: five of them lock that name (and only that name).
    for _ in 0..4 {
        assert_eq!(
            b.login(&long, "whatever-1").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        b.login(&long, "whatever-1").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    b.login_ok("admin", &pw).await;
}

// 7. Parallel guesses stay within the budget.

#[tokio::test]
async fn fifteen_parallel_wrong_passwords_check_five() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let b = t.client().await;
    let mut tasks = vec![];
    for i in 0..15 {
        let (http, url, csrf) = (b.http.clone(), b.url("/api/v1/session"), b.csrf.clone());
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .header("x-csrf-token", csrf)
                .json(&json!({ "login": "admin", "password": format!("wrong-password-{i}") }))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut statuses = vec![];
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (5, 10), "{statuses:?}");
    // Locked now, even with the right password.
    assert_eq!(
        b.login("admin", &pw).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let (failed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    assert_eq!(failed, 5);
}

// 8. Names hold no control or invisible characters.

#[tokio::test]
async fn names_with_control_or_bidi_characters_are_refused() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "cc").await;
    for bad in [
        "张\u{0}三",
        "\u{202e}三张",
        "张\u{2066}三\u{2069}",
        "张\u{200b}三",
    ] {
        let r = ca
            .post_json(
                "/api/v1/users",
                &json!({ "role": "trainee", "real_name": bad, "id_number": id_number(1), "phone": "13800138001" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["fields"][0]["code"], "person.bad_chars", "{v}");
        assert_eq!(v["error"]["fields"][0]["field"], "real_name");
    }
    let r = ca
        .post_json(
            "/api/v1/users",
            &json!({ "role": "trainee", "real_name": "张三", "class_name": "一班\u{202e}", "id_number": id_number(1), "phone": "13800138001" }),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["field"], "class_name", "{v}");
    let r = admin
        .post_json(
            "/api/v1/centers",
            &json!({ "code": "bidi", "name": "杭州\u{202e}中心" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["code"], "center.bad_chars");
    // Imports: the row and column are named.
    let csv = format!(
        "姓名,身份证号,手机,班级\n张\u{0}三,{},13800138002,一班\n李四,{},13800138003,二\u{2067}班\n",
        id_number(2),
        id_number(3)
    );
    let r = ca
        .upload("/api/v1/users/import", "cc.csv", csv.into_bytes())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let got: Vec<(i64, String, String)> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["row"].as_i64().unwrap(),
                f["field"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "姓名".to_string(), "import.bad_chars".to_string()),
            (3, "班级".to_string(), "import.bad_chars".to_string())
        ]
    );
    let (_, people) = ca.get_json("/api/v1/users?role=trainee").await;
    assert_eq!(people["total"], 0);
}

// 9. Concurrent creations of the same name answer a field error, never 500.

async fn post_all(b: &Browser, path: &str, bodies: Vec<Value>) -> Vec<(StatusCode, Value)> {
    let mut tasks = vec![];
    for body in bodies {
        let (http, url, csrf) = (b.http.clone(), b.url(path), b.csrf.clone());
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .header("x-csrf-token", csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }));
    }
    let mut out = vec![];
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

fn tally(results: &[(StatusCode, Value)]) -> (usize, Vec<String>) {
    let created = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let mut others: Vec<String> = results
        .iter()
        .filter(|(s, _)| *s != StatusCode::CREATED)
        .map(|(s, v)| format!("{} {}", s.as_u16(), v["error"]["fields"][0]["code"]))
        .collect();
    others.sort();
    others.dedup();
    (created, others)
}

#[tokio::test]
async fn concurrent_creations_of_one_name_give_a_field_error() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "race").await;
    let n = 6;

    let same_username = (0..n)
        .map(|i| json!({ "role": "examiner", "username": "same-name", "real_name": "考评员", "email": format!("e{i}@example.com") }))
        .collect();
    let got = post_all(&ca, "/api/v1/users", same_username).await;
    assert_eq!(
        tally(&got),
        (1, vec!["422 \"person.username_taken\"".to_string()]),
        "{got:?}"
    );

    let same_phone = (0..n)
        .map(|i| json!({ "role": "trainee", "real_name": "学员", "id_number": id_number(100 + i), "phone": "13900000000" }))
        .collect();
    let got = post_all(&ca, "/api/v1/users", same_phone).await;
    assert_eq!(
        tally(&got),
        (1, vec!["422 \"person.phone_taken\"".to_string()]),
        "{got:?}"
    );

    // Without a username, each gets a generated one of its own.
    let generated = (0..n)
        .map(|i| json!({ "role": "trainee", "real_name": "学员", "id_number": id_number(200 + i), "phone": format!("1370000000{i}") }))
        .collect();
    let got = post_all(&ca, "/api/v1/users", generated).await;
    assert_eq!(tally(&got), (n as usize, vec![]), "{got:?}");
    let mut names: Vec<&str> = got
        .iter()
        .map(|(_, v)| v["user"]["username"].as_str().unwrap())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n as usize);

    let same_code = (0..n)
        .map(|i| json!({ "code": "twin", "name": format!("中心{i}") }))
        .collect();
    let got = post_all(&admin, "/api/v1/centers", same_code).await;
    assert_eq!(
        tally(&got),
        (1, vec!["422 \"center.code_taken\"".to_string()]),
        "{got:?}"
    );
}

// 10. Instances starting together on one database both come up.

#[tokio::test]
async fn two_instances_starting_together_both_come_up() {
    let (url, _dir) = common::fresh_database().await;
    let secret = b"test-secret-test-secret-test-secret!".to_vec();
    let prepare = |url: String, secret: Vec<u8>| async move {
        let (clock, _) = Clock::manual(T0);
        let config = Config::new("http://127.0.0.1".into(), false, secret);
        let app = annocert::server::prepare(&url, config, clock).await?;
        let started = annocert::app::bootstrap::first_start(&app)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        anyhow::Ok((app, started))
    };
    let (a, b) = tokio::join!(
        prepare(url.clone(), secret.clone()),
        prepare(url.clone(), secret.clone())
    );
    let (app, a) = a.expect("first instance");
    let (_, b) = b.expect("second instance");
    // One admin, one password printed; the banks added once (on PostgreSQL the second instance
    // waits and finds them imported; on SQLite it may import again and find all unchanged).
    assert_eq!(
        [&a.admin_password, &b.admin_password]
            .iter()
            .filter(|p| p.is_some())
            .count(),
        1
    );
    let reports: Vec<_> = [&a.banks, &b.banks]
        .into_iter()
        .flatten()
        .map(|r| r.as_ref().expect("the bank import succeeds"))
        .collect();
    assert!(!reports.is_empty());
    assert_eq!(
        reports.iter().filter(|r| r.added > 0).count(),
        1,
        "{reports:?}"
    );
    let (admins,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'platform_admin'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(admins, 1);
}

// 11. Request rate limits.

async fn spawn_limited(
    limits: RateLimits,
) -> (annocert::server::Running, Option<tempfile::TempDir>) {
    let (url, dir) = common::fresh_database().await;
    let (clock, _) = Clock::manual(T0);
    let mut config = Config::new(
        "http://127.0.0.1".into(),
        false,
        b"test-secret-test-secret-test-secret!".to_vec(),
    );
    config.rate_limits = limits;
    let app = annocert::server::prepare(&url, config, clock)
        .await
        .unwrap();
    (
        annocert::server::spawn(app, "127.0.0.1:0").await.unwrap(),
        dir,
    )
}

#[tokio::test]
async fn a_token_or_session_over_its_limit_gets_429_with_retry_after() {
    let (server, _dir) = spawn_limited(RateLimits {
        per_address: 0,
        per_client: 5,
    })
    .await;
    let app = &server.app;
    let pw = annocert::app::bootstrap::ensure_admin(app)
        .await
        .unwrap()
        .unwrap();
    let b = common::Browser::new(server.url()).await;
    b.login_ok("admin", &pw).await;
    let http = &b.http;
    let url = |p: &str| b.url(p);
    // Five requests of the session pass, the sixth is refused.
    for _ in 0..5 {
        let r = http.get(url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = http.get(url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let code = error_code(r).await;
    assert_eq!(code, "too_many_requests");
    // Pages answer 429 too, as a page; static files and probes are not counted.
    let r = http.get(url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("429"));
    assert_eq!(
        http.get(url("/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    // Another client (no session) is not affected: the address has no limit here.
    let other = reqwest::Client::new();
    assert_eq!(
        other
            .get(url("/api/v1/csrf"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // A bearer token is a client of its own, valid or not.
    for _ in 0..5 {
        let r = other
            .get(url("/api/v1/me"))
            .bearer_auth("ac_guess")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = other
        .get(url("/api/v1/me"))
        .bearer_auth("ac_guess")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    server.stop().await;
}

#[tokio::test]
async fn an_address_over_its_limit_gets_429_and_normal_use_is_not_hit() {
    let (server, _dir) = spawn_limited(RateLimits {
        per_address: 10,
        per_client: 0,
    })
    .await;
    let url = |p: &str| format!("{}{p}", server.url());
    let http = reqwest::Client::new();
    for _ in 0..10 {
        assert_eq!(
            http.get(url("/api/v1/csrf")).send().await.unwrap().status(),
            StatusCode::OK
        );
    }
    let r = http.get(url("/api/v1/csrf")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    server.stop().await;

    // The defaults: a busy session (300 requests in a row) is never refused.
    let t = TestApp::spawn().await;
    assert_eq!(t.app().config.rate_limits, RateLimits::DEFAULT);
    let admin = t.admin_browser().await;
    for _ in 0..300 {
        assert_eq!(admin.get("/api/v1/me").await.status(), StatusCode::OK);
    }
}
