"""The asyncio client: concurrency, a free event loop while requests run, cancellation; and
the blocking client releasing the GIL."""

from __future__ import annotations

import asyncio
import threading
import time

import homecom_partner as hp
import pytest
from conftest import Sim

GW = "101234567"


def test_async_operations_and_gather(sim: Sim) -> None:
    async def main() -> None:
        async with sim.async_client() as client:
            health, circuit, hvacs = await asyncio.gather(
                client.get_health(),
                client.get_dhw_circuit(gateway_id=GW, circuit_id=1),
                client.list_hvacs(),
            )
            assert health.status == "UP" and circuit.circuit_id == 1 and hvacs
            statuses = await asyncio.gather(*[client.get_hvac_status(gateway_id=h.gateway_id) for h in hvacs[:6]])
            assert all(isinstance(s.connectivity_status, str) for s in statuses)
            response = await client.call("getHealth")
            assert response.status == 200 and response.request_id

    asyncio.run(main())


def test_async_errors_are_typed(sim: Sim) -> None:
    async def main() -> None:
        client = sim.async_client()
        with pytest.raises(hp.GatewayOfflineError):
            await client.get_dhw_circuit(gateway_id="101234573", circuit_id=1)
        with pytest.raises(hp.ValidationError):
            await client.update_dhw_charge(gateway_id=GW, circuit_id=1, body={"enabled": True, "durationMinutes": 0})
        results = await asyncio.gather(
            client.get_hvac_status(gateway_id="101234571"), client.get_health(), return_exceptions=True
        )
        assert isinstance(results[0], hp.ForbiddenError) and not isinstance(results[1], BaseException)

    asyncio.run(main())


def test_event_loop_is_not_blocked(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"latencyMs": 400})

    async def main() -> int:
        client = sim.async_client(pacer_delay_allowance=0.0)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.02)
                ticks += 1

        task = asyncio.create_task(ticker())
        started = time.monotonic()
        await asyncio.gather(*[client.get_health() for _ in range(4)])
        elapsed = time.monotonic() - started
        task.cancel()
        assert elapsed < 1.5, f"4 concurrent 400 ms requests took {elapsed:.2f}s"
        return ticks

    assert asyncio.run(main()) >= 10


def test_cancellation_stops_the_request(sim: Sim) -> None:
    # Every attempt takes 300 ms and fails with a 503 the client would retry (3 attempts).
    sim.control("PUT", "/faults", {"latencyMs": 300, "errorRatio": 1.0, "errorStatus": 503})

    async def main() -> None:
        client = sim.async_client(retry_policy=hp.RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.01))
        task = asyncio.create_task(client.get_health())
        await asyncio.sleep(0.1)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.2
        await asyncio.sleep(1.0)  # long enough for two more attempts, had the request gone on

    asyncio.run(main())
    health = [r for r in sim.control("GET", "/requests")["requests"] if r["path"] == "/health"]
    assert len(health) <= 1, health


def test_wait_for_timeout_cancels(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"latencyMs": 2000})

    async def main() -> None:
        client = sim.async_client()
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.get_health(), timeout=0.2)
        assert time.monotonic() - started < 0.5

    asyncio.run(main())


def test_blocking_client_releases_the_gil(sim: Sim) -> None:
    sim.control("PUT", "/faults", {"latencyMs": 300})
    client = sim.client(pacer_delay_allowance=0.0)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            client.get_health()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert time.monotonic() - started < 1.0
