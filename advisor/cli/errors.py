"""How the ``advisor`` command reports what went wrong: click's exceptions, and one problem printer.

    click.ClickException        ``Error: <message>`` on standard error, exit status 1
    ├── ProblemsFound(problems)   each problem on its own line first (rule files, the questionnaire)
    ├── DatabaseUnreachable       the database did not answer; names why
    └── InternalError             a bug in advisor, labelled as ours

A plain message (bad input, an ``AdvisorError``) is a ``click.ClickException`` itself.
Usage errors stay click's own ``UsageError`` (exit status 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError

    from advisor.problems import Problem

__all__ = ["DatabaseUnreachable", "InternalError", "ProblemsFound", "echo_problems"]


def echo_problems(
    problems: Iterable[Problem], *, err: bool = False, file: IO[Any] | None = None
) -> None:
    """Print each problem on its own line, ``path:line:col: severity [code] message``.

    :param err: print to standard error (ignored when ``file`` is given).
    """
    for problem in problems:
        click.echo(problem.render(), file=file, err=err)


class ProblemsFound(click.ClickException):
    """A file advisor needs has problems: they are printed, then the ``Error:`` line."""

    def __init__(self, problems: Iterable[Problem], message: str) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def show(self, file: IO[Any] | None = None) -> None:
        echo_problems(self.problems, err=True, file=file)
        super().show(file)


class DatabaseUnreachable(click.ClickException):
    """The database did not answer; the message gives the driver's first line."""

    def __init__(self, error: OperationalError) -> None:
        super().__init__(f"cannot reach the database: {str(error.orig).strip().splitlines()[0]}")


class InternalError(click.ClickException):
    """An error advisor did not expect: a bug of ours, never the user's mistake."""

    def __init__(self, error: Exception) -> None:
        super().__init__(f"Internal error: {error!r}. This is a bug in advisor; please report it.")
