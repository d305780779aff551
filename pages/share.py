"""Share: read-only links for a physio or coach — create, see when each was last opened, revoke."""

import datetime as dt

import streamlit as st

from ui import data, hosted, state

hosted.owner_only()

st.title("Share a read-only view")
sc = state.scope()
if not hosted.can_share(sc):
    st.info("A temporary workspace ends with your browser session, so it cannot be shared. Sign in to share.")
    st.stop()
st.caption("Whoever has the link sees your dashboard **read-only** — only the dates you choose, nothing they "
           "can change. Revoke a link at any time; it stops working at once.")

s = data.store_summary()
first = dt.date.fromisoformat(s["first_day"]) if s["first_day"] else dt.date.today()
last = dt.date.fromisoformat(s["last_day"]) if s["last_day"] else dt.date.today()
with st.form("new_link", clear_on_submit=True, border=True):
    label = st.text_input("Label", placeholder="for my physio", max_chars=80,
                          help="Only you see it, in the list below.")
    expiry = st.selectbox("Expires", list(hosted.EXPIRY_CHOICES), index=3)
    limit = st.checkbox("Only share a date range")
    picked = st.date_input("Dates shared", value=(first, last), format="YYYY-MM-DD")
    go = st.form_submit_button("Create link", type="primary", icon=":material/add_link:", key="create_link")
if go:
    start, end = (picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else (None, None)) \
        if limit else (None, None)
    try:
        url, link = hosted.new_link(label, expiry, start, end)
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.session_state["_new_link"] = (link.label, url)

if made := st.session_state.pop("_new_link", None):
    st.success(f"Link **{made[0]}** created. Copy it now: it is shown only once.", icon=":material/link:")
    st.code(made[1], language=None)

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
        c1.markdown(f"**{x.label}** · `{status}`")
        c1.caption(f"{rng} · created {x.created_at:%d %b %Y} · {expires} · {opened}")
        c2.button("Revoke", key=f"revoke_{x.link_id}", disabled=status != "active", icon=":material/link_off:",
                  on_click=hosted.revoke_link, args=(x.link_id,))
