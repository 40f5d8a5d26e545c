//! The Partner API's operations, one module per resource. Each handler runs with the state
//! locked, after the request passed the checks of [`crate::pipeline`], and returns the answer
//! plus the webhook events its state change causes (sent once the lock is released).
//!
//! Request bodies are read into the core's request structs, with the current state in the
//! fields the core's `check()` uses (`current`, `timeProgramIds`, `distributionType`,
//! `existing`, `today`): the simulator answers 400 with exactly the violations the SDK
//! reports before sending.

mod api_keys;
mod contracts;
mod dhw;
mod heating_circuits;
mod platform;
mod system;

use homecom_core::error::{Error, Violation};
use homecom_core::operation::OperationId;
use homecom_core::time::UnixTime;
use homecom_core::webhooks::Event;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::shared::Shared;
use crate::state::{Gateway, State};

/// A successful answer.
#[derive(Debug)]
pub struct Success {
    /// 200, 201, 202 or 204.
    pub status: u16,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

/// An error answer: status, message and violations, written with the core's error body.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The message.
    pub message: String,
    /// The violations (400 only).
    pub violations: Vec<Violation>,
    /// Extra headers (`retry-after`, `allow`).
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            violations: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(404, message)
    }

    /// A 400 listing violations, with the core's message for them.
    pub fn validation(violations: Vec<Violation>) -> Self {
        let message = Error::validation(violations.clone(), Vec::new()).message;
        ApiError {
            violations,
            ..ApiError::new(400, message)
        }
    }

    /// The same error with a header.
    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

/// What a handler returns.
pub type Reply = Result<Success, ApiError>;

/// A 2xx answer with a JSON body.
pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
    let body = serde_json::to_value(value).map_err(|e| ApiError::new(500, format!("cannot encode the answer: {e}")))?;
    Ok(Success {
        status,
        body: Some(body),
    })
}

/// A 2xx answer without a body.
pub fn empty(status: u16) -> Reply {
    Ok(Success { status, body: None })
}

/// One request, checked and routed.
pub struct Ctx<'a> {
    /// The operation.
    pub op: OperationId,
    /// `{gatewayId}`, decoded and valid.
    pub gateway_id: Option<String>,
    /// `{circuitId}`.
    pub circuit_id: Option<u32>,
    /// `{timeProgramId}`.
    pub time_program_id: Option<u32>,
    /// `{holidayModeId}`, decoded.
    pub holiday_mode_id: Option<String>,
    /// `{keyId}`, decoded.
    pub key_id: Option<String>,
    /// The raw body.
    pub body: &'a [u8],
    /// `x-user-id`, if sent.
    pub user_id: Option<String>,
    /// The id of the calling API key.
    pub caller_key_id: String,
    /// Now, on the simulator's clock.
    pub now: UnixTime,
    /// Events to send once the state is unlocked.
    pub events: Vec<Event>,
    /// The simulator (for ids and keys).
    pub shared: &'a Shared,
}

impl Ctx<'_> {
    /// The gateway id (every handler that calls this has one in its path).
    pub fn gateway_id(&self) -> &str {
        self.gateway_id.as_deref().unwrap_or_default()
    }

    /// The circuit id of the path.
    pub fn circuit_id(&self) -> u32 {
        self.circuit_id.unwrap_or_default()
    }

    /// The time program id of the path.
    pub fn time_program_id(&self) -> u32 {
        self.time_program_id.unwrap_or_default()
    }

    /// The path parameters as the core's request structs name them.
    pub fn input(&self) -> Map<String, Value> {
        let mut input = Map::new();
        if let Some(g) = &self.gateway_id {
            input.insert("gatewayId".into(), Value::from(g.clone()));
        }
        if let Some(c) = self.circuit_id {
            input.insert("circuitId".into(), Value::from(c));
        }
        if let Some(t) = self.time_program_id {
            input.insert("timeProgramId".into(), Value::from(t));
        }
        if let Some(h) = &self.holiday_mode_id {
            input.insert("holidayModeId".into(), Value::from(h.clone()));
        }
        if let Some(k) = &self.key_id {
            input.insert("keyId".into(), Value::from(k.clone()));
        }
        input
    }

    /// Reads the body into the operation's core request struct, with `input` (path
    /// parameters and the state the rules need), and runs the core's `check()`: 400 with an
    /// `INPUT_SHAPE` violation for malformed JSON or a wrong shape, 400 with every violation
    /// for a body that breaks rules.
    pub fn parse<T: DeserializeOwned>(&self, mut input: Map<String, Value>) -> Result<T, ApiError> {
        let text = self.body.trim_ascii();
        let body: Value = if text.is_empty() {
            return Err(shape_error(self.op, "the request needs a JSON body".to_owned()));
        } else {
            serde_json::from_slice(text)
                .map_err(|e| shape_error(self.op, format!("the body is not valid JSON: {e}")))?
        };
        input.insert("body".into(), body);
        let input = Value::Object(input);
        let report = self
            .op
            .check_json(&input)
            .map_err(|e| ApiError::validation(e.violations))?;
        if !report.is_valid() {
            return Err(ApiError::validation(report.violations));
        }
        serde_json::from_value(input).map_err(|e| shape_error(self.op, format!("{e}")))
    }
}

/// A 400 with the core's `INPUT_SHAPE` violation on the body.
fn shape_error(op: OperationId, detail: String) -> ApiError {
    let mut violations = homecom_core::operation::shape_error(&format!("the body of {}", op.name()), detail).violations;
    for violation in &mut violations {
        violation.fields = vec!["body".to_owned()];
    }
    ApiError::validation(violations)
}

/// The contract operations: their `{gatewayId}` names a contract, not a shared appliance.
fn is_contract_op(op: OperationId) -> bool {
    matches!(
        op,
        OperationId::GetContract
            | OperationId::GetHvacContract
            | OperationId::UpdateContract
            | OperationId::DeleteContract
    )
}

/// The gateway checks, in order: known (404), shared with the partner (403), a current
/// consent for remote control (451), online for remote control and components (504).
fn check_access(ctx: &Ctx<'_>, state: &State) -> Result<(), ApiError> {
    let id = ctx.gateway_id();
    let spec = ctx.op.spec();
    let gateway = state
        .gateways
        .get(id)
        .ok_or_else(|| ApiError::not_found(format!("Gateway {id} not found.")))?;
    if !gateway.shared {
        return Err(ApiError::new(403, format!("No access to gateway {id}.")));
    }
    if spec.is_remote_control() && gateway.consent_outdated() {
        return Err(ApiError::new(
            451,
            format!(
                "The owner of gateway {id} has not accepted the current consent version; remote control needs a consent of July 2024 or later."
            ),
        ));
    }
    let needs_online =
        spec.is_remote_control() || matches!(ctx.op, OperationId::GetComponents | OperationId::StartSystemDetection);
    if needs_online && !gateway.online {
        return Err(ApiError::new(504, format!("Gateway {id} is offline.")));
    }
    Ok(())
}

/// The gateway of the path (after [`check_access`]).
pub fn gateway<'s>(ctx: &Ctx<'_>, state: &'s mut State) -> Result<&'s mut Gateway, ApiError> {
    let id = ctx.gateway_id();
    state
        .gateways
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("Gateway {id} not found.")))
}

/// Runs the operation.
pub fn handle(ctx: &mut Ctx<'_>, state: &mut State) -> Reply {
    use OperationId as Op;
    if ctx.gateway_id.is_some() && !is_contract_op(ctx.op) {
        check_access(ctx, state)?;
    }
    match ctx.op {
        Op::GetHealth => platform::health(),
        Op::ListHvacs => platform::list_hvacs(state),
        Op::GetHvacStatus => platform::status(ctx, state),
        Op::GetComponents => platform::components(ctx, state),
        Op::StartSystemDetection => platform::start_detection(),
        Op::SimulateWebhookEvent => platform::simulate_webhook(ctx, state),
        Op::ListContracts => contracts::list(state),
        Op::GetContract | Op::GetHvacContract => contracts::get(ctx, state),
        Op::UpdateContract => contracts::update(ctx, state),
        Op::DeleteContract => contracts::delete(ctx, state),
        Op::CreateApiKey => api_keys::create(ctx, state),
        Op::ListApiKeys => api_keys::list(state),
        Op::GetCurrentApiKey => api_keys::me(ctx, state),
        Op::DeleteApiKey => api_keys::delete(ctx, state),
        Op::ListHeatingCircuits => heating_circuits::list(ctx, state),
        Op::GetHeatingCircuit => heating_circuits::get(ctx, state),
        Op::UpdateHeatingCircuit => heating_circuits::update(ctx, state),
        Op::GetHeatCurve => heating_circuits::get_curve(ctx, state),
        Op::UpdateHeatCurve => heating_circuits::update_curve(ctx, state),
        Op::GetHeatingDistributionType => heating_circuits::distribution(ctx, state),
        Op::GetHeatingTimeProgram => heating_circuits::get_program(ctx, state),
        Op::SetHeatingTimeProgram => heating_circuits::set_program(ctx, state),
        Op::ListDhwCircuits => dhw::list(ctx, state),
        Op::GetDhwCircuit => dhw::get(ctx, state),
        Op::UpdateDhwCircuit => dhw::update(ctx, state),
        Op::GetDhwCharge => dhw::get_charge(ctx, state),
        Op::UpdateDhwCharge => dhw::update_charge(ctx, state),
        Op::GetDhwTimeProgram => dhw::get_program(ctx, state),
        Op::SetDhwTimeProgram => dhw::set_program(ctx, state),
        Op::GetSilentMode => system::get_silent_mode(ctx, state),
        Op::UpdateSilentMode => system::update_silent_mode(ctx, state),
        Op::GetDateTime => system::get_date_time(ctx, state),
        Op::SetDateTime => system::set_date_time(ctx, state),
        Op::ListHolidayModes => system::list_holiday_modes(ctx, state),
        Op::CreateHolidayMode => system::create_holiday_mode(ctx, state),
        Op::DeleteHolidayMode => system::delete_holiday_mode(ctx, state),
    }
}

/// `[{"circuitId": n}, ...]`.
fn circuit_refs(ids: impl Iterator<Item = u32>) -> Value {
    Value::Array(ids.map(|id| serde_json::json!({ "circuitId": id })).collect())
}

/// Serializes state for a `check()` input (the core's models always serialize).
fn to_input<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
