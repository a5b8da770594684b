//! Exams and the attempts they are made of: the pure rules (DESIGN.md's `exam/` place).

pub mod attempt;
pub mod blueprint;
pub mod eligibility;
pub mod key;
pub mod marking;
pub mod paper;
pub mod roster;
pub mod session;
pub mod shuffle;
pub mod timing;
