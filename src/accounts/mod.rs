//! Accounts and tenancy: centers, users, roles, passwords, national ID numbers. Pure code.

pub mod idcard;
pub mod import;
pub mod password;
pub mod throttle;

use serde::Serialize;

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
}
