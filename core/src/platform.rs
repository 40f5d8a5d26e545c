//! Platform (§2.1): health, the appliances a partner may access, their connectivity, their
//! components, system detection, and webhook simulation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::operation::{Operation, OperationId, PathParams, check_gateway_id};
use crate::validation::Report;
pub use crate::webhooks::events::{ConnectivityStatus, EventType};

/// Operating status of the Partner API (`GET /health`). \[assumed shape\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `UP` when the API works.
    pub status: String,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// An appliance the partner may access (`GET /hvacs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HvacRef {
    /// The gateway id of the appliance.
    pub gateway_id: String,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Connectivity of an appliance (`GET /hvacs/{gatewayId}/status`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HvacStatus {
    /// The gateway id.
    pub gateway_id: String,
    /// `ONLINE` or `OFFLINE` (checked every 15 minutes by the API).
    pub connectivity_status: ConnectivityStatus,
    /// When the status was last updated (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

open_enum! {
    /// The kind of a component (POOLMODULE since v1.14, CASCADE since v1.34).
    pub enum ComponentType {
        /// The internet gateway.
        Gateway => "GATEWAY",
        /// The heat pump (outdoor unit).
        HeatPump => "HEAT_PUMP",
        /// The indoor unit.
        IndoorUnit => "INDOOR_UNIT",
        /// The control unit (see `controlUnitType`).
        ControlUnit => "CONTROL_UNIT",
        /// A room controller.
        RoomController => "ROOM_CONTROLLER",
        /// A pool module. \[seed v1.14\]
        Poolmodule => "POOLMODULE",
        /// A cascade of heat sources (see `heatSources`). \[seed v1.34\]
        Cascade => "CASCADE",
    }
}

open_enum! {
    /// The type of a control unit; decides which data points an appliance reports. \[seed v1.5\]
    pub enum ControlUnitType {
        /// CU-HP control unit (reports the `.lowRes` energy data points).
        CuHp => "CU-HP",
        /// xCU-HP control unit (reports `hvac.emon.energySupplyTotal`).
        XcuHp => "xCU-HP",
    }
}

/// One component of an appliance (`GET /hvacs/{gatewayId}/components`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// What the component is.
    #[serde(rename = "type")]
    pub component_type: ComponentType,
    /// Software version, on every component type. \[seed v1.17\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
    /// Serial number, where available. \[seed v1.29\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Control unit type, on `CONTROL_UNIT` only. \[assumed\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_unit_type: Option<ControlUnitType>,
    /// Heat sources, on `CASCADE` only. \[assumed shape\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heat_sources: Option<Vec<HeatSource>>,
    /// Fields this SDK version does not know (e.g. the removed `firmwareVersion`), kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// One heat source of a `CASCADE` component. \[seed v1.34, v1.35; shape assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatSource {
    /// Number of the heat source, as in `hvac.cascade.hs{heatSourceId}.*` data points.
    pub heat_source_id: u32,
    /// Software version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
    /// Serial number, where available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// The answer to a system detection (`POST /hvacs/{gatewayId}/components`, 202). \[assumed shape\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemDetection {
    /// `STARTED` when the detection runs.
    pub detection_status: String,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Asks the API to send a sample event to every webhook endpoint (`POST /webhooks/simulation`). \[seed v1.25\]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookSimulationRequest {
    /// The type of event to simulate.
    pub event_type: EventType,
    /// The appliance the sample event names, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
}

/// The answer to a webhook simulation (202). \[assumed shape: may be empty\]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Accepted {
    /// Whatever the API sent with its 202, kept as sent.
    pub body: Option<Value>,
}

impl<'de> Deserialize<'de> for Accepted {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Ok(Accepted {
            body: (!value.is_null()).then_some(value),
        })
    }
}

/// `GET /health`: the operating status of the Partner API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetHealth {}

impl Operation for GetHealth {
    type Output = Health;
    const ID: OperationId = OperationId::GetHealth;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

/// `GET /hvacs`: every appliance the partner may access.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListHvacs {}

impl Operation for ListHvacs {
    type Output = Vec<HvacRef>;
    const ID: OperationId = OperationId::ListHvacs;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

macro_rules! gateway_op {
    ($(#[$meta:meta])* $name:ident, $id:ident, $output:ty) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// The appliance.
            pub gateway_id: String,
        }

        #[allow(deprecated)]
        impl Operation for $name {
            type Output = $output;
            const ID: OperationId = OperationId::$id;
            fn path_params(&self) -> PathParams<'_> {
                PathParams { gateway_id: Some(&self.gateway_id), ..Default::default() }
            }
        }
    };
}
pub(crate) use gateway_op;

gateway_op!(
    /// `GET /hvacs/{gatewayId}/status`: connectivity of an appliance.
    GetHvacStatus, GetHvacStatus, HvacStatus
);
gateway_op!(
    /// `GET /hvacs/{gatewayId}/components`: the components of an appliance (504 when offline).
    GetComponents, GetComponents, Vec<Component>
);
gateway_op!(
    /// `POST /hvacs/{gatewayId}/components`: starts a system detection. \[seed v1.17\]
    StartSystemDetection, StartSystemDetection, SystemDetection
);

/// `POST /webhooks/simulation`: sends a sample event to every webhook endpoint. \[seed v1.25\]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulateWebhookEvent {
    /// What to simulate.
    pub body: WebhookSimulationRequest,
}

impl Operation for SimulateWebhookEvent {
    type Output = Accepted;
    const ID: OperationId = OperationId::SimulateWebhookEvent;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        let mut report = Report::new();
        report.known(
            "eventType",
            self.body.event_type.is_known(),
            self.body.event_type.as_str(),
        );
        if let Some(gateway) = &self.body.gateway_id
            && let Err(v) = check_gateway_id(gateway)
        {
            report.violations.push(v);
        }
        report
    }
}
