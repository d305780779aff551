"""An import killed with SIGKILL at a random moment never leaves half an import behind.

A subprocess imports a ~50k-set export into a store that already holds one
import; we kill it at a random point of the import. Afterwards the store
opens, its totals equal either "before" or "after" that import (never in
between), and importing the file again succeeds and gives "after".
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.gen import write_strong_a
from rehab.db import connect
from rehab.ingest import import_file
from rehab.store import summary

ROOT = Path(__file__).resolve().parent.parent
REPETITIONS = int(os.environ.get("REHAB_CRASH_REPS", "20"))

WORKER = r"""
import sys, time
from rehab.db import connect
from rehab.ingest import import_file
con = connect(sys.argv[1])
print("ready", flush=True)
t = time.perf_counter()
import_file(con, sys.argv[2], unit="kg")
con.close()
print("done", time.perf_counter() - t, flush=True)
"""


def start_worker(db: Path, export: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(export)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def state(db: Path) -> tuple:
    con = connect(db)
    try:
        s = summary(con)
        n_imports = con.execute("SELECT count(*) FROM imports").fetchone()[0]
        n_rejects = con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    finally:
        con.close()
    return s, n_imports, n_rejects


@pytest.mark.slow
def test_sigkill_during_import_is_all_or_nothing(tmp_path):
    export = write_strong_a(tmp_path / "big.csv", 50_000, seed=11)
    base = tmp_path / "base.duckdb"
    con = connect(base)
    import_file(con, write_strong_a(tmp_path / "small.csv", 500, seed=12, start=dt.date(1995, 1, 1)), unit="kg")
    con.close()
    before = state(base)

    full = tmp_path / "full.duckdb"
    shutil.copy(base, full)
    proc = start_worker(full, export)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    duration = float(out.split()[-1])
    after = state(full)
    assert after[0]["sets"] > before[0]["sets"] and after[1] == before[1] + 1

    rng = random.Random(2024)
    outcomes = {"before": 0, "after": 0}
    for i in range(REPETITIONS):
        db = tmp_path / f"crash{i}.duckdb"
        shutil.copy(base, db)
        proc = start_worker(db, export)
        time.sleep(rng.uniform(0, duration * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        got = state(db)  # opens (WAL replayed) without error
        assert got in (before, after), (i, got)
        outcomes["before" if got == before else "after"] += 1
        con = connect(db)
        try:
            import_file(con, export, unit="kg")
        finally:
            con.close()
        s, n_imports, n_rejects = state(db)
        assert s == after[0] and n_rejects == after[2]
        assert n_imports == after[1] + (got == after)  # a re-import over "after" records a 0-set import
        for f in tmp_path.glob(f"crash{i}.duckdb*"):
            f.unlink()
    assert outcomes["before"] > 0  # the kills really landed inside imports
