//! 试题分析 — item analysis for center and platform admins: per item facility, corrected
//! item–rest point-biserial, option choices and flags; per paper reliability (α, KR-20 when
//! every item is right-or-wrong) with its standard error of measurement, the score
//! distribution and the pass rate. From first attempts in real exams, and separately from mock
//! exams. The statistics are `analysis`'s (pure); this gathers the data and decides who sees it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::{Actor, App};
use crate::analysis::items::{self as stats, ItemStats};
use crate::analysis::reliability::{self, Alpha, Distribution};
use crate::bank::Item;
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::paper::Mock;
use crate::exam::session::ExamSession;
use crate::store;
use crate::store::analysis::{Answer, Scope};

/// At most this many papers in one report (the newest are dropped beyond it): bounds the work.
pub const MAX_PAPERS: usize = 5000;

/// Where the answers come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Candidates' papers in exam sessions.
    Exams,
    /// Trainees' mock exams (marked separately: practice conditions, not an exam's).
    Mocks,
}

impl Source {
    pub fn parse(s: &str) -> Option<Source> {
        match s {
            "exams" => Some(Source::Exams),
            "mocks" => Some(Source::Mocks),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Exams => "exams",
            Source::Mocks => "mocks",
        }
    }
}

/// One item of the report.
#[derive(Clone, Debug, Serialize)]
pub struct ItemRow {
    pub version_id: String,
    pub item_id: String,
    pub item_key: String,
    pub kind: String,
    /// The item's option texts (choice items), for reading the option counts.
    pub options: Vec<String>,
    #[serde(flatten)]
    pub stats: ItemStats,
}

impl ItemRow {
    /// Any flag raised.
    pub fn flagged(&self) -> bool {
        let f = &self.stats.flags;
        f.negative_discrimination
            || f.low_discrimination
            || f.too_easy
            || f.too_hard
            || !f.never_chosen.is_empty()
            || !f.strong_pick_distractor.is_empty()
    }
}

/// An item analysis of one component's papers.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub component: Component,
    pub source: Source,
    pub papers: usize,
    /// Reliability of the paper: questions taken by position (each candidate's paper is drawn
    /// from a pool, so position j is a random item of the same part), on the papers of the
    /// usual length.
    pub reliability: Alpha,
    pub distribution: Distribution,
    pub pass_mark: f64,
    pub items: Vec<ItemRow>,
}

/// The report of a session's papers of one component (the session's center admin).
pub async fn session(
    app: &App,
    actor: &Actor,
    id: &str,
    component: Component,
) -> AppResult<(ExamSession, Report)> {
    let (s, access) = super::exams::managed(app, actor, id).await?;
    if access != super::exams::Access::Admin {
        return Err(AppError::Forbidden);
    }
    let report = build(
        app,
        &Scope::Session(&s.id),
        s.level,
        component,
        Source::Exams,
        0,
        i64::MAX,
    )
    .await?;
    Ok((s, report))
}

/// Which level report: the level, answers from exams or mock exams, the component, the papers
/// handed in from `from` until before `to` (ms), and (platform admins) one center by its code.
pub struct LevelQuery<'a> {
    pub level: Level,
    pub source: Source,
    pub component: Component,
    pub from: i64,
    pub to: i64,
    pub center_code: Option<&'a str>,
}

/// The report of a level's papers: a center admin's own center; a platform admin's every
/// center, or the one whose code is asked for (an unknown code is missing).
pub async fn level(app: &App, actor: &Actor, q: &LevelQuery<'_>) -> AppResult<Report> {
    let LevelQuery {
        level,
        source,
        component,
        from,
        to,
        center_code,
    } = *q;
    let chosen;
    let center = match (actor.managed_center()?, center_code.map(str::trim)) {
        (None, Some(code)) if !code.is_empty() => {
            chosen = store::centers::by_code(&app.db.pool, code)
                .await?
                .ok_or(AppError::NotFound)?
                .id;
            Some(chosen.as_str())
        }
        (own, _) => own,
    };
    let scope = match source {
        Source::Exams => Scope::Exams { level, center },
        Source::Mocks => Scope::Mocks { level, center },
    };
    build(app, &scope, level, component, source, from, to).await
}

async fn build(
    app: &App,
    scope: &Scope<'_>,
    level: Level,
    component: Component,
    source: Source,
    from: i64,
    to: i64,
) -> AppResult<Report> {
    let pool = &app.db.pool;
    let mut papers = store::analysis::papers(pool, scope, component, from, to).await?;
    papers.truncate(MAX_PAPERS);
    let answers = store::analysis::answers(pool, scope, component, from, to).await?;
    let mut ids: Vec<String> = answers
        .iter()
        .filter_map(|a| a.version_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    let mut items: BTreeMap<String, (String, Item)> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        for v in store::analysis::versions(pool, chunk).await? {
            let item = super::attempt::parse_item(&v)?;
            items.insert(v.version_id, (v.item_key, item));
        }
    }
    let pass_mark = curriculum::shipped().pass_fraction(level.get(), component) * 100.0;
    Ok(report(
        &papers, &answers, &items, component, source, pass_mark,
    ))
}

/// First attempts: a person's earliest answer to each item version, by (person, version)
/// (a retake or a second mock exam has seen the item before).
fn first_attempts(answers: &[Answer]) -> HashMap<(&str, &str), &Answer> {
    let mut first: HashMap<(&str, &str), &Answer> = HashMap::new();
    for a in answers {
        let Some(v) = a.version_id.as_deref() else {
            continue;
        };
        let e = first.entry((a.user_id.as_str(), v)).or_insert(a);
        if (a.created_at, &a.id) < (e.created_at, &e.id) {
            *e = a;
        }
    }
    first
}

/// The report from the papers, their answers and the items (pure).
fn report(
    papers: &[Mock],
    answers: &[Answer],
    items: &BTreeMap<String, (String, Item)>,
    component: Component,
    source: Source,
    pass_mark: f64,
) -> Report {
    let first = first_attempts(answers);
    let by_attempt: HashMap<&str, &Answer> = answers.iter().map(|a| (a.id.as_str(), a)).collect();
    let columns: Vec<&String> = items.keys().collect();
    let column: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), i))
        .collect();
    let mut points = vec![0.0; columns.len()];
    let mut rows: Vec<Vec<Option<stats::Response>>> = Vec::with_capacity(papers.len());
    for p in papers {
        let mut row = vec![None; columns.len()];
        for e in &p.paper {
            let (Some(&c), Some(a)) = (
                column.get(e.version.as_str()),
                by_attempt.get(e.attempt.as_str()),
            ) else {
                continue;
            };
            points[c] = e.points;
            let is_first = first
                .get(&(a.user_id.as_str(), e.version.as_str()))
                .is_some_and(|f| f.id == a.id);
            if !is_first {
                continue;
            }
            let item = &items[&e.version].1;
            row[c] = Some(stats::Response {
                score: a.score.unwrap_or(0.0),
                chosen: chosen(item, a),
            });
        }
        rows.push(row);
    }
    let shapes: Vec<stats::Item> = columns
        .iter()
        .enumerate()
        .map(|(c, v)| {
            let item = &items[*v].1;
            stats::Item {
                points: points[c],
                key: key(item),
                options: item.task.options.as_ref().map_or(0, Vec::len),
            }
        })
        .collect();
    let analysed = stats::analyse(&shapes, &rows);
    let item_rows = columns
        .iter()
        .zip(analysed)
        .filter(|(_, s)| s.n > 0)
        .map(|(v, s)| {
            let (key, item) = &items[*v];
            ItemRow {
                version_id: v.to_string(),
                item_id: item.id.clone(),
                item_key: key.clone(),
                kind: item.kind().as_str().to_string(),
                options: item.task.options.clone().unwrap_or_default(),
                stats: s,
            }
        })
        .collect();
    Report {
        component,
        source,
        papers: papers.len(),
        reliability: by_position(papers, answers),
        distribution: reliability::distribution(
            &papers.iter().filter_map(|p| p.score).collect::<Vec<_>>(),
            pass_mark,
        ),
        pass_mark,
        items: item_rows,
    }
}

/// α over question positions, on the papers of the most common length.
fn by_position(papers: &[Mock], answers: &[Answer]) -> Alpha {
    let score: HashMap<&str, f64> = answers
        .iter()
        .map(|a| (a.id.as_str(), a.score.unwrap_or(0.0)))
        .collect();
    let mut lengths: BTreeMap<usize, usize> = BTreeMap::new();
    for p in papers {
        *lengths.entry(p.paper.len()).or_default() += 1;
    }
    let usual = lengths
        .iter()
        .max_by_key(|(len, n)| (**n, **len))
        .map_or(0, |(len, _)| *len);
    let same: Vec<&Mock> = papers.iter().filter(|p| p.paper.len() == usual).collect();
    let shapes: Vec<stats::Item> = same.first().map_or(vec![], |p| {
        p.paper
            .iter()
            .map(|e| stats::Item {
                points: e.points,
                key: vec![],
                options: 0,
            })
            .collect()
    });
    let rows: Vec<Vec<Option<stats::Response>>> = same
        .iter()
        .map(|p| {
            p.paper
                .iter()
                .map(|e| {
                    Some(stats::Response {
                        score: score.get(e.attempt.as_str()).copied().unwrap_or(0.0),
                        chosen: vec![],
                    })
                })
                .collect()
        })
        .collect();
    reliability::alpha(&shapes, &rows)
}

/// Option indices (0 = A) of a choice item's key.
fn key(item: &Item) -> Vec<usize> {
    letters(item.task.gold.as_ref())
}

/// The options a person chose, as the bank lists them (undoing the person's shuffle).
fn chosen(item: &Item, a: &Answer) -> Vec<usize> {
    if item.task.options.is_none() {
        return vec![];
    }
    let Some(answer) = a
        .answer
        .as_deref()
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
    else {
        return vec![];
    };
    let original = match a
        .option_order
        .as_deref()
        .and_then(crate::exam::shuffle::parse)
    {
        Some(order) => crate::exam::shuffle::to_original(&answer, &order),
        None => answer,
    };
    letters(Some(&original))
}

/// `{"choice": "B"}` or `{"choices": ["A", "C"]}` as indices.
fn letters(v: Option<&Value>) -> Vec<usize> {
    let index = |l: &Value| {
        let c = l.as_str()?.chars().next()?;
        c.is_ascii_uppercase().then(|| (c as u8 - b'A') as usize)
    };
    match v {
        Some(v) => match (v.get("choice"), v.get("choices")) {
            (Some(c), _) => index(c).into_iter().collect(),
            (None, Some(Value::Array(cs))) => cs.iter().filter_map(index).collect(),
            _ => vec![],
        },
        None => vec![],
    }
}

/// The flags of an item as locale keys (`analysis.flag.*`), in a fixed order.
pub fn flag_keys(row: &ItemRow) -> Vec<&'static str> {
    let f = &row.stats.flags;
    [
        (
            f.negative_discrimination,
            "analysis.flag.negative_discrimination",
        ),
        (f.low_discrimination, "analysis.flag.low_discrimination"),
        (f.too_easy, "analysis.flag.too_easy"),
        (f.too_hard, "analysis.flag.too_hard"),
        (!f.never_chosen.is_empty(), "analysis.flag.never_chosen"),
        (
            !f.strong_pick_distractor.is_empty(),
            "analysis.flag.strong_pick_distractor",
        ),
    ]
    .into_iter()
    .filter_map(|(on, k)| on.then_some(k))
    .collect()
}

/// The option counts as `A 12 (↑5 ↓2)`, the key marked with `*`, for tables and exports.
pub fn option_text(row: &ItemRow) -> String {
    row.stats
        .options
        .iter()
        .map(|o| {
            format!(
                "{}{} {} (↑{} ↓{})",
                crate::bank::option_key(o.index),
                if o.key { "*" } else { "" },
                o.chosen,
                o.upper,
                o.lower
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The report as a table (header, rows) for CSV and XLSX.
pub fn table(r: &Report, lang: crate::i18n::Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let t = |k: &str| crate::i18n::t(lang, k).to_string();
    let header = vec![
        t("analysis.col_item"),
        t("analysis.col_kind"),
        t("analysis.col_n"),
        t("analysis.col_p"),
        t("analysis.col_r"),
        t("analysis.col_options"),
        t("analysis.col_flags"),
    ];
    let f2 = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.3}"));
    let rows = r
        .items
        .iter()
        .map(|i| {
            vec![
                i.item_id.clone(),
                i.kind.clone(),
                i.stats.n.to_string(),
                f2(i.stats.facility),
                f2(i.stats.discrimination),
                option_text(i),
                flag_keys(i)
                    .iter()
                    .map(|k| crate::i18n::t(lang, k))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    (header, rows)
}

/// One of the center's own items that the item analysis of its exams flags.
#[derive(Clone, Debug, Serialize)]
pub struct FlaggedItem {
    pub level: Level,
    pub component: Component,
    pub row: ItemRow,
}

/// The center's own bank items flagged by the item analysis of its exam sessions, every level
/// and component (what the bank's author should read again).
pub async fn flagged_own_items(app: &App, actor: &Actor) -> AppResult<Vec<FlaggedItem>> {
    let Some(center) = actor.managed_center()? else {
        return Ok(vec![]);
    };
    let prefix = format!("{center}/");
    let mut out = vec![];
    for level in Level::ALL {
        for component in [Component::Theory, Component::Skill] {
            let q = LevelQuery {
                level,
                source: Source::Exams,
                component,
                from: 0,
                to: i64::MAX,
                center_code: None,
            };
            let r = self::level(app, actor, &q).await?;
            out.extend(
                r.items
                    .into_iter()
                    .filter(|i| i.item_key.starts_with(&prefix) && i.flagged())
                    .map(|row| FlaggedItem {
                        level,
                        component,
                        row,
                    }),
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::paper::{Breakdown, PaperEntry};
    use serde_json::json;

    fn item(id: &str, kind: &str, extra: Value) -> Item {
        let mut v = json!({
            "id": id, "kind": kind, "level": 5, "skills": ["1.1.1"], "difficulty": 2,
            "use": ["exam"], "prompt": "…", "explanation": "…",
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        serde_json::from_value(v).unwrap()
    }

    fn paper(id: &str, user: &str, score: f64, entries: &[(&str, &str)]) -> Mock {
        Mock {
            id: id.into(),
            user_id: user.into(),
            level: Level::FIVE,
            component: Component::Theory,
            paper: entries
                .iter()
                .map(|(attempt, version)| PaperEntry {
                    attempt: attempt.to_string(),
                    version: version.to_string(),
                    item_key: format!("shipped/{version}"),
                    kind: String::new(),
                    function: "1".into(),
                    points: 1.0,
                })
                .collect(),
            started_at: 0,
            deadline_at: 0,
            submitted_at: Some(1),
            score: Some(score),
            breakdown: Breakdown::new(),
            exam: None,
        }
    }

    #[allow(clippy::too_many_arguments)] // one row of the table, written out per test line
    fn answer(
        id: &str,
        paper: &str,
        user: &str,
        version: &str,
        a: Value,
        order: Option<&str>,
        score: f64,
        at: i64,
    ) -> Answer {
        Answer {
            id: id.into(),
            mock_id: paper.into(),
            user_id: user.into(),
            version_id: Some(version.into()),
            answer: Some(a.to_string()),
            option_order: order.map(str::to_string),
            score: Some(score),
            created_at: at,
        }
    }

    /// Four candidates on two items. V2 (判断) is right for the two strong ones; V1 (单选, key C)
    /// only for the two weak ones, so V1 discriminates negatively. Answers given in a shuffled
    /// order ("2,0,1,3": shown A is C, shown B is A) are counted as the bank lists the options,
    /// and a second, later attempt at V1 by p1 is not a first attempt.
    #[test]
    fn first_attempts_unshuffled_options_and_flags() {
        let items = BTreeMap::from([
            (
                "v1".to_string(),
                (
                    "shipped/V1".to_string(),
                    item(
                        "V1",
                        "single_choice",
                        json!({"options": ["w", "x", "y", "z"], "gold": {"choice": "C"}}),
                    ),
                ),
            ),
            (
                "v2".to_string(),
                (
                    "shipped/V2".to_string(),
                    item("V2", "true_false", json!({"gold": {"answer": true}})),
                ),
            ),
        ]);
        let papers = vec![
            paper("m1", "p1", 50.0, &[("a11", "v1"), ("a12", "v2")]),
            paper("m2", "p2", 50.0, &[("a21", "v1"), ("a22", "v2")]),
            paper("m3", "p3", 50.0, &[("a31", "v1"), ("a32", "v2")]),
            paper("m4", "p4", 50.0, &[("a41", "v1"), ("a42", "v2")]),
            paper("m5", "p1", 100.0, &[("a51", "v1")]),
        ];
        let order = Some("2,0,1,3");
        let answers = vec![
            answer(
                "a11",
                "m1",
                "p1",
                "v1",
                json!({"choice": "B"}),
                order,
                0.0,
                1,
            ),
            answer(
                "a12",
                "m1",
                "p1",
                "v2",
                json!({"answer": true}),
                None,
                1.0,
                1,
            ),
            answer(
                "a21",
                "m2",
                "p2",
                "v1",
                json!({"choice": "D"}),
                None,
                0.0,
                1,
            ),
            answer(
                "a22",
                "m2",
                "p2",
                "v2",
                json!({"answer": true}),
                None,
                1.0,
                1,
            ),
            answer(
                "a31",
                "m3",
                "p3",
                "v1",
                json!({"choice": "A"}),
                order,
                1.0,
                1,
            ),
            answer(
                "a32",
                "m3",
                "p3",
                "v2",
                json!({"answer": false}),
                None,
                0.0,
                1,
            ),
            answer(
                "a41",
                "m4",
                "p4",
                "v1",
                json!({"choice": "C"}),
                None,
                1.0,
                1,
            ),
            answer(
                "a42",
                "m4",
                "p4",
                "v2",
                json!({"answer": false}),
                None,
                0.0,
                1,
            ),
            answer(
                "a51",
                "m5",
                "p1",
                "v1",
                json!({"choice": "C"}),
                None,
                1.0,
                2,
            ),
        ];
        let r = report(
            &papers,
            &answers,
            &items,
            Component::Theory,
            Source::Mocks,
            60.0,
        );
        assert_eq!(r.papers, 5);
        let v1 = r.items.iter().find(|i| i.item_id == "V1").unwrap();
        // p1's second attempt (m5) is left out: 4 answers, 2 right.
        assert_eq!(v1.stats.n, 4);
        assert_eq!(v1.stats.facility, Some(0.5));
        // V1 against the rest (V2): (0,1), (0,1), (1,0), (1,0): r = −1.
        assert!((v1.stats.discrimination.unwrap() + 1.0).abs() < 1e-12);
        // Four answers are too few to flag anything.
        assert!(!v1.flagged() && flag_keys(v1).is_empty());
        // Chosen as the bank lists them: p1 shown B = A, p2 D, p3 shown A = C, p4 C.
        let chosen: Vec<usize> = v1.stats.options.iter().map(|o| o.chosen).collect();
        assert_eq!(chosen, [1, 0, 2, 1]);
        assert!(v1.stats.options[2].key);
        let mut flagged = v1.clone();
        flagged.stats.flags.negative_discrimination = true;
        flagged.stats.flags.never_chosen = vec![1];
        assert!(flagged.flagged());
        assert_eq!(
            flag_keys(&flagged),
            [
                "analysis.flag.negative_discrimination",
                "analysis.flag.never_chosen"
            ]
        );
        assert!(option_text(v1).starts_with("A 1 (↑"));
        // The table has one row per item and the header's width.
        let (h, rows) = table(&r, crate::i18n::Lang::En);
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|row| row.len() == h.len()));
    }
}
