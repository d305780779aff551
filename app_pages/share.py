"""Share: read-only links for a physio or coach — create, see when each was last opened, revoke."""

import datetime as dt

import streamlit as st

from ui import data, hosted, state
from ui.view import esc

hosted.owner_only()

st.title("Share a read-only view")
sc = state.scope()
if not hosted.can_share(sc):
    st.info("A temporary workspace ends with your browser session, so it cannot be shared. Sign in to share.")
    st.stop()
st.caption("Whoever has the link sees your dashboard **read-only** — only the dates you choose, nothing they "
           "can change. Revoke a link at any time; it stops working at once.")
if sc.kind == "local":
    st.warning(
        "**What a link protects in local mode.** There is no sign-in here: a link keeps *its* browser tab "
        "read-only — on every page and after a reload — and shows only its dates, but it does not lock the "
        "dashboard itself. Anyone who can reach this dashboard's address without a link sees and can change "
        "everything. It listens on this computer only (127.0.0.1) unless you opened it to the network "
        "(`REHAB_ALLOW_NETWORK=1`); to share safely with people elsewhere, host it with sign-in "
        "(`REHAB_MODE=hosted`, see the README).", icon=":material/info:")

s = data.store_summary()
first = dt.date.fromisoformat(s["first_day"]) if s["first_day"] else dt.date.today()
last = dt.date.fromisoformat(s["last_day"]) if s["last_day"] else dt.date.today()
with st.form("new_link", clear_on_submit=True, border=True):
    label = st.text_input("Label", placeholder="for my physio", max_chars=80,
                          help="Only you see it, in the list below.")
    expiry = st.selectbox("Expires", list(hosted.EXPIRY_CHOICES), index=3)
    limit = st.checkbox("Only share a date range")
    picked = st.date_input("Dates shared", value=(first, last), format="YYYY-MM-DD")
    notes = st.checkbox("Let them leave notes for you", value=True, key="new_link_notes",
                        help="A short note per exercise or overall, shown on your Overview. It cannot change "
                             "your data.")
    go = st.form_submit_button("Create link", type="primary", icon=":material/add_link:", key="create_link")
if go:
    start, end = (picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else (None, None)) \
        if limit else (None, None)
    try:
        url, link = hosted.new_link(label, expiry, start, end, allow_notes=notes)
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.session_state["_new_link"] = (link.label, url)

if made := st.session_state.pop("_new_link", None):
    st.success(f"Link **{esc(made[0])}** created. Copy it now: it is shown only once.", icon=":material/link:")
    st.code(made[1], language=None)
    if hosted.link_is_local(made[1]):
        st.caption("This link points at this computer (localhost): it opens only here. Set `REHAB_PUBLIC_URL` to "
                   "the address others reach the dashboard at, and links use it.")

st.subheader("Your links")
rows = hosted.links()
if not rows:
    st.caption("No links yet.")
for x in rows:
    status = x.status()
    with st.container(border=True):
        c1, c2 = st.columns([4, 1])
        rng = "all dates" if not (x.date_from or x.date_to) else f"{x.date_from or '…'} → {x.date_to or '…'}"
        opened = (f"last opened {x.last_opened_at:%d %b %Y %H:%M} UTC, {x.open_count}×" if x.last_opened_at
                  else "never opened")
        expires = f"expires {x.expires_at:%d %b %Y %H:%M} UTC" if x.expires_at else "no expiry"
        c1.markdown(f"**{esc(x.label)}** · `{status}`")
        c1.caption(f"{rng} · created {x.created_at:%d %b %Y} · {expires} · {opened}")
        c2.button("Revoke", key=f"revoke_{x.link_id}", disabled=status != "active", icon=":material/link_off:",
                  on_click=hosted.revoke_link, args=(x.link_id,))
        c2.toggle("Notes", value=x.allow_notes, key=f"notes_{x.link_id}", disabled=status != "active",
                  on_change=hosted.allow_notes, args=(x.link_id, f"notes_{x.link_id}"),
                  help="Whoever has this link may leave you notes (shown on your Overview).")
