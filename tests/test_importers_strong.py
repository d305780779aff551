"""Strong exports, every header form in FORMATS.md, imported into a fresh database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rehab.imports.base import ImportFailure
from rehab.imports.pipeline import import_file

FIX = Path(__file__).parent / "fixtures"
COLS = ("source_line, exercise, set_kind, set_index, reps, weight_kg, distance_m, duration_s, rpe, notes, "
        "workout_start, workout_name, workout_notes, workout_duration_s")


def stored(db) -> list[dict]:
    cur = db.cursor()
    rows = cur.execute(f"SELECT {COLS} FROM sets ORDER BY source_line").fetchall()
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in rows]


def pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(r[k] for k in keys) for r in rows]


T_PUSH = dt.datetime(2025, 3, 4, 18, 5, 10)
#: strong_A_en.csv imported as lb: (line, exercise, kind, index, reps, weight_kg, distance_m, duration_s, rpe)
A_EN = [
    (2, "Bench Press (Barbell)", "warmup", 1, 10.0, 20.4117, None, None, None),
    (4, "Bench Press (Barbell)", "normal", 1, 6.0, 61.235, None, None, 7.5),
    (6, "Bench Press (Barbell)", "normal", 2, 6.0, 83.9146, None, None, 8.0),
    (7, "Bench Press (Barbell)", "failure", 1, 3.0, 83.9146, None, None, 10.0),
    (8, "Bench Press (Barbell)", "drop", 1, 12.0, 43.0913, None, None, None),
    (10, "Pull Up", "normal", 1, 8.0, None, None, None, None),
    (11, "Plank", "normal", 1, 0.0, None, None, 60.0, None),
    (12, "Running", "normal", 1, 0.0, None, pytest.approx(3.1 * 1609.344), 1500.0, None),
]
A_KEYS = ("source_line", "exercise", "set_kind", "set_index", "reps", "weight_kg", "distance_m", "duration_s", "rpe")


def test_form_a_pseudo_rows_tags_noise_and_multiline_note(db):
    rep = import_file(db, FIX / "strong_A_en.csv", unit="lb")
    assert (rep.format, rep.unit, rep.sets_read, rep.sets_added, rep.rejected) == ("strong_A", "lb", 8, 8, 0)
    rows = stored(db)
    assert pick(rows, *A_KEYS) == A_EN
    first = rows[0]
    # the quoted note spans lines 2-3; the next set is still reported at line 4
    assert first["notes"] == "Shoulder felt tight,\npain 4/10 at the bottom"
    assert (first["workout_start"], first["workout_name"], first["workout_notes"], first["workout_duration_s"]) == (
        T_PUSH, "Push Day", "Slept badly", 3900.0)
    assert rows[-1]["workout_start"] == dt.datetime(2025, 3, 6, 7, 30)
    # the "Note" pseudo row is not a set, but its text lands on the exercise's first set
    assert [r["notes"] for r in rows[1:]] == [None, None, None, None, "Use the blue band", None, None]
    assert rows[-1]["workout_duration_s"] == 31 * 60


def test_form_a_needs_a_unit(db):
    with pytest.raises(ImportFailure, match=r"strong_A_en\.csv.*--unit"):
        import_file(db, FIX / "strong_A_en.csv")


def test_utf16_gives_the_same_sets(db, tmp_path):
    path = tmp_path / "strong_utf16.csv"
    path.write_bytes((FIX / "strong_A_en.csv").read_text(encoding="utf-8").encode("utf-16"))
    import_file(db, path, unit="lb")
    assert pick(stored(db), *A_KEYS) == A_EN


def test_german_header_with_bom(db):
    assert (FIX / "strong_A_de.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rep = import_file(db, FIX / "strong_A_de.csv", unit="kg")
    assert rep.format == "strong_A"
    rows = stored(db)
    assert pick(rows, "exercise", "set_index", "reps", "weight_kg", "rpe") == [
        ("Kniebeuge (Langhantel)", 1, 8.0, 60.0, None),
        ("Kniebeuge (Langhantel)", 2, 5.0, 82.5, 8.0),
        ("Ausfallschritt", 1, 12.0, 6.8039, None),
    ]
    assert (rows[0]["notes"], rows[0]["workout_notes"], rows[0]["workout_duration_s"]) == ("Knie ok", "Morgens", 2280)
    assert rows[0]["workout_start"] == dt.datetime(2024, 11, 2, 9, 15)


def test_form_b_ten_columns(db):
    rep = import_file(db, FIX / "strong_B10.csv", unit="kg")
    assert rep.format == "strong_B"
    rows = stored(db)
    assert pick(rows, "exercise", "set_index", "reps", "weight_kg", "workout_duration_s") == [
        ("Bench Press (Barbell)", 1, 10.0, 50.0, None),
        ("Bench Press (Barbell)", 2, 8.0, 52.5, None),
        ("Chin Up", 1, 6.0, None, None),
    ]


def test_form_b_eleven_columns_in_pounds(db):
    rep = import_file(db, FIX / "strong_B11.csv", unit="lb")
    assert rep.format == "strong_B"
    assert pick(stored(db), "set_index", "weight_kg", "workout_duration_s") == [
        (1, 102.0583, 6300.0), (2, 102.0583, 6300.0)]


def test_oldest_form_unit_in_header_zero_based_crlf(db):
    assert b"\r\n" in (FIX / "strong_B_old_kgkm.csv").read_bytes()
    rep = import_file(db, FIX / "strong_B_old_kgkm.csv")  # no --unit needed: the header says kg
    assert (rep.format, rep.unit) == ("strong_B_old", "kg")
    assert pick(stored(db), "source_line", "exercise", "set_index", "weight_kg", "distance_m", "duration_s",
                "notes") == [
        (2, "Squat", 1, 70.0, None, None, None),
        (3, "Squat", 2, 72.5, None, None, None),
        (4, "Rowing", 1, None, 2000.0, 480.0, "easy"),
    ]


def test_form_c_semicolon_unit_per_row_newest_first(db):
    rep = import_file(db, FIX / "strong_C.csv")
    assert (rep.format, rep.unit, rep.sets_added) == ("strong_C", "per-row", 5)
    rows = stored(db)
    assert pick(rows, "exercise", "set_kind", "set_index", "reps", "weight_kg", "distance_m", "duration_s",
                "rpe") == [
        ("Deadlift (Barbell)", "normal", 1, 5.0, 100.0, None, None, 8.0),
        ("Push Up", "normal", 1, 15.0, None, None, None, None),
        ("Bench Press (Barbell)", "normal", 1, 4.0, 52.1631, None, None, 6.0),
        ("Bench Press (Barbell)", "warmup", 1, 8.0, 20.4117, None, None, None),
        ("Cycling", "normal", 1, None, None, 5000.0, 900.0, None),
    ]
    assert pick(rows, "workout_duration_s")[::2] == [(1020.0,), (2700.0,), (2700.0,)]
    assert rows[0]["workout_start"] == dt.datetime(2022, 12, 20, 16, 39, 37)


def test_form_d_quoted_semicolon_kg_metres(db):
    rep = import_file(db, FIX / "strong_D.csv")
    assert (rep.format, rep.unit) == ("strong_D", "kg")
    rows = stored(db)
    assert pick(rows, "exercise", "set_index", "reps", "weight_kg", "rpe", "distance_m", "duration_s", "notes",
                "workout_duration_s") == [
        ("Bench Press (Barbell)", 1, 5.0, 61.2349, None, None, None, None, 4543.0),
        ("Bench Press (Barbell)", 2, 5.0, 61.2349, 8.0, None, None, None, 4543.0),
        ("Running", 1, None, None, None, 5000.0, 1790.0, "knee 1/10", 1800.0),
    ]


def test_reimport_with_float_noise_adds_nothing(db, tmp_path):
    import_file(db, FIX / "strong_A_en.csv", unit="lb")
    noisy = (FIX / "strong_A_en.csv").read_text(encoding="utf-8").replace(",135.0,6.0,", ",135.00000000000003,6,")
    path = tmp_path / "again.csv"
    path.write_text(noisy, encoding="utf-8")
    rep = import_file(db, path, unit="lb")
    assert (rep.sets_added, rep.duplicates) == (0, 8)


def test_form_c_blank_unit_on_a_weighted_row_follows_the_file(db, tmp_path):
    text = (FIX / "strong_C.csv").read_text(encoding="utf-8")
    path = tmp_path / "c_lbs.csv"
    # only pounds are stated; a weighted row with a blank unit is read as pounds too
    path.write_text(text.replace(";100;kg;", ";100;;").replace(";5;km;", ";5;mi;"), encoding="utf-8")
    import_file(db, path)
    assert pick(stored(db), "weight_kg", "distance_m")[0::4] == [
        (45.3592, None), (None, pytest.approx(5 * 1609.344))]


def test_form_a_in_an_unknown_language_is_read_by_position(db, tmp_path):
    lines = (FIX / "strong_A_de.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = ("Fecha X,Nombre X,Duración X,Ejercicio X,Orden X,Peso X,Reps X,Distancia X,Segundos X,Notas X,"
              "Notas W,RPE\n")
    path = tmp_path / "es.csv"
    path.write_text(header + "".join(lines[1:]), encoding="utf-8")
    rep = import_file(db, path, unit="kg")
    assert rep.format == "strong_A"
    assert pick(stored(db), "exercise", "set_index", "reps", "weight_kg", "notes") == [
        ("Kniebeuge (Langhantel)", 1, 8.0, 60.0, "Knie ok"),
        ("Kniebeuge (Langhantel)", 2, 5.0, 82.5, None),
        ("Ausfallschritt", 1, 12.0, 6.8039, None),
    ]


def test_older_form_c_without_rpe_and_duration(db, tmp_path):
    path = tmp_path / "c12.csv"
    path.write_text("Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;Distance;Distance Unit;"
                    "Seconds;Notes;Workout Notes\n"
                    '2019-04-02 18:00:00;"Pull";"Row (Cable)";1;40;kg;12;;;0;"";""\n'
                    '2019-04-01 18:00:00;"Push";"Dip";1;25;lbs;8;;;0;"elbow 2/10";""\n', encoding="utf-8")
    rep = import_file(db, path)
    assert (rep.format, rep.unit) == ("strong_C", "per-row")
    assert pick(stored(db), "exercise", "set_index", "reps", "weight_kg", "rpe", "workout_duration_s", "notes") == [
        ("Row (Cable)", 1, 12.0, 40.0, None, None, None),
        ("Dip", 1, 8.0, 11.3398, None, None, "elbow 2/10"),
    ]
