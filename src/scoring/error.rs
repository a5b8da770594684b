//! Input errors: a bad task or a bad answer, with the place and the problem.

use std::fmt;

use serde::{Deserialize, Serialize};

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
/// `Display` gives one line, `"{path}: {message}"`, for example
/// `answer[2].points: edges 1 and 4 cross at (120.5, 88.0)` or
/// `task.params.iou_threshold: must be a number in (0, 1], got 1.5`.
/// Paths start with `task` (the task object, e.g. `task.gold[0].bbox`) or `answer`
/// (the answer value, e.g. `answer[3].label`, `answer.labels.e2`); list positions count from 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    side: Side,
    path: String,
    message: String,
}

impl InputError {
    pub(crate) fn new(side: Side, path: String, message: String) -> Self {
        InputError {
            side,
            path,
            message,
        }
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

    /// The problem, e.g. `edges 1 and 4 cross at (120.5, 88.0)`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
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
            "edges 1 and 4 cross at (120.5, 88.0)".into(),
        );
        assert_eq!(
            e.to_string(),
            "answer[2].points: edges 1 and 4 cross at (120.5, 88.0)"
        );
        assert!(e.is_answer_error());
        assert!(!e.is_task_error());
        let e = InputError::new(Side::Task, String::new(), "bad".into());
        assert_eq!(e.to_string(), "bad");
        assert!(e.is_task_error());
    }
}
