//! The company a simulator serves: its gateways, circuits, programs and contracts, as JSON.
//!
//! The format is documented in `simulator/README.md`. Resources use the Partner API's own
//! wire shapes (the `homecom-core` models), plus a few simulator fields (`shared`, `online`,
//! `consentDate`, ...). The built-in fixture is `fixtures/default.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use homecom_core::contracts::Contract;
use homecom_core::dhw::DhwCircuit;
use homecom_core::heating_circuits::{HeatCurve, HeatingCircuit, HeatingDistributionType};
use homecom_core::operation::check_gateway_id;
use homecom_core::platform::Component;
use homecom_core::system::{HolidayMode, SilentMode};
use homecom_core::time::{self, Date};
use homecom_core::time_programs::{CircuitKind, SwitchPoint, TimeProgram, TimeProgramDay, Weekday};
use homecom_core::validation::time_program;
use homecom_core::webhooks::{ContractStatus, DataPointValue};
use serde::{Deserialize, Serialize};

/// The built-in fixture, `simulator/fixtures/default.json`.
pub const DEFAULT_FIXTURE_JSON: &str = include_str!("../fixtures/default.json");

/// Ids of the gateways `--fleet N` adds start after this number (`2000000001`, ...).
pub const FLEET_ID_BASE: u64 = 2_000_000_000;

/// A simulated partner company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fixture {
    /// The partner company.
    pub company: CompanyFixture,
    /// Its appliances (gateways), shared with it or not.
    #[serde(default)]
    pub gateways: Vec<GatewayFixture>,
    /// Its contracts, in any status (a contract's gateway need not be in `gateways`).
    #[serde(default)]
    pub contracts: Vec<Contract>,
    /// The gateway `fleet` copies (each under a new id, with an ACTIVE contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fleet_template: Option<GatewayFixture>,
}

/// The partner company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyFixture {
    /// The company id (`GET /api-keys/me`).
    pub company_id: String,
    /// The demo partner user, to send as `x-user-id`.
    pub partner_user_id: String,
    /// A name, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One appliance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayFixture {
    /// The gateway id.
    pub gateway_id: String,
    /// What the gateway demonstrates, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the owner shares it with the partner (else 403). Default `true`.
    #[serde(default = "yes")]
    pub shared: bool,
    /// Whether it is online (else 504 on remote control and components). Default `true`.
    #[serde(default = "yes")]
    pub online: bool,
    /// Date of the owner's consent, `YYYY-MM-DD`; before 2024-07-01 remote control answers
    /// 451. Absent: a current consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_date: Option<String>,
    /// Offset of the gateway's local clock from UTC, minutes.
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// `GET .../components`.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Heating circuits.
    #[serde(default)]
    pub heating_circuits: Vec<HeatingCircuitFixture>,
    /// DHW circuits.
    #[serde(default)]
    pub dhw_circuits: Vec<DhwCircuitFixture>,
    /// Silent mode (absent: off, 22:00–06:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silent_mode: Option<SilentMode>,
    /// Holiday modes; dates may be `today`, `today+N` or `today-N` (resolved at start and reset).
    #[serde(default)]
    pub holiday_modes: Vec<HolidayMode>,
    /// Current data point values (the baseline of `DATA_POINT` events).
    #[serde(default)]
    pub data_points: BTreeMap<String, DataPointValue>,
}

fn yes() -> bool {
    true
}

/// A heating circuit: the `HeatingCircuit` wire object plus its heat curve, distribution type
/// and time programs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatingCircuitFixture {
    /// `GET .../heatCurve` (absent: an empty curve).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heat_curve: Option<HeatCurve>,
    /// `GET .../heatingDistributionType` (absent: 404).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heating_distribution_type: Option<HeatingDistributionType>,
    /// Time programs.
    #[serde(default)]
    pub time_programs: Vec<TimeProgramFixture>,
    /// The circuit as `GET .../heatingCircuits/{circuitId}` shows it.
    #[serde(flatten)]
    pub circuit: HeatingCircuit,
}

/// A DHW circuit: the `DhwCircuit` wire object plus its time programs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhwCircuitFixture {
    /// Time programs.
    #[serde(default)]
    pub time_programs: Vec<TimeProgramFixture>,
    /// The circuit as `GET .../dhwCircuits/{circuitId}` shows it.
    #[serde(flatten)]
    pub circuit: DhwCircuit,
}

/// A time program: the wire form (`days`), or a shorthand (`everyDay`, or `weekdays` +
/// `weekend`), each a list of switch points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimeProgramFixture {
    /// The program id.
    pub time_program_id: u32,
    /// The whole week (wire form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<TimeProgramDay>>,
    /// The same switch points every day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_day: Option<Vec<SwitchPoint>>,
    /// Monday to Friday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<Vec<SwitchPoint>>,
    /// Saturday and Sunday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend: Option<Vec<SwitchPoint>>,
}

impl TimeProgramFixture {
    /// The program in wire form, checked with the core's time program rules.
    pub fn to_program(&self, kind: CircuitKind) -> Result<TimeProgram, String> {
        let id = self.time_program_id;
        let days = match (&self.days, &self.every_day, &self.weekdays, &self.weekend) {
            (Some(days), None, None, None) => days.clone(),
            (None, Some(points), None, None) => week(|_| points),
            (None, None, Some(weekdays), Some(weekend)) => week(|i| if i < 5 { weekdays } else { weekend }),
            _ => {
                return Err(format!(
                    "time program {id}: give `days`, or `everyDay`, or `weekdays` and `weekend`"
                ));
            }
        };
        let program = TimeProgram {
            time_program_id: Some(id),
            days,
            extra: BTreeMap::new(),
        };
        let report = time_program::validate(&program, kind, Some(id));
        if let Some(v) = report.violations.first() {
            return Err(format!("time program {id} breaks a rule: {v}"));
        }
        Ok(program)
    }
}

fn week<'a>(points: impl Fn(usize) -> &'a Vec<SwitchPoint>) -> Vec<TimeProgramDay> {
    Weekday::KNOWN
        .iter()
        .enumerate()
        .map(|(i, day)| TimeProgramDay {
            day: Weekday::from_wire(day),
            switch_points: points(i).clone(),
            extra: BTreeMap::new(),
        })
        .collect()
}

impl Fixture {
    /// The built-in fixture.
    pub fn builtin() -> Fixture {
        // The built-in fixture is checked by the crate's tests; a broken one is a build bug.
        Fixture::from_json(DEFAULT_FIXTURE_JSON).unwrap_or_else(|e| panic!("the built-in fixture is invalid: {e}"))
    }

    /// Reads and checks a fixture from JSON.
    pub fn from_json(text: &str) -> Result<Fixture, String> {
        let fixture: Fixture = serde_json::from_str(text).map_err(|e| format!("invalid fixture JSON: {e}"))?;
        fixture.check()?;
        Ok(fixture)
    }

    /// Reads and checks a fixture file.
    pub fn from_file(path: &Path) -> Result<Fixture, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read fixture {}: {e}", path.display()))?;
        Fixture::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Checks ids (valid, unique), time programs (the core's rules) and dates.
    pub fn check(&self) -> Result<(), String> {
        let mut ids = BTreeSet::new();
        let template = self.fleet_template.iter();
        for gateway in self.gateways.iter().chain(template) {
            check_gateway_id(&gateway.gateway_id).map_err(|v| format!("gateway {:?}: {v}", gateway.gateway_id))?;
            if !ids.insert(gateway.gateway_id.as_str()) {
                return Err(format!("gateway {} is listed twice", gateway.gateway_id));
            }
            gateway.check()?;
        }
        let mut contracts = BTreeSet::new();
        for contract in &self.contracts {
            check_gateway_id(&contract.gateway_id).map_err(|v| format!("contract {:?}: {v}", contract.gateway_id))?;
            if !contracts.insert(contract.gateway_id.as_str()) {
                return Err(format!("gateway {} has two contracts", contract.gateway_id));
            }
        }
        Ok(())
    }

    /// The fixture with `n` copies of the fleet template (ids `2000000001`...), each with an
    /// ACTIVE contract. Uses the built-in template when this fixture has none.
    pub fn with_fleet(mut self, n: usize) -> Result<Fixture, String> {
        if n == 0 {
            return Ok(self);
        }
        let template = match &self.fleet_template {
            Some(t) => t.clone(),
            None => Fixture::builtin()
                .fleet_template
                .ok_or("the built-in fixture has no fleet template")?,
        };
        let company_user = self.company.partner_user_id.clone();
        for i in 1..=n as u64 {
            let id = (FLEET_ID_BASE + i).to_string();
            if self.gateways.iter().any(|g| g.gateway_id == id) {
                return Err(format!("fleet gateway {id} exists already in the fixture"));
            }
            let mut gateway = template.clone();
            gateway.gateway_id = id.clone();
            gateway.description = Some(format!("fleet gateway {i} of {n}"));
            for (index, component) in gateway.components.iter_mut().enumerate() {
                if component.serial_number.is_some() {
                    component.serial_number = Some(format!("77{index}{i:07}"));
                }
            }
            self.gateways.push(gateway);
            if !self.contracts.iter().any(|c| c.gateway_id == id) {
                self.contracts.push(Contract {
                    gateway_id: id,
                    status: ContractStatus::Active,
                    status_date: Some("2026-01-15T09:00:00Z".to_owned()),
                    user_id: Some(format!("fleet-owner-{i}")),
                    partner_user_id: Some(company_user.clone()),
                    address_lines: None,
                    postal_code: None,
                    city: None,
                    country: None,
                    extra: BTreeMap::new(),
                });
            }
        }
        Ok(self)
    }
}

impl GatewayFixture {
    fn check(&self) -> Result<(), String> {
        let id = &self.gateway_id;
        let mut circuits = BTreeSet::new();
        for hc in &self.heating_circuits {
            if hc.circuit.circuit_id == 0 || !circuits.insert(hc.circuit.circuit_id) {
                return Err(format!(
                    "gateway {id}: heating circuit {} is 0 or twice",
                    hc.circuit.circuit_id
                ));
            }
            check_programs(id, &hc.time_programs, CircuitKind::Heating)?;
        }
        circuits.clear();
        for dhw in &self.dhw_circuits {
            if dhw.circuit.circuit_id == 0 || !circuits.insert(dhw.circuit.circuit_id) {
                return Err(format!(
                    "gateway {id}: DHW circuit {} is 0 or twice",
                    dhw.circuit.circuit_id
                ));
            }
            check_programs(id, &dhw.time_programs, CircuitKind::Dhw)?;
        }
        if let Some(date) = &self.consent_date
            && Date::parse(date).is_none()
        {
            return Err(format!("gateway {id}: consentDate {date:?} is not YYYY-MM-DD"));
        }
        let today = Date {
            year: 2026,
            month: 1,
            day: 1,
        };
        for holiday in &self.holiday_modes {
            for date in [&holiday.start_date, &holiday.end_date] {
                if resolve_date(date, today).is_none() {
                    return Err(format!(
                        "gateway {id}: holiday date {date:?} is neither YYYY-MM-DD nor today[+-N]"
                    ));
                }
            }
        }
        Ok(())
    }
}

fn check_programs(gateway: &str, programs: &[TimeProgramFixture], kind: CircuitKind) -> Result<(), String> {
    let mut ids = BTreeSet::new();
    for program in programs {
        if program.time_program_id == 0 || !ids.insert(program.time_program_id) {
            return Err(format!(
                "gateway {gateway}: time program {} is 0 or twice",
                program.time_program_id
            ));
        }
        program
            .to_program(kind)
            .map_err(|e| format!("gateway {gateway}: {e}"))?;
    }
    Ok(())
}

/// Resolves a fixture date: `YYYY-MM-DD`, `today`, `today+N` or `today-N`.
pub fn resolve_date(text: &str, today: Date) -> Option<Date> {
    let Some(rest) = text.strip_prefix("today") else {
        return Date::parse(text);
    };
    let offset: i64 = match rest {
        "" => 0,
        _ => {
            let (sign, digits) = rest.split_at(1);
            let n: i64 = (digits.len() <= 5 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()?;
            match sign {
                "+" => n,
                "-" => -n,
                _ => return None,
            }
        }
    };
    let (y, m, d) = time::civil_from_days(today.days_since_epoch() + offset);
    Some(Date {
        year: y as i32,
        month: m as u8,
        day: d as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_fixture_is_valid_and_covers_the_brief() {
        let fixture = Fixture::builtin();
        let statuses: BTreeSet<&str> = fixture.contracts.iter().map(|c| c.status.as_str()).collect();
        for status in ["PENDING", "ACTIVE", "REJECTED", "REVOKED", "CLOSED"] {
            assert!(statuses.contains(status), "no {status} contract");
        }
        let control: BTreeSet<String> = fixture
            .gateways
            .iter()
            .flat_map(|g| &g.heating_circuits)
            .filter_map(|h| h.circuit.control_type.as_ref().map(|c| c.to_string()))
            .collect();
        assert_eq!(control.len(), 3, "{control:?}");
        let distribution: BTreeSet<String> = fixture
            .gateways
            .iter()
            .flat_map(|g| &g.heating_circuits)
            .filter_map(|h| h.heating_distribution_type.as_ref().map(|c| c.to_string()))
            .collect();
        assert_eq!(distribution.len(), 3, "{distribution:?}");
        assert!(fixture.gateways.iter().any(|g| !g.shared));
        assert!(fixture.gateways.iter().any(|g| !g.online));
        assert!(fixture.gateways.iter().any(|g| g.consent_date.is_some()));
        let big = fixture.with_fleet(1000).unwrap();
        assert!(big.gateways.iter().any(|g| g.gateway_id == "2000001000"));
        big.check().unwrap();
    }

    #[test]
    fn relative_dates() {
        let today = Date::parse("2026-12-30").unwrap();
        assert_eq!(resolve_date("today", today), Some(today));
        assert_eq!(resolve_date("today+3", today), Date::parse("2027-01-02"));
        assert_eq!(resolve_date("today-30", today), Date::parse("2026-11-30"));
        assert_eq!(resolve_date("2026-01-01", today), Date::parse("2026-01-01"));
        for bad in ["today*3", "today+", "tomorrow", "today+x", "2026-02-30"] {
            assert_eq!(resolve_date(bad, today), None, "{bad}");
        }
    }
}
