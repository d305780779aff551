"""Every CSV the product writes is safe to open in a spreadsheet (no formula injection).

The product writes CSV in two places: the workspace export (``rehab.output.export``:
``csv/<table>.csv`` in the zip) and the rejected-rows download on the Import
page (``ui.export.safe_csv``, from an import report or from the store). In both,
a text cell that a spreadsheet would run as a formula — starting with ``=``,
``+``, ``-``, ``@``, tab or CR (OWASP "CSV injection") — must come out with a
leading ``'``, and every other cell unchanged. Numbers stay numbers (``-5`` in a
numeric column is not a formula).

The data gets in the way a user's would: the hostile corpus' formula and
SQL-looking files are imported, a file is uploaded under a formula name, the
pain diary takes a formula note; hypothesis then throws arbitrary text with
every dangerous prefix at both writers.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehab.imports.pipeline import import_file
from rehab.output.export import export_bytes, neutralize_csv_cell
from rehab.pain.diary import add_pain
from rehab.storage.db import connect
from rehab.storage.queries import rejects
from ui.export import safe_csv

HOSTILE = Path(__file__).resolve().parent / "hostile"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|-?inf|nan", re.IGNORECASE)


def unsafe_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would evaluate: a dangerous first character and not a plain number."""
    return [c for row in rows for c in row if c.startswith(DANGEROUS) and not NUMBER.fullmatch(c)]


def read_csv_bytes(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def export_tables(con) -> dict[str, list[list[str]]]:
    zf = zipfile.ZipFile(io.BytesIO(export_bytes(con)))
    return {Path(n).stem: read_csv_bytes(zf.read(n)) for n in zf.namelist() if n.startswith("csv/")}


FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1", "\r=1+1",
            "=1+1", "Robert'); DROP TABLE sets;--"]


@pytest.fixture
def store(tmp_path):
    """A store fed like a user would: hostile imports, a formula file name, a formula pain note."""
    con = connect(tmp_path / "s.duckdb")
    import_file(con, HOSTILE / "formula_injection.csv", unit="kg")
    import_file(con, HOSTILE / "sql_names.csv", unit="kg")
    # Rejected rows whose raw text and reason carry formulas, under a formula-like file name.
    bad = tmp_path / "upload.csv"
    bad.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        "2025-03-01 10:00:00,Legs,45m,Squat (Barbell),1,100,5,0,0,,,8\n"
        '=1+1,Legs,45m,Squat (Barbell),1,100,5,0,0,"=HYPERLINK(""http://x"")",,8\n'
        "2025-03-01 10:00:00,Legs,45m,Squat (Barbell),2,@SUM(1),5,0,0,,,8\n"
        "-2+3,Legs,45m,Squat (Barbell),3,100,5,0,0,,,8\n", encoding="utf-8")
    rep = import_file(con, bad, display_name='=HYPERLINK("http://evil","upload").csv', unit="kg")
    assert rep.rejected == 3
    add_pain(con, "2025-03-02", 4, "knee", "after", '=HYPERLINK("http://x","pain")')
    return con, rep  # the import report feeds the in-page download


def test_workspace_export_neutralises_every_text_cell(store):
    tables = export_tables(store[0])
    assert {"sets", "rejects", "imports", "pain"} <= tables.keys()
    for table, rows in tables.items():
        assert unsafe_cells(rows) == [], table
    cells = {table: {c for row in rows for c in row} for table, rows in tables.items()}
    for f in ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]:
        assert "'" + f in cells["sets"], f
    assert "'=HYPERLINK(\"http://evil\")" in cells["sets"]  # an exercise name
    assert "'=1+1" in cells["sets"]  # a workout name
    assert "Robert'); DROP TABLE sets;--" in cells["sets"]  # harmless text is left alone
    assert "'=HYPERLINK(\"http://evil\",\"upload\").csv" in cells["imports"]
    assert "'=HYPERLINK(\"http://x\",\"pain\")" in cells["pain"]
    assert any(c.startswith("'=1+1,Legs") for c in cells["rejects"])
    # Numbers are still numbers: a negative number written by a numeric column is not touched.
    assert NUMBER.fullmatch("-5") and not unsafe_cells([["-5", "-0.5", "1e-3"]])


def test_rejected_rows_downloads_neutralise_every_cell(store):
    con, rep = store
    # The download right after an import (from the report) and the one from the history (from the store).
    live = pd.DataFrame([{"line": r.line, "reason": r.reason, "raw": r.raw} for r in rep.rejects])
    stored = rejects(con, rep.batch_id)
    for df in (live, stored):
        rows = read_csv_bytes(safe_csv(df))
        assert rows[0] == ["line", "reason", "raw"]
        assert unsafe_cells(rows) == []
        raws = [r[2] for r in rows[1:]]
        assert raws[0].startswith("'=1+1,Legs") and raws[2].startswith("'-2+3,Legs")
        assert [r[0] for r in rows[1:]] == ["3", "4", "5"]  # line numbers stay numbers
        assert any("@SUM(1)" in r[1] for r in rows[1:])  # inside a reason: not at the start, left alone


cell_text = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from([*DANGEROUS, "\r\n", "\n", " ", "'", "", "a", "1", "-1", "=\r", "\t\t"]),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, database=None)
@given(values=st.lists(cell_text, min_size=1, max_size=6), numbers=st.lists(st.floats(-1e6, 1e6), min_size=1,
                                                                             max_size=6))
def test_safe_csv_property(values, numbers):
    # A bare CR anywhere breaks safe_csv's rows (see test_safe_csv_quotes_a_bare_cr); the rest must hold.
    values = [v.replace("\r", "\n") for v in values]
    n = min(len(values), len(numbers))
    df = pd.DataFrame({"text": values[:n], "num": numbers[:n], "int": [-i for i in range(n)]})
    rows = read_csv_bytes(safe_csv(df))
    assert unsafe_cells(rows) == []
    assert [r[0] for r in rows[1:]] == [neutralize_csv_cell(v) for v in values[:n]]
    assert [float(r[1]) for r in rows[1:]] == pytest.approx(numbers[:n])


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("inj")
    con = connect(d / "template.duckdb")
    f = d / "one.csv"
    f.write_text("date,exercise,reps,weight,unit,notes\n2025-06-01 08:00,Goblet squat,12,16,kg,fine\n"
                 "2025-06-01 08:00,Goblet squat,12,16,kg,fine\n2025-06-01 08:00,Wall sit,,,,x\n", encoding="utf-8")
    import_file(con, f)
    con.execute("INSERT INTO rejects SELECT batch_id, 9, 'r', 'raw' FROM imports")
    con.close()
    return d / "template.duckdb"


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=cell_text, exercise=cell_text, raw=cell_text, name=cell_text)
def test_workspace_export_property(small_store, tmp_path, notes, exercise, raw, name):
    """Whatever text sits in any column of any table, the CSV never starts a cell like a formula."""
    path = tmp_path / "ex.duckdb"
    shutil.copy(small_store, path)
    con = connect(path)
    try:
        con.execute("UPDATE sets SET notes = ?, exercise_raw = ?, workout_name = ?", [notes, exercise, name])
        con.execute("UPDATE rejects SET raw = ?, reason = ?", [raw, notes])
        con.execute("UPDATE imports SET file_name = ?", [name])
        tables = export_tables(con)
    finally:
        con.close()
        path.unlink()
    for table, rows in tables.items():
        assert unsafe_cells(rows) == [], table
    sets = tables["sets"]
    col = {c: i for i, c in enumerate(sets[0])}
    assert {r[col["notes"]] for r in sets[1:]} == {neutralize_csv_cell(notes)}
    assert {r[col["exercise_raw"]] for r in sets[1:]} == {neutralize_csv_cell(exercise)}
    rej = tables["rejects"]
    assert rej[1][rej[0].index("raw")] == neutralize_csv_cell(raw)


def test_safe_csv_quotes_a_bare_cr():
    """A CR inside a cell must not start a new row (where a formula would escape the neutraliser)."""
    rows = read_csv_bytes(safe_csv(pd.DataFrame({"raw": ["ok\r=1+1", "x"], "line": [3, 4]})))
    assert rows == [["raw", "line"], ["ok\r=1+1", "3"], ["x", "4"]]


def test_workspace_export_quotes_a_bare_cr(tmp_path):
    con = connect(tmp_path / "cr.duckdb")
    con.execute("INSERT INTO rejects VALUES (1, 3, 'r', 'ok' || chr(13) || '=1+1')")
    rows = export_tables(con)["rejects"]
    assert rows == [["batch_id", "line", "reason", "raw"], ["1", "3", "r", "ok\r=1+1"]]
