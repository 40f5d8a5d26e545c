//! Time programs (§2.4, §2.5): the weekly switch-point schedules of heating and DHW circuits.
//! A `PUT` replaces the whole week.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

open_enum! {
    /// A day of the week.
    pub enum Weekday {
        /// Monday
        Monday => "MONDAY",
        /// Tuesday
        Tuesday => "TUESDAY",
        /// Wednesday
        Wednesday => "WEDNESDAY",
        /// Thursday
        Thursday => "THURSDAY",
        /// Friday
        Friday => "FRIDAY",
        /// Saturday
        Saturday => "SATURDAY",
        /// Sunday
        Sunday => "SUNDAY",
    }
}

open_enum! {
    /// The level a switch point selects. Heating: `COMFORT`, `ECO`; DHW: `OFF`, `ECO_PLUS`, `ECO`, `COMFORT`.
    pub enum Level {
        /// Comfort level.
        Comfort => "COMFORT",
        /// Eco level.
        Eco => "ECO",
        /// Eco+ level (DHW).
        EcoPlus => "ECO_PLUS",
        /// Off (DHW).
        Off => "OFF",
    }
}

/// Which kind of circuit a time program belongs to; decides the allowed levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CircuitKind {
    /// A heating circuit.
    Heating,
    /// A domestic hot water circuit.
    Dhw,
}

impl CircuitKind {
    /// The levels a switch point of this kind of circuit may select. \[seed names; sets assumed\]
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            CircuitKind::Heating => &["COMFORT", "ECO"],
            CircuitKind::Dhw => &["OFF", "ECO_PLUS", "ECO", "COMFORT"],
        }
    }
}

/// A weekly time program. \[seed 2024-09-09, 2024-09-26: TimeProgram, SwitchPoint; shape assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeProgram {
    /// Id of the program (as in the path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_program_id: Option<u32>,
    /// The seven days, each once.
    pub days: Vec<TimeProgramDay>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// The switch points of one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeProgramDay {
    /// The day.
    pub day: Weekday,
    /// 1–6 switch points, ascending by start time.
    pub switch_points: Vec<SwitchPoint>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// From `startTime` on, the circuit runs at `level`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchPoint {
    /// `HH:MM`, on a 15-minute grid.
    pub start_time: String,
    /// The level.
    pub level: Level,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl TimeProgram {
    /// A week with the same switch points every day.
    pub fn every_day(time_program_id: Option<u32>, switch_points: &[(&str, Level)]) -> TimeProgram {
        TimeProgram {
            time_program_id,
            days: Weekday::KNOWN
                .iter()
                .map(|d| TimeProgramDay {
                    day: Weekday::from_wire(d),
                    switch_points: switch_points
                        .iter()
                        .map(|(t, l)| SwitchPoint {
                            start_time: (*t).to_owned(),
                            level: l.clone(),
                            extra: BTreeMap::new(),
                        })
                        .collect(),
                    extra: BTreeMap::new(),
                })
                .collect(),
            extra: BTreeMap::new(),
        }
    }
}
