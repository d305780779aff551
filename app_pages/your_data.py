"""Your data: download everything as one file, restore it, and (signed in) delete the workspace."""

import streamlit as st

from rehab.output.export import RestoreError
from ui import data, hosted, state
from ui.view import esc

hosted.owner_only()

st.title("Your data")
sc = state.scope()
ro = state.read_only()
if sc.kind == "temporary":
    st.warning("This workspace lives only in this browser session and disappears when you close it. "
               "Download it to keep it, and restore it here next time.", icon=":material/timer:")

st.subheader("Download")
st.write("One zip with every table as Parquet (for restoring) and CSV (for spreadsheets).")
st.download_button("Download everything (.zip)", data=hosted.export_zip, file_name="rehab-export.zip",
                   mime="application/zip", icon=":material/download:", key="export_zip", on_click="ignore",
                   disabled=not data.store_summary()["sets"] and sc.kind != "local")

st.subheader("Restore")
up = st.file_uploader("An export made here (.zip)", type=["zip"], key="restore_zip", disabled=ro)
replace = st.checkbox("Replace what is in this workspace now", key="restore_replace", disabled=ro)
if st.button("Restore", disabled=ro or up is None, icon=":material/upload:", key="restore_go"):
    try:
        counts = hosted.restore(up.getvalue(), up.name, replace)
    except RestoreError as exc:
        st.error(esc(exc), icon=":material/block:")
    else:
        st.success(f"Restored {counts.get('sets', 0)} sets, {counts.get('pain', 0)} pain entries.")

if sc.kind == "user":
    st.subheader("Delete")
    with st.container(border=True):
        st.write("Delete this workspace: every set, pain entry and share link, for good.")
        sure = st.checkbox("I have downloaded what I want to keep", key="delete_sure")
        if st.button("Delete my workspace", type="primary", disabled=not sure, icon=":material/delete_forever:",
                     key="delete_go"):
            hosted.delete_workspace()
            st.logout()
