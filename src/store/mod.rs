//! All SQL lives here: one module per feature, functions over a pool or a transaction that
//! return core types. Portable SQL with `$n` placeholders for SQLite and PostgreSQL alike.

pub mod analysis;
pub mod attempts;
pub mod audit;
pub mod bank;
pub mod centers;
pub mod certificates;
pub mod downloads;
pub mod exams;
pub mod marking;
pub mod mock;
pub mod practice;
pub mod progress;
pub mod reviews;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

/// 0/1 flags: the Any driver cannot decode SQLite BOOLEAN, so flags are INTEGER.
pub(crate) fn flag(b: bool) -> i64 {
    b as i64
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A LIKE pattern matching values that contain `s`.
pub(crate) fn like_pattern(s: &str) -> String {
    format!("%{}%", escape_like(s))
}
