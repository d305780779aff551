"""Workspaces: one database per workspace, ids validated, delete removes the data, no cross-user reads."""

from __future__ import annotations

import pytest

from rehab.imports.pipeline import import_file
from rehab.output.export import export_workspace, restore_workspace
from rehab.storage.queries import set_count, summary
from rehab.storage.schema import data_tables
from rehab.storage.workspace import (
    Store,
    Workspace,
    WorkspaceError,
    open_store,
    user_workspace_id,
    validate_id,
)

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"


def strong_file(path, exercise: str, weights: list[float], day: str = "2025-03-04") -> str:
    lines = [HEADER]
    for i, w in enumerate(weights, start=1):
        ex = '"' + exercise.replace('"', '""') + '"'
        lines.append(f'{day} 18:05:10,"Push",1h,{ex},{i},{w},5,0,0,,,')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def exercises(con) -> set[str]:
    return {e for (e,) in con.cursor().execute("SELECT DISTINCT exercise FROM sets").fetchall()}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "registry.duckdb"))
    yield s
    s.shutdown()


@pytest.mark.parametrize("bad", ["", "A", "ab", "Local", "../etc", "a/b", "ws;drop table sets", "x" * 41,
                                 "ws-1", "wś1", "ws 1", "1abc", "abc\x00", None, 7])
def test_invalid_workspace_ids_are_refused(bad):
    with pytest.raises(WorkspaceError):
        validate_id(bad)
    with pytest.raises(WorkspaceError):
        Workspace(bad, "user")


def test_identity_maps_to_stable_distinct_ids():
    a = user_workspace_id("https://accounts.google.com", "123")
    assert a == user_workspace_id("https://accounts.google.com", "123")
    assert a != user_workspace_id("https://accounts.google.com", "124")
    assert a != user_workspace_id("https://other.example", "123")
    assert validate_id(a) == a and "123" not in a[1:6]
    with pytest.raises(WorkspaceError):
        user_workspace_id("iss", "")


def test_two_users_see_only_their_own_data(store, tmp_path):
    a = store.user_workspace("iss", "alice")
    b = store.user_workspace("iss", "bob")
    import_file(store.open(a), strong_file(tmp_path / "a.csv", "Alice Squat", [100, 105]), unit="kg",
                lock=store.lock(a))
    import_file(store.open(b), strong_file(tmp_path / "b.csv", "Bob Bench", [60]), unit="kg",
                lock=store.lock(b))
    # through the connection, a cursor, and a cursor of a cursor: always the same workspace
    for con in (store.open(a), store.open(a).cursor(), store.open(a).cursor().cursor()):
        assert exercises(con) == {"Alice Squat"}
    assert exercises(store.open(b)) == {"Bob Bench"}
    assert summary(store.open(b))["sets"] == 1
    # separate files; the registry holds no sets
    assert store.path(a) != store.path(b) and store.path(a).exists() and store.path(b).exists()
    assert set_count(store.registry()) == 0
    assert {w.id for w in store.list()} == {a.id, b.id}
    # same identity again: same workspace, same data
    assert store.user_workspace("iss", "alice") == a
    assert exercises(open_store(store.raw, a.id)) == {"Alice Squat"}


def test_delete_removes_the_data_and_links(store, tmp_path):
    from rehab.storage.share import create_link, resolve

    a = store.user_workspace("iss", "alice")
    import_file(store.open(a), strong_file(tmp_path / "a.csv", "Alice Squat", [100]), unit="kg")
    token, _ = create_link(store, a, "physio")
    path = store.path(a)
    store.delete(a)
    assert not path.exists()
    assert store.list() == []
    with pytest.raises(WorkspaceError):
        store.get(a.id)
    with pytest.raises(Exception, match="not valid"):
        resolve(store, token)
    again = store.user_workspace("iss", "alice")
    assert set_count(store.open(again)) == 0


def test_unknown_and_hostile_ids_open_nothing(store):
    with pytest.raises(WorkspaceError):
        open_store(store.raw, "u" + "0" * 32)  # well-formed but not registered
    with pytest.raises(WorkspaceError):
        open_store(store.raw, "x'; DROP TABLE sets; --")
    with pytest.raises(WorkspaceError):
        store.open(Workspace("u" + "1" * 32, "user"))
    with pytest.raises(WorkspaceError):
        store.delete(Workspace("local", "local"))


def test_temporary_workspace_lives_in_memory_only(store, tmp_path):
    before = set(tmp_path.rglob("*"))
    t1, t2 = store.new_temporary(), store.new_temporary()
    assert t1.id != t2.id and t1.kind == "temporary"
    import_file(store.open(t1), strong_file(tmp_path / "t.csv", "Visitor One", [50]), unit="kg")
    assert exercises(store.open(t1)) == {"Visitor One"}
    assert exercises(store.open(t2)) == set()
    assert not [p for p in set(tmp_path.rglob("*")) - before if p.name != "t.csv"]  # nothing written to disk
    assert store.get(t1.id) == t1
    store.delete(t1)
    with pytest.raises(WorkspaceError):
        store.get(t1.id)
    assert exercises(store.open(t2)) == set()


def test_temporary_workspace_download_and_restore(store, tmp_path):
    t = store.new_temporary()
    import_file(store.open(t), strong_file(tmp_path / "t.csv", "Visitor One", [50, 55, 60]), unit="kg")
    export_workspace(store, t, tmp_path / "mine.zip")
    store.delete(t)
    later = store.new_temporary()
    counts = restore_workspace(store, later, tmp_path / "mine.zip")
    assert counts["sets"] == 3
    assert exercises(store.open(later)) == {"Visitor One"}


def test_sql_looking_names_are_inert(store, tmp_path):
    a = store.user_workspace("iss", "alice")
    nasty = "Squat'); DROP TABLE sets; --"
    fname = tmp_path / "x'; DROP TABLE imports; --.csv"
    rep = import_file(store.open(a), strong_file(fname, nasty, [100]), display_name=fname.name, unit="kg")
    assert rep.sets_added == 1
    con = store.open(a)
    assert exercises(con) == {nasty}
    assert {"sets", "imports", "pain"} <= set(data_tables(con))
    assert con.execute("SELECT file_name FROM imports").fetchone()[0] == fname.name


def test_local_workspace_is_the_database_itself(tmp_path):
    target = str(tmp_path / "local.duckdb")
    con = open_store(target, "local")
    import_file(con, strong_file(tmp_path / "l.csv", "Solo", [10]), unit="kg")
    s = Store(target)
    assert exercises(s.open(s.get("local"))) == {"Solo"}


def test_export_of_one_user_holds_none_of_another(store, tmp_path):
    import io
    import zipfile

    import pyarrow.parquet as pq

    a = store.user_workspace("iss", "alice")
    b = store.user_workspace("iss", "bob")
    import_file(store.open(a), strong_file(tmp_path / "a.csv", "Alice Squat", [100]), unit="kg")
    import_file(store.open(b), strong_file(tmp_path / "b.csv", "Bob Bench", [60, 62]), unit="kg")
    buf = io.BytesIO()
    export_workspace(store, a, buf)
    zf = zipfile.ZipFile(buf)
    sets = pq.read_table(io.BytesIO(zf.read("parquet/sets.parquet"))).to_pylist()
    assert {r["exercise"] for r in sets} == {"Alice Squat"}
    assert b"Bob" not in b"".join(zf.read(n) for n in zf.namelist())
    assert "share_links" not in " ".join(zf.namelist()) and "workspaces" not in " ".join(zf.namelist())


def test_sql_looking_filters_are_parameters(store, tmp_path):
    from rehab.analysis import Analysis

    a = store.user_workspace("iss", "alice")
    import_file(store.open(a), strong_file(tmp_path / "a.csv", "Alice Squat", [100, 102.5]), unit="kg")
    hostile = Analysis.load(store.open(a), as_of="2025-12-31", exercises=["x' OR '1'='1", "'; DROP TABLE sets; --"])
    assert len(hostile.sets) == 0
    assert set_count(store.open(a)) == 2
    assert len(Analysis.load(store.open(a), as_of="2025-12-31", exercises=["Alice Squat"]).sets) == 2


@pytest.mark.parametrize("seed", range(3))
def test_valid_ids_are_safe_names(seed):
    import random
    import string

    rng = random.Random(seed)
    alphabet = string.printable + "éß/\\.;'\"-"
    for _ in range(2000):
        cand = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        try:
            ok = validate_id(cand)
        except WorkspaceError:
            continue
        assert ok == cand and ok.isascii() and ok.replace("_", "").isalnum() and ok == ok.lower()


def test_hosted_modules_never_import_streamlit():
    import subprocess
    import sys

    from tests.conftest import ROOT

    mods = ["rehab.storage.workspace", "rehab.storage.share", "rehab.output.export", "rehab.output.report",
            "rehab.storage.backends", "rehab.cli.hosted"]
    code = (f"import importlib, sys\nfor m in {mods!r}: importlib.import_module(m)\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_generation_changes_when_a_workspace_is_recreated(store):
    a = store.user_workspace("iss", "alice")
    g1 = store.generation(a)
    assert store.generation(a) == g1
    store.delete(a)
    a = store.user_workspace("iss", "alice")
    assert store.generation(a) != g1
    assert store.generation(store.get("local")) == 0
