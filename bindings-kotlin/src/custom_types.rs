//! Custom UniFFI types for the field types of the core's models that the FFI has no direct
//! form for. Each is an alias of the core's own type, lowered to a plain FFI type:
//!
//! - [`ExtraFields`]: the fields the SDK does not know, kept as sent: in Kotlin a
//!   `Map<String, String>` of JSON texts (`"42"`, `"\"text\""`, `"{…}"`).
//! - [`JsonValue`]: any JSON value, as JSON text.
//! - [`OverridingModes`]: the overriding modes of a heating circuit, in Kotlin a
//!   `Map<String, OverridingModeStatus>`.

use std::collections::{BTreeMap, HashMap};

use homecom_client::homecom_core::heating_circuits::OverridingModeStatus;
use homecom_client::homecom_core::operation::shape_error;
use serde_json::Value;

use crate::HomeComError;

/// Fields a model carries that this SDK version does not know (the core's `extra` maps).
pub type ExtraFields = BTreeMap<String, Value>;

/// Any JSON value.
pub type JsonValue = Value;

/// The overriding modes of a heating circuit, by name.
pub type OverridingModes = BTreeMap<String, OverridingModeStatus>;

/// JSON text to a value; text that is not JSON is a typed `Validation` error (uniffi hands it
/// to the caller as the method's `HomeComException`).
fn parse_json(text: &str) -> uniffi::Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        let error = shape_error(&format!("the JSON text {text:?} (an `extra` value or a JSON value)"), e);
        uniffi::deps::anyhow::Error::new(HomeComError::from(error))
    })
}

uniffi::custom_type!(ExtraFields, HashMap<String, String>, {
    remote,
    lower: |fields| fields.iter().map(|(name, value)| (name.clone(), value.to_string())).collect(),
    try_lift: |fields| {
        let mut out = BTreeMap::new();
        for (name, text) in fields {
            out.insert(name, parse_json(&text)?);
        }
        Ok(out)
    },
});

uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |value| value.to_string(),
    try_lift: |text| parse_json(&text),
});

uniffi::custom_type!(OverridingModes, HashMap<String, OverridingModeStatus>, {
    remote,
    lower: |modes| modes.into_iter().collect(),
    try_lift: |modes| Ok(modes.into_iter().collect()),
});
