"""DuckDB's CSV reader (rehab.imports.fastcsv): which files it reads, and the source lines it gives.

A plain well-formed UTF-8 header CSV has this one reader; the odd ones (a wrong
field count, a stray quote, a Windows-1252 line, …) go to the Python reader
before anything is staged. Either way every set and reject names its line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.gen import write_strong_a
from rehab.imports import fastcsv
from rehab.imports import pipeline as ingest
from rehab.imports.base import ReadResult
from rehab.storage.db import connect

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


def imported(path: Path, tmp_path: Path) -> tuple:
    """Import ``path``: (stored (source_line, workout_start) pairs, reject lines, warnings)."""
    con = connect(tmp_path / f"{path.stem}.duckdb")
    try:
        rep = ingest.import_file(con, path, unit="kg", now=None)
        sets = con.execute("SELECT source_line, workout_start FROM sets ORDER BY source_line").fetchall()
        rejects = con.execute("SELECT line FROM rejects ORDER BY line").fetchall()
    finally:
        con.close()
    return [line for line, _ in sets], [line for (line,) in rejects], sets, rep.warnings


def test_each_file_has_one_reader_and_every_row_its_source_line(tmp_path, monkeypatch):
    """Plain well-formed UTF-8 goes to DuckDB's reader, the odd files to the Python reader; either way
    every stored set and every reject names the line its record starts on (after quoted newlines, CRLF,
    a BOM, blank lines and rows of empty cells)."""
    used = []
    real = fastcsv.load

    def spy(cur, raw, path, result, ncols, names):
        lines = real(cur, raw, path, result, ncols, names)
        used.append(Path(path).name)  # reached only when DuckDB's reader took the file
        return lines

    monkeypatch.setattr(fastcsv, "load", spy)
    files = generated(tmp_path)
    got = {name: imported(f, tmp_path) for name, f in files.items()}
    assert sorted(used) == sorted(["multiline.csv", "crlf.csv", "bom.csv", "no_final_newline.csv",
                                   "blank_lines.csv", "empty_cells_row.csv", "generated.csv"])
    for name in ("multiline.csv", "crlf.csv", "bom.csv", "no_final_newline.csv"):
        assert got[name][:2] == ([2, 3, 5, 7], [6]), name
    assert got["blank_lines.csv"][:2] == ([2, 3, 7, 11], [10])
    assert got["empty_cells_row.csv"][:2] == ([2, 3, 5, 7, 11], [6])
    assert got["cp1252.csv"][3] == ["cp1252.csv: 1 line(s) were not valid UTF-8 and were read as Windows-1252 "
                                    "(first: line 10)"]
    for name, f in files.items():  # the line a set names is the one its record starts on
        text = f.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").split("\n")
        for line, start in got[name][2]:
            assert text[line - 1].startswith(start.strftime("%Y-%m-%d")), (name, line)
        assert got[name][0], name


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
