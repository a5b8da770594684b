//! HTML pages. Handlers are short: extract, call one app function, render.

pub mod account;
pub mod admin;
pub mod analysis;
pub mod audit;
pub mod auth;
pub mod banks;
pub mod certificates;
pub mod curriculum;
pub mod exams;
pub mod home;
pub mod marking;
pub mod mock;
pub mod people;
pub mod practice;
pub mod progress;
pub mod reviews;
pub mod scenes;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;

use super::ctx::RequestInfo;
use crate::accounts::{Role, User};
use crate::app::App;
use crate::error::{AppError, FieldError};
use crate::i18n::{Lang, Tr};

pub fn routes() -> Router<App> {
    Router::new()
        .merge(home::routes())
        .merge(auth::routes())
        .merge(account::routes())
        .merge(admin::routes())
        .merge(people::routes())
        .merge(audit::routes())
        .merge(curriculum::routes())
        .merge(practice::routes())
        .merge(scenes::routes())
        .merge(banks::routes())
        .merge(progress::routes())
        .merge(mock::routes())
        .merge(exams::routes())
        .merge(marking::routes())
        .merge(analysis::routes())
        .merge(reviews::routes())
        .merge(certificates::routes())
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the base layout needs on every page.
pub struct Base {
    pub tr: Tr,
    pub user: Option<User>,
    pub csrf: String,
    pub path: String,
    pub title: String,
    pub nav: Vec<NavItem>,
    /// Breadcrumbs before the page's own title: (label, href).
    pub crumbs: Vec<(String, String)>,
    /// The display time zone (config).
    pub tz: chrono_tz::Tz,
}

impl Base {
    pub fn new(info: &RequestInfo, title_key: &str) -> Self {
        let tr = info.tr();
        Base::titled(info, tr.t(title_key).to_string())
    }

    pub fn titled(info: &RequestInfo, title: String) -> Self {
        let tr = info.tr();
        let user = info.user().cloned();
        let items: &[(&str, &str)] = match user.as_ref().map(|u| u.role) {
            Some(Role::PlatformAdmin) => &[
                ("/", "nav.home"),
                ("/admin/centers", "nav.centers"),
                ("/center/people", "nav.people"),
                ("/center/progress", "nav.cohort"),
                ("/center/banks", "nav.banks"),
                ("/center/analysis", "nav.analysis"),
                ("/scenes/gallery", "nav.scenes"),
                ("/audit", "nav.audit"),
                ("/curriculum", "nav.curriculum"),
            ],
            Some(Role::CenterAdmin) => &[
                ("/", "nav.home"),
                ("/center/people", "nav.people"),
                ("/center/exams", "nav.exams"),
                ("/center/certificates", "nav.certificates"),
                ("/center/progress", "nav.cohort"),
                ("/reviews", "nav.reviews"),
                ("/center/banks", "nav.banks"),
                ("/center/analysis", "nav.analysis"),
                ("/scenes/gallery", "nav.scenes"),
                ("/audit", "nav.audit"),
                ("/curriculum", "nav.curriculum"),
            ],
            Some(Role::Examiner) => &[
                ("/", "nav.home"),
                ("/center/exams", "nav.proctoring"),
                ("/marking", "nav.marking"),
                ("/reviews", "nav.reviews"),
                ("/practice", "nav.practice"),
                ("/curriculum", "nav.curriculum"),
            ],
            Some(_) => &[
                ("/", "nav.home"),
                ("/exams", "nav.my_exams"),
                ("/certificates", "nav.my_certificates"),
                ("/practice", "nav.practice"),
                ("/progress", "nav.progress"),
                ("/review", "nav.review"),
                ("/mock", "nav.mock"),
                ("/curriculum", "nav.curriculum"),
            ],
            None => &[("/verify", "nav.verify"), ("/curriculum", "nav.curriculum")],
        };
        let nav = items
            .iter()
            .map(|(href, key)| NavItem {
                href,
                label: tr.t(key),
                active: if *href == "/" {
                    info.path == "/"
                } else {
                    info.path == *href
                        || (info.path.starts_with(href)
                            && !items
                                .iter()
                                .any(|(h, _)| h.len() > href.len() && info.path.starts_with(h)))
                },
            })
            .collect();
        Base {
            tr,
            user,
            csrf: info.csrf.clone(),
            path: info.path.clone(),
            title,
            nav,
            crumbs: vec![],
            tz: info.tz,
        }
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push((label.into(), href.into()));
        self
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.tr.t(key)
    }

    /// The versioned URL of a static file (cached for a year; see `assets::version`).
    pub fn asset(&self, path: &str) -> String {
        crate::web::assets::static_url(path)
    }

    /// A message with one placeholder, for templates: `b.tf1("scenes.objects", "n", 5)`.
    pub fn tf1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        crate::i18n::tf(self.tr.lang, key, &[(name, value.to_string())])
    }

    pub fn other_lang(&self) -> Lang {
        self.tr.lang.other()
    }

    pub fn role_label(&self) -> &'static str {
        self.user
            .as_ref()
            .map(|u| self.tr.t(u.role.label_key()))
            .unwrap_or("")
    }

    pub fn fmt_time(&self, ms: &i64) -> String {
        crate::clock::format_local(*ms, self.tz)
    }
}

/// Field errors of a form, by field name, in the user's language.
#[derive(Default)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn from(errs: &[FieldError], lang: Lang) -> Self {
        FormErrors(
            errs.iter()
                .map(|e| (e.field.clone(), e.message(lang)))
                .collect(),
        )
    }
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// The problems of a refused file as its page lists them: (row, column, message).
pub fn row_problems(errs: &[FieldError], lang: Lang) -> Vec<(String, String, String)> {
    errs.iter()
        .map(|e| {
            (
                e.row.map(|r| r.to_string()).unwrap_or_default(),
                e.field.clone(),
                e.message(lang),
            )
        })
        .collect()
}

/// Splits validation errors (shown in the form) from every other error (an error page).
pub fn form_errors(e: AppError, lang: Lang) -> Result<FormErrors, AppError> {
    match e {
        AppError::Validation(errs) => Ok(FormErrors::from(&errs, lang)),
        other => Err(other),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub b: Base,
    pub status: u16,
    pub message: String,
    pub fields: Vec<String>,
}

/// Pager links for listings.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub total: i64,
    /// The query string without `page`, to which `&page=N` is appended.
    pub base_query: String,
}

impl Pager {
    pub fn new<T>(p: &crate::app::Page<T>, params: &[(&str, &str)]) -> Self {
        let base_query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter().filter(|(_, v)| !v.is_empty()))
            .finish();
        Pager {
            page: p.page,
            pages: p.pages(),
            total: p.total,
            base_query,
        }
    }
    pub fn href(&self, page: u32) -> String {
        if self.base_query.is_empty() {
            format!("?page={page}")
        } else {
            format!("?{}&page={page}", self.base_query)
        }
    }
    pub fn prev(&self) -> u32 {
        self.page.saturating_sub(1).max(1)
    }
    pub fn next(&self) -> u32 {
        (self.page + 1).min(self.pages)
    }
}

impl Base {
    pub fn is_role(&self, role: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.as_str() == role)
    }

    /// The first character of the user's name, for the avatar.
    pub fn initial(&self) -> String {
        self.user
            .as_ref()
            .and_then(|u| u.real_name.chars().next())
            .map(String::from)
            .unwrap_or_default()
    }
}

/// A level's name in the page's language (五级/初级工 … or Level 5 …); empty for an unknown level.
/// An exam component's name (理论知识考试 …).
pub fn component_name(tr: &Tr, c: crate::curriculum::Component) -> &'static str {
    tr.t(&format!("exam.component.{}", c.as_str()))
}

pub fn level_name(tr: &Tr, n: u8) -> String {
    crate::curriculum::shipped()
        .level(n)
        .map(|l| {
            if tr.is_zh() {
                l.name.clone()
            } else {
                l.name_en.clone()
            }
        })
        .unwrap_or_default()
}

/// A weight-table key's name (function, or 0.1 / 0.2) at a level in the page's language; the key
/// itself when unknown.
pub fn function_name(tr: &Tr, level: crate::curriculum::Level, key: &str) -> String {
    let c = crate::curriculum::shipped();
    let name = if tr.is_zh() {
        c.function_name(level.get(), key)
    } else {
        c.function_name_en(level.get(), key)
    };
    name.unwrap_or(key).to_string()
}
