"""Share links: hashed tokens, owner-only list/revoke, expiry, date range enforced on the data."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.imports.pipeline import import_file
from rehab.storage.queries import set_count
from rehab.storage.share import ShareError, create_link, hash_token, list_links, open_shared, resolve, revoke
from rehab.storage.workspace import Store
from tests.test_workspace import exercises, strong_file


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
    import_file(con, strong_file(tmp_path / "a2.csv", "Alice Deadlift", [140], day="2025-04-15"), unit="kg")
    import_file(con, strong_file(tmp_path / "a3.csv", "Alice Press", [40], day="2025-05-20"), unit="kg")
    return ws


@pytest.fixture
def bob(store, tmp_path):
    ws = store.user_workspace("iss", "bob")
    import_file(store.open(ws), strong_file(tmp_path / "b.csv", "Bob Bench", [60]), unit="kg")
    return ws


def test_token_is_random_and_stored_only_as_hash(store, alice):
    token, link = create_link(store, alice, "for my physio")
    token2, _ = create_link(store, alice, "for my physio")
    assert token != token2 and len(token) >= 22  # >= 128 bits of token_urlsafe
    rows = store.registry().execute("SELECT * FROM share_links").fetchall()
    flat = " ".join(str(v) for r in rows for v in r)
    assert token not in flat and token2 not in flat
    assert hash_token(token) in flat
    assert link.status() == "active" and link.label == "for my physio"


def test_link_opens_owner_data_read_only_copy_and_counts_openings(store, alice, bob):
    token, _ = create_link(store, alice, "physio")
    grant, view = open_shared(store, token)
    assert grant.workspace_id == alice.id
    assert exercises(view) == {"Alice Squat", "Alice Deadlift", "Alice Press"}
    view.execute("DELETE FROM sets")  # the viewer's copy is private: the owner's data is untouched
    assert set_count(store.open(alice)) == 3
    (seen,) = list_links(store, alice)
    assert seen.open_count == 1 and seen.last_opened_at is not None
    # bob's data never reachable through alice's token, and vice versa
    token_b, _ = create_link(store, bob, "coach")
    _, view_b = open_shared(store, token_b)
    assert exercises(view_b) == {"Bob Bench"}


def test_date_range_is_enforced_on_the_data(store, alice):
    token, _ = create_link(store, alice, "spring", date_from=dt.date(2025, 4, 1), date_to=dt.date(2025, 4, 30))
    _, view = open_shared(store, token)
    assert exercises(view) == {"Alice Deadlift"}
    assert view.execute("SELECT count(*) FROM imports").fetchone()[0] == 1  # only batches with shown sets
    assert view.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0


def test_revoked_expired_unknown_give_no_data(store, alice):
    token, link = create_link(store, alice, "physio")
    assert revoke(store, alice, link.link_id)
    with pytest.raises(ShareError, match="revoked") as exc:
        open_shared(store, token)
    assert exc.value.reason == "revoked"
    assert not revoke(store, alice, link.link_id)  # already revoked

    token, link = create_link(store, alice, "one hour", expires=dt.timedelta(hours=1))
    assert resolve(store, token).workspace_id == alice.id
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=2)
    with pytest.raises(ShareError, match="expired") as exc:
        resolve(store, token, now=later)
    assert exc.value.reason == "expired"
    assert list_links(store, alice)[0].status(now=later) == "expired"

    for bad in [None, "", "short", "x" * 500, "' OR 1=1 --", "A" * 32, token + "x"]:
        with pytest.raises(ShareError) as exc:
            resolve(store, bad)
        assert exc.value.reason == "unknown"


def test_owner_scope_for_list_and_revoke(store, alice, bob):
    token, link = create_link(store, alice, "physio")
    create_link(store, bob, "coach")
    assert [x.label for x in list_links(store, alice)] == ["physio"]
    assert [x.label for x in list_links(store, bob)] == ["coach"]
    assert not revoke(store, bob, link.link_id)  # bob cannot revoke alice's link
    assert resolve(store, token).workspace_id == alice.id


def test_create_link_validation(store, alice):
    with pytest.raises(ValueError, match="temporary"):
        create_link(store, store.new_temporary(), "x")
    with pytest.raises(ValueError, match="label"):
        create_link(store, alice, "   ")
    with pytest.raises(ValueError, match="too long"):
        create_link(store, alice, "x" * 81)
    with pytest.raises(ValueError, match="ends before"):
        create_link(store, alice, "x", date_from=dt.date(2025, 5, 1), date_to=dt.date(2025, 4, 1))
    with pytest.raises(ValueError, match="past"):
        create_link(store, alice, "x", expires=dt.datetime(2000, 1, 1))
    _, link = create_link(store, alice, "  odd   ' ; DROP TABLE share_links; -- ")
    assert link.label == "odd ' ; DROP TABLE share_links; --"
    assert len(list_links(store, alice)) == 1


def test_local_mode_can_share(tmp_path):
    s = Store(str(tmp_path / "local.duckdb"))
    local = s.get("local")
    import_file(s.open(local), strong_file(tmp_path / "l.csv", "Solo", [10]), unit="kg")
    token, _ = create_link(s, local, "physio")
    _, view = open_shared(s, token)
    assert exercises(view) == {"Solo"}
    s.shutdown()


def test_cli_share_create_list_revoke(tmp_path, capsys):
    import json

    from rehab.cli.main import main

    db = str(tmp_path / "l.duckdb")
    assert main(["share", "--db", db, "create", "for my physio", "--days", "7", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    token = made["url"].split("?share=")[1]
    s = Store(db)
    assert resolve(s, token).workspace_id == "local"
    assert main(["share", "--db", db, "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["label"] == "for my physio" and row["status"] == "active" and row["opened"] == 1
    assert main(["share", "--db", db, "revoke", made["link_id"]]) == 0
    assert main(["share", "--db", db, "revoke", made["link_id"]]) == 2
    with pytest.raises(ShareError, match="revoked"):
        resolve(s, token)
