//! 可验证证书 — Data Integrity proofs for W3C Verifiable Credentials with the cryptosuite
//! `eddsa-jcs-2022` (W3C "Data Integrity EdDSA Cryptosuites v1.0", §3.3), the issuer's Ed25519
//! key as a Multikey, and the issuer's `did:web` DID document. Pure: JSON in, JSON out.
//!
//! ```text
//!   proof options + the document's @context ──JCS──▶ SHA-256 ─┐
//!   document without proof                 ──JCS──▶ SHA-256 ─┴─▶ 64 bytes ──Ed25519──▶ signature
//!   proof = options + @context + proofValue ('z' + base58btc(signature))
//! ```
//!
//! JCS (RFC 8785) writes numbers as JavaScript does, i.e. as IEEE doubles: an integer beyond
//! 2^53 is signed only to double precision, so long numbers (ids, index values) belong in strings,
//! as the VC data model already does for `statusListIndex`.
//!
//! The official W3C test vector is in `tests/vectors/` and is reproduced byte for byte below.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

const PROOF_TYPE: &str = "DataIntegrityProof";
const CRYPTOSUITE: &str = "eddsa-jcs-2022";
const ASSERTION_METHOD: &str = "assertionMethod";

/// Multicodec `ed25519-pub` (0xed) as an unsigned varint.
const PUBLIC_HEADER: [u8; 2] = [0xed, 0x01];
/// Multicodec `ed25519-priv` (0x1300) as an unsigned varint.
const SECRET_HEADER: [u8; 2] = [0x80, 0x26];

/// Longest multibase string decoded. Base58 decoding is quadratic in the length and these strings
/// come from outside; the longest honest one, a 64-byte signature, is at most 1 + 88 characters.
const MAX_MULTIBASE_LEN: usize = 128;

/// An issuer key (Ed25519). Its `Debug` shows the public key only.
#[derive(Clone)]
pub struct IssuerKey(SigningKey);

/// Why a Multikey string is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Not multibase base58btc: no leading `z`, or far too long to be a key.
    #[error("a Multikey must be multibase base58btc (start with 'z')")]
    NotBase58btc,
    #[error("the Multikey is not valid base58")]
    BadBase58,
    /// Valid base58, but not an Ed25519 key of the kind asked for (header or length).
    #[error("the Multikey is not an Ed25519 {0} key")]
    WrongKind(&'static str),
    /// The 32 bytes are not a point on the curve.
    #[error("the public key is not a valid Ed25519 point")]
    InvalidPoint,
}

/// Why a proof is not made or not accepted. `Malformed` is for inputs the cryptosuite does not
/// take; the others say why a well-formed proof fails.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("malformed: {0}")]
    Malformed(String),
    /// The proof's `@context` is not the first entries of the document's (§3.3.2 step 4.1).
    #[error("the proof's @context does not match the document's")]
    ContextMismatch,
    /// The resolver knows no key for this `verificationMethod`.
    #[error("unknown verification method: {0}")]
    UnknownKey(String),
    #[error("the signature does not verify")]
    BadSignature,
}

fn malformed(why: &str) -> ProofError {
    ProofError::Malformed(why.to_string())
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("IssuerKey")
            .field(&self.public_multibase())
            .finish()
    }
}

impl IssuerKey {
    pub fn from_secret_bytes(b: [u8; 32]) -> IssuerKey {
        IssuerKey(SigningKey::from_bytes(&b))
    }

    /// A new random key. `rand::random` draws from the thread's CSPRNG (seeded by the OS); the
    /// 32 bytes are the whole Ed25519 secret, so no `rand_core` bridge to ed25519-dalek is needed.
    pub fn generate() -> IssuerKey {
        IssuerKey::from_secret_bytes(rand::random())
    }

    /// Multikey with multicodec header 0x8026 (ed25519-priv), base58btc `z…` (`z3u2…`).
    pub fn secret_multibase(&self) -> String {
        multikey(SECRET_HEADER, self.0.as_bytes())
    }

    pub fn from_secret_multibase(s: &str) -> Result<IssuerKey, KeyError> {
        decode_multikey(s, SECRET_HEADER, "secret").map(IssuerKey::from_secret_bytes)
    }

    /// Multikey with header 0xed01 (ed25519-pub), base58btc `z6Mk…`.
    pub fn public_multibase(&self) -> String {
        multikey(PUBLIC_HEADER, self.0.verifying_key().as_bytes())
    }

    /// The 32 secret bytes (what `Config::signing_key` holds).
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.0.verifying_key()
    }
}

/// A public key from its Multikey string (`z6Mk…`).
pub fn public_key_from_multibase(s: &str) -> Result<VerifyingKey, KeyError> {
    let bytes = decode_multikey(s, PUBLIC_HEADER, "public")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::InvalidPoint)
}

fn multikey(header: [u8; 2], key: &[u8; 32]) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&header);
    bytes.extend_from_slice(key);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The 32 key bytes of a `z…` Multikey with the given two-byte header.
fn decode_multikey(s: &str, header: [u8; 2], kind: &'static str) -> Result<[u8; 32], KeyError> {
    let b58 = s
        .strip_prefix('z')
        .filter(|b| b.len() <= MAX_MULTIBASE_LEN)
        .ok_or(KeyError::NotBase58btc)?;
    let bytes = bs58::decode(b58)
        .into_vec()
        .map_err(|_| KeyError::BadBase58)?;
    bytes
        .strip_prefix(&header)
        .and_then(|key| <[u8; 32]>::try_from(key).ok())
        .ok_or(KeyError::WrongKind(kind))
}

/// The signature in a `proofValue`: multibase base58btc of exactly 64 bytes.
fn decode_proof_value(s: &str) -> Result<Signature, ProofError> {
    let b58 = s
        .strip_prefix('z')
        .filter(|b| b.len() <= MAX_MULTIBASE_LEN)
        .ok_or_else(|| malformed("proofValue must be multibase base58btc ('z…')"))?;
    let bytes = bs58::decode(b58)
        .into_vec()
        .map_err(|_| malformed("proofValue is not valid base58"))?;
    let bytes = <[u8; 64]>::try_from(bytes.as_slice())
        .map_err(|_| malformed("proofValue must hold a 64-byte Ed25519 signature"))?;
    Ok(Signature::from_bytes(&bytes))
}

/// RFC 8785 canonical JSON, as UTF-8 bytes.
fn jcs(v: &impl serde::Serialize) -> Result<Vec<u8>, ProofError> {
    serde_json_canonicalizer::to_vec(v)
        .map_err(|e| ProofError::Malformed(format!("cannot canonicalize: {e}")))
}

/// §3.3.4 Hashing: SHA-256(JCS(proof config)) followed by SHA-256(JCS(document)) — the proof
/// config's hash comes first.
fn hash_data(
    proof_config: &Map<String, Value>,
    document: &Map<String, Value>,
) -> Result<[u8; 64], ProofError> {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&Sha256::digest(jcs(proof_config)?));
    out[32..].copy_from_slice(&Sha256::digest(jcs(document)?));
    Ok(out)
}

/// An XMLSCHEMA11-2 `dateTimeStamp` (a date-time with its zone), as `created` and `expires` must
/// be: RFC 3339 with a `T`.
fn is_date_time_stamp(s: &str) -> bool {
    s.as_bytes().get(10) == Some(&b'T') && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// §3.3.5 Proof Configuration's checks, shared by signing and verifying: the type and the
/// cryptosuite are this suite's, `verificationMethod` and `proofPurpose` are strings, and the
/// times are date-time stamps.
fn check_config(config: &Map<String, Value>) -> Result<(), ProofError> {
    let text = |k: &str| config.get(k).and_then(Value::as_str);
    if text("type") != Some(PROOF_TYPE) {
        return Err(malformed("proof type must be DataIntegrityProof"));
    }
    if text("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(malformed("cryptosuite must be eddsa-jcs-2022"));
    }
    if text("verificationMethod").is_none_or(str::is_empty) {
        return Err(malformed("verificationMethod must be a non-empty string"));
    }
    if text("proofPurpose").is_none() {
        return Err(malformed("proofPurpose must be a string"));
    }
    for k in ["created", "expires"] {
        if let Some(v) = config.get(k)
            && !v.as_str().is_some_and(is_date_time_stamp)
        {
            return Err(ProofError::Malformed(format!(
                "{k} must be a date-time with a time zone"
            )));
        }
    }
    Ok(())
}

/// The proof configuration for signing `doc` with `options` (§3.3.1 step 2, §3.3.5): the
/// options with the document's `@context` copied in, checked.
fn proof_config(
    doc: &Map<String, Value>,
    options: &Value,
) -> Result<Map<String, Value>, ProofError> {
    let mut config = options
        .as_object()
        .cloned()
        .ok_or_else(|| malformed("proof options must be a JSON object"))?;
    if config.contains_key("proofValue") {
        return Err(malformed("proof options must not carry a proofValue"));
    }
    match doc.get("@context") {
        Some(context) => {
            config.insert("@context".into(), context.clone());
        }
        // The verifier would look for it in the document and not find it.
        None if config.contains_key("@context") => {
            return Err(malformed(
                "the proof options carry an @context but the document has none",
            ));
        }
        None => {}
    }
    check_config(&config)?;
    Ok(config)
}

/// Signs `doc` (a JSON object without `proof`) with the proof options (`type`
/// DataIntegrityProof, `cryptosuite` eddsa-jcs-2022, `created`, `verificationMethod`,
/// `proofPurpose`). The proof carries the document's `@context`, as the W3C vector of 2024-12
/// does. Returns the document with `proof` added, `proofValue` = `z` + base58btc(signature).
pub fn sign(doc: &Value, options: &Value, key: &IssuerKey) -> Result<Value, ProofError> {
    let doc_map = doc
        .as_object()
        .ok_or_else(|| malformed("the document must be a JSON object"))?;
    // One proof per credential: a second would be a proof set, which `verify` refuses.
    if doc_map.contains_key("proof") {
        return Err(malformed("the document already has a proof"));
    }
    let mut proof = proof_config(doc_map, options)?;
    let signature = key.0.sign(&hash_data(&proof, doc_map)?);
    proof.insert(
        "proofValue".into(),
        Value::String(format!(
            "z{}",
            bs58::encode(signature.to_bytes()).into_string()
        )),
    );
    let mut secured = doc_map.clone();
    secured.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(secured))
}

/// Verifies a secured document (§3.3.2). `resolve(verification_method)` gives the public key of a
/// `verificationMethod` id, or `None` for an unknown key. Checks, in order: the proof is present
/// and well-formed (one object; type, cryptosuite, `proofPurpose` assertionMethod, times,
/// `proofValue` a multibase 64-byte signature); the proof's `@context`, when present, is the
/// start of the document's (the document may have gained contexts after it, §3.3.2 step 4); the
/// key is known; the signature holds (strict Ed25519: no malleable signatures, no weak keys).
pub fn verify(
    doc: &Value,
    resolve: impl Fn(&str) -> Option<VerifyingKey>,
) -> Result<(), ProofError> {
    let doc_map = doc
        .as_object()
        .ok_or_else(|| malformed("the document must be a JSON object"))?;
    let mut config = match doc_map.get("proof") {
        Some(Value::Object(p)) => p.clone(),
        Some(Value::Array(_)) => return Err(malformed("proof sets are not supported")),
        Some(_) => return Err(malformed("proof must be a JSON object")),
        None => return Err(malformed("the document has no proof")),
    };
    let signature = match config.remove("proofValue") {
        Some(Value::String(s)) => decode_proof_value(&s)?,
        _ => return Err(malformed("proofValue must be a string")),
    };
    check_config(&config)?;
    if config.get("proofPurpose").and_then(Value::as_str) != Some(ASSERTION_METHOD) {
        return Err(malformed("proofPurpose must be assertionMethod"));
    }
    let mut unsecured = doc_map.clone();
    unsecured.remove("proof");
    if let Some(context) = config.get("@context") {
        let (signed, now) = (as_list(context), unsecured.get("@context").map(as_list));
        if !now.is_some_and(|now| now.starts_with(&signed)) {
            return Err(ProofError::ContextMismatch);
        }
        unsecured.insert("@context".into(), context.clone());
    }
    let method = config
        .get("verificationMethod")
        .and_then(Value::as_str)
        .unwrap_or_default(); // check_config made sure it is a string
    let key = resolve(method).ok_or_else(|| ProofError::UnknownKey(method.to_string()))?;
    let hash = hash_data(&config, &unsecured)?;
    key.verify_strict(&hash, &signature)
        .map_err(|_| ProofError::BadSignature)
}

/// An `@context` as the list of its entries (a lone string or object is a list of one).
fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// A DID document for `did` with the given keys (fragment without `#`, public Multikey), each a
/// `Multikey` verification method controlled by `did` and listed under `assertionMethod`, the
/// relationship [`verify`] requires of credential proofs.
pub fn did_document(did: &str, keys: &[(String, String)]) -> Value {
    let ids: Vec<String> = keys
        .iter()
        .map(|(fragment, _)| format!("{did}#{}", fragment.trim_start_matches('#')))
        .collect();
    let methods: Vec<Value> = keys
        .iter()
        .zip(&ids)
        .map(|((_, public), id)| {
            json!({
                "id": id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public,
            })
        })
        .collect();
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}

/// The `did:web` DID of the service at `public_url` (http or https): the host, with a port's `:`
/// written `%3A`, then the path segments, joined by `:`. Query, fragment and user info name no
/// part of the DID and are dropped; any character a DID may not hold is percent-encoded. The DID
/// document is then served at `<url>/.well-known/did.json` for a bare host and at
/// `<url>/did.json` under a path (did:web method spec §3.2).
///
/// `https://example.com` → `did:web:example.com`; `http://127.0.0.1:8080` →
/// `did:web:127.0.0.1%3A8080`; `https://a.org/certs` → `did:web:a.org:certs`.
pub fn did_web(public_url: &str) -> String {
    let url = public_url.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| &url[scheme.len()..])
        })
        .unwrap_or(url);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_ascii_lowercase();
    let mut did = String::from("did:web:");
    did.push_str(&pct_encode(&host));
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        did.push(':');
        did.push_str(&pct_encode(segment));
    }
    did
}

/// Percent-encodes what a DID's `idchar` (ALPHA / DIGIT / "." / "-" / "_" / pct-encoded) does
/// not allow; a `%` that already starts a `%XX` escape stays.
fn pct_encode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        let escape_start = c == b'%'
            && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_') || escape_start {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The official W3C vector (w3c/vc-di-eddsa TestVectors, 2024-12-09), copied into the repo
    /// so a clean clone has it; the README beside it says where each value comes from.
    const VECTOR: &str = include_str!("../../tests/vectors/eddsa-jcs-2022.json");

    fn vector() -> Value {
        serde_json::from_str(VECTOR).expect("the vector is JSON")
    }

    fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
        v.pointer(pointer).and_then(Value::as_str).expect(pointer)
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    /// A resolver for `did:key` methods: the fragment is the public Multikey itself.
    fn did_key(method: &str) -> Option<VerifyingKey> {
        let (did, fragment) = method.split_once('#')?;
        (did.strip_prefix("did:key:")? == fragment)
            .then(|| public_key_from_multibase(fragment).ok())
            .flatten()
    }

    fn vector_key() -> IssuerKey {
        IssuerKey::from_secret_multibase(text(&vector(), "/keyPair/privateKeyMultibase")).unwrap()
    }

    #[test]
    fn vector_keys() {
        let v = vector();
        let key = vector_key();
        assert_eq!(
            hex::encode(key.0.as_bytes()),
            text(&v, "/keyPair/secretKeyHex")
        );
        assert_eq!(
            key.secret_multibase(),
            text(&v, "/keyPair/privateKeyMultibase")
        );
        assert_eq!(
            key.public_multibase(),
            text(&v, "/keyPair/publicKeyMultibase")
        );
        let public = public_key_from_multibase(text(&v, "/keyPair/publicKeyMultibase")).unwrap();
        assert_eq!(
            hex::encode(public.as_bytes()),
            text(&v, "/keyPair/publicKeyHex")
        );
        assert_eq!(public, key.verifying_key());
        // The secret never shows in Debug.
        let debug = format!("{key:?}");
        assert!(debug.contains("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"));
        assert!(!debug.contains(text(&v, "/keyPair/privateKeyMultibase")));
    }

    #[test]
    fn vector_reproduces_exactly() {
        let v = vector();
        let unsigned = &v["unsignedCredential"];
        let options = &v["proofOptions"];
        let key = vector_key();

        // The transformation and configuration steps, each against its published value.
        let unsigned_map = unsigned.as_object().unwrap();
        let config = proof_config(unsigned_map, options).unwrap();
        let canon_config = jcs(&config).unwrap();
        let canon_doc = jcs(unsigned).unwrap();
        assert_eq!(
            String::from_utf8(canon_config.clone()).unwrap(),
            text(&v, "/canonicalProofConfig")
        );
        assert_eq!(
            String::from_utf8(canon_doc.clone()).unwrap(),
            text(&v, "/canonicalDocument")
        );
        assert_eq!(sha256_hex(&canon_config), text(&v, "/proofConfigHashHex"));
        assert_eq!(sha256_hex(&canon_doc), text(&v, "/documentHashHex"));
        let combined = hash_data(&config, unsigned_map).unwrap();
        assert_eq!(hex::encode(combined), text(&v, "/combinedHashHex"));
        assert_eq!(
            hex::encode(key.0.sign(&combined).to_bytes()),
            text(&v, "/signatureHex")
        );

        // The whole signing: the proofValue and the signed credential, then verification.
        let signed = sign(unsigned, options, &key).unwrap();
        assert_eq!(text(&signed, "/proof/proofValue"), text(&v, "/proofValue"));
        assert_eq!(signed, v["signedCredential"]);
        assert_eq!(verify(&v["signedCredential"], did_key), Ok(()));

        // The vector's options already hold the copied @context; options without it give the
        // same proof, since signing copies the document's in.
        let mut bare = options.clone();
        bare.as_object_mut().unwrap().remove("@context");
        assert_eq!(sign(unsigned, &bare, &key).unwrap(), signed);
    }

    /// RFC 8785 §3.2.2.3's sample (numbers, escapes, literals): JCS writes numbers as JavaScript
    /// does — a score like 87.5 in a credential must hash the same in every language.
    #[test]
    fn jcs_matches_rfc_8785_sample() {
        let input: Value = serde_json::from_str(
            r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                "literals": [null, true, false]}"#,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(jcs(&input).unwrap()).unwrap(),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
        // Keys sort by UTF-16 code units: U+1F600 (D83D DE00) before U+FB01 (FB01), though its
        // UTF-8 (F0 …) sorts after EF AC 81.
        let keys = json!({"\u{fb01}": 1, "\u{1f600}": 2});
        assert_eq!(
            String::from_utf8(jcs(&keys).unwrap()).unwrap(),
            "{\"\u{1f600}\":2,\"\u{fb01}\":1}"
        );
    }

    const METHOD: &str = "did:web:certs.example:issuer#key-1";

    fn options() -> Value {
        json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2026-03-01T08:00:00Z",
            "verificationMethod": METHOD,
            "proofPurpose": "assertionMethod",
        })
    }

    /// The vector's key under [`METHOD`] and nothing else.
    fn resolver(method: &str) -> Option<VerifyingKey> {
        (method == METHOD).then(|| vector_key().verifying_key())
    }

    fn signed_vector_credential() -> Value {
        sign(&vector()["unsignedCredential"], &options(), &vector_key()).unwrap()
    }

    fn set(v: &mut Value, pointer: &str, to: Value) {
        *v.pointer_mut(pointer).expect(pointer) = to;
    }

    #[test]
    fn verify_tells_failures_apart() {
        let good = signed_vector_credential();
        assert_eq!(verify(&good, resolver), Ok(()));
        let is_malformed = |v: &Value| matches!(verify(v, resolver), Err(ProofError::Malformed(_)));

        // Missing proof, a proof set, a proof that is no object.
        assert!(is_malformed(&vector()["unsignedCredential"]));
        let mut d = good.clone();
        let proof = d["proof"].clone();
        set(&mut d, "/proof", json!([proof]));
        assert!(is_malformed(&d));
        set(&mut d, "/proof", json!("proof"));
        assert!(is_malformed(&d));
        assert!(is_malformed(&json!(["not", "an", "object"])));

        // Wrong type, cryptosuite, purpose, time.
        for (pointer, to) in [
            ("/proof/type", json!("Ed25519Signature2020")),
            ("/proof/cryptosuite", json!("eddsa-rdfc-2022")),
            ("/proof/proofPurpose", json!("authentication")),
            ("/proof/created", json!("2026-03-01 08:00")),
            ("/proof/verificationMethod", json!(7)),
        ] {
            let mut d = good.clone();
            set(&mut d, pointer, to);
            assert!(is_malformed(&d), "{pointer}");
        }

        // Bad multibase: another base, a character base58 lacks ('0'), a short signature, a
        // number, a string long enough to be slow to decode.
        for to in [
            json!("u2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJd"),
            json!("z0HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJd"),
            json!("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQ"),
            json!(42),
            json!(format!("z{}", "2".repeat(100_000))),
        ] {
            let mut d = good.clone();
            set(&mut d, "/proof/proofValue", to.clone());
            assert!(is_malformed(&d), "{to}");
        }

        // A key nobody knows.
        assert_eq!(
            verify(&good, |_| None),
            Err(ProofError::UnknownKey(METHOD.into()))
        );

        // A changed claim; a signature by another key.
        let mut d = good.clone();
        set(
            &mut d,
            "/credentialSubject/alumniOf",
            json!("Another School"),
        );
        assert_eq!(verify(&d, resolver), Err(ProofError::BadSignature));
        let other = IssuerKey::from_secret_bytes([7; 32]).verifying_key();
        assert_eq!(
            verify(&good, |_| Some(other)),
            Err(ProofError::BadSignature)
        );

        // The document's @context changed under the proof's; gone; a context added after the
        // proof's entries is allowed (§3.3.2 step 4: the proof's @context is what was signed).
        let mut d = good.clone();
        set(&mut d, "/@context/1", json!("https://evil.example/v1"));
        assert_eq!(verify(&d, resolver), Err(ProofError::ContextMismatch));
        d.as_object_mut().unwrap().remove("@context");
        assert_eq!(verify(&d, resolver), Err(ProofError::ContextMismatch));
        let mut d = good.clone();
        d["@context"].as_array_mut().unwrap().push(json!(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ));
        assert_eq!(verify(&d, resolver), Ok(()));
    }

    #[test]
    fn sign_refuses_what_it_cannot_sign() {
        let unsigned = vector()["unsignedCredential"].clone();
        let key = vector_key();
        let is_malformed =
            |d: &Value, o: &Value| matches!(sign(d, o, &key), Err(ProofError::Malformed(_)));
        assert!(is_malformed(&json!("a string"), &options()));
        assert!(is_malformed(&unsigned, &json!(null)));
        assert!(is_malformed(&signed_vector_credential(), &options()));
        for (field, to) in [
            ("type", json!("Ed25519Signature2020")),
            ("cryptosuite", json!("ecdsa-jcs-2019")),
            ("created", json!("yesterday")),
            ("verificationMethod", json!("")),
            ("proofValue", json!("z1")),
        ] {
            let mut o = options();
            o[field] = to;
            assert!(is_malformed(&unsigned, &o), "{field}");
        }
        let mut o = options();
        o.as_object_mut().unwrap().remove("proofPurpose");
        assert!(is_malformed(&unsigned, &o));
        // Options that bring an @context to a document without one.
        let mut d = unsigned.clone();
        d.as_object_mut().unwrap().remove("@context");
        let mut o = options();
        o["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
        assert!(is_malformed(&d, &o));
        // Without @context anywhere, the proof has none and still verifies.
        let signed = sign(&d, &options(), &key).unwrap();
        assert!(signed["proof"].get("@context").is_none());
        assert_eq!(verify(&signed, resolver), Ok(()));
    }

    #[test]
    fn key_errors() {
        let v = vector();
        let public = text(&v, "/keyPair/publicKeyMultibase");
        let secret = text(&v, "/keyPair/privateKeyMultibase");
        assert_eq!(
            IssuerKey::from_secret_multibase(public).unwrap_err(),
            KeyError::WrongKind("secret")
        );
        assert_eq!(
            public_key_from_multibase(secret).unwrap_err(),
            KeyError::WrongKind("public")
        );
        assert_eq!(
            public_key_from_multibase(&public[1..]).unwrap_err(),
            KeyError::NotBase58btc
        );
        assert_eq!(
            public_key_from_multibase("z6Mk0OIl").unwrap_err(),
            KeyError::BadBase58
        );
        assert_eq!(
            public_key_from_multibase(&format!("z{}", "6".repeat(10_000))).unwrap_err(),
            KeyError::NotBase58btc
        );
        // 33 key bytes after the header.
        let long = format!(
            "z{}",
            bs58::encode([&PUBLIC_HEADER[..], &[1; 33]].concat()).into_string()
        );
        assert_eq!(
            public_key_from_multibase(&long).unwrap_err(),
            KeyError::WrongKind("public")
        );
        // y = 2 is not the y of a curve point: x² = (y² − 1)/(d·y² + 1) has no root.
        let mut y = [0u8; 32];
        y[0] = 2;
        assert_eq!(
            public_key_from_multibase(&multikey(PUBLIC_HEADER, &y)).unwrap_err(),
            KeyError::InvalidPoint
        );
    }

    #[test]
    fn generated_keys_differ_and_sign() {
        let (a, b) = (IssuerKey::generate(), IssuerKey::generate());
        assert_ne!(a.secret_multibase(), b.secret_multibase());
        let signed = sign(&vector()["unsignedCredential"], &options(), &a).unwrap();
        assert_eq!(verify(&signed, |_| Some(a.verifying_key())), Ok(()));
        assert_eq!(
            verify(&signed, |_| Some(b.verifying_key())),
            Err(ProofError::BadSignature)
        );
    }

    #[test]
    fn did_web_examples() {
        assert_eq!(did_web("https://example.com"), "did:web:example.com");
        assert_eq!(did_web("http://127.0.0.1:8080"), "did:web:127.0.0.1%3A8080");
        assert_eq!(did_web("https://a.org/certs"), "did:web:a.org:certs");
        // Trailing slash, empty segments, query, fragment, user info, case.
        assert_eq!(
            did_web("HTTPS://A.Org//certs/v1/?x=1#f"),
            "did:web:a.org:certs:v1"
        );
        assert_eq!(did_web("https://u:p@example.com/"), "did:web:example.com");
        // Characters a DID may not hold are percent-encoded; an escape stays.
        assert_eq!(
            did_web("https://a.org/c~d/%E4%B8%AD"),
            "did:web:a.org:c%7Ed:%E4%B8%AD"
        );
        assert_eq!(
            did_web("https://a.org/证书"),
            "did:web:a.org:%E8%AF%81%E4%B9%A6"
        );
        assert_eq!(did_web(""), "did:web:");
    }

    #[test]
    fn did_document_shape() {
        let doc = did_document(
            "did:web:example.com",
            &[
                ("key-1".into(), "z6MkA".into()),
                ("#key-2".into(), "z6MkB".into()),
            ],
        );
        assert_eq!(
            doc,
            json!({
                "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                "id": "did:web:example.com",
                "verificationMethod": [
                    {"id": "did:web:example.com#key-1", "type": "Multikey",
                     "controller": "did:web:example.com", "publicKeyMultibase": "z6MkA"},
                    {"id": "did:web:example.com#key-2", "type": "Multikey",
                     "controller": "did:web:example.com", "publicKeyMultibase": "z6MkB"},
                ],
                "assertionMethod": ["did:web:example.com#key-1", "did:web:example.com#key-2"],
            })
        );
        assert_eq!(did_document("did:web:x", &[])["assertionMethod"], json!([]));
    }

    // ---- properties -------------------------------------------------------------------------

    /// Any JSON, numbers within ±2^40 or so (see the module note on doubles).
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(1i64 << 40)..(1i64 << 40)).prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z0-9 é中\"\\\\]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z@]{1,5}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// The vector's credential with random claims added at the top and in the subject.
    fn credential() -> impl Strategy<Value = Value> {
        (json_value(), json_value()).prop_map(|(top, subject)| {
            let mut c = vector()["unsignedCredential"].clone();
            c["extra"] = top;
            c["credentialSubject"]["extra"] = subject;
            c
        })
    }

    /// A step on the way to a node: an object key or an array index.
    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    /// A place a change can be made: a leaf's value (scalars and empty containers), or a key.
    #[derive(Clone, Debug)]
    enum Site {
        Leaf(Vec<Step>),
        Key(Vec<Step>, String),
    }

    fn sites(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Site>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, child) in m {
                    out.push(Site::Key(path.clone(), k.clone()));
                    path.push(Step::Key(k.clone()));
                    sites(child, path, out);
                    path.pop();
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for (i, child) in a.iter().enumerate() {
                    path.push(Step::Index(i));
                    sites(child, path, out);
                    path.pop();
                }
            }
            _ => out.push(Site::Leaf(path.clone())),
        }
    }

    fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
        path.iter().fold(v, |v, step| match step {
            Step::Key(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        })
    }

    /// A different value of the same kind, different after JCS too.
    fn changed(v: &Value) -> Value {
        match v {
            Value::Null => Value::Bool(false),
            Value::Bool(b) => Value::Bool(!b),
            Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
            Value::String(s) => Value::String(format!("{s}x")),
            Value::Array(_) => json!([null]),
            Value::Object(_) => json!({"x": null}),
        }
    }

    fn mutate(mut v: Value, site: &Site) -> Value {
        match site {
            Site::Leaf(path) => {
                let n = node(&mut v, path);
                *n = changed(n);
            }
            Site::Key(path, key) => {
                if let Value::Object(m) = node(&mut v, path) {
                    let mut new = format!("{key}x");
                    while m.contains_key(&new) {
                        new.push('x');
                    }
                    if let Some(child) = m.remove(key) {
                        m.insert(new, child);
                    }
                }
            }
        }
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Changing any leaf value or any key of a signed credential, at any depth, in the proof
        /// too (proofValue included), makes verification fail.
        #[test]
        fn any_change_breaks_the_proof(c in credential(), pick in any::<prop::sample::Index>()) {
            let signed = sign(&c, &options(), &vector_key()).unwrap();
            prop_assert_eq!(verify(&signed, resolver), Ok(()));
            let mut all = Vec::new();
            sites(&signed, &mut Vec::new(), &mut all);
            let site = pick.get(&all);
            let mutated = mutate(signed.clone(), site);
            prop_assert_ne!(&mutated, &signed);
            prop_assert!(verify(&mutated, resolver).is_err(), "{:?} still verifies", site);
        }

        #[test]
        fn keys_round_trip(secret in any::<[u8; 32]>()) {
            let key = IssuerKey::from_secret_bytes(secret);
            let (s, p) = (key.secret_multibase(), key.public_multibase());
            prop_assert!(s.starts_with("z3u2"), "{}", s);
            prop_assert!(p.starts_with("z6Mk"), "{}", p);
            let back = IssuerKey::from_secret_multibase(&s).unwrap();
            prop_assert_eq!(back.0.as_bytes(), &secret);
            prop_assert_eq!(public_key_from_multibase(&p).unwrap(), key.verifying_key());
        }

        /// Nothing from outside makes these panic.
        #[test]
        fn never_panics(doc in json_value(), s in "\\PC{0,60}", url in "\\PC{0,40}") {
            let _ = verify(&doc, resolver);
            let _ = verify(&json!({"proof": doc.clone()}), resolver);
            let mut proof = signed_vector_credential();
            proof["proof"]["proofValue"] = Value::String(s.clone());
            let _ = verify(&proof, resolver);
            let _ = sign(&doc, &doc, &vector_key());
            let _ = (IssuerKey::from_secret_multibase(&s), public_key_from_multibase(&s));
            let _ = IssuerKey::from_secret_multibase(&format!("z{s}"));
            prop_assert!(did_web(&url).starts_with("did:web:"));
        }
    }
}
