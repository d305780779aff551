"""Hevy exports: units from column names, localized months, repeated exercises."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from rehab.imports.base import empty_errors
from rehab.imports.formats.hevy import parse_hevy_time
from rehab.imports.pipeline import import_file

FIX = Path(__file__).parent / "fixtures"
KEYS = ("source_line", "exercise", "set_kind", "set_index", "reps", "weight_kg", "distance_m", "duration_s", "rpe",
        "superset_id", "notes", "workout_start", "workout_name", "workout_notes", "workout_duration_s")


def stored(db, *keys: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT {', '.join(keys)} FROM sets ORDER BY source_line").fetchall()


UPPER = dt.datetime(2025, 9, 15, 7, 48)
NOTE = "Knee 2/10\nslept ok"


def test_kg_export_exact_values(db):
    rep = import_file(db, FIX / "hevy_kg_en.csv")
    assert (rep.format, rep.unit, rep.sets_added, rep.rejected) == ("hevy_kg", "kg", 8, 0)
    assert stored(db, *KEYS) == [
        (2, "Bench Press (Barbell)", "warmup", 1, 10.0, 40.0, None, None, None, "0", "slow eccentric", UPPER,
         "Upper A", NOTE, 5100.0),
        (4, "Bench Press (Barbell)", "normal", 2, 6.0, 80.0, None, None, 8.0, "0", None, UPPER, "Upper A", NOTE,
         5100.0),
        (6, "Bent Over Row (Barbell)", "normal", 1, 8.0, 60.5, None, None, None, "0", None, UPPER, "Upper A", None,
         5100.0),
        # the same exercise again later in the workout: Hevy restarts set_index at 0, we continue at 3
        (7, "Bench Press (Barbell)", "drop", 3, 6.0, 80.0, None, None, None, None, None, UPPER, "Upper A", None,
         5100.0),
        (8, "Bench Press (Barbell)", "failure", 4, 4.0, 60.0, None, None, 10.0, None, None, UPPER, "Upper A", None,
         5100.0),
        (9, "Pull Up", "normal", 1, 8.0, None, None, None, None, None, None, UPPER, "Upper A", None, 5100.0),
        (10, "Pull Up", "normal", 2, 7.0, None, None, None, None, None, None, UPPER, "Upper A", None, 5100.0),
        # a workout across midnight: the duration is still end - start
        (11, "Running", "normal", 1, None, None, 5200.0, 1860.0, None, None, None, dt.datetime(2025, 9, 14, 23, 30),
         "Run", None, 1860.0),
    ]


def test_lbs_miles_and_portuguese_months(db):
    rep = import_file(db, FIX / "hevy_lbs_pt.csv")
    assert (rep.format, rep.unit, rep.sets_added) == ("hevy_lb", "lb", 5)
    assert stored(db, "workout_start", "exercise", "set_kind", "set_index", "reps", "weight_kg", "distance_m",
                  "workout_duration_s") == [
        (dt.datetime(2025, 12, 3, 19, 5), "Supino Reto (Barra)", "normal", 1, 5.0, 61.235, None, 3900.0),
        (dt.datetime(2025, 12, 3, 19, 5), "Supino Reto (Barra)", "normal", 2, 5.0, 61.235, None, 3900.0),
        (dt.datetime(2025, 10, 12, 6, 30), "Corrida", "normal", 1, None, None, pytest.approx(3 * 1609.344), 1800.0),
        (dt.datetime(2025, 9, 9, 18, 0), "Agachamento", "warmup", 1, 10.0, 20.4117, None, 3600.0),
        (dt.datetime(2025, 2, 5, 7, 0), "Agachamento", "normal", 1, 5.0, 83.9146, None, 3000.0),
    ]


def test_detection_is_by_header_not_name(db, tmp_path):
    path = tmp_path / "strong.csv"
    shutil.copy(FIX / "hevy_kg_en.csv", path)
    assert import_file(db, path).format == "hevy_kg"


MONTH_CASES = [
    # pt
    ("3 fev 2026, 07:34", 2), ("9 set 2025, 07:34", 9), ("10 out 2025, 07:34", 10), ("12 dez 2025, 07:34", 12),
    ("5 mai 2026, 07:34", 5), ("4 abril 2026, 07:34", 4), ("2 março 2026, 07:34", 3),
    # es
    ("1 ene 2026, 07:34", 1), ("4 abr 2026, 07:34", 4), ("8 ago 2025, 07:34", 8), ("12 dic 2025, 07:34", 12),
    ("15 septiembre 2025, 07:34", 9),
    # fr
    ("2 janv. 2026, 07:34", 1), ("3 févr. 2026, 07:34", 2), ("3 fevr 2026, 07:34", 2), ("1 mars 2026, 07:34", 3),
    ("4 avr. 2026, 07:34", 4), ("5 mai 2026, 07:34", 5), ("6 juin 2026, 07:34", 6), ("7 juil. 2026, 07:34", 7),
    ("8 août 2025, 07:34", 8), ("8 AOUT 2025, 07:34", 8), ("9 sept. 2025, 07:34", 9), ("10 oct. 2025, 07:34", 10),
    ("11 nov. 2025, 07:34", 11), ("12 déc. 2025, 07:34", 12), ("12 décembre 2025, 07:34", 12),
    # it
    ("1 gen 2026, 07:34", 1), ("5 mag 2026, 07:34", 5), ("6 giu 2026, 07:34", 6), ("7 lug 2026, 07:34", 7),
    ("8 ago 2025, 07:34", 8), ("9 set 2025, 07:34", 9), ("10 ott 2025, 07:34", 10), ("12 dic 2025, 07:34", 12),
    ("15 settembre 2025, 07:34", 9),
    # de
    ("1 Jan 2026, 07:34", 1), ("3 Feb 2026, 07:34", 2), ("1 März 2026, 07:34", 3), ("1 MÄRZ 2026, 07:34", 3),
    ("1 Mär 2026, 07:34", 3), ("5 Mai 2026, 07:34", 5), ("6 Juni 2026, 07:34", 6), ("7 Juli 2026, 07:34", 7),
    ("10 Okt 2025, 07:34", 10), ("12 Dez 2025, 07:34", 12), ("12 Dez. 2025, 07:34", 12),
    # pl, ru, tr
    ("15 wrz 2025, 07:34", 9), ("3 lutego 2026, 07:34", 2), ("12 paź 2025, 07:34", 10),
    ("15 сент. 2025 г., 07:34", 9), ("5 мая 2026, 07:34", 5), ("1 МАРТА 2026, 07:34", 3),
    ("5 MAYIS 2026, 07:34", 5), ("20 Ağu 2025, 07:34", 8), ("3 Şub 2026, 07:34", 2),
    # en
    ("15 Sep 2025, 07:34", 9), ("15 September 2025, 07:34", 9), ("31 May 2025, 07:34", 5),
]


@pytest.mark.parametrize(("text", "month"), MONTH_CASES)
def test_localized_month_names(text, month):
    errors = empty_errors(1)
    out = parse_hevy_time(pd.Series([text], dtype="str"), errors, "start_time")
    day = int(text.split()[0])
    year = int(re.search(r"\d{4}", text).group())
    assert out.iloc[0] == pd.Timestamp(year, month, day, 7, 34)
    assert errors.isna().all()


def test_whole_column_at_once_with_other_forms_and_errors():
    s = pd.Series(["5 Mai 2026, 07:34", "15 Sep 2025, 7:48 PM", "2025-09-15 07:48:00", "5 Foo 2026, 07:34", ""],
                  dtype="str")
    errors = empty_errors(len(s))
    out = parse_hevy_time(s, errors, "start_time")
    assert list(out[:3]) == [pd.Timestamp(2026, 5, 5, 7, 34), pd.Timestamp(2025, 9, 15, 19, 48),
                             pd.Timestamp(2025, 9, 15, 7, 48)]
    assert out[3:].isna().all()
    assert errors[:3].isna().all()
    assert errors[3] == "start_time has an unknown month name: Foo"
    assert errors[4] == "start_time missing"


def test_bad_rows_are_rejected_with_their_line(db, tmp_path):
    text = (FIX / "hevy_kg_en.csv").read_text(encoding="utf-8")
    text = text.replace('"Pull Up",,"",1,"normal"', '"Pull Up",,"",1,"superset"')
    text = text.replace('"Run","14 Sep 2025, 23:30"', '"Run","14 Sepp 2025, 23:30"')
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    rep = import_file(db, path)
    assert rep.sets_added == 6
    assert [(r.line, r.reason) for r in rep.rejects] == [
        (10, "unknown set_type: 'superset'"),
        (11, "start_time has an unknown month name: Sepp"),
    ]
