//! Heat curve rules (§3.2): which fields apply to which control type, ranges and order.
//! \[seed v1.14, v1.20 for the control types; the table and numbers are assumed\]

use super::{ENUM_UNKNOWN, PATCH_EMPTY, Report, Rule, show};
use crate::heating_circuits::{ControlType, HeatCurve, HeatCurvePatch, HeatingDistributionType};

/// A field that does not apply to the (resulting) control type.
pub const CURVE_NOT_APPLICABLE: Rule = Rule::new(
    "CURVE_NOT_APPLICABLE",
    &["*"],
    "see the control type table",
    "this field does not apply to the circuit's control type",
    "assumed",
);
/// A field ISRC manages automatically.
pub const CURVE_MANAGED_AUTOMATICALLY: Rule = Rule::new(
    "CURVE_MANAGED_AUTOMATICALLY",
    &[
        "basePointTemperature",
        "endPointTemperature",
        "designOutdoorTemperature",
    ],
    "not writable when controlType is ISRC",
    "ISRC manages this field automatically",
    "assumed",
);
/// A control type change the API does not allow.
pub const CURVE_CONTROL_TYPE_NOT_SETTABLE: Rule = Rule::new(
    "CURVE_CONTROL_TYPE_NOT_SETTABLE",
    &["controlType"],
    "WEATHER_COMPENSATED ↔ ROOM_TEMPERATURE only",
    "the control type can switch between WEATHER_COMPENSATED and ROOM_TEMPERATURE only; ISRC cannot be set through the API",
    "assumed",
);
/// minFlowTemperature outside 10–40 °C.
pub const CURVE_MIN_FLOW_RANGE: Rule = Rule::range(
    "CURVE_MIN_FLOW_RANGE",
    &["minFlowTemperature"],
    "10–40 °C",
    10.0,
    40.0,
    "the minimum flow temperature lies between 10 and 40 °C",
);
/// maxFlowTemperature outside 25–75 °C.
pub const CURVE_MAX_FLOW_RANGE: Rule = Rule::range(
    "CURVE_MAX_FLOW_RANGE",
    &["maxFlowTemperature"],
    "25–75 °C",
    25.0,
    75.0,
    "the maximum flow temperature lies between 25 and 75 °C",
);
/// maxFlowTemperature above 55 °C on floor heating.
pub const CURVE_MAX_FLOW_FLOOR: Rule = Rule::range(
    "CURVE_MAX_FLOW_FLOOR",
    &["maxFlowTemperature"],
    "≤ 55 °C with FLOOR distribution",
    f64::NEG_INFINITY,
    55.0,
    "floor heating allows a maximum flow temperature of 55 °C",
);
/// designOutdoorTemperature outside −35–0 °C.
pub const CURVE_DESIGN_OUTDOOR_RANGE: Rule = Rule::range(
    "CURVE_DESIGN_OUTDOOR_RANGE",
    &["designOutdoorTemperature"],
    "−35–0 °C",
    -35.0,
    0.0,
    "the design outdoor temperature lies between −35 and 0 °C",
);
/// roomInfluenceTemperature outside 0–10 K.
pub const CURVE_ROOM_INFLUENCE_RANGE: Rule = Rule::range(
    "CURVE_ROOM_INFLUENCE_RANGE",
    &["roomInfluenceTemperature"],
    "0–10 K",
    0.0,
    10.0,
    "the room influence lies between 0 and 10 K",
);
/// roomTemperatureOffset outside −5–+5 K.
pub const CURVE_ROOM_OFFSET_RANGE: Rule = Rule::range(
    "CURVE_ROOM_OFFSET_RANGE",
    &["roomTemperatureOffset"],
    "−5–+5 K",
    -5.0,
    5.0,
    "the room temperature offset lies between −5 and +5 K",
);
/// A value off the 0.5 grid.
pub const CURVE_STEP: Rule = Rule::step(
    "CURVE_STEP",
    &["*"],
    "steps of 0.5",
    0.5,
    "heat curve values are set in steps of 0.5",
);
/// minFlowTemperature not below maxFlowTemperature.
pub const CURVE_MIN_BELOW_MAX: Rule = Rule::new(
    "CURVE_MIN_BELOW_MAX",
    &["minFlowTemperature", "maxFlowTemperature"],
    "minFlow < maxFlow",
    "the minimum flow temperature must be below the maximum",
    "assumed",
);
/// The curve points out of order.
pub const CURVE_POINT_ORDER: Rule = Rule::new(
    "CURVE_POINT_ORDER",
    &[
        "minFlowTemperature",
        "basePointTemperature",
        "endPointTemperature",
        "maxFlowTemperature",
    ],
    "minFlow ≤ basePoint ≤ endPoint ≤ maxFlow",
    "the curve's points must be ordered minFlow ≤ basePoint ≤ endPoint ≤ maxFlow",
    "assumed",
);

/// The heat curve rule table.
pub static RULES: &[Rule] = &[
    CURVE_NOT_APPLICABLE,
    CURVE_MANAGED_AUTOMATICALLY,
    CURVE_CONTROL_TYPE_NOT_SETTABLE,
    CURVE_MIN_FLOW_RANGE,
    CURVE_MAX_FLOW_RANGE,
    CURVE_MAX_FLOW_FLOOR,
    CURVE_DESIGN_OUTDOOR_RANGE,
    CURVE_ROOM_INFLUENCE_RANGE,
    CURVE_ROOM_OFFSET_RANGE,
    CURVE_STEP,
    CURVE_MIN_BELOW_MAX,
    CURVE_POINT_ORDER,
];

/// How a heat curve field may be written under a control type (§3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The field may be sent.
    Writable,
    /// The field has no meaning under this control type.
    NotApplicable,
    /// The appliance sets the field itself.
    Managed,
}

use Access::{Managed as M, NotApplicable as N, Writable as W};

/// The applicability table: field, then access under WEATHER_COMPENSATED, ROOM_TEMPERATURE, ISRC. \[assumed\]
pub static APPLICABILITY: &[(&str, [Access; 3])] = &[
    ("minFlowTemperature", [W, W, W]),
    ("maxFlowTemperature", [W, W, W]),
    ("basePointTemperature", [W, N, M]),
    ("endPointTemperature", [W, N, M]),
    ("designOutdoorTemperature", [W, N, M]),
    ("roomInfluenceTemperature", [W, N, N]),
    ("roomTemperatureOffset", [W, W, N]),
];

/// The range rule of each numeric field.
static RANGES: &[(&str, Option<&Rule>)] = &[
    ("minFlowTemperature", Some(&CURVE_MIN_FLOW_RANGE)),
    ("maxFlowTemperature", Some(&CURVE_MAX_FLOW_RANGE)),
    ("basePointTemperature", None),
    ("endPointTemperature", None),
    ("designOutdoorTemperature", Some(&CURVE_DESIGN_OUTDOOR_RANGE)),
    ("roomInfluenceTemperature", Some(&CURVE_ROOM_INFLUENCE_RANGE)),
    ("roomTemperatureOffset", Some(&CURVE_ROOM_OFFSET_RANGE)),
];

/// The control types a circuit may switch between through the API: `(from, to)`. \[assumed\]
pub static CONTROL_TYPE_SWITCHES: &[(&str, &str)] = &[
    ("WEATHER_COMPENSATED", "ROOM_TEMPERATURE"),
    ("ROOM_TEMPERATURE", "WEATHER_COMPENSATED"),
];

fn column(control: &ControlType) -> Option<usize> {
    match control {
        ControlType::WeatherCompensated => Some(0),
        ControlType::RoomTemperature => Some(1),
        ControlType::Isrc => Some(2),
        ControlType::Unknown(_) => None,
    }
}

fn patch_fields(p: &HeatCurvePatch) -> [(&'static str, Option<f64>); 7] {
    [
        ("minFlowTemperature", p.min_flow_temperature),
        ("maxFlowTemperature", p.max_flow_temperature),
        ("basePointTemperature", p.base_point_temperature),
        ("endPointTemperature", p.end_point_temperature),
        ("designOutdoorTemperature", p.design_outdoor_temperature),
        ("roomInfluenceTemperature", p.room_influence_temperature),
        ("roomTemperatureOffset", p.room_temperature_offset),
    ]
}

/// Validates a heat curve patch on the merged state when `current` (and the circuit's
/// distribution type) are given.
pub fn validate_patch(
    patch: &HeatCurvePatch,
    current: Option<&HeatCurve>,
    distribution: Option<&HeatingDistributionType>,
) -> Report {
    let mut report = Report::new();
    let fields = patch_fields(patch);
    if patch.control_type.is_none() && fields.iter().all(|(_, v)| v.is_none()) {
        report.violate(&PATCH_EMPTY, &[""], "");
        return report;
    }
    let current_type = current.and_then(|c| c.control_type.as_ref());

    // The control type: only WEATHER_COMPENSATED <-> ROOM_TEMPERATURE.
    if let Some(target) = &patch.control_type {
        if !target.is_known() {
            report.violate(
                &ENUM_UNKNOWN,
                &["controlType"],
                &format!("controlType is {:?}", target.as_str()),
            );
        } else if *target == ControlType::Isrc || current_type == Some(&ControlType::Isrc) {
            report.violate(&CURVE_CONTROL_TYPE_NOT_SETTABLE, &["controlType"], "ISRC");
        } else if current_type == Some(target) {
            // Unchanged: allowed (idempotent).
        } else if let Some(from) = current_type {
            let allowed = CONTROL_TYPE_SWITCHES
                .iter()
                .any(|(f, t)| *f == from.as_str() && *t == target.as_str());
            if !allowed {
                report.violate(
                    &CURVE_CONTROL_TYPE_NOT_SETTABLE,
                    &["controlType"],
                    &format!("{from} → {target}"),
                );
            }
        } else {
            report.unchecked(&CURVE_CONTROL_TYPE_NOT_SETTABLE);
        }
    }

    // Applicability under the resulting control type.
    let resulting = patch.control_type.as_ref().filter(|t| t.is_known()).or(current_type);
    match resulting.and_then(column) {
        Some(col) => {
            for (field, value) in fields.iter() {
                if value.is_none() {
                    continue;
                }
                let access = APPLICABILITY
                    .iter()
                    .find(|(f, _)| f == field)
                    .map_or(W, |(_, a)| a[col]);
                let control = resulting.map(ControlType::as_str).unwrap_or_default();
                match access {
                    W => {}
                    N => report.violate(&CURVE_NOT_APPLICABLE, &[field], &format!("{field} with {control}")),
                    M => report.violate(
                        &CURVE_MANAGED_AUTOMATICALLY,
                        &[field],
                        &format!("{field} with {control}"),
                    ),
                }
            }
        }
        None => {
            // Without a control type, a field is unchecked for each access it may have.
            for (field, value) in fields.iter() {
                let Some((_, access)) = APPLICABILITY.iter().find(|(f, _)| f == field) else {
                    continue;
                };
                if value.is_some() {
                    if access.contains(&N) {
                        report.unchecked(&CURVE_NOT_APPLICABLE);
                    }
                    if access.contains(&M) {
                        report.unchecked(&CURVE_MANAGED_AUTOMATICALLY);
                    }
                }
            }
        }
    }

    // Ranges and grid of each value given.
    for ((field, value), (_, range)) in fields.iter().zip(RANGES) {
        if let Some(v) = value {
            if let Some(rule) = range {
                report.range(rule, field, *v);
            }
            report.step(&CURVE_STEP, field, *v);
        }
    }
    if let Some(max) = patch.max_flow_temperature {
        match distribution {
            Some(HeatingDistributionType::Floor) => report.range(&CURVE_MAX_FLOW_FLOOR, "maxFlowTemperature", max),
            Some(_) => {}
            None if max > CURVE_MAX_FLOW_FLOOR.max.unwrap_or(f64::INFINITY) => report.unchecked(&CURVE_MAX_FLOW_FLOOR),
            None => {}
        }
    }

    // Order on the merged curve.
    let merged = |patch_value: Option<f64>, current_value: Option<f64>| patch_value.or(current_value);
    let c = current.cloned().unwrap_or_default();
    let min = merged(patch.min_flow_temperature, c.min_flow_temperature);
    let max = merged(patch.max_flow_temperature, c.max_flow_temperature);
    let base = merged(patch.base_point_temperature, c.base_point_temperature);
    let end = merged(patch.end_point_temperature, c.end_point_temperature);
    let touched = |name: &str| fields.iter().any(|(f, v)| *f == name && v.is_some());
    if touched("minFlowTemperature") || touched("maxFlowTemperature") {
        match (min, max) {
            (Some(lo), Some(hi)) if lo >= hi => report.violate(
                &CURVE_MIN_BELOW_MAX,
                &["minFlowTemperature", "maxFlowTemperature"],
                &format!("minFlow {} ≥ maxFlow {}", show(lo), show(hi)),
            ),
            (Some(_), Some(_)) => {}
            _ => report.unchecked(&CURVE_MIN_BELOW_MAX),
        }
    }
    let order_touched = [
        "minFlowTemperature",
        "basePointTemperature",
        "endPointTemperature",
        "maxFlowTemperature",
    ]
    .iter()
    .any(|f| touched(f));
    if order_touched {
        let chain = [
            ("minFlowTemperature", min),
            ("basePointTemperature", base),
            ("endPointTemperature", end),
            ("maxFlowTemperature", max),
        ];
        let known: Vec<(&str, f64)> = chain.iter().filter_map(|(f, v)| v.map(|v| (*f, v))).collect();
        for pair in known.windows(2) {
            let ((f1, v1), (f2, v2)) = (pair[0], pair[1]);
            if v1 > v2 {
                report.violate(
                    &CURVE_POINT_ORDER,
                    &[f1, f2],
                    &format!("{f1} {} > {f2} {}", show(v1), show(v2)),
                );
            }
        }
        if known.len() < chain.len() && current.is_none() {
            report.unchecked(&CURVE_POINT_ORDER);
        }
    }
    report
}
