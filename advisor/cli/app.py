"""The Flask app for the commands that need one: ``advisor db``, ``users`` and ``screenings``.

Their groups are ``AppCommands``: Flask's ``AppGroup``, so each command runs inside
``flask.cli.with_appcontext``, with a ``ScriptInfo`` that builds advisor's app the
first time a command asks for it. Commands that need no database (``rules``,
``assess``) never build one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from flask.cli import AppGroup, ScriptInfo

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["AppCommands"]


class AppCommands(AppGroup):
    """A group whose commands each run in an app context of ``advisor.create_app()``."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # As FlaskGroup does: with_appcontext finds this ScriptInfo on the context.
        # A new one for every run, so no app outlives the command that built it.
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(create_app=_create_app, set_debug_flag=False)
        return super().make_context(info_name, args, parent=parent, **extra)


def _create_app() -> Flask:
    # Imported when called, not at import: the factory pulls in the web layer and the
    # database, and tests replace advisor.create_app to close what it opened.
    from advisor import create_app

    return create_app()
