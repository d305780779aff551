"""Hosted mode glue: the gate every run passes before a page draws, the sidebar badge, and the thin
wrappers the Share, Report and Your-data pages call (no rules here: they live in rehab.storage.share,
rehab.output.export, rehab.output.report and rehab.storage.workspace).

Who a session is — local user, signed-in user, anonymous visitor or share-link viewer — is decided
in one place, :func:`ui.state.scope`; this module only reacts to it.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import json
import urllib.parse

import streamlit as st

from rehab import config
from rehab.output.export import RestoreError, export_bytes, restore_workspace
from rehab.output.report import PAPERS, build_report, last_label, paper_for_locale, record_report, report_html
from rehab.output.report.render import html_to_pdf
from rehab.storage.db import StoreLocked, StoreOpenError
from rehab.storage.share import (
    Note,
    ShareError,
    ShareLink,
    create_link,
    delete_note,
    leave_note,
    list_links,
    list_notes,
    notes_of_link,
    revoke,
    set_notes_allowed,
)
from rehab.storage.workspace import WorkspaceError

from . import data, state, view

EXPIRY_CHOICES = {"Never": None, "In 1 day": 1, "In 7 days": 7, "In 30 days": 30, "In 90 days": 90}


def providers() -> list[str | None]:
    """The sign-in providers configured under ``[auth]`` (``[None]`` for a single unnamed one)."""
    auth = state.auth_section()
    named = [k for k, v in auth.items() if hasattr(v, "keys")]
    return named or [None]


def gate() -> state.Scope:
    """Decide who this session is; stop the run with a clear message when it may see nothing."""
    refuse_network_in_local_mode()
    try:
        sc = state.fresh_scope()
        if sc.kind != "temporary":
            state.cursor()  # open the store now: a file held by another process is reported here, with a retry
    except ShareError as exc:
        st.title("Shared training dashboard")
        st.error(str(exc), icon=":material/link_off:")
        st.caption("No data is shown for this link.")
        st.stop()
    except state.SignInRequired:
        st.title("Rehab training dashboard")
        st.write("Sign in to open your private workspace. Your training and pain logs are visible only to you "
                 "and to people you give a read-only link.")
        for p in providers():
            if st.button(f"Sign in with {p.title()}" if p else "Sign in", type="primary", icon=":material/login:",
                         key=f"login_{p}"):
                st.login(p) if p else st.login()
        st.stop()
    except WorkspaceError as exc:
        st.error(str(exc))
        st.stop()
    except StoreOpenError as exc:
        store_unavailable(exc)
    keep_share_in_tab(sc)
    return sc


def store_unavailable(exc: StoreOpenError) -> None:
    """The database cannot be opened: say why (held by which process, damaged, not ours) and stop."""
    st.title("Rehab training dashboard")
    if isinstance(exc, StoreLocked):
        who = f"**{view.esc(exc.holder)}** (PID {exc.pid})" if exc.holder else \
            f"PID {exc.pid}" if exc.pid else "another process"
        st.error(f"The database {view.esc(exc.path)} is in use by another process: {who}. "
                 "An import or another command from the command line is probably still running.",
                 icon=":material/lock_clock:")
        st.caption("The dashboard opens it as soon as it is free: wait for that command to finish (or stop it), "
                   "then retry.")
        st.button("Retry", type="primary", icon=":material/refresh:", key="store_retry")
    else:
        st.error(view.esc(str(exc)), icon=":material/error:")
    st.stop()


#: Loopback addresses: local mode (no sign-in) may listen only on these unless REHAB_ALLOW_NETWORK=1.
def is_loopback(address: str | None) -> bool:
    """True for an address only this computer can reach. An empty address means every interface."""
    host = (address or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_network_in_local_mode() -> None:
    """Local mode has no sign-in: served on a network address, anyone on that network could read and delete
    the health data. Refuse it unless the owner opened it to the network on purpose."""
    if state.mode() != "local" or config.flag("REHAB_ALLOW_NETWORK"):
        return
    address = st.get_option("server.address")
    if is_loopback(address):
        return
    st.title("Rehab training dashboard")
    st.error(f"Local mode has no sign-in, and this server listens on {view.esc(address or 'every interface')}"
             ", where others on the network could reach it. It is not served there.", icon=":material/lan:")
    st.markdown("Run it on this computer only (`server.address = \"127.0.0.1\"`, the default in "
                "`.streamlit/config.toml`), or — knowing that anyone who can reach the address can read and "
                "delete your data — start it with `REHAB_ALLOW_NETWORK=1`. To share with others, host it with "
                "sign-in (`REHAB_MODE=hosted`, see the README).")
    st.stop()


_SHARE_KEY = "rehab-share"


def keep_share_in_tab(sc: state.Scope) -> None:
    """A tab opened through a share link stays read-only for its whole life: the token goes back into the
    address on every page (navigation drops it), and into the tab's ``sessionStorage``; a tab whose storage
    holds a token but whose address lost it (deleted, or a reload of a bare URL) is sent back to the link.
    The server side does not depend on this: a session that arrived through a link keeps it (``ui.state``)."""
    if sc.kind == "share":
        token = state.share_token()
        if st.query_params.get("share") != token:
            st.query_params["share"] = token
        st.html(f"<script>sessionStorage.setItem({json.dumps(_SHARE_KEY)}, {json.dumps(token)});</script>",
                unsafe_allow_javascript=True)
    elif sc.kind == "local":
        st.html(f"""<script>(() => {{
  const t = sessionStorage.getItem({json.dumps(_SHARE_KEY)});
  if (!t || !/^[A-Za-z0-9_-]{{16,128}}$/.test(t)) return;
  const u = new URL(window.location.href);
  if (u.searchParams.get("share") !== t) {{ u.searchParams.set("share", t); window.location.replace(u.href); }}
}})();</script>""", unsafe_allow_javascript=True)


def sidebar(sc: state.Scope) -> None:
    """Who is looking at what, in the sidebar."""
    with st.sidebar:
        if sc.kind == "share":
            g = sc.grant
            rng = "" if not (g.date_from or g.date_to) else f" · {g.date_from or '…'} → {g.date_to or '…'}"
            st.info(f"**Read-only view** shared with you: {view.esc(g.label)}{view.esc(rng)}",
                    icon=":material/visibility:")
        elif sc.kind == "user":
            who = st.user.get("name") or st.user.get("email") or "you"
            st.caption(f"Signed in as **{who}** · private workspace")
            st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="logout")
        elif sc.kind == "temporary":
            st.warning("**Temporary workspace**: it lives only in this browser session. Download it on "
                       "*Your data* before you leave, and restore it next time.", icon=":material/timer:")


def can_share(sc: state.Scope) -> bool:
    return sc.kind in ("local", "user")


# ------------------------------------------------------------------------------ share


def base_url() -> str:
    """The app's public root URL (the share link goes there, not to the Share page): ``$REHAB_PUBLIC_URL``
    when set (the address others reach the dashboard at), else the address this browser used."""
    public = config.get("REHAB_PUBLIC_URL")
    if public:
        return public.rstrip("/") + "/"
    base_path = (st.get_option("server.baseUrlPath") or "").strip("/")
    url = st.context.url
    if url:
        u = urllib.parse.urlsplit(url)
        return f"{u.scheme}://{u.netloc}/{base_path + '/' if base_path else ''}"
    return f"http://localhost:{st.get_option('server.port')}/{base_path + '/' if base_path else ''}"


def link_is_local(url: str) -> bool:
    """True when a link points at this computer only (localhost / 127.0.0.1): nobody else can open it."""
    return is_loopback(urllib.parse.urlsplit(url).hostname)


def new_link(label: str, expiry: str, date_from: dt.date | None, date_to: dt.date | None,
             allow_notes: bool = True) -> tuple[str, ShareLink]:
    """Create a link; return ``(url, link)``. Raises ValueError with a message for the user."""
    sc = state.scope()
    days = EXPIRY_CHOICES.get(expiry)
    token, link = create_link(state.store(), sc.workspace, label, dt.timedelta(days=days) if days else None,
                              date_from, date_to, allow_notes=allow_notes)
    return f"{base_url()}?share={token}", link


def links() -> list[ShareLink]:
    return list_links(state.store(), state.scope().workspace)


def revoke_link(link_id: str) -> None:
    revoke(state.store(), state.scope().workspace, link_id)


def allow_notes(link_id: str, key: str) -> None:
    """The Share page's per-link toggle (``key``: its widget) turned notes on or off."""
    set_notes_allowed(state.store(), state.scope().workspace, link_id, bool(st.session_state.get(key)))


# ----------------------------------------------------------------------- clinician notes


def send_note(body: str, author: str, exercise: str | None) -> Note:
    """A share-link viewer leaves a note: written to the owner's store by :func:`rehab.storage.share.leave_note`
    (it resolves the link anew). Raises ShareError or ValueError with a message for the viewer."""
    if state.scope().kind != "share":
        raise ValueError("notes are left through a share link")
    return leave_note(state.store(), state.share_token(), body, author, exercise)


def sent_notes() -> list[Note]:
    """The notes this link's viewer has left (never another link's)."""
    return notes_of_link(state.store(), state.share_token()) if state.scope().kind == "share" else []


def owner_notes() -> list[Note]:
    """Notes clinicians left for the owner of this workspace, newest first (none in a read-only view)."""
    if state.scope().kind == "share":
        return []
    return list_notes(state.cursor())


def dismiss_note(note_id: str) -> None:
    if state.read_only():
        return
    delete_note(state.cursor(), note_id, state.write_lock())


@st.cache_resource(show_spinner="Building the summary…", max_entries=8)
def _summary(_cur, version: str, date_from, unit: str, label: str, today: dt.date):
    rep = build_report(_cur, unit=unit, label=label, today=today)
    if date_from is not None and date_from > rep.start:  # the link's dates start inside the last 12 weeks
        rep = build_report(_cur, start=min(date_from, rep.as_of), unit=unit, label=label, today=today)
    return rep


def clinician_summary(unit: str, label: str, date_from: dt.date | None = None):
    """The report's first page as data (:func:`rehab.output.report.build_report`, last 12 weeks, never before
    ``date_from``), for the shared view's summary page."""
    return _summary(state.cursor(), state.data_version(), date_from, unit, label, dt.date.today())


# ----------------------------------------------------------------------------- report


@st.cache_resource(show_spinner="Building the report…", max_entries=8)
def _report(_cur, version: str, start, end, unit: str, label: str, weeks: int, paper: str, today: dt.date):
    rep = build_report(_cur, start=start, end=end, unit=unit, label=label, weeks=weeks, today=today)
    return rep, report_html(rep, PAPERS[paper])


def report(start: dt.date | None, end: dt.date | None, unit: str, label: str, weeks: int, paper: str):
    """``(report, its HTML)`` for these choices; ``end`` None: the dashboard's own as-of day."""
    return _report(state.cursor(), state.data_version(), start, end, unit, label, weeks, paper, dt.date.today())


def report_pdf_of(html: str) -> bytes:
    """The PDF of a report's HTML (laid out only when the person downloads it)."""
    return html_to_pdf(html)


def report_label() -> str:
    """The label of the last report made here (the default for the next one)."""
    return last_label(state.cursor()) or ""


def default_paper() -> str:
    """Letter or A4 by the browser's locale (``navigator.language``)."""
    return paper_for_locale(st.context.locale).name


def report_made(rep) -> None:
    """The report left the app (downloaded): log it so the next one says what changed. Never in a
    read-only view (a share link looks, it does not write)."""
    if state.read_only():
        return
    record_report(state.cursor(), rep, lock=state.write_lock())


# ------------------------------------------------------------------------- your data


def export_zip() -> bytes:
    return export_bytes(state.cursor())


def restore(content: bytes, name: str, replace: bool) -> dict:
    """Restore an export (the zip's bytes) into this session's workspace. Raises RestoreError with a message."""
    sc = state.scope()
    if state.read_only() or sc.workspace is None:
        raise RestoreError(f"{name}: this view is read-only")
    buf = io.BytesIO(content)
    buf.name = name  # messages name the user's file
    counts = restore_workspace(state.store(), sc.workspace, buf, replace=replace)
    data.changed()
    return counts


def delete_workspace() -> None:
    """Delete the signed-in user's workspace and everything in it, then sign out."""
    sc = state.scope()
    if sc.kind != "user":
        raise WorkspaceError("only a signed-in user's workspace can be deleted here")
    state.store().delete(sc.workspace)
    state.forget_workspace()
    data.changed()


def owner_only() -> None:
    """First line of every page that writes or shares: a share-link viewer never gets past it, even if
    the page were reached without the navigation."""
    if state.scope().kind == "share":
        st.info("This is a read-only view shared with you: this page is not available.", icon=":material/lock:")
        st.stop()
