"""Real-browser fixtures: a Streamlit server on a free port with its own seeded database, and Chromium.

The server runs ``streamlit run app.py`` as a child process (stopped by its own pid at the
end); Chromium is the system one at /usr/bin/chromium (``playwright install`` cannot download
browsers here). Without it the tests skip with a reason, except under CI=true where they fail.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"CI=true but {CHROMIUM} is missing: install it (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not found: install Chromium to run the browser tests")
    return str(CHROMIUM)


class Server(str):
    """The dashboard's base URL; ``.log`` is the file its stdout/stderr go to."""

    log: Path


@contextlib.contextmanager
def serve(tmp: Path):
    """Run the dashboard on a free port over a fresh database seeded with the demo lifter."""
    from bench.load import serve_store

    db = tmp / "e2e.duckdb"
    env = {**os.environ, "REHAB_DB": str(db)}
    env.pop("REHAB_READ_ONLY", None)
    subprocess.run([sys.executable, "-m", "rehab", "demo", "--db", str(db)], check=True, env=env, cwd=ROOT,
                   capture_output=True, timeout=120)
    with serve_store(db, tmp) as served:
        running = Server(served.url)
        running.log = served.log
        yield running


@pytest.fixture(scope="session")
def server(tmp_path_factory, chromium_path):
    """URL of a dashboard serving a fresh database seeded with the demo lifter."""
    with serve(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def fresh_server(tmp_path, chromium_path):
    """A dashboard started for this test alone (for first-visit behaviour)."""
    with serve(tmp_path) as running:
        yield running
