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
from rehab.imports.pipeline import import_file
from rehab.storage.db import connect
from rehab.storage.queries import summary

ROOT = Path(__file__).resolve().parent.parent
REPETITIONS = int(os.environ.get("REHAB_CRASH_REPS", "20"))

WORKER = r"""
import sys, time
from rehab.storage.db import connect
from rehab.imports.pipeline import import_file
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


# ------------------------------------------------- a kill at each write of the commit (issue 10, item 9)

#: More sets than two DuckDB row groups (122,880 rows each) plus a remainder: the insert is written
#: optimistically to the database file and the commit logs it in the WAL — a transaction DuckDB 1.5 (1.5.6 too)
#: can replay in part after a kill (duckdb/duckdb PR #25931). 160,000 sets showed no such kill point; 300,000 do.
COMMIT_SETS = 300_000
#: How many of the commit's last WAL writes a kill is aimed at (each kill is one ~300k-set import).
LAST_WRITES = 6


def _strace_usable() -> bool:
    if not shutil.which("strace"):
        return False
    try:
        return subprocess.run(["strace", "-qq", "-o", "/dev/null", "true"], timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _wal_writes(db: Path, export: Path, tmp: Path, kill_at: int | None) -> tuple[int, str]:
    """Import ``export`` into ``db`` under strace, tracing writes to the WAL only; with ``kill_at``, SIGKILL the
    process at that write (it never happens). Returns (returncode, trace)."""
    trace = tmp / "trace.txt"
    cmd = ["strace", "-f", "-qq", "-o", str(trace), "-P", f"{db}.wal", "-e", "trace=write,pwrite64,writev"]
    if kill_at is not None:
        cmd += ["-e", f"inject=write,pwrite64,writev:signal=SIGKILL:when={kill_at}"]
    script = "import sys; from rehab.imports.pipeline import import_file; from rehab.storage.db import connect; " \
             "import_file(connect(sys.argv[1]), sys.argv[2], unit='kg')"
    proc = subprocess.run([*cmd, sys.executable, "-c", script, str(db), str(export)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=300)
    return proc.returncode, trace.read_text() if trace.exists() else ""


def _raw_orphans(db: Path) -> int:
    """Sets whose batch has no ``imports`` row, read with plain DuckDB (no repair)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM sets WHERE batch_id NOT IN (SELECT batch_id FROM imports)"
                           ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.skipif(not _strace_usable(), reason="needs strace (apt-get install strace) to kill at a chosen write")
def test_sigkill_at_each_write_of_the_commit_leaves_no_orphans(tmp_path, caplog):
    """SIGKILL exactly at each of the commit's last writes to the WAL: DuckDB may replay the sets without their
    ``imports`` row (it does, at one of them), and opening the store for writing removes them — once, reported
    once — so the store is "before" and a re-import gives "after"."""
    export = write_strong_a(tmp_path / "big.csv", COMMIT_SETS, seed=11)
    base = tmp_path / "base.duckdb"
    con = connect(base)
    import_file(con, write_strong_a(tmp_path / "small.csv", 500, seed=12, start=dt.date(1995, 1, 1)), unit="kg")
    con.close()
    before = state(base)

    full = tmp_path / "full.duckdb"
    shutil.copy(base, full)
    rc, trace = _wal_writes(full, export, tmp_path, None)
    assert rc == 0, trace[-2000:]
    after = state(full)
    writes = [ln for ln in trace.splitlines() if "write" in ln and "= " in ln]
    assert len(writes) >= 3, trace[-2000:]

    orphaned_kills = 0
    # The commit's last writes: the end of the bulk-append entry, the other tables' entries, the flush marker
    # (DuckDB leaves orphans only here; a kill at an earlier write of the data leaves "before", as the
    # random-kill test above shows).
    for k in range(max(1, len(writes) - LAST_WRITES + 1), len(writes) + 1):
        db = tmp_path / f"kill{k}.duckdb"
        shutil.copy(base, db)
        rc, _ = _wal_writes(db, export, tmp_path, k)
        if rc == 0:  # the k-th write came after the commit was durable
            continue
        orphans = _raw_orphans(db)
        orphaned_kills += orphans > 0
        caplog.clear()
        with caplog.at_level("WARNING", logger="rehab"):
            got = state(db)  # rehab.storage.db.connect: repairs
        repaired = [r for r in caplog.records if "interrupted" in r.getMessage()]
        assert got in (before, after), (k, orphans, got)
        assert len(repaired) == (1 if orphans else 0), (k, orphans, [r.getMessage() for r in caplog.records])
        if orphans:
            assert got == before and f"{orphans} sets" in repaired[0].getMessage()
        caplog.clear()
        with caplog.at_level("WARNING", logger="rehab"):
            assert state(db) == got
        assert not caplog.records  # reported once: nothing is left to repair
        if orphans:  # before the repair, a re-import added nothing (every set was there, with no history)
            con = connect(db)
            try:
                import_file(con, export, unit="kg")
            finally:
                con.close()
            assert state(db)[0] == after[0]
        for f in tmp_path.glob(f"kill{k}.duckdb*"):
            f.unlink()
    # The point of the test: some kill lands in DuckDB's window. If none does, DuckDB fixed PR #25931's bug
    # and rehab.storage.schema.repair_orphans can be reconsidered.
    assert orphaned_kills > 0, "no kill left orphan sets: has DuckDB fixed uncommitted bulk-append replay?"
