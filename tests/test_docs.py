"""The documentation against the code: a doc that says something the code does not is a failing test.

* ``docs/hosting.md``'s settings table is generated from :data:`rehab.config.SETTINGS` and checked against it
  (``python tests/test_docs.py`` rewrites it after a setting changes);
* every ``python -m rehab`` command is a line of the README and a section of ``docs/cli.md``, with every option
  and every JSON key the command prints;
* the README stays a user's page (under 10 KB, no copy of the benchmark table: ``bench/RESULTS.md`` is the one
  place for figures, and ``python -m bench`` keeps its hand-written notes);
* every relative link (and its ``#anchor``) resolves, and every ``rehab/…`` path or ``rehab.…`` module named in
  the README, ``docs/`` and ``bench/RESULTS.md`` exists.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
HOSTING = ROOT / "docs" / "hosting.md"
RESULTS = ROOT / "bench" / "RESULTS.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
ALL_DOCS = [README, *DOCS, RESULTS]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SETTINGS_BEGIN = "<!-- settings: generated from rehab.config.SETTINGS by `python tests/test_docs.py`; do not edit -->"
SETTINGS_END = "<!-- /settings -->"


def _rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


# --- settings --------------------------------------------------------------------------------------------


def settings_table() -> str:
    """The settings table as docs/hosting.md must hold it: one row per Setting, in the table's order."""
    from rehab.config import SETTINGS

    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "—"
        rows.append(f"| `{s.name}` | {default} | {s.meaning} |")
    return "\n".join(rows)


def _settings_block(text: str) -> str:
    assert SETTINGS_BEGIN in text and SETTINGS_END in text, (
        f"docs/hosting.md has no generated settings table; add the lines {SETTINGS_BEGIN!r} and "
        f"{SETTINGS_END!r} and run `python tests/test_docs.py`")
    return text.split(SETTINGS_BEGIN, 1)[1].split(SETTINGS_END, 1)[0].strip()


def test_hosting_lists_every_setting_and_no_other():
    from rehab.config import SETTINGS

    listed = re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", _settings_block(HOSTING.read_text(encoding="utf-8")), re.M)
    names = [s.name for s in SETTINGS]
    missing = [n for n in names if n not in listed]
    unknown = [n for n in listed if n not in names]
    assert not missing, f"settings in rehab.config.SETTINGS missing from docs/hosting.md: {missing}"
    assert not unknown, f"docs/hosting.md lists settings that rehab.config.SETTINGS does not have: {unknown}"
    assert len(listed) == len(set(listed)), "docs/hosting.md lists a setting twice"


def test_hosting_settings_table_is_the_generated_one():
    got = _settings_block(HOSTING.read_text(encoding="utf-8"))
    assert got == settings_table(), (
        "docs/hosting.md's settings table differs from rehab.config.SETTINGS (a default or meaning changed): "
        "run `python tests/test_docs.py` to rewrite it")


def write_settings_table() -> None:
    text = HOSTING.read_text(encoding="utf-8")
    head, rest = text.split(SETTINGS_BEGIN, 1)
    tail = rest.split(SETTINGS_END, 1)[1]
    HOSTING.write_text(f"{head}{SETTINGS_BEGIN}\n{settings_table()}\n{SETTINGS_END}{tail}", encoding="utf-8")


# --- the command line ----------------------------------------------------------------------------------------


class _Parsed(Exception):
    pass


def _cli_parser(monkeypatch) -> argparse.ArgumentParser:
    """The parser ``python -m rehab`` builds, however it is built: caught at its first ``parse_args``."""
    from rehab.cli import main as cli

    seen: list[argparse.ArgumentParser] = []

    def capture(self, *args, **kwargs):
        seen.append(self)
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", capture)
    with pytest.raises(_Parsed):
        cli.main(["summary"])
    return seen[0]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings
            if o.startswith("--") and o not in ("--help", "--db", "--version")}


def _section(doc: str, command: str) -> str:
    """The part of docs/cli.md under the heading that names ``command`` (up to the next heading)."""
    m = re.search(rf"^###[^\n]*`{re.escape(command)}`[^\n]*\n(.*?)(?=^##)", doc + "\n##", re.M | re.S)
    assert m, f"docs/cli.md has no section (### heading) for `{command}`"
    return m.group(1)


def test_every_command_is_in_the_readme_and_in_cli_doc(monkeypatch):
    parser = _cli_parser(monkeypatch)
    commands = _subcommands(parser)
    assert {"import", "summary", "plan", "flags"} <= set(commands)
    readme, doc = README.read_text(encoding="utf-8"), CLI_DOC.read_text(encoding="utf-8")
    for name, sub in commands.items():
        assert f"python -m rehab {name}" in readme, f"README's command line lacks `python -m rehab {name}`"
        section = _section(doc, name)
        actions = _subcommands(sub)
        for action in actions:
            assert re.search(rf"\b{name}\b[^\n]*\b{re.escape(action)}\b", section), (
                f"docs/cli.md's `{name}` section lacks `{name} {action}`")
        for option in _options(sub) | {o for s in actions.values() for o in _options(s)}:
            assert option in section, f"docs/cli.md's `{name}` section lacks its option {option}"


def _help_keys(parser: argparse.ArgumentParser) -> dict[str, set[str]]:
    """JSON keys a command's own help promises (``{"file","format",…}``), per command and action."""
    out: dict[str, set[str]] = {}
    for name, sub in _subcommands(parser).items():
        for label, p in [(name, sub), *((f"{name} {a}", s) for a, s in _subcommands(sub).items())]:
            text = " ".join([p.description or ""] + [a.help or "" for a in p._actions])
            keys = {k for group in re.findall(r"\{([^{}]*)\}", text) for k in re.findall(r'"([a-z_]+)"', group)}
            if keys:
                out[label] = keys
    return out


def test_json_keys_the_help_promises_are_documented(monkeypatch):
    keys = _help_keys(_cli_parser(monkeypatch))
    assert {"import", "plan", "flags", "sync"} <= set(keys)
    doc = CLI_DOC.read_text(encoding="utf-8")
    for label, promised in keys.items():
        section = _section(doc, label.split()[0])
        missing = sorted(k for k in promised if f'"{k}"' not in section)
        assert not missing, f"docs/cli.md's `{label}` section lacks the JSON keys {missing} its --help names"


def _run_cli(*argv: str) -> str:
    from rehab.cli.main import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(argv)) == 0, argv
    return out.getvalue()


def _documented_keys(section: str) -> set[str]:
    return set(re.findall(r'"([a-z_]+)"', " ".join(re.findall(r"`([^`]*\{[^`]*)`", section, re.S))))


def _keys(value, into: set[str], depth: int) -> None:
    if isinstance(value, list):
        for v in value:
            _keys(v, into, depth)
    elif isinstance(value, dict) and depth > 0:
        into.update(value)
        for v in value.values():
            _keys(v, into, depth - 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("docs") / "demo.duckdb")
    _run_cli("--db", db, "demo")
    return db


@pytest.mark.parametrize("command, depth", [("summary", 1), ("plan", 2), ("flags", 1), ("import", 1)])
def test_documented_json_is_what_the_cli_prints(demo_db, command, depth):
    """The keys docs/cli.md gives for a command's ``--json`` are exactly the keys it prints (demo data)."""
    db = demo_db
    argv = {"import": ["import", str(FIXTURES / "strong_A_en.csv"), "--unit", "kg"]}.get(command, [command])
    printed = _run_cli("--db", db, *argv, "--json")
    got: set[str] = set()
    for line in printed.splitlines():
        _keys(json.loads(line), got, depth)
    assert got, f"{command} --json printed nothing to compare"
    documented = _documented_keys(_section(CLI_DOC.read_text(encoding="utf-8"), command))
    assert got - documented == set(), f"`{command} --json` prints keys docs/cli.md does not give"
    assert documented - got == set(), f"docs/cli.md gives `{command} --json` keys it does not print"


def test_readme_json_contracts_match_cli_doc():
    """The README's short copy of the import/summary contracts says what docs/cli.md says."""
    readme, doc = README.read_text(encoding="utf-8"), CLI_DOC.read_text(encoding="utf-8")
    for command in ("import", "summary"):
        m = re.search(rf"`{command} --json` prints[^`]*`(\{{[^`]*\}})`", readme)
        assert m, f"README lacks the `{command} --json` contract"
        assert set(re.findall(r'"([a-z_]+)"', m.group(1))) == _documented_keys(_section(doc, command))


# --- the README and the figures ----------------------------------------------------------------------------


def test_readme_is_short():
    size = len(README.read_bytes())
    assert size < 10 * 1024, f"README.md is {size} bytes: move detail to docs/ (a user's page is under 10 KB)"


BENCH_HEADER = re.compile(r"^\|\s*benchmark\s*\|\s*measure\s*\|", re.M | re.I)


def test_benchmark_figures_live_only_in_results():
    for doc in [README, *DOCS]:
        assert not BENCH_HEADER.search(doc.read_text(encoding="utf-8")), (
            f"{_rel(doc)} holds a copy of the benchmark table: link bench/RESULTS.md instead")
    assert BENCH_HEADER.search(RESULTS.read_text(encoding="utf-8"))


def test_bench_run_keeps_the_hand_written_notes():
    from bench.__main__ import NOTES, kept_notes

    results = RESULTS.read_text(encoding="utf-8")
    assert NOTES in results, "bench/RESULTS.md lost its notes marker (python -m bench would drop the notes)"
    notes = results[results.index(NOTES):]
    assert "## How to run" in notes
    assert kept_notes("# Benchmark results\n\n| old table |\n\n" + notes) == notes
    assert kept_notes("# Benchmark results, no notes yet\n") == NOTES + "\n"


# --- links, paths and module names --------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(md: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", md.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", ALL_DOCS, ids=_rel)
def test_relative_links_resolve(doc):
    bad = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (doc.parent / path).resolve() if path else doc
        if not dest.exists():
            bad.append(f"{target} (no such file)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            bad.append(f"{target} (no heading #{anchor} in {_rel(dest)})")
    assert not bad, f"{_rel(doc)}: broken links: {bad}"


#: A path named in a doc; one with a placeholder (``tests/test_<module>.py``, ``formats/…``) is not checked.
PATH = re.compile(r"(?<![\w./-])((?:rehab|ui|app_pages|tests|bench|docs)/[\w./-]*\w/?|(?:app|serve)\.py)\b(?![<…*])")
MODULE = re.compile(r"(?<![\w./-])((?:rehab|ui|bench)(?:\.[A-Za-z_]\w*)+)")


def _fenced(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)


def _spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))


def _tree_paths(block: str) -> list[str]:
    """The tree in docs/architecture.md names files by their place in it (``  config.py`` under ``rehab/``)."""
    out, stack = [], []
    for line in block.splitlines():
        m = re.match(r"^( *)([\w.]+/?)(?:\s{2,}|$)", line)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        stack = [*stack[:depth], m.group(2)]
        out.append("".join(stack))
    return out


def _module_exists(dotted: str) -> bool:
    """``rehab.a.b.Name.attr`` names a module file and, after it, top-level names (and a class's members)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:cut])
        source = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if source.exists():
            break
    else:
        return False
    rest = parts[cut:]
    if not rest:
        return True
    if base.is_dir() and (base / rest[0]).with_suffix(".py").exists():
        return True
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: dict[str, ast.AST | None] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(t, ast.Name):
                    names[t.id] = None
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = None
    if rest[0] not in names:
        return False
    node = names[rest[0]]
    if len(rest) > 1 and isinstance(node, ast.ClassDef):
        members = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        members |= {t.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(t := n.target, ast.Name)}
        members |= {t.id for n in node.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        return rest[1] in members
    return True


@pytest.mark.parametrize("doc", ALL_DOCS, ids=_rel)
def test_named_paths_and_modules_exist(doc):
    text = doc.read_text(encoding="utf-8")
    missing = []
    for chunk in _fenced(text) + _spans(text):  # paths: in code spans, commands and the tree
        paths = PATH.findall(chunk)
        if doc.name == "architecture.md" and "\nrehab/" in "\n" + chunk:
            paths += _tree_paths(chunk)
        missing += [path for path in paths if not (ROOT / path.rstrip("/")).exists()]
    for span in _spans(text):  # modules: named in code spans (a fenced block may hold a host name)
        missing += [dotted for dotted in MODULE.findall(span) if not _module_exists(dotted)]
    assert not missing, f"{_rel(doc)} names paths or modules that do not exist: {sorted(set(missing))}"


def test_architecture_tree_names_every_package():
    """Every package and top-level module of rehab/ has its line in the tree (a new one needs a line too)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = next(b for b in _fenced(text) if "\nrehab/" in "\n" + b)
    listed = set(_tree_paths(tree))
    have = {f"rehab/{p.name}/" for p in (ROOT / "rehab").iterdir() if (p / "__init__.py").exists()}
    have |= {f"rehab/{p.name}" for p in (ROOT / "rehab").glob("*.py") if not p.name.startswith("_")}
    assert have - listed == set(), "docs/architecture.md's tree lacks these parts of rehab/"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    write_settings_table()
    print(f"wrote the settings table of {_rel(HOSTING)}")
