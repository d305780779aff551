"""``python -m rehab pain …``: add, import, list, delete; bad input exits 2 and writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rehab.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(capsys, db: Path) -> list[dict]:
    code, out, _ = run(capsys, "pain", "list", "--json", "--db", str(db))
    assert code == 0
    return json.loads(out)


def test_add_list_delete(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    code, out, err = run(capsys, "pain", "add", "--date", "2025-03-01 07:30", "--score", "4", "--area", "Knee",
                         "--context", "next_morning", "--note", "stairs", "--db", str(db))
    assert (code, err) == (0, "") and out.startswith("added pain entry ")
    pid = out.split()[-1]
    code, out, _ = run(capsys, "pain", "--db", str(db), "add", "--date", "2025-03-02", "--score", "2")
    assert code == 0
    listed = rows(capsys, db)
    first = listed[0]
    assert [first[k] for k in ("pain_id", "ts", "day", "area", "score", "context", "note", "source")] == [
        pid, "2025-03-01 07:30:00", "2025-03-01", "knee", 4.0, "next_morning", "stairs", "diary"]
    assert listed[1]["area"] is None and listed[1]["score"] == 2.0 and listed[1]["is_mention"] is False
    code, out, _ = run(capsys, "pain", "list", "--db", str(db))
    assert code == 0 and pid in out and "knee" in out
    code, out, _ = run(capsys, "pain", "list", "--from", "2025-03-02", "--json", "--db", str(db))
    assert [r["day"] for r in json.loads(out)] == ["2025-03-02"]
    code, out, _ = run(capsys, "pain", "delete", pid, "--db", str(db))
    assert code == 0 and pid in out
    assert [r["pain_id"] for r in rows(capsys, db)] != [pid] and len(rows(capsys, db)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-03-01", "--score", "14"], "score '14' is outside 0-10"),
        (["--date", "2025-03-01", "--score", "abc"], "not a number"),
        (["--date", "yesterday", "--score", "3"], "date 'yesterday' is not YYYY-MM-DD"),
        (["--date", "2025-03-01", "--score", "3", "--context", "gym"], "context 'gym'"),
        (["--date", "2025-03-01", "--score", "3", "--area", "jaw"], "unknown body area 'jaw'"),
    ],
)
def test_add_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, args, message):
    db = tmp_path / "r.duckdb"
    code, out, err = run(capsys, "pain", "add", *args, "--db", str(db))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert rows(capsys, db) == []


def test_import_and_reimport(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    code, out, _ = run(capsys, "pain", "import", str(FIXTURES / "pain_diary.csv"), "--json", "--db", str(db))
    assert code == 0
    assert json.loads(out) == {"file": str(FIXTURES / "pain_diary.csv"), "rows_read": 6, "added": 5,
                               "duplicates": 1}
    code, out, _ = run(capsys, "pain", "import", str(FIXTURES / "pain_diary.csv"), "--db", str(db))
    assert code == 0 and "added 0" in out
    assert len(rows(capsys, db)) == 5


def test_import_bad_csv_reports_every_line_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    code, out, err = run(capsys, "pain", "import", str(FIXTURES / "pain_bad.csv"), "--db", str(db))
    assert code == 2 and out == ""
    for line in (3, 4, 5, 6, 8):
        assert f"pain_bad.csv: line {line}: " in err
    assert rows(capsys, db) == []


def test_delete_unknown_and_missing_file(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    code, _, err = run(capsys, "pain", "delete", "nope", "--db", str(db))
    assert code == 2 and "no pain entry with id nope" in err
    code, _, err = run(capsys, "pain", "import", str(tmp_path / "none.csv"), "--db", str(db))
    assert code == 2 and "none.csv: no such file" in err


def test_usage_errors_exit_2(tmp_path):
    """A real process: argparse usage errors (missing --score, no action) exit 2 without a traceback."""
    for argv in (["pain", "add", "--date", "2025-01-01"], ["pain"]):
        proc = subprocess.run([sys.executable, "-m", "rehab", *argv, "--db", str(tmp_path / "r.duckdb")],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and "usage:" in proc.stderr
