"""The one way the app writes a date for people: "3 Mar 2026" (day without a leading zero, short month, year).

Unambiguous in every locale (unlike 03/04/2026) and short enough for a chart tooltip. Pages, charts
and the CLI's human output use these helpers; machine output (JSON, CSV, URLs) keeps ISO 8601.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: d3-time-format pattern for Vega-Lite axes and tooltips, the same as :func:`day`.
VEGA_DAY = "%-d %b %Y"
#: Moment.js pattern for Streamlit's DateColumn / DatetimeColumn, the same as :func:`day` / :func:`day_time`.
ST_DAY = "D MMM YYYY"
ST_DAY_TIME = "D MMM YYYY, HH:mm"


def _timestamp(value: object) -> pd.Timestamp | None:
    """``value`` (a date, datetime, Timestamp or ISO string) as a Timestamp; None for a missing value."""
    if value is None or (not isinstance(value, (dt.date, str)) and pd.isna(value)):
        return None
    d = pd.Timestamp(value)
    return None if pd.isna(d) else d


def day(value: object) -> str:
    """ "3 Mar 2026"; "—" for a missing value. Accepts dates, datetimes, Timestamps and ISO strings."""
    d = _timestamp(value)
    return "—" if d is None else f"{d.day} {d:%b %Y}"


def day_time(value: object) -> str:
    """ "3 Mar 2026, 18:05"; "—" for a missing value."""
    d = _timestamp(value)
    return "—" if d is None else f"{day(d)}, {d:%H:%M}"
