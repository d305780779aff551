"""Entry point: routes only. Pages live in pages/, glue in ui/, logic in rehab/."""

import streamlit as st

from ui import filters

st.set_page_config(page_title="Rehab training dashboard", page_icon=":material/healing:", layout="wide")

nav = st.navigation(
    {
        "Training": [
            st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
            st.Page("pages/trends.py", title="Trends", icon=":material/monitoring:"),
            st.Page("pages/spectrum.py", title="Spectrum", icon=":material/scatter_plot:"),
            st.Page("pages/exercise.py", title="Exercise", icon=":material/fitness_center:"),
        ],
        "Pain & advice": [
            st.Page("pages/flags.py", title="Flags", icon=":material/flag:"),
            st.Page("pages/pain.py", title="Pain log", icon=":material/healing:"),
        ],
        "Data": [st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:")],
    }
)
filters.sidebar()
nav.run()
