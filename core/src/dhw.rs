//! Domestic hot water circuits (§2.5, remote control): settings, extra charge, time programs.
//! (`GET/PUT .../operationMode` were removed in v1.14: the SDK has none.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::heating_circuits::{CircuitRef, circuit_op, time_program_ops};
use crate::operation::{Operation, OperationId, PathParams};
use crate::time_programs::{CircuitKind, TimeProgram};
use crate::validation::Report;
use crate::validation::{charge, dhw, time_program};

open_enum! {
    /// Operation mode of a DHW circuit.
    pub enum DhwOperationMode {
        /// No hot water.
        Off => "OFF",
        /// Eco+ (most economical).
        EcoPlus => "ECO_PLUS",
        /// Eco.
        Eco => "ECO",
        /// Comfort.
        Comfort => "COMFORT",
        /// Follows the selected time program.
        Auto => "AUTO",
    }
}

open_enum! {
    /// Whether an extra hot water charge runs.
    pub enum DhwChargeStatus {
        /// A charge runs.
        Active => "ACTIVE",
        /// No charge runs.
        Inactive => "INACTIVE",
    }
}

/// A DHW circuit. \[seed 2024-08-29, v1.0, v1.7, v1.19\]
///
/// Each mode heats between its start and stop setpoints (v1.0); `offModeSettings` and
/// `currentSetPointTemperature` were removed (v1.0, v1.19).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhwCircuit {
    /// Number of the circuit.
    pub circuit_id: u32,
    /// The selected operation mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<DhwOperationMode>,
    /// ECO_PLUS setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco_plus_mode_settings: Option<DhwModeSettings>,
    /// ECO setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco_mode_settings: Option<DhwModeSettings>,
    /// COMFORT setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comfort_mode_settings: Option<DhwModeSettings>,
    /// AUTO settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_mode_settings: Option<DhwAutoModeSettings>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Start and stop setpoints of a DHW mode, °C. \[seed v1.0\]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhwModeSettings {
    /// The heat pump starts heating below this temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_set_point_temperature: Option<f64>,
    /// The heat pump stops heating at this temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_set_point_temperature: Option<f64>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// AUTO settings of a DHW circuit. \[seed v1.7\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhwAutoModeSettings {
    /// The time program in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_time_program_id: Option<u32>,
    /// The mode the time program asks for now (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<DhwOperationMode>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A change to a DHW circuit (`PATCH`, v1.12): only the fields given are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DhwCircuitPatch {
    /// New operation mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<DhwOperationMode>,
    /// New ECO_PLUS setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco_plus_mode_settings: Option<DhwModePatch>,
    /// New ECO setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eco_mode_settings: Option<DhwModePatch>,
    /// New COMFORT setpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comfort_mode_settings: Option<DhwModePatch>,
    /// New AUTO settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_mode_settings: Option<DhwAutoModePatch>,
}

/// A change to the setpoints of a DHW mode.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DhwModePatch {
    /// New start setpoint, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_set_point_temperature: Option<f64>,
    /// New stop setpoint, °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_set_point_temperature: Option<f64>,
}

/// A change to DHW AUTO settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DhwAutoModePatch {
    /// New time program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_time_program_id: Option<u32>,
    /// Read-only: sending it is a violation (`DHW_AUTO_MODE_READ_ONLY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_mode: Option<DhwOperationMode>,
}

/// The extra hot water charge of a DHW circuit. \[seed 2024-07-30; fields assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhwCharge {
    /// Whether a charge runs.
    pub charge_status: DhwChargeStatus,
    /// Minutes left of the running charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_time_minutes: Option<u32>,
    /// Length of the charge, minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Starts (`enabled: true`) or stops an extra hot water charge. \[assumed shape\]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DhwChargeUpdate {
    /// Start or stop.
    pub enabled: bool,
    /// Length of the charge, 15–240 minutes in steps of 15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
}

/// `GET /hvacs/{gatewayId}/dhwCircuits`: the DHW circuits of an appliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListDhwCircuits {
    /// The appliance.
    pub gateway_id: String,
}

impl Operation for ListDhwCircuits {
    type Output = Vec<CircuitRef>;
    const ID: OperationId = OperationId::ListDhwCircuits;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
}

circuit_op!(
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: a DHW circuit.
    GetDhwCircuit, GetDhwCircuit, DhwCircuit
);
circuit_op!(
    /// `GET .../dhwCircuits/{circuitId}/charge`: the extra charge.
    GetDhwCharge, GetDhwCharge, DhwCharge
);
time_program_ops!(
    GetDhwTimeProgram,
    GetDhwTimeProgram,
    SetDhwTimeProgram,
    SetDhwTimeProgram,
    CircuitKind::Dhw,
    "dhwCircuits"
);

/// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: changes a DHW circuit.
///
/// Give `current` (and `timeProgramIds`) to check the setpoint dependencies on the merged
/// state (§3.1); without them the rules that need them are reported unchecked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDhwCircuit {
    /// The appliance.
    pub gateway_id: String,
    /// The circuit.
    pub circuit_id: u32,
    /// The change.
    pub body: DhwCircuitPatch,
    /// The circuit as last read, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<DhwCircuit>,
    /// The time programs that exist, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_program_ids: Option<Vec<u32>>,
}

impl Operation for UpdateDhwCircuit {
    type Output = DhwCircuit;
    const ID: OperationId = OperationId::UpdateDhwCircuit;
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
        dhw::validate_patch(&self.body, self.current.as_ref(), self.time_program_ids.as_deref())
    }
}

/// `PATCH .../dhwCircuits/{circuitId}/charge`: starts or stops an extra charge (rate limited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDhwCharge {
    /// The appliance.
    pub gateway_id: String,
    /// The circuit.
    pub circuit_id: u32,
    /// Start or stop.
    pub body: DhwChargeUpdate,
}

impl Operation for UpdateDhwCharge {
    type Output = DhwCharge;
    const ID: OperationId = OperationId::UpdateDhwCharge;
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
        charge::validate(&self.body)
    }
}

/// The setpoints of the three DHW modes, in order ECO_PLUS, ECO, COMFORT.
pub const MODES: [&str; 3] = ["ecoPlusModeSettings", "ecoModeSettings", "comfortModeSettings"];

impl DhwCircuit {
    /// The settings of the modes in order ECO_PLUS, ECO, COMFORT.
    pub fn mode_settings(&self) -> [Option<&DhwModeSettings>; 3] {
        [
            self.eco_plus_mode_settings.as_ref(),
            self.eco_mode_settings.as_ref(),
            self.comfort_mode_settings.as_ref(),
        ]
    }

    /// The circuit with `patch` applied (what the API stores). Read-only fields are ignored;
    /// an empty mode patch (`"ecoModeSettings": {}`) changes nothing.
    pub fn merged(&self, patch: &DhwCircuitPatch) -> DhwCircuit {
        let mut out = self.clone();
        if let Some(mode) = &patch.operation_mode {
            out.operation_mode = Some(mode.clone());
        }
        let targets = [
            &mut out.eco_plus_mode_settings,
            &mut out.eco_mode_settings,
            &mut out.comfort_mode_settings,
        ];
        for (slot, change) in targets.into_iter().zip(patch.mode_patches()) {
            let sets_something = change
                .is_some_and(|c| c.start_set_point_temperature.is_some() || c.stop_set_point_temperature.is_some());
            if let (true, Some(change)) = (sets_something, change) {
                let settings = slot.get_or_insert_with(DhwModeSettings::default);
                if let Some(v) = change.start_set_point_temperature {
                    settings.start_set_point_temperature = Some(v);
                }
                if let Some(v) = change.stop_set_point_temperature {
                    settings.stop_set_point_temperature = Some(v);
                }
            }
        }
        if let Some(id) = patch
            .auto_mode_settings
            .as_ref()
            .and_then(|a| a.selected_time_program_id)
        {
            match &mut out.auto_mode_settings {
                Some(auto) => auto.selected_time_program_id = Some(id),
                None => {
                    out.auto_mode_settings = Some(DhwAutoModeSettings {
                        selected_time_program_id: Some(id),
                        operation_mode: None,
                        extra: BTreeMap::new(),
                    })
                }
            }
        }
        out
    }
}

impl DhwCircuitPatch {
    /// The setpoint changes of the modes in order ECO_PLUS, ECO, COMFORT.
    pub fn mode_patches(&self) -> [Option<&DhwModePatch>; 3] {
        [
            self.eco_plus_mode_settings.as_ref(),
            self.eco_mode_settings.as_ref(),
            self.comfort_mode_settings.as_ref(),
        ]
    }
}
