//! Learning progress (学习进度): how well a trainee masters each skill, what to review, how likely
//! they are to pass, and charts that show it.
//!
//! Pure: data in, data out. No I/O, no clock, no randomness. The caller computes day numbers (the
//! local China date, e.g. days since 1970-01-01 in Asia/Shanghai) and times in ms, so every number
//! can be recomputed offline. The model is explained for trainees and teachers in
//! `docs/progress.md`.
//!
//! - [`mastery`]: a Beta estimate of mastery per skill from recent answers, pooled per work or
//!   function;
//! - [`review`]: the wrong-answer book (错题本), a small spaced-repetition schedule;
//! - [`readiness`]: the forecast of each exam component, the pass probability, readiness and
//!   what to practise next;
//! - [`charts`]: server-rendered SVG (no JS, no inline style);
//! - [`streak`]: the practice streak.

pub mod charts;
pub mod mastery;
pub mod readiness;
pub mod review;

use std::collections::BTreeSet;

/// The practice streak: `(current, longest)` runs of consecutive active days.
///
/// `current` ends today, or yesterday if nothing was done yet today (a streak is not lost before
/// the day is over). Days after `today` are ignored; order and duplicates do not matter.
pub fn streak(active_days: &[i64], today: i64) -> (u32, u32) {
    let days: BTreeSet<i64> = active_days
        .iter()
        .copied()
        .filter(|&d| d <= today)
        .collect();

    let mut longest = 0u32;
    let mut run = 0u32;
    let mut previous: Option<i64> = None;
    for &day in &days {
        run = match previous {
            Some(p) if p.checked_add(1) == Some(day) => run.saturating_add(1),
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }

    let end = if days.contains(&today) {
        Some(today)
    } else {
        today.checked_sub(1).filter(|y| days.contains(y))
    };
    let mut current = 0u32;
    let mut day = end;
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current = current.saturating_add(1);
        day = d.checked_sub(1);
    }
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn streak_counts_runs() {
        // Active 1, 2, 3, then 5, 6, 7, 8: runs of 3 and 4.
        let days = [8, 1, 2, 3, 5, 6, 7, 3, 8];
        assert_eq!(streak(&days, 8), (4, 4));
        // Nothing yet on day 9: the streak ending yesterday still counts.
        assert_eq!(streak(&days, 9), (4, 4));
        // Day 9 missed: broken.
        assert_eq!(streak(&days, 10), (0, 4));
        // Seen from day 3, days 5–8 are in the future and ignored.
        assert_eq!(streak(&days, 3), (3, 3));
        assert_eq!(streak(&days, 4), (3, 3));
        assert_eq!(streak(&[], 100), (0, 0));
        assert_eq!(streak(&[100], 100), (1, 1));
        assert_eq!(streak(&[i64::MIN, i64::MAX], i64::MAX), (1, 1));
    }

    proptest! {
        #[test]
        fn streak_never_panics(days in prop::collection::vec(any::<i64>(), 0..40), today in any::<i64>()) {
            let (current, longest) = streak(&days, today);
            prop_assert!(current <= longest);
        }

        #[test]
        fn streak_of_a_block(start in -1000i64..1000, len in 1u32..60) {
            let days: Vec<i64> = (0..i64::from(len)).map(|i| start + i).collect();
            let last = start + i64::from(len) - 1;
            prop_assert_eq!(streak(&days, last), (len, len));
            prop_assert_eq!(streak(&days, last + 1), (len, len));
            prop_assert_eq!(streak(&days, last + 2), (0, len));
        }
    }
}
