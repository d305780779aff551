"""Ten browsers working the dashboard at once on a big store: no page fails, render times reported.

First one user opens every page alone (the cold render, reported as ``warmup_ms``), then ten
users open pages in turn, each open a new session. The full-size run (1,000,000 sets, 60 s)
is ``bench/load.py`` under ``make bench``; here the same code runs on ``REHAB_LOAD_TEST_SETS``
sets (default 100,000) for ``REHAB_LOAD_TEST_SECONDS`` (default 30) so ``make test`` stays
within its time on two cores. p50/p95 render times and the server's peak memory are printed
and written to ``test-artifacts/load.json``.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
from pathlib import Path

import pytest

from bench.load import PAGES, RssSampler, run_load, serve_store
from bench.pages import make_store

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
#: Streamlit Community Cloud gives an app about 2.7 GB; the server must stay well inside it.
SERVER_BUDGET_MB = 2048


def test_ten_browsers_on_a_big_store(tmp_path, chromium_path):
    n = int(os.environ.get("REHAB_LOAD_TEST_SETS", "100000"))
    seconds = float(os.environ.get("REHAB_LOAD_TEST_SECONDS", "30"))
    db = tmp_path / "load.duckdb"
    make_store(db, n)
    with serve_store(db, tmp_path) as served, RssSampler(served.proc.pid) as rss:
        # run_load drives async Playwright with its own event loop: give it a thread of its own, so
        # it cannot clash with the sync Playwright the other browser tests keep open in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            res = pool.submit(run_load, served.url, contexts=10, seconds=seconds, page_timeout_s=120).result()
        log = served.log.read_text(errors="replace")
    summary = {"sets": n, "contexts": 10, **res.summary(), "server_peak_mb": round(rss.peak_mb),
               "per_page_median_ms": {k: round(sorted(v)[len(v) // 2]) for k, v in res.per_page_ms.items()}}
    print("\nload:", json.dumps(summary))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(summary, indent=2))

    tb = log.find("Traceback")
    assert res.errors == [], (res.errors[:5], log[max(tb, 0):][:3000])
    assert len(res.per_context) == 10 and min(res.per_context) >= 1, res.per_context
    assert set(res.per_page_ms) == set(PAGES)  # every page was opened under load
    assert rss.peak_mb < SERVER_BUDGET_MB, rss.peak_mb
    assert "Traceback" not in log, log[-3000:]
