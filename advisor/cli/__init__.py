"""The ``advisor`` command: assess answers, print the questionnaire, check and test rule files,
serve, and look after the database, staff accounts and stored screenings.

Exit codes follow click: 0 success, 1 bad input or broken rules, 2 usage.
Results go to standard output; ``Error:`` lines go to standard error.

The commands are split by who uses them, a module each. A module is imported only when
one of its commands runs (or for ``--help``), so ``advisor rules check`` never loads
Flask or the database models:

    assessments  assess, questions        integrators, and anyone trying the rules
    rules        rules check, test, init  therapists
    practice     practice check           the clinic's admin (practice.toml)
    serving      serve                    whoever runs the service
    database     db upgrade, status       whoever deploys it
    accounts     users add, list, …       the clinic's admin
    screenings   screenings purge         the clinic's admin (patients' data)
    translations translations check       translators (rule files and page templates)

``errors`` holds the exceptions and the problem printer they share; ``app`` the Flask app
for the commands that need one.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from advisor.cli.errors import DatabaseUnreachable, InternalError, ProblemsFound
from advisor.exceptions import AdvisorError, PracticeInvalid, QuestionnaireInvalid, RuleSetInvalid

__all__ = ["cli", "main"]

log = logging.getLogger("advisor")

#: Each command's name, and where it is defined (``module:attribute`` under advisor.cli).
_COMMANDS = {
    "assess": "assessments:assess_command",
    "db": "database:db",
    "practice": "practice:practice",
    "questions": "assessments:questions",
    "rules": "rules:rules",
    "screenings": "screenings:screenings",
    "serve": "serving:serve",
    "translations": "translations:translations",
    "users": "accounts:users",
}


class _Advisor(click.Group):
    """The root group: loads a command's module when the command is named, and turns
    advisor's expected errors into click's, so each ends as one ``Error:`` line and exit 1.
    """

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # A name that is no command loads them all, so click can suggest the nearest.
        self._load([cmd_name] if cmd_name in _COMMANDS else list(_COMMANDS))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(list(_COMMANDS))
        return super().list_commands(ctx)

    def _load(self, names: list[str]) -> None:
        for name in names:
            if name not in self.commands:
                module, attribute = _COMMANDS[name].split(":")
                command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
                self.add_command(command, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RuleSetInvalid as exc:
            # Errors in the files say so themselves; a later gate is named.
            later = tuple(g for g in exc.refused_by if g != "checks")
            refused = f" ({_refused_by(later)})" if later else ""
            raise ProblemsFound(
                exc.problems,
                f"the rule files cannot be used{refused}; fix the errors above "
                "(advisor rules check).",
            ) from exc
        except QuestionnaireInvalid as exc:
            raise ProblemsFound(
                exc.problems, "the questionnaire definition is broken (this is advisor's own file)."
            ) from exc
        except PracticeInvalid as exc:
            raise ProblemsFound(
                exc.problems,
                f"the practice profile {exc.path} cannot be used; fix the errors "
                "above (advisor practice check).",
            ) from exc
        except AdvisorError as exc:
            raise click.ClickException(str(exc)) from exc
        except OperationalError as exc:
            raise DatabaseUnreachable(exc) from exc


def _refused_by(gates: tuple[str, ...]) -> str:
    from advisor.ruleset.gate import GATES

    return "refused by " + " and ".join(GATES.get(g, g) for g in gates)  # type: ignore[call-overload]


@click.group(cls=_Advisor, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="advisor")
def cli() -> None:
    """Screen people for blood flow restriction training (BFR) and neuromuscular
    therapy (NMT) with therapist-owned rule files.

    Start with `advisor assess examples/bfr-candidate.json`, or see
    `advisor COMMAND --help`.
    """


def main() -> None:
    """Run the command line, with logging set up and no traceback for any error.

    Expected errors end in click's ``Error:`` line (see ``_Advisor.invoke``); anything
    else is a bug of ours, and says so.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        cli.main(prog_name="advisor")
    except Exception as exc:
        log.debug("internal error", exc_info=True)
        error = InternalError(exc)
        error.show()
        sys.exit(error.exit_code)
