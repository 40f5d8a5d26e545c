//! Time program rules (§3.4). \[assumed numbers\]

use super::{Report, Rule};
use crate::time::ClockTime;
use crate::time_programs::{CircuitKind, TimeProgram, Weekday};

/// A weekday missing from the week.
pub const TP_DAY_MISSING: Rule = Rule::new(
    "TP_DAY_MISSING",
    &["days"],
    "MONDAY…SUNDAY, each exactly once",
    "every day of the week must be present",
    "assumed",
);
/// A weekday given twice.
pub const TP_DAY_DUPLICATE: Rule = Rule::new(
    "TP_DAY_DUPLICATE",
    &["days[*].day"],
    "each day exactly once",
    "a day appears more than once",
    "assumed",
);
/// A day that is not MONDAY…SUNDAY.
pub const TP_DAY_UNKNOWN: Rule = Rule::new(
    "TP_DAY_UNKNOWN",
    &["days[*].day"],
    "MONDAY…SUNDAY",
    "not a day of the week",
    "assumed",
);
/// Too few or too many switch points in a day.
pub const TP_SWITCH_POINT_COUNT: Rule = Rule::range(
    "TP_SWITCH_POINT_COUNT",
    &["days[*].switchPoints"],
    "1–6 switch points a day",
    1.0,
    6.0,
    "a day has 1 to 6 switch points",
);
/// A start time that is not `HH:MM`.
pub const TP_TIME_FORMAT: Rule = Rule::new(
    "TP_TIME_FORMAT",
    &["days[*].switchPoints[*].startTime"],
    "HH:MM, 00:00–23:59",
    "not a clock time HH:MM",
    "assumed",
);
/// A start time off the 15-minute grid.
pub const TP_TIME_GRID: Rule = Rule::step(
    "TP_TIME_GRID",
    &["days[*].switchPoints[*].startTime"],
    "multiples of 15 minutes",
    15.0,
    "switch points start on a 15-minute grid",
);
/// Switch points not strictly ascending.
pub const TP_TIME_ORDER: Rule = Rule::new(
    "TP_TIME_ORDER",
    &["days[*].switchPoints[*].startTime"],
    "strictly ascending within a day",
    "switch points must be in strictly ascending order of start time",
    "assumed",
);
/// A level the circuit kind does not have.
pub const TP_LEVEL: Rule = Rule::new(
    "TP_LEVEL",
    &["days[*].switchPoints[*].level"],
    "heating: COMFORT, ECO; DHW: OFF, ECO_PLUS, ECO, COMFORT",
    "level not available for this kind of circuit",
    "assumed",
);
/// A body id that differs from the path id.
pub const TP_ID_MISMATCH: Rule = Rule::new(
    "TP_ID_MISMATCH",
    &["timeProgramId"],
    "equal to the path's timeProgramId",
    "the body's timeProgramId differs from the one in the path",
    "assumed",
);

/// The time program rule table.
pub static RULES: &[Rule] = &[
    TP_DAY_MISSING,
    TP_DAY_DUPLICATE,
    TP_DAY_UNKNOWN,
    TP_SWITCH_POINT_COUNT,
    TP_TIME_FORMAT,
    TP_TIME_GRID,
    TP_TIME_ORDER,
    TP_LEVEL,
    TP_ID_MISMATCH,
];

/// Validates a whole week for a circuit of `kind`, to be stored as program `path_id`.
pub fn validate(program: &TimeProgram, kind: CircuitKind, path_id: Option<u32>) -> Report {
    let mut report = Report::new();
    if let (Some(body_id), Some(path_id)) = (program.time_program_id, path_id)
        && body_id != path_id
    {
        report.violate(&TP_ID_MISMATCH, &["timeProgramId"], &format!("{body_id} ≠ {path_id}"));
    }
    let mut seen = [false; 7];
    for (d, day) in program.days.iter().enumerate() {
        let day_field = format!("days[{d}].day");
        match Weekday::KNOWN.iter().position(|k| *k == day.day.as_str()) {
            None => report.violate(&TP_DAY_UNKNOWN, &[&day_field], &format!("{:?}", day.day.as_str())),
            Some(i) if seen[i] => report.violate(&TP_DAY_DUPLICATE, &[&day_field], day.day.as_str()),
            Some(i) => seen[i] = true,
        }
        let points_field = format!("days[{d}].switchPoints");
        report.range(&TP_SWITCH_POINT_COUNT, &points_field, day.switch_points.len() as f64);
        let mut previous: Option<u32> = None;
        for (p, point) in day.switch_points.iter().enumerate() {
            let time_field = format!("days[{d}].switchPoints[{p}].startTime");
            match ClockTime::parse(&point.start_time) {
                None => report.violate(&TP_TIME_FORMAT, &[&time_field], &format!("{:?}", point.start_time)),
                Some(t) => {
                    let minutes = t.minutes();
                    if minutes % 15 != 0 {
                        report.violate(&TP_TIME_GRID, &[&time_field], &point.start_time);
                    }
                    if previous.is_some_and(|prev| minutes <= prev) {
                        report.violate(&TP_TIME_ORDER, &[&time_field], &point.start_time);
                    }
                    previous = Some(minutes);
                }
            }
            if !kind.levels().contains(&point.level.as_str()) {
                let level_field = format!("days[{d}].switchPoints[{p}].level");
                report.violate(&TP_LEVEL, &[&level_field], &format!("{:?}", point.level.as_str()));
            }
        }
    }
    let missing: Vec<&str> = Weekday::KNOWN
        .iter()
        .zip(seen)
        .filter(|(_, s)| !s)
        .map(|(d, _)| *d)
        .collect();
    if !missing.is_empty() {
        report.violate(&TP_DAY_MISSING, &["days"], &format!("missing {}", missing.join(", ")));
    }
    report
}
