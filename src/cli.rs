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
    /// Administration from the console
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
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
    crate::server::prepare(
        &common.database_url(),
        Config::new(url, trust, secret),
        Clock::system(),
    )
    .await
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let public_url = args.public_url.clone().unwrap_or_else(|| {
        let host = args.listen.replace("0.0.0.0", "127.0.0.1");
        format!("http://{host}")
    });
    let app = open(&args.common, Some((public_url.clone(), args.trust_proxy))).await?;
    if let Some(pw) = crate::app::bootstrap::ensure_admin(&app)
        .await
        .map_err(anyhow_of)?
    {
        print_admin_block(&pw);
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
    crate::server::serve(app, listener, crate::server::shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
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
