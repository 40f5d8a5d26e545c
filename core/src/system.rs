//! System (§2.6, remote control): silent mode, the gateway's clock, and holiday modes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::NoContent;
use crate::operation::{Operation, OperationId, PathParams};
use crate::platform::gateway_op;
use crate::time::Date;
use crate::validation::Report;
use crate::validation::system as rules;

/// Silent mode of a heat pump: quieter operation between two clock times. \[seed v1.1; shape assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SilentMode {
    /// Whether silent mode is on.
    pub enabled: bool,
    /// Start, `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End, `HH:MM` (may be before the start: the window spans midnight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A change to silent mode (`PATCH`): only the fields given are changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SilentModePatch {
    /// Switch on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// New start, `HH:MM` on a 15-minute grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// New end, `HH:MM` on a 15-minute grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
}

/// The gateway's clock: local time, no offset (`2026-11-28T21:15:00`). \[seed v1.9\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemDateTime {
    /// Local date-time `YYYY-MM-DDTHH:MM:SS`.
    pub date_time: String,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

open_enum! {
    /// What heating circuits do during a holiday. \[assumed\]
    pub enum HolidayHeatingMode {
        /// Heating off.
        Off => "OFF",
        /// Frost protection only.
        FrostProtection => "FROST_PROTECTION",
        /// Eco level.
        Eco => "ECO",
    }
}

open_enum! {
    /// What DHW circuits do during a holiday. \[assumed\]
    pub enum HolidayDhwMode {
        /// No hot water.
        Off => "OFF",
        /// Eco+.
        EcoPlus => "ECO_PLUS",
    }
}

/// A holiday mode of an appliance. \[seed v1.8; shape assumed\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HolidayMode {
    /// Id, as in `DELETE .../holidayModes/{holidayModeId}` and the data point key.
    pub holiday_mode_id: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`.
    pub end_date: String,
    /// Heating circuits it applies to.
    #[serde(default)]
    pub heating_circuits: Vec<u32>,
    /// DHW circuits it applies to.
    #[serde(default)]
    pub dhw_circuits: Vec<u32>,
    /// What heating does meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heating_mode: Option<HolidayHeatingMode>,
    /// What DHW does meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhw_mode: Option<HolidayDhwMode>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A holiday mode to create (the API assigns the id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayModeCreate {
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`, not in the past.
    pub end_date: String,
    /// Heating circuits it applies to.
    #[serde(default)]
    pub heating_circuits: Vec<u32>,
    /// DHW circuits it applies to.
    #[serde(default)]
    pub dhw_circuits: Vec<u32>,
    /// What heating does meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heating_mode: Option<HolidayHeatingMode>,
    /// What DHW does meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhw_mode: Option<HolidayDhwMode>,
}

impl HolidayModeCreate {
    /// The holiday mode this creates, under the id the API assigned.
    pub fn with_id(&self, holiday_mode_id: &str) -> HolidayMode {
        HolidayMode {
            holiday_mode_id: holiday_mode_id.to_owned(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone(),
            heating_circuits: self.heating_circuits.clone(),
            dhw_circuits: self.dhw_circuits.clone(),
            heating_mode: self.heating_mode.clone(),
            dhw_mode: self.dhw_mode.clone(),
            extra: BTreeMap::new(),
        }
    }
}

gateway_op!(
    /// `GET /hvacs/{gatewayId}/system/silentMode`: silent mode. \[seed v1.1\]
    GetSilentMode, GetSilentMode, SilentMode
);
gateway_op!(
    /// `GET /hvacs/{gatewayId}/system/dateTime`: the gateway's local time. \[seed v1.9\]
    GetDateTime, GetDateTime, SystemDateTime
);
gateway_op!(
    /// `GET /hvacs/{gatewayId}/system/holidayModes`: the holiday modes. \[seed v1.8\]
    ListHolidayModes, ListHolidayModes, Vec<HolidayMode>
);

/// `PATCH /hvacs/{gatewayId}/system/silentMode`: changes silent mode. \[seed v1.1\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSilentMode {
    /// The appliance.
    pub gateway_id: String,
    /// The change.
    pub body: SilentModePatch,
    /// Silent mode as last read, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<SilentMode>,
}

impl Operation for UpdateSilentMode {
    type Output = SilentMode;
    const ID: OperationId = OperationId::UpdateSilentMode;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        rules::validate_silent_mode(&self.body, self.current.as_ref())
    }
}

/// `PUT /hvacs/{gatewayId}/system/dateTime`: sets the gateway's local time. \[seed v1.9\]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetDateTime {
    /// The appliance.
    pub gateway_id: String,
    /// The new time.
    pub body: SystemDateTime,
}

impl Operation for SetDateTime {
    type Output = SystemDateTime;
    const ID: OperationId = OperationId::SetDateTime;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        rules::validate_date_time(&self.body)
    }
}

/// `POST /hvacs/{gatewayId}/system/holidayModes`: creates a holiday mode. \[seed v1.8\]
///
/// Give `existing` (the holiday modes as last read) and `today` (`YYYY-MM-DD`) to check the
/// rules that depend on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateHolidayMode {
    /// The appliance.
    pub gateway_id: String,
    /// The holiday mode.
    pub body: HolidayModeCreate,
    /// The holiday modes that exist, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<Vec<HolidayMode>>,
    /// Today's date at the appliance, for validation; not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
}

impl Operation for CreateHolidayMode {
    type Output = HolidayMode;
    const ID: OperationId = OperationId::CreateHolidayMode;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        let today = self.today.as_deref().and_then(Date::parse);
        rules::validate_holiday_mode(&self.body, self.existing.as_deref(), today)
    }
}

/// `DELETE /hvacs/{gatewayId}/system/holidayModes/{holidayModeId}`: deletes a holiday mode. \[seed v1.8\]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteHolidayMode {
    /// The appliance.
    pub gateway_id: String,
    /// The holiday mode.
    pub holiday_mode_id: String,
}

impl Operation for DeleteHolidayMode {
    type Output = NoContent;
    const ID: OperationId = OperationId::DeleteHolidayMode;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            holiday_mode_id: Some(&self.holiday_mode_id),
            ..Default::default()
        }
    }
}
