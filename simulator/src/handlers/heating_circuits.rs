//! Heating circuits (§2.4, remote control). A PATCHed operation mode is stored but not
//! effective while an overriding mode is active; the answer shows the stored mode and the
//! overriding modes.

use std::collections::BTreeMap;

use homecom_core::heating_circuits::{
    HeatingDistribution, SetHeatingTimeProgram, UpdateHeatCurve, UpdateHeatingCircuit,
};
use serde_json::Value;

use super::{ApiError, Ctx, Reply, circuit_refs, gateway, json, to_input};
use crate::state::{HeatingState, State};

fn circuit<'s>(ctx: &Ctx<'_>, state: &'s mut State) -> Result<&'s mut HeatingState, ApiError> {
    let id = ctx.circuit_id();
    gateway(ctx, state)?
        .heating
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found(format!("Heating circuit {id} not found.")))
}

fn view(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let id = ctx.circuit_id();
    let circuit = gateway(ctx, state)?
        .heating_view(id, ctx.now)
        .ok_or_else(|| ApiError::not_found(format!("Heating circuit {id} not found.")))?;
    json(200, &circuit)
}

/// `GET /hvacs/{gatewayId}/heatingCircuits`.
pub fn list(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &circuit_refs(gateway(ctx, state)?.heating.keys().copied()))
}

/// `GET .../heatingCircuits/{circuitId}`.
pub fn get(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    view(ctx, state)
}

/// `PATCH .../heatingCircuits/{circuitId}`: checked against the circuit as it is now.
pub fn update(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let current = gateway(ctx, state)?.heating_view(ctx.circuit_id(), ctx.now);
    let Some(current) = current else {
        return Err(ApiError::not_found(format!(
            "Heating circuit {} not found.",
            ctx.circuit_id()
        )));
    };
    let h = circuit(ctx, state)?;
    let mut input = ctx.input();
    input.insert("current".into(), to_input(&current));
    let ids: Vec<Value> = h.programs.keys().map(|id| Value::from(*id)).collect();
    input.insert("timeProgramIds".into(), Value::Array(ids));
    let request: UpdateHeatingCircuit = ctx.parse(input)?;
    h.circuit = h.circuit.merged(&request.body);
    view(ctx, state)
}

/// `GET .../heatCurve`.
pub fn get_curve(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &circuit(ctx, state)?.heat_curve)
}

/// `PATCH .../heatCurve`: checked against the curve and the distribution type.
pub fn update_curve(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let h = circuit(ctx, state)?;
    let mut input = ctx.input();
    input.insert("current".into(), to_input(&h.heat_curve));
    if let Some(distribution) = &h.distribution {
        input.insert("distributionType".into(), Value::from(distribution.as_str()));
    }
    let request: UpdateHeatCurve = ctx.parse(input)?;
    if let Some(control_type) = &request.body.control_type {
        h.circuit.control_type = Some(control_type.clone());
    }
    h.heat_curve = h.heat_curve.merged(&request.body);
    json(200, &h.heat_curve)
}

/// `GET .../heatingDistributionType`.
pub fn distribution(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let h = circuit(ctx, state)?;
    let kind = h.distribution.clone().ok_or_else(|| {
        ApiError::not_found(format!(
            "Heating circuit {} reports no distribution type.",
            ctx.circuit_id()
        ))
    })?;
    json(
        200,
        &HeatingDistribution {
            heating_distribution_type: kind,
            extra: BTreeMap::new(),
        },
    )
}

fn program_not_found(ctx: &Ctx<'_>) -> ApiError {
    ApiError::not_found(format!(
        "Time program {} of heating circuit {} not found.",
        ctx.time_program_id(),
        ctx.circuit_id()
    ))
}

/// `GET .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`.
pub fn get_program(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let h = circuit(ctx, state)?;
    let program = h
        .programs
        .get(&ctx.time_program_id())
        .ok_or_else(|| program_not_found(ctx))?;
    json(200, program)
}

/// `PUT .../heatingCircuits/{circuitId}/timePrograms/{timeProgramId}`: replaces the week.
pub fn set_program(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let h = circuit(ctx, state)?;
    if !h.programs.contains_key(&ctx.time_program_id()) {
        return Err(program_not_found(ctx));
    }
    let request: SetHeatingTimeProgram = ctx.parse(ctx.input())?;
    let mut program = request.body;
    program.time_program_id = Some(ctx.time_program_id());
    let reply = json(200, &program);
    h.programs.insert(ctx.time_program_id(), program);
    reply
}
