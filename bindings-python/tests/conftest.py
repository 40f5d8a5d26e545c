"""Fixtures: the simulator binary (started once per session on a free loopback port) and
clients configured for it."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import homecom_partner as hp
import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def sim_binary() -> Path:
    """``$HOMECOM_SIM_BIN``, else the release build, else the debug build."""
    explicit = os.environ.get("HOMECOM_SIM_BIN")
    candidates = [Path(explicit)] if explicit else []
    candidates += [ROOT / "target" / "release" / "homecom-sim", ROOT / "target" / "debug" / "homecom-sim"]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    pytest.fail(f"homecom-sim not found (tried {', '.join(map(str, candidates))}); run cargo build -p homecom-sim")


@dataclass
class Sim:
    """A running simulator: what it printed, plus its control API (``/_sim``)."""

    base_url: str
    api_key: str
    user_id: str
    company_id: str

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base_url}/_sim{path}", data=data, method=method)
        request.add_header("content-type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read()
        except urllib.error.HTTPError as exc:  # pragma: no cover - a broken test setup
            raise AssertionError(f"/_sim{path}: {exc.code} {exc.read()!r}") from None
        return json.loads(text) if text.strip() else None

    def client(self, **options: Any) -> hp.Client:
        options.setdefault("user_id", self.user_id)
        options.setdefault("pacer_time_scale", 0.01)
        return hp.Client(self.base_url, options.pop("api_key", self.api_key), **options)

    def async_client(self, **options: Any) -> hp.AsyncClient:
        options.setdefault("user_id", self.user_id)
        options.setdefault("pacer_time_scale", 0.01)
        return hp.AsyncClient(self.base_url, options.pop("api_key", self.api_key), **options)


@pytest.fixture(scope="session")
def sim_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sim]:
    log = (tmp_path_factory.mktemp("sim") / "stderr.log").open("wb")
    process = subprocess.Popen(
        [str(sim_binary()), "--port", "0", "--seed", "1", "--time-scale", "0.01"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    lines: queue.Queue[Optional[str]] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    values: dict[str, str] = {}
    try:
        while values.get("HOMECOM_READY") != "1":
            line = lines.get(timeout=30)
            if line is None:
                pytest.fail(f"homecom-sim exited before it was ready (code {process.wait()})")
            name, _, value = line.partition("=")
            values[name] = value
        yield Sim(
            values["HOMECOM_BASE_URL"],
            values["HOMECOM_API_KEY"],
            values["HOMECOM_USER_ID"],
            values["HOMECOM_COMPANY_ID"],
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
        log.close()


@pytest.fixture
def sim(sim_session: Sim) -> Iterator[Sim]:
    """The simulator, reset to its fixture before each test; no webhook endpoint after it."""
    sim_session.control("POST", "/reset")
    yield sim_session
    sim_session.control("DELETE", "/faults")
    sim_session.control("DELETE", "/webhooks")


@pytest.fixture
def client(sim: Sim) -> hp.Client:
    return sim.client()


def load_vectors(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))
