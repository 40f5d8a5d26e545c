//! Typed validators: the rules an operation's body breaks, with the same parameters as the
//! client's method and no IO (a form in an installer app can show them as the user types).
//! `check(operation, inputJson)` does the same for JSON input.

use homecom_client::homecom_core::Operation;
use homecom_client::homecom_core::contracts::{ContractUpdate, UpdateContract};
use homecom_client::homecom_core::dhw::{
    DhwChargeUpdate, DhwCircuit, DhwCircuitPatch, SetDhwTimeProgram, UpdateDhwCharge, UpdateDhwCircuit,
};
use homecom_client::homecom_core::heating_circuits::{
    HeatCurve, HeatCurvePatch, HeatingCircuit, HeatingCircuitPatch, HeatingDistributionType, SetHeatingTimeProgram,
    UpdateHeatCurve, UpdateHeatingCircuit,
};
use homecom_client::homecom_core::system::{
    CreateHolidayMode, HolidayMode, HolidayModeCreate, SetDateTime, SilentMode, SilentModePatch, SystemDateTime,
    UpdateSilentMode,
};
use homecom_client::homecom_core::time_programs::TimeProgram;

use crate::{ValidationReport, Violation};

fn report(op: &impl Operation) -> ValidationReport {
    let report = op.check();
    ValidationReport {
        violations: report.violations.into_iter().map(Violation::from).collect(),
        unchecked_rules: report.unchecked_rules,
    }
}

/// The rules `updateContract` would break.
#[uniffi::export]
pub fn check_update_contract(gateway_id: String, body: ContractUpdate) -> ValidationReport {
    report(&UpdateContract { gateway_id, body })
}

/// The rules `updateHeatingCircuit` would break (more are checked with `current` and
/// `timeProgramIds`; the others are listed as unchecked).
#[uniffi::export(default(current = None, time_program_ids = None))]
pub fn check_update_heating_circuit(
    gateway_id: String,
    circuit_id: u32,
    body: HeatingCircuitPatch,
    current: Option<HeatingCircuit>,
    time_program_ids: Option<Vec<u32>>,
) -> ValidationReport {
    report(&UpdateHeatingCircuit {
        gateway_id,
        circuit_id,
        body,
        current,
        time_program_ids,
    })
}

/// The rules `updateHeatCurve` would break (more with `current` and `distributionType`).
#[uniffi::export(default(current = None, distribution_type = None))]
pub fn check_update_heat_curve(
    gateway_id: String,
    circuit_id: u32,
    body: HeatCurvePatch,
    current: Option<HeatCurve>,
    distribution_type: Option<HeatingDistributionType>,
) -> ValidationReport {
    report(&UpdateHeatCurve {
        gateway_id,
        circuit_id,
        body,
        current,
        distribution_type,
    })
}

/// The rules `setHeatingTimeProgram` would break.
#[uniffi::export]
pub fn check_set_heating_time_program(
    gateway_id: String,
    circuit_id: u32,
    time_program_id: u32,
    body: TimeProgram,
) -> ValidationReport {
    report(&SetHeatingTimeProgram {
        gateway_id,
        circuit_id,
        time_program_id,
        body,
    })
}

/// The rules `updateDhwCircuit` would break (more with `current` and `timeProgramIds`).
#[uniffi::export(default(current = None, time_program_ids = None))]
pub fn check_update_dhw_circuit(
    gateway_id: String,
    circuit_id: u32,
    body: DhwCircuitPatch,
    current: Option<DhwCircuit>,
    time_program_ids: Option<Vec<u32>>,
) -> ValidationReport {
    report(&UpdateDhwCircuit {
        gateway_id,
        circuit_id,
        body,
        current,
        time_program_ids,
    })
}

/// The rules `updateDhwCharge` would break.
#[uniffi::export]
pub fn check_update_dhw_charge(gateway_id: String, circuit_id: u32, body: DhwChargeUpdate) -> ValidationReport {
    report(&UpdateDhwCharge {
        gateway_id,
        circuit_id,
        body,
    })
}

/// The rules `setDhwTimeProgram` would break.
#[uniffi::export]
pub fn check_set_dhw_time_program(
    gateway_id: String,
    circuit_id: u32,
    time_program_id: u32,
    body: TimeProgram,
) -> ValidationReport {
    report(&SetDhwTimeProgram {
        gateway_id,
        circuit_id,
        time_program_id,
        body,
    })
}

/// The rules `updateSilentMode` would break (more with `current`).
#[uniffi::export(default(current = None))]
pub fn check_update_silent_mode(
    gateway_id: String,
    body: SilentModePatch,
    current: Option<SilentMode>,
) -> ValidationReport {
    report(&UpdateSilentMode {
        gateway_id,
        body,
        current,
    })
}

/// The rules `setDateTime` would break.
#[uniffi::export]
pub fn check_set_date_time(gateway_id: String, body: SystemDateTime) -> ValidationReport {
    report(&SetDateTime { gateway_id, body })
}

/// The rules `createHolidayMode` would break (more with `existing` and `today`).
#[uniffi::export(default(existing = None, today = None))]
pub fn check_create_holiday_mode(
    gateway_id: String,
    body: HolidayModeCreate,
    existing: Option<Vec<HolidayMode>>,
    today: Option<String>,
) -> ValidationReport {
    report(&CreateHolidayMode {
        gateway_id,
        body,
        existing,
        today,
    })
}
