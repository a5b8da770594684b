//! 考生名单导入 — a session's roster from a spreadsheet, pure: rows in, enrolment lines or every
//! problem (with its row, the header being row 1) out.
//!
//! Columns: 用户名 (required), 工作年限, 学历或学徒证明 (是/否), 证书等级 (1–5), 证书编号, 破格原因;
//! English headers username, years, schooling, certificate_level, certificate_number,
//! override_reason work too.

use crate::accounts::import::Cell;
use crate::curriculum::Level;
use crate::error::FieldError;
use crate::exam::eligibility::{CertSource, Declaration, HeldCertificate};

/// One candidate to enrol.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub row: usize,
    pub username: String,
    pub declaration: Declaration,
    pub override_reason: Option<String>,
}

/// The most candidates one file enrols.
pub const MAX_ROWS: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Username,
    Years,
    Schooling,
    CertLevel,
    CertNumber,
    Reason,
}

impl Col {
    fn from_header(h: &str) -> Option<Col> {
        match h
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .as_str()
        {
            "用户名" | "username" => Some(Col::Username),
            "工作年限" | "years" => Some(Col::Years),
            "学历或学徒证明" | "schooling" => Some(Col::Schooling),
            "证书等级" | "certificate_level" => Some(Col::CertLevel),
            "证书编号" | "certificate_number" => Some(Col::CertNumber),
            "破格原因" | "override_reason" => Some(Col::Reason),
            _ => None,
        }
    }

    fn header(self) -> &'static str {
        match self {
            Col::Username => "用户名",
            Col::Years => "工作年限",
            Col::Schooling => "学历或学徒证明",
            Col::CertLevel => "证书等级",
            Col::CertNumber => "证书编号",
            Col::Reason => "破格原因",
        }
    }
}

/// 是/否, yes/no, 1/0, true/false, √/× (empty: no).
fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "否" | "no" | "n" | "0" | "false" | "×" | "无" => Some(false),
        "是" | "yes" | "y" | "1" | "true" | "√" | "有" => Some(true),
        _ => None,
    }
}

/// Parses the roster; every problem found, not just the first.
pub fn parse(rows: &[Vec<Cell>]) -> Result<Vec<Line>, Vec<FieldError>> {
    let Some(header_idx) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.text().is_empty()))
    else {
        return Err(vec![FieldError::new("file", "import.empty")]);
    };
    let cols: Vec<Option<Col>> = rows[header_idx]
        .iter()
        .map(|h| Col::from_header(h.text()))
        .collect();
    let mut errors = vec![];
    for (i, c) in cols.iter().enumerate() {
        if let Some(c) = c
            && cols[..i].contains(&Some(*c))
        {
            errors.push(
                FieldError::new(c.header(), "import.duplicate_column")
                    .arg("col", i + 1)
                    .at_row(header_idx + 1),
            );
        }
    }
    if !cols.contains(&Some(Col::Username)) {
        errors.push(FieldError::new("用户名", "import.missing_column").at_row(header_idx + 1));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let data: Vec<(usize, &Vec<Cell>)> = rows
        .iter()
        .enumerate()
        .skip(header_idx + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.text().is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.is_empty() {
        return Err(vec![FieldError::new("file", "import.no_rows")]);
    }
    if data.len() > MAX_ROWS {
        return Err(vec![
            FieldError::new("file", "import.too_many_rows").arg("max", MAX_ROWS),
        ]);
    }
    let mut out = vec![];
    for (row, r) in data {
        let get = |col: Col| -> &str {
            cols.iter()
                .position(|c| *c == Some(col))
                .and_then(|i| r.get(i))
                .map_or("", |c| c.text())
        };
        let mut bad = |col: Col, key: &'static str| {
            errors.push(FieldError::new(col.header(), key).at_row(row));
        };
        let username = get(Col::Username);
        if username.is_empty() {
            bad(Col::Username, "import.required");
        } else if username.chars().count() > 64 {
            bad(Col::Username, "exam.roster_bad_username");
        }
        let years = match get(Col::Years) {
            "" => Some(0),
            y => y.parse::<u32>().ok().filter(|y| *y <= 80),
        };
        if years.is_none() {
            bad(Col::Years, "exam.bad_years");
        }
        let schooling = yes(get(Col::Schooling));
        if schooling.is_none() {
            bad(Col::Schooling, "exam.roster_bad_yes_no");
        }
        let level = match get(Col::CertLevel) {
            "" => Some(None),
            l => Level::parse(l.trim_end_matches('级')).map(Some),
        };
        if level.is_none() {
            bad(Col::CertLevel, "exam.roster_bad_level");
        }
        let number: String = get(Col::CertNumber).chars().take(40).collect();
        let reason = get(Col::Reason);
        if reason.chars().count() > 500 || crate::accounts::forbidden_char(reason).is_some() {
            bad(Col::Reason, "exam.bad_reason");
        }
        if let (Some(years), Some(schooling), Some(level)) = (years, schooling, level) {
            out.push(Line {
                row,
                username: username.to_string(),
                declaration: Declaration {
                    years,
                    schooling,
                    certificates: level
                        .map(|level| HeldCertificate {
                            level,
                            source: CertSource::Declared,
                            number,
                        })
                        .into_iter()
                        .collect(),
                },
                override_reason: (!reason.is_empty()).then(|| reason.to_string()),
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn reads_a_roster() {
        let rows = vec![
            vec![t("")],
            vec![
                t("用户名"),
                t("工作年限"),
                t("学历或学徒证明"),
                t("证书等级"),
                t("证书编号"),
                t("破格原因"),
            ],
            vec![t("zhang3"), t("2"), t("否"), t(""), t(""), t("")],
            vec![t(""), t(""), t("")],
            vec![
                t("li4"),
                Cell::Number("6".into()),
                t("是"),
                t("5级"),
                t("S-1"),
                t("材料已核"),
            ],
        ];
        let lines = parse(&rows).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].row, 3);
        assert_eq!(lines[0].declaration.years, 2);
        assert!(lines[0].declaration.certificates.is_empty());
        assert_eq!(lines[1].row, 5);
        assert!(lines[1].declaration.schooling);
        assert_eq!(lines[1].declaration.certificates[0].level, Level::FIVE);
        assert_eq!(lines[1].override_reason.as_deref(), Some("材料已核"));
    }

    #[test]
    fn every_problem_with_its_row() {
        let rows = vec![
            vec![
                t("username"),
                t("years"),
                t("schooling"),
                t("certificate_level"),
            ],
            vec![t(""), t("x"), t("maybe"), t("7")],
            vec![t("ok"), t("81"), t(""), t("")],
        ];
        let e = parse(&rows).unwrap_err();
        let got: Vec<(Option<usize>, &str)> = e.iter().map(|e| (e.row, e.key)).collect();
        assert_eq!(
            got,
            [
                (Some(2), "import.required"),
                (Some(2), "exam.bad_years"),
                (Some(2), "exam.roster_bad_yes_no"),
                (Some(2), "exam.roster_bad_level"),
                (Some(3), "exam.bad_years"),
            ]
        );
        assert_eq!(parse(&[]).unwrap_err()[0].key, "import.empty");
        assert_eq!(
            parse(&[vec![t("姓名")], vec![t("x")]]).unwrap_err()[0].key,
            "import.missing_column"
        );
        assert_eq!(
            parse(&[vec![t("用户名")]]).unwrap_err()[0].key,
            "import.no_rows"
        );
    }

    proptest! {
        #[test]
        fn never_panics(rows in proptest::collection::vec(proptest::collection::vec(".{0,12}", 0..8), 0..12)) {
            let rows: Vec<Vec<Cell>> = rows.into_iter().map(|r| r.into_iter().map(Cell::Text).collect()).collect();
            let _ = parse(&rows);
        }
    }
}
