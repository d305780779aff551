"""rehab: import workout logs, place them on the rehab-intensity spectrum, plan what to do next.

A plain library (no Streamlit): the dashboard (``app.py``, ``app_pages/``, ``ui/``) and the command line
(``python -m rehab``) are thin layers over it. The packages follow the data, bottom to top; each may import
the ones below it, never one above (``.importlinter`` enforces it, ``docs/architecture.md`` draws it):

- :mod:`rehab.config`, :mod:`rehab.errors`, :mod:`rehab.words` — settings, the error root, the product's words
- :mod:`rehab.storage` — the DuckDB store: connections, schema, backends, workspaces, share links, read queries
- :mod:`rehab.pain` — the pain and session diaries, and pain read from workout notes
- :mod:`rehab.imports` — a file (or an app's rows) to stored sets: formats, reading, validation, undo
- :mod:`rehab.sync` — workouts pulled from an app's API (Hevy), stored as an import
- :mod:`rehab.analytics` — spectrum placement, body areas, weekly trends
- :mod:`rehab.advice` — the plan per exercise
- :mod:`rehab.analysis` — the one object pages and the CLI ask
- :mod:`rehab.output` — charts, the clinician report, export and restore
- :mod:`rehab.demo` — demo data and lifter scenarios
- :mod:`rehab.cli` — ``python -m rehab``
"""

__version__ = "0.1.0"
