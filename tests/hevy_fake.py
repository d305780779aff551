"""A fake Hevy API for tests: a local ``http.server`` in a thread, serving the shapes of Hevy's published
OpenAPI description (https://api.hevyapp.com/docs, version 0.0.1) -- never the real service.

* ``GET /v1/workouts?page=&pageSize=`` -> ``{page, page_count, workouts}``; pageSize above 10 is a 400;
  a page past the end is a 404 (as the API answers for pages it does not have).
* ``GET /v1/workouts/count`` -> ``{workout_count}``
* ``GET /v1/workouts/events?page=&pageSize=&since=`` -> ``{page, page_count, events}``, newest first;
  ``{type: "updated", workout}`` or ``{type: "deleted", id, deleted_at}``.
* ``GET /v1/workouts/{id}``, ``GET /v1/exercise_templates`` (pageSize up to 100), ``GET /v1/exercise_templates/{id}``.
* Every request needs the ``api-key`` header; a wrong one is a 401.

Faults to inject: :meth:`FakeHevy.fail_next` queues raw responses (a 429 with ``Retry-After``, a 500, a body
that is not JSON) served before the real answer.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


class FakeHevy:
    def __init__(self, api_key: str = "11111111-2222-3333-4444-555555555555") -> None:
        self.api_key = api_key
        self.workouts: dict[str, dict] = {}
        self.events: list[dict] = []  # oldest first; served newest first
        self.templates: dict[str, dict] = {}
        self.faults: list[tuple[int, dict, bytes]] = []
        self.log: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # http.server's name
                fake._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ the account

    def put(self, workout: dict, when: dt.datetime | None = None) -> dict:
        """Create or update a workout (an ``updated`` event, as the API records both)."""
        when = when or dt.datetime.now(dt.UTC)
        w = copy.deepcopy(workout)
        w["updated_at"] = iso(when)
        w.setdefault("created_at", iso(when))
        with self._lock:
            self.workouts[w["id"]] = w
            self.events.append({"type": "updated", "workout": copy.deepcopy(w), "_at": when})
        return w

    def delete(self, workout_id: str, when: dt.datetime | None = None) -> None:
        when = when or dt.datetime.now(dt.UTC)
        with self._lock:
            self.workouts.pop(workout_id, None)
            self.events.append({"type": "deleted", "id": workout_id, "deleted_at": iso(when), "_at": when})

    def fail_next(self, status: int, body: bytes = b"", headers: dict | None = None, times: int = 1) -> None:
        for _ in range(times):
            self.faults.append((status, headers or {}, body))

    def paths(self) -> list[str]:
        return [e["path"] for e in self.log]

    # ------------------------------------------------------------ serving

    def _send(self, h: BaseHTTPRequestHandler, status: int, body, headers: dict | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlparse(h.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.log.append({"path": url.path, "query": q, "api_key": h.headers.get("api-key")})
        if self.faults:
            status, headers, body = self.faults.pop(0)
            return self._send(h, status, body, headers)
        if h.headers.get("api-key") != self.api_key:
            return self._send(h, 401, {"error": "Unauthorized"})
        parts = url.path.strip("/").split("/")
        try:
            page = int(q.get("page", 1))
            size = int(q.get("pageSize", 5))
        except ValueError:
            return self._send(h, 400, {"error": "Invalid page"})
        with self._lock:
            if parts == ["v1", "workouts"]:
                if size > 10 or size < 1 or page < 1:
                    return self._send(h, 400, {"error": "Invalid page size"})
                items = sorted(self.workouts.values(), key=lambda w: w["start_time"], reverse=True)
                return self._page(h, items, page, size, "workouts")
            if parts == ["v1", "workouts", "count"]:
                return self._send(h, 200, {"workout_count": len(self.workouts)})
            if parts == ["v1", "workouts", "events"]:
                if size > 10 or size < 1 or page < 1:
                    return self._send(h, 400, {"error": "Invalid page size"})
                since = _parse(q.get("since", "1970-01-01T00:00:00Z"))
                items = [{k: v for k, v in e.items() if k != "_at"} for e in reversed(self.events) if e["_at"] > since]
                return self._page(h, items, page, size, "events")
            if len(parts) == 3 and parts[:2] == ["v1", "workouts"]:
                w = self.workouts.get(parts[2])
                return self._send(h, 200, w) if w else self._send(h, 404, {"error": "Workout not found"})
            if parts == ["v1", "exercise_templates"]:
                if size > 100 or size < 1:
                    return self._send(h, 400, {"error": "Invalid page size"})
                return self._page(h, list(self.templates.values()), page, size, "exercise_templates")
            if len(parts) == 3 and parts[:2] == ["v1", "exercise_templates"]:
                t = self.templates.get(parts[2])
                return self._send(h, 200, t) if t else self._send(h, 404, {"error": "Exercise template not found"})
        return self._send(h, 404, {"error": "Not found"})

    def _page(self, h, items: list, page: int, size: int, name: str) -> None:
        count = math.ceil(len(items) / size)
        if count and page > count:
            return self._send(h, 404, {"error": "Page not found"})
        chunk = copy.deepcopy(items[(page - 1) * size: page * size])
        return self._send(h, 200, {"page": page, "page_count": count, name: chunk})


# ------------------------------------------------------------ sample data

def workout(wid: str, title: str, start: str, end: str, exercises: list[dict], description: str | None = None) -> dict:
    """A workout in the API's shape (``Workout`` schema)."""
    return {"id": wid, "title": title, "routine_id": None, "description": description, "start_time": start,
            "end_time": end, "exercises": exercises}


def exercise(index: int, title: str, template_id: str, sets: list[tuple], notes: str | None = None,
             superset: int | None = None) -> dict:
    """``sets``: (type, weight_kg, reps[, distance_meters, duration_seconds, rpe])."""
    out = []
    for i, s in enumerate(sets):
        kind, weight, reps, *rest = s
        rest += [None] * (3 - len(rest))
        out.append({"index": i, "type": kind, "weight_kg": weight, "reps": reps, "distance_meters": rest[0],
                    "duration_seconds": rest[1], "rpe": rest[2], "custom_metric": None})
    return {"index": index, "title": title, "notes": notes, "exercise_template_id": template_id,
            "supersets_id": superset, "sets": out}


def template(tid: str, title: str, primary: str, secondary: list[str], equipment: str = "barbell") -> dict:
    return {"id": tid, "title": title, "type": "weight_reps", "primary_muscle_group": primary,
            "secondary_muscle_groups": secondary, "equipment_category": equipment, "is_custom": False}
