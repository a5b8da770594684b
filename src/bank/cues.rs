//! The cue checker: how far a candidate who knows nothing gets by following surface cues of
//! the exam-use theory items, level by level (docs/question-banks.md, "Cues"; the item-writing
//! rules of ../shared/ITEMS.md). Pure: items and the curriculum in, figures and warnings out.
//!
//! - 单选: how often the key is the strictly longest option, and how much longer it is;
//!   whether only the key repeats words of the stem.
//! - 判断: whether absolute words (一定、必须 …) and hedges (一般、通常 …) predict the key.
//! - 多选: how often each option position is keyed, and how many keys items have.
//! - Near-duplicate items (character-bigram Jaccard of prompt and options): within a level and
//!   not in one group (a paper could draw both), and across levels (information only).
//! - A simulated test-wise candidate applying these cues, and its expected score on a paper of
//!   the level's shape.
//!
//! [`analyse`] gives the figures ([`Cues`], serialized as the `cues` of `bank stats`);
//! [`warnings`] turns the figures that pass a threshold into [`Problem`]s of severity warning.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Item, Problem, Use, option_key};
use crate::curriculum::{Component, Curriculum, TheoryKind};
use crate::i18n::Msg;
use crate::scoring::Kind;

/// Words that make a 判断 statement sound too strong to be true.
pub const ABSOLUTE_WORDS: [&str; 15] = [
    "一定", "必须", "必然", "只要", "任何", "一律", "完全", "所有", "全部", "总是", "绝对", "从不",
    "永远", "唯一", "只能",
];

/// Words that make a 判断 statement sound careful, hence true.
pub const HEDGE_WORDS: [&str; 10] = [
    "一般", "通常", "往往", "可能", "适当", "大多", "多数", "一些", "有时", "尽量",
];

/// A level warns when the 单选 key is the strictly longest option in more than this share of
/// its items (chance with four options is 25 %; ITEMS.md aims at a third).
pub const LONGEST_KEY_MAX: f64 = 0.35;
/// A key at least this many times as long as the longest distractor is listed in the figures.
pub const KEY_RATIO_LISTED: f64 = 1.5;
/// A key at least this many times as long as the longest distractor is a warning on the item.
pub const KEY_RATIO_MAX: f64 = 2.0;
/// The share of absolute statements keyed false, and of hedged ones keyed true, should lie in
/// this range …
pub const WORD_SHARE_RANGE: (f64, f64) = (0.40, 0.60);
/// … once there are at least this many such statements.
pub const WORD_MIN_STATEMENTS: usize = 8;
/// A level warns when "absolute → false, else true" gets more than this share of 判断 right.
pub const RULE_ACCURACY_MAX: f64 = 0.60;
/// A 多选 option position should be keyed in this share of the items that have it …
pub const POSITION_RANGE: (f64, f64) = (0.15, 0.85);
/// … once at least this many items have it.
pub const POSITION_MIN_ITEMS: usize = 8;
/// A level warns when the test-wise candidate expects this score (of 100) or more.
pub const TEST_WISE_MAX: f64 = 40.0;
/// A 单选 key "repeats the stem" when it shares a run of this many characters with the stem
/// (letters and digits, within a run of them) and no distractor does.
pub const STEM_ECHO_CHARS: usize = 4;
/// Two items are near-duplicates when the Jaccard similarity of the character bigrams of their
/// text (prompt and options) is at least this.
pub const NEAR_DUPLICATE_MIN: f64 = 0.5;

/// The figures of a whole bank.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cues {
    /// Per level (only levels with exam-use theory items).
    pub levels: BTreeMap<u8, LevelCues>,
    /// Near-duplicate exam-use items of different levels (information: they never share a paper).
    pub cross_level: Vec<NearDuplicate>,
}

/// The figures of one level's exam-use theory items.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LevelCues {
    pub single_choice: SingleChoiceCues,
    pub true_false: TrueFalseCues,
    pub multi_choice: MultiChoiceCues,
    /// 单选 items whose key alone repeats words of the stem.
    pub stem_echo: Vec<String>,
    /// Near-duplicate pairs of this level not in one group.
    pub near_duplicates: Vec<NearDuplicate>,
    pub test_wise: TestWise,
}

/// Option lengths (Unicode characters after trimming) against the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SingleChoiceCues {
    pub items: usize,
    /// Items whose key is strictly longer than every distractor.
    pub longest_key: usize,
    pub longest_key_rate: Option<f64>,
    /// Items whose key is ≥ 1.5 × the longest distractor.
    pub key_1_5x: Vec<String>,
    pub key_1_5x_rate: Option<f64>,
    /// Items whose key is ≥ 2 × the longest distractor (each one a warning).
    pub key_2x: Vec<String>,
}

/// Absolute and hedged wording against the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrueFalseCues {
    pub items: usize,
    pub keyed_true: usize,
    pub true_share: Option<f64>,
    /// Statements with an absolute word, and how many of them are keyed false.
    pub absolute: usize,
    pub absolute_false: usize,
    pub absolute_false_share: Option<f64>,
    /// Statements with a hedge and no absolute word, and how many of them are keyed true.
    pub hedged: usize,
    pub hedged_true: usize,
    pub hedged_true_share: Option<f64>,
    /// How many the rule "absolute → false, else true" gets right.
    pub rule_right: usize,
    pub rule_accuracy: Option<f64>,
}

/// Key positions and key counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MultiChoiceCues {
    pub items: usize,
    /// Per option position (A, B, …): of the items that have it, how many key it.
    pub positions: Vec<Position>,
    /// Number of keys → number of items.
    pub key_counts: BTreeMap<usize, usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Position {
    pub key: String,
    /// Items with at least this many options.
    pub items: usize,
    pub keyed: usize,
    pub share: Option<f64>,
}

/// The candidate who knows nothing: 单选 the strictly longest option (a tie of k longest: one
/// of them at random, 1/k of the credit), 判断 "absolute → false, else true", 多选 every option
/// at least as long as the item's median option (all or nothing). Expected fractions per kind
/// over the level's exam-use items, and the expected score of 100 on a paper of the level's
/// shape (parts weighted by count × points; a part whose kind has no items is left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TestWise {
    pub single_choice: Option<f64>,
    pub true_false: Option<f64>,
    pub multi_choice: Option<f64>,
    pub score: Option<f64>,
}

/// Two items whose texts are alike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearDuplicate {
    /// The earlier item (in the order of the set's files and lines) and its level.
    pub first: String,
    pub first_level: u8,
    /// The later item: a same-level warning goes on it.
    pub second: String,
    pub second_level: u8,
    /// Jaccard similarity of their character bigrams, 0 … 1.
    pub similarity: f64,
}

/// `n / d`, rounded to 4 decimals; `None` when `d` is 0.
fn share(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| round(n as f64 / d as f64, 4))
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Length in Unicode characters after trimming.
fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

/// The runs of letters and digits of `s`, lowercased (punctuation, spaces and Markdown split).
fn runs(s: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The character n-grams (n ≤ 4) of `s` within runs of letters and digits, each packed into one
/// number (the code points side by side), sorted and without repeats; `keep` filters them.
fn ngrams(s: &str, n: usize, keep: impl Fn(&[char]) -> bool) -> Vec<u128> {
    debug_assert!((1..=4).contains(&n));
    let mut v: Vec<u128> = runs(s)
        .iter()
        .flat_map(|r| r.windows(n))
        .filter(|w| keep(w))
        .map(|w| w.iter().fold(0u128, |acc, &c| (acc << 32) | u128::from(c)))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether two sorted lists share an element.
fn meet(a: &[u128], b: &[u128]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// The key's position of a 单选 item, when options and gold are sound.
fn single_key(item: &Item) -> Option<(usize, &[String])> {
    let options = item.task.options.as_deref()?;
    let choice = item.task.gold.as_ref()?.get("choice")?.as_str()?;
    let k = (0..options.len()).find(|&i| option_key(i) == choice)?;
    (options.len() >= 2).then_some((k, options))
}

/// The keys' positions of a 多选 item, when options and gold are sound.
fn multi_keys(item: &Item) -> Option<(BTreeSet<usize>, &[String])> {
    let options = item.task.options.as_deref()?;
    let choices = item.task.gold.as_ref()?.get("choices")?.as_array()?;
    let mut keys = BTreeSet::new();
    for c in choices {
        let c = c.as_str()?;
        keys.insert((0..options.len()).find(|&i| option_key(i) == c)?);
    }
    (!keys.is_empty()).then_some((keys, options))
}

fn true_false_key(item: &Item) -> Option<bool> {
    item.task.gold.as_ref()?.get("answer")?.as_bool()
}

/// Whether a 判断 statement has an absolute word, and whether it has a hedge.
pub fn wording(statement: &str) -> (bool, bool) {
    (
        ABSOLUTE_WORDS.iter().any(|w| statement.contains(w)),
        HEDGE_WORDS.iter().any(|w| statement.contains(w)),
    )
}

/// What the test-wise candidate gets on a 单选 item: 1/k when the key is one of the k longest.
fn single_credit(lens: &[usize], key: usize) -> f64 {
    let max = lens.iter().copied().max().unwrap_or(0);
    let tied = lens.iter().filter(|&&l| l == max).count();
    if lens[key] == max {
        1.0 / tied as f64
    } else {
        0.0
    }
}

/// The options the test-wise candidate ticks on a 多选 item: those at least as long as the
/// median option (the mean of the two middle ones for an even count).
fn multi_pick(lens: &[usize]) -> BTreeSet<usize> {
    let mut sorted = lens.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    };
    (0..n).filter(|&i| lens[i] as f64 >= median).collect()
}

/// Whether the key alone shares a run of [`STEM_ECHO_CHARS`] characters with the stem.
/// Runs of digits alone are not words ("1000" in "10000" is no echo).
fn stem_echo(prompt: &str, options: &[String], key: usize) -> bool {
    let words = |s: &str| ngrams(s, STEM_ECHO_CHARS, |w| !w.iter().all(char::is_ascii_digit));
    let stem = words(prompt);
    let echoes = |o: &String| meet(&words(o), &stem);
    echoes(&options[key])
        && options
            .iter()
            .enumerate()
            .all(|(i, o)| i == key || !echoes(o))
}

/// Running sums of one level.
#[derive(Default)]
struct Acc {
    cues: LevelCues,
    single_credit: f64,
    multi_credit: f64,
}

/// The figures of the exam-use theory items among `items` (in the set's order: near-duplicate
/// warnings go on the later item), with the paper shapes of `cur`. Items whose options or gold
/// are unsound are left out (`check` reports them).
pub fn analyse(items: &[&Item], cur: &Curriculum) -> Cues {
    let exam: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| i.has_use(Use::Exam) && i.is_theory())
        .collect();
    let mut acc: BTreeMap<u8, Acc> = BTreeMap::new();
    for item in &exam {
        let a = acc.entry(item.level).or_default();
        match item.kind() {
            Kind::SingleChoice => {
                let Some((k, options)) = single_key(item) else {
                    continue;
                };
                let lens: Vec<usize> = options.iter().map(|o| chars(o)).collect();
                let longest_distractor = (0..lens.len())
                    .filter(|&i| i != k)
                    .map(|i| lens[i])
                    .max()
                    .unwrap_or(0);
                let s = &mut a.cues.single_choice;
                s.items += 1;
                if lens[k] > longest_distractor {
                    s.longest_key += 1;
                }
                // key ≥ 1.5 × distractor ⇔ 2 key ≥ 3 distractor, in whole numbers.
                if 2 * lens[k] >= 3 * longest_distractor {
                    s.key_1_5x.push(item.id.clone());
                }
                if lens[k] >= 2 * longest_distractor {
                    s.key_2x.push(item.id.clone());
                }
                a.single_credit += single_credit(&lens, k);
                if stem_echo(&item.prompt, options, k) {
                    a.cues.stem_echo.push(item.id.clone());
                }
            }
            Kind::TrueFalse => {
                let Some(answer) = true_false_key(item) else {
                    continue;
                };
                let (absolute, hedge) = wording(&item.prompt);
                let t = &mut a.cues.true_false;
                t.items += 1;
                t.keyed_true += usize::from(answer);
                if absolute {
                    t.absolute += 1;
                    t.absolute_false += usize::from(!answer);
                } else if hedge {
                    t.hedged += 1;
                    t.hedged_true += usize::from(answer);
                }
                // The rule says false when absolute, else true: right when they differ.
                t.rule_right += usize::from(answer != absolute);
            }
            Kind::MultiChoice => {
                let Some((keys, options)) = multi_keys(item) else {
                    continue;
                };
                let m = &mut a.cues.multi_choice;
                m.items += 1;
                for i in 0..options.len() {
                    if m.positions.len() <= i {
                        m.positions.push(Position {
                            key: option_key(i),
                            ..Position::default()
                        });
                    }
                    m.positions[i].items += 1;
                    m.positions[i].keyed += usize::from(keys.contains(&i));
                }
                *m.key_counts.entry(keys.len()).or_default() += 1;
                let lens: Vec<usize> = options.iter().map(|o| chars(o)).collect();
                if multi_pick(&lens) == keys {
                    a.multi_credit += 1.0;
                }
            }
            _ => {}
        }
    }

    let mut cues = Cues::default();
    for (level, a) in acc {
        let mut c = a.cues;
        let s = &mut c.single_choice;
        s.longest_key_rate = share(s.longest_key, s.items);
        s.key_1_5x_rate = share(s.key_1_5x.len(), s.items);
        let t = &mut c.true_false;
        t.true_share = share(t.keyed_true, t.items);
        t.absolute_false_share = share(t.absolute_false, t.absolute);
        t.hedged_true_share = share(t.hedged_true, t.hedged);
        t.rule_accuracy = share(t.rule_right, t.items);
        for p in &mut c.multi_choice.positions {
            p.share = share(p.keyed, p.items);
        }
        let frac = |credit: f64, n: usize| (n > 0).then(|| credit / n as f64);
        let fractions = [
            (
                TheoryKind::SingleChoice,
                frac(a.single_credit, c.single_choice.items),
            ),
            (
                TheoryKind::TrueFalse,
                frac(c.true_false.rule_right as f64, c.true_false.items),
            ),
            (
                TheoryKind::MultiChoice,
                frac(a.multi_credit, c.multi_choice.items),
            ),
        ];
        let of = |kind: TheoryKind| fractions.iter().find(|(k, _)| *k == kind).and_then(|f| f.1);
        let paper = cur
            .level(level)
            .and_then(|lv| lv.exam(Component::Theory))
            .and_then(|e| e.paper.as_ref());
        let (mut got, mut total) = (0.0, 0.0);
        for part in paper.map_or(&[][..], |p| &p.parts[..]) {
            if let Some(f) = of(part.kind) {
                got += part.total_points() * f;
                total += part.total_points();
            }
        }
        c.test_wise = TestWise {
            single_choice: of(TheoryKind::SingleChoice).map(|f| round(f, 4)),
            true_false: of(TheoryKind::TrueFalse).map(|f| round(f, 4)),
            multi_choice: of(TheoryKind::MultiChoice).map(|f| round(f, 4)),
            score: (total > 0.0).then(|| round(100.0 * got / total, 2)),
        };
        cues.levels.insert(level, c);
    }

    for d in near_duplicates(&exam) {
        let (a, b) = (exam[d.0], exam[d.1]);
        let pair = NearDuplicate {
            first: a.id.clone(),
            first_level: a.level,
            second: b.id.clone(),
            second_level: b.level,
            similarity: round(d.2, 4),
        };
        if a.level != b.level {
            cues.cross_level.push(pair);
        } else if a.group.is_none() || a.group != b.group {
            cues.levels
                .entry(a.level)
                .or_default()
                .near_duplicates
                .push(pair);
        }
    }
    cues
}

/// The text compared for near-duplicates: the prompt, and the options of a choice item (a
/// generic stem such as "下列说法正确的是" carries its content in the options).
fn item_text(item: &Item) -> String {
    let mut t = item.prompt.clone();
    for o in item.task.options.iter().flatten() {
        t.push('\n');
        t.push_str(o);
    }
    t
}

/// Every pair `(i, j, similarity)`, `i < j`, of `items` whose character-bigram sets have a
/// Jaccard similarity ≥ [`NEAR_DUPLICATE_MIN`], sorted by `(i, j)`.
///
/// All-pairs with a prefix filter: bigrams are ranked rarest first over the whole set; two sets
/// with Jaccard ≥ t share a bigram among the first |x| − ⌈t·|x|⌉ + 1 of each (else their
/// overlap would be under t·max(|x|, |y|)), so only items sharing such a "prefix" bigram (an
/// inverted index over the prefixes) are compared, exactly.
fn near_duplicates(items: &[&Item]) -> Vec<(usize, usize, f64)> {
    let t = NEAR_DUPLICATE_MIN;
    let grams: Vec<Vec<u128>> = items
        .iter()
        .map(|i| ngrams(&item_text(i), 2, |_| true))
        .collect();
    let mut df: HashMap<u128, usize> = HashMap::new();
    for &g in grams.iter().flatten() {
        *df.entry(g).or_default() += 1;
    }
    let mut order: Vec<(u128, usize)> = df.into_iter().collect();
    order.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let rank: HashMap<u128, u32> = order
        .iter()
        .enumerate()
        .map(|(r, (g, _))| (*g, r as u32))
        .collect();
    let sets: Vec<Vec<u32>> = grams
        .iter()
        .map(|gs| {
            let mut v: Vec<u32> = gs.iter().map(|g| rank[g]).collect();
            v.sort_unstable();
            v
        })
        .collect();
    // Prefix length: |x| − ⌊t·|x|⌋ + 1 (one more than needed when t·|x| is not whole; harmless).
    let prefix = |n: usize| {
        (n + 1)
            .saturating_sub((t * n as f64).floor() as usize)
            .min(n)
    };
    // Records by size, smallest first: each probes the index of those before it (no larger than
    // itself), keeping only those of at least t × its size (Jaccard ≤ |y| ÷ |x| when |y| ≤ |x|),
    // then adds its own prefix to the index.
    let mut by_size: Vec<usize> = (0..sets.len()).filter(|&i| !sets[i].is_empty()).collect();
    by_size.sort_by_key(|&i| (sets[i].len(), i));
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut seen = vec![usize::MAX; sets.len()];
    let mut out = Vec::new();
    for &x in &by_size {
        let sx = &sets[x];
        let min_size = (t * sx.len() as f64).floor() as usize;
        for g in &sx[..prefix(sx.len())] {
            for &y in index.get(g).into_iter().flatten() {
                if seen[y] == x || sets[y].len() < min_size {
                    continue;
                }
                seen[y] = x;
                let sim = jaccard(sx, &sets[y]);
                if sim >= t {
                    out.push((x.min(y), x.max(y), sim));
                }
            }
        }
        for &g in &sx[..prefix(sx.len())] {
            index.entry(g).or_default().push(x);
        }
    }
    out.sort_by_key(|&(i, j, _)| (i, j));
    out
}

/// Jaccard similarity of two sorted sets.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// `0.3512` → `"35.1"`.
fn percent(x: f64) -> String {
    format!("{:.1}", x * 100.0)
}

fn percent_of(n: usize, d: usize) -> String {
    percent(n as f64 / d as f64)
}

/// Whether `n / d` lies outside `range` (exactly, without rounding).
fn outside(n: usize, d: usize, range: (f64, f64)) -> bool {
    let x = n as f64 / d as f64;
    x < range.0 || x > range.1
}

/// The warnings of `cues` for `items` (the same slice [`analyse`] was given): per item (a key
/// twice as long as every distractor, a key that alone repeats the stem, a same-level near
/// duplicate outside any shared group, on the later item) and per level (file `level{N}/`,
/// line 0) when a figure passes its threshold.
pub fn warnings(cues: &Cues, items: &[&Item]) -> Vec<Problem> {
    let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), *i)).collect();
    let mut out = Vec::new();
    let on = |id: &str, msg: Msg| {
        by_id
            .get(id)
            .map(|it| Problem::warning(&it.file, it.line, &it.id, msg))
    };
    for (level, c) in &cues.levels {
        for id in &c.single_choice.key_2x {
            let Some((k, options)) = by_id.get(id.as_str()).and_then(|it| single_key(it)) else {
                continue;
            };
            let key_len = chars(&options[k]);
            let other = (0..options.len())
                .filter(|&i| i != k)
                .map(|i| chars(&options[i]))
                .max()
                .unwrap_or(0);
            let ratio = if other == 0 {
                "∞".to_string()
            } else {
                format!("{:.1}", key_len as f64 / other as f64)
            };
            out.extend(on(
                id,
                Msg::new("bank_problem.cue_key_long")
                    .arg("key", option_key(k))
                    .arg("ratio", ratio)
                    .arg("key_chars", key_len)
                    .arg("chars", other),
            ));
        }
        for id in &c.stem_echo {
            let Some((k, _)) = by_id.get(id.as_str()).and_then(|it| single_key(it)) else {
                continue;
            };
            out.extend(on(
                id,
                Msg::new("bank_problem.cue_stem_echo")
                    .arg("key", option_key(k))
                    .arg("n", STEM_ECHO_CHARS),
            ));
        }
        for d in &c.near_duplicates {
            let place = by_id
                .get(d.first.as_str())
                .map_or(String::new(), |i| i.place());
            out.extend(on(
                &d.second,
                Msg::new("bank_problem.cue_near_duplicate")
                    .arg("other", &d.first)
                    .arg("place", place)
                    .arg("percent", percent(d.similarity))
                    .arg("min", percent(NEAR_DUPLICATE_MIN)),
            ));
        }

        let file = format!("level{level}/");
        let mut level_warning = |msg: Msg| out.push(Problem::warning(&file, 0, "-", msg));
        let s = &c.single_choice;
        if s.items > 0 && s.longest_key as f64 > LONGEST_KEY_MAX * s.items as f64 {
            level_warning(
                Msg::new("bank_problem.cue_longest_key")
                    .arg("n", s.longest_key)
                    .arg("of", s.items)
                    .arg("percent", percent_of(s.longest_key, s.items))
                    .arg("max", percent(LONGEST_KEY_MAX)),
            );
        }
        let t = &c.true_false;
        let (lo, hi) = (percent(WORD_SHARE_RANGE.0), percent(WORD_SHARE_RANGE.1));
        if t.absolute >= WORD_MIN_STATEMENTS
            && outside(t.absolute_false, t.absolute, WORD_SHARE_RANGE)
        {
            level_warning(
                Msg::new("bank_problem.cue_absolute_false")
                    .arg("n", t.absolute_false)
                    .arg("of", t.absolute)
                    .arg("percent", percent_of(t.absolute_false, t.absolute))
                    .arg("min", &lo)
                    .arg("max", &hi),
            );
        }
        if t.hedged >= WORD_MIN_STATEMENTS && outside(t.hedged_true, t.hedged, WORD_SHARE_RANGE) {
            level_warning(
                Msg::new("bank_problem.cue_hedged_true")
                    .arg("n", t.hedged_true)
                    .arg("of", t.hedged)
                    .arg("percent", percent_of(t.hedged_true, t.hedged))
                    .arg("min", &lo)
                    .arg("max", &hi),
            );
        }
        if t.items > 0 && t.rule_right as f64 > RULE_ACCURACY_MAX * t.items as f64 {
            level_warning(
                Msg::new("bank_problem.cue_rule_accuracy")
                    .arg("n", t.rule_right)
                    .arg("of", t.items)
                    .arg("percent", percent_of(t.rule_right, t.items))
                    .arg("max", percent(RULE_ACCURACY_MAX)),
            );
        }
        for p in &c.multi_choice.positions {
            if p.items >= POSITION_MIN_ITEMS && outside(p.keyed, p.items, POSITION_RANGE) {
                level_warning(
                    Msg::new("bank_problem.cue_position")
                        .arg("key", &p.key)
                        .arg("n", p.keyed)
                        .arg("of", p.items)
                        .arg("percent", percent_of(p.keyed, p.items))
                        .arg("min", percent(POSITION_RANGE.0))
                        .arg("max", percent(POSITION_RANGE.1)),
                );
            }
        }
        if let Some(score) = c.test_wise.score
            && score >= TEST_WISE_MAX
        {
            level_warning(
                Msg::new("bank_problem.cue_test_wise")
                    .arg("score", format!("{score:.1}"))
                    .arg("max", TEST_WISE_MAX),
            );
        }
    }
    out
}
