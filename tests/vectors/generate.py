#!/usr/bin/env python3
"""Writes the language-neutral conformance vectors of homecom-partner.

Every binding (Rust, Python, JS, Kotlin) runs the same JSON files in this directory against its
own glue to the core. The expectations below are worked out from the contract
(`shared/spec/partner-api.md`, `spec/openapi.yaml`, the rule limits it documents), never by
running the core: a vector that the core fails is a finding, to be settled against the spec.

Run from anywhere (standard library only):

    python3 tests/vectors/generate.py

It rewrites requests.json, validation.json, responses.json, events.json, data_points.json,
onboarding.json and api_keys.json next to itself, checks that every case name is unique per file
and prints the number of cases of each file.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import math
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def pct(text: str) -> str:
    """Percent-encodes every byte except the RFC 3986 unreserved ones, with uppercase hex."""
    return quote(text, safe="", encoding="utf-8")


class Cases:
    """An ordered list of cases whose names must be unique."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[dict] = []
        self.names: set[str] = set()

    def add(self, case: dict) -> None:
        name = case["name"]
        if name in self.names:
            raise SystemExit(f"{self.what}: duplicate case name {name!r}")
        self.names.add(name)
        self.items.append(case)

    def __len__(self) -> int:
        return len(self.items)


def write(filename: str, document: dict) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    json.loads(text)  # parses back
    (HERE / filename).write_text(text, encoding="utf-8")


GW = "101234567"
WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


def week(points: list[tuple[str, str]], time_program_id: int | None = 1) -> dict:
    """A time program with the same switch points every day."""
    program: dict = {}
    if time_program_id is not None:
        program["timeProgramId"] = time_program_id
    program["days"] = [
        {"day": day, "switchPoints": [{"startTime": t, "level": lv} for t, lv in points]}
        for day in WEEKDAYS
    ]
    return program


HEATING_WEEK = week([("06:00", "COMFORT"), ("22:00", "ECO")])
DHW_WEEK = week([("05:30", "COMFORT"), ("09:00", "ECO"), ("17:00", "COMFORT"), ("22:00", "ECO_PLUS")])

# The DHW circuit of §2.5, a consistent state for merged-state checks.
DHW_CURRENT = {
    "circuitId": 1,
    "operationMode": "AUTO",
    "ecoPlusModeSettings": {"startSetPointTemperature": 40.0, "stopSetPointTemperature": 45.0},
    "ecoModeSettings": {"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0},
    "comfortModeSettings": {"startSetPointTemperature": 48.0, "stopSetPointTemperature": 55.0},
    "autoModeSettings": {"selectedTimeProgramId": 1, "operationMode": "ECO"},
}

# The heating circuit of §2.4.
HC_CURRENT = {
    "circuitId": 1,
    "controlType": "WEATHER_COMPENSATED",
    "operationMode": "AUTO",
    "currentSetPointTemperature": 21.0,
    "manualModeSettings": {"setPointTemperature": 21.0},
    "autoModeSettings": {"selectedTimeProgramId": 1, "levels": {"comfort": 21.0, "eco": 17.0}},
    "overridingModes": {
        "boost": {"active": False},
        "away": {"active": False},
        "holiday": {"active": False},
        "summerWinter": {"active": False},
    },
}
HC_ISRC = {
    "circuitId": 2,
    "controlType": "ISRC",
    "operationMode": "AUTO",
    "overridingModes": {"boost": {"active": False}, "away": {"active": False},
                        "holiday": {"active": False}, "summerWinter": {"active": False}},
}
HC_ICOM = {"circuitId": 1}

# Heat curves per control type (§3.2), each consistent: minFlow ≤ basePoint ≤ endPoint ≤ maxFlow.
CURVE_WC = {
    "controlType": "WEATHER_COMPENSATED",
    "minFlowTemperature": 25.0, "maxFlowTemperature": 55.0,
    "basePointTemperature": 28.0, "endPointTemperature": 45.0,
    "designOutdoorTemperature": -12.0,
    "roomInfluenceTemperature": 3.0, "roomTemperatureOffset": 0.0,
}
CURVE_RT = {
    "controlType": "ROOM_TEMPERATURE",
    "minFlowTemperature": 25.0, "maxFlowTemperature": 55.0,
    "roomTemperatureOffset": 0.0,
}
CURVE_ISRC = {
    "controlType": "ISRC",
    "minFlowTemperature": 25.0, "maxFlowTemperature": 55.0,
    "basePointTemperature": 28.0, "endPointTemperature": 45.0,
    "designOutdoorTemperature": -12.0,
}
CURVES = {"WEATHER_COMPENSATED": CURVE_WC, "ROOM_TEMPERATURE": CURVE_RT, "ISRC": CURVE_ISRC}

SILENT_CURRENT = {"enabled": True, "startTime": "22:00", "endTime": "06:00"}


def holiday(hid: str, start: str, end: str, hcs: list[int], dhws: list[int],
            heating: str = "OFF", dhw: str = "OFF") -> dict:
    return {"holidayModeId": hid, "startDate": start, "endDate": end, "heatingCircuits": hcs,
            "dhwCircuits": dhws, "heatingMode": heating, "dhwMode": dhw}


def holiday_body(start: str, end: str, hcs: list[int], dhws: list[int],
                 heating: str = "FROST_PROTECTION", dhw: str = "OFF") -> dict:
    return {"startDate": start, "endDate": end, "heatingCircuits": hcs, "dhwCircuits": dhws,
            "heatingMode": heating, "dhwMode": dhw}


# ---------------------------------------------------------------------------------------------
# requests.json
# ---------------------------------------------------------------------------------------------

BASE_URL = "https://api.example.test/partner"
API_KEY = "xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345"
USER_ID = "installer-42"
CONFIG = {"baseUrl": BASE_URL, "apiKey": API_KEY, "userId": USER_ID, "apiMajor": 1}

# operationId -> (method, path template), from operations.txt / openapi.yaml.
OPERATIONS = {
    "getHealth": ("GET", "/health"),
    "listHvacs": ("GET", "/hvacs"),
    "getHvacStatus": ("GET", "/hvacs/{gatewayId}/status"),
    "getComponents": ("GET", "/hvacs/{gatewayId}/components"),
    "startSystemDetection": ("POST", "/hvacs/{gatewayId}/components"),
    "simulateWebhookEvent": ("POST", "/webhooks/simulation"),
    "listContracts": ("GET", "/contracts"),
    "getContract": ("GET", "/contracts/{gatewayId}"),
    "getHvacContract": ("GET", "/hvacs/{gatewayId}/contract"),
    "updateContract": ("PATCH", "/contracts/{gatewayId}"),
    "deleteContract": ("DELETE", "/contracts/{gatewayId}"),
    "createApiKey": ("POST", "/api-keys"),
    "listApiKeys": ("GET", "/api-keys"),
    "getCurrentApiKey": ("GET", "/api-keys/me"),
    "deleteApiKey": ("DELETE", "/api-keys/{keyId}"),
    "listHeatingCircuits": ("GET", "/hvacs/{gatewayId}/heatingCircuits"),
    "getHeatingCircuit": ("GET", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}"),
    "updateHeatingCircuit": ("PATCH", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}"),
    "getHeatCurve": ("GET", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve"),
    "updateHeatCurve": ("PATCH", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatCurve"),
    "getHeatingDistributionType": ("GET", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/heatingDistributionType"),
    "getHeatingTimeProgram": ("GET", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}"),
    "setHeatingTimeProgram": ("PUT", "/hvacs/{gatewayId}/heatingCircuits/{circuitId}/timePrograms/{timeProgramId}"),
    "listDhwCircuits": ("GET", "/hvacs/{gatewayId}/dhwCircuits"),
    "getDhwCircuit": ("GET", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}"),
    "updateDhwCircuit": ("PATCH", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}"),
    "getDhwCharge": ("GET", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge"),
    "updateDhwCharge": ("PATCH", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/charge"),
    "getDhwTimeProgram": ("GET", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}"),
    "setDhwTimeProgram": ("PUT", "/hvacs/{gatewayId}/dhwCircuits/{circuitId}/timePrograms/{timeProgramId}"),
    "getSilentMode": ("GET", "/hvacs/{gatewayId}/system/silentMode"),
    "updateSilentMode": ("PATCH", "/hvacs/{gatewayId}/system/silentMode"),
    "getDateTime": ("GET", "/hvacs/{gatewayId}/system/dateTime"),
    "setDateTime": ("PUT", "/hvacs/{gatewayId}/system/dateTime"),
    "listHolidayModes": ("GET", "/hvacs/{gatewayId}/system/holidayModes"),
    "createHolidayMode": ("POST", "/hvacs/{gatewayId}/system/holidayModes"),
    "deleteHolidayMode": ("DELETE", "/hvacs/{gatewayId}/system/holidayModes/{holidayModeId}"),
}
assert len(OPERATIONS) == 37


def is_remote(path: str) -> bool:
    """§1.1: everything under /hvacs/{gatewayId}/heatingCircuits, /dhwCircuits and /system."""
    return any(path.startswith(f"/hvacs/{{gatewayId}}/{part}")
               for part in ("heatingCircuits", "dhwCircuits", "system"))


def fill(path: str, inp: dict) -> str:
    out = path
    for name in ("gatewayId", "circuitId", "timeProgramId", "holidayModeId", "keyId"):
        if "{" + name + "}" in out:
            out = out.replace("{" + name + "}", pct(str(inp[name])))
    return out


def expect_request(op: str, inp: dict, config: dict | None = None) -> dict:
    """The request the contract asks for: §1.1 headers, URL = base URL + encoded path."""
    cfg = dict(CONFIG)
    cfg.update(config or {})
    method, template = OPERATIONS[op]
    base = cfg["baseUrl"].rstrip("/")
    headers = {"accept": "application/json"}
    if cfg.get("apiKey") is not None:
        headers["x-api-key"] = cfg["apiKey"]
    headers["x-api-version"] = str(cfg["apiMajor"])
    if is_remote(template) and cfg.get("userId") is not None:
        headers["x-user-id"] = cfg["userId"]
    body = inp.get("body")
    if body is not None:
        headers["content-type"] = "application/json"
    return {"method": method, "url": base + fill(template, inp), "headers": headers, "body": body}


# One valid input per operation.
VALID_INPUTS: dict[str, dict] = {
    "getHealth": {},
    "listHvacs": {},
    "getHvacStatus": {"gatewayId": GW},
    "getComponents": {"gatewayId": GW},
    "startSystemDetection": {"gatewayId": GW},
    "simulateWebhookEvent": {"body": {"eventType": "DATA_POINT", "gatewayId": GW}},
    "listContracts": {},
    "getContract": {"gatewayId": GW},
    "getHvacContract": {"gatewayId": GW},
    "updateContract": {"gatewayId": GW, "body": {"action": "ACCEPT"}},
    "deleteContract": {"gatewayId": GW},
    "createApiKey": {},
    "listApiKeys": {},
    "getCurrentApiKey": {},
    "deleteApiKey": {"keyId": "4a9d3e2f-1c7b-4d8e-a5f6-0b3c9d2e1f4a"},
    "listHeatingCircuits": {"gatewayId": GW},
    "getHeatingCircuit": {"gatewayId": GW, "circuitId": 1},
    "updateHeatingCircuit": {"gatewayId": GW, "circuitId": 1,
                             "body": {"operationMode": "MANUAL", "manualModeSettings": {"setPointTemperature": 21.5}},
                             "current": HC_CURRENT},
    "getHeatCurve": {"gatewayId": GW, "circuitId": 1},
    "updateHeatCurve": {"gatewayId": GW, "circuitId": 1,
                        "body": {"maxFlowTemperature": 50.0, "endPointTemperature": 42.0},
                        "current": CURVE_WC, "distributionType": "FLOOR"},
    "getHeatingDistributionType": {"gatewayId": GW, "circuitId": 1},
    "getHeatingTimeProgram": {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1},
    "setHeatingTimeProgram": {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1, "body": HEATING_WEEK},
    "listDhwCircuits": {"gatewayId": GW},
    "getDhwCircuit": {"gatewayId": GW, "circuitId": 1},
    "updateDhwCircuit": {"gatewayId": GW, "circuitId": 1,
                         "body": {"ecoModeSettings": {"startSetPointTemperature": 46.0, "stopSetPointTemperature": 52.0}},
                         "current": DHW_CURRENT, "timeProgramIds": [1, 2]},
    "getDhwCharge": {"gatewayId": GW, "circuitId": 1},
    "updateDhwCharge": {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True, "durationMinutes": 60}},
    "getDhwTimeProgram": {"gatewayId": GW, "circuitId": 1, "timeProgramId": 2},
    "setDhwTimeProgram": {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1, "body": DHW_WEEK},
    "getSilentMode": {"gatewayId": GW},
    "updateSilentMode": {"gatewayId": GW, "body": {"enabled": True, "startTime": "22:00", "endTime": "06:00"}},
    "getDateTime": {"gatewayId": GW},
    "setDateTime": {"gatewayId": GW, "body": {"dateTime": "2026-11-28T21:15:00"}},
    "listHolidayModes": {"gatewayId": GW},
    "createHolidayMode": {"gatewayId": GW,
                          "body": holiday_body("2026-12-20", "2027-01-03", [1], [1]),
                          "existing": [], "today": "2026-11-28"},
    "deleteHolidayMode": {"gatewayId": GW, "holidayModeId": "1"},
}
assert set(VALID_INPUTS) == set(OPERATIONS)


def requests_document() -> dict:
    cases = Cases("requests.json")

    def ok(name: str, op: str, inp: dict, config: dict | None = None) -> None:
        case = {"name": name, "operation": op, "input": inp}
        if config is not None:
            case["config"] = config
        case["expect"] = expect_request(op, inp, config)
        cases.add(case)

    def err(name: str, op: str, inp: dict, kind: str, codes: list[str] | None = None,
            config: dict | None = None) -> None:
        case = {"name": name, "operation": op, "input": inp}
        if config is not None:
            case["config"] = config
        case["expectError"] = {"kind": kind}
        if codes is not None:
            case["expectError"]["codes"] = sorted(set(codes))
        cases.add(case)

    # Every operation once, as documented.
    for op, inp in VALID_INPUTS.items():
        ok(f"{op}: valid request", op, inp)

    # Remote-control operations need x-user-id (§1.1): refused before any IO.
    for op, (_, template) in OPERATIONS.items():
        if is_remote(template):
            err(f"{op}: no userId is a configuration error", op, VALID_INPUTS[op], "Config",
                config={"userId": None})
    err("updateDhwCircuit: empty userId is a configuration error", "updateDhwCircuit",
        VALID_INPUTS["updateDhwCircuit"], "Config", config={"userId": ""})
    # ... while the other operations go without one, and send no x-user-id.
    for op in ("getHealth", "listHvacs", "getHvacStatus", "getComponents", "startSystemDetection",
               "simulateWebhookEvent", "listContracts", "getContract", "getHvacContract",
               "updateContract", "deleteContract", "createApiKey", "listApiKeys",
               "getCurrentApiKey", "deleteApiKey"):
        ok(f"{op}: no userId needed", op, VALID_INPUTS[op], config={"userId": None})
    # Proxy mode (no API key): the partner's backend adds x-api-key and, on remote control,
    # the x-user-id of its signed-in user; a user id given is still sent.
    for op in ("getDhwCircuit", "updateDhwCircuit", "listHvacs", "createHolidayMode"):
        ok(f"{op}: proxy mode (no key, no userId)", op, VALID_INPUTS[op],
           config={"apiKey": None, "userId": None, "baseUrl": "http://localhost:3000/api/homecom"})
    ok("getDhwCircuit: proxy mode with a userId sends it", "getDhwCircuit", VALID_INPUTS["getDhwCircuit"],
       config={"apiKey": None, "baseUrl": "https://installer.example/api"})
    ok("getHvacStatus is not remote control although under /hvacs/{gatewayId}", "getHvacStatus",
       {"gatewayId": "GW_remote-1"}, config={"userId": None})

    # Base URLs (§1.1): https only, http for loopback hosts; trailing slash stripped.
    for label, url in [
        ("https with a path prefix", "https://api.example.test/partner"),
        ("https with a trailing slash", "https://api.example.test/partner/"),
        ("https without a path", "https://api.example.test"),
        ("https host only with a trailing slash", "https://api.example.test/"),
        ("https with a port", "https://api.example.test:8443/partner"),
        ("http on 127.0.0.1 with a port", "http://127.0.0.1:8080"),
        ("http on 127.0.0.1 with a trailing slash", "http://127.0.0.1:8080/"),
        ("http on another 127/8 address", "http://127.10.20.30:9000/api"),
        ("http on localhost", "http://localhost"),
        ("http on localhost with a port and prefix", "http://localhost:3000/partner"),
        ("http on [::1] with a port", "http://[::1]:9"),
    ]:
        for op in ("getHealth", "getDhwCircuit"):
            ok(f"base URL {label}: {op}", op, VALID_INPUTS[op], config={"baseUrl": url})
    for label, url in [
        ("http on a public host", "http://api.example.test/partner"),
        ("http on a private address", "http://192.168.1.10:8080"),
        ("http on 128.0.0.1", "http://128.0.0.1"),
        ("http on a host named like localhost", "http://localhost.example.test"),
        ("http on a host starting with 127", "http://127.0.0.1.example.test"),
        ("ftp scheme", "ftp://api.example.test/partner"),
        ("no scheme", "api.example.test/partner"),
        ("empty", ""),
    ]:
        err(f"base URL {label} is refused", "getHealth", {}, "Config", config={"baseUrl": url})

    # API version and key (§1.1, §1.4).
    ok("apiMajor 2 is sent as x-api-version 2", "getHealth", {}, config={"apiMajor": 2})
    ok("apiMajor 2 on a remote-control PATCH", "updateDhwCharge", VALID_INPUTS["updateDhwCharge"],
       config={"apiMajor": 2})
    ok("an API key without a readable expiry is still accepted", "getHealth", {},
       config={"apiKey": "xHCSAPIopaqueKeyWithoutExpiry1234"})
    err("an API key without the xHCSAPI prefix is a configuration error", "getHealth", {}, "Config",
        config={"apiKey": "AbCdEfGhIjKlMnOpQrStUvWxYz012345"})
    err("an API key with the prefix in the wrong case is a configuration error", "getHealth", {},
        "Config", config={"apiKey": "XHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345"})
    err("an empty API key is a configuration error", "getHealth", {}, "Config", config={"apiKey": ""})

    # gatewayId (§1.1): 1–64 of [A-Za-z0-9_-], else a validation error before any IO.
    for label, gw in [("9 digits", "101234567"), ("1 character", "7"), ("64 characters", "g" * 64),
                      ("letters, digits, _ and -", "Gw_01-abc-XYZ")]:
        ok(f"gatewayId {label} is valid", "getHvacStatus", {"gatewayId": gw})
        ok(f"gatewayId {label} is valid on a remote-control path", "listDhwCircuits", {"gatewayId": gw})
    for label, gw in [("empty", ""), ("65 characters", "g" * 65), ("with ../", "../x"),
                      ("with a space", "a b"), ("with é", "é"), ("with a slash", "101/234"),
                      ("with a dot", "101.234"), ("with a percent sign", "101%20"),
                      ("with a query", "101?x=1"), ("with a newline", "101\n")]:
        err(f"gatewayId {label} is invalid", "getHvacStatus", {"gatewayId": gw}, "Validation",
            ["GATEWAY_ID_INVALID"])
    for op in ("getContract", "updateContract", "deleteContract", "getHvacContract",
               "getComponents", "startSystemDetection", "getHeatingCircuit", "setDhwTimeProgram",
               "updateSilentMode", "deleteHolidayMode"):
        inp = copy.deepcopy(VALID_INPUTS[op])
        inp["gatewayId"] = "../x"
        err(f"{op}: gatewayId ../x is invalid", op, inp, "Validation", ["GATEWAY_ID_INVALID"])

    # circuitId / timeProgramId ≥ 1.
    for op in ("getHeatingCircuit", "getHeatCurve", "getHeatingDistributionType", "getDhwCircuit",
               "getDhwCharge", "updateDhwCharge"):
        inp = copy.deepcopy(VALID_INPUTS[op])
        inp["circuitId"] = 0
        err(f"{op}: circuitId 0 is invalid", op, inp, "Validation", ["PATH_PARAM_INVALID"])
    for op in ("getHeatingTimeProgram", "getDhwTimeProgram"):
        inp = dict(VALID_INPUTS[op], timeProgramId=0)
        err(f"{op}: timeProgramId 0 is invalid", op, inp, "Validation", ["PATH_PARAM_INVALID"])
    ok("circuitId 12 and timeProgramId 3", "getHeatingTimeProgram",
       {"gatewayId": GW, "circuitId": 12, "timeProgramId": 3})
    err("every invalid path parameter is reported", "getHeatingTimeProgram",
        {"gatewayId": "a b", "circuitId": 0, "timeProgramId": 0}, "Validation",
        ["GATEWAY_ID_INVALID", "PATH_PARAM_INVALID"])

    # holidayModeId / keyId: 1–128 printable characters, percent-encoded (§1.1).
    for label, value in [("digits", "1"), ("a slash", "hm/1"), ("a space", "summer 2026"),
                         ("a percent sign", "100%"), ("unreserved marks", "a~b._-c"),
                         ("é", "été"), ("? and #", "a?b#c"), ("+ and &", "x+y&z=1"),
                         ("a colon and @", "a:b@c"), ("128 characters", "h" * 128),
                         ("128 characters, 64 of them two-byte (192 bytes)", "é" * 64 + "e" * 64),
                         ("65 two-byte characters (130 bytes)", "é" * 65)]:
        ok(f"holidayModeId with {label} is percent-encoded", "deleteHolidayMode",
           {"gatewayId": GW, "holidayModeId": value})
    for label, value in [("a slash", "key/2026"), ("a space", "k 1"), ("a percent sign", "50%off"),
                         ("a UUID", "4a9d3e2f-1c7b-4d8e-a5f6-0b3c9d2e1f4a"), ("ü", "schlüssel")]:
        ok(f"keyId with {label} is percent-encoded", "deleteApiKey", {"keyId": value})
    for label, value in [("empty", ""), ("129 characters", "h" * 129), ("a newline", "a\nb"),
                         ("a NUL", "a\u0000b"), ("a tab", "a\tb")]:
        err(f"holidayModeId {label} is invalid", "deleteHolidayMode",
            {"gatewayId": GW, "holidayModeId": value}, "Validation", ["PATH_PARAM_INVALID"])
        err(f"keyId {label} is invalid", "deleteApiKey", {"keyId": value}, "Validation",
            ["PATH_PARAM_INVALID"])

    # Input of the wrong shape.
    shape = ["INPUT_SHAPE"]
    err("unknown top-level field", "getHealth", {"verbose": True}, "Validation", shape)
    err("unknown top-level field next to a path parameter", "getHvacStatus",
        {"gatewayId": GW, "circuitId": 1}, "Validation", shape)
    err("missing gatewayId", "getHvacStatus", {}, "Validation", shape)
    err("gatewayId as a number", "getHvacStatus", {"gatewayId": 101234567}, "Validation", shape)
    err("circuitId as a string", "getHeatingCircuit", {"gatewayId": GW, "circuitId": "1"},
        "Validation", shape)
    err("circuitId negative", "getHeatingCircuit", {"gatewayId": GW, "circuitId": -1}, "Validation", shape)
    err("circuitId fractional", "getHeatingCircuit", {"gatewayId": GW, "circuitId": 1.5}, "Validation", shape)
    err("missing circuitId", "getDhwCircuit", {"gatewayId": GW}, "Validation", shape)
    err("timeProgramId as a string", "getDhwTimeProgram",
        {"gatewayId": GW, "circuitId": 1, "timeProgramId": "1"}, "Validation", shape)
    err("keyId as a number", "deleteApiKey", {"keyId": 7}, "Validation", shape)
    err("input is an array", "getHvacStatus", [GW], "Validation", shape)
    err("validation context on an operation that takes none", "getDhwCircuit",
        {"gatewayId": GW, "circuitId": 1, "current": DHW_CURRENT}, "Validation", shape)
    err("missing body", "updateContract", {"gatewayId": GW}, "Validation", shape)
    err("action as a number", "updateContract", {"gatewayId": GW, "body": {"action": 1}}, "Validation", shape)
    err("unknown field in a DHW patch", "updateDhwCircuit",
        {"gatewayId": GW, "circuitId": 1,
         "body": {"ecoModeSettings": {"startSetPointTemperature": 45.0, "hysteresis": 2.0}}},
        "Validation", shape)
    err("setpoint as a string", "updateDhwCircuit",
        {"gatewayId": GW, "circuitId": 1, "body": {"ecoModeSettings": {"startSetPointTemperature": "45"}}},
        "Validation", shape)
    err("read-only currentSetPointTemperature in a heating patch", "updateHeatingCircuit",
        {"gatewayId": GW, "circuitId": 1, "body": {"currentSetPointTemperature": 21.0}},
        "Validation", shape)
    err("unknown field in a heat curve patch", "updateHeatCurve",
        {"gatewayId": GW, "circuitId": 1, "body": {"slope": 1.2}}, "Validation", shape)
    err("durationMinutes fractional", "updateDhwCharge",
        {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True, "durationMinutes": 22.5}},
        "Validation", shape)
    err("enabled missing", "updateDhwCharge",
        {"gatewayId": GW, "circuitId": 1, "body": {"durationMinutes": 60}}, "Validation", shape)
    err("enabled as a string", "updateDhwCharge",
        {"gatewayId": GW, "circuitId": 1, "body": {"enabled": "true"}}, "Validation", shape)
    err("enabled as a string in silent mode", "updateSilentMode",
        {"gatewayId": GW, "body": {"enabled": "yes"}}, "Validation", shape)
    err("dateTime missing", "setDateTime", {"gatewayId": GW, "body": {}}, "Validation", shape)
    err("dateTime as a number", "setDateTime", {"gatewayId": GW, "body": {"dateTime": 1764364500}},
        "Validation", shape)
    err("negative circuit number in a holiday mode", "createHolidayMode",
        {"gatewayId": GW, "body": holiday_body("2026-12-20", "2027-01-03", [-1], [])},
        "Validation", shape)
    err("unknown field in a holiday mode", "createHolidayMode",
        {"gatewayId": GW, "body": dict(holiday_body("2026-12-20", "2027-01-03", [1], []), holidayModeId="3")},
        "Validation", shape)
    err("days missing from a time program", "setHeatingTimeProgram",
        {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1, "body": {"timeProgramId": 1}},
        "Validation", shape)
    err("switch point without startTime", "setDhwTimeProgram",
        {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1,
         "body": {"timeProgramId": 1, "days": [{"day": "MONDAY", "switchPoints": [{"level": "ECO"}]}]}},
        "Validation", shape)
    err("eventType as a number", "simulateWebhookEvent", {"body": {"eventType": 5}}, "Validation", shape)
    err("operationMode as a number", "updateHeatingCircuit",
        {"gatewayId": GW, "circuitId": 1, "body": {"operationMode": 2}}, "Validation", shape)

    # Bodies that break documented rules: refused before any IO, every violation listed.
    body_errors = [
        ("DHW start too close to stop", "updateDhwCircuit",
         {"gatewayId": GW, "circuitId": 1,
          "body": {"ecoModeSettings": {"startSetPointTemperature": 49.0, "stopSetPointTemperature": 50.0}}},
         ["DHW_START_BELOW_STOP"]),
        ("DHW patch moving eco past comfort", "updateDhwCircuit",
         {"gatewayId": GW, "circuitId": 1, "body": {"ecoModeSettings": {"startSetPointTemperature": 48.5}},
          "current": DHW_CURRENT},
         ["DHW_MODE_ORDER", "DHW_START_BELOW_STOP"]),
        ("DHW read-only auto operationMode", "updateDhwCircuit",
         {"gatewayId": GW, "circuitId": 1, "body": {"autoModeSettings": {"operationMode": "ECO"}}},
         ["DHW_AUTO_MODE_READ_ONLY"]),
        ("empty DHW patch", "updateDhwCircuit", {"gatewayId": GW, "circuitId": 1, "body": {}}, ["PATCH_EMPTY"]),
        ("heating setpoint out of range and off grid", "updateHeatingCircuit",
         {"gatewayId": GW, "circuitId": 1,
          "body": {"manualModeSettings": {"setPointTemperature": 30.25}}, "current": HC_CURRENT},
         ["HC_SETPOINT_RANGE", "HC_SETPOINT_STEP"]),
        ("heating operationMode TURBO", "updateHeatingCircuit",
         {"gatewayId": GW, "circuitId": 1, "body": {"operationMode": "TURBO"}}, ["ENUM_UNKNOWN"]),
        ("heat curve switched to ISRC", "updateHeatCurve",
         {"gatewayId": GW, "circuitId": 1, "body": {"controlType": "ISRC"}, "current": CURVE_WC},
         ["CURVE_CONTROL_TYPE_NOT_SETTABLE"]),
        ("floor heating above 55 °C", "updateHeatCurve",
         {"gatewayId": GW, "circuitId": 1, "body": {"maxFlowTemperature": 60.0}, "current": CURVE_WC,
          "distributionType": "FLOOR"},
         ["CURVE_MAX_FLOW_FLOOR"]),
        ("empty heat curve patch", "updateHeatCurve", {"gatewayId": GW, "circuitId": 1, "body": {}},
         ["PATCH_EMPTY"]),
        ("heating week with six days", "setHeatingTimeProgram",
         {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1,
          "body": {"timeProgramId": 1, "days": HEATING_WEEK["days"][:6]}},
         ["TP_DAY_MISSING"]),
        ("DHW week whose body id differs from the path", "setDhwTimeProgram",
         {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1, "body": dict(DHW_WEEK, timeProgramId=2)},
         ["TP_ID_MISMATCH"]),
        ("heating week with a DHW level", "setHeatingTimeProgram",
         {"gatewayId": GW, "circuitId": 1, "timeProgramId": 1,
          "body": week([("06:00", "COMFORT"), ("22:00", "ECO_PLUS")])},
         ["TP_LEVEL"]),
        ("charge of 20 minutes", "updateDhwCharge",
         {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True, "durationMinutes": 20}},
         ["CHARGE_DURATION_STEP"]),
        ("charge of 255 minutes", "updateDhwCharge",
         {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True, "durationMinutes": 255}},
         ["CHARGE_DURATION_RANGE"]),
        ("silent mode starting when it ends", "updateSilentMode",
         {"gatewayId": GW, "body": {"startTime": "22:00", "endTime": "22:00"}},
         ["SILENT_START_EQUALS_END"]),
        ("date-time in 2019", "setDateTime", {"gatewayId": GW, "body": {"dateTime": "2019-12-31T23:59:59"}},
         ["DATETIME_YEAR_RANGE"]),
        ("date-time with an offset", "setDateTime",
         {"gatewayId": GW, "body": {"dateTime": "2026-11-28T21:15:00+01:00"}}, ["DATETIME_FORMAT"]),
        ("holiday ending before it starts, for no circuit", "createHolidayMode",
         {"gatewayId": GW, "body": holiday_body("2027-01-03", "2026-12-20", [], [])},
         ["HOLIDAY_NO_CIRCUIT", "HOLIDAY_START_AFTER_END"]),
        ("contract action CANCEL", "updateContract", {"gatewayId": GW, "body": {"action": "CANCEL"}},
         ["ENUM_UNKNOWN"]),
        ("webhook simulation of an unknown event type", "simulateWebhookEvent",
         {"body": {"eventType": "FIRMWARE_UPDATE"}}, ["ENUM_UNKNOWN"]),
        ("webhook simulation naming an invalid gatewayId", "simulateWebhookEvent",
         {"body": {"eventType": "CONNECTIVITY_STATUS", "gatewayId": "a b"}}, ["GATEWAY_ID_INVALID"]),
        # §3: validation reports ALL violations of a request, path parameters included.
        ("invalid gatewayId and an invalid body are both reported", "updateDhwCharge",
         {"gatewayId": "a b", "circuitId": 1, "body": {"enabled": True, "durationMinutes": 20}},
         ["CHARGE_DURATION_STEP", "GATEWAY_ID_INVALID"]),
        ("circuitId 0 and an empty patch are both reported", "updateHeatCurve",
         {"gatewayId": GW, "circuitId": 0, "body": {}}, ["PATCH_EMPTY", "PATH_PARAM_INVALID"]),
    ]
    for label, op, inp, codes in body_errors:
        err(f"{op}: {label}", op, inp, "Validation", codes)

    # Bodies that pass although rules could not be checked (a blind patch still builds).
    ok("updateDhwCircuit: blind patch builds (unchecked rules are no violations)", "updateDhwCircuit",
       {"gatewayId": GW, "circuitId": 1, "body": {"comfortModeSettings": {"stopSetPointTemperature": 60.0}}})
    ok("updateHeatingCircuit: blind patch builds", "updateHeatingCircuit",
       {"gatewayId": GW, "circuitId": 3, "body": {"autoModeSettings": {"levels": {"eco": 16.5}}}})
    ok("updateHeatCurve: blind patch builds", "updateHeatCurve",
       {"gatewayId": GW, "circuitId": 2, "body": {"controlType": "ROOM_TEMPERATURE"}})
    ok("createHolidayMode: without existing and today", "createHolidayMode",
       {"gatewayId": GW, "body": holiday_body("2026-12-20", "2027-01-03", [1, 2], [])})
    ok("updateSilentMode: only enabled", "updateSilentMode", {"gatewayId": GW, "body": {"enabled": False}})
    ok("updateSilentMode: only startTime, with current", "updateSilentMode",
       {"gatewayId": GW, "body": {"startTime": "21:45"}, "current": SILENT_CURRENT})
    ok("updateDhwCharge: stop a charge", "updateDhwCharge",
       {"gatewayId": GW, "circuitId": 2, "body": {"enabled": False}})
    ok("updateContract: REJECT", "updateContract", {"gatewayId": GW, "body": {"action": "REJECT"}})
    ok("updateContract: REVOKE", "updateContract", {"gatewayId": GW, "body": {"action": "REVOKE"}})
    ok("simulateWebhookEvent: without gatewayId", "simulateWebhookEvent",
       {"body": {"eventType": "CONTRACT_STATUS"}})
    ok("setDhwTimeProgram: program 2 of circuit 2", "setDhwTimeProgram",
       {"gatewayId": GW, "circuitId": 2, "timeProgramId": 2, "body": dict(DHW_WEEK, timeProgramId=2)})
    ok("setHeatingTimeProgram: body without timeProgramId", "setHeatingTimeProgram",
       {"gatewayId": GW, "circuitId": 1, "timeProgramId": 4,
        "body": week([("00:00", "ECO"), ("06:15", "COMFORT")], None)})
    ok("updateHeatCurve: switch to ROOM_TEMPERATURE", "updateHeatCurve",
       {"gatewayId": GW, "circuitId": 1, "body": {"controlType": "ROOM_TEMPERATURE"}, "current": CURVE_WC,
        "distributionType": "RADIATOR"})
    ok("createHolidayMode: DHW only with ECO_PLUS", "createHolidayMode",
       {"gatewayId": GW, "body": holiday_body("2027-02-01", "2027-02-07", [], [1], "ECO", "ECO_PLUS"),
        "existing": [holiday("1", "2026-12-20", "2027-01-03", [1], [1])], "today": "2026-11-28"})

    return {
        "description": (
            "Request building. The top-level config is the client configuration; a case's config "
            "overrides fields of it (userId null: no user id; the API key, base URL and apiMajor "
            "may change). Feed `input` to the operation's JSON entry point and compare method, "
            "URL, every header (lowercase names; the set must be exactly this one) and the body "
            "as JSON (null: no body). expectError: the build fails with this kind; `codes` are "
            "the sorted, de-duplicated violation codes. Path parameters are percent-encoded "
            "(every byte but A-Z a-z 0-9 - . _ ~, uppercase hex). Derived from partner-api.md "
            "§1.1, §1.4, §3 and openapi.yaml."
        ),
        "config": CONFIG,
        "cases": cases.items,
    }


# ---------------------------------------------------------------------------------------------
# validation.json
# ---------------------------------------------------------------------------------------------

def on_grid(value: float, step: float) -> bool:
    ratio = value / step
    return math.isclose(ratio, round(ratio), abs_tol=1e-9)


def in_range(value: float, lo: float, hi: float) -> bool:
    return lo <= value <= hi


DHW_MODES = [("ecoPlus", "ecoPlusModeSettings"), ("eco", "ecoModeSettings"), ("comfort", "comfortModeSettings")]


def dhw_input(body: dict, current: dict | None = None, tp: list[int] | None = None) -> dict:
    inp = {"gatewayId": GW, "circuitId": 1, "body": body}
    if current is not None:
        inp["current"] = current
    if tp is not None:
        inp["timeProgramIds"] = tp
    return inp


def dhw_pair_codes(start: float, stop: float) -> list[str]:
    """§3.1 rules 1 and 3 for one mode whose start and stop are both in the patch."""
    codes = []
    if not in_range(start, 30.0, 65.0):
        codes.append("DHW_START_RANGE")
    if not in_range(stop, 35.0, 70.0):
        codes.append("DHW_STOP_RANGE")
    if not on_grid(start, 0.5) or not on_grid(stop, 0.5):
        codes.append("DHW_STEP")
    if stop - start < 2.0 - 1e-9:
        codes.append("DHW_START_BELOW_STOP")
    return sorted(codes)


def curve_input(body: dict, current: dict | None = None, dist: str | None = None) -> dict:
    inp = {"gatewayId": GW, "circuitId": 1, "body": body}
    if current is not None:
        inp["current"] = current
    if dist is not None:
        inp["distributionType"] = dist
    return inp


def hc_input(body: dict, current: dict | None = None) -> dict:
    inp = {"gatewayId": GW, "circuitId": 1, "body": body}
    if current is not None:
        inp["current"] = current
    return inp


def tp_input(body: dict, path_id: int = 1) -> dict:
    return {"gatewayId": GW, "circuitId": 1, "timeProgramId": path_id, "body": body}


def with_monday(points: list[tuple[str, str]], base: dict = HEATING_WEEK) -> dict:
    program = copy.deepcopy(base)
    program["days"][0]["switchPoints"] = [{"startTime": t, "level": lv} for t, lv in points]
    return program


def holiday_input(body: dict, existing: list | None = None, today: str | None = None) -> dict:
    inp = {"gatewayId": GW, "body": body}
    if existing is not None:
        inp["existing"] = existing
    if today is not None:
        inp["today"] = today
    return inp


TODAY = "2026-11-28"
XMAS = holiday("1", "2026-12-20", "2027-01-03", [1], [1])


def validation_document() -> dict:
    cases = Cases("validation.json")

    def v(name: str, op: str, inp: dict, codes: list[str], unchecked: list[str] | None = None) -> None:
        cases.add({"name": name, "operation": op, "input": inp,
                   "expect": {"codes": sorted(set(codes)), "unchecked": sorted(set(unchecked or []))}})

    # ---- §3.1 DHW -----------------------------------------------------------------------
    op = "updateDhwCircuit"
    ORDER, GAP = "DHW_MODE_ORDER", "DHW_START_BELOW_STOP"
    # Rule 3 boundaries, each mode alone (blind): its start/stop pair is checked within the
    # patch (rules 1 and 3), the order across modes cannot be.
    for short, field in DHW_MODES:
        for start in [29.5, 30.0, 30.5, 47.0, 64.5, 65.0, 65.5, 47.25, 45.1, 0.0, -40.0, 100.0]:
            v(f"DHW {short} start {start} (stop 70.0, blind)", op,
              dhw_input({field: {"startSetPointTemperature": start, "stopSetPointTemperature": 70.0}}),
              dhw_pair_codes(start, 70.0), [ORDER])
        for stop in [34.5, 35.0, 35.5, 52.0, 69.5, 70.0, 70.5, 52.25, 50.1, 0.0, 200.0]:
            v(f"DHW {short} stop {stop} (start 30.0, blind)", op,
              dhw_input({field: {"startSetPointTemperature": 30.0, "stopSetPointTemperature": stop}}),
              dhw_pair_codes(30.0, stop), [ORDER])
    # Rule 1: the 2.0 K gap, exactly at the boundary.
    for (short, field), start in zip(DHW_MODES, [40.0, 45.0, 50.0]):
        for gap in [5.0, 2.5, 2.0, 1.5, 0.5, 0.0, -0.5, -10.0]:
            stop = start + gap
            v(f"DHW {short} gap {gap} K (blind)", op,
              dhw_input({field: {"startSetPointTemperature": start, "stopSetPointTemperature": stop}}),
              dhw_pair_codes(start, stop), [ORDER])

    # Merged state (current = §2.5 example: ecoPlus 40/45, eco 45/50, comfort 48/55).
    merged = [
        ("eco stop 47.0: gap exactly 2.0 K", {"ecoModeSettings": {"stopSetPointTemperature": 47.0}}, []),
        ("eco stop 46.5: gap 1.5 K", {"ecoModeSettings": {"stopSetPointTemperature": 46.5}}, [GAP]),
        ("eco start 48.0: gap 2.0 K, equal to comfort start", {"ecoModeSettings": {"startSetPointTemperature": 48.0}}, []),
        ("eco start 48.5: past comfort start and too close to stop", {"ecoModeSettings": {"startSetPointTemperature": 48.5}}, [GAP, ORDER]),
        ("eco start 40.0: equal to ecoPlus start", {"ecoModeSettings": {"startSetPointTemperature": 40.0}}, []),
        ("eco start 39.5: below ecoPlus start", {"ecoModeSettings": {"startSetPointTemperature": 39.5}}, [ORDER]),
        ("ecoPlus stop 50.0: equal to eco stop", {"ecoPlusModeSettings": {"stopSetPointTemperature": 50.0}}, []),
        ("ecoPlus stop 50.5: past eco stop", {"ecoPlusModeSettings": {"stopSetPointTemperature": 50.5}}, [ORDER]),
        ("ecoPlus stop 56.0: past eco and comfort stop", {"ecoPlusModeSettings": {"stopSetPointTemperature": 56.0}}, [ORDER]),
        ("ecoPlus start 43.0: gap 2.0 K", {"ecoPlusModeSettings": {"startSetPointTemperature": 43.0}}, []),
        ("ecoPlus start 45.5: past eco start and above its stop", {"ecoPlusModeSettings": {"startSetPointTemperature": 45.5}}, [GAP, ORDER]),
        ("comfort start 44.5: below eco start", {"comfortModeSettings": {"startSetPointTemperature": 44.5}}, [ORDER]),
        ("comfort start 45.0: equal to eco start", {"comfortModeSettings": {"startSetPointTemperature": 45.0}}, []),
        ("comfort stop 49.5: below eco stop, gap 1.5 K", {"comfortModeSettings": {"stopSetPointTemperature": 49.5}}, [GAP, ORDER]),
        ("comfort stop 49.0: valid alone, wrong merged", {"comfortModeSettings": {"stopSetPointTemperature": 49.0}}, [GAP, ORDER]),
        ("comfort stop 50.0: gap 2.0 K, equal to eco stop", {"comfortModeSettings": {"stopSetPointTemperature": 50.0}}, []),
        ("comfort moved below ecoPlus", {"comfortModeSettings": {"startSetPointTemperature": 39.5, "stopSetPointTemperature": 44.5}}, [ORDER]),
        ("eco moved above comfort", {"ecoModeSettings": {"startSetPointTemperature": 50.0, "stopSetPointTemperature": 57.0}}, [ORDER]),
        ("eco moved within its neighbours", {"ecoModeSettings": {"startSetPointTemperature": 46.0, "stopSetPointTemperature": 52.0}}, []),
        ("eco and comfort starts moved together", {"ecoModeSettings": {"startSetPointTemperature": 48.0}, "comfortModeSettings": {"startSetPointTemperature": 49.0}}, []),
        ("all modes shifted down together", {
            "ecoPlusModeSettings": {"startSetPointTemperature": 35.0, "stopSetPointTemperature": 40.0},
            "ecoModeSettings": {"startSetPointTemperature": 40.0, "stopSetPointTemperature": 45.0},
            "comfortModeSettings": {"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0}}, []),
        ("ecoPlus at the lowest limits", {"ecoPlusModeSettings": {"startSetPointTemperature": 30.0, "stopSetPointTemperature": 35.0}}, []),
        ("comfort at the highest limits", {"comfortModeSettings": {"startSetPointTemperature": 65.0, "stopSetPointTemperature": 70.0}}, []),
        ("the current values again", {"ecoModeSettings": {"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0}}, []),
        ("eco start out of range and below ecoPlus", {"ecoModeSettings": {"startSetPointTemperature": 29.5}}, ["DHW_START_RANGE", ORDER]),
        ("comfort stop out of range", {"comfortModeSettings": {"stopSetPointTemperature": 70.5}}, ["DHW_STOP_RANGE"]),
        ("eco start off the grid", {"ecoModeSettings": {"startSetPointTemperature": 45.25}}, ["DHW_STEP"]),
        ("operationMode and a setpoint", {"operationMode": "ECO", "ecoModeSettings": {"stopSetPointTemperature": 51.0}}, []),
    ]
    for label, body, codes in merged:
        v(f"DHW merged: {label}", op, dhw_input(body, DHW_CURRENT), codes)

    # Blind patches: rules 1–2 within the patch alone; the rest reported unchecked.
    full = {
        "ecoPlusModeSettings": {"startSetPointTemperature": 40.0, "stopSetPointTemperature": 45.0},
        "ecoModeSettings": {"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0},
        "comfortModeSettings": {"startSetPointTemperature": 48.0, "stopSetPointTemperature": 55.0},
    }
    blind = [
        ("eco start and stop", {"ecoModeSettings": {"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0}}, [], [ORDER]),
        ("eco start and stop 1.0 K apart", {"ecoModeSettings": {"startSetPointTemperature": 49.0, "stopSetPointTemperature": 50.0}}, [GAP], [ORDER]),
        ("eco start only", {"ecoModeSettings": {"startSetPointTemperature": 45.0}}, [], [GAP, ORDER]),
        ("eco stop only", {"ecoModeSettings": {"stopSetPointTemperature": 50.0}}, [], [GAP, ORDER]),
        ("comfort stop 49.0 only (wrong merged, see merged case)", {"comfortModeSettings": {"stopSetPointTemperature": 49.0}}, [], [GAP, ORDER]),
        ("all three modes, consistent", full, [], []),
        ("all three modes, ecoPlus start above eco start", dict(full, ecoPlusModeSettings={"startSetPointTemperature": 46.0, "stopSetPointTemperature": 48.0}), [ORDER], []),
        ("all three modes, comfort stop below eco stop", dict(full, comfortModeSettings={"startSetPointTemperature": 48.0, "stopSetPointTemperature": 49.5}), [GAP, ORDER], []),
        ("ecoPlus and comfort, consistent", {"ecoPlusModeSettings": full["ecoPlusModeSettings"], "comfortModeSettings": full["comfortModeSettings"]}, [], [ORDER]),
        ("ecoPlus above comfort, eco unknown", {"ecoPlusModeSettings": {"startSetPointTemperature": 50.0, "stopSetPointTemperature": 56.0}, "comfortModeSettings": full["comfortModeSettings"]}, [ORDER], [ORDER]),
        ("the three starts, ascending", {m: {"startSetPointTemperature": s} for (_, m), s in zip(DHW_MODES, [40.0, 45.0, 48.0])}, [], [GAP]),
        ("the three starts, eco above comfort", {m: {"startSetPointTemperature": s} for (_, m), s in zip(DHW_MODES, [40.0, 50.0, 48.0])}, [ORDER], [GAP]),
        ("the three stops, ascending", {m: {"stopSetPointTemperature": s} for (_, m), s in zip(DHW_MODES, [45.0, 50.0, 55.0])}, [], [GAP]),
        ("eco start above comfort start, ecoPlus unknown", {"ecoModeSettings": {"startSetPointTemperature": 45.0}, "comfortModeSettings": {"startSetPointTemperature": 44.0}}, [ORDER], [GAP, ORDER]),
        ("operationMode only", {"operationMode": "COMFORT"}, [], []),
        ("ecoPlus start out of range", {"ecoPlusModeSettings": {"startSetPointTemperature": 29.5, "stopSetPointTemperature": 35.0}}, ["DHW_START_RANGE"], [ORDER]),
    ]
    for label, body, codes, unchecked in blind:
        v(f"DHW blind: {label}", op, dhw_input(body), codes, unchecked)

    # Rule 4: autoModeSettings.operationMode is read-only; selectedTimeProgramId must exist.
    TPU, RO = "DHW_TIME_PROGRAM_UNKNOWN", "DHW_AUTO_MODE_READ_ONLY"
    sel = lambda i: {"autoModeSettings": {"selectedTimeProgramId": i}}  # noqa: E731
    v("DHW selectedTimeProgramId without timeProgramIds", op, dhw_input(sel(2)), [], [TPU])
    v("DHW selectedTimeProgramId without timeProgramIds, with current", op, dhw_input(sel(3), DHW_CURRENT), [], [TPU])
    v("DHW selectedTimeProgramId that exists", op, dhw_input(sel(2), tp=[1, 2]), [])
    v("DHW selectedTimeProgramId that does not exist", op, dhw_input(sel(2), tp=[1]), [TPU])
    v("DHW selectedTimeProgramId with no time programs", op, dhw_input(sel(1), tp=[]), [TPU])
    v("DHW autoModeSettings.operationMode is read-only", op,
      dhw_input({"autoModeSettings": {"operationMode": "ECO"}}), [RO])
    v("DHW autoModeSettings.operationMode is read-only, with current", op,
      dhw_input({"autoModeSettings": {"operationMode": "COMFORT", "selectedTimeProgramId": 1}}, DHW_CURRENT, [1]), [RO])
    v("DHW read-only operationMode and an unknown time program", op,
      dhw_input({"autoModeSettings": {"operationMode": "ECO", "selectedTimeProgramId": 9}}, tp=[1, 2]), [RO, TPU])
    v("DHW AUTO with an existing time program", op,
      dhw_input({"operationMode": "AUTO", "autoModeSettings": {"selectedTimeProgramId": 1}}, DHW_CURRENT, [1, 2]), [])
    # Each mode, enum values, empty patches.
    for mode in ["OFF", "ECO_PLUS", "ECO", "COMFORT", "AUTO"]:
        v(f"DHW operationMode {mode}", op, dhw_input({"operationMode": mode}), [])
    for mode in ["TURBO", "auto", "", "BOOST"]:
        v(f"DHW operationMode {mode!r} is unknown", op, dhw_input({"operationMode": mode}), ["ENUM_UNKNOWN"])
    v("DHW unknown operationMode and a setpoint pair too close", op,
      dhw_input({"operationMode": "TURBO", "ecoModeSettings": {"startSetPointTemperature": 49.0, "stopSetPointTemperature": 50.0}}),
      ["ENUM_UNKNOWN", GAP], [ORDER])
    for label, body in [("{}", {}), ("empty ecoModeSettings", {"ecoModeSettings": {}}),
                        ("empty autoModeSettings", {"autoModeSettings": {}}),
                        ("two empty mode settings", {"ecoPlusModeSettings": {}, "comfortModeSettings": {}})]:
        v(f"DHW empty patch: {label}", op, dhw_input(body), ["PATCH_EMPTY"])
        v(f"DHW empty patch with current: {label}", op, dhw_input(body, DHW_CURRENT, [1]), ["PATCH_EMPTY"])

    # ---- §3.2 heat curve ----------------------------------------------------------------
    op = "updateHeatCurve"
    NA, MA, NS = "CURVE_NOT_APPLICABLE", "CURVE_MANAGED_AUTOMATICALLY", "CURVE_CONTROL_TYPE_NOT_SETTABLE"
    PO, MB, FL = "CURVE_POINT_ORDER", "CURVE_MIN_BELOW_MAX", "CURVE_MAX_FLOW_FLOOR"

    def range_codes(value: float, lo: float, hi: float, code: str) -> list[str]:
        codes = [] if in_range(value, lo, hi) else [code]
        if not on_grid(value, 0.5):
            codes.append("CURVE_STEP")
        return codes

    # Ranges: each field against a current curve that leaves every other rule satisfied.
    curve_min = dict(CURVE_WC, minFlowTemperature=20.0, maxFlowTemperature=70.0,
                     basePointTemperature=41.0, endPointTemperature=60.0)
    for value in [9.5, 10.0, 10.5, 39.5, 40.0, 40.5, 25.25, 0.0, -10.0]:
        v(f"heat curve minFlowTemperature {value}", op,
          curve_input({"minFlowTemperature": value}, curve_min, "RADIATOR"),
          range_codes(value, 10.0, 40.0, "CURVE_MIN_FLOW_RANGE"))
    curve_max = dict(CURVE_WC, minFlowTemperature=10.0, maxFlowTemperature=50.0,
                     basePointTemperature=15.0, endPointTemperature=20.0)
    for value in [24.5, 25.0, 25.5, 74.5, 75.0, 75.5, 50.25, 100.0]:
        v(f"heat curve maxFlowTemperature {value} (radiator)", op,
          curve_input({"maxFlowTemperature": value}, curve_max, "RADIATOR"),
          range_codes(value, 25.0, 75.0, "CURVE_MAX_FLOW_RANGE"))
    for field, code, lo, hi, values in [
        ("designOutdoorTemperature", "CURVE_DESIGN_OUTDOOR_RANGE", -35.0, 0.0,
         [-35.5, -35.0, -34.5, -0.5, 0.0, 0.5, -12.25, 10.0, -50.0]),
        ("roomInfluenceTemperature", "CURVE_ROOM_INFLUENCE_RANGE", 0.0, 10.0,
         [-0.5, 0.0, 0.5, 9.5, 10.0, 10.5, 3.3, 20.0]),
        ("roomTemperatureOffset", "CURVE_ROOM_OFFSET_RANGE", -5.0, 5.0,
         [-5.5, -5.0, -4.5, 4.5, 5.0, 5.5, 0.25, -10.0]),
    ]:
        for value in values:
            v(f"heat curve {field} {value}", op, curve_input({field: value}, CURVE_WC, "RADIATOR"),
              range_codes(value, lo, hi, code))
    for field, value, codes in [("basePointTemperature", 28.25, ["CURVE_STEP"]),
                                ("basePointTemperature", 28.5, []),
                                ("endPointTemperature", 44.75, ["CURVE_STEP"]),
                                ("endPointTemperature", 44.5, [])]:
        v(f"heat curve {field} {value} (grid)", op, curve_input({field: value}, CURVE_WC, "RADIATOR"), codes)
    # FLOOR distribution: maxFlow ≤ 55 °C.
    for dist, value, codes in [("FLOOR", 54.5, []), ("FLOOR", 55.0, []), ("FLOOR", 55.5, [FL]),
                               ("FLOOR", 75.0, [FL]), ("FLOOR", 75.5, [FL, "CURVE_MAX_FLOW_RANGE"]),
                               ("RADIATOR", 75.0, []), ("CONVECTOR", 60.0, []), ("RADIATOR", 55.5, [])]:
        v(f"heat curve maxFlowTemperature {value} with {dist}", op,
          curve_input({"maxFlowTemperature": value}, CURVE_WC, dist), codes)
    # Order on the merged curve (current: min 25 ≤ base 28 ≤ end 45 ≤ max 55).
    for label, body, codes in [
        ("basePoint 25.0 equal to minFlow", {"basePointTemperature": 25.0}, []),
        ("basePoint 24.5 below minFlow", {"basePointTemperature": 24.5}, [PO]),
        ("basePoint 45.0 equal to endPoint", {"basePointTemperature": 45.0}, []),
        ("basePoint 45.5 above endPoint", {"basePointTemperature": 45.5}, [PO]),
        ("endPoint 28.0 equal to basePoint", {"endPointTemperature": 28.0}, []),
        ("endPoint 27.5 below basePoint", {"endPointTemperature": 27.5}, [PO]),
        ("endPoint 55.0 equal to maxFlow", {"endPointTemperature": 55.0}, []),
        ("endPoint 55.5 above maxFlow", {"endPointTemperature": 55.5}, [PO]),
        ("minFlow 28.0 equal to basePoint", {"minFlowTemperature": 28.0}, []),
        ("minFlow 28.5 above basePoint", {"minFlowTemperature": 28.5}, [PO]),
        ("maxFlow 45.0 equal to endPoint", {"maxFlowTemperature": 45.0}, []),
        ("maxFlow 44.5 below endPoint", {"maxFlowTemperature": 44.5}, [PO]),
        ("maxFlow 25.0 equal to minFlow", {"maxFlowTemperature": 25.0}, [MB, PO]),
        ("minFlow and basePoint raised together", {"minFlowTemperature": 30.0, "basePointTemperature": 30.0}, []),
        ("basePoint above endPoint, both in the patch", {"basePointTemperature": 50.0, "endPointTemperature": 40.0}, [PO]),
        ("a whole new curve", {"minFlowTemperature": 20.0, "basePointTemperature": 25.0, "endPointTemperature": 40.0,
                               "maxFlowTemperature": 50.0, "designOutdoorTemperature": -15.0,
                               "roomInfluenceTemperature": 2.0, "roomTemperatureOffset": 1.0}, []),
    ]:
        v(f"heat curve merged: {label}", op, curve_input(body, CURVE_WC, "RADIATOR"), codes)
    for label, body, codes in [
        ("minFlow equal to maxFlow", {"minFlowTemperature": 40.0, "maxFlowTemperature": 40.0}, [MB]),
        ("minFlow just below maxFlow", {"minFlowTemperature": 39.5, "maxFlowTemperature": 40.0}, []),
        ("maxFlow 25.0 equal to current minFlow", {"maxFlowTemperature": 25.0}, [MB]),
        ("minFlow 40.0 below current maxFlow", {"minFlowTemperature": 40.0}, []),
    ]:
        v(f"heat curve merged (room temperature): {label}", op, curve_input(body, CURVE_RT, "RADIATOR"), codes)

    # Applicability per control type (§3.2 table), each field alone.
    access = {  # field: (WEATHER_COMPENSATED, ROOM_TEMPERATURE, ISRC)
        "minFlowTemperature": ("W", "W", "W"),
        "maxFlowTemperature": ("W", "W", "W"),
        "basePointTemperature": ("W", "N", "M"),
        "endPointTemperature": ("W", "N", "M"),
        "designOutdoorTemperature": ("W", "N", "M"),
        "roomInfluenceTemperature": ("W", "N", "N"),
        "roomTemperatureOffset": ("W", "W", "N"),
    }
    sample = {"minFlowTemperature": 26.0, "maxFlowTemperature": 54.0, "basePointTemperature": 30.0,
              "endPointTemperature": 44.0, "designOutdoorTemperature": -10.0,
              "roomInfluenceTemperature": 4.0, "roomTemperatureOffset": 1.0}
    for column, control in enumerate(["WEATHER_COMPENSATED", "ROOM_TEMPERATURE", "ISRC"]):
        for field, rights in access.items():
            codes = {"W": [], "N": [NA], "M": [MA]}[rights[column]]
            v(f"heat curve {control}: {field}", op,
              curve_input({field: sample[field]}, CURVES[control], "RADIATOR"), codes)
    v("heat curve ISRC: flow temperatures only", op,
      curve_input({"minFlowTemperature": 26.0, "maxFlowTemperature": 54.0}, CURVE_ISRC, "FLOOR"), [])
    v("heat curve ISRC: every kind of violation at once", op,
      curve_input({"basePointTemperature": 30.25, "roomInfluenceTemperature": 11.0}, CURVE_ISRC, "RADIATOR"),
      [MA, NA, "CURVE_ROOM_INFLUENCE_RANGE", "CURVE_STEP"])
    # Control type switches.
    for label, current, body, codes, unchecked in [
        ("WEATHER_COMPENSATED to ROOM_TEMPERATURE", CURVE_WC, {"controlType": "ROOM_TEMPERATURE"}, [], []),
        ("ROOM_TEMPERATURE to WEATHER_COMPENSATED", CURVE_RT, {"controlType": "WEATHER_COMPENSATED"}, [], []),
        ("WEATHER_COMPENSATED unchanged", CURVE_WC, {"controlType": "WEATHER_COMPENSATED"}, [], []),
        ("ROOM_TEMPERATURE unchanged", CURVE_RT, {"controlType": "ROOM_TEMPERATURE"}, [], []),
        ("WEATHER_COMPENSATED to ISRC", CURVE_WC, {"controlType": "ISRC"}, [NS], []),
        ("ROOM_TEMPERATURE to ISRC", CURVE_RT, {"controlType": "ISRC"}, [NS], []),
        ("ISRC to WEATHER_COMPENSATED", CURVE_ISRC, {"controlType": "WEATHER_COMPENSATED"}, [NS], []),
        ("ISRC to ROOM_TEMPERATURE", CURVE_ISRC, {"controlType": "ROOM_TEMPERATURE"}, [NS], []),
        ("ISRC sent on an ISRC circuit (cannot be set through the API)", CURVE_ISRC, {"controlType": "ISRC"}, [NS], []),
        ("to ISRC without current", None, {"controlType": "ISRC"}, [NS], []),
        ("to ROOM_TEMPERATURE without current", None, {"controlType": "ROOM_TEMPERATURE"}, [], [NS]),
        ("to WEATHER_COMPENSATED without current", None, {"controlType": "WEATHER_COMPENSATED"}, [], [NS]),
        ("unknown control type HYBRID", CURVE_WC, {"controlType": "HYBRID"}, ["ENUM_UNKNOWN"], []),
        ("to ROOM_TEMPERATURE with roomInfluence", CURVE_WC, {"controlType": "ROOM_TEMPERATURE", "roomInfluenceTemperature": 3.0}, [NA], []),
        ("to ROOM_TEMPERATURE with basePoint", CURVE_WC, {"controlType": "ROOM_TEMPERATURE", "basePointTemperature": 30.0}, [NA], []),
        ("to ROOM_TEMPERATURE with roomTemperatureOffset", CURVE_WC, {"controlType": "ROOM_TEMPERATURE", "roomTemperatureOffset": 1.0}, [], []),
        ("to WEATHER_COMPENSATED with basePoint and endPoint", CURVE_RT, {"controlType": "WEATHER_COMPENSATED", "basePointTemperature": 30.0, "endPointTemperature": 45.0}, [], []),
        ("to WEATHER_COMPENSATED with roomInfluence", CURVE_RT, {"controlType": "WEATHER_COMPENSATED", "roomInfluenceTemperature": 3.0}, [], []),
        ("to ROOM_TEMPERATURE with roomInfluence, without current", None, {"controlType": "ROOM_TEMPERATURE", "roomInfluenceTemperature": 3.0}, [NA], [NS]),
    ]:
        v(f"heat curve control type: {label}", op, curve_input(body, current, "RADIATOR"), codes, unchecked)
    v("heat curve: current of an unknown control type", op,
      curve_input({"basePointTemperature": 30.0}, dict(CURVE_WC, controlType="HYBRID"), "RADIATOR"), [], [MA, NA])
    # Blind patches.
    for label, body, dist, codes, unchecked in [
        ("maxFlow 60.0 without distribution type", {"maxFlowTemperature": 60.0}, None, [], [FL, MB, PO]),
        ("maxFlow 60.0 on floor heating", {"maxFlowTemperature": 60.0}, "FLOOR", [FL], [MB, PO]),
        ("maxFlow 50.0 on floor heating", {"maxFlowTemperature": 50.0}, "FLOOR", [], [MB, PO]),
        # ≤ 55 °C satisfies the FLOOR rule whatever the distribution type: nothing is unchecked.
        ("maxFlow 50.0 without distribution type", {"maxFlowTemperature": 50.0}, None, [], [MB, PO]),
        ("minFlow only", {"minFlowTemperature": 20.0}, None, [], [MB, PO]),
        ("minFlow and maxFlow", {"minFlowTemperature": 20.0, "maxFlowTemperature": 50.0}, "RADIATOR", [], [PO]),
        ("minFlow equal to maxFlow", {"minFlowTemperature": 40.0, "maxFlowTemperature": 40.0}, "RADIATOR", [MB], [PO]),
        ("all four points, ordered", {"minFlowTemperature": 20.0, "basePointTemperature": 25.0,
                                      "endPointTemperature": 40.0, "maxFlowTemperature": 50.0}, "RADIATOR", [], [MA, NA]),
        ("all four points, basePoint above endPoint", {"minFlowTemperature": 20.0, "basePointTemperature": 45.0,
                                                       "endPointTemperature": 40.0, "maxFlowTemperature": 50.0}, "RADIATOR", [PO], [MA, NA]),
        ("basePoint only", {"basePointTemperature": 30.0}, None, [], [MA, NA, PO]),
        ("designOutdoor only", {"designOutdoorTemperature": -10.0}, None, [], [MA, NA]),
        # Neither field is ever managed automatically (§3.2 table): only applicability is open.
        ("roomTemperatureOffset only", {"roomTemperatureOffset": 1.0}, None, [], [NA]),
        ("roomInfluence only", {"roomInfluenceTemperature": 4.0}, None, [], [NA]),
        ("roomInfluence out of range", {"roomInfluenceTemperature": 10.5}, None, ["CURVE_ROOM_INFLUENCE_RANGE"], [NA]),
        ("to WEATHER_COMPENSATED with basePoint", {"controlType": "WEATHER_COMPENSATED", "basePointTemperature": 30.0}, None, [], [NS, PO]),
    ]:
        v(f"heat curve blind: {label}", op, curve_input(body, None, dist), codes, unchecked)
    v("heat curve empty patch", op, curve_input({}), ["PATCH_EMPTY"])
    v("heat curve empty patch with current", op, curve_input({}, CURVE_WC, "FLOOR"), ["PATCH_EMPTY"])

    # ---- §3.3 heating circuit -------------------------------------------------------------
    op = "updateHeatingCircuit"
    HR, HS, EC, IS = "HC_SETPOINT_RANGE", "HC_SETPOINT_STEP", "HC_ECO_ABOVE_COMFORT", "HC_ISRC_NOT_WRITABLE"

    def hc_codes(*values: float) -> list[str]:
        codes = []
        for value in values:
            if not in_range(value, 5.0, 30.0):
                codes.append(HR)
            if not on_grid(value, 0.5):
                codes.append(HS)
        return codes

    for value in [4.5, 5.0, 5.5, 21.0, 29.5, 30.0, 30.5, 21.25, 21.1, 0.0, -5.0, 35.0]:
        v(f"heating manual setpoint {value}", op,
          hc_input({"manualModeSettings": {"setPointTemperature": value}}, HC_CURRENT), hc_codes(value))
    for comfort in [4.5, 5.0, 5.5, 29.5, 30.0, 30.5, 21.25]:
        eco = min(comfort, 5.0)
        v(f"heating comfort level {comfort} (eco {eco})", op,
          hc_input({"autoModeSettings": {"levels": {"comfort": comfort, "eco": eco}}}, HC_CURRENT),
          hc_codes(comfort, eco))
    for eco in [4.5, 5.0, 5.5, 29.5, 30.0, 30.5, 17.25]:
        codes = hc_codes(30.0, eco) + ([EC] if eco > 30.0 else [])
        v(f"heating eco level {eco} (comfort 30.0)", op,
          hc_input({"autoModeSettings": {"levels": {"comfort": 30.0, "eco": eco}}}, HC_CURRENT), codes)
    for label, levels, codes in [
        ("eco 21.5 above current comfort 21.0", {"eco": 21.5}, [EC]),
        ("eco 21.0 equal to current comfort", {"eco": 21.0}, []),
        ("comfort 16.5 below current eco 17.0", {"comfort": 16.5}, [EC]),
        ("comfort 17.0 equal to current eco", {"comfort": 17.0}, []),
        ("eco above comfort, both in the patch", {"comfort": 18.0, "eco": 19.0}, [EC]),
        ("both lowered together", {"comfort": 16.0, "eco": 15.0}, []),
    ]:
        v(f"heating merged: {label}", op, hc_input({"autoModeSettings": {"levels": levels}}, HC_CURRENT), codes)
    # ISRC: manualModeSettings and autoModeSettings.levels are not writable (seed v1.20).
    for label, body, codes in [
        ("manual setpoint", {"manualModeSettings": {"setPointTemperature": 21.0}}, [IS]),
        ("levels", {"autoModeSettings": {"levels": {"comfort": 21.0, "eco": 17.0}}}, [IS]),
        ("manual setpoint and levels", {"manualModeSettings": {"setPointTemperature": 21.0},
                                        "autoModeSettings": {"levels": {"comfort": 21.0, "eco": 17.0}}}, [IS]),
        ("operationMode", {"operationMode": "MANUAL"}, []),
        ("manual setpoint out of range", {"manualModeSettings": {"setPointTemperature": 31.0}}, [HR, IS]),
    ]:
        v(f"heating ISRC: {label}", op, hc_input(body, HC_ISRC), codes)
    # The selected time program must exist (like DHW's); unchecked without the program ids.
    TPU = "HC_TIME_PROGRAM_UNKNOWN"
    v("heating ISRC: selectedTimeProgramId", op, hc_input({"autoModeSettings": {"selectedTimeProgramId": 2}}, HC_ISRC), [], [TPU])
    for label, program, ids, codes, unchecked in [
        ("existing program", 2, [1, 2], [], []),
        ("unknown program", 3, [1, 2], [TPU], []),
        ("no programs at all", 1, [], [TPU], []),
        ("program ids not given", 2, None, [], [TPU]),
    ]:
        inp = hc_input({"autoModeSettings": {"selectedTimeProgramId": program}}, HC_CURRENT)
        if ids is not None:
            inp["timeProgramIds"] = ids
        v(f"heating selectedTimeProgramId: {label}", op, inp, codes, unchecked)
    for label, body, current, codes, unchecked in [
        ("manual setpoint without current", {"manualModeSettings": {"setPointTemperature": 21.0}}, None, [], [IS]),
        ("both levels without current", {"autoModeSettings": {"levels": {"comfort": 21.0, "eco": 17.0}}}, None, [], [IS]),
        ("eco level only without current", {"autoModeSettings": {"levels": {"eco": 17.0}}}, None, [], [EC, IS]),
        ("eco above comfort without current", {"autoModeSettings": {"levels": {"comfort": 18.0, "eco": 19.0}}}, None, [EC], [IS]),
        ("operationMode without current", {"operationMode": "OFF"}, None, [], []),
        ("selectedTimeProgramId without current", {"autoModeSettings": {"selectedTimeProgramId": 2}}, None, [],
         ["HC_TIME_PROGRAM_UNKNOWN"]),
        ("manual setpoint on an ICOM circuit (no controlType)", {"manualModeSettings": {"setPointTemperature": 21.0}}, HC_ICOM, [], [IS]),
        ("eco level on an ICOM circuit (no levels)", {"autoModeSettings": {"levels": {"eco": 17.0}}}, HC_ICOM, [], [EC, IS]),
    ]:
        v(f"heating blind: {label}", op, hc_input(body, current), codes, unchecked)
    for mode in ["MANUAL", "AUTO", "OFF"]:
        v(f"heating operationMode {mode}", op, hc_input({"operationMode": mode}, HC_CURRENT), [])
    for mode in ["TURBO", "manual", "ECO"]:
        v(f"heating operationMode {mode!r} is unknown", op, hc_input({"operationMode": mode}, HC_CURRENT), ["ENUM_UNKNOWN"])
    for label, body in [("{}", {}), ("empty manualModeSettings", {"manualModeSettings": {}}),
                        ("empty autoModeSettings", {"autoModeSettings": {}}),
                        ("empty levels", {"autoModeSettings": {"levels": {}}})]:
        v(f"heating empty patch: {label}", op, hc_input(body, HC_CURRENT), ["PATCH_EMPTY"])
    v("heating empty patch without current", op, hc_input({}), ["PATCH_EMPTY"])

    # ---- §3.4 time programs -------------------------------------------------------------
    H, D = "setHeatingTimeProgram", "setDhwTimeProgram"
    v("time program: the heating week of §2.4", H, tp_input(HEATING_WEEK), [])
    v("time program: a DHW week with every DHW level", D,
      tp_input(week([("00:00", "OFF"), ("05:30", "COMFORT"), ("09:00", "ECO"), ("22:00", "ECO_PLUS")])), [])
    times = ["00:00", "04:00", "08:00", "12:00", "16:00", "20:00", "23:45"]
    for n in range(0, 8):
        points = [(t, "COMFORT" if i % 2 == 0 else "ECO") for i, t in enumerate(times[:n])]
        codes = [] if 1 <= n <= 6 else ["TP_SWITCH_POINT_COUNT"]
        v(f"time program: {n} switch point{'' if n == 1 else 's'} on Monday (heating)", H, tp_input(with_monday(points)), codes)
        v(f"time program: {n} switch point{'' if n == 1 else 's'} on Monday (DHW)", D,
          tp_input(with_monday([(t, "ECO_PLUS") for t, _ in points], DHW_WEEK)), codes)
    v("time program: 6 switch points every day", H,
      tp_input(week([(t, "COMFORT" if i % 2 else "ECO") for i, t in enumerate(times[:6])])), [])
    v("time program: 7 switch points every day", H,
      tp_input(week([(t, "COMFORT" if i % 2 else "ECO") for i, t in enumerate(times)])), ["TP_SWITCH_POINT_COUNT"])
    for i, day in enumerate(WEEKDAYS):
        program = copy.deepcopy(HEATING_WEEK)
        del program["days"][i]
        v(f"time program: {day} missing", H, tp_input(program), ["TP_DAY_MISSING"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"].append(copy.deepcopy(program["days"][0]))
    v("time program: MONDAY twice (8 days)", H, tp_input(program), ["TP_DAY_DUPLICATE"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"][6] = copy.deepcopy(program["days"][0])
    v("time program: MONDAY twice, SUNDAY missing", H, tp_input(program), ["TP_DAY_DUPLICATE", "TP_DAY_MISSING"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"][6]["day"] = "FUNDAY"
    v("time program: FUNDAY instead of SUNDAY", H, tp_input(program), ["TP_DAY_MISSING", "TP_DAY_UNKNOWN"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"][0]["day"] = "monday"
    v("time program: lowercase monday", D, tp_input(program), ["TP_DAY_MISSING", "TP_DAY_UNKNOWN"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"].append({"day": "HOLIDAY", "switchPoints": [{"startTime": "08:00", "level": "COMFORT"}]})
    v("time program: an eighth day HOLIDAY", H, tp_input(program), ["TP_DAY_UNKNOWN"])
    v("time program: no days", H, tp_input({"timeProgramId": 1, "days": []}), ["TP_DAY_MISSING"])
    program = copy.deepcopy(HEATING_WEEK)
    program["days"].reverse()
    v("time program: days in another order", H, tp_input(program), [])
    for t, codes in [("00:00", []), ("00:15", []), ("06:10", ["TP_TIME_GRID"]), ("06:15", []), ("06:30", []),
                     ("06:45", []), ("12:01", ["TP_TIME_GRID"]), ("23:45", []), ("23:59", ["TP_TIME_GRID"]),
                     ("6:00", ["TP_TIME_FORMAT"]), ("24:00", ["TP_TIME_FORMAT"]), ("06:60", ["TP_TIME_FORMAT"]),
                     ("0600", ["TP_TIME_FORMAT"]), ("06:00:00", ["TP_TIME_FORMAT"]), ("", ["TP_TIME_FORMAT"]),
                     ("ab:cd", ["TP_TIME_FORMAT"]), (" 06:00", ["TP_TIME_FORMAT"]), ("6am", ["TP_TIME_FORMAT"])]:
        v(f"time program: a single switch point at {t!r}", H, tp_input(with_monday([(t, "COMFORT")])), codes)
    for label, points, codes in [
        ("descending", [("22:00", "ECO"), ("06:00", "COMFORT")], ["TP_TIME_ORDER"]),
        ("equal start times", [("06:00", "COMFORT"), ("06:00", "ECO")], ["TP_TIME_ORDER"]),
        ("15 minutes apart", [("06:00", "COMFORT"), ("06:15", "ECO")], []),
        ("descending at the end", [("06:00", "COMFORT"), ("12:00", "ECO"), ("18:00", "COMFORT"), ("17:45", "ECO")], ["TP_TIME_ORDER"]),
        ("off grid and descending, with a DHW level",
         [("06:10", "COMFORT"), ("06:05", "ECO_PLUS")], ["TP_LEVEL", "TP_TIME_GRID", "TP_TIME_ORDER"]),
    ]:
        v(f"time program: switch points {label}", H, tp_input(with_monday(points)), codes)
    for level, heating_ok, dhw_ok in [("COMFORT", True, True), ("ECO", True, True), ("ECO_PLUS", False, True),
                                      ("OFF", False, True), ("BOOST", False, False), ("comfort", False, False)]:
        v(f"time program: level {level} (heating)", H, tp_input(with_monday([("06:00", level)])),
          [] if heating_ok else ["TP_LEVEL"])
        v(f"time program: level {level} (DHW)", D, tp_input(with_monday([("06:00", level)], DHW_WEEK)),
          [] if dhw_ok else ["TP_LEVEL"])
    v("time program: a heating week on a DHW circuit", D, tp_input(HEATING_WEEK), [])
    v("time program: a DHW week on a heating circuit", H, tp_input(DHW_WEEK), ["TP_LEVEL"])
    v("time program: body id 2, path id 1", H, tp_input(dict(HEATING_WEEK, timeProgramId=2), 1), ["TP_ID_MISMATCH"])
    v("time program: body id 1, path id 2", D, tp_input(dict(DHW_WEEK, timeProgramId=1), 2), ["TP_ID_MISMATCH"])
    v("time program: body id 3, path id 3", D, tp_input(dict(DHW_WEEK, timeProgramId=3), 3), [])
    v("time program: no body id", H, tp_input(week([("06:00", "COMFORT")], None), 5), [])

    # ---- §3.5 system: silent mode ---------------------------------------------------------
    op = "updateSilentMode"
    SF, SG, SE = "SILENT_TIME_FORMAT", "SILENT_TIME_GRID", "SILENT_START_EQUALS_END"

    def silent(body: dict, current: dict | None = None) -> dict:
        inp = {"gatewayId": GW, "body": body}
        if current is not None:
            inp["current"] = current
        return inp

    for label, body, current, codes, unchecked in [
        ("enable only", {"enabled": True}, None, [], []),
        ("disable only", {"enabled": False}, None, [], []),
        ("both times, spanning midnight", {"startTime": "22:00", "endTime": "06:00"}, None, [], []),
        ("both times, whole day but 15 minutes", {"enabled": True, "startTime": "00:00", "endTime": "23:45"}, None, [], []),
        ("both times equal", {"startTime": "22:00", "endTime": "22:00"}, None, [SE], []),
        ("both times equal, with current", {"startTime": "13:15", "endTime": "13:15"}, SILENT_CURRENT, [SE], []),
        ("start only, without current", {"startTime": "21:45"}, None, [], [SE]),
        ("end only, without current", {"endTime": "07:00"}, None, [], [SE]),
        ("start equal to the current end", {"startTime": "06:00"}, SILENT_CURRENT, [SE], []),
        ("end equal to the current start", {"endTime": "22:00"}, SILENT_CURRENT, [SE], []),
        ("end differs from the current start", {"endTime": "07:00"}, SILENT_CURRENT, [], []),
        ("both off grid and equal", {"startTime": "22:07", "endTime": "22:07"}, None, [SE, SG], []),
        ("start out of a clock, with current", {"startTime": "25:00"}, SILENT_CURRENT, [SF], []),
    ]:
        v(f"silent mode: {label}", op, silent(body, current), codes, unchecked)
    for t, codes in [("22:00", []), ("22:15", []), ("22:30", []), ("22:45", []), ("22:10", [SG]),
                     ("23:59", [SG]), ("00:00", []), ("00:05", [SG]), ("22:00:00", [SF]), ("10pm", [SF]),
                     ("24:00", [SF]), ("2200", [SF]), ("", [SF]), ("22:60", [SF])]:
        v(f"silent mode: startTime {t!r}", op, silent({"startTime": t, "endTime": "06:30"}), codes)
    v("silent mode: empty patch", op, silent({}), ["PATCH_EMPTY"])
    v("silent mode: empty patch with current", op, silent({}, SILENT_CURRENT), ["PATCH_EMPTY"])

    # ---- §3.5 system: date-time -----------------------------------------------------------
    op = "setDateTime"
    for value, codes in [
        ("2026-11-28T21:15:00", []), ("2020-01-01T00:00:00", []), ("2099-12-31T23:59:59", []),
        ("2024-02-29T12:00:00", []), ("2019-12-31T23:59:59", ["DATETIME_YEAR_RANGE"]),
        ("2100-01-01T00:00:00", ["DATETIME_YEAR_RANGE"]), ("1970-01-01T00:00:00", ["DATETIME_YEAR_RANGE"]),
        ("9999-12-31T23:59:59", ["DATETIME_YEAR_RANGE"]), ("2025-02-29T12:00:00", ["DATETIME_FORMAT"]),
        ("2026-11-28T21:15:00Z", ["DATETIME_FORMAT"]), ("2026-11-28T21:15:00+01:00", ["DATETIME_FORMAT"]),
        ("2026-11-28 21:15:00", ["DATETIME_FORMAT"]), ("2026-11-28T24:00:00", ["DATETIME_FORMAT"]),
        ("2026-13-01T00:00:00", ["DATETIME_FORMAT"]), ("2026-11-31T00:00:00", ["DATETIME_FORMAT"]),
        ("2026-11-28T21:15:60", ["DATETIME_FORMAT"]), ("2026-11-28T21:15:00.5", ["DATETIME_FORMAT"]),
        ("2026-11-28", ["DATETIME_FORMAT"]), ("", ["DATETIME_FORMAT"]), ("28.11.2026 21:15", ["DATETIME_FORMAT"]),
        # openapi.yaml (SystemDateTime.dateTime) and the rule's own limit: YYYY-MM-DDTHH:MM:SS.
        ("2026-11-28T21:15", ["DATETIME_FORMAT"]),
    ]:
        v(f"date-time {value!r}", op, {"gatewayId": GW, "body": {"dateTime": value}}, codes)

    # ---- §3.5 system: holiday modes -------------------------------------------------------
    op = "createHolidayMode"
    body = holiday_body("2026-12-20", "2027-01-03", [1], [1])
    v("holiday: valid with existing and today", op, holiday_input(body, [], TODAY), [])
    v("holiday: without today", op, holiday_input(body, []), [], ["HOLIDAY_END_IN_PAST"])
    v("holiday: without existing", op, holiday_input(body, None, TODAY), [], ["HOLIDAY_LIMIT", "HOLIDAY_OVERLAP"])
    v("holiday: without existing and today", op, holiday_input(body), [],
      ["HOLIDAY_END_IN_PAST", "HOLIDAY_LIMIT", "HOLIDAY_OVERLAP"])
    for label, start, end, codes in [
        ("one day", "2026-12-24", "2026-12-24", []),
        ("ends before it starts", "2027-01-03", "2026-12-20", ["HOLIDAY_START_AFTER_END"]),
        ("ends the day before it starts", "2026-12-21", "2026-12-20", ["HOLIDAY_START_AFTER_END"]),
        ("ends today", "2026-11-20", TODAY, []),
        ("ends yesterday", "2026-11-20", "2026-11-27", ["HOLIDAY_END_IN_PAST"]),
        ("started in the past, ends in the future", "2026-11-01", "2026-12-01", []),
        ("starts today", TODAY, "2026-12-05", []),
        ("over and reversed", "2026-11-20", "2026-11-10", ["HOLIDAY_END_IN_PAST", "HOLIDAY_START_AFTER_END"]),
        ("on a leap day", "2028-02-29", "2028-02-29", []),
        ("start not a date (32nd)", "2026-12-32", "2027-01-03", ["HOLIDAY_DATE_FORMAT"]),
        ("start with slashes", "2026/12/20", "2027-01-03", ["HOLIDAY_DATE_FORMAT"]),
        ("start without dashes", "20261220", "2027-01-03", ["HOLIDAY_DATE_FORMAT"]),
        ("end on 29 February of a common year", "2026-12-20", "2027-02-29", ["HOLIDAY_DATE_FORMAT"]),
        ("end empty", "2026-12-20", "", ["HOLIDAY_DATE_FORMAT"]),
        ("end with a time", "2026-12-20", "2027-01-03T00:00:00", ["HOLIDAY_DATE_FORMAT"]),
    ]:
        v(f"holiday: {label}", op, holiday_input(holiday_body(start, end, [1], [1]), [], TODAY), codes)
    for label, hcs, dhws, codes in [
        ("heating circuits only", [1, 2], [], []),
        ("DHW circuits only", [], [1], []),
        ("no circuit", [], [], ["HOLIDAY_NO_CIRCUIT"]),
        ("heating circuit 0", [0], [1], ["HOLIDAY_CIRCUIT_ID"]),
        ("DHW circuit 0", [1], [0], ["HOLIDAY_CIRCUIT_ID"]),
    ]:
        v(f"holiday: {label}", op, holiday_input(holiday_body("2026-12-20", "2027-01-03", hcs, dhws), [], TODAY), codes)
    v("holiday: reversed, over and for no circuit", op,
      holiday_input(holiday_body("2026-11-20", "2026-11-10", [], []), [], TODAY),
      ["HOLIDAY_END_IN_PAST", "HOLIDAY_NO_CIRCUIT", "HOLIDAY_START_AFTER_END"])
    # Overlap with an existing holiday on heating circuit 1 and DHW circuit 1 (20 Dec – 3 Jan).
    for label, start, end, hcs, dhws, codes in [
        ("inside the existing one", "2026-12-24", "2026-12-26", [1], [], ["HOLIDAY_OVERLAP"]),
        ("starting on its last day", "2027-01-03", "2027-01-10", [1], [], ["HOLIDAY_OVERLAP"]),
        ("starting the day after it", "2027-01-04", "2027-01-10", [1], [], []),
        ("ending the day before it", "2026-12-10", "2026-12-19", [1], [], []),
        ("ending on its first day", "2026-12-10", "2026-12-20", [1], [], ["HOLIDAY_OVERLAP"]),
        ("enclosing it", "2026-12-01", "2027-02-01", [1], [], ["HOLIDAY_OVERLAP"]),
        ("same dates on another heating circuit", "2026-12-20", "2027-01-03", [2], [], []),
        ("same dates on the same DHW circuit", "2026-12-20", "2027-01-03", [], [1], ["HOLIDAY_OVERLAP"]),
        ("same dates on another DHW circuit", "2026-12-20", "2027-01-03", [], [2], []),
        ("same dates, one shared circuit among others", "2026-12-20", "2027-01-03", [2, 3, 1], [], ["HOLIDAY_OVERLAP"]),
    ]:
        v(f"holiday overlap: {label}", op, holiday_input(holiday_body(start, end, hcs, dhws), [XMAS], TODAY), codes)
    v("holiday overlap: heating circuit 1 against a DHW-only holiday on circuit 1", op,
      holiday_input(holiday_body("2026-12-20", "2027-01-03", [1], []),
                    [holiday("5", "2026-12-20", "2027-01-03", [], [1])], TODAY), [])
    v("holiday overlap: two existing holidays overlapped", op,
      holiday_input(holiday_body("2026-12-01", "2027-03-01", [1], []),
                    [XMAS, holiday("2", "2027-02-10", "2027-02-20", [1], [])], TODAY), ["HOLIDAY_OVERLAP"])
    months = [holiday(str(m), f"2027-{m:02d}-01", f"2027-{m:02d}-07", [2], []) for m in range(1, 9)]
    v("holiday limit: 7 existing, an 8th is allowed", op, holiday_input(body, months[:7], TODAY), [])
    v("holiday limit: 8 existing, a 9th is refused", op, holiday_input(body, months, TODAY), ["HOLIDAY_LIMIT"])
    v("holiday limit: 8 existing and an overlap", op,
      holiday_input(holiday_body("2027-01-05", "2027-01-06", [2], []), months, TODAY),
      ["HOLIDAY_LIMIT", "HOLIDAY_OVERLAP"])
    for heating, dhw, codes in [("OFF", "OFF", []), ("FROST_PROTECTION", "ECO_PLUS", []), ("ECO", "OFF", []),
                                ("AWAY", "OFF", ["ENUM_UNKNOWN"]), ("OFF", "ECO", ["ENUM_UNKNOWN"]),
                                ("off", "eco_plus", ["ENUM_UNKNOWN"])]:
        v(f"holiday modes heating {heating}, DHW {dhw}", op,
          holiday_input(holiday_body("2026-12-20", "2027-01-03", [1], [1], heating, dhw), [], TODAY), codes)

    # ---- §3.6 charge ----------------------------------------------------------------------
    op = "updateDhwCharge"
    for minutes in [0, 14, 15, 16, 20, 30, 45, 60, 225, 239, 240, 250, 255, 1000]:
        codes = []
        if not 15 <= minutes <= 240:
            codes.append("CHARGE_DURATION_RANGE")
        if minutes % 15:
            codes.append("CHARGE_DURATION_STEP")
        v(f"charge of {minutes} minutes", op,
          {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True, "durationMinutes": minutes}}, codes)
    v("charge without a duration", op, {"gatewayId": GW, "circuitId": 1, "body": {"enabled": True}}, [])
    v("charge stopped", op, {"gatewayId": GW, "circuitId": 1, "body": {"enabled": False}}, [])

    # ---- enums of other bodies; operations without rules ----------------------------------
    for event in ["CONNECTIVITY_STATUS", "APPLIANCE_STATUS", "DATA_POINT", "DAILY_AGGREGATE", "CONTRACT_STATUS"]:
        v(f"webhook simulation of {event}", "simulateWebhookEvent", {"body": {"eventType": event}}, [])
    v("webhook simulation of an unknown event type", "simulateWebhookEvent",
      {"body": {"eventType": "FIRMWARE_UPDATE"}}, ["ENUM_UNKNOWN"])
    v("webhook simulation naming a gateway", "simulateWebhookEvent",
      {"body": {"eventType": "DATA_POINT", "gatewayId": GW}}, [])
    v("webhook simulation naming an invalid gateway", "simulateWebhookEvent",
      {"body": {"eventType": "DATA_POINT", "gatewayId": "../x"}}, ["GATEWAY_ID_INVALID"])
    for action, codes in [("ACCEPT", []), ("REJECT", []), ("REVOKE", []), ("CANCEL", ["ENUM_UNKNOWN"]),
                          ("accept", ["ENUM_UNKNOWN"]), ("CLOSE", ["ENUM_UNKNOWN"])]:
        v(f"contract action {action}", "updateContract", {"gatewayId": GW, "body": {"action": action}}, codes)
    v("an operation without rules: getDhwCircuit", "getDhwCircuit", {"gatewayId": GW, "circuitId": 1}, [])
    v("an operation without rules: getHealth", "getHealth", {}, [])

    return {
        "description": (
            "Validation of request inputs (§3). Feed `input` to the operation's check entry point "
            "(no request is built; path parameters are not judged here, see requests.json) and "
            "compare the sorted, de-duplicated codes of every violation, and the sorted codes of "
            "the rules that could not be checked for lack of state (`current`, `timeProgramIds`, "
            "`distributionType`, `existing`, `today`). A rule is unchecked only when its outcome "
            "depends on the missing state. Limits from partner-api.md §3 and openapi.yaml."
        ),
        "cases": cases.items,
    }


# ---------------------------------------------------------------------------------------------
# responses.json
# ---------------------------------------------------------------------------------------------

OK_HEADERS = {"content-type": "application/json", "x-request-id": "req-0001", "x-api-version": "1.35"}

CONTRACT_ACTIVE = {
    "gatewayId": GW, "status": "ACTIVE", "statusDate": "2026-05-05T12:00:00Z", "userId": "owner-7c1e",
    "partnerUserId": "installer-42", "addressLines": ["Hauptstraße 1", "2. OG"], "postalCode": "70469",
    "city": "Stuttgart", "country": "DE",
}
CONTRACT_PENDING = {"gatewayId": "101234568", "status": "PENDING", "statusDate": "2026-05-04T08:30:00Z"}
COMPONENTS = [
    {"type": "GATEWAY", "softwareVersion": "5.27.4", "serialNumber": "GW-0001"},
    {"type": "HEAT_PUMP", "softwareVersion": "2.1.0", "serialNumber": "HP-4711"},
    {"type": "INDOOR_UNIT", "softwareVersion": "1.9.3"},
    {"type": "CONTROL_UNIT", "softwareVersion": "4.3.0", "controlUnitType": "CU-HP"},
    {"type": "ROOM_CONTROLLER", "softwareVersion": "1.2.0"},
    {"type": "POOLMODULE", "softwareVersion": "1.0.2"},
    {"type": "CASCADE", "softwareVersion": "1.1.0", "heatSources": [
        {"heatSourceId": 1, "softwareVersion": "2.1.0", "serialNumber": "HP-1"},
        {"heatSourceId": 2, "softwareVersion": "2.1.0"}]},
]
HC_OVERRIDDEN = copy.deepcopy(HC_CURRENT)
HC_OVERRIDDEN["operationMode"] = "MANUAL"
HC_OVERRIDDEN["overridingModes"]["holiday"] = {"active": True, "until": "2027-01-03T23:59:00Z"}
HC_OVERRIDDEN["overridingModes"]["away"] = {"active": True}


def responses_document() -> dict:
    cases = Cases("responses.json")

    def ok(name: str, op: str, status: int, body, value, headers: dict | None = None,
           body_text: str | None = None, request_id: str | None = "req-0001",
           api_version: str | None = "1.35") -> None:
        case = {"name": name, "operation": op, "status": status,
                "headers": OK_HEADERS if headers is None else headers}
        if body_text is not None:
            case["bodyText"] = body_text
        else:
            case["body"] = body
        expect = {"value": value}
        if request_id is not None:
            expect["requestId"] = request_id
        if api_version is not None:
            expect["apiVersion"] = api_version
        case["expect"] = expect
        cases.add(case)

    def err(name: str, op: str, status: int, kind: str, body=None, body_text: str | None = None,
            headers: dict | None = None, **expect) -> None:
        case = {"name": name, "operation": op, "status": status,
                "headers": {"content-type": "application/json", "x-request-id": "req-err",
                            "x-api-version": "1.35"} if headers is None else headers}
        if body_text is not None:
            case["bodyText"] = body_text
        else:
            case["body"] = body
        error = {"kind": kind, "status": status}
        error.update(expect)
        case["expectError"] = error
        cases.add(case)

    same = lambda op, status, body, name=None: ok(name or f"{op}: documented {status} body", op, status, body, body)  # noqa: E731

    # Every operation, with the documented body; the decoded value is the body itself.
    same("getHealth", 200, {"status": "UP"})
    same("listHvacs", 200, [{"gatewayId": GW}, {"gatewayId": "101234568"}])
    same("listHvacs", 200, [], "listHvacs: no appliance")
    same("getHvacStatus", 200, {"gatewayId": GW, "connectivityStatus": "ONLINE", "timestamp": "2026-05-05T12:00:00Z"})
    same("getHvacStatus", 200, {"gatewayId": GW, "connectivityStatus": "OFFLINE", "timestamp": "2026-05-05T03:15:00Z"},
         "getHvacStatus: offline")
    same("getComponents", 200, COMPONENTS)
    same("startSystemDetection", 202, {"detectionStatus": "STARTED"})
    ok("simulateWebhookEvent: 202 without a body", "simulateWebhookEvent", 202, None, {"body": None}, body_text="")
    ok("simulateWebhookEvent: 202 with a body", "simulateWebhookEvent", 202, {"message": "Event queued"},
       {"body": {"message": "Event queued"}})
    same("listContracts", 200, [CONTRACT_ACTIVE, CONTRACT_PENDING])
    same("getContract", 200, CONTRACT_ACTIVE)
    same("getContract", 200, dict(CONTRACT_ACTIVE, status="CLOSED"), "getContract: closed contract")
    for status in ["PENDING", "REJECTED", "REVOKED"]:
        same("getContract", 200, dict(CONTRACT_PENDING, status=status), f"getContract: {status} contract")
    same("getHvacContract", 200, CONTRACT_ACTIVE)
    same("updateContract", 200, CONTRACT_ACTIVE)
    ok("deleteContract: 204 without a body", "deleteContract", 204, None, None, body_text="")
    same("createApiKey", 201, {"keyId": "4a9d3e2f-1c7b-4d8e-a5f6-0b3c9d2e1f4a",
                               "apiKey": "xHCSAPI.20271128T120000Z.ZyXwVuTsRqPoNmLkJiHgFeDcBa987654",
                               "createdAt": "2027-05-28T12:00:00Z", "expiresAt": "2027-11-28T12:00:00Z"})
    same("listApiKeys", 200, [{"keyId": "k-1", "createdAt": "2026-11-28T12:00:00Z", "expiresAt": "2027-05-28T12:00:00Z"},
                              {"keyId": "k-2", "createdAt": "2027-05-01T09:00:00Z", "expiresAt": "2027-10-31T09:00:00Z"}])
    same("getCurrentApiKey", 200, {"keyId": "k-1", "companyId": "c-1042", "expiresAt": "2027-05-28T12:00:00Z"})
    ok("deleteApiKey: 204 without a body", "deleteApiKey", 204, None, None, body_text="")
    same("listHeatingCircuits", 200, [{"circuitId": 1}, {"circuitId": 2}])
    same("getHeatingCircuit", 200, HC_CURRENT)
    same("getHeatingCircuit", 200, HC_ISRC, "getHeatingCircuit: ISRC circuit without setpoints")
    ok("updateHeatingCircuit: no overriding mode active", "updateHeatingCircuit", 200, HC_CURRENT,
       {"circuit": HC_CURRENT, "overriddenBy": []})
    ok("updateHeatingCircuit: holiday and away override the new mode", "updateHeatingCircuit", 200, HC_OVERRIDDEN,
       {"circuit": HC_OVERRIDDEN, "overriddenBy": ["away", "holiday"]})
    all_active = copy.deepcopy(HC_CURRENT)
    for mode in all_active["overridingModes"].values():
        mode["active"] = True
    ok("updateHeatingCircuit: every overriding mode active", "updateHeatingCircuit", 200, all_active,
       {"circuit": all_active, "overriddenBy": ["away", "boost", "holiday", "summerWinter"]})
    party = copy.deepcopy(HC_CURRENT)
    party["overridingModes"]["party"] = {"active": True, "until": "2026-05-05T23:00:00Z"}
    party["overridingModes"]["boost"] = {"active": True, "until": "2026-05-05T14:00:00Z"}
    ok("updateHeatingCircuit: an unknown overriding mode counts too", "updateHeatingCircuit", 200, party,
       {"circuit": party, "overriddenBy": ["boost", "party"]})
    no_modes = {k: val for k, val in HC_CURRENT.items() if k != "overridingModes"}
    ok("updateHeatingCircuit: without overridingModes", "updateHeatingCircuit", 200, no_modes,
       {"circuit": no_modes, "overriddenBy": []})
    same("getHeatCurve", 200, CURVE_WC)
    same("getHeatCurve", 200, CURVE_RT, "getHeatCurve: room temperature controlled")
    same("updateHeatCurve", 200, dict(CURVE_WC, maxFlowTemperature=50.0, endPointTemperature=42.0))
    for dist in ["FLOOR", "RADIATOR", "CONVECTOR"]:
        same("getHeatingDistributionType", 200, {"heatingDistributionType": dist}, f"getHeatingDistributionType: {dist}")
    same("getHeatingTimeProgram", 200, HEATING_WEEK)
    same("setHeatingTimeProgram", 200, HEATING_WEEK)
    same("listDhwCircuits", 200, [{"circuitId": 1}])
    same("getDhwCircuit", 200, DHW_CURRENT)
    same("updateDhwCircuit", 200, DHW_CURRENT)
    same("getDhwCharge", 200, {"chargeStatus": "ACTIVE", "remainingTimeMinutes": 25, "durationMinutes": 60})
    same("updateDhwCharge", 200, {"chargeStatus": "INACTIVE"})
    same("getDhwTimeProgram", 200, DHW_WEEK)
    same("setDhwTimeProgram", 200, DHW_WEEK)
    same("getSilentMode", 200, SILENT_CURRENT)
    same("updateSilentMode", 200, dict(SILENT_CURRENT, enabled=False))
    same("getDateTime", 200, {"dateTime": "2026-11-28T21:15:00"})
    same("setDateTime", 200, {"dateTime": "2026-11-28T21:16:00"})
    same("listHolidayModes", 200, [XMAS, holiday("2", "2027-02-10", "2027-02-20", [1, 2], [], "FROST_PROTECTION", "ECO_PLUS")])
    same("listHolidayModes", 200, [], "listHolidayModes: none")
    same("createHolidayMode", 201, XMAS)
    ok("deleteHolidayMode: 204 without a body", "deleteHolidayMode", 204, None, None, body_text="")

    # Headers: names in any case; request id and version are reported on every result.
    ok("header names in other cases", "getHealth", 200, {"status": "UP"}, {"status": "UP"},
       headers={"Content-Type": "application/json", "X-Request-ID": "req-MiXeD", "X-Api-Version": "1.35"},
       request_id="req-MiXeD")
    ok("another minor version", "getHealth", 200, {"status": "UP"}, {"status": "UP"},
       headers={"x-request-id": "req-0002", "x-api-version": "1.36"}, request_id="req-0002", api_version="1.36")
    ok("body surrounded by white space", "getHealth", 200, None, {"status": "UP"},
       body_text='\n  {"status": "UP"}  \n')

    # Unknown enum values and unknown fields are kept, unchanged.
    lenient = [
        ("getHealth", {"status": "DEGRADED", "details": {"db": "slow"}}),
        ("listHvacs", [{"gatewayId": GW, "brand": "BUDERUS"}]),
        ("getHvacStatus", {"gatewayId": GW, "connectivityStatus": "MAINTENANCE", "timestamp": "2026-05-05T12:00:00Z"}),
        ("getComponents", [{"type": "HEAT_EXCHANGER", "softwareVersion": "0.9.1", "newField": 1}]),
        ("getComponents", [{"type": "GATEWAY", "softwareVersion": "5.27.4", "firmwareVersion": "5.27.4"}]),
        ("getComponents", [{"type": "CONTROL_UNIT", "softwareVersion": "4.3.0", "controlUnitType": "zCU-HP"},
                           {"type": "CONTROL_UNIT", "softwareVersion": "4.3.1", "controlUnitType": "xCU-HP"}]),
        ("getComponents", [{"type": "CASCADE", "softwareVersion": "1.1.0",
                            "heatSources": [{"heatSourceId": 3, "softwareVersion": "2.1.0", "newField": {"a": [1, 2]}}]}]),
        ("startSystemDetection", {"detectionStatus": "QUEUED", "etaSeconds": 120}),
        ("getContract", dict(CONTRACT_ACTIVE, status="SUSPENDED", newField=1)),
        ("listContracts", [dict(CONTRACT_PENDING, street="Hauptstraße 1")]),
        ("updateContract", dict(CONTRACT_ACTIVE, status="ACTIVE", acceptedBy="installer-42")),
        ("createApiKey", {"keyId": "k-3", "apiKey": "xHCSAPI.20271128T120000Z.ZyXwVuTsRqPoNmLkJiHgFeDcBa987654",
                          "createdAt": "2027-05-28T12:00:00Z", "expiresAt": "2027-11-28T12:00:00Z", "name": "ci"}),
        ("listApiKeys", [{"keyId": "k-1", "createdAt": "2026-11-28T12:00:00Z", "expiresAt": "2027-05-28T12:00:00Z", "lastUsedAt": "2027-05-01T00:00:00Z"}]),
        ("getCurrentApiKey", {"keyId": "k-1", "companyId": "c-1042", "expiresAt": "2027-05-28T12:00:00Z", "scopes": ["read"]}),
        ("listHeatingCircuits", [{"circuitId": 1, "name": "Ground floor"}]),
        ("getHeatingCircuit", dict(HC_CURRENT, operationMode="HOLIDAY", controlType="HYBRID", newField=1,
                                   autoModeSettings={"selectedTimeProgramId": 1, "levels": {"comfort": 21.0, "eco": 17.0, "ecoPlus": 15.0}},
                                   manualModeSettings={"setPointTemperature": 21.0, "until": "2026-05-06T00:00:00Z"},
                                   overridingModes={"boost": {"active": False, "remainingMinutes": 0},
                                                    "party": {"active": False}})),
        ("getHeatCurve", dict(CURVE_WC, controlType="HYBRID", curveSlope=1.4)),
        ("getHeatingDistributionType", {"heatingDistributionType": "WALL", "newField": True}),
        ("getHeatingTimeProgram", {"timeProgramId": 2, "name": "Winter",
                                   "days": [{"day": d, "switchPoints": [{"startTime": "06:00", "level": "BOOST"}]}
                                            for d in WEEKDAYS + ["HOLIDAY"]]}),
        ("listDhwCircuits", [{"circuitId": 1, "newField": None}]),
        ("getDhwCircuit", dict(DHW_CURRENT, operationMode="BOOST",
                               ecoModeSettings={"startSetPointTemperature": 45.0, "stopSetPointTemperature": 50.0, "hysteresis": 5.0},
                               autoModeSettings={"selectedTimeProgramId": 1, "operationMode": "BOOST", "newField": "x"},
                               legionellaProtection={"enabled": True})),
        ("getDhwCharge", {"chargeStatus": "PAUSED", "remainingTimeMinutes": 10, "newField": 1}),
        ("getSilentMode", dict(SILENT_CURRENT, days=["MONDAY", "TUESDAY"])),
        ("getDateTime", {"dateTime": "2026-11-28T21:15:00", "timeZone": "Europe/Berlin"}),
        ("listHolidayModes", [dict(holiday("7", "2026-12-20", "2027-01-03", [1], [1], "AWAY", "ECO"), newField=1)]),
        ("createHolidayMode", dict(XMAS, createdBy="installer-42")),
    ]
    success = {"createApiKey": 201, "createHolidayMode": 201, "startSystemDetection": 202}
    for i, (op, body) in enumerate(lenient, 1):
        ok(f"{op}: unknown values and fields are kept ({i})", op, success.get(op, 200), body, body)
    # The time program's inner objects are [assumed] shapes too: their unknown fields are kept.
    program = copy.deepcopy(HEATING_WEEK)
    program["days"][0]["newField"] = 1
    ok("getHeatingTimeProgram: unknown field of a day is kept", "getHeatingTimeProgram", 200, program, program)
    program = copy.deepcopy(DHW_WEEK)
    program["days"][2]["switchPoints"][0]["temperature"] = 60.0
    ok("getDhwTimeProgram: unknown field of a switch point is kept", "getDhwTimeProgram", 200, program, program)

    # ICOM gateways return the data they have (seed v1.26, v1.27).
    ok("getHeatingCircuit: ICOM circuit with only circuitId", "getHeatingCircuit", 200, HC_ICOM, HC_ICOM)
    ok("updateHeatingCircuit: ICOM circuit with only circuitId", "updateHeatingCircuit", 200, HC_ICOM,
       {"circuit": HC_ICOM, "overriddenBy": []})
    ok("getDhwCircuit: ICOM circuit with only circuitId", "getDhwCircuit", 200, {"circuitId": 1}, {"circuitId": 1})
    ok("getDhwCharge: ICOM charge with only chargeStatus", "getDhwCharge", 200, {"chargeStatus": "INACTIVE"},
       {"chargeStatus": "INACTIVE"})
    ok("getHeatCurve: ICOM curve with some values", "getHeatCurve", 200, {"maxFlowTemperature": 55.0},
       {"maxFlowTemperature": 55.0})

    # Success bodies of the wrong shape: Decode, whatever the bytes.
    for op, status, label, body, text, raw in [
        ("getHealth", 200, "empty body", None, "", None),
        ("getHealth", 200, "HTML", None, "<html><body>Maintenance</body></html>", True),
        ("getHealth", 200, "truncated JSON", None, '{"status": "UP"', True),
        ("getHealth", 200, "status as a number", {"status": 1}, None, None),
        ("listHvacs", 200, "an object instead of an array", {"gatewayId": GW}, None, None),
        ("listHvacs", 200, "null", None, "null", None),
        ("listHvacs", 200, "an array of strings", [GW], None, None),
        ("getHvacStatus", 200, "an array", [], None, None),
        ("getHvacStatus", 200, "gatewayId as a number", {"gatewayId": 101234567, "connectivityStatus": "ONLINE",
                                                         "timestamp": "2026-05-05T12:00:00Z"}, None, None),
        ("getHvacStatus", 200, "connectivityStatus missing", {"gatewayId": GW, "timestamp": "2026-05-05T12:00:00Z"}, None, None),
        ("getComponents", 200, "component without type", [{"softwareVersion": "1.0"}], None, None),
        ("getComponents", 200, "heatSourceId as a string", [{"type": "CASCADE", "softwareVersion": "1.1.0",
                                                              "heatSources": [{"heatSourceId": "1"}]}], None, None),
        ("getContract", 200, "status missing", {"gatewayId": GW, "statusDate": "2026-05-05T12:00:00Z"}, None, None),
        ("getContract", 200, "addressLines as a string", dict(CONTRACT_ACTIVE, addressLines="Hauptstraße 1"), None, None),
        ("getCurrentApiKey", 200, "companyId missing", {"keyId": "k-1"}, None, None),
        ("getHeatingCircuit", 200, "circuitId as a string", {"circuitId": "1"}, None, None),
        ("getHeatingCircuit", 200, "circuitId missing", {"operationMode": "AUTO"}, None, None),
        ("getHeatingCircuit", 200, "setpoint as a string", {"circuitId": 1, "manualModeSettings": {"setPointTemperature": "21"}}, None, None),
        ("getHeatingCircuit", 200, "overriding mode without active", {"circuitId": 1, "overridingModes": {"boost": {}}}, None, None),
        ("updateHeatingCircuit", 200, "an array", [], None, None),
        ("getHeatCurve", 200, "a number", None, "42", None),
        ("getHeatingDistributionType", 200, "type as a number", {"heatingDistributionType": 1}, None, None),
        ("getHeatingTimeProgram", 200, "days missing", {"timeProgramId": 1}, None, None),
        ("getDhwTimeProgram", 200, "switch point without level", {"timeProgramId": 1, "days": [
            {"day": "MONDAY", "switchPoints": [{"startTime": "06:00"}]}]}, None, None),
        ("getDhwCircuit", 200, "plain text", None, "OK", True),
        ("getDhwCharge", 200, "chargeStatus as a boolean", {"chargeStatus": True}, None, None),
        ("getSilentMode", 200, "enabled as a string", {"enabled": "true", "startTime": "22:00", "endTime": "06:00"}, None, None),
        ("getDateTime", 200, "empty object", {}, None, None),
        ("listHolidayModes", 200, "holidayModeId as a number", [dict(XMAS, holidayModeId=1)], None, None),
        ("createHolidayMode", 201, "empty body", None, "", None),
    ]:
        extra = {} if raw is None else {"hasRawBody": raw}
        err(f"{op}: {status} with {label} is a decode error", op, status, "Decode", body, text,
            headers=OK_HEADERS, requestId="req-0001", **extra)

    # Error statuses (§1.2), with the documented error body.
    def body_of(status: int, error: str, message: str, rid: str = "req-err", **more) -> dict:
        return dict({"status": status, "error": error, "message": message, "requestId": rid}, **more)

    std = [
        (400, "BadRequest", "getHvacStatus", "Bad Request", "Invalid gatewayId"),
        (400, "BadRequest", "getHealth", "Bad Request", "Invalid x-api-version"),
        (401, "Unauthorized", "getHealth", "Unauthorized", "Unauthorized"),
        (401, "Unauthorized", "listHvacs", "Unauthorized", "Unauthorized"),
        (403, "Forbidden", "getDhwCircuit", "Forbidden", "No access to this appliance"),
        (404, "NotFound", "getHeatingCircuit", "Not Found", "Circuit not found"),
        (404, "NotFound", "deleteHolidayMode", "Not Found", "Holiday mode not found"),
        (404, "NotFound", "deleteApiKey", "Not Found", "Key not found"),
        (404, "NotFound", "getContract", "Not Found", "Contract not found"),
        (409, "Conflict", "createApiKey", "Conflict", "At most 10 valid API keys"),
        (409, "Conflict", "updateContract", "Conflict", "Contract is not PENDING"),
        (409, "Conflict", "deleteContract", "Conflict", "Contract is not CLOSED"),
        (451, "ConsentOutdated", "updateHeatingCircuit", "Unavailable For Legal Reasons", "Consent outdated"),
        (451, "ConsentOutdated", "getDhwCharge", "Unavailable For Legal Reasons", "Consent outdated"),
        (504, "GatewayOffline", "getComponents", "Gateway Timeout", "Gateway offline"),
        (504, "GatewayOffline", "updateDhwCharge", "Gateway Timeout", "Gateway offline"),
        (500, "Server", "getHealth", "Internal Server Error", "Internal error"),
        (501, "Server", "getHealth", "Not Implemented", "Not implemented"),
        (502, "Server", "getHvacStatus", "Bad Gateway", "Upstream failed"),
        (503, "Server", "listContracts", "Service Unavailable", "Maintenance"),
        (507, "Server", "createHolidayMode", "Insufficient Storage", "Full"),
        (599, "Server", "getHealth", "Unknown", "Unknown server fault"),
        (301, "UnexpectedStatus", "getHealth", "Moved Permanently", "Moved"),
        (302, "UnexpectedStatus", "listHvacs", "Found", "Found"),
        (405, "UnexpectedStatus", "getHealth", "Method Not Allowed", "Method not allowed"),
        (408, "UnexpectedStatus", "getHealth", "Request Timeout", "Timeout"),
        (410, "UnexpectedStatus", "getHvacContract", "Gone", "Gone"),
        (413, "UnexpectedStatus", "setHeatingTimeProgram", "Payload Too Large", "Too large"),
        (415, "UnexpectedStatus", "updateDhwCircuit", "Unsupported Media Type", "Unsupported"),
        (418, "UnexpectedStatus", "getHealth", "I'm a teapot", "Teapot"),
        (422, "UnexpectedStatus", "updateDhwCircuit", "Unprocessable Entity", "Unprocessable"),
        (402, "UnexpectedStatus", "getHealth", "Payment Required", "Pay"),
    ]
    for status, kind, op, reason, message in std:
        extra = {"message": "Unauthorized"} if status == 401 else {}
        err(f"{op}: {status} with the documented error body", op, status, kind,
            body_of(status, reason, message), requestId="req-err", hasRawBody=False, **extra)
    # 400 with the server's violations.
    violations = [
        {"field": "ecoModeSettings.startSetPointTemperature", "rule": "DHW_MODE_ORDER", "message": "order"},
        {"field": "ecoModeSettings.stopSetPointTemperature", "rule": "DHW_START_BELOW_STOP", "message": "gap"},
    ]
    err("updateDhwCircuit: 400 with violations", "updateDhwCircuit", 400, "BadRequest",
        body_of(400, "Bad Request", "Validation failed", violations=violations),
        requestId="req-err", violationCodes=["DHW_MODE_ORDER", "DHW_START_BELOW_STOP"])
    err("updateDhwCharge: 400 with one violation", "updateDhwCharge", 400, "BadRequest",
        body_of(400, "Bad Request", "Validation failed",
                violations=[{"field": "durationMinutes", "rule": "CHARGE_DURATION_STEP", "message": "steps of 15"}]),
        violationCodes=["CHARGE_DURATION_STEP"])
    err("updateHeatCurve: 400 with an empty violation list", "updateHeatCurve", 400, "BadRequest",
        body_of(400, "Bad Request", "Validation failed", violations=[]), violationCodes=[])
    err("updateHeatingCircuit: 400 without x-user-id", "updateHeatingCircuit", 400, "BadRequest",
        body_of(400, "Bad Request", "Missing x-user-id header"), violationCodes=[])
    # 429 and retry-after.
    for label, headers, retry in [
        ("retry-after 7", {"retry-after": "7"}, 7),
        ("retry-after 0", {"retry-after": "0"}, 0),
        ("Retry-After 12 (header name case)", {"Retry-After": "12"}, 12),
        ("retry-after 2 with spaces", {"retry-after": " 2 "}, 2),
        ("no retry-after", {}, None),
        ("retry-after not a number", {"retry-after": "soon"}, None),
        ("retry-after negative", {"retry-after": "-5"}, None),
    ]:
        hdrs = dict({"content-type": "application/json", "x-request-id": "req-429", "x-api-version": "1.35"}, **headers)
        err(f"getHvacStatus: 429 with {label}", "getHvacStatus", 429, "RateLimited",
            body_of(429, "Too Many Requests", "Rate limit exceeded", "req-429"), headers=hdrs,
            requestId="req-429", retryAfter=retry)
    err("setDhwTimeProgram: 429 with retry-after 10 and an HTML body", "setDhwTimeProgram", 429, "RateLimited",
        body_text="<html><body>Too Many Requests</body></html>",
        headers={"content-type": "text/html", "retry-after": "10", "x-request-id": "req-html"},
        requestId="req-html", retryAfter=10, hasRawBody=True)
    # Where the request id comes from: the header, else the body.
    err("request id from the body when the header is absent", "getHealth", 401, "Unauthorized",
        body_of(401, "Unauthorized", "Unauthorized", "req-from-body"),
        headers={"content-type": "application/json"}, requestId="req-from-body", message="Unauthorized")
    err("request id from the header when both are present", "getHealth", 404, "NotFound",
        body_of(404, "Not Found", "Not found", "req-from-body"),
        headers={"content-type": "application/json", "x-request-id": "req-from-header"}, requestId="req-from-header")
    err("request id header name in another case", "getHealth", 403, "Forbidden",
        body_of(403, "Forbidden", "Forbidden", "req-from-body"),
        headers={"X-Request-Id": "req-from-header"}, requestId="req-from-header")
    # Error bodies of other shapes: the right kind all the same, the raw text kept.
    other = [
        (502, "Server", "getHealth", "HTML from a proxy", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", True),
        (503, "Server", "getHealth", "plain text", "Service Unavailable", True),
        (503, "Server", "listHvacs", "empty body", "", False),
        (500, "Server", "getHvacStatus", "truncated JSON", '{"status": 500, "error": "Internal Server Err', True),
        (504, "GatewayOffline", "getComponents", "empty body", "", False),
        (504, "GatewayOffline", "getDhwCircuit", "HTML", "<html><body>Gateway Timeout</body></html>", True),
        (401, "Unauthorized", "getHealth", "empty body", "", False),
        (401, "Unauthorized", "listApiKeys", "plain text", "Unauthorized", True),
        (403, "Forbidden", "getHeatCurve", "HTML", "<!DOCTYPE html><html><body>Forbidden</body></html>", True),
        (404, "NotFound", "getHvacStatus", "plain text", "Not Found", True),
        (409, "Conflict", "createApiKey", "white space only", "  \n ", False),
        (451, "ConsentOutdated", "updateDhwCircuit", "truncated JSON", '{"status": 451, "mes', True),
        (400, "BadRequest", "updateHeatCurve", "a JSON array", '[{"rule": "CURVE_STEP"}]', None),
        (404, "NotFound", "deleteApiKey", "a JSON string", '"not found"', None),
        (500, "Server", "getHealth", "JSON null", "null", None),
        (429, "RateLimited", "getHealth", "wrong types in the error body", '{"status": "429", "message": 5, "requestId": 7, "violations": "none"}', None),
        (400, "BadRequest", "updateDhwCircuit", "violations of the wrong shape", '{"status": 400, "violations": [1, "x", null]}', None),
        (418, "UnexpectedStatus", "getHealth", "plain text", "I'm a teapot", True),
        (302, "UnexpectedStatus", "getHealth", "empty body", "", False),
        (500, "Server", "getHealth", "non-ASCII text", "Fehler: Überlastung", True),
    ]
    for status, kind, op, label, text, raw in other:
        extra = {} if raw is None else {"hasRawBody": raw}
        err(f"{op}: {status} with {label}", op, status, kind, body_text=text,
            headers={"x-request-id": "req-odd"}, requestId="req-odd", **extra)

    return {
        "description": (
            "Response decoding (§1.2, §2). Hand the operation's decoder the status, headers (names "
            "in any case) and the body: `body` as JSON text, or `bodyText` byte for byte (UTF-8). "
            "expect.value is the decoded value re-encoded as JSON, compared exactly (numbers by "
            "value): unknown fields and enum values are kept; updateHeatingCircuit decodes to "
            "{circuit, overriddenBy}, simulateWebhookEvent to {body}, DELETEs to null. "
            "expectError: the error's kind and status; requestId when given; retryAfter in "
            "seconds (null: none); message when given; violationCodes: the codes of the "
            "server's violations, in order; hasRawBody: whether the raw body text is kept."
        ),
        "cases": cases.items,
    }


# ---------------------------------------------------------------------------------------------
# events.json
# ---------------------------------------------------------------------------------------------

EV_CONNECTIVITY = {"eventType": "CONNECTIVITY_STATUS", "gatewayId": GW, "connectivityStatus": "OFFLINE",
                   "timestamp": "2026-05-05T03:15:00Z"}
EV_APPLIANCE = {"eventType": "APPLIANCE_STATUS", "gatewayId": GW, "createdAt": "2026-05-05T07:42:10Z",
                "applianceStatus": "ERROR", "errorCode": "A11", "faultClass": 2, "causeCode": 1010,
                "descriptions": [{"language": "de", "text": "Außentemperaturfühler defekt"},
                                 {"language": "en", "text": "Outdoor temperature sensor faulty"}]}
EV_DATA_POINT = {"eventType": "DATA_POINT", "gatewayId": GW, "dataPoint": "hvac.emon.energyConsumptionTotal",
                 "value": 1234.56, "unit": "kWh", "timestamp": "2026-05-05T12:00:00Z"}
EV_AGGREGATE = {"eventType": "DAILY_AGGREGATE", "gatewayId": GW, "date": "2026-05-04", "properties": [
    {"key": "hvac.compressor.centralHeating.numberOfStarts", "value": 7, "unit": "count"},
    {"key": "hvac.centralHeating.waterPressure.min", "value": 1.4, "unit": "bar"},
    {"key": "hvac.centralHeating.waterPressure.max", "value": 1.8, "unit": "bar"},
    {"key": "hvac.centralHeating.waterPressure.mean", "value": 1.6, "unit": "bar"}]}
EV_CONTRACT = {"eventType": "CONTRACT_STATUS", "gatewayId": "101234568", "contractStatus": "ACTIVE",
               "previousContractStatus": "PENDING", "statusDate": "2026-05-05T12:00:00Z",
               "partnerUserId": "installer-0042"}


def events_document() -> dict:
    cases = Cases("events.json")

    def ev(name: str, body: dict, known: bool = True, fields: dict | None = None) -> None:
        expect = {"eventType": body["eventType"], "gatewayId": body["gatewayId"], "known": known}
        payload = {k: val for k, val in body.items() if k not in ("eventType", "gatewayId")}
        expect["fields"] = payload if fields is None else fields
        cases.add({"name": name, "body": body, "expect": expect})

    def bad(name: str, body=None, text: str | None = None) -> None:
        case = {"name": name}
        if text is not None:
            case["bodyText"] = text
        else:
            case["body"] = body
        case["expectError"] = {"kind": "Decode"}
        cases.add(case)

    # CONNECTIVITY_STATUS
    ev("connectivity: offline", EV_CONNECTIVITY)
    ev("connectivity: online", dict(EV_CONNECTIVITY, connectivityStatus="ONLINE", timestamp="2026-05-05T03:30:00Z"))
    ev("connectivity: unknown status kept", dict(EV_CONNECTIVITY, connectivityStatus="DEGRADED"))
    # APPLIANCE_STATUS
    ev("appliance status: error with code and two languages", EV_APPLIANCE)
    ev("appliance status: ok without error code",
       {"eventType": "APPLIANCE_STATUS", "gatewayId": GW, "createdAt": "2026-05-05T09:00:00Z",
        "applianceStatus": "OK", "faultClass": 0, "causeCode": 0,
        "descriptions": [{"language": "de", "text": "Kein Fehler"}]})
    for status in ["WARNING", "MAINTENANCE", "CRITICAL"]:
        ev(f"appliance status: {status}", dict(EV_APPLIANCE, applianceStatus=status, errorCode="H07",
                                                 faultClass=1, causeCode=2001))
    ev("appliance status: no descriptions", dict(EV_APPLIANCE, descriptions=[]),
       fields={k: val for k, val in EV_APPLIANCE.items() if k not in ("eventType", "gatewayId", "descriptions")})
    # DATA_POINT: a realistic event per kind of key (catalog keys, kWh never KWH).
    for label, key, value, unit in [
        ("energy total in kWh", "hvac.emon.energyConsumptionTotal", 1234.56, "kWh"),
        ("energy supply total (xCU-HP)", "hvac.emon.energySupplyTotal", 4321.09, "kWh"),
        ("CU-HP low resolution total", "hvac.emon.compressor.energyConsumptionTotal.centralHeating.lowRes", 987.0, "kWh"),
        ("counter restarted at 0 after a reset", "hvac.emon.energyConsumptionTotal", 0, "kWh"),
        ("compressor power", "hvac.emon.compressor.powerCurrent", 1800, "W"),
        ("outdoor temperature below zero", "hvac.system.outdoorTemperature", -7.5, "°C"),
        ("cylinder temperature of dhw1", "hvac.domesticHotWater.dhw1.cylinderTemperature", 48.0, "°C"),
        ("flow temperature of hc2", "hvac.heatingCircuit.hc2.flowTemperature", 34.5, "°C"),
        ("compressor speed of cascade heat source 2", "hvac.cascade.hs2.compressor.currentSpeed", 65, "%"),
        ("sensor t0", "hvac.system.sensor.t0", 21.3, "°C"),
    ]:
        ev(f"data point: {label}", dict(EV_DATA_POINT, dataPoint=key, value=value, unit=unit))
    for label, key, value in [
        ("compressor idle", "hvac.emon.compressor.operationStatus", "IDLE"),
        ("holiday mode 1 active", "hvac.system.holidayMode.1", "ACTIVE"),
        ("requested level of dhw1", "hvac.domesticHotWater.dhw1.requestedLevel", "ECO_PLUS"),
        ("charge status of dhw1", "hvac.domesticHotWater.dhw1.chargeStatus", "ACTIVE"),
        ("energy management status", "hvac.energyManagement.operationStatus", "SG_READY_NORMAL"),
    ]:
        ev(f"data point: {label} (text value, no unit)",
           {"eventType": "DATA_POINT", "gatewayId": GW, "dataPoint": key, "value": value,
            "timestamp": "2026-05-05T12:00:00Z"})
    ev("data point: a key not in the catalog still parses",
       dict(EV_DATA_POINT, dataPoint="hvac.future.heatMeter.flowRate", value=12.5, unit="l/min"))
    # DAILY_AGGREGATE
    ev("daily aggregate: starts and water pressure", EV_AGGREGATE)
    ev("daily aggregate: every property of the catalog", dict(EV_AGGREGATE, date="2026-05-05", properties=[
        {"key": "hvac.compressor.centralHeating.numberOfStarts", "value": 9},
        {"key": "hvac.centralHeating.waterPressure.min", "value": 1.35, "unit": "bar"},
        {"key": "hvac.centralHeating.waterPressure.max", "value": 1.9, "unit": "bar"},
        {"key": "hvac.centralHeating.waterPressure.mean", "value": 1.62, "unit": "bar"},
        {"key": "hvac.compressor.domesticHotWater.numberOfStarts", "value": 3},
        {"key": "hvac.compressor.cooling.numberOfStarts", "value": 0},
        {"key": "hvac.compressor.pool.numberOfStarts", "value": 1}]))
    ev("daily aggregate: no properties", dict(EV_AGGREGATE, properties=[]))
    # CONTRACT_STATUS
    ev("contract status: accepted", EV_CONTRACT)
    ev("contract status: closed by the end user, no previous status, no partner user",
       {"eventType": "CONTRACT_STATUS", "gatewayId": GW, "contractStatus": "CLOSED",
        "statusDate": "2026-06-01T08:00:00Z"})
    ev("contract status: revoked", dict(EV_CONTRACT, contractStatus="REVOKED", previousContractStatus="ACTIVE"))
    ev("contract status: unknown status kept", dict(EV_CONTRACT, contractStatus="SUSPENDED"))
    # Unknown fields are kept.
    ev("unknown field on a known event", dict(EV_CONNECTIVITY, signalStrength=-67, newField={"a": [1, 2]}))
    ev("unknown field in a daily aggregate property", dict(EV_AGGREGATE, properties=[
        {"key": "hvac.compressor.centralHeating.numberOfStarts", "value": 7, "quality": "GOOD"}]))
    # Unknown event types: kept, never an error.
    ev("unknown event type", {"eventType": "FIRMWARE_UPDATE", "gatewayId": GW, "firmwareVersion": "5.28.0",
                              "timestamp": "2026-05-05T12:00:00Z"}, known=False)
    ev("unknown event type with nested data", {"eventType": "ENERGY_FORECAST", "gatewayId": GW,
                                               "forecast": [{"hour": 0, "kWh": 1.25}], "meta": None}, known=False)
    ev("event type in lowercase is unknown", dict(EV_DATA_POINT, eventType="data_point"), known=False)
    ev("unknown event type with only the two common fields", {"eventType": "PING", "gatewayId": GW}, known=False)

    # Malformed bodies.
    bad("eventType missing", {k: val for k, val in EV_CONNECTIVITY.items() if k != "eventType"})
    bad("gatewayId missing", {k: val for k, val in EV_CONNECTIVITY.items() if k != "gatewayId"})
    bad("gatewayId missing on an unknown event type", {"eventType": "FIRMWARE_UPDATE", "firmwareVersion": "5.28.0"})
    bad("eventType a number", dict(EV_CONNECTIVITY, eventType=5))
    bad("eventType null", dict(EV_CONNECTIVITY, eventType=None))
    bad("gatewayId a number", dict(EV_CONNECTIVITY, gatewayId=101234567))
    bad("gatewayId null", dict(EV_CONNECTIVITY, gatewayId=None))
    bad("faultClass a string", dict(EV_APPLIANCE, faultClass="2"))
    bad("causeCode fractional", dict(EV_APPLIANCE, causeCode=10.5))
    bad("descriptions an object", dict(EV_APPLIANCE, descriptions={"de": "Fehler"}))
    bad("data point value an object", dict(EV_DATA_POINT, value={"amount": 1}))
    bad("data point key a number", dict(EV_DATA_POINT, dataPoint=42))
    bad("properties an object", dict(EV_AGGREGATE, properties={"key": "x", "value": 1}))
    bad("property without key", dict(EV_AGGREGATE, properties=[{"value": 7}]))
    bad("connectivityStatus a number", dict(EV_CONNECTIVITY, connectivityStatus=1))
    bad("contractStatus a boolean", dict(EV_CONTRACT, contractStatus=True))
    bad("truncated JSON", text='{"eventType": "DATA_POINT", "gatewayId": "1012')
    bad("a JSON array", text=json.dumps([EV_CONNECTIVITY]))
    bad("a JSON string", text='"CONNECTIVITY_STATUS"')
    bad("a JSON number", text="42")
    bad("JSON null", text="null")
    bad("empty body", text="")
    bad("white space only", text=" \r\n\t")
    bad("not JSON", text="eventType=DATA_POINT&gatewayId=101234567")
    bad("HTML", text="<html><body>hello</body></html>")
    bad("two objects", text=json.dumps(EV_CONNECTIVITY) + json.dumps(EV_CONNECTIVITY))

    # Fingerprints: the same event gives the same fingerprint whatever its JSON text.
    fingerprints = []

    def fp(name: str, a: str, b: str, same: bool) -> None:
        if name in {c["name"] for c in fingerprints}:
            raise SystemExit(f"events.json: duplicate fingerprint case {name!r}")
        fingerprints.append({"name": name, "a": a, "b": b, "same": same})

    compact = lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    reverse = lambda obj: json.dumps(dict(reversed(list(obj.items()))), ensure_ascii=False)  # noqa: E731
    for label, event in [("connectivity", EV_CONNECTIVITY), ("appliance status", EV_APPLIANCE),
                         ("data point", EV_DATA_POINT), ("daily aggregate", EV_AGGREGATE),
                         ("contract status", EV_CONTRACT)]:
        fp(f"{label}: identical text", compact(event), compact(event), True)
        fp(f"{label}: keys in another order", compact(event), reverse(event), True)
        fp(f"{label}: other white space", compact(event), json.dumps(event, ensure_ascii=False, indent=4), True)
        fp(f"{label}: another gateway", compact(event), compact(dict(event, gatewayId="101234599")), False)
    fp("data point: 21 and 21.0 are the same value",
       compact(dict(EV_DATA_POINT, value=21)), compact(dict(EV_DATA_POINT, value=21.0)), True)
    fp("data point: 1.50 and 1.5 are the same value",
       compact(dict(EV_DATA_POINT, value=1.5)).replace('"value":1.5', '"value":1.50'),
       compact(dict(EV_DATA_POINT, value=1.5)), True)
    fp("daily aggregate: 7 and 7.0 are the same value",
       compact(EV_AGGREGATE), compact(EV_AGGREGATE).replace('"value":7,', '"value":7.0,'), True)
    fp("appliance status: escaped and literal characters are the same text",
       compact(EV_APPLIANCE), json.dumps(EV_APPLIANCE, ensure_ascii=True), True)
    fp("appliance status: nested keys in another order", compact(EV_APPLIANCE),
       compact(dict(EV_APPLIANCE, descriptions=[dict(reversed(list(d.items()))) for d in EV_APPLIANCE["descriptions"]])), True)
    fp("data point: another value", compact(EV_DATA_POINT), compact(dict(EV_DATA_POINT, value=1234.57)), False)
    fp("data point: value 21 as a string", compact(dict(EV_DATA_POINT, value=21)), compact(dict(EV_DATA_POINT, value="21")), False)
    fp("data point: another timestamp", compact(EV_DATA_POINT),
       compact(dict(EV_DATA_POINT, timestamp="2026-05-05T12:00:01Z")), False)
    fp("data point: another unit", compact(EV_DATA_POINT), compact(dict(EV_DATA_POINT, unit="Wh")), False)
    fp("data point: another key", compact(EV_DATA_POINT),
       compact(dict(EV_DATA_POINT, dataPoint="hvac.emon.energySupplyTotal")), False)
    fp("connectivity: online instead of offline", compact(EV_CONNECTIVITY),
       compact(dict(EV_CONNECTIVITY, connectivityStatus="ONLINE")), False)
    fp("connectivity: an added field", compact(EV_CONNECTIVITY), compact(dict(EV_CONNECTIVITY, newField=1)), False)
    fp("connectivity: an added null field", compact(EV_CONNECTIVITY), compact(dict(EV_CONNECTIVITY, newField=None)), False)
    fp("daily aggregate: properties in another order", compact(EV_AGGREGATE),
       compact(dict(EV_AGGREGATE, properties=list(reversed(EV_AGGREGATE["properties"])))), False)
    fp("appliance status: descriptions in another order", compact(EV_APPLIANCE),
       compact(dict(EV_APPLIANCE, descriptions=list(reversed(EV_APPLIANCE["descriptions"])))), False)
    fp("appliance status: text in another case", compact(EV_APPLIANCE),
       compact(dict(EV_APPLIANCE, applianceStatus="error")), False)
    fp("contract status: another previous status", compact(EV_CONTRACT),
       compact(dict(EV_CONTRACT, previousContractStatus="REJECTED")), False)
    unknown = {"eventType": "FIRMWARE_UPDATE", "gatewayId": GW, "firmwareVersion": "5.28.0", "details": {"b": 1, "a": 2}}
    fp("unknown event: keys in another order", compact(unknown), reverse(dict(unknown, details={"a": 2, "b": 1})), True)
    fp("unknown event: another value", compact(unknown), compact(dict(unknown, firmwareVersion="5.28.1")), False)
    fp("another event type, same fields", compact(EV_CONNECTIVITY),
       compact(dict(EV_CONNECTIVITY, eventType="CONNECTIVITY_CHANGE")), False)

    # Batches: a body holding one event, or a JSON array of events.
    batches = []

    def batch(name: str, text: str, count: int | None) -> None:
        case = {"name": name, "bodyText": text}
        case.update({"expect": {"count": count}} if count is not None else {"expectError": {"kind": "Decode"}})
        batches.append(case)

    batch("one event as an object", compact(EV_DATA_POINT), 1)
    batch("one event in an array", compact([EV_DATA_POINT]), 1)
    batch("all five kinds", json.dumps([EV_CONNECTIVITY, EV_APPLIANCE, EV_DATA_POINT, EV_AGGREGATE, EV_CONTRACT],
                                       ensure_ascii=False, indent=2), 5)
    batch("duplicates are counted", compact([EV_DATA_POINT, EV_DATA_POINT]), 2)
    batch("an unknown event type among known ones",
          compact([EV_CONNECTIVITY, {"eventType": "PING", "gatewayId": GW}]), 2)
    batch("an empty array", "[]", 0)
    batch("an array with a non-object", compact([EV_CONNECTIVITY, 42]), None)
    batch("an array with an event without gatewayId",
          compact([EV_CONNECTIVITY, {"eventType": "DATA_POINT", "dataPoint": "hvac.system.sensor.t0"}]), None)
    batch("nested arrays", compact([[EV_CONNECTIVITY]]), None)
    batch("truncated array", compact([EV_CONNECTIVITY, EV_DATA_POINT])[:-5], None)
    batch("empty body", "", None)
    batch("a JSON string", '"[]"', None)
    batch("JSON null", "null", None)
    names = [c["name"] for c in batches]
    assert len(names) == len(set(names))

    return {
        "description": (
            "Webhook events (§4). Parse `body` (JSON) or `bodyText` (raw) as one event: expect "
            "gives its eventType, gatewayId, whether the SDK knows the type, and a subset of the "
            "event's JSON form (every other field, kept as sent; numbers compared by value). expectError: the body is not an "
            "event. fingerprintCases: two raw bodies, and whether their fingerprints (a hash of "
            "the canonical JSON: key order, white space, escapes and number spelling do not "
            "matter; values, array order and added fields do) are equal. batchCases: a body with "
            "one event (an object) or several (a JSON array of events), and how many events it holds."
        ),
        "cases": cases.items,
        "fingerprintCases": fingerprints,
        "batchCases": batches,
    }


# ---------------------------------------------------------------------------------------------
# data_points.json
# ---------------------------------------------------------------------------------------------

# data-points.tsv: key pattern, event, unit ("enum": no unit).
CATALOG = [
    ("hvac.emon.energyConsumptionTotal", "DATA_POINT", "kWh"),
    ("hvac.emon.energyConsumptionTotal.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.energySupplyTotal", "DATA_POINT", "kWh"),
    ("hvac.emon.energySupplyTotal.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.compressor.energyConsumptionTotal.centralHeating", "DATA_POINT", "kWh"),
    ("hvac.emon.compressor.energyConsumptionTotal.centralHeating.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.compressor.energyConsumptionTotal.domesticHotWater.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.compressor.energyConsumptionTotal.cooling.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.eheater.energyConsumptionTotal.centralHeating.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.eheater.energyConsumptionTotal.domesticHotWater.lowRes", "DATA_POINT", "kWh"),
    ("hvac.emon.compressor.powerCurrent", "DATA_POINT", "W"),
    ("hvac.emon.eheater.powerCurrent", "DATA_POINT", "W"),
    ("hvac.emon.compressor.operationStatus", "DATA_POINT", "enum"),
    ("hvac.emon.eheater.operationStatus", "DATA_POINT", "enum"),
    ("hvac.system.outdoorTemperature", "DATA_POINT", "°C"),
    ("hvac.domesticHotWater.dhw1.cylinderTemperature", "DATA_POINT", "°C"),
    ("hvac.system.holidayMode.{holidayModeId}", "DATA_POINT", "enum"),
    ("hvac.energyManagement.operationStatus", "DATA_POINT", "enum"),
    ("hvac.compressor.currentSpeed", "DATA_POINT", "%"),
    ("hvac.domesticHotWater.dhw1.chargeStatus", "DATA_POINT", "enum"),
    ("hvac.domesticHotWater.dhwX.requestedLevel", "DATA_POINT", "enum"),
    ("hvac.heatingCircuit.hcX.flowTemperature", "DATA_POINT", "°C"),
    ("hvac.heatingCircuit.hcX.roomTemperature", "DATA_POINT", "°C"),
    ("hvac.system.sensor.t0", "DATA_POINT", "°C"),
    ("hvac.system.sensor.tc0", "DATA_POINT", "°C"),
    ("hvac.system.sensor.tc1", "DATA_POINT", "°C"),
    ("hvac.cascade.hs{heatSourceId}.compressor.currentSpeed", "DATA_POINT", "%"),
    ("hvac.cascade.hs{heatSourceId}.emon.compressor.operationStatus", "DATA_POINT", "enum"),
    ("hvac.cascade.hs{heatSourceId}.emon.compressor.powerCurrent", "DATA_POINT", "W"),
    ("hvac.compressor.centralHeating.numberOfStarts", "DAILY_AGGREGATE", "count"),
    ("hvac.centralHeating.waterPressure.min", "DAILY_AGGREGATE", "bar"),
    ("hvac.centralHeating.waterPressure.max", "DAILY_AGGREGATE", "bar"),
    ("hvac.centralHeating.waterPressure.mean", "DAILY_AGGREGATE", "bar"),
    ("hvac.compressor.domesticHotWater.numberOfStarts", "DAILY_AGGREGATE", "count"),
    ("hvac.compressor.cooling.numberOfStarts", "DAILY_AGGREGATE", "count"),
    ("hvac.compressor.pool.numberOfStarts", "DAILY_AGGREGATE", "count"),
]
assert len(CATALOG) == 36 and len({k for k, _, _ in CATALOG}) == 36


def data_points_document() -> dict:
    cases = Cases("data_points.json")

    def known(key: str, pattern: str, event: str, unit: str, **captures) -> None:
        expect = {"known": True, "pattern": pattern}
        expect.update(captures)
        if unit != "enum":
            expect["unit"] = unit
        expect["event"] = event
        cases.add({"name": key, "key": key, "expect": expect})

    for pattern, event, unit in CATALOG:
        if "hcX" in pattern:
            for n in (1, 2):
                known(pattern.replace("hcX", f"hc{n}"), pattern, event, unit, circuit=n)
        elif "dhwX" in pattern:
            for n in (1, 3):
                known(pattern.replace("dhwX", f"dhw{n}"), pattern, event, unit, circuit=n)
        elif "hs{heatSourceId}" in pattern:
            for n in (1, 12):
                known(pattern.replace("hs{heatSourceId}", f"hs{n}"), pattern, event, unit, heatSource=n)
        elif "{holidayModeId}" in pattern:
            for hid in ("1", "abc-1"):
                known(pattern.replace("{holidayModeId}", hid), pattern, event, unit, holidayModeId=hid)
        else:
            known(pattern, pattern, event, unit)  # literal keys, dhw1 ones included
    known("hvac.heatingCircuit.hc12.roomTemperature", "hvac.heatingCircuit.hcX.roomTemperature",
          "DATA_POINT", "°C", circuit=12)

    for key in [
        "hvac.heatingCircuit.hcX.flowTemperature",
        "hvac.heatingCircuit.hc.flowTemperature",
        "hvac.heatingCircuit.hc-1.flowTemperature",
        "hvac.heatingCircuit.hc1a.flowTemperature",
        "hvac.heatingCircuit.dhw1.flowTemperature",
        "hvac.heatingCircuit.hc1",
        "hvac.heatingCircuit.hc1.flowTemperature.extra",
        "hvac.domesticHotWater.dhwX.requestedLevel",
        "hvac.domesticHotWater.dhw.requestedLevel",
        "hvac.domesticHotWater.dhw2.chargeStatus",
        "hvac.domesticHotWater.dhw2.cylinderTemperature",
        "hvac.domesticHotWater.hc1.requestedLevel",
        "hvac.cascade.hs{heatSourceId}.compressor.currentSpeed",
        "hvac.cascade.hs.compressor.currentSpeed",
        "hvac.cascade.hsA.compressor.currentSpeed",
        "hvac.cascade.hs1.emon.compressor.currentSpeed",
        "hvac.system.holidayMode",
        "hvac.system.holidayMode.",
        "hvac.system.holidayMode.1.status",
        "hvac.emon.energyConsumptionTotal.lowres",
        "hvac.emon.energyConsumptionTotal.",
        "HVAC.emon.energyConsumptionTotal",
        "hvac.emon.energyConsumptionTotal.KWH",
        " hvac.system.outdoorTemperature",
        "hvac.system.outdoorTemperature ",
        "hvac.emon",
        "hvac",
        "",
        ".",
        "hvac.future.heatMeter.flowRate",
        "hvac.compressor.pool.numberOfStarts.total",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p",
    ]:
        cases.add({"name": f"unknown: {key!r}", "key": key, "expect": {"known": False}})

    return {
        "description": (
            "The data point catalog (§5, data-points.tsv). Look `key` up: `known`, the catalog "
            "pattern it matches (placeholders hcX, dhwX, hs{heatSourceId}, {holidayModeId}), the "
            "values of its placeholders (circuit, heatSource, holidayModeId), its unit (absent "
            "for enum keys) and the event that carries it. Keys absent from expect are not "
            "checked. The dhw1 keys cylinderTemperature and chargeStatus are literal in the seed."
        ),
        "cases": cases.items,
    }


# ---------------------------------------------------------------------------------------------
# onboarding.json
# ---------------------------------------------------------------------------------------------

INVITE_BASE = {"BOSCH": "https://devices.bosch-homecom.com/invite",
               "BUDERUS": "https://devices.buderus-connect.de/invite",
               "IVT": "https://devices.ivt-connect.com/invite"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def onboarding_document() -> dict:
    invites = Cases("onboarding.json inviteCases")
    redirects = Cases("onboarding.json redirectCases")
    redirect_uri = "https://partner.example.com/onboarding/callback"
    b16 = bytes(range(16))
    b32 = bytes.fromhex("fbff" * 16)

    def invite(name: str, brand: str, company: str, uri: str, data: bytes, error: str | None = None) -> None:
        case = {"name": name, "brand": brand, "companyId": company, "redirectUri": uri,
                "sessionBytesHex": data.hex()}
        if error:
            case["expectError"] = {"kind": error}
        else:
            sid = b64url(data)
            case["expect"] = {"sessionId": sid,
                              "url": f"{INVITE_BASE[brand]}?companyId={pct(company)}&redirectUri={pct(uri)}&sessionId={pct(sid)}"}
        invites.add(case)

    for brand in INVITE_BASE:
        invite(f"{brand}: 16 random bytes", brand, "c-1042", redirect_uri, b16)
        invite(f"{brand}: 32 random bytes with - and _ in the session id", brand, "c-1042", redirect_uri, b32)
    invite("17 bytes (padding dropped)", "BOSCH", "c-1042", redirect_uri, bytes(range(100, 117)))
    invite("18 bytes (no padding needed)", "BOSCH", "c-1042", redirect_uri, bytes([255, 254] * 9))
    invite("64 bytes", "BUDERUS", "c-1042", redirect_uri, bytes(range(64)))
    invite("16 bytes with zeros", "IVT", "c-1042", redirect_uri, bytes(15) + b"\x01")
    invite("redirectUri with a query", "BOSCH", "c-1042", "https://partner.example.com/cb?src=invite&lang=de", b16)
    invite("redirectUri with a port and an already encoded space", "BOSCH", "c-1042",
           "https://partner.example.com:8443/on%20board/cb", b16)
    invite("companyId with spaces, & and non-ASCII", "BUDERUS", "Wärme & Co KG", redirect_uri, b16)
    invite("companyId with unreserved marks", "IVT", "c-1042.a_b~c", redirect_uri, b16)
    invite("http redirectUri on localhost", "BOSCH", "c-1042", "http://localhost:8080/cb", b16)
    invite("http redirectUri on 127.0.0.1", "BOSCH", "c-1042", "http://127.0.0.1:3000/onboarding", b16)
    invite("http redirectUri on [::1]", "BOSCH", "c-1042", "http://[::1]:3000/cb", b16)
    invite("15 bytes are too few", "BOSCH", "c-1042", redirect_uri, bytes(range(15)), "Config")
    invite("8 bytes are too few", "BUDERUS", "c-1042", redirect_uri, bytes(range(8)), "Config")
    invite("no bytes", "IVT", "c-1042", redirect_uri, b"", "Config")
    invite("http redirectUri on a public host", "BOSCH", "c-1042", "http://partner.example.com/cb", b16, "Config")
    invite("http redirectUri on a private address", "BUDERUS", "c-1042", "http://192.168.0.10/cb", b16, "Config")

    sid = b64url(b32)  # "-_-_..." style id

    def redirect(name: str, url: str, expected: str, result: tuple | None = None,
                 error: str | None = None, codes: list[str] | None = None) -> None:
        case = {"name": name, "url": url, "expectedSessionId": expected}
        if result:
            case["expect"] = {"gatewayId": result[0], "contractStatus": result[1], "sessionId": result[2]}
        else:
            case["expectError"] = {"kind": error}
            if codes:
                case["expectError"]["codes"] = codes
        redirects.add(case)

    cb = redirect_uri
    redirect("sessionId matches", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId={sid}", sid, (GW, "ACTIVE", sid))
    redirect("parameters in another order", f"{cb}?sessionId={sid}&contractStatus=PENDING&gatewayId={GW}", sid,
             (GW, "PENDING", sid))
    redirect("the redirectUri's own query parameters are ignored",
             f"{cb}?src=invite&gatewayId={GW}&lang=de&contractStatus=ACTIVE&sessionId={sid}", sid, (GW, "ACTIVE", sid))
    redirect("legacy state parameter when sessionId is absent", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&state={sid}",
             sid, (GW, "ACTIVE", sid))
    redirect("sessionId wins over state", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId={sid}&state=other",
             sid, (GW, "ACTIVE", sid))
    redirect("percent-encoded values are decoded",
             f"{cb}?gatewayId=abc%2D1&contractStatus=%41CTIVE&sessionId={sid.replace('-', '%2D')}", sid,
             ("abc-1", "ACTIVE", sid))
    redirect("an unknown contract status is kept", f"{cb}?gatewayId={GW}&contractStatus=AUTO_ACCEPTED&sessionId={sid}",
             sid, (GW, "AUTO_ACCEPTED", sid))
    redirect("a loopback redirect URI", f"http://localhost:8080/cb?gatewayId={GW}&contractStatus=ACTIVE&sessionId={sid}",
             sid, (GW, "ACTIVE", sid))
    redirect("sessionId differs", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId={b64url(b16)}", sid,
             error="Validation", codes=["ONBOARDING_SESSION_MISMATCH"])
    redirect("sessionId differs in case", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId={sid.swapcase()}", sid,
             error="Validation", codes=["ONBOARDING_SESSION_MISMATCH"])
    redirect("sessionId is a prefix of the expected one", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId={sid[:-1]}",
             sid, error="Validation", codes=["ONBOARDING_SESSION_MISMATCH"])
    redirect("legacy state differs", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&state=forged", sid,
             error="Validation", codes=["ONBOARDING_SESSION_MISMATCH"])
    redirect("sessionId differs although state matches",
             f"{cb}?gatewayId={GW}&contractStatus=ACTIVE&sessionId=forged&state={sid}", sid,
             error="Validation", codes=["ONBOARDING_SESSION_MISMATCH"])
    redirect("gatewayId missing", f"{cb}?contractStatus=ACTIVE&sessionId={sid}", sid,
             error="Validation", codes=["ONBOARDING_PARAM_MISSING"])
    redirect("contractStatus missing", f"{cb}?gatewayId={GW}&sessionId={sid}", sid,
             error="Validation", codes=["ONBOARDING_PARAM_MISSING"])
    redirect("sessionId and state missing", f"{cb}?gatewayId={GW}&contractStatus=ACTIVE", sid,
             error="Validation", codes=["ONBOARDING_PARAM_MISSING"])
    redirect("no query at all", cb, sid, error="Validation", codes=["ONBOARDING_PARAM_MISSING"])

    return {
        "description": (
            "Onboarding helpers (§6). inviteCases: build the invite link of `brand` with the "
            "session id made from the given random bytes (base64url, no padding); the query is "
            "companyId, redirectUri, sessionId in this order, each value percent-encoded (every "
            "byte but A-Z a-z 0-9 - . _ ~, uppercase hex). Fewer than 16 bytes, or an http "
            "redirectUri on a non-loopback host, is a Config error. redirectCases: parse the URL "
            "the customer comes back to and check its session id (`state` before v1.33) against "
            "the expected one."
        ),
        "inviteCases": invites.items,
        "redirectCases": redirects.items,
    }


# ---------------------------------------------------------------------------------------------
# api_keys.json
# ---------------------------------------------------------------------------------------------

def parse_rfc3339(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def key_status(key: str, now: str) -> dict:
    """§1.4: the expiry is read from xHCSAPI.<YYYYMMDDTHHMMSSZ>.<secret>, when readable."""
    redacted = "xHCSAPI.…" + key[-4:]
    expiry = None
    parts = key.split(".")
    if len(parts) >= 3:
        try:
            expiry = dt.datetime.strptime(parts[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
            if len(parts[1]) != 16:
                expiry = None
        except ValueError:
            expiry = None
    if expiry is None:
        return {"redacted": redacted, "expiresAt": None, "daysLeft": None, "expired": False}
    left = expiry - parse_rfc3339(now)
    return {"redacted": redacted, "expiresAt": expiry.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "daysLeft": math.floor(left / dt.timedelta(days=1)), "expired": left <= dt.timedelta(0)}


def api_keys_document() -> dict:
    cases = Cases("api_keys.json")
    secret = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    key = f"xHCSAPI.20270528T120000Z.{secret}"

    def status(name: str, k: str, now: str) -> None:
        cases.add({"name": name, "key": k, "now": now, "expect": key_status(k, now)})

    for label, now in [
        ("ten days before expiry", "2027-05-18T12:00:00Z"),
        ("six months before expiry", "2026-11-28T12:00:00Z"),
        ("one day before expiry", "2027-05-27T12:00:00Z"),
        ("one day and a second before expiry", "2027-05-27T11:59:59Z"),
        ("a day less a second before expiry", "2027-05-27T12:00:01Z"),
        ("a second before expiry", "2027-05-28T11:59:59Z"),
        ("exactly at expiry", "2027-05-28T12:00:00Z"),
        ("a second after expiry", "2027-05-28T12:00:01Z"),
        ("a day after expiry", "2027-05-29T12:00:00Z"),
        ("a year after expiry", "2028-05-28T12:00:00Z"),
        ("now with an offset (ten days before)", "2027-05-18T14:00:00+02:00"),
        ("now with fractional seconds", "2027-05-28T11:59:59.500Z"),
    ]:
        status(f"key expiring 2027-05-28T12:00:00Z, {label}", key, now)
    status("expiry on a leap day", f"xHCSAPI.20280229T000000Z.{secret}", "2028-02-01T00:00:00Z")
    status("expiry at the end of a year", f"xHCSAPI.20261231T235959Z.{secret}", "2026-12-01T00:00:00Z")
    status("key created now, six months to go", f"xHCSAPI.20271128T120000Z.{secret}", "2027-05-28T12:00:00Z")
    for label, k in [
        ("prefix without separators", "xHCSAPIopaqueKeyWithoutExpiry1234"),
        ("expiry in another format", f"xHCSAPI.2027-05-28T12:00:00Z.{secret}"),
        ("expiry on a day that does not exist", f"xHCSAPI.20270230T120000Z.{secret}"),
        ("expiry at hour 24", f"xHCSAPI.20270528T240000Z.{secret}"),
        ("expiry without Z", f"xHCSAPI.20270528T120000.{secret}"),
        ("short key", "xHCSAPI.ab123"),
    ]:
        status(f"no readable expiry: {label}", k, "2027-05-18T12:00:00Z")
    for label, k in [("no prefix", secret), ("prefix in another case", f"XHCSAPI.20270528T120000Z.{secret}"),
                     ("prefix not at the start", f"key.xHCSAPI.20270528T120000Z.{secret}"),
                     ("lowercase prefix", f"xhcsapi.20270528T120000Z.{secret}"), ("empty", "")]:
        cases.add({"name": f"not an API key: {label}", "key": k, "now": "2027-05-18T12:00:00Z",
                   "expectError": {"kind": "Config"}})

    return {
        "description": (
            "API keys (§1.4). Parse `key`, then report at `now`: the redacted form "
            "(`xHCSAPI.…` and the last 4 characters), the expiry read from "
            "xHCSAPI.<YYYYMMDDTHHMMSSZ>.<secret> as RFC 3339 UTC (null when unreadable), whole days "
            "left = floor((expiry − now) / 86400 s) (null when unknown), expired = expiry ≤ now "
            "(false when unknown). A key without the xHCSAPI prefix is a Config error."
        ),
        "cases": cases.items,
    }


# ---------------------------------------------------------------------------------------------

def main() -> int:
    documents = {
        "requests.json": requests_document(),
        "validation.json": validation_document(),
        "responses.json": responses_document(),
        "events.json": events_document(),
        "data_points.json": data_points_document(),
        "onboarding.json": onboarding_document(),
        "api_keys.json": api_keys_document(),
    }
    for filename, document in documents.items():
        write(filename, document)
        counts = {k: len(val) for k, val in document.items() if isinstance(val, list)}
        print(f"{filename}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
