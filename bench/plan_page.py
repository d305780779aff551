"""The Plan page in a real browser on a real-size log, against a one-line Streamlit page.

A store of ``REHAB_PLAN_PAGE_SETS`` sets (default 23,000 over five years, about a
hundred exercises: a realistic Strong export from :func:`bench.gen.write_strong_a`,
imported through the real importer) behind ``streamlit run app.py``, and a
second server running a one-line page (``st.write``) as the baseline. Both are
opened in Chromium: *cold* is the first open on a fresh server (the plan and its
weekly history are computed), *warm* the median of five reloads afterwards
(each a new session: the history is computed once per data version and shared).
Time = navigation until the script has finished and the page's title is drawn.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.gen import write_strong_a
from bench.load import CHROMIUM, CHROMIUM_ARGS, DONE, free_port, serve_store

TRIVIAL = "import streamlit as st\n\nst.title('Hello')\nst.write('A one-line page.')\n"


@contextlib.contextmanager
def serve_trivial(workdir: Path):
    app = workdir / "trivial.py"
    app.write_text(TRIVIAL)
    port = free_port()
    log = open(workdir / "trivial.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


async def _open_times(url: str, path: str, warm: int = 5) -> tuple[float, float]:
    """(cold ms, median warm ms) of opening ``url/path`` in fresh pages of one Chromium."""
    from playwright.async_api import async_playwright

    times = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(1 + warm):
                ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
                page = await ctx.new_page()
                t0 = time.perf_counter()
                await page.goto(f"{url}/{path}", wait_until="domcontentloaded", timeout=120_000)
                await page.wait_for_selector(f"{DONE} h1", timeout=120_000)
                times.append((time.perf_counter() - t0) * 1000)
                errors = page.locator("[data-testid=stException]")
                if await errors.count():
                    raise RuntimeError(f"{path}: {(await errors.first.inner_text())[:300]}")
                await ctx.close()
        finally:
            await browser.close()
    return times[0], statistics.median(times[1:])


def run() -> list[dict]:
    n = int(os.environ.get("REHAB_PLAN_PAGE_SETS", "23000"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "plan.duckdb"
        from rehab.imports.pipeline import import_file
        from rehab.storage.db import connect

        con = connect(db)
        import_file(con, write_strong_a(work / "log.csv", n, start=dt.date(2020, 1, 1)), unit="kg")
        con.close()
        with serve_trivial(work) as trivial:
            base_cold, base_warm = asyncio.run(_open_times(trivial, ""))
        with serve_store(db, work) as served:
            cold, warm = asyncio.run(_open_times(served.url, "plan"))
    return [
        {"benchmark": "plan_page", "measure": f"Plan page, cold server, {n:,} sets, Chromium (ms; baseline: a "
                                              "one-line page, cold)",
         "value": round(cold), "baseline": round(base_cold), "peak_mb": None},
        {"benchmark": "plan_page", "measure": f"Plan page, warm, {n:,} sets, Chromium (ms; baseline: a one-line "
                                              "page, warm)",
         "value": round(warm), "baseline": round(base_warm), "peak_mb": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
