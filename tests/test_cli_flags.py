"""``python -m rehab flags``: the JSON contract, the human output and bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from rehab.cli import main
from rehab.db import connect
from rehab.demo import BENCH, STALL_FROM, WEEKS, load_demo
from rehab.pain import add_pain

END = dt.date(2026, 11, 22)
# Four weeks into the stall: pain, RPE and the stall all show.
BAD_DAY = END - dt.timedelta(days=END.weekday(), weeks=WEEKS - 1 - STALL_FROM - 4) + dt.timedelta(days=6)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    con = connect(path)
    load_demo(con, kind="switch", end=END)
    con.close()
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["flags", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "--as-of", BAD_DAY.isoformat(), "--json")
    assert code == 0
    flags = json.loads(out)
    assert flags and all(set(f) == {"flag", "exercise", "since", "evidence", "message", "prescription"}
                         for f in flags)
    bench = {f["flag"]: f for f in flags if f["exercise"] == BENCH}
    assert {"pain_rising", "too_intense", "stalled"} <= set(bench)
    rising = bench["pain_rising"]
    assert rising["evidence"]["rise"] >= 1.0
    assert dt.date.fromisoformat(rising["since"]) <= BAD_DAY
    assert rising["prescription"].startswith(("switch to endurance", "mobilize"))


def test_json_after_the_switch_is_empty(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "--as-of", END.isoformat(), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_overall_flags_have_null_exercise(tmp_path, capsys):
    db = tmp_path / "stop.duckdb"
    con = connect(db)
    load_demo(con, kind="switch", end=END)
    add_pain(con, END, 5, context="rest")  # then training stops altogether, in pain
    con.close()
    later = END + dt.timedelta(days=20)
    code, out, _ = run(capsys, "--db", str(db), "--as-of", later.isoformat(), "--json")
    assert code == 0
    flags = json.loads(out)
    assert [(f["flag"], f["exercise"]) for f in flags] == [("stopped", None)]
    assert flags[0]["evidence"]["max_pain"] == 5
    assert flags[0]["prescription"].startswith("restart gently")


def test_human_output(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "--as-of", BAD_DAY.isoformat())
    assert code == 0
    assert "not a diagnosis" in out
    assert f"[pain_rising] {BENCH} — since" in out
    assert "→ " in out
    code, out, _ = run(capsys, "--db", str(demo_db), "--as-of", END.isoformat())
    assert out.strip() == f"No endurance-switch flags as of {END.isoformat()}."


def test_bad_date_is_one_clear_line(demo_db, capsys):
    code, out, err = run(capsys, "--db", str(demo_db), "--as-of", "2026-13-40")
    assert code == 2 and out == ""
    assert err.strip() == "error: --as-of '2026-13-40' is not a date; use YYYY-MM-DD"


def test_module_entry_point(demo_db):
    proc = subprocess.run([sys.executable, "-m", "rehab", "flags", "--db", str(demo_db), "--as-of",
                           BAD_DAY.isoformat(), "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert any(f["exercise"] == BENCH for f in json.loads(proc.stdout))
