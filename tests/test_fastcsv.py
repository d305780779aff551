"""The DuckDB fast reader gives exactly what the Python reader gives.

Every fixture is imported twice, with ``FAST_CSV`` on and off, and the stored
sets, rejects and reports must be identical; files the fast path cannot take
must fall back without a trace in the result.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.gen import write_strong_a
from rehab.imports import fastcsv, strong_sql
from rehab.imports import pipeline as ingest
from rehab.imports.base import ImportFailure, ReadResult
from rehab.storage.db import connect

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
ROW = '2024-03-0{d} 10:00:00,"Legs",45m,"Squat (Barbell)",{o},100,5,0,0,{n},,'


def generated(tmp_path: Path) -> dict[str, Path]:
    def w(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p

    rows = [ROW.format(d=1, o=1, n=""), ROW.format(d=1, o=2, n='"two\nlines, and ""quotes"""'),
            ROW.format(d=2, o=1, n="plain"), ROW.format(d=2, o="x", n=""), ROW.format(d=3, o=1, n='"a\n\nb"')]
    body = "\n".join([HEADER, *rows]) + "\n"
    return {
        "multiline.csv": w("multiline.csv", body),
        "crlf.csv": w("crlf.csv", body.replace("\n", "\r\n")),
        "bom.csv": w("bom.csv", b"\xef\xbb\xbf" + body.encode()),
        "no_final_newline.csv": w("no_final_newline.csv", body.rstrip("\n")),
        "blank_lines.csv": w("blank_lines.csv", body.replace("\n2024-03-02", "\n\n\n2024-03-02")),
        "empty_cells_row.csv": w("empty_cells_row.csv", body + ",,,,,,,,,,,\n" + ROW.format(d=4, o=1, n="") + "\n"),
        "wrong_fields.csv": w("wrong_fields.csv", body + "2024-03-05 10:00:00,Legs,45m\n"),
        "trailing_delim.csv": w("trailing_delim.csv", body + ROW.format(d=6, o=1, n="") + ",\n"),
        "stray_quote.csv": w("stray_quote.csv", body + ROW.format(d=7, o=1, n='5\'10" tall') + "\n"),
        "whitespace_line.csv": w("whitespace_line.csv", body + "   \n" + ROW.format(d=8, o=1, n="") + "\n"),
        "cp1252.csv": w("cp1252.csv", body.encode() + ROW.format(d=9, o=1, n="m\xfcde").encode("cp1252") + b"\n"),
        "generated.csv": write_strong_a(tmp_path / "generated.csv", 3000, seed=3),
    }


def run(path: Path, fast: bool, monkeypatch, tmp_path: Path, sql: bool = False) -> tuple:
    monkeypatch.setattr(ingest, "FAST_CSV", fast)
    monkeypatch.setattr(ingest, "FAST_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "SQL_STRONG", sql)
    con = connect(tmp_path / f"{path.stem}_{fast}_{sql}.duckdb")
    try:
        rep = ingest.import_file(con, path, unit="kg", now=None)
    except ImportFailure as exc:
        return ("failure", str(exc))
    sets = con.execute("SELECT * EXCLUDE (batch_id) FROM sets ORDER BY source_line, set_index, content_key").fetchall()
    rejects = con.execute("SELECT line, reason, raw FROM rejects ORDER BY line").fetchall()
    con.close()
    return rep.as_json(), rep.rejects, rep.warnings, sets, rejects


def cases(tmp_path: Path) -> list[Path]:
    return sorted(FIXTURES.glob("*.csv")) + list(generated(tmp_path).values())


def test_fast_and_python_readers_store_the_same(tmp_path, monkeypatch):
    used = []
    real = fastcsv.chunks

    def spy(path, ncols, result):
        yield from real(path, ncols, result)
        used.append(Path(path).name)  # reached only when the fast path read the whole file

    used_sql = []
    real_sql = strong_sql.stage

    def spy_sql(cur, stage, path, *args):
        out = real_sql(cur, stage, path, *args)
        used_sql.append(Path(path).name)  # reached only when the SQL path staged the whole file
        return out

    monkeypatch.setattr(fastcsv, "chunks", spy)
    monkeypatch.setattr(strong_sql, "stage", spy_sql)
    files = cases(tmp_path)
    assert len(files) > 12
    for f in files:
        python = run(f, False, monkeypatch, tmp_path)
        assert run(f, True, monkeypatch, tmp_path) == python, f.name
        assert run(f, True, monkeypatch, tmp_path, sql=True) == python, f.name  # Strong: converted in DuckDB
    # The plain files really went through DuckDB; the odd ones fell back.
    for name in ("multiline.csv", "crlf.csv", "bom.csv", "no_final_newline.csv", "blank_lines.csv",
                 "empty_cells_row.csv", "generated.csv"):
        assert name in used
        assert name in used_sql
    for name in ("wrong_fields.csv", "trailing_delim.csv", "stray_quote.csv", "whitespace_line.csv",
                 "cp1252.csv"):
        assert name not in used
        assert name not in used_sql


def test_record_lines_follow_quoted_newlines(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b'a,b\n1,"x\ny"\n\n2,3\r\n\r\n"4\n\n",5\n6,7')
    assert fastcsv.record_lines(p, ",", 2).tolist() == [2, 5, 7, 10]
    with pytest.raises(fastcsv.FastPathUnavailable):
        fastcsv.record_lines(p, ",", 3)


def test_record_lines_across_blocks(tmp_path, monkeypatch):
    """Small blocks: record ends, quotes and CRs split over block edges."""
    f = write_strong_a(tmp_path / "g.csv", 400, seed=5)
    whole = fastcsv.record_lines(f, ",", 12)
    for block in (7, 64, 1000):
        monkeypatch.setattr(fastcsv, "BLOCK", block)
        assert np.array_equal(fastcsv.record_lines(f, ",", 12), whole)
    assert whole[0] == 2 and len(whole) >= 400


def test_applicable_only_for_plain_utf8():
    assert fastcsv.applicable(ReadResult(encoding="utf-8", header_lineno=1))
    assert not fastcsv.applicable(ReadResult(encoding="utf-16", header_lineno=1))
    assert not fastcsv.applicable(ReadResult(encoding="utf-8", header_lineno=3))
