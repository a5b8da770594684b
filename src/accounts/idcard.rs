//! 居民身份证号码 (GB 11643-1999): validation with the check digit, and keyed hashing.
//!
//! The number is never stored: only HMAC-SHA256(server secret, number) and its last four
//! characters for display.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Why a number is not valid. Positions are 1-based, as a person counts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Length { got: usize },
    NotDigit { pos: usize, ch: char },
    Region,
    BirthDate { date: String },
    CheckDigit { expected: char, got: char },
}

impl IdError {
    /// The message key and its arguments (locales/ `idcard.*`).
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            IdError::Length { got } => ("idcard.length", vec![("got", got.to_string())]),
            IdError::NotDigit { pos, ch } => (
                "idcard.not_digit",
                vec![("pos", pos.to_string()), ("ch", ch.to_string())],
            ),
            IdError::Region => ("idcard.region", vec![]),
            IdError::BirthDate { date } => ("idcard.birth_date", vec![("date", date.clone())]),
            IdError::CheckDigit { expected, got } => (
                "idcard.check_digit",
                vec![("expected", expected.to_string()), ("got", got.to_string())],
            ),
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits: CHECK[Σ digit_i × weight_i mod 11].
pub fn check_char(first17: &[u32; 17]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK[(sum % 11) as usize]
}

/// Validates and normalises (trimmed, upper-case X) an 18-character ID number; a birth date
/// after `today` (the server's date, given: the core reads no clock) is refused.
pub fn validate(input: &str, today: chrono::NaiveDate) -> Result<String, IdError> {
    let s: String = input.trim().to_uppercase();
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 18 {
        return Err(IdError::Length { got: chars.len() });
    }
    let mut digits = [0u32; 17];
    for (i, c) in chars[..17].iter().enumerate() {
        digits[i] = c
            .to_digit(10)
            .filter(|_| c.is_ascii_digit())
            .ok_or(IdError::NotDigit { pos: i + 1, ch: *c })?;
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdError::NotDigit { pos: 18, ch: last });
    }
    // Province codes run 11 (北京) … 82 (澳门); 0 and 9 never start one.
    if !(1..=8).contains(&digits[0]) || digits[1] > 9 {
        return Err(IdError::Region);
    }
    let date: String = chars[6..14].iter().collect();
    let valid_date = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d")
        .ok()
        .filter(|d| {
            use chrono::Datelike;
            d.year() >= 1900 && *d <= today
        });
    if valid_date.is_none() {
        return Err(IdError::BirthDate { date });
    }
    let expected = check_char(&digits);
    if last != expected {
        return Err(IdError::CheckDigit {
            expected,
            got: last,
        });
    }
    Ok(s)
}

/// HMAC-SHA256 of the normalised number under the server secret, hex.
pub fn keyed_hash(secret: &[u8], normalized: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"annocert-id-number:");
    mac.update(normalized.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn last4(normalized: &str) -> String {
    let n = normalized.chars().count();
    normalized.chars().skip(n.saturating_sub(4)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The date the tests run on (the server's clock is given, never read).
    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    // The standard's own example, 11010519491231002X:
    // digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2
    // weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // products 7 9 0 5 0 20 2 9 24 27 7 18 30 5 0 0 4 → sum 167; 167 mod 11 = 2 → 'X'.
    const VALID: &str = "11010519491231002X";

    #[test]
    fn accepts_valid_numbers() {
        assert_eq!(validate(VALID, today()).as_deref(), Ok(VALID));
        assert_eq!(
            validate(" 11010519491231002x ", today()).as_deref(),
            Ok(VALID)
        );
        // 440524199001010018: sum = 4·7+4·9+0+5·5+2·8+4·4+1·2+8·1+8·6+0+0+1·9+0+1·5+0+0+1·2
        // = 28+36+25+16+16+2+8+48+9+5+2 = 195; 195 mod 11 = 8 → CHECK[8] = '4'.
        assert!(validate("440524199001010018", today()).is_ok());
    }

    #[test]
    fn names_the_wrong_character() {
        assert_eq!(
            validate("110105194912310021", today()),
            Err(IdError::CheckDigit {
                expected: 'X',
                got: '1'
            })
        );
        assert_eq!(
            validate("11010519491231002", today()),
            Err(IdError::Length { got: 17 })
        );
        assert_eq!(
            validate("1101051949123100233", today()),
            Err(IdError::Length { got: 19 })
        );
        assert_eq!(
            validate("1101051949A231002X", today()),
            Err(IdError::NotDigit { pos: 11, ch: 'A' })
        );
        assert_eq!(
            validate("110105194913310021", today()),
            Err(IdError::BirthDate {
                date: "19491331".into()
            })
        );
        assert_eq!(
            validate("110105199902300021", today()),
            Err(IdError::BirthDate {
                date: "19990230".into()
            })
        );
        assert_eq!(
            validate("01010519491231002X", today()),
            Err(IdError::Region)
        );
        assert_eq!(
            validate("1101051949123100２X", today()),
            Err(IdError::NotDigit { pos: 17, ch: '２' })
        );
    }

    #[test]
    fn hash_is_keyed_and_stable() {
        let a = keyed_hash(b"k1", VALID);
        assert_eq!(a, keyed_hash(b"k1", VALID));
        assert_ne!(a, keyed_hash(b"k2", VALID));
        assert_eq!(a.len(), 64);
        assert_eq!(last4(VALID), "002X");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = validate(&s, today());
        }

        #[test]
        fn any_17_digits_with_their_check_char_pass_when_the_date_is_valid(
            region in 110000u32..820000, y in 1900i32..2020, m in 1u32..13, d in 1u32..29, seq in 0u32..1000
        ) {
            let body = format!("{region:06}{y:04}{m:02}{d:02}{seq:03}");
            let mut digits = [0u32; 17];
            for (i, c) in body.chars().enumerate() { digits[i] = c.to_digit(10).unwrap(); }
            let id = format!("{body}{}", check_char(&digits));
            proptest::prop_assert!(validate(&id, today()).is_ok(), "{}", id);
        }
    }
}
