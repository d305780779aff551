"""Every kind of bad input a user can hand us, generated in ``tmp_path``.

Each one either fails cleanly (:class:`ImportFailure` naming the file and the
reason, nothing written) or imports partially with rejects naming line and
reason. Through the CLI: exit 2, one stderr line per failed file, no traceback,
and the other files of the same command still import.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rehab.imports.base import ImportFailure
from rehab.imports.pipeline import import_file

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
GOOD = [
    '2024-03-01 10:00:00,"Legs",45m,"Squat (Barbell)",1,100,5,0,0,,,',
    '2024-03-01 10:00:00,"Legs",45m,"Squat (Barbell)",2,100,5,0,0,,,',
    '2024-03-01 10:00:00,"Legs",45m,"Leg Press",1,150,10,0,0,,,',
]


def text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def snapshot(con) -> dict:
    cur = con.cursor()
    return {t: cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("sets", "imports", "rejects")}


def noise(n: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def zip_bytes(tmp_path: Path) -> bytes:
    z = tmp_path / "x.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("strong.csv", text(*GOOD))
    return z.read_bytes()


# name -> (file bytes builder, words the failure message must contain)
FAILURES = {
    "empty": (lambda p: b"", "empty"),
    "whitespace": (lambda p: b"  \n\t\r\n   \n", "empty"),
    "bom_only": (lambda p: b"\xef\xbb\xbf\n", "empty"),
    "header_only": (lambda p: (HEADER + "\n").encode(), "no sets"),
    "unknown_header": (lambda p: b"foo,bar,baz\n1,2,3\n", "unknown header"),
    "random_bytes": (lambda p: noise(5000, seed=7), "binary"),
    "random_no_nul": (lambda p: noise(5000, seed=8).replace(b"\x00", b"\x01"), "binary"),
    "png": (lambda p: b"\x89PNG\r\n\x1a\n" + noise(500, seed=1), "PNG"),
    "zip_renamed": (zip_bytes, "ZIP"),
    "all_rows_bad": (lambda p: text(GOOD[0].replace(",100,", ",heavy,")).encode(), "none of the 1 rows"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_unreadable_files_fail_cleanly(db, tmp_path, case):
    build, reason = FAILURES[case]
    f = tmp_path / f"{case}.csv"
    f.write_bytes(build(tmp_path))
    import_file(db, write(tmp_path, "ok.csv", text(*GOOD)), unit="kg")
    before = snapshot(db)
    with pytest.raises(ImportFailure) as info:
        import_file(db, f, unit="kg")
    msg = str(info.value)
    assert msg.startswith(f"{case}.csv: ")
    assert reason.lower() in msg.lower()
    assert "\n" not in msg
    assert snapshot(db) == before


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_missing_file_and_directory(db, tmp_path):
    with pytest.raises(ImportFailure, match=r"^nope\.csv: no such file"):
        import_file(db, tmp_path / "nope.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ImportFailure, match=r"^dir\.csv: is a directory"):
        import_file(db, tmp_path / "dir.csv")
    assert snapshot(db) == {"sets": [], "imports": [], "rejects": []}


def test_cp1252_bytes_in_utf8_file_import_with_a_warning(db, tmp_path):
    body = text(*GOOD).encode("utf-8")
    # Line 3 gets a Windows-1252 note: "Kniebeuge müde" with ü as 0xFC.
    lines = body.split(b"\n")
    lines[2] = lines[2].replace(b",,,", b',"m\xfcde, 5\x80",,')
    f = write(tmp_path, "mixed.csv", b"\n".join(lines))
    rep = import_file(db, f, unit="kg")
    assert rep.sets_added == 3 and rep.rejected == 0
    assert len(rep.warnings) == 1
    assert "mixed.csv" in rep.warnings[0] and "line 3" in rep.warnings[0]
    assert db.execute("SELECT notes FROM sets WHERE source_line = 3").fetchone()[0] == "müde, 5€"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom(db, tmp_path, encoding):
    content = text(*GOOD).replace('"Leg Press"', '"Beinpresse Übung"')
    f = write(tmp_path, "u.csv", content.encode(encoding))  # utf-16 writes a BOM; -le/-be do not
    rep = import_file(db, f, unit="kg")
    assert (rep.sets_added, rep.rejected) == (3, 0)
    assert db.execute("SELECT count(*) FROM sets WHERE exercise = 'Beinpresse Übung'").fetchone()[0] == 1


def test_truncated_last_line(db, tmp_path):
    f = write(tmp_path, "t.csv", text(*GOOD) + '2024-03-01 10:00:00,"Legs",45m,"Leg Press",2,15')
    rep = import_file(db, f, unit="kg")
    assert rep.sets_added == 3
    assert [(r.line, r.reason) for r in rep.rejects] == [(5, "truncated line: 6 of 12 fields")]


def test_unterminated_quote_at_eof(db, tmp_path):
    f = write(tmp_path, "q.csv", text(*GOOD) + '2024-03-01 10:00:00,"Legs",45m,"Leg Press",2,150,10,0,0,"oops\nno end')
    rep = import_file(db, f, unit="kg")
    assert rep.sets_added == 3
    assert len(rep.rejects) == 1 and rep.rejects[0].line == 5


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [
        ("weight", "lots", "Weight is not a number: 'lots'"),
        ("reps", "five", "Reps is not a number: 'five'"),
        ("reps", "-5", "negative reps"),
        ("reps", "1001", "absurd reps (more than 1000)"),
        ("weight", "-20", "negative weight"),
        ("weight", "1000.5", "absurd weight (more than 1000 kg)"),
        ("date", "1989-12-31 10:00:00", "date before 1990: 1989-12-31"),
        ("date", "2031-01-01 10:00:00", "date in the future: 2031-01-01"),
        ("date", "yesterday", "Date is not a date: 'yesterday'"),
    ],
)
def test_bad_cells_become_rejects(db, tmp_path, cell, value, reason):
    pos = {"date": 0, "weight": 5, "reps": 6}[cell]
    fields = GOOD[2].split(",")
    fields[pos] = value
    f = write(tmp_path, "b.csv", text(GOOD[0], ",".join(fields), GOOD[1]))
    rep = import_file(db, f, unit="kg")
    assert (rep.sets_added, rep.rejected) == (2, 1)
    assert [(r.line, r.reason) for r in rep.rejects] == [(3, reason)]
    stored = db.execute("SELECT line, reason, raw FROM rejects").fetchall()
    assert [(line, why) for line, why, _ in stored] == [(3, reason)]
    assert stored[0][2].split(",") == [x.strip('"') for x in fields]  # the fields as read


def test_absurd_weight_in_lb_is_checked_after_conversion(db, tmp_path):
    fields = GOOD[2].split(",")
    fields[5] = "2100"  # 952 kg: allowed
    f = write(tmp_path, "lb.csv", text(",".join(fields)))
    assert import_file(db, f, unit="lb").rejected == 0
    fields[5] = "2300"  # 1043 kg
    rep = import_file(db, write(tmp_path, "lb2.csv", text(GOOD[0], ",".join(fields))), unit="lb")
    assert [(r.line, r.reason) for r in rep.rejects] == [(3, "absurd weight (more than 1000 kg)")]


# ---------------------------------------------------------------- through the CLI

def rehab(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "rehab", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def test_cli_reports_each_bad_file_on_one_line_and_imports_the_rest(tmp_path):
    good = write(tmp_path, "good.csv", text(*GOOD))
    other_day = [r.replace("2024-03-01", "2024-03-02") for r in GOOD]
    partial = write(tmp_path, "partial.csv", text(other_day[0], other_day[1].replace(",5,", ",five,")))
    bad = {}
    for case, (build, _reason) in FAILURES.items():
        bad[case] = write(tmp_path, f"{case}.csv", build(tmp_path))
    (tmp_path / "folder.csv").mkdir()
    missing = tmp_path / "missing.csv"
    files = [str(bad["empty"]), str(good), *map(str, list(bad.values())[1:]), str(partial),
             str(tmp_path / "folder.csv"), str(missing)]
    db = tmp_path / "cli.duckdb"
    proc = rehab("import", *files, "--db", str(db), "--unit", "kg", "--json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    err = proc.stderr.strip().splitlines()
    failed = [*bad.values(), tmp_path / "folder.csv", missing]
    assert len(err) == len(failed)
    for line, f in zip(err, failed, strict=True):
        assert line.startswith(f"error: {f}: "), line
    reports = [json.loads(x) for x in proc.stdout.strip().splitlines()]
    assert [(Path(r["file"]).name, r["sets_added"], r["rejected"]) for r in reports] == [
        ("good.csv", 3, 0), ("partial.csv", 1, 1)]
    s = json.loads(rehab("summary", "--db", str(db), "--json").stdout)
    assert s["sets"] == 4


def test_cli_unit_missing_and_bad_unit(tmp_path):
    f = write(tmp_path, "a.csv", text(*GOOD))
    db = str(tmp_path / "u.duckdb")
    proc = rehab("import", str(f), "--db", db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "--unit" in proc.stderr and "a.csv" in proc.stderr
    proc = rehab("import", str(f), "--db", db, "--unit", "stone")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
