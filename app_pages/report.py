"""Clinician report: a paged PDF (A4 or Letter) and the same document as HTML, shown below."""

import streamlit as st

from ui import empty, filters, hosted, state

WEEKS = [4, 8, 12, 26, 52]

st.title("Clinician report")
if empty.show_if_empty():
    st.stop()
f = filters.current()
c1, c2, c3 = st.columns([3, 2, 2])
label = c1.text_input("Name or label on the report", value=hosted.report_label(), max_chars=80, key="report_label",
                      help="Printed at the top of every page, e.g. your name for your physiotherapist.")
paper = c2.radio("Paper", ["A4", "Letter"], index=["A4", "Letter"].index(hosted.default_paper()), horizontal=True,
                 key="report_paper", help="Chosen from your browser's language and region; change it if needed.")
ranged = f.start is not None or f.end is not None
weeks = c3.selectbox("Weeks", WEEKS, index=WEEKS.index(12), key="report_weeks", disabled=ranged,
                     format_func=lambda w: f"last {w} weeks",
                     help="The dates in the sidebar win when you change them.")
rep, page = hosted.report(f.start, f.end, f.unit, label, weeks, paper)
st.caption(f"{rep.period} · plan as of {rep.as_of:%-d %b %Y} · weights in {f.unit} · {paper}. First page: the "
           "status of every exercise, pain and what changed since the last report; then each exercise, a pain "
           "calendar, the weeks in figures and the sources.")
stem = f"rehab-report-{rep.as_of:%Y-%m-%d}"
record = "ignore" if state.read_only() else (lambda: hosted.report_made(rep))
d1, d2 = st.columns(2)
d1.download_button("Download PDF", data=lambda: hosted.report_pdf_of(page), file_name=f"{stem}.pdf",
                   mime="application/pdf", icon=":material/picture_as_pdf:", width="stretch", key="report_pdf",
                   on_click=record, type="primary")
d2.download_button("Download HTML", data=page, file_name=f"{stem}.html", mime="text/html",
                   icon=":material/download:", width="stretch", key="report_html", on_click=record)
st.iframe(page, height=1100)
