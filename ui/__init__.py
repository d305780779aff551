"""Streamlit glue for the dashboard: which database and cursor (state), cached analytics (data), sidebar
filters kept in the URL (filters), uploads, downloads and small view helpers. ``rehab/`` never imports this."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_routed() -> None:
    """Make a deep link (``/trends?…``) run ``app.py``'s navigation, not Streamlit's legacy page mode.

    Streamlit decides once per process, at the first session, whether the app is a
    legacy "pages/ folder" app; until ``st.navigation`` has run, a first visit to
    ``/trends`` would run ``pages/trends.py`` alone — no sidebar filters, legacy nav.
    Pages import ``ui``, so the first such run flips the flag and reruns through
    ``app.py``, which then routes the URL to our page. (Streamlit 1.67 internals;
    covered by the deep-link browser test.)
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


ensure_routed()
