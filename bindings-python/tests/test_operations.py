"""Every one of the 37 operations once, through the blocking client, against the simulator."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any, Callable, Dict

import homecom_partner as hp
import pytest
from homecom_partner import models
from homecom_partner._operations import OPERATIONS

GW = "101234567"


def _today_plus(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def test_every_operation_once(client: hp.Client) -> None:
    state: Dict[str, Any] = {}

    def new_key(c: hp.Client) -> None:
        created = c.create_api_key()
        assert isinstance(created, models.ApiKeyCreated)
        assert created.api_key.startswith("xHCSAPI")
        assert created.api_key not in repr(created)
        state["key_id"] = created.key_id

    def holiday(c: hp.Client) -> None:
        existing = c.list_holiday_modes(gateway_id=GW)
        created = c.create_holiday_mode(
            gateway_id=GW,
            body=models.HolidayModeCreate(
                start_date=_today_plus(60),
                end_date=_today_plus(65),
                heating_circuits=[1],
                dhw_circuits=[1],
                heating_mode=models.HolidayHeatingMode.ECO,
                dhw_mode=models.HolidayDhwMode.OFF,
            ),
            existing=existing,
            today=_today_plus(0),
        )
        assert isinstance(created, models.HolidayMode)
        state["holiday"] = created.holiday_mode_id

    def deprecated_contract(c: hp.Client) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert c.get_hvac_contract(gateway_id=GW).status == "ACTIVE"
        assert any(issubclass(w.category, DeprecationWarning) for w in caught)

    def update_dhw(c: hp.Client) -> None:
        current = c.get_dhw_circuit(gateway_id=GW, circuit_id=1)
        patch = models.DhwCircuitPatch(
            eco_mode_settings=models.DhwCircuitPatchEcoModeSettings(stop_set_point_temperature=52.0)
        )
        updated = c.update_dhw_circuit(gateway_id=GW, circuit_id=1, body=patch, current=current)
        assert updated.eco_mode_settings is not None
        assert updated.eco_mode_settings.stop_set_point_temperature == 52.0

    def time_program(kind: str) -> Callable[[hp.Client], None]:
        def run(c: hp.Client) -> None:
            get = getattr(c, f"get_{kind}_time_program")
            put = getattr(c, f"set_{kind}_time_program")
            program = get(gateway_id=GW, circuit_id=1, time_program_id=1)
            assert isinstance(program, models.TimeProgram) and program.days
            again = put(gateway_id=GW, circuit_id=1, time_program_id=1, body=program)
            assert again.to_dict() == program.to_dict()

        return run

    def date_time(c: hp.Client) -> None:
        now = c.get_date_time(gateway_id=GW)
        assert isinstance(now, models.SystemDateTime)
        assert c.set_date_time(gateway_id=GW, body=now).to_dict().keys() == now.to_dict().keys()

    calls: Dict[str, Callable[[hp.Client], Any]] = {
        "get_health": lambda c: c.get_health().status == "UP",
        "list_hvacs": lambda c: any(h.gateway_id == GW for h in c.list_hvacs()),
        "get_hvac_status": lambda c: c.get_hvac_status(gateway_id=GW).connectivity_status == "ONLINE",
        "get_components": lambda c: all(isinstance(x, models.Component) for x in c.get_components(gateway_id=GW)),
        "start_system_detection": lambda c: isinstance(c.start_system_detection(gateway_id=GW), models.SystemDetection),
        "simulate_webhook_event": lambda c: (
            c.simulate_webhook_event(body={"eventType": "DATA_POINT", "gatewayId": GW}) is None
        ),
        "list_contracts": lambda c: len(c.list_contracts()) >= 5,
        "get_contract": lambda c: c.get_contract(gateway_id=GW).status == "ACTIVE",
        "get_hvac_contract": deprecated_contract,
        "update_contract": lambda c: (
            c.update_contract(
                gateway_id="101234574", body=models.ContractUpdate(action=models.ContractAction.ACCEPT)
            ).status
            == "ACTIVE"
        ),
        "delete_contract": lambda c: c.delete_contract(gateway_id="101234576") is None,
        "create_api_key": new_key,
        "list_api_keys": lambda c: any(k.key_id == state["key_id"] for k in c.list_api_keys()),
        "get_current_api_key": lambda c: isinstance(c.get_current_api_key().company_id, str),
        "delete_api_key": lambda c: c.delete_api_key(key_id=state["key_id"]) is None,
        "list_heating_circuits": lambda c: [r.circuit_id for r in c.list_heating_circuits(gateway_id=GW)] == [1, 2],
        "get_heating_circuit": lambda c: c.get_heating_circuit(gateway_id=GW, circuit_id=1).circuit_id == 1,
        "update_heating_circuit": lambda c: (
            c.update_heating_circuit(
                gateway_id=GW, circuit_id=2, body={"manualModeSettings": {"setPointTemperature": 21.5}}
            ).overridden_by
            == []
        ),
        "get_heat_curve": lambda c: isinstance(c.get_heat_curve(gateway_id=GW, circuit_id=1), models.HeatCurve),
        "update_heat_curve": lambda c: (
            c.update_heat_curve(
                gateway_id=GW,
                circuit_id=1,
                body={"maxFlowTemperature": 40.0},
                current=c.get_heat_curve(gateway_id=GW, circuit_id=1),
                distribution_type="FLOOR",
            ).max_flow_temperature
            == 40.0
        ),
        "get_heating_distribution_type": lambda c: (
            c.get_heating_distribution_type(gateway_id=GW, circuit_id=1).heating_distribution_type == "FLOOR"
        ),
        "get_heating_time_program": time_program("heating"),
        "set_heating_time_program": lambda c: True,  # with get_heating_time_program
        "list_dhw_circuits": lambda c: [r.circuit_id for r in c.list_dhw_circuits(gateway_id=GW)] == [1],
        "get_dhw_circuit": lambda c: c.get_dhw_circuit(gateway_id=GW, circuit_id=1).circuit_id == 1,
        "update_dhw_circuit": update_dhw,
        "get_dhw_charge": lambda c: isinstance(c.get_dhw_charge(gateway_id=GW, circuit_id=1), models.DhwCharge),
        "update_dhw_charge": lambda c: isinstance(
            c.update_dhw_charge(
                gateway_id=GW, circuit_id=1, body=models.DhwChargeUpdate(enabled=True, duration_minutes=30)
            ),
            models.DhwCharge,
        ),
        "get_dhw_time_program": time_program("dhw"),
        "set_dhw_time_program": lambda c: True,  # with get_dhw_time_program
        "get_silent_mode": lambda c: isinstance(c.get_silent_mode(gateway_id=GW).enabled, bool),
        "update_silent_mode": lambda c: (
            c.update_silent_mode(
                gateway_id=GW, body=models.SilentModePatch(enabled=False), current=c.get_silent_mode(gateway_id=GW)
            ).enabled
            is False
        ),
        "get_date_time": date_time,
        "set_date_time": lambda c: True,  # with get_date_time
        "list_holiday_modes": lambda c: isinstance(c.list_holiday_modes(gateway_id=GW), list),
        "create_holiday_mode": holiday,
        "delete_holiday_mode": lambda c: c.delete_holiday_mode(gateway_id=GW, holiday_mode_id=state["holiday"]) is None,
    }
    assert set(calls) == {name for _, name, _, _ in OPERATIONS}
    seen = set()
    for name, call in calls.items():
        result = call(client)
        assert result is not False, name
        seen.add(name)
    requests = {r.get("operation") for r in client_requests(client)}
    missing = {op for op, _, _, _ in OPERATIONS} - requests
    assert not missing, f"never sent: {sorted(missing)}"


def client_requests(client: hp.Client) -> list[dict[str, Any]]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{client.base_url}/_sim/requests", timeout=10) as response:
        data = json.loads(response.read())
    return list(data["requests"] if isinstance(data, dict) else data)


def test_response_with_request_id(client: hp.Client) -> None:
    response = client.call("getDhwCircuit", {"gatewayId": GW, "circuitId": 1})
    assert response.status == 200
    assert response.request_id
    assert response.api_version == "1.35"
    assert response.value["circuitId"] == 1


def test_a_new_key_from_call_is_redacted_in_repr(client: hp.Client) -> None:
    response = client.call("createApiKey")
    key = response.value["apiKey"]
    assert key.startswith("xHCSAPI.")
    assert key not in repr(response)
    assert hp.redact_key(key) in repr(response)
    headers = [("x-proxy-token", "s3cr3t-token")]
    request = hp.build_request("getHealth", {}, base_url="https://api.example.test", api_key=key, headers=headers)
    assert key not in repr(request) and "s3cr3t-token" not in repr(request), repr(request)


def test_models_keep_unknown_fields_and_round_trip() -> None:
    data = {
        "circuitId": 1,
        "operationMode": "ECO",
        "futureField": {"x": [1, 2]},
        "ecoModeSettings": {"startSetPointTemperature": 45},
    }
    circuit = models.DhwCircuit.from_dict(data)
    assert circuit.extra == {"futureField": {"x": [1, 2]}}
    assert circuit.eco_mode_settings is not None
    assert circuit.eco_mode_settings.start_set_point_temperature == 45.0
    assert isinstance(circuit.eco_mode_settings.start_set_point_temperature, float)
    assert circuit.to_dict() == {**data, "ecoModeSettings": {"startSetPointTemperature": 45.0}}


def test_missing_required_field_is_a_decode_error() -> None:
    with pytest.raises(hp.DecodeError):
        models.DhwCircuit.from_dict({"circuitId": 1})
