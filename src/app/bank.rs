//! Importing question banks into the database: idempotent, versioned, never destructive.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::App;
use crate::bank::{self, BankSet, Problem};
use crate::error::{AppError, AppResult};
use crate::store;

/// The shipped banks, embedded in the binary so that one file deploys.
#[derive(rust_embed::RustEmbed)]
#[folder = "question_banks/"]
#[exclude = "tools/*"]
pub struct Shipped;

/// Reads a bank folder (the shell's part of the bank: the core never touches files): every
/// `level{5..1}/*.toml` (file paths recorded relative to `root`, `/`-separated, in level then
/// name order) and the sizes of the assets the items name.
/// Content problems are collected in the set for [`bank::check`]; only I/O failures are errors.
pub fn load_dir(root: impl AsRef<Path>) -> Result<BankSet, bank::LoadError> {
    let root = root.as_ref();
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| bank::LoadError::Io { path, source }
    };
    let mut set = BankSet::new();
    let mut any_level = false;
    for level in crate::curriculum::LEVELS {
        let dir_name = format!("level{level}");
        let dir = root.join(&dir_name);
        if !dir.is_dir() {
            continue;
        }
        any_level = true;
        let mut names: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") && entry.path().is_file() {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            let file = dir.join(&name);
            let rel = format!("{dir_name}/{name}");
            let bytes = std::fs::read(&file).map_err(io(&file))?;
            match String::from_utf8(bytes) {
                Ok(text) => set.add_file(&rel, &text),
                Err(_) => set.parse_problems.push(Problem::new(
                    &rel,
                    1,
                    "-",
                    crate::i18n::Msg::new("bank_problem.not_utf8"),
                )),
            }
        }
    }
    if !any_level {
        return Err(bank::LoadError::NoLevels(root.to_path_buf()));
    }
    let canonical_root = root.canonicalize().map_err(io(root))?;
    for asset in set.referenced_assets() {
        let path = root.join(&asset);
        // Stay inside the bank folder even through symbolic links.
        let inside = path
            .canonicalize()
            .is_ok_and(|p| p.starts_with(&canonical_root));
        if let (true, Ok(meta)) = (inside, std::fs::metadata(&path))
            && meta.is_file()
        {
            set.asset_sizes.insert(asset, meta.len());
        }
    }
    Ok(set)
}

/// The shipped banks as a set, with the sizes of their assets.
pub fn shipped_set() -> BankSet {
    let mut set = BankSet::new();
    let mut names: Vec<String> = Shipped::iter().map(|n| n.into_owned()).collect();
    names.sort();
    for name in &names {
        if name.starts_with("level")
            && name.ends_with(".toml")
            && name.matches('/').count() == 1
            && let Some(f) = Shipped::get(name)
        {
            match std::str::from_utf8(&f.data) {
                Ok(text) => set.add_file(name, text),
                Err(_) => set.parse_problems.push(Problem::new(
                    name,
                    1,
                    "-",
                    crate::i18n::Msg::new("bank_problem.not_utf8"),
                )),
            }
        }
    }
    for asset in set.referenced_assets() {
        if let Some(f) = Shipped::get(&asset) {
            set.asset_sizes.insert(asset, f.data.len() as u64);
        }
    }
    set
}

/// A hash of every bank file's path and content: the banks changed when it changes.
pub fn set_fingerprint(set: &BankSet) -> String {
    let mut h = Sha256::new();
    for item in set.items() {
        h.update(item.id.as_bytes());
        h.update([0]);
        h.update(bank::content_hash(item).as_bytes());
    }
    hex::encode(h.finalize())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub retired: usize,
}

/// Whose bank: the shipped one, or a center's own.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    Shipped,
    Center(&'a str),
}

impl Scope<'_> {
    fn prefix(&self) -> String {
        match self {
            Scope::Shipped => "shipped/".into(),
            Scope::Center(id) => format!("{id}/"),
        }
    }
    fn center_id(&self) -> Option<&str> {
        match self {
            Scope::Shipped => None,
            Scope::Center(id) => Some(id),
        }
    }
}

/// Loads a checked set into the database: new items are added, changed items get a new
/// version, unchanged ones are skipped, items gone from the set are retired (kept for the
/// papers that used them). A set with errors is refused as a whole (the cue checker's warnings
/// do not stop it).
pub async fn import(app: &App, set: &BankSet, scope: Scope<'_>) -> AppResult<ImportReport> {
    let mut problems = bank::check(set, crate::curriculum::shipped());
    problems.retain(Problem::is_error);
    if !problems.is_empty() {
        return Err(AppError::Internal(anyhow::anyhow!(
            "the banks have {} problem(s), first: {}",
            problems.len(),
            problems[0]
        )));
    }
    let mut tx = app.db.begin_write().await?;
    let report = import_in(&mut tx, set, scope, app.now()).await?;
    tx.commit().await?;
    Ok(report)
}

/// [`import`] inside the caller's transaction, for a set already checked.
async fn import_in(
    tx: &mut crate::db::Tx,
    set: &BankSet,
    scope: Scope<'_>,
    now: i64,
) -> AppResult<ImportReport> {
    let prefix = scope.prefix();
    let existing: BTreeMap<String, store::bank::Current> =
        store::bank::current_of_scope(&mut **tx, &prefix)
            .await?
            .into_iter()
            .collect();
    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    for item in set.items() {
        let key = format!("{prefix}{}", item.id);
        seen.insert(key.clone());
        let hash = bank::content_hash(item);
        let version = match existing.get(&key) {
            Some(cur) if cur.current_hash == hash && !cur.retired => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => {
                report.changed += 1;
                store::bank::version_by_hash(&mut **tx, &key, &hash).await?
            }
            None => {
                report.added += 1;
                None
            }
        };
        // The item row first (it may point at a version written just after, in this same
        // transaction), then the version if its content is new.
        let (version, is_new) = match version {
            Some(v) => (v, false),
            None => (crate::db::new_id(), true),
        };
        upsert(tx, item, &key, scope, &version, now).await?;
        if is_new {
            let content = serde_json::to_string(item).map_err(|e| AppError::Internal(e.into()))?;
            store::bank::insert_version(&mut **tx, &version, &key, &hash, &content, now).await?;
        }
    }
    for (key, cur) in &existing {
        if !seen.contains(key) && !cur.retired {
            store::bank::retire(&mut **tx, key, now).await?;
            report.retired += 1;
        }
    }
    Ok(report)
}

/// What a center's upload did, or why it was refused.
pub enum CenterUpload {
    Imported(ImportReport),
    /// The archive could not be read as a bank.
    Unreadable(bank::ZipError),
    /// Problems of the bank, as `bank check` prints them (nothing was imported).
    Problems(Vec<Problem>),
}

/// A center admin's bank zip: read with limits, checked exactly like the shipped banks (ids
/// also unique against them; paper shapes are the shipped banks' concern), then imported for
/// that center only — items, versions, assets and the audit entry in one transaction. A set
/// with any problem is refused whole. Uploading the same zip twice changes nothing; items
/// missing from a new upload are retired (kept for papers that used them).
pub async fn import_center_zip(
    app: &App,
    actor: &super::Actor,
    center_code: Option<&str>,
    filename: &str,
    bytes: &[u8],
) -> AppResult<CenterUpload> {
    let center_id = match actor.managed_center()? {
        Some(own) => own.to_string(),
        None => {
            let code = center_code
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| AppError::field("center", "banks.center_required"))?;
            store::centers::by_code(&app.db.pool, &code.to_lowercase())
                .await?
                .ok_or_else(|| AppError::field("center", "banks.center_unknown"))?
                .id
        }
    };
    let zipped = match bank::read_zip(bytes) {
        Ok(z) => z,
        Err(e) => return Ok(CenterUpload::Unreadable(e)),
    };
    let taken: std::collections::BTreeSet<String> =
        shipped_set().items().map(|i| i.id.clone()).collect();
    let problems = bank::check_center(&zipped.set, crate::curriculum::shipped(), &taken);
    if problems.iter().any(Problem::is_error) {
        return Ok(CenterUpload::Problems(problems));
    }
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    for (path, data) in &zipped.assets {
        let hash = hex::encode(Sha256::digest(data));
        store::bank::put_asset(&mut *tx, &center_id, path, &hash, data, now).await?;
    }
    let report = import_in(&mut tx, &zipped.set, Scope::Center(&center_id), now).await?;
    super::audit::record(
        &mut *tx,
        now,
        super::audit::By::Actor(actor),
        Some(&center_id),
        "bank_imported",
        filename,
        serde_json::to_value(&report).map_err(|e| AppError::Internal(e.into()))?,
    )
    .await?;
    tx.commit().await?;
    Ok(CenterUpload::Imported(report))
}

/// A center's bank by level and kind: (level, kind, current items, retired items).
pub async fn center_counts(
    app: &App,
    center_id: &str,
) -> AppResult<Vec<(crate::curriculum::Level, String, i64, i64)>> {
    Ok(store::bank::center_counts(&app.db.pool, center_id).await?)
}

/// An asset of a center's bank, for that center's users only (others: not found).
pub async fn center_asset(
    app: &App,
    actor: &super::Actor,
    center_id: &str,
    path: &str,
) -> AppResult<(String, Vec<u8>)> {
    let visible = actor.user.center_id.as_deref() == Some(center_id) || actor.is_platform_admin();
    if !visible {
        return Err(AppError::NotFound);
    }
    store::bank::asset(&app.db.pool, center_id, path)
        .await?
        .ok_or(AppError::NotFound)
}

async fn upsert(
    tx: &mut crate::db::Tx,
    item: &bank::Item,
    key: &str,
    scope: Scope<'_>,
    version: &str,
    now: i64,
) -> AppResult<()> {
    let uses: Vec<&str> = item.uses.iter().map(|u| u.as_str()).collect();
    store::bank::upsert_item(
        &mut **tx,
        &store::bank::ItemRow {
            key,
            item_id: &item.id,
            center_id: scope.center_id(),
            level: item.level as i64,
            kind: item.kind().as_str(),
            uses: &uses.join(","),
            skills: &item.skills.join(","),
            function_code: item.function().unwrap_or(""),
            difficulty: item.difficulty as i64,
            group_id: item.group.as_deref(),
            version,
            now,
        },
    )
    .await?;
    Ok(())
}

const SHIPPED_KEY: &str = "shipped_banks_fingerprint";

/// On start: imports the embedded banks when their content differs from the last import.
pub async fn import_shipped_if_changed(app: &App) -> AppResult<Option<ImportReport>> {
    let set = shipped_set();
    let fp = set_fingerprint(&set);
    if store::bank::setting(&app.db.pool, SHIPPED_KEY)
        .await?
        .as_deref()
        == Some(fp.as_str())
    {
        return Ok(None);
    }
    let report = import(app, &set, Scope::Shipped).await?;
    store::bank::set_setting(&app.db.pool, SHIPPED_KEY, &fp).await?;
    Ok(Some(report))
}
