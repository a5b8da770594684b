//! 申报条件 — whether a candidate may enrol for a level's exam, pure: the level's eligibility
//! rules ([`EligibilityRule`], one route each) against what the candidate declares.
//!
//! Levels run from 5 (五级/初级工, the lowest) to 1 (一级/高级技师, the highest). A certificate of
//! level n satisfies a rule that asks for level m when n <= m: the same level or a higher one.
//!
//! The check is only as good as the declaration: years are the candidate's total years in the
//! occupation (the standard counts those after the certificate; the center reviewing the
//! 申报材料 sees the dates), and a declared certificate or diploma counts like a verified one
//! here — the center verifies it, this module says which route the papers fit.

use crate::curriculum::{EligibilityRule, Level};

/// Where a held certificate is known from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertSource {
    /// Issued by this service (its register knows it).
    Service,
    /// Declared by the candidate, to be verified by the center.
    Declared,
}

/// A certificate (职业技能等级证书) the candidate holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeldCertificate {
    pub level: Level,
    pub source: CertSource,
    pub number: String,
}

/// What a candidate declares when enrolling (申报材料).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Declaration {
    /// Years of work in the occupation or a related one.
    pub years: u32,
    /// Holds the school diploma or completed apprenticeship that a rule without `years` names
    /// (技工学校毕业证书 / 学徒期满 …).
    pub schooling: bool,
    #[serde(deserialize_with = "known_certificates")]
    pub certificates: Vec<HeldCertificate>,
}

/// The certificates of a stored declaration. Older versions stored a certificate of any
/// level number; one that is not 5 … 1 never counted and is skipped here, rather than failing
/// the whole declaration and losing its years and schooling.
fn known_certificates<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<HeldCertificate>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Known(HeldCertificate),
        Unknown(serde::de::IgnoredAny),
    }
    Ok(<Vec<Stored> as serde::Deserialize>::deserialize(d)?
        .into_iter()
        .filter_map(|c| match c {
            Stored::Known(c) => Some(c),
            Stored::Unknown(_) => None,
        })
        .collect())
}

/// Why one route does not fit.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Unmet {
    /// No certificate of this level or a higher one.
    Certificate { level: Level },
    /// Too few years of work.
    Years { required: u32, declared: u32 },
    /// No diploma or completed apprenticeship.
    Schooling,
}

/// The outcome of a check.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// The first route (index into the rules) that fits.
    Eligible { route: usize },
    /// No route fits: for each rule, in order, what it lacks.
    NotEligible { unmet: Vec<Vec<Unmet>> },
    /// The level has no rules (nothing to check).
    NoRules,
}

/// Whether the declaration holds a certificate of `level` or a higher one (a lower number).
fn holds(d: &Declaration, level: Level) -> bool {
    d.certificates.iter().any(|c| c.level <= level)
}

/// What one route lacks; empty when it fits.
fn lacks(rule: &EligibilityRule, d: &Declaration) -> Vec<Unmet> {
    let mut unmet = Vec::new();
    if let Some(level) = rule.certificate_level
        && !holds(d, level)
    {
        unmet.push(Unmet::Certificate { level });
    }
    match rule.years {
        Some(required) if d.years < required => unmet.push(Unmet::Years {
            required,
            declared: d.years,
        }),
        Some(_) => {}
        // A route without years names a diploma or an apprenticeship instead.
        None if !d.schooling => unmet.push(Unmet::Schooling),
        None => {}
    }
    unmet
}

/// Checks a declaration against a level's rules: the first route that fits, or what each one
/// lacks. A rule needs `schooling` when it has no `years` (it names a diploma or an
/// apprenticeship instead).
pub fn check(rules: &[EligibilityRule], d: &Declaration) -> Verdict {
    if rules.is_empty() {
        return Verdict::NoRules;
    }
    let unmet: Vec<Vec<Unmet>> = rules.iter().map(|r| lacks(r, d)).collect();
    match unmet.iter().position(Vec::is_empty) {
        Some(route) => Verdict::Eligible { route },
        None => Verdict::NotEligible { unmet },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::{Source, shipped};
    use proptest::prelude::*;

    fn rules(level: u8) -> &'static [EligibilityRule] {
        &shipped().level(level).expect("shipped level").eligibility
    }

    fn l(n: u8) -> Level {
        Level::new(n).expect("a level")
    }

    #[test]
    fn a_stored_certificate_of_no_level_is_skipped_not_the_declaration() {
        let stored = r#"{"years": 6, "schooling": true, "certificates": [
            {"level": 9, "source": "declared", "number": "X"},
            {"level": 4, "source": "declared", "number": "Y"}]}"#;
        let d: Declaration = serde_json::from_str(stored).unwrap();
        assert_eq!((d.years, d.schooling), (6, true));
        assert_eq!(d.certificates.len(), 1);
        assert_eq!(
            (d.certificates[0].level, d.certificates[0].number.as_str()),
            (l(4), "Y")
        );
    }

    fn cert(level: u8) -> HeldCertificate {
        HeldCertificate {
            level: l(level),
            source: CertSource::Declared,
            number: format!("S0000{level}"),
        }
    }

    fn decl(years: u32, schooling: bool, certs: &[u8]) -> Declaration {
        Declaration {
            years,
            schooling,
            certificates: certs.iter().map(|&l| cert(l)).collect(),
        }
    }

    #[test]
    fn shipped_level_5() {
        // Routes: 0 = 1 year; 1 = apprenticeship (no years: schooling).
        assert_eq!(
            check(rules(5), &decl(1, false, &[])),
            Verdict::Eligible { route: 0 }
        );
        assert_eq!(
            check(rules(5), &decl(0, true, &[])),
            Verdict::Eligible { route: 1 }
        );
        assert_eq!(
            check(rules(5), &decl(0, false, &[])),
            Verdict::NotEligible {
                unmet: vec![
                    vec![Unmet::Years {
                        required: 1,
                        declared: 0
                    }],
                    vec![Unmet::Schooling],
                ]
            }
        );
    }

    #[test]
    fn shipped_level_4() {
        // Routes: 0 = level-5 cert + 4 years; 1 = 6 years; 2 = 技工学校 diploma.
        assert_eq!(
            check(rules(4), &decl(4, false, &[5])),
            Verdict::Eligible { route: 0 }
        );
        assert_eq!(
            check(rules(4), &decl(6, false, &[])),
            Verdict::Eligible { route: 1 }
        );
        // A level-5 cert and 3 years: 3 < 4, 3 < 6, no diploma.
        assert_eq!(
            check(rules(4), &decl(3, false, &[5])),
            Verdict::NotEligible {
                unmet: vec![
                    vec![Unmet::Years {
                        required: 4,
                        declared: 3
                    }],
                    vec![Unmet::Years {
                        required: 6,
                        declared: 3
                    }],
                    vec![Unmet::Schooling],
                ]
            }
        );
    }

    #[test]
    fn shipped_level_3() {
        // Routes: 0 = level-4 cert + 5 years; 1 = level-4 cert + diploma.
        assert_eq!(
            check(rules(3), &decl(0, true, &[4])),
            Verdict::Eligible { route: 1 }
        );
        // A higher certificate (level 2 <= 4) satisfies the level-4 requirement.
        assert_eq!(
            check(rules(3), &decl(5, false, &[2])),
            Verdict::Eligible { route: 0 }
        );
        // A lower one (level 5 > 4) does not.
        assert_eq!(
            check(rules(3), &decl(5, true, &[5])),
            Verdict::NotEligible {
                unmet: vec![
                    vec![Unmet::Certificate { level: l(4) }],
                    vec![Unmet::Certificate { level: l(4) }],
                ]
            }
        );
    }

    #[test]
    fn higher_certificate_satisfies_lower_requirement() {
        // Level 2's route asks for a level-3 certificate + 4 years; level 2 <= 3 fits.
        assert_eq!(
            check(rules(2), &decl(4, false, &[2])),
            Verdict::Eligible { route: 0 }
        );
    }

    #[test]
    fn shipped_level_1() {
        // The only route: level-2 cert + 4 years. A level-3 cert is lower (3 > 2).
        assert_eq!(
            check(rules(1), &decl(10, false, &[3])),
            Verdict::NotEligible {
                unmet: vec![vec![Unmet::Certificate { level: l(2) }]]
            }
        );
        assert_eq!(
            check(rules(1), &decl(0, true, &[3])),
            Verdict::NotEligible {
                unmet: vec![vec![
                    Unmet::Certificate { level: l(2) },
                    Unmet::Years {
                        required: 4,
                        declared: 0
                    },
                ]]
            }
        );
        assert_eq!(
            check(rules(1), &decl(4, false, &[3, 2])),
            Verdict::Eligible { route: 0 }
        );
    }

    #[test]
    fn odd_inputs() {
        assert_eq!(check(&[], &decl(30, true, &[1])), Verdict::NoRules);
        // Level 0 or 9 is no certificate: a declaration cannot even hold one (0 <= 2 must
        // never pass for a level-2 certificate).
        for bad in [0, 9] {
            let c = serde_json::json!({"level": bad, "source": "declared", "number": ""});
            assert!(
                serde_json::from_value::<HeldCertificate>(c).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn wire_format() {
        let v = serde_json::to_value(check(rules(1), &decl(1, false, &[]))).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"status": "not_eligible", "unmet": [[
                {"code": "certificate", "level": 2},
                {"code": "years", "required": 4, "declared": 1},
            ]]})
        );
        let v = serde_json::to_value(check(rules(5), &decl(1, false, &[]))).unwrap();
        assert_eq!(v, serde_json::json!({"status": "eligible", "route": 0}));
    }

    fn rule() -> impl Strategy<Value = EligibilityRule> {
        (proptest::option::of(1u8..6), proptest::option::of(0u32..10)).prop_map(
            |(certificate_level, years)| EligibilityRule {
                text: String::new(),
                certificate_level: certificate_level.map(l),
                years,
                source: Source::Assumed,
                note: None,
            },
        )
    }

    fn declaration() -> impl Strategy<Value = Declaration> {
        (
            0u32..12,
            any::<bool>(),
            proptest::collection::vec(1u8..6, 0..3),
        )
            .prop_map(|(years, schooling, certs)| decl(years, schooling, &certs))
    }

    proptest! {
        /// Adding years, schooling or certificates never turns Eligible into NotEligible.
        #[test]
        fn more_never_hurts(
            rules in proptest::collection::vec(rule(), 0..5),
            d in declaration(),
            more_years in 0u32..5,
            schooling in any::<bool>(),
            more_certs in proptest::collection::vec(1u8..6, 0..3),
        ) {
            let mut richer = d.clone();
            richer.years = richer.years.saturating_add(more_years);
            richer.schooling |= schooling;
            richer.certificates.extend(more_certs.iter().map(|&l| cert(l)));
            if let Verdict::Eligible { route } = check(&rules, &d) {
                match check(&rules, &richer) {
                    Verdict::Eligible { route: r } => prop_assert!(r <= route),
                    other => prop_assert!(false, "{:?} became {:?}", d, other),
                }
            }
        }

        /// A refusal lists one reason list per rule, none of them empty.
        #[test]
        fn refusals_explain_every_route(
            rules in proptest::collection::vec(rule(), 1..5),
            d in declaration(),
        ) {
            if let Verdict::NotEligible { unmet } = check(&rules, &d) {
                prop_assert_eq!(unmet.len(), rules.len());
                prop_assert!(unmet.iter().all(|u| !u.is_empty()));
            }
        }
    }
}
