"""Exercise -> body areas: app spellings, keyword fallback, overrides, and which pain applies."""

from __future__ import annotations

import pytest

from rehab.analytics.areas import (
    EXERCISE_AREAS,
    KEYWORDS,
    area_source,
    areas_for,
    base_name,
    clear_exercise_areas,
    exercise_area_map,
    load_overrides,
    pain_applies,
    set_exercise_areas,
)
from rehab.words.areas import AREAS, normalize_area

# The same lift as Strong/Hevy, FitNotes and Fitbod (and people) name it.
SAME_LIFT = {
    "bench press": ["Bench Press (Barbell)", "Barbell Bench Press", "Flat Barbell Bench Press", "Bench Press",
                    "Bench Press - Close Grip (Barbell)", "Paused Bench Press"],
    "squat": ["Squat (Barbell)", "Barbell Squat", "Back Squat", "Squat", "Pause Squat"],
    "deadlift": ["Deadlift (Barbell)", "Deadlift", "Barbell Deadlift", "Deficit Deadlift (Barbell)"],
    "romanian deadlift": ["Romanian Deadlift (Barbell)", "Romanian Deadlift", "Dumbbell Romanian Deadlift"],
    "overhead press": ["Overhead Press (Barbell)", "Overhead Press", "Seated Overhead Press (Dumbbell)"],
    "shoulder press": ["Shoulder Press (Dumbbell)", "Dumbbell Shoulder Press", "Seated Shoulder Press (Machine)",
                       "Standing Barbell Shoulder Press"],
    "lat pulldown": ["Lat Pulldown (Cable)", "Lat Pulldown", "Wide Grip Lat Pulldown",
                     "Lat Pulldown - Close Grip (Cable)"],
    "lateral raise": ["Lateral Raise (Dumbbell)", "Lateral Dumbbell Raise", "Cable Lateral Raise",
                      "Seated Dumbbell Lateral Raise"],
    "bicep curl": ["Bicep Curl (Dumbbell)", "Dumbbell Bicep Curl", "Biceps Curl (Barbell)", "Cable Bicep Curl"],
    "leg curl": ["Seated Leg Curl (Machine)", "Lying Leg Curl", "Lying Leg Curl Machine", "Standing Leg Curls"],
    "calf raise": ["Standing Calf Raise (Machine)", "Seated Calf Raise", "Barbell Calf Raise"],
    "seated cable row": ["Seated Cable Row - V Grip (Cable)", "Seated Cable Row", "Seated Cable Row (Pulley)"],
    "skullcrusher": ["Skullcrusher (Barbell)", "EZ-Bar Skullcrusher", "Dumbbell Skullcrusher"],
    "hip thrust": ["Hip Thrust (Barbell)", "Hip Thrust", "Hip Thrust (Machine)"],
    "pull up": ["Pull Up", "Pull Up (Assisted)", "Wide Grip Pull Up", "Pull Up (Weighted)"],
}


@pytest.mark.parametrize("key", sorted(SAME_LIFT))
def test_app_spellings_collapse_to_the_table_entry(key):
    for name in SAME_LIFT[key]:
        areas, source = area_source(name)
        assert source == "table", name
        assert areas == EXERCISE_AREAS[key], name


def test_base_name_strips_equipment_grip_and_plurals():
    assert base_name("Flat Barbell Bench Press") == "bench press"
    assert base_name("Standing Leg Curls") == "leg curl"
    assert base_name("Triceps Pushdown (Cable - Straight Bar)") == "triceps pushdown"
    assert base_name("Toes to Bar") == "toes to bar"


def test_table_and_keywords_use_only_the_vocabulary():
    for areas in [*EXERCISE_AREAS.values(), *(a for _, a in KEYWORDS)]:
        assert areas and set(areas) <= set(AREAS)
        assert len(set(areas)) == len(areas)


def test_knee_pain_never_flags_a_bench_press():
    for name in SAME_LIFT["bench press"] + ["Incline Bench Press (Dumbbell)", "Chest Press (Machine)", "Push Up"]:
        areas = areas_for(name)
        assert "knee" not in areas
        assert not pain_applies("knee", areas), name
        assert pain_applies("shoulder", areas)


def test_pain_without_area_counts_only_for_the_exercise_whose_notes_it_is_in():
    assert not pain_applies(None, areas_for("Bench Press (Barbell)"))
    assert not pain_applies(None, ("knee",))
    assert pain_applies(None, ("knee",), note_exercise="Deadlift (Barbell)", exercise="deadlift (barbell)")
    assert not pain_applies(None, ("knee",), note_exercise="Deadlift (Barbell)", exercise="Bench Press (Barbell)")
    # In an area the exercise does not load, but in its own notes: it still counts for it.
    assert pain_applies("knee", ("shoulder",), note_exercise="Bench", exercise="Bench")


def test_unknown_exercise_gets_only_its_own_notes_pain():
    assert areas_for("Ohio State") == ()
    assert not pain_applies("knee", areas_for("Ohio State"))
    assert pain_applies("knee", (), note_exercise="Ohio State", exercise="Ohio State")


@pytest.mark.parametrize(
    ("name", "must", "must_not"),
    [
        ("Zombie Squat", {"knee", "hip"}, {"shoulder"}),
        ("Reverse Nordic", {"hamstring", "knee"}, set()),
        ("Snatch Grip Deadlift Variation", {"lower back", "hip"}, {"elbow"}),
        ("Kroc Row", {"upper back", "elbow"}, {"knee"}),
        ("Landmine Lateral Raise", {"shoulder"}, {"knee"}),
        ("Machine Preacher Curl Variation", {"elbow", "wrist"}, {"knee", "hamstring"}),
        ("Single Leg Hamstring Curl", {"hamstring", "knee"}, {"wrist"}),
        ("Donkey Calf Machine", {"ankle"}, {"shoulder"}),
        ("Trap Shrug Variation", {"neck"}, {"knee"}),
        ("Copenhagen Plank", {"lower back", "abdomen"}, {"knee"}),
        ("Bicep Curl to Overhead Press", {"elbow", "wrist", "shoulder"}, {"knee"}),
    ],
)
def test_keyword_fallback(name, must, must_not):
    areas, source = area_source(name)
    assert source in ("keyword", "table")
    assert must <= set(areas), areas
    assert not (must_not & set(areas)), areas


def test_leg_curl_is_not_an_arm_curl():
    assert "wrist" not in areas_for("Seated Leg Curl (Machine)")
    assert "hamstring" in areas_for("Seated Leg Curl (Machine)")


@pytest.mark.parametrize(
    ("word", "area"),
    [("Knee", "knee"), ("back", "lower back"), ("Lumbar", "lower back"), ("rotator cuff", "shoulder"),
     ("patella", "knee"), ("achilles", "ankle"), ("left shoulder", "shoulder"), ("lower_back", "lower back"),
     ("upper-back", "upper back"), ("glutes", "hip"), ("", None), (None, None)],
)
def test_normalize_area(word, area):
    assert normalize_area(word) == area


def test_normalize_area_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"unknown body area 'jaw'.*knee"):
        normalize_area("jaw")


def test_overrides_win_and_can_be_cleared(db):
    name = "Bench Press (Barbell)"
    assert set_exercise_areas(db, name, ["Knee", "lumbar", "knee"]) == ("knee", "lower back")
    assert load_overrides(db) == {name: ("knee", "lower back")}
    m = exercise_area_map(db, [name, "Squat (Barbell)"])
    assert m[name] == ("knee", "lower back")
    assert m["Squat (Barbell)"] == EXERCISE_AREAS["squat"]
    # case and spacing of the name do not matter; a second override replaces the first
    set_exercise_areas(db, "  bench press (barbell) ", ["shoulder"])
    assert exercise_area_map(db, [name])[name] == ("shoulder",)
    assert db.execute("SELECT count(*) FROM exercise_areas").fetchone()[0] == 1
    assert clear_exercise_areas(db, name) is True
    assert clear_exercise_areas(db, name) is False
    assert exercise_area_map(db, [name])[name] == EXERCISE_AREAS["bench press"]


def test_override_validation_writes_nothing(db):
    with pytest.raises(ValueError, match="unknown body area"):
        set_exercise_areas(db, "Squat", ["knee", "jaw"])
    with pytest.raises(ValueError, match="at least one"):
        set_exercise_areas(db, "Squat", [])
    with pytest.raises(ValueError, match="empty"):
        set_exercise_areas(db, " ", ["knee"])
    assert load_overrides(db) == {}


def test_corpus_names_are_mostly_placed(corpus):
    """Nearly every exercise in the real exports gets areas from the table or keywords."""
    import csv

    names: set[str] = set()
    for path in corpus.glob("*.csv"):
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            reader = csv.reader(fh, delimiter=";" if sample.count(";") > sample.count(",") else ",")
            header = [h.strip().lower() for h in next(reader)]
            col = next((header.index(h) for h in ("exercise name", "exercise_title", "exercise") if h in header),
                       None)
            if col is None:
                continue
            names.update(r[col].strip() for r in reader if len(r) > col and r[col].strip())
    assert len(names) > 100
    unknown = [n for n in names if not areas_for(n)]
    assert len(unknown) / len(names) < 0.03, sorted(unknown)
