//! The load generator: an exam day against a running server, through its API only.
//!
//! ```sh
//! cargo run --release -- serve --rate-limit-address 0 --rate-limit-client 0 &   # note the admin's password
//! cargo run --release --example loadtest -- --url http://127.0.0.1:8080 \
//!     --admin-password <one-time password> --candidates 1000 --server-pid <pid> --json out.json
//! ```
//!
//! `--url` and `--server-pid` take comma-separated lists: several instances on one database
//! share the candidates in turn (the first prepares), and the peak memory of each is reported.
//!
//! It prepares a center, its admin, N trainees (one roster import) and a level-5 theory session
//! with everyone enrolled and admitted. Then, as in an exam room, every candidate signs in
//! (setting their own password: argon2) before the session opens — timed as `login` and
//! `password` in a phase of its own. Then the exam: every candidate, concurrently, starts the
//! paper, fetches it, autosaves at a human pace compressed in time (one save every `--pace-ms`,
//! jittered), reloads the paper once, and hands in; with `--spread-ms` the candidates start
//! evenly over that time instead of all at once, so their hand-ins spread too. With
//! `--late-percent P`, P % of the candidates arrive late: they sign in during the exam, while
//! the others save (timed as `late login` and `late password`). Each candidate keeps a ledger
//! of every save the server acknowledged and checks it against the handed-in paper at the end: a save
//! acknowledged and then missing is a lost save. It prints throughput, latency percentiles per
//! endpoint, errors by kind and the server's peak memory (with `--server-pid`), also as JSON.
//!
//! The server must run without request limits (every candidate comes from 127.0.0.1).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::Mutex;

struct Args {
    urls: Vec<String>,
    admin_password: String,
    candidates: usize,
    saves: usize,
    pace_ms: u64,
    /// Candidates start evenly over this many ms (0: all at once).
    spread_ms: u64,
    /// This share of the candidates (in %) arrive late: they sign in when the exam has begun,
    /// evenly over the first half of the others' autosave time, while those are saving.
    late_percent: usize,
    server_pids: Vec<u32>,
    json: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        urls: vec!["http://127.0.0.1:8080".into()],
        admin_password: String::new(),
        candidates: 100,
        saves: 20,
        pace_ms: 1000,
        spread_ms: 0,
        late_percent: 0,
        server_pids: vec![],
        json: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--url" => a.urls = v().split(',').map(str::to_string).collect(),
            "--admin-password" => a.admin_password = v(),
            "--candidates" => a.candidates = v().parse().expect("--candidates N"),
            "--saves" => a.saves = v().parse().expect("--saves N"),
            "--pace-ms" => a.pace_ms = v().parse().expect("--pace-ms MS"),
            "--spread-ms" => a.spread_ms = v().parse().expect("--spread-ms MS"),
            "--late-percent" => {
                a.late_percent = v().parse().expect("--late-percent P");
                assert!(a.late_percent <= 100, "--late-percent is at most 100");
            }
            "--server-pid" => {
                a.server_pids = v()
                    .split(',')
                    .map(|p| p.parse().expect("--server-pid PID[,PID…]"))
                    .collect()
            }
            "--json" => a.json = Some(v()),
            "--help" | "-h" => {
                println!(
                    "loadtest --url URL[,URL…] --admin-password PW [--candidates N] [--saves N] [--pace-ms MS] [--spread-ms MS] [--late-percent P] [--server-pid PID[,PID…]] [--json FILE]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(!a.admin_password.is_empty(), "--admin-password is required");
    a
}

/// Latencies per endpoint and errors by kind, shared by every candidate.
#[derive(Default)]
struct Stats {
    latency: BTreeMap<&'static str, Vec<f64>>,
    errors: BTreeMap<String, u64>,
    lost: u64,
    acked: u64,
    /// When the first save was sent and the last one answered: the autosave window, in
    /// which save throughput is measured (starts and hand-ins come before and after it).
    saving: Option<(Instant, Instant)>,
}

/// A signed-in client with its CSRF token.
struct User {
    http: Client,
    base: String,
    csrf: String,
}

impl User {
    async fn new(base: &str) -> User {
        let http = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(2)
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let v: Value = http
            .get(format!("{base}/api/v1/csrf"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        User {
            http,
            base: base.into(),
            csrf: v["token"].as_str().unwrap_or_default().into(),
        }
    }

    async fn send(
        &self,
        stats: &Mutex<Stats>,
        what: &'static str,
        req: reqwest::RequestBuilder,
    ) -> Option<(StatusCode, Value)> {
        let t0 = Instant::now();
        let r = req.header("x-csrf-token", &self.csrf).send().await;
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let mut s = stats.lock().await;
        s.latency.entry(what).or_default().push(ms);
        match r {
            Ok(r) => {
                let status = r.status();
                let v: Value = r.json().await.unwrap_or(Value::Null);
                if !status.is_success() {
                    let code = v["error"]["code"].as_str().unwrap_or("").to_string();
                    *s.errors
                        .entry(format!("{what} {} {code}", status.as_u16()))
                        .or_default() += 1;
                }
                Some((status, v))
            }
            Err(e) => {
                let kind = if e.is_timeout() { "timeout" } else { "network" };
                *s.errors.entry(format!("{what} {kind}")).or_default() += 1;
                None
            }
        }
    }

    fn url(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }

    async fn login(&self, stats: &Mutex<Stats>, login: &str, pw: &str) -> bool {
        let r = self
            .send(
                stats,
                "login",
                self.http
                    .post(self.url("/api/v1/session"))
                    .json(&json!({"login": login, "password": pw})),
            )
            .await;
        match r {
            Some((s, _)) if s.is_success() => true,
            other => {
                eprintln!("sign-in of {login} refused: {other:?}");
                false
            }
        }
    }

    async fn change_password(&self, stats: &Mutex<Stats>, current: &str, new: &str) {
        let r = self
            .send(
                stats,
                "password",
                self.http
                    .post(self.url("/api/v1/me/password"))
                    .json(&json!({"current": current, "new": new, "confirm": new})),
            )
            .await;
        if !matches!(r, Some((s, _)) if s.is_success()) {
            eprintln!("password change refused: {r:?}");
        }
    }
}

/// A valid 身份证号 numbered `n` (GB 11643 check character).
fn id_number(n: usize) -> String {
    let body = format!("{:06}19900101{:03}", 110101 + n / 1000, n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

fn multipart(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    )
}

/// The center, its admin, the trainees and the session: (session id, [(login, password)]).
async fn prepare(a: &Args, stats: &Mutex<Stats>) -> (String, Vec<(String, String)>) {
    let admin = User::new(&a.urls[0]).await;
    assert!(
        admin.login(stats, "admin", &a.admin_password).await,
        "cannot sign in as admin"
    );
    let pw = format!("Pressure-Test-{}", std::process::id());
    admin.change_password(stats, &a.admin_password, &pw).await;
    let code = format!("lt{}", std::process::id() % 100_000);
    admin
        .send(
            stats,
            "prepare",
            admin
                .http
                .post(admin.url("/api/v1/centers"))
                .json(&json!({"code": code, "name": "压力测试中心"})),
        )
        .await;
    let (status, created) = admin
        .send(
            stats,
            "prepare",
            admin.http.post(admin.url("/api/v1/users")).json(&json!({
                "role": "center_admin", "center_code": code, "real_name": "压测管理员",
                "username": format!("{code}-admin"), "email": format!("{code}@example.com"),
            })),
        )
        .await
        .expect("center admin");
    assert!(status.is_success(), "center admin: {created}");
    let ca = User::new(&a.urls[0]).await;
    let otp = created["one_time_password"].as_str().unwrap_or_default();
    assert!(ca.login(stats, &format!("{code}-admin"), otp).await);
    ca.change_password(stats, otp, &pw).await;
    // The trainees, in one roster file.
    let mut csv = String::from("姓名,身份证号,邮箱\n");
    for i in 0..a.candidates {
        csv.push_str(&format!(
            "考生{i},{},c{i}-{code}@example.com\n",
            id_number(i)
        ));
    }
    let (status, imported) = ca
        .send(
            stats,
            "prepare",
            ca.http
                .post(ca.url("/api/v1/users/import"))
                .multipart(multipart("trainees.csv", csv.into_bytes())),
        )
        .await
        .expect("import");
    assert!(status.is_success(), "import: {imported}");
    let people: Vec<(String, String)> = imported["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["user"]["username"].as_str().unwrap().to_string(),
                c["one_time_password"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let now = chrono::Utc::now();
    let (status, v) = ca
        .send(
            stats,
            "prepare",
            ca.http.post(ca.url("/api/v1/exam-sessions")).json(&json!({
                "code": "LOAD", "name": "压力测试场次", "level": 5, "job_type": "data_annotator",
                "components": ["theory"], "starts_at": (now - chrono::Duration::minutes(5)).to_rfc3339(),
                "ends_at": (now + chrono::Duration::hours(4)).to_rfc3339(),
                "rooms": ["A", "B", "C", "D"], "pool": "open",
            })),
        )
        .await
        .expect("session");
    assert!(status.is_success(), "session: {v}");
    let id = v["id"].as_str().unwrap().to_string();
    let mut roster = String::from("用户名,工作年限\n");
    for (u, _) in &people {
        roster.push_str(&format!("{u},2\n"));
    }
    let (status, v) = ca
        .send(
            stats,
            "prepare",
            ca.http
                .post(ca.url(&format!("/api/v1/exam-sessions/{id}/candidates/import")))
                .multipart(multipart("roster.csv", roster.into_bytes())),
        )
        .await
        .expect("roster");
    assert!(status.is_success(), "roster: {v}");
    for c in v["candidates"].as_array().unwrap() {
        ca.send(
            stats,
            "prepare",
            ca.http
                .post(ca.url(&format!(
                    "/api/v1/exam-sessions/{id}/candidates/{}/actions",
                    c["id"].as_str().unwrap()
                )))
                .json(&json!({"action": "admit"})),
        )
        .await;
    }
    (id, people)
}

/// A candidate signed in at the `n`-th instance, with their own password set: `None` when
/// refused (counted in `stats`).
async fn sign_in(a: &Args, stats: &Mutex<Stats>, login: &str, otp: &str, n: usize) -> Option<User> {
    let u = User::new(&a.urls[n % a.urls.len()]).await;
    if !u.login(stats, login, otp).await {
        return None;
    }
    u.change_password(stats, otp, "Candidate-pass-2026").await;
    Some(u)
}

/// One candidate's exam. Returns nothing: everything goes into `stats`.
async fn sit(a: Arc<Args>, stats: Arc<Mutex<Stats>>, id: String, u: User, n: usize) {
    // Late arrivals (and so spread hand-ins), as in a real exam room.
    let delay = a.spread_ms * n as u64 / a.candidates.max(1) as u64;
    tokio::time::sleep(Duration::from_millis(delay)).await;
    let Some((s, v)) = u
        .send(
            &stats,
            "start",
            u.http
                .post(u.url(&format!("/api/v1/my/exams/{id}/theory/start")))
                .json(&json!({})),
        )
        .await
    else {
        return;
    };
    if !s.is_success() {
        return;
    }
    let paper = v["paper"].as_str().unwrap_or_default().to_string();
    let Some((_, p)) = u
        .send(
            &stats,
            "paper",
            u.http.get(u.url(&format!("/api/v1/exam-papers/{paper}"))),
        )
        .await
    else {
        return;
    };
    let questions: Vec<(String, String)> = p["questions"]
        .as_array()
        .map(|q| {
            q.iter()
                .map(|q| {
                    (
                        q["attempt"].as_str().unwrap_or_default().to_string(),
                        q["kind"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if questions.is_empty() {
        return;
    }
    // The ledger: per attempt, the last acknowledged (seq, answer).
    let mut ledger: BTreeMap<String, (i64, Value)> = BTreeMap::new();
    let mut seqs: BTreeMap<String, i64> = BTreeMap::new();
    let mut x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let first = Instant::now();
    for k in 0..a.saves {
        // xorshift: a question and a little jitter, different per candidate.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (attempt, kind) = &questions[(x as usize) % questions.len()];
        let answer = match kind.as_str() {
            "true_false" => json!({"answer": x.is_multiple_of(2)}),
            "multi_choice" => json!({"choices": ["A", "C"]}),
            _ => {
                let letter = ["A", "B", "C", "D"][(x % 4) as usize];
                json!({ "choice": letter })
            }
        };
        let seq = seqs.entry(attempt.clone()).or_insert(0);
        *seq += 1;
        let r = u
            .send(
                &stats,
                "save",
                u.http
                    .put(u.url(&format!("/api/v1/practice/attempts/{attempt}/answer")))
                    .json(&json!({"answer": answer, "seq": *seq})),
            )
            .await;
        if let Some((s, _)) = r
            && s.is_success()
        {
            ledger.insert(attempt.clone(), (*seq, answer));
        }
        if k == a.saves / 2 {
            // A reload: the paper again, as after a lost connection.
            u.send(
                &stats,
                "paper",
                u.http.get(u.url(&format!("/api/v1/exam-papers/{paper}"))),
            )
            .await;
        }
        let jitter = x % (a.pace_ms / 2 + 1);
        tokio::time::sleep(Duration::from_millis(a.pace_ms / 2 + jitter)).await;
    }
    {
        let last = Instant::now();
        let mut s = stats.lock().await;
        s.saving = Some(match s.saving {
            Some((f, l)) => (f.min(first), l.max(last)),
            None => (first, last),
        });
    }
    u.send(
        &stats,
        "hand_in",
        u.http
            .post(u.url(&format!("/api/v1/exam-papers/{paper}/hand-in")))
            .json(&json!({})),
    )
    .await;
    // The handed-in paper against the ledger.
    let Some((_, after)) = u
        .send(
            &stats,
            "paper",
            u.http.get(u.url(&format!("/api/v1/exam-papers/{paper}"))),
        )
        .await
    else {
        return;
    };
    let stored: BTreeMap<&str, (i64, &Value)> = after["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            (
                q["attempt"].as_str().unwrap_or_default(),
                (
                    q["state"]["seq"].as_i64().unwrap_or(0),
                    &q["state"]["answer"],
                ),
            )
        })
        .collect();
    let mut s = stats.lock().await;
    for (attempt, (seq, answer)) in &ledger {
        s.acked += 1;
        match stored.get(attempt.as_str()) {
            Some((sq, ans)) if sq == seq && *ans == answer => {}
            _ => s.lost += 1,
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The server's peak resident memory (VmHWM) in MB, from /proc.
fn peak_mb(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time (user + system) a process has used so far, in seconds, from /proc (clock ticks
/// of 1/100 s, as Linux reports them to user space).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

#[tokio::main]
async fn main() {
    let a = Arc::new(args());
    let stats = Arc::new(Mutex::new(Stats::default()));
    let t0 = Instant::now();
    let (id, people) = prepare(&a, &stats).await;
    eprintln!(
        "prepared {} candidates in {:.1} s; sitting the exam…",
        people.len(),
        t0.elapsed().as_secs_f64()
    );
    {
        let mut s = stats.lock().await;
        s.latency.remove("prepare");
        s.latency.remove("login");
        s.latency.remove("password");
    }
    // Everyone signs in first, as candidates do in the exam room before the papers open;
    // latecomers (the last `--late-percent`) sign in once the exam has begun.
    let on_time = people.len() - people.len() * a.late_percent / 100;
    let mut people: Vec<_> = people.into_iter().enumerate().collect();
    let late = people.split_off(on_time);
    let t1 = Instant::now();
    let mut tasks = vec![];
    for (n, (login, otp)) in people {
        let (a, stats) = (a.clone(), stats.clone());
        tasks.push(tokio::spawn(async move {
            sign_in(&a, &stats, &login, &otp, n).await.map(|u| (n, u))
        }));
    }
    let mut seated = vec![];
    for t in tasks {
        if let Ok(Some(u)) = t.await {
            seated.push(u);
        }
    }
    let sign_in_secs = t1.elapsed().as_secs_f64();
    eprintln!(
        "{} candidates signed in in {sign_in_secs:.1} s; the exam starts…",
        seated.len()
    );
    // The sign-in phase's latencies, put back after the exam; latecomers' sign-ins in the
    // exam phase are reported as "late login" and "late password".
    let signed_in: Vec<(&'static str, Vec<f64>)> = {
        let mut s = stats.lock().await;
        ["login", "password"]
            .into_iter()
            .filter_map(|k| s.latency.remove(k).map(|v| (k, v)))
            .collect()
    };
    let cpu = |pid: u32| cpu_seconds(pid).unwrap_or(0.0);
    let cpu_before: Vec<f64> = a.server_pids.iter().map(|p| cpu(*p)).collect();
    let own_before = cpu(std::process::id());
    let t1 = Instant::now();
    let mut tasks = vec![];
    for (n, u) in seated {
        tasks.push(tokio::spawn(sit(
            a.clone(),
            stats.clone(),
            id.clone(),
            u,
            n,
        )));
    }
    // Latecomers arrive evenly over the first half of the others' autosave time.
    let late_count = late.len().max(1) as u64;
    let arrivals_ms = a.saves as u64 * a.pace_ms / 2;
    for (i, (n, (login, otp))) in late.into_iter().enumerate() {
        let (a, stats, id) = (a.clone(), stats.clone(), id.clone());
        let delay = Duration::from_millis(arrivals_ms * i as u64 / late_count);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Some(u) = sign_in(&a, &stats, &login, &otp, n).await {
                sit(a, stats, id, u, n).await;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let secs = t1.elapsed().as_secs_f64();
    // CPU seconds of the exam phase: each server's, and the load generator's own (on the
    // same cores, it competes with the servers).
    let server_cpu: Vec<f64> = a
        .server_pids
        .iter()
        .zip(&cpu_before)
        .map(|(p, before)| cpu(*p) - before)
        .collect();
    let own_cpu = cpu(std::process::id()) - own_before;
    let mut s = stats.lock().await;
    for (k, late) in [("login", "late login"), ("password", "late password")] {
        if let Some(v) = s.latency.remove(k) {
            s.latency.insert(late, v);
        }
    }
    s.latency.extend(signed_in);
    let mut endpoints = serde_json::Map::new();
    println!(
        "{:<13} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "endpoint", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for (k, v) in s.latency.iter_mut() {
        v.sort_by(|a, b| a.total_cmp(b));
        // Signing in has a phase of its own.
        let secs = if matches!(*k, "login" | "password") {
            sign_in_secs
        } else {
            secs
        };
        let row = json!({
            "count": v.len(),
            "per_second": v.len() as f64 / secs,
            "p50_ms": percentile(v, 0.50),
            "p95_ms": percentile(v, 0.95),
            "p99_ms": percentile(v, 0.99),
            "max_ms": v.last().copied().unwrap_or(0.0),
        });
        println!(
            "{:<13} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            k,
            v.len(),
            v.len() as f64 / secs,
            percentile(v, 0.50),
            percentile(v, 0.95),
            percentile(v, 0.99),
            v.last().copied().unwrap_or(0.0)
        );
        endpoints.insert(k.to_string(), row);
    }
    let save_secs = s.saving.map_or(0.0, |(f, l)| (l - f).as_secs_f64());
    let saves_per_second = s.latency.get("save").map_or(0.0, |v| v.len() as f64) / save_secs;
    println!("autosave window: {save_secs:.1} s, {saves_per_second:.0} saves/s");
    let peaks: Vec<Option<f64>> = a.server_pids.iter().map(|p| peak_mb(*p)).collect();
    println!("errors: {:?}", s.errors);
    println!("acknowledged saves checked: {}, lost: {}", s.acked, s.lost);
    for (pid, p) in a.server_pids.iter().zip(&peaks) {
        match p {
            Some(p) => println!("server {pid} peak memory: {p:.0} MB"),
            None => println!("server {pid}: peak memory not readable (not running?)"),
        }
    }
    println!("sign-in phase: {sign_in_secs:.1} s; exam phase: {secs:.1} s");
    println!(
        "CPU in the exam phase: servers {:?} s, load generator {own_cpu:.1} s",
        server_cpu
            .iter()
            .map(|c| (c * 10.0).round() / 10.0)
            .collect::<Vec<_>>()
    );
    let report = json!({
        "candidates": a.candidates,
        "saves_per_candidate": a.saves,
        "pace_ms": a.pace_ms,
        "spread_ms": a.spread_ms,
        "instances": a.urls,
        "sign_in_seconds": sign_in_secs,
        "seconds": secs,
        "endpoints": endpoints,
        "autosave_window_seconds": save_secs,
        "autosaves_per_second": saves_per_second,
        "errors": s.errors,
        "acknowledged_saves": s.acked,
        "lost_saves": s.lost,
        "server_peak_mb": peaks,
        "server_cpu_seconds": server_cpu,
        "load_generator_cpu_seconds": own_cpu,
    });
    if let Some(path) = &a.json {
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    }
    if s.lost > 0 || !s.errors.is_empty() {
        std::process::exit(1);
    }
}
