"""Real exports from ../shared/corpus through the CLI, checked against EXPECTED.tsv.

Everything goes through ``python -m rehab`` in a subprocess: the CLI's JSON is
the contract other tools script against, so this is the end-to-end proof that a
real file gives the documented totals.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.corpus

ROOT = Path(__file__).resolve().parent.parent
EXACT = ("sets", "reps_total", "training_days", "exercises", "first_day", "last_day")


def _expected_rows() -> list[dict]:
    path = ROOT.parent / "shared" / "corpus" / "EXPECTED.tsv"  # same place as conftest's CORPUS
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _expected_rows()
IDS = [r["file"] for r in ROWS]


def rehab(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("REHAB_DB", None)
    return subprocess.run([sys.executable, "-m", "rehab", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def import_args(corpus: Path, row: dict, db: Path) -> list[str]:
    args = ["import", str(corpus / row["file"]), "--db", str(db), "--json"]
    if row["unit_flag"] != "-":
        args += ["--unit", row["unit_flag"]]
    return args


def summary(db: Path) -> dict:
    proc = rehab("summary", "--db", str(db), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def check_totals(got: dict, row: dict, times: int = 1) -> None:
    want = {k: int(row[k]) * times if k not in ("first_day", "last_day") else row[k] for k in EXACT}
    assert {k: got[k] for k in EXACT} == want
    expected_volume = float(row["volume_kg"])
    assert got["volume_kg"] == pytest.approx(expected_volume, rel=0.005), (got["volume_kg"], expected_volume)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_corpus_file_totals(corpus, tmp_path, row):
    db = tmp_path / "c.duckdb"
    proc = rehab(*import_args(corpus, row, db))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["sets_added"] == int(row["sets"])
    assert report["duplicates"] == 0
    check_totals(summary(db), row)

    # Re-importing the same file adds nothing and the totals stay.
    again = rehab(*import_args(corpus, row, db))
    assert again.returncode == 0, again.stderr
    rep2 = json.loads(again.stdout.strip().splitlines()[-1])
    assert rep2["sets_added"] == 0
    assert rep2["duplicates"] == report["sets_read"] - report["rejected"]
    check_totals(summary(db), row)


UNIT_ROWS = [r for r in ROWS if r["unit_flag"] != "-"]


@pytest.mark.parametrize("row", UNIT_ROWS, ids=[r["file"] for r in UNIT_ROWS])
def test_unit_flag_required(corpus, tmp_path, row):
    db = tmp_path / "u.duckdb"
    proc = rehab("import", str(corpus / row["file"]), "--db", str(db), "--json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert row["file"] in lines[0] and "--unit" in lines[0]
    assert proc.stdout.strip() == ""
    assert summary(db)["sets"] == 0


def test_whole_corpus_into_one_database(corpus, tmp_path):
    """All files in one store: sets add up (the exports are different people's logs)."""
    db = tmp_path / "all.duckdb"
    by_unit: dict[str, list[str]] = {}
    for row in ROWS:
        by_unit.setdefault(row["unit_flag"], []).append(str(corpus / row["file"]))
    for unit, files in by_unit.items():
        args = ["import", *files, "--db", str(db), "--json"]
        if unit != "-":
            args += ["--unit", unit]
        proc = rehab(*args)
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.strip().splitlines()) == len(files)
    got = summary(db)
    assert got["sets"] == sum(int(r["sets"]) for r in ROWS)
    assert got["reps_total"] == sum(int(r["reps_total"]) for r in ROWS)
    assert got["volume_kg"] == pytest.approx(sum(float(r["volume_kg"]) for r in ROWS), rel=0.005)
    assert got["first_day"] == min(r["first_day"] for r in ROWS)
    assert got["last_day"] == max(r["last_day"] for r in ROWS)
