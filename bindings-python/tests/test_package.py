"""The package itself: the generated methods against the core's operation table, the
validation-context arguments against the core's input structs, secrets, logging."""

from __future__ import annotations

import inspect
import logging
import re

import homecom_partner as hp
import pytest
from conftest import Sim
from homecom_partner import models
from homecom_partner._operations import OPERATIONS

HOLIDAY = {
    "startDate": "2026-06-01",
    "endDate": "2026-06-05",
    "heatingCircuits": [1],
    "dhwCircuits": [],
    "heatingMode": "ECO",
    "dhwMode": "OFF",
}
PATH_PARAMS = {"gatewayId": "101234567", "circuitId": 1, "timeProgramId": 1, "holidayModeId": "1", "keyId": "k-1"}


def test_generated_methods_match_the_core_table() -> None:
    core = {(o.name, o.method_name, o.method, o.path) for o in hp.operations()}
    assert len(core) == 37
    assert set(OPERATIONS) == core
    for _, method_name, _, path in OPERATIONS:
        for cls in (hp.Client, hp.AsyncClient):
            method = getattr(cls, method_name)
            assert inspect.iscoroutinefunction(method) == (cls is hp.AsyncClient)
            params = inspect.signature(method).parameters
            expected = [re.sub(r"(?<=[a-z])([A-Z])", r"_\1", p).lower() for p in re.findall(r"{(\w+)}", path)]
            assert [
                p for p in params if p in {"gateway_id", "circuit_id", "time_program_id", "holiday_mode_id", "key_id"}
            ] == expected
            assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for n, p in params.items() if n != "self")


@pytest.mark.parametrize(
    ("operation", "context"),
    [
        ("updateDhwCircuit", {"current": {"circuitId": 1, "operationMode": "ECO"}, "timeProgramIds": [1, 2]}),
        ("updateHeatingCircuit", {"current": {"circuitId": 1, "operationMode": "AUTO"}, "timeProgramIds": [1]}),
        (
            "updateHeatCurve",
            {"current": {"minFlowTemperature": 25.0, "maxFlowTemperature": 45.0}, "distributionType": "FLOOR"},
        ),
        ("updateSilentMode", {"current": {"enabled": True, "startTime": "22:00", "endTime": "06:00"}}),
        ("createHolidayMode", {"existing": [], "today": "2026-05-05"}),
    ],
)
def test_validation_context_is_accepted_by_the_core(operation: str, context: dict[str, object]) -> None:
    """Every context argument the generator adds is a field of the core's request struct (the
    core refuses unknown fields with INPUT_SHAPE)."""
    base: dict[str, object] = {"gatewayId": "101234567", "body": {}}
    if operation in ("updateDhwCircuit", "updateHeatingCircuit", "updateHeatCurve"):
        base["circuitId"] = 1
    if operation == "createHolidayMode":
        base["body"] = HOLIDAY
    report = hp.check(operation, {**base, **context})
    assert "INPUT_SHAPE" not in report.codes
    with pytest.raises(hp.ValidationError) as info:
        hp.check(operation, {**base, "notAField": 1})
    assert [v.code for v in info.value.violations] == ["INPUT_SHAPE"]


def test_every_request_builds_from_python_names() -> None:
    for name, _, method, path in OPERATIONS:
        params = {p: PATH_PARAMS[p] for p in re.findall(r"{(\w+)}", path)}
        body = {"body": {"action": "ACCEPT"}} if name == "updateContract" else {}
        try:
            request = hp.build_request(
                name, {**params, **body}, base_url="http://127.0.0.1:1", api_key="xHCSAPI.x", user_id="u-1"
            )
        except hp.ValidationError:
            continue  # operations whose empty body breaks a rule
        assert request.method == method
        assert "xHCSAPI.x" not in repr(request)


def test_api_key_never_in_repr(sim: Sim) -> None:
    client = sim.client()
    async_client = sim.async_client()
    for text in (repr(client), repr(async_client), repr(client._handle), str(client.api_key_status())):
        assert sim.api_key not in text
    assert "…" in repr(client)
    created = models.ApiKeyCreated.from_dict(
        {"keyId": "k", "apiKey": sim.api_key, "createdAt": "2026-01-01T00:00:00Z", "expiresAt": "2026-07-01T00:00:00Z"}
    )
    assert sim.api_key not in repr(created) and created.api_key == sim.api_key


def test_attempts_are_logged_without_the_key(sim: Sim, caplog: pytest.LogCaptureFixture) -> None:
    sim.control("PUT", "/faults", {"errorRatio": 1.0, "errorStatus": 503})
    client = sim.client(retry_policy=hp.RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.01))
    with caplog.at_level(logging.DEBUG, logger="homecom_partner"), pytest.raises(hp.ServerError):
        client.get_health()
    records = [r for r in caplog.records if r.name == "homecom_partner"]
    text = "\n".join(r.getMessage() for r in records)
    assert "answered" in text and "status=503" in text and "retrying" in text, text
    assert "operation=getHealth" in text
    assert sim.api_key not in text


def test_rotate_api_key(sim: Sim) -> None:
    client = sim.client()
    rotation = client.rotate_api_key()
    assert rotation.old_key_deleted and rotation.new_key.api_key.startswith("xHCSAPI")
    assert rotation.new_key.api_key not in repr(rotation)
    status = client.api_key_status()
    assert status is not None and status.redacted.endswith(rotation.new_key.api_key[-4:])
    assert client.get_health().status == "UP"
    with pytest.raises(hp.UnauthorizedError):
        sim.client().get_health()  # the old (demo) key is gone
    sim.control("POST", "/reset")


def test_onboarding_round_trip() -> None:
    session = hp.new_session_id()
    link = hp.invite_link("BOSCH", "c-1", "https://partner.example/back", session)
    assert session in link and link.startswith("https://")
    redirect = hp.parse_redirect(
        f"https://partner.example/back?gatewayId=101234567&contractStatus=PENDING&sessionId={session}", session
    )
    assert redirect == hp.OnboardingRedirect("101234567", "PENDING", session)
    with pytest.raises(hp.ValidationError) as info:
        hp.parse_redirect("?gatewayId=1&contractStatus=PENDING&sessionId=" + hp.new_session_id(), session)
    assert [v.code for v in info.value.violations] == ["ONBOARDING_SESSION_MISMATCH"]


def test_rules_and_lookup() -> None:
    rules = hp.all_rules()
    assert any(r.code == "DHW_START_RANGE" and r.min == 30.0 for r in rules)
    assert hp.lookup("no.such.key").known is False


def test_client_from_env(sim: Sim) -> None:
    env = {"HOMECOM_BASE_URL": sim.base_url, "HOMECOM_API_KEY": sim.api_key, "HOMECOM_USER_ID": sim.user_id}
    client = hp.Client.from_env(env, pacer_time_scale=0.01)
    assert client.user_id == sim.user_id and client.base_url == sim.base_url
    with pytest.raises(hp.ConfigError):
        hp.Client.from_env({})
