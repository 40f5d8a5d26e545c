"""A webhook endpoint for the Partner API with nothing but the standard library.

It checks the shared-secret header of every call, parses the event, drops duplicates (the API
may send an event twice) and answers at once: the API does not retry, so a receiver must be
quick and idempotent.

    python examples/python/webhook_receiver.py            # against the simulator: prints the
                                                          # events of a short demo, then exits
    python examples/python/webhook_receiver.py --serve --port 8765 --secret "$SECRET"
                                                          # a plain endpoint, until Ctrl-C
"""

from __future__ import annotations

import argparse
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import homecom_partner as hp

from simulator import sim_control, start_simulator

HEADER = "x-webhook-secret"


def make_server(
    port: int, secret: str, events: queue.Queue[hp.WebhookEvent]
) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 whose POSTs go through ``hp.WebhookReceiver``."""
    receiver = hp.WebhookReceiver(secret_header=(HEADER, secret))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            result = receiver.handle(list(self.headers.items()), body)
            if result.event is not None and not result.duplicate:
                events.put(result.event)
            elif result.error is not None:
                print(f"  refused ({result.status}): {result.error}")
            self.send_response(
                result.status
            )  # 200 for duplicates too: they were handled
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def describe(event: hp.WebhookEvent) -> str:
    model = event.model()
    if isinstance(model, hp.models.DataPointEvent):
        return f"{model.data_point} = {model.value} {model.unit or ''}".rstrip()
    if isinstance(model, hp.models.ContractStatusEvent):
        before = (
            f"{model.previous_contract_status} → "
            if model.previous_contract_status
            else ""
        )
        return f"contract {before}{model.contract_status}"
    if isinstance(model, hp.models.ConnectivityStatusEvent):
        return f"connectivity {model.connectivity_status}"
    if isinstance(model, hp.models.ApplianceStatusEvent):
        return f"appliance status {model.appliance_status}"
    if isinstance(model, hp.models.DailyAggregateEvent):
        return f"{len(model.properties)} daily aggregates for {model.date}"
    return f"unknown event type {event.event_type}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve until Ctrl-C instead of running the demo",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)"
    )
    parser.add_argument(
        "--secret",
        default="webhook-example-secret",
        help=f"the expected {HEADER} value",
    )
    args = parser.parse_args()

    events: queue.Queue[hp.WebhookEvent] = queue.Queue()
    server = make_server(args.port, args.secret, events)
    url = f"http://127.0.0.1:{server.server_address[1]}/webhooks"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"webhook endpoint: {url} (header {HEADER})")

    if args.serve:
        try:
            while True:
                event = events.get()
                print(f"  {event.event_type:<20} {event.gateway_id}: {describe(event)}")
        except KeyboardInterrupt:
            return

    # The demo: the simulator sends one sample event of each type, and every one twice.
    process, values = start_simulator()
    try:
        base_url = values["HOMECOM_BASE_URL"]
        sim_control(
            base_url,
            "PUT",
            "/webhooks",
            [{"url": url, "secretHeader": {"name": HEADER, "value": args.secret}}],
        )
        sim_control(base_url, "PUT", "/webhooks/faults", {"duplicateRatio": 1.0})
        client = hp.Client(
            base_url, values["HOMECOM_API_KEY"], user_id=values["HOMECOM_USER_ID"]
        )
        kinds = [
            "CONNECTIVITY_STATUS",
            "APPLIANCE_STATUS",
            "DATA_POINT",
            "DAILY_AGGREGATE",
            "CONTRACT_STATUS",
        ]
        for kind in kinds:
            client.simulate_webhook_event(
                body={"eventType": kind, "gatewayId": "101234567"}
            )
        for _ in kinds:
            event = events.get(timeout=10)
            print(f"  {event.event_type:<20} {event.gateway_id}: {describe(event)}")
        print(f"{len(kinds)} events received, each sent twice and handled once.")
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.shutdown()
    print("Done.")


if __name__ == "__main__":
    main()
