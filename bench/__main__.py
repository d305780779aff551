"""``python -m bench [module ...]``: run the benchmarks, write ``bench/RESULTS.md``.

See the package docstring for the ``run() -> list[dict]`` contract.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORE = HERE / "results.json"  # the rows behind RESULTS.md, per module
COLUMNS = ("benchmark", "measure", "value", "baseline", "ratio", "peak MB")
#: RESULTS.md is the one place for benchmark figures: every run rewrites its table; the notes from this marker on
#: (how to run, what each benchmark measures, figures measured by hand, earlier runs) are kept as written.
NOTES = "<!-- notes: written by hand from here on; python -m bench rewrites only what is above -->"


def machine() -> dict[str, str]:
    """CPU model, cores, RAM and the versions that decide the numbers."""
    import duckdb
    import pandas as pd

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:  # pragma: no cover - psutil is a dev requirement
        ram = "?"
    load = f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return {"CPU": cpu, "cores": str(os.cpu_count()), "RAM": ram, "OS": platform.platform(), "at the end": load,
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pd.__version__}


def modules(names: list[str]) -> list[str]:
    if names:
        return names
    return sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def table(rows: list[dict]) -> str:
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        ratio = r.get("ratio")
        if ratio is None and r.get("baseline"):
            ratio = r["value"] / r["baseline"]
        cells = [r.get("benchmark"), r.get("measure"), r.get("value"), r.get("baseline"),
                 None if ratio is None else round(float(ratio), 2), r.get("peak_mb")]
        out.append("| " + " | ".join(fmt(c) for c in cells) + " |")
    return "\n".join(out)


def load_previous() -> dict[str, list[dict]]:
    """Rows of the last run per module: a partial run keeps the others' numbers."""
    try:
        return json.loads(STORE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def kept_notes(previous: str) -> str:
    """The hand-written part of the previous RESULTS.md (from the :data:`NOTES` line on), kept as it was."""
    at = previous.find(NOTES)
    return previous[at:] if at >= 0 else NOTES + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    by_module = load_previous()
    rows: list[dict] = []
    failed = []
    started = time.time()
    for name in modules(argv):
        mod = importlib.import_module(f"bench.{name}")
        run = getattr(mod, "run", None)
        if run is None:
            continue
        print(f"bench: {name} …", flush=True)
        try:
            got = run()
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        for r in got:
            print(f"  {r['measure']}: {fmt(r['value'])}", flush=True)
        by_module[name] = got
    STORE.write_text(json.dumps(by_module, indent=1, default=str), encoding="utf-8")
    for name in sorted(by_module):
        rows.extend(by_module[name])
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    env = {k: v for k, v in os.environ.items() if k.startswith("REHAB_BENCH_")}
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{' '.join(['python -m bench', *argv])}` on {stamp} in "
        f"{time.time() - started:.0f} s" + (f" with {', '.join(f'{k}={v}' for k, v in sorted(env.items()))}"
                                          if env else "") + " (rows of modules not run are from earlier runs).",
        "",
        table(rows),
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in machine().items()) + ".",
        "",
    ]
    if failed:
        lines.append(f"Failed: {', '.join(failed)} (see the run's output).\n")
    results = HERE / "RESULTS.md"
    previous = results.read_text(encoding="utf-8") if results.exists() else ""
    lines.append(kept_notes(previous))
    results.write_text("\n".join(lines), encoding="utf-8")
    print(f"bench: wrote {results}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
