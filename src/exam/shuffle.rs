//! 选项乱序 — a candidate's own order of a choice item's options, pure: the seeded order, the
//! item as the candidate sees it (options moved, gold re-keyed), and the way back from shown
//! letters to the bank's letters.
//!
//! ```text
//!   bank:   A 甲   B 乙   C 丙   D 丁      gold {"choice": "C"}
//!   order = [2, 0, 3, 1]  (shown position i shows original option order[i])
//!   shown:  A 丙   B 甲   C 丁   D 乙      gold {"choice": "A"}
//!   answer {"choice": "A"} in shown letters  ──to_original──▶  {"choice": "C"}
//! ```
//!
//! Store the order with the attempt ([`to_text`]) rather than recompute it from the seed: a
//! later `rand` may draw a different permutation from the same seed.
//!
//! The explanation is left as written, in the bank's letters (many shipped explanations say
//! “A、B、C 都……”). Where it names options by letter ([`names_letters`]), a shuffled attempt
//! shows it with a line that maps the bank's letters to the shown ones ([`letter_map`]).

use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use serde_json::Value;

use crate::bank::{Item, option_key};
use crate::scoring::Kind;

/// An order of n options: `order[i]` is the original index of the option shown at position i.
pub type Order = Vec<u8>;

/// The most options a choice item can have: the keys are the letters A … Z (the scorer's bound).
pub const MAX_OPTIONS: usize = 26;

/// The kinds whose options are keyed by letter and whose gold names them.
fn is_choice(kind: Kind) -> bool {
    matches!(kind, Kind::SingleChoice | Kind::MultiChoice)
}

/// 0, 1, … n − 1 (at most 256 entries: an index is a `u8`).
fn identity(n: usize) -> Order {
    (0..n).map_while(|i| u8::try_from(i).ok()).collect()
}

/// A seeded permutation of 0..n: the same for the same seed. Identity when `n < 2`, and when n
/// is above [`MAX_OPTIONS`] (no item has that many options; the identity stops at 256).
pub fn order(n: usize, seed: u64) -> Order {
    let mut o = identity(n);
    if (2..=MAX_OPTIONS).contains(&n) {
        o.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    }
    o
}

/// The order to show an item in: [`order`] for a choice item, the identity when its options
/// keep their order (the bank says `shuffle = false`, or [`ordered_by_nature`]) or its prompt
/// names options by letter; empty for an item without options.
pub fn order_for(item: &Item, seed: u64) -> Order {
    order_kept(item, keeps_order(item), seed)
}

/// Whether an item is always shown in the bank's order (see [`order_for`]). It reads every
/// option's text, so a cached item version remembers it.
pub fn keeps_order(item: &Item) -> bool {
    let options = item.task.options.as_deref().unwrap_or_default();
    !is_choice(item.kind())
        || !item.shuffle
        || ordered_by_nature(options)
        || names_options(&item.prompt, options.len())
}

/// [`order_for`] with [`keeps_order`] known.
fn order_kept(item: &Item, keeps: bool, seed: u64) -> Order {
    let n = item.task.options.as_ref().map_or(0, Vec::len);
    if keeps { identity(n) } else { order(n, seed) }
}

/// The order of a new attempt at `item` as it is stored with it ([`to_text`] of
/// [`order_for`]); `None` for an item with fewer than two options (nothing to order). The
/// identity is stored too: the attempt then says it was shown in the bank's order.
pub fn stored_order(item: &Item, seed: u64) -> Option<String> {
    stored_order_kept(item, keeps_order(item), seed)
}

/// [`stored_order`] with [`keeps_order`] of the item known.
pub fn stored_order_kept(item: &Item, keeps: bool, seed: u64) -> Option<String> {
    let order = order_kept(item, keeps, seed);
    (order.len() >= 2).then(|| to_text(&order))
}

/// Whether `order` leaves every option where it is.
pub fn is_identity(order: &[u8]) -> bool {
    order.iter().enumerate().all(|(i, &j)| usize::from(j) == i)
}

/// Each of the bank's letters with the letter it is shown under, in the bank's order:
/// order [2, 0, 3, 1] gives A → B, B → D, C → A, D → C. Empty when `order` is not a
/// permutation.
pub fn letter_map(order: &[u8]) -> Vec<(String, String)> {
    if !valid(order) {
        return vec![];
    }
    let mut pairs: Vec<(String, String)> = order
        .iter()
        .enumerate()
        .filter_map(|(shown, &bank)| Some((key(bank), key(u8::try_from(shown).ok()?))))
        .collect();
    pairs.sort();
    pairs
}

/// Whether a text (an explanation) may name one of the first `n` options by its letter: a
/// capital A, B … standing alone, or a few distinct ones together (“AC” for a 多选 key), not
/// inside a Latin word or number (`AI`, `F1`, `A100`, `BBC`), a key combination (`Ctrl+C`) or
/// a cell reference (`$B$2`, `B$2`, `A:A`) — such as “A 会引入系统性错误”, “选项A”, “B 项”,
/// “A、B 均”, “（C）”, “答案为 ACD”, “答案：B”.
/// Errs on the side of yes (“B 端”, “A/B 测试” count): a needless mapping line costs a line,
/// a missing one sends the reader to the wrong option.
pub fn names_letters(text: &str, n: usize) -> bool {
    let keys = n.min(MAX_OPTIONS);
    let is_key = |c: char| c.is_ascii_uppercase() && usize::from(c as u8 - b'A') < keys;
    // Full-width letters as ASCII; full-width punctuation stays (“答案：B” is a mention).
    let chars: Vec<char> = text
        .chars()
        .map(|c| match halfwidth(c) {
            h if h.is_ascii_alphanumeric() => h,
            _ => c,
        })
        .collect();
    let alnum = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_alphanumeric)
    };
    let mut at = 0;
    while at < chars.len() {
        let len = chars[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            at += 1;
            continue;
        }
        let run = &chars[at..at + len];
        // Joined to a Latin word: Ctrl+C (a key), $B$2, B$2, A:A (cells).
        let before = at.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(at + len).copied();
        let joined = before == Some('$')
            || after == Some('$')
            || (matches!(before, Some('+' | ':')) && alnum(at.checked_sub(2)))
            || (after == Some(':') && alnum(Some(at + len + 1)));
        let mut seen = [false; MAX_OPTIONS];
        if !joined
            && len <= keys
            && run.iter().all(|&c| {
                is_key(c) && !std::mem::replace(&mut seen[usize::from(c as u8 - b'A')], true)
            })
        {
            return true;
        }
        at += len;
    }
    false
}

/// Phrases that refer to the other options wherever they stand (均… not after 平: 平均对话轮数,
/// 平均错误率 are no reference).
const REFERS: &[&str] = &[
    "都对",
    "都不对",
    "都正确",
    "都不正确",
    "都错",
    "都是对",
    "都不是",
    "均对",
    "均不对",
    "均正确",
    "均不正确",
    "均错",
    "均不是",
    "皆对",
    "皆错",
    "皆是",
    "皆非",
    "皆不",
    "全都对",
    "全都正确",
    "全都错",
    "全都不",
    "其他选项",
    "其它选项",
    "其余选项",
    "其他答案",
    "其他各项",
    "其余各项",
];

/// Options that refer to the others only when they are all there is to them (预标注结果全部错误
/// and 播报所有选项 are content).
const REFERS_WHOLE: &[&str] = &[
    "全部正确",
    "全部错误",
    "全部",
    "全对",
    "全错",
    "全选",
    "所有选项",
];

/// The same in English, matched in lower case.
const REFERS_EN: &[&str] = &[
    "the above",
    "all of these",
    "none of these",
    "both of these",
    "neither of these",
    "any of these",
    "all of them",
    "none of them",
    "other options",
    "other answers",
    "all the options",
    "none of the options",
];

/// Words that point at the options before or after (以上, 上述 …). Alone they are too common
/// (研究生以上学历, 90% 以上, 三级以上证书), so they count only before a word that takes
/// them as a list: 以上都…, 上述选项, 以上三项 ….
const POINTERS: &[&str] = &[
    "以上", "上述", "前述", "上面", "前面", "以下", "下述", "下面",
];
const LIST_WORDS: &str = "都均皆全各所任选说答几两二三四五六情做方内观无没每一叙描表项结措条者种";

/// Whether the options must keep their order: an option refers to the others (以上都对, 上述
/// 均不正确, 都不对, “all of the above”, “A 和 B” …).
///
/// Errs on the side of keeping the order: a false alarm only costs the shuffle, a miss shows
/// “以上都对” first. Bare 以上 / 均不 are too common to count alone (see [`POINTERS`]): shipped
/// options such as “框的范围和遮挡属性均不符合规范” do not refer to the others. Of the 1 026
/// shipped choice items, [`order_for`] keeps one in order (its options name scenes A、B).
pub fn ordered_by_nature(options: &[String]) -> bool {
    let n = options.len();
    options.iter().any(|o| refers_to_others(o, n))
}

fn refers_to_others(text: &str, n: usize) -> bool {
    let t: String = text.chars().map(halfwidth).collect();
    let lower = t.to_lowercase();
    let whole = t.trim().trim_end_matches(['。', '.', '!', '！']);
    REFERS
        .iter()
        .any(|p| t.match_indices(p).any(|(at, _)| !t[..at].ends_with('平')))
        || REFERS_WHOLE.contains(&whole)
        || REFERS_EN.iter().any(|p| lower.contains(p))
        || points_at_list(&t)
        || names_options(&t, n)
}

/// Full-width Latin letters and digits (Ａ, ｂ, １) as ASCII, full-width space as a space.
fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// 以上 / 上述 … followed (past 的 and spaces) by a word of [`LIST_WORDS`].
fn points_at_list(t: &str) -> bool {
    POINTERS.iter().any(|p| {
        t.match_indices(p).any(|(at, _)| {
            t[at + p.len()..]
                .chars()
                .find(|c| !c.is_whitespace() && *c != '的')
                .is_some_and(|c| LIST_WORDS.contains(c))
        })
    })
}

/// Joiners between two option letters that make them a reference (A 和 B, A、C, A or B).
const JOINERS: &[&str] = &[
    "", "、", ",", "，", "和", "与", "及", "以及", "或", "跟", "同", "&", "and", "or",
];

/// Whether a text names options by letter: two of the n keys joined as a list (A 和 B, C、D),
/// or one after 选项 or before 项 (选项 A, B 项). A letter counts alone, not inside a word or a
/// cell reference (`Ctrl+C` counts C; `B2`, `$B$2`, `C:C,A:A` and `A/B 测试` make no pair).
fn names_options(t: &str, n: usize) -> bool {
    let chars: Vec<char> = t.chars().map(halfwidth).collect();
    let keys = n.min(MAX_OPTIONS);
    let is_word = |c: Option<&char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '$' | '!'))
    };
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            let c = chars[i];
            c.is_ascii_uppercase()
                && usize::from(c as u8 - b'A') < keys
                && !is_word(i.checked_sub(1).and_then(|p| chars.get(p)))
                && !is_word(chars.get(i + 1))
        })
        .collect();
    let text = |from: usize, to: usize| -> String {
        chars.get(from..to).unwrap_or_default().iter().collect()
    };
    let pair = letters.windows(2).any(|w| {
        let between = text(w[0] + 1, w[1]);
        JOINERS.contains(&between.trim())
    });
    let single = letters.iter().any(|&i| {
        let before = text(i.saturating_sub(3), i);
        let after = text(i + 1, (i + 4).min(chars.len()));
        before.trim_end().ends_with("选项") || after.trim_start().starts_with('项')
    });
    pair || single
}

/// Whether `order` is a permutation of 0..n with n a possible number of options.
fn valid(order: &[u8]) -> bool {
    let n = order.len();
    let mut seen = [false; MAX_OPTIONS];
    n <= MAX_OPTIONS
        && order.iter().all(|&j| match seen.get_mut(usize::from(j)) {
            Some(s) if usize::from(j) < n && !*s => {
                *s = true;
                true
            }
            _ => false,
        })
}

/// The key of index i: A, B, C … (i < 26).
fn key(i: u8) -> String {
    option_key(usize::from(i))
}

/// The index of key `s` among `n` keys.
fn index(s: &str, n: usize) -> Option<usize> {
    match s.as_bytes() {
        [b @ b'A'..=b'Z'] => Some(usize::from(b - b'A')).filter(|&i| i < n),
        _ => None,
    }
}

/// `v` with every key in its `choice` / `choices` moved by `map` (old index → new index).
/// Anything that is not a key stays as it is, so what the scorer refuses it still refuses;
/// `choices` of plain strings come back sorted.
fn rekey(v: &Value, map: &[u8]) -> Value {
    let Value::Object(obj) = v else {
        return v.clone();
    };
    let move_key = |k: &Value| match k.as_str().and_then(|s| index(s, map.len())) {
        Some(i) => map
            .get(i)
            .map_or_else(|| k.clone(), |&to| Value::String(key(to))),
        None => k.clone(),
    };
    let mut out = obj.clone();
    if let Some(c) = obj.get("choice") {
        out.insert("choice".into(), move_key(c));
    }
    if let Some(Value::Array(cs)) = obj.get("choices") {
        let mut moved: Vec<Value> = cs.iter().map(move_key).collect();
        if moved.iter().all(Value::is_string) {
            moved.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
        out.insert("choices".into(), Value::Array(moved));
    }
    Value::Object(out)
}

/// The item as the candidate sees it: options in `order`, and its gold re-keyed to the shown
/// letters (single_choice `{"choice": X}`, multi_choice `{"choices": [...]}` sorted). Items
/// without options (true_false, practical kinds) and a bad order (wrong length, not a
/// permutation) come back unchanged.
pub fn present(item: &Item, order: &[u8]) -> Item {
    let Some(options) = item.task.options.as_deref() else {
        return item.clone();
    };
    let Some(shown_options) = shown(item.kind(), options, order) else {
        return item.clone();
    };
    // inverse[j] = where original option j is shown.
    let mut inverse = vec![0u8; order.len()];
    for (i, &j) in order.iter().enumerate() {
        if let (Some(slot), Ok(i)) = (inverse.get_mut(usize::from(j)), u8::try_from(i)) {
            *slot = i;
        }
    }
    let mut shown = item.clone();
    shown.task.options = Some(shown_options);
    shown.task.gold = item.task.gold.as_ref().map(|g| rekey(g, &inverse));
    shown
}

/// The options of a question of `kind` in the shown `order` ([`present`]'s), or `None` when
/// they stay as they are (not a choice question, or `order` not a permutation of them).
pub fn shown<T: Clone>(kind: Kind, options: &[T], order: &[u8]) -> Option<Vec<T>> {
    if !is_choice(kind) || order.len() != options.len() || !valid(order) {
        return None;
    }
    Some(
        order
            .iter()
            .filter_map(|&j| options.get(usize::from(j)).cloned())
            .collect(),
    )
}

/// An answer given in shown letters, as the original letters (for reports that compare
/// candidates; `choices` sorted); unchanged when it is not a choice answer or `order` is not a
/// permutation.
pub fn to_original(answer: &Value, order: &[u8]) -> Value {
    if valid(order) {
        rekey(answer, order)
    } else {
        answer.clone()
    }
}

/// `order` as stored text: `"2,0,3,1"` (empty for an empty order).
pub fn to_text(order: &[u8]) -> String {
    order
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Stored text back to an order; `None` for anything that is not a permutation of 0..n
/// (n <= [`MAX_OPTIONS`]) written as [`to_text`] writes it.
pub fn parse(text: &str) -> Option<Order> {
    // "25," is the longest entry: bound the work before splitting.
    if text.len() > 3 * MAX_OPTIONS {
        return None;
    }
    if text.is_empty() {
        return Some(Order::new());
    }
    let order = text
        .split(',')
        .map(|s| match s.as_bytes() {
            [b'0'..=b'9'] | [b'1'..=b'9', b'0'..=b'9'] => s.parse::<u8>().ok(),
            // A sign, a space, a leading zero: not as `to_text` writes it.
            _ => None,
        })
        .collect::<Option<Order>>()?;
    valid(&order).then_some(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::to_task;
    use crate::scoring::score;
    use proptest::prelude::*;
    use serde_json::json;

    fn item(kind: &str, options: &[&str], gold: Value) -> Item {
        serde_json::from_value(json!({
            "id": "T-1", "kind": kind, "level": 5, "skills": ["1.1.1"], "difficulty": 1,
            "use": ["exam"], "prompt": "下列说法正确的是（  ）。", "explanation": "因为。",
            "options": options, "gold": gold,
        }))
        .unwrap()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The score of `answer` for `item`, the way `app::attempt::grade` asks for it; `None` when
    /// the scorer refuses the answer (or the task).
    fn grade(item: &Item, answer: &Value) -> Option<f64> {
        score(&to_task(item), &json!({ "answer": answer }))
            .ok()
            .map(|r| r.score)
    }

    #[test]
    fn orders() {
        assert_eq!(order(0, 7), Vec::<u8>::new());
        assert_eq!(order(1, 7), vec![0]);
        assert_eq!(order(4, 7), order(4, 7));
        // Too many options for letters: left alone (and no 300-entry u8 overflow).
        assert_eq!(order(27, 7), identity(27));
        assert_eq!(order(300, 7).len(), 256);
        // Some seed moves 4 options (24 orders; the chance that 20 seeds all draw the
        // identity is 24^-20).
        assert!((0..20).any(|s| order(4, s) != vec![0, 1, 2, 3]));
    }

    #[test]
    fn present_single_choice() {
        // Gold C (index 2); order [2, 0, 3, 1]: C is shown at position 0 → A.
        let it = item(
            "single_choice",
            &["甲", "乙", "丙", "丁"],
            json!({"choice": "C"}),
        );
        let shown = present(&it, &[2, 0, 3, 1]);
        assert_eq!(shown.task.options, Some(strings(&["丙", "甲", "丁", "乙"])));
        assert_eq!(shown.task.gold, Some(json!({"choice": "A"})));
        assert_eq!(shown.explanation, it.explanation);
        assert_eq!(grade(&shown, &json!({"choice": "A"})), Some(1.0));
        // Shown A is original order[0] = 2 → C; shown D is order[3] = 1 → B.
        let order = [2, 0, 3, 1];
        assert_eq!(
            to_original(&json!({"choice": "A"}), &order),
            json!({"choice": "C"})
        );
        assert_eq!(
            to_original(&json!({"choice": "D"}), &order),
            json!({"choice": "B"})
        );
    }

    #[test]
    fn present_multi_choice() {
        // Gold A, C, E of 5; order [4, 3, 2, 1, 0] (reversed): A → E, C → C, E → A, sorted.
        let it = item(
            "multi_choice",
            &["a", "b", "c", "d", "e"],
            json!({"choices": ["A", "C", "E"]}),
        );
        let shown = present(&it, &[4, 3, 2, 1, 0]);
        assert_eq!(
            shown.task.options,
            Some(strings(&["e", "d", "c", "b", "a"]))
        );
        assert_eq!(shown.task.gold, Some(json!({"choices": ["A", "C", "E"]})));
        // Order [1, 2, 3, 4, 0]: original j is shown at j − 1 (mod 5): A → E, C → B, E → D.
        let shown = present(&it, &[1, 2, 3, 4, 0]);
        assert_eq!(shown.task.gold, Some(json!({"choices": ["B", "D", "E"]})));
        // Shown D, B → original order[3] = 4 → E, order[1] = 2 → C; sorted.
        assert_eq!(
            to_original(&json!({"choices": ["D", "B"]}), &[1, 2, 3, 4, 0]),
            json!({"choices": ["C", "E"]})
        );
    }

    #[test]
    fn unchanged_cases() {
        let tf: Item = serde_json::from_value(json!({
            "id": "T-2", "kind": "true_false", "level": 5, "skills": ["1.1.1"], "difficulty": 1,
            "use": ["exam"], "prompt": "对吗？", "explanation": "对。", "gold": {"answer": true},
        }))
        .unwrap();
        assert_eq!(present(&tf, &[1, 0]), tf);
        let it = item("single_choice", &["甲", "乙", "丙"], json!({"choice": "B"}));
        assert_eq!(present(&it, &[1, 0]), it); // wrong length
        assert_eq!(present(&it, &[0, 0, 1]), it); // not a permutation
        assert_eq!(present(&it, &[0, 1, 3]), it); // out of range
        assert_eq!(present(&it, &[0, 1, 2]), it); // the identity
        let answer = json!({"choice": "A"});
        assert_eq!(to_original(&answer, &[0, 0]), answer);
        assert_eq!(
            to_original(&json!({"answer": true}), &[1, 0]),
            json!({"answer": true})
        );
        assert_eq!(to_original(&json!("A"), &[1, 0]), json!("A"));
        // Not keys stay: a missing choice, an unknown letter, a number.
        assert_eq!(
            to_original(&json!({"choice": null}), &[1, 0]),
            json!({"choice": null})
        );
        assert_eq!(
            to_original(&json!({"choices": ["C", "A", 1]}), &[1, 0]),
            json!({"choices": ["C", "B", 1]})
        );
    }

    #[test]
    fn options_that_keep_their_order() {
        let keep = |o: &[&str]| ordered_by_nature(&strings(o));
        assert!(keep(&["甲", "乙", "丙", "以上都对"]));
        assert!(keep(&["甲", "乙", "丙", "以上说法均不正确"]));
        assert!(keep(&["甲", "乙", "上述三项", "丁"]));
        assert!(keep(&["甲", "乙", "都不对"]));
        assert!(keep(&["A cat", "A dog", "All of the above"]));
        assert!(keep(&["cat", "dog", "NONE OF THE ABOVE"]));
        assert!(keep(&["甲", "乙", "丙", "A 和 B"]));
        assert!(keep(&["甲", "乙", "丙", "Ａ、Ｃ"]));
        assert!(keep(&["甲", "乙", "同选项 A"]));
        // Shipped options that only look like it.
        assert!(!keep(&["标注人员必须全部具有研究生以上学历", "乙"]));
        assert!(!keep(&["标注人员必须持有三级以上职业技能等级证书", "乙"]));
        assert!(!keep(&["不合格：框的范围和遮挡属性均不符合规范", "乙"]));
        assert!(!keep(&["先小流量灰度或 A/B 测试，对比核心业务指标", "乙"]));
        assert!(!keep(&[
            "=COUNTIF(B:B,\"合格\")",
            "=SUMIF(B:B,\"李明\",A:A)"
        ]));
        assert!(!keep(&["Ctrl+C", "Ctrl+V", "Ctrl+X", "Ctrl+Z"]));
        assert!(!keep(&["$B$2", "B$2", "$B2", "B2"]));
        assert!(!keep(&[
            "=SUMIFS(C:C,A:A,\"张三\")",
            "=SUMIF(A:A,\"张三\",C:C)",
            "丙"
        ]));
        assert!(!keep(&[
            "任务完成率、平均对话轮数、转人工率",
            "平均错误率",
            "乙"
        ]));
        assert!(!keep(&[
            "预标注结果全部错误",
            "用很快的语速播报所有选项",
            "丙"
        ]));
        assert!(keep(&["甲", "乙", "全部正确。"]));
        assert!(!keep(&[]));
    }

    #[test]
    fn shipped_items_and_order_for() {
        let it = item(
            "single_choice",
            &["甲", "乙", "丙", "以上都对"],
            json!({"choice": "D"}),
        );
        assert_eq!(order_for(&it, 3), vec![0, 1, 2, 3]);
        let mut it = item(
            "single_choice",
            &["甲", "乙", "丙", "丁"],
            json!({"choice": "D"}),
        );
        assert_eq!(order_for(&it, 3), order(4, 3));
        it.prompt = "选项 A 与选项 B 的区别是（  ）。".into();
        assert_eq!(order_for(&it, 3), vec![0, 1, 2, 3]);
    }

    #[test]
    fn the_bank_can_keep_the_order() {
        // `shuffle = false`: the identity at every seed, though nothing in the options says so.
        let mut it = item(
            "single_choice",
            &["1–3 天", "4–7 天", "8–14 天", "15 天以上"],
            json!({"choice": "B"}),
        );
        assert!((0..20).any(|s| order_for(&it, s) != vec![0, 1, 2, 3]));
        it.shuffle = false;
        assert!((0..20).all(|s| order_for(&it, s) == vec![0, 1, 2, 3]));
        assert_eq!(stored_order(&it, 5).as_deref(), Some("0,1,2,3"));
    }

    #[test]
    fn stored_orders() {
        let it = item(
            "single_choice",
            &["甲", "乙", "丙", "丁"],
            json!({"choice": "D"}),
        );
        // The same seed, the same stored order; it parses back to `order_for`'s.
        assert_eq!(stored_order(&it, 9), stored_order(&it, 9));
        assert_eq!(
            stored_order(&it, 9).as_deref().and_then(parse),
            Some(order_for(&it, 9))
        );
        // Some seed gives another order (24 orders; 20 seeds all equal: 24^-19).
        assert!((0..20).any(|s| stored_order(&it, s) != stored_order(&it, 9)));
        // Nothing to order: 判断, a practical kind.
        let tf: Item = serde_json::from_value(json!({
            "id": "T-2", "kind": "true_false", "level": 5, "skills": ["1.1.1"], "difficulty": 1,
            "use": ["exam"], "prompt": "对吗？", "explanation": "对。", "gold": {"answer": true},
        }))
        .unwrap();
        assert_eq!(stored_order(&tf, 9), None);
        // An option that names the others: stored as the bank's order.
        let all = item(
            "single_choice",
            &["甲", "乙", "丙", "以上都对"],
            json!({"choice": "D"}),
        );
        assert_eq!(stored_order(&all, 9).as_deref(), Some("0,1,2,3"));
        assert!(is_identity(&[0, 1, 2, 3]) && is_identity(&[]));
        assert!(!is_identity(&[1, 0, 2, 3]));
    }

    #[test]
    fn letter_maps() {
        // Shown position i shows bank option order[i]: [2, 0, 3, 1] shows C at A, A at B,
        // D at C, B at D; by bank letter: A → B, B → D, C → A, D → C.
        let pairs = |o: &[u8]| -> Vec<(String, String)> { letter_map(o) };
        let ab = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            pairs(&[2, 0, 3, 1]),
            vec![ab("A", "B"), ab("B", "D"), ab("C", "A"), ab("D", "C")]
        );
        assert_eq!(pairs(&[0, 1]), vec![ab("A", "A"), ab("B", "B")]);
        assert!(pairs(&[0, 0]).is_empty() && pairs(&[]).is_empty());
    }

    #[test]
    fn explanations_that_name_letters() {
        let named = |t: &str| names_letters(t, 4);
        for yes in [
            "A 会引入系统性错误，C 违背诚实公正，D 造成数据偏差且不透明。",
            "选项A错误",
            "选项 B 把范围说窄了",
            "B项是干扰项",
            "A、B、C 都只说了一部分",
            "用测试集决定停止时机（B）会造成泄漏",
            "正确答案是ACD。",
            "答案：B",
            "答案:B",
            "**C** 最全面",
            "Ａ项错误",
            "C.",
            "D",
            // Not options, but when in doubt the mapping shows.
            "面向 B 端客户",
            "先做 A/B 测试",
        ] {
            assert!(named(yes), "{yes}");
        }
        for no in [
            "规范未覆盖时应记录并反馈。",
            "AI 训练师要核对数据",
            "F1 值综合了精确率与召回率",
            "A100 显卡",
            "IoU 低于 0.5",
            "BBC 的报道",
            "Excel 的 VLOOKUP 函数",
            "Ctrl+C 复制，Ctrl+X 剪切，Ctrl+V 粘贴",
            "$B$2 为绝对引用，B$2 只锁定行，$B2 只锁定列",
            "=SUMIF(A:A,\"张三\",C:C)",
            // E is no option of four; ABCDE is more letters than there are options.
            "E 不在选项中",
            "ABCDE",
            "",
        ] {
            assert!(!named(no), "{no}");
        }
        // Six options: E and F are letters.
        assert!(names_letters("E 正确", 6) && names_letters("F 错误", 6));
        // One option or none: no letter is a key.
        assert!(!names_letters("A 正确", 0));
    }

    #[test]
    fn text_round_trip() {
        assert_eq!(to_text(&[2, 0, 3, 1]), "2,0,3,1");
        assert_eq!(parse("2,0,3,1"), Some(vec![2, 0, 3, 1]));
        assert_eq!(to_text(&[]), "");
        assert_eq!(parse(""), Some(vec![]));
        for bad in [
            "2,0,3", "0,0", "1", "0,1,", ",0", "0, 1", "+0", "-1,0", "0;1", "256,0", "a", "01,0",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse(&"0,".repeat(1000)), None);
    }

    /// A choice item of 2–8 options with a random gold, and its kind.
    fn choice_item() -> impl Strategy<Value = Item> {
        (2usize..=8, any::<bool>(), any::<bool>()).prop_flat_map(|(n, multi, partial)| {
            let gold = if multi {
                proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n)
                    .prop_map(
                        |g| json!({"choices": g.iter().map(|&i| key(i as u8)).collect::<Vec<_>>()}),
                    )
                    .boxed()
            } else {
                (0..n).prop_map(|i| json!({"choice": key(i as u8)})).boxed()
            };
            gold.prop_map(move |gold| {
                let options: Vec<String> = (0..n).map(|i| format!("选项内容 {i}")).collect();
                let opts: Vec<&str> = options.iter().map(String::as_str).collect();
                let kind = if multi {
                    "multi_choice"
                } else {
                    "single_choice"
                };
                let mut it = item(kind, &opts, gold);
                if multi && partial {
                    it.task.params = json!({"partial": true}).as_object().cloned();
                }
                it
            })
        })
    }

    /// An answer in shown letters: mostly keys, sometimes a letter past the options, a
    /// duplicate, a non-string or nothing.
    fn answer() -> impl Strategy<Value = Value> {
        let k = || {
            prop_oneof![
                8 => (0u8..10).prop_map(|i| json!(key(i))),
                1 => Just(json!(null)),
                1 => Just(json!(3)),
            ]
        };
        prop_oneof![
            k().prop_map(|c| json!({"choice": c})),
            proptest::collection::vec(k(), 0..6).prop_map(|cs| json!({"choices": cs})),
            Just(json!({"choices": null})),
            Just(json!({"answer": true})),
        ]
    }

    proptest! {
        /// Scoring a shown answer against the shown item gives the same score as scoring its
        /// original letters against the bank item (and both refuse the same answers).
        #[test]
        fn shuffling_never_changes_a_score(it in choice_item(), seed in any::<u64>(), a in answer()) {
            let n = it.task.options.as_ref().map_or(0, Vec::len);
            let o = order(n, seed);
            let shown = present(&it, &o);
            prop_assert_eq!(grade(&shown, &a), grade(&it, &to_original(&a, &o)));
            // The right answer in shown letters is right.
            let gold = shown.task.gold.clone().unwrap_or_default();
            prop_assert_eq!(grade(&shown, &gold), Some(1.0));
            prop_assert_eq!(to_original(&gold, &o), it.task.gold.clone().unwrap_or_default());
        }

        /// The mapping line names for every bank letter the letter `present` shows it under.
        #[test]
        fn letter_map_agrees_with_present(n in 2usize..=8, seed in any::<u64>()) {
            let o = order(n, seed);
            let options: Vec<String> = (0..n).map(|i| format!("选项内容 {i}")).collect();
            let opts: Vec<&str> = options.iter().map(String::as_str).collect();
            for (bank, shown) in letter_map(&o) {
                let it = item("single_choice", &opts, json!({"choice": bank}));
                prop_assert_eq!(present(&it, &o).task.gold, Some(json!({"choice": shown.clone()})));
                prop_assert_eq!(to_original(&json!({"choice": shown}), &o), json!({"choice": bank}));
            }
            prop_assert_eq!(letter_map(&o).len(), n);
        }

        #[test]
        fn orders_are_seeded_permutations(n in 0usize..=MAX_OPTIONS, seed in any::<u64>()) {
            let o = order(n, seed);
            let mut sorted = o.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, identity(n));
            prop_assert_eq!(&o, &order(n, seed));
            prop_assert!(valid(&o));
        }

        #[test]
        fn text_round_trips(n in 0usize..=MAX_OPTIONS, seed in any::<u64>()) {
            let o = order(n, seed);
            prop_assert_eq!(parse(&to_text(&o)), Some(o));
        }

        #[test]
        fn parse_takes_only_permutations(text in "[0-9,]{0,20}") {
            if let Some(o) = parse(&text) {
                prop_assert!(valid(&o));
                prop_assert_eq!(to_text(&o), text);
            }
        }

        #[test]
        fn never_panics(text in any::<String>(), options in proptest::collection::vec(any::<String>(), 0..30), order in proptest::collection::vec(any::<u8>(), 0..30)) {
            let _ = parse(&text);
            let _ = ordered_by_nature(&options);
            let _ = names_options(&text, options.len());
            let _ = names_letters(&text, options.len());
            let _ = letter_map(&order);
            let _ = to_original(&json!({"choice": text, "choices": [text]}), &order);
        }
    }
}
