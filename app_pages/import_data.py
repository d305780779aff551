"""Import page: upload exports, check the detected format and unit, commit, undo."""

import pandas as pd
import streamlit as st

from rehab.storage.queries import imports, rejects
from ui import data, hevy_sync, hosted, state, uploads
from ui.export import safe_csv
from ui.view import esc

hosted.owner_only()

st.title("Import workout logs")
st.caption(
    "Strong, Hevy, FitNotes, Fitbod, StrongLifts, Liftosaur, Alpha Progression, Lyfta and JEFIT exports, and Garmin "
    "`.fit` strength activities. The format is read from the file's content; nothing is stored "
    "until you press **Import**. Importing the same file twice adds nothing."
)

ro = state.read_only()
if ro:
    st.info("This is a read-only view: importing and undoing are switched off.")

limit = uploads.max_upload_mb()
gen = st.session_state.get("_uploader_gen", 0)
files = st.file_uploader(
    "Drop one or more export files here",
    accept_multiple_files=True,
    key=f"uploads_{gen}",
    help=f"Up to {limit} MB per file. Bigger exports: `python -m rehab import FILE` on the command line.",
    disabled=ro,
)

staged = [uploads.stage(f) for f in files or []]
ready: list[tuple[uploads.Staged, str | None, str | None]] = []
DATE_ORDERS = {"DMY": "day first (DD.MM.YYYY)", "MDY": "month first (MM/DD/YYYY)"}
for i, s in enumerate(staged):
    with st.container(border=True):
        if s.error:
            st.error(esc(s.error), icon=":material/block:")
            continue
        p = s.preview
        det = p.detected
        st.markdown(f"**{esc(s.name)}** — detected **{det.app.title()}** export, form `{det.form}`"
                    + (f", weights in **{det.unit}**" if det.unit else ""))
        unit = None
        if p.needs_unit:
            options = ["kg", "lb"]
            guess = p.unit_guess
            unit = st.radio(
                f"Weights in {esc(s.name)} are in…", options, horizontal=True, key=f"unit_{i}_{s.name}",
                index=options.index(guess) if guess in options else None,
            )
            if guess:
                st.caption(f"This export does not say. Pre-selected **{guess}** from the evidence below; check it: "
                           "the app's unit setting at export time decides.")
            else:
                st.caption("This export does not say, and the weights do not tell clearly: pick the unit your app "
                           "uses (its setting when you exported).")
            with st.expander("Why " + (f"{guess}" if guess else "no guess"), expanded=True):
                for line in p.unit_evidence:
                    st.text("• " + line)  # st.text: the evidence quotes exercise names from the file
        date_format = None
        if p.date_example:  # day/month dates: show the order, ask when the rows do not settle it
            options = list(DATE_ORDERS)
            chosen = st.radio(
                f"Dates in {esc(s.name)} (such as {esc(repr(p.date_example))}) are written…", options, horizontal=True,
                format_func=DATE_ORDERS.get, key=f"dates_{i}_{s.name}",
                index=options.index(p.date_order) if p.date_order in options else None,
            )
            if p.needs_date_format:
                st.caption("Both orders fit every date in the first rows and give different days: "
                           "pick the one your phone or spreadsheet uses.")
            else:
                st.caption(f"Read as **{DATE_ORDERS[p.date_order]}**: some dates fit only that order.")
            date_format = chosen if (p.needs_date_format or chosen != p.date_order) else None
        for problem in p.problems[:5]:
            st.warning(esc(f"{s.name}, line {problem.line}: {problem.reason}"))
        with st.expander(f"Preview: first {len(p.rows)} mapped rows", expanded=len(staged) == 1):
            cols = [c for c in ("workout_start", "exercise", "set_index", "set_kind", "reps", "weight_kg", "rpe",
                                "distance_m", "duration_s", "notes") if c in p.rows.columns]
            st.dataframe(p.rows[cols], hide_index=True, width="stretch", height=240)
            if p.needs_unit:
                st.caption("Weights are shown as written in the file until you pick a unit.")
        ready.append((s, unit, date_format))

missing_unit = [s.name for s, u, _ in ready if s.preview.needs_unit and u is None]
missing_dates = [s.name for s, _, d in ready if s.preview.needs_date_format and d is None]
if ready:
    if missing_unit:
        st.info("Pick the weight unit for: " + ", ".join(map(esc, missing_unit)))
    if missing_dates:
        st.info("Pick the date order for: " + ", ".join(map(esc, missing_dates)))
    label = f"Import {len(ready)} file" + ("s" if len(ready) > 1 else "")
    if st.button(label, type="primary", disabled=ro or bool(missing_unit or missing_dates), key="do_import"):
        results = []
        with st.status(f"Importing {len(ready)} file(s)…", expanded=True) as status:
            for s, unit, date_format in ready:
                st.write(f"Reading {esc(s.name)}…")
                report, err = uploads.run_import(s, unit, date_format)
                results.append((s.name, report, err))
            failed = sum(1 for _, r, _ in results if r is None)
            poor = sum(1 for _, r, _ in results if r is not None and r.mostly_rejected)
            label = f"Imported {len(results) - failed} of {len(results)} file(s)"
            if poor:
                label += f"; most rows of {poor} file(s) were rejected"
            status.update(label=label, state="error" if failed == len(results) or poor else "complete",
                          expanded=False)
        st.session_state["_last_results"] = results
        uploads.forget([s for s, _, _ in ready])
        data.changed()
        st.rerun()

results = st.session_state.get("_last_results")
if results:
    st.subheader("Last import")
    for name, rep, err in results:
        if rep is None:
            st.error(esc(err), icon=":material/block:")
            continue
        with st.container(border=True):
            st.markdown(f"**{esc(name)}** — {rep.format} ({rep.unit or 'unit per row'})")
            if rep.mostly_rejected:
                st.warning(f"Most rows were rejected: {rep.rejected:,} of {rep.sets_read:,} could not be read, "
                           "so this import is probably not what you meant. Check the rejected rows below, "
                           "and undo the import if it is wrong.", icon=":material/warning:")
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Rows read", f"{rep.sets_read:,}")
            c2.metric("Sets added", f"{rep.sets_added:,}")
            c3.metric("Already stored", f"{rep.duplicates:,}")
            c4.metric("Rejected", f"{rep.rejected:,}")
            for w in rep.warnings:
                st.warning(esc(w))
            if rep.rejected:
                rej = pd.DataFrame([{"line": r.line, "reason": r.reason, "raw": r.raw} for r in rep.rejects])
                st.dataframe(rej.head(20), hide_index=True, width="stretch")
                st.download_button(
                    f"Download the {rep.rejected} rejected rows (CSV)", safe_csv(rej),
                    file_name=f"rejected-{name.rsplit('.', 1)[0]}.csv", mime="text/csv",
                    key=f"dl_{rep.batch_id}", icon=":material/download:",
                )
    st.page_link("app_pages/overview.py", label="See the overview", icon=":material/dashboard:")

hevy_sync.section()

st.subheader("Import history")
cur = state.cursor()
hist = imports(cur)
if hist.empty:
    st.caption("No imports yet.")
else:
    show = hist[["file_name", "imported_at", "form", "unit", "sets_read", "sets_added", "duplicates", "rejected",
                 "batch_id"]]
    st.dataframe(
        show, hide_index=True, width="stretch",
        column_config={
            "batch_id": st.column_config.NumberColumn("Import #", format="%d"),
            "file_name": "File", "form": "Format", "unit": "Unit", "sets_read": "Read",
            "sets_added": "Added", "duplicates": "Duplicates", "rejected": "Rejected",
            "imported_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm"),
        },
    )
    labels = {int(r.batch_id): f"#{r.batch_id} · {r.file_name} · {r.sets_added} sets" for r in hist.itertuples()}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    batch = c1.selectbox("Import", list(labels), format_func=labels.get, key="undo_batch")
    if c2.button("Undo this import…", disabled=ro, key="undo_ask"):
        st.session_state["_undo_pending"] = batch
    pending = st.session_state.get("_undo_pending")
    if pending in labels:
        st.warning(f"Delete import {esc(labels[pending])} — its sets, rejected rows and pain read from its "
                   "notes? This cannot be undone (you can import the file again).")
        y, n = st.columns(2)
        if y.button("Yes, delete it", type="primary", disabled=ro, key="undo_yes"):
            from rehab.imports.pipeline import undo_import

            removed = undo_import(cur, pending)
            st.session_state.pop("_undo_pending", None)
            st.session_state["_undo_done"] = f"Removed import #{pending} ({removed} sets)."
            data.changed()
            st.rerun()
        if n.button("Cancel", key="undo_no"):
            st.session_state.pop("_undo_pending", None)
            st.rerun()
    rows_batch = st.session_state.get("undo_batch")
    if rows_batch is not None and int(hist.loc[hist.batch_id == rows_batch, "rejected"].iloc[0]) > 0:
        rej = rejects(cur, rows_batch)
        st.download_button(f"Download rejected rows of #{rows_batch} (CSV)", safe_csv(rej),
                           file_name=f"rejected-{rows_batch}.csv", mime="text/csv", key="dl_hist")
if msg := st.session_state.pop("_undo_done", None):
    st.success(msg)
