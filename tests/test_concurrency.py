"""Many sessions at once, as the dashboard runs them: one connection, a cursor per thread.

16 threads import different generated files (plus one file imported by two
threads at once, which must still land once) while other threads keep reading
``summary``; no errors, and the final totals equal those of importing each file
alone, in sequence, into a fresh store.
"""

from __future__ import annotations

import threading

import pytest

from bench.gen import write_strong_a
from rehab.imports.pipeline import import_file
from rehab.storage.db import connect
from rehab.storage.queries import summary

N_FILES = 16


@pytest.mark.slow
def test_parallel_imports_and_reads_from_one_connection(tmp_path):
    files = [write_strong_a(tmp_path / f"f{i}.csv", 300, seed=i) for i in range(N_FILES - 1)]
    files.append(files[0])  # the same export twice at once: idempotent under concurrency
    con = connect(tmp_path / "shared.duckdb")
    errors: list[BaseException] = []
    reports = []
    done = threading.Event()
    start = threading.Barrier(N_FILES + 2)

    def importer(path):
        cur = con.cursor()
        try:
            start.wait()
            reports.append(import_file(cur, path, unit="kg"))
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            cur.close()

    reads: list[list[int]] = [[], []]

    def reader(seen: list[int]):
        cur = con.cursor()
        try:
            start.wait()
            while not done.is_set():
                seen.append(summary(cur)["sets"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            cur.close()

    threads = [threading.Thread(target=importer, args=(f,)) for f in files]
    threads += [threading.Thread(target=reader, args=(seen,)) for seen in reads]
    for t in threads:
        t.start()
    for t in threads[:N_FILES]:
        t.join(timeout=300)
    done.set()
    for t in threads[N_FILES:]:
        t.join(timeout=60)
    assert not errors, errors
    assert len(reports) == N_FILES
    got = summary(con)

    alone = connect(tmp_path / "alone.duckdb")
    for f in files[:-1]:
        import_file(alone, f, unit="kg")
    assert got == summary(alone)
    assert sum(r.sets_added for r in reports) == got["sets"]
    twice = [r for r in reports if r.file == files[0].name]
    assert sorted(r.sets_added for r in twice)[0] == 0  # one of the two concurrent imports added nothing
    # Readers only ever saw whole imports: every count is a sum of some imports' sets.
    possible = {0}
    for r in reports:
        possible |= {p + r.sets_added for p in possible}
    for seen in reads:
        assert seen and set(seen) <= possible
        assert seen == sorted(seen)  # totals never go backwards
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == N_FILES
