//! 证书 — certificates: numbers, the certificate as a W3C Verifiable Credential, its proof and
//! status list (DESIGN.md's `certify/` place). Pure: no store, web or clock.

pub mod badge;
pub mod certificate;
pub mod check;
pub mod credential;
pub mod number;
pub mod status_list;
