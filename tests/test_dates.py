"""The app's one way of writing a day and a time (rehab.words.dates), missing values included."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from rehab.words.dates import day, day_time


@pytest.mark.parametrize("value", [dt.date(2026, 3, 3), dt.datetime(2026, 3, 3, 18, 5), pd.Timestamp("2026-03-03"),
                                   "2026-03-03", np.datetime64("2026-03-03")])
def test_day_reads_every_kind_of_date(value):
    assert day(value) == "3 Mar 2026"


def test_day_time_writes_the_day_then_the_time():
    assert day_time(dt.datetime(2026, 3, 3, 18, 5)) == "3 Mar 2026, 18:05"
    assert day_time("2026-12-31T07:30:00") == "31 Dec 2026, 07:30"


@pytest.mark.parametrize("missing", [None, pd.NaT, float("nan"), np.datetime64("NaT"), pd.NA])
def test_a_missing_value_is_a_dash(missing):
    assert day(missing) == "—"
    assert day_time(missing) == "—"
