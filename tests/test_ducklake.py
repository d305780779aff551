"""DuckLake on a real PostgreSQL server: two app processes importing and reading at once.

Starts a throw-away PostgreSQL cluster (``initdb`` in a temp dir, a free loopback port). Skips with a
reason when PostgreSQL is not installed; under ``CI=true`` that is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT
from tests.test_workspace import strong_file

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _pg_bin() -> Path | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg():
    """A running PostgreSQL: yields ``new_db(name) -> libpq DSN`` that creates a fresh database."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        if IN_CI:
            pytest.fail("CI=true but PostgreSQL (initdb/pg_ctl) is not installed; .ci/run installs it")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="rehab-pg-"))
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(root, "postgres")
    port = _free_port()
    data = root / "data"

    def run(*cmd: str) -> None:
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        msg = f"could not start a PostgreSQL cluster: {exc} {detail.decode(errors='replace')[-500:]}"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)

    def new_db(name: str) -> str:
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name)
        return f"dbname={name} host=127.0.0.1 port={port} user=postgres"

    yield new_db
    subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                   capture_output=True, timeout=60)
    shutil.rmtree(root, ignore_errors=True)


WORKER = r"""
import json, os, sys, time
from pathlib import Path
from rehab.imports.pipeline import import_file
from rehab.storage.queries import summary
from rehab.storage.workspace import Store

files, go = json.loads(sys.argv[1]), Path(sys.argv[2])
store = Store(os.environ["REHAB_DB"])
alice = store.user_workspace("iss", "alice")
bob = store.user_workspace("iss", "bob")
while not go.exists():
    time.sleep(0.01)
seen, reports = [], []
for kind, path in files:
    ws = alice if kind == "alice" else bob
    rep = import_file(store.open(ws), path, unit="kg", lock=store.lock(ws))
    reports.append([kind, rep.sets_added, rep.duplicates])
    # read both workspaces while the other process is still importing
    for w in (alice, bob):
        names = [e for (e,) in store.open(w).cursor().execute("SELECT DISTINCT exercise FROM sets").fetchall()]
        seen.append([w.id == alice.id, names, summary(store.open(w))["sets"]])
print(json.dumps({"reports": reports, "seen": seen}))
"""


def test_two_processes_import_and_read_at_once(pg, tmp_path):
    env = {**os.environ, "REHAB_DB": f"ducklake:postgres:{pg('lake')}", "REHAB_DATA_PATH": str(tmp_path / "lake"),
           "PYTHONPATH": str(ROOT)}
    alice_files = [strong_file(tmp_path / f"alice{i}.csv", f"Alice Lift {i}", [60 + j for j in range(25)],
                               day=f"2025-03-{i + 1:02d}") for i in range(4)]
    bob_file = strong_file(tmp_path / "bob.csv", "Bob Row", [40, 42, 44])
    # Both "servers" import the same four files for alice (in opposite orders); one also imports bob's.
    plan_a = [["alice", f] for f in alice_files] + [["bob", bob_file]]
    plan_b = [["alice", f] for f in reversed(alice_files)]
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(plan), str(go)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for plan in (plan_a, plan_b)]
    time.sleep(1.0)  # both processes open the store, then start together
    go.touch()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=400)
        assert p.returncode == 0, err[-3000:]
        outs.append(json.loads(out.strip().splitlines()[-1]))

    # nothing lost, nothing duplicated: each alice set stored once although both processes imported it
    added = sum(n for o in outs for kind, n, _ in o["reports"] if kind == "alice")
    dups = sum(d for o in outs for kind, _, d in o["reports"] if kind == "alice")
    assert added == 100 and dups == 100

    from rehab.storage.workspace import Store

    os.environ["REHAB_DATA_PATH"] = env["REHAB_DATA_PATH"]
    store = Store(env["REHAB_DB"])
    try:
        a, b = store.user_workspace("iss", "alice"), store.user_workspace("iss", "bob")
        con = store.open(a)
        # each workspace's write lock is its own and takes the store's PostgreSQL lock
        assert store.lock(a) is not store.lock(b) and store.lock(a).cross is store._pg is store.lock(b).cross
        total, keys = con.execute("SELECT count(*), count(DISTINCT content_key) FROM sets").fetchone()
        assert total == keys == 100
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 8
        assert store.open(b).execute("SELECT count(*) FROM sets").fetchone()[0] == 3
        # isolation: every read either process made of a workspace saw only that workspace's exercises
        for o in outs:
            for is_alice, names, n in o["seen"]:
                assert all(x.startswith("Alice" if is_alice else "Bob") for x in names)
                assert n <= (100 if is_alice else 3)
        assert len(store.list()) == 2  # two processes registered the same two identities once

        # share link resolves across "servers" to the owner's data only
        from rehab.storage.share import create_link, open_shared

        token, _ = create_link(store, b, "physio")
        _, view = open_shared(store, token)
        assert {e for (e,) in view.execute("SELECT DISTINCT exercise FROM sets").fetchall()} == {"Bob Row"}

        # deleting bob removes his catalog schema and his files
        store.delete(b)
        assert not (tmp_path / "lake" / f"ws_{b.id}").exists()
        pg_lock = store._pg
        cur = pg_lock._cursor("__check__")
        left = cur.execute("SELECT * FROM postgres_query('pg', 'SELECT nspname::text FROM pg_namespace')").fetchall()
        assert f"rehab_ws_{b.id}" not in {n for (n,) in left}
        assert f"rehab_ws_{a.id}" in {n for (n,) in left}
        assert [w.id for w in store.list()] == [a.id]
    finally:
        store.shutdown()


def test_local_mode_on_ducklake_via_rehab_db(pg, tmp_path, monkeypatch):
    """``REHAB_DB=ducklake:…`` works for the CLI/local mode through rehab.storage.db.connect."""
    monkeypatch.setenv("REHAB_DATA_PATH", str(tmp_path / "files"))
    db = f"ducklake:postgres:{pg('solo')}"

    def cli(*args: str) -> dict:
        out = subprocess.run([sys.executable, "-m", "rehab", *args, "--db", db], env={**os.environ,
                             "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.splitlines()[-1])

    f = strong_file(tmp_path / "s.csv", "Solo", [10, 20])
    assert cli("import", f, "--unit", "kg", "--json")["sets_added"] == 2
    assert cli("import", f, "--unit", "kg", "--json")["sets_added"] == 0  # another process: nothing twice
    assert cli("summary", "--json")["sets"] == 2
