//! DHW setpoint rules (§3.1). \[seed v1.30 says these dependencies exist; the numbers are assumed\]
//!
//! Checked on the merged state (current circuit with the patch applied), so that a patch
//! moving one setpoint past a neighbour is caught even though it is valid alone.

use super::{PATCH_EMPTY, Report, Rule, show};
use crate::dhw::{DhwCircuit, DhwCircuitPatch, MODES};

/// A start setpoint outside 30.0–65.0 °C.
pub const DHW_START_RANGE: Rule = Rule::range(
    "DHW_START_RANGE",
    &["*.startSetPointTemperature"],
    "30.0–65.0 °C",
    30.0,
    65.0,
    "start setpoints lie between 30.0 and 65.0 °C",
);
/// A stop setpoint outside 35.0–70.0 °C.
pub const DHW_STOP_RANGE: Rule = Rule::range(
    "DHW_STOP_RANGE",
    &["*.stopSetPointTemperature"],
    "35.0–70.0 °C",
    35.0,
    70.0,
    "stop setpoints lie between 35.0 and 70.0 °C",
);
/// A setpoint off the 0.5 K grid.
pub const DHW_STEP: Rule = Rule::step(
    "DHW_STEP",
    &["*.startSetPointTemperature", "*.stopSetPointTemperature"],
    "steps of 0.5 K",
    0.5,
    "DHW setpoints are set in steps of 0.5 K",
);
/// Start not at least 2.0 K below stop within a mode.
pub const DHW_START_BELOW_STOP: Rule = Rule {
    min: Some(2.0),
    ..Rule::new(
        "DHW_START_BELOW_STOP",
        &["*.startSetPointTemperature", "*.stopSetPointTemperature"],
        "start ≤ stop − 2.0 K",
        "each mode's start setpoint must be at least 2.0 K below its stop setpoint",
        "assumed",
    )
};
/// Modes out of order: ECO_PLUS ≤ ECO ≤ COMFORT, for start and stop alike.
pub const DHW_MODE_ORDER: Rule = Rule::new(
    "DHW_MODE_ORDER",
    &["ecoPlusModeSettings.*", "ecoModeSettings.*", "comfortModeSettings.*"],
    "ecoPlus ≤ eco ≤ comfort",
    "setpoints must not decrease from ECO_PLUS to ECO to COMFORT",
    "assumed",
);
/// `autoModeSettings.operationMode` sent: it is read-only.
pub const DHW_AUTO_MODE_READ_ONLY: Rule = Rule::new(
    "DHW_AUTO_MODE_READ_ONLY",
    &["autoModeSettings.operationMode"],
    "read-only",
    "the mode the time program asks for is read-only",
    "seed",
);
/// `selectedTimeProgramId` that does not exist.
pub const DHW_TIME_PROGRAM_UNKNOWN: Rule = Rule::new(
    "DHW_TIME_PROGRAM_UNKNOWN",
    &["autoModeSettings.selectedTimeProgramId"],
    "an existing time program",
    "the selected time program does not exist",
    "assumed",
);

/// The DHW rule table.
pub static RULES: &[Rule] = &[
    DHW_START_RANGE,
    DHW_STOP_RANGE,
    DHW_STEP,
    DHW_START_BELOW_STOP,
    DHW_MODE_ORDER,
    DHW_AUTO_MODE_READ_ONLY,
    DHW_TIME_PROGRAM_UNKNOWN,
];

const START: &str = "startSetPointTemperature";
const STOP: &str = "stopSetPointTemperature";

/// Validates a DHW patch; with `current`, on the merged state, else within the patch alone
/// (and the dependency rules are reported unchecked).
pub fn validate_patch(
    patch: &DhwCircuitPatch,
    current: Option<&DhwCircuit>,
    time_program_ids: Option<&[u32]>,
) -> Report {
    let mut report = Report::new();
    let changes = patch.mode_patches();
    let auto = patch.auto_mode_settings.as_ref();
    let touched = |m: usize, which: &str| {
        changes[m].is_some_and(|c| {
            if which == START {
                c.start_set_point_temperature.is_some()
            } else {
                c.stop_set_point_temperature.is_some()
            }
        })
    };
    let any_setpoint = (0..3).any(|m| touched(m, START) || touched(m, STOP));
    let auto_touched = auto.is_some_and(|a| a.selected_time_program_id.is_some() || a.operation_mode.is_some());
    if patch.operation_mode.is_none() && !any_setpoint && !auto_touched {
        report.violate(&PATCH_EMPTY, &[""], "");
        return report;
    }
    if let Some(mode) = &patch.operation_mode {
        report.known("operationMode", mode.is_known(), mode.as_str());
    }
    if auto.is_some_and(|a| a.operation_mode.is_some()) {
        report.violate(
            &DHW_AUTO_MODE_READ_ONLY,
            &["autoModeSettings.operationMode"],
            "sent in a patch",
        );
    }
    if let Some(id) = auto.and_then(|a| a.selected_time_program_id) {
        match time_program_ids {
            Some(ids) if !ids.contains(&id) => report.violate(
                &DHW_TIME_PROGRAM_UNKNOWN,
                &["autoModeSettings.selectedTimeProgramId"],
                &format!("time program {id} (existing: {ids:?})"),
            ),
            Some(_) => {}
            None => report.unchecked(&DHW_TIME_PROGRAM_UNKNOWN),
        }
    }

    // Ranges and grid of each value sent.
    for (m, change) in changes.iter().enumerate() {
        let Some(change) = change else { continue };
        if let Some(v) = change.start_set_point_temperature {
            let field = format!("{}.{START}", MODES[m]);
            report.range(&DHW_START_RANGE, &field, v);
            report.step(&DHW_STEP, &field, v);
        }
        if let Some(v) = change.stop_set_point_temperature {
            let field = format!("{}.{STOP}", MODES[m]);
            report.range(&DHW_STOP_RANGE, &field, v);
            report.step(&DHW_STEP, &field, v);
        }
    }
    if !any_setpoint {
        return report;
    }

    // The merged setpoints: [mode][start, stop].
    let mut merged = [[None::<f64>; 2]; 3];
    if let Some(current) = current {
        for (m, settings) in current.mode_settings().iter().enumerate() {
            if let Some(s) = settings {
                merged[m] = [s.start_set_point_temperature, s.stop_set_point_temperature];
            }
        }
    }
    for (m, change) in changes.iter().enumerate() {
        if let Some(c) = change {
            merged[m][0] = c.start_set_point_temperature.or(merged[m][0]);
            merged[m][1] = c.stop_set_point_temperature.or(merged[m][1]);
        }
    }

    // Rule 1: start at least 2.0 K below stop, in each mode the patch touches.
    let gap = DHW_START_BELOW_STOP.min.unwrap_or(0.0);
    for m in 0..3 {
        if !(touched(m, START) || touched(m, STOP)) {
            continue;
        }
        match merged[m] {
            [Some(start), Some(stop)] if stop - start < gap - 1e-9 => report.violate(
                &DHW_START_BELOW_STOP,
                &[&format!("{}.{START}", MODES[m]), &format!("{}.{STOP}", MODES[m])],
                &format!("{}: start {} and stop {}", MODES[m], show(start), show(stop)),
            ),
            [Some(_), Some(_)] => {}
            _ => report.unchecked(&DHW_START_BELOW_STOP),
        }
    }

    // Rule 2: ECO_PLUS ≤ ECO ≤ COMFORT for start and stop, on pairs the patch touches.
    for (k, which) in [START, STOP].iter().enumerate() {
        for (lo, hi) in [(0usize, 1usize), (1, 2), (0, 2)] {
            if !(touched(lo, which) || touched(hi, which)) {
                continue;
            }
            if hi - lo == 2 && merged[1][k].is_some() {
                continue; // covered by the two adjacent pairs
            }
            match (merged[lo][k], merged[hi][k]) {
                (Some(a), Some(b)) if a > b + 1e-9 => report.violate(
                    &DHW_MODE_ORDER,
                    &[&format!("{}.{which}", MODES[lo]), &format!("{}.{which}", MODES[hi])],
                    &format!("{} {} > {} {}", MODES[lo], show(a), MODES[hi], show(b)),
                ),
                (Some(_), Some(_)) => {}
                _ => report.unchecked(&DHW_MODE_ORDER),
            }
        }
    }
    report
}
