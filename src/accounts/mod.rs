//! Accounts and tenancy: centers, users, roles, passwords, national ID numbers. Pure code.

pub mod idcard;
pub mod import;
pub mod password;
pub mod throttle;

use serde::Serialize;

use crate::error::FieldError;

/// What a person may do. Employers need no account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 学员
    Trainee,
    /// 考评员
    Examiner,
    /// 机构管理员
    CenterAdmin,
    /// 平台管理员
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Trainee,
        Role::Examiner,
        Role::CenterAdmin,
        Role::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Examiner => "examiner",
            Role::CenterAdmin => "center_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Everyone but a platform admin belongs to exactly one center.
    pub fn needs_center(self) -> bool {
        self != Role::PlatformAdmin
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Role::Trainee => "role.trainee",
            Role::Examiner => "role.examiner",
            Role::CenterAdmin => "role.center_admin",
            Role::PlatformAdmin => "role.platform_admin",
        }
    }
}

/// 培训/评价机构: a tenant.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Center {
    pub id: String,
    pub code: String,
    pub name: String,
    pub disabled: bool,
    pub created_at: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub center_id: Option<String>,
    pub username: String,
    pub role: Role,
    pub real_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Last four characters of the ID number, for display; the number itself is never stored.
    pub id_last4: Option<String>,
    pub class_name: Option<String>,
    pub must_change_password: bool,
    pub disabled: bool,
    pub created_at: i64,
}

/// A center code: 2–16 letters, digits or '-', stored lowercase.
pub fn normalize_center_code(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let ok = (2..=16).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    ok.then_some(s)
}

/// A username: 3–32 of letters, digits, '.', '_' or '-', stored lowercase.
pub fn normalize_username(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    ok.then_some(s)
}

/// A mainland mobile number: 11 digits starting with 1 (spaces, dashes and +86 tolerated).
pub fn normalize_phone(s: &str) -> Option<String> {
    let digits: String = s
        .trim()
        .trim_start_matches("+86")
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    let ok =
        digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit());
    ok.then_some(digits)
}

/// A plausible e-mail address, stored lowercase. Deliverability is not our concern here.
pub fn normalize_email(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_lowercase();
    let (local, domain) = s.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>');
    ok.then_some(s)
}

/// The first character that a name (of a person, a class or a center) must not hold, if any:
/// control characters (Unicode Cc: NUL, tab, line breaks …), invisible format characters (Cf:
/// the bidi overrides U+202A–U+202E and isolates U+2066–U+2069 that make text display in
/// another order than it is stored, zero-width spaces, soft hyphens …), and the line and
/// paragraph separators U+2028/U+2029. Names are shown on pages, in exports and in the audit
/// log, where such characters hide or disguise what is there.
pub fn forbidden_char(s: &str) -> Option<char> {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    s.chars().find(|&c| {
        matches!(
            get_general_category(c),
            G::Control | G::Format | G::LineSeparator | G::ParagraphSeparator
        )
    })
}

/// A character as `U+XXXX`, for messages (it may be invisible itself).
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A person's fields as typed into a form, a request or a roster row, before they are checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonInput<'a> {
    pub username: Option<&'a str>,
    pub real_name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub id_number: Option<&'a str>,
    pub class_name: Option<&'a str>,
}

/// A person's fields, checked and normalised (the ID number in full: the caller hashes it).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedPerson {
    pub username: Option<String>,
    pub real_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub id_number: Option<String>,
    pub class_name: Option<String>,
}

/// Checks a new person of `role` (`in_center`: the account belongs to a center, which can
/// generate a username) on the server's date `today`. Every problem is reported at once, by field. Blank optional fields
/// count as absent. Pure.
pub fn check_person(
    p: &PersonInput<'_>,
    role: Role,
    in_center: bool,
    today: chrono::NaiveDate,
) -> Result<CheckedPerson, Vec<FieldError>> {
    fn opt(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    /// A normalised value, or a field error when it is given but invalid.
    fn normalized(
        errors: &mut Vec<FieldError>,
        field: &str,
        value: Option<&str>,
        f: fn(&str) -> Option<String>,
        key: &'static str,
    ) -> Option<String> {
        let n = f(opt(value)?);
        if n.is_none() {
            errors.push(FieldError::new(field, key));
        }
        n
    }
    let mut errors = vec![];
    let real_name = p.real_name.trim().to_string();
    if real_name.is_empty() || real_name.chars().count() > 50 {
        errors.push(FieldError::new("real_name", "person.bad_name"));
    } else if let Some(c) = forbidden_char(&real_name) {
        errors.push(FieldError::new("real_name", "person.bad_chars").arg("char", code_point(c)));
    }
    let class_name = opt(p.class_name);
    if let Some(c) = class_name.and_then(forbidden_char) {
        errors.push(FieldError::new("class_name", "person.bad_chars").arg("char", code_point(c)));
    }
    let e = &mut errors;
    let phone = normalized(e, "phone", p.phone, normalize_phone, "import.bad_phone");
    let email = normalized(e, "email", p.email, normalize_email, "import.bad_email");
    let id_number = match opt(p.id_number) {
        None if role == Role::Trainee => {
            errors.push(FieldError::new("id_number", "person.id_required"));
            None
        }
        None => None,
        Some(s) => match idcard::validate(s, today) {
            Ok(n) => Some(n),
            Err(e) => {
                let (key, args) = e.message();
                let mut fe = FieldError::new("id_number", key);
                fe.args = args;
                errors.push(fe);
                None
            }
        },
    };
    if role == Role::Trainee && opt(p.phone).is_none() && opt(p.email).is_none() {
        errors.push(FieldError::new("phone", "import.need_contact"));
    }
    let username = normalized(
        &mut errors,
        "username",
        p.username,
        normalize_username,
        "person.bad_username",
    );
    if opt(p.username).is_none() && !in_center {
        errors.push(FieldError::new("username", "person.username_required"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedPerson {
        username,
        real_name,
        phone,
        email,
        id_number,
        class_name: class_name.map(|s| s.chars().take(50).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_contact_data() {
        assert_eq!(
            normalize_phone("+86 138-0013-8000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(normalize_phone("23800138000"), None);
        assert_eq!(normalize_phone("1380013800"), None);
        assert_eq!(normalize_email(" A@B.cn ").as_deref(), Some("a@b.cn"));
        assert_eq!(normalize_email("a@b"), None);
        assert_eq!(normalize_center_code("HZ01").as_deref(), Some("hz01"));
        assert_eq!(normalize_center_code("h"), None);
        assert_eq!(normalize_center_code("杭州"), None);
        assert_eq!(
            normalize_username("Zhang.San").as_deref(),
            Some("zhang.san")
        );
        assert_eq!(normalize_username("a b"), None);
    }

    #[test]
    fn names_refuse_control_and_invisible_characters() {
        for ok in [
            "张三",
            "阿卜杜·热合曼",
            "Zhang San",
            "O'Brien-Li",
            "杭州培训中心（一）",
        ] {
            assert_eq!(forbidden_char(ok), None, "{ok}");
        }
        for (bad, c) in [
            ("a\0b", '\0'),
            ("a\tb", '\t'),
            ("a\nb", '\n'),
            ("\u{202e}moc.evil", '\u{202e}'),
            ("x\u{202a}", '\u{202a}'),
            ("x\u{2066}y", '\u{2066}'),
            ("x\u{2069}", '\u{2069}'),
            ("x\u{200b}y", '\u{200b}'),
            ("x\u{feff}", '\u{feff}'),
            ("x\u{2028}", '\u{2028}'),
            ("x\u{7f}", '\u{7f}'),
            ("x\u{85}", '\u{85}'),
        ] {
            assert_eq!(forbidden_char(bad), Some(c), "{bad:?}");
        }
        assert_eq!(code_point('\u{202e}'), "U+202E");
        assert_eq!(code_point('\0'), "U+0000");
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    #[test]
    fn a_person_is_checked_field_by_field() {
        let ok = PersonInput {
            real_name: " 张三 ",
            phone: Some("+86 138-0013-8000"),
            id_number: Some("11010519491231002X"),
            class_name: Some(""),
            ..PersonInput::default()
        };
        let p = check_person(&ok, Role::Trainee, true, today()).expect("valid");
        assert_eq!(p.real_name, "张三");
        assert_eq!(p.phone.as_deref(), Some("13800138000"));
        assert_eq!(p.class_name, None);
        assert_eq!(p.username, None);
        // Everything wrong at once: each field says so.
        let bad = PersonInput {
            real_name: "A\u{202E}B",
            phone: Some("12"),
            email: Some("x@"),
            username: Some("a"),
            id_number: Some("110105194912310021"),
            class_name: Some("\0"),
        };
        let fields: Vec<String> = check_person(&bad, Role::Trainee, true, today())
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.key))
            .collect();
        assert_eq!(
            fields,
            [
                "real_name:person.bad_chars",
                "class_name:person.bad_chars",
                "phone:import.bad_phone",
                "email:import.bad_email",
                "id_number:idcard.check_digit",
                "username:person.bad_username",
            ]
        );
        // A trainee needs an ID number and a way to reach them; staff outside a center a name.
        let bare = PersonInput {
            real_name: "李四",
            ..PersonInput::default()
        };
        let keys = |r: Result<CheckedPerson, Vec<FieldError>>| -> Vec<&'static str> {
            r.unwrap_err().into_iter().map(|e| e.key).collect()
        };
        assert_eq!(
            keys(check_person(&bare, Role::Trainee, true, today())),
            ["person.id_required", "import.need_contact"]
        );
        assert_eq!(
            keys(check_person(&bare, Role::PlatformAdmin, false, today())),
            ["person.username_required"]
        );
        assert!(check_person(&bare, Role::CenterAdmin, true, today()).is_ok());
    }
}
