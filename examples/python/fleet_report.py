"""A fleet report: every appliance's connectivity and hot water state, read concurrently.

The asyncio client paces itself to the documented rate limits (no 429s) and retries what is
safe to retry; a progress bar shows how far the sweep is. Appliances that are offline or whose
owner's consent is outdated are reported as such, not as failures of the report.

    python examples/python/fleet_report.py              # against the simulator, 60 extra gateways
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

import homecom_partner as hp

from simulator import start_simulator

CONCURRENCY = 16


def progress(done: int, total: int, width: int = 40) -> None:
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


async def appliance(client: hp.AsyncClient, gateway_id: str) -> tuple[str, str, str]:
    status = await client.get_hvac_status(gateway_id=gateway_id)
    if status.connectivity_status != "ONLINE":
        return gateway_id, status.connectivity_status, "-"
    try:
        circuits = await client.list_dhw_circuits(gateway_id=gateway_id)
        if not circuits:
            return gateway_id, "ONLINE", "no DHW circuit"
        dhw = await client.get_dhw_circuit(
            gateway_id=gateway_id, circuit_id=circuits[0].circuit_id
        )
        eco = dhw.eco_mode_settings
        setpoints = (
            f", eco {eco.start_set_point_temperature}–{eco.stop_set_point_temperature} °C"
            if eco
            else ""
        )
        return gateway_id, "ONLINE", f"DHW {dhw.operation_mode}{setpoints}"
    except hp.ConsentOutdatedError:
        return gateway_id, "ONLINE", "consent outdated (451): ask the owner to renew it"
    except hp.GatewayOfflineError:
        return gateway_id, "OFFLINE", "went offline during the sweep"


async def report(client: hp.AsyncClient) -> None:
    hvacs = await client.list_hvacs()
    print(f"{len(hvacs)} appliances")
    done = 0
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(gateway_id: str) -> tuple[str, str, str]:
        nonlocal done
        async with gate:
            row = await appliance(client, gateway_id)
        done += 1
        progress(done, len(hvacs))
        return row

    started = time.perf_counter()
    rows: list[tuple[str, str, str]] = await asyncio.gather(
        *(one(h.gateway_id) for h in hvacs)
    )
    elapsed = time.perf_counter() - started
    sys.stderr.write("\n")
    for gateway_id, connectivity, dhw in sorted(rows):
        print(f"  {gateway_id:<12} {connectivity:<8} {dhw}")
    online = sum(1 for _, c, _ in rows if c == "ONLINE")
    print(f"{online} of {len(rows)} online; swept in {elapsed * 1000:.0f} ms")


def main() -> None:
    process: object | None = None
    if os.environ.get("HOMECOM_BASE_URL") and os.environ.get("HOMECOM_API_KEY"):
        client = hp.AsyncClient.from_env()
    else:
        process, values = start_simulator("--fleet", "60")
        client = hp.AsyncClient(
            values["HOMECOM_BASE_URL"],
            values["HOMECOM_API_KEY"],
            user_id=values["HOMECOM_USER_ID"],
            pacer_time_scale=0.01,
        )
    try:
        asyncio.run(report(client))
    finally:
        if process is not None:
            process.terminate()  # type: ignore[attr-defined]
    print("Done.")


if __name__ == "__main__":
    main()
