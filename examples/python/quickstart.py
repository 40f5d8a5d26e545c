"""The homecom-partner quickstart in Python: a tour of the Partner API through the package
``homecom_partner`` (pip install the wheel built by bindings-python/ci.sh or ``maturin develop``).

By default it starts the simulator binary (``$HOMECOM_SIM_BIN``, else target/debug/homecom-sim:
``cargo build -p homecom-sim``) with a webhook endpoint of its own; with ``HOMECOM_BASE_URL``,
``HOMECOM_API_KEY`` (and ``HOMECOM_USER_ID``) set it talks to that API instead and skips what
needs the simulator.

    python examples/python/quickstart.py
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import homecom_partner as hp
from homecom_partner import models

from simulator import sim_control, start_simulator

DEMO, PENDING, OLD_CONSENT, OFFLINE = "101234567", "101234574", "101234572", "101234573"
SECRET = ("x-webhook-secret", "quickstart-webhook-secret")


def serve_webhooks(events: queue.Queue[hp.WebhookEvent]) -> str:
    """A webhook endpoint on loopback: verify, parse and de-duplicate every call."""
    receiver = hp.WebhookReceiver(secret_header=SECRET)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            result = receiver.handle(list(self.headers.items()), body)
            if result.event is not None and not result.duplicate:
                events.put(result.event)
            self.send_response(result.status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hook"


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, format="  log %(levelname)s %(name)s: %(message)s"
    )
    print(f"homecom-partner quickstart (Python, homecom_partner {hp.__version__})\n")
    events: queue.Queue[hp.WebhookEvent] = queue.Queue()
    webhook_url = serve_webhooks(events)

    simulator: subprocess.Popen[str] | None = None
    if os.environ.get("HOMECOM_BASE_URL") and os.environ.get("HOMECOM_API_KEY"):
        client = hp.Client.from_env()
        api_key = os.environ["HOMECOM_API_KEY"]
        print(f"Partner API: {client.base_url} (from HOMECOM_BASE_URL)")
    else:
        simulator, values = start_simulator()
        base_url, api_key = values["HOMECOM_BASE_URL"], values["HOMECOM_API_KEY"]
        sim_control(
            base_url,
            "PUT",
            "/webhooks",
            [
                {
                    "url": webhook_url,
                    "secretHeader": dict(zip(("name", "value"), SECRET)),
                }
            ],
        )
        client = hp.Client(
            base_url, api_key, user_id=values["HOMECOM_USER_ID"], pacer_time_scale=0.01
        )
        print(f"Partner API: {base_url} (simulator, webhooks to {webhook_url})")
    print(f"Client: {client!r}\n")

    try:
        print("1. Platform")
        print(f"   health: {client.get_health().status}")
        hvacs = client.list_hvacs()
        print(
            f"   {len(hvacs)} appliances: {', '.join(h.gateway_id for h in hvacs[:4])}, ..."
        )
        identity = client.get_current_api_key()
        print(f"   company {identity.company_id}, key expires {identity.expires_at}")

        print(
            "2. Domestic hot water, validated against the current state before any IO"
        )
        current = client.get_dhw_circuit(gateway_id=DEMO, circuit_id=1)
        print(
            f"   mode {current.operation_mode}, eco settings {current.eco_mode_settings}"
        )
        patch = models.DhwCircuitPatch(
            eco_mode_settings=models.DhwCircuitPatchEcoModeSettings(
                stop_set_point_temperature=52.0
            )
        )
        updated = client.update_dhw_circuit(
            gateway_id=DEMO, circuit_id=1, body=patch, current=current
        )
        assert updated.eco_mode_settings is not None
        print(
            f"   eco stop setpoint now {updated.eco_mode_settings.stop_set_point_temperature} °C"
        )
        try:
            client.update_dhw_circuit(
                gateway_id=DEMO,
                circuit_id=1,
                body={"ecoModeSettings": {"startSetPointTemperature": 80.0}},
                current=current,
            )
        except hp.ValidationError as err:
            for violation in err.violations:
                print(
                    f"   refused: {violation.code} ({violation.limit}): {violation.message}"
                )

        print("3. Errors are typed")
        for label, call in (
            (
                "old consent",
                lambda: client.get_dhw_circuit(gateway_id=OLD_CONSENT, circuit_id=1),
            ),
            (
                "offline",
                lambda: client.get_dhw_circuit(gateway_id=OFFLINE, circuit_id=1),
            ),
        ):
            try:
                call()
            except hp.ApiError as err:
                print(
                    f"   {label}: {type(err).__name__} {err.status}, request id {err.request_id}"
                )

        print("4. Contracts")
        accepted = client.update_contract(
            gateway_id=PENDING, body=models.ContractUpdate(action="ACCEPT")
        )
        print(f"   {PENDING}: {accepted.status}")

        print("5. asyncio: every appliance's status at once")

        async def statuses() -> list[models.HvacStatus]:
            options = {"user_id": client.user_id, "pacer_time_scale": 0.01}
            async with hp.AsyncClient(client.base_url, api_key, **options) as aclient:
                return list(
                    await asyncio.gather(
                        *[
                            aclient.get_hvac_status(gateway_id=h.gateway_id)
                            for h in hvacs[:6]
                        ]
                    )
                )

        for status in asyncio.run(statuses()):
            print(f"   {status.gateway_id}: {status.connectivity_status}")

        if simulator is not None:
            print("6. Webhooks")
            client.simulate_webhook_event(
                body={"eventType": "DATA_POINT", "gatewayId": DEMO}
            )
            seen = 0
            while seen < 2:
                event = events.get(timeout=10)
                seen += 1
                print(
                    f"   {event.event_type} from {event.gateway_id}: {event.model()!r}"[
                        :140
                    ]
                )
    finally:
        if simulator is not None:
            simulator.terminate()
            simulator.wait(timeout=10)
    print("\nDone.")


if __name__ == "__main__":
    sys.exit(main())
