"""Starts the local Partner API simulator for the examples, and talks to its control API.

The binary is ``$HOMECOM_SIM_BIN``, else ``target/debug/homecom-sim`` of this checkout
(``cargo build -p homecom-sim``).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_simulator(*extra_args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Starts ``homecom-sim --port 0`` and returns the process and its ``HOMECOM_*`` values."""
    binary = os.environ.get("HOMECOM_SIM_BIN") or str(
        ROOT / "target" / "debug" / "homecom-sim"
    )
    args: list[str] = [
        binary,
        "--port",
        "0",
        "--seed",
        "42",
        "--time-scale",
        "0.01",
        *extra_args,
    ]
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    values: dict[str, str] = {}
    assert process.stdout is not None
    while values.get("HOMECOM_READY") != "1":
        line = process.stdout.readline()
        if not line:
            raise SystemExit(
                f"{binary} exited before it was ready (build it with `cargo build -p homecom-sim`)"
            )
        name, _, value = line.strip().partition("=")
        values[name] = value
    return process, values


def sim_control(base_url: str, method: str, path: str, body: object) -> None:
    """Calls the simulator's control API (``/_sim/...``)."""
    request = urllib.request.Request(
        f"{base_url}/_sim{path}", data=json.dumps(body).encode(), method=method
    )
    request.add_header("content-type", "application/json")
    urllib.request.urlopen(request, timeout=10).close()
