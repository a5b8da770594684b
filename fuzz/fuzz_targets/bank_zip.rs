//! Any bytes as a center's bank upload (.zip): read within the declared limits, then checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = annocert::bank::read_zip(data);
});
