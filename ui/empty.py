"""The empty state every page shows on a fresh database: load the demo, or import your own log."""

from __future__ import annotations

import streamlit as st

from rehab import demo

from . import data, state


def load_demo() -> None:
    with st.spinner("Loading the demo lifter…"):
        msg = demo.load_demo(state.cursor())
    data.changed()
    st.session_state["_demo_msg"] = msg


def show_if_empty() -> bool:
    """Draw the empty state and return True when there are no sets yet (the page should then stop)."""
    if msg := st.session_state.pop("_demo_msg", None):
        st.success(msg.capitalize())
    if data.store_summary()["sets"]:
        return False
    if state.scope().kind == "share":  # a viewer can neither load nor import anything
        st.info("This shared view has no training logged in its date range.", icon=":material/event_busy:")
        return True
    with st.container(border=True):
        st.subheader("No training data yet")
        st.write(
            "Load the **demo lifter** — six months of training in which the bench press stalls while shoulder "
            "pain rises, then a switch to endurance work — or import your own export "
            "(Strong, Hevy, FitNotes, Fitbod, StrongLifts, Liftosaur, Alpha Progression, Lyfta, JEFIT, Garmin .fit)."
        )
        c1, c2 = st.columns(2)
        c1.button("Load demo data", type="primary", icon=":material/science:", on_click=load_demo,
                  disabled=state.read_only(), key="load_demo", width="stretch")
        c2.page_link("app_pages/import_data.py", label="Import your log", icon=":material/upload_file:")
    return True
