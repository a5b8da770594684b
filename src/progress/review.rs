//! The wrong-answer book (错题本): a small spaced-repetition schedule per item.
//!
//! A wrong answer puts the item in the book, due the next day. An item leaves after two right
//! reviews on two different days, the second at least [`INTERVALS`]`[1]` days after the first, so
//! it has been recalled after a night's sleep and again a few days later. A wrong answer in the
//! book starts over. Right answers before the due day change nothing: rereading a fresh mistake
//! proves little. The rules and a worked timeline are in `docs/progress.md`.

use serde::{Deserialize, Serialize};

/// Days until the next review: after a wrong answer (0 right reviews) and after the first right
/// review. The whole cycle takes at least 1 + 3 = 4 days, short enough for courses of a few weeks;
/// longer gaps (7, 14 …) would suit long-term retention but keep the book growing before an exam.
pub const INTERVALS: [i64; 2] = [1, 3];

/// One item in the book. Days are the caller's day numbers (local China date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When the item entered the book (its first wrong answer).
    pub added_day: i64,
    /// First day on which a right answer counts as a review.
    pub due_day: i64,
    /// Right reviews counted since entering or since the last wrong answer (0 or 1).
    pub rights: u8,
    /// Day of the last counted right review.
    pub last_right_day: Option<i64>,
    /// Wrong answers while in the book.
    pub lapses: u32,
}

/// What an answer does to the book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", content = "entry", rename_all = "snake_case")]
pub enum Change {
    /// Nothing to store.
    Unchanged,
    /// A new entry.
    Enter(Entry),
    /// The entry's new state.
    Update(Entry),
    /// Remove the entry: the item is learnt.
    Leave,
}

/// Applies one answer given on `day` to the item's entry (`None`: not in the book).
///
/// `correct` is false for a wrong theory answer and for a practical score below its pass line.
/// - not in the book, wrong → [`Change::Enter`], due `day + 1`;
/// - not in the book, right → [`Change::Unchanged`];
/// - in the book, wrong → rights 0, lapses + 1, due `day + 1`;
/// - in the book, right before `due_day`, or on the day of the last counted right →
///   [`Change::Unchanged`];
/// - in the book, right on or after `due_day`: the first counted right sets rights 1 and due
///   `day + 3`; the second → [`Change::Leave`].
pub fn apply(current: Option<&Entry>, day: i64, correct: bool) -> Change {
    let Some(entry) = current else {
        return if correct {
            Change::Unchanged
        } else {
            Change::Enter(Entry {
                added_day: day,
                due_day: day.saturating_add(INTERVALS[0]),
                rights: 0,
                last_right_day: None,
                lapses: 0,
            })
        };
    };
    if !correct {
        return Change::Update(Entry {
            due_day: day.saturating_add(INTERVALS[0]),
            rights: 0,
            lapses: entry.lapses.saturating_add(1),
            ..*entry
        });
    }
    if day < entry.due_day || entry.last_right_day == Some(day) {
        return Change::Unchanged;
    }
    if entry.rights == 0 {
        Change::Update(Entry {
            due_day: day.saturating_add(INTERVALS[1]),
            rights: 1,
            last_right_day: Some(day),
            ..*entry
        })
    } else {
        Change::Leave
    }
}

/// Whether the item should be reviewed on `day` (a right answer would count).
pub fn is_due(e: &Entry, day: i64) -> bool {
    day >= e.due_day
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Applies a change to the stored state, as the caller would.
    fn store(state: &mut Option<Entry>, change: Change) {
        match change {
            Change::Unchanged => {}
            Change::Enter(e) | Change::Update(e) => *state = Some(e),
            Change::Leave => *state = None,
        }
    }

    #[test]
    fn timeline_by_hand() {
        let mut book: Option<Entry> = None;

        // Day 10: right, not in the book → nothing.
        assert_eq!(apply(book.as_ref(), 10, true), Change::Unchanged);

        // Day 10: wrong → enters, due day 11.
        let first = Entry {
            added_day: 10,
            due_day: 11,
            rights: 0,
            last_right_day: None,
            lapses: 0,
        };
        let c = apply(book.as_ref(), 10, false);
        assert_eq!(c, Change::Enter(first));
        store(&mut book, c);
        assert!(!is_due(&first, 10) && is_due(&first, 11));

        // Day 10: right again at once → too early, nothing.
        assert_eq!(apply(book.as_ref(), 10, true), Change::Unchanged);

        // Day 11: right → first counted review, due day 11 + 3 = 14.
        let c = apply(book.as_ref(), 11, true);
        let reviewed = Entry {
            due_day: 14,
            rights: 1,
            last_right_day: Some(11),
            ..first
        };
        assert_eq!(c, Change::Update(reviewed));
        store(&mut book, c);

        // Day 11 again and day 12: right → too early, nothing.
        assert_eq!(apply(book.as_ref(), 11, true), Change::Unchanged);
        assert_eq!(apply(book.as_ref(), 12, true), Change::Unchanged);

        // Day 14: wrong → lapse, back to 0 rights, due day 15.
        let c = apply(book.as_ref(), 14, false);
        let lapsed = Entry {
            due_day: 15,
            rights: 0,
            lapses: 1,
            ..reviewed
        };
        assert_eq!(c, Change::Update(lapsed));
        store(&mut book, c);

        // Day 15: right → due day 18. Day 20 (late is fine): right → leaves.
        let c = apply(book.as_ref(), 15, true);
        assert_eq!(
            c,
            Change::Update(Entry {
                due_day: 18,
                rights: 1,
                last_right_day: Some(15),
                ..lapsed
            })
        );
        store(&mut book, c);
        assert_eq!(apply(book.as_ref(), 17, true), Change::Unchanged);
        let c = apply(book.as_ref(), 20, true);
        assert_eq!(c, Change::Leave);
        store(&mut book, c);
        assert_eq!(book, None);

        // Day 21: wrong again → a fresh entry.
        assert_eq!(
            apply(book.as_ref(), 21, false),
            Change::Enter(Entry {
                added_day: 21,
                due_day: 22,
                rights: 0,
                last_right_day: None,
                lapses: 0,
            })
        );
    }

    #[test]
    fn second_right_on_the_same_day_does_not_count() {
        // Only reachable with hand-made state: due today and already counted today.
        let e = Entry {
            added_day: 1,
            due_day: 5,
            rights: 1,
            last_right_day: Some(5),
            lapses: 0,
        };
        assert_eq!(apply(Some(&e), 5, true), Change::Unchanged);
        assert_eq!(apply(Some(&e), 6, true), Change::Leave);
    }

    #[test]
    fn extreme_days_do_not_overflow() {
        let c = apply(None, i64::MAX, false);
        let Change::Enter(e) = c else {
            panic!("expected Enter, got {c:?}");
        };
        assert_eq!(e.due_day, i64::MAX);
        let lapsed = Entry {
            lapses: u32::MAX,
            ..e
        };
        assert!(matches!(
            apply(Some(&lapsed), 0, false),
            Change::Update(Entry {
                lapses: u32::MAX,
                ..
            })
        ));
    }

    proptest! {
        #[test]
        fn apply_never_panics(
            answers in prop::collection::vec((any::<i64>(), any::<bool>()), 0..30),
            start in prop::option::of((any::<i64>(), any::<i64>(), any::<u8>(), prop::option::of(any::<i64>()), any::<u32>())),
        ) {
            let mut book = start.map(|(added_day, due_day, rights, last_right_day, lapses)| Entry {
                added_day, due_day, rights, last_right_day, lapses,
            });
            for (day, correct) in answers {
                let change = apply(book.as_ref(), day, correct);
                if let Some(e) = &book {
                    let _ = is_due(e, day);
                }
                store(&mut book, change);
            }
        }

        #[test]
        fn leaving_takes_two_reviews_on_different_days(
            answers in prop::collection::vec((0i64..3, any::<bool>()), 1..40),
        ) {
            // Days move forward by 0–2 days per answer.
            let mut day = 0i64;
            let mut book: Option<Entry> = None;
            let mut counted: Vec<i64> = Vec::new();
            for (step, correct) in answers {
                day += step;
                let change = apply(book.as_ref(), day, correct);
                match change {
                    Change::Enter(_) => counted.clear(),
                    Change::Update(e) if e.rights == 0 => counted.clear(),
                    Change::Update(e) => counted.push(e.last_right_day.unwrap_or(i64::MIN)),
                    Change::Leave => {
                        prop_assert_eq!(counted.len(), 1);
                        prop_assert!(day >= counted[0] + INTERVALS[1]);
                        counted.clear();
                    }
                    Change::Unchanged => {}
                }
                store(&mut book, change);
                if let Some(e) = &book {
                    prop_assert!(e.rights <= 1);
                }
            }
        }
    }
}
