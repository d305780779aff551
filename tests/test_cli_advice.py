"""``python -m rehab flags | plan | session | areas``: the JSON contracts, the human output and bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from rehab.cli.main import main
from rehab.demo import BENCH, RETURN_FROM, STALL_FROM, SWITCH_FROM, WEEKS, load_demo
from rehab.pain.diary import add_pain
from rehab.storage.db import connect

END = dt.date(2026, 11, 22)
FIRST_MONDAY = END - dt.timedelta(days=END.weekday(), weeks=WEEKS - 1)
# The last week of the stall: pain, RPE and the stall all show.
BAD_DAY = FIRST_MONDAY + dt.timedelta(weeks=STALL_FROM + 5, days=6)
PLAN_KEYS = {"exercise", "areas", "phase", "status", "flags", "advice", "prescription", "criteria"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    con = connect(path)
    load_demo(con, kind="switch", end=END)
    con.close()
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_flags_json_contract(demo_db, capsys):
    code, out, _ = run(capsys, "flags", "--db", str(demo_db), "--as-of", BAD_DAY.isoformat(), "--json")
    assert code == 0
    flags = json.loads(out)
    assert flags and all(set(f) == {"flag", "exercise", "since", "evidence", "message", "prescription"}
                         for f in flags)
    bench = {f["flag"]: f for f in flags if f["exercise"] == BENCH}
    assert {"pain_over_limit", "too_intense"} <= set(bench)
    assert dt.date.fromisoformat(bench["too_intense"]["since"]) <= BAD_DAY
    assert bench["too_intense"]["prescription"].startswith("switch to ")


def test_flags_after_the_return_are_empty(demo_db, capsys):
    code, out, _ = run(capsys, "flags", "--db", str(demo_db), "--as-of", END.isoformat(), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_overall_stop_has_null_exercise_once(tmp_path, capsys):
    db = tmp_path / "stop.duckdb"
    con = connect(db)
    load_demo(con, kind="switch", end=END)
    add_pain(con, END, 5, area="shoulder", context="rest")  # then training stops altogether, in pain
    con.close()
    later = END + dt.timedelta(days=20)
    code, out, _ = run(capsys, "flags", "--db", str(db), "--as-of", later.isoformat(), "--json")
    assert code == 0
    flags = json.loads(out)
    assert [(f["flag"], f["exercise"]) for f in flags if f["flag"] == "stopped"] == [("stopped", None)]
    stop = next(f for f in flags if f["flag"] == "stopped")
    assert stop["evidence"]["max_pain"] == 5 and stop["prescription"].startswith("restart gently")


def test_flags_human_output(demo_db, capsys):
    code, out, _ = run(capsys, "flags", "--db", str(demo_db), "--as-of", BAD_DAY.isoformat())
    assert code == 0 and "not a diagnosis" in out and f"] {BENCH} — since" in out and "→ " in out
    code, out, _ = run(capsys, "flags", "--db", str(demo_db), "--as-of", END.isoformat())
    assert out.strip() == f"No flags as of {END.isoformat()}."


def test_plan_json_follows_the_bench_story(demo_db, capsys):
    def bench(day: dt.date, unit: str = "kg") -> dict:
        code, out, _ = run(capsys, "plan", "--db", str(demo_db), "--as-of", day.isoformat(), "--unit", unit,
                           "--json")
        assert code == 0
        rows = json.loads(out)
        assert all(set(r) == PLAN_KEYS for r in rows)
        return next(r for r in rows if r["exercise"] == BENCH)

    stalled = bench(BAD_DAY)
    assert stalled["phase"] == "strength" and stalled["status"] == "switch"
    rx = stalled["prescription"]
    # Shoulder pain reached 6/10: gentler mobilization with an alternative that spares it, or endurance in kg.
    assert (rx["band"] == "mobilize" and rx["exercise"] != BENCH) or (rx["band"] == "endurance"
                                                                      and rx["load"].endswith(" kg"))
    assert stalled["areas"] == ["shoulder", "chest", "elbow", "wrist"]
    block = bench(FIRST_MONDAY + dt.timedelta(weeks=SWITCH_FROM + 1, days=6))
    assert block["phase"] == "endurance" and block["status"] != "switch"  # following the prescription
    ready = bench(FIRST_MONDAY + dt.timedelta(weeks=RETURN_FROM - 1, days=6), unit="lb")
    assert ready["status"] == "ready_to_return" and all(c["met"] for c in ready["criteria"])
    assert ready["prescription"]["band"] == "strength" and ready["prescription"]["load"].endswith(" lb")
    assert float(ready["prescription"]["load"].split()[0]) % 5 == 0
    back = bench(END)
    assert back["phase"] == "strength" and back["status"] == "ok"


def test_plan_human_table(demo_db, capsys):
    code, out, _ = run(capsys, "plan", "--db", str(demo_db), "--as-of", BAD_DAY.isoformat())
    assert code == 0 and "status" in out.splitlines()[1] and BENCH in out and "Switch" in out


def test_bad_date_is_one_clear_line(demo_db, capsys):
    for cmd in ("flags", "plan"):
        code, out, err = run(capsys, cmd, "--db", str(demo_db), "--as-of", "2026-13-40")
        assert code == 2 and out == ""
        assert err.strip() == "error: --as-of '2026-13-40' is not a date; use YYYY-MM-DD"


def test_module_entry_point(demo_db):
    proc = subprocess.run([sys.executable, "-m", "rehab", "plan", "--db", str(demo_db), "--as-of",
                           BAD_DAY.isoformat(), "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert any(r["exercise"] == BENCH and r["status"] == "switch" for r in json.loads(proc.stdout))


# --- session diary


def test_session_add_list_update_delete(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    code, out, _ = run(capsys, "session", "add", "--date", "2026-03-02", "--workout", "Lower A", "--intent",
                       "deload", "--db", db)
    assert code == 0 and out.startswith("saved session entry ")
    sid = out.split()[-1]
    run(capsys, "session", "add", "--date", "2026-03-02", "--workout", "lower a", "--feel", "good", "--db", db)
    code, out, _ = run(capsys, "session", "list", "--json", "--db", db)
    rows = json.loads(out)
    assert [(r["session_id"], r["intent"], r["feel"]) for r in rows] == [(sid, "deload", "good")]  # one per workout
    code, _, _ = run(capsys, "session", "delete", sid, "--db", db)
    assert code == 0
    assert json.loads(run(capsys, "session", "list", "--json", "--db", db)[1]) == []


def test_session_bad_input(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    code, _, err = run(capsys, "session", "add", "--date", "2026-03-02", "--db", db)
    assert code == 2 and "at least an intent, a feel or a note" in err
    code, _, err = run(capsys, "session", "delete", "nope", "--db", db)
    assert code == 2 and "no session entry" in err


def test_session_csv_is_all_or_nothing(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,workout,intent,feel,note\n2026-03-02,A,deload,,\n2026-03-03,B,resting,,\n"
                   "2026-03-04,,peaking,great,\n")
    code, _, err = run(capsys, "session", "import", str(bad), "--db", db)
    assert code == 2 and "bad.csv: line 3: intent 'resting'" in err and "line 4: feel 'great'" in err
    assert json.loads(run(capsys, "session", "list", "--json", "--db", db)[1]) == []
    good = tmp_path / "good.csv"
    good.write_text("date,workout,intent,feel,note\n2026-03-02,A,deload,,\n2026-03-04,,peaking,hard,openers\n")
    code, out, _ = run(capsys, "session", "import", str(good), "--json", "--db", db)
    assert json.loads(out) == {"file": str(good), "rows_read": 2, "added": 2, "duplicates": 0}
    code, out, _ = run(capsys, "session", "import", str(good), "--json", "--db", db)
    assert json.loads(out)["added"] == 0  # re-importing adds nothing


def test_session_feel_reaches_the_plan(demo_db, tmp_path, capsys):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    day = FIRST_MONDAY + dt.timedelta(weeks=5)
    for d in (day, day + dt.timedelta(days=4)):  # two Full Body A sessions logged as exhausting
        run(capsys, "session", "add", "--date", d.isoformat(), "--feel", "exhausting", "--db", str(db))
    _, out, _ = run(capsys, "plan", "--db", str(db), "--as-of", (day + dt.timedelta(days=5)).isoformat(),
                    "--json")
    bench = next(r for r in json.loads(out) if r["exercise"] == BENCH)
    assert "too_intense" in bench["flags"] and bench["status"] == "switch"


# --- areas


def test_areas_set_list_clear_and_the_override_wins(demo_db, tmp_path, capsys):
    import shutil

    db = str(tmp_path / "copy.duckdb")
    shutil.copy(demo_db, db)
    rdl = "Romanian Deadlift (Barbell)"

    def plan_of(name):
        rows = json.loads(run(capsys, "plan", "--db", db, "--as-of", BAD_DAY.isoformat(), "--json")[1])
        return next(r for r in rows if r["exercise"] == name)

    assert plan_of(rdl)["flags"] == [] and "shoulder" not in plan_of(rdl)["areas"]
    code, out, _ = run(capsys, "areas", "set", rdl, "Shoulder", "lower back", "--db", db)
    assert code == 0 and out.strip() == f"{rdl}: shoulder, lower back"
    rows = {r["exercise"]: r for r in json.loads(run(capsys, "areas", "list", "--json", "--db", db)[1])}
    assert rows[rdl] == {"exercise": rdl, "areas": ["shoulder", "lower back"], "source": "override"}
    assert rows[BENCH]["source"] == "table"
    after = plan_of(rdl)
    assert after["areas"] == ["shoulder", "lower back"] and "pain_rising" in after["flags"]  # it wins
    code, out, _ = run(capsys, "areas", "clear", rdl, "--db", db)
    assert "back to the built-in areas" in out
    code, _, err = run(capsys, "areas", "set", BENCH, "elbowz", "--db", db)
    assert code == 2 and "unknown body area 'elbowz'" in err
