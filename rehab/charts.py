"""Altair chart specs for the dashboard: pure functions of data frames, no Streamlit.

Every function takes tidy frames (documented per function), returns an Altair
chart, and can be tested through ``chart.to_dict()``. Conventions: tooltips on
every mark; band colours and labels come from :data:`rehab.spectrum.BANDS`;
weights arrive in kg and are converted for display with ``unit`` ("kg" | "lb");
time axes are temporal fields so stacked panels can share one x scale.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from .metrics import HARD_SET_MIN_RPE, pain_scores, week_start
from .spectrum import BANDS

LB_PER_KG = 1 / 0.45359237
BAND_LABELS: dict[str, str] = {b.name: b.label for b in BANDS}
PAIN_COLOUR = "#c2185b"
PANEL_HEIGHT = 150
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def unit_factor(unit: str) -> float:
    """Multiplier from kg to the display unit."""
    if unit not in ("kg", "lb"):
        raise ValueError(f"unknown unit {unit!r}: use kg or lb")
    return LB_PER_KG if unit == "lb" else 1.0


def band_colour() -> alt.Color:
    """Colour channel on ``band_label`` with the spectrum's own colours, lightest band first."""
    return alt.Color(
        "band_label:N",
        title="Band",
        scale=alt.Scale(domain=[b.label for b in BANDS], range=[b.colour for b in BANDS]),
        sort=[b.label for b in BANDS],
        # Three columns: five labels in one row are wider than a phone and squeeze the plot.
        legend=alt.Legend(orient="top", direction="horizontal", title=None, columns=3),
    )


def with_band_labels(df: pd.DataFrame, col: str = "band") -> pd.DataFrame:
    """Copy of ``df`` with ``band_label`` (the human label) and ``band_order`` (0 = lightest) columns."""
    order = {b.name: i for i, b in enumerate(BANDS)}
    return df.assign(band_label=df[col].map(BAND_LABELS).astype("str"), band_order=df[col].map(order))


# ----------------------------------------------------------------------------- chart-ready frames


def _working(placed: pd.DataFrame, exercise: str | None = None) -> pd.DataFrame:
    w = placed[placed["working"]] if "working" in placed else placed
    return w[w["exercise"] == exercise] if exercise is not None else w


def _week_span(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``week_end`` so weekly bars span their week (a bar on a bare date is one pixel wide)."""
    return df.assign(week_end=pd.to_datetime(df["week"]) + pd.Timedelta(days=6, hours=12))


WEEK_X2 = alt.X2("week_end:T")


def volume_by_band(placed: pd.DataFrame, exercise: str | None = None) -> pd.DataFrame:
    """Working sets per (Monday week, band): ``week``, ``band``, ``sets``, ``volume_kg`` (Σ weight × reps).

    Sets not placed on the spectrum (timed holds, cardio) are left out, as in the band shares.
    """
    w = _working(placed, exercise)
    w = w[w["band"].notna()] if len(w) else w
    if w.empty:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[us]"), "band": pd.Series(dtype="str"),
                             "sets": pd.Series(dtype="int64"), "volume_kg": pd.Series(dtype="float64")})
    weight = pd.to_numeric(w["weight_kg"], errors="coerce").fillna(0.0)
    reps = pd.to_numeric(w["reps"], errors="coerce").fillna(0.0)
    vol = (weight * reps).where((weight > 0) & (reps > 0), 0.0)
    frame = pd.DataFrame({"week": week_start(w["day"]), "band": w["band"].astype("str"), "volume_kg": vol})
    return (frame.groupby(["week", "band"], observed=True)
            .agg(sets=("volume_kg", "size"), volume_kg=("volume_kg", "sum")).reset_index())


def spectrum_points(placed: pd.DataFrame, exercise: str | None = None,
                    limit: int = 5000) -> tuple[pd.DataFrame, int]:
    """The ``limit`` most recent placed working sets (a browser draws a few thousand points well) and the total."""
    w = _working(placed, exercise)
    w = w[w["band"].notna()] if len(w) else w
    total = len(w)
    cols = [c for c in ("day", "workout_start", "exercise", "reps", "weight_kg", "rel_load", "band", "placed_by")
            if c in w]
    order = "workout_start" if "workout_start" in w else "day"
    return w.sort_values(order, kind="stable").tail(limit)[cols].reset_index(drop=True), total


def e1rm_by_day(placed: pd.DataFrame, exercise: str) -> pd.DataFrame:
    """Best e1RM per day of one exercise with that day's 12-week reference: ``day``, ``e1rm``, ``ref_e1rm``."""
    w = _working(placed, exercise)
    if w.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"), "e1rm": pd.Series(dtype="float64"),
                             "ref_e1rm": pd.Series(dtype="float64")})
    return w.groupby("day").agg(e1rm=("e1rm", "max"), ref_e1rm=("ref_e1rm", "max")).reset_index()


def pain_calendar_days(pain: pd.DataFrame) -> pd.DataFrame:
    """Scored pain per day for the calendar: ``day``, ``score`` (mean), ``entries``."""
    p = pain_scores(pain)
    if p.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"), "score": pd.Series(dtype="float64"),
                             "entries": pd.Series(dtype="int64")})
    return p.groupby("day").agg(score=("score", "mean"), entries=("score", "size")).reset_index()


# ----------------------------------------------------------------------------- overview


def volume_pain_chart(week_band: pd.DataFrame, pain: pd.DataFrame, unit: str = "kg") -> alt.LayerChart | alt.Chart:
    """Weekly volume as bars stacked by band, with the 7-day pain average as a line (independent y).

    ``week_band``: week (datetime, Monday), band (spectrum name), volume_kg, sets.
    ``pain``: day (datetime), pain_7d (0–10, may be NaN).
    """
    f = unit_factor(unit)
    wb = _week_span(with_band_labels(week_band).assign(volume=lambda d: d["volume_kg"] * f))
    bars = alt.Chart(wb).mark_bar(opacity=0.85).encode(
        x=alt.X("week:T", title=None), x2=WEEK_X2,
        y=alt.Y("sum(volume):Q", title=f"Weekly volume ({unit})", axis=alt.Axis(format="~s")),
        color=band_colour(),
        order=alt.Order("band_order:Q"),
        tooltip=[alt.Tooltip("week:T", title="Week of", format="%d %b %Y"),
                 alt.Tooltip("band_label:N", title="Band"),
                 alt.Tooltip("volume:Q", title=f"Volume ({unit})", format=",.0f"),
                 alt.Tooltip("sets:Q", title="Sets")],
    )
    p = pain.dropna(subset=["pain_7d"]) if len(pain) else pain
    if p is None or p.empty:
        return bars.properties(height=300)
    line = alt.Chart(p).mark_line(color=PAIN_COLOUR, strokeWidth=2.5, interpolate="monotone").encode(
        x=alt.X("day:T"),
        y=alt.Y("pain_7d:Q", title="Pain, 7-day mean (0–10)", scale=alt.Scale(domain=[0, 10]),
                axis=alt.Axis(titleColor=PAIN_COLOUR, orient="right")),
        tooltip=[alt.Tooltip("day:T", title="Day", format="%d %b %Y"),
                 alt.Tooltip("pain_7d:Q", title="Pain 7-day mean", format=".1f")],
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=300)


# ----------------------------------------------------------------------------- trends


def trends_chart(weekly: pd.DataFrame, pain: pd.DataFrame, unit: str = "kg") -> alt.VConcatChart:
    """Four panels on one shared time axis: volume, hard sets, intensity (% e1RM, RPE), pain.

    ``weekly``: week, volume_kg, hard_sets, working_sets, mean_pct_e1rm (0–100, NaN), mean_rpe (NaN).
    ``pain``: day, pain_mean (daily mean, NaN), pain_7d.
    """
    f = unit_factor(unit)
    w = _week_span(weekly.assign(volume=weekly["volume_kg"] * f))
    x = alt.X("week:T", title=None)
    week_tip = alt.Tooltip("week:T", title="Week of", format="%d %b %Y")
    volume = alt.Chart(w).mark_bar(color="#1f6f8b").encode(
        x=x, x2=WEEK_X2, y=alt.Y("volume:Q", title=f"Volume ({unit})", axis=alt.Axis(format="~s")), y2=alt.datum(0),
        tooltip=[week_tip, alt.Tooltip("volume:Q", title=f"Volume ({unit})", format=",.0f"),
                 alt.Tooltip("working_sets:Q", title="Working sets")],
    ).properties(height=PANEL_HEIGHT, title="Weekly volume")
    hard = alt.Chart(w).mark_bar(color="#e6550d").encode(
        x=x, x2=WEEK_X2, y=alt.Y("hard_sets:Q", title="Hard sets"), y2=alt.datum(0),
        tooltip=[week_tip, alt.Tooltip("hard_sets:Q", title="Hard sets"),
                 alt.Tooltip("working_sets:Q", title="Working sets")],
    ).properties(height=PANEL_HEIGHT, title=f"Hard sets (strength-level load or RPE ≥ {HARD_SET_MIN_RPE:g})")
    inten = w.melt(id_vars=["week"], value_vars=["mean_pct_e1rm", "mean_rpe"], var_name="measure",
                   value_name="value").dropna(subset=["value"])
    inten = inten.assign(measure=inten["measure"].map({"mean_pct_e1rm": "% e1RM", "mean_rpe": "RPE × 10"}),
                         value=lambda d: d["value"].where(d["measure"] == "% e1RM", d["value"] * 10))
    intensity = alt.Chart(inten).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title="% e1RM · RPE×10", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(range=["#6a51a3", "#41ab5d"]),
                        legend=alt.Legend(orient="top")),
        tooltip=[week_tip, alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("value:Q", title="Value", format=".0f")],
    ).properties(height=PANEL_HEIGHT, title="Intensity")
    pain_chart = pain_line(pain)
    return alt.vconcat(volume, hard, intensity, pain_chart, spacing=12).resolve_scale(x="shared")


def pain_line(pain: pd.DataFrame, title: str = "Pain (0–10)") -> alt.Chart:
    """The 7-day mean of daily pain as a line (tooltips add that day's mean). ``pain``: day, pain_mean, pain_7d."""
    p = pain[["day", "pain_mean", "pain_7d"]] if len(pain) else pd.DataFrame(
        {"day": pd.Series(dtype="datetime64[us]"), "pain_mean": pd.Series(dtype="float64"),
         "pain_7d": pd.Series(dtype="float64")})
    x = alt.X("day:T", title=None)
    y = alt.Scale(domain=[0, 10])
    tip = [alt.Tooltip("day:T", title="Day", format="%d %b %Y"),
           alt.Tooltip("pain_mean:Q", title="Pain that day", format=".1f"),
           alt.Tooltip("pain_7d:Q", title="7-day mean", format=".1f")]
    # One unit chart (not a layer): Streamlit sizes vconcat panels to the container only when each is a unit.
    return alt.Chart(p.dropna(subset=["pain_7d"])).mark_line(
        color=PAIN_COLOUR, strokeWidth=2, point=alt.OverlayMarkDef(color=PAIN_COLOUR, size=18)).encode(
        x=x, y=alt.Y("pain_7d:Q", title="Pain, 7-day mean", scale=y), tooltip=tip,
    ).properties(height=PANEL_HEIGHT, title=title)


# ----------------------------------------------------------------------------- spectrum


def _band_background(y_max: float) -> pd.DataFrame:
    rows = []
    for i, b in enumerate(BANDS):
        lo, hi = b.reps
        lo = lo or 1
        hi = min(hi or y_max, y_max)
        rows.append({"band": b.name, "band_label": b.label, "band_order": i, "lo": lo - 0.5 if lo > 1 else 1,
                     "hi": hi + 0.5, "range": f"{b.reps[0]}–{b.reps[1]} reps", "description": b.description,
                     # Labels sit where the overlapping ranges do not collide on a log axis.
                     "label_y": {"pf_rom": hi * 0.8, "mobilize": lo * 1.6, "endurance": lo * 1.85}.get(
                         b.name, math.sqrt(lo * hi))})
    return pd.DataFrame(rows)


def spectrum_chart(points: pd.DataFrame, unit: str = "kg") -> alt.LayerChart:
    """Every working set as a point (date × reps, log scale) over the article's rep ranges.

    ``points``: day, exercise, reps, weight_kg (NaN = bodyweight), rel_load (fraction, NaN), band, placed_by.
    The rep ranges overlap (PF-ROM and Mobilize share 25–75 reps): load decides, so the point colour is the
    band the set was placed in and the shading only shows the article's rep ranges.
    """
    f = unit_factor(unit)
    pts = with_band_labels(points.dropna(subset=["band"])).assign(
        weight=lambda d: d["weight_kg"] * f, pct=lambda d: d["rel_load"] * 100)
    y_max = float(max(100.0, pts["reps"].max() if len(pts) else 100.0))
    bg = _band_background(y_max)
    if len(pts):
        x_domain = [pts["day"].min().isoformat(), pts["day"].max().isoformat()]
    else:
        x_domain = [pd.Timestamp.now().normalize().isoformat()] * 2
    yscale = alt.Scale(type="log", domain=[1, y_max], nice=False)
    # Shading and labels use ``fill`` (legend off) so the legend shows the points' colours at full strength.
    fill = alt.Fill("band_label:N", scale=alt.Scale(domain=[b.label for b in BANDS], range=[b.colour for b in BANDS]),
                    legend=None)
    shade = alt.Chart(bg).mark_rect(opacity=0.13).encode(
        y=alt.Y("lo:Q", scale=yscale, title="Reps (log scale)"), y2="hi:Q",
        fill=fill,
        tooltip=[alt.Tooltip("band_label:N", title="Band"), alt.Tooltip("range:N", title="Reps"),
                 alt.Tooltip("description:N", title="What it is")],
    )
    # Mid-grey labels read on the light and the dark theme alike.
    labels = alt.Chart(bg).mark_text(align="left", dx=4, fontWeight="bold", color="#808080").encode(
        y=alt.Y("label_y:Q", scale=yscale), x=alt.value(0), text="band_label:N",
        tooltip=[alt.Tooltip("band_label:N", title="Band"), alt.Tooltip("description:N", title="What it is")],
    )
    dots = alt.Chart(pts).mark_circle(size=28, opacity=0.7, stroke="white", strokeWidth=0.3).encode(
        x=alt.X("day:T", title=None, scale=alt.Scale(domain=x_domain)),
        y=alt.Y("reps:Q", scale=yscale),
        color=band_colour(),
        tooltip=[alt.Tooltip("day:T", title="Day", format="%d %b %Y"), alt.Tooltip("exercise:N", title="Exercise"),
                 alt.Tooltip("reps:Q", title="Reps"), alt.Tooltip("weight:Q", title=f"Weight ({unit})", format=".1f"),
                 alt.Tooltip("pct:Q", title="% e1RM", format=".0f"), alt.Tooltip("band_label:N", title="Band"),
                 alt.Tooltip("placed_by:N", title="Placed by")],
    )
    return alt.layer(shade, labels, dots).resolve_scale(fill="independent").properties(height=380)


def band_share_chart(week_band: pd.DataFrame) -> alt.Chart:
    """Weekly share of working sets per band (stacked to 100 %). ``week_band``: week, band, sets."""
    wb = _week_span(with_band_labels(week_band))
    return alt.Chart(wb).mark_bar().encode(
        x=alt.X("week:T", title=None), x2=WEEK_X2,
        y=alt.Y("sum(sets):Q", stack="normalize", title="Share of sets", axis=alt.Axis(format="%")),
        color=band_colour(),
        order=alt.Order("band_order:Q"),
        tooltip=[alt.Tooltip("week:T", title="Week of", format="%d %b %Y"),
                 alt.Tooltip("band_label:N", title="Band"), alt.Tooltip("sum(sets):Q", title="Sets")],
    ).properties(height=220)


# ----------------------------------------------------------------------------- flags, pain, exercise


def pain_calendar(pain_days: pd.DataFrame) -> alt.Chart:
    """Calendar heatmap: weeks across, weekdays down, colour = mean pain that day.

    ``pain_days``: day (datetime), score (0–10 mean), entries (count).
    """
    d = pain_days.assign(week=pain_days["day"] - pd.to_timedelta(pain_days["day"].dt.day_of_week, unit="D"),
                         weekday=pain_days["day"].dt.day_name().str[:3])
    return alt.Chart(d).mark_rect(stroke="white", strokeWidth=1, cornerRadius=2).encode(
        x=alt.X("week:O", title=None, timeUnit="yearmonthdate",
                axis=alt.Axis(format="%d %b", labelAngle=-45, labelOverlap=True)),
        # Every weekday is a row, logged or not, so the grid reads as a calendar.
        y=alt.Y("weekday:N", title=None, scale=alt.Scale(domain=WEEKDAYS), sort=WEEKDAYS),
        color=alt.Color("score:Q", title="Pain", scale=alt.Scale(domain=[0, 10], scheme="orangered")),
        tooltip=[alt.Tooltip("day:T", title="Day", format="%a %d %b %Y"),
                 alt.Tooltip("score:Q", title="Mean pain", format=".1f"),
                 alt.Tooltip("entries:Q", title="Entries")],
    ).properties(height=200)


def exercise_chart(e1rm_days: pd.DataFrame, week_band: pd.DataFrame, pain: pd.DataFrame,
                   unit: str = "kg") -> alt.VConcatChart:
    """One exercise on one time axis: best e1RM per day (+ reference), sets per band per week, pain.

    ``e1rm_days``: day, e1rm (best of day, kg), ref_e1rm (kg). ``week_band``: week, band, sets.
    ``pain``: day, pain_mean, pain_7d (the areas this exercise loads).
    """
    f = unit_factor(unit)
    e = e1rm_days.assign(e1rm=e1rm_days["e1rm"] * f, ref_e1rm=e1rm_days["ref_e1rm"] * f)
    x = alt.X("day:T", title=None)
    tip = [alt.Tooltip("day:T", title="Day", format="%d %b %Y"),
           alt.Tooltip("e1rm:Q", title=f"Best e1RM ({unit})", format=".1f"),
           alt.Tooltip("ref_e1rm:Q", title=f"12-week best ({unit})", format=".1f")]
    long = e.melt(id_vars=["day"], value_vars=["e1rm", "ref_e1rm"], var_name="measure", value_name="kg")
    long = long.dropna(subset=["kg"]).assign(
        measure=lambda d: d["measure"].map({"e1rm": "best of the day", "ref_e1rm": "12-week best"}))
    long = long.merge(e, on="day", how="left")
    # One unit chart (folded series), so Streamlit can size the stacked panels to the page width.
    progression = alt.Chart(long).mark_line(point=True).encode(
        x=x, y=alt.Y("kg:Q", title=f"e1RM ({unit})", scale=alt.Scale(zero=False)),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=["best of the day", "12-week best"],
                                                                 range=["#1f6f8b", "#969696"]),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash("measure:N", legend=None, scale=alt.Scale(
            domain=["best of the day", "12-week best"], range=[[1, 0], [4, 3]])),
        tooltip=tip,
    ).properties(height=PANEL_HEIGHT + 40, title="Estimated 1RM")
    bands = band_share_chart(week_band).encode(
        y=alt.Y("sum(sets):Q", title="Sets", stack=True)).properties(height=PANEL_HEIGHT, title="Sets per band")
    return alt.vconcat(progression, bands, pain_line(pain, "Pain in the areas it loads"),
                       spacing=12).resolve_scale(x="shared", color="independent")


# ----------------------------------------------------------------------------- the plan

#: Colour-blind-safe colours (Okabe–Ito / Tol) for the plan's phases and statuses.
PHASE_COLOURS: dict[str, str] = {"strength": "#d55e00", "endurance": "#0072b2", "mobilize": "#009e73",
                                 "paused": "#bbbbbb"}
STATUS_COLOURS: dict[str, str] = {"see_clinician": "#882255", "switch": "#ee7733", "watch": "#ddcc77",
                                  "ready_to_return": "#44aa99", "ok": "#dddddd"}


def _labels(values: pd.Series, labels: dict[str, str]) -> pd.Series:
    raw = values.astype("object")
    return raw.map(labels).fillna(raw).astype("str")


def plan_timeline_chart(history: pd.DataFrame, pain: pd.DataFrame, e1rm_days: pd.DataFrame | None = None,
                        unit: str = "kg", phase_labels: dict[str, str] | None = None,
                        status_labels: dict[str, str] | None = None) -> alt.VConcatChart:
    """One exercise's plan over the weeks, on one time axis: phase strip, status strip, pain (0–10), and the
    best e1RM when there is one.

    ``history``: the exercise's rows of :func:`rehab.advice.plan_history` (week, as_of, phase, status,
    flags); ``pain``: day, pain_mean, pain_7d (pain that counts for it); ``e1rm_days``: day, e1rm (kg).
    ``phase_labels`` / ``status_labels``: people's words for the codes.
    """
    phase_labels = phase_labels or {}
    status_labels = status_labels or {}
    h = history.assign(
        start=pd.to_datetime(history["week"]),
        end=pd.to_datetime(history["week"]) + pd.Timedelta(days=7),
        phase_label=_labels(history["phase"], phase_labels),
        status_label=_labels(history["status"], status_labels),
        signs=history["flags"].map(lambda f: ", ".join(x.replace("_", " ") for x in f) or "none"),
    )[["start", "end", "as_of", "phase_label", "status_label", "signs"]]
    h.attrs = {}
    h["as_of"] = pd.to_datetime(h["as_of"])
    days = [h["start"].min(), h["end"].max()]
    x_dom = [d.isoformat() for d in days] if len(h) else None
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=x_dom) if x_dom else alt.Scale(),
              axis=alt.Axis(format="%d %b %Y", labelOverlap=True, labelAngle=0))
    tip = [alt.Tooltip("as_of:T", title="As of", format="%d %b %Y"), alt.Tooltip("phase_label:N", title="Phase"),
           alt.Tooltip("status_label:N", title="Status"), alt.Tooltip("signs:N", title="Signs")]
    p_dom = [phase_labels.get(k, k) for k in PHASE_COLOURS]
    s_dom = [status_labels.get(k, k) for k in STATUS_COLOURS]
    phase = alt.Chart(h).mark_rect().encode(
        x=x, x2="end:T", color=alt.Color("phase_label:N", title="Phase", scale=alt.Scale(
            domain=p_dom, range=list(PHASE_COLOURS.values())), legend=alt.Legend(orient="top", title="Phase")),
        tooltip=tip).properties(height=28, title="Phase and status, week by week")
    status = alt.Chart(h).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, x2="end:T", color=alt.Color("status_label:N", title="Status", scale=alt.Scale(
            domain=s_dom, range=list(STATUS_COLOURS.values())), legend=alt.Legend(orient="bottom",
                                                                                  title="Status")),
        tooltip=tip).properties(height=28)
    px = alt.X("day:T", title=None, scale=alt.Scale(domain=x_dom) if x_dom else alt.Scale(),
               axis=alt.Axis(format="%d %b %Y", labelOverlap=True, labelAngle=0))
    panels = [phase, status, pain_line(pain, "Pain that counts for it (0–10)").encode(x=px)]
    if e1rm_days is not None and len(e1rm_days) and e1rm_days["e1rm"].notna().any():
        f = unit_factor(unit)
        e = e1rm_days[["day", "e1rm"]].assign(e1rm=lambda d: d["e1rm"] * f).dropna(subset=["e1rm"])
        panels.append(alt.Chart(e).mark_line(point=True, color="#1f6f8b").encode(
            x=px, y=alt.Y("e1rm:Q", title=f"Best e1RM ({unit})", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("day:T", title="Day", format="%d %b %Y"),
                     alt.Tooltip("e1rm:Q", title=f"Best e1RM ({unit})", format=".1f")],
        ).properties(height=PANEL_HEIGHT, title="Estimated 1RM (best of the day)"))
    return alt.vconcat(*panels, spacing=8).resolve_scale(color="independent")


def plan_overview_chart(history: pd.DataFrame, status_labels: dict[str, str] | None = None) -> alt.Chart:
    """Weeks across, one row per exercise, coloured by status (``history``: plan_history rows). Weeks in a row
    with the same status are one bar, so years of history stay a small spec."""
    status_labels = status_labels or {}
    h = history[history["exercise"].notna()].sort_values(["exercise", "week"], kind="stable")
    week = pd.to_datetime(h["week"])
    new_run = ((h["exercise"] != h["exercise"].shift()) | (h["status"] != h["status"].shift())
               | (week - week.shift() != pd.Timedelta(days=7)))
    runs = h.assign(week=week, run=new_run.cumsum()).groupby("run").agg(
        exercise=("exercise", "first"), status=("status", "first"), start=("week", "min"), last=("week", "max"),
        weeks=("week", "size"))
    runs = runs.assign(end=runs["last"] + pd.Timedelta(days=7), exercise=runs["exercise"].astype("str"),
                       status_label=_labels(runs["status"], status_labels))[
        ["start", "end", "exercise", "status_label", "weeks"]]
    runs.attrs = {}
    return alt.Chart(runs).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%d %b %Y", labelOverlap=True)), x2="end:T",
        y=alt.Y("exercise:N", title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("status_label:N", title="Status", scale=alt.Scale(
            domain=[status_labels.get(k, k) for k in STATUS_COLOURS], range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("exercise:N", title="Exercise"),
                 alt.Tooltip("start:T", title="From the week of", format="%d %b %Y"),
                 alt.Tooltip("weeks:Q", title="Weeks"), alt.Tooltip("status_label:N", title="Status")],
    ).properties(height=alt.Step(22))
