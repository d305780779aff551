"""Import page (placeholder until the dashboard issue replaces it)."""

import streamlit as st

st.title("Import")
st.write("Use `python -m rehab import FILE` for now.")
