//! `annocert demo`: a realistic demo on a fresh database — a center, its staff, 30 trainees with
//! three weeks of practice, a level-5 exam session run to publication and the certificates that
//! follow (one revoked) — so that a newcomer sees every page populated in a minute. Everything
//! goes through the use cases a person would trigger; only the clock is moved, so that the
//! history lies in the past.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng};
use serde_json::{Value, json};

use super::attempt::{self, Change};
use super::exams::{self, EnrolInput, ProctorAction};
use super::people::{self, NewPerson};
use super::{Actor, App};
use crate::clock::{DAY, HOUR, MINUTE, ManualClock, Millis};
use crate::curriculum::{Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::eligibility::Declaration;
use crate::exam::session::{Pool, SessionInput};
use crate::i18n::Lang;
use crate::store;

/// What the demo made: accounts to sign in with and certificate numbers to verify.
pub struct Report {
    /// (role, login, one-time password).
    pub accounts: Vec<(&'static str, String, String)>,
    pub certificate: String,
    pub revoked: String,
    pub trainees: usize,
    pub certificates: usize,
}

const NAMES: [&str; 30] = [
    "王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴昊", "徐丽", "孙浩",
    "马超", "朱琳", "胡军", "郭佳", "何颖", "高翔", "林晓", "罗平", "梁爽", "宋涛", "郑雪", "谢宇",
    "韩梅", "唐俊", "冯蕾", "于洋", "董洁", "萧然",
];

/// A valid 身份证号 (GB 11643 check character) numbered `n`: born in 2000, Beijing Dongcheng.
fn id_number(n: u32) -> String {
    let body = format!("11010120000101{:03}", n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

fn person(role: &str, username: &str, name: &str, n: u32, center: &str) -> NewPerson {
    NewPerson {
        username: Some(username.into()),
        real_name: name.into(),
        role: role.into(),
        center_code: Some(center.into()),
        phone: None,
        email: Some(format!("{username}@demo.example.com")),
        id_number: (role == "trainee").then(|| id_number(n)),
        class_name: (role == "trainee").then(|| format!("2026 春季五级 {} 班", n % 2 + 1)),
    }
}

fn actor(user: crate::accounts::User) -> Actor {
    Actor {
        user,
        ip: "demo".into(),
        session: None,
    }
}

/// A wrong answer to a choice question: another option (or the other truth value).
fn wrong(gold: &Value, options: usize, rng: &mut ChaCha8Rng) -> Value {
    if let Some(b) = gold.get("answer").and_then(Value::as_bool) {
        return json!({ "answer": !b });
    }
    let letter = |i: usize| char::from(b'A' + (i % options.max(2)) as u8).to_string();
    match gold.get("choice").and_then(Value::as_str) {
        Some(c) => {
            let mut i = rng.next_u32() as usize % options.max(2);
            if letter(i) == c {
                i += 1;
            }
            json!({ "choice": letter(i) })
        }
        None => json!({ "choices": [letter(rng.next_u32() as usize)] }),
    }
}

/// The answer a trainee of ability `p` gives: the gold (right) with probability `p`, else a
/// wrong one for a choice question and nothing (`None`) for a practical task.
fn answer(item: &crate::bank::Item, p: f64, rng: &mut ChaCha8Rng) -> Option<Value> {
    let gold = item.task.gold.clone()?;
    let right = (rng.next_u32() as f64 / u32::MAX as f64) < p;
    if right {
        return Some(gold);
    }
    item.is_theory()
        .then(|| wrong(&gold, item.task.options.as_ref().map_or(2, Vec::len), rng))
}

/// Seeds the demo. Refused on a database that already has centers.
pub async fn run(app: &App, clock: &ManualClock) -> AppResult<Report> {
    if !store::centers::list_with_counts(&app.db.pool)
        .await?
        .is_empty()
    {
        return Err(AppError::conflict("not_empty", "demo.not_empty"));
    }
    let real_now = app.now();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    super::bank::import_shipped_if_changed(app).await?;
    let admin_pw = super::bootstrap::ensure_admin(app)
        .await?
        .unwrap_or_default();
    let mut accounts = vec![("platform_admin", "admin".to_string(), admin_pw)];
    let start = start_of(real_now);
    clock.set(start);
    super::centers::create_system(app, "demo", "示范人工智能训练师培训中心").await?;
    let ca = people::create_system(
        app,
        &person("center_admin", "demo-admin", "陈主任", 0, "demo"),
    )
    .await?;
    accounts.push((
        "center_admin",
        "demo-admin".into(),
        ca.one_time_password.clone(),
    ));
    let mut proctors = vec![];
    for (i, (u, name)) in [("jiankao1", "周监考"), ("jiankao2", "吴监考")]
        .iter()
        .enumerate()
    {
        let c = people::create_system(app, &person("examiner", u, name, i as u32, "demo")).await?;
        if i == 0 {
            accounts.push(("examiner", u.to_string(), c.one_time_password.clone()));
        }
        proctors.push(c.user);
    }
    let mut trainees = vec![];
    let mut passwords = std::collections::HashMap::new();
    for (i, name) in NAMES.iter().enumerate() {
        let u = format!("xueyuan{:02}", i + 1);
        let c =
            people::create_system(app, &person("trainee", &u, name, i as u32 + 1, "demo")).await?;
        if i == 1 {
            accounts.push(("trainee", u.clone(), c.one_time_password.clone()));
        }
        passwords.insert(c.user.id.clone(), (u.clone(), c.one_time_password.clone()));
        // Abilities from 0.45 to 0.95: some pass the exam, some do not yet.
        trainees.push((actor(c.user), 0.45 + 0.5 * ((i * 7) % 30) as f64 / 29.0));
    }
    let admin = actor(ca.user);

    // Three weeks of practice: most days a handful of level-5 items each.
    for day in 0..20 {
        clock.set(start + day * DAY + (rng.next_u32() % 8) as i64 * HOUR);
        for (t, p) in &trainees {
            if rng.next_u32() % 3 == 0 {
                continue;
            }
            for _ in 0..(2 + rng.next_u32() % 5) {
                let Some(v) =
                    super::practice::next(app, t, Level::FIVE, Default::default()).await?
                else {
                    break;
                };
                let opened = super::practice::open(app, t, &v, true).await?;
                if let Some(a) = answer(&opened.subject.item, *p, &mut rng) {
                    let change = Change {
                        answer: &a,
                        seq: opened.attempt.seq + 1,
                        flagged: false,
                        device: None,
                    };
                    // An answer the grader refuses is a trainee's mistake, not the demo's.
                    let _ = attempt::submit(app, t, &opened.attempt.id, &change, Lang::Zh).await;
                }
                clock.advance(2 * MINUTE);
            }
        }
    }

    // An exam day two days ago: theory and skill, twelve candidates.
    let exam_day = start + 19 * DAY;
    clock.set(exam_day - HOUR);
    let id = exams::create(
        app,
        &admin,
        &SessionInput {
            code: "2612A".into(),
            name: "五级/初级工 理论与技能 示范场次".into(),
            level: Level::FIVE,
            job_type: "data_annotator".into(),
            components: vec![Component::Theory, Component::Skill],
            starts_at: exam_day,
            ends_at: exam_day + 6 * HOUR,
            rooms: vec!["A101".into(), "A102".into()],
            pool: Some(Pool::Open),
            center_items: false,
        },
    )
    .await?;
    let names: Vec<String> = proctors.iter().map(|u| u.username.clone()).collect();
    exams::set_staff(app, &admin, &id, &names, &[], None).await?;
    let sitting: Vec<&(Actor, f64)> = trainees.iter().step_by(2).take(12).collect();
    let mut enrolled = vec![];
    for (i, (t, _)) in sitting.iter().enumerate() {
        let e = exams::enrol(
            app,
            &admin,
            &id,
            &EnrolInput {
                username: &t.user.username,
                declaration: Declaration {
                    years: if i == 3 { 0 } else { 1 + (i as u32 % 3) },
                    schooling: false,
                    certificates: vec![],
                },
                override_reason: (i == 3).then_some("学徒期满证明已现场核验（示范）"),
            },
            Lang::Zh,
        )
        .await?;
        enrolled.push(e);
    }
    let proctor = actor(proctors[0].clone());
    for (e, (t, p)) in enrolled.iter().zip(&sitting) {
        // The candidates sit side by side: each one's morning starts at the same time.
        clock.set(exam_day + 5 * MINUTE);
        exams::proctor(
            app,
            &proctor,
            &id,
            &e.id,
            None,
            ProctorAction::Admit,
            Lang::Zh,
        )
        .await?;
        let device = format!("demo-device-{}", t.user.username);
        for component in [Component::Theory, Component::Skill] {
            let paper = exams::start(app, t, &id, component, Some(&device), Lang::Zh).await?;
            let v = exams::paper(app, t, &paper, Some(&device), Lang::Zh).await?;
            for a in &v.attempts {
                let subject = attempt::subject(app, t, a, Lang::Zh).await?;
                if let Some(ans) = answer(&subject.item, *p, &mut rng) {
                    let change = Change {
                        answer: &ans,
                        seq: 1,
                        flagged: false,
                        device: Some(&device),
                    };
                    attempt::save(app, t, &a.id, &change, Lang::Zh).await?;
                }
            }
            clock.advance(75 * MINUTE);
            exams::hand_in(app, t, &paper, Lang::Zh).await?;
            clock.advance(15 * MINUTE);
        }
    }
    // After the window: the results published, the certificates issued.
    clock.set(exam_day + 7 * HOUR);
    exams::publish(app, &admin, &id).await?;
    let certs = store::certificates::of_center(
        &app.db.pool,
        &admin.user.center_id.clone().unwrap_or_default(),
    )
    .await?;
    let (Some(kept), Some(revoked)) = (certs.first(), certs.get(1)) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "the demo exam issued {} certificates; two are needed",
            certs.len()
        )));
    };
    clock.set(exam_day + DAY);
    super::certificates::revoke(app, &admin, &revoked.id, "示范：成绩复核后撤销").await?;
    if let Some((u, pw)) = passwords.get(&kept.user_id) {
        accounts.push(("trainee (certified)", u.clone(), pw.clone()));
    }
    clock.set(real_now);
    Ok(Report {
        accounts,
        certificate: crate::certify::number::display(&kept.number),
        revoked: crate::certify::number::display(&revoked.number),
        trainees: trainees.len(),
        certificates: certs.len(),
    })
}

/// Where the demo's history starts: three weeks before `now`, at 01:00 UTC (09:00 in China).
fn start_of(now: Millis) -> Millis {
    let s = now - 21 * DAY;
    s - s.rem_euclid(DAY) + HOUR
}
