//! Helpers of the integration tests: a simulator with a plain reqwest client, the core's
//! request builder and decoder, and a webhook receiver.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use homecom_core::http::{Config, HttpRequest, HttpResponse, Response};
use homecom_core::operation::OperationId;
use homecom_core::{Error, wire};
use homecom_sim::{SimConfig, SimHandle, Simulator};
use serde_json::Value;

/// A simulator and a client for it.
pub struct Sim {
    pub handle: SimHandle,
    pub client: reqwest::Client,
}

/// A simulator whose rate limits never bite (time scale 0: buckets refill at once).
pub async fn start() -> Sim {
    start_with(SimConfig {
        time_scale: 0.0,
        seed: Some(42),
        ..SimConfig::default()
    })
    .await
}

/// A simulator with this configuration.
pub async fn start_with(config: SimConfig) -> Sim {
    let handle = Simulator::start(config).await.expect("the simulator starts");
    Sim {
        handle,
        client: client(),
    }
}

/// A reqwest client that never uses a proxy.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The rule codes of the violations of an error body.
    pub fn rules(&self) -> Vec<String> {
        self.json["violations"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|v| v["rule"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts the headers every answer carries.
    pub fn assert_common_headers(&self) {
        let id = self.header(wire::HEADER_REQUEST_ID).expect("x-request-id");
        assert!(!id.is_empty());
        assert_eq!(self.header(wire::HEADER_API_VERSION), Some(wire::KNOWN_API_VERSION));
    }

    /// Asserts an error answer with the documented body.
    pub fn assert_error(&self, status: u16) {
        assert_eq!(self.status, status, "{}", self.text);
        self.assert_common_headers();
        assert_eq!(self.json["status"], status);
        assert!(self.json["error"].is_string());
        assert!(self.json["message"].is_string());
        assert_eq!(
            self.json["requestId"].as_str(),
            self.header(wire::HEADER_REQUEST_ID),
            "the body repeats the request id"
        );
    }
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        text,
        json,
    }
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.handle.base_url())
    }

    /// A request with the demo key, `x-api-version: 1` and the demo user.
    pub fn request(&self, method: &str, path: &str) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.client
            .request(method, self.url(path))
            .header(wire::HEADER_API_KEY, self.handle.api_key())
            .header(wire::HEADER_API_VERSION, "1")
            .header(wire::HEADER_USER_ID, self.handle.user_id())
    }

    /// Sends a request with the demo credentials and an optional JSON body.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        read(request.send().await.expect("the request is answered")).await
    }

    /// A control API call; asserts a 2xx and returns the JSON.
    pub async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let answer = self.control_raw(method, path, body).await;
        assert!((200..300).contains(&answer.status), "{method} {path}: {}", answer.text);
        answer.json
    }

    /// A control API call, whatever the answer.
    pub async fn control_raw(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, self.url(&format!("/_sim{path}")));
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        read(request.send().await.expect("the control API answers")).await
    }

    /// The core's configuration for the demo key and user.
    pub fn config(&self) -> Config {
        Config::new(self.handle.base_url(), self.handle.api_key())
            .and_then(|c| c.with_user_id(self.handle.user_id()))
            .expect("config")
    }

    /// Builds a request with the core, sends it, decodes the answer with the core.
    pub async fn exec(&self, op: OperationId, input: Value) -> Result<Response<Value>, Error> {
        let request = op.build_json(&self.config(), &input)?;
        let response = self.send(&request).await;
        op.decode_json(&response)
    }

    /// Sends a core request as is.
    pub async fn send(&self, request: &HttpRequest) -> HttpResponse {
        let method = reqwest::Method::from_bytes(request.method.as_str().as_bytes()).expect("method");
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.expect("answered");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = response.bytes().await.expect("body").to_vec();
        HttpResponse::new(status, headers, body)
    }

    /// Waits until no webhook event is pending.
    pub async fn settle_webhooks(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.handle.pending_webhooks() > 0 {
            assert!(Instant::now() < deadline, "webhooks still pending");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Asserts that no request hit the catch-panic layer and that every status answered to
    /// a routed operation is one `spec/openapi.yaml` documents for it; stops the simulator.
    pub async fn done(self) {
        assert_eq!(self.handle.panic_count(), 0, "a request hit the catch-panic layer");
        let info = self.control("GET", "/info", None).await;
        assert_eq!(info["panics"], 0);
        let log = self.control("GET", "/requests", None).await;
        for request in log["requests"].as_array().expect("requests") {
            let (Some(operation), Some(status)) = (request["operation"].as_str(), request["status"].as_u64()) else {
                continue;
            };
            if request["faulted"] == true {
                continue;
            }
            let documented = documented_statuses()
                .get(operation)
                .unwrap_or_else(|| panic!("{operation} is not in spec/openapi.yaml"));
            assert!(
                documented.contains(&(status as u16)),
                "{operation} answered {status}, which spec/openapi.yaml does not document ({documented:?})"
            );
        }
        self.handle.shutdown().await;
    }
}

/// One webhook call as received.
#[derive(Clone, Debug)]
pub struct Hook {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Hook {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A webhook receiver on 127.0.0.1: records every call and answers 200.
pub struct Receiver {
    pub url: String,
    pub calls: Arc<Mutex<Vec<Hook>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        use axum::Router;
        use axum::body::Bytes;
        use axum::http::HeaderMap;
        use axum::routing::post;

        let calls: Arc<Mutex<Vec<Hook>>> = Arc::default();
        let recorded = calls.clone();
        let app = Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: Bytes| {
                let recorded = recorded.clone();
                async move {
                    let headers = headers
                        .iter()
                        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                        .collect();
                    recorded.lock().expect("lock").push(Hook {
                        headers,
                        body: body.to_vec(),
                    });
                    "ok"
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, calls, task }
    }

    pub fn calls(&self) -> Vec<Hook> {
        self.calls.lock().expect("lock").clone()
    }

    /// Waits until at least `n` calls arrived (and a little more for strays), returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Hook> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.calls().len() < n {
            assert!(
                Instant::now() < deadline,
                "expected {n} webhook calls, got {}",
                self.calls().len()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.calls()
    }

    pub fn clear(&self) {
        self.calls.lock().expect("lock").clear();
    }
}

/// The statuses `spec/openapi.yaml` documents for each operation.
pub fn documented_statuses() -> &'static BTreeMap<String, BTreeSet<u16>> {
    static STATUSES: OnceLock<BTreeMap<String, BTreeSet<u16>>> = OnceLock::new();
    STATUSES.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml");
        let text = std::fs::read_to_string(path).expect("read spec/openapi.yaml");
        let doc: Value = serde_yaml_ng::from_str(&text).expect("parse spec/openapi.yaml");
        let mut out = BTreeMap::new();
        for item in doc["paths"].as_object().expect("paths").values() {
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(op) = item.get(method) else { continue };
                let statuses = op["responses"]
                    .as_object()
                    .expect("responses")
                    .keys()
                    .filter_map(|code| code.parse().ok())
                    .collect();
                out.insert(op["operationId"].as_str().expect("operationId").to_owned(), statuses);
            }
        }
        out
    })
}
