"""Entry point: routes only. Pages live in pages/, logic in rehab/."""

import streamlit as st

st.set_page_config(page_title="Rehab training dashboard", page_icon="🩹", layout="wide")

nav = st.navigation([
    st.Page("pages/import_data.py", title="Import", icon="📥", default=True),
])
nav.run()
