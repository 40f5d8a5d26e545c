//! The webhook events the simulator emits, built as the core's typed events.

use std::collections::BTreeMap;

use homecom_core::contracts::Contract;
use homecom_core::data_points::{self, DataPointEventKind};
use homecom_core::time::{self, Date, UnixTime};
use homecom_core::webhooks::{
    ApplianceStatus, ApplianceStatusEvent, ConnectivityStatusEvent, ContractStatus, ContractStatusEvent,
    DailyAggregateEvent, DailyAggregateProperty, DataPointEvent, DataPointValue, Event, EventType, StatusDescription,
};

use crate::state::{Gateway, State};

/// `CONTRACT_STATUS` for a contract that just reached its status.
pub fn contract_status(contract: &Contract, previous: Option<ContractStatus>) -> Event {
    Event::ContractStatus(ContractStatusEvent {
        gateway_id: contract.gateway_id.clone(),
        contract_status: contract.status.clone(),
        previous_contract_status: previous,
        status_date: contract.status_date.clone(),
        partner_user_id: contract.partner_user_id.clone(),
        extra: BTreeMap::new(),
    })
}

/// `CONNECTIVITY_STATUS` for a gateway's current status.
pub fn connectivity(gateway: &Gateway) -> Event {
    Event::ConnectivityStatus(ConnectivityStatusEvent {
        gateway_id: gateway.id.clone(),
        connectivity_status: gateway.connectivity(),
        timestamp: Some(time::format_timestamp(gateway.status_since)),
        extra: BTreeMap::new(),
    })
}

/// `DATA_POINT`; the unit defaults to the catalog's.
pub fn data_point(gateway_id: &str, key: &str, value: DataPointValue, unit: Option<String>, now: UnixTime) -> Event {
    let unit = unit.or_else(|| {
        data_points::find_entry(key)
            .map(|e| e.unit)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
    });
    Event::DataPoint(DataPointEvent {
        gateway_id: gateway_id.to_owned(),
        data_point: key.to_owned(),
        value,
        unit,
        timestamp: Some(time::format_timestamp(now)),
        extra: BTreeMap::new(),
    })
}

/// Whether a new value of `key` differs from the last one sent by at least the catalog's
/// threshold (any change when the catalog has none, or for texts).
pub fn crosses_threshold(key: &str, new: &DataPointValue, last: Option<&DataPointValue>) -> bool {
    match (new, last) {
        (_, None) => true,
        (DataPointValue::Number(n), Some(DataPointValue::Number(l))) => {
            match data_points::find_entry(key).and_then(|e| e.threshold) {
                Some(threshold) => (n - l).abs() >= threshold - 1e-9,
                None => n != l,
            }
        }
        (new, Some(last)) => new != last,
    }
}

/// The `DAILY_AGGREGATE` properties of the catalog, with plausible values for a day.
pub fn default_aggregate_properties(day: Date) -> Vec<DailyAggregateProperty> {
    let salt = f64::from(day.day);
    data_points::CATALOG
        .iter()
        .filter(|e| e.event == DataPointEventKind::DailyAggregate)
        .map(|entry| {
            let value = match entry.pattern {
                p if p.ends_with("waterPressure.min") => 1.4,
                p if p.ends_with("waterPressure.max") => 1.9,
                p if p.ends_with("waterPressure.mean") => 1.65,
                p if p.contains("domesticHotWater") => 2.0 + (salt % 3.0),
                p if p.contains("centralHeating") => 6.0 + (salt % 5.0),
                _ => salt % 2.0,
            };
            DailyAggregateProperty {
                key: entry.pattern.to_owned(),
                value: DataPointValue::Number(value),
                unit: (!entry.unit.is_empty()).then(|| entry.unit.to_owned()),
                extra: BTreeMap::new(),
            }
        })
        .collect()
}

/// `DAILY_AGGREGATE` for a day.
pub fn daily_aggregate(gateway_id: &str, date: Date, properties: Vec<DailyAggregateProperty>) -> Event {
    Event::DailyAggregate(DailyAggregateEvent {
        gateway_id: gateway_id.to_owned(),
        date: date.to_string(),
        properties,
        extra: BTreeMap::new(),
    })
}

/// A sample `APPLIANCE_STATUS`.
pub fn appliance_status(gateway_id: &str, status: ApplianceStatus, now: UnixTime) -> Event {
    let fault = status != ApplianceStatus::Ok;
    Event::ApplianceStatus(ApplianceStatusEvent {
        gateway_id: gateway_id.to_owned(),
        created_at: Some(time::format_timestamp(now)),
        appliance_status: status,
        error_code: fault.then(|| "A11".to_owned()),
        fault_class: fault.then_some(2),
        cause_code: fault.then_some(1010),
        descriptions: if fault {
            vec![
                description("de", "Außentemperaturfühler prüfen"),
                description("en", "Check the outdoor temperature sensor"),
            ]
        } else {
            Vec::new()
        },
        extra: BTreeMap::new(),
    })
}

fn description(language: &str, text: &str) -> StatusDescription {
    StatusDescription {
        language: language.to_owned(),
        text: text.to_owned(),
        extra: BTreeMap::new(),
    }
}

/// The sample event of `POST /webhooks/simulation`: built from the gateway's state where it
/// has one, else from defaults.
pub fn sample(kind: &EventType, gateway_id: &str, state: &State, now: UnixTime) -> Event {
    let gateway = state.gateways.get(gateway_id);
    match kind {
        EventType::ConnectivityStatus => match gateway {
            Some(g) => connectivity(g),
            None => Event::ConnectivityStatus(ConnectivityStatusEvent {
                gateway_id: gateway_id.to_owned(),
                connectivity_status: homecom_core::webhooks::ConnectivityStatus::Online,
                timestamp: Some(time::format_timestamp(now)),
                extra: BTreeMap::new(),
            }),
        },
        EventType::ApplianceStatus => appliance_status(gateway_id, ApplianceStatus::Warning, now),
        EventType::DataPoint => {
            let (key, value) = gateway
                .and_then(|g| {
                    g.data_points
                        .iter()
                        .find(|(_, v)| matches!(v, DataPointValue::Number(_)))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .unwrap_or_else(|| {
                    (
                        "hvac.emon.energyConsumptionTotal".to_owned(),
                        DataPointValue::Number(1234.56),
                    )
                });
            data_point(gateway_id, &key, value, None, now)
        }
        EventType::DailyAggregate => {
            let yesterday = Date::from_unix(UnixTime(now.0 - 86_400));
            daily_aggregate(gateway_id, yesterday, default_aggregate_properties(yesterday))
        }
        EventType::ContractStatus | EventType::Unknown(_) => match state.contracts.get(gateway_id) {
            Some(c) => contract_status(c, None),
            None => Event::ContractStatus(ContractStatusEvent {
                gateway_id: gateway_id.to_owned(),
                contract_status: ContractStatus::Active,
                previous_contract_status: Some(ContractStatus::Pending),
                status_date: Some(time::format_timestamp(now)),
                partner_user_id: Some(state.partner_user_id.clone()),
                extra: BTreeMap::new(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_come_from_the_catalog() {
        let n = DataPointValue::Number;
        let key = "hvac.emon.compressor.powerCurrent"; // 100 W
        assert!(!crosses_threshold(key, &n(1099.0), Some(&n(1000.0))));
        assert!(crosses_threshold(key, &n(1100.0), Some(&n(1000.0))));
        assert!(crosses_threshold(key, &n(900.0), Some(&n(1000.0))));
        let total = "hvac.emon.energyConsumptionTotal"; // 0.1 kWh
        assert!(!crosses_threshold(total, &n(10.05), Some(&n(10.0))));
        assert!(crosses_threshold(total, &n(10.1), Some(&n(10.0))));
        let free = "hvac.system.outdoorTemperature"; // no threshold: any change
        assert!(crosses_threshold(free, &n(3.01), Some(&n(3.0))));
        assert!(!crosses_threshold(free, &n(3.0), Some(&n(3.0))));
        let text = DataPointValue::Text;
        let status = "hvac.emon.compressor.operationStatus";
        assert!(crosses_threshold(
            status,
            &text("RUNNING".into()),
            Some(&text("IDLE".into()))
        ));
        assert!(!crosses_threshold(
            status,
            &text("IDLE".into()),
            Some(&text("IDLE".into()))
        ));
        assert!(crosses_threshold(status, &text("IDLE".into()), None));
    }

    #[test]
    fn aggregates_cover_the_catalog() {
        let props = default_aggregate_properties(Date::parse("2026-05-05").unwrap());
        assert!(props.len() >= 6);
        assert!(props.iter().all(|p| p.catalog().is_known()));
    }
}
