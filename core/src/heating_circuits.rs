//! Heating circuits (§2.4, remote control): settings, heat curve, distribution type and time
//! programs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::operation::{Operation, OperationId, PathParams};
use crate::time_programs::{CircuitKind, TimeProgram};
use crate::validation::Report;
use crate::validation::{heat_curve, heating_circuit, time_program};

open_enum! {
    /// Operation mode of a heating circuit.
    pub enum HeatingOperationMode {
        /// Fixed setpoint (`manualModeSettings`).
        Manual => "MANUAL",
        /// Follows the selected time program (`autoModeSettings`).
        Auto => "AUTO",
        /// Off.
        Off => "OFF",
    }
}

open_enum! {
    /// How a heating circuit is controlled; decides which heat-curve fields apply. \[seed v1.14, v1.20\]
    pub enum ControlType {
        /// Outdoor-temperature compensated.
        WeatherCompensated => "WEATHER_COMPENSATED",
        /// Room-temperature controlled.
        RoomTemperature => "ROOM_TEMPERATURE",
        /// Intelligent single room control. \[seed v1.20\]
        Isrc => "ISRC",
    }
}

open_enum! {
    /// How a heating circuit distributes heat (was `heatingType` before v1.15).
    pub enum HeatingDistributionType {
        /// Underfloor heating.
        Floor => "FLOOR",
        /// Radiators.
        Radiator => "RADIATOR",
        /// Convectors.
        Convector => "CONVECTOR",
    }
}

/// A circuit of an appliance, as listed (`GET .../heatingCircuits`, `GET .../dhwCircuits`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CircuitRef {
    /// Number of the circuit, used in paths and data point keys (`hc1`, `dhw1`).
    pub circuit_id: u32,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A heating circuit. \[seed 2024-07-30, 2024-08-29, 2024-09-26, v1.20\]
///
/// `currentSetPointTemperature`, `manualModeSettings` and `autoModeSettings` are absent for
/// ISRC circuits and on ICOM gateways, which return the data they have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingCircuit {
    /// Number of the circuit.
    pub circuit_id: u32,
    /// How the circuit is controlled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_type: Option<ControlType>,
    /// The selected operation mode (not effective while an overriding mode is active).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<HeatingOperationMode>,
    /// The setpoint in force now, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_set_point_temperature: Option<f64>,
    /// Settings of MANUAL mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_mode_settings: Option<ManualModeSettings>,
    /// Settings of AUTO mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_mode_settings: Option<HeatingAutoModeSettings>,
    /// Special modes (boost, away, holiday, summerWinter, ...) and whether each is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overriding_modes: Option<BTreeMap<String, OverridingModeStatus>>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl HeatingCircuit {
    /// Names of the overriding modes active now, sorted. While any is, a newly set
    /// `operationMode` is stored but not effective.
    pub fn active_overriding_modes(&self) -> Vec<String> {
        self.overriding_modes
            .iter()
            .flatten()
            .filter(|(_, m)| m.active)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

impl HeatingCircuit {
    /// The circuit with `patch` applied (what the API stores). An empty part of a patch
    /// (`"autoModeSettings": {}`) changes nothing. The operation mode is stored even while an
    /// overriding mode keeps it from taking effect.
    pub fn merged(&self, patch: &HeatingCircuitPatch) -> HeatingCircuit {
        let mut out = self.clone();
        if let Some(mode) = &patch.operation_mode {
            out.operation_mode = Some(mode.clone());
        }
        if let Some(value) = patch
            .manual_mode_settings
            .as_ref()
            .and_then(|m| m.set_point_temperature)
        {
            out.manual_mode_settings
                .get_or_insert_with(|| ManualModeSettings {
                    set_point_temperature: None,
                    extra: BTreeMap::new(),
                })
                .set_point_temperature = Some(value);
        }
        let auto = patch.auto_mode_settings.as_ref();
        let program = auto.and_then(|a| a.selected_time_program_id);
        let levels = auto
            .and_then(|a| a.levels.as_ref())
            .filter(|l| l.comfort.is_some() || l.eco.is_some());
        if program.is_some() || levels.is_some() {
            let settings = out.auto_mode_settings.get_or_insert_with(|| HeatingAutoModeSettings {
                selected_time_program_id: None,
                levels: None,
                extra: BTreeMap::new(),
            });
            if program.is_some() {
                settings.selected_time_program_id = program;
            }
            if let Some(levels) = levels {
                let stored = settings.levels.get_or_insert_with(|| HeatingLevels {
                    comfort: None,
                    eco: None,
                    extra: BTreeMap::new(),
                });
                stored.comfort = levels.comfort.or(stored.comfort);
                stored.eco = levels.eco.or(stored.eco);
            }
        }
        out
    }
}

/// Settings of MANUAL mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualModeSettings {
    /// Setpoint, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_point_temperature: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Settings of AUTO mode. \[seed 2024-09-26\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingAutoModeSettings {
    /// The time program in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_time_program_id: Option<u32>,
    /// Temperatures of the program's levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<HeatingLevels>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Temperatures of the COMFORT and ECO levels, °C.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingLevels {
    /// COMFORT level, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comfort: Option<f64>,
    /// ECO level, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Whether an overriding mode is active, and until when. \[seed 2024-08-29; shape assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverridingModeStatus {
    /// Whether the mode overrides the operation mode now.
    pub active: bool,
    /// When it ends, if it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A change to a heating circuit (`PATCH`): only the fields given are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeatingCircuitPatch {
    /// New operation mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<HeatingOperationMode>,
    /// New MANUAL setpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_mode_settings: Option<ManualModePatch>,
    /// New AUTO settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_mode_settings: Option<HeatingAutoModePatch>,
}

/// A change to MANUAL settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManualModePatch {
    /// New setpoint, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_point_temperature: Option<f64>,
}

/// A change to AUTO settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeatingAutoModePatch {
    /// New time program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_time_program_id: Option<u32>,
    /// New level temperatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<HeatingLevelsPatch>,
}

/// A change to level temperatures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeatingLevelsPatch {
    /// New COMFORT level, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comfort: Option<f64>,
    /// New ECO level, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco: Option<f64>,
}

/// The answer to a heating circuit `PATCH`: the circuit, and the overriding modes that keep a
/// newly set operation mode from taking effect (empty when it is effective).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingCircuitUpdated {
    /// The circuit as the API returned it.
    pub circuit: HeatingCircuit,
    /// Active overriding modes, sorted.
    pub overridden_by: Vec<String>,
}

impl<'de> Deserialize<'de> for HeatingCircuitUpdated {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let circuit = HeatingCircuit::deserialize(d)?;
        Ok(HeatingCircuitUpdated {
            overridden_by: circuit.active_overriding_modes(),
            circuit,
        })
    }
}

/// The heat curve of a heating circuit. \[seed v1.1, v1.9, v1.14, v1.20; fields assumed\]
///
/// Temperatures in °C, except `roomInfluenceTemperature` and `roomTemperatureOffset` (K).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatCurve {
    /// How the circuit is controlled. \[seed v1.14\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_type: Option<ControlType>,
    /// Lowest flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_flow_temperature: Option<f64>,
    /// Highest flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow_temperature: Option<f64>,
    /// Flow temperature at the curve's base point, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_point_temperature: Option<f64>,
    /// Flow temperature at the curve's end point, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_point_temperature: Option<f64>,
    /// Design outdoor temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_outdoor_temperature: Option<f64>,
    /// Room influence, K. \[seed v1.14: kelvin\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_influence_temperature: Option<f64>,
    /// Room temperature offset, K.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_temperature_offset: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl HeatCurve {
    /// The heat curve with `patch` applied (what the API stores).
    pub fn merged(&self, patch: &HeatCurvePatch) -> HeatCurve {
        let mut out = self.clone();
        if let Some(control_type) = &patch.control_type {
            out.control_type = Some(control_type.clone());
        }
        let fields = [
            (&mut out.min_flow_temperature, patch.min_flow_temperature),
            (&mut out.max_flow_temperature, patch.max_flow_temperature),
            (&mut out.base_point_temperature, patch.base_point_temperature),
            (&mut out.end_point_temperature, patch.end_point_temperature),
            (&mut out.design_outdoor_temperature, patch.design_outdoor_temperature),
            (&mut out.room_influence_temperature, patch.room_influence_temperature),
            (&mut out.room_temperature_offset, patch.room_temperature_offset),
        ];
        for (slot, value) in fields {
            if value.is_some() {
                *slot = value;
            }
        }
        out
    }
}

/// A change to a heat curve (`PATCH`): only the fields given are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeatCurvePatch {
    /// Switch between WEATHER_COMPENSATED and ROOM_TEMPERATURE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_type: Option<ControlType>,
    /// Lowest flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_flow_temperature: Option<f64>,
    /// Highest flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow_temperature: Option<f64>,
    /// Base point flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_point_temperature: Option<f64>,
    /// End point flow temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_point_temperature: Option<f64>,
    /// Design outdoor temperature, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_outdoor_temperature: Option<f64>,
    /// Room influence, K.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_influence_temperature: Option<f64>,
    /// Room temperature offset, K.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_temperature_offset: Option<f64>,
}

/// The heating distribution type of a circuit. \[seed v1.14, v1.15\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingDistribution {
    /// FLOOR, RADIATOR or CONVECTOR.
    pub heating_distribution_type: HeatingDistributionType,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Declares a request struct addressing one circuit.
macro_rules! circuit_op {
    ($(#[$meta:meta])* $name:ident, $id:ident, $output:ty) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The appliance.
            pub gateway_id: String,
            /// The circuit.
            pub circuit_id: u32,
        }

        impl Operation for $name {
            type Output = $output;
            const ID: OperationId = OperationId::$id;
            fn path_params(&self) -> PathParams<'_> {
                PathParams { gateway_id: Some(&self.gateway_id), circuit_id: Some(self.circuit_id), ..Default::default() }
            }
        }
    };
}
pub(crate) use circuit_op;

/// Declares the GET and PUT request structs of a circuit's time program.
macro_rules! time_program_ops {
    ($get:ident, $get_id:ident, $set:ident, $set_id:ident, $kind:expr, $what:literal) => {
        #[doc = concat!("`GET .../", $what, "/{circuitId}/timePrograms/{timeProgramId}`: a time program.")]
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $get {
            /// The appliance.
            pub gateway_id: String,
            /// The circuit.
            pub circuit_id: u32,
            /// The program.
            pub time_program_id: u32,
        }

        impl Operation for $get {
            type Output = TimeProgram;
            const ID: OperationId = OperationId::$get_id;
            fn path_params(&self) -> PathParams<'_> {
                PathParams {
                    gateway_id: Some(&self.gateway_id),
                    circuit_id: Some(self.circuit_id),
                    time_program_id: Some(self.time_program_id),
                    ..Default::default()
                }
            }
        }

        #[doc = concat!("`PUT .../", $what, "/{circuitId}/timePrograms/{timeProgramId}`: replaces the whole week.")]
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $set {
            /// The appliance.
            pub gateway_id: String,
            /// The circuit.
            pub circuit_id: u32,
            /// The program.
            pub time_program_id: u32,
            /// The new week.
            pub body: TimeProgram,
        }

        impl Operation for $set {
            type Output = TimeProgram;
            const ID: OperationId = OperationId::$set_id;
            fn path_params(&self) -> PathParams<'_> {
                PathParams {
                    gateway_id: Some(&self.gateway_id),
                    circuit_id: Some(self.circuit_id),
                    time_program_id: Some(self.time_program_id),
                    ..Default::default()
                }
            }
            fn body(&self) -> Option<Value> {
                serde_json::to_value(&self.body).ok()
            }
            fn check(&self) -> Report {
                time_program::validate(&self.body, $kind, Some(self.time_program_id))
            }
        }
    };
}
pub(crate) use time_program_ops;

/// `GET /hvacs/{gatewayId}/heatingCircuits`: the heating circuits of an appliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListHeatingCircuits {
    /// The appliance.
    pub gateway_id: String,
}

impl Operation for ListHeatingCircuits {
    type Output = Vec<CircuitRef>;
    const ID: OperationId = OperationId::ListHeatingCircuits;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
}

circuit_op!(
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: a heating circuit.
    GetHeatingCircuit, GetHeatingCircuit, HeatingCircuit
);
circuit_op!(
    /// `GET .../heatingCircuits/{circuitId}/heatCurve`: the heat curve.
    GetHeatCurve, GetHeatCurve, HeatCurve
);
circuit_op!(
    /// `GET .../heatingCircuits/{circuitId}/heatingDistributionType`: FLOOR, RADIATOR or CONVECTOR.
    GetHeatingDistributionType, GetHeatingDistributionType, HeatingDistribution
);
time_program_ops!(
    GetHeatingTimeProgram,
    GetHeatingTimeProgram,
    SetHeatingTimeProgram,
    SetHeatingTimeProgram,
    CircuitKind::Heating,
    "heatingCircuits"
);

/// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: changes a heating circuit.
///
/// Give `current` (the circuit as last read) and `timeProgramIds` to check the rules that
/// depend on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateHeatingCircuit {
    /// The appliance.
    pub gateway_id: String,
    /// The circuit.
    pub circuit_id: u32,
    /// The change.
    pub body: HeatingCircuitPatch,
    /// The circuit as last read, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<HeatingCircuit>,
    /// The circuit's time programs, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_program_ids: Option<Vec<u32>>,
}

impl Operation for UpdateHeatingCircuit {
    type Output = HeatingCircuitUpdated;
    const ID: OperationId = OperationId::UpdateHeatingCircuit;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            circuit_id: Some(self.circuit_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        heating_circuit::validate_patch(&self.body, self.current.as_ref(), self.time_program_ids.as_deref())
    }
}

/// `PATCH .../heatingCircuits/{circuitId}/heatCurve`: changes a heat curve.
///
/// Give `current` and `distributionType` to check the rules that depend on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateHeatCurve {
    /// The appliance.
    pub gateway_id: String,
    /// The circuit.
    pub circuit_id: u32,
    /// The change.
    pub body: HeatCurvePatch,
    /// The heat curve as last read, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<HeatCurve>,
    /// The circuit's distribution type, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution_type: Option<HeatingDistributionType>,
}

impl Operation for UpdateHeatCurve {
    type Output = HeatCurve;
    const ID: OperationId = OperationId::UpdateHeatCurve;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            circuit_id: Some(self.circuit_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        heat_curve::validate_patch(&self.body, self.current.as_ref(), self.distribution_type.as_ref())
    }
}
