//! One line of `annocert score --batch`: any task of any kind with any answer. The output must
//! always be one JSON object (a score or an input error), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let out = annocert::scoring::batch_line(line);
    let v: serde_json::Value = serde_json::from_str(&out).expect("batch_line writes JSON");
    assert!(v.is_object(), "{out}");
});
