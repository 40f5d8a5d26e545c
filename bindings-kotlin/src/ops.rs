//! The typed `suspend` methods of [`HomeComClient`] for the operations not written out in
//! `client.rs`, generated from two tables (operations without and with a body) so that all 37
//! operations have one. The scheme is the one of the hand-written methods: path parameters
//! first, in path order (`gatewayId: String`, `circuitId: Int`, `timeProgramId: Int`,
//! `holidayModeId: String`, `keyId: String`), then `bodyJson` if the operation sends a body,
//! then `contextJson` (optional): a JSON object with the validation context the core reads
//! next to the body (`current`, `timeProgramIds`, `distributionType`, `existing`, `today`).
//! The result is the value as JSON (`null` for a 202/204 answer without body).

use homecom_client::OperationId;
use serde_json::{Map, Value};

use crate::{HomeComClient, HomeComError};

/// The input of an operation with a body: path parameters, the body and the context merged.
pub(crate) fn with_body(
    op: OperationId,
    mut input: Map<String, Value>,
    body_json: &str,
    context_json: Option<&str>,
) -> Result<Value, HomeComError> {
    input.insert("body".to_owned(), crate::input_json(op, body_json)?);
    if let Some(text) = context_json {
        match crate::input_json(op, text)? {
            Value::Object(context) => {
                for (name, value) in context {
                    if name == "body" || input.contains_key(&name) {
                        return Err(homecom_client::Error::config(format!(
                            "contextJson must not set {name:?}: it is a parameter of {}",
                            op.name()
                        ))
                        .into());
                    }
                    input.insert(name, value);
                }
            }
            Value::Null => {}
            _ => {
                return Err(homecom_client::Error::config(format!(
                    "contextJson of {} must be a JSON object",
                    op.name()
                ))
                .into());
            }
        }
    }
    Ok(Value::Object(input))
}

/// Operations without a body: `name(param "jsonName": Type, …) => OperationId;`.
macro_rules! plain_ops {
    ($( $(#[$meta:meta])* $name:ident( $($param:ident $key:literal : $ty:ty),* ) => $id:ident; )+) => {
        #[uniffi::export(async_runtime = "tokio")]
        impl HomeComClient {
            $(
                $(#[$meta])*
                pub async fn $name(&self $(, $param: $ty)*) -> Result<String, HomeComError> {
                    #[allow(unused_mut)]
                    let mut input = Map::new();
                    $( input.insert($key.to_owned(), Value::from($param)); )*
                    self.value(OperationId::$id, Value::Object(input)).await
                }
            )+
        }
    };
}

/// Operations with a body: as [`plain_ops`], plus `body_json` and an optional `context_json`.
macro_rules! body_ops {
    ($( $(#[$meta:meta])* $name:ident( $($param:ident $key:literal : $ty:ty),* ) => $id:ident; )+) => {
        #[uniffi::export(async_runtime = "tokio")]
        impl HomeComClient {
            $(
                $(#[$meta])*
                #[uniffi::method(default(context_json = None))]
                pub async fn $name(
                    &self,
                    $($param: $ty,)*
                    body_json: String,
                    context_json: Option<String>,
                ) -> Result<String, HomeComError> {
                    let op = OperationId::$id;
                    #[allow(unused_mut)]
                    let mut input = Map::new();
                    $( input.insert($key.to_owned(), Value::from($param)); )*
                    let input = with_body(op, input, &body_json, context_json.as_deref())?;
                    self.value(op, input).await
                }
            )+
        }
    };
}

plain_ops! {
    /// `GET /hvacs/{gatewayId}/components`: the components of an appliance as JSON.
    get_components(gateway_id "gatewayId": String) => GetComponents;
    /// `POST /hvacs/{gatewayId}/components`: starts a system detection (202).
    start_system_detection(gateway_id "gatewayId": String) => StartSystemDetection;
    /// `GET /hvacs/{gatewayId}/contract` (deprecated; use `getContract`) as JSON.
    get_hvac_contract(gateway_id "gatewayId": String) => GetHvacContract;
    /// `DELETE /contracts/{gatewayId}` (204: `null`).
    delete_contract(gateway_id "gatewayId": String) => DeleteContract;
    /// `POST /api-keys`: a new API key as JSON (it holds the secret: handle with care).
    create_api_key() => CreateApiKey;
    /// `GET /api-keys`: the company's keys as a JSON array.
    list_api_keys() => ListApiKeys;
    /// `GET /api-keys/me`: the identity of the key in use as JSON.
    get_current_api_key() => GetCurrentApiKey;
    /// `DELETE /api-keys/{keyId}` (204: `null`).
    delete_api_key(key_id "keyId": String) => DeleteApiKey;
    /// `GET /hvacs/{gatewayId}/heatingCircuits`: the heating circuits as JSON.
    list_heating_circuits(gateway_id "gatewayId": String) => ListHeatingCircuits;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve` as JSON.
    get_heat_curve(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => GetHeatCurve;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatingDistributionType` as JSON.
    get_heating_distribution_type(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => GetHeatingDistributionType;
    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}` as JSON.
    get_heating_time_program(gateway_id "gatewayId": String, circuit_id "circuitId": i32, time_program_id "timeProgramId": i32) => GetHeatingTimeProgram;
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge` as JSON.
    get_dhw_charge(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => GetDhwCharge;
    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}` as JSON.
    get_dhw_time_program(gateway_id "gatewayId": String, circuit_id "circuitId": i32, time_program_id "timeProgramId": i32) => GetDhwTimeProgram;
    /// `GET /hvacs/{gatewayId}/system/silentMode` as JSON.
    get_silent_mode(gateway_id "gatewayId": String) => GetSilentMode;
    /// `GET /hvacs/{gatewayId}/system/dateTime` as JSON.
    get_date_time(gateway_id "gatewayId": String) => GetDateTime;
    /// `GET /hvacs/{gatewayId}/system/holidayModes` as JSON.
    list_holiday_modes(gateway_id "gatewayId": String) => ListHolidayModes;
    /// `DELETE /hvacs/{gatewayId}/system/holidayModes/{holidayModeId}` (204: `null`).
    delete_holiday_mode(gateway_id "gatewayId": String, holiday_mode_id "holidayModeId": String) => DeleteHolidayMode;
}

body_ops! {
    /// `POST /webhooks/simulation` with `body_json` (`{"eventType": …, "gatewayId": …}`).
    simulate_webhook_event() => SimulateWebhookEvent;
    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}` with a partial circuit: the
    /// result as JSON. `context_json`: `{"current": …, "timeProgramIds": […]}`.
    update_heating_circuit(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => UpdateHeatingCircuit;
    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve` with a partial heat
    /// curve. `context_json`: `{"current": …, "distributionType": …}`.
    update_heat_curve(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => UpdateHeatCurve;
    /// `PUT /hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}` with
    /// a time program.
    set_heating_time_program(gateway_id "gatewayId": String, circuit_id "circuitId": i32, time_program_id "timeProgramId": i32) => SetHeatingTimeProgram;
    /// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge` with a charge update.
    update_dhw_charge(gateway_id "gatewayId": String, circuit_id "circuitId": i32) => UpdateDhwCharge;
    /// `PUT /hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}` with a
    /// time program.
    set_dhw_time_program(gateway_id "gatewayId": String, circuit_id "circuitId": i32, time_program_id "timeProgramId": i32) => SetDhwTimeProgram;
    /// `PATCH /hvacs/{gatewayId}/system/silentMode` with a partial silent mode.
    /// `context_json`: `{"current": …}`.
    update_silent_mode(gateway_id "gatewayId": String) => UpdateSilentMode;
    /// `PUT /hvacs/{gatewayId}/system/dateTime` with the date and time.
    set_date_time(gateway_id "gatewayId": String) => SetDateTime;
    /// `POST /hvacs/{gatewayId}/system/holidayModes` with a new holiday mode.
    /// `context_json`: `{"existing": […], "today": "YYYY-MM-DD"}`.
    create_holiday_mode(gateway_id "gatewayId": String) => CreateHolidayMode;
}
