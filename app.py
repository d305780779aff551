"""Entry point: routes only. Pages live in app_pages/, glue in ui/, logic in rehab/."""

import streamlit as st

st.set_page_config(page_title="Rehab training dashboard", page_icon=":material/healing:", layout="wide")
# Something on screen before the first visit's imports and the log's first load (seconds on a big log).
loading = st.empty()
loading.caption(":material/hourglass_top: Opening your training log…")

from ui import filters, hevy_sync, hosted  # noqa: E402 - imported after the loading note on purpose

scope = None
try:
    scope = hosted.gate()  # who this session is; stops here (sign-in, bad share link) when it may see nothing
finally:
    if scope is None:
        loading.empty()
data_pages = [st.Page("app_pages/report.py", title="Report", icon=":material/summarize:")]
if scope.kind != "share":  # a share link reaches nothing that writes
    data_pages[:0] = [st.Page("app_pages/import_data.py", title="Import", icon=":material/upload_file:")]
    data_pages.append(st.Page("app_pages/your_data.py", title="Your data", icon=":material/folder_zip:"))
if hosted.can_share(scope):
    data_pages.append(st.Page("app_pages/share.py", title="Share", icon=":material/share:"))

shared = scope.kind == "share"
training = [st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=not shared)]
if shared:  # a link opens on the summary a clinician reads first
    training.insert(0, st.Page("app_pages/clinician.py", title="Summary", icon=":material/assignment:",
                               default=True))
nav = st.navigation(
    {
        "Training": [
            *training,
            st.Page("app_pages/trends.py", title="Trends", icon=":material/monitoring:"),
            st.Page("app_pages/spectrum.py", title="Spectrum", icon=":material/scatter_plot:"),
            st.Page("app_pages/exercise.py", title="Exercise", icon=":material/fitness_center:"),
        ],
        "Pain & advice": [
            st.Page("app_pages/plan.py", title="Plan", icon=":material/route:"),
            st.Page("app_pages/pain.py", title="Pain log", icon=":material/healing:"),
        ],
        "Data": data_pages,
    }
)
hosted.sidebar(scope)
filters.sidebar(nav.title)
hevy_sync.auto_sync(scope)  # once per session, when Hevy is connected and the last sync is over an hour old
loading.empty()
nav.run()
