//! 试卷 — a paper: its questions in order, with the points each is worth and the function they
//! count for, and the mock exam or exam attempt that holds one. Pure data; `store::mock` keeps
//! them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::curriculum::Component;

/// One question of a paper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperEntry {
    /// The candidate's attempt at it.
    pub attempt: String,
    /// The item version, frozen when the paper was drawn.
    pub version: String,
    pub item_key: String,
    pub kind: String,
    pub function: String,
    pub points: f64,
}

/// Per function: (points scored, points possible).
pub type Breakdown = BTreeMap<String, (f64, f64)>;

/// A paper's total and breakdown per function, from each question's score (a fraction of its
/// points).
pub fn tally(paper: &[PaperEntry], score: impl Fn(&str) -> f64) -> (f64, Breakdown) {
    let mut total = 0.0;
    let mut breakdown = Breakdown::new();
    for e in paper {
        let got = e.points * score(&e.attempt);
        total += got;
        let slot = breakdown.entry(e.function.clone()).or_default();
        slot.0 += got;
        slot.1 += e.points;
    }
    (total, breakdown)
}

/// 模拟考试: a paper drawn for one trainee, timed by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Mock {
    pub id: String,
    pub user_id: String,
    pub level: crate::curriculum::Level,
    pub component: Component,
    /// Empty only while the paper is being drawn (inside the transaction that draws it).
    pub paper: Vec<PaperEntry>,
    pub started_at: Millis,
    pub deadline_at: Millis,
    pub submitted_at: Option<Millis>,
    /// Points out of 100, once handed in.
    pub score: Option<f64>,
    pub breakdown: Breakdown,
    /// Set when the paper is a candidate's paper of an exam session, not a mock exam.
    pub exam: Option<ExamPaper>,
}

/// What an exam paper has beyond a mock exam: its candidate, its clock (pauses and extra time
/// granted by proctors, capped by the session's window), its one device and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamPaper {
    pub candidate_id: String,
    pub timing: crate::exam::timing::Timing,
    /// The hash of the one browser that may answer; `None` until the first opens the paper.
    pub device: Option<String>,
    pub last_seen_at: Option<Millis>,
    /// Why a proctor ended the paper early.
    pub terminated: Option<String>,
}
