//! The data point catalog (§5): every key the release notes name, with what is known of it.
//!
//! Webhook `DATA_POINT` events carry a `dataPoint` key, `DAILY_AGGREGATE` events carry
//! `properties[].key`. [`lookup`] maps such a key to its [`DataPointEntry`], resolving the
//! placeholders of the documented patterns:
//!
//! | placeholder | matches | captured as |
//! |---|---|---|
//! | `hcX` | `hc<digits>` | [`DataPointMatch::circuit`] |
//! | `dhwX` | `dhw<digits>` | [`DataPointMatch::circuit`] |
//! | `hs{heatSourceId}` | `hs<digits>` | [`DataPointMatch::heat_source`] |
//! | `{holidayModeId}` | any one non-empty segment | [`DataPointMatch::holiday_mode_id`] |
//!
//! A literal key always wins over a pattern: `hvac.domesticHotWater.dhw1.cylinderTemperature`
//! is a literal key and matches only `dhw1`, while `hvac.domesticHotWater.dhw1.requestedLevel`
//! matches the `dhwX` pattern with circuit 1. A key that is not in the catalog still parses
//! and is flagged unknown ([`DataPointMatch::is_known`]).
//!
//! Provenance: keys, `since`, thresholds, the kWh resolution and the control units are from
//! the release notes `\[seed\]`; units other than kWh and every enum value set except
//! `IDLE` are `\[assumed\]` (see each entry's [`DataPointEntry::provenance`]).

use std::sync::OnceLock;

use serde::Serialize;

open_enum! {
    /// Which webhook event carries a data point.
    pub enum DataPointEventKind {
        /// A `DATA_POINT` event (`dataPoint`, `value`).
        DataPoint => "DATA_POINT",
        /// A property of a `DAILY_AGGREGATE` event (`properties[].key`).
        DailyAggregate => "DAILY_AGGREGATE",
    }
}

open_enum! {
    /// What kind of value a data point carries.
    pub enum ValueKind {
        /// A monotonically increasing total (the `...Total...` energy keys); it restarts at 0
        /// after an appliance reset \[docs\].
        Counter => "COUNTER",
        /// A measured number (temperature, power, speed, pressure).
        Number => "NUMBER",
        /// A text from a small set of values (see [`DataPointEntry::enum_values`]).
        Enum => "ENUM",
        /// A count over the aggregated day (number of starts).
        Count => "COUNT",
    }
}

/// One entry of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPointEntry {
    /// The key or key pattern exactly as the release notes write it, e.g.
    /// `hvac.heatingCircuit.hcX.flowTemperature`.
    pub pattern: &'static str,
    /// Which event carries it.
    pub event: DataPointEventKind,
    /// What kind of value it carries.
    pub kind: ValueKind,
    /// The unit (`kWh`, `W`, `°C`, `%`, `bar`, `count`), empty for enums.
    pub unit: &'static str,
    /// The smallest step of the value, when known (kWh values carry two decimals
    /// \[seed 2024-04-29\]).
    pub resolution: Option<f64>,
    /// The change that makes the API send a new event, when known \[seed v1.11\].
    pub threshold: Option<f64>,
    /// The control units that report it; empty means all, or not documented \[seed v1.5\].
    pub control_units: &'static [&'static str],
    /// The release that added it, as the catalog table writes it (`v1.24`, `2024-07-30`,
    /// `<=v1.10`).
    pub since: &'static str,
    /// The values of an [`ValueKind::Enum`] data point that this SDK knows; empty when none
    /// are documented. Other values still parse.
    pub enum_values: &'static [&'static str],
    /// Where each fact of the entry comes from (`\[seed ...\]`, `\[assumed\]`).
    pub provenance: &'static str,
}

impl DataPointEntry {
    /// Whether the pattern has a placeholder (`hcX`, `dhwX`, `hs{heatSourceId}`,
    /// `{holidayModeId}`).
    pub fn is_pattern(&self) -> bool {
        self.pattern
            .split('.')
            .any(|segment| Placeholder::of(segment).is_some())
    }

    /// Whether the data point is a counter that may restart at 0 ([`ValueKind::Counter`]).
    pub fn is_counter(&self) -> bool {
        self.kind == ValueKind::Counter
    }

    /// Whether `text` is one of the documented [`DataPointEntry::enum_values`].
    pub fn is_known_enum_value(&self, text: &str) -> bool {
        self.enum_values.contains(&text)
    }
}

/// Values of the `...operationStatus` data points of the heat pump.
///
/// `IDLE` replaced `OFFLINE` in v1.12 \[seed\]; `RUNNING` is \[assumed\]: the release notes name
/// no other value. Values not listed here still parse.
pub const OPERATION_STATUS_VALUES: &[&str] = &["IDLE", "RUNNING"];
/// Values of `hvac.domesticHotWater.dhw1.chargeStatus`, as the charge endpoint reports them
/// (§2.5). \[assumed for the data point\]
pub const CHARGE_STATUS_VALUES: &[&str] = &["ACTIVE", "INACTIVE"];
/// Values of `hvac.domesticHotWater.dhwX.requestedLevel`: the DHW levels (§2.4). \[assumed\]
pub const REQUESTED_LEVEL_VALUES: &[&str] = &["OFF", "ECO_PLUS", "ECO", "COMFORT"];
/// Values of `hvac.system.holidayMode.{holidayModeId}`. \[assumed\]
pub const HOLIDAY_MODE_VALUES: &[&str] = &["ACTIVE", "INACTIVE"];

/// Control units of the `.lowRes` keys. \[seed v1.5\]
const CU_HP: &[&str] = &["CU-HP"];
/// Control units of `hvac.emon.energySupplyTotal`. \[seed v1.5\]
const XCU_HP: &[&str] = &["xCU-HP"];
const ALL: &[&str] = &[];
const NONE: &[&str] = &[];

/// Builds an entry from every field (struct-update syntax would need a destructor at
/// compile time).
#[allow(clippy::too_many_arguments)]
const fn make(
    pattern: &'static str,
    event: DataPointEventKind,
    kind: ValueKind,
    unit: &'static str,
    resolution: Option<f64>,
    threshold: Option<f64>,
    control_units: &'static [&'static str],
    since: &'static str,
    enum_values: &'static [&'static str],
    provenance: &'static str,
) -> DataPointEntry {
    DataPointEntry {
        pattern,
        event,
        kind,
        unit,
        resolution,
        threshold,
        control_units,
        since,
        enum_values,
        provenance,
    }
}

/// An energy total in kWh: a counter with two decimals \[seed 2024-04-29\].
const fn kwh(
    pattern: &'static str,
    since: &'static str,
    threshold: Option<f64>,
    control_units: &'static [&'static str],
    provenance: &'static str,
) -> DataPointEntry {
    make(
        pattern,
        DataPointEventKind::DataPoint,
        ValueKind::Counter,
        "kWh",
        Some(0.01),
        threshold,
        control_units,
        since,
        NONE,
        provenance,
    )
}

/// A measured number of a `DATA_POINT` event.
const fn number(
    pattern: &'static str,
    unit: &'static str,
    since: &'static str,
    threshold: Option<f64>,
    provenance: &'static str,
) -> DataPointEntry {
    make(
        pattern,
        DataPointEventKind::DataPoint,
        ValueKind::Number,
        unit,
        None,
        threshold,
        ALL,
        since,
        NONE,
        provenance,
    )
}

/// An enum text of a `DATA_POINT` event.
const fn enumeration(
    pattern: &'static str,
    since: &'static str,
    values: &'static [&'static str],
    provenance: &'static str,
) -> DataPointEntry {
    make(
        pattern,
        DataPointEventKind::DataPoint,
        ValueKind::Enum,
        "",
        None,
        None,
        ALL,
        since,
        values,
        provenance,
    )
}

/// A property of a `DAILY_AGGREGATE` event.
const fn aggregate(
    pattern: &'static str,
    kind: ValueKind,
    unit: &'static str,
    since: &'static str,
    provenance: &'static str,
) -> DataPointEntry {
    make(
        pattern,
        DataPointEventKind::DailyAggregate,
        kind,
        unit,
        None,
        None,
        ALL,
        since,
        NONE,
        provenance,
    )
}

/// The catalog: the 36 keys the release notes name (`data-points.tsv`), in its order.
pub static CATALOG: &[DataPointEntry] = &[
    kwh(
        "hvac.emon.energyConsumptionTotal",
        "<=v1.10",
        Some(0.1),
        ALL,
        "[seed] key; threshold 0.1 kWh (v1.11); two decimals (2024-04-29); unit kWh (2024-03-18)",
    ),
    kwh(
        "hvac.emon.energyConsumptionTotal.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution: the 2024-04-29 two-decimal rule for hvac.emon kWh \
         values, applied although the key says low resolution [assumed]",
    ),
    kwh(
        "hvac.emon.energySupplyTotal",
        "v1.5",
        Some(0.1),
        XCU_HP,
        "[seed v1.5] key, xCU-HP; threshold 0.1 kWh (v1.11); two decimals (2024-04-29)",
    ),
    kwh(
        "hvac.emon.energySupplyTotal.lowRes",
        "v1.0",
        None,
        CU_HP,
        "[seed v1.0] key; CU-HP (v1.5); resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    kwh(
        "hvac.emon.compressor.energyConsumptionTotal.centralHeating",
        "<=v1.10",
        Some(0.1),
        ALL,
        "[seed] key; threshold 0.1 kWh (v1.11); two decimals (2024-04-29)",
    ),
    kwh(
        "hvac.emon.compressor.energyConsumptionTotal.centralHeating.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    kwh(
        "hvac.emon.compressor.energyConsumptionTotal.domesticHotWater.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    kwh(
        "hvac.emon.compressor.energyConsumptionTotal.cooling.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    kwh(
        "hvac.emon.eheater.energyConsumptionTotal.centralHeating.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    kwh(
        "hvac.emon.eheater.energyConsumptionTotal.domesticHotWater.lowRes",
        "v1.5",
        None,
        CU_HP,
        "[seed v1.5] key, CU-HP; resolution per 2024-04-29 [assumed for .lowRes]",
    ),
    number(
        "hvac.emon.compressor.powerCurrent",
        "W",
        "2024-07-30",
        Some(100.0),
        "[seed 2024-07-30] key; threshold 100 W (v1.11); limitations updated v1.30; unit W \
         [assumed]",
    ),
    number(
        "hvac.emon.eheater.powerCurrent",
        "W",
        "2024-07-30",
        None,
        "[seed 2024-07-30] key; unit W [assumed]",
    ),
    enumeration(
        "hvac.emon.compressor.operationStatus",
        "2024-04-02",
        OPERATION_STATUS_VALUES,
        "[seed 2024-04-02] key; IDLE replaced OFFLINE (v1.12); RUNNING [assumed]",
    ),
    enumeration(
        "hvac.emon.eheater.operationStatus",
        "2024-04-02",
        OPERATION_STATUS_VALUES,
        "[seed 2024-04-02] key; IDLE replaced OFFLINE (v1.12); RUNNING [assumed]",
    ),
    number(
        "hvac.system.outdoorTemperature",
        "°C",
        "v1.4",
        None,
        "[seed v1.4] key; unit °C [assumed]",
    ),
    number(
        "hvac.domesticHotWater.dhw1.cylinderTemperature",
        "°C",
        "v1.8",
        Some(1.0),
        "[seed v1.8] key; threshold 1 °C (v1.10, kept v1.11); literal dhw1; unit °C [assumed]",
    ),
    enumeration(
        "hvac.system.holidayMode.{holidayModeId}",
        "v1.9",
        HOLIDAY_MODE_VALUES,
        "[seed v1.9] key; values ACTIVE/INACTIVE [assumed]",
    ),
    enumeration(
        "hvac.energyManagement.operationStatus",
        "v1.19",
        NONE,
        "[seed v1.19] key; values not documented [assumed: enum text]",
    ),
    number(
        "hvac.compressor.currentSpeed",
        "%",
        "v1.24",
        None,
        "[seed v1.24] key; unit % [assumed]",
    ),
    enumeration(
        "hvac.domesticHotWater.dhw1.chargeStatus",
        "v1.24",
        CHARGE_STATUS_VALUES,
        "[seed v1.24] key, literal dhw1; values as the charge endpoint [assumed]",
    ),
    enumeration(
        "hvac.domesticHotWater.dhwX.requestedLevel",
        "v1.24",
        REQUESTED_LEVEL_VALUES,
        "[seed v1.24] key, X = circuit number; values: the DHW levels [assumed]",
    ),
    number(
        "hvac.heatingCircuit.hcX.flowTemperature",
        "°C",
        "v1.24",
        None,
        "[seed v1.24] key, X = circuit number; unit °C [assumed]",
    ),
    number(
        "hvac.heatingCircuit.hcX.roomTemperature",
        "°C",
        "v1.24",
        None,
        "[seed v1.24] key, X = circuit number; unit °C [assumed]",
    ),
    number(
        "hvac.system.sensor.t0",
        "°C",
        "v1.24",
        None,
        "[seed v1.24] key; unit °C [assumed]",
    ),
    number(
        "hvac.system.sensor.tc0",
        "°C",
        "v1.24",
        None,
        "[seed v1.24] key; unit °C [assumed]",
    ),
    number(
        "hvac.system.sensor.tc1",
        "°C",
        "v1.24",
        None,
        "[seed v1.24] key; unit °C [assumed]",
    ),
    number(
        "hvac.cascade.hs{heatSourceId}.compressor.currentSpeed",
        "%",
        "v1.35",
        None,
        "[seed v1.35] key; unit % [assumed]",
    ),
    enumeration(
        "hvac.cascade.hs{heatSourceId}.emon.compressor.operationStatus",
        "v1.35",
        OPERATION_STATUS_VALUES,
        "[seed v1.35] key; values as hvac.emon.compressor.operationStatus [assumed]",
    ),
    number(
        "hvac.cascade.hs{heatSourceId}.emon.compressor.powerCurrent",
        "W",
        "v1.35",
        None,
        "[seed v1.35] key; unit W [assumed]",
    ),
    aggregate(
        "hvac.compressor.centralHeating.numberOfStarts",
        ValueKind::Count,
        "count",
        "v1.3",
        "[seed v1.3] daily aggregate property",
    ),
    aggregate(
        "hvac.centralHeating.waterPressure.min",
        ValueKind::Number,
        "bar",
        "v1.3",
        "[seed v1.3] daily aggregate property; unit bar [assumed]",
    ),
    aggregate(
        "hvac.centralHeating.waterPressure.max",
        ValueKind::Number,
        "bar",
        "v1.3",
        "[seed v1.3] daily aggregate property; unit bar [assumed]",
    ),
    aggregate(
        "hvac.centralHeating.waterPressure.mean",
        ValueKind::Number,
        "bar",
        "v1.3",
        "[seed v1.3] daily aggregate property; unit bar [assumed]",
    ),
    aggregate(
        "hvac.compressor.domesticHotWater.numberOfStarts",
        ValueKind::Count,
        "count",
        "v1.21",
        "[seed v1.21] daily aggregate property",
    ),
    aggregate(
        "hvac.compressor.cooling.numberOfStarts",
        ValueKind::Count,
        "count",
        "v1.21",
        "[seed v1.21] daily aggregate property",
    ),
    aggregate(
        "hvac.compressor.pool.numberOfStarts",
        ValueKind::Count,
        "count",
        "v1.21",
        "[seed v1.21] daily aggregate property",
    ),
];

/// The result of [`lookup`]: the key, its catalog entry if any, and the placeholder values.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPointMatch {
    /// The key as received.
    pub key: String,
    /// The catalog entry; `None` for a key the catalog does not know.
    pub entry: Option<&'static DataPointEntry>,
    /// The circuit number of an `hcX` or `dhwX` key (`hc2` → 2).
    pub circuit: Option<u32>,
    /// The heat source of an `hs{heatSourceId}` key (`hs3` → 3).
    pub heat_source: Option<u32>,
    /// The segment that matched `{holidayModeId}`.
    pub holiday_mode_id: Option<String>,
}

impl DataPointMatch {
    /// Whether the catalog knows the key.
    pub fn is_known(&self) -> bool {
        self.entry.is_some()
    }

    /// The value kind of the key, if known.
    pub fn kind(&self) -> Option<&'static ValueKind> {
        self.entry.map(|entry| &entry.kind)
    }
}

/// Looks a data point key up in the [`CATALOG`], in time proportional to its number of
/// segments. A literal key wins over a pattern; an unknown key gives `entry: None`.
pub fn lookup(key: &str) -> DataPointMatch {
    let mut result = DataPointMatch {
        key: key.to_owned(),
        entry: None,
        circuit: None,
        heat_source: None,
        holiday_mode_id: None,
    };
    if let Some((entry, captures)) = resolve(key) {
        result.entry = Some(entry);
        result.circuit = captures.circuit;
        result.heat_source = captures.heat_source;
        result.holiday_mode_id = captures.holiday_mode_id.map(str::to_owned);
    }
    result
}

/// The catalog entry of a key, like [`lookup`] but without allocating.
pub fn find_entry(key: &str) -> Option<&'static DataPointEntry> {
    resolve(key).map(|(entry, _)| entry)
}

fn resolve(key: &str) -> Option<(&'static DataPointEntry, Captures<'_>)> {
    let mut segments = [""; MAX_SEGMENTS];
    let mut count = 0;
    for segment in key.split('.') {
        // A key longer than every pattern is unknown.
        *segments.get_mut(count)? = segment;
        count += 1;
    }
    let segments = segments.get(..count)?;
    let mut captures = Captures::default();
    let index = trie().walk(0, segments, &mut captures)?;
    Some((CATALOG.get(index)?, captures))
}

/// More segments than the longest pattern has (7); longer keys are unknown at once.
const MAX_SEGMENTS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placeholder {
    /// `hcX`
    HeatingCircuit,
    /// `dhwX`
    DhwCircuit,
    /// `hs{heatSourceId}`
    HeatSource,
    /// `{holidayModeId}`
    HolidayMode,
}

impl Placeholder {
    fn of(segment: &str) -> Option<Placeholder> {
        match segment {
            "hcX" => Some(Placeholder::HeatingCircuit),
            "dhwX" => Some(Placeholder::DhwCircuit),
            "hs{heatSourceId}" => Some(Placeholder::HeatSource),
            "{holidayModeId}" => Some(Placeholder::HolidayMode),
            _ => None,
        }
    }

    /// Whether `segment` fills the placeholder; records what it captures.
    fn accept<'k>(self, segment: &'k str, captures: &mut Captures<'k>) -> bool {
        match self {
            Placeholder::HeatingCircuit => number_after(segment, "hc")
                .map(|n| captures.circuit = Some(n))
                .is_some(),
            Placeholder::DhwCircuit => number_after(segment, "dhw")
                .map(|n| captures.circuit = Some(n))
                .is_some(),
            Placeholder::HeatSource => number_after(segment, "hs")
                .map(|n| captures.heat_source = Some(n))
                .is_some(),
            Placeholder::HolidayMode => {
                let ok = !segment.is_empty();
                if ok {
                    captures.holiday_mode_id = Some(segment);
                }
                ok
            }
        }
    }
}

/// `hc12` with prefix `hc` → 12; `None` unless the rest is 1–9 ASCII digits.
fn number_after(segment: &str, prefix: &str) -> Option<u32> {
    let digits = segment.strip_prefix(prefix)?;
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[derive(Clone, Copy, Default)]
struct Captures<'k> {
    circuit: Option<u32>,
    heat_source: Option<u32>,
    holiday_mode_id: Option<&'k str>,
}

#[derive(Default)]
struct Node {
    literals: Vec<(&'static str, usize)>,
    placeholders: Vec<(Placeholder, usize)>,
    entry: Option<usize>,
}

/// The catalog's patterns as a trie of segments, built once.
struct Trie {
    nodes: Vec<Node>,
}

fn trie() -> &'static Trie {
    static TRIE: OnceLock<Trie> = OnceLock::new();
    TRIE.get_or_init(Trie::build)
}

impl Trie {
    fn build() -> Trie {
        let mut trie = Trie {
            nodes: vec![Node::default()],
        };
        for (index, entry) in CATALOG.iter().enumerate() {
            let mut node = 0;
            for segment in entry.pattern.split('.') {
                node = trie.child(node, segment);
            }
            if let Some(n) = trie.nodes.get_mut(node) {
                n.entry = Some(index);
            }
        }
        trie
    }

    /// The child of `node` for a pattern segment, created if needed.
    fn child(&mut self, node: usize, segment: &'static str) -> usize {
        let next = self.nodes.len();
        let Some(n) = self.nodes.get_mut(node) else {
            return node;
        };
        let found = match Placeholder::of(segment) {
            Some(p) => n.placeholders.iter().find(|(q, _)| *q == p).map(|x| x.1),
            None => n.literals.iter().find(|(s, _)| *s == segment).map(|x| x.1),
        };
        if let Some(child) = found {
            return child;
        }
        match Placeholder::of(segment) {
            Some(p) => n.placeholders.push((p, next)),
            None => n.literals.push((segment, next)),
        }
        self.nodes.push(Node::default());
        next
    }

    /// Matches `segments` from `node`: literals first, then placeholders (backtracking is
    /// bounded by the depth of the trie).
    fn walk<'k>(&self, node: usize, segments: &[&'k str], captures: &mut Captures<'k>) -> Option<usize> {
        let n = self.nodes.get(node)?;
        let Some((first, rest)) = segments.split_first() else {
            return n.entry;
        };
        if let Some(&(_, child)) = n.literals.iter().find(|(s, _)| s == first) {
            if let Some(found) = self.walk(child, rest, captures) {
                return Some(found);
            }
        }
        for &(placeholder, child) in &n.placeholders {
            let mut trial = *captures;
            if placeholder.accept(first, &mut trial) {
                if let Some(found) = self.walk(child, rest, &mut trial) {
                    *captures = trial;
                    return Some(found);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys column of `data-points.tsv`, in its order.
    const TSV_KEYS: &[&str] = &[
        "hvac.emon.energyConsumptionTotal",
        "hvac.emon.energyConsumptionTotal.lowRes",
        "hvac.emon.energySupplyTotal",
        "hvac.emon.energySupplyTotal.lowRes",
        "hvac.emon.compressor.energyConsumptionTotal.centralHeating",
        "hvac.emon.compressor.energyConsumptionTotal.centralHeating.lowRes",
        "hvac.emon.compressor.energyConsumptionTotal.domesticHotWater.lowRes",
        "hvac.emon.compressor.energyConsumptionTotal.cooling.lowRes",
        "hvac.emon.eheater.energyConsumptionTotal.centralHeating.lowRes",
        "hvac.emon.eheater.energyConsumptionTotal.domesticHotWater.lowRes",
        "hvac.emon.compressor.powerCurrent",
        "hvac.emon.eheater.powerCurrent",
        "hvac.emon.compressor.operationStatus",
        "hvac.emon.eheater.operationStatus",
        "hvac.system.outdoorTemperature",
        "hvac.domesticHotWater.dhw1.cylinderTemperature",
        "hvac.system.holidayMode.{holidayModeId}",
        "hvac.energyManagement.operationStatus",
        "hvac.compressor.currentSpeed",
        "hvac.domesticHotWater.dhw1.chargeStatus",
        "hvac.domesticHotWater.dhwX.requestedLevel",
        "hvac.heatingCircuit.hcX.flowTemperature",
        "hvac.heatingCircuit.hcX.roomTemperature",
        "hvac.system.sensor.t0",
        "hvac.system.sensor.tc0",
        "hvac.system.sensor.tc1",
        "hvac.cascade.hs{heatSourceId}.compressor.currentSpeed",
        "hvac.cascade.hs{heatSourceId}.emon.compressor.operationStatus",
        "hvac.cascade.hs{heatSourceId}.emon.compressor.powerCurrent",
        "hvac.compressor.centralHeating.numberOfStarts",
        "hvac.centralHeating.waterPressure.min",
        "hvac.centralHeating.waterPressure.max",
        "hvac.centralHeating.waterPressure.mean",
        "hvac.compressor.domesticHotWater.numberOfStarts",
        "hvac.compressor.cooling.numberOfStarts",
        "hvac.compressor.pool.numberOfStarts",
    ];

    /// A concrete key for a pattern: placeholders filled with 1 (or `7` for holiday modes).
    fn concrete(pattern: &str) -> String {
        pattern
            .replace("hcX", "hc1")
            .replace("dhwX", "dhw1")
            .replace("hs{heatSourceId}", "hs1")
            .replace("{holidayModeId}", "7")
    }

    #[test]
    fn catalog_has_the_36_keys_of_the_table_in_order() {
        assert_eq!(CATALOG.len(), 36);
        let patterns: Vec<&str> = CATALOG.iter().map(|e| e.pattern).collect();
        assert_eq!(patterns, TSV_KEYS);
        let mut unique = patterns.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 36);
    }

    #[test]
    fn catalog_matches_the_shared_table_when_present() {
        // The table lives outside the crate; check it when the work tree has it.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec/data-points.tsv");
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let rows: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), CATALOG.len());
        for (row, entry) in rows.iter().zip(CATALOG) {
            assert_eq!(row.first().copied(), Some(entry.pattern));
            assert_eq!(row.get(1).copied(), Some(entry.event.as_str()));
            assert_eq!(row.get(2).copied(), Some(entry.since), "{}", entry.pattern);
            let unit = row.get(3).copied().unwrap_or("");
            let expected_unit = if unit == "enum" { "" } else { unit };
            assert_eq!(entry.unit, expected_unit, "{}", entry.pattern);
            let threshold = row.get(4).copied().unwrap_or("");
            let parsed = threshold.split_whitespace().next().and_then(|n| n.parse::<f64>().ok());
            assert_eq!(entry.threshold, parsed, "{}", entry.pattern);
        }
    }

    #[test]
    fn every_key_looks_up_to_its_own_entry() {
        for entry in CATALOG {
            let key = concrete(entry.pattern);
            let found = lookup(&key);
            assert!(found.is_known(), "{key}");
            assert_eq!(found.entry.map(|e| e.pattern), Some(entry.pattern), "{key}");
            assert_eq!(found.key, key);
        }
        // The literal keys (no placeholder) look up exactly as written.
        for entry in CATALOG.iter().filter(|e| !e.is_pattern()) {
            let found = lookup(entry.pattern);
            assert_eq!(found.entry, Some(entry));
            assert_eq!(found.circuit, None);
            assert_eq!(found.heat_source, None);
            assert_eq!(found.holiday_mode_id, None);
        }
        assert_eq!(CATALOG.iter().filter(|e| e.is_pattern()).count(), 7);
    }

    #[test]
    fn heating_circuit_placeholder() {
        let found = lookup("hvac.heatingCircuit.hc2.flowTemperature");
        assert_eq!(
            found.entry.map(|e| e.pattern),
            Some("hvac.heatingCircuit.hcX.flowTemperature")
        );
        assert_eq!(found.circuit, Some(2));
        assert_eq!(found.kind(), Some(&ValueKind::Number));
        let found = lookup("hvac.heatingCircuit.hc12.roomTemperature");
        assert_eq!(found.circuit, Some(12));
        assert!(found.is_known());
        for bad in [
            "hvac.heatingCircuit.hc.flowTemperature",
            "hvac.heatingCircuit.hcX.flowTemperature.x",
            "hvac.heatingCircuit.hc-1.flowTemperature",
            "hvac.heatingCircuit.hc1a.flowTemperature",
            "hvac.heatingCircuit.hc 1.flowTemperature",
            "hvac.heatingCircuit.hc99999999999.flowTemperature",
            "hvac.heatingCircuit.dhw1.flowTemperature",
            "hvac.heatingCircuit.hc1",
        ] {
            assert!(!lookup(bad).is_known(), "{bad}");
        }
        // The literal pattern text itself is not a key.
        assert!(!lookup("hvac.heatingCircuit.hcX.flowTemperature").is_known());
    }

    #[test]
    fn dhw_literal_keys_win_and_only_match_dhw1() {
        let found = lookup("hvac.domesticHotWater.dhw1.cylinderTemperature");
        assert_eq!(
            found.entry.map(|e| e.pattern),
            Some("hvac.domesticHotWater.dhw1.cylinderTemperature")
        );
        assert_eq!(found.circuit, None);
        assert_eq!(found.entry.and_then(|e| e.threshold), Some(1.0));
        assert!(!lookup("hvac.domesticHotWater.dhw2.cylinderTemperature").is_known());
        assert!(!lookup("hvac.domesticHotWater.dhw2.chargeStatus").is_known());
        assert!(lookup("hvac.domesticHotWater.dhw1.chargeStatus").is_known());

        let found = lookup("hvac.domesticHotWater.dhw1.requestedLevel");
        assert_eq!(
            found.entry.map(|e| e.pattern),
            Some("hvac.domesticHotWater.dhwX.requestedLevel")
        );
        assert_eq!(found.circuit, Some(1));
        let found = lookup("hvac.domesticHotWater.dhw3.requestedLevel");
        assert_eq!(found.circuit, Some(3));
        assert!(found.entry.is_some_and(|e| e.is_known_enum_value("ECO_PLUS")));
    }

    #[test]
    fn heat_source_and_holiday_mode_placeholders() {
        let found = lookup("hvac.cascade.hs3.emon.compressor.powerCurrent");
        assert_eq!(
            found.entry.map(|e| e.pattern),
            Some("hvac.cascade.hs{heatSourceId}.emon.compressor.powerCurrent")
        );
        assert_eq!(found.heat_source, Some(3));
        assert_eq!(found.circuit, None);
        assert!(!lookup("hvac.cascade.hsA.compressor.currentSpeed").is_known());
        assert!(!lookup("hvac.cascade.hs{heatSourceId}.compressor.currentSpeed").is_known());

        let found = lookup("hvac.system.holidayMode.abc-1");
        assert_eq!(
            found.entry.map(|e| e.pattern),
            Some("hvac.system.holidayMode.{holidayModeId}")
        );
        assert_eq!(found.holiday_mode_id.as_deref(), Some("abc-1"));
        assert!(!lookup("hvac.system.holidayMode.").is_known());
        assert!(!lookup("hvac.system.holidayMode").is_known());
        assert!(!lookup("hvac.system.holidayMode.1.x").is_known());
    }

    #[test]
    fn unknown_keys_parse_as_unknown() {
        for key in [
            "",
            ".",
            "hvac",
            "hvac.",
            "hvac.emon",
            "hvac.emon.energyConsumptionTotal.",
            "hvac.emon.energyConsumptionTotal.lowres",
            "HVAC.emon.energyConsumptionTotal",
            "hvac.future.dataPoint",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p",
            "hvac.heatingCircuit.hc2.flowTemperature\u{0}",
            "é.ü.日本",
        ] {
            let found = lookup(key);
            assert!(!found.is_known(), "{key:?}");
            assert_eq!(found.key, key);
            assert_eq!(found.kind(), None);
        }
        let long = "x.".repeat(100_000);
        assert!(!lookup(&long).is_known());
    }

    #[test]
    fn facts_of_the_entries() {
        let get = |key: &str| lookup(key).entry.expect(key);
        let e = get("hvac.emon.energyConsumptionTotal");
        assert_eq!(e.kind, ValueKind::Counter);
        assert_eq!((e.unit, e.resolution, e.threshold), ("kWh", Some(0.01), Some(0.1)));
        let e = get("hvac.emon.energySupplyTotal");
        assert_eq!(e.control_units, &["xCU-HP"]);
        for e in CATALOG {
            let counter = e.pattern.contains("Total");
            assert_eq!(e.is_counter(), counter, "{}", e.pattern);
            assert_eq!(e.pattern.ends_with(".lowRes"), e.control_units == ["CU-HP"]);
            assert_eq!(e.kind == ValueKind::Enum, e.unit.is_empty(), "{}", e.pattern);
            assert_eq!(e.resolution.is_some(), e.unit == "kWh", "{}", e.pattern);
            if e.kind != ValueKind::Enum {
                assert!(e.enum_values.is_empty());
            }
            assert!(!e.provenance.is_empty());
            assert_eq!(
                e.event == DataPointEventKind::DailyAggregate,
                e.unit == "count" || e.unit == "bar"
            );
        }
        let e = get("hvac.emon.compressor.powerCurrent");
        assert_eq!((e.unit, e.threshold), ("W", Some(100.0)));
        let e = get("hvac.emon.compressor.operationStatus");
        assert!(e.is_known_enum_value("IDLE"));
        assert!(!e.is_known_enum_value("OFFLINE"));
        assert_eq!(get("hvac.compressor.pool.numberOfStarts").kind, ValueKind::Count);
        assert_eq!(get("hvac.centralHeating.waterPressure.max").unit, "bar");
        let thresholds = CATALOG.iter().filter(|e| e.threshold.is_some()).count();
        assert_eq!(thresholds, 5);
    }

    #[test]
    fn serializes_as_camel_case_json() {
        let found = lookup("hvac.cascade.hs2.compressor.currentSpeed");
        let json = serde_json::to_value(&found).expect("serializes");
        assert_eq!(json["key"], "hvac.cascade.hs2.compressor.currentSpeed");
        assert_eq!(json["heatSource"], 2);
        assert_eq!(json["circuit"], serde_json::Value::Null);
        assert_eq!(json["holidayModeId"], serde_json::Value::Null);
        assert_eq!(json["entry"]["event"], "DATA_POINT");
        assert_eq!(json["entry"]["kind"], "NUMBER");
        assert_eq!(json["entry"]["unit"], "%");
        assert_eq!(json["entry"]["controlUnits"], serde_json::json!([]));
        assert_eq!(json["entry"]["enumValues"], serde_json::json!([]));
        assert_eq!(json["entry"]["since"], "v1.35");
        let unknown = serde_json::to_value(lookup("x.y")).expect("serializes");
        assert_eq!(unknown["entry"], serde_json::Value::Null);
    }
}
