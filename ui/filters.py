"""The shared sidebar filters, kept in the URL so a copied link opens the same view.

Every filter widget is bound to a query parameter (``bind="query-params"``):
``?dates=…&ex=…&area=…&unit=lb`` (and ``exercise=`` on the Exercise page). A
parameter equal to its default is dropped from the URL, so plain links stay short.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from . import data, state
from .data import Filters

DISCLAIMER = ("Advice computed from your own logs, **not a diagnosis**. Talk to a clinician about pain "
              "that worries you.")
#: Pages that state it in their own content, beside the advice (it must not be in the sidebar only: a phone
#: shows the sidebar collapsed). The sidebar says it on every other page, once per screen either way.
STATES_ITS_OWN_DISCLAIMER = frozenset({"Overview", "Plan", "Summary"})


def sidebar(page_title: str = "") -> Filters:
    """Draw the filters (when there is data) and remember them for the page; returns them.

    Called first on every run (app.py, with the title of the page about to run), so it also starts the
    run's data version afresh.
    """
    state.new_run()
    disclaim = page_title not in STATES_ITS_OWN_DISCLAIMER
    s = data.store_summary()
    if not s["sets"]:
        f = Filters()
        st.session_state["_filters"] = f
        if disclaim:
            st.sidebar.caption(DISCLAIMER)
        return f
    first = dt.date.fromisoformat(s["first_day"])
    last = max(data.last_logged_day() or first, first)  # a pain entry after the last workout counts
    with st.sidebar:
        st.markdown("**Filters**")
        picked = st.date_input("Dates", value=(first, last), min_value=first, max_value=max(last, first),
                               key="dates", bind="query-params", format="YYYY-MM-DD")
        start, end = _range(picked, first, last)
        names = data.full().exercises()
        ex = st.multiselect("Exercises", names, key="ex", bind="query-params", placeholder="All exercises")
        areas = data.areas_in_use()
        area = st.selectbox("Body area", areas, index=None, key="area", bind="query-params",
                            placeholder="Every area",
                            help="Keep exercises that load this area, and pain logged for it.")
        unit = st.radio("Weights in", ["kg", "lb"], horizontal=True, key="unit", bind="query-params")
        if disclaim:
            st.caption(DISCLAIMER)
    f = Filters(start=start if start != first else None, end=end if end != last else None,
                exercises=tuple(ex or ()), area=area, unit=unit or "kg")
    st.session_state["_filters"] = f
    return f


def _range(picked, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """A complete (start, end) from the date widget, which returns one date while the user is picking."""
    if isinstance(picked, (tuple, list)):
        if len(picked) == 2 and all(picked):
            return picked[0], picked[1]
        if len(picked) == 1 and picked[0]:
            return picked[0], last
        return first, last
    return (picked, last) if picked else (first, last)


def current() -> Filters:
    """The filters chosen in the sidebar on this run."""
    return st.session_state.get("_filters") or Filters()
