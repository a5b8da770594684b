//! 证书编号 — certificate numbers: human-readable, unique across instances, ending in two ISO 7064
//! MOD 1271-36 check characters, so that every single-character typo and every swap of two
//! adjacent characters is answered "this number has a typo", never "not found".
//!
//! Why not the one-character hybrid MOD 37,36: it misses some adjacent transpositions (the test
//! below found `…4567…` → `…4576…` passing it). The pure MOD 1271-36 system catches every single
//! substitution and every adjacent transposition, and its check characters stay letters and
//! digits (the one-character pure MOD 37-2 would need `*`).
//!
//! Shape: `<CENTER>-<YEAR>-<LEVEL>-<SERIAL>-<CHECK>`, e.g. `HZ01-2026-5-000123-K7`. The check
//! characters cover the compact form (letters and digits only, upper case), which is also what
//! the store keeps and what verification compares: hyphens, spaces, lower case and full-width
//! characters are what a person types, and are normalised away.

/// The 36 symbols, in value order.
const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// ISO 7064 MOD 1271-36: modulus and radix.
const M: u32 = 1271;
const R: u32 = 36;
/// How many check characters end a number.
pub const CHECK_LEN: usize = 2;

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// The two check characters of a compact body (symbols of [`ALPHABET`]); `None` for any other
/// character.
pub fn check_chars(body: &str) -> Option<String> {
    let mut p = 0;
    for c in body.bytes() {
        p = ((p + value(c)?) * R) % M;
    }
    p = (p * R) % M;
    // The value c (0..1270) with body · 36² + c ≡ 1 (mod 1271), as two base-36 digits.
    let c = (M + 1 - p) % M;
    Some(
        [
            ALPHABET[(c / R) as usize] as char,
            ALPHABET[(c % R) as usize] as char,
        ]
        .into_iter()
        .collect(),
    )
}

/// Whether a compact number (body and check characters) checks: read as a base-36 number it
/// leaves 1 modulo 1271.
pub fn checks(compact: &str) -> bool {
    if compact.len() <= CHECK_LEN {
        return false;
    }
    let mut p = 0;
    for c in compact.bytes() {
        match value(c) {
            Some(v) => p = (p * R + v) % M,
            None => return false,
        }
    }
    p == 1
}

/// A number as typed, normalised: full-width forms to ASCII (ＡＢ１２ → AB12), separators
/// (hyphens, dashes, spaces, dots) dropped, upper case. `None` when anything else is left, or
/// it is empty or longer than 40 characters.
pub fn normalize(typed: &str) -> Option<String> {
    let mut out = String::new();
    for ch in typed.chars() {
        let c = match ch {
            // Full-width ASCII block: U+FF01..U+FF5E map to U+0021..U+007E.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0)?,
            '\u{3000}' => ' ',
            c => c,
        };
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c.to_ascii_uppercase()),
            '-' | ' ' | '.' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\t' => {}
            _ => return None,
        }
        if out.len() > 40 {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A new number: the center code, the year, the level and the serial (per center code, year and
/// level), with its check character. Returns (compact, display).
pub fn make(center_code: &str, year: i32, level: u8, serial: u64) -> (String, String) {
    let code: String = center_code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let body = format!("{code}{year:04}{level}{serial:06}");
    let check = check_chars(&body).unwrap_or_default();
    (
        format!("{body}{check}"),
        format!("{code}-{year:04}-{level}-{serial:06}-{check}"),
    )
}

/// A stored compact number as people read it: the display form when it has the shape of
/// [`make`] (a center code, 4 + 1 + 6 digits, the check), else as it is.
pub fn display(compact: &str) -> String {
    let n = compact.len();
    if n < 14 || !compact.is_ascii() {
        return compact.to_string();
    }
    let (code, rest) = compact.split_at(n - 13);
    format!(
        "{code}-{}-{}-{}-{}",
        &rest[..4],
        &rest[4..5],
        &rest[5..11],
        &rest[11..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_check_characters() {
        // "A1" by hand: P = ((0 + 10)·36) mod 1271 = 360; ((360 + 1)·36) mod 1271 = 12996 mod
        // 1271 = 286; ·36 → 10296 mod 1271 = 128; c = (1272 − 128) mod 1271 = 1144 = 31·36 + 28
        // → "VS". Check: "A1VS" in base 36 = 10·36³ + 1·36² + 31·36 + 28 = 469,000 = 369·1271 + 1.
        assert_eq!(check_chars("A1").as_deref(), Some("VS"));
        assert!(checks("A1VS"));
        assert!(!checks("A1VT"));
        assert!(!checks("VS"), "a number has a body");
        assert_eq!(check_chars("a1"), None, "compact numbers are upper case");
    }

    #[test]
    fn made_numbers_check_and_display() {
        let (compact, shown) = make("hz-01", 2026, 5, 123);
        assert!(compact.starts_with("HZ0120265000123"));
        assert!(checks(&compact));
        assert_eq!(display(&compact), shown);
        assert_eq!(normalize(&shown).as_deref(), Some(compact.as_str()));
        // As a person types it: lower case, full width, spaces.
        let typed: String = shown
            .to_lowercase()
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                '-' => ' ',
                c => c,
            })
            .collect();
        assert_eq!(normalize(&typed).as_deref(), Some(compact.as_str()));
        assert_eq!(normalize("HZ01/2026"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize(&"A".repeat(41)), None);
    }

    /// Every single substitution and every adjacent transposition of a sample of numbers fails
    /// the check: exhaustively, over every position and every other symbol.
    #[test]
    fn every_typo_is_caught() {
        let mut sample = vec![];
        for (code, level) in [("hz01", 5), ("SH", 4), ("gz-dev", 1), ("a", 3)] {
            for serial in [0, 1, 9, 123, 4567, 999_999] {
                sample.push(make(code, 2026, level, serial).0);
            }
        }
        let mut tried = 0;
        for n in &sample {
            let b = n.as_bytes();
            for i in 0..b.len() {
                for &a in ALPHABET.iter() {
                    if a == b[i] {
                        continue;
                    }
                    let mut t = b.to_vec();
                    t[i] = a;
                    let t = String::from_utf8(t).unwrap();
                    assert!(!checks(&t), "substitution {n} → {t} passed");
                    tried += 1;
                }
                if i + 1 < b.len() && b[i] != b[i + 1] {
                    let mut t = b.to_vec();
                    t.swap(i, i + 1);
                    let t = String::from_utf8(t).unwrap();
                    assert!(!checks(&t), "transposition {n} → {t} passed");
                    tried += 1;
                }
            }
        }
        assert!(tried > 10_000, "{tried}");
    }

    proptest! {
        #[test]
        fn normalize_and_checks_never_panic(s in "\\PC{0,50}") {
            if let Some(n) = normalize(&s) {
                let _ = checks(&n);
                let _ = display(&n);
            }
        }

        #[test]
        fn made_numbers_always_check(code in "[a-z0-9-]{2,16}", year in 2000i32..2100, level in 1u8..=5, serial in 0u64..1_000_000) {
            let (compact, shown) = make(&code, year, level, serial);
            prop_assert!(checks(&compact));
            prop_assert_eq!(normalize(&shown), Some(compact));
        }
    }
}
