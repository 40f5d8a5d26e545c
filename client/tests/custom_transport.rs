//! A custom [`Transport`]: the client's pacing and retry loop runs over it unchanged.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use homecom_client::homecom_core::ErrorKind;
use homecom_client::{
    BoxFuture, ClientBuilder, Config, HttpRequest, HttpResponse, RetryPolicy, Transport, TransportError,
};

const KEY: &str = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345";

/// Answers from a script: one entry per attempt, `None` = not sent.
struct Scripted {
    calls: AtomicU32,
    script: Vec<Option<Result<u16, &'static str>>>,
    seen: Mutex<Vec<HttpRequest>>,
}

impl Transport for Scripted {
    fn send(
        &self,
        request: HttpRequest,
        _timeout: Duration,
    ) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) as usize;
        self.seen.lock().unwrap().push(request);
        let step = self.script.get(n).copied().flatten();
        Box::pin(async move {
            match step {
                None => Err(TransportError::not_sent("refused")),
                Some(Err(detail)) => Err(TransportError::failed(detail)),
                Some(Ok(status)) => Ok(HttpResponse::new(
                    status,
                    vec![("content-type".into(), "application/json".into())],
                    br#"{"status": "UP"}"#.to_vec(),
                )),
            }
        })
    }
}

fn client(script: Vec<Option<Result<u16, &'static str>>>) -> (homecom_client::Client, Arc<Scripted>) {
    let transport = Arc::new(Scripted {
        calls: AtomicU32::new(0),
        script,
        seen: Mutex::new(Vec::new()),
    });
    let config = Config::new("https://api.example", KEY).expect("config");
    let client = ClientBuilder::new(config)
        .pacing(false)
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_base_delay(Duration::from_millis(1)),
        )
        .transport(transport.clone())
        .build()
        .expect("client");
    (client, transport)
}

#[tokio::test]
async fn a_get_is_retried_after_not_sent_over_a_custom_transport() {
    let (client, transport) = client(vec![None, Some(Ok(200))]);
    let health = client.get_health().await.expect("health");
    assert_eq!(health.status, "UP");
    assert_eq!(transport.calls.load(Ordering::SeqCst), 2);
    let seen = transport.seen.lock().unwrap();
    assert_eq!(seen[0].url, "https://api.example/health");
    assert!(
        seen[0]
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("homecom-partner/"))
    );
}

#[tokio::test]
async fn failures_end_in_a_transport_error_after_the_policy_gives_up() {
    let (client, transport) = client(vec![Some(Err("reset")), Some(Err("reset")), Some(Err("reset"))]);
    let error = client.get_health().await.expect_err("fails");
    assert_eq!(error.kind, ErrorKind::Transport);
    assert!(error.message.contains("reset"), "{}", error.message);
    assert!(error.message.contains("after 3 attempts"), "{}", error.message);
    assert_eq!(transport.calls.load(Ordering::SeqCst), 3);
}
