//! Domestic hot water circuits (§2.5, remote control). A PATCH is checked and stored on the
//! merged circuit (the core's `DhwCircuit::merged`).

use homecom_core::dhw::{SetDhwTimeProgram, UpdateDhwCharge, UpdateDhwCircuit};
use homecom_core::time::UnixTime;
use serde_json::Value;

use super::{ApiError, Ctx, Reply, circuit_refs, gateway, json, to_input};
use crate::state::{DhwState, State};

/// Length of a charge started without `durationMinutes`, minutes. \[assumed\]
pub const DEFAULT_CHARGE_MINUTES: u32 = 60;

fn circuit<'s>(ctx: &Ctx<'_>, state: &'s mut State) -> Result<&'s mut DhwState, ApiError> {
    let id = ctx.circuit_id();
    gateway(ctx, state)?
        .dhw
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found(format!("DHW circuit {id} not found.")))
}

fn view(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let id = ctx.circuit_id();
    let circuit = gateway(ctx, state)?
        .dhw_view(id, ctx.now)
        .ok_or_else(|| ApiError::not_found(format!("DHW circuit {id} not found.")))?;
    json(200, &circuit)
}

/// `GET /hvacs/{gatewayId}/dhwCircuits`.
pub fn list(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &circuit_refs(gateway(ctx, state)?.dhw.keys().copied()))
}

/// `GET .../dhwCircuits/{circuitId}`.
pub fn get(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    view(ctx, state)
}

/// `PATCH .../dhwCircuits/{circuitId}`: the rules run on the merged state; the merged
/// circuit is stored.
pub fn update(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let current = gateway(ctx, state)?.dhw_view(ctx.circuit_id(), ctx.now);
    let Some(current) = current else {
        return Err(ApiError::not_found(format!(
            "DHW circuit {} not found.",
            ctx.circuit_id()
        )));
    };
    let d = circuit(ctx, state)?;
    let mut input = ctx.input();
    input.insert("current".into(), to_input(&current));
    let ids: Vec<Value> = d.programs.keys().map(|id| Value::from(*id)).collect();
    input.insert("timeProgramIds".into(), Value::Array(ids));
    let request: UpdateDhwCircuit = ctx.parse(input)?;
    d.circuit = d.circuit.merged(&request.body);
    view(ctx, state)
}

/// `GET .../charge`.
pub fn get_charge(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &circuit(ctx, state)?.charge(ctx.now))
}

/// `PATCH .../charge`: starts (`enabled: true`) or stops an extra charge.
pub fn update_charge(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let d = circuit(ctx, state)?;
    let request: UpdateDhwCharge = ctx.parse(ctx.input())?;
    if request.body.enabled {
        let minutes = request.body.duration_minutes.unwrap_or(DEFAULT_CHARGE_MINUTES);
        d.charge_until = Some(UnixTime(ctx.now.0 + i64::from(minutes) * 60));
        d.charge_duration = Some(minutes);
    } else {
        d.charge_until = None;
    }
    json(200, &d.charge(ctx.now))
}

fn program_not_found(ctx: &Ctx<'_>) -> ApiError {
    ApiError::not_found(format!(
        "Time program {} of DHW circuit {} not found.",
        ctx.time_program_id(),
        ctx.circuit_id()
    ))
}

/// `GET .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`.
pub fn get_program(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let d = circuit(ctx, state)?;
    let program = d
        .programs
        .get(&ctx.time_program_id())
        .ok_or_else(|| program_not_found(ctx))?;
    json(200, program)
}

/// `PUT .../dhwCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the week.
pub fn set_program(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let d = circuit(ctx, state)?;
    if !d.programs.contains_key(&ctx.time_program_id()) {
        return Err(program_not_found(ctx));
    }
    let request: SetDhwTimeProgram = ctx.parse(ctx.input())?;
    let mut program = request.body;
    program.time_program_id = Some(ctx.time_program_id());
    let reply = json(200, &program);
    d.programs.insert(ctx.time_program_id(), program);
    reply
}
