//! Any bytes as an uploaded spreadsheet or CSV: the roster import, the trainee import and the
//! bank spreadsheet, each as XLSX and as CSV. Refusals are fine; a panic or a huge
//! allocation (libFuzzer's -rss_limit_mb) is not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono_today();
    for name in ["roster.xlsx", "roster.csv"] {
        if let Ok(rows) = annocert::accounts::import::read_table(name, data) {
            let _ = annocert::accounts::import::parse_rows(&rows, today);
            let _ = annocert::exam::roster::parse(&rows);
        }
        let _ = annocert::bank::theory_from_table(name, data);
    }
});

fn chrono_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
}
