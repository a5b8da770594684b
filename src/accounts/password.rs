//! Passwords: argon2id hashes, the minimum rules, and one-time passwords.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};

pub fn hash(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 hashing with default parameters cannot fail")
        .to_string()
}

pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// The hash of a generated one-time password. Such a password is random (12 characters of a
/// 31-letter alphabet, about 59 bits) and must be replaced at first login, so a light argon2id
/// suffices; it lets a center import thousands of trainees in seconds. The parameters travel
/// in the PHC string, so `verify` needs no change.
pub fn hash_generated(password: &str) -> String {
    let params = argon2::Params::new(1024, 1, 1, None).expect("valid argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes())
        .expect("argon2 hashing cannot fail")
        .to_string()
}

/// Runs argon2 work (hashing, verifying) on the few threads of the hashing pool, not on a new
/// blocking thread each time: each hash holds 19 MiB while it runs, and every thread keeps its
/// own allocator arena, so forty concurrent logins on `spawn_blocking` grew the process past
/// 500 MB. One thread per core bounds both the memory and the CPU argon2 takes from the other
/// requests; logins beyond that queue. The threads run at a lower scheduling priority
/// ([`yield_to_requests`]). `None` if the work panicked.
pub async fn on_hashing_pool<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("argon2-{i}"))
            .start_handler(|_| yield_to_requests())
            .build()
            .ok()
    });
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job = move || {
        let _ = tx.send(f());
    };
    match pool {
        Some(p) => p.spawn(job),
        None => rayon::spawn(job),
    }
    rx.await.ok()
}

/// Lowers the calling thread's scheduling priority (nice 10; on Linux the nice value is per
/// thread). A sign-in storm (an exam room logging in at once) then takes the cores only when
/// nothing else wants them, instead of holding autosaves and paper fetches behind a 20 ms
/// hash each: the sign-ins wait a little longer, the candidates already writing do not.
/// Best effort: where it is refused, the thread keeps its priority.
fn yield_to_requests() {
    #[cfg(unix)]
    if let Err(e) = rustix::process::setpriority_process(None, 10) {
        tracing::debug!("argon2 threads keep their priority: {e}");
    }
}

/// A hash to verify against when the account does not exist, so that a wrong username and a
/// wrong password take the same time.
pub fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash("annocert-dummy-password"))
}

/// The minimum rules: at least 10 characters, with letters and digits, not the username.
/// Returns the message key of the first rule broken.
pub fn check_rules(password: &str, username: &str) -> Result<(), &'static str> {
    if password.chars().count() < 10 {
        return Err("password.too_short");
    }
    if password.chars().count() > 128 {
        return Err("password.too_long");
    }
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !(letters && digits) {
        return Err("password.needs_mix");
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("password.contains_username");
    }
    Ok(())
}

/// A one-time password of 12 characters from an alphabet without look-alikes (0/O, 1/l/I),
/// grouped for reading aloud: `abcd-efgh-jkmn`.
pub fn one_time() -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut out = String::with_capacity(14);
    loop {
        out.clear();
        for i in 0..12 {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
        }
        // It must itself pass the rules the user will be held to.
        if out.chars().any(|c| c.is_ascii_digit()) && out.chars().any(|c| c.is_alphabetic()) {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify() {
        let h = hash("correct horse 1");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse 1", &h));
        assert!(!verify("correct horse 2", &h));
        assert!(!verify("x", "not a hash"));
        let g = hash_generated("abcd-efgh-2345");
        assert!(g.starts_with("$argon2id$"));
        assert!(verify("abcd-efgh-2345", &g));
        assert!(!verify("abcd-efgh-2346", &g));
    }

    #[test]
    fn rules() {
        assert_eq!(check_rules("short1", "u"), Err("password.too_short"));
        assert_eq!(check_rules("onlyletters", "u"), Err("password.needs_mix"));
        assert_eq!(check_rules("1234567890", "u"), Err("password.needs_mix"));
        assert_eq!(
            check_rules("zhangsan2024x", "zhangsan"),
            Err("password.contains_username")
        );
        assert_eq!(check_rules("标注训练师2024abc", "user"), Ok(()));
        for _ in 0..50 {
            let p = one_time();
            assert_eq!(p.len(), 14);
            assert_eq!(check_rules(&p, "admin"), Ok(()), "{p}");
        }
    }
}
