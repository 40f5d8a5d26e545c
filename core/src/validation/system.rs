//! System rules (§3.5): silent mode, the gateway's clock, holiday modes. \[assumed numbers\]

use super::{PATCH_EMPTY, Report, Rule};
use crate::system::{HolidayMode, HolidayModeCreate, SilentMode, SilentModePatch, SystemDateTime};
use crate::time::{ClockTime, Date, LocalDateTime};

/// A silent mode time that is not `HH:MM`.
pub const SILENT_TIME_FORMAT: Rule = Rule::new(
    "SILENT_TIME_FORMAT",
    &["startTime", "endTime"],
    "HH:MM, 00:00–23:59",
    "not a clock time HH:MM",
    "assumed",
);
/// A silent mode time off the 15-minute grid.
pub const SILENT_TIME_GRID: Rule = Rule::step(
    "SILENT_TIME_GRID",
    &["startTime", "endTime"],
    "multiples of 15 minutes",
    15.0,
    "silent mode times lie on a 15-minute grid",
);
/// Silent mode that starts when it ends.
pub const SILENT_START_EQUALS_END: Rule = Rule::new(
    "SILENT_START_EQUALS_END",
    &["startTime", "endTime"],
    "startTime ≠ endTime",
    "silent mode must not start when it ends",
    "assumed",
);
/// A date-time that is not a valid local `YYYY-MM-DDTHH:MM[:SS]`.
pub const DATETIME_FORMAT: Rule = Rule::new(
    "DATETIME_FORMAT",
    &["dateTime"],
    "YYYY-MM-DDTHH:MM:SS, local, no offset",
    "not a valid local date-time (no offset)",
    "assumed",
);
/// A date-time outside 2020–2099.
pub const DATETIME_YEAR_RANGE: Rule = Rule::range(
    "DATETIME_YEAR_RANGE",
    &["dateTime"],
    "years 2020–2099",
    2020.0,
    2099.0,
    "the year lies between 2020 and 2099",
);
/// A holiday date that is not `YYYY-MM-DD`.
pub const HOLIDAY_DATE_FORMAT: Rule = Rule::new(
    "HOLIDAY_DATE_FORMAT",
    &["startDate", "endDate"],
    "YYYY-MM-DD",
    "not a valid date YYYY-MM-DD",
    "assumed",
);
/// A holiday that ends before it starts.
pub const HOLIDAY_START_AFTER_END: Rule = Rule::new(
    "HOLIDAY_START_AFTER_END",
    &["startDate", "endDate"],
    "startDate ≤ endDate",
    "the holiday must not end before it starts",
    "assumed",
);
/// A holiday that is over.
pub const HOLIDAY_END_IN_PAST: Rule = Rule::new(
    "HOLIDAY_END_IN_PAST",
    &["endDate"],
    "endDate ≥ today",
    "the holiday is already over",
    "assumed",
);
/// A holiday for no circuit.
pub const HOLIDAY_NO_CIRCUIT: Rule = Rule::new(
    "HOLIDAY_NO_CIRCUIT",
    &["heatingCircuits", "dhwCircuits"],
    "at least one circuit",
    "a holiday mode applies to at least one heating or DHW circuit",
    "assumed",
);
/// A holiday overlapping another on the same circuit.
pub const HOLIDAY_OVERLAP: Rule = Rule::new(
    "HOLIDAY_OVERLAP",
    &["startDate", "endDate"],
    "no overlap on a circuit",
    "the holiday overlaps another holiday mode on the same circuit",
    "assumed",
);
/// A ninth holiday mode.
pub const HOLIDAY_LIMIT: Rule = Rule::range(
    "HOLIDAY_LIMIT",
    &[""],
    "at most 8 per gateway",
    0.0,
    8.0,
    "a gateway holds at most 8 holiday modes",
);
/// A circuit number below 1.
pub const HOLIDAY_CIRCUIT_ID: Rule = Rule::new(
    "HOLIDAY_CIRCUIT_ID",
    &["heatingCircuits", "dhwCircuits"],
    "≥ 1",
    "circuit numbers start at 1",
    "assumed",
);

/// The system rule table.
pub static RULES: &[Rule] = &[
    SILENT_TIME_FORMAT,
    SILENT_TIME_GRID,
    SILENT_START_EQUALS_END,
    DATETIME_FORMAT,
    DATETIME_YEAR_RANGE,
    HOLIDAY_DATE_FORMAT,
    HOLIDAY_START_AFTER_END,
    HOLIDAY_END_IN_PAST,
    HOLIDAY_NO_CIRCUIT,
    HOLIDAY_OVERLAP,
    HOLIDAY_LIMIT,
    HOLIDAY_CIRCUIT_ID,
];

fn clock(report: &mut Report, field: &str, text: &str) -> Option<ClockTime> {
    match ClockTime::parse(text) {
        None => {
            report.violate(&SILENT_TIME_FORMAT, &[field], &format!("{field} is {text:?}"));
            None
        }
        Some(t) => {
            if t.minutes() % 15 != 0 {
                report.violate(&SILENT_TIME_GRID, &[field], &format!("{field} is {text}"));
            }
            Some(t)
        }
    }
}

/// Validates a silent mode patch, on the merged state when `current` is given.
pub fn validate_silent_mode(patch: &SilentModePatch, current: Option<&SilentMode>) -> Report {
    let mut report = Report::new();
    if patch.enabled.is_none() && patch.start_time.is_none() && patch.end_time.is_none() {
        report.violate(&PATCH_EMPTY, &[""], "");
        return report;
    }
    let start = patch.start_time.as_deref().map(|t| clock(&mut report, "startTime", t));
    let end = patch.end_time.as_deref().map(|t| clock(&mut report, "endTime", t));
    if start.is_none() && end.is_none() {
        return report;
    }
    let from_current = |t: Option<&String>| t.and_then(|t| ClockTime::parse(t));
    let merged_start = start.unwrap_or_else(|| from_current(current.and_then(|c| c.start_time.as_ref())));
    let merged_end = end.unwrap_or_else(|| from_current(current.and_then(|c| c.end_time.as_ref())));
    match (merged_start, merged_end) {
        (Some(s), Some(e)) if s == e => report.violate(
            &SILENT_START_EQUALS_END,
            &["startTime", "endTime"],
            &format!("both are {:02}:{:02}", s.hour, s.minute),
        ),
        (Some(_), Some(_)) => {}
        _ if start.is_some_and(|s| s.is_none()) || end.is_some_and(|e| e.is_none()) => {}
        _ => report.unchecked(&SILENT_START_EQUALS_END),
    }
    report
}

/// Validates a new gateway time.
pub fn validate_date_time(value: &SystemDateTime) -> Report {
    let mut report = Report::new();
    // The gateway's clock is set to the second: `YYYY-MM-DDTHH:MM:SS`.
    match LocalDateTime::parse(&value.date_time).filter(|_| value.date_time.len() == 19) {
        None => report.violate(
            &DATETIME_FORMAT,
            &["dateTime"],
            &format!("dateTime is {:?}", value.date_time),
        ),
        Some(t) => report.range(&DATETIME_YEAR_RANGE, "dateTime", t.date.year as f64),
    }
    report
}

/// Validates a holiday mode to create, against the existing ones and today's date when given.
pub fn validate_holiday_mode(
    create: &HolidayModeCreate,
    existing: Option<&[HolidayMode]>,
    today: Option<Date>,
) -> Report {
    let mut report = Report::new();
    let mut date = |field: &str, text: &str| {
        let parsed = Date::parse(text);
        if parsed.is_none() {
            report.violate(&HOLIDAY_DATE_FORMAT, &[field], &format!("{field} is {text:?}"));
        }
        parsed
    };
    let start = date("startDate", &create.start_date);
    let end = date("endDate", &create.end_date);
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        report.violate(
            &HOLIDAY_START_AFTER_END,
            &["startDate", "endDate"],
            &format!("{s} > {e}"),
        );
    }
    if let Some(e) = end {
        match today {
            Some(t) if e < t => report.violate(&HOLIDAY_END_IN_PAST, &["endDate"], &format!("{e} is before {t}")),
            Some(_) => {}
            None => report.unchecked(&HOLIDAY_END_IN_PAST),
        }
    }
    if create.heating_circuits.is_empty() && create.dhw_circuits.is_empty() {
        report.violate(
            &HOLIDAY_NO_CIRCUIT,
            &["heatingCircuits", "dhwCircuits"],
            "both are empty",
        );
    }
    for (field, list) in [
        ("heatingCircuits", &create.heating_circuits),
        ("dhwCircuits", &create.dhw_circuits),
    ] {
        if list.contains(&0) {
            report.violate(&HOLIDAY_CIRCUIT_ID, &[field], "circuit 0");
        }
    }
    if let Some(mode) = &create.heating_mode {
        report.known("heatingMode", mode.is_known(), mode.as_str());
    }
    if let Some(mode) = &create.dhw_mode {
        report.known("dhwMode", mode.is_known(), mode.as_str());
    }
    match existing {
        None => {
            report.unchecked(&HOLIDAY_OVERLAP);
            report.unchecked(&HOLIDAY_LIMIT);
        }
        Some(list) => {
            if list.len() + 1 > HOLIDAY_LIMIT.max.unwrap_or(8.0) as usize {
                report.violate(&HOLIDAY_LIMIT, &[""], &format!("{} exist already", list.len()));
            }
            if let (Some(s), Some(e)) = (start, end) {
                for other in list {
                    let (Some(os), Some(oe)) = (Date::parse(&other.start_date), Date::parse(&other.end_date)) else {
                        continue;
                    };
                    let shares_circuit = create
                        .heating_circuits
                        .iter()
                        .any(|c| other.heating_circuits.contains(c))
                        || create.dhw_circuits.iter().any(|c| other.dhw_circuits.contains(c));
                    if shares_circuit && s <= oe && os <= e {
                        report.violate(
                            &HOLIDAY_OVERLAP,
                            &["startDate", "endDate"],
                            &format!("overlaps holiday mode {} ({os} to {oe})", other.holiday_mode_id),
                        );
                    }
                }
            }
        }
    }
    report
}
