//! One convenience method per operation (37).
//!
//! The scheme, the same for every method: the method is the operation's `operationId` in
//! snake_case; the path parameters come first, positionally and in path order
//! (`gateway_id: &str`, `circuit_id: u32`, `time_program_id: u32`, `holiday_mode_id: &str`,
//! `key_id: &str`); then the body by reference, if the operation sends one (so that one body
//! can be sent to many appliances). The result is the decoded value; `()` for an operation
//! answering `204 No Content`. For the request id and API version of the answer, or for
//! validation against the current state, use [`Client::execute`] with the core's request
//! struct.

use homecom_core::Operation;
use homecom_core::api_keys::{
    ApiKeyCreated, ApiKeyIdentity, ApiKeyInfo, CreateApiKey, DeleteApiKey, GetCurrentApiKey, ListApiKeys,
};
#[allow(deprecated)]
use homecom_core::contracts::GetHvacContract;
use homecom_core::contracts::{Contract, ContractUpdate, DeleteContract, GetContract, ListContracts, UpdateContract};
use homecom_core::dhw::{
    DhwCharge, DhwChargeUpdate, DhwCircuit, DhwCircuitPatch, GetDhwCharge, GetDhwCircuit, GetDhwTimeProgram,
    ListDhwCircuits, SetDhwTimeProgram, UpdateDhwCharge, UpdateDhwCircuit,
};
use homecom_core::heating_circuits::{
    CircuitRef, GetHeatCurve, GetHeatingCircuit, GetHeatingDistributionType, GetHeatingTimeProgram, HeatCurve,
    HeatCurvePatch, HeatingCircuit, HeatingCircuitPatch, HeatingCircuitUpdated, HeatingDistribution,
    ListHeatingCircuits, SetHeatingTimeProgram, UpdateHeatCurve, UpdateHeatingCircuit,
};
use homecom_core::platform::{
    Accepted, Component, GetComponents, GetHealth, GetHvacStatus, Health, HvacRef, HvacStatus, ListHvacs,
    SimulateWebhookEvent, StartSystemDetection, SystemDetection, WebhookSimulationRequest,
};
use homecom_core::system::{
    CreateHolidayMode, DeleteHolidayMode, GetDateTime, GetSilentMode, HolidayMode, HolidayModeCreate, ListHolidayModes,
    SetDateTime, SilentMode, SilentModePatch, SystemDateTime, UpdateSilentMode,
};
use homecom_core::time_programs::TimeProgram;

use crate::Error;
use crate::client::Client;

impl Client {
    async fn value<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        Ok(self.execute(op).await?.value)
    }

    // ---- Platform (§2.1) ---------------------------------------------------------------------

    /// `GET /health`: the operating status of the Partner API.
    pub async fn get_health(&self) -> Result<Health, Error> {
        self.value(&GetHealth {}).await
    }

    /// `GET /hvacs`: every appliance the partner may access.
    pub async fn list_hvacs(&self) -> Result<Vec<HvacRef>, Error> {
        self.value(&ListHvacs {}).await
    }

    /// `GET /hvacs/{gatewayId}/status`: the connectivity of an appliance.
    pub async fn get_hvac_status(&self, gateway_id: &str) -> Result<HvacStatus, Error> {
        self.value(&GetHvacStatus {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/components`: the components of an appliance (504 when offline).
    pub async fn get_components(&self, gateway_id: &str) -> Result<Vec<Component>, Error> {
        self.value(&GetComponents {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `POST /hvacs/{gatewayId}/components`: starts a system detection. Never retried.
    pub async fn start_system_detection(&self, gateway_id: &str) -> Result<SystemDetection, Error> {
        self.value(&StartSystemDetection {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `POST /webhooks/simulation`: asks the API to send a sample event to every webhook
    /// endpoint of the company. Never retried.
    pub async fn simulate_webhook_event(&self, body: &WebhookSimulationRequest) -> Result<Accepted, Error> {
        self.value(&SimulateWebhookEvent { body: body.clone() }).await
    }

    // ---- Contracts (§2.2) --------------------------------------------------------------------

    /// `GET /contracts`: every contract of the partner, all statuses.
    pub async fn list_contracts(&self) -> Result<Vec<Contract>, Error> {
        self.value(&ListContracts {}).await
    }

    /// `GET /contracts/{gatewayId}`: the contract of one appliance, any status.
    pub async fn get_contract(&self, gateway_id: &str) -> Result<Contract, Error> {
        self.value(&GetContract {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/contract`: deprecated by the API since v1.17.
    #[deprecated(
        since = "0.1.0",
        note = "deprecated by the API in v1.17: use get_contract (GET /contracts/{gatewayId})"
    )]
    #[allow(deprecated)]
    pub async fn get_hvac_contract(&self, gateway_id: &str) -> Result<Contract, Error> {
        self.value(&GetHvacContract {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `PATCH /contracts/{gatewayId}`: accepts, rejects or revokes a contract.
    pub async fn update_contract(&self, gateway_id: &str, body: &ContractUpdate) -> Result<Contract, Error> {
        self.value(&UpdateContract {
            gateway_id: gateway_id.to_owned(),
            body: body.clone(),
        })
        .await
    }

    /// `DELETE /contracts/{gatewayId}`: acknowledges a contract the end user closed.
    pub async fn delete_contract(&self, gateway_id: &str) -> Result<(), Error> {
        self.value(&DeleteContract {
            gateway_id: gateway_id.to_owned(),
        })
        .await
        .map(drop)
    }

    // ---- API keys (§2.3) ---------------------------------------------------------------------

    /// `POST /api-keys`: creates a new key (409 at 10 valid keys). The answer is the only
    /// time the key is shown: store it. Never retried. See also [`Client::rotate_api_key`].
    pub async fn create_api_key(&self) -> Result<ApiKeyCreated, Error> {
        self.value(&CreateApiKey {}).await
    }

    /// `GET /api-keys`: every stored key of the partner, without secrets.
    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyInfo>, Error> {
        self.value(&ListApiKeys {}).await
    }

    /// `GET /api-keys/me`: validates the calling key; tells its id and the company id.
    pub async fn get_current_api_key(&self) -> Result<ApiKeyIdentity, Error> {
        self.value(&GetCurrentApiKey {}).await
    }

    /// `DELETE /api-keys/{keyId}`: deletes a key.
    pub async fn delete_api_key(&self, key_id: &str) -> Result<(), Error> {
        self.value(&DeleteApiKey {
            key_id: key_id.to_owned(),
        })
        .await
        .map(drop)
    }

    // ---- Heating circuits (§2.4) -------------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/heatingCircuits`: the heating circuits of an appliance.
    pub async fn list_heating_circuits(&self, gateway_id: &str) -> Result<Vec<CircuitRef>, Error> {
        self.value(&ListHeatingCircuits {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: a heating circuit.
    pub async fn get_heating_circuit(&self, gateway_id: &str, circuit_id: u32) -> Result<HeatingCircuit, Error> {
        self.value(&GetHeatingCircuit {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
        })
        .await
    }

    /// `PATCH /hvacs/{gatewayId}/heatingCircuits/{circuitId}`: changes a heating circuit
    /// (a blind patch: rules that need the current circuit are left to the server; see
    /// [`UpdateHeatingCircuit::current`] with [`Client::execute`]).
    pub async fn update_heating_circuit(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        body: &HeatingCircuitPatch,
    ) -> Result<HeatingCircuitUpdated, Error> {
        self.value(&UpdateHeatingCircuit {
            time_program_ids: None,
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            body: body.clone(),
            current: None,
        })
        .await
    }

    /// `GET .../heatingCircuits/{circuitId}/heatCurve`: the heat curve.
    pub async fn get_heat_curve(&self, gateway_id: &str, circuit_id: u32) -> Result<HeatCurve, Error> {
        self.value(&GetHeatCurve {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
        })
        .await
    }

    /// `PATCH .../heatingCircuits/{circuitId}/heatCurve`: changes a heat curve (a blind patch;
    /// see [`UpdateHeatCurve`] with [`Client::execute`] for the state-dependent rules).
    pub async fn update_heat_curve(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        body: &HeatCurvePatch,
    ) -> Result<HeatCurve, Error> {
        self.value(&UpdateHeatCurve {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            body: body.clone(),
            current: None,
            distribution_type: None,
        })
        .await
    }

    /// `GET .../heatingCircuits/{circuitId}/heatingDistributionType`: FLOOR, RADIATOR or CONVECTOR.
    pub async fn get_heating_distribution_type(
        &self,
        gateway_id: &str,
        circuit_id: u32,
    ) -> Result<HeatingDistribution, Error> {
        self.value(&GetHeatingDistributionType {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
        })
        .await
    }

    /// `GET .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`: a heating time program.
    pub async fn get_heating_time_program(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        time_program_id: u32,
    ) -> Result<TimeProgram, Error> {
        self.value(&GetHeatingTimeProgram {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            time_program_id,
        })
        .await
    }

    /// `PUT .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the whole
    /// week (rate limited to 1 per 10 s per program; the client paces it).
    pub async fn set_heating_time_program(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        time_program_id: u32,
        body: &TimeProgram,
    ) -> Result<TimeProgram, Error> {
        self.value(&SetHeatingTimeProgram {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            time_program_id,
            body: body.clone(),
        })
        .await
    }

    // ---- Domestic hot water (§2.5) -----------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/dhwCircuits`: the DHW circuits of an appliance.
    pub async fn list_dhw_circuits(&self, gateway_id: &str) -> Result<Vec<CircuitRef>, Error> {
        self.value(&ListDhwCircuits {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: a DHW circuit.
    pub async fn get_dhw_circuit(&self, gateway_id: &str, circuit_id: u32) -> Result<DhwCircuit, Error> {
        self.value(&GetDhwCircuit {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
        })
        .await
    }

    /// `PATCH /hvacs/{gatewayId}/dhwCircuits/{circuitId}`: changes a DHW circuit (a blind
    /// patch: the setpoint rules on the merged state are left to the server; see
    /// [`UpdateDhwCircuit::current`] with [`Client::execute`]).
    pub async fn update_dhw_circuit(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        body: &DhwCircuitPatch,
    ) -> Result<DhwCircuit, Error> {
        self.value(&UpdateDhwCircuit {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            body: body.clone(),
            current: None,
            time_program_ids: None,
        })
        .await
    }

    /// `GET .../dhwCircuits/{circuitId}/charge`: the extra charge.
    pub async fn get_dhw_charge(&self, gateway_id: &str, circuit_id: u32) -> Result<DhwCharge, Error> {
        self.value(&GetDhwCharge {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
        })
        .await
    }

    /// `PATCH .../dhwCircuits/{circuitId}/charge`: starts or stops an extra charge (rate
    /// limited per circuit; the client paces it).
    pub async fn update_dhw_charge(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        body: &DhwChargeUpdate,
    ) -> Result<DhwCharge, Error> {
        self.value(&UpdateDhwCharge {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            body: body.clone(),
        })
        .await
    }

    /// `GET .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`: a DHW time program.
    pub async fn get_dhw_time_program(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        time_program_id: u32,
    ) -> Result<TimeProgram, Error> {
        self.value(&GetDhwTimeProgram {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            time_program_id,
        })
        .await
    }

    /// `PUT .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the whole week
    /// (rate limited to 1 per 10 s per program; the client paces it).
    pub async fn set_dhw_time_program(
        &self,
        gateway_id: &str,
        circuit_id: u32,
        time_program_id: u32,
        body: &TimeProgram,
    ) -> Result<TimeProgram, Error> {
        self.value(&SetDhwTimeProgram {
            gateway_id: gateway_id.to_owned(),
            circuit_id,
            time_program_id,
            body: body.clone(),
        })
        .await
    }

    // ---- System (§2.6) -----------------------------------------------------------------------

    /// `GET /hvacs/{gatewayId}/system/silentMode`: silent mode.
    pub async fn get_silent_mode(&self, gateway_id: &str) -> Result<SilentMode, Error> {
        self.value(&GetSilentMode {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `PATCH /hvacs/{gatewayId}/system/silentMode`: changes silent mode (a blind patch; see
    /// [`UpdateSilentMode::current`] with [`Client::execute`]).
    pub async fn update_silent_mode(&self, gateway_id: &str, body: &SilentModePatch) -> Result<SilentMode, Error> {
        self.value(&UpdateSilentMode {
            gateway_id: gateway_id.to_owned(),
            body: body.clone(),
            current: None,
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/system/dateTime`: the gateway's local time.
    pub async fn get_date_time(&self, gateway_id: &str) -> Result<SystemDateTime, Error> {
        self.value(&GetDateTime {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `PUT /hvacs/{gatewayId}/system/dateTime`: sets the gateway's local time.
    pub async fn set_date_time(&self, gateway_id: &str, body: &SystemDateTime) -> Result<SystemDateTime, Error> {
        self.value(&SetDateTime {
            gateway_id: gateway_id.to_owned(),
            body: body.clone(),
        })
        .await
    }

    /// `GET /hvacs/{gatewayId}/system/holidayModes`: the holiday modes.
    pub async fn list_holiday_modes(&self, gateway_id: &str) -> Result<Vec<HolidayMode>, Error> {
        self.value(&ListHolidayModes {
            gateway_id: gateway_id.to_owned(),
        })
        .await
    }

    /// `POST /hvacs/{gatewayId}/system/holidayModes`: creates a holiday mode. Never retried.
    /// (The rules against existing modes and today's date are left to the server; see
    /// [`CreateHolidayMode::existing`] with [`Client::execute`].)
    pub async fn create_holiday_mode(&self, gateway_id: &str, body: &HolidayModeCreate) -> Result<HolidayMode, Error> {
        self.value(&CreateHolidayMode {
            gateway_id: gateway_id.to_owned(),
            body: body.clone(),
            existing: None,
            today: None,
        })
        .await
    }

    /// `DELETE /hvacs/{gatewayId}/system/holidayModes/{holidayModeId}`: deletes a holiday mode.
    pub async fn delete_holiday_mode(&self, gateway_id: &str, holiday_mode_id: &str) -> Result<(), Error> {
        self.value(&DeleteHolidayMode {
            gateway_id: gateway_id.to_owned(),
            holiday_mode_id: holiday_mode_id.to_owned(),
        })
        .await
        .map(drop)
    }
}
