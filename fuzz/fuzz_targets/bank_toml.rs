//! A bank file of any bytes: parsed, then checked against the shipped curriculum, as
//! `bank check` and a center's upload do. Problems are fine; a panic is not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut set = annocert::bank::BankSet::new();
    set.add_file("level5/fuzz.toml", text);
    let _ = annocert::bank::check(&set, annocert::curriculum::shipped());
});
