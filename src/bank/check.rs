//! `annocert bank check`: every rule of docs/question-banks.md, item by item, then whether each
//! level's exam papers can be filled from its `exam` items.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use super::{BankSet, Item, MAX_ASSET_BYTES, Problem, Use, resolve_asset};
use crate::curriculum::{Component, Curriculum};
use crate::i18n::Msg;
use crate::scoring::{self, InputError, Kind};

/// The material fields an item may carry, besides the common ones and `assets`.
const MATERIAL: [&str; 11] = [
    "options",
    "shuffle",
    "spec",
    "labels",
    "attributes",
    "image",
    "text",
    "entries",
    "fields",
    "given",
    "criteria",
];

/// Which material fields each kind uses.
fn allowed(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::SingleChoice | Kind::MultiChoice => &["options", "shuffle"],
        Kind::TrueFalse => &[],
        Kind::Boxes | Kind::Polygons | Kind::Keypoints | Kind::Polylines => {
            &["spec", "labels", "attributes", "image", "given"]
        }
        Kind::Segments => &["spec", "labels", "attributes"],
        Kind::Spans => &["spec", "labels", "text"],
        Kind::Classify => &["spec", "labels", "entries"],
        Kind::Select => &["spec", "entries", "given", "labels", "attributes", "image"],
        Kind::Transcript => &["spec"],
        Kind::Table => &["spec", "fields", "image"],
        Kind::Rubric => &["spec", "criteria"],
    }
}

const IMAGE_EXT: [&str; 6] = ["svg", "png", "jpg", "jpeg", "webp", "gif"];
const AUDIO_EXT: [&str; 7] = ["wav", "ogg", "oga", "mp3", "m4a", "flac", "opus"];

fn has_ext(path: &str, exts: &[&str]) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, e)| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Ids and group names: `[A-Za-z0-9_.-]+`.
pub(crate) fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Checks a whole bank: the parse problems, every item, duplicate ids across files, and for each
/// level that has a folder in the set, whether its theory paper and skill exam can be filled from
/// its valid `exam` items; then the cue checker's warnings on the valid items ([`super::cues`]).
/// Problems come sorted by file and line; only errors ([`Problem::is_error`]) make a bank wrong.
pub fn check(set: &BankSet, curriculum: &Curriculum) -> Vec<Problem> {
    let (mut problems, valid) = check_items(set, curriculum);
    for level in set.levels() {
        problems.extend(check_papers(level, &valid, curriculum));
    }
    let cues = super::cues::analyse(&valid, curriculum);
    problems.extend(super::cues::warnings(&cues, &valid));
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    problems
}

/// Checks a center's own bank exactly like the shipped one, item by item, and also that no id
/// is one of `taken` (the shipped ids: an id is unique over all banks). Paper shapes are not
/// checked: a center's items add to the shipped ones in a paper, they need not fill one alone.
pub fn check_center(
    set: &BankSet,
    curriculum: &Curriculum,
    taken: &BTreeSet<String>,
) -> Vec<Problem> {
    let (mut problems, _) = check_items(set, curriculum);
    for item in set.items() {
        if taken.contains(&item.id) {
            problems.push(Problem::new(
                &item.file,
                item.line,
                &item.id,
                Msg::new("bank_problem.duplicate_shipped_id"),
            ));
        }
    }
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    problems
}

/// The problems of one item, in the order found.
struct Found<'a> {
    item: &'a Item,
    problems: Vec<Problem>,
}

impl<'a> Found<'a> {
    fn new(item: &'a Item) -> Self {
        Found {
            item,
            problems: Vec::new(),
        }
    }

    fn push(&mut self, msg: Msg) {
        let it = self.item;
        self.problems
            .push(Problem::new(&it.file, it.line, &it.id, msg));
    }

    /// The scoring engine's verdict on the item's task.
    fn task(&mut self, e: &InputError) {
        let it = self.item;
        self.problems
            .push(Problem::task(&it.file, it.line, &it.id, e));
    }

    fn len(&self) -> usize {
        self.problems.len()
    }
}

/// "may use only A–Z, a–z, 0–9, _, . and -"
fn name_problem(key: &'static str, name: &str) -> Msg {
    Msg::new(key).arg("name", format!("{name:?}"))
}

/// Parse problems, each item's problems and duplicate ids; also the items without problems.
fn check_items<'a>(set: &'a BankSet, curriculum: &Curriculum) -> (Vec<Problem>, Vec<&'a Item>) {
    let mut problems = set.parse_problems.clone();
    let mut first: HashMap<&str, &Item> = HashMap::new();
    let mut valid: Vec<&Item> = Vec::new();
    for file in &set.files {
        for item in &file.items {
            let mut found = Found::new(item);
            check_item(&mut found, file.folder_level, set, curriculum);
            if let Some(other) = first.get(item.id.as_str()) {
                found.push(Msg::new("bank_problem.duplicate_id").arg("place", other.place()));
            } else {
                first.insert(&item.id, item);
            }
            if found.problems.is_empty() {
                valid.push(item);
            }
            problems.extend(found.problems);
        }
    }
    (problems, valid)
}

/// The problems of one item.
fn check_item(out: &mut Found<'_>, folder: Option<u8>, set: &BankSet, cur: &Curriculum) {
    let item = out.item;
    if !valid_name(&item.id) {
        out.push(name_problem("bank_problem.bad_id", &item.id));
    }
    if let Some(g) = &item.group
        && !valid_name(g)
    {
        out.push(name_problem("bank_problem.bad_group", g));
    }

    // Level and skills (curriculum lookups).
    if let Some(f) = folder
        && item.level != f
    {
        out.push(
            Msg::new("bank_problem.level_not_folder")
                .arg("level", item.level)
                .arg("folder", f),
        );
    }
    let level_known = cur.level(item.level).is_some();
    if !level_known {
        out.push(Msg::new("bank_problem.level_unknown").arg("level", item.level));
    }
    if item.skills.is_empty() {
        out.push(Msg::new("bank_problem.skills_empty").arg("level", item.level));
    }
    let mut seen_skills = BTreeSet::new();
    for code in &item.skills {
        if !seen_skills.insert(code.as_str()) {
            out.push(Msg::new("bank_problem.skill_twice").arg("skill", code));
        } else if level_known && cur.skill(item.level, code).is_none() {
            out.push(
                Msg::new("bank_problem.skill_unknown")
                    .arg("skill", code)
                    .arg("level", item.level),
            );
        }
    }

    if !(1..=5).contains(&item.difficulty) {
        out.push(Msg::new("bank_problem.difficulty_range").arg("difficulty", item.difficulty));
    }
    if item.uses.is_empty() {
        out.push(Msg::new("bank_problem.use_empty"));
    } else if item.uses.iter().collect::<BTreeSet<_>>().len() != item.uses.len() {
        out.push(Msg::new("bank_problem.use_twice"));
    }
    if item.prompt.trim().is_empty() {
        out.push(Msg::new("bank_problem.prompt_empty"));
    }
    if item.explanation.trim().is_empty() {
        out.push(Msg::new("bank_problem.explanation_empty"));
    }
    if let Some(p) = item.points
        && !(p.is_finite() && p > 0.0)
    {
        out.push(Msg::new("bank_problem.points_not_positive").arg("points", p));
    }

    check_assets(out, set);

    if let Some(names) = &item.names {
        let keys =
            super::names::word_keys(item.task.labels.as_deref(), item.task.attributes.as_ref());
        for m in super::names::problems(names, &keys) {
            out.push(m);
        }
    }
    // An unknown kind is reported when the item is read (`bank_problem.unknown_kind`).
    let kind = item.kind();
    let before = out.len();
    check_kind(out, kind);
    // The scoring engine's own validation of the task, unless the kind checks already failed
    // (their messages are clearer than the engine's for the same fault).
    if out.len() == before
        && let Err(e) = scoring::validate(&item.task)
    {
        out.task(&e);
    }
}

/// Missing, misplaced and oversized assets (`assets` and `entries[].asset`).
fn check_assets(out: &mut Found<'_>, set: &BankSet) {
    let item = out.item;
    for a in item.asset_refs() {
        match resolve_asset(&item.file, a) {
            Err(msg) => out.push(msg),
            Ok(path) => match set.asset_sizes.get(&path) {
                None => out.push(
                    Msg::new("bank_problem.asset_missing")
                        .arg("asset", a)
                        .arg("path", path),
                ),
                Some(&size) if size > MAX_ASSET_BYTES => out.push(
                    Msg::new("bank_problem.asset_too_large")
                        .arg("asset", a)
                        .arg("mib", format!("{:.1}", size as f64 / (1024.0 * 1024.0)))
                        .arg("max_mib", MAX_ASSET_BYTES / (1024 * 1024)),
                ),
                Some(_) => {}
            },
        }
    }
}

/// The kind's fields, material and gold shape.
fn check_kind(out: &mut Found<'_>, kind: Kind) {
    let item = out.item;
    let present = |f: &str| match f {
        "options" => item.task.options.is_some(),
        // Written only as `shuffle = false`: true is the default.
        "shuffle" => !item.shuffle,
        "spec" => item.spec.is_some(),
        "labels" => item.task.labels.is_some(),
        "attributes" => item.task.attributes.is_some(),
        "image" => item.task.image.is_some(),
        "text" => item.task.text.is_some(),
        "entries" => item.task.entries.is_some(),
        "fields" => item.task.fields.is_some(),
        "given" => item.task.given.is_some(),
        "criteria" => item.task.criteria.is_some(),
        _ => false,
    };
    for f in MATERIAL {
        if present(f) && !allowed(kind).contains(&f) {
            out.push(
                Msg::new("bank_problem.field_not_used")
                    .arg("field", f)
                    .arg("kind", kind.as_str()),
            );
        }
    }
    // A material field the kind needs; `key` names it and what it is for.
    let need = |out: &mut Found<'_>, f: &str, key: &'static str| {
        if !present(f) {
            out.push(Msg::new(key).arg("kind", kind.as_str()));
        }
    };

    // Gold presence.
    match (kind, &item.task.gold) {
        (Kind::Rubric, Some(_)) => out.push(Msg::new("bank_problem.rubric_gold")),
        (Kind::Rubric, None) => {}
        (_, None) => out.push(Msg::new("bank_problem.gold_missing")),
        _ => {}
    }

    match kind {
        Kind::SingleChoice | Kind::MultiChoice | Kind::TrueFalse => check_theory(out, kind),
        _ => {
            if kind != Kind::Rubric && item.spec.as_deref().is_none_or(|s| s.trim().is_empty()) {
                out.push(Msg::new("bank_problem.spec_missing"));
            }
        }
    }

    let audio = || item.assets.iter().any(|a| has_ext(a, &AUDIO_EXT));
    match kind {
        Kind::Boxes | Kind::Polygons | Kind::Keypoints | Kind::Polylines => {
            need(out, "image", "bank_problem.needs_image");
            need(out, "labels", "bank_problem.needs_labels");
            if !item.assets.first().is_some_and(|a| has_ext(a, &IMAGE_EXT)) {
                out.push(
                    Msg::new("bank_problem.needs_image_asset")
                        .arg("kind", kind.as_str())
                        .arg("extensions", IMAGE_EXT.join(", ")),
                );
            }
        }
        Kind::Segments | Kind::Transcript => {
            if kind == Kind::Segments {
                need(out, "labels", "bank_problem.needs_labels");
            }
            if !audio() {
                out.push(
                    Msg::new("bank_problem.needs_audio_asset")
                        .arg("kind", kind.as_str())
                        .arg("extensions", AUDIO_EXT.join(", ")),
                );
            }
        }
        Kind::Spans => {
            need(out, "text", "bank_problem.needs_text");
            need(out, "labels", "bank_problem.needs_labels");
        }
        Kind::Classify => {
            need(out, "entries", "bank_problem.needs_entries");
            need(out, "labels", "bank_problem.needs_labels");
        }
        Kind::Select => {
            if item.task.entries.is_none() && item.task.given.is_none() {
                out.push(Msg::new("bank_problem.needs_entries_or_given"));
            }
        }
        Kind::Table => need(out, "fields", "bank_problem.needs_fields"),
        Kind::Rubric => {
            need(out, "criteria", "bank_problem.needs_criteria");
            for c in item.task.criteria.iter().flatten() {
                if let Some((key, args)) = c.band_problem() {
                    let mut m = Msg::new(key).arg("id", &c.id);
                    for (k, v) in args {
                        m = m.arg(k, v);
                    }
                    out.push(m);
                }
            }
            if let (Some(points), Some(criteria)) = (item.points, &item.task.criteria) {
                let sum: f64 = criteria.iter().map(|c| c.max).sum();
                if (sum - points).abs() > 1e-9 {
                    out.push(
                        Msg::new("bank_problem.criteria_sum")
                            .arg("sum", sum)
                            .arg("points", points),
                    );
                }
            }
        }
        Kind::SingleChoice | Kind::MultiChoice | Kind::TrueFalse => {}
    }

    if let Some(entries) = &item.task.entries {
        for (i, e) in entries.iter().enumerate() {
            let text = e.text.as_deref().is_some_and(|t| !t.trim().is_empty());
            let asset = e.asset.as_deref().is_some_and(|a| !a.trim().is_empty());
            if !text && !asset {
                out.push(
                    Msg::new("bank_problem.entry_empty")
                        .arg("i", i)
                        .arg("id", &e.id),
                );
            }
        }
    }
    if let Some(labels) = &item.task.labels
        && labels.iter().any(|l| l.trim().is_empty())
    {
        out.push(Msg::new("bank_problem.label_empty"));
    }
    check_given(out, kind);
}

/// Options and gold of the theory kinds, with messages in the bank's own terms.
fn check_theory(out: &mut Found<'_>, kind: Kind) {
    let item = out.item;
    let keys = item.option_keys();
    let range = match kind {
        Kind::SingleChoice => Some(2..=6),
        Kind::MultiChoice => Some(3..=6),
        _ => None,
    };
    if let Some(range) = range {
        match &item.task.options {
            None => out.push(Msg::new("bank_problem.needs_options").arg("kind", kind.as_str())),
            Some(opts) => {
                if !range.contains(&opts.len()) {
                    out.push(
                        Msg::new("bank_problem.options_count")
                            .arg("kind", kind.as_str())
                            .arg("min", range.start())
                            .arg("max", range.end())
                            .arg("n", opts.len()),
                    );
                }
                let mut seen = BTreeSet::new();
                for (i, o) in opts.iter().enumerate() {
                    if o.trim().is_empty() {
                        out.push(
                            Msg::new("bank_problem.option_empty").arg("key", super::option_key(i)),
                        );
                    } else if !seen.insert(o.trim()) {
                        out.push(
                            Msg::new("bank_problem.option_repeated")
                                .arg("key", super::option_key(i)),
                        );
                    }
                }
            }
        }
    }
    let Some(gold) = &item.task.gold else { return };
    let not_an_option = |answer: &str| {
        let msg = Msg::new("bank_problem.answer_not_option").arg("answer", format!("{answer:?}"));
        if keys.is_empty() {
            msg.arg_msg("keys", Msg::new("bank_problem.no_options"))
        } else {
            msg.arg("keys", format!("{} – {}", keys[0], keys[keys.len() - 1]))
        }
    };
    let only = |g: &Value, field: &str| {
        g.as_object()
            .is_some_and(|o| o.len() == 1 && o.contains_key(field))
    };
    match kind {
        Kind::SingleChoice => match gold.get("choice").and_then(Value::as_str) {
            Some(c) if only(gold, "choice") => {
                if !keys.iter().any(|k| k == c) {
                    out.push(not_an_option(c));
                }
            }
            _ => out.push(Msg::new("bank_problem.gold_single_choice")),
        },
        Kind::MultiChoice => match gold.get("choices").and_then(Value::as_array) {
            Some(list) if only(gold, "choices") => {
                let mut seen = BTreeSet::new();
                for c in list {
                    match c.as_str() {
                        Some(c) if keys.iter().any(|k| k == c) => {
                            if !seen.insert(c) {
                                out.push(
                                    Msg::new("bank_problem.answer_twice")
                                        .arg("answer", format!("{c:?}")),
                                );
                            }
                        }
                        Some(c) => out.push(not_an_option(c)),
                        None => out.push(Msg::new("bank_problem.choices_not_keys").arg("got", c)),
                    }
                }
                if list.len() < 2 {
                    out.push(Msg::new("bank_problem.multi_choice_answers").arg("n", list.len()));
                }
            }
            _ => out.push(Msg::new("bank_problem.gold_multi_choice")),
        },
        Kind::TrueFalse if !(only(gold, "answer") && gold["answer"].is_boolean()) => {
            out.push(Msg::new("bank_problem.gold_true_false"));
        }
        _ => {}
    }
}

/// `given`: someone else's annotations drawn on the image. Their ids must be unique, and their
/// shapes valid for the kind (for `select`, the kind is read from the shapes: keypoints, bbox,
/// points → polylines).
fn check_given(out: &mut Found<'_>, kind: Kind) {
    let item = out.item;
    let Some(given) = &item.task.given else {
        return;
    };
    let before = out.len();
    let mut ids = BTreeSet::new();
    for (i, g) in given.iter().enumerate() {
        match g.get("id").and_then(Value::as_str) {
            Some(id) if valid_name(id) => {
                if !ids.insert(id) {
                    out.push(
                        Msg::new("bank_problem.given_id_twice")
                            .arg("i", i)
                            .arg("id", format!("{id:?}")),
                    );
                }
            }
            _ => out.push(Msg::new("bank_problem.given_bad_id").arg("i", i)),
        }
    }
    if out.len() != before {
        return;
    }
    let has = |key: &str| given.iter().any(|g| g.contains_key(key));
    let shape_kind = match kind {
        Kind::Boxes | Kind::Polygons | Kind::Keypoints | Kind::Polylines => kind,
        _ if has("keypoints") => Kind::Keypoints,
        _ if has("bbox") => Kind::Boxes,
        _ if has("points") => Kind::Polylines,
        _ => return,
    };
    let gold: Vec<Value> = given
        .iter()
        .map(|g| {
            let mut g = g.clone();
            g.remove("id");
            Value::Object(g)
        })
        .collect();
    let mut task = json!({ "kind": shape_kind.as_str(), "gold": gold });
    if let Some(image) = item.task.image {
        task["image"] = json!({ "width": image.width, "height": image.height });
    }
    if let Some(labels) = &item.task.labels {
        task["labels"] = json!(labels);
    }
    if let Some(attributes) = &item.task.attributes {
        task["attributes"] = Value::Object(attributes.clone());
    }
    if let Err(e) = scoring::validate_task(&task) {
        out.task(&e.rebased("task.gold", "given"));
    }
}

/// Shares `count` out over the keys of `weights` (percent or any integer weights) by the largest
/// remainder: each key gets ⌊count × w ÷ Σw⌋, and the items left over go to the largest
/// remainders (ties: the larger weight, then key order). Keys of weight 0 get 0. Paper assembly
/// must use the same rule.
pub fn apportion(count: u32, weights: &BTreeMap<String, u32>) -> BTreeMap<String, u32> {
    let total: u64 = weights.values().map(|&w| u64::from(w)).sum();
    let mut out: BTreeMap<String, u32> = weights.keys().map(|k| (k.clone(), 0)).collect();
    if total == 0 {
        return out;
    }
    let mut rems: Vec<(u64, u32, &String)> = Vec::new();
    let mut given = 0u64;
    for (k, &w) in weights {
        let num = u64::from(count) * u64::from(w);
        let q = num / total;
        given += q;
        out.insert(k.clone(), q as u32);
        if w > 0 {
            rems.push((num % total, w, k));
        }
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let left = u64::from(count).saturating_sub(given) as usize;
    for (_, _, k) in rems.into_iter().take(left) {
        *out.get_mut(k).expect("key of weights") += 1;
    }
    out
}

/// One cell of a paper: `count` items of `kind` (a theory kind, or `practical`) for `function`.
struct Demand {
    kind: &'static str,
    function: String,
    need: u32,
    percent: u32,
    of: u32,
}

/// Fills the demands with units (a group, or an ungrouped item), each unit used at most once:
/// a maximum bipartite b-matching by augmenting paths. Returns how many each demand got.
fn fill(demands: &[Demand], units: &[BTreeSet<usize>]) -> Vec<u32> {
    let cap: Vec<u32> = demands.iter().map(|d| d.need).collect();
    match_units(&cap, units)
        .iter()
        .map(|a| a.len() as u32)
        .collect()
}

/// A maximum b-matching of units to cells: `units[u]` are the cells unit `u` can serve, `caps`
/// how many units each cell takes; each unit serves at most one cell. Units are tried in order
/// and a matched unit stays matched (augmenting paths only move it), so earlier units are
/// preferred: paper assembly puts the units it would rather draw first. Returns the units of
/// each cell.
pub fn match_units(caps: &[u32], units: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    fn augment(
        u: usize,
        units: &[BTreeSet<usize>],
        cap: &[u32],
        assigned: &mut [Vec<usize>],
        visited: &mut [bool],
    ) -> bool {
        for &d in &units[u] {
            if d >= cap.len() || visited[d] {
                continue;
            }
            visited[d] = true;
            if (assigned[d].len() as u32) < cap[d] {
                assigned[d].push(u);
                return true;
            }
            for i in 0..assigned[d].len() {
                let v = assigned[d][i];
                if augment(v, units, cap, assigned, visited) {
                    assigned[d][i] = u;
                    return true;
                }
            }
        }
        false
    }
    let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); caps.len()];
    for u in 0..units.len() {
        let mut visited = vec![false; caps.len()];
        augment(u, units, caps, &mut assigned, &mut visited);
    }
    assigned
}

/// The units (groups or single items) among `items` and the demands each can serve.
fn units_for(
    demands: &[Demand],
    items: &[&Item],
    bucket_kind: impl Fn(&Item) -> &str,
) -> Vec<BTreeSet<usize>> {
    let mut units: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for it in items {
        let kind = bucket_kind(it);
        let function = it.function().unwrap_or("");
        let Some(d) = demands
            .iter()
            .position(|d| d.kind == kind && d.function == function)
        else {
            continue;
        };
        let key = match &it.group {
            Some(g) => format!("g:{g}"),
            None => format!("i:{}", it.id),
        };
        units.entry(key).or_default().insert(d);
    }
    units.into_values().collect()
}

/// Whether the level's theory paper (kind counts, shared out per function by the theory weight
/// table) and skill exam (task count, shared out by the skill weight table) can be filled from
/// its valid `exam` items, at most one per group.
fn check_papers(level: u8, valid: &[&Item], cur: &Curriculum) -> Vec<Problem> {
    let Some(lv) = cur.level(level) else {
        return Vec::new();
    };
    let file = format!("level{level}/");
    let exam: Vec<&Item> = valid
        .iter()
        .copied()
        .filter(|i| i.level == level && i.has_use(Use::Exam))
        .collect();
    let mut out = Vec::new();
    // " 智能系统设计" / " Intelligent system design", or nothing for an unknown function.
    let named = |msg: Msg, f: &str| {
        let name = |n: Option<&str>| n.map_or(String::new(), |n| format!(" {n}"));
        msg.arg("function", f).arg_per_lang(
            "name",
            name(cur.function_name(level, f)),
            name(cur.function_name_en(level, f)),
        )
    };

    if let Some(paper) = lv.exam(Component::Theory).and_then(|e| e.paper.as_ref()) {
        let mut demands = Vec::new();
        for part in &paper.parts {
            for (function, need) in apportion(part.count, &lv.theory_weights.percent) {
                if need > 0 {
                    let percent = lv.theory_weights.get(&function);
                    demands.push(Demand {
                        kind: part.kind.as_str(),
                        function,
                        need,
                        percent,
                        of: part.count,
                    });
                }
            }
        }
        let theory: Vec<&Item> = exam.iter().copied().filter(|i| i.is_theory()).collect();
        let units = units_for(&demands, &theory, |i| i.kind().as_str());
        for (d, got) in demands.iter().zip(fill(&demands, &units)) {
            if got < d.need {
                let msg = Msg::new("bank_problem.theory_paper_short")
                    .arg("need", d.need)
                    .arg("kind", d.kind);
                out.push(Problem::new(
                    &file,
                    0,
                    "-",
                    named(msg, &d.function)
                        .arg("percent", d.percent)
                        .arg("of", d.of)
                        .arg("got", got),
                ));
            }
        }
    }

    if let Some(tasks) = lv.exam(Component::Skill).and_then(|e| e.tasks.as_ref()) {
        let mut demands = Vec::new();
        for (function, need) in apportion(tasks.count, &lv.skill_weights.percent) {
            if need > 0 {
                let percent = lv.skill_weights.get(&function);
                demands.push(Demand {
                    kind: "practical",
                    function,
                    need,
                    percent,
                    of: tasks.count,
                });
            }
        }
        let practical: Vec<&Item> = exam.iter().copied().filter(|i| !i.is_theory()).collect();
        let units = units_for(&demands, &practical, |_| "practical");
        for (d, got) in demands.iter().zip(fill(&demands, &units)) {
            if got < d.need {
                let msg = Msg::new("bank_problem.skill_exam_short").arg("need", d.need);
                out.push(Problem::new(
                    &file,
                    0,
                    "-",
                    named(msg, &d.function)
                        .arg("percent", d.percent)
                        .arg("of", d.of)
                        .arg("got", got),
                ));
            }
        }
    }
    out
}
