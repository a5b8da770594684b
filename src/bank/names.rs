//! Display names (显示名) of the words a task is labelled with. Label keys, attribute keys and
//! attribute values stay what is scored, stored and exported (`car`, `traffic_light`, `dashed`);
//! people read their names in their own language (小汽车, 交通信号灯, 虚线). An item's own
//! `names` come first, then the shared glossary (the `[glossary]` section of locales/), else the
//! key is shown as it is (a Chinese label such as 正面 needs no name).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::i18n::{Lang, Msg, lookup};

/// The longest display name a bank may give, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// `car = { zh = "小汽车", en = "Car" }` in an item's `names` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayName {
    pub zh: String,
    pub en: String,
}

impl DisplayName {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The keys a person reads as words, in the order the workbench shows them: the labels, then
/// each attribute's key followed by its values; each once.
pub fn word_keys(
    labels: Option<&[String]>,
    attributes: Option<&Map<String, Value>>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |k: &str| {
        if !out.iter().any(|x| x == k) {
            out.push(k.to_string());
        }
    };
    for l in labels.unwrap_or_default() {
        push(l);
    }
    for (key, values) in attributes.into_iter().flatten() {
        push(key);
        for v in values.as_array().into_iter().flatten() {
            if let Some(v) = v.as_str() {
                push(v);
            }
        }
    }
    out
}

/// The shared glossary's name of `key` in `lang`, if it has one.
pub fn glossary(key: &str, lang: Lang) -> Option<&'static str> {
    lookup(lang, &format!("glossary.{key}"))
}

/// `{key: name}` in `lang` for each word key of a task that has a name other than the key:
/// `own` (the item's `names`) first, then the glossary. What the workbench shows and what
/// feedback messages say; the keys themselves are untouched.
pub fn display_names(
    keys: &[String],
    own: Option<&BTreeMap<String, DisplayName>>,
    lang: Lang,
) -> Map<String, Value> {
    keys.iter()
        .filter_map(|k| {
            let name = own
                .and_then(|o| o.get(k))
                .map(|n| n.get(lang).to_string())
                .or_else(|| glossary(k, lang).map(str::to_string))?;
            (name != *k).then(|| (k.clone(), Value::String(name)))
        })
        .collect()
}

/// What is wrong with an item's `names` table, given its word keys: a name for a key the task
/// does not use (a typo would silently show the raw key), or an empty or overlong name.
pub fn problems(names: &BTreeMap<String, DisplayName>, keys: &[String]) -> Vec<Msg> {
    let mut out = Vec::new();
    for (key, name) in names {
        if !keys.contains(key) {
            out.push(Msg::new("bank_problem.name_unused").arg("key", key));
        }
        for (lang, text) in [("zh", &name.zh), ("en", &name.en)] {
            let n = text.trim().chars().count();
            if n == 0 || n > MAX_NAME_CHARS || text.chars().any(char::is_control) {
                out.push(
                    Msg::new("bank_problem.name_invalid")
                        .arg("key", key)
                        .arg("lang", lang)
                        .arg("max", MAX_NAME_CHARS),
                );
            }
        }
    }
    out
}

/// Feedback arguments that name a label, attribute or value, given as their display names
/// (`label`, `key`, `expected`, `got`); other arguments (numbers, text excerpts, ids) are left.
/// Only keys of this task are mapped, so a table cell's value that happens to equal a
/// glossary word is never renamed.
pub fn name_feedback_args(args: &mut [(&'static str, String)], names: &Map<String, Value>) {
    for (arg, value) in args.iter_mut() {
        if matches!(*arg, "label" | "key" | "expected" | "got")
            && let Some(name) = names.get(value.as_str()).and_then(Value::as_str)
        {
            *value = name.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys() -> Vec<String> {
        let attrs = json!({"style": ["solid", "dashed"], "occluded": ["true", "false"]});
        word_keys(
            Some(&["car".to_string(), "正面".to_string(), "car".to_string()]),
            attrs.as_object(),
        )
    }

    #[test]
    fn word_keys_are_labels_then_attributes_with_their_values_once() {
        // serde_json keeps object keys sorted: occluded before style.
        assert_eq!(
            keys(),
            [
                "car", "正面", "occluded", "true", "false", "style", "solid", "dashed"
            ]
        );
        assert!(word_keys(None, None).is_empty());
    }

    #[test]
    fn own_names_win_over_the_glossary_and_keys_without_a_name_are_left_out() {
        let own = BTreeMap::from([(
            "car".to_string(),
            DisplayName {
                zh: "轿车".into(),
                en: "Sedan".into(),
            },
        )]);
        let zh = display_names(&keys(), Some(&own), Lang::Zh);
        assert_eq!(zh["car"], "轿车");
        assert_eq!(zh["dashed"], "虚线");
        assert_eq!(zh["occluded"], "遮挡");
        assert!(!zh.contains_key("正面"), "a Chinese key is its own name");
        let en = display_names(&keys(), None, Lang::En);
        assert_eq!(en["car"], "Car");
        assert_eq!(en["true"], "Yes");
    }

    #[test]
    fn a_name_for_a_key_the_task_does_not_use_or_an_empty_name_is_a_problem() {
        let names = BTreeMap::from([
            (
                "cra".to_string(),
                DisplayName {
                    zh: "小汽车".into(),
                    en: "Car".into(),
                },
            ),
            (
                "car".to_string(),
                DisplayName {
                    zh: " ".into(),
                    en: "Car".into(),
                },
            ),
        ]);
        let codes: Vec<_> = problems(&names, &keys())
            .iter()
            .map(|m| m.code().to_string())
            .collect();
        assert_eq!(
            codes,
            ["bank_problem.name_invalid", "bank_problem.name_unused"]
        );
    }

    #[test]
    fn feedback_names_labels_and_values_but_not_other_arguments() {
        let names = display_names(&keys(), None, Lang::Zh);
        let mut args = vec![
            ("answer_no", "3".to_string()),
            ("label", "car".to_string()),
            ("key", "style".to_string()),
            ("expected", "dashed".to_string()),
            ("got", "solid".to_string()),
            ("text", "car".to_string()),
        ];
        name_feedback_args(&mut args, &names);
        let values: Vec<_> = args.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["3", "小汽车", "线型", "虚线", "实线", "car"]);
    }

    /// A key people would read as an English word or a tag: `traffic_light`, `PER`. Codes such
    /// as `C1` (clusters named in the prompt) and Chinese labels are their own names.
    fn is_word(k: &str) -> bool {
        (k.len() > 1 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            || (k.len() >= 3 && k.bytes().all(|b| b.is_ascii_uppercase()))
    }

    #[test]
    fn every_word_of_the_shipped_banks_and_the_scene_generators_has_a_name_in_both_languages() {
        let set =
            crate::app::bank::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks"))
                .unwrap();
        let mut missing = std::collections::BTreeSet::new();
        let mut seen = 0;
        let mut need =
            |keys: Vec<String>, own: Option<&BTreeMap<String, DisplayName>>, at: &str| {
                for k in keys.into_iter().filter(|k| is_word(k)) {
                    seen += 1;
                    for lang in [Lang::Zh, Lang::En] {
                        if own.and_then(|o| o.get(&k)).is_none() && glossary(&k, lang).is_none() {
                            missing.insert(format!("{k} ({}) in {at}", lang.code()));
                        }
                    }
                }
            };
        for item in set.items() {
            let keys = word_keys(item.task.labels.as_deref(), item.task.attributes.as_ref());
            need(keys, item.names.as_ref(), &item.id);
        }
        for kind in crate::scenes::SceneKind::ALL {
            for level in crate::curriculum::Level::ALL {
                for seed in 1..=3 {
                    let scene = crate::scenes::generate(kind, level, seed);
                    let task = scene.task();
                    let labels: Vec<String> =
                        scene.labels().iter().map(|l| l.to_string()).collect();
                    need(
                        word_keys(
                            Some(&labels),
                            task.get("attributes").and_then(Value::as_object),
                        ),
                        None,
                        kind.as_str(),
                    );
                }
            }
        }
        assert!(seen > 100, "only {seen} word keys seen");
        assert!(missing.is_empty(), "no display name: {missing:#?}");
    }
}
