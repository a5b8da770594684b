//! Progress pages: a trainee's own progress and a teacher's view of it (`report`), the
//! wrong-answer book (`review`), and the cohort table for center staff with its CSV/XLSX export
//! (`cohort`).

mod cohort;
mod report;
mod review;

use axum::Router;
use axum::routing::{get, post};

use crate::app::App;

pub use cohort::cohort_table;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/progress", get(report::mine))
        .route("/progress/target", post(report::set_target))
        .route("/review", get(review::review))
        .route("/review/next", get(review::review_next))
        .route("/center/progress", get(cohort::cohort))
        .route("/center/people/{id}/progress", get(report::trainee))
}
