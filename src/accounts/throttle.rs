//! Login throttling policy (pure): how failures count and when a key is locked.
//!
//! Per account: 5 failures within 15 minutes lock the account's logins for 15 minutes.
//! Per IP: 30 failures within 15 minutes — higher, because a whole exam room of candidates
//! may share one address behind the center's router.

use crate::clock::{MINUTE, Millis};

/// Failed attempts of one key (an account or an address) in the current window, and until when
/// the key is locked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    pub failures: i64,
    pub window_start: i64,
    pub locked_until: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub max_failures: i64,
    pub window: Millis,
    pub lockout: Millis,
}

pub const PER_ACCOUNT: Policy = Policy {
    max_failures: 5,
    window: 15 * MINUTE,
    lockout: 15 * MINUTE,
};

pub const PER_IP: Policy = Policy {
    max_failures: 30,
    window: 15 * MINUTE,
    lockout: 15 * MINUTE,
};

/// Milliseconds the key stays locked, if it is locked now.
pub fn locked_for(c: Option<Counter>, now: Millis) -> Option<Millis> {
    c.map(|c| c.locked_until - now).filter(|&ms| ms > 0)
}

/// Whether an attempt, already counted (`c` is the counter after the count), may go on to
/// the password check; else the milliseconds to wait. Counting first, atomically, and deciding
/// after is what keeps parallel guesses within the budget: the sixth of fifteen simultaneous
/// guesses sees a count of 6 whether or not the first five have failed yet.
pub fn admit(p: Policy, c: Counter, now: Millis) -> Result<(), Millis> {
    match locked_for(Some(c), now) {
        Some(ms) => Err(ms),
        None if c.failures > p.max_failures => Err(p.lockout),
        None => Ok(()),
    }
}

/// Whether a failure that brought the count to `c.failures` locks the key.
pub fn locks(p: Policy, c: Counter) -> bool {
    c.failures >= p.max_failures
}

/// The counter of a key that has just been locked at `now`. A new window starts after the
/// lockout: one more failure then does not re-lock at once.
pub fn locked(p: Policy, now: Millis) -> Counter {
    Counter {
        failures: 0,
        window_start: now + p.lockout,
        locked_until: now + p.lockout,
    }
}

/// The counter after one more attempt at `now` (what `store::throttle::count` does in SQL,
/// atomically): a locked key does not count, a key whose window has passed starts over.
pub fn after_attempt(p: Policy, c: Option<Counter>, now: Millis) -> Counter {
    match c {
        Some(c) if c.locked_until > now => c,
        Some(c) if now - c.window_start < p.window => Counter {
            failures: c.failures + 1,
            ..c
        },
        _ => Counter {
            failures: 1,
            window_start: now,
            locked_until: c.map_or(0, |c| c.locked_until),
        },
    }
}

/// The counter after one more failure at `now`: counted, and locked at the limit.
pub fn after_failure(p: Policy, c: Option<Counter>, now: Millis) -> Counter {
    let c = after_attempt(p, c, now);
    if locks(p, c) { locked(p, now) } else { c }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let mut c = None;
        let t0 = 1_000_000;
        for i in 0..4 {
            c = Some(after_failure(PER_ACCOUNT, c, t0 + i * 1000));
            assert_eq!(locked_for(c, t0 + i * 1000), None, "failure {}", i + 1);
        }
        c = Some(after_failure(PER_ACCOUNT, c, t0 + 4000));
        // Locked at t0+4s until t0+4s+15min.
        assert_eq!(locked_for(c, t0 + 4000), Some(15 * MINUTE));
        assert_eq!(locked_for(c, t0 + 4000 + 15 * MINUTE - 1), Some(1));
        assert_eq!(locked_for(c, t0 + 4000 + 15 * MINUTE), None);
    }

    #[test]
    fn attempts_are_counted_before_they_are_admitted() {
        // Fifteen parallel guesses: each is counted first (1, 2, … 15), then decided.
        let t0 = 1_000_000;
        let mut c = None;
        let mut admitted = 0;
        for _ in 0..15 {
            let now = after_attempt(PER_ACCOUNT, c, t0);
            c = Some(now);
            if admit(PER_ACCOUNT, now, t0).is_ok() {
                admitted += 1;
            }
        }
        assert_eq!(admitted, 5);
        // The fifth failure locks; while locked, attempts are not counted.
        let c5 = Counter {
            failures: 5,
            window_start: t0,
            locked_until: 0,
        };
        assert!(locks(PER_ACCOUNT, c5));
        let l = locked(PER_ACCOUNT, t0);
        assert_eq!(after_attempt(PER_ACCOUNT, Some(l), t0 + 1), l);
        assert_eq!(admit(PER_ACCOUNT, l, t0 + 1), Err(15 * MINUTE - 1));
        // After the lockout: attempt 1 of the new window.
        let after = after_attempt(PER_ACCOUNT, Some(l), t0 + 15 * MINUTE);
        assert_eq!(after.failures, 1);
        assert_eq!(admit(PER_ACCOUNT, after, t0 + 15 * MINUTE), Ok(()));
    }

    #[test]
    fn failures_outside_the_window_start_over() {
        let t0 = 0;
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(PER_ACCOUNT, c, t0 + i));
        }
        // 16 minutes later the window has passed: this is failure 1 of a new window.
        let c = after_failure(PER_ACCOUNT, c, t0 + 16 * MINUTE);
        assert_eq!(c.failures, 1);
        assert_eq!(locked_for(Some(c), t0 + 16 * MINUTE), None);
    }
}
