"""The generic CSV template (README "Generic CSV template") and the detection order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rehab.imports import FORMAT_NAMES
from rehab.imports.base import ImportFailure
from rehab.imports.pipeline import import_file

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "data" / "template.csv"


def stored(db, *keys: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT {', '.join(keys)} FROM sets ORDER BY source_line").fetchall()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_detection_order_generic_last():
    assert FORMAT_NAMES[-1] == "generic"
    assert FORMAT_NAMES[-7:] == ["strong", "hevy", "fitnotes", "fitbod", "liftosaur", "lyfta", "generic"]


def test_shipped_template(db):
    rep = import_file(db, TEMPLATE)
    assert (rep.format, rep.unit, rep.sets_added, rep.rejected) == ("generic", "per-row", 7, 0)
    a = dt.datetime(2026, 1, 10, 8, 30)
    assert stored(db, "workout_start", "workout_name", "exercise", "set_index", "set_kind", "reps", "weight_kg",
                  "rpe", "distance_m", "duration_s", "notes") == [
        (a, "Knee rehab A", "Goblet Squat", 1, "warmup", 12.0, 8.0, None, None, None, None),
        (a, "Knee rehab A", "Goblet Squat", 2, "normal", 10.0, 16.0, 7.0, None, None, "knee 2/10, fine"),
        (a, "Knee rehab A", "Goblet Squat", 3, "normal", 10.0, 16.0, 8.0, None, None, None),
        (a, "Knee rehab A", "Step Down", 1, "normal", 15.0, None, 6.0, None, None, "bodyweight"),
        (a, "Knee rehab A", "Side Plank", 1, "normal", None, None, None, None, 45.0, None),
        (dt.datetime(2026, 1, 12), "Walk", "Walking", 1, "normal", None, None, None, 3200.0, 1800.0, None),
        (dt.datetime(2026, 1, 13, 18), "Upper", "Dumbbell Row", 1, "normal", 12.0, 15.8757, 7.0, None, None,
         "shoulder 1/10"),
    ]


def test_header_is_case_insensitive_with_weight_kg_column(db, tmp_path):
    rep = import_file(db, write(tmp_path, "Date,EXERCISE,Reps,Weight_KG\n2026-02-01,Squat,5,100\n2026-02-01,Squat,5,"
                                          "102.5\n"))
    assert (rep.format, rep.unit) == ("generic_kg", "kg")
    assert stored(db, "exercise", "set_index", "reps", "weight_kg") == [("Squat", 1, 5.0, 100.0),
                                                                       ("Squat", 2, 5.0, 102.5)]


def test_weight_lb_column_and_semicolons(db, tmp_path):
    rep = import_file(db, write(tmp_path, "DATE;Exercise;reps;weight_lb\n2026-02-01;Bench;8;100\n"))
    assert (rep.format, rep.unit) == ("generic_lb", "lb")
    assert stored(db, "weight_kg") == [(45.3592,)]


def test_bare_weight_column_asks_for_a_unit(db, tmp_path):
    path = write(tmp_path, "date,exercise,reps,weight\n2026-02-01,Bench,8,100\n")
    with pytest.raises(ImportFailure, match=r"log\.csv.*--unit"):
        import_file(db, path)
    import_file(db, path, unit="lb")
    assert stored(db, "weight_kg") == [(45.3592,)]


def test_row_errors_name_the_line(db, tmp_path):
    path = write(tmp_path, "date,exercise,reps,weight,unit,set_type\n"
                           "2026-02-01,Bench,8,60,kg,\n"
                           "2026-02-01,Bench,8,60,,\n"
                           "2026-02-01,Bench,8,60,stone,\n"
                           "2026-02-01,Bench,8,60,kg,superset\n"
                           "someday,Bench,8,60,kg,\n"
                           "2026-02-01,,8,60,kg,\n")
    rep = import_file(db, path)
    assert rep.sets_added == 1
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (3, "unit missing for a weighted set (kg or lb)"),
        (4, "unit is not kg or lb: 'stone'"),
        (5, "unknown set_type: 'superset'"),
        (6, "date is not a date: 'someday'"),
        (7, "exercise name missing"),
    ]


def test_unit_option_fills_blank_units(db, tmp_path):
    import_file(db, write(tmp_path, "date,exercise,reps,weight,unit\n2026-02-01,Bench,8,100,\n"
                                    "2026-02-01,Bench,8,50,kg\n"), unit="lb")
    assert stored(db, "weight_kg") == [(45.3592,), (50.0,)]


def test_intent_and_feel_columns_go_to_the_session_diary_with_the_batch(tmp_path):
    from rehab.imports.pipeline import import_file, undo_import
    from rehab.pain.sessions import load_sessions
    from rehab.storage.db import connect

    path = tmp_path / "g.csv"
    path.write_text("date,workout,exercise,reps,weight_kg,intent,feel\n"
                    "2026-03-02 07:00,Lower,Squat,5,100,deload,\n"
                    "2026-03-02 07:00,Lower,Squat,5,100,,good\n"
                    "2026-03-04 18:00,Upper,Bench,5,60,peaking,exhausting\n"
                    "2026-03-06 18:00,Upper,Bench,5,60,resting,\n", encoding="utf-8")
    con = connect(tmp_path / "s.duckdb")
    rep = import_file(con, path)
    assert rep.sets_added == 3 and [(r.line, r.reason) for r in rep.rejects] == [
        (5, "intent 'resting' is not one of normal, deload, peaking, test, rehab")]
    got = load_sessions(con)
    assert [(d.date().isoformat(), w, i, f) for d, w, i, f in got[["day", "workout", "intent", "feel"]].itertuples(
        index=False)] == [("2026-03-02", "Lower", "deload", "good"), ("2026-03-04", "Upper", "peaking", "exhausting")]
    assert set(got["batch_id"]) == {rep.batch_id} and set(got["source"]) == {"import"}
    assert import_file(con, path).sets_added == 0 and len(load_sessions(con)) == 2  # re-import adds nothing
    undo_import(con, rep.batch_id)
    assert load_sessions(con).empty
