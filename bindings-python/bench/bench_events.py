"""Webhook event parsing: homecom_partner.parse_event vs. pydantic v2 models of the same shapes.

Parses 10,000 mixed webhook events (the five kinds of the Partner API) both ways and reports
events/s and the ratio. pydantic is a bench-only dependency:

    pip install pydantic   # into the venv that has the homecom-partner wheel
    python bindings-python/bench/bench_events.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import List, Literal, Optional, Union

import homecom_partner as hp
from pydantic import BaseModel, ConfigDict, Field

EVENTS: List[bytes] = [
    b'{"eventType":"CONNECTIVITY_STATUS","gatewayId":"101234567","connectivityStatus":"OFFLINE",'
    b'"timestamp":"2026-11-28T20:15:00Z"}',
    b'{"eventType":"APPLIANCE_STATUS","gatewayId":"101234567","createdAt":"2026-11-28T20:15:00Z",'
    b'"applianceStatus":"ERROR","errorCode":"A11","faultClass":8,"causeCode":3084,"descriptions":'
    b'[{"language":"de","text":"Drucksensor defekt"},{"language":"en","text":"Pressure sensor faulty"}]}',
    b'{"eventType":"DATA_POINT","gatewayId":"101234567","dataPoint":"hvac.emon.energyConsumptionTotal",'
    b'"value":1234.56,"unit":"kWh","timestamp":"2026-11-28T20:15:00Z"}',
    b'{"eventType":"DAILY_AGGREGATE","gatewayId":"101234567","date":"2026-11-27","properties":['
    b'{"key":"hvac.compressor.centralHeating.numberOfStarts","value":14,"unit":"count"},'
    b'{"key":"hvac.centralHeating.waterPressure.min","value":1.4,"unit":"bar"}]}',
    b'{"eventType":"CONTRACT_STATUS","gatewayId":"101234567","contractStatus":"ACTIVE",'
    b'"previousContractStatus":"PENDING","statusDate":"2026-11-28T20:15:00Z","partnerUserId":"installer-42"}',
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ConnectivityStatusEvent(_Model):
    event_type: Literal["CONNECTIVITY_STATUS"] = Field(alias="eventType")
    gateway_id: str = Field(alias="gatewayId")
    connectivity_status: str = Field(alias="connectivityStatus")
    timestamp: Optional[str] = None


class StatusDescription(_Model):
    language: str
    text: str


class ApplianceStatusEvent(_Model):
    event_type: Literal["APPLIANCE_STATUS"] = Field(alias="eventType")
    gateway_id: str = Field(alias="gatewayId")
    created_at: Optional[str] = Field(default=None, alias="createdAt")
    appliance_status: str = Field(alias="applianceStatus")
    error_code: Optional[str] = Field(default=None, alias="errorCode")
    fault_class: Optional[int] = Field(default=None, alias="faultClass")
    cause_code: Optional[int] = Field(default=None, alias="causeCode")
    descriptions: List[StatusDescription] = []


class DataPointEvent(_Model):
    event_type: Literal["DATA_POINT"] = Field(alias="eventType")
    gateway_id: str = Field(alias="gatewayId")
    data_point: str = Field(alias="dataPoint")
    value: Union[float, str]
    unit: Optional[str] = None
    timestamp: Optional[str] = None


class DailyAggregateProperty(_Model):
    key: str
    value: Union[float, str]
    unit: Optional[str] = None


class DailyAggregateEvent(_Model):
    event_type: Literal["DAILY_AGGREGATE"] = Field(alias="eventType")
    gateway_id: str = Field(alias="gatewayId")
    date: str
    properties: List[DailyAggregateProperty]


class ContractStatusEvent(_Model):
    event_type: Literal["CONTRACT_STATUS"] = Field(alias="eventType")
    gateway_id: str = Field(alias="gatewayId")
    contract_status: str = Field(alias="contractStatus")
    previous_contract_status: Optional[str] = Field(default=None, alias="previousContractStatus")
    status_date: Optional[str] = Field(default=None, alias="statusDate")
    partner_user_id: Optional[str] = Field(default=None, alias="partnerUserId")


class Event(BaseModel):
    root: Union[
        ConnectivityStatusEvent, ApplianceStatusEvent, DataPointEvent, DailyAggregateEvent, ContractStatusEvent
    ] = Field(discriminator="event_type")


def _pydantic(body: bytes) -> object:
    return Event.model_validate_json(b'{"root":' + body + b"}").root


def _measure(parse: object, bodies: List[bytes], rounds: int = 5) -> float:
    """Best-of-`rounds` events/s."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for body in bodies:
            parse(body)  # type: ignore[operator]
        rates.append(len(bodies) / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)  # type: ignore[return-value]


def main() -> int:
    bodies = [EVENTS[i % len(EVENTS)] for i in range(10_000)]
    # Both parse every body and agree on the kind and gateway.
    for body in EVENTS:
        ours, theirs = hp.parse_event(body), _pydantic(body)
        assert ours.event_type == theirs.event_type and ours.gateway_id == theirs.gateway_id  # type: ignore[attr-defined]
    ours_best, ours_median = _measure(hp.parse_event, bodies)
    # The event is parsed and checked in Rust; its Python dict is made on first access.
    data_best, data_median = _measure(lambda body: hp.parse_event(body).data, bodies)
    theirs_best, theirs_median = _measure(_pydantic, bodies)
    # Arrays of 1,000 (a body is at most 1 MiB).
    batches = [b"[" + b",".join(bodies[i : i + 1000]) + b"]" for i in range(0, len(bodies), 1000)]
    start = time.perf_counter()
    for batch in batches:
        hp.parse_events(batch)
    batch_rate = len(bodies) / (time.perf_counter() - start)
    result = {
        "events": len(bodies),
        "homecom_partner.parse_event": {"best": round(ours_best), "median": round(ours_median)},
        "homecom_partner.parse_event + .data (dict built)": {"best": round(data_best), "median": round(data_median)},
        "homecom_partner.parse_events (arrays of 1,000)": {"events_per_s": round(batch_rate)},
        "pydantic_v2.model_validate_json": {"best": round(theirs_best), "median": round(theirs_median)},
        "ratio_best (ours / pydantic)": round(ours_best / theirs_best, 2),
        "ratio_best with .data (ours / pydantic)": round(data_best / theirs_best, 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
