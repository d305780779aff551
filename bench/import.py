"""Import benchmark: ``import_file`` against DuckDB's own ``read_csv`` of the same file.

Goal from the issue: an import takes at most 3x DuckDB's full ``read_csv`` scan
of the file, peaks below 1 GB, and streams a 300 MB export within that memory.

Sizes (environment): ``REHAB_BENCH_SETS`` (default 1,000,000 sets, ~75 MB) and
``REHAB_BENCH_BIG_MB`` (default 300; 0 skips the big streaming run). The import
runs in a fresh subprocess so its peak RSS (``ru_maxrss``, DuckDB included) is
its own.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.gen import write_strong_a

ROOT = Path(__file__).resolve().parent.parent
BYTES_PER_SET = 76  # of the generated export, measured

_WORKER = r"""
import json, resource, sys, time
from rehab.storage.db import connect
from rehab.imports.pipeline import import_file
path, db = sys.argv[1], sys.argv[2]
con = connect(db)
t = time.perf_counter()
rep = import_file(con, path, unit="kg")
first = time.perf_counter() - t
t = time.perf_counter()
again = import_file(con, path, unit="kg")
second = time.perf_counter() - t
con.close()
print(json.dumps({"seconds": first, "reimport_seconds": second, "added": rep.sets_added,
                  "read": rep.sets_read, "rejected": rep.rejected, "dup_again": again.duplicates,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def read_csv_floor(path: Path, repeat: int = 3) -> float:
    """Median time of DuckDB scanning every cell of the file as text."""
    times = []
    for _ in range(repeat):
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        t = time.perf_counter()
        con.execute(f"SELECT count(*), max(length(COLUMNS(*))) FROM read_csv('{path}', all_varchar=true)").fetchall()
        times.append(time.perf_counter() - t)
        con.close()
    return statistics.median(times)


def import_in_subprocess(path: Path, db: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _WORKER, str(path), str(db)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"import worker failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(n_sets: int, label: str, tmp: Path) -> list[dict]:
    path = write_strong_a(tmp / f"strong_{n_sets}.csv", n_sets, seed=42)
    mb = path.stat().st_size / 2**20
    floor = read_csv_floor(path)
    got = import_in_subprocess(path, tmp / f"bench_{n_sets}.duckdb")
    assert got["added"] == got["read"] - got["rejected"] == got["dup_again"], got
    name = f"{label}: {got['added']:,} sets, {mb:.0f} MB"
    return [
        {"benchmark": "import", "measure": f"{name}: import (s)", "value": got["seconds"], "baseline": floor,
         "peak_mb": round(got["peak_mb"])},
        {"benchmark": "import", "measure": f"{name}: sets/s", "value": got["added"] / got["seconds"]},
        {"benchmark": "import", "measure": f"{name}: re-import, all duplicates (s)",
         "value": got["reimport_seconds"], "baseline": floor},
    ]


def run() -> list[dict]:
    n_sets = int(os.environ.get("REHAB_BENCH_SETS", "1000000"))
    big_mb = int(os.environ.get("REHAB_BENCH_BIG_MB", "300"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="rehab-bench-") as tmp:
        rows += measure(n_sets, "Strong A", Path(tmp))
        if big_mb:
            for f in Path(tmp).iterdir():
                f.unlink()
            rows += measure(big_mb * 2**20 // BYTES_PER_SET, "streaming", Path(tmp))
    return rows
