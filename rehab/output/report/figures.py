"""The report's charts: small Altair specs drawn to SVG offline (vl-convert), so the PDF holds vector
graphics and real, selectable text rather than pictures of it.

Each chart has a fixed width in CSS pixels (:data:`WIDTH`) and no title (the page's heading names it);
the page scales the SVG to its column, so no chart is ever wider than the paper. Every time axis spans the
whole report period, so the panels of one exercise line up week for week.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import numpy as np
import pandas as pd

from rehab.advice.model import PHASE_LABELS, STATUS_LABELS
from rehab.output.charts import PAIN_COLOUR, WEEKDAYS, plan_timeline_chart, unit_factor

WIDTH = 620  # CSS px; A4 and Letter text columns are about 690 px wide at 16 mm margins
FONT = "DejaVu Sans"
LOAD_COLOUR = "#4a6fa5"
PAIN_BINS = [-0.5, 2.5, 4.5, 6.5, 10.5]  # rounded scores 0–2, 3–4, 5–6, 7–10 (7 = the plan's "get it assessed")
PAIN_LEVELS = ["0–2", "3–4", "5–6", "7–10"]
PAIN_LEVEL_COLOURS = ["#fdd49e", "#fc8d59", "#d7301f", "#7f0000"]


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # continuousWidth: panels that leave their width to the page (the dashboard's own charts) get the report's.
    return chart.configure(font=FONT, background="white").configure_view(
        stroke=None, continuousWidth=WIDTH - 60).configure_axis(
        labelFontSize=10, titleFontSize=10, grid=True, gridColor="#eeeeee").configure_legend(
        labelFontSize=10, titleFontSize=10, orient="top").configure_title(fontSize=10, anchor="start")


def _scale(start: dt.date, as_of: dt.date) -> alt.Scale:
    """Monday of the first week to the Monday after the last: whole weeks, the same on every panel."""
    lo = pd.Timestamp(start) - pd.Timedelta(days=start.weekday())
    hi = pd.Timestamp(as_of) + pd.Timedelta(days=7 - as_of.weekday())
    return alt.Scale(domain=[lo.isoformat(), hi.isoformat()])


def _x(start: dt.date, as_of: dt.date, field: str = "week") -> alt.X:
    return alt.X(f"{field}:T", title=None, scale=_scale(start, as_of),
                 axis=alt.Axis(format="%-d %b", labelAngle=0, tickCount="week", labelOverlap=True))


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a standalone SVG document (text stays text)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_config(chart).to_json())


def timeline_chart(history: pd.DataFrame, pain_daily: pd.DataFrame, e1rm_days: pd.DataFrame,
                   unit: str) -> alt.TopLevelMixin:
    """The exercise's phase and status week by week over its pain and best e1RM: the Plan page's own chart
    (:func:`rehab.output.charts.plan_timeline_chart`), in people's words."""
    chart = plan_timeline_chart(history, pain_daily, e1rm_days, unit, PHASE_LABELS, STATUS_LABELS)
    # On paper the pain panel is left out: "pain against load", printed right below on the same weeks, shows
    # it, and the exercise then fits one page. Strips and panels are lower than on a screen for the same reason.
    chart.vconcat = [p for p in chart.vconcat if not _plots(p, "pain_7d")]
    for panel, height in zip(chart.vconcat, (14, 14, 60), strict=False):
        panel.height = height
    return chart


def _plots(panel: alt.TopLevelMixin, field: str) -> bool:
    y = getattr(getattr(panel, "encoding", None), "y", None)
    return str(getattr(y, "shorthand", "")).split(":")[0] == field


def pain_trend_chart(weekly: pd.DataFrame, start: dt.date, as_of: dt.date) -> alt.LayerChart:
    """Weekly mean pain (line) and worst score (dots), 0–10, across the period.
    ``weekly``: week, pain_mean, pain_max, pain_entries."""
    w = weekly[["week", "pain_mean", "pain_max", "pain_entries"]].copy()
    w["week"] = pd.to_datetime(w["week"]) + pd.Timedelta(days=3)  # mid-week
    w = w.dropna(subset=["pain_mean"])
    y = alt.Y("pain_mean:Q", title="Pain (0–10)", scale=alt.Scale(domain=[0, 10]), axis=alt.Axis(tickCount=5))
    x = _x(start, as_of)
    mean = alt.Chart(w).mark_line(point=alt.OverlayMarkDef(color=PAIN_COLOUR), color=PAIN_COLOUR).encode(x=x, y=y)
    worst = alt.Chart(w).mark_point(shape="triangle-up", color=PAIN_COLOUR, opacity=0.6).encode(
        x=x, y=alt.Y("pain_max:Q", scale=alt.Scale(domain=[0, 10])))
    return alt.LayerChart(layer=[mean, worst]).properties(width=WIDTH, height=95)


def load_pain_chart(weekly: pd.DataFrame, start: dt.date, as_of: dt.date, unit: str) -> alt.LayerChart:
    """Pain against load, week by week: bars of the exercise's weekly volume (or working sets when it has no
    load, e.g. a plank) and its pain (mean, 0–10, in the areas it loads) as a line on the right axis.
    ``weekly``: week, volume_kg, working_sets, pain_mean."""
    w = weekly[["week", "volume_kg", "working_sets", "pain_mean"]].copy()
    w["week"] = pd.to_datetime(w["week"])
    w = w[w["week"] >= pd.Timestamp(start) - pd.Timedelta(days=6)]
    loaded = bool((w["volume_kg"] > 0).any())
    w["load"] = w["volume_kg"] * unit_factor(unit) if loaded else w["working_sets"].astype("float64")
    w["week_end"] = w["week"] + pd.Timedelta(days=6)
    w["mid"] = w["week"] + pd.Timedelta(days=3)
    title = f"Weekly volume ({unit})" if loaded else "Working sets a week"
    x = _x(start, as_of)
    bars = alt.Chart(w).mark_bar(color=LOAD_COLOUR, opacity=0.55).encode(
        x=x, x2="week_end:T", y=alt.Y("sum(load):Q", title=title, axis=alt.Axis(format=",.0f", titleColor=LOAD_COLOUR)))
    pain = alt.Chart(w.dropna(subset=["pain_mean"])).mark_line(
        point=alt.OverlayMarkDef(color=PAIN_COLOUR), color=PAIN_COLOUR).encode(
        x=_x(start, as_of, "mid"), y=alt.Y("pain_mean:Q", title="Pain (0–10)", scale=alt.Scale(domain=[0, 10]),
                                                  axis=alt.Axis(orient="right", titleColor=PAIN_COLOUR)))
    return alt.LayerChart(layer=[bars, pain]).resolve_scale(y="independent").properties(width=WIDTH - 40, height=90)


def pain_calendar_chart(pain_days: pd.DataFrame, start: dt.date, as_of: dt.date) -> alt.LayerChart:
    """Every week of the period across (empty weeks too), weekdays down, colour = mean pain that day.
    ``pain_days``: day, score (0–10), entries."""
    first = pd.Timestamp(start) - pd.Timedelta(days=start.weekday())
    weeks = pd.date_range(first, pd.Timestamp(as_of), freq="7D")
    labels = [f"{w.day} {w:%b}" for w in weeks]
    d = pain_days.copy()
    d["day"] = pd.to_datetime(d["day"])
    d = d[(d["day"] >= first) & (d["day"] <= pd.Timestamp(as_of))]
    monday = d["day"] - pd.to_timedelta(d["day"].dt.day_of_week, unit="D")
    d = d.assign(week=[f"{w.day} {w:%b}" for w in monday], weekday=d["day"].dt.day_name().str[:3],
                 score=d["score"].round(1))
    # A grey grid of every day first, so a day without pain reads as "nothing logged", not as missing.
    grid = pd.DataFrame([(lab, wd) for lab in labels for wd in WEEKDAYS], columns=["week", "weekday"])
    x = alt.X("week:O", title="Week of", sort=labels, scale=alt.Scale(domain=labels),
              axis=alt.Axis(labelAngle=0, labelOverlap=False, labelFontSize=9, grid=False, ticks=False))
    y = alt.Y("weekday:O", title=None, sort=WEEKDAYS, scale=alt.Scale(domain=WEEKDAYS),
              axis=alt.Axis(grid=False, ticks=False))
    shown = np.floor(d["score"] + 0.5)  # the number printed in the cell (half up), and its colour level
    d = d.assign(shown=shown.astype("int64").astype("str"),
                 level=pd.cut(shown, bins=PAIN_BINS, labels=PAIN_LEVELS, include_lowest=True).astype("str"))
    base = alt.Chart(grid).mark_rect(fill="#f2f2f2", stroke="white", strokeWidth=1.5).encode(x=x, y=y)
    # Discrete levels with a symbol legend: a printed gradient legend does not survive every PDF viewer.
    cells = alt.Chart(d).mark_rect(stroke="white", strokeWidth=1.5).encode(
        x=x, y=y, color=alt.Color("level:N", title="Mean pain", scale=alt.Scale(domain=PAIN_LEVELS,
                                                                              range=PAIN_LEVEL_COLOURS),
                                  legend=alt.Legend(orient="right", symbolType="square", symbolSize=120)))
    text = alt.Chart(d).mark_text(fontSize=9, baseline="middle").encode(
        x=x, y=y, text="shown:N",
        color=alt.condition(alt.datum.score >= 5, alt.value("white"), alt.value("#222222")))
    return alt.LayerChart(layer=[base, cells, text]).properties(width=WIDTH - 90, height=160)
