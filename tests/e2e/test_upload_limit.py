"""An upload over the size limit is refused with a message, and the server never holds it.

The server runs with ``--server.maxUploadSize 5`` (the product's is 200 MB: the same code path,
a test-sized file). A 60 MB export is offered

* through the Import page in a real browser: the uploader says the file is too big, nothing
  reaches the app (no preview, no import), no exception;
* straight to Streamlit's upload endpoint by a client that ignores the browser's check
  (with and without a ``Content-Length``): refused with a 4xx (403: no XSRF token, no session).

All the while the server's RSS (psutil, sampled every 0.2 s) stays within a few MB of what it
was before: far below the file's 60 MB, so the body was never buffered.
"""

from __future__ import annotations

import http.client
import urllib.request

import pytest

from bench.load import RssSampler, serve_store
from rehab.storage.db import connect

pytestmark = pytest.mark.e2e

LIMIT_MB = 5
FILE_MB = 60
#: Growth of the server's memory allowed while a 60 MB file is refused.
SLACK_MB = 25
HEADER = b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
DONE = "[data-testid=stApp][data-test-script-state=notRunning]"


@pytest.fixture
def limited(tmp_path, chromium_path):
    db = tmp_path / "store.duckdb"
    connect(db).close()
    with serve_store(db, tmp_path, args=["--server.maxUploadSize", str(LIMIT_MB)]) as served:
        yield served


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "huge_export.csv"
    with open(path, "wb") as fh:  # a header, then 60 MB (sparse: costs no disk time)
        fh.write(HEADER)
        fh.truncate(FILE_MB << 20)
    return path


def test_browser_upload_over_the_limit_is_refused_with_a_message(limited, huge, browser):
    # The session's browser (tests/e2e/conftest.py): a second sync Playwright in the same
    # thread would refuse to start while that one is alive.
    page = browser.new_page()
    try:
        page.goto(f"{limited.url}/import_data")
        page.wait_for_selector(f"{DONE} h1", timeout=60_000)
        with RssSampler(limited.proc.pid) as rss:
            before = rss.current_mb()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(huge))
            message = page.get_by_text(f"File must be {LIMIT_MB:.1f}MB or smaller")
            message.wait_for(timeout=30_000)
            page.wait_for_timeout(2000)  # give a stray upload time to show up in memory
            page.wait_for_selector(DONE, timeout=60_000)
        uploader = page.get_by_test_id("stFileUploader").inner_text()
        assert "huge_export.csv" in uploader  # the message sits beside the file's name
        assert page.locator("[data-testid=stException]").count() == 0
        main = page.get_by_test_id("stMain").inner_text()
        assert "detected" not in main and "Preview" not in main  # the app never got the file
        assert page.get_by_role("button", name="Import").count() == 0
    finally:
        page.close()
    assert rss.peak_mb - before < SLACK_MB, (before, rss.peak_mb)
    assert "Traceback" not in limited.log.read_text(errors="replace")


def _put(url: str, path: str, chunked: bool) -> tuple[int | None, str]:
    """PUT 60 MB to ``path``; (status, how it ended). The server may cut the connection early."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    block = b"x" * (1 << 20)
    body = (block for _ in range(FILE_MB))
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}
    if not chunked:
        headers["Content-Length"] = str(FILE_MB << 20)
    try:
        try:
            conn.request("PUT", path, body=body, headers=headers, encode_chunked=chunked)
        except (BrokenPipeError, ConnectionResetError) as exc:
            how = f"cut while sending ({type(exc).__name__})"
        else:
            how = "answered"
        try:
            return conn.getresponse().status, how
        except (OSError, http.client.HTTPException):
            return None, how
    finally:
        conn.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_upload_endpoint_refuses_without_buffering(limited, chunked):
    with RssSampler(limited.proc.pid) as rss:
        before = rss.current_mb()
        status, how = _put(limited.url, "/_stcore/upload_file/not-a-session/file-1", chunked)
    assert status is None or 400 <= status < 500, (status, how)
    assert rss.peak_mb - before < SLACK_MB, (before, rss.peak_mb, how)
    with urllib.request.urlopen(f"{limited.url}/_stcore/health", timeout=10) as r:
        assert r.status == 200  # still serving
