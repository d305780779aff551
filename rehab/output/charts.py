"""Altair chart specs for the dashboard: pure functions of data frames, no Streamlit.

Every function takes tidy frames (documented per function), returns an Altair
chart, and can be tested through ``chart.to_dict()``. Conventions: tooltips on
every mark; band colours and labels come from :data:`rehab.analytics.spectrum.BANDS`;
weights arrive in kg and are converted for display with ``unit`` ("kg" | "lb");
time axes are temporal fields so stacked panels can share one x scale.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from rehab.analytics.metrics import HARD_SET_MIN_RPE, pain_scores, week_start
from rehab.analytics.spectrum import (
    BANDS,
    EFFORT_RPE,
    ENDURANCE_FLOOR,
    HEAVY_MAX_REPS,
    MOBILIZE_MAX_RPE,
    REPS_ONLY_ENDURANCE_MAX,
    REPS_ONLY_HEAVY_MAX,
    REPS_ONLY_PF_ROM_MIN,
    REPS_ONLY_STRENGTH_MAX,
    STRENGTH_FLOOR,
)
from rehab.words.dates import VEGA_DAY as DATE_FMT

LB_PER_KG = 1 / 0.45359237
BAND_LABELS: dict[str, str] = {b.name: b.label for b in BANDS}
#: Blue: the band colours (Tol muted) fill the reds and yellows, so a red pain line vanished on the bars.
PAIN_COLOUR = "#3b7dd8"
PANEL_HEIGHT = 150
#: Time axis labels in the app's date style, day first: "14 Jun" for a week, "Mar" on the 1st of a
#: month, the year on 1 January (Vega's default multi-format writes "Jun 14" and "Oct 04").
TIME_AXIS = alt.Axis(labelExpr=(
    "month(datum.value) == 0 && date(datum.value) == 1 ? timeFormat(datum.value, '%Y') : "
    "date(datum.value) == 1 ? timeFormat(datum.value, '%b') : timeFormat(datum.value, '%-d %b')"))
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


#: Cells of the spectrum are this many % e1RM tall: close enough to read a load, coarse enough that a
#: 5-year log collapses to a few hundred marks instead of thousands of overlapping dots.
PCT_BIN = 2.5
#: Where sets without a % e1RM sit: a strip under the 0 % line (negative y, its axis labels hidden).
NO_LOAD_STRIP = (-24.0, -4.0)
#: "Recent" on the Spectrum: the last 4 weeks up to the newest set (filled dots; older work is drawn as rings).
RECENT_DAYS = 28
#: Top of the % e1RM axis at least (a new best can go past 100 %).
PCT_TOP = 110.0


def spectrum_cells(placed: pd.DataFrame, exercise: str | None = None, top_exercises: int = 3,
                   recent_days: int = RECENT_DAYS) -> pd.DataFrame:
    """Placed working sets counted per (reps, % e1RM bin, band): the spectrum's marks.

    One row per cell: ``recent`` (bool: within the last ``recent_days`` up to the newest set),
    ``placed_by`` ('load' | 'reps'), ``reps``, ``pct`` (bin centre, % of the 12-week best e1RM;
    NaN when placed by reps), ``band``, ``sets`` (how many sets fall there), ``last_day``
    (datetime, the newest of them), ``why`` (how the band was decided, in words), ``exercises``
    (the ``top_exercises`` most frequent names with counts). Counting instead of drawing one dot
    per set keeps the spec small and shows where the work piles up.
    """
    w = _working(placed, exercise)
    w = w[w["band"].notna()] if len(w) else w
    cols = ["recent", "placed_by", "reps", "pct", "band", "sets", "last_day", "why", "exercises"]
    if w.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("reps", "pct") else "object") for c in cols})
    day = pd.to_datetime(w["day"])
    reps = pd.to_numeric(w["reps"], errors="coerce").astype("float64")
    by_load = (w["placed_by"].astype("str") == "load").to_numpy()
    pct = (pd.to_numeric(w["rel_load"], errors="coerce") * 100 / PCT_BIN).round() * PCT_BIN
    frame = pd.DataFrame({
        "placed_by": w["placed_by"].astype("str").to_numpy(), "reps": reps.round(1).to_numpy(),
        "pct": pct.where(by_load).to_numpy(), "band": w["band"].astype("str").to_numpy(),
        "day": day.to_numpy(), "recent": (day > day.max() - pd.Timedelta(days=recent_days)).to_numpy(),
        "exercise": w["exercise"].astype("str").to_numpy(),
        "rpe": pd.to_numeric(w["rpe"], errors="coerce").to_numpy() if "rpe" in w else float("nan"),
    })
    frame["pct_key"] = frame["pct"].fillna(-1.0)
    keys = ["recent", "placed_by", "reps", "pct_key", "band"]
    cells = frame.groupby(keys, sort=True).agg(sets=("band", "size"), last_day=("day", "max"),
                                               pct=("pct", "first"), easy=("rpe", "min")).reset_index()
    per_ex = frame.groupby([*keys, "exercise"], sort=False).size().rename("n").reset_index()
    per_ex = per_ex.sort_values([*keys, "n", "exercise"], ascending=[True] * len(keys) + [False, True])
    per_ex = per_ex.groupby(keys, sort=False).head(top_exercises)
    per_ex["label"] = per_ex["exercise"] + " ×" + per_ex["n"].astype("str")
    names = per_ex.groupby(keys, sort=False)["label"].agg(", ".join).rename("exercises").reset_index()
    cells = cells.merge(names, on=keys, how="left")
    cells["why"] = _why(cells)
    return cells[cols]


def _why(cells: pd.DataFrame) -> pd.Series:
    """How each cell's band was decided, in words (the chart's answer to "why this colour here?")."""
    strength_floor = STRENGTH_FLOOR * 100
    endurance_floor = ENDURANCE_FLOOR * 100
    by_load = cells["placed_by"] == "load"
    pct = cells["pct"]
    load_region = np.select(
        [pct >= strength_floor, pct >= endurance_floor], ["strength_or_heavy", "endurance"], default="mobilize")
    region = pd.Series(load_region, index=cells.index).where(
        load_region != "strength_or_heavy",
        np.where(cells["reps"] <= HEAVY_MAX_REPS, "heavy", "strength"))
    easy_override = by_load & (cells["band"] == "mobilize") & (region != "mobilize")
    effort_override = by_load & (cells["band"] == "endurance") & (region == "mobilize")
    pf_rom_from = REPS_ONLY_PF_ROM_MIN
    high_reps_endurance = ~by_load & (cells["band"] == "endurance") & (cells["reps"] >= pf_rom_from)
    return pd.Series(np.select(
        [easy_override, effort_override, by_load, ~by_load & (cells["band"] == "mobilize"), high_reps_endurance],
        [f"By load, but logged at RPE ≤ {MOBILIZE_MAX_RPE:g}: very easy counts as Mobilize",
         f"By load under {endurance_floor:g} %, but logged at RPE ≥ {EFFORT_RPE:g}: effortful work counts as "
         "Endurance",
         "By load: its % of the 12-week best e1RM",
         f"By reps: no % e1RM; unloaded and RPE ≤ {MOBILIZE_MAX_RPE:g}",
         f"By reps: {pf_rom_from}+ reps, but loaded or effortful (RPE ≥ {EFFORT_RPE:g}): endurance work"],
        default="By reps: no % e1RM (bodyweight, or no 1–10-rep set in 12 weeks)"), index=cells.index)


def spectrum_points(placed: pd.DataFrame, exercise: str | None = None,
                    limit: int = 5000) -> tuple[pd.DataFrame, int]:
    """The ``limit`` most recent placed working sets and the total (one row per set, for tables and exports)."""
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
        x=alt.X("week:T", title=None, axis=TIME_AXIS), x2=WEEK_X2,
        y=alt.Y("sum(volume):Q", title=f"Weekly volume ({unit})", axis=alt.Axis(format="~s")),
        color=band_colour(),
        order=alt.Order("band_order:Q"),
        tooltip=[alt.Tooltip("week:T", title="Week of", format=DATE_FMT),
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
        tooltip=[alt.Tooltip("day:T", title="Day", format=DATE_FMT),
                 alt.Tooltip("pain_7d:Q", title="Pain 7-day mean", format=".1f")],
    )
    return alt.LayerChart(layer=[bars, line]).resolve_scale(y="independent").properties(height=300)


# ----------------------------------------------------------------------------- trends


def trends_chart(weekly: pd.DataFrame, pain: pd.DataFrame, unit: str = "kg") -> alt.VConcatChart:
    """Four panels on one shared time axis: volume, hard sets, intensity (% e1RM, RPE), pain.

    ``weekly``: week, volume_kg, hard_sets, working_sets, mean_pct_e1rm (0–100, NaN), mean_rpe (NaN).
    ``pain``: day, pain_mean (daily mean, NaN), pain_7d.
    """
    f = unit_factor(unit)
    w = _week_span(weekly.assign(volume=weekly["volume_kg"] * f))
    x = alt.X("week:T", title=None, axis=TIME_AXIS)
    week_tip = alt.Tooltip("week:T", title="Week of", format=DATE_FMT)
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
    # An independent colour legend is laid out with its own panel (a shared one floats above the first panel).
    return (alt.vconcat(volume, hard, intensity, pain_chart, spacing=12).resolve_scale(x="shared", color="independent")
            .resolve_legend(color="independent"))


def pain_line(pain: pd.DataFrame, title: str = "Pain (0–10)") -> alt.Chart:
    """The 7-day mean of daily pain as a line (tooltips add that day's mean). ``pain``: day, pain_mean, pain_7d."""
    p = pain[["day", "pain_mean", "pain_7d"]] if len(pain) else pd.DataFrame(
        {"day": pd.Series(dtype="datetime64[us]"), "pain_mean": pd.Series(dtype="float64"),
         "pain_7d": pd.Series(dtype="float64")})
    x = alt.X("day:T", title=None, axis=TIME_AXIS)
    y = alt.Scale(domain=[0, 10])
    tip = [alt.Tooltip("day:T", title="Day", format=DATE_FMT),
           alt.Tooltip("pain_mean:Q", title="Pain that day", format=".1f"),
           alt.Tooltip("pain_7d:Q", title="7-day mean", format=".1f")]
    # One unit chart (not a layer): Streamlit sizes vconcat panels to the container only when each is a unit.
    return alt.Chart(p.dropna(subset=["pain_7d"])).mark_line(
        color=PAIN_COLOUR, strokeWidth=2, point=alt.OverlayMarkDef(color=PAIN_COLOUR, size=18)).encode(
        x=x, y=alt.Y("pain_7d:Q", title="Pain, 7-day mean", scale=y), tooltip=tip,
    ).properties(height=PANEL_HEIGHT, title=title)


# ----------------------------------------------------------------------------- spectrum


#: The y axis of both spectrum charts is this wide, so their log-reps x axes line up one above the other.
Y_AXIS_WIDTH = 72
REPS_TICKS = [1, 2, 3, 5, 8, 12, 25, 50, 100]


def _reps_x(x_max: float, title: str | None = "Reps per set (log scale)") -> alt.X:
    return alt.X("reps:Q", title=title, scale=alt.Scale(type="log", domain=[1, x_max], nice=False),
                 axis=alt.Axis(values=[t for t in REPS_TICKS if t <= x_max], format="d", grid=False))


def spectrum_regions(x_max: float = 100.0, y_top: float = PCT_TOP) -> pd.DataFrame:
    """The bands as non-overlapping regions of (reps, % e1RM), as :func:`~rehab.analytics.spectrum.place_sets` decides.

    Above 0 %: sets placed by load (< 40 % Mobilize, 40–67 % Endurance, ≥ 67 % Strength, or Heavy
    below 6 reps). The strip under 0 % (:data:`NO_LOAD_STRIP`): sets without a % e1RM, placed by
    their reps alone. Columns: ``band``, ``band_label``, ``x``/``x2`` (reps), ``y``/``y2`` (%),
    ``label_x``/``label_y``, ``align``, ``rule`` (the cut in words).
    """
    s_lo = STRENGTH_FLOOR * 100
    e_lo = ENDURANCE_FLOOR * 100
    h_hi = HEAVY_MAX_REPS + 0.5
    s_from = HEAVY_MAX_REPS + 1  # strength, not heavy, from this many reps
    s_hi = REPS_ONLY_STRENGTH_MAX + 0.5
    e_hi = REPS_ONLY_ENDURANCE_MAX + 0.5
    lo, hi = NO_LOAD_STRIP
    right = x_max / 1.08
    rows = [
        ("mobilize", 1, x_max, 0, e_lo, right, e_lo / 2, "right", f"< {e_lo:g} % e1RM (or RPE ≤ {MOBILIZE_MAX_RPE:g})"),
        ("endurance", 1, x_max, e_lo, s_lo, right, (e_lo + s_lo) / 2, "right", f"{e_lo:g}–{s_lo:g} % e1RM"),
        ("heavy", 1, h_hi, s_lo, y_top, 1.06, y_top - 6, "left", f"≥ {s_lo:g} % e1RM, fewer than {s_from} reps"),
        ("strength", h_hi, x_max, s_lo, y_top, right, y_top - 6, "right", f"≥ {s_lo:g} % e1RM, {s_from} reps or more"),
        ("heavy", 1, h_hi, lo, hi, 1.06, hi - 5, "left", f"no % e1RM: 1–{REPS_ONLY_HEAVY_MAX} reps"),
        ("strength", h_hi, s_hi, lo, hi, math.sqrt(h_hi * s_hi), hi - 5, "center",
         f"no % e1RM: {REPS_ONLY_HEAVY_MAX + 1}–{REPS_ONLY_STRENGTH_MAX} reps"),
        ("endurance", s_hi, e_hi, lo, hi, math.sqrt(s_hi * e_hi), hi - 5, "center",
         f"no % e1RM: {REPS_ONLY_STRENGTH_MAX + 1}–{REPS_ONLY_ENDURANCE_MAX} reps, or loaded"),
        ("pf_rom", e_hi, x_max, lo, hi, right, hi - 5, "right",
         f"no % e1RM: unloaded, {REPS_ONLY_PF_ROM_MIN}+ reps, easy (loaded or RPE ≥ {EFFORT_RPE:g}: Endurance)"),
    ]
    frame = pd.DataFrame(rows, columns=["band", "x", "x2", "y", "y2", "label_x", "label_y", "align", "rule"])
    # The strip's labels are the band names in small type; the load regions' carry the band name too.
    return with_band_labels(frame)


def spectrum_chart(cells: pd.DataFrame) -> alt.LayerChart:
    """Where the work sits: reps (x, log) × % of the 12-week best e1RM (y), over the bands as regions.

    ``cells``: as :func:`spectrum_cells` returns (one mark per cell, its area ∝ sets). A dot's colour
    is the band it was placed in; it matches the region it sits in except for very easy sets
    (RPE ≤ 3 counts as Mobilize wherever the load is). Sets without a % e1RM sit in the strip
    under 0 %, placed by reps.
    """
    c = with_band_labels(cells.reset_index(drop=True)).assign(
        y=lambda d: d["pct"].where(d["placed_by"] == "load", (NO_LOAD_STRIP[0] + NO_LOAD_STRIP[1]) / 2 - 3))
    x_max = float(max(100.0, c["reps"].max() * 1.15 if len(c) else 100.0))
    y_top = float(min(150.0, max(PCT_TOP, c["pct"].max() + PCT_BIN if c["pct"].notna().any() else PCT_TOP)))
    regions = spectrum_regions(x_max, y_top)
    y_scale = alt.Scale(domain=[NO_LOAD_STRIP[0], y_top], nice=False)
    y_axis = alt.Axis(values=[(NO_LOAD_STRIP[0] + NO_LOAD_STRIP[1]) / 2, 0, 20, 40, 67, 100],
                      labelExpr="datum.value < 0 ? 'by reps' : datum.value + ' %'", minExtent=Y_AXIS_WIDTH,
                      maxExtent=Y_AXIS_WIDTH, grid=False)
    fill = alt.Fill("band_label:N", scale=alt.Scale(domain=[b.label for b in BANDS], range=[b.colour for b in BANDS]),
                    legend=None)
    shade = alt.Chart(regions).mark_rect(opacity=0.22, stroke="#808080", strokeWidth=0.6).encode(
        x=_reps_x(x_max), x2="x2:Q",
        y=alt.Y("y:Q", scale=y_scale, axis=y_axis, title="% of 12-week best e1RM"), y2="y2:Q",
        fill=fill,
        tooltip=[alt.Tooltip("band_label:N", title="Region"), alt.Tooltip("rule:N", title="Rule")],
    ).transform_calculate(reps="datum.x")
    label_enc = {"x": alt.X("label_x:Q", scale=alt.Scale(type="log", domain=[1, x_max], nice=False)),
                 "y": alt.Y("label_y:Q", scale=y_scale), "text": "band_label:N",
                 "tooltip": [alt.Tooltip("band_label:N", title="Region"), alt.Tooltip("rule:N", title="Rule")]}
    # Mid-grey labels read on the light and the dark theme alike. The strip under 0 % is too thin for
    # words on a phone: its regions are named by colour, the legend and their tooltips.
    labels = [alt.Chart(regions[(regions["align"] == a) & (regions["y"] >= 0)])
              .mark_text(align=a, baseline="middle", fontWeight="bold", fontSize=13, color="#808080")
              .encode(**label_enc) for a in ("left", "right")]
    dot_enc = {
        "x": _reps_x(x_max), "y": alt.Y("y:Q", scale=y_scale),
        "size": alt.Size("sets:Q", scale=alt.Scale(type="sqrt", range=[24, 1100], zero=True), legend=None),
        "color": band_colour(),
        "order": alt.Order("sets:Q", sort="descending"),  # small cells drawn last, on top of big ones
        "tooltip": [alt.Tooltip("when:N", title="When"), alt.Tooltip("band_label:N", title="Band"),
                 alt.Tooltip("why:N", title="Placed"), alt.Tooltip("reps:Q", title="Reps"),
                 alt.Tooltip("pct:Q", title="% e1RM", format=".1f"), alt.Tooltip("sets:Q", title="Sets"),
                 alt.Tooltip("exercises:N", title="Exercises"),
                 alt.Tooltip("last_day:T", title="Last", format=DATE_FMT)],
    }
    c = c.assign(when=np.where(c["recent"].astype(bool), f"last {RECENT_DAYS // 7} weeks", "earlier"))
    # Earlier work as rings under the recent work's filled dots: where the work sits now stands out.
    older = alt.Chart(c[~c["recent"].astype(bool)]).mark_point(
        shape="circle", filled=False, strokeWidth=1.6, opacity=0.75, clip=True).encode(**dot_enc)
    recent = alt.Chart(c[c["recent"].astype(bool)]).mark_circle(
        opacity=0.9, stroke="white", strokeWidth=1, clip=True).encode(**dot_enc)
    dots = [d for d in (older, recent) if len(d.data)]
    return alt.LayerChart(layer=[shade, *labels, *dots]).resolve_scale(fill="independent").properties(height=380)


def rep_ranges_chart(x_max: float = 100.0) -> alt.Chart:
    """The article's rep range of each band as a bar on the same log-reps axis: they overlap, which is why
    the load, not the reps, places a loaded set."""
    rows = [{"band": b.name, "lo": b.reps[0] or 1, "hi": min(b.reps[1] or x_max, x_max),
             "range": f"{b.reps[0]}–{b.reps[1]} reps"} for b in BANDS]
    r = with_band_labels(pd.DataFrame(rows))
    return alt.Chart(r).mark_bar(height=12, cornerRadius=3).encode(
        x=alt.X("lo:Q", title="Reps per set (log scale)",
                scale=alt.Scale(type="log", domain=[1, x_max], nice=False),
                axis=alt.Axis(values=[t for t in REPS_TICKS if t <= x_max], format="d")),
        x2="hi:Q",
        y=alt.Y("band_label:N", title=None, sort=[b.label for b in BANDS],
                axis=alt.Axis(minExtent=Y_AXIS_WIDTH, maxExtent=Y_AXIS_WIDTH, ticks=False, domain=False)),
        color=alt.Color("band_label:N", scale=alt.Scale(domain=[b.label for b in BANDS],
                                                        range=[b.colour for b in BANDS]), legend=None),
        tooltip=[alt.Tooltip("band_label:N", title="Band"), alt.Tooltip("range:N", title="Article's range")],
    ).properties(height=alt.Step(20))


def band_share_chart(week_band: pd.DataFrame) -> alt.Chart:
    """Weekly share of working sets per band (stacked to 100 %). ``week_band``: week, band, sets."""
    wb = _week_span(with_band_labels(week_band))
    return alt.Chart(wb).mark_bar().encode(
        x=alt.X("week:T", title=None, axis=TIME_AXIS), x2=WEEK_X2,
        y=alt.Y("sum(sets):Q", stack="normalize", title="Share of sets", axis=alt.Axis(format="%")),
        color=band_colour(),
        order=alt.Order("band_order:Q"),
        tooltip=[alt.Tooltip("week:T", title="Week of", format=DATE_FMT),
                 alt.Tooltip("band_label:N", title="Band"), alt.Tooltip("sum(sets):Q", title="Sets")],
    ).properties(height=220)


# ----------------------------------------------------------------------------- flags, pain, exercise


def pain_calendar(pain_days: pd.DataFrame) -> alt.Chart:
    """Calendar heatmap: weeks across, weekdays down, colour = mean pain that day.

    ``pain_days``: day (datetime), score (0–10 mean), entries (count). Every week from the first to
    the last logged day is a column, logged or not: a calendar that skipped empty weeks would put
    "13 Apr" beside "30 Nov" and hide the gaps, which are part of the story.
    """
    d = pain_days.assign(week=week_start(pain_days["day"]), weekday=pain_days["day"].dt.day_name().str[:3])
    weeks = (pd.date_range(d["week"].min(), d["week"].max(), freq="7D") if len(d)
             else pd.DatetimeIndex([]))
    d = d.assign(week=d["week"].dt.strftime("%Y-%m-%d"))
    many_years = len(weeks) and weeks[0].year != weeks[-1].year
    label = "utcFormat(toDate(datum.value), '%-d %b" + (" %Y" if many_years else "") + "')"
    return alt.Chart(d).mark_rect(stroke="white", strokeWidth=1, cornerRadius=2).encode(
        # Ordinal weeks (ISO Monday strings) over an explicit domain of every week, so none is skipped.
        x=alt.X("week:O", title=None, scale=alt.Scale(domain=[w.strftime("%Y-%m-%d") for w in weeks]),
                axis=alt.Axis(labelExpr=label, labelAngle=-45, labelOverlap=True)),
        # Every weekday is a row, logged or not, so the grid reads as a calendar.
        y=alt.Y("weekday:N", title=None, scale=alt.Scale(domain=WEEKDAYS), sort=WEEKDAYS,
                axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("score:Q", title="Pain", scale=alt.Scale(domain=[0, 10], scheme="orangered")),
        tooltip=[alt.Tooltip("day:T", title="Day", format="%a " + DATE_FMT),
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
    x = alt.X("day:T", title=None, axis=TIME_AXIS)
    tip = [alt.Tooltip("day:T", title="Day", format=DATE_FMT),
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
    return raw.map(lambda v: labels.get(v, v)).astype("str")


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
              axis=alt.Axis(format=DATE_FMT, labelOverlap=True, labelAngle=0))
    tip = [alt.Tooltip("as_of:T", title="As of", format=DATE_FMT), alt.Tooltip("phase_label:N", title="Phase"),
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
               axis=alt.Axis(format=DATE_FMT, labelOverlap=True, labelAngle=0))
    panels = [phase, status, pain_line(pain, "Pain that counts for it (0–10)").encode(x=px)]
    if e1rm_days is not None and len(e1rm_days) and e1rm_days["e1rm"].notna().any():
        f = unit_factor(unit)
        e = e1rm_days[["day", "e1rm"]].assign(e1rm=lambda d: d["e1rm"] * f).dropna(subset=["e1rm"])
        panels.append(alt.Chart(e).mark_line(point=True, color="#1f6f8b").encode(
            x=px, y=alt.Y("e1rm:Q", title=f"Best e1RM ({unit})", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("day:T", title="Day", format=DATE_FMT),
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
        x=alt.X("start:T", title=None, axis=alt.Axis(format=DATE_FMT, labelOverlap=True)), x2="end:T",
        y=alt.Y("exercise:N", title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("status_label:N", title="Status", scale=alt.Scale(
            domain=[status_labels.get(k, k) for k in STATUS_COLOURS], range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("exercise:N", title="Exercise"),
                 alt.Tooltip("start:T", title="From the week of", format=DATE_FMT),
                 alt.Tooltip("weeks:Q", title="Weeks"), alt.Tooltip("status_label:N", title="Status")],
    ).properties(height=alt.Step(22))
