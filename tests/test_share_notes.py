"""Notes back through a share link: the one narrow write a link allows (issue 11, the physiotherapist's link)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rehab.imports.pipeline import import_file
from rehab.storage.queries import set_count
from rehab.storage.share import (
    MAX_NOTE,
    ShareError,
    create_link,
    delete_note,
    leave_note,
    list_links,
    list_notes,
    notes_of_link,
    open_shared,
    revoke,
    set_notes_allowed,
)
from rehab.storage.workspace import Store
from tests.test_trust_store import run
from tests.test_workspace import strong_file


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "registry.duckdb"))
    yield s
    s.shutdown()


@pytest.fixture
def alice(store, tmp_path):
    ws = store.user_workspace("iss", "alice")
    con = store.open(ws)
    import_file(con, strong_file(tmp_path / "a1.csv", "Alice Squat", [100], day="2025-03-01"), unit="kg")
    import_file(con, strong_file(tmp_path / "a2.csv", "Alice Press", [40], day="2025-05-20"), unit="kg")
    return ws


def _counts(con) -> tuple:
    return (set_count(con), con.execute("SELECT count(*) FROM pain").fetchone()[0])


def test_valid_link_writes_one_note_into_the_owners_workspace(store, alice):
    token, link = create_link(store, alice, "for my physio")
    con = store.open(alice)
    before = _counts(con)
    n1 = leave_note(store, token, "  Keep the squat light this week.  ", "Dr Who")
    n2 = leave_note(store, token, "Press looks fine.", "  Dr   Who ", exercise="Alice Press",
                    now=n1.created_at + dt.timedelta(seconds=5))
    notes = list_notes(con)
    assert [n.note_id for n in notes] == [n2.note_id, n1.note_id]  # newest first
    assert notes[1].body == "Keep the squat light this week." and notes[1].exercise is None
    assert notes[0].author == "Dr Who" and notes[0].exercise == "Alice Press"
    assert notes[0].link_id == link.link_id and notes[0].link_label == "for my physio"
    assert _counts(con) == before  # training and pain untouched
    assert [n.note_id for n in notes_of_link(store, token)] == [n2.note_id, n1.note_id]
    # The other workspaces, and the viewer's private copy, hold no notes.
    _grant, view = open_shared(store, token)
    assert view.execute("SELECT count(*) FROM clinician_notes").fetchone()[0] == 0
    view.close()
    assert delete_note(con, n1.note_id, store.lock(alice)) and not delete_note(con, n1.note_id)
    assert [n.note_id for n in list_notes(con)] == [n2.note_id]


def test_revoked_expired_and_unknown_links_write_nothing(store, alice):
    token, link = create_link(store, alice, "physio", expires=dt.timedelta(days=1))
    with pytest.raises(ShareError) as e:
        leave_note(store, token, "hi", "X", now=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=2))
    assert e.value.reason == "expired"
    with pytest.raises(ShareError) as e:
        leave_note(store, token[:-2] + "zz", "hi", "X")
    assert e.value.reason == "unknown"
    revoke(store, alice, link.link_id)
    with pytest.raises(ShareError) as e:
        leave_note(store, token, "hi", "X")
    assert e.value.reason == "revoked"
    assert list_notes(store.open(alice)) == []


def test_notes_off_per_link(store, alice, tmp_path):
    token, link = create_link(store, alice, "coach", allow_notes=False)
    assert list_links(store, alice)[0].allow_notes is False
    with pytest.raises(ShareError) as e:
        leave_note(store, token, "hi", "X")
    assert e.value.reason == "notes_off"
    bob = store.user_workspace("iss", "bob")
    assert not set_notes_allowed(store, bob, link.link_id, True)  # not bob's link
    assert set_notes_allowed(store, alice, link.link_id, True)
    leave_note(store, token, "hi", "X")
    assert set_notes_allowed(store, alice, link.link_id, False)
    with pytest.raises(ShareError):
        leave_note(store, token, "again", "X")
    assert len(list_notes(store.open(alice))) == 1


@pytest.mark.parametrize(("body", "author", "exercise", "message"), [
    ("", "X", None, "note is empty"),
    ("   \n ", "X", None, "note is empty"),
    ("x" * (MAX_NOTE + 1), "X", None, f"keep it to {MAX_NOTE}"),
    ("fine", "", None, "name is empty"),
    ("fine", "n" * 81, None, "keep it to 80"),
    ("fine", "X", "Bob Bench", "not an exercise this link shows"),
])
def test_bad_notes_are_refused_with_a_reason(store, alice, body, author, exercise, message):
    token, _ = create_link(store, alice, "physio")
    with pytest.raises(ValueError, match=message):
        leave_note(store, token, body, author, exercise=exercise)
    assert list_notes(store.open(alice)) == []


def test_exercise_outside_the_links_dates_is_refused(store, alice):
    token, _ = create_link(store, alice, "physio", date_from=dt.date(2025, 5, 1))
    with pytest.raises(ValueError, match="not an exercise this link shows"):
        leave_note(store, token, "squat?", "X", exercise="Alice Squat")  # trained before the link's dates
    assert leave_note(store, token, "press ok", "X", exercise="Alice Press").exercise == "Alice Press"
    assert leave_note(store, token, "x" * MAX_NOTE, "X").body == "x" * MAX_NOTE  # exactly the limit is fine


def test_cli_share_create_no_notes(tmp_path, capsys):
    db = str(tmp_path / "r.duckdb")
    assert run(capsys, "share", "create", "coach", "--no-notes", "--json", "--db", db)[0] == 0
    assert run(capsys, "share", "create", "physio", "--json", "--db", db)[0] == 0
    code, out, _ = run(capsys, "share", "list", "--json", "--db", db)
    assert code == 0 and {r["label"]: r["notes"] for r in json.loads(out)} == {"coach": "off", "physio": "on"}
