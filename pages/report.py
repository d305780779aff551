"""Clinician report: one printable page (HTML, PDF or PNG) for the dates chosen in the sidebar."""

import streamlit as st

from ui import empty, filters, hosted

st.title("Clinician report")
if empty.show_if_empty():
    st.stop()
f = filters.current()
rep = hosted.report(f.start, f.end, f.unit)
st.caption(f"{rep.period} · weights in {f.unit} · change the dates in the sidebar. One page: weekly volume and "
           "pain, where the training sat on the spectrum, and the active flags with evidence and prescriptions.")
files = hosted.report_files(rep)
cols = st.columns(3)
stem = f"rehab-report-{rep.as_of:%Y-%m-%d}"
for col, (kind, (payload, mime)) in zip(cols, files.items(), strict=True):
    col.download_button(f"Download {kind.upper()}", data=payload, file_name=f"{stem}.{kind}", mime=mime,
                        icon=":material/download:", width="stretch", key=f"report_{kind}", on_click="ignore")
st.iframe(files["html"][0], height=1100)
