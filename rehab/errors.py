"""One root for every error a person can see: :class:`RehabError`.

Every error the library raises for bad input or an unusable store derives from it, so the CLI, the pages
and the report catch one class and show its message, never a traceback. ``str(error)`` is the message as
written for people (it already names the file, the line and the reason where there are ones); ``file`` and
``line`` carry the same facts for a program.

The classes below are the families; modules subclass them where a caller tells cases apart
(``StoreLocked`` from ``StoreDamaged``). A few also derive from :class:`ValueError` because callers
written before this root caught that; new code catches :class:`RehabError`.
"""

from __future__ import annotations

from os import PathLike


class RehabError(Exception):
    """An error to show a person: ``str()`` is the message; ``file`` and ``line`` when it is about one."""

    def __init__(self, message: str = "", *, file: str | PathLike | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = None if file is None else str(file)
        self.line = line


class InputError(RehabError):
    """A file or a value that cannot be used as given (an import, a diary entry, a restore)."""


class StoreProblem(RehabError):
    """A store that cannot be opened or used: locked, damaged, not a store, unreachable."""


class AccessError(RehabError):
    """Whose data this is: a workspace, a share link, a credential that does not allow it."""


class RemoteError(RehabError):
    """An app's API (Hevy) refused or failed."""
