"""The shared conformance vectors of tests/vectors/, through the Python API, with the same
expectations as core/tests/vectors.rs (one pytest case per vector)."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional, Tuple

import homecom_partner as hp
import pytest
from conftest import load_vectors


def _cases(file: str, key: str = "cases") -> List[Any]:
    doc = load_vectors(file)
    return [pytest.param(case, id=case.get("name", "?")) for case in doc.get(key, [])]


def _codes(value: Any) -> List[str]:
    return sorted({str(v) for v in value or []})


def expect_error(err: hp.HomeComError, expected: Dict[str, Any]) -> None:
    assert err.kind == expected["kind"], str(err)
    if "status" in expected:
        assert err.status == expected["status"]
    if "requestId" in expected:
        assert err.request_id == expected["requestId"]
    if "retryAfter" in expected:
        assert err.retry_after == expected["retryAfter"]
    if "message" in expected:
        assert err.message == expected["message"]
    codes = expected.get("codes", expected.get("violationCodes"))
    if codes is not None:
        assert _codes(v.code for v in err.violations) == _codes(codes), str(err)
    if "hasRawBody" in expected:
        assert (err.raw_body is not None) == expected["hasRawBody"]


def body_bytes(case: Dict[str, Any]) -> bytes:
    if isinstance(case.get("bodyText"), str):
        return str(case["bodyText"]).encode()
    if "body" in case:
        return json.dumps(case["body"]).encode()
    return b""


def contains_subset(got: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and contains_subset(got[k], v) for k, v in want.items())
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
        return math.isclose(float(got), float(want), rel_tol=0, abs_tol=0)
    return bool(got == want)


@pytest.mark.parametrize("case", _cases("validation.json"))
def test_validation(case: Dict[str, Any]) -> None:
    report = hp.check(case["operation"], case["input"])
    assert report.codes == _codes(case["expect"]["codes"]), [str(v) for v in report.violations]
    if "unchecked" in case["expect"]:
        assert sorted(report.unchecked_rules) == _codes(case["expect"]["unchecked"])


@pytest.mark.parametrize("case", _cases("events.json"))
def test_event(case: Dict[str, Any]) -> None:
    body = body_bytes(case)
    if "expectError" in case:
        with pytest.raises(hp.HomeComError) as info:
            hp.parse_event(body)
        expect_error(info.value, case["expectError"])
        return
    event = hp.parse_event(body)
    expect = case["expect"]
    assert event.event_type == expect["eventType"]
    assert event.gateway_id == expect["gatewayId"]
    if "known" in expect:
        assert event.known == expect["known"]
    if "fields" in expect:
        assert contains_subset(event.data, expect["fields"]), event.data


@pytest.mark.parametrize("case", _cases("events.json", "fingerprintCases"))
def test_event_fingerprint(case: Dict[str, Any]) -> None:
    same = hp.parse_event(case["a"]).fingerprint == hp.parse_event(case["b"]).fingerprint
    assert same == case["same"]
    assert hp.fingerprint(case["a"]) == hp.parse_event(case["a"]).fingerprint


@pytest.mark.parametrize("case", _cases("events.json", "batchCases"))
def test_event_batch(case: Dict[str, Any]) -> None:
    body = body_bytes(case)
    if "expectError" in case:
        with pytest.raises(hp.HomeComError) as info:
            hp.parse_events(body)
        expect_error(info.value, case["expectError"])
        return
    assert len(hp.parse_events(body)) == case["expect"]["count"]


def _config(base: Dict[str, Any], overrides: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    merged = {**base, **(overrides or {})}
    return {
        "base_url": merged.get("baseUrl", ""),
        "api_key": merged.get("apiKey"),
        "user_id": merged.get("userId"),
        "api_major": merged.get("apiMajor"),
    }


_REQUESTS = load_vectors("requests.json")


@pytest.mark.parametrize("case", _cases("requests.json"))
def test_request(case: Dict[str, Any]) -> None:
    try:
        request = hp.build_request(case["operation"], case["input"], **_config(_REQUESTS["config"], case.get("config")))
    except hp.HomeComError as err:
        assert "expectError" in case, f"unexpected error {err}"
        expect_error(err, case["expectError"])
        return
    assert "expect" in case, f"expected an error, built {request!r}"
    expect = case["expect"]
    assert request.method == expect["method"]
    assert request.url == expect["url"]
    assert dict(request.headers) == expect["headers"]
    assert (json.loads(request.body) if request.body is not None else None) == expect["body"]


def _headers(case: Dict[str, Any]) -> List[Tuple[str, str]]:
    return [(k, str(v)) for k, v in (case.get("headers") or {}).items()]


@pytest.mark.parametrize("case", _cases("responses.json"))
def test_response(case: Dict[str, Any]) -> None:
    try:
        response = hp.decode_response(case["operation"], case.get("status", 0), _headers(case), body_bytes(case))
    except hp.HomeComError as err:
        assert "expectError" in case, f"unexpected error {err}"
        expect_error(err, case["expectError"])
        return
    assert "expect" in case, f"expected an error, decoded {response.value!r}"
    expect = case["expect"]
    if "value" in expect:
        assert response.value == expect["value"]
    if "requestId" in expect:
        assert response.request_id == expect["requestId"]
    if "apiVersion" in expect:
        assert response.api_version == expect["apiVersion"]


@pytest.mark.parametrize("case", _cases("api_keys.json"))
def test_api_key(case: Dict[str, Any]) -> None:
    try:
        status = hp.api_key_status(case["key"], now=case["now"])
    except hp.HomeComError as err:
        assert "expectError" in case, f"unexpected error {err}"
        expect_error(err, case["expectError"])
        return
    expect = case["expect"]
    got = {
        "redacted": status.redacted,
        "expiresAt": status.expires_at,
        "daysLeft": status.days_left,
        "expired": status.expired,
    }
    for field in ("redacted", "expiresAt", "daysLeft", "expired"):
        if field in expect:
            assert got[field] == expect[field], field
    assert case["key"].strip() not in repr(status)


@pytest.mark.parametrize("case", _cases("data_points.json"))
def test_data_point(case: Dict[str, Any]) -> None:
    found = hp.lookup(case["key"])
    got = {
        "known": found.known,
        "pattern": found.pattern,
        "circuit": found.circuit,
        "heatSource": found.heat_source,
        "holidayModeId": found.holiday_mode_id,
        "unit": found.unit,
        "event": found.event,
    }
    for field, want in case["expect"].items():
        assert got[field] == want, field


@pytest.mark.parametrize("case", _cases("onboarding.json", "inviteCases"))
def test_invite(case: Dict[str, Any]) -> None:
    from homecom_partner import _native  # session ids from fixed bytes: the core's own constructor

    try:
        try:
            session = _native.session_id_from_bytes(bytes.fromhex(case["sessionBytesHex"]))
        except _native.NativeError as exc:
            raise hp.errors.error_from_native(exc) from None
        except ValueError:
            raise hp.ConfigError("odd hex") from None
        url = hp.invite_link(case["brand"], case["companyId"], case["redirectUri"], session)
    except hp.HomeComError as err:
        assert "expectError" in case, f"unexpected error {err}"
        expect_error(err, case["expectError"])
        return
    expect = case["expect"]
    if "sessionId" in expect:
        assert session == expect["sessionId"]
    assert url == expect["url"]


@pytest.mark.parametrize("case", _cases("onboarding.json", "redirectCases"))
def test_redirect(case: Dict[str, Any]) -> None:
    try:
        redirect = hp.parse_redirect(case["url"], case["expectedSessionId"])
    except hp.HomeComError as err:
        assert "expectError" in case, f"unexpected error {err}"
        expect_error(err, case["expectError"])
        return
    got = {
        "gatewayId": redirect.gateway_id,
        "contractStatus": redirect.contract_status,
        "sessionId": redirect.session_id,
    }
    assert contains_subset(got, case["expect"]), got
