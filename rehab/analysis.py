"""The one object the dashboard and the CLI ask for analytics (fava's ``FavaLedger`` idea).

``Analysis.load(con, ...)`` reads the sets, the pain diary and the exercise-area
overrides once; every derived view (placed sets, weekly/daily trends, flags,
flag history) is computed on first use and cached by its arguments. Pages call
only this object: no SQL and no rules outside ``rehab/``.

The returned frames are shared by the cache: treat them as read-only.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from rehab.advice import Grid, Plan, build, build_plan, flags_of, plan_history
from rehab.analytics import metrics
from rehab.analytics.areas import exercise_area_map
from rehab.analytics.spectrum import REFERENCE_DAYS, place_sets
from rehab.pain.diary import load_pain
from rehab.pain.sessions import load_sessions
from rehab.storage.transactions import one

#: A log whose last day is older than this is looked at "as of" its last day, not today: an old export
#: should show its own last weeks, while a recent pause (itself a warning sign) stays visible.
STALE_AFTER_DAYS = 28


def default_as_of(last_day: dt.date | str | None, today: dt.date | None = None) -> dt.date:
    """THE "as of" day when none is chosen (dashboard, report and CLI alike): today, or the log's last
    day when that is more than :data:`STALE_AFTER_DAYS` old."""
    today = today or dt.date.today()
    if last_day is None:
        return today
    last = dt.date.fromisoformat(last_day) if isinstance(last_day, str) else last_day
    return last if (today - last).days > STALE_AFTER_DAYS else today


def last_logged_day(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The newest day with a set or a pain entry: what :func:`default_as_of` is given, so pain logged today
    after an old export's last workout is inside "the log" (dashboard, report and CLI alike)."""
    cur = con.cursor()
    try:
        (day,) = one(cur, "SELECT greatest((SELECT max(day) FROM sets), (SELECT max(day) FROM pain))")
    finally:
        cur.close()
    return day


SET_COLUMNS = ["workout_start", "day", "workout_name", "workout_duration_s", "exercise", "set_index", "set_kind",
               "reps", "weight_kg", "distance_m", "duration_s", "rpe", "notes", "batch_id"]


def _to_date(x) -> dt.date | None:
    if x is None:
        return None
    return pd.Timestamp(x).date()


def read_sets(con: duckdb.DuckDBPyConnection, start: dt.date | None = None, end: dt.date | None = None,
              exercises: list[str] | None = None) -> pd.DataFrame:
    """Sets between ``start`` and ``end`` (inclusive days), optionally only some exercises, in time order."""
    where: list[str] = ["TRUE"]
    params: list[object] = []
    if start is not None:
        where.append("day >= ?")
        params.append(start)
    if end is not None:
        where.append("day <= ?")
        params.append(end)
    if exercises:
        where.append("list_contains(?, exercise)")
        params.append(list(exercises))
    sql = (f"SELECT {', '.join(SET_COLUMNS)} FROM sets WHERE {' AND '.join(where)} "
           "ORDER BY workout_start, exercise, set_kind = 'warmup' DESC, set_index")
    cur = con.cursor()
    try:
        df = cur.execute(sql, params).df()
    finally:
        cur.close()
    df["day"] = pd.to_datetime(df["day"])
    return df


def read_pain(con: duckdb.DuckDBPyConnection, start: dt.date | None = None, end: dt.date | None = None
              ) -> pd.DataFrame:
    """The pain diary (:func:`~rehab.pain.diary.load_pain`: ts, day, area, score, context, note, source, …)."""
    # Bounds are applied here: load_pain refuses dates in the future, and an as-of day may be one.
    df = load_pain(con)
    if start is not None:
        df = df[df["day"] >= pd.Timestamp(start)]
    if end is not None:
        df = df[df["day"] <= pd.Timestamp(end)]
    df = df.reset_index(drop=True)
    if len(df):
        df["day"] = pd.to_datetime(df["day"])
    return df


def read_area_map(con: duckdb.DuckDBPyConnection, exercises: list[str]) -> dict[str, tuple[str, ...]]:
    """Body areas each exercise loads (defaults plus the user's overrides), via :mod:`rehab.analytics.areas`."""
    return dict(exercise_area_map(con, exercises))


@dataclass
class Analysis:
    """Loaded data plus cached derived views. Build with :meth:`load`.

    Fields: ``sets`` (raw sets read, :data:`SET_COLUMNS`, ``day`` as datetime64; includes the
    12-week lead-in before ``start``), ``pain`` (pain entries over the same span, see
    :func:`~rehab.pain.diary.load_pain`), ``area_map`` (exercise -> body areas it loads, overrides
    applied), ``as_of`` (the day flags and "this week" are computed for), ``start``/``end``
    (the days shown; ``end`` ≤ ``as_of``). Views: ``placed`` / ``pain_in_range`` (within
    ``start``..``end``), ``placed_all`` (with the lead-in), ``weekly``, ``daily``, ``band_shares``,
    ``best_e1rm_weekly``, ``prs``, ``pain_daily``, ``week_vs_4wk``, ``plan``, ``plan_history``, ``flags``,
    ``exercises``, ``summary``. Weights in kg, loads in kg, pain 0–10. ``sessions``: the session diary
    (:func:`rehab.pain.sessions.load_sessions`) over the same span.
    """

    sets: pd.DataFrame
    pain: pd.DataFrame
    area_map: dict[str, tuple[str, ...]]
    as_of: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    method: str = "epley"
    sessions: pd.DataFrame | None = None
    _context: pd.DataFrame | None = None  # sets before ``start`` kept for the 12-week reference e1RM
    _cache: dict[tuple, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, as_of=None, start=None, end=None,
             exercises: list[str] | None = None, method: str = "epley") -> Analysis:
        """Read what the views need. ``as_of`` (default: today) caps the data like ``end`` does;
        ``start``/``end`` limit the days shown; 12 weeks before ``start`` are still read so the
        reference e1RM is right from the first day."""
        as_of_d = _to_date(as_of) or dt.date.today()
        start_d, end_d = _to_date(start), _to_date(end)
        end_d = min(end_d, as_of_d) if end_d else as_of_d
        read_from = start_d - dt.timedelta(days=REFERENCE_DAYS) if start_d else None
        raw = read_sets(con, read_from, end_d, exercises)
        pain = read_pain(con, read_from, end_d)
        names = sorted(raw["exercise"].unique().tolist()) if len(raw) else []
        return cls(sets=raw, pain=pain, area_map=read_area_map(con, names), as_of=as_of_d, start=start_d,
                   end=end_d, method=method, sessions=load_sessions(con, read_from, end_d))

    # ---------------------------------------------------------------- caching

    def _cached(self, key: tuple, make):
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._lock:
            return self._cache.setdefault(key, value)

    def _in_range(self, df: pd.DataFrame) -> pd.DataFrame:
        if self.start is None or df.empty:
            return df
        return df[df["day"] >= pd.Timestamp(self.start)].reset_index(drop=True)

    # ------------------------------------------------------------------ views

    @property
    def placed(self) -> pd.DataFrame:
        """Working and warm-up sets in range, placed (:func:`~rehab.analytics.spectrum.place_sets`)."""
        if self.start is None:  # nothing before the range was read: the same frame as placed_all, placed once
            return self.placed_all
        return self._cached(("placed",), lambda: self._in_range(place_sets(self.sets, self.method)))

    @property
    def placed_all(self) -> pd.DataFrame:
        """Placed sets including the 12-week lead-in before ``start`` (what the flags look back over)."""
        return self._cached(("placed_all",), lambda: place_sets(self.sets, self.method))

    @property
    def pain_in_range(self) -> pd.DataFrame:
        return self._cached(("pain",), lambda: self._in_range(self.pain))

    def exercises(self) -> list[str]:
        """Exercise names, most sets first (ties by name)."""
        def make():
            s = self.placed
            if s.empty:
                return []
            counts = s.groupby("exercise").size().reset_index(name="n")
            return counts.sort_values(["n", "exercise"], ascending=[False, True])["exercise"].tolist()
        return self._cached(("exercises",), make)

    def areas(self, exercise: str | None, areas=None) -> tuple[str, ...] | None:
        """Body areas whose pain counts: ``areas`` when given (an overall view narrowed to a body area),
        else the areas ``exercise`` loads, else None (all pain). For an exercise, pain written in its own
        notes counts too, and pain without an area does not (:func:`rehab.analytics.areas.pain_applies`)."""
        if areas is not None:
            return (areas,) if isinstance(areas, str) else tuple(areas)
        return None if exercise is None else tuple(self.area_map.get(exercise, ()))

    def _range(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        return (pd.Timestamp(self.start) if self.start else None, pd.Timestamp(self.end) if self.end else None)

    def weekly(self, exercise: str | None = None, areas=None) -> pd.DataFrame:
        """:func:`~rehab.analytics.metrics.weekly` overall or for one exercise (pain: ``areas``, else its areas)."""
        start, _ = self._range()
        pa = self.areas(exercise, areas)
        return self._cached(("weekly", exercise, pa if areas is not None else None), lambda: metrics.weekly(
            self.placed, self.pain_in_range, exercise=exercise, areas=pa, start=start, end=self._last_day()))


    def daily(self, exercise: str | None = None, areas=None) -> pd.DataFrame:
        """:func:`rehab.analytics.metrics.daily` overall or for one exercise (zero-filled to the last day; pain as in
        :meth:`weekly`)."""
        start, _ = self._range()
        pa = self.areas(exercise, areas)
        return self._cached(("daily", exercise, pa if areas is not None else None), lambda: metrics.daily(
            self.placed, self.pain_in_range, areas=pa, exercise=exercise, start=start, end=self._last_day()))

    def band_shares(self, exercise: str | None = None) -> pd.DataFrame:
        return self._cached(("band_shares", exercise), lambda: metrics.band_shares(self.placed, exercise))

    def best_e1rm_weekly(self) -> pd.DataFrame:
        return self._cached(("best_e1rm_weekly",), lambda: metrics.best_e1rm_weekly(self.placed))

    def prs(self, exercise: str) -> pd.DataFrame:
        return self._cached(("prs", exercise), lambda: metrics.prs_by_rep_bracket(self.placed, exercise))

    def pain_daily(self, exercise: str | None = None, by: str | list[str] | None = None,
                   areas=None) -> pd.DataFrame:
        """:func:`rehab.analytics.metrics.pain_daily` in range: pain in ``areas`` (a body-area filter), else the areas
        ``exercise`` loads, else all pain."""
        pa = self.areas(exercise, areas)
        key = ("pain_daily", exercise, tuple(by) if isinstance(by, list) else by, pa if areas is not None else None)
        return self._cached(key, lambda: metrics.pain_daily(self.pain_in_range, areas=pa, by=by, exercise=exercise))

    def week_vs_4wk(self, exercise: str | None = None, areas=None) -> pd.DataFrame:
        """This week vs the 4 before (:func:`~rehab.analytics.metrics.week_vs_4wk`); pain as in :meth:`pain_daily`."""
        pa = self.areas(exercise, areas)
        return self._cached(("week_vs_4wk", exercise, pa if areas is not None else None), lambda: metrics.week_vs_4wk(
            self.placed_all, self.pain, as_of=self.as_of, exercise=exercise, areas=pa))

    def grid(self) -> Grid:
        """The day-by-day arrays the advice reads (:func:`rehab.advice.build`), built once per analysis."""
        return self._cached(("grid",), lambda: build(self.placed_all, self.pain, self.area_map, self.sessions,
                                                       until=self.as_of))

    def plan(self, as_of=None, unit: str = "kg") -> Plan:
        """The plan per exercise as of ``as_of`` (default: the analysis date): :class:`rehab.advice.Plan`."""
        day = min(_to_date(as_of) or self.as_of, self.as_of)
        return self._cached(("plan", day, unit), lambda: build_plan(self.grid(), day, unit))

    def flags(self, as_of=None) -> list[dict]:
        """The plan's signs in the ``python -m rehab flags --json`` shape (:func:`rehab.advice.flags_of`)."""
        return flags_of(self.plan(as_of))

    def plan_history(self, start=None, end=None) -> pd.DataFrame:
        """:func:`rehab.advice.plan_history` weekly over the data range (or ``start``..``end``)."""
        s = _to_date(start) or self.start or (self.placed["day"].min().date() if len(self.placed) else self.as_of)
        e = min(_to_date(end) or self.as_of, self.as_of)
        return self._cached(("plan_history", s, e), lambda: plan_history(self.grid(), s, e))

    def _last_day(self) -> pd.Timestamp | None:
        return pd.Timestamp(self.end) if self.end else None

    @property
    def summary(self) -> dict:
        """Headline numbers: sets, working_sets, exercises, first_day, last_day, volume_kg (working), as_of."""
        def make():
            s = self.placed
            w = s[s["working"]] if len(s) else s
            vol = (w["weight_kg"].fillna(0) * w["reps"].fillna(0)).where(
                (w["weight_kg"] > 0) & (w["reps"] > 0), 0.0).sum() if len(w) else 0.0
            return {
                "sets": len(s), "working_sets": len(w), "exercises": int(s["exercise"].nunique()) if len(s) else 0,
                "first_day": s["day"].min().date().isoformat() if len(s) else None,
                "last_day": s["day"].max().date().isoformat() if len(s) else None,
                "volume_kg": round(float(vol), 1), "as_of": self.as_of.isoformat(),
            }
        return self._cached(("summary",), make)
