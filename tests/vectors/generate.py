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


def sorted_codes(*codes: str) -> list[str]:
    return sorted(set(codes))


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
