"""Chart specs (``to_dict``): encodings, layers and data, checked without Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rehab.analytics.spectrum import BANDS
from rehab.output import charts


def _data(spec: dict) -> dict[str, list[dict]]:
    return spec.get("datasets", {})


def _rows(spec: dict, chart: dict) -> list[dict]:
    return _data(spec)[chart["data"]["name"]]


def _tooltips(node) -> list:
    """Every tooltip encoding anywhere in a spec."""
    found = []
    if isinstance(node, dict):
        if "encoding" in node:
            found.append(node["encoding"].get("tooltip"))
        for v in node.values():
            found += _tooltips(v)
    elif isinstance(node, list):
        for v in node:
            found += _tooltips(v)
    return found


@pytest.fixture
def week_band() -> pd.DataFrame:
    weeks = pd.to_datetime(["2026-09-07", "2026-09-14"])
    return pd.DataFrame({"week": np.repeat(weeks, 2), "band": ["strength", "endurance"] * 2,
                         "sets": [6, 3, 2, 8], "volume_kg": [3000.0, 900.0, 1000.0, 2400.0]})


@pytest.fixture
def pain() -> pd.DataFrame:
    days = pd.date_range("2026-09-07", periods=14, freq="D")
    mean = pd.Series([np.nan, 3, 4, np.nan, 5, 5, 6, np.nan, 4, 3, 3, np.nan, 2, 2], dtype="float64")
    return pd.DataFrame({"day": days, "pain_mean": mean, "pain_7d": mean.rolling(7, min_periods=1).mean()})


@pytest.fixture
def placed() -> pd.DataFrame:
    """Placed sets as rehab.analytics.spectrum.place_sets returns them (only the columns the charts read)."""
    days = pd.to_datetime(["2026-09-07"] * 3 + ["2026-09-10"] * 3 + ["2026-09-15"] * 2)
    return pd.DataFrame({
        "day": days, "workout_start": days + pd.Timedelta(hours=18),
        "exercise": ["Bench"] * 5 + ["Squat"] * 3,
        "reps": [5.0, 5, 20, 8, 8, 30, 5, 8],
        "weight_kg": [100.0, 100, 40, 90, 90, np.nan, 100, 90],
        "working": [True, True, True, True, False, True, True, True],
        "e1rm": [116.7, 116.7, np.nan, 114.0, 114.0, np.nan, 116.7, 114.0],
        "ref_e1rm": [116.7] * 8,
        "rel_load": [0.86, 0.86, 0.34, 0.77, 0.77, np.nan, 0.86, 0.77],
        "band": ["heavy", "heavy", "mobilize", "strength", None, "pf_rom", "heavy", "strength"],
        "placed_by": ["load", "load", "load", "load", None, "reps", "load", "load"],
    })


def test_volume_pain_chart_layers_bars_by_band_under_a_pain_line(week_band, pain):
    spec = charts.volume_pain_chart(week_band, pain, "kg").to_dict()
    bars, line = spec["layer"]
    assert bars["mark"]["type"] == "bar" and line["mark"]["type"] == "line"
    assert spec["resolve"]["scale"]["y"] == "independent"
    colour = bars["encoding"]["color"]
    assert colour["field"] == "band_label"
    assert colour["scale"]["domain"] == [b.label for b in BANDS]
    assert colour["scale"]["range"] == [b.colour for b in BANDS]
    assert bars["encoding"]["x"]["field"] == "week" and line["encoding"]["x"]["field"] == "day"
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 10]
    assert len(_rows(spec, line)) == int(pain["pain_7d"].notna().sum())
    assert all(_tooltips(spec))


def test_volume_in_pounds_is_converted(week_band, pain):
    kg = charts.volume_pain_chart(week_band, pain, "kg").to_dict()
    lb = charts.volume_pain_chart(week_band, pain, "lb").to_dict()
    kg_vol = [r["volume"] for r in _rows(kg, kg["layer"][0])]
    lb_vol = [r["volume"] for r in _rows(lb, lb["layer"][0])]
    assert lb_vol == pytest.approx([v / 0.45359237 for v in kg_vol])
    assert "(lb)" in lb["layer"][0]["encoding"]["y"]["title"]
    with pytest.raises(ValueError, match="unknown unit"):
        charts.unit_factor("stone")


def test_volume_pain_chart_without_pain_is_just_the_bars(week_band):
    empty = pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"), "pain_7d": pd.Series(dtype="float64")})
    spec = charts.volume_pain_chart(week_band, empty).to_dict()
    assert spec["mark"]["type"] == "bar"


def test_trends_chart_stacks_four_panels_on_a_shared_time_axis(pain):
    weekly = pd.DataFrame({"week": pd.to_datetime(["2026-09-07", "2026-09-14"]), "volume_kg": [3900.0, 3400.0],
                           "hard_sets": [8, 2], "working_sets": [9, 10], "mean_pct_e1rm": [78.0, np.nan],
                           "mean_rpe": [8.0, 6.5]})
    spec = charts.trends_chart(weekly, pain).to_dict()
    assert len(spec["vconcat"]) == 4
    assert spec["resolve"]["scale"]["x"] == "shared"
    assert not any("layer" in p for p in spec["vconcat"])
    titles = [p.get("title") for p in spec["vconcat"]]
    assert titles[0] == "Weekly volume" and titles[2] == "Intensity" and titles[3] == "Pain (0–10)"
    inten = _rows(spec, spec["vconcat"][2])
    # % e1RM kept as is, RPE × 10 on the same 0–100 axis; the week without % e1RM has no point.
    assert sorted((r["measure"], r["value"]) for r in inten) == [("% e1RM", 78.0), ("RPE × 10", 65.0),
                                                                 ("RPE × 10", 80.0)]
    assert all(_tooltips(spec))
    # The intensity legend belongs to its own panel, not to the top of the stack (above the volume bars).
    assert spec["resolve"]["legend"]["color"] == "independent"


def _layers_with(spec: dict, mark: str) -> list[dict]:
    return [lay for lay in spec["layer"] if (lay["mark"]["type"] if isinstance(lay["mark"], dict)
                                             else lay["mark"]) == mark]


def test_spectrum_cells_count_sets_per_reps_and_load_and_keep_bodyweight_apart(placed):
    cells = charts.spectrum_cells(placed)
    assert cells["sets"].sum() == 7  # every placed working set once; the warm-up is not counted
    heavy = cells[(cells["band"] == "heavy")]
    # Three 5-rep sets at 86 % e1RM share one cell (86 rounds to the 85 % bin), split by recency.
    assert heavy["sets"].sum() == 3 and set(heavy["pct"]) == {85.0} and set(heavy["reps"]) == {5.0}
    pf = cells[cells["band"] == "pf_rom"].iloc[0]
    assert pf["placed_by"] == "reps" and np.isnan(pf["pct"]) and pf["why"].startswith("By reps")
    mob = cells[cells["band"] == "mobilize"].iloc[0]
    assert mob["pct"] == 35.0 and mob["why"].startswith("By load")
    assert cells.loc[cells["band"] == "strength", "exercises"].str.contains("Bench ×1").any()
    # "recent" = the 4 weeks up to the newest set: here everything.
    assert cells["recent"].all()
    bench = charts.spectrum_cells(placed, "Bench")
    assert bench["sets"].sum() == 4


def test_spectrum_cells_say_why_a_very_easy_set_is_mobilize_outside_its_region():
    days = pd.to_datetime(["2026-09-07", "2026-09-07", "2026-09-08"])
    placed = pd.DataFrame({"day": days, "exercise": ["Row"] * 3, "reps": [8.0, 8, 8], "weight_kg": [60.0] * 3,
                           "rpe": [3.0, 8.0, 8.0], "working": [True] * 3, "rel_load": [0.75] * 3,
                           "band": ["mobilize", "strength", "strength"], "placed_by": ["load"] * 3})
    cells = charts.spectrum_cells(placed).set_index("band")
    assert "RPE ≤ 3" in cells.loc["mobilize", "why"]
    assert cells.loc["strength", "sets"] == 2


def test_spectrum_cells_say_why_effortful_high_reps_without_load_are_endurance():
    placed = pd.DataFrame({"day": pd.to_datetime(["2026-09-07"] * 2), "exercise": ["Push Up"] * 2,
                           "reps": [30.0, 30.0], "weight_kg": [np.nan] * 2, "rpe": [8.0, 2.0],
                           "working": [True] * 2, "rel_load": [np.nan] * 2, "band": ["endurance", "pf_rom"],
                           "placed_by": ["reps"] * 2})
    cells = charts.spectrum_cells(placed).set_index("band")
    assert "effortful" in cells.loc["endurance", "why"] and cells.loc["pf_rom", "why"].startswith("By reps")


def test_spectrum_cells_collapse_a_long_log_to_few_marks():
    rng = np.random.default_rng(1)
    n = 20_000
    placed = pd.DataFrame({
        "day": pd.Timestamp("2021-01-04") + pd.to_timedelta(rng.integers(0, 1800, n), unit="D"),
        "exercise": rng.choice(["Bench", "Squat", "Row", "Curl"], n),
        "reps": rng.choice([3.0, 5, 8, 10, 12, 15, 20], n), "weight_kg": 50.0, "working": True,
        "rel_load": rng.uniform(0.3, 1.0, n), "placed_by": "load", "band": "strength"})
    cells = charts.spectrum_cells(placed)
    assert cells["sets"].sum() == n
    assert len(cells) <= 2 * 7 * 30  # recency × reps × 2.5 % bins: hundreds of marks, not 20,000
    spec = charts.spectrum_chart(cells).to_dict()
    assert sum(len(v) for v in spec["datasets"].values()) < 1000


def test_spectrum_chart_draws_the_bands_as_regions_of_reps_and_load(placed):
    spec = charts.spectrum_chart(charts.spectrum_cells(placed)).to_dict()
    (shade,) = _layers_with(spec, "rect")
    regions = _rows(spec, shade)
    assert shade["encoding"]["x"]["scale"]["type"] == "log"
    above = [r for r in regions if r["y"] >= 0]
    # Load regions tile the plane without overlapping: Mobilize < 40 ≤ Endurance < 67 ≤ Strength/Heavy.
    assert {(r["band"], r["y"], r["y2"]) for r in above if r["band"] in ("mobilize", "endurance")} == {
        ("mobilize", 0, 40.0), ("endurance", 40.0, 67.0)}
    heavy = next(r for r in above if r["band"] == "heavy")
    strength = next(r for r in above if r["band"] == "strength")
    assert heavy["x2"] == strength["x"] == 5.5 and heavy["y"] == strength["y"] == 67.0
    strip = [r for r in regions if r["y2"] <= 0]
    assert [r["band"] for r in strip] == ["heavy", "strength", "endurance", "pf_rom"]
    circles = _layers_with(spec, "circle")
    dots = [row for lay in circles for row in _rows(spec, lay)]
    assert sum(d["sets"] for d in dots) == 7
    assert circles[0]["encoding"]["color"]["scale"]["range"] == [b.colour for b in BANDS]
    assert circles[0]["encoding"]["size"]["field"] == "sets"
    # Bodyweight (placed by reps) sits in the strip under 0 %, loaded sets at their % e1RM.
    assert {d["band_label"]: d["y"] < 0 for d in dots} == {"Heavy": False, "Mobilize": False,
                                                            "Strength": False, "PF-ROM": True}
    assert all(_tooltips(spec))


def test_spectrum_chart_draws_older_work_as_rings_under_recent_dots():
    cells = pd.DataFrame({"recent": [False, True], "placed_by": ["load", "load"], "reps": [5.0, 20.0],
                          "pct": [85.0, 50.0], "band": ["heavy", "endurance"], "sets": [40, 12],
                          "last_day": pd.to_datetime(["2026-08-01", "2026-09-10"]), "why": ["By load"] * 2,
                          "exercises": ["Squat ×40", "Squat ×12"]})
    spec = charts.spectrum_chart(cells).to_dict()
    (ring,) = _layers_with(spec, "point")
    (dot,) = _layers_with(spec, "circle")
    assert ring["mark"]["filled"] is False and [r["band"] for r in _rows(spec, ring)] == ["heavy"]
    assert [r["band"] for r in _rows(spec, dot)] == ["endurance"]


def test_rep_ranges_chart_shows_the_articles_overlapping_ranges():
    spec = charts.rep_ranges_chart().to_dict()
    rows = {r["band"]: (r["lo"], r["hi"]) for r in spec["datasets"][spec["data"]["name"]]}
    assert rows == {"pf_rom": (25, 100), "mobilize": (25, 75), "endurance": (12, 50), "strength": (6, 12),
                    "heavy": (1, 5)}


def test_spectrum_points_keep_the_most_recent_and_count_all(placed):
    pts, total = charts.spectrum_points(placed, None, 2)
    assert total == 7  # the warm-up is neither drawn nor counted
    assert len(pts) == 2
    assert pts["day"].min() == pd.Timestamp("2026-09-15")
    bench, n = charts.spectrum_points(placed, "Bench", 100)
    assert n == 4 and set(bench["exercise"]) == {"Bench"}


def test_volume_by_band_sums_working_sets_per_week(placed):
    wb = charts.volume_by_band(placed)
    first = wb[wb["week"] == pd.Timestamp("2026-09-07")].set_index("band")
    assert first.loc["heavy", "sets"] == 2 and first.loc["heavy", "volume_kg"] == 1000.0
    assert first.loc["strength", "sets"] == 1  # the second 90 kg set is a warm-up
    assert first.loc["mobilize", "volume_kg"] == 800.0


def test_band_share_chart_normalises_the_stack(week_band):
    spec = charts.band_share_chart(week_band).to_dict()
    assert spec["encoding"]["y"]["stack"] == "normalize"
    assert spec["encoding"]["order"]["field"] == "band_order"


def test_pain_calendar_is_weeks_by_weekday(pain):
    days = charts.pain_calendar_days(pd.DataFrame({
        "day": pd.to_datetime(["2026-09-07", "2026-09-07", "2026-09-09"]), "score": [2.0, 4.0, np.nan],
        "area": [None, "knee", "knee"], "is_mention": [False, False, True]}))
    assert days.to_dict("list") == {"day": [pd.Timestamp("2026-09-07")], "score": [3.0], "entries": [2]}
    spec = charts.pain_calendar(days).to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["y"]["field"] == "weekday"
    assert spec["encoding"]["y"]["scale"]["domain"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert spec["encoding"]["color"]["scale"]["domain"] == [0, 10]
    row = _data(spec)[spec["data"]["name"]][0]
    assert row["weekday"] == "Mon"


def test_pain_calendar_keeps_every_week_between_the_first_and_last_entry():
    days = charts.pain_calendar_days(pd.DataFrame({
        "day": pd.to_datetime(["2026-04-13", "2026-04-15", "2026-11-30"]), "score": [2.0, 3.0, 5.0]}))
    spec = charts.pain_calendar(days).to_dict()
    domain = spec["encoding"]["x"]["scale"]["domain"]
    # 13 Apr and 30 Nov 2026 are both Mondays, 33 weeks apart: 34 columns, empty weeks included.
    assert domain[0] == "2026-04-13" and domain[-1] == "2026-11-30" and len(domain) == 34
    assert len(set(domain)) == len(domain)
    assert {r["week"] for r in _data(spec)[spec["data"]["name"]]} == {"2026-04-13", "2026-11-30"}


def test_exercise_chart_shares_the_time_axis_across_e1rm_bands_and_pain(placed, pain, week_band):
    e1 = charts.e1rm_by_day(placed, "Bench")
    assert list(e1["e1rm"]) == [116.7, 114.0]
    spec = charts.exercise_chart(e1, week_band, pain).to_dict()
    assert len(spec["vconcat"]) == 3
    # Unit panels only: Streamlit sizes a vconcat to the page width only when no panel is a layer.
    assert not any("layer" in p for p in spec["vconcat"])
    assert spec["resolve"]["scale"]["x"] == "shared"
    assert all(_tooltips(spec))


def _history(weeks: list[str], phases: list[str], statuses: list[str]) -> pd.DataFrame:
    wk = [pd.Timestamp(w).date() for w in weeks]
    return pd.DataFrame({"week": wk, "as_of": [w + pd.Timedelta(days=6) for w in wk], "exercise": "Bench",
                         "phase": phases, "status": statuses, "flags": [(), ("pain_rising",), ()][:len(wk)]})


def test_plan_timeline_puts_phase_status_pain_and_e1rm_on_one_time_axis(placed, pain):
    hist = _history(["2026-09-07", "2026-09-14", "2026-09-21"], ["strength", "strength", "endurance"],
                    ["ok", "switch", "ok"])
    e1 = charts.e1rm_by_day(placed, "Bench")
    spec = charts.plan_timeline_chart(hist, pain, e1, "lb", {"strength": "Strength"}, {"switch": "Switch"}).to_dict()
    phase, status, pain_panel, e1_panel = spec["vconcat"]
    rows = _rows(spec, phase)
    assert [r["phase_label"] for r in rows] == ["Strength", "Strength", "endurance"]
    assert [r["signs"] for r in rows] == ["none", "pain rising", "none"]
    assert _rows(spec, status)[1]["status_label"] == "Switch"
    assert pain_panel["encoding"]["y"]["scale"]["domain"] == [0, 10] and pain_panel["height"] >= 120
    domain = phase["encoding"]["x"]["scale"]["domain"]
    assert pain_panel["encoding"]["x"]["scale"]["domain"] == domain  # same time axis
    assert domain == ["2026-09-07T00:00:00", "2026-09-28T00:00:00"]
    assert "%b" in phase["encoding"]["x"]["axis"]["format"]  # dates with their month
    assert "(lb)" in e1_panel["encoding"]["y"]["title"]
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_plan_overview_colours_each_exercise_week_by_status():
    hist = _history(["2026-09-07", "2026-09-14"], ["strength", "strength"], ["ok", "switch"])
    hist = pd.concat([hist, pd.DataFrame([{"week": hist["week"][0], "as_of": hist["as_of"][0], "exercise": None,
                                           "phase": None, "status": None, "flags": ("load_jump",)}])])
    spec = charts.plan_overview_chart(hist, {"switch": "Switch"}).to_dict()
    rows = _rows(spec, spec)
    assert [r["status_label"] for r in rows] == ["ok", "Switch"]  # overall rows are not exercises
    # Weeks in a row with the same status are one bar.
    same = _history(["2026-09-07", "2026-09-14", "2026-09-21"], ["strength"] * 3, ["ok", "ok", "switch"])
    rows = _rows(*(2 * [charts.plan_overview_chart(same).to_dict()]))
    assert [(r["status_label"], r["weeks"]) for r in rows] == [("ok", 2), ("switch", 1)]
    assert rows[0]["end"].startswith("2026-09-21")
    assert spec["encoding"]["color"]["scale"]["range"][1] == charts.STATUS_COLOURS["switch"]
