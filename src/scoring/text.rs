//! Text helpers for transcripts: normalisation and the character alignment behind CER.

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use super::feedback::CharOp;

/// True for Unicode punctuation (P*) and symbols (S*).
pub fn is_punct_or_symbol(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        ConnectorPunctuation
            | DashPunctuation
            | OpenPunctuation
            | ClosePunctuation
            | InitialPunctuation
            | FinalPunctuation
            | OtherPunctuation
            | MathSymbol
            | CurrencySymbol
            | ModifierSymbol
            | OtherSymbol
    )
}

/// True for invisible control and format characters (Cc, Cf: e.g. U+200B zero-width space, BOM).
fn is_invisible(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::Control | GeneralCategory::Format
    )
}

/// Normalises `keep` the same way as the text (NFKC, lowercase), for comparing.
pub fn normalize_keep(keep: &str) -> Vec<char> {
    let n: String = keep.nfkc().collect();
    n.to_lowercase().chars().collect()
}

/// CER normalisation: Unicode NFKC, lowercase, then drop every whitespace, punctuation (P*),
/// symbol (S*) and invisible control/format (Cc, Cf) character, except those in `keep`
/// (already normalised with [`normalize_keep`]).
pub fn normalize(s: &str, keep: &[char]) -> Vec<char> {
    let n: String = s.nfkc().collect();
    n.to_lowercase()
        .chars()
        .filter(|&c| {
            keep.contains(&c) || !(c.is_whitespace() || is_punct_or_symbol(c) || is_invisible(c))
        })
        .collect()
}

/// A run of edits: `at` is the position (from 0) in the gold text where it applies; for
/// insertions, the answer's extra characters come before gold character `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRun {
    pub op: CharOp,
    pub at: usize,
    pub expected: String,
    pub got: String,
}

/// Levenshtein distance (unit costs) and an optimal alignment as runs of edits.
///
/// Among optimal alignments it prefers, from the start, a match or substitution, then a deletion,
/// then an insertion, so the result is deterministic. Memory: one byte per cell of the
/// part left after stripping the common prefix and suffix.
pub fn align(gold: &[char], answer: &[char]) -> (usize, Vec<DiffRun>) {
    let pre = gold.iter().zip(answer).take_while(|(a, b)| a == b).count();
    let g = &gold[pre..];
    let a = &answer[pre..];
    let suf = g
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let g = &g[..g.len() - suf];
    let a = &a[..a.len() - suf];
    let (n, m) = (g.len(), a.len());
    // The table is filled over the reversed strings, so that the traceback runs from the start of
    // the texts and, among optimal alignments, takes the edit at the earliest position.
    let rg = |i: usize| g[n - i]; // i-th char (from 1) of the reversed gold
    let ra = |j: usize| a[m - j];
    // dir: 0 diagonal, 1 up (deletion), 2 left (insertion).
    let mut dir = vec![0u8; (n + 1) * (m + 1)];
    let mut prev: Vec<u32> = (0..=m as u32).collect();
    let mut cur = vec![0u32; m + 1];
    for d in dir.iter_mut().take(m + 1).skip(1) {
        *d = 2;
    }
    for i in 1..=n {
        cur[0] = i as u32;
        dir[i * (m + 1)] = 1;
        for j in 1..=m {
            let diag = prev[j - 1] + u32::from(rg(i) != ra(j));
            let up = prev[j] + 1;
            let left = cur[j - 1] + 1;
            let (best, d) = if diag <= up && diag <= left {
                (diag, 0)
            } else if up <= left {
                (up, 1)
            } else {
                (left, 2)
            };
            cur[j] = best;
            dir[i * (m + 1) + j] = d;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let distance = prev[m] as usize;
    // Traceback from (n, m), i.e. from the start of the original texts: gold position n − i.
    let mut ops: Vec<(CharOp, usize, Option<char>, Option<char>)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match dir[i * (m + 1) + j] {
            0 if i > 0 && j > 0 => {
                if rg(i) != ra(j) {
                    ops.push((CharOp::Substituted, n - i, Some(rg(i)), Some(ra(j))));
                }
                i -= 1;
                j -= 1;
            }
            1 if i > 0 => {
                ops.push((CharOp::Deleted, n - i, Some(rg(i)), None));
                i -= 1;
            }
            _ if j > 0 => {
                ops.push((CharOp::Inserted, n - i, None, Some(ra(j))));
                j -= 1;
            }
            _ => {
                ops.push((CharOp::Deleted, n - i, Some(rg(i)), None));
                i -= 1;
            }
        }
    }
    let mut runs: Vec<DiffRun> = Vec::new();
    for (op, at, e, o) in ops {
        let at = at + pre;
        if let Some(last) = runs.last_mut()
            && last.op == op
        {
            let contiguous = match op {
                CharOp::Inserted => last.at == at,
                _ => last.at + last.expected.chars().count() == at,
            };
            if contiguous {
                last.expected.extend(e);
                last.got.extend(o);
                continue;
            }
        }
        runs.push(DiffRun {
            op,
            at,
            expected: e.into_iter().collect(),
            got: o.into_iter().collect(),
        });
    }
    (distance, runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn lev(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                cur[j] = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(prev[j] + 1)
                    .min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// Applies the runs to the gold and checks it gives the answer.
    fn apply(gold: &[char], runs: &[DiffRun]) -> Vec<char> {
        let mut out = Vec::new();
        let mut i = 0;
        for r in runs {
            while i < r.at {
                out.push(gold[i]);
                i += 1;
            }
            match r.op {
                CharOp::Inserted => out.extend(r.got.chars()),
                CharOp::Deleted => i += r.expected.chars().count(),
                CharOp::Substituted => {
                    out.extend(r.got.chars());
                    i += r.expected.chars().count();
                }
            }
        }
        out.extend_from_slice(&gold[i..]);
        out
    }

    #[test]
    fn normalisation() {
        // Full-width letters and digits fold (NFKC), case folds, punctuation and spaces go.
        assert_eq!(
            normalize("嗯，我想查一下明天的天气。", &[]),
            chars("嗯我想查一下明天的天气")
        );
        assert_eq!(
            normalize("ＡＢＣ １２３ Hello, World!", &[]),
            chars("abc123helloworld")
        );
        assert_eq!(
            normalize("50% off — 100$ 😀\u{200B}", &[]),
            chars("50off100")
        );
        assert_eq!(normalize("50% off", &normalize_keep("%")), chars("50%off"));
        // Combining marks are kept (they are letters' parts, not punctuation).
        assert_eq!(normalize("e\u{301}", &[]), chars("\u{e9}"));
    }

    #[test]
    fn alignment_by_hand() {
        // 明天的天气 vs 明夭天气: 天→夭 substituted at 1, 的 deleted at 2: distance 2.
        let (d, runs) = align(&chars("明天的天气"), &chars("明夭天气"));
        assert_eq!(d, 2);
        assert_eq!(
            runs,
            vec![
                DiffRun {
                    op: CharOp::Substituted,
                    at: 1,
                    expected: "天".into(),
                    got: "夭".into()
                },
                DiffRun {
                    op: CharOp::Deleted,
                    at: 2,
                    expected: "的".into(),
                    got: "".into()
                },
            ]
        );
        // Insertion of "呀呀" before position 2 is one run.
        let (d, runs) = align(&chars("abcd"), &chars("ab呀呀cd"));
        assert_eq!(d, 2);
        assert_eq!(
            runs,
            vec![DiffRun {
                op: CharOp::Inserted,
                at: 2,
                expected: "".into(),
                got: "呀呀".into()
            }]
        );
        assert_eq!(align(&chars("abc"), &chars("abc")), (0, vec![]));
        assert_eq!(align(&chars(""), &chars("xy")).0, 2);
        assert_eq!(align(&chars("xy"), &chars("")).0, 2);
    }

    proptest! {
        #[test]
        fn alignment_is_optimal_and_reproduces_the_answer(a in "[abc天气]{0,12}", b in "[abc天气]{0,12}") {
            let (ga, an) = (chars(&a), chars(&b));
            let (d, runs) = align(&ga, &an);
            prop_assert_eq!(d, lev(&ga, &an));
            prop_assert_eq!(apply(&ga, &runs), an);
            let cost: usize = runs.iter().map(|r| r.expected.chars().count().max(r.got.chars().count())).sum();
            prop_assert_eq!(cost, d);
        }

        #[test]
        fn normalise_any_unicode(s in "\\PC*") {
            let _ = normalize(&s, &[]);
        }
    }
}
