"""More apps (issue 12): StrongLifts, Liftosaur, Alpha Progression, Lyfta, JEFIT, Garmin FIT.

Each fixture is a small file written for these tests in the app's layout (see
docs/formats.md for the public files each layout was read from). Every format is
imported through the real CLI, ``python -m rehab import --json`` then
``summary --json``, and checked exactly: sets, reps, volume, days, exercises.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehab.imports.pipeline import import_file

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"


def rehab(*args: str, tz: str = "UTC") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": tz}
    env.pop("REHAB_DB", None)
    return subprocess.run([sys.executable, "-m", "rehab", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def cli_import(path: Path, db: Path, *extra: str, tz: str = "UTC") -> tuple[dict, dict]:
    """Import through the CLI; return (the import report, the summary)."""
    proc = rehab("import", str(path), "--db", str(db), "--json", *extra, tz=tz)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    summ = rehab("summary", "--db", str(db), "--json")
    assert summ.returncode == 0, summ.stderr
    return report, json.loads(summ.stdout)


TOTALS = ("sets", "reps_total", "volume_kg", "training_days", "exercises", "first_day", "last_day",
          "working_sets", "working_volume_kg")


def totals(summary: dict) -> tuple:
    return tuple(summary[k] for k in TOTALS)


def stored(db, *keys: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT {', '.join(keys)} FROM sets ORDER BY source_line, set_index").fetchall()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ StrongLifts

def test_stronglifts_current_layout_through_cli(tmp_path):
    report, summ = cli_import(FIX / "stronglifts_kg.csv", tmp_path / "s.duckdb")
    assert (report["format"], report["unit"], report["sets_added"], report["rejected"]) == ("stronglifts", "kg", 25, 0)
    # 0 and blank rep slots are sets not done; the pull-ups' weight 0 is bodyweight
    assert totals(summ) == (25, 126, 4047.5, 2, 6, "2025-03-04", "2025-03-06", 25, 4047.5)
    again, summ2 = cli_import(FIX / "stronglifts_kg.csv", tmp_path / "s.duckdb")
    assert (again["sets_added"], again["duplicates"]) == (0, 25)
    assert totals(summ2) == totals(summ)


def test_stronglifts_current_layout_values(db):
    import_file(db, FIX / "stronglifts_kg.csv")
    rows = stored(db, "source_line", "workout_start", "workout_name", "exercise", "set_index", "reps", "weight_kg",
                  "notes", "workout_duration_s")
    bench = [r for r in rows if r[3] == "Bench Press"]
    assert [(r[4], r[5], r[6]) for r in bench] == [(1, 5.0, 30.0), (2, 5.0, 30.0), (3, 4.0, 30.0), (4, 3.0, 30.0)]
    assert bench[0][:3] == (3, dt.datetime(2025, 3, 4, 18, 30), "Workout A")
    assert bench[0][7] == "knee fine, shoulder 2/10" and bench[0][8] == pytest.approx(2700.0)
    pull = [r for r in rows if r[3] == "Pull Up"]
    assert [(r[1], r[5], r[6]) for r in pull] == [(dt.datetime(2025, 3, 6, 7, 5), 8.0, None),
                                                  (dt.datetime(2025, 3, 6, 7, 5), 6.0, None)]


def test_stronglifts_legacy_day_first_decided_by_the_file(tmp_path):
    report, summ = cli_import(FIX / "stronglifts_legacy_dmy.csv", tmp_path / "s.duckdb")
    assert (report["format"], report["sets_added"], report["rejected"]) == ("stronglifts_legacy", 49, 0)
    # 14/02/20 can only be day-first, so 03/02/20 is 3 February, not 2 March
    assert totals(summ) == (49, 240, 6957.5, 4, 5, "2020-02-03", "2020-02-14", 49, 6957.5)


def test_stronglifts_legacy_month_first_in_pounds(tmp_path):
    _, summ = cli_import(FIX / "stronglifts_legacy_mdy_lb.csv", tmp_path / "s.duckdb")
    # 02/14/20 can only be month-first; weights from the (LB) columns
    assert totals(summ) == (30, 148, round(9130 * 0.45359237, 1), 3, 3, "2020-02-03", "2020-02-14", 30,
                            round(9130 * 0.45359237, 1))


def test_stronglifts_legacy_undecided_dates_follow_the_file_order(db, tmp_path):
    text = (FIX / "stronglifts_legacy_mdy_lb.csv").read_text(encoding="utf-8").splitlines()
    # no number above 12: read month-first the file would run Dec 2020 -> Feb -> Apr,
    # read day-first it runs 12 Jan -> 2 Feb -> 4 Feb, forwards as the app writes it
    rows = [text[1].replace("02/03/20", "12/01/20"), text[2].replace("02/05/20", "02/02/20"),
            text[3].replace("02/14/20", "04/02/20")]
    path = write(tmp_path, "sl.csv", "\n".join([text[0], *rows]) + "\n")
    import_file(db, path)
    days = [d for (d,) in db.cursor().execute("SELECT DISTINCT day FROM sets ORDER BY day").fetchall()]
    assert days == [dt.date(2020, 1, 12), dt.date(2020, 2, 2), dt.date(2020, 2, 4)]


def test_stronglifts_bad_cells_are_rejected_with_line_and_reason(db, tmp_path):
    text = (FIX / "stronglifts_legacy_dmy.csv").read_text(encoding="utf-8")
    text = text.replace("05/02/20,,70,,Squat,32.5,,5,5,5,5,5", "05/02/20,,70,,Squat,32.5,,5,five,5,5,5")
    text = text.replace("07/02/20,", "31/02/20,")
    rep = import_file(db, write(tmp_path, "sl.csv", text))
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (3, "Set is not a number: 'five'"),
        (4, "Date '31/02/20' is not a date in this file's day/month/year order"),
    ]
    assert rep.sets_added == 49 - 1 - 15


# -------------------------------------------------------------------- Liftosaur

def test_liftosaur_only_completed_sets_in_local_time(tmp_path):
    report, summ = cli_import(FIX / "liftosaur.csv", tmp_path / "l.duckdb", tz="America/New_York")
    assert (report["format"], report["sets_read"], report["sets_added"], report["rejected"]) == ("liftosaur", 8, 8, 0)
    # 01:30 UTC on 5 March is 20:30 on the 4th in New York: that is the training day
    assert totals(summ) == (8, 33, round(100 + 660 + 400 + 600 * 0.45359237, 1), 2, 4, "2025-03-04",
                            "2025-03-07", 7, round(660 + 400 + 600 * 0.45359237, 1))


def test_liftosaur_values(db, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time
    time.tzset()
    try:
        import_file(db, FIX / "liftosaur.csv")
    finally:
        monkeypatch.undo()
        time.tzset()
    rows = stored(db, "source_line", "workout_start", "workout_name", "exercise", "set_kind", "reps", "weight_kg",
                  "rpe", "notes")
    assert rows[0] == (2, dt.datetime(2025, 3, 5, 1, 30), "GZCLP · Day 1", "Squat, Barbell", "warmup", 5.0, 20.0,
                       None, "left knee 2/10")
    assert rows[3][4:8] == ("normal", 5.0, 60.0, 9.0)
    # completed without a completed weight: done at the required 40 kg; the untouched row 7 is no set
    assert rows[4][:1] + rows[4][5:7] == (6, 10.0, 40.0)
    assert [r[0] for r in rows] == [2, 3, 4, 5, 6, 8, 9, 10]
    assert rows[7][6] is None  # plank, weight 0


def test_liftosaur_bad_rows(db, tmp_path):
    text = (FIX / "liftosaur.csv").read_text(encoding="utf-8")
    text = text.replace("2025-03-07T17:00:00.000Z,GZCLP,Day 2,Plank", "yesterday,GZCLP,Day 2,Plank")
    text = text.replace("0,3,3,0,8,8,1,60,kg,60,kg", "0,3,3,0,8,8,1,60,kg,60,stone")
    rep = import_file(db, write(tmp_path, "l.csv", text))
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (3, "Completed Weight Unit is not kg or lb: 'stone'"),
        (10, "Workout DateTime is not a date: 'yesterday'"),
    ]
    assert rep.sets_added == 6


# ------------------------------------------------------------------------ Lyfta

def test_lyfta_asks_for_the_unit(tmp_path):
    proc = rehab("import", str(FIX / "lyfta.csv"), "--db", str(tmp_path / "l.duckdb"), "--json")
    assert proc.returncode == 2
    assert "lyfta.csv: this lyfta export does not say whether weights are kg or lb; pass --unit kg or --unit lb" \
        in proc.stderr


def test_lyfta_through_cli(tmp_path):
    report, summ = cli_import(FIX / "lyfta.csv", tmp_path / "l.duckdb", "--unit", "kg")
    assert (report["format"], report["unit"], report["sets_added"], report["rejected"]) == ("lyfta", "kg", 7, 0)
    assert totals(summ) == (7, 79, 3477.5, 2, 4, "2025-04-01", "2025-04-03", 6, 2757.5)


def test_lyfta_values_and_pounds(db, tmp_path):
    import_file(db, FIX / "lyfta.csv", unit="lb")
    rows = stored(db, "source_line", "workout_start", "workout_name", "workout_duration_s", "exercise", "set_index",
                  "set_kind", "reps", "weight_kg", "superset_id")
    assert rows[0] == (2, dt.datetime(2025, 4, 1, 18, 5, 10), "Legs", 3150.0, "Leg Press", 1, "warmup", 12.0,
                       round(60 * 0.45359237, 4), None)
    assert rows[1][5:7] == (1, "normal") and rows[2][5] == 2  # warm-ups numbered on their own
    assert rows[4][8:] == (None, "1")  # bodyweight calf raise in superset 1
    assert rows[6][6] == "drop"


def test_lyfta_unknown_set_type_rejected(db, tmp_path):
    text = (FIX / "lyfta.csv").read_text(encoding="utf-8").replace("22.500,7,,,DROP_SET", "22.500,7,,,MYSTERY")
    rep = import_file(db, write(tmp_path, "l.csv", text), unit="kg")
    assert [(r.line, r.reason) for r in rep.rejects] == [(8, "unknown Set Type: 'MYSTERY'")]


# ------------------------------------------------------------ Alpha Progression

def test_alpha_progression_european_through_cli(tmp_path):
    report, summ = cli_import(FIX / "alpha_progression_eu.csv", tmp_path / "a.duckdb")
    assert (report["format"], report["sets_added"], report["rejected"]) == ("alpha_progression", 14, 0)
    # 5 warm-ups from the exercise lines; "-" sets not done; +0 is bodyweight, +5 is 5 kg on top
    assert totals(summ) == (14, 106, 2410.0, 2, 5, "2025-05-06", "2025-05-08", 11, 2010.0)


def test_alpha_progression_values(db):
    import_file(db, FIX / "alpha_progression_eu.csv")
    rows = stored(db, "source_line", "workout_start", "workout_name", "workout_duration_s", "exercise", "set_index",
                  "set_kind", "reps", "weight_kg", "duration_s", "rpe")
    first = dt.datetime(2025, 5, 6, 18, 10)
    assert rows[0] == (2, first, "Upper · Day 1 · Week 2 · Rehab Block", 2880.0, "Bench Press · Barbell", 1,
                       "warmup", 10.0, 20.0, None, None)
    # "57,5" decimal comma; RIR 2 is RPE 8
    assert rows[2] == (4, first, "Upper · Day 1 · Week 2 · Rehab Block", 2880.0, "Bench Press · Barbell", 1,
                       "normal", 8.0, 57.5, None, 8.0)
    assert [(r[4], r[7], r[8]) for r in rows if r[0] in (9, 10)] == [("Pull-ups · Bodyweight", 8.0, None),
                                                                      ("Pull-ups · Bodyweight", 6.0, 5.0)]
    plank = [r for r in rows if r[4] == "Plank · Bodyweight"]
    assert [(r[1], r[3], r[7], r[9]) for r in plank] == [(dt.datetime(2025, 5, 8, 7, 30), 3300.0, None, 45.0),
                                                          (dt.datetime(2025, 5, 8, 7, 30), 3300.0, None, 40.0)]


def test_alpha_progression_english_comma_variant(tmp_path):
    report, summ = cli_import(FIX / "alpha_progression_en.csv", tmp_path / "a.duckdb")
    assert (report["format"], report["sets_added"]) == ("alpha_progression_en", 7)
    lb = 95 * 20 + 105 * 8 + 70 * 23 + 180 * 12 + 200 * 10
    assert totals(summ) == (7, 73, round(lb * 0.45359237, 1), 2, 3, "2025-06-02", "2025-06-04", 7,
                            round(lb * 0.45359237, 1))


def test_alpha_progression_bad_lines(db, tmp_path):
    text = (FIX / "alpha_progression_eu.csv").read_text(encoding="utf-8")
    text = text.replace("2;57,5;8;1", "2;57,5;eight;1").replace("1;12,5;15;3", "1;12,5;15;lots")
    text = '1;50;5;1\n' + text  # a set line before any workout
    rep = import_file(db, write(tmp_path, "a.csv", text))
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (1, "a set line before any workout date, exercise or # column line"),
        (6, "REPS is not a number: 'eight'"),
        (15, "RIR is not a number from 0 to 10: 'lots'"),
    ]
    assert rep.sets_added == 12


# ------------------------------------------------------------------------ JEFIT

def test_jefit_backup_with_set_logs_through_cli(tmp_path):
    report, summ = cli_import(FIX / "jefit_backup.csv", tmp_path / "j.duckdb")
    assert (report["format"], report["unit"], report["sets_added"], report["rejected"]) == (
        "jefit_set_logs", "lb", 7, 0)
    lb = 30 * 28 + 50 * 24
    assert totals(summ) == (7, 79, round(lb * 0.45359237, 1), 2, 3, "2025-02-06", "2025-02-08", 7,
                            round(lb * 0.45359237, 1))


def test_jefit_values(db, tmp_path):
    import_file(db, FIX / "jefit_backup.csv")
    rows = stored(db, "source_line", "exercise", "set_index", "reps", "weight_kg")
    assert rows[0] == (31, "Dumbbell Bench Press", 1, 10.0, round(30 * 0.45359237, 4))
    assert rows[-1] == (37, "Bodyweight Squat", 2, 12.0, None)  # the 0-rep set of log 13 was not done
    days = {d for (d,) in db.cursor().execute("SELECT day FROM sets").fetchall()}
    assert days == {dt.date(2025, 2, 6), dt.date(2025, 2, 8)}


def test_jefit_packed_logs_ask_for_the_unit(tmp_path):
    proc = rehab("import", str(FIX / "jefit_backup_logs_only.csv"), "--db", str(tmp_path / "j.duckdb"), "--json")
    assert proc.returncode == 2
    assert "this jefit export does not say whether weights are kg or lb; pass --unit kg or --unit lb" in proc.stderr
    report, summ = cli_import(FIX / "jefit_backup_logs_only.csv", tmp_path / "j.duckdb", "--unit", "kg")
    assert (report["format"], report["unit"], report["sets_added"]) == ("jefit", "kg", 7)
    # "20x0" is a set not done
    assert totals(summ) == (7, 60, 2200.0, 2, 3, "2024-09-10", "2024-09-12", 7, 2200.0)


def test_jefit_bad_entries(db, tmp_path):
    text = (FIX / "jefit_backup_logs_only.csv").read_text(encoding="utf-8")
    text = text.replace('"40x10,45x8,45x8"', '"40x10,45 by 8,45x8"').replace(",2024-09-12,", ",12.9.2024,")
    rep = import_file(db, write(tmp_path, "j.csv", text), unit="kg")
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (11, "logs entry is not WEIGHTxREPS: '45 by 8'"),
        (13, "mydate is not a date: '12.9.2024'"),
    ]
    assert rep.sets_added == 4


# ------------------------------------------------------------------- Garmin FIT

def test_garmin_fit_through_cli(tmp_path):
    # the watch's own offset (+01:00) is used, whatever the machine's zone
    report, summ = cli_import(FIX / "garmin_strength.fit", tmp_path / "g.duckdb", tz="America/New_York")
    assert (report["format"], report["unit"], report["sets_added"], report["rejected"]) == ("garmin_fit", "kg", 7, 0)
    assert totals(summ) == (7, 67, 964.0, 1, 4, "2025-01-14", "2025-01-14", 6, 964.0)


def test_garmin_fit_values(db):
    import_file(db, FIX / "garmin_strength.fit")
    rows = stored(db, "source_line", "workout_start", "workout_duration_s", "exercise", "set_index", "set_kind",
                  "reps", "weight_kg", "duration_s")
    start = dt.datetime(2025, 1, 14, 18, 30)
    assert rows[0] == (1, start, 900.0, "Dumbbell Bench Press", 1, "normal", 10.0, 20.0, 40.0)
    # rest records (2, 4, …) are no sets; the first guess "unknown" is skipped for "squat"
    assert [r[0] for r in rows] == [1, 3, 5, 7, 9, 11, 13]
    assert rows[3][3] == "Dumbbell Squat"
    assert rows[5][3:] == ("Plank", 1, "normal", None, None, 45.0)
    assert rows[6][3:8] == ("Warm Up", 1, "warmup", 15.0, None)


def test_garmin_fixture_is_reproducible():
    sys.path.insert(0, str(FIX))
    try:
        import make_garmin_fit
    finally:
        sys.path.remove(str(FIX))
    assert make_garmin_fit.build() == (FIX / "garmin_strength.fit").read_bytes()


def test_garmin_fit_damaged_or_not_strength(db, tmp_path):
    from garmin_fit_sdk import Encoder, Profile

    data = (FIX / "garmin_strength.fit").read_bytes()
    cut = write(tmp_path, "cut.fit", "")
    cut.write_bytes(data[:-40])
    with pytest.raises(Exception, match=r"cut\.fit: this FIT file is damaged or cut short"):
        import_file(db, cut)

    enc = Encoder()
    enc.on_mesg(Profile["mesg_num"]["FILE_ID"], {"type": "activity", "manufacturer": "garmin"})
    enc.on_mesg(Profile["mesg_num"]["SESSION"], {"timestamp": dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
                                                 "start_time": dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
                                                 "sport": "running", "sub_sport": "generic"})
    run = tmp_path / "run.fit"
    run.write_bytes(enc.close())
    with pytest.raises(Exception, match=r"run\.fit: this FIT activity has no strength sets \(it is a running/generic"):
        import_file(db, run)
    assert db.cursor().execute("SELECT count(*) FROM sets").fetchone()[0] == 0


# ---------------------------------------------------------- damaged files, any app

APP_FIXTURES = ["stronglifts_kg.csv", "stronglifts_legacy_dmy.csv", "liftosaur.csv", "lyfta.csv",
                "alpha_progression_eu.csv", "alpha_progression_en.csv", "jefit_backup.csv",
                "jefit_backup_logs_only.csv", "garmin_strength.fit"]
_JUNK = [b"\n", b"\r", b'"', b";", b",", b"-", b"+", b"x", b"###", b"99999", b"1e309", b"\xff", b"\x00"]


@st.composite
def damaged(draw):
    name = draw(st.sampled_from(APP_FIXTURES))
    data = bytearray((FIX / name).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if draw(st.booleans()):
            del data[pos:pos + draw(st.integers(1, 30))]
        else:
            data[pos:pos] = draw(st.sampled_from(_JUNK))
    return name, bytes(data)


@settings(deadline=None, max_examples=40, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=damaged(), unit=st.sampled_from(["kg", "lb", None]))
def test_damaged_app_exports_fail_cleanly_or_import_consistently(tmp_path_factory, case, unit):
    """A damaged file is refused with one clear line naming it, or imported with every row accounted for."""
    from rehab.imports.base import ImportFailure
    from rehab.storage.db import connect

    name, data = case
    work = tmp_path_factory.mktemp("damaged")
    path = work / name
    path.write_bytes(data)
    con = connect(work / "d.duckdb")
    try:
        try:
            rep = import_file(con, path, unit=unit)
        except ImportFailure as exc:
            assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
            assert con.cursor().execute("SELECT count(*) FROM sets").fetchone()[0] == 0
            return
        assert rep.sets_read == rep.sets_added + rep.duplicates + rep.rejected
        assert con.cursor().execute("SELECT count(*) FROM sets").fetchone()[0] == rep.sets_added
        assert all(r.line >= 1 and r.reason for r in rep.rejects)
    finally:
        con.close()


# ----------------------------------------------------- --format and the dashboard

def test_format_option_names_the_new_apps(tmp_path):
    ok = rehab("import", str(FIX / "garmin_strength.fit"), "--db", str(tmp_path / "f.duckdb"), "--json",
               "--format", "garmin_fit")
    assert ok.returncode == 0 and json.loads(ok.stdout)["sets_added"] == 7
    wrong = rehab("import", str(FIX / "hevy_kg_en.csv"), "--db", str(tmp_path / "f.duckdb"), "--format",
                  "stronglifts")
    assert wrong.returncode == 2
    assert "hevy_kg_en.csv: the header does not match the stronglifts format" in wrong.stderr


def test_dashboard_upload_of_a_fit_file_and_a_unitless_lyfta_export(tmp_path, monkeypatch):
    """The Import page previews both, asks Lyfta's unit with a guess, and imports them."""
    from streamlit.testing.v1 import AppTest

    from rehab.storage.db import connect

    db = tmp_path / "ui.duckdb"
    connect(db).close()
    monkeypatch.setenv("REHAB_DB", str(db))
    monkeypatch.delenv("REHAB_READ_ONLY", raising=False)
    import streamlit as stl
    stl.cache_data.clear()
    stl.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("app_pages/import_data.py")
    at.run()
    files = [FIX / "garmin_strength.fit", FIX / "lyfta.csv"]
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "application/octet-stream") for p in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # Only Lyfta asks. Its few weights are too weak evidence for the unit guess to pre-select one (it then
    # selects nothing), so the person answers.
    assert len(at.radio) == 1 and at.radio[0].value in (None, "kg")
    at.radio[0].set_value("kg").run()
    at.button(key="do_import").click()
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Sets added"] == ["7", "7"]
    stl.cache_data.clear()
    stl.cache_resource.clear()
