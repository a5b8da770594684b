//! User-facing strings: one catalog per language in locales/, Simplified Chinese first.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an Accept-Language header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Some(Lang::Zh)
            } else if tag.starts_with("en") {
                Some(Lang::En)
            } else {
                None
            };
            if let Some(l) = lang
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

type Catalog = HashMap<String, String>;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

fn parse(text: &str) -> Catalog {
    let table: toml::Table = text.parse().expect("locale catalog is valid TOML");
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    out
}

fn catalogs() -> &'static (Catalog, Catalog) {
    static C: OnceLock<(Catalog, Catalog)> = OnceLock::new();
    C.get_or_init(|| {
        (
            parse(include_str!("../locales/zh-CN.toml")),
            parse(include_str!("../locales/en.toml")),
        )
    })
}

/// The message for `key`; the key itself when missing (a test keeps the catalogs complete).
pub fn t(lang: Lang, key: &str) -> &'static str {
    let (zh, en) = catalogs();
    let cat = if lang == Lang::Zh { zh } else { en };
    match cat.get(key) {
        Some(s) => s.as_str(),
        None => {
            tracing::warn!(key, "missing translation");
            // Leak-free fallback: look in the other catalog, else return a static marker.
            let other = if lang == Lang::Zh { en } else { zh };
            other
                .get(key)
                .map(|s| s.as_str())
                .unwrap_or("⟨missing text⟩")
        }
    }
}

/// The message for `key` in `lang` when the catalog has it: for lookups where a missing entry is
/// normal (the label glossary), unlike [`t`].
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let (zh, en) = catalogs();
    let cat = if lang == Lang::Zh { zh } else { en };
    cat.get(key).map(|s| s.as_str())
}

/// `t` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    fill(t(lang, key), |name| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    })
}

/// Fills the `{name}` placeholders of `template` in one pass: a value is never searched for
/// placeholders itself (a label typed as `{path}` stays as it is). Braces that do not enclose a
/// known name (`{ choice = "B" }`) are kept.
fn fill<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            value(name).map(|v| (v, close))
        }) {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a message (names of `a-z`, `0-9` and `_`), in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// One argument of a [`Msg`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Shown as it is in every language: a number, an id, a path, a quoted label.
    Text(String),
    /// Another message, rendered in the same language (e.g. "a list of 3 items").
    Msg(Msg),
    /// A name the data itself carries in both languages (a curriculum function's name).
    PerLang { zh: String, en: String },
}

impl Arg {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Text(s) => s.clone(),
            Arg::Msg(m) => m.render(lang),
            Arg::PerLang { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
        }
    }
}

/// A message decided now and rendered later, in the reader's language: a catalog key (also its
/// stable machine code, e.g. `bank_problem.skill_unknown`) and the values of its placeholders.
/// Core modules (bank checks, scoring) report with these, so that they stay free of any
/// language; building one allocates, so it is made only once something is wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Msg { key, args: vec![] }
    }

    /// Adds a placeholder value shown as it is.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a placeholder value that is itself a message.
    pub fn arg_msg(mut self, name: &'static str, value: Msg) -> Self {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// Adds a placeholder value given in both languages.
    pub fn arg_per_lang(
        mut self,
        name: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        self.args.push((
            name,
            Arg::PerLang {
                zh: zh.into(),
                en: en.into(),
            },
        ));
        self
    }

    /// The stable machine code: the catalog key.
    pub fn code(&self) -> &'static str {
        self.key
    }

    /// The text of an argument as shown in `lang`.
    pub fn arg_text(&self, name: &str, lang: Lang) -> Option<String> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.render(lang))
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, a)| (*n, a.render(lang)))
            .collect();
        tf(lang, self.key, &values)
    }

    /// The arguments as a JSON object (nested messages rendered in `lang`), for APIs that give
    /// `code` and `args` beside the rendered `message`.
    pub fn args_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::Value::Object(
            self.args
                .iter()
                .map(|(n, a)| (n.to_string(), serde_json::Value::String(a.render(lang))))
                .collect(),
        )
    }
}

/// Every message under `prefix.` (e.g. the workbench's), keyed by its full key, for a page
/// to hand to its scripts.
pub fn section(lang: Lang, prefix: &str) -> serde_json::Map<String, serde_json::Value> {
    let (zh, en) = catalogs();
    let cat = if lang == Lang::Zh { zh } else { en };
    let p = format!("{prefix}.");
    cat.iter()
        .filter(|(k, _)| k.starts_with(&p))
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect()
}

/// A translator handed to templates: `{{ tr.t("nav.home") }}`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }
    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn is_zh(&self) -> bool {
        self.lang == Lang::Zh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_have_the_same_keys() {
        let (zh, en) = catalogs();
        let mut missing: Vec<_> = zh
            .keys()
            .filter(|k| !en.contains_key(*k))
            .map(|k| format!("en lacks {k}"))
            .chain(
                en.keys()
                    .filter(|k| !zh.contains_key(*k))
                    .map(|k| format!("zh-CN lacks {k}")),
            )
            .collect();
        missing.sort();
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn every_feedback_message_is_translated() {
        let (zh, en) = catalogs();
        for key in crate::scoring::FEEDBACK_KEYS {
            let k = format!("feedback.{key}");
            assert!(zh.contains_key(&k) && en.contains_key(&k), "{k}");
        }
    }

    #[test]
    fn accept_language_picks_by_quality() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1, zh-CN;q=0.5, en;q=0.4"),
            Some(Lang::Zh)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn placeholders_are_filled() {
        let s = tf(Lang::En, "auth.throttled", &[("minutes", "15".into())]);
        assert!(s.contains("15"), "{s}");
    }

    #[test]
    fn fill_is_one_pass_and_keeps_other_braces() {
        let v = |name: &str| match name {
            "a" => Some("{b}"),
            "b" => Some("B"),
            _ => None,
        };
        // A value is not searched for placeholders; braces around no known name stay.
        assert_eq!(fill("{a}-{b}-{c}-{ x = 1 }-{", v), "{b}-B-{c}-{ x = 1 }-{");
        assert_eq!(
            placeholders("at {path}: {problem} { choice = 1 }"),
            ["path", "problem"]
        );
    }

    #[test]
    fn messages_nest_and_carry_both_languages() {
        let m = Msg::new("input_error.expected")
            .arg_msg("what", Msg::new("input_error.what_list"))
            .arg_msg("got", Msg::new("input_error.got_list").arg("n", 3));
        assert_eq!(m.render(Lang::En), "expected a list, got a list of 3 items");
        assert_eq!(m.render(Lang::Zh), "应为列表，实际为含 3 项的列表");
        assert_eq!(m.code(), "input_error.expected");
        assert_eq!(
            m.args_json(Lang::Zh),
            serde_json::json!({"what": "列表", "got": "含 3 项的列表"})
        );
        let p = Arg::PerLang {
            zh: "数据标注".into(),
            en: "Data annotation".into(),
        };
        assert_eq!(
            (p.render(Lang::Zh), p.render(Lang::En)),
            ("数据标注".into(), "Data annotation".into())
        );
    }

    /// Both languages of a message have the same placeholders.
    #[test]
    fn translations_have_the_same_placeholders() {
        let (zh, en) = catalogs();
        let mut bad: Vec<String> = zh
            .iter()
            .filter_map(|(k, z)| {
                let e = en.get(k)?;
                let mut pz = placeholders(z);
                let mut pe = placeholders(e);
                pz.sort();
                pz.dedup();
                pe.sort();
                pe.dedup();
                (pz != pe).then(|| format!("{k}: zh {pz:?}, en {pe:?}"))
            })
            .collect();
        bad.sort();
        assert!(bad.is_empty(), "{bad:#?}");
    }

    /// Every code the core reports with (`"bank_problem.…"`, `"zip.…"`, `"input_error.…"` in the
    /// sources) is in the catalogs, and every message of those sections is reported somewhere.
    #[test]
    fn message_codes_in_the_sources_match_the_catalogs() {
        const SECTIONS: [&str; 3] = ["bank_problem.", "zip.", "input_error."];
        fn sources(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).expect("src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push_str(&std::fs::read_to_string(&path).expect("source"));
                }
            }
        }
        let mut text = String::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut text,
        );
        let mut used = std::collections::BTreeSet::new();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            if let Some(section) = SECTIONS.iter().find(|s| rest.starts_with(*s)) {
                let name: String = rest[section.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !name.is_empty() && rest[section.len() + name.len()..].starts_with('"') {
                    used.insert(format!("{section}{name}"));
                }
            }
        }
        assert!(used.len() > 50, "{}", used.len());
        let (zh, en) = catalogs();
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !zh.contains_key(*k) || !en.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "not in the catalogs: {missing:#?}");
        let mut unused: Vec<&String> = zh
            .keys()
            .filter(|k| SECTIONS.iter().any(|s| k.starts_with(s)) && !used.contains(*k))
            .collect();
        unused.sort();
        assert!(unused.is_empty(), "never reported: {unused:#?}");
    }
}
