//! The 37 typed `suspend` methods of [`HomeComClient`], one per operation, over the core's own
//! request structs and models (records and sealed enums in Kotlin, see `models.rs`).
//!
//! The scheme, the same for every method (and the Rust client's): the method is the
//! operation's `operationId`; the path parameters come first, in path order (`gatewayId:
//! String`, `circuitId: UInt`, `timeProgramId: UInt`, `holidayModeId: String`, `keyId:
//! String`); then the body record, if the operation sends one; then, optional and last, the
//! state the core validates against next to the body (`current`, `timeProgramIds`,
//! `distributionType`, `existing`, `today`): given, it turns a blind patch into a fully
//! checked one. The result is the decoded model; nothing (`Unit`) for a 204.

use std::fmt;
use std::sync::Arc;

use homecom_client::homecom_core::Operation;
use homecom_client::homecom_core::api_keys::{
    ApiKeyCreated as CoreApiKeyCreated, ApiKeyIdentity, ApiKeyInfo, CreateApiKey, DeleteApiKey, GetCurrentApiKey,
    ListApiKeys,
};
#[allow(deprecated)]
use homecom_client::homecom_core::contracts::GetHvacContract;
use homecom_client::homecom_core::contracts::{
    Contract, ContractUpdate, DeleteContract, GetContract, ListContracts, UpdateContract,
};
use homecom_client::homecom_core::dhw::{
    DhwCharge, DhwChargeUpdate, DhwCircuit, DhwCircuitPatch, GetDhwCharge, GetDhwCircuit, GetDhwTimeProgram,
    ListDhwCircuits, SetDhwTimeProgram, UpdateDhwCharge, UpdateDhwCircuit,
};
use homecom_client::homecom_core::heating_circuits::{
    CircuitRef, GetHeatCurve, GetHeatingCircuit, GetHeatingDistributionType, GetHeatingTimeProgram, HeatCurve,
    HeatCurvePatch, HeatingCircuit, HeatingCircuitPatch, HeatingCircuitUpdated, HeatingDistribution,
    HeatingDistributionType, ListHeatingCircuits, SetHeatingTimeProgram, UpdateHeatCurve, UpdateHeatingCircuit,
};
use homecom_client::homecom_core::platform::{
    Accepted, Component, GetComponents, GetHealth, GetHvacStatus, Health, HvacRef, HvacStatus, ListHvacs,
    SimulateWebhookEvent, StartSystemDetection, SystemDetection, WebhookSimulationRequest,
};
use homecom_client::homecom_core::system::{
    CreateHolidayMode, DeleteHolidayMode, GetDateTime, GetSilentMode, HolidayMode, HolidayModeCreate, ListHolidayModes,
    SetDateTime, SilentMode, SilentModePatch, SystemDateTime, UpdateSilentMode,
};
use homecom_client::homecom_core::time_programs::TimeProgram;
use homecom_client::{KeyRotation, unix_now};

use crate::client::on_runtime;
use crate::custom_types::ExtraFields;
use crate::{HomeComClient, HomeComError};

impl HomeComClient {
    /// Executes `op` on the library's runtime and returns its decoded value.
    async fn exec<O>(&self, op: O) -> Result<O::Output, HomeComError>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send + 'static,
    {
        let client = self.client().clone();
        on_runtime(async move { client.execute(&op).await.map(|response| response.value) }).await
    }
}

/// A key `POST /api-keys` just created. Its secret is in `apiKey()`; everything else about it
/// (its `toString()` too) shows the key redacted, `xHCSAPI.…abcd`.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct ApiKeyCreated {
    key: CoreApiKeyCreated,
}

impl fmt::Debug for ApiKeyCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyCreated")
            .field("key_id", &self.key.key_id)
            .field("api_key", &self.key.api_key) // ApiKey's Debug redacts
            .field("created_at", &self.key.created_at)
            .field("expires_at", &self.key.expires_at)
            .finish()
    }
}

impl fmt::Display for ApiKeyCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ApiKeyCreated({} {}, expires {})",
            self.key.key_id, self.key.api_key, self.key.expires_at
        )
    }
}

#[uniffi::export]
impl ApiKeyCreated {
    /// The id of the key (for `deleteApiKey`).
    pub fn key_id(&self) -> String {
        self.key.key_id.clone()
    }

    /// The secret key itself: store it in a secret store, never in a log.
    pub fn api_key(&self) -> String {
        self.key.api_key.expose().to_owned()
    }

    /// The key shown as `xHCSAPI.…abcd`.
    pub fn redacted(&self) -> String {
        self.key.api_key.to_string()
    }

    /// When it was created (RFC 3339).
    pub fn created_at(&self) -> String {
        self.key.created_at.clone()
    }

    /// When it expires (RFC 3339).
    pub fn expires_at(&self) -> String {
        self.key.expires_at.clone()
    }

    /// Whole days until it expires, now (negative once expired; `null` if unknown).
    pub fn days_left(&self) -> Option<i64> {
        self.key.api_key.days_left(unix_now())
    }

    /// Fields this SDK version does not know, kept as sent.
    pub fn extra(&self) -> ExtraFields {
        self.key.extra.clone()
    }
}

impl ApiKeyCreated {
    fn new(key: CoreApiKeyCreated) -> Arc<Self> {
        Arc::new(ApiKeyCreated { key })
    }
}

/// What `rotateApiKey` did: the client now uses the new key.
#[derive(uniffi::Record)]
pub struct ApiKeyRotation {
    /// The new key (store its `apiKey()`).
    pub new_key: Arc<ApiKeyCreated>,
    /// What `GET /api-keys/me` said about the new key.
    pub identity: ApiKeyIdentity,
    /// The id of the key that was replaced.
    pub old_key_id: String,
    /// Why the old key could not be deleted, if it could not (it stays valid until it
    /// expires: delete it later with `deleteApiKey(oldKeyId)`).
    pub old_key_delete_error: Option<HomeComError>,
}

impl From<KeyRotation> for ApiKeyRotation {
    fn from(rotation: KeyRotation) -> Self {
        ApiKeyRotation {
            new_key: ApiKeyCreated::new(rotation.new_key),
            identity: rotation.identity,
            old_key_id: rotation.old_key_id,
            old_key_delete_error: rotation.old_key_delete_error.map(HomeComError::from),
        }
    }
}

#[uniffi::export]
impl HomeComClient {
    // ---- Platform (§2.1) ---------------------------------------------------------------------

    /// `GET /health`: the operating status of the Partner API.
    pub async fn get_health(&self) -> Result<Health, HomeComError> {
        self.exec(GetHealth {}).await
    }

    /// `GET /hvacs`: the appliances the partner may access.
    pub async fn list_hvacs(&self) -> Result<Vec<HvacRef>, HomeComError> {
        self.exec(ListHvacs {}).await
    }

    /// `GET /hvacs/{gatewayId}/status`: whether the gateway is online.
    pub async fn get_hvac_status(&self, gateway_id: String) -> Result<HvacStatus, HomeComError> {
        self.exec(GetHvacStatus { gateway_id }).await
    }

    /// `GET /hvacs/{gatewayId}/components`: gateway, heat pump, control unit, …
    pub async fn get_components(&self, gateway_id: String) -> Result<Vec<Component>, HomeComError> {
        self.exec(GetComponents { gateway_id }).await
    }

    /// `POST /hvacs/{gatewayId}/components`: starts a system detection.
    pub async fn start_system_detection(&self, gateway_id: String) -> Result<SystemDetection, HomeComError> {
        self.exec(StartSystemDetection { gateway_id }).await
    }

    /// `POST /webhooks/simulation`: asks the API to send a test event to the webhook.
    pub async fn simulate_webhook_event(&self, body: WebhookSimulationRequest) -> Result<Accepted, HomeComError> {
        self.exec(SimulateWebhookEvent { body }).await
    }

    // ---- Contracts (§2.2) --------------------------------------------------------------------

    /// `GET /contracts`: every contract of the partner.
    pub async fn list_contracts(&self) -> Result<Vec<Contract>, HomeComError> {
        self.exec(ListContracts {}).await
    }

    /// `GET /contracts/{gatewayId}`: the contract of an appliance.
    pub async fn get_contract(&self, gateway_id: String) -> Result<Contract, HomeComError> {
        self.exec(GetContract { gateway_id }).await
    }

    /// `GET /hvacs/{gatewayId}/contract` (deprecated: use `getContract`).
    #[allow(deprecated)]
    pub async fn get_hvac_contract(&self, gateway_id: String) -> Result<Contract, HomeComError> {
        self.exec(GetHvacContract { gateway_id }).await
    }

    /// `PATCH /contracts/{gatewayId}`: accepts, rejects or revokes a contract.
    pub async fn update_contract(&self, gateway_id: String, body: ContractUpdate) -> Result<Contract, HomeComError> {
        self.exec(UpdateContract { gateway_id, body }).await
    }

    /// `DELETE /contracts/{gatewayId}`: ends a contract.
    pub async fn delete_contract(&self, gateway_id: String) -> Result<(), HomeComError> {
        self.exec(DeleteContract { gateway_id }).await.map(drop)
    }

    // ---- API keys (§2.3) ---------------------------------------------------------------------

    /// `POST /api-keys`: creates a key (at most 10 valid ones). See also `rotateApiKey`.
    pub async fn create_api_key(&self) -> Result<Arc<ApiKeyCreated>, HomeComError> {
        self.exec(CreateApiKey {}).await.map(ApiKeyCreated::new)
    }

    /// `GET /api-keys`: the company's keys (without their secrets).
    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyInfo>, HomeComError> {
        self.exec(ListApiKeys {}).await
    }

    /// `GET /api-keys/me`: the key this client uses.
    pub async fn get_current_api_key(&self) -> Result<ApiKeyIdentity, HomeComError> {
        self.exec(GetCurrentApiKey {}).await
    }

    /// `DELETE /api-keys/{keyId}`: revokes a key.
    pub async fn delete_api_key(&self, key_id: String) -> Result<(), HomeComError> {
        self.exec(DeleteApiKey { key_id }).await.map(drop)
    }

    /// Replaces this client's key with a new one: creates it, switches to it once
    /// `GET /api-keys/me` accepts it, then deletes the old one. Requests in flight finish
    /// with the key they started with.
    pub async fn rotate_api_key(&self) -> Result<ApiKeyRotation, HomeComError> {
        let client = self.client().clone();
        on_runtime(async move { client.rotate_api_key().await })
            .await
            .map(ApiKeyRotation::from)
    }

    // ---- Heating circuits (§2.4) -------------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/heatingCircuits`: the heating circuits of an appliance.
    pub async fn list_heating_circuits(&self, gateway_id: String) -> Result<Vec<CircuitRef>, HomeComError> {
        self.exec(ListHeatingCircuits { gateway_id }).await
    }

    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: a heating circuit.
    pub async fn get_heating_circuit(
        &self,
        gateway_id: String,
        circuit_id: u32,
    ) -> Result<HeatingCircuit, HomeComError> {
        self.exec(GetHeatingCircuit { gateway_id, circuit_id }).await
    }

    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: changes a heating circuit.
    /// `current` (the circuit as read) and `timeProgramIds` let the SDK check the rules that
    /// depend on them before sending.
    #[uniffi::method(default(current = None, time_program_ids = None))]
    pub async fn update_heating_circuit(
        &self,
        gateway_id: String,
        circuit_id: u32,
        body: HeatingCircuitPatch,
        current: Option<HeatingCircuit>,
        time_program_ids: Option<Vec<u32>>,
    ) -> Result<HeatingCircuitUpdated, HomeComError> {
        self.exec(UpdateHeatingCircuit {
            gateway_id,
            circuit_id,
            body,
            current,
            time_program_ids,
        })
        .await
    }

    /// `GET .../heatingCircuits/{circuitId}/heatCurve`: the heat curve.
    pub async fn get_heat_curve(&self, gateway_id: String, circuit_id: u32) -> Result<HeatCurve, HomeComError> {
        self.exec(GetHeatCurve { gateway_id, circuit_id }).await
    }

    /// `PATCH .../heatingCircuits/{circuitId}/heatCurve`: changes a heat curve. `current` and
    /// `distributionType` let the SDK check the rules that depend on them before sending.
    #[uniffi::method(default(current = None, distribution_type = None))]
    pub async fn update_heat_curve(
        &self,
        gateway_id: String,
        circuit_id: u32,
        body: HeatCurvePatch,
        current: Option<HeatCurve>,
        distribution_type: Option<HeatingDistributionType>,
    ) -> Result<HeatCurve, HomeComError> {
        self.exec(UpdateHeatCurve {
            gateway_id,
            circuit_id,
            body,
            current,
            distribution_type,
        })
        .await
    }

    /// `GET .../heatingCircuits/{circuitId}/heatingDistributionType`: FLOOR, RADIATOR, CONVECTOR.
    pub async fn get_heating_distribution_type(
        &self,
        gateway_id: String,
        circuit_id: u32,
    ) -> Result<HeatingDistribution, HomeComError> {
        self.exec(GetHeatingDistributionType { gateway_id, circuit_id }).await
    }

    /// `GET .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`: a heating time program.
    pub async fn get_heating_time_program(
        &self,
        gateway_id: String,
        circuit_id: u32,
        time_program_id: u32,
    ) -> Result<TimeProgram, HomeComError> {
        self.exec(GetHeatingTimeProgram {
            gateway_id,
            circuit_id,
            time_program_id,
        })
        .await
    }

    /// `PUT .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the whole
    /// week (1 per 10 s per program; the client paces it).
    pub async fn set_heating_time_program(
        &self,
        gateway_id: String,
        circuit_id: u32,
        time_program_id: u32,
        body: TimeProgram,
    ) -> Result<TimeProgram, HomeComError> {
        self.exec(SetHeatingTimeProgram {
            gateway_id,
            circuit_id,
            time_program_id,
            body,
        })
        .await
    }

    // ---- Domestic hot water (§2.5) -----------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/dhwCircuits`: the DHW circuits of an appliance.
    pub async fn list_dhw_circuits(&self, gateway_id: String) -> Result<Vec<CircuitRef>, HomeComError> {
        self.exec(ListDhwCircuits { gateway_id }).await
    }

    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: a DHW circuit.
    pub async fn get_dhw_circuit(&self, gateway_id: String, circuit_id: u32) -> Result<DhwCircuit, HomeComError> {
        self.exec(GetDhwCircuit { gateway_id, circuit_id }).await
    }

    /// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: changes a DHW circuit. `current`
    /// (the circuit as read) and `timeProgramIds` let the SDK check the setpoint gap and the
    /// time program before sending.
    #[uniffi::method(default(current = None, time_program_ids = None))]
    pub async fn update_dhw_circuit(
        &self,
        gateway_id: String,
        circuit_id: u32,
        body: DhwCircuitPatch,
        current: Option<DhwCircuit>,
        time_program_ids: Option<Vec<u32>>,
    ) -> Result<DhwCircuit, HomeComError> {
        self.exec(UpdateDhwCircuit {
            gateway_id,
            circuit_id,
            body,
            current,
            time_program_ids,
        })
        .await
    }

    /// `GET .../dhwCircuits/{circuitId}/charge`: whether an extra charge runs.
    pub async fn get_dhw_charge(&self, gateway_id: String, circuit_id: u32) -> Result<DhwCharge, HomeComError> {
        self.exec(GetDhwCharge { gateway_id, circuit_id }).await
    }

    /// `PATCH .../dhwCircuits/{circuitId}/charge`: starts or stops an extra hot water charge.
    pub async fn update_dhw_charge(
        &self,
        gateway_id: String,
        circuit_id: u32,
        body: DhwChargeUpdate,
    ) -> Result<DhwCharge, HomeComError> {
        self.exec(UpdateDhwCharge {
            gateway_id,
            circuit_id,
            body,
        })
        .await
    }

    /// `GET .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`: a DHW time program.
    pub async fn get_dhw_time_program(
        &self,
        gateway_id: String,
        circuit_id: u32,
        time_program_id: u32,
    ) -> Result<TimeProgram, HomeComError> {
        self.exec(GetDhwTimeProgram {
            gateway_id,
            circuit_id,
            time_program_id,
        })
        .await
    }

    /// `PUT .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the whole week.
    pub async fn set_dhw_time_program(
        &self,
        gateway_id: String,
        circuit_id: u32,
        time_program_id: u32,
        body: TimeProgram,
    ) -> Result<TimeProgram, HomeComError> {
        self.exec(SetDhwTimeProgram {
            gateway_id,
            circuit_id,
            time_program_id,
            body,
        })
        .await
    }

    // ---- System (§2.6) -----------------------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/system/silentMode`: the silent mode of the heat pump.
    pub async fn get_silent_mode(&self, gateway_id: String) -> Result<SilentMode, HomeComError> {
        self.exec(GetSilentMode { gateway_id }).await
    }

    /// `PATCH /hvacs/{gatewayId}/system/silentMode`: changes the silent mode; `current` lets the SDK
    /// check the merged result before sending.
    #[uniffi::method(default(current = None))]
    pub async fn update_silent_mode(
        &self,
        gateway_id: String,
        body: SilentModePatch,
        current: Option<SilentMode>,
    ) -> Result<SilentMode, HomeComError> {
        self.exec(UpdateSilentMode {
            gateway_id,
            body,
            current,
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/system/dateTime`: the appliance's date and time.
    pub async fn get_date_time(&self, gateway_id: String) -> Result<SystemDateTime, HomeComError> {
        self.exec(GetDateTime { gateway_id }).await
    }

    /// `PUT /hvacs/{gatewayId}/system/dateTime`: sets the appliance's date and time.
    pub async fn set_date_time(
        &self,
        gateway_id: String,
        body: SystemDateTime,
    ) -> Result<SystemDateTime, HomeComError> {
        self.exec(SetDateTime { gateway_id, body }).await
    }

    /// `GET /hvacs/{gatewayId}/system/holidayModes`: the planned holidays.
    pub async fn list_holiday_modes(&self, gateway_id: String) -> Result<Vec<HolidayMode>, HomeComError> {
        self.exec(ListHolidayModes { gateway_id }).await
    }

    /// `POST /hvacs/{gatewayId}/system/holidayModes`: plans a holiday. `existing` (the holidays as
    /// listed) and `today` (`YYYY-MM-DD`) let the SDK check the limit and overlaps before
    /// sending.
    #[uniffi::method(default(existing = None, today = None))]
    pub async fn create_holiday_mode(
        &self,
        gateway_id: String,
        body: HolidayModeCreate,
        existing: Option<Vec<HolidayMode>>,
        today: Option<String>,
    ) -> Result<HolidayMode, HomeComError> {
        self.exec(CreateHolidayMode {
            gateway_id,
            body,
            existing,
            today,
        })
        .await
    }

    /// `DELETE /hvacs/{gatewayId}/system/holidayModes/{holidayModeId}`: removes a holiday.
    pub async fn delete_holiday_mode(&self, gateway_id: String, holiday_mode_id: String) -> Result<(), HomeComError> {
        self.exec(DeleteHolidayMode {
            gateway_id,
            holiday_mode_id,
        })
        .await
        .map(drop)
    }
}
