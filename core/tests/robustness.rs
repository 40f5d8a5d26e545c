//! Property tests: no parser or decoder panics on arbitrary input, and models round-trip.

use homecom_core::api_keys::ApiKey;
use homecom_core::dhw::{DhwCircuit, DhwModeSettings};
use homecom_core::{Config, HttpResponse, OperationId, time};
use proptest::prelude::*;
use serde_json::{Value, json};

fn any_operation() -> impl Strategy<Value = OperationId> {
    (0..OperationId::ALL.len()).prop_map(|i| OperationId::ALL[i])
}

/// Arbitrary JSON values, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("ONLINE"),
            Just("AUTO"),
            Just("ECO"),
            Just("101234567"),
            Just("MONDAY"),
            Just("06:00")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("gatewayId".to_owned()),
                    Just("circuitId".to_owned()),
                    Just("body".to_owned()),
                    Just("current".to_owned()),
                    Just("status".to_owned()),
                    Just("message".to_owned()),
                    Just("violations".to_owned()),
                    Just("operationMode".to_owned()),
                    Just("days".to_owned()),
                    "[a-zA-Z]{1,10}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(
        op in any_operation(),
        status in prop_oneof![Just(200u16), Just(201), Just(204), Just(400), Just(429), 0u16..1000],
        body in prop::collection::vec(any::<u8>(), 0..256),
        retry in ".{0,8}",
    ) {
        let response = HttpResponse::new(status, vec![("retry-after".into(), retry), ("x-request-id".into(), "r".into())], body);
        let _ = op.decode_json(&response);
    }

    #[test]
    fn decoding_arbitrary_json_never_panics(op in any_operation(), status in prop_oneof![Just(200u16), Just(400), Just(503)], body in any_json()) {
        let response = HttpResponse::new(status, vec![], body.to_string());
        match op.decode_json(&response) {
            Ok(decoded) => prop_assert!((200..300).contains(&status), "{decoded:?}"),
            Err(err) => prop_assert!(!err.message.is_empty()),
        }
    }

    #[test]
    fn building_from_arbitrary_input_never_panics(op in any_operation(), input in any_json()) {
        let config = Config::new("https://api.example.test", "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345")
            .unwrap()
            .with_user_id("u")
            .unwrap();
        if let Ok(request) = op.build_json(&config, &input) {
            prop_assert!(request.url.starts_with("https://api.example.test/"));
            prop_assert!(!request.url.contains(".."));
        }
        let _ = op.check_json(&input);
    }

    #[test]
    fn text_readers_never_panic(text in ".{0,40}") {
        let _ = time::parse_timestamp(&text);
        let _ = time::Date::parse(&text);
        let _ = time::ClockTime::parse(&text);
        let _ = time::LocalDateTime::parse(&text);
        let _ = ApiKey::parse(&text);
        let _ = Config::new(&text, "xHCSAPI.x");
        let _ = homecom_core::operation::percent_decode(&text);
    }

    #[test]
    fn api_keys_never_show_themselves(secret in "[A-Za-z0-9]{32}") {
        let key = ApiKey::parse(&format!("xHCSAPI.20270528T120000Z.{secret}")).unwrap();
        let debug = format!("{key:?}");
        let display = key.to_string();
        let config = Config::new("https://x.test", key.expose()).unwrap();
        let config_debug = format!("{config:?}");
        for shown in [debug, display, config_debug] {
            prop_assert!(!shown.contains(&secret[..28]), "the key is shown: {}", shown);
        }
    }

    #[test]
    fn dhw_circuits_round_trip(
        id in 1u32..10,
        temps in prop::array::uniform6(prop_oneof![Just(None), (60u32..140).prop_map(|h| Some(h as f64 / 2.0))]),
        extra in prop::option::of(any::<i32>()),
    ) {
        let mode = |a: Option<f64>, b: Option<f64>| Some(DhwModeSettings {
            start_set_point_temperature: a,
            stop_set_point_temperature: b,
            extra: Default::default(),
        });
        let mut circuit = DhwCircuit {
            circuit_id: id,
            operation_mode: Some("ECO".into()),
            eco_plus_mode_settings: mode(temps[0], temps[1]),
            eco_mode_settings: mode(temps[2], temps[3]),
            comfort_mode_settings: mode(temps[4], temps[5]),
            auto_mode_settings: None,
            extra: Default::default(),
        };
        if let Some(x) = extra {
            circuit.extra.insert("futureField".into(), json!(x));
        }
        let text = serde_json::to_string(&circuit).unwrap();
        let back: DhwCircuit = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, circuit);
    }
}

#[test]
fn huge_and_deep_bodies_are_refused_cleanly() {
    let deep = "[".repeat(100_000);
    let huge = format!("{{\"message\": \"{}\"}}", "x".repeat(5_000_000));
    for op in OperationId::ALL {
        for body in [
            deep.as_bytes(),
            huge.as_bytes(),
            b"<html>502 Bad Gateway</html>".as_slice(),
            b"".as_slice(),
        ] {
            for status in [200u16, 404, 502] {
                let result = op.decode_json(&HttpResponse::new(status, vec![], body.to_vec()));
                if status != 200 {
                    let err = result.unwrap_err();
                    assert_eq!(err.status, Some(status));
                    assert!(
                        err.raw_body
                            .as_ref()
                            .is_none_or(|r| r.len() <= homecom_core::wire::RAW_BODY_KEEP)
                    );
                }
            }
        }
    }
}

#[test]
fn unknown_enum_values_and_fields_round_trip() {
    let body = json!([{"type": "HEAT_EXCHANGER", "softwareVersion": "1.2", "newField": {"a": 1}}]);
    let response = HttpResponse::new(200, vec![], body.to_string());
    let decoded = OperationId::GetComponents.decode_json(&response).unwrap();
    assert_eq!(decoded.value, body);
}
