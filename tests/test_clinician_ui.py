"""The shared view a clinician gets (Streamlit AppTest): a link opens on the summary page, the note form
writes one note into the owner's store, and the owner sees it on the Overview (issue 11)."""

from __future__ import annotations

import datetime as dt

from rehab.demo import SQUAT, load_demo
from rehab.storage.db import connect
from rehab.storage.share import create_link, list_links, list_notes, revoke
from rehab.storage.workspace import Store
from tests.test_hosted_ui import app, goto, registry, text  # noqa: F401 - the fixture is used by name
from tests.test_ui_trust import PIXEL, SCRIPT, assert_text_only


def _seed(path, **link) -> tuple[str, str]:
    con = connect(path)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    s = Store(str(path))
    token, made = create_link(s, s.get("local"), link.pop("label", "for Sam, physio"), **link)
    s.shutdown()
    return token, made.link_id


def _notes(path) -> list:
    s = Store(str(path))
    try:
        return list_notes(s.open(s.get("local")))
    finally:
        s.shutdown()


def test_link_opens_on_the_summary_with_label_period_plan_and_pain(registry):  # noqa: F811
    token, _ = _seed(registry, date_from=dt.date(2026, 10, 1))
    at = app(share=token)
    page = text(at)
    assert [t.value.replace("\\", "") for t in at.title] == ["Training summary — for Sam, physio"]  # the default
    assert "This link shows **1 Oct 2026 to today**" in page
    assert "Plan per exercise as of" in page and SQUAT in page
    assert any("Mean pain, last 14 days" in m.label for m in at.metric)
    assert at.get("vega_lite_chart"), "the pain trend chart"
    assert at.text_area(key="note_body") is not None  # notes are on by default
    # The report's period never starts before the link's first day.
    assert "**1 Oct 2026 – 1 Dec 2026**" in page or "**1 Oct 2026 –" in page
    # Nothing that writes data is reachable: the only button is the note form's.
    assert [b.label for b in at.button] == ["Send note"]


def test_note_form_writes_one_note_the_owner_sees_and_dismisses(registry):  # noqa: F811
    token, link_id = _seed(registry)
    viewer = app(share=token)
    viewer.text_input(key="note_author").input(f"{PIXEL} Sam")
    viewer.selectbox(key="note_exercise").select(SQUAT)
    viewer.text_area(key="note_body").input(f"Keep the squat light. {SCRIPT}")
    viewer.button(key="send_note").click().run()
    assert not viewer.exception
    assert "Note sent." in text(viewer)
    notes = _notes(registry)
    assert [(n.author, n.exercise, n.link_id) for n in notes] == [(f"{PIXEL} Sam", SQUAT, link_id)]
    assert [e.label for e in viewer.expander] == ["Notes sent through this link (1)"]

    owner = app()  # the owner's Overview (local mode, no link)
    page = text(owner)
    assert "Notes from your clinician (1)" in page and f"{PIXEL} Sam" in page and "via link for Sam, physio" in page
    assert f"Keep the squat light. {SCRIPT}" in page  # shown as the characters typed
    assert assert_text_only(owner, "overview") >= 1
    owner.button(key=f"dismiss_note_{notes[0].note_id}").click().run()
    assert "Notes from your clinician" not in text(owner) and _notes(registry) == []


def test_empty_and_refused_notes_write_nothing(registry):  # noqa: F811
    token, link_id = _seed(registry)
    viewer = app(share=token)
    viewer.text_input(key="note_author").input("Sam")
    viewer.button(key="send_note").click().run()  # no text
    assert "The note is empty" in text(viewer) and _notes(registry) == []
    s = Store(str(registry))
    revoke(s, s.get("local"), link_id)
    s.shutdown()
    viewer.text_area(key="note_body").input("too late")
    viewer.button(key="send_note").click().run()
    assert "revoked by its owner" in text(viewer) and _notes(registry) == []


def test_notes_off_shows_no_form(registry):  # noqa: F811
    token, _ = _seed(registry, allow_notes=False)
    at = app(share=token)
    assert "turned notes off" in text(at)
    assert not at.text_area and not at.button


def test_summary_shows_hostile_names_as_text(registry):  # noqa: F811
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.execute("UPDATE sets SET exercise = ?, exercise_raw = ? WHERE exercise = ?",
                [f"{PIXEL} Squat", f"{PIXEL} Squat", SQUAT])
    con.close()
    s = Store(str(registry))
    token, _ = create_link(s, s.get("local"), f"{SCRIPT} physio")
    s.shutdown()
    at = app(share=token)
    assert assert_text_only(at, "clinician") >= 1


def test_owner_turns_notes_off_on_the_share_page(registry):  # noqa: F811
    token, link_id = _seed(registry)
    owner = goto(app(), "share")
    toggle = owner.toggle(key=f"notes_{link_id}")
    assert toggle.value is True
    toggle.set_value(False).run()
    viewer = app(share=token)
    assert "turned notes off" in text(viewer) and not viewer.text_area
    owner.text_input[0].input("coach")
    owner.checkbox(key="new_link_notes").uncheck()
    owner.button(key="create_link").click().run()
    s = Store(str(registry))
    try:
        links = {x.label: x.allow_notes for x in list_links(s, s.get("local"))}
        assert links == {"for Sam, physio": False, "coach": False}
    finally:
        s.shutdown()
