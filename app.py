"""Entry point: routes only. Pages live in pages/, glue in ui/, logic in rehab/."""

import streamlit as st

from ui import filters

st.set_page_config(page_title="Rehab training dashboard", page_icon="🩹", layout="wide")

nav = st.navigation(
    {
        "Training": [
            st.Page("pages/overview.py", title="Overview", icon="📊", default=True),
            st.Page("pages/trends.py", title="Trends", icon="📈"),
            st.Page("pages/spectrum.py", title="Spectrum", icon="🌈"),
            st.Page("pages/exercise.py", title="Exercise", icon="🏋️"),
        ],
        "Pain & advice": [
            st.Page("pages/flags.py", title="Flags", icon="🚩"),
            st.Page("pages/pain.py", title="Pain log", icon="🩹"),
        ],
        "Data": [st.Page("pages/import_data.py", title="Import", icon="📥")],
    }
)
filters.sidebar()
nav.run()
