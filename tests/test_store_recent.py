"""``rehab.storage.queries.recent_workouts``: the workouts the session diary can tag, one per day and workout name."""

from __future__ import annotations

from rehab.imports.pipeline import import_file
from rehab.storage.queries import recent_workouts

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"


def test_two_sessions_of_one_name_on_one_day_are_one_diary_row(db, tmp_path):
    p = tmp_path / "two.csv"
    p.write_text(HEADER + "2026-03-02 07:00:00,Gym,1h,Squat (Barbell),1,100,5,0,0,,,\n"
                          "2026-03-02 18:00:00,Gym,1h,Bench Press (Barbell),1,60,5,0,0,,,\n"
                          "2026-03-02 18:00:00,Gym,1h,Bench Press (Barbell),2,60,5,0,0,,,\n"
                          "2026-03-04 07:00:00,Legs,1h,Squat (Barbell),1,100,5,0,0,,,\n", encoding="utf-8")
    import_file(db, p, unit="kg")
    got = recent_workouts(db)
    assert list(zip(got["day"].astype(str), got["workout"], got["sets"], strict=True)) == [
        ("2026-03-04", "Legs", 1), ("2026-03-02", "Gym", 3)]
    assert got["exercises"].tolist()[1] == "Bench Press (Barbell), Squat (Barbell)"
