"""Small presentation helpers shared by pages: number formats, scope captions, flag cards."""

from __future__ import annotations

import math
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from . import state
from .data import Filters


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(key: tuple, _build: Callable[[], alt.TopLevelMixin]) -> dict:
    # Altair validates the spec against the Vega-Lite JSON schema on every ``to_dict`` (most of a warm
    # rerun's time); building it once per data version + filters makes a rerun pay only the transfer.
    with alt.data_transformers.disable_max_rows():
        return _build().to_dict()


def chart(name: str, build: Callable[[], alt.TopLevelMixin], *key: object) -> None:
    """Draw the chart ``build()`` returns, its spec cached by data version, filters, ``name`` and ``key``."""
    from .filters import current

    f = current()
    st.vega_lite_chart(_spec((state.data_version(), f.key(), f.unit, name, *key), build), width="stretch")


def num(x: float) -> str:
    return f"{x:,.0f}" if not math.isnan(x) else "—"


def delta(change: float, pct: float) -> str | None:
    """"+1,200 (+15 %) vs 4-wk avg"; None when there is nothing to compare with."""
    if change is None or math.isnan(change):
        return None
    pct_s = "" if pct is None or math.isnan(pct) else f" ({pct:+.0f} %)"
    return f"{change:+,.0f}{pct_s} vs 4-wk avg"


def scope_caption(f: Filters, a) -> str:
    parts = [f"As of {a.as_of:%d %b %Y}"]
    if f.start or f.end:
        parts.append(f"{f.start or 'first day'} → {f.end or 'last day'}")
    if f.exercises:
        parts.append(", ".join(f.exercises) if len(f.exercises) <= 3 else f"{len(f.exercises)} exercises")
    if f.area:
        parts.append(f"area: {f.area}")
    parts.append(f"weights in {f.unit}")
    return " · ".join(parts)


def flag_title(flag) -> str:
    name = str(getattr(flag, "flag", "flag")).replace("_", " ")
    ex = getattr(flag, "exercise", None)
    return f"{name.capitalize()} — {ex}" if ex else name.capitalize()


def since_text(flag) -> str:
    since = getattr(flag, "since", None)
    if since is None or (isinstance(since, float) and math.isnan(since)):
        return ""
    return f" (since {pd.Timestamp(since):%d %b %Y})"


def flag_summaries(flags: list | None) -> None:
    """One warning card per active flag with links to the Flags and Exercise pages."""
    if flags is None:
        st.info("Flags are not available in this version of the analytics.")
        return
    if not flags:
        st.success("No flags: nothing in your recent training and pain suggests switching to endurance work.")
        return
    for i, fl in enumerate(flags):
        with st.container(border=True):
            st.markdown(f"**:material/flag: {flag_title(fl)}**{since_text(fl)}")
            st.write(fl.message)
            c1, c2 = st.columns(2)
            c1.page_link("pages/flags.py", label="Evidence and prescription", icon=":material/flag:")
            if getattr(fl, "exercise", None):
                c2.page_link("pages/exercise.py", label=f"Open {fl.exercise}", icon=":material/fitness_center:",
                             query_params={"exercise": fl.exercise})
            if i >= 9:
                st.caption(f"{len(flags) - 10} more on the Flags page.")
                break


def prescription(flag, unit: str) -> str | None:
    """The flag's prescription, with the suggested load also in pounds for a lb user."""
    text = getattr(flag, "prescription", None)
    if not text or unit != "lb":
        return text
    detail = (getattr(flag, "evidence", None) or {}).get("prescription") or {}
    kg = detail.get("load_kg") if isinstance(detail, dict) else None
    if isinstance(kg, (int, float)):
        from rehab.charts import LB_PER_KG

        text = f"{text} (≈ {kg * LB_PER_KG:.0f} lb)"
    return text
