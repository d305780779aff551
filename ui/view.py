"""Small presentation helpers shared by pages: number formats, scope captions, flag cards."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import altair as alt
import streamlit as st

from rehab.advice import STATUS_LABELS, prescription_text
from rehab.words import dates

from . import state
from .data import Filters
from .filters import current

#: Every ASCII punctuation character Markdown (CommonMark + GFM), Streamlit's own directives (``:red[…]``,
#: ``:material/…:``, ``$math$``) or HTML could read as syntax; CommonMark lets a backslash escape each one.
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^@%/;?,])")


def esc(value: object) -> str:
    """User text as literal text wherever Streamlit renders Markdown (``st.markdown``, ``st.caption``,
    ``st.info``/``warning``/``error``/``success``, ``st.write`` of a string, widget labels and ``help``
    tooltips, ``page_link`` labels). Use it on every user-supplied string — exercise, workout, note, label,
    file name, and messages that quote a file's cells — so ``![x](http://host/px.png)`` shows as those
    characters instead of making the viewer's browser fetch an image, and ``<img …>`` stays text.
    Line breaks become spaces (a name is one line; a newline could start a Markdown block)."""
    text = " ".join(str(value).splitlines())
    return _MD_SYNTAX.sub(r"\\\1", text)


def esc_lines(value: object) -> str:
    """Several lines of user text (a note) as literal text, its line breaks kept (Markdown hard breaks)."""
    return "  \n".join(esc(line) for line in str(value).splitlines())


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(key: tuple, _build: Callable[[], alt.TopLevelMixin]) -> dict:
    # Altair validates the spec against the Vega-Lite JSON schema on every ``to_dict`` (most of a render's
    # time): the chart functions' tests validate them (rehab/output/charts.py through tests/test_charts.py), so the
    # page skips it; built once per data version + filters, a rerun pays only the transfer.
    with alt.data_transformers.disable_max_rows():
        return _build().to_dict(validate=False)


def chart(name: str, build: Callable[[], alt.TopLevelMixin], *key: object) -> None:
    """Draw the chart ``build()`` returns, its spec cached by data version, filters, ``name`` and ``key``."""
    f = current()
    st.vega_lite_chart(_spec((state.data_version(), f.key(), f.unit, name, *key), build), width="stretch")


def num(x: float) -> str:
    return f"{x:,.0f}" if not math.isnan(x) else "—"


def delta(change: float, pct: float, against: str = "4-wk avg") -> str | None:
    """"+1,200 (+15 %) vs 4-wk avg"; None when there is nothing to compare with."""
    if change is None or math.isnan(change):
        return None
    pct_s = "" if pct is None or math.isnan(pct) else f" ({pct:+.0f} %)"
    return f"{change:+,.0f}{pct_s} vs {against}"


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def days_compared(days: int) -> str:
    """What "this week so far" covers: "Monday", "Monday–Wednesday", "the whole week"."""
    if days >= 7:
        return "the whole week"
    return WEEKDAY_NAMES[0] if days <= 1 else f"{WEEKDAY_NAMES[0]}–{WEEKDAY_NAMES[days - 1]}"


def scope_caption(f: Filters, a) -> str:
    parts = [f"As of {dates.day(a.as_of)}"]
    if f.start or f.end:
        parts.append(f"{dates.day(f.start) if f.start else 'first day'} → {dates.day(f.end) if f.end else 'last day'}")
    if f.exercises:
        parts.append(", ".join(map(esc, f.exercises)) if len(f.exercises) <= 3
                     else f"{len(f.exercises)} exercises")
    if f.area:
        parts.append(f"area: {f.area}")
    parts.append(f"weights in {f.unit}")
    return " · ".join(parts)


def day(d) -> str:
    """One date format for the app: "3 Mar 2026" (:func:`rehab.words.dates.day`)."""
    return dates.day(d)


STATUS_ICONS = {"see_clinician": ":material/medical_services:", "switch": ":material/swap_horiz:",
                "watch": ":material/visibility:", "ready_to_return": ":material/trending_up:",
                "ok": ":material/check_circle:"}


def next_step(p) -> str:
    """The one next step of an exercise's plan, in plain words."""
    rx = prescription_text(p)
    if p.status == "see_clinician":
        return "Get it assessed by a physiotherapist or doctor" + (f"; {rx}" if rx else "") + "."
    if rx:
        return rx[0].upper() + rx[1:] + "."
    first = p.advice.split(". ")[0].rstrip(".")
    return first[:1].upper() + first[1:] + "."


def plan_cards(plan, limit: int = 8) -> None:
    """Overview: one card per exercise that needs attention (most urgent first), then one line of the rest."""
    ordered = plan.by_status()
    attention = [p for p in ordered if p.status != "ok"]
    for s in plan.overall:
        st.warning(esc(s.message), icon=":material/info:")
    if not ordered:
        st.info("Nothing trained in the last 12 weeks: the plan starts with your next session.")
        return
    for p in attention[:limit]:
        with st.container(border=True):
            st.markdown(f"{STATUS_ICONS[p.status]} **{STATUS_LABELS[p.status]} — {esc(p.exercise)}** · "
                        f"{p.phase} phase")
            st.markdown(esc(next_step(p)))
            st.page_link("app_pages/plan.py", label="Why, and the full plan", icon=":material/route:",
                         query_params={"exercise": p.exercise})
    if len(attention) > limit:
        st.caption(f"{len(attention) - limit} more on the Plan page.")
    fine = [p.exercise for p in ordered if p.status == "ok"]
    if fine and not attention:
        st.success("All clear: " + esc(", ".join(fine)) + ".", icon=":material/check_circle:")
    elif fine:
        st.caption("Fine: " + esc(", ".join(fine)) + ".")


def clinician_notes(notes, dismiss: Callable[[str], None]) -> None:
    """Overview: the notes clinicians left through share links, newest first, each with who, when, about
    what and through which link, and a button to dismiss it. All of it is user text: escaped or plain."""
    if not notes:
        return
    st.subheader(f"Notes from your clinician ({len(notes)})")
    for n in notes:
        with st.container(border=True):
            c1, c2 = st.columns([6, 1])
            about = esc(n.exercise) if n.exercise else "your training overall"
            c1.markdown(f":material/chat: **{esc(n.author)}** · {dates.day_time(n.created_at)} UTC · about "
                        f"**{about}** · via link {esc(n.link_label)}")
            c1.markdown(esc_lines(n.body))
            c2.button("Dismiss", key=f"dismiss_note_{n.note_id}", icon=":material/delete:", on_click=dismiss,
                      args=(n.note_id,), help="Delete this note.")
