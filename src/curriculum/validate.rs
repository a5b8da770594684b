//! The rules a parsed curriculum must follow. Each broken rule becomes one plain-English problem
//! that names where it is (level, function, work, skill), so a center editing the file can fix it.

use std::collections::{BTreeSet, HashSet};

use super::{
    Component, Curriculum, ExamComponent, FORMAT, Fact, LEVELS, LevelSpec, StaffRole, WeightTable,
    Work,
};

/// Returns every problem found; empty means valid.
pub(super) fn validate(c: &Curriculum) -> Vec<String> {
    let mut p = Vec::new();
    if c.format != FORMAT {
        p.push(format!(
            "format is {}, but this version of annocert reads format {FORMAT}",
            c.format
        ));
    }
    occupation(c, &mut p);
    basic(c, &mut p);
    levels(c, &mut p);
    p
}

/// A code segment: digits, no leading zero, not zero (`1`, `12`, not `0`, `01`, `a`).
fn is_segment(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// A work code: `<function>.<n>`, where the function may be `0` (basic requirements).
fn is_work_code(s: &str) -> bool {
    s.split_once('.')
        .is_some_and(|(f, n)| (f == "0" || is_segment(f)) && is_segment(n))
}

fn non_empty(p: &mut Vec<String>, at: &str, field: &str, value: &str) {
    if value.trim().is_empty() {
        p.push(format!("{at}: {field} is empty"));
    }
}

fn facts(p: &mut Vec<String>, at: &str, what: &str, list: &[Fact]) {
    for (i, f) in list.iter().enumerate() {
        non_empty(p, at, &format!("{what} line {}", i + 1), &f.text);
    }
}

fn occupation(c: &Curriculum, p: &mut Vec<String>) {
    let o = &c.occupation;
    let at = "occupation";
    for (field, value) in [
        ("code", &o.code),
        ("name", &o.name),
        ("name_en", &o.name_en),
        ("standard", &o.standard),
    ] {
        non_empty(p, at, field, value);
    }
    for (field, fact) in [
        ("definition", &o.definition),
        ("abilities", &o.abilities),
        ("education", &o.education),
    ] {
        non_empty(p, at, field, &fact.text);
    }
    if o.code_of_conduct.items.is_empty()
        || o.code_of_conduct.items.iter().any(|i| i.trim().is_empty())
    {
        p.push(
            "occupation: code_of_conduct needs at least one item and no empty items".to_string(),
        );
    }
    if c.job_types.is_empty() {
        p.push("job_types: at least one job type (工种) is required".to_string());
    }
    let mut seen = HashSet::new();
    for j in &c.job_types {
        let at = format!("job type {:?}", j.code);
        non_empty(p, &at, "code", &j.code);
        non_empty(p, &at, "name", &j.name);
        non_empty(p, &at, "name_en", &j.name_en);
        if !seen.insert(j.code.as_str()) {
            p.push(format!("{at}: duplicate job type code"));
        }
    }
}

fn basic(c: &Curriculum, p: &mut Vec<String>) {
    let at = "basic";
    non_empty(p, at, "name", &c.basic.name);
    non_empty(p, at, "name_en", &c.basic.name_en);
    if c.basic.works.is_empty() {
        p.push("basic: needs its works 0.1 (职业道德) and 0.2 (基础知识)".to_string());
    }
    let mut codes = HashSet::new();
    for w in &c.basic.works {
        let well_formed = w.code.strip_prefix("0.").is_some_and(is_segment);
        if !well_formed {
            p.push(format!(
                "basic: work code {:?} is malformed (expected 0.<n>, e.g. 0.1)",
                w.code
            ));
        }
        work(p, "basic", w, &mut codes);
    }
}

/// Checks a work and its skills: names, nesting of skill codes under the work code, uniqueness
/// of every code within `codes` (one set per level, or for the basic requirements).
fn work<'a>(p: &mut Vec<String>, at: &str, w: &'a Work, codes: &mut HashSet<&'a str>) {
    let wat = format!("{at}, work {}", w.code);
    non_empty(p, &wat, "name", &w.name);
    non_empty(p, &wat, "name_en", &w.name_en);
    if !codes.insert(w.code.as_str()) {
        p.push(format!("{at}: work code {} appears more than once", w.code));
    }
    if w.skills.is_empty() {
        p.push(format!("{wat}: has no skills (技能要求)"));
    }
    if w.knowledge.is_empty() {
        p.push(format!(
            "{wat}: has no related knowledge (相关知识); add lines, marked assumed if need be"
        ));
    }
    facts(p, &wat, "knowledge", &w.knowledge);
    for s in &w.skills {
        match s.code.rsplit_once('.') {
            Some((parent, last)) if is_segment(last) && parent == w.code => {}
            Some((parent, last)) if is_segment(last) && is_work_code(parent) => p.push(format!(
                "{at}: skill {} is listed under work {}; its code must be {}.<n> (or move it under work {parent})",
                s.code, w.code, w.code
            )),
            _ => p.push(format!(
                "{at}: skill code {:?} (under work {}) is malformed; expected {}.<n>",
                s.code, w.code, w.code
            )),
        }
        if !codes.insert(s.code.as_str()) {
            p.push(format!(
                "{at}: skill code {} appears more than once",
                s.code
            ));
        }
        non_empty(p, &format!("{at}, skill {}", s.code), "text", &s.text);
    }
}

fn levels(c: &Curriculum, p: &mut Vec<String>) {
    for n in LEVELS {
        match c.levels.iter().filter(|l| l.number == n).count() {
            1 => {}
            0 => p.push(format!(
                "level {n} is missing (levels 5, 4, 3, 2 and 1 must all be present)"
            )),
            k => p.push(format!("level {n} appears {k} times")),
        }
    }
    for l in &c.levels {
        if !LEVELS.contains(&l.number) {
            p.push(format!(
                "level {} does not exist (levels are 5 … 1)",
                l.number
            ));
            continue;
        }
        level(c, l, p);
    }
}

fn level(c: &Curriculum, l: &LevelSpec, p: &mut Vec<String>) {
    let at = format!("level {}", l.number);
    non_empty(p, &at, "name", &l.name);
    non_empty(p, &at, "name_en", &l.name_en);
    if l.training_hours.hours == 0 {
        p.push(format!("{at}: training_hours must be more than 0"));
    }

    // Functions → works → skills.
    if l.functions.is_empty() {
        p.push(format!("{at}: has no functions (职业功能)"));
    }
    let mut codes: HashSet<&str> = HashSet::new();
    for f in &l.functions {
        let fat = format!("{at}, function {}", f.code);
        if !is_segment(&f.code) {
            p.push(format!(
                "{at}: function code {:?} is malformed (expected 1, 2, 3 …)",
                f.code
            ));
        }
        if !codes.insert(f.code.as_str()) {
            p.push(format!(
                "{at}: function code {} appears more than once",
                f.code
            ));
        }
        non_empty(p, &fat, "name", &f.name);
        non_empty(p, &fat, "name_en", &f.name_en);
        if f.works.is_empty() {
            p.push(format!("{fat}: has no works (工作内容)"));
        }
        for w in &f.works {
            match w.code.split_once('.') {
                Some((parent, last)) if is_segment(last) && parent == f.code => {}
                Some((parent, last)) if is_segment(last) && is_segment(parent) => p.push(format!(
                    "{at}: work {} is listed under function {}; its code must be {}.<n> (or move it under function {parent})",
                    w.code, f.code, f.code
                )),
                _ => p.push(format!(
                    "{at}: work code {:?} (under function {}) is malformed; expected {}.<n>",
                    w.code, f.code, f.code
                )),
            }
            work(p, &at, w, &mut codes);
        }
    }

    // Weight tables.
    let functions: BTreeSet<&str> = l.functions.iter().map(|f| f.code.as_str()).collect();
    let basics: BTreeSet<&str> = c.basic.works.iter().map(|w| w.code.as_str()).collect();
    let theory_keys: BTreeSet<&str> = basics.union(&functions).copied().collect();
    weights(p, &at, "theory", &l.theory_weights, &theory_keys, false);
    weights(p, &at, "skill", &l.skill_weights, &functions, true);

    // Exam components.
    let mut seen = HashSet::new();
    for e in &l.exams {
        if !seen.insert(e.component) {
            p.push(format!(
                "{at}: exam component {} appears more than once",
                e.component
            ));
        }
        exam(p, &at, e);
    }
    for required in [Component::Theory, Component::Skill] {
        if !seen.contains(&required) {
            p.push(format!("{at}: has no {required} exam component"));
        }
    }
    match (l.number <= 2, seen.contains(&Component::Review)) {
        (true, false) => p.push(format!(
            "{at}: has no review (综合评审) exam component; levels 2 and 1 need one"
        )),
        (false, true) => p.push(format!(
            "{at}: has a review (综合评审) exam component, which only levels 2 and 1 have"
        )),
        _ => {}
    }

    // Eligibility.
    if l.eligibility.is_empty() {
        p.push(format!("{at}: has no eligibility rules (申报条件)"));
    }
    for (i, r) in l.eligibility.iter().enumerate() {
        let rat = format!("{at}, eligibility rule {}", i + 1);
        non_empty(p, &rat, "text", &r.text);
        if let Some(cert) = r.certificate_level
            && !(l.number + 1..=5).contains(&cert.get())
        {
            p.push(format!(
                "{rat}: certificate_level {cert} must be a lower level than {} (a number from {} to 5)",
                l.number,
                l.number + 1
            ));
        }
        if r.years == Some(0) {
            p.push(format!(
                "{rat}: years must be more than 0 (leave it out when the route needs no years)"
            ));
        }
    }
}

fn weights(
    p: &mut Vec<String>,
    at: &str,
    which: &str,
    t: &WeightTable,
    allowed: &BTreeSet<&str>,
    skill: bool,
) {
    let total: u64 = t.percent.values().map(|&v| u64::from(v)).sum();
    if total != 100 {
        p.push(format!(
            "{at}: {which} weight table sums to {total}, not 100"
        ));
    }
    for key in t.percent.keys() {
        if !allowed.contains(key.as_str()) {
            let hint = if skill && key.starts_with("0.") {
                " (basic requirements are weighted in the theory table only)"
            } else {
                ""
            };
            p.push(format!("{at}: {which} weight table names {key:?}, which is not a function of this level{hint}"));
        }
    }
    for key in allowed {
        if !t.percent.contains_key(*key) {
            p.push(format!("{at}: {which} weight table has no entry for {key:?} (write 0 if it really has no weight)"));
        }
    }
}

fn exam(p: &mut Vec<String>, at: &str, e: &ExamComponent) {
    let eat = format!("{at}, {} exam", e.component);
    non_empty(p, &eat, "name", &e.name);
    non_empty(p, &eat, "name_en", &e.name_en);
    if let Some(m) = &e.method {
        non_empty(p, &eat, "method", &m.text);
    }
    if e.marks.points == 0 {
        p.push(format!("{eat}: points must be more than 0"));
    }
    if e.marks.pass_mark == 0 || e.marks.pass_mark > e.marks.points {
        p.push(format!(
            "{eat}: pass_mark {} must be between 1 and the points ({})",
            e.marks.pass_mark, e.marks.points
        ));
    }
    if e.duration.minutes == 0 {
        p.push(format!("{eat}: duration must be more than 0 minutes"));
    }

    let (paper_wanted, tasks_wanted, role) = match e.component {
        Component::Theory => (true, false, StaffRole::Proctor),
        Component::Skill => (false, true, StaffRole::Examiner),
        Component::Review => (false, false, StaffRole::Panel),
    };
    match (&e.paper, paper_wanted) {
        (None, true) => p.push(format!("{eat}: needs a paper shape (paper.parts)")),
        (Some(_), false) => p.push(format!("{eat}: only the theory exam has a paper shape")),
        (Some(paper), true) => {
            if paper.parts.is_empty() {
                p.push(format!("{eat}: paper has no parts"));
            }
            let mut kinds = HashSet::new();
            for part in &paper.parts {
                if !kinds.insert(part.kind) {
                    p.push(format!("{eat}: paper lists {} twice", part.kind.as_str()));
                }
                if part.count == 0 || !(part.points.is_finite() && part.points > 0.0) {
                    p.push(format!(
                        "{eat}: paper part {} needs a count and points per item above 0",
                        part.kind.as_str()
                    ));
                }
            }
            let total = paper.total_points();
            if (total - f64::from(e.marks.points)).abs() > 1e-9 {
                p.push(format!(
                    "{eat}: paper parts add up to {total} points, but the exam is out of {}",
                    e.marks.points
                ));
            }
        }
        (None, false) => {}
    }
    // 综合评审's rubric: bands covering each criterion, maxima adding up to the exam's points.
    match (e.rubric.is_empty(), e.component == Component::Review) {
        (true, true) => p.push(format!("{eat}: needs the panel's rubric (rubric)")),
        (false, false) => p.push(format!("{eat}: only 综合评审 has a rubric")),
        (false, true) => {
            for c in &e.rubric {
                if let Some((key, _)) = c.band_problem() {
                    p.push(format!("{eat}: rubric {}: {key}", c.id));
                }
            }
            let sum: f64 = e.rubric.iter().map(|c| c.max).sum();
            if (sum - f64::from(e.marks.points)).abs() > 1e-9 {
                p.push(format!(
                    "{eat}: rubric maxima add up to {sum}, but the exam is out of {}",
                    e.marks.points
                ));
            }
        }
        (true, false) => {}
    }
    match (&e.tasks, tasks_wanted) {
        (None, true) => p.push(format!(
            "{eat}: needs its number of practical tasks (tasks.count)"
        )),
        (Some(_), false) => p.push(format!("{eat}: only the skill exam has practical tasks")),
        (Some(t), true) if t.count == 0 => {
            p.push(format!("{eat}: tasks.count must be more than 0"))
        }
        _ => {}
    }

    let s = &e.staffing;
    if s.role != role {
        p.push(format!(
            "{eat}: staffing role must be {} for this component",
            role.as_str()
        ));
    }
    if s.min_staff == 0 {
        p.push(format!("{eat}: staffing min_staff must be at least 1"));
    }
    if s.odd && s.min_staff.is_multiple_of(2) {
        p.push(format!(
            "{eat}: staffing requires an odd number, so min_staff {} must be odd",
            s.min_staff
        ));
    }
    if s.max_candidates_per_staff == Some(0) {
        p.push(format!(
            "{eat}: staffing max_candidates_per_staff must be more than 0"
        ));
    }
}
