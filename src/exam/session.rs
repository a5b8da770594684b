//! 考试场次 — an exam session run by a center, its candidates (报名/准考证) and staff, and the
//! pure rules around them: what a session may be, admission numbers, seats, staffing warnings,
//! a level's pass decision and the score distribution of the results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::curriculum::{Component, Curriculum, Level, StaffRole};

/// Where a session's papers draw their items from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    /// The confidential pool: items whose only use is `exam` (never seen in practice).
    Exam,
    /// Every `exam`-use item, also those trainees practise.
    Open,
}

impl Pool {
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Exam => "exam",
            Pool::Open => "open",
        }
    }

    pub fn parse(s: &str) -> Option<Pool> {
        [Pool::Exam, Pool::Open]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// 考试场次.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExamSession {
    pub id: String,
    pub center_id: String,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub job_type: String,
    pub components: Vec<Component>,
    /// The window in which papers can be sat; no paper runs past `ends_at`.
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub rooms: Vec<String>,
    pub pool: Pool,
    /// The center's own items are drawn too.
    pub center_items: bool,
    #[serde(skip)]
    pub seed: i64,
    pub published_at: Option<Millis>,
    pub created_at: Millis,
}

impl ExamSession {
    /// The components candidates sit on line: theory and skill (综合评审 is the panel's).
    pub fn papers(&self) -> impl Iterator<Item = Component> + '_ {
        self.components
            .iter()
            .copied()
            .filter(|c| *c != Component::Review)
    }

    /// The seed of one candidate's paper of one component: the same inputs, the same paper.
    pub fn paper_seed(&self, candidate_id: &str, component: Component) -> u64 {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(self.seed.to_le_bytes());
        h.update(candidate_id.as_bytes());
        h.update(component.as_str().as_bytes());
        let d = h.finalize();
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[..8]);
        u64::from_le_bytes(b)
    }
}

/// 考生: one candidate's enrolment in a session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Enrolment {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    /// 准考证号.
    pub admission_no: String,
    pub room: String,
    pub seat: i64,
    pub declaration: crate::exam::eligibility::Declaration,
    #[serde(skip)]
    pub verdict: serde_json::Value,
    pub override_reason: Option<String>,
    pub admitted_at: Option<Millis>,
    pub created_at: Millis,
    /// Shown beside the enrolment: the person's name, username and ID number's last four.
    pub real_name: String,
    pub username: String,
    pub id_last4: Option<String>,
}

/// Why a session cannot be created as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionProblem {
    NoLevel,
    NoJobType,
    NoComponent,
    /// A component the level has no exam of (综合评审 below level 2).
    Component(Component),
    Window,
    NoRoom,
    Code,
    Name,
}

/// What a center admin asks for when creating a session.
#[derive(Clone, Debug, Deserialize)]
pub struct SessionInput {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub job_type: String,
    pub components: Vec<Component>,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub rooms: Vec<String>,
    pub pool: Option<Pool>,
    #[serde(default)]
    pub center_items: bool,
}

/// Longest session window: a session is one exam day or a few, not a standing door.
pub const MAX_WINDOW_MS: Millis = 14 * 24 * 3_600_000;
pub const MAX_ROOMS: usize = 50;

/// Checks a session's input against the curriculum; the first problem found.
pub fn check_input(c: &Curriculum, s: &SessionInput) -> Result<(), SessionProblem> {
    let lv = c.level(s.level.get()).ok_or(SessionProblem::NoLevel)?;
    if !c.job_types.iter().any(|j| j.code == s.job_type) {
        return Err(SessionProblem::NoJobType);
    }
    if s.components.is_empty() {
        return Err(SessionProblem::NoComponent);
    }
    if let Some(c) = s.components.iter().find(|c| lv.exam(**c).is_none()) {
        return Err(SessionProblem::Component(*c));
    }
    if s.ends_at <= s.starts_at || s.ends_at - s.starts_at > MAX_WINDOW_MS {
        return Err(SessionProblem::Window);
    }
    let bad_room = |r: &String| {
        let r = r.trim();
        r.is_empty() || r.chars().count() > 40 || crate::accounts::forbidden_char(r).is_some()
    };
    if s.rooms.is_empty() || s.rooms.len() > MAX_ROOMS || s.rooms.iter().any(bad_room) {
        return Err(SessionProblem::NoRoom);
    }
    let code_ok = (2..=12).contains(&s.code.len())
        && s.code
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
    if !code_ok {
        return Err(SessionProblem::Code);
    }
    let name = s.name.trim();
    if name.is_empty()
        || name.chars().count() > 100
        || crate::accounts::forbidden_char(name).is_some()
    {
        return Err(SessionProblem::Name);
    }
    Ok(())
}

/// 准考证号: the center code, the session code and the candidate's number in the session,
/// upper case (`HZ01-2612A-0007`). Unique because center codes and a center's session codes are.
pub fn admission_no(center_code: &str, session_code: &str, n: u32) -> String {
    format!(
        "{}-{}-{n:04}",
        center_code.to_ascii_uppercase(),
        session_code.to_ascii_uppercase()
    )
}

/// The room and seat of the `n`-th candidate (0-based): rooms are filled in turn, so that they
/// stay even as candidates enrol.
pub fn seat(rooms: &[String], n: u32) -> (String, i64) {
    if rooms.is_empty() {
        return (String::new(), i64::from(n) + 1);
    }
    let r = rooms.len() as u32;
    (rooms[(n % r) as usize].clone(), i64::from(n / r) + 1)
}

/// A staffing rule of the curriculum that the session does not meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffingWarning {
    pub component: Component,
    pub role: &'static str,
    pub required: u32,
    pub assigned: u32,
}

/// The staffing rules of the session's components against its staff: proctors per room (the
/// candidates of each room at the rule's ratio), examiners and panel members over all candidates.
pub fn staffing_warnings(
    c: &Curriculum,
    session: &ExamSession,
    per_room: &BTreeMap<String, u32>,
    proctors: u32,
    examiners: u32,
) -> Vec<StaffingWarning> {
    let Some(lv) = c.level(session.level.get()) else {
        return vec![];
    };
    let total: u32 = per_room.values().sum();
    let mut out = vec![];
    for comp in &session.components {
        let Some(rule) = lv.exam(*comp).map(|e| &e.staffing) else {
            continue;
        };
        let (required, assigned) = match rule.role {
            StaffRole::Proctor => (
                session
                    .rooms
                    .iter()
                    .map(|r| rule.required(per_room.get(r).copied().unwrap_or(0).max(1)))
                    .sum(),
                proctors,
            ),
            StaffRole::Examiner | StaffRole::Panel => (rule.required(total.max(1)), examiners),
        };
        let odd_fail = rule.odd && assigned % 2 == 0 && assigned > 0;
        if assigned < required || odd_fail {
            out.push(StaffingWarning {
                component: *comp,
                role: rule.role.as_str(),
                required,
                assigned,
            });
        }
    }
    out
}

/// A level is passed when every component reaches its pass mark; `None` while a score is missing.
pub fn level_passed(
    c: &Curriculum,
    level: Level,
    scores: &[(Component, Option<f64>)],
) -> Option<bool> {
    let mut all = true;
    for (comp, s) in scores {
        all &= c.exam_passed(level.get(), *comp, (*s)?);
    }
    Some(all && !scores.is_empty())
}

/// Counts of scores per band of ten (0–9, 10–19 … 90–100): the results' distribution.
pub fn distribution(scores: &[f64]) -> [u32; 10] {
    let mut out = [0u32; 10];
    for s in scores {
        if s.is_finite() {
            let band = (s.clamp(0.0, 100.0) / 10.0).floor() as usize;
            out[band.min(9)] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input() -> SessionInput {
        SessionInput {
            code: "2612a".into(),
            name: "五级理论 12 月场".into(),
            level: Level::FIVE,
            job_type: "data_annotator".into(),
            components: vec![Component::Theory, Component::Skill],
            starts_at: 1_000,
            ends_at: 1_000 + 3 * 3_600_000,
            rooms: vec!["A101".into()],
            pool: None,
            center_items: false,
        }
    }

    fn session(components: Vec<Component>, rooms: &[&str]) -> ExamSession {
        ExamSession {
            id: "s".into(),
            center_id: "c".into(),
            code: "x".into(),
            name: "n".into(),
            level: Level::new(2).unwrap(),
            job_type: "data_annotator".into(),
            components,
            starts_at: 0,
            ends_at: 1,
            rooms: rooms.iter().map(|r| r.to_string()).collect(),
            pool: Pool::Exam,
            center_items: false,
            seed: 42,
            published_at: None,
            created_at: 0,
        }
    }

    #[test]
    fn session_input() {
        let c = crate::curriculum::shipped();
        assert_eq!(check_input(c, &input()), Ok(()));
        let with = |f: &dyn Fn(&mut SessionInput)| {
            let mut i = input();
            f(&mut i);
            check_input(c, &i)
        };
        assert_eq!(
            with(&|i| i.job_type = "x".into()),
            Err(SessionProblem::NoJobType)
        );
        assert_eq!(
            with(&|i| i.components.clear()),
            Err(SessionProblem::NoComponent)
        );
        // 综合评审 exists at levels 2 and 1 only.
        assert_eq!(
            with(&|i| i.components.push(Component::Review)),
            Err(SessionProblem::Component(Component::Review))
        );
        assert_eq!(
            with(&|i| {
                i.level = Level::new(2).unwrap();
                i.components.push(Component::Review)
            }),
            Ok(())
        );
        assert_eq!(
            with(&|i| i.ends_at = i.starts_at),
            Err(SessionProblem::Window)
        );
        assert_eq!(
            with(&|i| i.ends_at = i.starts_at + MAX_WINDOW_MS + 1),
            Err(SessionProblem::Window)
        );
        assert_eq!(with(&|i| i.rooms.clear()), Err(SessionProblem::NoRoom));
        assert_eq!(
            with(&|i| i.rooms.push(" ".into())),
            Err(SessionProblem::NoRoom)
        );
        assert_eq!(with(&|i| i.code = "a b".into()), Err(SessionProblem::Code));
        assert_eq!(
            with(&|i| i.name = "x\u{202e}".into()),
            Err(SessionProblem::Name)
        );
    }

    #[test]
    fn admission_numbers_and_seats() {
        assert_eq!(admission_no("hz01", "2612a", 7), "HZ01-2612A-0007");
        let rooms: Vec<String> = vec!["A".into(), "B".into()];
        // Candidates 0..4 → A1, B1, A2, B2.
        let seats: Vec<(String, i64)> = (0..4).map(|n| seat(&rooms, n)).collect();
        assert_eq!(
            seats,
            [
                ("A".into(), 1),
                ("B".into(), 1),
                ("A".into(), 2),
                ("B".into(), 2)
            ]
        );
        assert_eq!(seat(&[], 3), (String::new(), 4));
    }

    #[test]
    fn staffing_rules() {
        let c = crate::curriculum::shipped();
        let s = session(
            vec![Component::Theory, Component::Skill, Component::Review],
            &["A", "B"],
        );
        // Theory: 20 in A → max(ceil(20/15)=2, 2) = 2; 10 in B → 2; 4 proctors needed.
        // Skill: 30 candidates → ceil(30/5) = 6 → odd → 7 examiners. Review: 3, odd.
        let rooms: BTreeMap<String, u32> = [("A".into(), 20), ("B".into(), 10)].into();
        let w = staffing_warnings(c, &s, &rooms, 3, 7);
        assert_eq!(
            w,
            [StaffingWarning {
                component: Component::Theory,
                role: "proctor",
                required: 4,
                assigned: 3
            }]
        );
        assert!(staffing_warnings(c, &s, &rooms, 4, 7).is_empty());
        // 8 examiners is enough by count but not odd.
        let w = staffing_warnings(c, &s, &rooms, 4, 8);
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|w| w.role != "proctor"));
    }

    #[test]
    fn level_pass_needs_every_component() {
        let c = crate::curriculum::shipped();
        use Component::*;
        assert_eq!(
            level_passed(c, Level::FIVE, &[(Theory, Some(60.0)), (Skill, Some(75.0))]),
            Some(true)
        );
        assert_eq!(
            level_passed(c, Level::FIVE, &[(Theory, Some(59.5)), (Skill, Some(95.0))]),
            Some(false)
        );
        assert_eq!(
            level_passed(c, Level::FIVE, &[(Theory, Some(80.0)), (Skill, None)]),
            None
        );
        assert_eq!(level_passed(c, Level::FIVE, &[]), Some(false));
    }

    #[test]
    fn score_bands() {
        // 0 and 9.99 in band 0; 60 in band 6; 100 (and anything above) in band 9; NaN ignored.
        assert_eq!(
            distribution(&[0.0, 9.99, 60.0, 100.0, 120.0, f64::NAN, -3.0]),
            [3, 0, 0, 0, 0, 0, 1, 0, 0, 2]
        );
    }

    proptest! {
        #[test]
        fn paper_seeds_differ_by_candidate_and_component(a in "[a-z0-9]{1,12}", b in "[a-z0-9]{1,12}") {
            let s = session(vec![Component::Theory], &["A"]);
            prop_assert_eq!(s.paper_seed(&a, Component::Theory), s.paper_seed(&a, Component::Theory));
            prop_assert_ne!(s.paper_seed(&a, Component::Theory), s.paper_seed(&a, Component::Skill));
            if a != b {
                prop_assert_ne!(s.paper_seed(&a, Component::Theory), s.paper_seed(&b, Component::Theory));
            }
        }

        #[test]
        fn seats_never_collide(rooms in 1usize..6, n in 0u32..500) {
            let rooms: Vec<String> = (0..rooms).map(|r| format!("R{r}")).collect();
            let all: std::collections::BTreeSet<(String, i64)> = (0..n).map(|i| seat(&rooms, i)).collect();
            prop_assert_eq!(all.len() as u32, n);
        }
    }
}
