//! Platform (§2.1): health, appliances, connectivity, components, system detection and
//! webhook simulation.

use homecom_core::platform::{HvacStatus, SimulateWebhookEvent};
use homecom_core::time;
use serde_json::json;

use super::{Ctx, Reply, empty, gateway, json};
use crate::events;
use crate::state::State;

/// `GET /health`.
pub fn health() -> Reply {
    json(200, &json!({ "status": "UP" }))
}

/// `GET /hvacs`: the gateways shared with the partner.
pub fn list_hvacs(state: &State) -> Reply {
    let list: Vec<_> = state
        .gateways
        .values()
        .filter(|g| g.shared)
        .map(|g| json!({ "gatewayId": g.id }))
        .collect();
    json(200, &list)
}

/// `GET /hvacs/{gatewayId}/status`.
pub fn status(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let g = gateway(ctx, state)?;
    json(
        200,
        &HvacStatus {
            gateway_id: g.id.clone(),
            connectivity_status: g.connectivity(),
            timestamp: Some(time::format_timestamp(g.status_since)),
            extra: Default::default(),
        },
    )
}

/// `GET /hvacs/{gatewayId}/components`.
pub fn components(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &gateway(ctx, state)?.components)
}

/// `POST /hvacs/{gatewayId}/components`: 202, the detection "runs" (the components stay).
pub fn start_detection() -> Reply {
    json(202, &json!({ "detectionStatus": "STARTED" }))
}

/// `POST /webhooks/simulation`: 202 without a body, then a sample event of the type to every
/// webhook endpoint.
pub fn simulate_webhook(ctx: &mut Ctx<'_>, state: &mut State) -> Reply {
    let request: SimulateWebhookEvent = ctx.parse(ctx.input())?;
    let gateway_id = request
        .body
        .gateway_id
        .or_else(|| state.gateways.values().find(|g| g.shared).map(|g| g.id.clone()))
        .unwrap_or_else(|| "101234567".to_owned());
    let event = events::sample(&request.body.event_type, &gateway_id, state, ctx.now);
    ctx.events.push(event);
    empty(202)
}
