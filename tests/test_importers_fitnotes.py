"""FitNotes exports: old/new headers, per-row units, unquoted commas, body-tracker refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rehab.imports.base import ImportFailure
from rehab.imports.formats.fitnotes import detect, fix_record
from rehab.imports.pipeline import import_file

FIX = Path(__file__).parent / "fixtures"
NEW_HEADER = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"


def fields(line: str) -> list[str]:
    """Split like FitNotes' unquoted CSV would be read."""
    return line.split(",")


def stored(db, *keys: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT {', '.join(keys)} FROM sets ORDER BY source_line").fetchall()


def day(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d)


def test_old_header_pounds_comma_in_name_time_and_distance(db):
    rep = import_file(db, FIX / "fitnotes_old_lbs.csv")
    assert (rep.format, rep.unit, rep.sets_added, rep.rejected) == ("fitnotes_old", "lb", 4, 0)
    assert stored(db, "workout_start", "workout_name", "exercise", "set_kind", "set_index", "reps", "weight_kg",
                  "distance_m", "duration_s") == [
        (day(2020, 9, 13), None, "Barbell Squat", "normal", 1, 5.0, 61.235, None, None),
        (day(2020, 9, 13), None, "Overhead Press (Each Side, Dumbbells)", "normal", 1, 10.0, 11.3398, None, None),
        (day(2020, 9, 13), None, "Plank", "normal", 1, None, None, None, 90.0),
        (day(2020, 9, 14), None, "Treadmill", "normal", 1, None, None, 2500.0, 1200.0),
    ]


def test_old_header_kgs(db, tmp_path):
    path = tmp_path / "kgs.csv"
    path.write_text("Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
                    "2021-02-03,Leg Press,Legs,120.0,12,,,\n", encoding="utf-8")
    rep = import_file(db, path)
    assert (rep.format, rep.unit) == ("fitnotes_old", "kg")
    assert stored(db, "exercise", "reps", "weight_kg") == [("Leg Press", 12.0, 120.0)]


def test_new_header_mixed_units_per_row(db):
    rep = import_file(db, FIX / "fitnotes_new_mixed.csv")
    assert (rep.format, rep.unit, rep.sets_added) == ("fitnotes_new", "per-row", 4)
    assert stored(db, "exercise", "set_index", "reps", "weight_kg") == [
        ("Bench Press", 1, 8.0, 60.0),
        ("Bench Press", 2, 8.0, 61.235),  # 135 lbs
        ("Lateral Raise (Seated, Dumbbell)", 1, 15.0, 7.5),
        ("Pull Up", 1, 6.0, None),  # 0 = bodyweight
    ]


def test_comment_column_commas_in_name_and_in_comment(db):
    rep = import_file(db, FIX / "fitnotes_new_comment.csv")
    assert (rep.sets_added, rep.rejected) == (5, 0)
    assert stored(db, "source_line", "workout_start", "exercise", "reps", "weight_kg", "distance_m", "duration_s",
                  "notes") == [
        (2, day(2023, 11, 21), "Deadlift", 5.0, 100.0, None, None, "felt good, no back pain"),
        (3, day(2023, 11, 21), "Overhead Press (Each Side, Dumbbells)", 10.0, 13.6078, None, None, None),
        (4, day(2023, 11, 21), "Curl (Cable, Rope)", 12.0, 20.0, None, None, "elbow 3/10, stopped early, iced"),
        (5, day(2023, 11, 22), "Rowing Machine", None, None, 2000.0, 510.0, None),
        (6, day(2023, 11, 22), "Deadlift", 3.0, 102.0583, None, None, None),
    ]


def test_fix_record_puts_extra_fields_where_types_fit():
    det = detect(fields(NEW_HEADER))
    assert fix_record(fields("2024-01-01,Press (A, B),Shoulders,20,kgs,5,,,,"), det) == [
        "2024-01-01", "Press (A, B)", "Shoulders", "20", "kgs", "5", "", "", "", ""]
    assert fix_record(fields("2024-01-01,Press,Shoulders,20,kgs,5,,,,ok, sore"), det)[-1] == "ok, sore"
    both = fix_record(fields("2024-01-01,Press (A, B),Shoulders,20,kgs,5,,,,ok, sore, iced"), det)
    assert (both[1], both[-1]) == ("Press (A, B)", "ok, sore, iced")
    # a row without the trailing comment gets an empty one
    assert fix_record(fields("2024-01-01,Press,Shoulders,20,kgs,5,,,"), det)[-1] == ""
    # no reading fits the typed columns
    assert fix_record(fields("2024-01-01,Press,Shoulders,heavy,kgs,5,,,,x,y"), det) is None


def test_unrecoverable_row_is_rejected_with_its_line(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time\n"
                    "2020-01-01,Squat,Legs,100.0,5,,,\n"
                    "2020-01-01,Squat, Legs,Legs,heavy,5,,,\n"
                    "2020-01-01,Squat,Legs,105.0,5,,,\n", encoding="utf-8")
    rep = import_file(db, path)
    assert rep.sets_added == 2
    assert [(r.line, r.reason) for r in rep.rejects] == [(3, "expected 8 fields, found 9")]


def test_body_tracker_export_is_refused(db):
    with pytest.raises(ImportFailure, match=r"fitnotes_body\.csv: this is a FitNotes body-tracker export, not a "
                                            r"workout log"):
        import_file(db, FIX / "fitnotes_body.csv")
    assert stored(db, "exercise") == []


def test_header_without_any_unit_asks_for_one(db, tmp_path):
    path = tmp_path / "nounit.csv"
    path.write_text("Date,Exercise,Category,Weight,Reps,Distance,Distance Unit,Time\n"
                    "2021-02-03,Leg Press,Legs,100.0,12,,,0:00:40\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match=r"nounit\.csv.*--unit"):
        import_file(db, path)
    rep = import_file(db, path, unit="lb")
    assert rep.format == "fitnotes_no_unit"
    assert stored(db, "exercise", "weight_kg", "duration_s") == [("Leg Press", 45.3592, 40.0)]
