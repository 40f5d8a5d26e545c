//! Runs the language-neutral conformance vectors of `tests/vectors/` against the core.
//! Every binding runs the same files; a failure lists every case that went wrong.

use std::path::PathBuf;

use homecom_core::api_keys::ApiKey;
use homecom_core::time;
use homecom_core::{Config, Error, HttpResponse, OperationId};
use serde_json::{Map, Value};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn load(name: &str) -> Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn cases<'a>(doc: &'a Value, key: &str) -> &'a [Value] {
    doc.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn name(case: &Value) -> String {
    case["name"].as_str().unwrap_or("<unnamed>").to_owned()
}

/// Collects failures so that one run reports every broken case.
struct Outcome {
    file: &'static str,
    run: usize,
    failures: Vec<String>,
}

impl Outcome {
    fn new(file: &'static str) -> Self {
        Outcome {
            file,
            run: 0,
            failures: Vec::new(),
        }
    }
    fn check(&mut self, case: &Value, result: Result<(), String>) {
        self.run += 1;
        if let Err(why) = result {
            self.failures.push(format!("{}: {why}", name(case)));
        }
    }
    fn finish(self) {
        eprintln!("{}: {} cases", self.file, self.run);
        assert!(self.run > 0, "{}: no cases ran", self.file);
        assert!(
            self.failures.is_empty(),
            "{} of {} cases in {} failed:\n{}",
            self.failures.len(),
            self.run,
            self.file,
            self.failures.join("\n")
        );
    }
}

fn operation(case: &Value) -> Result<OperationId, String> {
    let op = case["operation"].as_str().ok_or("no operation")?;
    OperationId::from_name(op).ok_or_else(|| format!("unknown operation {op}"))
}

fn expect_error(err: &Error, expected: &Value) -> Result<(), String> {
    let kind = expected["kind"].as_str().ok_or("expectError without kind")?;
    if err.kind.as_str() != kind {
        return Err(format!("kind {} ≠ expected {kind} ({err})", err.kind));
    }
    if let Some(status) = expected.get("status").and_then(Value::as_u64)
        && err.status != Some(status as u16)
    {
        return Err(format!("status {:?} ≠ {status}", err.status));
    }
    if let Some(id) = expected.get("requestId")
        && err.request_id.as_deref().map(Value::from).unwrap_or(Value::Null) != *id
    {
        return Err(format!("request id {:?} ≠ {id}", err.request_id));
    }
    if let Some(secs) = expected.get("retryAfter") {
        let got = err.retry_after.map(|d| d.as_secs_f64());
        if got != secs.as_f64() {
            return Err(format!("retry after {got:?} ≠ {secs}"));
        }
    }
    if let Some(message) = expected.get("message").and_then(Value::as_str)
        && err.message != message
    {
        return Err(format!("message {:?} ≠ {message:?}", err.message));
    }
    let codes = expected.get("codes").or_else(|| expected.get("violationCodes"));
    if let Some(codes) = codes {
        let mut got: Vec<&str> = err.violations.iter().map(|v| v.code.as_str()).collect();
        got.sort();
        got.dedup();
        let want: Vec<&str> = codes
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        want_sorted.dedup();
        if got != want_sorted {
            return Err(format!("violation codes {got:?} ≠ {want_sorted:?} ({err})"));
        }
    }
    if let Some(raw) = expected.get("hasRawBody").and_then(Value::as_bool)
        && err.raw_body.is_some() != raw
    {
        return Err(format!("raw body present: {} ≠ {raw}", err.raw_body.is_some()));
    }
    Ok(())
}

fn config_from(base: &Value, overrides: Option<&Value>) -> Result<Config, Error> {
    let mut merged: Map<String, Value> = base.as_object().cloned().unwrap_or_default();
    if let Some(Value::Object(o)) = overrides {
        for (k, v) in o {
            merged.insert(k.clone(), v.clone());
        }
    }
    let base_url = merged.get("baseUrl").and_then(Value::as_str).unwrap_or_default();
    let mut config = match merged.get("apiKey").and_then(Value::as_str) {
        Some(key) => Config::new(base_url, key)?,
        None => Config::without_key(base_url)?,
    };
    if let Some(user) = merged.get("userId").and_then(Value::as_str) {
        config = config.with_user_id(user)?;
    }
    if let Some(major) = merged.get("apiMajor").and_then(Value::as_u64) {
        config = config.with_api_major(major as u32);
    }
    Ok(config)
}

fn run_request(base: &Value, case: &Value) -> Result<(), String> {
    let op = operation(case)?;
    let built = config_from(base, case.get("config")).and_then(|c| op.build_json(&c, &case["input"]));
    match (built, case.get("expect"), case.get("expectError")) {
        (Ok(req), Some(expect), _) => {
            if req.method.as_str() != expect["method"] {
                return Err(format!("method {} ≠ {}", req.method, expect["method"]));
            }
            if req.url != expect["url"] {
                return Err(format!("url {} ≠ {}", req.url, expect["url"]));
            }
            let headers: Map<String, Value> = req
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), Value::from(v.clone())))
                .collect();
            if Value::Object(headers.clone()) != expect["headers"] {
                return Err(format!("headers {headers:?} ≠ {}", expect["headers"]));
            }
            let body: Value = match &req.body {
                Some(text) => serde_json::from_str(text).map_err(|e| e.to_string())?,
                None => Value::Null,
            };
            if body != expect["body"] {
                return Err(format!("body {body} ≠ {}", expect["body"]));
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(req), None, _) => Err(format!("expected an error, built {req:?}")),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

#[test]
fn request_vectors() {
    let doc = load("requests.json");
    let mut outcome = Outcome::new("requests.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_request(&doc["config"], case));
    }
    outcome.finish();
}

fn sorted_strings(value: &Value) -> Vec<String> {
    let mut out: Vec<String> = value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn run_validation(case: &Value) -> Result<(), String> {
    let op = operation(case)?;
    let report = op
        .check_json(&case["input"])
        .map_err(|e| format!("input rejected: {e}"))?;
    let mut codes: Vec<String> = report.violations.iter().map(|v| v.code.clone()).collect();
    codes.sort();
    codes.dedup();
    let mut unchecked = report.unchecked_rules.clone();
    unchecked.sort();
    let want_codes = sorted_strings(&case["expect"]["codes"]);
    let want_unchecked = sorted_strings(&case["expect"]["unchecked"]);
    if codes != want_codes {
        let detail: Vec<String> = report.violations.iter().map(|v| v.to_string()).collect();
        return Err(format!("codes {codes:?} ≠ {want_codes:?} [{}]", detail.join("; ")));
    }
    if case["expect"].get("unchecked").is_some() && unchecked != want_unchecked {
        return Err(format!("unchecked {unchecked:?} ≠ {want_unchecked:?}"));
    }
    Ok(())
}

#[test]
fn validation_vectors() {
    let doc = load("validation.json");
    let mut outcome = Outcome::new("validation.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_validation(case));
    }
    outcome.finish();
}

fn response_of(case: &Value) -> HttpResponse {
    let headers = case["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(n, v)| (n.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let body = match (case.get("bodyText"), case.get("body")) {
        (Some(Value::String(text)), _) => text.clone().into_bytes(),
        (_, Some(json)) => json.to_string().into_bytes(),
        _ => Vec::new(),
    };
    HttpResponse::new(case["status"].as_u64().unwrap_or(0) as u16, headers, body)
}

fn run_response(case: &Value) -> Result<(), String> {
    let op = operation(case)?;
    let decoded = op.decode_json(&response_of(case));
    match (decoded, case.get("expect"), case.get("expectError")) {
        (Ok(resp), Some(expect), _) => {
            if let Some(value) = expect.get("value")
                && resp.value != *value
            {
                return Err(format!("value {} ≠ {value}", resp.value));
            }
            if let Some(id) = expect.get("requestId")
                && resp.request_id.as_deref().map(Value::from).unwrap_or(Value::Null) != *id
            {
                return Err(format!("request id {:?} ≠ {id}", resp.request_id));
            }
            if let Some(version) = expect.get("apiVersion") {
                let got = resp
                    .api_version
                    .map(|v| Value::from(v.to_string()))
                    .unwrap_or(Value::Null);
                if got != *version {
                    return Err(format!("api version {got} ≠ {version}"));
                }
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(resp), None, _) => Err(format!("expected an error, decoded {}", resp.value)),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

#[test]
fn response_vectors() {
    let doc = load("responses.json");
    let mut outcome = Outcome::new("responses.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_response(case));
    }
    outcome.finish();
}

fn run_api_key(case: &Value) -> Result<(), String> {
    let now = case["now"].as_str().and_then(time::parse_timestamp).ok_or("bad now")?;
    match (
        ApiKey::parse(case["key"].as_str().unwrap_or_default()),
        case.get("expect"),
        case.get("expectError"),
    ) {
        (Ok(key), Some(expect), _) => {
            let info = serde_json::to_value(key.info(now)).map_err(|e| e.to_string())?;
            for field in ["redacted", "expiresAt", "daysLeft", "expired"] {
                if let Some(want) = expect.get(field)
                    && info[field] != *want
                {
                    return Err(format!("{field} {} ≠ {want}", info[field]));
                }
            }
            if format!("{key:?}").contains(key.expose()) {
                return Err("Debug shows the key".into());
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(_), None, _) => Err("expected an error".into()),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

#[test]
fn api_key_vectors() {
    let doc = load("api_keys.json");
    let mut outcome = Outcome::new("api_keys.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_api_key(case));
    }
    outcome.finish();
}

fn body_bytes(case: &Value) -> Vec<u8> {
    match (case.get("bodyText"), case.get("body")) {
        (Some(Value::String(text)), _) => text.clone().into_bytes(),
        (_, Some(json)) => json.to_string().into_bytes(),
        _ => Vec::new(),
    }
}

/// Whether every field of `want` is in `got` with the same value (recursively for objects).
fn contains_subset(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            w.iter().all(|(k, v)| g.get(k).is_some_and(|gv| contains_subset(gv, v)))
        }
        (Value::Number(g), Value::Number(w)) => g.as_f64() == w.as_f64(),
        _ => got == want,
    }
}

fn run_event(case: &Value) -> Result<(), String> {
    let parsed = homecom_core::webhooks::parse_event(&body_bytes(case));
    match (parsed, case.get("expect"), case.get("expectError")) {
        (Ok(event), Some(expect), _) => {
            if event.event_type() != expect["eventType"] {
                return Err(format!("event type {} ≠ {}", event.event_type(), expect["eventType"]));
            }
            if event.gateway_id().map(Value::from).unwrap_or(Value::Null) != expect["gatewayId"] {
                return Err(format!("gateway {:?} ≠ {}", event.gateway_id(), expect["gatewayId"]));
            }
            if let Some(known) = expect.get("known").and_then(Value::as_bool)
                && event.is_known() != known
            {
                return Err(format!("known {} ≠ {known}", event.is_known()));
            }
            if let Some(fields) = expect.get("fields")
                && !contains_subset(&event.to_json(), fields)
            {
                return Err(format!("{} does not contain {fields}", event.to_json()));
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(event), None, _) => Err(format!("expected an error, parsed {}", event.to_json())),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

fn run_fingerprint(case: &Value) -> Result<(), String> {
    let parse = |key: &str| {
        homecom_core::webhooks::parse_event(case[key].as_str().unwrap_or_default().as_bytes())
            .map_err(|e| format!("{key} does not parse: {e}"))
    };
    let (a, b) = (parse("a")?, parse("b")?);
    let same = a.fingerprint() == b.fingerprint();
    if Some(same) != case["same"].as_bool() {
        return Err(format!("same fingerprint: {same}, expected {}", case["same"]));
    }
    Ok(())
}

fn run_batch(case: &Value) -> Result<(), String> {
    let parsed = homecom_core::webhooks::parse_events(&body_bytes(case));
    match (parsed, case.get("expect"), case.get("expectError")) {
        (Ok(events), Some(expect), _) => {
            if Some(events.len() as u64) != expect["count"].as_u64() {
                return Err(format!("count {} ≠ {}", events.len(), expect["count"]));
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(events), None, _) => Err(format!("expected an error, parsed {} events", events.len())),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

#[test]
fn event_vectors() {
    let doc = load("events.json");
    let mut outcome = Outcome::new("events.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_event(case));
    }
    for case in cases(&doc, "fingerprintCases") {
        outcome.check(case, run_fingerprint(case));
    }
    for case in cases(&doc, "batchCases") {
        outcome.check(case, run_batch(case));
    }
    outcome.finish();
}

fn run_data_point(case: &Value) -> Result<(), String> {
    let key = case["key"].as_str().unwrap_or_default();
    let found = homecom_core::data_points::lookup(key);
    let expect = &case["expect"];
    let got = serde_json::json!({
        "known": found.is_known(),
        "pattern": found.entry.map(|e| e.pattern),
        "circuit": found.circuit,
        "heatSource": found.heat_source,
        "holidayModeId": found.holiday_mode_id,
        "unit": found.entry.map(|e| e.unit),
        "event": found.entry.map(|e| e.event.as_str().to_owned()),
    });
    for (field, want) in expect.as_object().into_iter().flatten() {
        if got[field] != *want {
            return Err(format!("{field} {} ≠ {want}", got[field]));
        }
    }
    Ok(())
}

#[test]
fn data_point_vectors() {
    let doc = load("data_points.json");
    let mut outcome = Outcome::new("data_points.json");
    for case in cases(&doc, "cases") {
        outcome.check(case, run_data_point(case));
    }
    outcome.finish();
}

fn hex(text: &str) -> Result<Vec<u8>, String> {
    if text.len() % 2 != 0 {
        return Err("odd hex".into());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

fn run_invite(case: &Value) -> Result<(), String> {
    use homecom_core::onboarding::{Brand, SessionId, invite_link};
    let result = (|| {
        let brand: Brand = case["brand"].as_str().unwrap_or_default().parse()?;
        let bytes = hex(case["sessionBytesHex"].as_str().unwrap_or_default()).map_err(Error::config)?;
        let session = SessionId::from_random_bytes(&bytes)?;
        let url = invite_link(
            brand,
            case["companyId"].as_str().unwrap_or_default(),
            case["redirectUri"].as_str().unwrap_or_default(),
            &session,
        )?;
        Ok::<_, Error>((session, url))
    })();
    match (result, case.get("expect"), case.get("expectError")) {
        (Ok((session, url)), Some(expect), _) => {
            if let Some(want) = expect.get("sessionId")
                && session.as_str() != want
            {
                return Err(format!("session id {} ≠ {want}", session.as_str()));
            }
            if url != expect["url"] {
                return Err(format!("url {url} ≠ {}", expect["url"]));
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok((_, url)), None, _) => Err(format!("expected an error, made {url}")),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

fn run_redirect(case: &Value) -> Result<(), String> {
    use homecom_core::onboarding::{SessionId, parse_redirect};
    let expected = SessionId::parse(case["expectedSessionId"].as_str().unwrap_or_default())
        .map_err(|e| format!("expectedSessionId: {e}"))?;
    match (
        parse_redirect(case["url"].as_str().unwrap_or_default(), &expected),
        case.get("expect"),
        case.get("expectError"),
    ) {
        (Ok(redirect), Some(expect), _) => {
            let got = serde_json::to_value(&redirect).map_err(|e| e.to_string())?;
            if !contains_subset(&got, expect) {
                return Err(format!("{got} ≠ {expect}"));
            }
            Ok(())
        }
        (Err(err), _, Some(expected)) => expect_error(&err, expected),
        (Ok(redirect), None, _) => Err(format!("expected an error, parsed {redirect:?}")),
        (Err(err), _, None) => Err(format!("unexpected error {err}")),
    }
}

#[test]
fn onboarding_vectors() {
    let doc = load("onboarding.json");
    let mut outcome = Outcome::new("onboarding.json");
    for case in cases(&doc, "inviteCases") {
        outcome.check(case, run_invite(case));
    }
    for case in cases(&doc, "redirectCases") {
        outcome.check(case, run_redirect(case));
    }
    outcome.finish();
}
