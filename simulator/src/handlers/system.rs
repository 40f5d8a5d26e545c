//! System (§2.6, remote control): silent mode, the gateway's clock, holiday modes. A holiday
//! mode switches on the `holiday` overriding mode of the heating circuits it covers while
//! today (at the gateway) lies within its dates.

use homecom_core::system::{CreateHolidayMode, SetDateTime, UpdateSilentMode};
use homecom_core::time::LocalDateTime;
use serde_json::{Value, json as json_value};

use super::{ApiError, Ctx, Reply, empty, gateway, json, to_input};
use crate::state::State;

/// `GET .../system/silentMode`.
pub fn get_silent_mode(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &gateway(ctx, state)?.silent_mode)
}

/// `PATCH .../system/silentMode`.
pub fn update_silent_mode(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let g = gateway(ctx, state)?;
    let mut input = ctx.input();
    input.insert("current".into(), to_input(&g.silent_mode));
    let request: UpdateSilentMode = ctx.parse(input)?;
    let patch = request.body;
    if let Some(enabled) = patch.enabled {
        g.silent_mode.enabled = enabled;
    }
    if let Some(start) = patch.start_time {
        g.silent_mode.start_time = Some(start);
    }
    if let Some(end) = patch.end_time {
        g.silent_mode.end_time = Some(end);
    }
    json(200, &g.silent_mode)
}

/// `GET .../system/dateTime`: the gateway's local time.
pub fn get_date_time(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let g = gateway(ctx, state)?;
    json(200, &json_value!({ "dateTime": g.local_date_time(ctx.now) }))
}

/// `PUT .../system/dateTime`: sets the gateway's local time (it runs on from there).
pub fn set_date_time(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let request: SetDateTime = ctx.parse(ctx.input())?;
    let g = gateway(ctx, state)?;
    // `check()` accepted the text: it parses.
    if let Some(t) = LocalDateTime::parse(&request.body.date_time) {
        let target = t.date.days_since_epoch() * 86_400
            + i64::from(t.hour) * 3_600
            + i64::from(t.minute) * 60
            + i64::from(t.second);
        g.clock_adjust_secs = target - (ctx.now.0 + g.utc_offset_secs);
    }
    json(200, &json_value!({ "dateTime": g.local_date_time(ctx.now) }))
}

/// `GET .../system/holidayModes`.
pub fn list_holiday_modes(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    json(200, &gateway(ctx, state)?.holiday_modes)
}

/// `POST .../system/holidayModes`: 201 with the id assigned; checked against the existing
/// holiday modes and today's date at the gateway.
pub fn create_holiday_mode(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let g = gateway(ctx, state)?;
    let mut input = ctx.input();
    input.insert("existing".into(), to_input(&g.holiday_modes));
    input.insert("today".into(), Value::from(g.today(ctx.now).to_string()));
    let request: CreateHolidayMode = ctx.parse(input)?;
    let id = g.next_holiday_id.to_string();
    g.next_holiday_id += 1;
    let holiday = request.body.with_id(&id);
    let reply = json(201, &holiday);
    g.holiday_modes.push(holiday);
    reply
}

/// `DELETE .../system/holidayModes/{holidayModeId}`: 204, or 404 for an unknown id.
pub fn delete_holiday_mode(ctx: &Ctx<'_>, state: &mut State) -> Reply {
    let id = ctx.holiday_mode_id.clone().unwrap_or_default();
    let g = gateway(ctx, state)?;
    let before = g.holiday_modes.len();
    g.holiday_modes.retain(|h| h.holiday_mode_id != id);
    if g.holiday_modes.len() == before {
        return Err(ApiError::not_found(format!("Holiday mode {id} not found.")));
    }
    empty(204)
}
