"""Pain read from workout notes: numeric forms, mentions, negations, and what must not match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab.pain.notes import PainNote, parse_pain
from rehab.words.areas import AREAS


def one(text: str) -> PainNote:
    found = parse_pain(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "score", "area"),
    [
        ("pain 4", 4.0, None),
        ("pain: 4/10", 4.0, None),
        ("4/10 pain", 4.0, None),
        ("knee 3/10", 3.0, "knee"),
        ("p4", 4.0, None),
        ("Pain 6/10 in left shoulder", 6.0, "shoulder"),
        ("shoulder pain 5", 5.0, "shoulder"),
        ("pain 2-3", 3.0, None),  # a range takes the higher end
        ("knee pain 3.5/10", 3.5, "knee"),
        ("elbow 3,5/10", 3.5, "elbow"),  # decimal comma
        ("pain level was 4 out of 10", 4.0, None),
        ("4/10 knee pain", 4.0, "knee"),
        ("left knee: 4/10", 4.0, "knee"),
        ("pain in my right hip 2", 2.0, "hip"),
        ("lower back pain 6 after the last set", 6.0, "lower back"),
        ("Achilles pain 2/10 on the jumps", 2.0, "ankle"),
    ],
)
def test_numeric_forms(text, score, area):
    n = one(text)
    assert (n.score, n.area) == (score, area)
    assert n.text == text


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Had to switch weight due to shoulder pain", "shoulder"),
        ("knee hurts", "knee"),
        ("sore elbow", "elbow"),
        ("tweaked my back", "lower back"),
        ("Hamstrings were still very sore from Tuesday", "hamstring"),
        ("Sharp pain around the lower left oblique on the way up", "abdomen"),
        ("Felt a pain in my left tricep during the second set", "elbow"),
        ("Front delt extremely sore today", "shoulder"),
        ("rotator cuff feels achy", "shoulder"),
        ("patella tendon aching again", "knee"),
        ("Still sore so kept the same weight", None),
    ],
)
def test_mentions_without_a_number(text, area):
    n = one(text)
    assert n.score is None
    assert n.area == area


@pytest.mark.parametrize(
    ("text", "area"),
    [("no pain", None), ("Pain free today", None), ("pain-free squats", None), ("no knee pain at all", "knee"),
     ("shoulder didn't hurt", "shoulder"), ("not sore anymore", None), ("painless session", None)],
)
def test_negations_score_zero(text, area):
    n = one(text)
    assert (n.score, n.area) == (0.0, area)


@pytest.mark.parametrize(
    "text",
    [
        "RPE 8/10", "8/10 reps", "felt like an 8/10 effort", "painting the fence after", "Spain trip next week",
        "tweaked my form a bit", "Most of the strain was on my grip, not the target muscle", "no pain, no gain",
        "It wouldn't hurt to add 2.5 kg next time", "Preacher curl felt heavy", "Back to previous values",
        "Back squat 3x5 @ 100", "Next time 40/80", "", None,
    ],
)
def test_not_pain(text):
    assert parse_pain(text) == []


def test_softened_negation_stays_a_mention():
    n = one("knee doesn't hurt as much as last week")
    assert (n.score, n.area) == (None, "knee")


def test_pain_word_followed_by_a_unit_is_not_a_score():
    assert [(n.score, n.area) for n in parse_pain("pain 8 reps in")] == [(None, None)]
    assert [(n.score, n.area) for n in parse_pain("sore for 2 days")] == [(None, None)]


def test_other_scales_and_out_of_range_are_mentions():
    assert one("pain 3/5").score is None
    assert one("pain 12").score is None


def test_back_is_an_area_only_when_it_reads_like_one():
    assert one("the pain came back on the last set").area is None
    assert one("Back squat hurt my knee").area == "knee"
    assert one("My back is sore").area == "lower back"


def test_several_statements_in_one_note():
    found = parse_pain("Knee 3/10 on squats. Shoulder 5/10 when pressing, but no elbow pain.")
    assert {(n.score, n.area) for n in found} == {(3.0, "knee"), (5.0, "shoulder"), (0.0, "elbow")}
    assert all(len(n.text) <= 200 for n in found)


def test_a_scored_statement_hides_the_mention_of_the_same_area():
    found = parse_pain("Knee pain 4/10. Knee hurt on the way down")
    assert [(n.score, n.area) for n in found] == [(4.0, "knee")]


def test_area_stays_in_its_clause():
    # the knee is named in another clause: the score has no area (counts for all)
    assert [(n.score, n.area) for n in parse_pain("Knee felt great, pain 3")] == [(3.0, None)]


_WORDS = st.sampled_from(["pain", "knee", "3/10", "no", "sore", "back", "p4", "8/10", "RPE", "2-3", "hurt",
                          "didn't", ",", ".", "\n", "shoulder", "12", "4,5/10", "lower", "tweaked", "my", "x"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=30).map(" ".join)))
def test_any_text_parses_to_valid_statements(text):
    for n in parse_pain(text):
        assert n.score is None or 0 <= n.score <= 10
        assert n.area is None or n.area in AREAS
        assert len(n.text) <= 200


def test_a_huge_note_is_read_quickly_and_only_its_start():
    import time

    from rehab.pain.notes import MAX_NOTE_CHARS

    start = time.perf_counter()
    assert parse_pain("knee " * 50_000 + "pain 3") == []  # the statement lies past the cap
    assert [(n.score, n.area) for n in parse_pain("knee pain 3. " + "x" * 10**6)] == [(3.0, "knee")]
    assert time.perf_counter() - start < 5
    assert MAX_NOTE_CHARS >= 5000
