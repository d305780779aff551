"""Start the dashboard with its libraries already imported: ``python serve.py [streamlit run options]``.

``streamlit run app.py`` imports pandas, Altair and the analytics only when the first person opens
the page, so on a fresh server they wait for seconds of imports before anything moves. This
launcher imports them in the server process first, then hands over to Streamlit's own CLI, with the
same options as ``streamlit run`` (``make run`` and the browser tests use it). Hosts that run
``streamlit run app.py`` themselves still work; they just pay the imports on the first visit.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: What the first page view imports, heaviest first.
PRELOAD = ("pandas", "altair", "duckdb", "rehab.output.charts", "rehab.analysis", "rehab.advice")


def preload() -> list[str]:
    """Import :data:`PRELOAD`; return the names that could not be imported (the page will report those)."""
    missing = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def main(argv: list[str] | None = None) -> None:
    preload()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
