//! Accounts, sessions, CSRF, tenancy and imports, over HTTP against the real server.

mod common;

use common::{TestApp, error_code};
use reqwest::StatusCode;
use serde_json::{Value, json};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[tokio::test]
async fn login_forced_change_and_logout() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let b = t.client().await;

    // Not signed in: pages redirect to the login page, the API answers 401.
    let r = b.get("/center/people").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=%2Fcenter%2Fpeople");
    assert_eq!(error_code(b.get("/api/v1/me").await).await, "unauthorized");

    // A wrong password is refused without saying which part was wrong.
    let r = b.login("admin", "wrong-password-1").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "bad_credentials");

    // The one-time password signs in, but nothing but the password change is reachable.
    let me = b.login_ok("admin", &pw).await;
    assert_eq!(me["must_change_password"], true);
    assert_eq!(me["role"], "platform_admin");
    let r = b.get("/admin/centers").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/account/password");
    assert_eq!(
        error_code(b.get("/api/v1/centers").await).await,
        "password_change_required"
    );

    // Password rules are explained field by field.
    let r = b
        .post_json(
            "/api/v1/me/password",
            &json!({ "current": pw, "new": "short1", "confirm": "short2" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let fields: Vec<&str> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["new", "confirm"]);
    assert!(
        v["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10")
    );

    // The page form works too, and afterwards everything is reachable.
    let r = b
        .post_form(
            "/account/password",
            &[
                ("current", &pw),
                ("new", "Platform-pass-2026"),
                ("confirm", "Platform-pass-2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (s, me) = b.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["must_change_password"], false);
    assert_eq!(b.get("/admin/centers").await.status(), StatusCode::OK);

    // The old password no longer works; logout destroys the session.
    assert_eq!(
        t.client().await.login("admin", &pw).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = b.post_form("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(error_code(b.get("/api/v1/me").await).await, "unauthorized");

    // The audit log kept it all.
    let admin = t.client().await;
    admin.login_ok("admin", "Platform-pass-2026").await;
    let (_, log) = admin.get_json("/api/v1/audit").await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "user_created",
        "login_failed",
        "login",
        "password_changed",
        "logout",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[tokio::test]
async fn login_page_form_sets_a_session_and_follows_next() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let b = t.client().await;
    let page = b.get("/login?next=/audit").await.text().await.unwrap();
    assert!(page.contains("name=\"_csrf\""));
    let r = b
        .post_form(
            "/login",
            &[("login", "ADMIN"), ("password", &pw), ("next", "/audit")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // First login goes to the password change whatever `next` said.
    assert_eq!(r.headers()["location"], "/account/password");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("annocert_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // A wrong password re-renders the form with the message, in Chinese by default.
    let r = t.client().await;
    let res = r
        .post_form("/login", &[("login", "admin"), ("password", "nope-nope-1")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("用户名或密码错误"));
}

#[tokio::test]
async fn throttling_locks_an_account_for_fifteen_minutes() {
    let t = TestApp::spawn().await;
    let pw = t.bootstrap_admin().await;
    let b = t.client().await;
    for _ in 0..5 {
        assert_eq!(
            b.login("admin", "wrong-password-1").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked: even the right password is refused, with the wait.
    let r = b.login("admin", &pw).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "900");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "too_many_requests");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("15"),
        "{v}"
    );
    // After 15 minutes the right password works again.
    t.clock.advance(15 * MINUTE);
    b.login_ok("admin", &pw).await;
}

#[tokio::test]
async fn the_lock_is_per_account_whichever_name_is_typed() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "lk").await;
    let b = t.client().await;
    // Five failures spread over the username, the e-mail and the upper-cased username.
    for login in [
        "lk-admin",
        "lk@example.com",
        "LK-ADMIN",
        "lk@example.com",
        "lk-admin",
    ] {
        assert_eq!(
            b.login(login, "wrong-password-1").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        b.login("lk@example.com", "Center-admin-2026")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    drop(ca);
}

#[tokio::test]
async fn csrf_is_required_for_browser_changes() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    // No token: rejected, and nothing changed.
    let r = admin
        .http
        .post(admin.url("/api/v1/centers"))
        .json(&json!({ "code": "x1", "name": "X" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "csrf");
    // A wrong token: rejected.
    let r = admin
        .http
        .post(admin.url("/api/v1/centers"))
        .header("x-csrf-token", "0".repeat(64))
        .json(&json!({ "code": "x1", "name": "X" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A form without _csrf: rejected with a page.
    let r = admin
        .http
        .post(admin.url("/admin/centers"))
        .form(&[("code", "x2"), ("name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("页面已过期"));
    // Another browser's token does not work with this browser's cookie.
    let other = t.client().await;
    let r = admin
        .http
        .post(admin.url("/api/v1/centers"))
        .header("x-csrf-token", &other.csrf)
        .json(&json!({ "code": "x1", "name": "X" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, centers) = admin.get_json("/api/v1/centers").await;
    assert_eq!(centers.as_array().unwrap().len(), 0);
    // With the token it works.
    assert_eq!(
        admin
            .post_json("/api/v1/centers", &json!({ "code": "x1", "name": "X" }))
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_center_admin_sees_nothing_of_another_center() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (a, admin_a) = t.center_admin(&admin, "ca").await;
    let (b, admin_b) = t.center_admin(&admin, "cb").await;
    let r = admin_b
        .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "李四", "id_number": "440524199001010018", "phone": "13900000001" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let trainee_b: Value = r.json().await.unwrap();
    let id_b = trainee_b["user"]["id"].as_str().unwrap();
    assert_eq!(trainee_b["user"]["username"], "cb-0001");
    assert_eq!(trainee_b["user"]["id_last4"], "0018");
    assert!(trainee_b["user"].get("id_hash").is_none());

    // Every record of center B is "not found" for center A's admin, on pages and in the API.
    for path in [
        format!("/api/v1/users/{id_b}"),
        format!("/center/people/{id_b}"),
        format!("/api/v1/centers/{}", b["id"].as_str().unwrap()),
    ] {
        assert_eq!(
            admin_a.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for path in [
        format!("/api/v1/users/{id_b}/disable"),
        format!("/api/v1/users/{id_b}/reset-password"),
    ] {
        assert_eq!(
            admin_a.post_json(&path, &json!({})).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let r = admin_a
        .post_form(&format!("/center/people/{id_b}/disable"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Lists and the audit log show only center A.
    let (_, people) = admin_a.get_json("/api/v1/users").await;
    assert!(
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["center_id"] == a["id"]),
        "{people}"
    );
    let (_, people) = admin_a.get_json("/api/v1/users?center=cb").await;
    assert!(
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["center_id"] == a["id"])
    );
    let (_, log) = admin_a.get_json("/api/v1/audit").await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["center_id"] == a["id"]),
        "{log}"
    );
    // Center admins cannot manage centers or make platform admins.
    assert_eq!(
        admin_a.get("/api/v1/centers").await.status(),
        StatusCode::FORBIDDEN
    );
    let r = admin_a
        .post_json(
            "/api/v1/users",
            &json!({ "role": "platform_admin", "real_name": "X", "username": "evil" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A trainee manages nobody.
    let trainee = t.client().await;
    trainee
        .login_ok("cb-0001", trainee_b["one_time_password"].as_str().unwrap())
        .await;
    trainee
        .change_password(
            trainee_b["one_time_password"].as_str().unwrap(),
            "Trainee-pass-2026",
        )
        .await;
    assert_eq!(
        trainee.get("/api/v1/users").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        trainee.get("/center/people").await.status(),
        StatusCode::FORBIDDEN
    );
    // The platform admin sees both.
    assert_eq!(
        admin.get(&format!("/api/v1/users/{id_b}")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn id_numbers_are_validated_with_the_check_digit() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "idc").await;
    let cases = [
        ("11010519491231002X", StatusCode::CREATED, ""),
        (
            "110105194912310021",
            StatusCode::UNPROCESSABLE_ENTITY,
            "第 18 位校验码应为“X”，实际为“1”",
        ),
        (
            "11010519491231002",
            StatusCode::UNPROCESSABLE_ENTITY,
            "应为 18 位，实际为 17 位",
        ),
        (
            "110105194913310021",
            StatusCode::UNPROCESSABLE_ENTITY,
            "出生日期“19491331”无效",
        ),
    ];
    for (i, (id, status, message)) in cases.into_iter().enumerate() {
        let r = ca
            .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "测试", "id_number": id, "phone": format!("1380000000{i}") }))
            .await;
        assert_eq!(r.status(), status, "{id}");
        if !message.is_empty() {
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["error"]["fields"][0]["field"], "id_number");
            assert!(
                v["error"]["message"].as_str().unwrap().contains(message),
                "{id}: {v}"
            );
        }
    }
    // The same person twice in one center is refused.
    let r = ca.post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "测试", "id_number": "11010519491231002x", "phone": "13800000009" })).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["code"], "person.id_taken");
}

const GOOD_CSV: &str = "姓名,身份证号,手机,邮箱,班级\n张三,11010519491231002X,13800138000,,五级1班\n李四,440524199001010018,,lisi@example.com,五级1班\n";

#[tokio::test]
async fn csv_import_creates_accounts_and_a_one_time_password_sheet() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "imp").await;
    let r = ca
        .upload(
            "/api/v1/users/import",
            "学员.csv",
            GOOD_CSV.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    let created = v["created"].as_array().unwrap();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0]["user"]["username"], "imp-0001");
    assert_eq!(created[1]["user"]["email"], "lisi@example.com");
    // The sheet downloads once.
    let dl = format!("/downloads/{}", v["download_id"].as_str().unwrap());
    let r = ca.get(&dl).await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheet = r.text().await.unwrap();
    assert!(
        sheet.contains("imp-0002")
            && sheet.contains(created[1]["one_time_password"].as_str().unwrap())
    );
    assert_eq!(ca.get(&dl).await.status(), StatusCode::NOT_FOUND);
    // An imported trainee signs in by phone and must change the password.
    let trainee = t.client().await;
    let me = trainee
        .login_ok(
            "13800138000",
            created[0]["one_time_password"].as_str().unwrap(),
        )
        .await;
    assert_eq!(me["must_change_password"], true);
    assert_eq!(me["class_name"], "五级1班");
    // Importing the same people again is refused as a whole.
    let r = ca
        .upload(
            "/api/v1/users/import",
            "again.csv",
            GOOD_CSV.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, people) = ca.get_json("/api/v1/users?role=trainee").await;
    assert_eq!(people["total"], 2);
}

#[tokio::test]
async fn a_file_with_errors_imports_nothing_and_says_where() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "bad").await;
    let csv = "姓名,身份证号,手机\n王五,11010519491231002X,13800138001\n赵六,110105194912310021,13800138002\n,440524199001010018,12345\n";
    let r = ca
        .upload("/api/v1/users/import", "bad.csv", csv.as_bytes().to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let fields: Vec<(i64, String)> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["row"].as_i64().unwrap(),
                f["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (3, "身份证号".into()),
            (4, "姓名".into()),
            (4, "手机".into())
        ]
    );
    let (_, people) = ca.get_json("/api/v1/users?role=trainee").await;
    assert_eq!(people["total"], 0, "nothing may be imported");
    // The page shows the same report as a table.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("bad.csv"),
    );
    let r = ca
        .http
        .post(ca.url(&format!("/center/people/import?_csrf={}", ca.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let page = r.text().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("文件未导入") && page.contains("第 18 位校验码"),
        "{page}"
    );
}

#[tokio::test]
async fn xlsx_import_works_and_numeric_id_cells_are_caught() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "xl").await;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "手机", "班级"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "钱七").unwrap();
    ws.write_string(1, 1, "11010519491231002X").unwrap();
    ws.write_number(1, 2, 13800138005.0).unwrap(); // phones typed as numbers are fine
    ws.write_string(1, 3, "四级2班").unwrap();
    let good = wb.save_to_buffer().unwrap();
    let r = ca.upload("/api/v1/users/import", "roster.xlsx", good).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["created"][0]["user"]["phone"], "13800138005");

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "手机"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "孙八").unwrap();
    ws.write_number(1, 1, 440524199001010018.0).unwrap();
    ws.write_string(1, 2, "13800138006").unwrap();
    let r = ca
        .upload(
            "/api/v1/users/import",
            "roster.xlsx",
            wb.save_to_buffer().unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["code"], "import.id_as_number");
    assert_eq!(v["error"]["fields"][0]["row"], 2);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_absolutely() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    assert_eq!(admin.get("/api/v1/me").await.status(), StatusCode::OK);
    // Idle for just under two hours: still signed in (and that request counts as activity).
    t.clock.advance(2 * HOUR - MINUTE);
    assert_eq!(admin.get("/api/v1/me").await.status(), StatusCode::OK);
    // Idle for two hours: signed out.
    t.clock.advance(2 * HOUR);
    assert_eq!(
        admin.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Active every hour, a session still ends twelve hours after sign-in.
    let b = t.client().await;
    b.login_ok("admin", "Platform-pass-2026").await;
    for _ in 0..11 {
        t.clock.advance(HOUR);
        assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::OK);
    }
    t.clock.advance(HOUR);
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_second_instance_on_the_same_database_sees_the_same_session() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let second = TestApp::spawn_on(&t.database_url, t.secret.clone()).await;
    // The same cookie jar, pointed at the other instance.
    let (s, me) = {
        let r = admin
            .http
            .get(second.url("/api/v1/me"))
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "admin");
    // A CSRF token made by one instance is good on the other (same secret, no local state).
    let r = admin
        .http
        .post(second.url("/api/v1/centers"))
        .header("x-csrf-token", &admin.csrf)
        .json(&json!({ "code": "two", "name": "Two" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Logging out on one ends the session on both.
    let r = admin
        .http
        .delete(second.url("/api/v1/session"))
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        admin.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn api_tokens_authenticate_without_csrf_and_can_be_revoked() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let r = admin
        .post_json("/api/v1/tokens", &json!({ "name": "registrar sync" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    let secret = v["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("ac_"));
    let plain = reqwest::Client::new();
    let r = plain
        .post(t.url("/api/v1/centers"))
        .bearer_auth(&secret)
        .json(&json!({ "code": "tok", "name": "Token center" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = admin
        .http
        .delete(admin.url(&format!(
            "/api/v1/tokens/{}",
            v["token"]["id"].as_str().unwrap()
        )))
        .header("x-csrf-token", &admin.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = plain
        .get(t.url("/api/v1/centers"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn disabling_and_resetting_end_sessions() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "dis").await;
    let r = ca
        .post_json(
            "/api/v1/users",
            &json!({ "role": "examiner", "real_name": "考评员甲", "email": "e@example.com" }),
        )
        .await;
    let created: Value = r.json().await.unwrap();
    let id = created["user"]["id"].as_str().unwrap().to_string();
    let ex = t.client().await;
    ex.login_ok(
        "e@example.com",
        created["one_time_password"].as_str().unwrap(),
    )
    .await;
    // Disabled: the session ends and login is refused.
    assert_eq!(
        ca.post_json(&format!("/api/v1/users/{id}/disable"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        ex.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = ex
        .login(
            "e@example.com",
            created["one_time_password"].as_str().unwrap(),
        )
        .await;
    assert_eq!(error_code(r).await, "account_disabled");
    // Enabled and reset: the new one-time password works and must be changed.
    assert_eq!(
        ca.post_json(&format!("/api/v1/users/{id}/enable"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let r: Value = ca
        .post_json(&format!("/api/v1/users/{id}/reset-password"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let me = ex
        .login_ok("e@example.com", r["one_time_password"].as_str().unwrap())
        .await;
    assert_eq!(me["must_change_password"], true);
}

#[tokio::test]
async fn pages_render_in_both_languages_with_friendly_errors() {
    let t = TestApp::spawn().await;
    let admin = t.admin_browser().await;
    for path in [
        "/",
        "/admin/centers",
        "/center/people",
        "/center/people/new",
        "/center/people/import",
        "/audit",
        "/account",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{path}");
        assert!(
            !html.contains("⟨missing text⟩"),
            "{path} has an untranslated string"
        );
    }
    // English by Accept-Language, then by the switch (remembered in a cookie).
    let r = reqwest::Client::new()
        .get(t.url("/nope"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("This page or record does not exist.")
    );
    let r = admin
        .post_form("/lang", &[("lang", "en"), ("next", "/audit")])
        .await;
    assert_eq!(r.headers()["location"], "/audit");
    let html = admin.get("/audit").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Audit log"));
    assert!(!html.contains("⟨missing text⟩"));
    // Security headers on every page.
    let r = admin.get("/").await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().contains_key("x-request-id"));
    // The curriculum is public, every level of it.
    let anon = t.client().await;
    for level in 1..=5 {
        let r = anon.get(&format!("/curriculum/{level}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("职业道德") && !html.contains("⟨missing text⟩"),
            "level {level}"
        );
    }
    assert!(
        anon.get("/curriculum")
            .await
            .text()
            .await
            .unwrap()
            .contains("4-04-05-05")
    );
    assert_eq!(
        anon.get("/curriculum/9").await.status(),
        StatusCode::NOT_FOUND
    );
    // Health and readiness.
    assert_eq!(admin.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(admin.get("/readyz").await.text().await.unwrap(), "ready");
    // The OpenAPI description lists the API.
    let (s, spec) = admin.get_json("/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(spec["paths"]["/api/v1/users/import"].is_object());
}

#[tokio::test]
async fn static_files_are_versioned_and_cached_for_a_year() {
    let t = TestApp::spawn().await;
    let b = t.client().await;
    let html = b.get("/login").await.text().await.unwrap();
    let end = html.find("/css/app.css").expect("the stylesheet link") + "/css/app.css".len();
    let start = html[..end].rfind("/static/v-").expect("a versioned link");
    let url = &html[start..end];
    assert!(!url.contains('"'), "{url}");
    let r = b.get(url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    // Another version's URL still answers (a page loaded before an upgrade), uncached.
    let r = b.get("/static/v-000000000000/css/app.css").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let r = b.get("/static/css/app.css").await;
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(
        b.get("/static/v-x/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
}
