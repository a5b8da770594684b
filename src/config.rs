//! Runtime configuration: flags and environment variables (see the README's table).

use std::path::{Path, PathBuf};

use anyhow::Context;

#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "ANNOCERT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub common: CommonArgs,
    /// The URL users open (used for links, QR codes, and the cookie's Secure flag)
    #[arg(long, env = "ANNOCERT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Trust the X-Forwarded-For header (only behind your own load balancer)
    #[arg(long, env = "ANNOCERT_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Requests per minute from one client address, per instance (0: no limit)
    #[arg(long, env = "ANNOCERT_RATE_LIMIT_ADDRESS", default_value_t = RateLimits::DEFAULT.per_address)]
    pub rate_limit_address: u32,
    /// Requests per minute per API token or browser session, per instance (0: no limit)
    #[arg(long, env = "ANNOCERT_RATE_LIMIT_CLIENT", default_value_t = RateLimits::DEFAULT.per_client)]
    pub rate_limit_client: u32,
}

impl ServeArgs {
    pub fn rate_limits(&self) -> RateLimits {
        RateLimits {
            per_address: self.rate_limit_address,
            per_client: self.rate_limit_client,
        }
    }
}

/// Requests per minute allowed (see `web::ratelimit`); 0 means no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Per client address (with `--trust-proxy`, the forwarded one).
    pub per_address: u32,
    /// Per API token, or per browser session when there is no token.
    pub per_client: u32,
}

impl RateLimits {
    /// An exam room of about 60 candidates often shares one address behind the center's
    /// router. A candidate at work makes a request every few seconds (autosave, next item,
    /// a scene's picture), in bursts perhaps one or two a second: 60 × 100 a minute is 6,000
    /// for the address. One person or integration gets 600 a minute (10 a second sustained),
    /// several times what anyone clicking needs, while a runaway script is stopped within the
    /// minute. Static assets and health probes are not counted.
    pub const DEFAULT: RateLimits = RateLimits {
        per_address: 6000,
        per_client: 600,
    };
}

#[derive(Clone, Debug, clap::Args)]
pub struct CommonArgs {
    /// Data directory (SQLite database, server secret)
    #[arg(long, env = "ANNOCERT_DATA_DIR", default_value = "annocert-data")]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://… (default: <data-dir>/annocert.db) or postgres://…
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Time zone of the times people see and of "a day" in streaks and the review book (IANA
    /// name)
    #[arg(long, env = "ANNOCERT_TZ", default_value = "Asia/Shanghai")]
    pub tz: chrono_tz::Tz,
    /// Database connections of this instance, 2-200 (default: 4 on SQLite, 4 + one per core
    /// on PostgreSQL; docs/operations.md)
    #[arg(long, env = "ANNOCERT_DB_CONNECTIONS", value_parser = clap::value_parser!(u32).range(2..=200))]
    pub db_connections: Option<u32>,
}

impl CommonArgs {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("annocert.db").display()),
        }
    }

    /// The server secret: `ANNOCERT_SECRET`, else `<data-dir>/secret.key`, made on first use.
    /// It keys the ID-number hashes and CSRF tokens, so every instance must share it.
    pub fn secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Ok(s) = std::env::var("ANNOCERT_SECRET")
            && !s.is_empty()
        {
            anyhow::ensure!(
                s.len() >= 32,
                "ANNOCERT_SECRET must be at least 32 characters"
            );
            return Ok(s.into_bytes());
        }
        load_or_create_secret(&self.data_dir)
    }
}

fn load_or_create_secret(dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes = hex::decode(text.trim()).context("secret.key is not hex")?;
        anyhow::ensure!(bytes.len() >= 32, "secret.key is too short");
        return Ok(bytes);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let bytes: [u8; 32] = rand::random();
    write_private(&path, hex::encode(bytes).as_bytes())?;
    Ok(bytes.to_vec())
}

fn write_private(path: &Path, content: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(content)?;
    f.sync_all()?;
    Ok(())
}

/// Everything the running service needs, resolved.
#[derive(Clone, Debug)]
pub struct Config {
    pub public_url: String,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    pub secret: Vec<u8>,
    pub tz: chrono_tz::Tz,
    pub session_idle_ms: i64,
    pub session_absolute_ms: i64,
    pub rate_limits: RateLimits,
    /// The Ed25519 secret of the certificate issuer: by default derived from the server secret
    /// (so every instance sharing the secret signs with the same key), or `ANNOCERT_SIGNING_KEY`
    /// (a Multikey `z…`) to rotate it; every key used stays published in the DID document.
    pub signing_key: [u8; 32],
    /// The database pool's size; `None` for the default of the backend ([`crate::db::Db::connect`]).
    pub db_connections: Option<u32>,
}

/// The issuer key a server secret gives when no `ANNOCERT_SIGNING_KEY` is set.
pub fn derived_signing_key(secret: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"annocert certificate issuer key v1:");
    h.update(secret);
    h.finalize().into()
}

impl Config {
    pub fn new(public_url: String, trust_proxy: bool, secret: Vec<u8>) -> Self {
        let secure_cookies = public_url.starts_with("https://");
        Config {
            public_url,
            secure_cookies,
            trust_proxy,
            tz: chrono_tz::Asia::Shanghai,
            session_idle_ms: 2 * crate::clock::HOUR,
            session_absolute_ms: 12 * crate::clock::HOUR,
            rate_limits: RateLimits::DEFAULT,
            signing_key: derived_signing_key(&secret),
            db_connections: None,
            secret,
        }
    }
}
