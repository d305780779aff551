"""Summary for a clinician: what a share link opens on — the report's first page, live (plan per exercise,
pain trend, what changed) for the link's label and dates, and a form to leave a note back to the owner."""

import streamlit as st

from rehab.advice import NOT_A_DIAGNOSIS, SIGN_LABELS, STATUS_LABELS, prescription_text
from rehab.advice.model import PHASE_LABELS
from rehab.output.report import figures
from rehab.output.report.content import number
from rehab.storage.share import MAX_AUTHOR, MAX_NOTE, ShareError
from rehab.words import dates
from ui import empty, filters, hosted, state
from ui.view import STATUS_ICONS, esc, esc_lines

sc = state.scope()
grant = sc.grant
label = grant.label if grant is not None else hosted.report_label()
st.title(f"Training summary{' — ' + esc(label) if label else ''}")
if grant is not None:
    allowed = ("all dates" if not (grant.date_from or grant.date_to)
               else f"{dates.day(grant.date_from) if grant.date_from else 'the start'} to "
                    f"{dates.day(grant.date_to) if grant.date_to else 'today'}")
    st.caption(f"Shared with you read-only. This link shows **{allowed}**.")
if empty.show_if_empty():
    st.stop()

f = filters.current()
rep = hosted.clinician_summary(f.unit, label, grant.date_from if grant else None)
s = rep.summary
st.markdown(f"**{rep.period}** (plan as of {dates.day(rep.as_of)}): {s['sessions']} sessions, "
            f"{s['working_sets']} working sets of {s['exercises']} exercises.")

# ------------------------------------------------------------------------------------------ pain
st.subheader("Pain")
t = rep.pain
c1, c2, c3 = st.columns(3)
c1.metric(f"Mean pain, last {t.days} days", "—" if t.recent is None else f"{number(t.recent)} / 10",
          delta=None if t.change is None else f"{t.change:+.1f} vs the {t.days} days before",
          delta_color="inverse", border=True)
c2.metric(f"Worst score, last {t.days} days", "—" if t.worst is None else f"{number(t.worst, 0)} / 10",
          border=True)
c3.metric(f"Scores logged, last {t.days} days", f"{t.entries}", border=True)
if rep.weekly["pain_mean"].notna().any():
    st.altair_chart(figures.pain_trend_chart(rep.weekly, rep.start, rep.as_of), width="stretch")
    st.caption("Weekly mean pain (line) and the worst score of each week, every body area.")
else:
    st.caption("No pain scores in this period.")

# ------------------------------------------------------------------------------------------ plan
st.subheader(f"Plan per exercise as of {dates.day(rep.as_of)}")
st.caption(NOT_A_DIAGNOSIS)
for sign in rep.plan.overall:
    st.warning(f"**{SIGN_LABELS.get(sign.flag, sign.flag)}** (since {dates.day(sign.since)}): {esc(sign.message)}",
               icon=":material/info:")
plans = rep.plan.by_status()
if not plans:
    st.info("No exercise was trained in the 12 weeks before this day: there is no plan yet.")
for p in plans:
    with st.container(border=True):
        st.markdown(f"{STATUS_ICONS[p.status]} **{STATUS_LABELS[p.status]}** — **{esc(p.exercise)}** · "
                    f"{PHASE_LABELS.get(p.phase, p.phase)} phase since {dates.day(p.phase_since)}")
        if p.signs:
            st.caption("Signs: " + ", ".join(SIGN_LABELS.get(x.flag, x.flag) for x in p.signs))
        rx = prescription_text(p)
        st.markdown(esc(rx[:1].upper() + rx[1:] + ".") if rx else "No change: keep the current training.")

# --------------------------------------------------------------------------------------- changes
ch = rep.changes
if ch.since is not None:
    st.subheader("What changed")
    st.caption(f"Since the last report (as of {dates.day(ch.since)})" if ch.from_report
               else f"Since the period's first week (plan as of {dates.day(ch.since)})")
    for c in ch.rows:
        if c.status_before is None:
            what = f"new in the plan — {STATUS_LABELS.get(c.status_now, '—')}"
        elif c.status_now is None:
            what = "no longer in the plan (not trained lately)"
        else:
            parts = [f"{STATUS_LABELS[c.status_before]} → {STATUS_LABELS[c.status_now]}"] \
                if c.status_before != c.status_now else []
            if c.phase_before != c.phase_now:
                parts.append(f"phase {PHASE_LABELS.get(c.phase_before, '—')} → {PHASE_LABELS.get(c.phase_now, '—')}")
            what = "; ".join(parts)
        st.markdown(f"- **{esc(c.exercise)}**: {esc(what)}")
    if not ch.rows:
        st.caption("No exercise changed status or phase.")

# ----------------------------------------------------------------------------------- note back
if grant is None:
    st.stop()
st.subheader("Leave a note for them")
if not grant.allow_notes:
    st.caption("The owner of this link has turned notes off.")
    st.stop()
st.caption("They see it on their Overview with your name and the time. A note cannot change their data.")
overall = "Overall (no single exercise)"
with st.form("clinician_note", clear_on_submit=True, border=True):
    author = st.text_input("Your name", max_chars=MAX_AUTHOR, key="note_author", placeholder="e.g. Sam, physio")
    # Options are shown as plain text (not Markdown): exercise names need no escaping here.
    about = st.selectbox("About", [overall, *(p.exercise for p in plans)], key="note_exercise")
    body = st.text_area("Note", max_chars=MAX_NOTE, key="note_body",
                        placeholder="e.g. Keep the squat light until we meet on Thursday.")
    send = st.form_submit_button("Send note", type="primary", icon=":material/send:", key="send_note")
if send:
    try:
        hosted.send_note(body, author, None if about == overall else about)
    except (ShareError, ValueError) as exc:
        st.error(esc(str(exc)[:1].upper() + str(exc)[1:]), icon=":material/error:")
    else:
        st.success("Note sent.", icon=":material/check:")
if sent := hosted.sent_notes():
    with st.expander(f"Notes sent through this link ({len(sent)})"):
        for n in sent:
            st.markdown(f"**{esc(n.author)}** · {dates.day_time(n.created_at)} UTC · "
                        f"{esc(n.exercise) if n.exercise else 'overall'}")
            st.markdown(esc_lines(n.body))
