//! Checks the core against `spec/openapi.yaml`: the same 37 operations (method, path,
//! operationId, success status, deprecation, remote control), and every response example
//! decodes with the operation's typed model.

use std::collections::BTreeSet;
use std::path::PathBuf;

use homecom_core::{HttpResponse, OperationId};
use serde_json::Value;

fn document() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let text = std::fs::read_to_string(&path).expect("read spec/openapi.yaml");
    serde_yaml_ng::from_str(&text).expect("parse spec/openapi.yaml")
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((method.to_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

#[test]
fn same_operations_as_the_core() {
    let doc = document();
    let in_doc: BTreeSet<(String, String, String)> = operations(&doc)
        .iter()
        .map(|(m, p, op)| {
            (
                op["operationId"].as_str().unwrap_or_default().to_owned(),
                m.clone(),
                p.clone(),
            )
        })
        .collect();
    let in_core: BTreeSet<(String, String, String)> = OperationId::ALL
        .iter()
        .map(|id| {
            (
                id.name().to_owned(),
                id.spec().method.as_str().to_owned(),
                id.spec().path.to_owned(),
            )
        })
        .collect();
    assert_eq!(in_core.len(), 37);
    let only_doc: Vec<_> = in_doc.difference(&in_core).collect();
    let only_core: Vec<_> = in_core.difference(&in_doc).collect();
    assert!(
        only_doc.is_empty() && only_core.is_empty(),
        "only in the document: {only_doc:?}\nonly in the core: {only_core:?}"
    );
}

#[test]
fn statuses_deprecation_and_remote_control_agree() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let id = OperationId::from_name(op["operationId"].as_str().unwrap()).unwrap();
        let spec = id.spec();
        let success: Vec<u16> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .filter_map(|k| k.parse::<u16>().ok())
            .filter(|s| (200..300).contains(s))
            .collect();
        assert_eq!(success, vec![spec.success_status], "{method} {path}: success status");
        assert_eq!(
            op["deprecated"].as_bool().unwrap_or(false),
            spec.deprecated,
            "{method} {path}: deprecated"
        );
        assert_eq!(
            op["x-remote-control"].as_bool(),
            Some(spec.is_remote_control()),
            "{method} {path}: x-remote-control"
        );
        let security = op
            .get("security")
            .or(doc.get("security"))
            .cloned()
            .unwrap_or(Value::Null)
            .to_string();
        assert_eq!(
            security.contains("userId"),
            spec.is_remote_control(),
            "{method} {path}: x-user-id security"
        );
        for code in ["400", "401", "429", "500"] {
            assert!(op["responses"].get(code).is_some(), "{method} {path}: no {code}");
        }
        if spec.is_remote_control() {
            assert!(
                op["responses"].get("451").is_some() && op["responses"].get("504").is_some(),
                "{method} {path}: 451/504"
            );
        }
    }
}

/// Resolves a local `$ref` (`#/components/...`).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let mut node = doc;
            for part in reference.trim_start_matches("#/").split('/') {
                node = &node[part];
            }
            resolve(doc, node)
        }
        None => value,
    }
}

fn examples_of(content: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(example) = content.get("example") {
        out.push(example.clone());
    }
    if let Some(examples) = content.get("examples").and_then(Value::as_object) {
        out.extend(examples.values().filter_map(|e| e.get("value").cloned()));
    }
    out
}

#[test]
fn every_response_example_decodes() {
    let doc = document();
    let mut decoded = 0;
    for (method, path, op) in operations(&doc) {
        let id = OperationId::from_name(op["operationId"].as_str().unwrap()).unwrap();
        for (status, response) in op["responses"].as_object().unwrap() {
            let Ok(status) = status.parse::<u16>() else { continue };
            let response = resolve(&doc, response);
            let Some(content) = response["content"].get("application/json") else {
                continue;
            };
            let mut examples = examples_of(content);
            examples.extend(examples_of(resolve(&doc, &content["schema"])));
            for example in examples {
                let headers = vec![
                    ("x-request-id".to_owned(), "example".to_owned()),
                    ("x-api-version".to_owned(), "1.35".to_owned()),
                ];
                let result = id.decode_json(&HttpResponse::new(status, headers, example.to_string()));
                if (200..300).contains(&status) {
                    let value =
                        result.unwrap_or_else(|e| panic!("{method} {path} {status}: example does not decode: {e}"));
                    assert_eq!(value.request_id.as_deref(), Some("example"));
                } else {
                    let err = result.expect_err("an error status decodes to an error");
                    assert_eq!(err.status, Some(status), "{method} {path}");
                    assert!(!err.message.is_empty(), "{method} {path} {status}: message");
                }
                decoded += 1;
            }
        }
    }
    assert!(decoded >= 37, "only {decoded} examples decoded");
}

#[test]
fn every_request_example_builds() {
    let doc = document();
    let config = homecom_core::Config::new(
        "https://api.example.test",
        "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    )
    .unwrap()
    .with_user_id("installer-42")
    .unwrap();
    let mut built = 0;
    for (method, path, op) in operations(&doc) {
        let Some(body) = op.get("requestBody") else { continue };
        let body = resolve(&doc, body);
        let id = OperationId::from_name(op["operationId"].as_str().unwrap()).unwrap();
        for example in examples_of(&body["content"]["application/json"]) {
            let mut input =
                serde_json::json!({"gatewayId": "101234567", "circuitId": 1, "timeProgramId": 1, "body": example});
            let object = input.as_object_mut().unwrap();
            let template = id.spec().path;
            for (param, key) in [
                ("{gatewayId}", "gatewayId"),
                ("{circuitId}", "circuitId"),
                ("{timeProgramId}", "timeProgramId"),
            ] {
                if !template.contains(param) {
                    object.remove(key);
                }
            }
            let request = id
                .build_json(&config, &input)
                .unwrap_or_else(|e| panic!("{method} {path}: request example does not build: {e}"));
            let sent: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
            assert_eq!(sent, input["body"], "{method} {path}: the body is sent unchanged");
            built += 1;
        }
    }
    assert!(built >= 10, "only {built} request examples built");
}
