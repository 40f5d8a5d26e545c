//! Extra hot water charge rules (§3.6). \[assumed numbers\]

use super::{Report, Rule};
use crate::dhw::DhwChargeUpdate;

/// A duration outside 15–240 minutes.
pub const CHARGE_DURATION_RANGE: Rule = Rule::range(
    "CHARGE_DURATION_RANGE",
    &["durationMinutes"],
    "15–240 minutes",
    15.0,
    240.0,
    "a charge lasts 15 to 240 minutes",
);
/// A duration off the 15-minute grid.
pub const CHARGE_DURATION_STEP: Rule = Rule::step(
    "CHARGE_DURATION_STEP",
    &["durationMinutes"],
    "steps of 15 minutes",
    15.0,
    "a charge lasts a multiple of 15 minutes",
);

/// The charge rule table.
pub static RULES: &[Rule] = &[CHARGE_DURATION_RANGE, CHARGE_DURATION_STEP];

/// Validates a charge request.
pub fn validate(update: &DhwChargeUpdate) -> Report {
    let mut report = Report::new();
    if let Some(minutes) = update.duration_minutes {
        report.range(&CHARGE_DURATION_RANGE, "durationMinutes", minutes as f64);
        report.step(&CHARGE_DURATION_STEP, "durationMinutes", minutes as f64);
    }
    report
}
