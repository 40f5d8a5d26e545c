//! The 37 operations of the Partner API: one table, typed requests, and a JSON entry point.
//!
//! Each operation is a request struct in its resource module (e.g. [`crate::dhw::GetDhwCircuit`])
//! implementing [`Operation`]: `build` turns it into an [`HttpRequest`] and `decode` turns the
//! answer into a typed [`Response`]. [`OperationId::build_json`] and [`OperationId::decode_json`]
//! do the same from JSON, for bindings and conformance vectors.

use core::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Violation};
use crate::http::{self, Config, HttpRequest, HttpResponse, Method, Response};
use crate::validation::Report;
use crate::wire;
use crate::wire::rate_limits::{self, BucketSpec};
use crate::{api_keys, contracts, dhw, heating_circuits, platform, system};

/// The path parameters of a request; the ones its path template needs must be set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathParams<'a> {
    /// `{gatewayId}`
    pub gateway_id: Option<&'a str>,
    /// `{circuitId}`
    pub circuit_id: Option<u32>,
    /// `{timeProgramId}`
    pub time_program_id: Option<u32>,
    /// `{holidayModeId}`
    pub holiday_mode_id: Option<&'a str>,
    /// `{keyId}`
    pub key_id: Option<&'a str>,
}

/// One operation of the Partner API as a typed request.
pub trait Operation {
    /// The decoded value of a success.
    type Output: DeserializeOwned + Serialize;
    /// Which operation this is.
    const ID: OperationId;

    /// The values of the path template's parameters.
    fn path_params(&self) -> PathParams<'_>;

    /// The JSON body, if the operation sends one.
    fn body(&self) -> Option<Value> {
        None
    }

    /// Checks the input against the documented rules: every violation, and the rules that
    /// could not be checked for lack of state.
    fn check(&self) -> Report {
        Report::new()
    }

    /// `Ok` when [`Operation::check`] finds no violation, else the validation error.
    fn validate(&self) -> Result<(), Error> {
        self.check().into_result()
    }

    /// Builds the request: validates, then fills method, URL, headers and body.
    fn build(&self, config: &Config) -> Result<HttpRequest, Error> {
        let mut report = self.check();
        let path = fill_path(Self::ID.spec().path, &self.path_params());
        if let Err(violations) = &path {
            report.violations.splice(0..0, violations.iter().cloned());
        }
        report.into_result()?;
        let path = path.map_err(|v| Error::validation(v, Vec::new()))?;
        request_for_path(config, Self::ID, path, self.body())
    }

    /// Decodes the response into the typed value or the typed error.
    fn decode(&self, response: &HttpResponse) -> Result<Response<Self::Output>, Error> {
        http::decode(Self::ID, response)
    }
}

/// What the table says about an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationSpec {
    /// The operation.
    pub id: OperationId,
    /// Its `operationId` in `spec/openapi.yaml` (camelCase).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/hvacs/{gatewayId}/dhwCircuits/{circuitId}`.
    pub path: &'static str,
    /// The status of a success.
    pub success_status: u16,
    /// Whether the operation is deprecated by the API.
    pub deprecated: bool,
}

impl OperationSpec {
    /// Whether this is a remote-control operation (needs `x-user-id`, current consent, an online gateway).
    pub fn is_remote_control(&self) -> bool {
        ["/heatingCircuits", "/dhwCircuits", "/system"]
            .iter()
            .any(|part| self.path.contains(&format!("{{gatewayId}}{part}")))
    }

    /// The path parameters, in path order (`["gatewayId", "circuitId"]`).
    pub fn path_params(&self) -> Vec<&'static str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect()
    }

    /// Whether the path has a `{gatewayId}`.
    pub fn has_gateway(&self) -> bool {
        self.path.contains("{gatewayId}")
    }

    /// The rate-limit bucket that applies to requests of this operation (§1.3).
    pub fn rate_limit(&self) -> BucketSpec {
        if self.method == Method::Put && self.path.ends_with("/timePrograms/{timeProgramId}") {
            rate_limits::TIME_PROGRAM_PUT
        } else if self.method == Method::Patch && self.path.ends_with("/dhwCircuits/{circuitId}/charge") {
            rate_limits::DHW_CHARGE_PATCH
        } else if self.has_gateway() {
            rate_limits::GATEWAY_PATH
        } else {
            rate_limits::NON_GATEWAY_PATH
        }
    }
}

macro_rules! operations {
    ($( $(#[$meta:meta])* $id:ident => $name:literal, $method:ident, $path:literal, $status:literal, $deprecated:literal, $ty:ty; )+) => {
        /// Names one of the 37 operations.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum OperationId {
            $( $(#[$meta])* $id, )+
        }

        impl OperationId {
            /// Every operation, in the order of `operations.txt`.
            pub const ALL: &'static [OperationId] = &[$(OperationId::$id),+];

            /// What the table says about this operation.
            pub fn spec(self) -> &'static OperationSpec {
                match self {
                    $( OperationId::$id => &OperationSpec {
                        id: OperationId::$id,
                        name: $name,
                        method: Method::$method,
                        path: $path,
                        success_status: $status,
                        deprecated: $deprecated,
                    }, )+
                }
            }

            /// The operation with this `operationId` (camelCase).
            pub fn from_name(name: &str) -> Option<OperationId> {
                match name {
                    $( $name => Some(OperationId::$id), )+
                    _ => None,
                }
            }

            /// Builds a request from JSON input: the path parameters and `body` (and, for
            /// validation against current state, `current` and friends) in camelCase.
            #[allow(deprecated)]
            pub fn build_json(self, config: &Config, input: &Value) -> Result<HttpRequest, Error> {
                match self {
                    $( OperationId::$id => input_from_json::<$ty>(self, input)?.build(config), )+
                }
            }

            /// Validates JSON input without building a request: every violation, and the
            /// rules that could not be checked. `Err` only when the input has the wrong shape.
            #[allow(deprecated)]
            pub fn check_json(self, input: &Value) -> Result<Report, Error> {
                match self {
                    $( OperationId::$id => Ok(input_from_json::<$ty>(self, input)?.check()), )+
                }
            }

            /// Decodes a response into the operation's typed value, returned as JSON.
            #[allow(deprecated)]
            pub fn decode_json(self, response: &HttpResponse) -> Result<Response<Value>, Error> {
                match self {
                    $( OperationId::$id => to_json(http::decode::<<$ty as Operation>::Output>(self, response)?), )+
                }
            }
        }
    };
}

operations! {
    /// `GET /health`
    GetHealth => "getHealth", Get, "/health", 200, false, platform::GetHealth;
    /// `GET /hvacs`
    ListHvacs => "listHvacs", Get, "/hvacs", 200, false, platform::ListHvacs;
    /// `GET /hvacs/{gatewayId}/status`
    GetHvacStatus => "getHvacStatus", Get, "/hvacs/{gatewayId}/status", 200, false, platform::GetHvacStatus;
    /// `GET /hvacs/{gatewayId}/components`
    GetComponents => "getComponents", Get, "/hvacs/{gatewayId}/components", 200, false, platform::GetComponents;
    /// `POST /hvacs/{gatewayId}/components`
    StartSystemDetection => "startSystemDetection", Post, "/hvacs/{gatewayId}/components", 202, false, platform::StartSystemDetection;
    /// `POST /webhooks/simulation`
    SimulateWebhookEvent => "simulateWebhookEvent", Post, "/webhooks/simulation", 202, false, platform::SimulateWebhookEvent;
    /// `GET /contracts`
    ListContracts => "listContracts", Get, "/contracts", 200, false, contracts::ListContracts;
    /// `GET /contracts/{gatewayId}`
    GetContract => "getContract", Get, "/contracts/{gatewayId}", 200, false, contracts::GetContract;
    /// `GET /hvacs/{gatewayId}/contract` (deprecated since v1.17; use `GetContract`)
    GetHvacContract => "getHvacContract", Get, "/hvacs/{gatewayId}/contract", 200, true, contracts::GetHvacContract;
    /// `PATCH /contracts/{gatewayId}`
    UpdateContract => "updateContract", Patch, "/contracts/{gatewayId}", 200, false, contracts::UpdateContract;
    /// `DELETE /contracts/{gatewayId}`
    DeleteContract => "deleteContract", Delete, "/contracts/{gatewayId}", 204, false, contracts::DeleteContract;
    /// `POST /api-keys`
    CreateApiKey => "createApiKey", Post, "/api-keys", 201, false, api_keys::CreateApiKey;
    /// `GET /api-keys`
    ListApiKeys => "listApiKeys", Get, "/api-keys", 200, false, api_keys::ListApiKeys;
    /// `GET /api-keys/me`
    GetCurrentApiKey => "getCurrentApiKey", Get, "/api-keys/me", 200, false, api_keys::GetCurrentApiKey;
    /// `DELETE /api-keys/{keyId}`
    DeleteApiKey => "deleteApiKey", Delete, "/api-keys/{keyId}", 204, false, api_keys::DeleteApiKey;
    /// `GET /hvacs/{gatewayId}/heatingCircuits`
    ListHeatingCircuits => "listHeatingCircuits", Get, "/hvacs/{gatewayId}/heatingCircuits", 200, false, heating_circuits::ListHeatingCircuits;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}`
    GetHeatingCircuit => "getHeatingCircuit", Get, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}", 200, false, heating_circuits::GetHeatingCircuit;
    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}`
    UpdateHeatingCircuit => "updateHeatingCircuit", Patch, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}", 200, false, heating_circuits::UpdateHeatingCircuit;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve`
    GetHeatCurve => "getHeatCurve", Get, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve", 200, false, heating_circuits::GetHeatCurve;
    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve`
    UpdateHeatCurve => "updateHeatCurve", Patch, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve", 200, false, heating_circuits::UpdateHeatCurve;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatingDistributionType`
    GetHeatingDistributionType => "getHeatingDistributionType", Get, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatingDistributionType", 200, false, heating_circuits::GetHeatingDistributionType;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`
    GetHeatingTimeProgram => "getHeatingTimeProgram", Get, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}", 200, false, heating_circuits::GetHeatingTimeProgram;
    /// `PUT /hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`
    SetHeatingTimeProgram => "setHeatingTimeProgram", Put, "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}", 200, false, heating_circuits::SetHeatingTimeProgram;
    /// `GET /hvacs/{gatewayId}/dhwCircuits`
    ListDhwCircuits => "listDhwCircuits", Get, "/hvacs/{gatewayId}/dhwCircuits", 200, false, dhw::ListDhwCircuits;
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}`
    GetDhwCircuit => "getDhwCircuit", Get, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}", 200, false, dhw::GetDhwCircuit;
    /// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}`
    UpdateDhwCircuit => "updateDhwCircuit", Patch, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}", 200, false, dhw::UpdateDhwCircuit;
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge`
    GetDhwCharge => "getDhwCharge", Get, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge", 200, false, dhw::GetDhwCharge;
    /// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge`
    UpdateDhwCharge => "updateDhwCharge", Patch, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge", 200, false, dhw::UpdateDhwCharge;
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`
    GetDhwTimeProgram => "getDhwTimeProgram", Get, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}", 200, false, dhw::GetDhwTimeProgram;
    /// `PUT /hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`
    SetDhwTimeProgram => "setDhwTimeProgram", Put, "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}", 200, false, dhw::SetDhwTimeProgram;
    /// `GET /hvacs/{gatewayId}/system/silentMode`
    GetSilentMode => "getSilentMode", Get, "/hvacs/{gatewayId}/system/silentMode", 200, false, system::GetSilentMode;
    /// `PATCH /hvacs/{gatewayId}/system/silentMode`
    UpdateSilentMode => "updateSilentMode", Patch, "/hvacs/{gatewayId}/system/silentMode", 200, false, system::UpdateSilentMode;
    /// `GET /hvacs/{gatewayId}/system/dateTime`
    GetDateTime => "getDateTime", Get, "/hvacs/{gatewayId}/system/dateTime", 200, false, system::GetDateTime;
    /// `PUT /hvacs/{gatewayId}/system/dateTime`
    SetDateTime => "setDateTime", Put, "/hvacs/{gatewayId}/system/dateTime", 200, false, system::SetDateTime;
    /// `GET /hvacs/{gatewayId}/system/holidayModes`
    ListHolidayModes => "listHolidayModes", Get, "/hvacs/{gatewayId}/system/holidayModes", 200, false, system::ListHolidayModes;
    /// `POST /hvacs/{gatewayId}/system/holidayModes`
    CreateHolidayMode => "createHolidayMode", Post, "/hvacs/{gatewayId}/system/holidayModes", 201, false, system::CreateHolidayMode;
    /// `DELETE /hvacs/{gatewayId}/system/holidayModes/{holidayModeId}`
    DeleteHolidayMode => "deleteHolidayMode", Delete, "/hvacs/{gatewayId}/system/holidayModes/{holidayModeId}", 204, false, system::DeleteHolidayMode;
}

impl OperationId {
    /// The `operationId` (camelCase), e.g. `getDhwCircuit`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The operation whose method and path template these are.
    pub fn from_route(method: Method, path_template: &str) -> Option<OperationId> {
        OperationId::ALL
            .iter()
            .copied()
            .find(|id| id.spec().method == method && id.spec().path == path_template)
    }

    /// Matches a concrete path (e.g. `/hvacs/101/dhwCircuits/1`) to an operation and its raw
    /// (still percent-encoded) path parameters, by template. Used by servers and tests.
    pub fn match_path(method: Method, path: &str) -> Option<(OperationId, Vec<(&'static str, String)>)> {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        'ops: for id in OperationId::ALL.iter().copied() {
            let spec = id.spec();
            if spec.method != method {
                continue;
            }
            let template: Vec<&str> = spec.path.split('/').collect();
            if template.len() != segments.len() {
                continue;
            }
            let mut params = Vec::new();
            for (t, s) in template.iter().zip(&segments) {
                if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    if s.is_empty() {
                        continue 'ops;
                    }
                    params.push((name, (*s).to_owned()));
                } else if t != s {
                    continue 'ops;
                }
            }
            return Some((id, params));
        }
        None
    }
}

impl fmt::Display for OperationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for OperationId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for OperationId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        OperationId::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown operation {name:?}")))
    }
}

/// The operation table as JSON, for bindings and generated clients: `[{name, method, path,
/// pathParams, successStatus, deprecated, remoteControl, idempotent}]`.
pub fn operation_table() -> Value {
    Value::Array(
        OperationId::ALL
            .iter()
            .map(|id| {
                let spec = id.spec();
                let params = spec.path_params();
                serde_json::json!({
                    "name": spec.name,
                    "method": spec.method.as_str(),
                    "path": spec.path,
                    "pathParams": params,
                    "successStatus": spec.success_status,
                    "deprecated": spec.deprecated,
                    "remoteControl": spec.is_remote_control(),
                    "idempotent": spec.method.is_idempotent(),
                })
            })
            .collect(),
    )
}

/// Code of the violation reported for an input that does not have the documented shape.
pub const INPUT_SHAPE: &str = "INPUT_SHAPE";

/// A validation error (code [`INPUT_SHAPE`]): `what` does not have the expected shape.
pub fn shape_error(what: &str, detail: impl fmt::Display) -> Error {
    Error::validation(
        vec![Violation::new(
            INPUT_SHAPE,
            Vec::new(),
            None,
            format!("{what} does not have the expected shape: {detail}"),
        )],
        Vec::new(),
    )
}

impl OperationId {
    /// The operation with this `operationId`, or a configuration error naming it (for
    /// bindings that receive operation names from another language).
    pub fn named(name: &str) -> Result<OperationId, Error> {
        OperationId::from_name(name).ok_or_else(|| Error::config(format!("unknown operation {name:?}")))
    }

    /// Parses the JSON text of this operation's input (for bindings that pass JSON text);
    /// text that is not JSON is an [`INPUT_SHAPE`] validation error.
    pub fn input_from_text(self, text: &str) -> Result<Value, Error> {
        serde_json::from_str(text).map_err(|e| shape_error(&format!("the input of {}", self.name()), e))
    }
}

fn input_from_json<T: DeserializeOwned>(id: OperationId, input: &Value) -> Result<T, Error> {
    let what = format!("the input of {}", id.name());
    if !input.is_object() {
        return Err(shape_error(&what, "it must be a JSON object"));
    }
    T::deserialize(input).map_err(|e| shape_error(&what, e))
}

fn to_json<T: Serialize>(response: Response<T>) -> Result<Response<Value>, Error> {
    let value = serde_json::to_value(&response.value)
        .map_err(|e| Error::decode(format!("could not re-encode a decoded value: {e}")))?;
    Ok(response.map(|_| value))
}

/// Builds the request of operation `id`: the shared part of every [`Operation::build`].
pub fn build_request(
    config: &Config,
    id: OperationId,
    params: &PathParams<'_>,
    body: Option<Value>,
) -> Result<HttpRequest, Error> {
    let path = fill_path(id.spec().path, params).map_err(|v| Error::validation(v, Vec::new()))?;
    request_for_path(config, id, path, body)
}

/// The request of operation `id` for an already filled and checked path.
fn request_for_path(config: &Config, id: OperationId, path: String, body: Option<Value>) -> Result<HttpRequest, Error> {
    let spec = id.spec();
    let mut headers: Vec<(String, String)> = Vec::with_capacity(6);
    headers.push(("accept".into(), wire::CONTENT_TYPE_JSON.into()));
    if let Some(key) = config.api_key() {
        headers.push((wire::HEADER_API_KEY.into(), key.expose().to_owned()));
    }
    headers.push((wire::HEADER_API_VERSION.into(), config.api_major().to_string()));
    if spec.is_remote_control() {
        match config.user_id() {
            Some(user) => headers.push((wire::HEADER_USER_ID.into(), user.to_owned())),
            // Without a key the request goes to the partner's own backend (a proxy), which adds
            // both `x-api-key` and `x-user-id` for the signed-in user.
            None if config.api_key().is_none() => {}
            None => {
                return Err(Error::config(format!(
                    "{} is a remote-control operation: it needs the partner user id \
                     (x-user-id); set it in the configuration",
                    spec.name
                )));
            }
        }
    }
    let body = match body {
        Some(value) => {
            headers.push(("content-type".into(), wire::CONTENT_TYPE_JSON.into()));
            Some(value.to_string())
        }
        None => None,
    };
    headers.extend(config.extra_headers().iter().cloned());
    Ok(HttpRequest {
        operation: id,
        method: spec.method,
        url: format!("{}{}", config.base_url(), path),
        path,
        headers,
        body,
    })
}

/// Fills a path template, validating and percent-encoding each parameter.
fn fill_path(template: &str, params: &PathParams<'_>) -> Result<String, Vec<Violation>> {
    let mut path = String::with_capacity(template.len() + 16);
    let mut violations = Vec::new();
    for segment in template.split('/').skip(1) {
        path.push('/');
        let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            path.push_str(segment);
            continue;
        };
        let value = match name {
            "gatewayId" => params.gateway_id.map(|g| check_gateway_id(g).map(|_| g.to_owned())),
            "circuitId" => params.circuit_id.map(|c| check_positive("circuitId", c)),
            "timeProgramId" => params.time_program_id.map(|t| check_positive("timeProgramId", t)),
            "holidayModeId" => params.holiday_mode_id.map(|h| check_opaque_id("holidayModeId", h)),
            "keyId" => params.key_id.map(|k| check_opaque_id("keyId", k)),
            _ => None,
        };
        match value {
            Some(Ok(text)) => percent_encode_into(&text, &mut path),
            Some(Err(v)) => violations.push(v),
            None => violations.push(Violation::new(
                "PATH_PARAM_MISSING",
                vec![name.to_owned()],
                None,
                format!("the path parameter {name} is required"),
            )),
        }
    }
    if violations.is_empty() {
        Ok(path)
    } else {
        Err(violations)
    }
}

/// Checks a `gatewayId`: 1–64 characters of `[A-Za-z0-9_-]`. \[assumed\]
pub fn check_gateway_id(gateway_id: &str) -> Result<(), Violation> {
    let ok = !gateway_id.is_empty()
        && gateway_id.len() <= wire::GATEWAY_ID_MAX_LEN
        && gateway_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Violation::new(
            "GATEWAY_ID_INVALID",
            vec!["gatewayId".into()],
            Some(format!(
                "1–{} characters of A–Z, a–z, 0–9, _ and -",
                wire::GATEWAY_ID_MAX_LEN
            )),
            format!("{gateway_id:?} is not a valid gatewayId"),
        ))
    }
}

fn check_positive(name: &str, value: u32) -> Result<String, Violation> {
    if value >= 1 {
        Ok(value.to_string())
    } else {
        Err(Violation::new(
            "PATH_PARAM_INVALID",
            vec![name.to_owned()],
            Some("≥ 1".into()),
            format!("{name} must be a positive integer"),
        ))
    }
}

fn check_opaque_id(name: &str, value: &str) -> Result<String, Violation> {
    let ok = !value.is_empty()
        && value.chars().count() <= wire::OPAQUE_ID_MAX_LEN
        && !value.chars().any(|c| c.is_control())
        && value != "."
        && value != "..";
    if ok {
        Ok(value.to_owned())
    } else {
        Err(Violation::new(
            "PATH_PARAM_INVALID",
            vec![name.to_owned()],
            Some(format!("1–{} printable characters", wire::OPAQUE_ID_MAX_LEN)),
            format!("{value:?} is not a valid {name}"),
        ))
    }
}

/// Percent-encodes a path segment: everything but RFC 3986 unreserved characters.
pub fn percent_encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Decodes `%XX` escapes of a path segment or query value; `None` if malformed or not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hi = (hex[0] as char).to_digit(16)?;
                let lo = (hex[1] as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Whether an error kind is raised before any IO (the request was never sent).
pub fn is_pre_io(kind: &ErrorKind) -> bool {
    matches!(kind, ErrorKind::Validation | ErrorKind::Config)
}

/// A path parameter read back from a concrete path: the server side of the encoding that
/// [`build_request`] applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathValue {
    /// `gatewayId`, `holidayModeId`, `keyId`: the percent-decoded text.
    Text(String),
    /// `circuitId`, `timeProgramId`: a positive integer.
    Number(u32),
}

/// Reads one raw (still percent-encoded) path parameter, as [`OperationId::match_path`]
/// returns it, and checks it by the rules the request builders apply before any IO:
/// `gatewayId` by [`check_gateway_id`] (`GATEWAY_ID_INVALID`), `circuitId` and
/// `timeProgramId` as integers ≥ 1, `holidayModeId` and `keyId` as opaque ids
/// (`PATH_PARAM_INVALID`). A server answers 400 with the violation; the simulator does.
pub fn parse_path_param(name: &str, raw: &str) -> Result<PathValue, Violation> {
    let invalid = |limit: &str, what: String| {
        Violation::new(
            "PATH_PARAM_INVALID",
            vec![name.to_owned()],
            Some(limit.to_owned()),
            what,
        )
    };
    let decoded = percent_decode(raw);
    match name {
        "gatewayId" => {
            let text = decoded.unwrap_or_else(|| raw.to_owned());
            check_gateway_id(&text).map(|()| PathValue::Text(text))
        }
        "circuitId" | "timeProgramId" => {
            let text = decoded.unwrap_or_else(|| raw.to_owned());
            let number = (!text.is_empty() && text.len() <= 10 && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<u32>().ok())
                .flatten();
            match number {
                Some(n) => check_positive(name, n).map(|_| PathValue::Number(n)),
                None => Err(invalid(
                    "≥ 1",
                    format!("{text:?} is not a valid {name}: a positive integer"),
                )),
            }
        }
        "holidayModeId" | "keyId" => match decoded {
            Some(text) => check_opaque_id(name, &text).map(PathValue::Text),
            None => Err(invalid(
                "valid percent-encoding",
                format!("{raw:?} is not a valid {name}"),
            )),
        },
        other => Err(invalid(
            "a known path parameter",
            format!("unknown path parameter {other}"),
        )),
    }
}

#[cfg(test)]
mod path_param_tests {
    use super::*;

    #[test]
    fn parse_path_param_applies_the_builder_rules() {
        assert_eq!(
            parse_path_param("gatewayId", "101234567"),
            Ok(PathValue::Text("101234567".into()))
        );
        assert_eq!(
            parse_path_param("gatewayId", "a%20b").unwrap_err().code,
            "GATEWAY_ID_INVALID"
        );
        assert_eq!(
            parse_path_param("gatewayId", "%zz").unwrap_err().code,
            "GATEWAY_ID_INVALID"
        );
        assert_eq!(parse_path_param("circuitId", "2"), Ok(PathValue::Number(2)));
        for bad in ["0", "-1", "abc", "1.5", "", "99999999999"] {
            assert_eq!(
                parse_path_param("circuitId", bad).unwrap_err().code,
                "PATH_PARAM_INVALID"
            );
        }
        assert_eq!(
            parse_path_param("holidayModeId", "h%201"),
            Ok(PathValue::Text("h 1".into()))
        );
        assert_eq!(parse_path_param("keyId", "..").unwrap_err().code, "PATH_PARAM_INVALID");
        assert_eq!(parse_path_param("keyId", "%ff").unwrap_err().code, "PATH_PARAM_INVALID");
        // What the builder encodes, the parser reads back.
        let params = PathParams {
            gateway_id: Some("gw_1-A"),
            circuit_id: Some(3),
            time_program_id: Some(2),
            ..Default::default()
        };
        let id = OperationId::GetHeatingTimeProgram;
        let path = fill_path(id.spec().path, &params).unwrap();
        let (matched, raw) = OperationId::match_path(Method::Get, &path).unwrap();
        assert_eq!(matched, id);
        let values: Vec<PathValue> = raw.iter().map(|(n, v)| parse_path_param(n, v).unwrap()).collect();
        assert_eq!(
            values,
            vec![
                PathValue::Text("gw_1-A".into()),
                PathValue::Number(3),
                PathValue::Number(2)
            ]
        );
    }
}
