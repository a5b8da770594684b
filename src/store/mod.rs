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

use crate::curriculum::Level;

/// A `level` column is an INTEGER; read, it is a [`Level`] or a decode error naming the number,
/// so no level outside 5 … 1 gets past the store.
impl sqlx::Type<sqlx::Any> for Level {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Level {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Level, sqlx::error::BoxDynError> {
        let n = <i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        u8::try_from(n)
            .ok()
            .and_then(Level::new)
            .ok_or_else(|| format!("level {n} is not one of 5 … 1").into())
    }
}

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
