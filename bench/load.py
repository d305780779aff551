"""Browser load: ten users working the dashboard at once on a big store.

A real ``streamlit run app.py`` server (loopback, free port) over a store of
``REHAB_LOAD_SETS`` sets (default 1,000,000, written with SQL by
:func:`bench.pages.make_store`), and ``REHAB_LOAD_CONTEXTS`` Chromium contexts
(default 10) that open the pages in turn for ``REHAB_LOAD_SECONDS`` (default 60).
Each open is a fresh page load, so a new Streamlit session: the server opens a
cursor, runs the page, and the browser draws it.

Measured per open: the time from navigation until the page's script has finished
and its title is drawn (``render``); reported as p50 / p95 / max, with the number
of opens, pages that showed an exception (``[data-testid=stException]``) or did
not finish within ``REHAB_LOAD_PAGE_TIMEOUT`` s (default 120), and the server's
peak RSS (psutil, the process and its children, sampled every 0.2 s).

``tests/e2e/test_load.py`` runs the same code on a smaller store for a shorter
time; this module is the full-size run behind ``make bench``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
#: Page -> URL path (st.navigation derives it from the file name; Overview is the default page).
PAGES = {"overview": "", "trends": "trends", "spectrum": "spectrum", "exercise": "exercise", "plan": "plan",
         "pain": "pain", "import": "import_data"}
DONE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str
    proc: subprocess.Popen
    log: Path


@contextlib.contextmanager
def serve_store(db: Path, workdir: Path, env_extra: dict[str, str] | None = None,
                args: list[str] | None = None) -> Iterator[Served]:
    """``streamlit run app.py`` over ``db`` on a free loopback port; stopped (by its pid) on exit."""
    env = {**os.environ, "REHAB_DB": str(db), "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    env.pop("REHAB_READ_ONLY", None)
    port = free_port()
    log_path = workdir / f"streamlit-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        # serve.py = ``streamlit run app.py`` with the libraries imported before the first visit.
        [sys.executable, "serve.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *(args or [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log_path.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy within 90 s")
            time.sleep(0.3)
        yield Served(url, proc, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


class RssSampler:
    """Peak RSS (MB) of a process and its children, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.2):
        import psutil

        self._proc = psutil.Process(pid)
        self._every = every
        self.peak_mb = 0.0
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current_mb(self) -> float:
        import psutil

        total = 0
        try:
            procs = [self._proc, *self._proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                total += p.memory_info().rss
        return total / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            mb = self.current_mb()
            self.samples.append(mb)
            self.peak_mb = max(self.peak_mb, mb)
            self._stop.wait(self._every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@dataclass
class LoadResult:
    renders_ms: list[float] = field(default_factory=list)
    per_page_ms: dict[str, list[float]] = field(default_factory=dict)
    per_context: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # page: what went wrong
    seconds: float = 0.0
    warmup_ms: dict[str, float] = field(default_factory=dict)  # one user alone, cold caches

    def pct(self, q: float) -> float:
        if not self.renders_ms:
            return float("nan")
        if len(self.renders_ms) == 1:
            return self.renders_ms[0]
        return statistics.quantiles(self.renders_ms, n=100, method="inclusive")[int(q) - 1]

    def summary(self) -> dict:
        return {"opens": len(self.renders_ms), "errors": len(self.errors), "p50_ms": round(self.pct(50)),
                "warmup_ms": {k: round(v) for k, v in self.warmup_ms.items()},
                "p95_ms": round(self.pct(95)), "max_ms": round(max(self.renders_ms, default=float("nan"))),
                "per_context": self.per_context, "seconds": round(self.seconds, 1)}


async def _user(browser, url: str, idx: int, deadline: float, page_timeout_s: float, out: LoadResult,
                warmup: bool = False) -> None:
    names = list(PAGES)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await ctx.new_page()
    done = 0
    try:
        i = idx  # each user starts on a different page
        while time.monotonic() < deadline if not warmup else i < len(names):
            name = names[i % len(names)]
            i += 1
            t0 = time.perf_counter()
            try:
                await page.goto(f"{url}/{PAGES[name]}", wait_until="domcontentloaded",
                                timeout=page_timeout_s * 1000)
                await page.wait_for_selector(f"{DONE} h1", timeout=page_timeout_s * 1000)
                ms = (time.perf_counter() - t0) * 1000
                # A page may rerun once (URL-bound widgets): wait until it is idle again before judging it.
                await page.wait_for_timeout(300)
                await page.wait_for_selector(DONE, timeout=page_timeout_s * 1000)
            except Exception as exc:  # a timeout or a crashed page: counted, the run goes on
                out.errors.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                continue
            failures = page.locator("[data-testid=stException]")
            if await failures.count():
                out.errors.append(f"{name}: stException: {(await failures.first.inner_text())[:300]}")
                continue
            if warmup:
                out.warmup_ms[name] = ms
                continue
            out.renders_ms.append(ms)
            out.per_page_ms.setdefault(name, []).append(ms)
            done += 1
    finally:
        if not warmup:
            out.per_context.append(done)
        await ctx.close()


async def _load(url: str, contexts: int, seconds: float, page_timeout_s: float, warmup: bool) -> LoadResult:
    from playwright.async_api import async_playwright

    out = LoadResult()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warmup:  # one user opens every page once: the server's caches are filled, as in steady use
                await _user(browser, url, 0, 0, page_timeout_s, out, warmup=True)
            t0 = time.monotonic()
            deadline = t0 + seconds
            await asyncio.gather(*(_user(browser, url, i, deadline, page_timeout_s, out) for i in range(contexts)))
            out.seconds = time.monotonic() - t0
        finally:
            await browser.close()
    return out


def run_load(url: str, contexts: int = 10, seconds: float = 60, page_timeout_s: float = 120,
             warmup: bool = True) -> LoadResult:
    """``contexts`` browser users open the pages in turn until ``seconds`` have passed (then finish the open).

    With ``warmup`` one user first opens every page alone (timed separately as ``warmup_ms``:
    the cold render); the load then measures many users on a running server.
    """
    return asyncio.run(_load(url, contexts, seconds, page_timeout_s, warmup))


def run() -> list[dict]:
    from bench.pages import make_store

    n = int(os.environ.get("REHAB_LOAD_SETS", "1000000"))
    contexts = int(os.environ.get("REHAB_LOAD_CONTEXTS", "10"))
    seconds = float(os.environ.get("REHAB_LOAD_SECONDS", "60"))
    page_timeout = float(os.environ.get("REHAB_LOAD_PAGE_TIMEOUT", "120"))
    if not Path(CHROMIUM).exists():
        return [{"benchmark": "load", "measure": f"skipped: {CHROMIUM} not found", "value": float("nan"),
                 "baseline": None}]
    with tempfile.TemporaryDirectory(prefix="rehab-bench-load-") as tmp:
        work = Path(tmp)
        db = work / "load.duckdb"
        make_store(db, n)
        with serve_store(db, work) as served, RssSampler(served.proc.pid) as rss:
            idle_mb = rss.current_mb()
            res = run_load(served.url, contexts, seconds, page_timeout)
            log = served.log.read_text(errors="replace")
        s = res.summary()
        label = f"{contexts} browsers x {seconds:g} s, {n:,} sets"
        rows = [
            {"benchmark": "load", "measure": f"page render p50, {label} (ms)", "value": s["p50_ms"], "baseline": None},
            {"benchmark": "load", "measure": f"page render p95, {label} (ms)", "value": s["p95_ms"], "baseline": None,
             "peak_mb": round(rss.peak_mb)},
            {"benchmark": "load", "measure": f"page opens completed, {label}", "value": s["opens"], "baseline": None},
            {"benchmark": "load", "measure": f"pages with an error or timeout, {label}", "value": s["errors"],
             "baseline": None},
            {"benchmark": "load", "measure": f"server RSS idle -> peak under load, {label} (MB)",
             "value": round(rss.peak_mb), "baseline": round(idle_mb)},
            {"benchmark": "load", "measure": "tracebacks in the server log", "value": log.count("Traceback"),
             "baseline": None},
        ]
        for name, ms in sorted(res.warmup_ms.items()):
            rows.append({"benchmark": "load", "measure": f"{name}: cold render, one user alone, {n:,} sets (ms)",
                         "value": round(ms), "baseline": None})
        for name, ms in sorted(res.per_page_ms.items()):
            rows.append({"benchmark": "load", "measure": f"{name}: median render under load, {n:,} sets (ms)",
                         "value": round(statistics.median(ms)), "baseline": None})
        return rows


if __name__ == "__main__":
    for r in run():
        print(r)
