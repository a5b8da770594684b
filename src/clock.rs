//! The application's clock. Time is decided by the server; tests move it by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Millis + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(|| chrono::Utc::now().timestamp_millis()))
    }

    /// A clock that only moves when told to; for tests.
    pub fn manual(start: Millis) -> (Self, ManualClock) {
        let now = Arc::new(AtomicI64::new(start));
        let reader = now.clone();
        (
            Clock(Arc::new(move || reader.load(Ordering::SeqCst))),
            ManualClock(now),
        )
    }

    pub fn now(&self) -> Millis {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

#[derive(Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn advance(&self, ms: Millis) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
    pub fn set(&self, ms: Millis) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

pub const SECOND: Millis = 1000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// The calendar day of a UTC millisecond time in `tz`, as days since 1970-01-01: what "a
/// different day" and streaks count in (a trainee's evening session is one day, not two).
pub fn local_day(ms: Millis, tz: chrono_tz::Tz) -> i64 {
    use chrono::{Offset, TimeZone};
    let offset_ms = chrono::Utc
        .timestamp_millis_opt(ms)
        .single()
        .map_or(0, |t| {
            i64::from(t.with_timezone(&tz).offset().fix().local_minus_utc()) * 1000
        });
    (ms.saturating_add(offset_ms)).div_euclid(24 * HOUR)
}

/// Formats a UTC millisecond time in the display time zone (Asia/Shanghai).
pub fn format_local(ms: Millis, tz: chrono_tz::Tz) -> String {
    use chrono::TimeZone;
    match chrono::Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
        None => String::new(),
    }
}

/// The calendar date of a UTC millisecond time in `tz`.
pub fn local_date(ms: Millis, tz: chrono_tz::Tz) -> chrono::NaiveDate {
    use chrono::TimeZone;
    chrono::Utc
        .timestamp_millis_opt(ms)
        .single()
        .map_or(chrono::NaiveDate::MIN, |t| {
            t.with_timezone(&tz).date_naive()
        })
}

/// A UTC millisecond time as `20260301-0800` in `tz`, for file names.
pub fn format_compact(ms: Millis, tz: chrono_tz::Tz) -> String {
    use chrono::TimeZone;
    match chrono::Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&tz).format("%Y%m%d-%H%M").to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_day_turns_at_midnight_in_shanghai() {
        let tz = chrono_tz::Asia::Shanghai;
        // 2026-11-28T15:59:59.999Z is 23:59:59.999 on the 28th in Shanghai; one ms later the 29th.
        let before = 1_795_881_599_999; // 2026-11-28T15:59:59.999Z
        assert_eq!(local_day(before, tz), 20_785); // 2026-11-28 is day 20,785 since 1970-01-01
        assert_eq!(local_day(before + 1, tz), 20_786);
        assert_eq!(local_day(0, chrono_tz::UTC), 0);
        assert_eq!(local_day(-1, chrono_tz::UTC), -1);
        assert_eq!(format_compact(before, tz), "20261128-2359");
        assert_eq!(
            local_date(before + 1, tz),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date")
        );
    }
}
