"""Benchmarks, run by ``make bench`` (``python -m bench``).

Contract for a benchmark module ``bench/<name>.py``: it defines

    def run() -> list[dict]

returning one dict per measurement with the keys

* ``benchmark`` – short name (usually the module name), e.g. ``"import"``;
* ``measure``   – what was measured, unit included, e.g. ``"import 1,000,000 sets (s)"``;
* ``value``     – the number (float or int);
* ``baseline``  – optional reference value in the same unit (e.g. DuckDB's own
  ``read_csv`` scan time), else ``None``;
* ``ratio``     – optional ``value / baseline`` (computed by the runner if left out);
* ``peak_mb``   – optional peak resident memory of the measured work in MB.

``python -m bench`` imports every ``bench/*.py`` module that has a ``run``
(helpers such as ``gen.py`` have none), calls it, and writes one markdown table
plus a description of the machine to ``bench/RESULTS.md``. ``python -m bench
import`` runs only the named modules. Each module keeps its problem size
overridable by an environment variable (``REHAB_BENCH_SETS`` …) so a quick run
stays quick; measure work in a subprocess when its peak memory matters.
"""
