"""The in-DuckDB Strong conversion stores exactly what the pandas path stores.

Every Strong file of tests/fixtures and tests/hostile, plus generated exports
with bad rows of every kind, is imported with the SQL conversion and with it
refusing (then DuckDB's reader hands every row to ``strong.convert``, as it does
for the rows SQL is unsure of): the sets (every column but ``batch_id``),
rejects and reports must be identical.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.gen import write_strong_a
from rehab.imports import fastcsv, strong_sql
from rehab.imports import pipeline as ingest
from rehab.imports.base import ImportFailure
from rehab.storage.db import connect
from tests.test_property import mutated_export

ROOT = Path(__file__).resolve().parent
NOW = dt.datetime(2025, 6, 1, 12, 0)


def _strong_files() -> list[Path]:
    out = []
    for f in sorted([*(ROOT / "fixtures").glob("*.csv"), *(ROOT / "hostile").glob("*.csv")]):
        head = f.read_bytes()[:300].lower()
        if b"set order" in head or b"satzreihenfolge" in head or b"reihenfolge" in head or f.name.startswith("strong_"):
            out.append(f)
    return out


def _bad_rows(tmp_path: Path, seed: int, sep: str = ",") -> Path:
    """A generated export with every kind of bad or odd cell sprinkled in."""
    rng = random.Random(seed)
    lines = write_strong_a(tmp_path / f"base{seed}.csv", 3000, seed=seed).read_text().splitlines(keepends=True)
    odd = {4: ["x", "1e6", "-1", "1001", "2.5", " 3", "f", "w", "Note", "rest timer", "", "0"],
           5: ["-5", "abc", "1,5", "2000", "0", "", " 80 ", "nan", "inf", "82.50"],
           6: ["-1", "1001", "x", "5.0", "", "1e3"], 7: ["-1", "2", "x", ""], 8: ["-3", "60", "x", ""],
           0: ["1980-01-01 10:00:00", "2030-01-01 10:00:00", "not a date", "", "2024-02-30 10:00:00",
               "2024-03-01T10:00:00", " 2024-03-01 10:00:00", "13/01/2024 10:00"],
           2: ["1h 45m", "38min", "45s", "x", "", "90"], 3: ["", " ", " Squat (Barbell) "],
           9: ["", " padded note ", "knee pain 4/10", "caf\u00e9\u00a0", "x"], 11: ["11", "-1", "x", "", "7,5"]}
    out = [lines[0]]
    for line in lines[1:]:
        if rng.random() < 0.15 and line.count(",") == 11:
            cells = line.rstrip("\n").split(",")
            if len(cells) == 12:
                col = rng.choice(list(odd))
                v = rng.choice(odd[col])
                cells[col] = f'"{v}"' if "," in v else v
                if v.strip().lower() == "note":
                    cells[9] = rng.choice(["", "felt the knee", " knee 3/10 "])
                line = ",".join(cells) + "\n"
        out.append(line)
    out.append(",,,,,,,,,,,\n")
    p = tmp_path / f"bad{seed}.csv"
    p.write_text("".join(out).replace(",", sep) if sep != "," else "".join(out))
    return p


def _no_sql(*args, **kwargs):
    raise fastcsv.FastPathUnavailable("the test turns the SQL conversion off")


def _run(path: Path, sql: bool, monkeypatch, tmp_path: Path, unit: str = "kg") -> tuple:
    con = connect(tmp_path / f"{path.stem}_{sql}_{unit}.duckdb")
    try:
        try:
            with monkeypatch.context() as m:
                if not sql:
                    m.setattr(strong_sql, "stage", _no_sql)
                rep = ingest.import_file(con, path, unit=unit, now=NOW)
        except ImportFailure as exc:
            return ("failure", str(exc))
        sets = con.execute("SELECT * EXCLUDE (batch_id) FROM sets ORDER BY source_line, set_index").fetchall()
        rejects = con.execute("SELECT line, reason, raw FROM rejects ORDER BY line").fetchall()
        pain = con.execute("SELECT ts, area, score, note, exercise FROM pain ORDER BY ALL").fetchall()
    finally:
        con.close()
    return rep.as_json(), rep.rejects, rep.warnings, sets, rejects, pain


@pytest.fixture
def spy(monkeypatch):
    used: list[str] = []
    real = strong_sql.stage

    def wrapped(cur, stage_table, raw, det, result, *args):
        out = real(cur, stage_table, raw, det, result, *args)
        used.append(result.display_name)  # reached only when the SQL path staged the whole file
        return out

    monkeypatch.setattr(strong_sql, "stage", wrapped)
    return used


def test_fixtures_store_the_same(tmp_path, monkeypatch, spy):
    files = _strong_files()
    assert len(files) >= 15
    for f in files:
        for unit in ("kg", "lb"):
            assert _run(f, True, monkeypatch, tmp_path, unit) == _run(f, False, monkeypatch, tmp_path, unit), f.name
    assert {"strong_A_en.csv", "strong_A_de.csv", "strong_B10.csv", "strong_B_old_kgkm.csv", "strong_C.csv",
            "strong_D.csv", "strong_A_bad_row.csv"} <= set(spy)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_bad_rows_store_the_same(tmp_path, monkeypatch, spy, seed):
    f = _bad_rows(tmp_path, seed)
    got = _run(f, True, monkeypatch, tmp_path)
    assert got == _run(f, False, monkeypatch, tmp_path)
    assert f.name in spy
    assert got[0]["rejected"] > 20 and got[0]["sets_added"] > 2000


def test_generated_clean_export_stays_in_sql(tmp_path, monkeypatch, spy):
    f = write_strong_a(tmp_path / "clean.csv", 5000, seed=9)
    assert _run(f, True, monkeypatch, tmp_path) == _run(f, False, monkeypatch, tmp_path)
    assert spy == ["clean.csv"]


def test_set_number_beyond_int64_leaves_the_file_to_the_pandas_path(tmp_path, monkeypatch, spy):
    f = _bad_rows(tmp_path, 4)
    text = f.read_text().splitlines(keepends=True)
    text[5] = text[5].replace(",1,", ",1e30,", 1) if ",1," in text[5] else text[5]
    text.insert(6, "2000-01-05 10:00:00,Legs,30m,Squat,inf,100,5,0,0,,,\n")
    f.write_text("".join(text))
    assert _run(f, True, monkeypatch, tmp_path) == _run(f, False, monkeypatch, tmp_path)
    assert spy == []


def test_insert_skips_the_anti_join_only_when_no_stored_set_can_match(tmp_path, monkeypatch):
    """_insert_sets leaves out the key anti-join for a batch outside every stored workout's
    time span; overlapping batches still add only what is new."""
    old = write_strong_a(tmp_path / "old.csv", 600, seed=1, start=dt.date(2001, 1, 1))
    new = write_strong_a(tmp_path / "new.csv", 600, seed=2, start=dt.date(2010, 1, 1))
    con = connect(tmp_path / "s.duckdb")
    seen: list[str] = []
    real = ingest._insert_sets

    def spy(cur, stage, batch_id, det):
        n = real(cur, stage, batch_id, det)
        seen.append(cur.execute("SELECT count(*) FROM sets WHERE batch_id = ?", [batch_id]).fetchone()[0])
        return n

    monkeypatch.setattr(ingest, "_insert_sets", spy)
    a = ingest.import_file(con, old, unit="kg", now=NOW)
    b = ingest.import_file(con, new, unit="kg", now=NOW)  # disjoint span: no anti-join
    again = ingest.import_file(con, old, unit="kg", now=NOW)  # same span: everything is a duplicate
    assert a.sets_added == seen[0] > 500 and b.sets_added == seen[1] > 500
    assert (again.sets_added, again.duplicates, seen[2]) == (0, a.sets_added, 0)
    total = con.execute("SELECT count(*), count(DISTINCT content_key) FROM sets").fetchone()
    assert total == (a.sets_added + b.sets_added,) * 2
    con.close()


@settings(deadline=None, database=None, max_examples=60,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(case=mutated_export().filter(lambda c: c[0].startswith("strong")), unit=st.sampled_from(["kg", "lb"]))
def test_mutated_strong_exports_store_the_same(tmp_path_factory, monkeypatch, case, unit):
    """Hypothesis-mutated Strong exports (tests/test_property.py's edits): SQL path == pandas path."""
    d = tmp_path_factory.mktemp("mut")
    path = d / "case.csv"
    path.write_bytes(case[1])
    assert _run(path, True, monkeypatch, d, unit) == _run(path, False, monkeypatch, d, unit)
