"""What every command group shares: exit statuses, the ``--db`` option, the table printer.

The group modules import this one and :mod:`rehab.cli.main` imports them, so nothing here may import a
group module or ``main``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rehab.storage.db import default_db_path

#: What ``parser.add_subparsers()`` returns; each group's ``add_*`` functions take it. (Generic only to
#: the type checker: argparse's class cannot be subscripted at run time.)
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction

#: A command: the parsed arguments in, the exit status out. Every leaf parser sets one as ``func``.
Command = Callable[[argparse.Namespace], int]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 2, 2

DB_HELP = "database (default: $REHAB_DB, else data/rehab.duckdb)"


def add_db(p: argparse.ArgumentParser) -> None:
    """``--db`` on a sub-command's parser, where its ``--help`` lists it.

    SUPPRESS: a ``--db`` given before the sub-command is not overwritten by the sub-command's default.
    :func:`rehab.cli.main.build_parser` gives it to every sub-parser that has none, at any depth."""
    p.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH", help=DB_HELP)


def database(args: argparse.Namespace) -> str:
    """The store the command works on: ``--db``, else ``$REHAB_DB``, else ``data/rehab.duckdb``."""
    return args.db or default_db_path()


def print_table(rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows as left-aligned columns under their keys (those of the first row); ``(none)`` when empty."""
    if not rows:
        print("(none)")
        return
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(str(r[k]).ljust(widths[k]) for k in keys))


def show_rows(rows: Sequence[Mapping[str, Any]], as_json: bool, columns: Sequence[str] | None = None) -> None:
    """``--json``: the rows as one JSON list (``None`` as null); else a table of ``columns`` (default: every
    key), an empty cell for ``None``."""
    if as_json:
        print(json.dumps(list(rows)))
        return
    keys = list(columns) if columns is not None else list(rows[0]) if rows else []
    print_table([{k: ("" if r[k] is None else r[k]) for k in keys} for r in rows])


def missing(v: object) -> bool:
    """``None`` or NaN (how pandas hands back an empty cell of a nullable column)."""
    return v is None or v != v


def command_parsers(parser: argparse.ArgumentParser,
                    path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every sub-command's parser at any depth with its path (``("share",)``, ``("share", "create")``, …),
    a group before its actions."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from command_parsers(sub, (*path, name))


def leaf_commands(parser: argparse.ArgumentParser) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """The sub-commands that run something (no actions below them), by path."""
    found = dict(command_parsers(parser))
    return {path: p for path, p in found.items() if not any(other[:-1] == path for other in found)}
