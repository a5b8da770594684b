//! 证书 — a certificate as the store keeps it, and the pure rules of what verification answers
//! and what a verifier may see (the name partly masked, never the ID number).

use serde::Serialize;

use crate::clock::Millis;
use crate::curriculum::{Component, Level};

/// A certificate: one (person, level, job type) pass of a published exam session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Certificate {
    pub id: String,
    /// Compact (letters and digits, ending in the check characters): `certify::number`.
    pub number: String,
    pub user_id: String,
    pub center_id: String,
    pub center_name: String,
    pub session_id: Option<String>,
    pub level: Level,
    pub job_type: String,
    pub holder_name: String,
    #[serde(skip)]
    pub id_last4: Option<String>,
    /// Points out of 100 per component.
    pub scores: Vec<(Component, f64)>,
    pub issued_at: Millis,
    pub status_index: i64,
    /// The certificate this one replaced (a re-issue), if any.
    pub supersedes: Option<String>,
    pub revoked: Option<Revocation>,
    /// The signed Verifiable Credential.
    #[serde(skip)]
    pub credential: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Revocation {
    pub at: Millis,
    pub reason: String,
}

/// What a verifier is told about a number.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// Issued and not revoked.
    Valid { certificate: Public },
    Revoked {
        certificate: Public,
        revoked_at: Millis,
        reason: String,
    },
    /// The number does not pass its check characters: a typing mistake.
    Typo,
    /// Well-formed, but no such certificate (or the name given does not match it).
    NotFound,
}

/// What anybody may see of a certificate: never the ID number, the name partly masked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Public {
    pub number: String,
    pub holder: String,
    pub level: Level,
    pub job_type: String,
    pub center: String,
    pub issued_at: Millis,
    pub scores: Vec<(Component, f64)>,
}

/// A name as a verifier sees it: the first and last characters kept, the middle masked
/// (张三明 → 张*明, 李四 → 李*, 欧阳娜娜 → 欧**娜); a single character stays.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 | 1 => chars.into_iter().collect(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut s = String::new();
            s.push(chars[0]);
            s.extend(std::iter::repeat_n('*', n - 2));
            s.push(chars[n - 1]);
            s
        }
    }
}

/// Whether a name typed by a verifier is the holder's (spaces and case aside).
pub fn same_name(typed: &str, holder: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '·' && *c != '.')
            .flat_map(char::to_lowercase)
            .collect()
    };
    !typed.trim().is_empty() && norm(typed) == norm(holder)
}

impl Certificate {
    pub fn public(&self) -> Public {
        Public {
            number: super::number::display(&self.number),
            holder: mask_name(&self.holder_name),
            level: self.level,
            job_type: self.job_type.clone(),
            center: self.center_name.clone(),
            issued_at: self.issued_at,
            scores: self.scores.clone(),
        }
    }
}

/// The verdict on a typed number: `found` is the certificate of its normalised form, when one
/// exists; `name` the holder's name the verifier typed, if any.
pub fn verdict(typed: &str, found: Option<&Certificate>, name: Option<&str>) -> Verdict {
    let Some(n) = super::number::normalize(typed) else {
        return Verdict::Typo;
    };
    if !super::number::checks(&n) {
        return Verdict::Typo;
    }
    let Some(c) = found.filter(|c| c.number == n) else {
        return Verdict::NotFound;
    };
    // A wrong name says nothing about the holder: the same answer as an unknown number.
    if name.is_some_and(|t| !t.trim().is_empty() && !same_name(t, &c.holder_name)) {
        return Verdict::NotFound;
    }
    match &c.revoked {
        None => Verdict::Valid {
            certificate: c.public(),
        },
        Some(r) => Verdict::Revoked {
            certificate: c.public(),
            revoked_at: r.at,
            reason: r.reason.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cert() -> Certificate {
        let (number, _) = super::super::number::make("hz01", 2026, 5, 7);
        Certificate {
            id: "c".into(),
            number,
            user_id: "u".into(),
            center_id: "x".into(),
            center_name: "杭州培训中心".into(),
            session_id: None,
            level: Level::FIVE,
            job_type: "data_annotator".into(),
            holder_name: "张三明".into(),
            id_last4: Some("002X".into()),
            scores: vec![(Component::Theory, 81.5)],
            issued_at: 1,
            status_index: 0,
            supersedes: None,
            revoked: None,
            credential: None,
        }
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("李四"), "李*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("王"), "王");
        assert_eq!(mask_name(""), "");
        assert!(same_name(" 张三明 ", "张三明"));
        assert!(same_name("li lei", "Li Lei"));
        assert!(!same_name("", "张三明"));
        assert!(!same_name("张三", "张三明"));
    }

    #[test]
    fn verdicts() {
        let c = cert();
        let shown = super::super::number::display(&c.number);
        let v = verdict(&shown.to_lowercase(), Some(&c), None);
        let Verdict::Valid { certificate } = &v else {
            panic!("{v:?}")
        };
        assert_eq!(certificate.holder, "张*明");
        assert!(
            !serde_json::to_string(&v).unwrap().contains("002X"),
            "never the ID number"
        );
        // One character off: a typo, not "not found".
        let mut typo = c.number.clone().into_bytes();
        typo[0] = if typo[0] == b'H' { b'K' } else { b'H' };
        assert_eq!(
            verdict(&String::from_utf8(typo).unwrap(), Some(&c), None),
            Verdict::Typo
        );
        assert_eq!(verdict("not a number!", Some(&c), None), Verdict::Typo);
        // Well-formed but unknown.
        let (other, _) = super::super::number::make("sh", 2026, 4, 1);
        assert_eq!(verdict(&other, None, None), Verdict::NotFound);
        // The right name confirms; a wrong one is "not found".
        assert!(matches!(
            verdict(&c.number, Some(&c), Some("张三明")),
            Verdict::Valid { .. }
        ));
        assert_eq!(
            verdict(&c.number, Some(&c), Some("李四")),
            Verdict::NotFound
        );
        let revoked = Certificate {
            revoked: Some(Revocation {
                at: 9,
                reason: "成绩更正".into(),
            }),
            ..c
        };
        assert!(matches!(
            verdict(&revoked.number, Some(&revoked), None),
            Verdict::Revoked { revoked_at: 9, .. }
        ));
    }

    proptest! {
        #[test]
        fn masking_never_panics_and_keeps_length(name in "\\PC{0,20}") {
            let m = mask_name(&name);
            prop_assert_eq!(m.chars().count(), name.trim().chars().count());
        }
    }
}
