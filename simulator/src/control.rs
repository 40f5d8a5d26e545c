//! The control API under `/_sim/...`: only on the simulator, no API key, never faulted, not
//! rate limited, not in the request log. It drives what the real system does on its own
//! (gateways going offline, end users closing contracts, data points changing) and what tests
//! need (faults, webhook endpoints, logs, the clock, resets). See `simulator/README.md`.

use std::collections::BTreeMap;
use std::sync::Arc;

use homecom_core::contracts::{Contract, Transition, transition};
use homecom_core::heating_circuits::OverridingModeStatus;
use homecom_core::onboarding::{parse_invite_link, redirect_url};
use homecom_core::time::{self, Date, UnixTime};
use homecom_core::webhooks::{ApplianceStatus, ContractStatus, DailyAggregateProperty, DataPointValue, Event};
use hyper::Request;
use hyper::body::Incoming;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::config::WebhookTarget;
use crate::events;
use crate::faults::Faults;
use crate::handlers::ApiError;
use crate::pipeline::{HttpResponse, error_response, read_body, respond, too_large};
use crate::shared::{Shared, lock, new_key_record};
use crate::state::{Gateway, State};
use crate::webhooks::WebhookFaults;

type Answer = Result<(u16, Value), ApiError>;

/// Handles a `/_sim/...` request.
pub async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> HttpResponse {
    let request_id = shared.new_id();
    let (parts, body) = request.into_parts();
    let body = match read_body(&parts.headers, body).await {
        Ok(bytes) => bytes,
        Err(true) => return too_large(&request_id),
        Err(false) => return error_response(&ApiError::new(400, "The request body could not be read."), &request_id),
    };
    let path = parts.uri.path().trim_start_matches("/_sim");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match route(&shared, parts.method.as_str(), &segments, &body) {
        Ok((status, value)) => respond(status, Some(&value), &request_id, &[]),
        Err(error) => error_response(&error, &request_id),
    }
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(400, message)
}

/// Reads a JSON body; an empty body is `T::default()`.
fn body<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.trim_ascii().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| bad(format!("invalid JSON body: {e}")))
}

/// Reads a JSON body that must be there.
fn required<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| bad(format!("invalid JSON body: {e}")))
}

fn route(shared: &Shared, method: &str, segments: &[&str], bytes: &[u8]) -> Answer {
    match (method, segments) {
        ("GET", []) | ("GET", ["info"]) => Ok((200, info(shared))),
        ("POST", ["reset"]) => {
            shared.reset();
            shared.clock.set_offset(0);
            shared.webhooks.set_faults(WebhookFaults::default());
            shared.webhooks.clear_logs();
            Ok((200, info(shared)))
        }
        ("GET", ["clock"]) => Ok((200, clock(shared))),
        ("PUT", ["clock"]) => set_clock(shared, bytes),
        ("GET", ["gateways"]) => {
            let mut state = lock(&shared.state);
            let now = shared.clock.now();
            let list: Vec<Value> = state.gateways.values_mut().map(|g| describe(g, now)).collect();
            Ok((200, Value::Array(list)))
        }
        ("GET", ["gateways", id]) => with_gateway(shared, id, |g, now, _| Ok((200, describe(g, now)))),
        ("PATCH", ["gateways", id]) => patch_gateway(shared, id, bytes),
        ("POST", ["gateways", id, action @ ("online" | "offline")]) => {
            let patch = GatewayPatch {
                online: Some(*action == "online"),
                ..GatewayPatch::default()
            };
            apply_gateway_patch(shared, id, patch)
        }
        ("PUT", ["gateways", id, "heatingCircuits", circuit, "overridingModes", name]) => {
            set_overriding_mode(shared, id, circuit, name, bytes)
        }
        ("POST", ["gateways", id, "dataPoints"]) => set_data_points(shared, id, bytes),
        ("POST", ["gateways", id, "dailyAggregate"]) => daily_aggregate(shared, id, bytes),
        ("POST", ["gateways", id, "applianceStatus"]) => appliance_status(shared, id, bytes),
        ("POST", ["contracts", id]) => new_contract(shared, id, bytes),
        ("POST", ["contracts", id, "close"]) => close_contract(shared, id),
        ("POST", ["onboarding"]) => onboarding(shared, bytes),
        ("POST", ["api-keys"]) => mint_key(shared, bytes),
        ("GET", ["faults"]) => Ok((200, to_json(&*lock(&shared.faults)))),
        ("PUT", ["faults"]) => {
            let faults: Faults = body(bytes)?;
            faults.check().map_err(bad)?;
            *lock(&shared.faults) = faults.clone();
            Ok((200, to_json(&faults)))
        }
        ("DELETE", ["faults"]) => {
            *lock(&shared.faults) = Faults::default();
            Ok((200, to_json(&Faults::default())))
        }
        ("GET", ["webhooks"]) => Ok((200, webhooks(shared))),
        ("PUT", ["webhooks"]) => {
            let targets: TargetList = required(bytes)?;
            let targets = targets.into_vec();
            for target in &targets {
                target.check().map_err(bad)?;
            }
            shared.webhooks.set_targets(targets);
            Ok((200, webhooks(shared)))
        }
        ("POST", ["webhooks"]) => {
            let target: WebhookTarget = required(bytes)?;
            target.check().map_err(bad)?;
            shared.webhooks.add_target(target);
            Ok((201, webhooks(shared)))
        }
        ("DELETE", ["webhooks"]) => {
            shared.webhooks.set_targets(Vec::new());
            Ok((200, webhooks(shared)))
        }
        ("GET", ["webhooks", "faults"]) => Ok((200, to_json(&shared.webhooks.faults()))),
        ("PUT", ["webhooks", "faults"]) => {
            let faults: WebhookFaults = body(bytes)?;
            faults.check().map_err(bad)?;
            shared.webhooks.set_faults(faults.clone());
            Ok((200, to_json(&faults)))
        }
        ("DELETE", ["webhooks", "faults"]) => {
            shared.webhooks.set_faults(WebhookFaults::default());
            Ok((200, to_json(&WebhookFaults::default())))
        }
        ("GET", ["webhooks", "deliveries"]) => Ok((
            200,
            json!({ "pending": shared.webhooks.pending(), "deliveries": shared.webhooks.deliveries() }),
        )),
        ("DELETE", ["webhooks", "deliveries"]) => {
            shared.webhooks.clear_logs();
            Ok((200, json!({ "pending": shared.webhooks.pending(), "deliveries": [] })))
        }
        ("GET", ["webhooks", "events"]) => Ok((
            200,
            json!({ "pending": shared.webhooks.pending(), "events": shared.webhooks.events() }),
        )),
        ("GET", ["requests"]) => {
            let requests: Vec<_> = lock(&shared.requests).iter().cloned().collect();
            Ok((200, json!({ "requests": requests })))
        }
        ("DELETE", ["requests"]) => {
            lock(&shared.requests).clear();
            Ok((200, json!({ "requests": [] })))
        }
        _ => Err(ApiError::not_found(format!(
            "No control endpoint {method} /_sim/{}; see simulator/README.md.",
            segments.join("/")
        ))),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn info(shared: &Shared) -> Value {
    let state = lock(&shared.state);
    json!({
        "baseUrl": shared.base_url,
        "apiKey": shared.demo_key.key.expose(),
        "userId": state.partner_user_id,
        "companyId": state.company_id,
        "now": time::format_timestamp(shared.clock.now()),
        "clockOffsetSeconds": shared.clock.offset(),
        "seed": shared.seed,
        "rateLimits": shared.limiter.is_some(),
        "timeScale": shared.time_scale,
        "gateways": state.gateways.len(),
        "contracts": state.contracts.len(),
        "panics": shared.panics.load(std::sync::atomic::Ordering::SeqCst),
        "pendingWebhooks": shared.webhooks.pending(),
    })
}

fn clock(shared: &Shared) -> Value {
    json!({
        "now": time::format_timestamp(shared.clock.now()),
        "offsetSeconds": shared.clock.offset(),
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockBody {
    offset_seconds: Option<i64>,
    advance_seconds: Option<i64>,
    now: Option<String>,
}

/// Bound of the clock offset: about a century.
const MAX_OFFSET_SECS: i64 = 100 * 366 * 86_400;

fn set_clock(shared: &Shared, bytes: &[u8]) -> Answer {
    let request: ClockBody = required(bytes)?;
    let offset = match (request.offset_seconds, request.advance_seconds, request.now) {
        (Some(offset), None, None) => offset,
        (None, Some(advance), None) => shared.clock.offset().saturating_add(advance),
        (None, None, Some(now)) => {
            let target = time::parse_timestamp(&now).ok_or_else(|| bad(format!("now {now:?} is not RFC 3339")))?;
            let system = shared.clock.now().0 - shared.clock.offset();
            target.0 - system
        }
        _ => return Err(bad("give exactly one of offsetSeconds, advanceSeconds, now")),
    };
    if offset.abs() > MAX_OFFSET_SECS {
        return Err(bad("the clock offset is at most a century"));
    }
    shared.clock.set_offset(offset);
    Ok((200, clock(shared)))
}

/// Runs `f` on a gateway with the state locked, then sends the events it returned.
fn with_gateway(
    shared: &Shared,
    id: &str,
    f: impl FnOnce(&mut Gateway, UnixTime, &mut Vec<Event>) -> Answer,
) -> Answer {
    let now = shared.clock.now();
    let mut events = Vec::new();
    let answer = {
        let mut state = lock(&shared.state);
        let gateway = state
            .gateways
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found(format!("Gateway {id} not found.")))?;
        f(gateway, now, &mut events)
    };
    for event in &events {
        shared.webhooks.emit(event);
    }
    answer
}

fn describe(g: &mut Gateway, now: UnixTime) -> Value {
    let ids: Vec<u32> = g.heating.keys().copied().collect();
    let heating: Vec<Value> = ids
        .into_iter()
        .map(|id| {
            let view = g.heating_view(id, now);
            let stored = g.heating.get(&id);
            json!({
                "circuitId": id,
                "controlType": view.as_ref().and_then(|v| v.control_type.clone()),
                "operationMode": view.as_ref().and_then(|v| v.operation_mode.clone()),
                "effectiveOperationMode": stored.and_then(|s| s.effective_mode.clone()),
                "activeOverridingModes": view.as_ref().map(|v| v.active_overriding_modes()).unwrap_or_default(),
                "heatingDistributionType": stored.and_then(|s| s.distribution.clone()),
                "timePrograms": stored.map(|s| s.programs.keys().copied().collect::<Vec<_>>()).unwrap_or_default(),
            })
        })
        .collect();
    let dhw: Vec<Value> = g
        .dhw
        .iter()
        .map(|(id, d)| json!({ "circuitId": id, "timePrograms": d.programs.keys().collect::<Vec<_>>() }))
        .collect();
    json!({
        "gatewayId": g.id,
        "description": g.description,
        "shared": g.shared,
        "online": g.online,
        "consentDate": g.consent_date.map(|d| d.to_string()),
        "consentOutdated": g.consent_outdated(),
        "localDateTime": g.local_date_time(now),
        "heatingCircuits": heating,
        "dhwCircuits": dhw,
        "holidayModes": g.holiday_modes,
        "dataPoints": g.data_points.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<serde_json::Map<_, _>>(),
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GatewayPatch {
    shared: Option<bool>,
    online: Option<bool>,
    /// `null` is a current consent.
    #[serde(default, deserialize_with = "nullable")]
    consent_date: Option<Option<String>>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn patch_gateway(shared: &Shared, id: &str, bytes: &[u8]) -> Answer {
    let patch: GatewayPatch = required(bytes)?;
    apply_gateway_patch(shared, id, patch)
}

fn apply_gateway_patch(shared: &Shared, id: &str, patch: GatewayPatch) -> Answer {
    let consent = match patch.consent_date {
        None => None,
        Some(None) => Some(None),
        Some(Some(text)) => Some(Some(
            Date::parse(&text).ok_or_else(|| bad(format!("consentDate {text:?} is not YYYY-MM-DD")))?,
        )),
    };
    with_gateway(shared, id, |g, now, events| {
        if let Some(shared_flag) = patch.shared {
            g.shared = shared_flag;
        }
        if let Some(consent) = consent {
            g.consent_date = consent;
        }
        if let Some(online) = patch.online
            && online != g.online
        {
            g.online = online;
            g.status_since = now;
            events.push(events::connectivity(g));
        }
        Ok((200, describe(g, now)))
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OverrideBody {
    active: bool,
    #[serde(default)]
    until: Option<String>,
}

fn set_overriding_mode(shared: &Shared, id: &str, circuit: &str, name: &str, bytes: &[u8]) -> Answer {
    let request: OverrideBody = required(bytes)?;
    let circuit: u32 = circuit
        .parse()
        .map_err(|_| bad(format!("{circuit:?} is not a circuit id")))?;
    if name.is_empty() || name.len() > 64 || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad(format!("{name:?} is not an overriding mode name")));
    }
    with_gateway(shared, id, |g, now, _| {
        // Bring the effective mode up to date before the override changes.
        g.heating_view(circuit, now)
            .ok_or_else(|| ApiError::not_found(format!("Heating circuit {circuit} not found.")))?;
        if let Some(h) = g.heating.get_mut(&circuit) {
            h.circuit.overriding_modes.get_or_insert_with(BTreeMap::new).insert(
                name.to_owned(),
                OverridingModeStatus {
                    active: request.active,
                    until: request.until,
                    extra: BTreeMap::new(),
                },
            );
        }
        let view = g.heating_view(circuit, now);
        Ok((200, to_json(&view)))
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DataPointsBody {
    data_point: Option<String>,
    value: Option<DataPointValue>,
    unit: Option<String>,
    #[serde(default)]
    values: BTreeMap<String, DataPointValue>,
}

fn set_data_points(shared: &Shared, id: &str, bytes: &[u8]) -> Answer {
    let request: DataPointsBody = required(bytes)?;
    let mut values: Vec<(String, DataPointValue, Option<String>)> =
        request.values.into_iter().map(|(k, v)| (k, v, None)).collect();
    match (request.data_point, request.value) {
        (Some(key), Some(value)) => values.push((key, value, request.unit)),
        (None, None) => {}
        _ => return Err(bad("give dataPoint and value together")),
    }
    if values.is_empty() {
        return Err(bad("give dataPoint and value, or values"));
    }
    with_gateway(shared, id, |g, now, events| {
        let mut emitted = Vec::new();
        let mut suppressed = Vec::new();
        for (key, value, unit) in values {
            if key.is_empty() || key.len() > 256 {
                return Err(bad(format!("{key:?} is not a data point key")));
            }
            g.data_points.insert(key.clone(), value.clone());
            if !g.online {
                suppressed.push(json!({ "dataPoint": key, "reason": "gateway offline" }));
            } else if !events::crosses_threshold(&key, &value, g.emitted.get(&key)) {
                suppressed.push(json!({ "dataPoint": key, "reason": "change below the threshold" }));
            } else {
                g.emitted.insert(key.clone(), value.clone());
                events.push(events::data_point(&g.id, &key, value, unit, now));
                emitted.push(key);
            }
        }
        Ok((200, json!({ "emitted": emitted, "suppressed": suppressed })))
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AggregateBody {
    date: Option<String>,
    properties: Option<Vec<DailyAggregateProperty>>,
}

fn daily_aggregate(shared: &Shared, id: &str, bytes: &[u8]) -> Answer {
    let request: AggregateBody = body(bytes)?;
    with_gateway(shared, id, |g, now, events| {
        let date = match &request.date {
            Some(text) => Date::parse(text).ok_or_else(|| bad(format!("date {text:?} is not YYYY-MM-DD")))?,
            None => Date::from_unix(UnixTime(g.local(now).0 - 86_400)),
        };
        let properties = request
            .properties
            .unwrap_or_else(|| events::default_aggregate_properties(date));
        let event = events::daily_aggregate(&g.id, date, properties);
        let value = event.to_json();
        events.push(event);
        Ok((200, value))
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ApplianceBody {
    appliance_status: Option<ApplianceStatus>,
}

fn appliance_status(shared: &Shared, id: &str, bytes: &[u8]) -> Answer {
    let request: ApplianceBody = body(bytes)?;
    with_gateway(shared, id, |g, now, events| {
        let status = request.appliance_status.unwrap_or(ApplianceStatus::Warning);
        let event = events::appliance_status(&g.id, status, now);
        let value = event.to_json();
        events.push(event);
        Ok((200, value))
    })
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ContractBody {
    user_id: Option<String>,
    partner_user_id: Option<String>,
    address_lines: Option<Vec<String>>,
    postal_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

/// Runs `f` on the state with the contract events it returns sent afterwards.
fn with_state(shared: &Shared, f: impl FnOnce(&mut State, UnixTime) -> Result<(Value, Event), ApiError>) -> Answer {
    let now = shared.clock.now();
    let (value, event) = f(&mut lock(&shared.state), now)?;
    shared.webhooks.emit(&event);
    Ok((200, value))
}

fn new_contract(shared: &Shared, id: &str, bytes: &[u8]) -> Answer {
    homecom_core::operation::check_gateway_id(id).map_err(|v| bad(v.message))?;
    let request: ContractBody = body(bytes)?;
    start_contract(shared, id, request)
}

/// The end user starts a contract for gateway `id` (checked): PENDING, `CONTRACT_STATUS`
/// emitted; 409 if the gateway has a PENDING or ACTIVE one. Answers the contract.
fn start_contract(shared: &Shared, id: &str, request: ContractBody) -> Answer {
    with_state(shared, |state, now| {
        let previous = state.contracts.get(id).map(|c| c.status.clone());
        if let Some(status @ (ContractStatus::Pending | ContractStatus::Active)) = &previous {
            return Err(ApiError::new(
                409,
                format!("Gateway {id} has a contract in status {status} already."),
            ));
        }
        let contract = Contract {
            gateway_id: id.to_owned(),
            status: ContractStatus::Pending,
            status_date: Some(time::format_timestamp(now)),
            user_id: Some(request.user_id.unwrap_or_else(|| format!("owner-{id}"))),
            partner_user_id: request.partner_user_id,
            address_lines: request.address_lines,
            postal_code: request.postal_code,
            city: request.city,
            country: request.country,
            extra: BTreeMap::new(),
        };
        let event = events::contract_status(&contract, previous);
        let value = to_json(&contract);
        state.contracts.insert(id.to_owned(), contract);
        Ok((value, event))
    })
}

fn close_contract(shared: &Shared, id: &str) -> Answer {
    with_state(shared, |state, now| {
        let contract = state
            .contracts
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found(format!("No contract for gateway {id}.")))?;
        let to = transition(&contract.status, Transition::EndUserClose)
            .map_err(|message| ApiError::new(409, message))?
            .ok_or_else(|| ApiError::new(409, "closing would remove the contract"))?;
        let previous = std::mem::replace(&mut contract.status, to);
        contract.status_date = Some(time::format_timestamp(now));
        Ok((to_json(contract), events::contract_status(contract, Some(previous))))
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OnboardingBody {
    invite_link: String,
    gateway_id: String,
}

/// The simulator plays the brand's Gateway Management Portal: the customer opened the invite
/// link and chose a gateway. The link is read with the core's `parse_invite_link` (400 with
/// its message and violations), must invite to the simulator's company (400), and the
/// gateway's new contract starts as with `POST /_sim/contracts/{gatewayId}` (PENDING,
/// `CONTRACT_STATUS`, 409 if one is PENDING or ACTIVE). Answers where the portal sends the
/// customer back (the core's `redirect_url`).
fn onboarding(shared: &Shared, bytes: &[u8]) -> Answer {
    let request: OnboardingBody = required(bytes)?;
    let invite = parse_invite_link(&request.invite_link).map_err(core_error)?;
    let company_id = lock(&shared.state).company_id.clone();
    if invite.company_id != company_id {
        return Err(bad(format!(
            "The invite link is for company {:?}, not for the simulator's company {company_id:?}.",
            invite.company_id
        )));
    }
    let gateway_id = request.gateway_id;
    homecom_core::operation::check_gateway_id(&gateway_id).map_err(|v| ApiError::validation(vec![v]))?;
    // Made before the contract starts, so that a refusal changes nothing.
    let status = ContractStatus::Pending;
    let redirect = redirect_url(&invite.redirect_uri, &gateway_id, &status, &invite.session_id).map_err(core_error)?;
    start_contract(shared, &gateway_id, ContractBody::default())?;
    Ok((
        200,
        json!({ "redirectUrl": redirect, "gatewayId": gateway_id, "contractStatus": status.as_str() }),
    ))
}

/// A core error as a 400 with the core's message and violations.
fn core_error(error: homecom_core::Error) -> ApiError {
    ApiError {
        violations: error.violations,
        ..bad(error.message)
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KeyBody {
    expires_in_days: Option<i64>,
}

fn mint_key(shared: &Shared, bytes: &[u8]) -> Answer {
    let request: KeyBody = body(bytes)?;
    let days = request
        .expires_in_days
        .unwrap_or(homecom_core::wire::API_KEY_LIFETIME_DAYS);
    if !(-36_500..=36_500).contains(&days) {
        return Err(bad("expiresInDays lies between -36500 and 36500"));
    }
    let now = shared.clock.now();
    // A key made as if created `LIFETIME - days` days ago expires in `days` days.
    let created = UnixTime(now.0 - (homecom_core::wire::API_KEY_LIFETIME_DAYS - days) * 86_400);
    let mut random = [0u8; homecom_core::wire::API_KEY_SECRET_LEN];
    lock(&shared.id_rng).fill(&mut random);
    let record = new_key_record(shared.new_id(), created, &random);
    let value = json!({
        "keyId": record.key_id,
        "apiKey": record.key.expose(),
        "createdAt": time::format_timestamp(record.created_at),
        "expiresAt": time::format_timestamp(record.expires_at()),
    });
    lock(&shared.state).keys.push(record);
    Ok((201, value))
}

fn webhooks(shared: &Shared) -> Value {
    json!({
        "targets": to_json(&shared.webhooks.targets()),
        "faults": to_json(&shared.webhooks.faults()),
        "pending": shared.webhooks.pending(),
    })
}

/// `PUT /_sim/webhooks` takes a list of endpoints, or `{"targets": [...]}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum TargetList {
    List(Vec<WebhookTarget>),
    Object { targets: Vec<WebhookTarget> },
}

impl TargetList {
    fn into_vec(self) -> Vec<WebhookTarget> {
        match self {
            TargetList::List(list) | TargetList::Object { targets: list } => list,
        }
    }
}
