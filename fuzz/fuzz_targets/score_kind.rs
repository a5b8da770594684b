//! Any answer JSON against real tasks: the first byte picks one of the shipped bank's items
//! (every kind, gold included), the rest is the answer. Reaches deep into each grader, which a
//! random task rarely does. Errors are fine; a panic, or a score outside 0…1, is not.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Tasks of the shipped banks, a few of each kind, in a fixed order.
fn tasks() -> &'static [Value] {
    static TASKS: OnceLock<Vec<Value>> = OnceLock::new();
    TASKS.get_or_init(|| {
        let set = annocert::app::bank::shipped_set();
        let mut per_kind = std::collections::BTreeMap::<String, Vec<Value>>::new();
        for item in set.items() {
            let task = annocert::bank::to_task(item);
            let kind = task["kind"].as_str().unwrap_or_default().to_string();
            let list = per_kind.entry(kind).or_default();
            if list.len() < 16 && task.get("gold").is_some() {
                list.push(task);
            }
        }
        per_kind.into_values().flatten().collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let tasks = tasks();
    let task = &tasks[usize::from(pick) % tasks.len()];
    let Ok(answer) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    if let Ok(r) = annocert::scoring::score(task, &answer) {
        assert!((0.0..=1.0).contains(&r.score), "score {} for {task} / {answer}", r.score);
    }
});
