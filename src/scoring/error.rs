//! Input errors: a bad task or a bad answer, with the place and the problem.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg, tf};

/// Which input an [`InputError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The task (its kind, parameters, material or gold, 金标准) is at fault: a bank error.
    Task,
    /// The answer (作答) is at fault: it does not fit the task.
    Answer,
}

/// Why a task or an answer cannot be scored.
///
/// A stable code (a key of the `[input_error]` table of `locales/*.toml`, e.g.
/// `input_error.edges_cross`), its arguments, and the place: paths start with `task` (the task
/// object, e.g. `task.gold[0].bbox`) or `answer` (the answer value, e.g. `answer[3].label`,
/// `answer.labels.e2`); list positions count from 0. [`InputError::message`] renders it in a
/// language as one line, `place: problem`; `Display` is that line in English, for example
/// `answer[2].points: edges 1 and 4 cross at (120.5, 88.0)` or
/// `task.params.iou_threshold: must be a number in (0, 1], got 1.5`.
///
/// Made only when something is wrong: scoring a valid input allocates nothing for errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    side: Side,
    path: String,
    msg: Msg,
}

impl InputError {
    pub(crate) fn new(side: Side, path: String, key: &'static str) -> Self {
        Self::with_msg(side, path, Msg::new(key))
    }

    pub(crate) fn with_msg(side: Side, path: String, msg: Msg) -> Self {
        InputError { side, path, msg }
    }

    /// Adds an argument shown as it is (a number, a quoted label, a list of names).
    pub(crate) fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.msg = self.msg.arg(name, value);
        self
    }

    /// Adds an argument that is itself a message (e.g. "a list of 3 items").
    pub(crate) fn arg_msg(mut self, name: &'static str, value: Msg) -> Self {
        self.msg = self.msg.arg_msg(name, value);
        self
    }

    /// The same error at another place: `from`, a prefix of the path, replaced by `to` (bank
    /// checks validate `given` as if it were `task.gold`).
    pub(crate) fn rebased(mut self, from: &str, to: &str) -> Self {
        if let Some(rest) = self.path.strip_prefix(from) {
            self.path = format!("{to}{rest}");
        }
        self
    }

    /// Which input is at fault.
    pub fn side(&self) -> Side {
        self.side
    }

    /// True when the task (gold, parameters, material) is at fault — a bank error.
    pub fn is_task_error(&self) -> bool {
        self.side == Side::Task
    }

    /// True when the answer is at fault.
    pub fn is_answer_error(&self) -> bool {
        self.side == Side::Answer
    }

    /// The place, e.g. `answer[2].points`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The stable code, e.g. `input_error.edges_cross`.
    pub fn code(&self) -> &'static str {
        self.msg.key
    }

    /// The problem as code and arguments, without the place.
    pub fn msg(&self) -> &Msg {
        &self.msg
    }

    /// The problem in `lang`, without the place: `edges 1 and 4 cross at (120.5, 88.0)`.
    pub fn problem(&self, lang: Lang) -> String {
        self.msg.render(lang)
    }

    /// The whole line in `lang`: `answer[2].points: edges 1 and 4 cross at (120.5, 88.0)` /
    /// `answer[2].points：边 1 与边 4 在 (120.5, 88.0) 处交叉`.
    pub fn message(&self, lang: Lang) -> String {
        at(lang, &self.path, self.problem(lang))
    }
}

/// `place: problem` in `lang` (just the problem when there is no place).
pub(crate) fn at(lang: Lang, path: &str, problem: String) -> String {
    if path.is_empty() {
        problem
    } else {
        tf(
            lang,
            "input_error.at",
            &[("path", path.to_string()), ("problem", problem)],
        )
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_with_path() {
        let e = InputError::new(
            Side::Answer,
            "answer[2].points".into(),
            "input_error.edges_cross",
        )
        .arg("a", 1)
        .arg("b", 4)
        .arg("x", "120.5")
        .arg("y", "88.0");
        assert_eq!(
            e.to_string(),
            "answer[2].points: edges 1 and 4 cross at (120.5, 88.0)"
        );
        assert_eq!(e.code(), "input_error.edges_cross");
        assert_eq!(
            e.message(Lang::Zh),
            "answer[2].points：边 1 与边 4 在 (120.5, 88.0) 处交叉"
        );
        assert!(e.is_answer_error());
        assert!(!e.is_task_error());
        let e = InputError::new(Side::Task, String::new(), "input_error.not_graded");
        assert_eq!(e.to_string(), "could not be graded");
        assert!(e.is_task_error());
        let e = InputError::new(Side::Task, "task.gold[1].bbox".into(), "input_error.empty")
            .rebased("task.gold", "given");
        assert_eq!(e.to_string(), "given[1].bbox: must not be empty");
    }
}
