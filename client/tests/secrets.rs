//! The API key never appears in tracing output (captured at TRACE level), in an error's
//! `Display` or `Debug`, or in the client's `Debug` — whatever happens.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use homecom_client::{Client, Config, Error, WebhookAuth, WebhookReceiver};
use support::{GW, KEY, Reply, TestServer, closed_port, fast_policy};
use tracing_subscriber::fmt::MakeWriter;

const NEW_KEY: &str = "xHCSAPI.20271124T120000Z.NnEeWwKkEeYy0123456789abcdefWXYZ";
const WEBHOOK_SECRET: &str = "webhook-secret-value-42";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

fn assert_no_secret(text: &str, what: &str) {
    for secret in [KEY, NEW_KEY, WEBHOOK_SECRET] {
        assert!(!text.contains(secret), "{what} contains a secret:\n{text}");
        // Not even the random part alone.
        let tail = secret.rsplit('.').next().unwrap_or(secret);
        assert!(!text.contains(tail), "{what} contains part of a secret:\n{text}");
    }
}

fn check_error(error: &Error) {
    assert_no_secret(&error.to_string(), "an error's Display");
    assert_no_secret(&format!("{error:?}"), "an error's Debug");
    assert_no_secret(&serde_json::to_string(error).expect("json"), "an error's JSON");
}

/// Every kind of exchange, with a subscriber capturing everything at TRACE level.
#[tokio::test]
async fn the_api_key_never_appears_in_tracing_output_or_errors() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(buffer.clone())
        .with_ansi(false)
        .finish();
    // The global default, not a thread-local one: a callsite first hit on another thread
    // (hyper's connection tasks, the blocking pool) would otherwise cache "no interest" and
    // its events would be lost to the capture. This binary has this one test.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");

    let server = TestServer::start(|seen, n| match seen.path.as_str() {
        "/health" if n < 2 => Reply::status(503),
        "/health" => Reply::json(200, r#"{"status":"UP"}"#),
        "/hvacs" if n < 4 => Reply::status(429).with_header("retry-after", "0"),
        "/hvacs" => Reply::json(200, "[]"),
        "/contracts" => Reply::json(401, r#"{"status":401,"message":"Unauthorized"}"#),
        "/api-keys/me" => {
            let id = if seen.header("x-api-key") == Some(NEW_KEY) { "k-new" } else { "k-old" };
            Reply::json(200, &format!(r#"{{"keyId":"{id}","companyId":"c-1"}}"#))
        }
        "/api-keys" => Reply::json(
            201,
            &format!(
                r#"{{"keyId":"k-new","apiKey":"{NEW_KEY}","createdAt":"2026-05-28T12:00:00Z","expiresAt":"2027-11-24T12:00:00Z"}}"#
            ),
        ),
        "/api-keys/k-old" => Reply::no_content(),
        _ => Reply::Close,
    })
    .await;
    let client = Client::builder(server.config())
        .retry_policy(fast_policy())
        .attempt_timeout(Duration::from_millis(500))
        .pacer_time_scale(0.01)
        .build()
        .expect("client");
    assert_no_secret(&format!("{client:?}"), "the client's Debug");
    assert_no_secret(&format!("{:?}", client.config()), "the config's Debug");

    client.get_health().await.expect("after two 503");
    client.list_hvacs().await.expect("after two 429");
    check_error(&client.list_contracts().await.expect_err("401"));
    check_error(&client.get_hvac_status(GW).await.expect_err("closed"));

    let addr = closed_port().await;
    let refused = Client::builder(Config::new(&format!("http://{addr}"), KEY).expect("config"))
        .retry_policy(fast_policy())
        .build()
        .expect("client");
    check_error(&refused.get_health().await.expect_err("refused"));
    check_error(&refused.create_api_key().await.expect_err("refused"));

    let rotation = client.rotate_api_key().await.expect("rotated");
    assert_no_secret(&format!("{rotation:?}"), "the rotation's Debug");
    assert_no_secret(&format!("{client:?}"), "the client's Debug after rotation");

    let receiver = WebhookReceiver::new(WebhookAuth::none().with_secret_header("x-secret", WEBHOOK_SECRET));
    let event = br#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"1","connectivityStatus":"ONLINE"}"#;
    let ok = vec![("x-secret".to_owned(), WEBHOOK_SECRET.to_owned())];
    receiver.handle(&ok, event).expect("accepted");
    let bad = vec![("x-secret".to_owned(), format!("{WEBHOOK_SECRET}x"))];
    check_error(&receiver.handle(&bad, event).expect_err("refused"));
    assert_no_secret(&format!("{receiver:?}"), "the receiver's Debug");

    let output = String::from_utf8(buffer.0.lock().expect("lock").clone()).expect("utf-8");
    // The capture worked: attempts, retries and the operation are there...
    for expected in [
        "homecom.request",
        "operation=\"getHealth\"",
        "route=\"/hvacs/{gatewayId}/status\"",
        "attempt=3",
        "retrying",
        "status=503",
        "request_id=\"req-test\"",
        "rate limited",
        "connect error",
        "rotating the API key",
        "webhook",
    ] {
        assert!(
            output.contains(expected),
            "no {expected:?} in the tracing output:\n{output}"
        );
    }
    // ... and no secret.
    assert_no_secret(&output, "the tracing output");
}
