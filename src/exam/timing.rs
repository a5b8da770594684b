//! 考试计时 — the server's clock rules for one exam attempt, pure: the deadline, the time left,
//! pauses and extra time granted by proctors, and which saves the clock still takes.
//!
//! ```text
//!   started_at                       deadline = started + duration + extra + paused
//!       │◀──── active ────▶│◀ pause ▶│◀──── active ────▶│      (capped by window_end)
//!                       paused_at  resume
//! ```
//!
//! The clock stops during a pause: the deadline moves on with `now` while paused and stays put
//! once the pause is over. The session's window end is a hard cap that nothing moves past —
//! not a pause, not extra time. All arithmetic saturates, so no stored value can overflow it.

use crate::clock::Millis;

const MINUTE_MS: i64 = 60_000;

/// Extra time a proctor may grant one attempt, in total: a day is far beyond any real need,
/// and a bound keeps a typo (`9999999` minutes) from voiding the deadline.
pub const MAX_EXTRA_MS: i64 = 24 * 60 * MINUTE_MS;

/// The timing facts of one candidate's attempt at an exam component.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Timing {
    pub started_at: Millis,
    /// The component's duration.
    pub duration_ms: i64,
    /// Extra time granted by proctors (the sum), `>= 0`.
    pub extra_ms: i64,
    /// Total length of the finished pauses.
    pub paused_ms: i64,
    /// When the running pause began; set while paused.
    pub paused_at: Option<Millis>,
    /// The session's window end: a hard cap.
    pub window_end: Millis,
}

/// Why a timing change is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimingError {
    /// Extra time must be a positive number of minutes, at most [`MAX_EXTRA_MS`] in total.
    #[error("extra time must be more than 0 minutes and at most 24 hours in total")]
    BadExtra,
}

impl Timing {
    /// The time the candidate may work: duration plus extra time, never below 0.
    fn budget(&self) -> i64 {
        self.duration_ms.saturating_add(self.extra_ms).max(0)
    }

    /// Paused time at `now`: the finished pauses plus the running one up to `now` (a clock that
    /// reads before the pause began counts the running pause as 0, never as negative).
    fn paused_total(&self, now: Millis) -> i64 {
        let running = self.paused_at.map_or(0, |p| now.saturating_sub(p).max(0));
        self.paused_ms.saturating_add(running)
    }

    /// The deadline at `now`: min(started + duration + extra + paused time (finished pauses plus
    /// the running one up to now), window_end). While paused the clock stops, so the deadline
    /// moves with `now` (still capped by the window end).
    pub fn deadline(&self, now: Millis) -> Millis {
        self.started_at
            .saturating_add(self.duration_ms)
            .saturating_add(self.extra_ms)
            .saturating_add(self.paused_total(now))
            .min(self.window_end)
    }

    /// Milliseconds left at `now`: 0 when over; while paused, frozen at what was left when the
    /// pause began (unless the window end, which no pause moves, comes sooner). Never more than
    /// duration + extra, even for a clock that reads before the start.
    pub fn remaining(&self, now: Millis) -> i64 {
        // The time used runs up to the pause's start while paused: that is what freezes it.
        let until = self.paused_at.unwrap_or(now);
        let used = until
            .saturating_sub(self.started_at)
            .saturating_sub(self.paused_ms)
            .max(0);
        let budget = self.budget();
        budget
            .saturating_sub(used)
            .min(self.window_end.saturating_sub(now))
            .clamp(0, budget)
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// The timing after a pause at `now` (no-op if already paused: the first pause's start
    /// stands, so a repeated click does not lose paused time).
    pub fn pause(self, now: Millis) -> Timing {
        if self.is_paused() {
            return self;
        }
        Timing {
            paused_at: Some(now),
            ..self
        }
    }

    /// The timing after a resume at `now`: the pause's length (`now - paused_at`, `>= 0`) added
    /// to `paused_ms` (no-op if not paused).
    pub fn resume(self, now: Millis) -> Timing {
        match self.paused_at {
            None => self,
            Some(_) => Timing {
                paused_ms: self.paused_total(now),
                paused_at: None,
                ..self
            },
        }
    }

    /// Extra time granted: `minutes > 0`, at most [`MAX_EXTRA_MS`] in total, else
    /// `Err(TimingError::BadExtra)`. Extra time never moves the deadline past the window end.
    pub fn grant_extra(self, minutes: i64) -> Result<Timing, TimingError> {
        let total = (minutes > 0)
            .then(|| minutes.checked_mul(MINUTE_MS))
            .flatten()
            .and_then(|add| self.extra_ms.max(0).checked_add(add))
            .filter(|&t| t <= MAX_EXTRA_MS)
            .ok_or(TimingError::BadExtra)?;
        Ok(Timing {
            extra_ms: total,
            ..self
        })
    }

    /// Which remaining-time warning is due: `Some(15)` when remaining is <= 15 min and > 5 min,
    /// `Some(5)` when <= 5 min and > 0, else `None`.
    pub fn warning(&self, now: Millis) -> Option<u32> {
        match self.remaining(now) {
            r if r > 15 * MINUTE_MS || r <= 0 => None,
            r if r > 5 * MINUTE_MS => Some(15),
            _ => Some(5),
        }
    }
}

/// Whether a save at `now` is taken: not paused and `now <= deadline(now) + grace` (the
/// caller passes [`crate::exam::attempt::GRACE_MS`]).
///
/// A save during a pause is refused. A pause stops the exam, not only the clock: the candidate
/// is not to work while it runs (the proctor is dealing with an incident, the room may be
/// unsupervised), and since a paused deadline keeps moving, a save there could never be late.
/// The browser's autosave that was in flight when the pause began is lost at worst by one
/// answer, which the candidate saves again on resume.
pub fn accepts_save(t: &Timing, now: Millis, grace: Millis) -> bool {
    !t.is_paused() && now <= t.deadline(now).saturating_add(grace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::attempt::GRACE_MS;
    use proptest::prelude::*;

    const MIN: i64 = MINUTE_MS;

    /// A 90-minute component started at 0 in a window that closes at 3 h.
    fn exam() -> Timing {
        Timing {
            started_at: 0,
            duration_ms: 90 * MIN,
            window_end: 180 * MIN,
            ..Timing::default()
        }
    }

    #[test]
    fn plain_deadline_and_remaining() {
        let t = exam();
        // 0 + 90 min = 90 min; at 30 min, 90 − 30 = 60 min are left.
        assert_eq!(t.deadline(30 * MIN), 90 * MIN);
        assert_eq!(t.remaining(30 * MIN), 60 * MIN);
        assert_eq!(t.remaining(90 * MIN), 0);
        assert_eq!(t.remaining(100 * MIN), 0);
        // A clock before the start: still only the 90 min, not 90 + 10.
        assert_eq!(t.remaining(-10 * MIN), 90 * MIN);
    }

    #[test]
    fn saves_around_deadline_and_grace() {
        let t = exam();
        // Deadline 90 min = 5 400 000 ms, grace 5 000 ms: last save taken at 5 405 000.
        let last = 90 * MIN + GRACE_MS;
        assert_eq!(last, 5_405_000);
        assert!(accepts_save(&t, last - 1, GRACE_MS));
        assert!(accepts_save(&t, last, GRACE_MS));
        assert!(!accepts_save(&t, last + 1, GRACE_MS));
    }

    #[test]
    fn pause_resume_and_extra() {
        // Start 0, 90 min; pause at 10 min.
        let t = exam().pause(10 * MIN);
        assert!(t.is_paused());
        // At 12 min, 2 min into the pause: deadline 90 + 2 = 92 min; remaining frozen at
        // 90 − 10 = 80 min; a save is refused.
        assert_eq!(t.deadline(12 * MIN), 92 * MIN);
        assert_eq!(t.remaining(12 * MIN), 80 * MIN);
        assert!(!accepts_save(&t, 12 * MIN, GRACE_MS));
        // Pausing again at 13 min keeps the first start.
        assert_eq!(t.pause(13 * MIN), t);
        // Resume at 15 min: paused 15 − 10 = 5 min; deadline 90 + 5 = 95 min.
        let t = t.resume(15 * MIN);
        assert_eq!(t.paused_ms, 5 * MIN);
        assert_eq!(t.paused_at, None);
        assert_eq!(t.deadline(15 * MIN), 95 * MIN);
        assert_eq!(t.remaining(15 * MIN), 80 * MIN);
        // Extra 10 min: 0 + 90 + 10 + 5 = 105 min; at 20 min, 105 − 20 = 85 min are left.
        let t = t.grant_extra(10).unwrap();
        assert_eq!(t.extra_ms, 10 * MIN);
        assert_eq!(t.deadline(20 * MIN), 105 * MIN);
        assert_eq!(t.remaining(20 * MIN), 85 * MIN);
        assert!(accepts_save(&t, 105 * MIN + GRACE_MS, GRACE_MS));
        assert!(!accepts_save(&t, 105 * MIN + GRACE_MS + 1, GRACE_MS));
    }

    #[test]
    fn window_end_caps_everything() {
        // A late start: 0 + 90 min would end at 90 min, the window closes at 60 min.
        let t = Timing {
            window_end: 60 * MIN,
            ..exam()
        };
        assert_eq!(t.deadline(0), 60 * MIN);
        // At 50 min: min(90 − 50, 60 − 50) = 10 min.
        assert_eq!(t.remaining(50 * MIN), 10 * MIN);
        // Extra time cannot push past it either: min(0 + 90 + 30, 60) = 60 min.
        assert_eq!(t.grant_extra(30).unwrap().deadline(0), 60 * MIN);
        // A pause at 50 min that lasts past the window end: the deadline follows now up to
        // 60 min and stops there; what is left shrinks with the window, not frozen.
        let p = t.pause(50 * MIN);
        assert_eq!(p.deadline(55 * MIN), 60 * MIN);
        assert_eq!(p.remaining(55 * MIN), 5 * MIN);
        assert_eq!(p.deadline(70 * MIN), 60 * MIN);
        assert_eq!(p.remaining(70 * MIN), 0);
        // Resumed at 70 min (paused 20 min): min(90 + 20, 60) = 60 min, over; a save at
        // 70 min is past 60 min + 5 s.
        let r = p.resume(70 * MIN);
        assert_eq!(r.paused_ms, 20 * MIN);
        assert_eq!(r.deadline(70 * MIN), 60 * MIN);
        assert!(!accepts_save(&r, 70 * MIN, GRACE_MS));
        // A pause in a roomy window moves the deadline: exam() has its window at 180 min, a
        // pause from 10 to 100 min gives min(90 + 90, 180) = 180 min, one from 10 to 120 min
        // min(90 + 110, 180) = 180 min still.
        assert_eq!(
            exam().pause(10 * MIN).resume(100 * MIN).deadline(0),
            180 * MIN
        );
        assert_eq!(
            exam().pause(10 * MIN).resume(120 * MIN).deadline(0),
            180 * MIN
        );
    }

    #[test]
    fn odd_clocks() {
        // A resume that reads before the pause began adds nothing.
        let t = exam().pause(10 * MIN).resume(5 * MIN);
        assert_eq!(t.paused_ms, 0);
        assert_eq!(t.deadline(0), 90 * MIN);
        // The ends of time: no overflow, just the cap.
        let far = Timing {
            started_at: i64::MAX - 1,
            duration_ms: i64::MAX,
            extra_ms: i64::MAX,
            paused_ms: i64::MAX,
            paused_at: Some(i64::MIN),
            window_end: i64::MAX,
        };
        assert_eq!(far.deadline(i64::MAX), i64::MAX);
        assert_eq!(far.resume(i64::MAX).paused_ms, i64::MAX);
        assert!(far.remaining(i64::MIN) >= 0);
        assert!(!accepts_save(&far, 0, GRACE_MS));
        let neg = Timing {
            duration_ms: -5,
            extra_ms: -5,
            ..Timing::default()
        };
        assert_eq!(neg.remaining(0), 0);
    }

    #[test]
    fn extra_time_bounds() {
        let t = exam();
        assert_eq!(t.grant_extra(0), Err(TimingError::BadExtra));
        assert_eq!(t.grant_extra(-5), Err(TimingError::BadExtra));
        assert_eq!(t.grant_extra(i64::MAX), Err(TimingError::BadExtra));
        // 24 h = 1 440 min in total: 1 430 + 10 is exactly the bound, one more minute is not.
        let t = t.grant_extra(1_430).unwrap().grant_extra(10).unwrap();
        assert_eq!(t.extra_ms, MAX_EXTRA_MS);
        assert_eq!(t.grant_extra(1), Err(TimingError::BadExtra));
    }

    #[test]
    fn warnings() {
        let t = exam();
        // Remaining = 90 min − now.
        assert_eq!(t.warning(0), None);
        assert_eq!(t.warning(75 * MIN - 1), None); // 15 min + 1 ms left
        assert_eq!(t.warning(75 * MIN), Some(15)); // 15 min left
        assert_eq!(t.warning(85 * MIN - 1), Some(15)); // 5 min + 1 ms left
        assert_eq!(t.warning(85 * MIN), Some(5)); // 5 min left
        assert_eq!(t.warning(90 * MIN - 1), Some(5)); // 1 ms left
        assert_eq!(t.warning(90 * MIN), None); // over
    }

    fn timing() -> impl Strategy<Value = Timing> {
        (
            -1_000_000i64..1_000_000,
            0i64..10_000_000,
            0i64..=MAX_EXTRA_MS,
            0i64..10_000_000,
            proptest::option::of(-1_000_000i64..20_000_000),
            -1_000_000i64..30_000_000,
        )
            .prop_map(
                |(started_at, duration_ms, extra_ms, paused_ms, paused_at, window_end)| Timing {
                    started_at,
                    duration_ms,
                    extra_ms,
                    paused_ms,
                    paused_at,
                    window_end,
                },
            )
    }

    proptest! {
        #[test]
        fn remaining_is_bounded(t in timing(), now in -2_000_000i64..40_000_000) {
            let r = t.remaining(now);
            prop_assert!(r >= 0);
            prop_assert!(r <= t.duration_ms + t.extra_ms);
        }

        #[test]
        fn deadline_never_passes_window_end(t in timing(), now in any::<i64>()) {
            prop_assert!(t.deadline(now) <= t.window_end);
        }

        #[test]
        fn instant_pause_changes_nothing(t in timing(), now in any::<i64>()) {
            let t = t.resume(now); // a running timing
            prop_assert_eq!(t.pause(now).resume(now), t);
        }

        #[test]
        fn resume_without_pause_is_a_noop(t in timing(), now in any::<i64>()) {
            let t = Timing { paused_at: None, ..t };
            prop_assert_eq!(t.resume(now), t);
        }

        /// Any timing, however wild, answers without panicking.
        #[test]
        fn never_panics(
            a in any::<i64>(), b in any::<i64>(), c in any::<i64>(), d in any::<i64>(),
            e in proptest::option::of(any::<i64>()), f in any::<i64>(), now in any::<i64>(),
            m in any::<i64>(),
        ) {
            let t = Timing { started_at: a, duration_ms: b, extra_ms: c, paused_ms: d, paused_at: e, window_end: f };
            let _ = (t.deadline(now), t.remaining(now), t.warning(now), accepts_save(&t, now, GRACE_MS));
            let _ = (t.pause(now), t.resume(now), t.grant_extra(m));
            prop_assert!(t.remaining(now) >= 0);
        }

        /// While running, remaining is exactly the time to the deadline.
        #[test]
        fn remaining_matches_deadline_when_running(t in timing(), now in -2_000_000i64..40_000_000) {
            let t = Timing { paused_at: None, ..t };
            // (A clock before start + finished pauses has no meaningful time used.)
            if now >= t.started_at + t.paused_ms {
                prop_assert_eq!(t.remaining(now), (t.deadline(now) - now).max(0));
            }
        }
    }
}
