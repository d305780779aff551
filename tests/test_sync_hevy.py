"""``sync hevy`` end to end against a fake Hevy API (tests/hevy_fake.py), never the real service.

First sync, incremental, update, delete, CSV-then-API and API-then-CSV without duplicates, 401, 429,
500, malformed bodies, network down, undo, the exercise-template areas, and the CLI contract.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from rehab.analytics import areas
from rehab.cli.main import main
from rehab.imports.pipeline import import_file, undo_import
from rehab.sync.hevy import sync
from rehab.sync.hevy_api import HevyClient, HevyError
from tests.hevy_fake import FakeHevy, exercise, template, workout

KEY = "11111111-2222-3333-4444-555555555555"
TZ = "Europe/Berlin"

W1 = workout("w-1", "Upper A", "2025-09-15T05:48:31Z", "2025-09-15T07:13:05Z", [
    exercise(0, "Bench Press (Barbell)", "79D0BB3A", [("warmup", 40, 10), ("normal", 80, 6, None, None, 8),
                                                      ("normal", 80, 6)], notes="slow eccentric", superset=0),
    exercise(1, "Seated Cable Row - Bar Grip", "F1E57334", [("normal", 50, 10), ("normal", 50, 10)], superset=0),
], description="Knee 2/10")
W2 = workout("w-2", "Lower", "2026-01-10T17:05:59Z", "2026-01-10T18:01:00Z", [
    exercise(0, "Squat (Barbell)", "D04AC939", [("normal", 100, 5), ("normal", 100, 5), ("normal", 102.5, 5)]),
    exercise(1, "Plank", "C6C9B8A0", [("normal", None, None, None, 60)]),
    exercise(2, "Running", "AC1BB830", [("normal", None, None, 2000, 600)]),
])
N_SETS = 5 + 5

# The same two workouts as Hevy's CSV export writes them for someone in Berlin (CEST in September,
# CET in January): local wall time to the minute, distance in km.
CSV = (Path(__file__).parent / "fixtures" / "hevy_sync_berlin.csv").read_text(encoding="utf-8")


@pytest.fixture
def fake():
    f = FakeHevy(KEY)
    yield f
    f.close()


@pytest.fixture
def client(fake):
    c = HevyClient(KEY, fake.url, sleep=lambda s: None)
    yield c
    c.close()


def _client(fake, **kw) -> HevyClient:
    return HevyClient(KEY, fake.url, sleep=kw.pop("sleep", lambda s: None), **kw)


def _sets(db) -> list[tuple]:
    return db.execute("SELECT workout_start, exercise, set_index, set_kind, reps, weight_kg, distance_m, duration_s "
                      "FROM sets ORDER BY ALL").fetchall()


def _many(n: int) -> list[dict]:
    base = dt.datetime(2025, 3, 1, 6, 0, 7, tzinfo=dt.UTC)
    out = []
    for i in range(n):
        start = base + dt.timedelta(days=i)
        out.append(workout(f"m-{i}", f"Day {i}", start.isoformat().replace("+00:00", "Z"),
                           (start + dt.timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
                           [exercise(0, "Deadlift (Barbell)", "C6272009",
                                     [("normal", 100 + i, 5), ("normal", 100 + i, 5)])]))
    return out


# ------------------------------------------------------------------ first sync, re-run, incremental


def test_first_sync_pages_through_every_workout_ten_at_a_time(db, fake, client):
    for w in _many(23):
        fake.put(w)
    rep = sync(db, client, tz=TZ)
    assert rep.full and rep.workouts_seen == 23 and rep.sets_added == 46 and rep.duplicates == 0
    listing = [e for e in fake.log if e["path"] == "/v1/workouts"]
    assert [e["query"]["page"] for e in listing] == ["1", "2", "3"]
    assert {e["query"]["pageSize"] for e in listing} == {"10"}
    assert {e["api_key"] for e in fake.log} == {KEY}
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 46
    assert db.execute("SELECT count(*) FROM imports WHERE app = 'hevy' AND form = 'hevy_api'").fetchone()[0] == 1
    # 07:00:07 UTC in March is 07:00 in Berlin (CET): local wall time to the minute
    first = db.execute("SELECT min(workout_start) FROM sets").fetchone()[0]
    assert first == dt.datetime(2025, 3, 1, 7, 0)


def test_first_sync_of_an_empty_account(db, fake, client):
    rep = sync(db, client, tz=TZ)
    assert (rep.full, rep.workouts_seen, rep.sets_added, rep.batch_id) == (True, 0, 0, None)
    assert db.execute("SELECT count(*) FROM sync_runs").fetchone()[0] == 1
    assert not sync(db, client).full  # the next one reads events


def test_rerun_adds_nothing_and_reads_only_events(db, fake, client):
    fake.put(W1)
    fake.put(W2)
    sync(db, client, tz=TZ)
    before = _sets(db)
    fake.log.clear()
    rep = sync(db, client)
    assert rep.sets_added == 0 and rep.sets_removed == 0 and rep.batch_id is None and not rep.full
    assert _sets(db) == before
    assert set(fake.paths()) <= {"/v1/workouts/events"}
    assert db.execute("SELECT count(*) FROM imports").fetchone()[0] == 1


def test_incremental_sync_adds_a_new_workout_from_events(db, fake, client):
    fake.put(W1)
    first = sync(db, client, tz=TZ)
    fake.log.clear()
    fake.put(W2)
    rep = sync(db, client)
    assert rep.sets_added == 5 and rep.workouts_seen >= 1 and rep.workouts_updated == 0
    assert "/v1/workouts" not in fake.paths()
    assert {e["query"]["pageSize"] for e in fake.log if e["path"] == "/v1/workouts/events"} == {"10"}
    since = next(e["query"]["since"] for e in fake.log if e["path"] == "/v1/workouts/events")
    assert dt.datetime.fromisoformat(since.replace("Z", "+00:00")) <= dt.datetime.fromisoformat(
        first.synced_until.replace("Z", "+00:00"))
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == N_SETS


def test_updated_workout_replaces_its_sets(db, fake, client):
    fake.put(W1)
    fake.put(W2)
    sync(db, client, tz=TZ)
    w = copy.deepcopy(W2)
    w["exercises"][0]["sets"][2]["weight_kg"] = 105  # corrected weight
    del w["exercises"][2]  # running removed
    fake.put(w)
    rep = sync(db, client)
    assert (rep.workouts_updated, rep.sets_removed, rep.sets_added) == (1, 2, 1)
    squats = db.execute("SELECT weight_kg FROM sets WHERE exercise = 'Squat (Barbell)' ORDER BY set_index").fetchall()
    assert squats == [(100.0,), (100.0,), (105.0,)]
    assert db.execute("SELECT count(*) FROM sets WHERE exercise = 'Running'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == N_SETS - 1


def test_deleted_workout_removes_its_sets(db, fake, client):
    fake.put(W1)
    fake.put(W2)
    sync(db, client, tz=TZ)
    fake.delete("w-1")
    rep = sync(db, client)
    assert (rep.workouts_deleted, rep.sets_removed) == (1, 5)
    assert db.execute("SELECT DISTINCT workout_name FROM sets").fetchall() == [("Lower",)]


def test_newest_event_per_workout_wins(db, fake, client):
    fake.put(W1)
    sync(db, client, tz=TZ)
    fake.delete("w-1")
    fake.put(W1, when=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))  # restored after the delete
    rep = sync(db, client)
    assert rep.sets_removed == 0 and db.execute("SELECT count(*) FROM sets").fetchone()[0] == 5


# ------------------------------------------------------------------ CSV and API: no duplicates


def test_csv_then_api_adds_nothing_and_links_the_csv_sets(db, fake, client, tmp_path):
    f = tmp_path / "hevy.csv"
    f.write_text(CSV, encoding="utf-8")
    assert import_file(db, f).sets_added == N_SETS
    csv_sets = _sets(db)
    fake.put(W1)
    fake.put(W2)
    rep = sync(db, client, tz=TZ)
    assert rep.sets_added == 0 and rep.duplicates == N_SETS
    assert _sets(db) == csv_sets
    # an update in Hevy now replaces the sets that came from the CSV
    w = copy.deepcopy(W1)
    w["exercises"][1]["sets"][1]["reps"] = 12
    fake.put(w)
    rep = sync(db, client)
    assert (rep.workouts_updated, rep.sets_removed, rep.sets_added) == (1, 1, 1)
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == N_SETS


def test_api_then_csv_adds_nothing(db, fake, client, tmp_path):
    fake.put(W1)
    fake.put(W2)
    assert sync(db, client, tz=TZ).sets_added == N_SETS
    f = tmp_path / "hevy.csv"
    f.write_text(CSV, encoding="utf-8")
    rep = import_file(db, f)
    assert rep.sets_added == 0 and rep.duplicates == N_SETS


def test_wrong_time_zone_would_not_match(db, fake, client, tmp_path):
    """The match is on local minutes: the same export read as New York time is a different workout."""
    f = tmp_path / "hevy.csv"
    f.write_text(CSV, encoding="utf-8")
    import_file(db, f)
    fake.put(W1)
    rep = sync(db, client, tz="America/New_York")
    assert rep.sets_added == 5 and rep.duplicates == 0


def test_time_zone_is_stored_once(db, fake, client):
    fake.put(W1)
    sync(db, client, tz=TZ)
    fake.put(W2)
    rep = sync(db, client)  # no zone given: the stored one
    assert rep.time_zone == TZ
    assert db.execute("SELECT max(workout_start) FROM sets").fetchone()[0] == dt.datetime(2026, 1, 10, 18, 5)


# ------------------------------------------------------------------ undo


def test_undo_of_an_update_puts_the_removed_sets_back(db, fake, client):
    fake.put(W1)
    fake.put(W2)
    sync(db, client, tz=TZ)
    before = _sets(db)
    fake.delete("w-2")
    rep = sync(db, client)
    assert rep.sets_removed == 5
    undo_import(db, rep.batch_id)
    assert _sets(db) == before
    # the next sync reads the delete again and applies it again
    again = sync(db, client)
    assert again.sets_removed == 5


def test_undo_of_the_first_sync_removes_everything_and_the_next_sync_starts_over(db, fake, client):
    fake.put(W1)
    rep = sync(db, client, tz=TZ)
    assert main(["undo", str(rep.batch_id), "--db", _path(db)]) == 0
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 0
    again = sync(db, client)
    assert again.full and again.sets_added == 5


def _path(db) -> str:
    return db.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]


# ------------------------------------------------------------------ failures


def test_retry_after_is_honoured_on_429(db, fake):
    waits: list[float] = []
    fake.put(W1)
    fake.fail_next(429, b'{"error":"Too many requests"}', {"Retry-After": "3"})
    fake.fail_next(503)
    with _client(fake, sleep=waits.append) as c:
        rep = sync(db, c, tz=TZ)
    assert rep.sets_added == 5
    assert waits[0] == 3.0 and waits[1] >= 1  # told 3 s, then back-off


def test_429_after_retries_fails_and_writes_nothing(db, fake):
    fake.put(W1)
    fake.fail_next(429, b"", {"Retry-After": "0"}, times=10)
    with _client(fake, attempts=3) as c, pytest.raises(HevyError, match=r"429.*3 attempts"):
        sync(db, c, tz=TZ)
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sync_runs").fetchone()[0] == 0


def test_a_long_retry_after_stops_at_once(db, fake):
    fake.fail_next(429, b"", {"Retry-After": "3600"})
    with _client(fake) as c, pytest.raises(HevyError, match="wait 3600 s"):
        sync(db, c, tz=TZ)


def test_500_is_retried_with_backoff(db, fake):
    waits: list[float] = []
    fake.put(W1)
    fake.fail_next(500, times=2)
    with _client(fake, sleep=waits.append) as c:
        assert sync(db, c, tz=TZ).sets_added == 5
    assert waits == [1.0, 2.0]


def test_request_bound_per_sync(db, fake):
    for w in _many(31):
        fake.put(w)
    with _client(fake, max_requests=2) as c, pytest.raises(HevyError, match="stopped after 2 requests"):
        sync(db, c, tz=TZ)
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 0


@pytest.mark.parametrize("body, reason", [
    (b"<html>oops</html>", "not JSON"),
    (b'{"page": 1, "page_count": 1}', "no 'workouts' list"),
    (b'{"page": 1, "page_count": "x", "workouts": []}', "not a count"),
    (b'{"page": 1, "page_count": 1, "workouts": [{"title": "no id"}]}', "without an id"),
    (b'{"page": 1, "page_count": 1, "workouts": [{"id": "a", "start_time": "yesterday", "exercises": []}]}',
     "not a timestamp"),
])
def test_malformed_responses_fail_clearly_and_write_nothing(db, fake, client, body, reason):
    fake.fail_next(200, body)
    with pytest.raises(HevyError, match=reason):
        sync(db, client, tz=TZ)
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 0


def test_a_bad_set_value_is_a_reject_not_a_crash(db, fake, client):
    w = copy.deepcopy(W1)
    w["exercises"][0]["sets"][0]["weight_kg"] = -40
    fake.put(w)
    rep = sync(db, client, tz=TZ)
    assert rep.sets_added == 4 and rep.rejected == 1
    assert "negative weight" in rep.rejects[0].reason and "w-1" in rep.rejects[0].reason


# ------------------------------------------------------------------ exercise templates -> body areas


def test_exercise_templates_give_the_body_areas(db, fake, client):
    fake.templates = {t["id"]: t for t in [
        template("79D0BB3A", "Bench Press (Barbell)", "chest", ["triceps", "shoulders"]),
        template("F1E57334", "Seated Cable Row - Bar Grip", "upper_back", ["biceps", "lats"], "machine"),
    ]}
    fake.put(W1)
    sync(db, client, tz=TZ)
    got = areas.exercise_area_map(db, ["Bench Press (Barbell)", "Seated Cable Row - Bar Grip"])
    assert got == {"Bench Press (Barbell)": ("chest", "elbow", "shoulder"),
                   "Seated Cable Row - Bar Grip": ("upper back", "elbow")}
    assert areas.area_source("bench press (barbell)", None, areas.load_template_areas(db))[1] == "template"
    # the user's override still wins
    areas.set_exercise_areas(db, "Bench Press (Barbell)", ["shoulder"])
    assert areas.exercise_area_map(db, ["Bench Press (Barbell)"])["Bench Press (Barbell)"] == ("shoulder",)
    # cached: the next sync asks for no template again
    fake.log.clear()
    fake.put(W1, when=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    sync(db, client)
    assert not [p for p in fake.paths() if "exercise_templates" in p]


# ------------------------------------------------------------------ the CLI


@pytest.fixture
def cli_env(fake, monkeypatch, tmp_path):
    monkeypatch.setenv("HEVY_API_URL", fake.url)
    monkeypatch.setenv("HEVY_API_KEY", KEY)
    monkeypatch.delenv("REHAB_SECRET_KEY", raising=False)
    return str(tmp_path / "cli.duckdb")


def test_cli_json_is_exactly_one_object(cli_env, fake, capsys):
    fake.put(W1)
    assert main(["sync", "hevy", "--db", cli_env, "--json", "--tz", TZ]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    obj = json.loads(out[0])
    assert list(obj) == ["source", "workouts_seen", "sets_added", "sets_removed", "workouts_updated",
                         "workouts_deleted", "duplicates", "synced_until"]
    assert obj["source"] == "hevy" and obj["sets_added"] == 5 and obj["synced_until"].endswith("Z")
    assert main(["sync", "hevy", "--db", cli_env, "--json"]) == 0
    cap = capsys.readouterr()
    assert "hevy: events page 1/1" in cap.err  # the progress line, on stderr
    again = json.loads(cap.out)
    assert again["sets_added"] == 0


def test_cli_since_reads_events_from_that_day(cli_env, fake):
    fake.put(W1)
    assert main(["sync", "hevy", "--since", "2020-01-01", "--db", cli_env, "--tz", TZ]) == 0
    assert fake.paths() == ["/v1/workouts/events", "/v1/exercise_templates/79D0BB3A",
                            "/v1/exercise_templates/F1E57334"]
    assert fake.log[0]["query"]["since"] == "2019-12-31T23:00:00Z"  # Berlin midnight


def test_cli_key_file(cli_env, fake, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("HEVY_API_KEY")
    f = tmp_path / "key.txt"
    f.write_text(KEY + "\n")
    fake.put(W1)
    assert main(["sync", "hevy", "--api-key-file", str(f), "--db", cli_env, "--json", "--tz", TZ]) == 0
    assert json.loads(capsys.readouterr().out)["sets_added"] == 5


@pytest.mark.parametrize("setup, message", [
    ("bad_key", "refused the API key (HTTP 401)"),
    ("no_key", "no Hevy API key"),
    ("rate_limited", "rate-limiting"),
    ("down", "cannot reach Hevy"),
    ("malformed", "not JSON"),
    ("bad_since", "not a date"),
    ("bad_tz", "unknown time zone"),
])
def test_cli_failures_exit_2_with_one_line_and_never_the_key(cli_env, fake, monkeypatch, capsys, setup, message):
    args = ["sync", "hevy", "--db", cli_env, "--json"]
    wrong = "99999999-8888-7777-6666-555555555555"
    if setup == "bad_key":
        monkeypatch.setenv("HEVY_API_KEY", wrong)
    elif setup == "no_key":
        monkeypatch.delenv("HEVY_API_KEY")
    elif setup == "rate_limited":
        fake.fail_next(429, b"", {"Retry-After": "0"}, times=20)
    elif setup == "down":
        monkeypatch.setattr("rehab.sync.hevy_api.ATTEMPTS", 2)
        fake.close()
        monkeypatch.setenv("HEVY_API_URL", fake.url)
    elif setup == "malformed":
        fake.fail_next(200, b"{not json")
    elif setup == "bad_since":
        args += ["--since", "15/09/2025"]
    elif setup == "bad_tz":
        args += ["--tz", "Mars/Olympus"]
    assert main(args) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    lines = [ln for ln in cap.err.splitlines() if not ln.startswith("hevy: ")]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], cap.err
    assert KEY not in cap.err and wrong not in cap.err


# ------------------------------------------------------------------ the stored key, Retry-After


def test_stored_key_is_encrypted_unreadable_with_another_secret_and_never_exported(db):
    import zipfile
    from io import BytesIO

    from rehab.output.export import export_bytes
    from rehab.sync.store import CredentialError, forget_api_key, load_api_key, save_api_key

    with pytest.raises(CredentialError, match="REHAB_SECRET_KEY"):
        save_api_key(db, "hevy", KEY, None)
    save_api_key(db, "hevy", KEY, "secret one")
    assert KEY not in str(db.execute("SELECT * FROM sync_credentials").fetchall())
    assert load_api_key(db, "hevy", "secret one") == KEY
    with pytest.raises(CredentialError, match="cannot be read"):
        load_api_key(db, "hevy", "secret two")
    names = zipfile.ZipFile(BytesIO(export_bytes(db))).namelist()
    assert not [n for n in names if "sync_credentials" in n] and "parquet/sync_links.parquet" in names
    assert forget_api_key(db, "hevy") and load_api_key(db, "hevy", "secret one") is None


def test_cli_uses_the_key_the_dashboard_stored(cli_env, fake, monkeypatch, capsys):
    from rehab.storage.db import connect
    from rehab.sync.store import save_api_key

    monkeypatch.delenv("HEVY_API_KEY")
    monkeypatch.setenv("REHAB_SECRET_KEY", "server secret")
    con = connect(cli_env)
    save_api_key(con, "hevy", KEY, None)
    con.close()
    fake.put(W1)
    assert main(["sync", "hevy", "--db", cli_env, "--json", "--tz", TZ]) == 0
    assert json.loads(capsys.readouterr().out)["sets_added"] == 5


def test_retry_after_http_date():
    from email.utils import format_datetime

    from rehab.sync.hevy_api import _retry_after

    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    assert 25 <= _retry_after(format_datetime(later, usegmt=True)) <= 30
    assert _retry_after("7") == 7.0 and _retry_after("soon") is None and _retry_after(None) is None


@pytest.mark.parametrize("bad", ["", "   ", "abc def", "abc\x00", "kéy-123"])
def test_a_key_that_cannot_be_sent_is_refused_before_any_request(fake, bad):
    with pytest.raises(HevyError, match="key") as err:
        HevyClient(bad, fake.url)
    assert not fake.log and (not bad.strip() or bad not in str(err.value))


def test_cli_as_a_process(fake, tmp_path):
    """The real entry point: ``python -m rehab sync hevy`` with the key and URL in the environment."""
    import os
    import subprocess
    import sys

    fake.put(W1)
    env = {**os.environ, "HEVY_API_URL": fake.url, "HEVY_API_KEY": KEY}
    env.pop("REHAB_SECRET_KEY", None)
    cmd = [sys.executable, "-m", "rehab", "sync", "hevy", "--db", str(tmp_path / "p.duckdb"), "--json", "--tz", TZ]
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(cmd, env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sets_added"] == 5
    assert KEY not in done.stdout + done.stderr
    env["HEVY_API_KEY"] = "00000000-0000-0000-0000-000000000000"
    done = subprocess.run(cmd, env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1].startswith("error: Hevy refused the API key")
