//! The simulated company: keys, gateways, circuits, contracts, and how they look at a time.
//!
//! Stored values are the core's wire models; what depends on the time (the setpoint in force,
//! the level a DHW time program asks for, an active holiday, a running charge, the gateway's
//! clock) is computed when read, from the simulator's clock.

use std::collections::BTreeMap;

use homecom_core::api_keys::ApiKey;
use homecom_core::contracts::Contract;
use homecom_core::dhw::{DhwCharge, DhwChargeStatus, DhwCircuit, DhwOperationMode};
use homecom_core::heating_circuits::{
    HeatCurve, HeatingCircuit, HeatingDistributionType, HeatingOperationMode, OverridingModeStatus,
};
use homecom_core::platform::Component;
use homecom_core::system::{HolidayMode, SilentMode};
use homecom_core::time::{self, ClockTime, Date, UnixTime};
use homecom_core::time_programs::{CircuitKind, Level, TimeProgram, Weekday};
use homecom_core::webhooks::{ConnectivityStatus, DataPointValue};

use crate::fixture::{Fixture, GatewayFixture, resolve_date};

/// Consents given before this date do not allow remote control (451). \[seed 2024-08-29, docs\]
pub const CONSENT_CUTOFF: Date = Date {
    year: 2024,
    month: 7,
    day: 1,
};

/// The name of the overriding mode a holiday mode switches on.
pub const HOLIDAY_OVERRIDE: &str = "holiday";

/// One API key of the company.
#[derive(Clone, Debug)]
pub struct KeyRecord {
    /// Its id (`DELETE /api-keys/{keyId}`).
    pub key_id: String,
    /// The key (its text embeds the expiry).
    pub key: ApiKey,
    /// When it was created.
    pub created_at: UnixTime,
}

impl KeyRecord {
    /// Its expiry (every key the simulator issues carries one).
    pub fn expires_at(&self) -> UnixTime {
        self.key.expires_at().unwrap_or(UnixTime(i64::MAX))
    }
}

/// The whole simulated company.
#[derive(Debug)]
pub struct State {
    /// The company id.
    pub company_id: String,
    /// The demo partner user.
    pub partner_user_id: String,
    /// Every stored key, valid or expired.
    pub keys: Vec<KeyRecord>,
    /// The appliances, by gateway id.
    pub gateways: BTreeMap<String, Gateway>,
    /// The contracts, by gateway id.
    pub contracts: BTreeMap<String, Contract>,
}

impl State {
    /// The state a fixture describes at `now`, with the demo key.
    pub fn from_fixture(fixture: &Fixture, now: UnixTime, demo_key: KeyRecord) -> State {
        State {
            company_id: fixture.company.company_id.clone(),
            partner_user_id: fixture.company.partner_user_id.clone(),
            keys: vec![demo_key],
            gateways: fixture
                .gateways
                .iter()
                .map(|g| (g.gateway_id.clone(), Gateway::from_fixture(g, now)))
                .collect(),
            contracts: fixture
                .contracts
                .iter()
                .map(|c| (c.gateway_id.clone(), c.clone()))
                .collect(),
        }
    }

    /// The key with this text, if stored.
    pub fn key(&self, text: &str) -> Option<&KeyRecord> {
        self.keys.iter().find(|k| k.key.expose() == text)
    }
}

/// One appliance.
#[derive(Clone, Debug)]
pub struct Gateway {
    /// The gateway id.
    pub id: String,
    /// What it demonstrates.
    pub description: Option<String>,
    /// Whether the owner shares it with the partner.
    pub shared: bool,
    /// Whether it is connected.
    pub online: bool,
    /// When `online` last changed.
    pub status_since: UnixTime,
    /// The owner's consent date (`None`: current).
    pub consent_date: Option<Date>,
    /// Offset of the gateway's local clock from UTC, seconds.
    pub utc_offset_secs: i64,
    /// What `PUT .../dateTime` moved the gateway's clock by, seconds.
    pub clock_adjust_secs: i64,
    /// Its components.
    pub components: Vec<Component>,
    /// Heating circuits by id.
    pub heating: BTreeMap<u32, HeatingState>,
    /// DHW circuits by id.
    pub dhw: BTreeMap<u32, DhwState>,
    /// Silent mode.
    pub silent_mode: SilentMode,
    /// Holiday modes, in creation order.
    pub holiday_modes: Vec<HolidayMode>,
    /// The id the next holiday mode gets.
    pub next_holiday_id: u64,
    /// Current data point values.
    pub data_points: BTreeMap<String, DataPointValue>,
    /// The last value of each data point sent in a `DATA_POINT` event.
    pub emitted: BTreeMap<String, DataPointValue>,
}

impl Gateway {
    /// The gateway a fixture describes, at `now`.
    pub fn from_fixture(g: &GatewayFixture, now: UnixTime) -> Gateway {
        let utc_offset_secs = i64::from(g.utc_offset_minutes) * 60;
        let today = Date::from_unix(UnixTime(now.0 + utc_offset_secs));
        let resolve = |text: &str| resolve_date(text, today).map_or_else(|| text.to_owned(), |d| d.to_string());
        let holiday_modes: Vec<HolidayMode> = g
            .holiday_modes
            .iter()
            .map(|h| {
                let mut h = h.clone();
                h.start_date = resolve(&h.start_date);
                h.end_date = resolve(&h.end_date);
                h
            })
            .collect();
        let next_holiday_id = holiday_modes
            .iter()
            .filter_map(|h| h.holiday_mode_id.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let programs = |list: &[crate::fixture::TimeProgramFixture], kind| {
            list.iter()
                .filter_map(|p| p.to_program(kind).ok().map(|tp| (p.time_program_id, tp)))
                .collect::<BTreeMap<u32, TimeProgram>>()
        };
        Gateway {
            id: g.gateway_id.clone(),
            description: g.description.clone(),
            shared: g.shared,
            online: g.online,
            status_since: UnixTime(now.0 - 3_600),
            consent_date: g.consent_date.as_deref().and_then(Date::parse),
            utc_offset_secs,
            clock_adjust_secs: 0,
            components: g.components.clone(),
            heating: g
                .heating_circuits
                .iter()
                .map(|h| {
                    let state = HeatingState {
                        reports_set_point: h.circuit.current_set_point_temperature.is_some(),
                        effective_mode: h.circuit.operation_mode.clone(),
                        circuit: h.circuit.clone(),
                        heat_curve: h.heat_curve.clone().unwrap_or_default(),
                        distribution: h.heating_distribution_type.clone(),
                        programs: programs(&h.time_programs, CircuitKind::Heating),
                    };
                    (h.circuit.circuit_id, state)
                })
                .collect(),
            dhw: g
                .dhw_circuits
                .iter()
                .map(|d| {
                    let state = DhwState {
                        circuit: d.circuit.clone(),
                        programs: programs(&d.time_programs, CircuitKind::Dhw),
                        charge_until: None,
                        charge_duration: None,
                    };
                    (d.circuit.circuit_id, state)
                })
                .collect(),
            silent_mode: g.silent_mode.clone().unwrap_or_else(|| SilentMode {
                enabled: false,
                start_time: Some("22:00".to_owned()),
                end_time: Some("06:00".to_owned()),
                extra: BTreeMap::new(),
            }),
            holiday_modes,
            next_holiday_id,
            data_points: g.data_points.clone(),
            emitted: g.data_points.clone(),
        }
    }

    /// Whether the owner's consent predates July 2024 (remote control answers 451).
    pub fn consent_outdated(&self) -> bool {
        self.consent_date.is_some_and(|d| d < CONSENT_CUTOFF)
    }

    /// The connectivity status.
    pub fn connectivity(&self) -> ConnectivityStatus {
        if self.online {
            ConnectivityStatus::Online
        } else {
            ConnectivityStatus::Offline
        }
    }

    /// The gateway's local time at `now`, as Unix seconds of the same wall-clock reading.
    pub fn local(&self, now: UnixTime) -> UnixTime {
        UnixTime(
            now.0
                .saturating_add(self.utc_offset_secs)
                .saturating_add(self.clock_adjust_secs),
        )
    }

    /// The gateway's local date at `now` ("today at the appliance").
    pub fn today(&self, now: UnixTime) -> Date {
        Date::from_unix(self.local(now))
    }

    /// The gateway's local date-time at `now`, `YYYY-MM-DDTHH:MM:SS`.
    pub fn local_date_time(&self, now: UnixTime) -> String {
        let stamp = time::format_timestamp(self.local(now));
        stamp.trim_end_matches('Z').to_owned()
    }

    /// Whether a holiday mode covers heating circuit `circuit` today.
    pub fn holiday_on_heating(&self, circuit: u32, now: UnixTime) -> bool {
        let today = self.today(now);
        self.holiday_modes
            .iter()
            .any(|h| h.heating_circuits.contains(&circuit) && covers(h, today))
    }

    /// Heating circuit `id` as the API shows it at `now` (and its effective mode brought up to date).
    pub fn heating_view(&mut self, id: u32, now: UnixTime) -> Option<HeatingCircuit> {
        let holiday = self.holiday_on_heating(id, now);
        let local = self.local(now);
        self.heating.get_mut(&id).map(|h| h.view(holiday, local))
    }

    /// DHW circuit `id` as the API shows it at `now`.
    pub fn dhw_view(&self, id: u32, now: UnixTime) -> Option<DhwCircuit> {
        let local = self.local(now);
        self.dhw.get(&id).map(|d| d.view(local))
    }
}

fn covers(holiday: &HolidayMode, today: Date) -> bool {
    match (Date::parse(&holiday.start_date), Date::parse(&holiday.end_date)) {
        (Some(start), Some(end)) => start <= today && today <= end,
        _ => false,
    }
}

/// A heating circuit and what belongs to it.
#[derive(Clone, Debug)]
pub struct HeatingState {
    /// The circuit as stored: the selected (possibly not effective) operation mode, the
    /// settings, and the overriding modes as toggled (the holiday mode is added when read).
    pub circuit: HeatingCircuit,
    /// The heat curve.
    pub heat_curve: HeatCurve,
    /// The distribution type (`None`: 404).
    pub distribution: Option<HeatingDistributionType>,
    /// Time programs by id.
    pub programs: BTreeMap<u32, TimeProgram>,
    /// The operation mode in force: follows the stored one while no overriding mode is active.
    pub effective_mode: Option<HeatingOperationMode>,
    /// Whether the circuit reports `currentSetPointTemperature` (not ISRC, not ICOM).
    pub reports_set_point: bool,
}

impl HeatingState {
    /// Names of the stored overriding modes that are active.
    pub fn active_overrides(&self) -> Vec<String> {
        self.circuit.active_overriding_modes()
    }

    /// The circuit as the API shows it: the stored operation mode, the overriding modes (the
    /// holiday mode active while a holiday covers the circuit), and the setpoint of the mode
    /// in force.
    pub fn view(&mut self, holiday: bool, local: UnixTime) -> HeatingCircuit {
        let overridden = holiday || !self.active_overrides().is_empty();
        if !overridden {
            self.effective_mode = self.circuit.operation_mode.clone();
        }
        let mut out = self.circuit.clone();
        if holiday && let Some(modes) = &mut out.overriding_modes {
            modes
                .entry(HOLIDAY_OVERRIDE.to_owned())
                .or_insert_with(|| OverridingModeStatus {
                    active: true,
                    until: None,
                    extra: BTreeMap::new(),
                })
                .active = true;
        }
        if self.reports_set_point {
            out.current_set_point_temperature = self.set_point(local).or(out.current_set_point_temperature);
        }
        out
    }

    /// The setpoint of the mode in force at `local`: MANUAL's setpoint, AUTO's level from the
    /// selected time program, none when OFF.
    fn set_point(&self, local: UnixTime) -> Option<f64> {
        match self.effective_mode.as_ref()? {
            HeatingOperationMode::Manual => self.circuit.manual_mode_settings.as_ref()?.set_point_temperature,
            HeatingOperationMode::Auto => {
                let auto = self.circuit.auto_mode_settings.as_ref()?;
                let program = self.programs.get(&auto.selected_time_program_id?)?;
                let levels = auto.levels.as_ref()?;
                match level_at(program, local)? {
                    Level::Comfort => levels.comfort,
                    _ => levels.eco,
                }
            }
            HeatingOperationMode::Off => None,
            HeatingOperationMode::Unknown(_) => self.circuit.current_set_point_temperature,
        }
    }
}

/// A DHW circuit and what belongs to it.
#[derive(Clone, Debug)]
pub struct DhwState {
    /// The circuit as stored (the merged result of every patch).
    pub circuit: DhwCircuit,
    /// Time programs by id.
    pub programs: BTreeMap<u32, TimeProgram>,
    /// When the running extra charge ends.
    pub charge_until: Option<UnixTime>,
    /// Length of the last charge, minutes.
    pub charge_duration: Option<u32>,
}

impl DhwState {
    /// The circuit as the API shows it: `autoModeSettings.operationMode` is the level the
    /// selected time program asks for at `local`.
    pub fn view(&self, local: UnixTime) -> DhwCircuit {
        let mut out = self.circuit.clone();
        if let Some(auto) = &mut out.auto_mode_settings
            && let Some(program) = auto.selected_time_program_id.and_then(|id| self.programs.get(&id))
            && let Some(level) = level_at(program, local)
        {
            auto.operation_mode = Some(DhwOperationMode::from_wire(level.as_str()));
        }
        out
    }

    /// The extra charge at `now`.
    pub fn charge(&self, now: UnixTime) -> DhwCharge {
        let remaining = self.charge_until.filter(|until| *until > now).map(|until| {
            let secs = until.0 - now.0;
            u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX)
        });
        DhwCharge {
            charge_status: if remaining.is_some() {
                DhwChargeStatus::Active
            } else {
                DhwChargeStatus::Inactive
            },
            remaining_time_minutes: remaining,
            duration_minutes: self.charge_duration,
            extra: BTreeMap::new(),
        }
    }
}

/// Monday = 0 ... Sunday = 6, for a day count since 1970-01-01 (a Thursday).
fn weekday_index(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// The level a time program asks for at the local time `local`: the last switch point at
/// or before it, looking back over earlier days when today has none yet.
pub fn level_at(program: &TimeProgram, local: UnixTime) -> Option<Level> {
    let days = local.0.div_euclid(86_400);
    let minute = (local.0.rem_euclid(86_400) / 60) as u32;
    for back in 0..8 {
        let name = Weekday::KNOWN.get(weekday_index(days - back))?;
        let Some(day) = program.days.iter().find(|d| d.day.as_str() == *name) else {
            continue;
        };
        let started = |p: &&homecom_core::time_programs::SwitchPoint| {
            back > 0 || ClockTime::parse(&p.start_time).is_some_and(|t| t.minutes() <= minute)
        };
        if let Some(point) = day.switch_points.iter().rev().find(started) {
            return Some(point.level.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use homecom_core::time::parse_timestamp;

    #[test]
    fn level_follows_the_program_and_wraps_to_the_previous_day() {
        let program = TimeProgram::every_day(Some(1), &[("06:00", Level::Comfort), ("22:00", Level::Eco)]);
        let at = |s: &str| parse_timestamp(s).unwrap();
        assert_eq!(level_at(&program, at("2026-05-05T12:00:00Z")), Some(Level::Comfort));
        assert_eq!(level_at(&program, at("2026-05-05T22:00:00Z")), Some(Level::Eco));
        assert_eq!(level_at(&program, at("2026-05-05T05:59:00Z")), Some(Level::Eco));
        // 1970-01-01 was a Thursday; 2026-05-04 is a Monday.
        assert_eq!(weekday_index(0), 3);
        assert_eq!(weekday_index(Date::parse("2026-05-04").unwrap().days_since_epoch()), 0);
    }
}
