"""UTC instants to the wall-clock time of the machine's time zone.

Stored workout starts are local times as the person lived them (the training
day is the local date). Most exports write local time already; Liftosaur and
Garmin FIT files write UTC instants without the person's zone, so those are
shown in the zone of the machine doing the import (``$TZ`` if set), with its
daylight-saving rules for each date, as the apps themselves display them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


def utc_to_local(instants: pd.Series) -> pd.Series:
    """Naive UTC timestamps (or NaT) -> naive local wall-clock timestamps, per distinct value."""
    codes, uniques = pd.factorize(instants, use_na_sentinel=True)
    local = [
        dt.datetime.fromtimestamp(ts.replace(tzinfo=dt.UTC).timestamp()).replace(tzinfo=None)
        for ts in pd.DatetimeIndex(uniques).to_pydatetime()
    ]
    values = pd.Series(pd.to_datetime(local) if local else [], dtype="datetime64[us]")
    out = pd.Series(pd.NaT, index=instants.index, dtype="datetime64[us]")
    ok = codes >= 0
    if ok.any():
        out[ok] = values.to_numpy()[codes[ok]]
    return out
