//! User-facing strings: one catalog per language in locales/, Simplified Chinese first.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
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

/// `t` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
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
}
