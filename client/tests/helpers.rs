//! The helpers over real HTTP on loopback: API-key rotation against a small stateful key
//! server, and the webhook receiver.

mod support;

use std::sync::{Arc, Mutex};

use homecom_client::{Client, ErrorKind, WebhookAuth, WebhookReceiver};
use support::{KEY, Reply, Seen, TestServer, fast_policy};

const NEW_KEY: &str = "xHCSAPI.20271124T120000Z.NnEeWwKkEeYy0123456789abcdefWXYZ";

/// What the key server does wrong, if anything.
#[derive(Clone, Copy, Default)]
struct Faults {
    /// `GET /api-keys/me` refuses the new key.
    verify_fails: bool,
    /// `DELETE` of the old key answers 409.
    delete_fails: bool,
}

struct Keys {
    /// (secret, id, deleted)
    keys: Vec<(String, String, bool)>,
}

impl Keys {
    fn id_of(&self, secret: Option<&str>) -> Option<String> {
        let secret = secret?;
        self.keys
            .iter()
            .find(|(s, _, deleted)| s == secret && !deleted)
            .map(|(_, id, _)| id.clone())
    }
}

async fn key_server(faults: Faults) -> TestServer {
    let state = Arc::new(Mutex::new(Keys {
        keys: vec![(KEY.to_owned(), "k-old".to_owned(), false)],
    }));
    TestServer::start(move |seen: &Seen, _| {
        let mut state = state.lock().expect("lock");
        let Some(caller) = state.id_of(seen.header("x-api-key")) else {
            return Reply::json(401, r#"{"status":401,"message":"Unauthorized"}"#);
        };
        match (seen.method.as_str(), seen.path.as_str()) {
            ("GET", "/api-keys/me") if faults.verify_fails && caller == "k-new" => {
                Reply::json(401, r#"{"status":401,"message":"Unauthorized"}"#)
            }
            ("GET", "/api-keys/me") => Reply::json(
                200,
                &format!(r#"{{"keyId":"{caller}","companyId":"c-1","expiresAt":"2027-05-28T12:00:00Z"}}"#),
            ),
            ("POST", "/api-keys") => {
                state.keys.push((NEW_KEY.to_owned(), "k-new".to_owned(), false));
                Reply::json(
                    201,
                    &format!(
                        r#"{{"keyId":"k-new","apiKey":"{NEW_KEY}","createdAt":"2026-05-28T12:00:00Z","expiresAt":"2027-11-24T12:00:00Z"}}"#
                    ),
                )
            }
            ("DELETE", path) if path.starts_with("/api-keys/") => {
                let id = &path["/api-keys/".len()..];
                if faults.delete_fails && id == "k-old" {
                    return Reply::json(409, r#"{"status":409,"message":"not now"}"#);
                }
                match state.keys.iter_mut().find(|(_, key_id, _)| key_id == id) {
                    Some(entry) => {
                        entry.2 = true;
                        Reply::no_content()
                    }
                    None => Reply::status(404),
                }
            }
            ("GET", "/health") => Reply::json(200, r#"{"status":"UP"}"#),
            _ => Reply::status(404),
        }
    })
    .await
}

fn client(server: &TestServer) -> Client {
    Client::builder(server.config())
        .retry_policy(fast_policy())
        .pacing(false)
        .build()
        .expect("client")
}

fn calls(server: &TestServer) -> Vec<(String, String, String)> {
    server
        .seen()
        .iter()
        .map(|s| {
            let key = match s.header("x-api-key") {
                Some(KEY) => "old",
                Some(NEW_KEY) => "new",
                _ => "other",
            };
            (s.method.clone(), s.path.clone(), key.to_owned())
        })
        .collect()
}

fn call(method: &str, path: &str, key: &str) -> (String, String, String) {
    (method.to_owned(), path.to_owned(), key.to_owned())
}

#[tokio::test]
async fn rotation_creates_verifies_deletes_and_switches() {
    let server = key_server(Faults::default()).await;
    let client = client(&server);
    let clone = client.clone();

    let rotation = client.rotate_api_key().await.expect("rotated");
    assert_eq!(rotation.old_key_id, "k-old");
    assert_eq!(rotation.new_key.key_id, "k-new");
    assert_eq!(rotation.new_key.api_key.expose(), NEW_KEY);
    assert_eq!(rotation.identity.company_id, "c-1");
    assert!(rotation.old_key_deleted());
    assert_eq!(
        calls(&server),
        vec![
            call("GET", "/api-keys/me", "old"),
            call("POST", "/api-keys", "old"),
            call("GET", "/api-keys/me", "new"),
            call("DELETE", "/api-keys/k-old", "new"),
        ]
    );

    // The client and its clones use the new key from now on.
    assert_eq!(
        clone.config().api_key().map(|k| k.expose().to_owned()).as_deref(),
        Some(NEW_KEY)
    );
    clone.get_health().await.expect("the clone uses the new key");
    assert_eq!(calls(&server).last(), Some(&call("GET", "/health", "new")));
    let now = homecom_client::homecom_core::time::parse_timestamp("2027-11-14T12:00:00Z").expect("time");
    assert_eq!(client.api_key_days_left(now), Some(10));

    // Debug never shows the new key.
    let debug = format!("{rotation:?}");
    assert!(!debug.contains(NEW_KEY), "{debug}");
    assert!(!debug.contains("NnEeWwKkEeYy0123456789abcdef"), "{debug}");
    assert!(debug.contains("k-new") && debug.contains("k-old"), "{debug}");
}

#[tokio::test]
async fn a_new_key_that_fails_verification_is_deleted_and_the_old_one_kept() {
    let server = key_server(Faults {
        verify_fails: true,
        ..Faults::default()
    })
    .await;
    let client = client(&server);
    let err = client.rotate_api_key().await.expect_err("verification fails");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(
        calls(&server),
        vec![
            call("GET", "/api-keys/me", "old"),
            call("POST", "/api-keys", "old"),
            call("GET", "/api-keys/me", "new"),
            call("DELETE", "/api-keys/k-new", "old"),
        ]
    );
    assert_eq!(
        client.config().api_key().map(|k| k.expose().to_owned()).as_deref(),
        Some(KEY)
    );
    client.get_health().await.expect("the old key still works");
}

#[tokio::test]
async fn a_failed_deletion_of_the_old_key_is_reported_not_fatal() {
    let server = key_server(Faults {
        delete_fails: true,
        ..Faults::default()
    })
    .await;
    let client = client(&server);
    let rotation = client.rotate_api_key().await.expect("rotated all the same");
    assert!(!rotation.old_key_deleted());
    let err = rotation.old_key_delete_error.as_ref().expect("error");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(
        client.config().api_key().map(|k| k.expose().to_owned()).as_deref(),
        Some(NEW_KEY)
    );
}

#[tokio::test]
async fn rotation_needs_a_key() {
    let server = key_server(Faults::default()).await;
    let config = homecom_client::Config::without_key(&server.url()).expect("config");
    let client = Client::builder(config).pacing(false).build().expect("client");
    let err = client.rotate_api_key().await.expect_err("no key");
    assert_eq!(err.kind, ErrorKind::Config);
    assert_eq!(server.count(), 0);
}

const EVENT: &[u8] = br#"{"eventType":"CONTRACT_STATUS","gatewayId":"101234567","contractStatus":"CLOSED",
    "previousContractStatus":"ACTIVE","statusDate":"2026-05-05T12:00:00Z"}"#;

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn webhook_receiver_authenticates() {
    let receiver = WebhookReceiver::new(
        WebhookAuth::none()
            .with_secret_header("x-webhook-secret", "s3cret-value")
            .with_basic("hook", "pw-123456"),
    );
    let good = headers(&[
        ("X-Webhook-Secret", "s3cret-value"),
        ("Authorization", "Basic aG9vazpwdy0xMjM0NTY="),
    ]);
    let received = receiver.handle(&good, EVENT).expect("accepted");
    assert_eq!(received.event.gateway_id(), Some("101234567"));

    for bad in [
        headers(&[]),
        headers(&[("X-Webhook-Secret", "s3cret-value")]),
        headers(&[
            ("X-Webhook-Secret", "wrong"),
            ("Authorization", "Basic aG9vazpwdy0xMjM0NTY="),
        ]),
    ] {
        let result = receiver.handle(&bad, EVENT);
        assert_eq!(WebhookReceiver::status_code(&result), 401);
        let err = result.expect_err("refused");
        assert_eq!(err.kind, ErrorKind::WebhookAuth);
        assert!(!err.message.contains("s3cret-value") && !err.message.contains("pw-123456"));
    }

    let result = receiver.handle(&good, b"not json");
    assert_eq!(WebhookReceiver::status_code(&result), 400);
}

#[test]
fn webhook_receiver_detects_duplicates_across_threads() {
    let receiver = Arc::new(WebhookReceiver::new(WebhookAuth::none()).with_window(100));
    let first = receiver.handle(&[], EVENT).expect("accepted");
    assert!(!first.duplicate);
    // The same event again, from several threads at once: all duplicates, all answered 200.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let receiver = Arc::clone(&receiver);
            std::thread::spawn(move || receiver.handle(&[], EVENT))
        })
        .collect();
    for thread in threads {
        let result = thread.join().expect("thread");
        assert_eq!(WebhookReceiver::status_code(&result), 200);
        let again = result.expect("accepted");
        assert!(again.duplicate);
        assert_eq!(again.fingerprint, first.fingerprint);
    }
    // A different event is new; a window of 1 forgets the first one.
    let small = WebhookReceiver::new(WebhookAuth::none()).with_window(1);
    let other = br#"{"eventType":"CONNECTIVITY_STATUS","gatewayId":"1","connectivityStatus":"ONLINE","timestamp":"2026-05-05T12:00:00Z"}"#;
    assert!(!small.handle(&[], EVENT).expect("ok").duplicate);
    assert!(!small.handle(&[], other).expect("ok").duplicate);
    assert!(!small.handle(&[], EVENT).expect("ok").duplicate);
    // No window: nothing is a duplicate.
    let none = WebhookReceiver::new(WebhookAuth::none()).with_window(0);
    assert!(!none.handle(&[], EVENT).expect("ok").duplicate);
    assert!(!none.handle(&[], EVENT).expect("ok").duplicate);
}
