//! API keys (§1.4, §2.3): keys in the documented format that expire after six months, at
//! most ten valid at once.

use homecom_core::api_keys::{ApiKeyCreated, ApiKeyIdentity, ApiKeyInfo};
use homecom_core::time;
use homecom_core::wire;

use super::{ApiError, Ctx, Reply, empty, json};
use crate::state::{KeyRecord, State};

fn info(record: &KeyRecord) -> ApiKeyInfo {
    ApiKeyInfo {
        key_id: record.key_id.clone(),
        created_at: Some(time::format_timestamp(record.created_at)),
        expires_at: Some(time::format_timestamp(record.expires_at())),
        extra: Default::default(),
    }
}

/// `POST /api-keys`: 201 with the new key; 409 when ten keys are valid already.
pub fn create(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let valid = state.keys.iter().filter(|k| !k.key.is_expired(ctx.now)).count();
    if valid >= wire::API_KEY_MAX_VALID {
        return Err(ApiError::new(
            409,
            format!(
                "The partner holds {valid} valid API keys, the most allowed ({}); delete one first.",
                wire::API_KEY_MAX_VALID
            ),
        ));
    }
    let record = ctx.shared.new_key(ctx.now);
    let created = ApiKeyCreated {
        key_id: record.key_id.clone(),
        api_key: record.key.clone(),
        created_at: time::format_timestamp(record.created_at),
        expires_at: time::format_timestamp(record.expires_at()),
        extra: Default::default(),
    };
    state.keys.push(record);
    json(201, &created)
}

/// `GET /api-keys`: every stored key, without its secret.
pub fn list(state: &State) -> Reply {
    let list: Vec<ApiKeyInfo> = state.keys.iter().map(info).collect();
    json(200, &list)
}

/// `GET /api-keys/me`: the calling key.
pub fn me(ctx: &Ctx<'_>, state: &State) -> Reply {
    let record = state
        .keys
        .iter()
        .find(|k| k.key_id == ctx.caller_key_id)
        .ok_or_else(|| ApiError::new(401, wire::UNAUTHORIZED_MESSAGE))?;
    json(
        200,
        &ApiKeyIdentity {
            key_id: record.key_id.clone(),
            company_id: state.company_id.clone(),
            expires_at: Some(time::format_timestamp(record.expires_at())),
            extra: Default::default(),
        },
    )
}

/// `DELETE /api-keys/{keyId}`: 204, or 404 for an unknown key.
pub fn delete(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let id = ctx.key_id.as_deref().unwrap_or_default();
    let before = state.keys.len();
    state.keys.retain(|k| k.key_id != id);
    if state.keys.len() == before {
        return Err(ApiError::not_found(format!("API key {id} not found.")));
    }
    empty(204)
}
