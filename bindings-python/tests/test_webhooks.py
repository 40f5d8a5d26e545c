"""A webhook endpoint (stdlib http.server in a thread) receiving the events the simulator sends,
authenticated and de-duplicated by WebhookReceiver."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Tuple

import homecom_partner as hp
import pytest
from conftest import Sim

SECRET = ("x-webhook-secret", "change-me-0123456789")


class Endpoint:
    def __init__(self) -> None:
        self.receiver = hp.WebhookReceiver(secret_header=SECRET)
        self.results: List[hp.WebhookResult] = []
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                result = endpoint.receiver.handle(list(self.headers.items()), body)
                with endpoint.lock:
                    endpoint.results.append(result)
                self.send_response(result.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout: float = 10.0) -> List[hp.WebhookResult]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.results) >= count:
                    return list(self.results)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.results)} of {count} webhook calls arrived")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    e = Endpoint()
    yield e
    e.close()


def _target(url: str, secret: Tuple[str, str]) -> dict[str, object]:
    return {"url": url, "secretHeader": {"name": secret[0], "value": secret[1]}}


def test_receives_simulator_events(sim: Sim, endpoint: Endpoint) -> None:
    sim.control("PUT", "/webhooks", [_target(endpoint.url, SECRET)])
    client = sim.client()
    client.simulate_webhook_event(body={"eventType": "DATA_POINT", "gatewayId": "101234567"})
    sim.control("POST", "/gateways/101234567/offline")
    sim.control(
        "POST", "/gateways/101234567/dataPoints", {"dataPoint": "hvac.emon.compressor.powerCurrent", "value": 1400}
    )
    client.update_contract(gateway_id="101234574", body={"action": "ACCEPT"})
    results = endpoint.wait_for(3)
    assert all(r.ok and r.status == 200 for r in results), [r.error for r in results]
    types = [r.event.event_type for r in results if r.event is not None]
    assert "DATA_POINT" in types and "CONNECTIVITY_STATUS" in types and "CONTRACT_STATUS" in types
    offline = next(r.event for r in results if r.event is not None and r.event.event_type == "CONNECTIVITY_STATUS")
    model = offline.model()
    assert isinstance(model, hp.models.ConnectivityStatusEvent) and model.connectivity_status == "OFFLINE"
    assert len({r.event.fingerprint for r in results if r.event is not None}) == len(results)


def test_duplicates_are_flagged(sim: Sim, endpoint: Endpoint) -> None:
    sim.control("PUT", "/webhooks", [_target(endpoint.url, SECRET)])
    sim.control("PUT", "/webhooks/faults", {"duplicateRatio": 1.0})
    sim.control("POST", "/gateways/101234567/offline")
    results = endpoint.wait_for(2)
    assert [r.duplicate for r in results[:2]] == [False, True]
    assert results[0].event is not None and results[1].event is not None
    assert results[0].event.fingerprint == results[1].event.fingerprint
    sim.control("DELETE", "/webhooks/faults")


def test_wrong_secret_is_refused(sim: Sim, endpoint: Endpoint) -> None:
    sim.control("PUT", "/webhooks", [_target(endpoint.url, (SECRET[0], "not-the-secret-000"))])
    sim.control("POST", "/gateways/101234567/offline")
    (result,) = endpoint.wait_for(1)
    assert result.status == 401 and isinstance(result.error, hp.WebhookAuthError) and result.event is None
    assert SECRET[1] not in repr(endpoint.receiver)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the simulator records the answer after it arrives
        deliveries = sim.control("GET", "/webhooks/deliveries")["deliveries"]
        if any(d.get("status") == 401 for d in deliveries):
            break
        time.sleep(0.02)
    else:
        raise AssertionError(f"no delivery answered 401: {deliveries}")
