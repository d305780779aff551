"""Streamlit glue for the dashboard: which database and cursor (state), cached analytics (data), sidebar
filters kept in the URL (filters), uploads, downloads and small view helpers. ``rehab/`` never imports this."""
