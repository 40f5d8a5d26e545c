//! Heating circuit rules (§3.3). [numbers assumed; ISRC rule seed v1.20]

use super::{PATCH_EMPTY, Report, Rule};
use crate::heating_circuits::{ControlType, HeatingCircuit, HeatingCircuitPatch};

/// A setpoint outside 5.0–30.0 °C.
pub const HC_SETPOINT_RANGE: Rule = Rule::range(
    "HC_SETPOINT_RANGE",
    &[
        "manualModeSettings.setPointTemperature",
        "autoModeSettings.levels.comfort",
        "autoModeSettings.levels.eco",
    ],
    "5.0–30.0 °C",
    5.0,
    30.0,
    "heating setpoints lie between 5.0 and 30.0 °C",
);
/// A setpoint off the 0.5 K grid.
pub const HC_SETPOINT_STEP: Rule = Rule::step(
    "HC_SETPOINT_STEP",
    &[
        "manualModeSettings.setPointTemperature",
        "autoModeSettings.levels.comfort",
        "autoModeSettings.levels.eco",
    ],
    "steps of 0.5 K",
    0.5,
    "heating setpoints are set in steps of 0.5 K",
);
/// ECO level above COMFORT level.
pub const HC_ECO_ABOVE_COMFORT: Rule = Rule::new(
    "HC_ECO_ABOVE_COMFORT",
    &["autoModeSettings.levels.eco", "autoModeSettings.levels.comfort"],
    "eco ≤ comfort",
    "the ECO level must not be above the COMFORT level",
    "assumed",
);
/// Manual or level settings on an ISRC circuit.
pub const HC_ISRC_NOT_WRITABLE: Rule = Rule::new(
    "HC_ISRC_NOT_WRITABLE",
    &["manualModeSettings", "autoModeSettings.levels"],
    "not writable when controlType is ISRC",
    "ISRC circuits manage their setpoints per room; manualModeSettings and levels cannot be set",
    "seed",
);

/// `selectedTimeProgramId` that does not exist.
pub const HC_TIME_PROGRAM_UNKNOWN: Rule = Rule::new(
    "HC_TIME_PROGRAM_UNKNOWN",
    &["autoModeSettings.selectedTimeProgramId"],
    "an existing time program",
    "the selected time program does not exist",
    "assumed",
);

/// The heating circuit rule table.
pub static RULES: &[Rule] = &[
    HC_TIME_PROGRAM_UNKNOWN,
    HC_SETPOINT_RANGE,
    HC_SETPOINT_STEP,
    HC_ECO_ABOVE_COMFORT,
    HC_ISRC_NOT_WRITABLE,
];

/// Validates a heating circuit patch, on the merged state when `current` is given, and the
/// selected time program against `time_program_ids` when given.
pub fn validate_patch(
    patch: &HeatingCircuitPatch,
    current: Option<&HeatingCircuit>,
    time_program_ids: Option<&[u32]>,
) -> Report {
    let mut report = Report::new();
    let manual = patch
        .manual_mode_settings
        .as_ref()
        .and_then(|m| m.set_point_temperature);
    let auto = patch.auto_mode_settings.as_ref();
    let levels = auto.and_then(|a| a.levels.as_ref());
    let (comfort, eco) = (levels.and_then(|l| l.comfort), levels.and_then(|l| l.eco));
    let program = auto.and_then(|a| a.selected_time_program_id);
    if patch.operation_mode.is_none() && manual.is_none() && comfort.is_none() && eco.is_none() && program.is_none() {
        report.violate(&PATCH_EMPTY, &[""], "");
        return report;
    }
    if let Some(mode) = &patch.operation_mode {
        report.known("operationMode", mode.is_known(), mode.as_str());
    }
    if let Some(id) = program {
        match time_program_ids {
            Some(ids) if !ids.contains(&id) => report.violate(
                &HC_TIME_PROGRAM_UNKNOWN,
                &["autoModeSettings.selectedTimeProgramId"],
                &format!("time program {id} (existing: {ids:?})"),
            ),
            Some(_) => {}
            None => report.unchecked(&HC_TIME_PROGRAM_UNKNOWN),
        }
    }
    let setpoints = [
        ("manualModeSettings.setPointTemperature", manual),
        ("autoModeSettings.levels.comfort", comfort),
        ("autoModeSettings.levels.eco", eco),
    ];
    for (field, value) in setpoints {
        if let Some(v) = value {
            report.range(&HC_SETPOINT_RANGE, field, v);
            report.step(&HC_SETPOINT_STEP, field, v);
        }
    }
    let current_levels = current
        .and_then(|c| c.auto_mode_settings.as_ref())
        .and_then(|a| a.levels.as_ref());
    let merged_comfort = comfort.or(current_levels.and_then(|l| l.comfort));
    let merged_eco = eco.or(current_levels.and_then(|l| l.eco));
    if comfort.is_some() || eco.is_some() {
        match (merged_eco, merged_comfort) {
            (Some(e), Some(c)) if e > c => report.violate(
                &HC_ECO_ABOVE_COMFORT,
                &["autoModeSettings.levels.eco", "autoModeSettings.levels.comfort"],
                &format!("eco {} > comfort {}", super::show(e), super::show(c)),
            ),
            (Some(_), Some(_)) => {}
            _ => report.unchecked(&HC_ECO_ABOVE_COMFORT),
        }
    }
    let writes_setpoints = patch.manual_mode_settings.is_some() || levels.is_some();
    if writes_setpoints {
        match current.map(|c| c.control_type.as_ref()) {
            Some(Some(ControlType::Isrc)) => {
                let mut fields = Vec::new();
                if patch.manual_mode_settings.is_some() {
                    fields.push("manualModeSettings");
                }
                if levels.is_some() {
                    fields.push("autoModeSettings.levels");
                }
                report.violate(&HC_ISRC_NOT_WRITABLE, &fields, "the circuit is ISRC");
            }
            Some(Some(_)) => {}
            _ => report.unchecked(&HC_ISRC_NOT_WRITABLE),
        }
    }
    report
}
