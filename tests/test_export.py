"""Export/restore: exact round trip through Parquet, CSV neutralised, bad files refused whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from rehab.demo import load_demo
from rehab.imports.pipeline import import_file
from rehab.output.export import RestoreError, data_tables, export_bytes, export_zip, neutralize_csv_cell, restore_zip
from rehab.storage.db import connect
from tests.test_workspace import strong_file


@pytest.mark.parametrize(("cell", "out"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Squat", "Squat"), ("", ""),
    (" =1", " =1"), ("a=1", "a=1"), (-5.0, -5.0), (None, None), (3, 3),
])
def test_neutralize_csv_cell(cell, out):
    assert neutralize_csv_cell(cell) == out


def snapshot(con) -> dict:
    return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in data_tables(con)}


@pytest.fixture
def full(tmp_path):
    con = connect(":memory:")
    load_demo(con)
    import_file(con, strong_file(tmp_path / "f.csv", "=HYPERLINK(\"http://evil\")", [100, 102.5]), unit="kg")
    con.execute("INSERT INTO exercise_areas VALUES ('Bench Press', ['shoulder', 'elbow'], ?)",
                [dt.datetime(2025, 1, 2, 3, 4, 5, 678901)])
    con.execute("INSERT INTO rejects VALUES (1, 3, 'bad reps', '-1,@x,\"y\"')")
    return con


def test_round_trip_is_exact(full, tmp_path):
    before = snapshot(full)
    assert before["sets"] and before["pain"] and before["exercise_areas"]
    manifest = export_zip(full, tmp_path / "ws.zip")
    assert manifest["tables"]["sets"]["rows"] == len(before["sets"])
    fresh = connect(":memory:")
    counts = restore_zip(fresh, tmp_path / "ws.zip")
    assert counts == {t: len(v) for t, v in before.items()}
    assert snapshot(fresh) == before
    # and the restored workspace exports to the same table content again
    again = connect(":memory:")
    restore_zip(again, export_bytes(fresh))
    assert snapshot(again) == before


def test_csv_is_neutralised_and_parquet_is_not(full):
    data = export_bytes(full)
    zf = zipfile.ZipFile(io.BytesIO(data))
    def cells(table):
        return [c for row in csv.reader(io.StringIO(zf.read(f"csv/{table}.csv").decode("utf-8-sig"))) for c in row]

    sets_cells = cells("sets")
    assert "'=HYPERLINK(\"http://evil\")" in sets_cells
    assert not [c for c in sets_cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and
                not c.lstrip("-").replace(".", "").isdigit())]
    assert "'-1,@x,\"y\"" in cells("rejects")
    assert '["shoulder","elbow"]' in cells("exercise_areas")
    fresh = connect(":memory:")
    restore_zip(fresh, data)
    assert fresh.execute("SELECT count(*) FROM sets WHERE exercise LIKE '=HYPERLINK%'").fetchone()[0] == 2


def test_restore_refuses_non_empty_unless_replace(full):
    data = export_bytes(full)
    target = connect(":memory:")
    load_demo(target)
    with pytest.raises(RestoreError, match="already has data"):
        restore_zip(target, data)
    restore_zip(target, data, replace=True)
    assert snapshot(target) == snapshot(full)


def _rezip(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {n: src.read(n) for n in src.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    return out.getvalue()


def _manifest(members: dict, **kw) -> None:
    m = json.loads(members["manifest.json"])
    m.update(kw)
    members["manifest.json"] = json.dumps(m).encode()


@pytest.mark.parametrize(("change", "message"), [
    (lambda m: m.__setitem__("parquet/sets.parquet", m["parquet/sets.parquet"][:-10] + b"0" * 10), "checksum"),
    (lambda m: m.pop("parquet/pain.parquet"), "missing"),
    (lambda m: m.pop("manifest.json"), "no manifest"),
    (lambda m: m.__setitem__("manifest.json", b"{not json"), "not valid JSON"),
    (lambda m: _manifest(m, version=99), "newer version"),
    (lambda m: _manifest(m, schema_version=999), "newer version"),
    (lambda m: _manifest(m, format="something-else"), "not a workspace export"),
    (lambda m: _manifest(m, tables={"../../etc/passwd": {}}), "unknown table"),
])
def test_bad_exports_restore_nothing(full, change, message):
    bad = _rezip(export_bytes(full), change)
    fresh = connect(":memory:")
    with pytest.raises(RestoreError, match=message):
        restore_zip(fresh, bad)
    assert all(n == 0 for n in snapshot_counts(fresh).values())


def snapshot_counts(con) -> dict:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in data_tables(con)}


def test_not_a_zip(tmp_path):
    p = tmp_path / "notes.zip"
    p.write_text("hello")
    with pytest.raises(RestoreError, match=r"notes\.zip: not a workspace export"):
        restore_zip(connect(":memory:"), p)


def test_failure_midway_rolls_back(full):
    """A well-formed export whose sets table lacks a NOT NULL column: the load fails, nothing stays."""
    import hashlib

    import pyarrow.parquet as pq

    def drop_exercise(members: dict) -> None:
        table = pq.read_table(io.BytesIO(members["parquet/sets.parquet"])).drop_columns(["exercise"])
        buf = io.BytesIO()
        pq.write_table(table, buf)
        members["parquet/sets.parquet"] = buf.getvalue()
        m = json.loads(members["manifest.json"])
        m["tables"]["sets"]["sha256"] = hashlib.sha256(buf.getvalue()).hexdigest()
        members["manifest.json"] = json.dumps(m).encode()

    bad = _rezip(export_bytes(full), drop_exercise)
    fresh = connect(":memory:")
    with pytest.raises(RestoreError, match="nothing was restored"):
        restore_zip(fresh, bad)
    assert all(n == 0 for n in snapshot_counts(fresh).values())


def test_csv_quotes_line_breaks_inside_cells():
    """A cell 'ok<CR>=1+1' written bare would start a new spreadsheet row with a live formula."""
    con = connect(":memory:")
    con.execute("INSERT INTO rejects VALUES (1, 2, 'bad', 'ok' || chr(13) || '=1+1'), "
                "(1, 3, 'bad', 'a' || chr(10) || '@x')")
    raw = zipfile.ZipFile(io.BytesIO(export_bytes(con))).read("csv/rejects.csv")
    assert b'"ok\r=1+1"' in raw and b'"a\n@x"' in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r[3] for r in rows[1:]] == ["ok\r=1+1", "a\n@x"]
