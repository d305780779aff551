"""The core library is reachable without the UI: importing rehab never pulls in Streamlit."""

import subprocess
import sys

from tests.conftest import ROOT

MODULES = ["rehab", "rehab.cli.main", "rehab.imports.pipeline", "rehab.storage.queries", "rehab.imports"]
OPTIONAL = ["rehab.analysis", "rehab.output.charts", "rehab.advice", "rehab.pain.sessions", "rehab.analytics.metrics",
            "rehab.analytics.spectrum", "rehab.pain.diary"]


def test_rehab_never_imports_streamlit():
    code = (
        "import importlib, importlib.util, sys\n"
        f"for m in {MODULES!r}: importlib.import_module(m)\n"
        f"for m in {OPTIONAL!r}:\n"
        "    if importlib.util.find_spec(m): importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"rehab pulled in: {out.stdout.strip()}"
