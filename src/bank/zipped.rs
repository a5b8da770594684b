//! A center's bank as a zip (题库压缩包): the same folders as the shipped banks (`level5/…toml`
//! with their assets), read with limits so that a hostile archive cannot exhaust memory or
//! write outside its folder. Pure: bytes in, files out.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;

use super::{BankSet, MAX_ASSET_BYTES, Problem};
use crate::i18n::{Lang, Msg};

/// Most entries an archive may hold.
pub const MAX_ENTRIES: usize = 5000;
/// Most bytes all bank files and assets may take once unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Largest bank file.
pub const MAX_TOML_BYTES: u64 = 4 * 1024 * 1024;

/// Why an archive was refused before its items could be checked. Each has a stable code (a key
/// of `[zip]` in `locales/*.toml`); [`ZipError::message`] says it in a language, `Display` in
/// English. The details of `NotZip` and `Unreadable` are the zip library's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    NotZip(String),
    TooManyEntries,
    /// An entry (named) unpacks to more than its limit, or takes the whole past its limit.
    TooLarge(String),
    /// An entry whose path leaves the archive's folder.
    BadPath(String),
    Unreadable(String, String),
    Empty,
}

impl ZipError {
    /// The message as code and arguments.
    pub fn msg(&self) -> Msg {
        const MIB: u64 = 1024 * 1024;
        match self {
            ZipError::NotZip(detail) => Msg::new("zip.not_zip").arg("detail", detail),
            ZipError::TooManyEntries => Msg::new("zip.too_many_entries").arg("max", MAX_ENTRIES),
            ZipError::TooLarge(name) => Msg::new("zip.too_large")
                .arg("name", name)
                .arg("toml_mib", MAX_TOML_BYTES / MIB)
                .arg("asset_mib", MAX_ASSET_BYTES / MIB)
                .arg("total_mib", MAX_UNPACKED_BYTES / MIB),
            ZipError::BadPath(name) => Msg::new("zip.bad_path").arg("name", name),
            ZipError::Unreadable(name, detail) => Msg::new("zip.unreadable")
                .arg("name", name)
                .arg("detail", detail),
            ZipError::Empty => Msg::new("zip.empty"),
        }
    }

    /// The stable code, e.g. `zip.bad_path`.
    pub fn code(&self) -> &'static str {
        self.msg().key
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.msg().render(lang)
    }

    /// `{code, args, message}`, the message in `lang`, for the API.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let msg = self.msg();
        serde_json::json!({
            "code": msg.key,
            "args": msg.args_json(lang),
            "message": msg.render(lang),
        })
    }
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ZipError {}

/// A bank read from an archive: the set (parse problems included) and the bytes of the assets
/// its items refer to, by path relative to the bank root.
pub struct ZippedBank {
    pub set: BankSet,
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// The single top folder every entry shares, when it is not itself a level folder: archives
/// made by "compress this folder" put everything under `mybank/`.
fn common_root(names: &[String]) -> Option<String> {
    let first = names.first()?.split('/').next()?.to_string();
    let shared = names
        .iter()
        .all(|n| n.split('/').next() == Some(first.as_str()) && n.contains('/'));
    (shared && super::folder_level(&format!("{first}/x.toml")).is_none()).then_some(first)
}

/// Reads the bank of a zip archive.
pub fn read_zip(bytes: &[u8]) -> Result<ZippedBank, ZipError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ZipError::NotZip(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries);
    }
    // Names first: refuse any path that leaves the folder, skip folders and system clutter.
    let mut names: Vec<(usize, String)> = vec![];
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ZipError::NotZip(e.to_string()))?;
        let raw = entry
            .name()
            .map_err(|e| ZipError::NotZip(e.to_string()))?
            .replace('\\', "/");
        if entry.is_dir() {
            continue;
        }
        if entry.enclosed_name().is_none()
            || raw.split('/').any(|c| c == "..")
            || raw.starts_with('/')
        {
            return Err(ZipError::BadPath(raw));
        }
        let clutter = raw.starts_with("__MACOSX/")
            || raw
                .rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with('.') || f == "Thumbs.db");
        if !clutter {
            names.push((i, raw));
        }
    }
    let all: Vec<String> = names.iter().map(|(_, n)| n.clone()).collect();
    let root = common_root(&all);
    let strip = |n: &str| -> String {
        match &root {
            Some(r) => n[r.len() + 1..].to_string(),
            None => n.to_string(),
        }
    };
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    for (i, n) in &names {
        files.insert(strip(n), *i);
    }
    let mut total = 0u64;
    let mut read = |i: usize, name: &str, limit: u64| -> Result<Vec<u8>, ZipError> {
        let entry = archive
            .by_index(i)
            .map_err(|e| ZipError::Unreadable(name.to_string(), e.to_string()))?;
        // The declared size is not trusted: read at most one byte past the limit.
        let mut data = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| ZipError::Unreadable(name.to_string(), e.to_string()))?;
        total += data.len() as u64;
        if data.len() as u64 > limit || total > MAX_UNPACKED_BYTES {
            return Err(ZipError::TooLarge(name.to_string()));
        }
        Ok(data)
    };
    let mut set = BankSet::new();
    for (name, &i) in &files {
        let is_bank = name.ends_with(".toml")
            && name.matches('/').count() == 1
            && super::folder_level(name).is_some();
        if !is_bank {
            continue;
        }
        let data = read(i, name, MAX_TOML_BYTES)?;
        match String::from_utf8(data) {
            Ok(text) => set.add_file(name, &text),
            Err(_) => set.parse_problems.push(Problem::new(
                name,
                1,
                "-",
                Msg::new("bank_problem.not_utf8"),
            )),
        }
    }
    if set.files.is_empty() && set.parse_problems.is_empty() {
        return Err(ZipError::Empty);
    }
    let mut assets = BTreeMap::new();
    for asset in set.referenced_assets() {
        if let Some(&i) = files.get(&asset) {
            // One byte over the asset limit is enough for `bank check` to say "oversized".
            let data = read(i, &asset, MAX_ASSET_BYTES + 1)?;
            set.asset_sizes.insert(asset.clone(), data.len() as u64);
            assets.insert(asset, data);
        }
    }
    Ok(ZippedBank { set, assets })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in files {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    const BANK: &str = r#"
title = "测试"
[[items]]
id = "C-1"
kind = "true_false"
level = 5
skills = ["0.1.2"]
difficulty = 1
use = ["practice"]
prompt = "题干"
gold = { answer = true }
explanation = "解析"
"#;

    #[test]
    fn reads_banks_under_a_common_root_and_skips_clutter() {
        let z = zip_of(&[
            ("mine/level5/a.toml", BANK.as_bytes()),
            ("mine/README.md", b"notes"),
            ("__MACOSX/mine/._a.toml", b"junk"),
        ]);
        let b = read_zip(&z).expect("read");
        assert_eq!(b.set.files.len(), 1);
        assert_eq!(b.set.files[0].path, "level5/a.toml");
        assert!(b.set.parse_problems.is_empty());
    }

    #[test]
    fn refuses_escapes_bombs_and_non_zips() {
        assert!(matches!(read_zip(b"not a zip"), Err(ZipError::NotZip(_))));
        let z = zip_of(&[("../level5/a.toml", BANK.as_bytes())]);
        assert!(matches!(read_zip(&z), Err(ZipError::BadPath(_))));
        let z = zip_of(&[("notes.txt", b"x")]);
        assert_eq!(read_zip(&z).err(), Some(ZipError::Empty));
        // 5 MiB of zeros compress to a few KiB: the limit is on what unpacks.
        let big = vec![b' '; (MAX_TOML_BYTES + 10) as usize];
        let z = zip_of(&[("level5/a.toml", &big)]);
        assert!(z.len() < 100_000);
        assert!(matches!(read_zip(&z), Err(ZipError::TooLarge(_))));
    }
}
