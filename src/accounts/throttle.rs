//! Login throttling policy (pure): how failures count and when a key is locked.
//!
//! Per account: 5 failures within 15 minutes lock the account's logins for 15 minutes.
//! Per IP: 30 failures within 15 minutes — higher, because a whole exam room of candidates
//! may share one address behind the center's router.

use crate::clock::{MINUTE, Millis};
use crate::store::throttle::Counter;

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

/// The counter after one more failure at `now`.
pub fn after_failure(p: Policy, c: Option<Counter>, now: Millis) -> Counter {
    let mut c = match c {
        Some(c) if now - c.window_start < p.window => c,
        _ => Counter {
            failures: 0,
            window_start: now,
            locked_until: 0,
        },
    };
    c.failures += 1;
    if c.failures >= p.max_failures {
        c.locked_until = now + p.lockout;
        // A new window starts after the lockout: one more failure then does not re-lock at once.
        c.failures = 0;
        c.window_start = now + p.lockout;
    }
    c
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
