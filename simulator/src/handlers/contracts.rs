//! Contracts (§2.2): the lifecycle runs on the core's transition table; every change emits
//! `CONTRACT_STATUS`.

use homecom_core::contracts::{Contract, ContractAction, Transition, UpdateContract, transition};
use homecom_core::time;

use super::{ApiError, Ctx, Reply, empty, json};
use crate::events;
use crate::state::State;

fn contract<'s>(ctx: &Ctx<'_>, state: &'s mut State) -> Result<&'s mut Contract, ApiError> {
    let id = ctx.gateway_id();
    state
        .contracts
        .get_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("No contract for gateway {id}.")))
}

/// `GET /contracts`: every contract, any status.
pub fn list(state: &State) -> Reply {
    let list: Vec<&Contract> = state.contracts.values().collect();
    json(200, &list)
}

/// `GET /contracts/{gatewayId}` and the deprecated `GET /hvacs/{gatewayId}/contract`.
pub fn get(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, contract(ctx, state)?)
}

/// `PATCH /contracts/{gatewayId}`: ACCEPT, REJECT or REVOKE; 409 for an illegal transition.
pub fn update(ctx: &mut Ctx<'_>, state: &mut State) -> Reply {
    contract(ctx, state)?;
    let request: UpdateContract = ctx.parse(ctx.input())?;
    // `check()` refused unknown actions: the action is one of the core's.
    let action = ContractAction::KNOWN
        .iter()
        .copied()
        .find(|known| *known == request.body.action.as_str())
        .ok_or_else(|| ApiError::new(400, format!("unknown action {}", request.body.action)))?;
    let (now, user) = (ctx.now, ctx.user_id.clone());
    let c = contract(ctx, state)?;
    let to = transition(&c.status, Transition::Partner(action)).map_err(|message| ApiError::new(409, message))?;
    let Some(to) = to else {
        return Err(ApiError::new(409, format!("action {action} would remove the contract")));
    };
    let previous = std::mem::replace(&mut c.status, to);
    c.status_date = Some(time::format_timestamp(now));
    if let Some(user) = user {
        c.partner_user_id = Some(user);
    }
    let event = events::contract_status(c, Some(previous));
    let reply = json(200, c);
    ctx.events.push(event);
    reply
}

/// `DELETE /contracts/{gatewayId}`: acknowledges a CLOSED contract (gone afterwards); 409
/// in any other status.
pub fn delete(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let c = contract(ctx, state)?;
    match transition(&c.status, Transition::Acknowledge) {
        Err(message) => Err(ApiError::new(409, message)),
        Ok(Some(to)) => {
            c.status = to;
            empty(204)
        }
        Ok(None) => {
            state.contracts.remove(ctx.gateway_id());
            empty(204)
        }
    }
}
