"""A small client for Hevy's public API (``https://api.hevyapp.com``, Hevy Pro accounts).

Written against Hevy's published OpenAPI description (``/docs``, version 0.0.1), using only what it states:

* every request carries the key in the ``api-key`` header;
* ``GET /v1/workouts?page=&pageSize=`` -> ``{page, page_count, workouts: [Workout]}`` (pageSize at most 10);
* ``GET /v1/workouts/events?page=&pageSize=&since=`` -> ``{page, page_count, events: [...]}``, each event
  ``{type: "updated", workout: Workout}`` or ``{type: "deleted", id, deleted_at}``, newest first;
* ``GET /v1/workouts/count`` -> ``{workout_count}``;
* ``GET /v1/exercise_templates?page=&pageSize=`` (pageSize at most 100) -> ``{page, page_count,
  exercise_templates: [{id, title, type, primary_muscle_group, secondary_muscle_groups, equipment_category,
  is_custom}]}`` and ``GET /v1/exercise_templates/{id}`` -> one template.

Why a client of our own rather than a community wrapper: the sync needs exactly these five calls plus
the politeness the issue asks for (page size 10, ``Retry-After`` honoured, back-off on 429/5xx, a
timeout, a cap on requests per sync, progress), and every failure must become one clear sentence that
never contains the key. Transport is ``requests`` (already a dependency of Streamlit).

The key is held in the session headers only; it is never part of a URL, a log line or an exception.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal, overload
from urllib.parse import quote

import requests

from rehab import config
from rehab.errors import RemoteError

DEFAULT_URL = config.BY_NAME["HEVY_API_URL"].default
#: The documented maximum page size of the workout and event lists.
PAGE_SIZE = 10
#: The documented maximum page size of the exercise template list.
TEMPLATE_PAGE_SIZE = 100
TIMEOUT_S = 30.0
#: Attempts per request on 429, 5xx and network errors (the first try included).
ATTEMPTS = 5
#: Never sleep longer than this for one retry: a longer ``Retry-After`` ends the sync with a clear message.
MAX_WAIT_S = 120.0
#: Requests per sync: 2,000 pages of 10 is 20,000 workouts, decades of training.
MAX_REQUESTS = 2000

Progress = Callable[[str, int, int], None]


class HevyError(RemoteError):
    """A sync that cannot go on. ``str()`` is one sentence for the user (never the key)."""


class HevyAuthError(HevyError):
    """The key was refused (401/403)."""


def api_url() -> str:
    """``$HEVY_API_URL`` (tests, proxies), else the real service."""
    return config.get("HEVY_API_URL").rstrip("/")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class HevyClient:
    """One sync's conversation with the API: counts its requests and stops at ``max_requests``."""

    def __init__(self, api_key: str, base_url: str | None = None, *, timeout: float = TIMEOUT_S,
                 max_requests: int = MAX_REQUESTS, attempts: int | None = None, max_wait: float = MAX_WAIT_S,
                 sleep: Callable[[float], None] | None = None, session: requests.Session | None = None) -> None:
        key = (api_key or "").strip()
        if not key:
            raise HevyAuthError("no Hevy API key given")
        if not key.isascii() or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in key):
            raise HevyAuthError("the Hevy API key contains spaces, control or non-ASCII characters; paste it again")
        self.base_url = (base_url or api_url()).rstrip("/")
        self.timeout = timeout
        self.max_requests = max_requests
        self.attempts = max(1, ATTEMPTS if attempts is None else attempts)
        self.max_wait = max_wait
        self.sleep = sleep or time.sleep
        self.requests = 0
        self.session = session or requests.Session()
        self.session.headers.update({"api-key": key, "Accept": "application/json",
                                     "User-Agent": "rehab-dashboard (hevy sync)"})

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HevyClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --------------------------------------------------------------- transport

    @overload
    def get(self, path: str, params: dict[str, Any] | None = None, *, missing_ok: Literal[False] = False) -> dict: ...

    @overload
    def get(self, path: str, params: dict[str, Any] | None = None, *, missing_ok: bool) -> dict | None: ...

    def get(self, path: str, params: dict[str, Any] | None = None, *, missing_ok: bool = False) -> dict | None:
        """GET ``path`` and return its JSON object, retrying 429/5xx/network errors with back-off.

        ``missing_ok``: a 404 returns None (a page past the end, a template that no longer exists).
        """
        what = path.split("?")[0]
        delay = 1.0
        for attempt in range(1, self.attempts + 1):
            if self.requests >= self.max_requests:
                raise HevyError(f"stopped after {self.max_requests} requests to Hevy (the limit per sync); "
                                "nothing was changed")
            self.requests += 1
            try:
                resp = self.session.get(self.base_url + path, params=params, timeout=self.timeout)
            except requests.Timeout:
                problem, wait = f"Hevy did not answer within {self.timeout:g} s", delay
            except requests.ConnectionError:
                problem, wait = f"cannot reach Hevy at {self.base_url} (network down?)", delay
            except requests.RequestException as exc:
                raise HevyError(f"request to Hevy at {self.base_url} failed ({type(exc).__name__})") from None
            else:
                status = resp.status_code
                if status in (401, 403):
                    raise HevyAuthError(f"Hevy refused the API key (HTTP {status}): check it in Hevy's developer "
                                        "settings (hevy.com/settings?developer); the API needs Hevy Pro")
                if status == 404 and missing_ok:
                    return None
                if status == 429 or status >= 500:
                    told = _retry_after(resp.headers.get("Retry-After"))
                    if told is not None and told > self.max_wait:
                        raise HevyError(f"Hevy asks to wait {told:.0f} s before the next request "
                                        f"(HTTP {status}); try again later")
                    problem = ("Hevy is rate-limiting this key (HTTP 429)" if status == 429
                               else f"Hevy had a server error (HTTP {status})")
                    wait = told if told is not None else delay
                elif status >= 400:
                    raise HevyError(f"Hevy answered HTTP {status} for {what}")
                else:
                    return self._json(resp, what)
            if attempt == self.attempts:
                raise HevyError(f"{problem}, {self.attempts} attempts; try again later")
            self.sleep(min(wait, self.max_wait))
            delay = min(delay * 2, self.max_wait)
        raise AssertionError("unreachable")

    @staticmethod
    def _json(resp: requests.Response, what: str) -> dict:
        try:
            body = resp.json()
        except ValueError:
            raise HevyError(f"Hevy sent a response that is not JSON for {what}") from None
        if not isinstance(body, dict):
            raise HevyError(f"Hevy sent an unexpected response for {what} (not a JSON object)")
        return body

    def _pages(self, path: str, items: str, params: dict[str, Any], page_size: int,
               progress: Progress | None, label: str) -> Iterator[dict]:
        """Every item of a paged list, page 1 to ``page_count``."""
        page, count = 1, None
        while count is None or page <= count:
            body = self.get(path, {**params, "page": page, "pageSize": page_size}, missing_ok=True)
            if body is None:  # the API answers 404 for a page past the end
                return
            count = _int(body.get("page_count"), f"{path}: page_count")
            batch = body.get(items)
            if not isinstance(batch, list):
                raise HevyError(f"Hevy sent an unexpected response for {path} (no '{items}' list)")
            for item in batch:
                if not isinstance(item, dict):
                    raise HevyError(f"Hevy sent an unexpected response for {path} (an entry is not an object)")
                yield item
            if progress:
                progress(label, page, max(count, page))
            if not batch:
                return
            page += 1

    # --------------------------------------------------------------- endpoints

    def workout_count(self) -> int:
        body = self.get("/v1/workouts/count")
        return _int(body.get("workout_count"), "/v1/workouts/count: workout_count")

    def workouts(self, progress: Progress | None = None) -> Iterator[dict]:
        """Every workout on the account (``GET /v1/workouts``, 10 per page)."""
        return self._pages("/v1/workouts", "workouts", {}, PAGE_SIZE, progress, "workouts")

    def events(self, since: dt.datetime, progress: Progress | None = None) -> Iterator[dict]:
        """Workout events since ``since`` (``GET /v1/workouts/events``), as the API orders them (newest first)."""
        stamp = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._pages("/v1/workouts/events", "events", {"since": stamp}, PAGE_SIZE, progress, "events")

    def exercise_templates(self, progress: Progress | None = None) -> Iterator[dict]:
        return self._pages("/v1/exercise_templates", "exercise_templates", {}, TEMPLATE_PAGE_SIZE, progress,
                           "exercise templates")

    def exercise_template(self, template_id: str) -> dict | None:
        return self.get(f"/v1/exercise_templates/{quote(template_id, safe='')}", missing_ok=True)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) or value < 0:
        raise HevyError(f"Hevy sent an unexpected response ({what} is {value!r:.40}, not a count)")
    return int(value)
