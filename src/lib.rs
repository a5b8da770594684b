//! annocert — training and certification for AI data annotators (人工智能训练师).
//!
//! A functional core (`accounts::idcard`, `accounts::password`, `scoring`, `curriculum`,
//! `analysis` …: pure data in, data out) inside an imperative shell (`store` for SQL, `app` for use
//! cases with authorization and transactions, `web` for HTTP, `cli` for the command line).

pub mod accounts;
pub mod analysis;
pub mod app;
pub mod bank;
pub mod certify;
pub mod cli;
pub mod clock;
pub mod config;
pub mod curriculum;
pub mod db;
pub mod error;
pub mod exam;
pub mod i18n;
pub mod markdown;
pub mod progress;
pub mod scenes;
pub mod scoring;
pub mod server;
pub mod sheet;
pub mod store;
pub mod web;
