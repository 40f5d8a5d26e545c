"""A typed usage sample: `mypy --strict tests/typed_usage.py` must pass (run by ci.sh).
Not a test module (no test_ prefix); it is only type-checked."""

from __future__ import annotations

import asyncio

import homecom_partner as hp
from homecom_partner import models


def blocking(client: hp.Client) -> float | None:
    circuit: models.DhwCircuit = client.get_dhw_circuit(gateway_id="101234567", circuit_id=1)
    mode: str = circuit.operation_mode
    patch = models.DhwCircuitPatch(
        operation_mode=models.DhwOperationMode.ECO,
        eco_mode_settings=models.DhwCircuitPatchEcoModeSettings(stop_set_point_temperature=52.0),
    )
    updated = client.update_dhw_circuit(gateway_id="101234567", circuit_id=1, body=patch, current=circuit)
    client.update_dhw_circuit(gateway_id="101234567", circuit_id=1, body={"operationMode": mode})
    hvacs: list[models.HvacRef] = client.list_hvacs()
    for hvac in hvacs:
        print(hvac.gateway_id, hvac.extra)
    result: models.HeatingCircuitUpdated = client.update_heating_circuit(
        gateway_id="101234567", circuit_id=2, body=models.HeatingCircuitPatch(operation_mode="MANUAL")
    )
    print(result.overridden_by, result.circuit.circuit_id)
    response: hp.Response[object] = client.call("getHealth")
    print(response.request_id, response.status)
    client.delete_holiday_mode(gateway_id="101234567", holiday_mode_id="1")
    try:
        client.get_dhw_charge(gateway_id="101234573", circuit_id=1)
    except hp.GatewayOfflineError as err:
        print(err.status, err.request_id)
    except hp.RateLimitedError as err:
        retry: float | None = err.retry_after
        print(retry)
    except hp.ValidationError as err:
        for violation in err.violations:
            print(violation.code, violation.fields, violation.limit, violation.message)
        print(err.unchecked_rules)
    settings = updated.eco_mode_settings
    return settings.stop_set_point_temperature if settings is not None else None


async def concurrent(client: hp.AsyncClient) -> list[models.HvacStatus]:
    hvacs = await client.list_hvacs()
    return list(await asyncio.gather(*[client.get_hvac_status(gateway_id=h.gateway_id) for h in hvacs]))


def webhooks(headers: dict[str, str], body: bytes) -> int:
    receiver = hp.WebhookReceiver(secret_header=("x-webhook-secret", "change-me"))
    result: hp.WebhookResult = receiver.handle(headers, body)
    if result.event is not None and not result.duplicate:
        event = result.event.model()
        if isinstance(event, models.DataPointEvent):
            print(event.data_point, event.value)
    return result.status


def tools() -> None:
    report: hp.ValidationReport = hp.check("updateDhwCircuit", {"gatewayId": "1", "circuitId": 1, "body": {}})
    codes: list[str] = report.codes
    match: hp.DataPointMatch = hp.lookup("hvac.heatingCircuit.hc1.flowTemperature")
    session: str = hp.new_session_id()
    link: str = hp.invite_link("BOSCH", "company", "https://example.com/back", session)
    print(codes, match.circuit, link, hp.parse_redirect(link, session).gateway_id)


def main() -> None:
    client = hp.Client.from_env(pacer_time_scale=0.01, retry_policy=hp.RetryPolicy(max_attempts=2))
    with client:
        print(blocking(client))
    print(asyncio.run(concurrent(hp.AsyncClient.from_env())))
