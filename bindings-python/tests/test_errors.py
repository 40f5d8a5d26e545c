"""Every exception type, from the simulator's fixture gateways, its fault injection, or the
core's client-side checks. No bare RuntimeError (or any non-HomeComError) escapes."""

from __future__ import annotations

import homecom_partner as hp
import pytest
from conftest import Sim

GW = "101234567"
NO_RETRY = hp.RetryPolicy(max_attempts=1)


def test_hierarchy() -> None:
    for cls in (
        hp.BadRequestError,
        hp.UnauthorizedError,
        hp.ForbiddenError,
        hp.NotFoundError,
        hp.ConflictError,
        hp.RateLimitedError,
        hp.ConsentOutdatedError,
        hp.GatewayOfflineError,
        hp.ServerError,
        hp.UnexpectedStatusError,
    ):
        assert issubclass(cls, hp.ApiError) and issubclass(cls, hp.HomeComError)
    for cls in (hp.ValidationError, hp.TransportError, hp.DecodeError, hp.ConfigError, hp.WebhookAuthError):
        assert issubclass(cls, hp.HomeComError) and not issubclass(cls, hp.ApiError)
    assert issubclass(hp.ValidationError, ValueError)


def test_bad_request(sim: Sim) -> None:
    with pytest.raises(hp.BadRequestError) as info:
        sim.client(api_major=2).get_health()
    err = info.value
    assert err.status == 400 and err.request_id and err.api_version == "1.35" and err.kind == "BadRequest"


def test_unauthorized(sim: Sim) -> None:
    unknown = "xHCSAPI.20270529T120000Z.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    client = sim.client(api_key=unknown)
    with pytest.raises(hp.UnauthorizedError) as info:
        client.list_hvacs()
    assert info.value.status == 401 and info.value.message == "Unauthorized"
    assert unknown not in str(info.value) and unknown not in repr(info.value) and unknown not in repr(client)


def test_forbidden(client: hp.Client) -> None:
    with pytest.raises(hp.ForbiddenError) as info:
        client.get_hvac_status(gateway_id="101234571")
    assert info.value.status == 403 and info.value.request_id


def test_not_found(client: hp.Client) -> None:
    with pytest.raises(hp.NotFoundError) as info:
        client.get_dhw_circuit(gateway_id=GW, circuit_id=9)
    assert info.value.status == 404


def test_conflict(client: hp.Client) -> None:
    with pytest.raises(hp.ConflictError) as info:
        client.update_contract(gateway_id=GW, body={"action": "ACCEPT"})  # already ACTIVE
    assert info.value.status == 409


def test_rate_limited(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"rateLimitBurst": 1, "rateLimitRetryAfter": 2})
    with pytest.raises(hp.RateLimitedError) as info:
        sim.client(retry_policy=NO_RETRY).get_health()
    assert info.value.status == 429 and info.value.retry_after == 2.0


def test_consent_outdated(client: hp.Client) -> None:
    with pytest.raises(hp.ConsentOutdatedError) as info:
        client.get_dhw_circuit(gateway_id="101234572", circuit_id=1)
    assert info.value.status == 451


def test_gateway_offline(client: hp.Client) -> None:
    with pytest.raises(hp.GatewayOfflineError) as info:
        client.get_dhw_circuit(gateway_id="101234573", circuit_id=1)
    assert info.value.status == 504


def test_server_error(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"errorRatio": 1.0, "errorStatus": 500, "errorBody": "html"})
    with pytest.raises(hp.ServerError) as info:
        sim.client(retry_policy=NO_RETRY).get_health()
    assert info.value.status == 500 and info.value.raw_body


def test_server_error_is_retried(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"errorRatio": 1.0, "errorStatus": 503})
    client = sim.client(retry_policy=hp.RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02))
    with pytest.raises(hp.ServerError):
        client.get_health()
    attempts = [r for r in sim.control("GET", "/requests")["requests"] if r["path"] == "/health"]
    assert len(attempts) == 3


def test_unexpected_status() -> None:
    with pytest.raises(hp.UnexpectedStatusError) as info:
        hp.decode_response("getHealth", 418, [("x-request-id", "r-1")], b"{}")
    assert info.value.status == 418 and info.value.request_id == "r-1"


def test_transport_error_on_reset(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"resetRatio": 1.0})
    with pytest.raises(hp.TransportError) as info:
        sim.client(retry_policy=NO_RETRY).get_health()
    assert info.value.status is None


def test_transport_error_connection_refused() -> None:
    client = hp.Client("http://127.0.0.1:9", "xHCSAPI.x", retry_policy=NO_RETRY, attempt_timeout=2)
    with pytest.raises(hp.TransportError):
        client.get_health()


def test_validation_error_before_any_io(sim: Sim) -> None:
    client = sim.client()
    with pytest.raises(hp.ValidationError) as info:
        client.update_dhw_circuit(
            gateway_id=GW,
            circuit_id=1,
            body={"ecoPlusModeSettings": {"startSetPointTemperature": 29.5, "stopSetPointTemperature": 70.0}},
        )
    err = info.value
    assert isinstance(err, ValueError)
    assert [v.code for v in err.violations] == ["DHW_START_RANGE"]
    assert err.violations[0].fields == ("ecoPlusModeSettings.startSetPointTemperature",)
    assert err.violations[0].limit and err.violations[0].message
    assert err.unchecked_rules == ("DHW_MODE_ORDER",)
    assert not [r for r in sim.control("GET", "/requests")["requests"] if r["method"] == "PATCH"]


def test_validation_error_for_bad_path_and_shape(client: hp.Client) -> None:
    with pytest.raises(hp.ValidationError) as info:
        client.get_dhw_circuit(gateway_id="no spaces!", circuit_id=0)
    assert {v.code for v in info.value.violations} >= {"GATEWAY_ID_INVALID"}
    with pytest.raises(hp.ValidationError) as shape:
        client.update_silent_mode(gateway_id=GW, body={"enabled": "yes", "unknown": 1})
    assert [v.code for v in shape.value.violations] == ["INPUT_SHAPE"]
    with pytest.raises(hp.ValidationError):
        client.update_silent_mode(gateway_id=GW, body={"startTime": float("nan")})


def test_config_errors(sim: Sim) -> None:
    with pytest.raises(hp.ConfigError):
        hp.Client("http://example.com", "xHCSAPI.x")
    with pytest.raises(hp.ConfigError):
        hp.Client(sim.base_url, "not-a-key")
    with pytest.raises(hp.ConfigError):
        hp.Client(sim.base_url, sim.api_key, attempt_timeout=-1)
    with pytest.raises(hp.ConfigError) as info:
        hp.Client(sim.base_url, sim.api_key).get_dhw_circuit(gateway_id=GW, circuit_id=1)  # no user id
    assert "x-user-id" in info.value.message
    assert isinstance(info.value, ValueError)


def test_decode_error() -> None:
    with pytest.raises(hp.DecodeError):
        hp.parse_event(b"not json")
    with pytest.raises(hp.DecodeError):
        hp.decode_response("getDhwCircuit", 200, [], b'{"circuitId": "one"}')


def test_webhook_auth_error() -> None:
    with pytest.raises(hp.WebhookAuthError):
        hp.verify_webhook({"x-webhook-secret": "wrong"}, secret_header=("x-webhook-secret", "change-me"))
    hp.verify_webhook({"X-Webhook-Secret": "change-me"}, secret_header=("x-webhook-secret", "change-me"))
    with pytest.raises(hp.ConfigError):
        hp.verify_webhook({}, secret_header=("x-webhook-secret", ""))


def test_error_details_round_trip(client: hp.Client) -> None:
    with pytest.raises(hp.ForbiddenError) as info:
        client.get_hvac_status(gateway_id="101234571")
    data = info.value.to_dict()
    assert data["kind"] == "Forbidden" and data["status"] == 403 and data["requestId"] == info.value.request_id
    assert "Forbidden (403)" in str(info.value)
