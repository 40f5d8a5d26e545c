//! Typed webhook events (§4), their fingerprints, de-duplication and counter resets.
//!
//! One webhook `POST` carries one JSON object with `eventType` and `gatewayId` \[seed\]. The
//! fields of each type are from the release notes; which of them are required, and the values
//! of `applianceStatus` and `contractStatus`, are `\[assumed\]`. The parser is lenient around
//! that: fields it does not know are kept in each event's `extra` map and written back by
//! [`Event::to_json`]; enum values it does not know are kept as `Unknown(text)`; an unknown
//! `eventType` becomes [`Event::Unknown`] with the raw JSON, never an error.
//!
//! Required fields \[assumed\]: `gatewayId` on every event, and
//! `connectivityStatus`; `applianceStatus`; `dataPoint` and `value`; `date` and
//! `properties` (each with `key` and `value`); `contractStatus`; `descriptions[]` need
//! `language` and `text`. Every other field is optional, and `null` counts as absent.
//!
//! The event structs have hand-written serde impls (no `#[serde(flatten)]`, which is slow):
//! they read and write the camelCase wire form, `extra` included. An event struct read on
//! its own ignores an `eventType` field (its type says it); [`Event`] reads and writes it.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::data_points::{self, DataPointMatch};
use crate::error::Error;

/// Largest webhook body [`parse_event`] and [`parse_events`] accept: 1 MiB. (Our own bound;
/// the API documents none.)
pub const MAX_BODY_BYTES: usize = 1 << 20;

open_enum! {
    /// The `eventType` of a webhook event.
    pub enum EventType {
        /// The gateway went online or offline \[seed 2023-10-20\].
        ConnectivityStatus => "CONNECTIVITY_STATUS",
        /// The appliance reports a status (error, warning, ...) \[seed 2024-01-04\].
        ApplianceStatus => "APPLIANCE_STATUS",
        /// A data point changed \[seed 2024-02-20\].
        DataPoint => "DATA_POINT",
        /// The daily aggregate properties of a day \[seed v1.3\].
        DailyAggregate => "DAILY_AGGREGATE",
        /// A contract changed status \[seed v1.21\].
        ContractStatus => "CONTRACT_STATUS",
    }
}

open_enum! {
    /// Whether a gateway is connected (`GET /hvacs/{gatewayId}/status` and the
    /// `CONNECTIVITY_STATUS` event). \[seed\]
    pub enum ConnectivityStatus {
        /// The gateway is connected.
        Online => "ONLINE",
        /// The gateway is not connected.
        Offline => "OFFLINE",
    }
}

open_enum! {
    /// The `applianceStatus` of an `APPLIANCE_STATUS` event. \[assumed values\]
    pub enum ApplianceStatus {
        /// No fault.
        Ok => "OK",
        /// A warning; the appliance still runs.
        Warning => "WARNING",
        /// A fault.
        Error => "ERROR",
        /// Maintenance is due.
        Maintenance => "MAINTENANCE",
    }
}

open_enum! {
    /// The status of a contract (§2.2): `ACTIVE` \[docs\], the others \[assumed\].
    pub enum ContractStatus {
        /// Waiting for the partner to accept or reject.
        Pending => "PENDING",
        /// In force.
        Active => "ACTIVE",
        /// Rejected by the partner.
        Rejected => "REJECTED",
        /// Revoked by the partner.
        Revoked => "REVOKED",
        /// Closed by the end user; the partner acknowledges it with `DELETE`.
        Closed => "CLOSED",
    }
}

/// The value of a data point: a number or a text (an enum value) \[seed\].
#[derive(Clone, Debug, PartialEq)]
pub enum DataPointValue {
    /// A number (integers are held as `f64`: exact up to 2^53).
    Number(f64),
    /// A text, e.g. `IDLE`.
    Text(String),
}

impl DataPointValue {
    /// The number, if the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            DataPointValue::Number(n) => Some(*n),
            DataPointValue::Text(_) => None,
        }
    }

    /// The text, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            DataPointValue::Number(_) => None,
            DataPointValue::Text(text) => Some(text),
        }
    }

    /// The value as JSON (a whole number within ±2^53 is written as an integer).
    pub fn to_json(&self) -> Value {
        match self {
            DataPointValue::Number(n) => number_to_json(*n),
            DataPointValue::Text(text) => Value::String(text.clone()),
        }
    }
}

/// 2^53: below it every integer is an exact `f64`.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// A whole `f64` within ±2^53 as an `i64`.
fn as_exact_integer(n: f64) -> Option<i64> {
    // The cast is exact: `n` is whole and within ±2^53.
    (n.fract() == 0.0 && n.abs() <= EXACT_INTEGER_LIMIT).then_some(n as i64)
}

fn number_to_json(n: f64) -> Value {
    match as_exact_integer(n) {
        Some(i) => Value::from(i),
        // NaN and infinities have no JSON form: null, as serde_json writes them.
        None => serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
    }
}

impl Serialize for DataPointValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DataPointValue::Number(n) => match as_exact_integer(*n) {
                Some(i) => serializer.serialize_i64(i),
                None => serializer.serialize_f64(*n),
            },
            DataPointValue::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for DataPointValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = DataPointValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<DataPointValue, E> {
                Ok(DataPointValue::Number(n as f64))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<DataPointValue, E> {
                Ok(DataPointValue::Number(n as f64))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<DataPointValue, E> {
                Ok(DataPointValue::Number(n))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DataPointValue, E> {
                Ok(DataPointValue::Text(text.to_owned()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<DataPointValue, E> {
                Ok(DataPointValue::Text(text))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

type JsonMap = Map<String, Value>;

/// A wire object with a hand-written reader and writer.
trait WireObject: Sized {
    /// Reads the object, taking the known fields out of `map`; the rest become `extra`.
    fn from_map(map: JsonMap) -> Result<Self, String>;
    /// Writes the object: `extra` first, then the known fields over it.
    fn to_map(&self) -> JsonMap;
}

/// Serialize and Deserialize through [`WireObject`].
macro_rules! wire_serde {
    ($($name:ident),+) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.to_map().serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let map = JsonMap::deserialize(deserializer)?;
                <$name as WireObject>::from_map(map).map_err(de::Error::custom)
            }
        }
    )+};
}

/// Takes the fields `names` out of `map` in one pass (no per-field search); the others are
/// the `extra` fields.
fn take<const N: usize>(map: JsonMap, names: [&str; N]) -> ([Option<Value>; N], BTreeMap<String, Value>) {
    let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
    let mut extra = Vec::new();
    for (key, value) in map {
        match names.iter().position(|name| *name == key) {
            Some(i) => {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(value);
                }
            }
            None => extra.push((key, value)),
        }
    }
    (slots, extra.into_iter().collect())
}

fn required<T: DeserializeOwned>(slot: Option<Value>, key: &str) -> Result<T, String> {
    match slot {
        Some(value) => serde_json::from_value(value).map_err(|e| format!("field `{key}`: {e}")),
        None => Err(format!("missing field `{key}`")),
    }
}

fn optional<T: DeserializeOwned>(slot: Option<Value>, key: &str) -> Result<Option<T>, String> {
    match slot {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|e| format!("field `{key}`: {e}")),
    }
}

/// An array of objects; absent or `null` is an empty list unless `needed`.
fn objects<T: WireObject>(slot: Option<Value>, key: &str, needed: bool) -> Result<Vec<T>, String> {
    match slot {
        None | Some(Value::Null) if !needed => Ok(Vec::new()),
        None => Err(format!("missing field `{key}`")),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(object) => T::from_map(object).map_err(|e| format!("field `{key}[{i}]`: {e}")),
                other => Err(format!(
                    "field `{key}[{i}]`: invalid type: {}, expected an object",
                    describe(&other)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "field `{key}`: invalid type: {}, expected an array",
            describe(&other)
        )),
    }
}

fn start_map(extra: &BTreeMap<String, Value>) -> JsonMap {
    extra.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn put_str(map: &mut JsonMap, key: &str, value: &str) {
    map.insert(key.to_owned(), Value::String(value.to_owned()));
}

fn put_opt_str(map: &mut JsonMap, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        put_str(map, key, value);
    }
}

fn put_list<T: WireObject>(map: &mut JsonMap, key: &str, items: &[T]) {
    let items = items.iter().map(|i| Value::Object(i.to_map())).collect();
    map.insert(key.to_owned(), Value::Array(items));
}

/// How a JSON value is named in messages (never its content).
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `CONNECTIVITY_STATUS`: the gateway went online or offline; checked every 15 min \[docs\].
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectivityStatusEvent {
    /// `gatewayId`.
    pub gateway_id: String,
    /// `connectivityStatus`: `ONLINE` or `OFFLINE`.
    pub connectivity_status: ConnectivityStatus,
    /// `timestamp`: when the status changed (RFC 3339) \[seed 2024-05-15\].
    pub timestamp: Option<String>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl WireObject for ConnectivityStatusEvent {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let ([_event_type, gateway_id, connectivity_status, timestamp], extra) =
            take(map, ["eventType", "gatewayId", "connectivityStatus", "timestamp"]);
        Ok(ConnectivityStatusEvent {
            gateway_id: required(gateway_id, "gatewayId")?,
            connectivity_status: required(connectivity_status, "connectivityStatus")?,
            timestamp: optional(timestamp, "timestamp")?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "gatewayId", &self.gateway_id);
        put_str(&mut map, "connectivityStatus", self.connectivity_status.as_str());
        put_opt_str(&mut map, "timestamp", self.timestamp.as_deref());
        map
    }
}

/// One language of an appliance status description \[seed 2024-04-01\].
#[derive(Clone, Debug, PartialEq)]
pub struct StatusDescription {
    /// `language`, e.g. `de`.
    pub language: String,
    /// `text`: the description in that language.
    pub text: String,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl WireObject for StatusDescription {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let ([language, text], extra) = take(map, ["language", "text"]);
        Ok(StatusDescription {
            language: required(language, "language")?,
            text: required(text, "text")?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "language", &self.language);
        put_str(&mut map, "text", &self.text);
        map
    }
}

/// `APPLIANCE_STATUS`: the appliance reports its status (was `ErrorEvent`) \[seed\].
#[derive(Clone, Debug, PartialEq)]
pub struct ApplianceStatusEvent {
    /// `gatewayId`.
    pub gateway_id: String,
    /// `createdAt` (was `timestamp` before 2024-01-04).
    pub created_at: Option<String>,
    /// `applianceStatus` (replaced `severity`).
    pub appliance_status: ApplianceStatus,
    /// `errorCode`, when there is one.
    pub error_code: Option<String>,
    /// `faultClass` (an integer since v1.14).
    pub fault_class: Option<i64>,
    /// `causeCode` (an integer since v1.14).
    pub cause_code: Option<i64>,
    /// `descriptions`: the status in the partner's onboarding languages (absent: empty).
    pub descriptions: Vec<StatusDescription>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl WireObject for ApplianceStatusEvent {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let (
            [
                _event_type,
                gateway_id,
                created_at,
                appliance_status,
                error_code,
                fault_class,
                cause_code,
                descriptions,
            ],
            extra,
        ) = take(
            map,
            [
                "eventType",
                "gatewayId",
                "createdAt",
                "applianceStatus",
                "errorCode",
                "faultClass",
                "causeCode",
                "descriptions",
            ],
        );
        Ok(ApplianceStatusEvent {
            gateway_id: required(gateway_id, "gatewayId")?,
            created_at: optional(created_at, "createdAt")?,
            appliance_status: required(appliance_status, "applianceStatus")?,
            error_code: optional(error_code, "errorCode")?,
            fault_class: optional(fault_class, "faultClass")?,
            cause_code: optional(cause_code, "causeCode")?,
            descriptions: objects(descriptions, "descriptions", false)?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "gatewayId", &self.gateway_id);
        put_opt_str(&mut map, "createdAt", self.created_at.as_deref());
        put_str(&mut map, "applianceStatus", self.appliance_status.as_str());
        put_opt_str(&mut map, "errorCode", self.error_code.as_deref());
        if let Some(n) = self.fault_class {
            map.insert("faultClass".to_owned(), Value::from(n));
        }
        if let Some(n) = self.cause_code {
            map.insert("causeCode".to_owned(), Value::from(n));
        }
        if !self.descriptions.is_empty() {
            put_list(&mut map, "descriptions", &self.descriptions);
        }
        map
    }
}

/// `DATA_POINT`: a data point changed by more than its threshold \[seed\].
#[derive(Clone, Debug, PartialEq)]
pub struct DataPointEvent {
    /// `gatewayId`.
    pub gateway_id: String,
    /// `dataPoint`: the key, e.g. `hvac.heatingCircuit.hc1.flowTemperature`.
    pub data_point: String,
    /// `value`: a number or a text.
    pub value: DataPointValue,
    /// `unit`, e.g. `kWh` (never `KWH` since 2024-03-18).
    pub unit: Option<String>,
    /// `timestamp` (RFC 3339).
    pub timestamp: Option<String>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl DataPointEvent {
    /// The catalog entry of the key, with its placeholder values (§5).
    pub fn catalog(&self) -> DataPointMatch {
        data_points::lookup(&self.data_point)
    }
}

impl WireObject for DataPointEvent {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let ([_event_type, gateway_id, data_point, value, unit, timestamp], extra) = take(
            map,
            ["eventType", "gatewayId", "dataPoint", "value", "unit", "timestamp"],
        );
        Ok(DataPointEvent {
            gateway_id: required(gateway_id, "gatewayId")?,
            data_point: required(data_point, "dataPoint")?,
            value: required(value, "value")?,
            unit: optional(unit, "unit")?,
            timestamp: optional(timestamp, "timestamp")?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "gatewayId", &self.gateway_id);
        put_str(&mut map, "dataPoint", &self.data_point);
        map.insert("value".to_owned(), self.value.to_json());
        put_opt_str(&mut map, "unit", self.unit.as_deref());
        put_opt_str(&mut map, "timestamp", self.timestamp.as_deref());
        map
    }
}

/// One property of a daily aggregate \[seed v1.3\].
#[derive(Clone, Debug, PartialEq)]
pub struct DailyAggregateProperty {
    /// `key`, e.g. `hvac.centralHeating.waterPressure.max`.
    pub key: String,
    /// `value`.
    pub value: DataPointValue,
    /// `unit`, when sent.
    pub unit: Option<String>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl DailyAggregateProperty {
    /// The catalog entry of the key (§5).
    pub fn catalog(&self) -> DataPointMatch {
        data_points::lookup(&self.key)
    }
}

impl WireObject for DailyAggregateProperty {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let ([key, value, unit], extra) = take(map, ["key", "value", "unit"]);
        Ok(DailyAggregateProperty {
            key: required(key, "key")?,
            value: required(value, "value")?,
            unit: optional(unit, "unit")?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "key", &self.key);
        map.insert("value".to_owned(), self.value.to_json());
        put_opt_str(&mut map, "unit", self.unit.as_deref());
        map
    }
}

/// `DAILY_AGGREGATE`: the aggregate properties of one day \[seed v1.3\].
#[derive(Clone, Debug, PartialEq)]
pub struct DailyAggregateEvent {
    /// `gatewayId`.
    pub gateway_id: String,
    /// `date` (`YYYY-MM-DD`).
    pub date: String,
    /// `properties`.
    pub properties: Vec<DailyAggregateProperty>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl WireObject for DailyAggregateEvent {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let ([_event_type, gateway_id, date, properties], extra) =
            take(map, ["eventType", "gatewayId", "date", "properties"]);
        Ok(DailyAggregateEvent {
            gateway_id: required(gateway_id, "gatewayId")?,
            date: required(date, "date")?,
            properties: objects(properties, "properties", true)?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "gatewayId", &self.gateway_id);
        put_str(&mut map, "date", &self.date);
        put_list(&mut map, "properties", &self.properties);
        map
    }
}

/// `CONTRACT_STATUS`: a contract changed status \[seed v1.21\].
#[derive(Clone, Debug, PartialEq)]
pub struct ContractStatusEvent {
    /// `gatewayId`.
    pub gateway_id: String,
    /// `contractStatus`: the new status.
    pub contract_status: ContractStatus,
    /// `previousContractStatus`, when sent.
    pub previous_contract_status: Option<ContractStatus>,
    /// `statusDate`: when the status changed.
    pub status_date: Option<String>,
    /// `partnerUserId`, when the contract has one.
    pub partner_user_id: Option<String>,
    /// Fields this SDK does not know, kept as sent.
    pub extra: BTreeMap<String, Value>,
}

impl WireObject for ContractStatusEvent {
    fn from_map(map: JsonMap) -> Result<Self, String> {
        let (
            [
                _event_type,
                gateway_id,
                contract_status,
                previous_contract_status,
                status_date,
                partner_user_id,
            ],
            extra,
        ) = take(
            map,
            [
                "eventType",
                "gatewayId",
                "contractStatus",
                "previousContractStatus",
                "statusDate",
                "partnerUserId",
            ],
        );
        Ok(ContractStatusEvent {
            gateway_id: required(gateway_id, "gatewayId")?,
            contract_status: required(contract_status, "contractStatus")?,
            previous_contract_status: optional(previous_contract_status, "previousContractStatus")?,
            status_date: optional(status_date, "statusDate")?,
            partner_user_id: optional(partner_user_id, "partnerUserId")?,
            extra,
        })
    }

    fn to_map(&self) -> JsonMap {
        let mut map = start_map(&self.extra);
        put_str(&mut map, "gatewayId", &self.gateway_id);
        put_str(&mut map, "contractStatus", self.contract_status.as_str());
        put_opt_str(
            &mut map,
            "previousContractStatus",
            self.previous_contract_status.as_ref().map(|s| s.as_str()),
        );
        put_opt_str(&mut map, "statusDate", self.status_date.as_deref());
        put_opt_str(&mut map, "partnerUserId", self.partner_user_id.as_deref());
        map
    }
}

wire_serde!(
    ConnectivityStatusEvent,
    StatusDescription,
    ApplianceStatusEvent,
    DataPointEvent,
    DailyAggregateProperty,
    DailyAggregateEvent,
    ContractStatusEvent
);

/// A webhook event.
///
/// Serializes to (and deserializes from) the wire form, `eventType` included.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `CONNECTIVITY_STATUS`.
    ConnectivityStatus(ConnectivityStatusEvent),
    /// `APPLIANCE_STATUS`.
    ApplianceStatus(ApplianceStatusEvent),
    /// `DATA_POINT`.
    DataPoint(DataPointEvent),
    /// `DAILY_AGGREGATE`.
    DailyAggregate(DailyAggregateEvent),
    /// `CONTRACT_STATUS`.
    ContractStatus(ContractStatusEvent),
    /// An `eventType` this version of the SDK does not know, with the JSON as received.
    Unknown {
        /// The `eventType`.
        event_type: String,
        /// The whole event object.
        raw: Value,
    },
}

impl Event {
    /// Reads an event from parsed JSON: an object with a string `eventType` and a string
    /// `gatewayId`. An unknown `eventType` gives [`Event::Unknown`]; a known one with a
    /// wrong shape gives a `Decode` error naming the type and the problem.
    pub fn from_value(value: Value) -> Result<Event, Error> {
        let Value::Object(map) = value else {
            return Err(Error::decode(format!(
                "a webhook event must be a JSON object, found {}",
                describe(&value)
            )));
        };
        let kind = match map.get("eventType") {
            Some(Value::String(text)) => EventType::from_wire(text),
            Some(other) => {
                return Err(Error::decode(format!(
                    "`eventType` of a webhook event must be a string, found {}",
                    describe(other)
                )));
            }
            None => return Err(Error::decode("a webhook event has no `eventType`")),
        };
        match map.get("gatewayId") {
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(Error::decode(format!(
                    "`gatewayId` of a {kind} event must be a string, found {}",
                    describe(other)
                )));
            }
            None => return Err(Error::decode(format!("a {kind} event has no `gatewayId`"))),
        }
        let (name, event) = match kind {
            EventType::ConnectivityStatus => (
                "CONNECTIVITY_STATUS",
                ConnectivityStatusEvent::from_map(map).map(Event::ConnectivityStatus),
            ),
            EventType::ApplianceStatus => (
                "APPLIANCE_STATUS",
                ApplianceStatusEvent::from_map(map).map(Event::ApplianceStatus),
            ),
            EventType::DataPoint => ("DATA_POINT", DataPointEvent::from_map(map).map(Event::DataPoint)),
            EventType::DailyAggregate => (
                "DAILY_AGGREGATE",
                DailyAggregateEvent::from_map(map).map(Event::DailyAggregate),
            ),
            EventType::ContractStatus => (
                "CONTRACT_STATUS",
                ContractStatusEvent::from_map(map).map(Event::ContractStatus),
            ),
            EventType::Unknown(event_type) => {
                return Ok(Event::Unknown {
                    event_type,
                    raw: Value::Object(map),
                });
            }
        };
        event.map_err(|message| Error::decode(format!("invalid {name} event: {message}")))
    }

    /// The `eventType` as sent.
    pub fn event_type(&self) -> &str {
        match self {
            Event::ConnectivityStatus(_) => "CONNECTIVITY_STATUS",
            Event::ApplianceStatus(_) => "APPLIANCE_STATUS",
            Event::DataPoint(_) => "DATA_POINT",
            Event::DailyAggregate(_) => "DAILY_AGGREGATE",
            Event::ContractStatus(_) => "CONTRACT_STATUS",
            Event::Unknown { event_type, .. } => event_type,
        }
    }

    /// The `eventType` as an [`EventType`] (`Unknown(text)` for [`Event::Unknown`]).
    pub fn kind(&self) -> EventType {
        EventType::from_wire(self.event_type())
    }

    /// Whether the event type is one this SDK knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, Event::Unknown { .. })
    }

    /// The `gatewayId` (always present on an event [`parse_event`] returned).
    pub fn gateway_id(&self) -> Option<&str> {
        match self {
            Event::ConnectivityStatus(e) => Some(&e.gateway_id),
            Event::ApplianceStatus(e) => Some(&e.gateway_id),
            Event::DataPoint(e) => Some(&e.gateway_id),
            Event::DailyAggregate(e) => Some(&e.gateway_id),
            Event::ContractStatus(e) => Some(&e.gateway_id),
            Event::Unknown { raw, .. } => raw.get("gatewayId").and_then(Value::as_str),
        }
    }

    /// The event in its wire form, `eventType` and unknown fields included. Optional fields
    /// sent as `null` are left out, as are empty `descriptions`.
    pub fn to_json(&self) -> Value {
        let (mut map, event_type) = match self {
            Event::ConnectivityStatus(e) => (e.to_map(), "CONNECTIVITY_STATUS"),
            Event::ApplianceStatus(e) => (e.to_map(), "APPLIANCE_STATUS"),
            Event::DataPoint(e) => (e.to_map(), "DATA_POINT"),
            Event::DailyAggregate(e) => (e.to_map(), "DAILY_AGGREGATE"),
            Event::ContractStatus(e) => (e.to_map(), "CONTRACT_STATUS"),
            Event::Unknown { event_type, raw } => {
                let mut raw = raw.clone();
                if let Value::Object(map) = &mut raw {
                    map.entry("eventType")
                        .or_insert_with(|| Value::String(event_type.clone()));
                }
                return raw;
            }
        };
        put_str(&mut map, "eventType", event_type);
        Value::Object(map)
    }

    /// Lowercase hex SHA-256 of the canonical JSON of [`Event::to_json`] (see
    /// [`fingerprint_json`]): the same event gives the same fingerprint whatever the key
    /// order, whitespace or number spelling (`21` and `21.0`) of its body.
    pub fn fingerprint(&self) -> String {
        fingerprint_json(&self.to_json())
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Event::Unknown { raw, .. } if raw.get("eventType").is_some() => raw.serialize(serializer),
            _ => self.to_json().serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Event::from_value(value).map_err(|e| de::Error::custom(e.message))
    }
}

/// Parses a body as JSON after checking its size.
fn parse_body(bytes: &[u8]) -> Result<Value, Error> {
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::decode(format!(
            "webhook body too large: {} bytes (the limit is {MAX_BODY_BYTES})",
            bytes.len()
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::decode("empty webhook body"));
    }
    serde_json::from_slice(bytes).map_err(|e| Error::decode(format!("webhook body is not valid JSON: {e}")))
}

/// Parses the body of one webhook `POST`: one JSON object (at most [`MAX_BODY_BYTES`]).
pub fn parse_event(bytes: &[u8]) -> Result<Event, Error> {
    Event::from_value(parse_body(bytes)?)
}

/// Parses a JSON array of events (or a single event object). An element that fails gives
/// an error naming its index.
pub fn parse_events(bytes: &[u8]) -> Result<Vec<Event>, Error> {
    match parse_body(bytes)? {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Event::from_value(item).map_err(|e| Error::decode(format!("event [{i}]: {}", e.message))))
            .collect(),
        value @ Value::Object(_) => Event::from_value(value).map(|event| vec![event]),
        other => Err(Error::decode(format!(
            "a webhook body must be a JSON object or an array of objects, found {}",
            describe(&other)
        ))),
    }
}

/// The canonical JSON text of a value: object keys sorted (by their UTF-8 bytes), no
/// whitespace, strings escaped as `serde_json` does, integers exactly, and floats as
/// ECMAScript writes them (the number form of RFC 8785): a whole number within ±2^53 as an
/// integer (`21.0` → `21`, `-0.0` → `0`), others with the shortest round-trip digits
/// (`21.5`, `1e-7`, `1e+300`). The form depends on no library version, so fingerprints
/// stay stable across upgrades.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// Lowercase hex SHA-256 of [`canonical_json`].
pub fn fingerprint_json(value: &Value) -> String {
    let digest = Sha256::digest(canonical_json(value).as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // serde_json's map is sorted already, unless its `preserve_order` feature is on.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
    }
}

fn write_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else {
        write_f64(n.as_f64().unwrap_or(f64::NAN), out);
    }
}

/// Writes a float as ECMAScript's `Number.prototype.toString` does (the number form of
/// RFC 8785): shortest round-trip digits, plain notation for exponents -6..21, else
/// `d.ddde±x`. Whole numbers within ±2^53 come out as integers (`21.0` → `21`).
fn write_f64(f: f64, out: &mut String) {
    if !f.is_finite() {
        // Never in a parsed `Value`; written as serde_json writes it.
        out.push_str("null");
        return;
    }
    if f == 0.0 {
        // Also -0.0.
        out.push('0');
        return;
    }
    if let Some(i) = as_exact_integer(f) {
        let _ = write!(out, "{i}");
        return;
    }
    // `{:e}` gives the shortest digits that round-trip: `1.2345e-7`, `5e-324`.
    let scientific = format!("{:e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    if f < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at_checked(n as usize).unwrap_or((&digits, ""));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 0xf).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Remembers the last `capacity` fingerprints, to drop the duplicates the API may send
/// (restarts can deliver an event twice \[docs\]). Pure: no clock; the oldest fingerprint is
/// forgotten first (FIFO), and seeing a duplicate does not refresh it.
#[derive(Clone, Debug)]
pub struct Deduplicator {
    capacity: usize,
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl Deduplicator {
    /// A de-duplicator remembering up to `capacity` fingerprints (0: remembers nothing,
    /// every event is new).
    pub fn new(capacity: usize) -> Deduplicator {
        let reserve = capacity.min(1024);
        Deduplicator {
            capacity,
            seen: HashSet::with_capacity(reserve),
            order: VecDeque::with_capacity(reserve),
        }
    }

    /// `true` when `fingerprint` is seen for the first time (and remembers it), `false`
    /// for a duplicate.
    pub fn check(&mut self, fingerprint: &str) -> bool {
        if self.capacity == 0 {
            return true;
        }
        if self.seen.contains(fingerprint) {
            return false;
        }
        while self.order.len() >= self.capacity {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.seen.remove(&oldest);
                }
                None => break,
            }
        }
        self.seen.insert(fingerprint.to_owned());
        self.order.push_back(fingerprint.to_owned());
        true
    }

    /// Whether `fingerprint` is remembered, without remembering it.
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.seen.contains(fingerprint)
    }

    /// How many fingerprints are remembered.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no fingerprint is remembered.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The most fingerprints remembered at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Forgets every fingerprint.
    pub fn clear(&mut self) {
        self.seen.clear();
        self.order.clear();
    }
}

/// What [`CounterTracker::observe`] makes of a data point event.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "observation")]
pub enum CounterObservation {
    /// The data point is not a counter (per the catalog), is unknown, or its value is not
    /// a number.
    NotACounter,
    /// The first value seen for this gateway and data point.
    First,
    /// The counter grew by `delta`.
    Increase {
        /// The growth since the previous value.
        delta: f64,
    },
    /// The same value as before.
    Unchanged,
    /// The counter went down: the appliance was reset and the counter restarted \[docs\].
    /// Not bad data.
    Reset {
        /// The value before the reset.
        previous: f64,
        /// The value after it.
        current: f64,
    },
}

/// Follows the `...Total...` counters per gateway and data point and flags restarts (§4).
///
/// Pure: it only compares each value with the previous one of the same `(gatewayId,
/// dataPoint)`. Events delivered out of order (late events \[docs\]) can look like a reset.
#[derive(Clone, Debug, Default)]
pub struct CounterTracker {
    last: BTreeMap<String, BTreeMap<String, f64>>,
}

impl CounterTracker {
    /// An empty tracker.
    pub fn new() -> CounterTracker {
        CounterTracker::default()
    }

    /// Compares the event's value with the previous one of its counter and remembers it.
    pub fn observe(&mut self, event: &DataPointEvent) -> CounterObservation {
        let Some(current) = event.value.as_f64().filter(|n| n.is_finite()) else {
            return CounterObservation::NotACounter;
        };
        if !data_points::find_entry(&event.data_point).is_some_and(|e| e.is_counter()) {
            return CounterObservation::NotACounter;
        }
        let counters = match self.last.get_mut(event.gateway_id.as_str()) {
            Some(counters) => counters,
            None => self.last.entry(event.gateway_id.clone()).or_default(),
        };
        let previous = match counters.get_mut(event.data_point.as_str()) {
            Some(slot) => std::mem::replace(slot, current),
            None => {
                counters.insert(event.data_point.clone(), current);
                return CounterObservation::First;
            }
        };
        if current > previous {
            CounterObservation::Increase {
                delta: current - previous,
            }
        } else if current < previous {
            CounterObservation::Reset { previous, current }
        } else {
            CounterObservation::Unchanged
        }
    }

    /// The last value seen of a counter.
    pub fn last(&self, gateway_id: &str, data_point: &str) -> Option<f64> {
        self.last.get(gateway_id)?.get(data_point).copied()
    }

    /// How many `(gatewayId, dataPoint)` counters are followed.
    pub fn len(&self) -> usize {
        self.last.values().map(BTreeMap::len).sum()
    }

    /// Whether no counter is followed.
    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }

    /// Forgets the counters of a gateway (e.g. when its contract ends).
    pub fn forget_gateway(&mut self, gateway_id: &str) {
        self.last.remove(gateway_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn parse(value: &Value) -> Result<Event, Error> {
        parse_event(value.to_string().as_bytes())
    }

    fn decode_error(bytes: &[u8]) -> String {
        let err = parse_event(bytes).expect_err("must fail");
        assert_eq!(err.kind, ErrorKind::Decode);
        err.message
    }

    fn samples() -> Vec<Value> {
        vec![
            json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "101234567",
                   "connectivityStatus": "ONLINE", "timestamp": "2026-05-05T12:00:00Z"}),
            json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "101234567",
                   "createdAt": "2026-05-05T12:00:00Z", "applianceStatus": "ERROR",
                   "errorCode": "A11", "faultClass": 3, "causeCode": 1010,
                   "descriptions": [{"language": "de", "text": "Störung"},
                                    {"language": "en", "text": "Fault", "hint": 1}]}),
            json!({"eventType": "DATA_POINT", "gatewayId": "101234567",
                   "dataPoint": "hvac.emon.energyConsumptionTotal", "value": 1234.56,
                   "unit": "kWh", "timestamp": "2026-05-05T12:00:00Z"}),
            json!({"eventType": "DATA_POINT", "gatewayId": "101234567",
                   "dataPoint": "hvac.emon.compressor.operationStatus", "value": "IDLE",
                   "timestamp": "2026-05-05T12:00:00Z"}),
            json!({"eventType": "DAILY_AGGREGATE", "gatewayId": "101234567",
                   "date": "2026-05-04",
                   "properties": [
                       {"key": "hvac.compressor.centralHeating.numberOfStarts", "value": 12},
                       {"key": "hvac.centralHeating.waterPressure.max", "value": 1.8,
                        "unit": "bar"}]}),
            json!({"eventType": "CONTRACT_STATUS", "gatewayId": "101234567",
                   "contractStatus": "ACTIVE", "previousContractStatus": "PENDING",
                   "statusDate": "2026-05-05T12:00:00Z", "partnerUserId": "u-1"}),
        ]
    }

    #[test]
    fn parses_every_event_type() {
        let events: Vec<Event> = samples().iter().map(|v| parse(v).expect("parses")).collect();
        let Event::ConnectivityStatus(e) = &events[0] else {
            panic!("{:?}", events[0])
        };
        assert_eq!(e.connectivity_status, ConnectivityStatus::Online);
        assert_eq!(e.timestamp.as_deref(), Some("2026-05-05T12:00:00Z"));
        assert!(e.extra.is_empty());

        let Event::ApplianceStatus(e) = &events[1] else {
            panic!()
        };
        assert_eq!(e.appliance_status, ApplianceStatus::Error);
        assert_eq!(e.error_code.as_deref(), Some("A11"));
        assert_eq!((e.fault_class, e.cause_code), (Some(3), Some(1010)));
        assert_eq!(e.descriptions.len(), 2);
        assert_eq!(e.descriptions[0].text, "Störung");
        assert_eq!(e.descriptions[1].extra.get("hint"), Some(&json!(1)));

        let Event::DataPoint(e) = &events[2] else { panic!() };
        assert_eq!(e.value, DataPointValue::Number(1234.56));
        assert_eq!(e.unit.as_deref(), Some("kWh"));
        assert!(e.catalog().is_known());
        let Event::DataPoint(e) = &events[3] else { panic!() };
        assert_eq!(e.value.as_str(), Some("IDLE"));
        assert_eq!(e.unit, None);

        let Event::DailyAggregate(e) = &events[4] else { panic!() };
        assert_eq!(e.date, "2026-05-04");
        assert_eq!(e.properties[0].value, DataPointValue::Number(12.0));
        assert_eq!(e.properties[1].unit.as_deref(), Some("bar"));
        assert!(e.properties.iter().all(|p| p.catalog().is_known()));

        let Event::ContractStatus(e) = &events[5] else { panic!() };
        assert_eq!(e.contract_status, ContractStatus::Active);
        assert_eq!(e.previous_contract_status, Some(ContractStatus::Pending));
        assert_eq!(e.partner_user_id.as_deref(), Some("u-1"));

        let kinds: Vec<EventType> = events.iter().map(Event::kind).collect();
        assert_eq!(
            kinds,
            [
                EventType::ConnectivityStatus,
                EventType::ApplianceStatus,
                EventType::DataPoint,
                EventType::DataPoint,
                EventType::DailyAggregate,
                EventType::ContractStatus
            ]
        );
        for (event, sample) in events.iter().zip(samples()) {
            assert_eq!(event.gateway_id(), Some("101234567"));
            assert_eq!(event.event_type(), sample["eventType"]);
            assert!(event.is_known());
        }
    }

    #[test]
    fn round_trips_with_unknown_fields_and_values() {
        let mut all = samples();
        all.push(json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "1",
                        "connectivityStatus": "DEGRADED", "reason": {"a": [1, 2.5, null]},
                        "seq": 18446744073709551615u64}));
        all.push(json!({"eventType": "CONTRACT_STATUS", "gatewayId": "1",
                        "contractStatus": "SUSPENDED", "userId": "x"}));
        all.push(json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                        "applianceStatus": "CRITICAL", "category": "old", "descriptions": []}));
        for sample in all {
            let event = parse(&sample).expect("parses");
            let mut expected = sample.clone();
            // Empty descriptions are left out.
            if let Some(map) = expected.as_object_mut() {
                map.retain(|_, v| v != &json!([]));
            }
            assert_eq!(event.to_json(), expected);
            assert_eq!(serde_json::to_value(&event).expect("serializes"), expected);
            let again: Event = serde_json::from_value(sample.clone()).expect("deserializes");
            assert_eq!(again, event);
            assert_eq!(parse(&event.to_json()).expect("re-parses"), event);
        }
        let Event::ConnectivityStatus(e) = parse(&json!({"eventType": "CONNECTIVITY_STATUS",
            "gatewayId": "1", "connectivityStatus": "DEGRADED"}))
        .expect("parses") else {
            panic!()
        };
        assert_eq!(e.connectivity_status, ConnectivityStatus::Unknown("DEGRADED".into()));
    }

    #[test]
    fn structs_serialize_camel_case() {
        let event = DataPointEvent {
            gateway_id: "1".into(),
            data_point: "hvac.heatingCircuit.hc2.flowTemperature".into(),
            value: DataPointValue::Number(35.0),
            unit: Some("°C".into()),
            timestamp: None,
            extra: BTreeMap::from([("futureField".to_owned(), json!(true))]),
        };
        let json = serde_json::to_value(&event).expect("serializes");
        assert_eq!(
            json,
            json!({"gatewayId": "1", "dataPoint": "hvac.heatingCircuit.hc2.flowTemperature",
                   "value": 35, "unit": "°C", "futureField": true})
        );
        let back: DataPointEvent = serde_json::from_value(json.clone()).expect("deserializes");
        assert_eq!(back, event);
        let mut with_type = json;
        with_type["eventType"] = json!("DATA_POINT");
        let back: DataPointEvent = serde_json::from_value(with_type).expect("deserializes");
        assert_eq!(back, event);
        assert_eq!(event.catalog().circuit, Some(2));
        let err = serde_json::from_value::<DataPointEvent>(json!({"gatewayId": "1"})).expect_err("missing");
        assert!(err.to_string().contains("dataPoint"), "{err}");
        // Known fields win over `extra` entries of the same name.
        let mut clash = event.clone();
        clash.extra.insert("gatewayId".into(), json!("other"));
        assert_eq!(serde_json::to_value(&clash).expect("ok")["gatewayId"], "1");
        let fractional = DataPointValue::Number(21.5);
        assert_eq!(serde_json::to_string(&fractional).expect("ok"), "21.5");
        assert_eq!(
            serde_json::to_string(&DataPointValue::Text("ECO".into())).expect("ok"),
            "\"ECO\""
        );
    }

    #[test]
    fn unknown_event_type_keeps_raw_json() {
        let raw = json!({"eventType": "FIRMWARE_UPDATE", "gatewayId": "42",
                         "version": {"from": "1.0", "to": "2.0"}});
        let event = parse(&raw).expect("never an error");
        assert_eq!(
            event,
            Event::Unknown {
                event_type: "FIRMWARE_UPDATE".into(),
                raw: raw.clone()
            }
        );
        assert_eq!(event.event_type(), "FIRMWARE_UPDATE");
        assert_eq!(event.kind(), EventType::Unknown("FIRMWARE_UPDATE".into()));
        assert_eq!(event.gateway_id(), Some("42"));
        assert!(!event.is_known());
        assert_eq!(event.to_json(), raw);
        assert_eq!(serde_json::to_value(&event).expect("ok"), raw);
        // Built by hand without `eventType`: written back with it.
        let bare = Event::Unknown {
            event_type: "X".into(),
            raw: json!({"gatewayId": "1"}),
        };
        assert_eq!(bare.to_json(), json!({"eventType": "X", "gatewayId": "1"}));
        assert_eq!(serde_json::to_value(&bare).expect("ok"), bare.to_json());
        // Even a weird type name is kept.
        assert!(parse(&json!({"eventType": "", "gatewayId": "1"})).is_ok());
    }

    #[test]
    fn malformed_bodies_are_decode_errors() {
        assert!(decode_error(b"").contains("empty"));
        assert!(decode_error(b" \n\t").contains("empty"));
        assert!(decode_error(b"[]").contains("found an array"));
        assert!(decode_error(b"null").contains("found null"));
        assert!(decode_error(b"42").contains("found a number"));
        assert!(decode_error(b"\"x\"").contains("found a string"));
        assert!(decode_error(b"{}").contains("no `eventType`"));
        assert!(decode_error(br#"{"eventType": 5}"#).contains("`eventType`"));
        assert!(decode_error(br#"{"eventType": 5}"#).contains("found a number"));
        assert!(decode_error(br#"{"eventType": null, "gatewayId": "1"}"#).contains("found null"));
        let m = decode_error(br#"{"eventType": "DATA_POINT"}"#);
        assert!(m.contains("DATA_POINT") && m.contains("`gatewayId`"), "{m}");
        let m = decode_error(br#"{"eventType": "NEW_TYPE", "gatewayId": 7}"#);
        assert!(m.contains("`gatewayId`") && m.contains("found a number"), "{m}");
        assert!(decode_error(br#"{"eventType": "DATA_POINT", "gatewayId": "1""#).contains("JSON"));
        assert!(decode_error(b"{\"eventType\": \"DATA_\xff\"}").contains("JSON"));
        assert!(decode_error(b"\xff\xfe{}").contains("JSON"));
        assert!(decode_error(b"{} {}").contains("JSON"));
        let deep = "[".repeat(10_000);
        assert!(decode_error(deep.as_bytes()).contains("JSON"));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(decode_error(deep.as_bytes()).contains("JSON"));
        let deep_field = format!(
            r#"{{"eventType":"X","gatewayId":"1","a":{}1{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(decode_error(deep_field.as_bytes()).contains("JSON"));
        let deep_object = format!("{}{}", r#"{"a":"#.repeat(5_000), "}".repeat(5_000));
        assert!(decode_error(deep_object.as_bytes()).contains("JSON"));
    }

    #[test]
    fn body_size_is_bounded() {
        let padding = " ".repeat(MAX_BODY_BYTES);
        let body =
            format!(r#"{{"eventType":"CONNECTIVITY_STATUS","gatewayId":"1","connectivityStatus":"ONLINE"}}{padding}"#);
        assert!(decode_error(body.as_bytes()).contains("too large"));
        let err = parse_events(body.as_bytes()).expect_err("too large");
        assert!(err.message.contains("too large"));
        let fits = format!(
            r#"{{"eventType":"X","gatewayId":"1","pad":"{}"}}"#,
            "a".repeat(MAX_BODY_BYTES - 100)
        );
        assert!(fits.len() <= MAX_BODY_BYTES);
        assert!(parse_event(fits.as_bytes()).is_ok());
    }

    #[test]
    fn wrong_shapes_name_the_event_type_and_the_problem() {
        let cases = [
            (
                json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "1"}),
                "invalid CONNECTIVITY_STATUS event: missing field `connectivityStatus`",
            ),
            (
                json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "1",
                       "connectivityStatus": 1}),
                "invalid CONNECTIVITY_STATUS event: field `connectivityStatus`: invalid type",
            ),
            (
                json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "1",
                       "connectivityStatus": null}),
                "field `connectivityStatus`: invalid type: null",
            ),
            (
                json!({"eventType": "CONNECTIVITY_STATUS", "gatewayId": "1",
                       "connectivityStatus": "ONLINE", "timestamp": 5}),
                "field `timestamp`: invalid type: integer `5`, expected a string",
            ),
            (
                json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                       "applianceStatus": "OK", "faultClass": "12"}),
                "invalid APPLIANCE_STATUS event: field `faultClass`: invalid type: string",
            ),
            (
                json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                       "applianceStatus": "OK", "causeCode": 1.5}),
                "field `causeCode`",
            ),
            (
                json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                       "applianceStatus": "OK", "descriptions": [{"language": "de"}]}),
                "field `descriptions[0]`: missing field `text`",
            ),
            (
                json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                       "applianceStatus": "OK", "descriptions": "x"}),
                "field `descriptions`: invalid type: a string, expected an array",
            ),
            (
                json!({"eventType": "DATA_POINT", "gatewayId": "1", "value": 1}),
                "invalid DATA_POINT event: missing field `dataPoint`",
            ),
            (
                json!({"eventType": "DATA_POINT", "gatewayId": "1", "dataPoint": "a"}),
                "missing field `value`",
            ),
            (
                json!({"eventType": "DATA_POINT", "gatewayId": "1", "dataPoint": "a",
                       "value": true}),
                "field `value`: invalid type: boolean `true`, expected a number or a string",
            ),
            (
                json!({"eventType": "DATA_POINT", "gatewayId": "1", "dataPoint": "a",
                       "value": [1]}),
                "field `value`: invalid type",
            ),
            (
                json!({"eventType": "DATA_POINT", "gatewayId": "1", "dataPoint": "a",
                       "value": null}),
                "field `value`: invalid type: null",
            ),
            (
                json!({"eventType": "DAILY_AGGREGATE", "gatewayId": "1", "date": "2026-01-01"}),
                "invalid DAILY_AGGREGATE event: missing field `properties`",
            ),
            (
                json!({"eventType": "DAILY_AGGREGATE", "gatewayId": "1", "date": "2026-01-01",
                       "properties": [{"key": "k", "value": 1}, 7]}),
                "field `properties[1]`: invalid type: a number, expected an object",
            ),
            (
                json!({"eventType": "DAILY_AGGREGATE", "gatewayId": "1", "date": "2026-01-01",
                       "properties": [{"value": 1}]}),
                "field `properties[0]`: missing field `key`",
            ),
            (
                json!({"eventType": "CONTRACT_STATUS", "gatewayId": "1"}),
                "invalid CONTRACT_STATUS event: missing field `contractStatus`",
            ),
            (
                json!({"eventType": "CONTRACT_STATUS", "gatewayId": "1",
                       "contractStatus": "ACTIVE", "previousContractStatus": ["x"]}),
                "field `previousContractStatus`",
            ),
        ];
        for (body, expected) in cases {
            let err = parse(&body).expect_err(expected);
            assert_eq!(err.kind, ErrorKind::Decode);
            assert!(err.message.contains(expected), "{}\n{expected}", err.message);
        }
    }

    #[test]
    fn null_optional_fields_are_absent() {
        let event = parse(&json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
            "applianceStatus": "WARNING", "createdAt": null, "errorCode": null,
            "faultClass": null, "descriptions": null}))
        .expect("parses");
        let Event::ApplianceStatus(e) = &event else { panic!() };
        assert_eq!((&e.created_at, &e.error_code, e.fault_class), (&None, &None, None));
        assert!(e.descriptions.is_empty() && e.extra.is_empty());
        assert_eq!(
            event.to_json(),
            json!({"eventType": "APPLIANCE_STATUS", "gatewayId": "1",
                   "applianceStatus": "WARNING"})
        );
    }

    #[test]
    fn parse_events_takes_arrays_and_single_objects() {
        let all = Value::Array(samples());
        let events = parse_events(all.to_string().as_bytes()).expect("parses");
        assert_eq!(events.len(), 6);
        let one = parse_events(samples()[0].to_string().as_bytes()).expect("parses");
        assert_eq!(one.len(), 1);
        assert_eq!(parse_events(b"[]").expect("empty list"), Vec::new());
        let mut bad = samples();
        bad.insert(2, json!({"eventType": "DATA_POINT", "gatewayId": "1"}));
        let err = parse_events(Value::Array(bad).to_string().as_bytes()).expect_err("bad");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.starts_with("event [2]: "), "{}", err.message);
        assert!(err.message.contains("dataPoint"), "{}", err.message);
        let err = parse_events(b"[{}, 5]").expect_err("bad");
        assert!(err.message.starts_with("event [0]"), "{}", err.message);
        let err = parse_events(b"[5]").expect_err("bad");
        assert!(err.message.contains("event [0]: a webhook event must be a JSON object"));
        for body in [&b""[..], b"5", b"\"x\"", b"null", b"[", b"\xff"] {
            let err = parse_events(body).expect_err("bad");
            assert_eq!(err.kind, ErrorKind::Decode);
        }
    }

    #[test]
    fn no_panic_on_truncated_or_corrupted_bodies() {
        for sample in samples() {
            let text = sample.to_string();
            let bytes = text.as_bytes();
            for cut in 0..bytes.len() {
                let _ = parse_event(&bytes[..cut]);
                let _ = parse_events(&bytes[..cut]);
            }
            for i in 0..bytes.len() {
                for replacement in [b'"', b'{', b'[', b'0', b'x', 0xff, b','] {
                    let mut corrupted = bytes.to_vec();
                    corrupted[i] = replacement;
                    if let Ok(event) = parse_event(&corrupted) {
                        let _ = event.fingerprint();
                    }
                }
            }
        }
    }

    #[test]
    fn canonical_json_and_fingerprints() {
        assert_eq!(
            fingerprint_json(&json!({})),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        let value = json!({"b": [1, 2.0, -0.0, 1.5, 1e300, -3, 18446744073709551615u64,
                                 9007199254740992.0, 9007199254740994.0, true, null],
                           "a": {"z": "é\"\\\n\u{1}\u{1f}\u{7f}", "y": {}}});
        assert_eq!(
            canonical_json(&value),
            "{\"a\":{\"y\":{},\"z\":\"é\\\"\\\\\\n\\u0001\\u001f\u{7f}\"},\
             \"b\":[1,2,0,1.5,1e+300,-3,18446744073709551615,9007199254740992,\
             9007199254740994,true,null]}"
        );
        // Floats as ECMAScript's Number.prototype.toString writes them.
        for (f, text) in [
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-1.5e-7, "-1.5e-7"),
            (1e20, "100000000000000000000"),
            (1.5e20, "150000000000000000000"),
            (1e21, "1e+21"),
            (1.2345e22, "1.2345e+22"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (-9007199254740993.0, "-9007199254740992"),
            (4.35, "4.35"),
        ] {
            assert_eq!(canonical_json(&json!(f)), text, "{f:e}");
        }
        // Strings are escaped exactly as serde_json does.
        let text = "tab\t cr\r bs\u{8} ff\u{c} nul\u{0} quote\" slash/ \u{2028}";
        assert_eq!(canonical_json(&json!(text)), serde_json::to_string(text).expect("ok"));

        let a = r#"{"eventType":"DATA_POINT","gatewayId":"1","dataPoint":"hvac.system.outdoorTemperature","value":21,"unit":"°C","timestamp":"2026-05-05T12:00:00Z"}"#;
        let b = r#"
            { "timestamp" : "2026-05-05T12:00:00Z", "unit":"°C", "value": 21.0,
              "dataPoint" : "hvac.system.outdoorTemperature", "gatewayId": "1",
              "eventType": "DATA_POINT" }"#;
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let fa = parse_event(a).expect("a").fingerprint();
        let fb = parse_event(b).expect("b").fingerprint();
        assert_eq!(fa, fb);
        assert_eq!(fa.len(), 64);
        assert!(fa.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        assert_eq!(parse_event(a).expect("a").fingerprint(), fa);
        let c = String::from_utf8_lossy(a).replace("21", "21.5");
        assert_ne!(parse_event(c.as_bytes()).expect("c").fingerprint(), fa);
        // The fingerprint covers the event type and unknown fields.
        let d = String::from_utf8_lossy(a).replace("\"unit\"", "\"x\":1,\"unit\"");
        assert_ne!(parse_event(d.as_bytes()).expect("d").fingerprint(), fa);
        // It is the fingerprint of the event's JSON form.
        let event = parse_event(a).expect("a");
        assert_eq!(fingerprint_json(&event.to_json()), fa);
        let raw: Value = serde_json::from_slice(a).expect("json");
        assert_eq!(fingerprint_json(&raw), fa);

        let u1 = parse_event(br#"{"eventType":"X","gatewayId":"1","n":{"b":1,"a":2.0}}"#);
        let u2 = parse_event(br#"{"n":{"a":2,"b":1.0},"gatewayId":"1","eventType":"X"}"#);
        assert_eq!(u1.expect("u1").fingerprint(), u2.expect("u2").fingerprint());
    }

    #[test]
    fn deduplicator_remembers_the_last_n() {
        let mut dedup = Deduplicator::new(3);
        assert_eq!((dedup.len(), dedup.capacity()), (0, 3));
        assert!(dedup.is_empty());
        assert!(dedup.check("a"));
        assert!(!dedup.check("a"));
        assert!(dedup.check("b"));
        assert!(dedup.check("c"));
        assert_eq!(dedup.len(), 3);
        assert!(!dedup.check("a"));
        // "d" evicts the oldest, "a" (seeing a duplicate does not refresh it).
        assert!(dedup.check("d"));
        assert_eq!(dedup.len(), 3);
        assert!(!dedup.contains("a"));
        assert!(!dedup.check("b"));
        assert!(dedup.check("a"));
        assert!(!dedup.contains("b"));
        assert!(dedup.contains("c") && dedup.contains("d"));
        dedup.clear();
        assert!(dedup.is_empty());
        assert!(dedup.check("c"));

        let mut none = Deduplicator::new(0);
        assert!(none.check("a"));
        assert!(none.check("a"));
        assert_eq!(none.len(), 0);

        let mut big = Deduplicator::new(1000);
        for i in 0..5000 {
            assert!(big.check(&i.to_string()));
        }
        assert_eq!(big.len(), 1000);
        assert!(!big.check("4999") && !big.check("4000") && big.check("3999"));
    }

    fn data_point(gateway: &str, key: &str, value: DataPointValue) -> DataPointEvent {
        DataPointEvent {
            gateway_id: gateway.into(),
            data_point: key.into(),
            value,
            unit: None,
            timestamp: None,
            extra: BTreeMap::new(),
        }
    }

    #[test]
    fn counter_tracker_flags_resets() {
        use CounterObservation::*;
        use DataPointValue::{Number, Text};
        let total = "hvac.emon.energyConsumptionTotal";
        let mut tracker = CounterTracker::new();
        assert!(tracker.is_empty());
        assert_eq!(tracker.observe(&data_point("g1", total, Number(100.0))), First);
        assert_eq!(
            tracker.observe(&data_point("g1", total, Number(100.25))),
            Increase { delta: 0.25 }
        );
        assert_eq!(tracker.observe(&data_point("g1", total, Number(100.25))), Unchanged);
        // Another gateway has its own counter.
        assert_eq!(tracker.observe(&data_point("g2", total, Number(5.0))), First);
        assert_eq!(
            tracker.observe(&data_point("g1", total, Number(0.5))),
            Reset {
                previous: 100.25,
                current: 0.5
            }
        );
        assert_eq!(tracker.last("g1", total), Some(0.5));
        assert_eq!(
            tracker.observe(&data_point("g1", total, Number(1.5))),
            Increase { delta: 1.0 }
        );
        let low = "hvac.emon.eheater.energyConsumptionTotal.domesticHotWater.lowRes";
        assert_eq!(tracker.observe(&data_point("g1", low, Number(7.0))), First);
        assert_eq!(tracker.len(), 3);

        let temp = "hvac.system.outdoorTemperature";
        assert_eq!(tracker.observe(&data_point("g1", temp, Number(5.0))), NotACounter);
        assert_eq!(tracker.observe(&data_point("g1", temp, Number(1.0))), NotACounter);
        let starts = "hvac.compressor.pool.numberOfStarts";
        assert_eq!(tracker.observe(&data_point("g1", starts, Number(3.0))), NotACounter);
        assert_eq!(
            tracker.observe(&data_point("g1", "hvac.unknown.energyTotal", Number(1.0))),
            NotACounter
        );
        assert_eq!(
            tracker.observe(&data_point("g1", total, Text("1.0".into()))),
            NotACounter
        );
        assert_eq!(tracker.observe(&data_point("g1", total, Number(f64::NAN))), NotACounter);
        assert_eq!(tracker.last("g1", total), Some(1.5));
        assert_eq!(tracker.len(), 3);
        tracker.forget_gateway("g1");
        assert_eq!(tracker.len(), 1);
        assert_eq!(tracker.observe(&data_point("g1", total, Number(0.0))), First);

        let json = serde_json::to_value(Reset {
            previous: 2.0,
            current: 0.0,
        })
        .expect("ok");
        assert_eq!(json, json!({"observation": "Reset", "previous": 2.0, "current": 0.0}));
    }
}
