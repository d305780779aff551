"""What the clinician report says: the numbers, computed once, before any layout.

Everything comes from :class:`rehab.analysis.Analysis` and its plan (:mod:`rehab.advice`) as of the one
"as of" day the dashboard and the CLI use (:func:`rehab.analysis.default_as_of`), so the report and the
screen show the same numbers. Nothing here formats a page: :mod:`rehab.output.report.render` does.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from rehab.advice import THRESHOLDS, ExercisePlan, Plan
from rehab.advice.model import STATUSES
from rehab.analysis import Analysis, default_as_of
from rehab.analytics.metrics import pain_scores, week_start
from rehab.errors import InputError
from rehab.output.charts import e1rm_by_day
from rehab.output.report.log import LoggedReport, last_label, last_report
from rehab.storage.queries import summary as store_summary

#: Default period: the last 12 weeks (Monday weeks, the current one included).
DEFAULT_WEEKS = 12
RECENT_DAYS = int(THRESHOLDS["recent_days"])  # the plan's pain window: the report's "recent" pain is the same


@dataclass(frozen=True)
class ExerciseSection:
    """One exercise's part of the report.

    ``history``: its weekly plan (week, as_of, phase, status, flags) over the period. ``weekly``:
    :meth:`Analysis.weekly` of the exercise (week, volume_kg, working_sets, best_e1rm kg, mean_rpe,
    pain_mean in the areas it loads). ``pain_daily``: day, pain_mean, pain_max, n, pain_7d in those areas.
    ``e1rm_days``: day, e1rm, ref_e1rm (kg; best of each day in the period, :func:`rehab.output.charts.e1rm_by_day`).
    """

    plan: ExercisePlan
    history: pd.DataFrame
    weekly: pd.DataFrame
    pain_daily: pd.DataFrame
    e1rm_days: pd.DataFrame


@dataclass(frozen=True)
class PainTrend:
    """All scored pain: mean over the last ``days`` days and the ``days`` before (None: nothing logged),
    the worst score of the last ``days`` days and the number of entries in them."""

    recent: float | None
    previous: float | None
    worst: float | None
    entries: int
    days: int

    @property
    def change(self) -> float | None:
        return None if self.recent is None or self.previous is None else self.recent - self.previous


@dataclass(frozen=True)
class Change:
    """An exercise whose phase or status differs from the earlier report (None: not in that plan)."""

    exercise: str
    phase_before: str | None
    status_before: str | None
    phase_now: str | None
    status_now: str | None


@dataclass(frozen=True)
class Changes:
    """What changed since ``since``: the last report's as-of day, or the period's first week when no earlier
    report was made (``from_report`` False). ``unchanged``: exercises with the same phase and status."""

    since: dt.date | None
    from_report: bool
    made_at: dt.datetime | None
    rows: tuple[Change, ...]
    unchanged: int
    pain_before: float | None


@dataclass(frozen=True)
class Report:
    """The whole report. ``weekly``: one row per week of the period — week (Monday), sessions,
    working_sets, hard_sets, volume_kg, mean_rpe, pain_mean, pain_max, pain_entries. ``pain_days``:
    day, score (mean of the day), entries — every day of the period with a score."""

    as_of: dt.date
    start: dt.date
    made: dt.date
    label: str
    unit: str
    plan: Plan
    sections: tuple[ExerciseSection, ...]
    weekly: pd.DataFrame
    pain_days: pd.DataFrame
    pain: PainTrend
    changes: Changes
    summary: dict

    @property
    def end(self) -> dt.date:
        return self.as_of

    @property
    def period(self) -> str:
        return f"{fmt_day(self.start)} – {fmt_day(self.as_of)}"

    @property
    def weeks(self) -> int:
        return len(self.weekly)


MAX_LABEL = 80


class ReportError(InputError, ValueError):
    """A report that cannot be made as asked (label, unit, period); a ValueError too, for older callers."""


def clean_label(label: str | None) -> str:
    """The person's label as printed: one line, spaces collapsed; ValueError when longer than
    :data:`MAX_LABEL` characters (a label, not a letter)."""
    text = " ".join(str(label or "").split())
    if len(text) > MAX_LABEL:
        raise ReportError(f"the label is {len(text)} characters long; keep it to {MAX_LABEL}")
    return text


def fmt_day(d: dt.date | pd.Timestamp) -> str:
    """The app's one date format: 1 Dec 2026."""
    return f"{d.day} {d:%b %Y}"


def _mean(s: pd.Series) -> float | None:
    return None if s.empty else round(float(s.mean()), 1)


def pain_trend(pain: pd.DataFrame, as_of: dt.date, days: int = RECENT_DAYS) -> PainTrend:
    """Mean of every scored pain entry of the last ``days`` days against the ``days`` before."""
    p = pain_scores(pain)
    end = pd.Timestamp(as_of)
    recent = p[(p["day"] > end - pd.Timedelta(days=days)) & (p["day"] <= end)]["score"]
    before = p[(p["day"] > end - pd.Timedelta(days=2 * days)) & (p["day"] <= end - pd.Timedelta(days=days))]["score"]
    return PainTrend(_mean(recent), _mean(before), None if recent.empty else float(recent.max()), len(recent), days)


def _weekly(a: Analysis, start: dt.date) -> pd.DataFrame:
    w = a.weekly()
    cols = ["week", "working_sets", "hard_sets", "volume_kg", "mean_rpe", "pain_mean"]
    if w.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in
                             [*cols, "sessions", "pain_max", "pain_entries"]})
    w = w[cols].copy()
    w["week"] = pd.to_datetime(w["week"])
    w = w[w["week"] >= pd.Timestamp(week_start(pd.Series([pd.Timestamp(start)])).iloc[0])]
    placed = a.placed
    work = placed[placed["working"]] if len(placed) else placed
    sessions = (work.assign(week=week_start(work["day"])).groupby("week")["workout_start"].nunique()
                if len(work) else pd.Series(dtype="int64"))
    p = pain_scores(a.pain_in_range)
    p = p.assign(week=week_start(p["day"])) if len(p) else p.assign(week=pd.Series(dtype="datetime64[us]"))
    pg = p.groupby("week")["score"]
    w["sessions"] = w["week"].map(sessions).fillna(0).astype("int64")
    w["pain_max"] = w["week"].map(pg.max() if len(p) else {})
    w["pain_entries"] = w["week"].map(pg.size() if len(p) else {}).fillna(0).astype("int64")
    return w.reset_index(drop=True)


def _changes(plan: Plan, history: pd.DataFrame, earlier: LoggedReport | None, start: dt.date) -> Changes:
    now = {p.exercise: (p.phase, p.status) for p in plan.exercises}
    if earlier is not None:
        before, since, made_at, pain = earlier.exercises, earlier.as_of, earlier.made_at, earlier.pain_recent
    else:
        h = history[history["exercise"].notna()] if len(history) else history
        if h.empty:
            before, since = {}, None
        else:
            first = h["as_of"].min()
            rows = h[h["as_of"] == first]
            before, since = dict(zip(rows["exercise"], zip(rows["phase"], rows["status"], strict=True),
                                     strict=True)), first
        made_at, pain = None, None
    order = {s: i for i, s in enumerate(STATUSES)}
    rows, same = [], 0
    for ex in sorted(set(now) | set(before), key=lambda e: (order.get(now.get(e, (None, "ok"))[1], 9),
                                                               e.casefold())):
        b, n = before.get(ex), now.get(ex)
        if b == n:
            same += 1
            continue
        rows.append(Change(ex, b[0] if b else None, b[1] if b else None, n[0] if n else None, n[1] if n else None))
    return Changes(since, earlier is not None, made_at, tuple(rows), same, pain)


def build_report(con: duckdb.DuckDBPyConnection, start: dt.date | None = None, end: dt.date | None = None,
                 unit: str = "kg", label: str | None = None, weeks: int = DEFAULT_WEEKS,
                 today: dt.date | None = None) -> Report:
    """The report of the workspace behind ``con``: ``end`` (default: :func:`default_as_of`) is the as-of
    day, ``start`` (default: the Monday ``weeks`` weeks back, this week included) the first day.
    ``label`` (default: the last report's) names the person on every page."""
    if unit not in ("kg", "lb"):
        raise ReportError(f"unknown unit {unit!r}: use kg or lb")
    today = today or dt.date.today()
    as_of = end or default_as_of(store_summary(con)["last_day"], today)
    if start is None:
        monday = as_of - dt.timedelta(days=as_of.weekday())
        start = monday - dt.timedelta(weeks=max(int(weeks), 1) - 1)
    if start > as_of:
        raise ReportError(f"the period starts ({fmt_day(start)}) after it ends ({fmt_day(as_of)})")
    # The plan comes from the whole log, as on the dashboard: a phase that began before the period (or before
    # its 12-week lead-in) keeps its real first day. The period's own figures come from the period alone.
    whole = Analysis.load(con, as_of=as_of)
    plan = whole.plan(unit=unit)
    history = whole.plan_history(start=start)
    a = Analysis.load(con, as_of=as_of, start=start, end=as_of)
    sections = []
    for p in plan.by_status():
        h = history[history["exercise"] == p.exercise].reset_index(drop=True) if len(history) else history
        sections.append(ExerciseSection(p, h, a.weekly(p.exercise), a.pain_daily(p.exercise),
                                        e1rm_by_day(a.placed, p.exercise)))
    days = pain_scores(a.pain_in_range)
    pain_days = (days.groupby("day").agg(score=("score", "mean"), entries=("score", "size")).reset_index()
                 if len(days) else pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"),
                                                 "score": pd.Series(dtype="float64"),
                                                 "entries": pd.Series(dtype="int64")}))
    trend = pain_trend(a.pain, as_of)
    earlier = last_report(con, before=as_of)
    label = clean_label(label if label is not None else last_label(con))
    summary = dict(a.summary)
    summary["sessions"] = int(a.placed["workout_start"].nunique()) if len(a.placed) else 0
    return Report(as_of, start, today, label, unit, plan, tuple(sections), _weekly(a, start), pain_days,
                  trend, _changes(plan, history, earlier, start), summary)


def number(x: float | None, nd: int = 1) -> str:
    """A number for people: "–" when missing, no trailing ".0" on whole numbers of 0 decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, np.floating) and np.isnan(x)):
        return "–"
    return f"{x:,.{nd}f}"
