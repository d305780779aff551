"""Fitbod exports: offsets dropped, leading spaces, blank lines, warm-ups, multiplier not applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rehab.imports.pipeline import import_file

FIX = Path(__file__).parent / "fixtures"


def stored(db, *keys: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT {', '.join(keys)} FROM sets ORDER BY source_line").fetchall()


LATE = dt.datetime(2025, 12, 17, 23, 24, 30)


def test_exact_values(db):
    rep = import_file(db, FIX / "fitbod.csv")
    assert (rep.format, rep.unit, rep.sets_read, rep.sets_added, rep.rejected) == ("fitbod", "kg", 4, 4, 0)
    assert stored(db, "source_line", "workout_start", "day", "exercise", "set_kind", "set_index", "reps",
                  "weight_kg", "distance_m", "duration_s", "notes") == [
        # 23:24 +0000 stays on the 17th: the date as written, no zone shift
        (2, LATE, dt.date(2025, 12, 17), "Dumbbell Bench Press", "warmup", 1, 10.0, 11.3398, None, None, None),
        # weight as logged: the 2.0 dumbbell multiplier is not applied
        (3, LATE, dt.date(2025, 12, 17), "Dumbbell Bench Press", "normal", 1, 8.0, 22.6796, None, None,
         "shoulder ok"),
        (5, LATE, dt.date(2025, 12, 17), "Push Up", "normal", 1, 15.0, None, None, None, None),
        (6, dt.datetime(2025, 12, 15, 7, 2, 11), dt.date(2025, 12, 15), "Running", "normal", 1, 0.0, None, 3000.0,
         1200.0, None),
    ]


def test_bad_warmup_flag_is_rejected(db, tmp_path):
    text = (FIX / "fitbod.csv").read_text(encoding="utf-8").replace("0.0,0.0,true,,", "0.0,0.0,maybe,,")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    rep = import_file(db, path)
    assert rep.sets_added == 3
    assert [(r.line, r.reason) for r in rep.rejects] == [(2, "isWarmup is not true/false: 'maybe'")]


def test_reimport_adds_nothing(db):
    import_file(db, FIX / "fitbod.csv")
    rep = import_file(db, FIX / "fitbod.csv")
    assert (rep.sets_added, rep.duplicates) == (0, 4)


def test_pound_header_variant(db, tmp_path):
    text = (FIX / "fitbod.csv").read_text(encoding="utf-8").replace("Weight(kg)", "Weight(lbs)", 1)
    path = tmp_path / "lbs.csv"
    path.write_text(text.replace(",11.339809250000001,", ",25,"), encoding="utf-8")
    rep = import_file(db, path)
    assert (rep.format, rep.unit) == ("fitbod_lb", "lb")
    assert stored(db, "weight_kg")[0] == (11.3398,)
