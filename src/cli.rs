//! The command line: `annocert [serve]`, `migrate`, `admin …`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{App, people};
use crate::clock::Clock;
use crate::config::{CommonArgs, Config, ServeArgs};
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Parser)]
#[command(
    name = "annocert",
    version,
    about = "Training and certification for AI data annotators (人工智能训练师)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web service (the default)
    Serve(ServeArgs),
    /// Apply pending database migrations and exit
    Migrate(CommonArgs),
    /// Grade an answer against a task's gold (docs/scoring.md); exit status 2 on bad input
    Score(ScoreArgs),
    /// Generate a practice scene with its gold: task.json, image.svg, image.png, masks.svg, masks.json
    Scene(SceneArgs),
    /// Question banks: check, statistics, import, spreadsheets, COCO
    Bank {
        #[command(subcommand)]
        command: BankCommand,
    },
    /// Administration from the console
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Seed a fresh database with a demo: a center, staff, 30 trainees with practice history, a
    /// level-5 exam run to publication and its certificates (refused when centers exist)
    Demo(CommonArgs),
    /// Verifiable credentials (certificates as W3C VCs)
    Credential {
        #[command(subcommand)]
        command: CredentialCommand,
    },
}

#[derive(Subcommand)]
enum CredentialCommand {
    /// Check a credential's proof, key, validity and (with --online or --status) revocation;
    /// exit status 1 and each failure named when it does not verify
    Verify {
        /// The credential (.json, as downloaded from the certificate page)
        file: std::path::PathBuf,
        /// The issuing service's address: its DID document and status list are fetched
        #[arg(long)]
        online: Option<String>,
        /// The issuer's DID document, saved (offline); else the keys published in the database
        #[arg(long, conflicts_with = "online")]
        did: Option<std::path::PathBuf>,
        /// The status list credential, saved (offline)
        #[arg(long, conflicts_with = "online")]
        status: Option<std::path::PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
}

#[derive(clap::Args)]
#[group(required = true)]
struct ScoreArgs {
    /// The task JSON (with its gold)
    #[arg(long, requires = "answer", conflicts_with = "batch")]
    task: Option<std::path::PathBuf>,
    /// The answer JSON: {"answer": …}
    #[arg(long, requires = "task")]
    answer: Option<std::path::PathBuf>,
    /// One {"task": …, "answer": …} per line; one result (or {"error": …}) per output line
    #[arg(long)]
    batch: Option<std::path::PathBuf>,
}

#[derive(clap::Args)]
struct SceneArgs {
    /// street, aerial, people, roads or text
    scene: String,
    /// 5 (五级, easiest) … 1 (一级, hardest)
    level: u8,
    /// Any unsigned 64-bit number; the same seed always gives the same scene
    seed: u64,
    /// Output folder (created if missing)
    #[arg(long)]
    out: std::path::PathBuf,
}

#[derive(Subcommand)]
enum BankCommand {
    /// Validate every bank file; prints `file:line: item-id: problem` (test-wise cues as
    /// `… item-id: warning: …`), exit status 1 if any problem other than a warning
    Check { dir: std::path::PathBuf },
    /// Counts by level, kind, function and use, and the cue figures per level, as JSON
    Stats { dir: std::path::PathBuf },
    /// Load into the database: unchanged items skipped, changed items versioned
    Import {
        #[command(flatten)]
        common: CommonArgs,
        dir: std::path::PathBuf,
    },
    /// Write a level's theory items as a spreadsheet (题库模板; .xlsx or .csv by extension)
    ToSheet {
        dir: std::path::PathBuf,
        #[arg(long)]
        level: u8,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Read theory items from a spreadsheet and write them as a bank file (TOML)
    FromSheet {
        file: std::path::PathBuf,
        #[arg(long)]
        title: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Print the gold of one image of a COCO JSON file (instances or keypoints)
    Coco {
        file: std::path::PathBuf,
        #[arg(long)]
        image_id: i64,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account; prints its one-time password
    CreateUser {
        #[command(flatten)]
        common: CommonArgs,
        /// trainee, examiner, center_admin or platform_admin
        #[arg(long)]
        role: String,
        /// The center's code (not for platform_admin)
        #[arg(long)]
        center: Option<String>,
        /// Login name (generated as <center>-NNNN when omitted)
        #[arg(long)]
        username: Option<String>,
        /// Real name
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// 身份证号 (stored only as a keyed hash)
        #[arg(long)]
        id_number: Option<String>,
        #[arg(long)]
        class: Option<String>,
    },
    /// Create a center (培训/评价机构)
    CreateCenter {
        #[command(flatten)]
        common: CommonArgs,
        /// Short code, e.g. hz01
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Give an account a new one-time password (it must be changed at next login)
    ResetPassword {
        #[command(flatten)]
        common: CommonArgs,
        /// Username, phone or e-mail
        user: String,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            None => {
                let args = ServeArgs::parse_from(["annocert"]);
                serve(args).await
            }
            Some(Command::Serve(args)) => serve(args).await,
            Some(Command::Migrate(common)) => {
                open(&common, None).await?;
                println!("migrations applied");
                Ok(ExitCode::SUCCESS)
            }
            Some(Command::Admin { command }) => admin(command).await,
            Some(Command::Score(args)) => Ok(score(args)),
            Some(Command::Scene(args)) => Ok(scene(args)),
            Some(Command::Bank { command }) => bank(command).await,
            Some(Command::Demo(common)) => demo(common).await,
            Some(Command::Credential { command }) => credential(command).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

impl ServeArgs {
    fn parse_from<I: IntoIterator<Item = &'static str>>(args: I) -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(args).args
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANNOCERT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn open(common: &CommonArgs, public_url: Option<(String, bool)>) -> anyhow::Result<App> {
    let secret = common.secret()?;
    let (url, trust) = public_url.unwrap_or_else(|| ("http://127.0.0.1:8080".into(), false));
    let mut config = Config {
        tz: common.tz,
        db_connections: common.db_connections,
        ..Config::new(url, trust, secret)
    };
    if let Ok(k) = std::env::var("ANNOCERT_SIGNING_KEY")
        && !k.trim().is_empty()
    {
        config.signing_key = crate::certify::credential::IssuerKey::from_secret_multibase(k.trim())
            .map_err(|e| anyhow::anyhow!("ANNOCERT_SIGNING_KEY: {e}"))?
            .secret_bytes();
    }
    crate::server::prepare(&common.database_url(), config, Clock::system()).await
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let public_url = args.public_url.clone().unwrap_or_else(|| {
        let host = args.listen.replace("0.0.0.0", "127.0.0.1");
        format!("http://{host}")
    });
    let shutdown = crate::server::shutdown_signal();
    let mut app = open(&args.common, Some((public_url.clone(), args.trust_proxy))).await?;
    let mut config = (*app.config).clone();
    config.rate_limits = args.rate_limits();
    app.config = std::sync::Arc::new(config);
    // The admin on first start, and the banks embedded in this binary when they differ from
    // the last import: one instance at a time when several start together.
    let started = crate::app::bootstrap::first_start(&app)
        .await
        .map_err(anyhow_of)?;
    if let Some(pw) = &started.admin_password {
        print_admin_block(pw);
    }
    match started.banks {
        Some(Ok(r)) => println!(
            "question banks imported: {} added, {} changed, {} unchanged, {} retired",
            r.added, r.changed, r.unchanged, r.retired
        ),
        None => {}
        Some(Err(e)) => {
            tracing::error!(error = %anyhow_of(e), "importing the shipped question banks")
        }
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.listen))?;
    let url = match (&args.public_url, listener.local_addr()) {
        (Some(u), _) => u.clone(),
        // The bound address, so that `--listen 127.0.0.1:0` prints the port it got.
        (None, Ok(addr)) => format!(
            "http://{}",
            addr.to_string().replace("0.0.0.0", "127.0.0.1")
        ),
        (None, Err(_)) => public_url,
    };
    println!("annocert is running — open {url}  (Ctrl-C to stop)");
    crate::server::serve(app, listener, shutdown).await?;
    Ok(ExitCode::SUCCESS)
}

/// `annocert scene`: the files of one generated scene; exit status 2 on bad input. Text scenes
/// have no picture, so only task.json is written for them.
fn scene(args: SceneArgs) -> ExitCode {
    use crate::scenes;
    let run = || -> Result<Vec<String>, String> {
        let s = scenes::generate_named(&args.scene, args.level, args.seed)
            .map_err(|e| e.to_string())?;
        let out = &args.out;
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let mut files: Vec<(&str, Vec<u8>)> = vec![(
            "task.json",
            serde_json::to_vec_pretty(&s.task()).map_err(|e| e.to_string())?,
        )];
        if let (Some(svg), Some(masks), Some(key)) =
            (s.svg(), scenes::masks_svg(&s), scenes::masks_json(&s))
        {
            let png = scenes::render_png(&svg).map_err(|e| e.to_string())?;
            files.push(("image.svg", svg.into_bytes()));
            files.push(("image.png", png));
            files.push(("masks.svg", masks.into_bytes()));
            files.push((
                "masks.json",
                serde_json::to_vec_pretty(&key).map_err(|e| e.to_string())?,
            ));
        }
        let mut written = vec![];
        for (name, bytes) in files {
            let path = out.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(path.display().to_string());
        }
        Ok(written)
    };
    match run() {
        Ok(files) => {
            for f in files {
                println!("{f}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// `annocert score`: bad input is exit status 2 with one line on stderr, never a panic.
fn score(args: ScoreArgs) -> ExitCode {
    use std::io::{BufRead, Write};
    let read_json = |path: &std::path::Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: invalid JSON: {e}", path.display()))
    };
    if let Some(path) = args.batch {
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        use rayon::prelude::*;
        // Lines are scored on every core, a block at a time (bounded memory), and written in
        // input order: line n of the output answers line n of the input.
        const BLOCK: usize = 4096;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut lines = std::io::BufReader::new(file).lines();
        loop {
            let mut block = Vec::with_capacity(BLOCK);
            for line in lines.by_ref().take(BLOCK) {
                match line {
                    Ok(l) => block.push(l),
                    Err(e) => {
                        eprintln!("{}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
            }
            if block.is_empty() {
                break;
            }
            let scored: Vec<String> = block
                .par_iter()
                .map(|l| crate::scoring::batch_line(l))
                .collect();
            for s in scored {
                if writeln!(out, "{s}").is_err() {
                    return ExitCode::from(2);
                }
            }
        }
        return if out.flush().is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        };
    }
    let (Some(t), Some(a)) = (args.task, args.answer) else {
        eprintln!("give --task and --answer, or --batch");
        return ExitCode::from(2);
    };
    let result = read_json(&t)
        .and_then(|task| read_json(&a).map(|answer| (task, answer)))
        .and_then(|(task, answer)| {
            crate::scoring::score(&task, &answer).map_err(|e| e.to_string())
        });
    match result.and_then(|r| serde_json::to_string(&r).map_err(|e| e.to_string())) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

async fn bank(cmd: BankCommand) -> anyhow::Result<ExitCode> {
    use crate::bank;
    match cmd {
        BankCommand::Check { dir } => {
            let set = crate::app::bank::load_dir(&dir)?;
            let problems = bank::check(&set, crate::curriculum::shipped());
            for p in &problems {
                println!("{p}");
            }
            let items = set.items().count();
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let warnings = problems.len() - errors;
            if problems.is_empty() {
                eprintln!("{items} items in {} files: no problems", set.files.len());
            } else {
                eprintln!(
                    "{items} items in {} files: {errors} problem(s), {warnings} warning(s)",
                    set.files.len(),
                );
            }
            // Warnings (test-wise cues) are printed but do not fail the check.
            Ok(if errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        BankCommand::Stats { dir } => {
            let set = crate::app::bank::load_dir(&dir)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&bank::stats(&set, crate::curriculum::shipped()))?
            );
            Ok(ExitCode::SUCCESS)
        }
        BankCommand::Import { common, dir } => {
            let app = open(&common, None).await?;
            let set = crate::app::bank::load_dir(&dir)?;
            let problems = bank::check(&set, crate::curriculum::shipped());
            if problems.iter().any(bank::Problem::is_error) {
                for p in &problems {
                    println!("{p}");
                }
                eprintln!(
                    "not imported: {} problem(s)",
                    problems.iter().filter(|p| p.is_error()).count()
                );
                return Ok(ExitCode::from(1));
            }
            let r = crate::app::bank::import(&app, &set, crate::app::bank::Scope::Shipped)
                .await
                .map_err(anyhow_of)?;
            println!(
                "added {}, changed {}, unchanged {}, retired {}",
                r.added, r.changed, r.unchanged, r.retired
            );
            Ok(ExitCode::SUCCESS)
        }
        BankCommand::ToSheet { dir, level, out } => {
            let set = crate::app::bank::load_dir(&dir)?;
            let items: Vec<bank::Item> = set
                .items()
                .filter(|i| i.level == level && i.is_theory())
                .cloned()
                .collect();
            let is_csv = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let bytes = if is_csv {
                bank::theory_to_csv(&items).into_bytes()
            } else {
                bank::theory_to_xlsx(&items).map_err(|e| anyhow::anyhow!(e))?
            };
            std::fs::write(&out, bytes)?;
            println!("{} theory items written to {}", items.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        BankCommand::FromSheet { file, title, out } => {
            let bytes = std::fs::read(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match bank::theory_from_table(&name, &bytes) {
                Ok(items) => {
                    std::fs::write(
                        &out,
                        bank::items_to_toml(&title, &items).map_err(|e| anyhow::anyhow!(e))?,
                    )?;
                    println!(
                        "{} items written to {}; run `annocert bank check` on the folder",
                        items.len(),
                        out.display()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    for p in problems {
                        println!("{p}");
                    }
                    Ok(ExitCode::from(1))
                }
            }
        }
        BankCommand::Coco { file, image_id } => {
            let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file)?)?;
            let gold = bank::coco_to_gold(&json, image_id).map_err(|e| anyhow::anyhow!(e))?;
            println!("{}", serde_json::to_string_pretty(&gold)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_admin_block(pw: &str) {
    let line = "=".repeat(64);
    println!("{line}");
    println!("  FIRST START: platform administrator created / 已创建平台管理员");
    println!("  username / 用户名:            admin");
    println!("  one-time password / 一次性密码: {pw}");
    println!("  It is shown only this once and must be changed at first login.");
    println!("  仅显示这一次，首次登录时必须修改。");
    println!("{line}");
}

fn anyhow_of(e: AppError) -> anyhow::Error {
    match e {
        AppError::Internal(e) => e,
        AppError::Validation(fields) => anyhow::anyhow!(
            "{}",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message(Lang::En)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{}", other.message(Lang::En)),
    }
}

async fn admin(cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AdminCommand::CreateUser {
            common,
            role,
            center,
            username,
            name,
            phone,
            email,
            id_number,
            class,
        } => {
            let app = open(&common, None).await?;
            let created = people::create_system(
                &app,
                &people::NewPerson {
                    username,
                    real_name: name,
                    role,
                    center_code: center,
                    phone,
                    email,
                    id_number,
                    class_name: class,
                },
            )
            .await
            .map_err(anyhow_of)?;
            println!(
                "created {} ({})",
                created.user.username,
                created.user.role.as_str()
            );
            println!("one-time password: {}", created.one_time_password);
        }
        AdminCommand::CreateCenter { common, code, name } => {
            let app = open(&common, None).await?;
            let c = crate::app::centers::create_system(&app, &code, &name)
                .await
                .map_err(anyhow_of)?;
            println!("created center {} ({})", c.code, c.name);
        }
        AdminCommand::ResetPassword { common, user } => {
            let app = open(&common, None).await?;
            let created = people::reset_password_system(&app, &user)
                .await
                .map_err(anyhow_of)?;
            println!(
                "new one-time password for {}: {}",
                created.user.username, created.one_time_password
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn demo(common: CommonArgs) -> anyhow::Result<ExitCode> {
    let secret = common.secret()?;
    // The demo moves its own clock to lay its history in the past.
    let (clock, handle) = Clock::manual(Clock::system().now());
    let config = Config {
        tz: common.tz,
        ..Config::new("http://127.0.0.1:8080".into(), false, secret)
    };
    let app = crate::server::prepare(&common.database_url(), config, clock).await?;
    eprintln!("seeding the demo (about a minute)…");
    match crate::app::demo::run(&app, &handle).await {
        Ok(r) => {
            println!(
                "demo ready: {} trainees, {} certificates",
                r.trainees, r.certificates
            );
            println!();
            println!("sign in (each one-time password asks for a new one at first sign-in):");
            for (role, login, pw) in &r.accounts {
                println!("  {role:<20} {login:<12} {pw}");
            }
            println!();
            println!("verify a certificate:        /verify/{}", r.certificate);
            println!("and a revoked one:           /verify/{}", r.revoked);
            println!();
            println!(
                "start the service on the same data: cargo run --release -- serve --data-dir <the same dir>"
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(crate::error::AppError::Conflict {
            code: "not_empty", ..
        }) => {
            eprintln!(
                "error: the database already has centers; the demo needs a fresh one (--data-dir or DATABASE_URL)"
            );
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// Reads a JSON file of at most 1 MiB (a credential, a DID document, a status list).
fn read_json(path: &std::path::Path) -> anyhow::Result<serde_json::Value> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        .take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: not JSON: {e}", path.display()))
}

/// Fetches a JSON document (at most 1 MiB) over HTTP(S).
async fn fetch_json(url: String) -> anyhow::Result<serde_json::Value> {
    tokio::task::spawn_blocking(move || -> anyhow::Result<serde_json::Value> {
        let mut res = ureq::get(&url)
            .call()
            .map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
        let text = res
            .body_mut()
            .with_config()
            .limit(1 << 20)
            .read_to_string()
            .map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{url}: not JSON: {e}"))
    })
    .await?
}

/// The keys of a DID document: (verification method id, public key).
fn did_keys(doc: &serde_json::Value) -> Vec<(String, ed25519_dalek::VerifyingKey)> {
    doc.get("verificationMethod")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_string();
            let key = crate::certify::credential::public_key_from_multibase(
                m.get("publicKeyMultibase")?.as_str()?,
            )
            .ok()?;
            Some((id, key))
        })
        .collect()
}

async fn credential(cmd: CredentialCommand) -> anyhow::Result<ExitCode> {
    let CredentialCommand::Verify {
        file,
        online,
        did,
        status,
        common,
    } = cmd;
    let vc = match read_json(&file) {
        Ok(v) => v,
        Err(e) => {
            println!("FAILED  malformed: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    // The keys: the service's DID document (online or saved), else the keys this deployment
    // published in its database (matched by the method's fragment: the DID names the host).
    let (keys, by_fragment, status_doc) = if let Some(url) = &online {
        let base = url.trim_end_matches('/').to_string();
        let doc = fetch_json(format!("{base}/.well-known/did.json")).await?;
        let list_url = vc
            .pointer("/credentialStatus/statusListCredential")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let status_doc = match list_url {
            // Only from the service asked about: a credential must not send us elsewhere.
            Some(u) if u.starts_with(&base) => Some(fetch_json(u).await?),
            Some(u) => anyhow::bail!("the status list {u} is not under {base}"),
            None => None,
        };
        (did_keys(&doc), false, status_doc)
    } else {
        let keys = match &did {
            Some(path) => (did_keys(&read_json(path)?), false),
            None => {
                let app = open(&common, None).await?;
                let keys = crate::store::certificates::keys(&app.db.pool)
                    .await?
                    .into_iter()
                    .filter_map(|(fragment, public)| {
                        crate::certify::credential::public_key_from_multibase(&public)
                            .ok()
                            .map(|k| (fragment, k))
                    })
                    .collect();
                (keys, true)
            }
        };
        let status_doc = match &status {
            Some(p) => Some(read_json(p)?),
            None => None,
        };
        (keys.0, keys.1, status_doc)
    };
    let resolve = |method: &str| {
        let wanted = if by_fragment {
            method.rsplit_once('#').map_or(method, |(_, f)| f)
        } else {
            method
        };
        keys.iter().find(|(id, _)| id == wanted).map(|(_, k)| *k)
    };
    let problems =
        crate::certify::check::check(&vc, &resolve, Clock::system().now(), status_doc.as_ref());
    if problems.is_empty() {
        let checked = if status_doc.is_some() {
            "proof, key, validity period and revocation status"
        } else {
            "proof, key and validity period (not the revocation status: give --online or --status)"
        };
        println!("OK  {}: {checked}", file.display());
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("FAILED  {p}");
    }
    Ok(ExitCode::from(1))
}
