"""The code's direction holds: the import-linter contracts (``.importlinter``) and no import cycle anywhere.

import-linter checks layers (pages/CLI above output above analysis … above storage above words), that
``rehab`` never imports Streamlit, and that no two sibling modules of a package import each other in a
cycle. A cycle between a package's ``__init__`` and one of its own modules is not a sibling cycle, so the
second test looks for any cycle at all, module by module, with grimp (the graph import-linter builds).
Both count imports inside functions: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import subprocess
import sys

import grimp
import pytest

from tests.conftest import ROOT


def test_import_contracts_hold():
    lint = ROOT / ".venv" / "bin" / "lint-imports"
    cmd = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    out = subprocess.run([*cmd, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    contracts = (ROOT / ".importlinter").read_text().count("[importlinter:contract:")
    assert f"Contracts: {contracts} kept, 0 broken." in out.stdout, out.stdout[-2000:]


@pytest.mark.parametrize("package", ["rehab", "ui"])
def test_no_import_cycle_between_any_two_modules(package):
    graph = grimp.build_graph(package, cache_dir=None)
    cycles: dict[frozenset, str] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.setdefault(frozenset(back), " -> ".join((importer, *back)))
    assert not cycles, "\n".join(sorted(cycles.values()))
