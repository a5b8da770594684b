//! 作答 — the rules of an attempt, pure: its state, the deadline, and which saves, submits and
//! hand-ins it takes. Practice of bank items, generated scenes, mock exams and (next) exam
//! sessions are all attempts under these rules; `app::attempt` applies them, `store::attempts`
//! keeps them.
//!
//! ```text
//!            save (seq ↑)
//!           ┌──────────┐
//!           ▼          │
//!   ──▶   Open ────────┘ ──submit / hand-in──▶ Submitted ──grade──▶ Graded
//!           │ deadline + grace passes
//!           ▼
//!        Expired ──hand-in (by the server)──▶ Graded
//!   Closed: the paper was handed in (or closed by a proctor) while this attempt was open.
//!   Paused: a proctor stopped the paper's clock; no answer is taken until it resumes.
//! ```

use serde_json::Value;

use crate::clock::Millis;
use crate::curriculum::Component;
use crate::exam::key::ItemKey;

/// One attempt as the store keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub id: String,
    pub user_id: String,
    /// The bank item version answered; `None` for a generated scene.
    pub version_id: Option<String>,
    pub item_key: ItemKey,
    pub scene_seed: Option<i64>,
    pub scene_version: Option<i64>,
    pub level: crate::curriculum::Level,
    pub component: Component,
    /// Skill codes (`2.1.2` …) the item trains.
    pub skills: Vec<String>,
    /// The paper (a mock exam or an exam paper) this attempt is a question of.
    pub mock_id: Option<String>,
    /// A choice question's options in the order this person saw them (`order[i]` is the
    /// original index of the option shown at position i); the answer is in the shown letters.
    pub option_order: Option<Vec<u8>>,
    pub answer: Option<Value>,
    pub seq: i64,
    pub flagged: bool,
    pub saved_at: Option<Millis>,
    pub submitted_at: Option<Millis>,
    pub score: Option<f64>,
    /// The stored scoring result (feedback codes, not yet in a language).
    pub result: Option<Value>,
    pub created_at: Millis,
}

/// Late saves are accepted this long after the deadline: the browser's last autosave may be in
/// flight when time runs out.
pub const GRACE_MS: Millis = 5_000;

/// How far one save may move the sequence number on. The browser adds 1 per save; a larger
/// jump is a client bug or an attack (`seq = i64::MAX` would lock the attempt for good).
pub const MAX_SEQ_STEP: i64 = 1_000;

/// Where an attempt stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Takes saves.
    Open,
    /// Its time is up (deadline plus grace); the server hands it in.
    Expired,
    /// The paper it belongs to was handed in or closed.
    Closed,
    /// A proctor paused the paper: the clock stands still and no answer is taken.
    Paused,
    /// Handed in, waiting for a score (examiner-scored items).
    Submitted,
    /// Scored.
    Graded,
}

/// What decides an attempt's state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    pub submitted_at: Option<Millis>,
    pub graded: bool,
    /// The deadline of the attempt's paper, if it is timed.
    pub deadline: Option<Millis>,
    /// The attempt is a question of a paper (a mock exam, an exam), handed in as a whole.
    pub in_paper: bool,
    /// The paper was handed in (or closed) as a whole.
    pub paper_closed: bool,
    /// A proctor paused the paper.
    pub paused: bool,
    /// The change comes from another browser than the one the exam paper is bound to.
    pub foreign_device: bool,
}

/// The state of an attempt at `now`.
pub fn state(f: &Facts, now: Millis) -> State {
    match (f.submitted_at, f.graded) {
        (Some(_), true) => State::Graded,
        (Some(_), false) => State::Submitted,
        (None, _) if f.paper_closed => State::Closed,
        (None, _) if f.paused => State::Paused,
        (None, _) if f.deadline.is_some_and(|d| now > d.saturating_add(GRACE_MS)) => State::Expired,
        (None, _) => State::Open,
    }
}

/// Why a save or a submit is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Another save got there first: the stored seq is not older than this one.
    Stale,
    /// The seq jumps further than [`MAX_SEQ_STEP`] (or is not positive).
    BadSeq,
    /// The paper was handed in or its time is up.
    Closed,
    /// This attempt was already submitted.
    Submitted,
    /// The paper is paused by a proctor.
    Paused,
    /// Another browser holds the exam paper (one active device per attempt).
    Device,
}

impl Refusal {
    /// The refusal an attempt gives to any change at `now`, if it gives one. A question of a
    /// paper is closed with its paper, whether or not it was graded yet.
    pub fn of(f: &Facts, now: Millis) -> Option<Refusal> {
        match state(f, now) {
            State::Open | State::Paused | State::Expired if f.foreign_device => {
                Some(Refusal::Device)
            }
            State::Open => None,
            State::Paused => Some(Refusal::Paused),
            State::Expired | State::Closed => Some(Refusal::Closed),
            State::Submitted | State::Graded if f.in_paper => Some(Refusal::Closed),
            State::Submitted | State::Graded => Some(Refusal::Submitted),
        }
    }
}

/// Whether an attempt takes a save (or a submit, which is a last save) with `seq` at `now`,
/// its stored seq being `stored`. The store applies the same guards atomically (`seq < new`),
/// so a save that passes here may still lose a race, and is then answered as stale or closed.
pub fn check_change(f: &Facts, now: Millis, stored: i64, seq: i64) -> Result<(), Refusal> {
    if let Some(r) = Refusal::of(f, now) {
        return Err(r);
    }
    if seq <= 0 || seq > stored.saturating_add(MAX_SEQ_STEP) {
        return Err(Refusal::BadSeq);
    }
    if seq <= stored {
        return Err(Refusal::Stale);
    }
    Ok(())
}

/// Whether a score counts as passed for one question: theory items must be fully right,
/// practical tasks reach `pass_fraction` of their points (the exam's pass mark over its full
/// marks, 60 / 100). What enters and leaves the wrong-answer book follows this.
pub fn item_passed(component: Component, score: f64, pass_fraction: f64) -> bool {
    match component {
        Component::Theory => score >= 1.0 - 1e-9,
        _ => score >= pass_fraction - 1e-9,
    }
}

/// The answer as stored: `None` when nothing was ever saved, or the saved JSON was `null`.
pub fn answer_of(stored: Option<&str>) -> Option<Value> {
    stored
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: Millis = 1_000_000;

    #[test]
    fn states() {
        let open = Facts::default();
        assert_eq!(state(&open, NOW), State::Open);
        let timed = Facts {
            deadline: Some(NOW),
            ..open
        };
        // At the deadline and within the grace: still open; one ms past the grace: expired.
        assert_eq!(state(&timed, NOW), State::Open);
        assert_eq!(state(&timed, NOW + GRACE_MS), State::Open);
        assert_eq!(state(&timed, NOW + GRACE_MS + 1), State::Expired);
        let closed = Facts {
            paper_closed: true,
            ..timed
        };
        assert_eq!(state(&closed, NOW), State::Closed);
        let submitted = Facts {
            submitted_at: Some(NOW),
            ..closed
        };
        assert_eq!(state(&submitted, NOW), State::Submitted);
        let graded = Facts {
            graded: true,
            ..submitted
        };
        assert_eq!(state(&graded, NOW + 10 * GRACE_MS), State::Graded);
        // A deadline at the end of time never overflows.
        let far = Facts {
            deadline: Some(i64::MAX),
            ..open
        };
        assert_eq!(state(&far, i64::MAX), State::Open);
    }

    #[test]
    fn changes() {
        let open = Facts::default();
        let ok = |stored, seq| check_change(&open, NOW, stored, seq);
        assert_eq!(ok(0, 1), Ok(()));
        assert_eq!(ok(5, 5), Err(Refusal::Stale));
        assert_eq!(ok(5, 4), Err(Refusal::Stale));
        assert_eq!(ok(5, 5 + MAX_SEQ_STEP), Ok(()));
        assert_eq!(ok(5, 6 + MAX_SEQ_STEP), Err(Refusal::BadSeq));
        assert_eq!(ok(0, i64::MAX), Err(Refusal::BadSeq));
        assert_eq!(ok(0, 0), Err(Refusal::BadSeq));
        assert_eq!(ok(0, -3), Err(Refusal::BadSeq));
        let paper = Facts {
            in_paper: true,
            deadline: Some(NOW),
            ..open
        };
        assert_eq!(check_change(&paper, NOW, 0, 1), Ok(()));
        let late = NOW + GRACE_MS + 1;
        assert_eq!(check_change(&paper, late, 0, 1), Err(Refusal::Closed));
        let handed_in = Facts {
            paper_closed: true,
            submitted_at: Some(NOW),
            graded: true,
            ..paper
        };
        assert_eq!(check_change(&handed_in, NOW, 0, 1), Err(Refusal::Closed));
        let submitted = Facts {
            submitted_at: Some(NOW),
            ..open
        };
        assert_eq!(check_change(&submitted, NOW, 0, 1), Err(Refusal::Submitted));
        let graded = Facts {
            graded: true,
            ..submitted
        };
        assert_eq!(check_change(&graded, NOW, 0, 1), Err(Refusal::Submitted));
        // A paused paper takes nothing; another device is told so before anything else, but a
        // closed paper is closed for every device.
        let paused = Facts {
            paused: true,
            ..paper
        };
        assert_eq!(state(&paused, NOW), State::Paused);
        assert_eq!(check_change(&paused, NOW, 0, 1), Err(Refusal::Paused));
        let foreign = Facts {
            foreign_device: true,
            ..paused
        };
        assert_eq!(check_change(&foreign, NOW, 0, 1), Err(Refusal::Device));
        let foreign_closed = Facts {
            paper_closed: true,
            ..foreign
        };
        assert_eq!(
            check_change(&foreign_closed, NOW, 0, 1),
            Err(Refusal::Closed)
        );
    }

    #[test]
    fn item_pass_rules() {
        assert!(item_passed(Component::Theory, 1.0, 0.6));
        assert!(!item_passed(Component::Theory, 0.99, 0.6));
        assert!(item_passed(Component::Skill, 0.6, 0.6));
        assert!(!item_passed(Component::Skill, 0.59, 0.6));
    }

    #[test]
    fn answers() {
        assert_eq!(answer_of(None), None);
        assert_eq!(answer_of(Some("null")), None);
        assert_eq!(answer_of(Some("{bad")), None);
        assert_eq!(answer_of(Some("[1]")), Some(serde_json::json!([1])));
    }

    proptest! {
        /// Whatever the stored seq, an accepted seq is newer and at most one step away, so the
        /// attempt can always take the next save.
        #[test]
        fn accepted_seqs_never_lock_the_attempt(stored in 0i64..i64::MAX / 2, seq in any::<i64>()) {
            let open = Facts::default();
            if check_change(&open, NOW, stored, seq).is_ok() {
                prop_assert!(seq > stored && seq - stored <= MAX_SEQ_STEP);
                prop_assert_eq!(check_change(&open, NOW, seq, seq + 1), Ok(()));
            }
        }
    }
}
