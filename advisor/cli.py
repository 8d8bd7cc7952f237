"""The ``advisor`` command: assess answers, print the questionnaire, check and test rule files.

Exit codes follow click: 0 success, 1 bad input or broken rules, 2 usage.
Results go to standard output; ``Error:`` lines go to standard error.
"""

from __future__ import annotations

import json
import logging
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click
from sqlalchemy.exc import OperationalError

from advisor import problems
from advisor.answers import MAX_BODY_BYTES, FieldError, answers_of
from advisor.assessment import assess
from advisor.exceptions import (
    AdvisorError,
    AnswersInvalid,
    QuestionnaireInvalid,
    RuleSetInvalid,
    UserError,
)
from advisor.questionnaire import Question, default_questionnaire
from advisor.ruleset import CASES_DIR, RuleSet, check_ruleset, default_rules_dir, load_ruleset
from advisor.ruleset.cases import case_files, load_cases, run_case, uncovered_rules
from advisor.shipped import copy_default_rules

if TYPE_CHECKING:
    from flask import Flask

#: The largest input file ``advisor assess`` reads (a JSON Lines batch); one line is capped
#: at MAX_BODY_BYTES like one API request.
MAX_INPUT_BYTES = 32 * 1024 * 1024

log = logging.getLogger("advisor")

RULES_DIR = click.Path(file_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="advisor")
def cli() -> None:
    """Screen people for blood flow restriction training (BFR) and neuromuscular
    therapy (NMT) with therapist-owned rule files.

    Start with `advisor assess examples/bfr-candidate.json`, or see
    `advisor COMMAND --help`.
    """


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option(
    "--rules",
    "rules_dir",
    type=RULES_DIR,
    help="Rules directory (default: $ADVISOR_RULES_DIR, else the shipped rules).",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON of a single response.")
def assess_cmd(file: IO[bytes], rules_dir: Path | None, pretty: bool) -> None:
    """Assess answers from FILE (or - for standard input) and print the response.

    FILE holds one JSON object {"answers": {...}}, or JSON Lines: one such
    object a line, giving one response a line, in order. Invalid input prints
    {"errors": [{"field": ..., "message": ...}]} in place of a response (with
    "line" for a batch) and the command exits with status 1.
    """
    ruleset = _ruleset(rules_dir)
    raw = file.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        _fail(
            f"the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; "
            "split the batch into smaller files."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"the input is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}).")
    failed = False
    for line, body in _bodies(text):
        if isinstance(body, FieldError):
            output: dict[str, Any] = {"errors": [body.to_dict()]}
        else:
            try:
                output = assess(answers_of(body), ruleset).to_dict()  # type: ignore[arg-type]
            except AnswersInvalid as exc:
                output = {"errors": [e.to_dict() for e in exc.errors]}
        if "errors" in output:
            failed = True
            if line is not None:
                output["line"] = line
            where = f"line {line}: " if line is not None else ""
            for error in output["errors"]:
                click.echo(f"Error: {where}{error['field']}: {error['message']}", err=True)
        indent = 2 if pretty and line is None else None
        click.echo(json.dumps(output, ensure_ascii=False, indent=indent))
    if failed:
        sys.exit(1)


cli.add_command(assess_cmd, name="assess")


def _bodies(text: str) -> Iterator[tuple[int | None, object]]:
    """Yield (line, body) pairs: one with line None for a single object, else one per line."""
    stripped = text.strip()
    if not stripped:
        yield (
            None,
            FieldError("input", 'the input is empty; expected one {"answers": {...}} object.'),
        )
        return
    try:
        body = json.loads(stripped)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in stripped.splitlines() if ln.strip()]
        if len(lines) < 2:  # one object, but broken
            yield None, FieldError("input", _json_error(exc))
            return
    else:
        if len(stripped.encode()) > MAX_BODY_BYTES:
            yield None, FieldError("input", _too_large(len(stripped.encode())))
        else:
            yield None, body
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        size = len(line.encode())
        if size > MAX_BODY_BYTES:
            yield number, FieldError("input", _too_large(size))
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, FieldError("input", _json_error(exc))


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"this is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."


def _too_large(size: int) -> str:
    return f"one assessment may be at most {MAX_BODY_BYTES:,} bytes (got {size:,})."


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the questionnaire as the API does.")
def questions(as_json: bool) -> None:
    """Print every question: id, type, allowed values and when it is asked."""
    questionnaire = default_questionnaire()
    if as_json:
        click.echo(json.dumps(questionnaire.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"Questionnaire {questionnaire.version}: {len(questionnaire.questions)} questions "
        f"on {len(questionnaire.pages)} pages.\n"
    )
    for page in questionnaire.pages:
        click.secho(page.title, bold=True)
        for question in questionnaire.on_page(page.id):
            click.echo(f"  {question.id} ({_describe(question)})")
            click.echo(f"    {question.text}")
            width = max((len(v) for v in question.values), default=0)
            for option in question.options:
                click.echo(f"      {option.value:<{width}}  {option.label}")
        click.echo()


def _describe(question: Question) -> str:
    kind = {"single": "pick one", "multi": "tick any, [] for none", "integer": "whole number"}
    text = kind[question.type]
    if question.type == "integer":
        text += f" {question.minimum}-{question.maximum}"
    if question.informational:
        text += ", informational: never changes a result"
    if not question.core:
        default = question.to_dict()["default"]
        shown = f"'{default}'" if isinstance(default, str) else json.dumps(default)
        text += f", optional: default {shown}"
    elif question.asked_when:
        text += ", required when " + " and ".join(c.describe() for c in question.asked_when)
    else:
        text += ", required"
    return text


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per CPU is a good start).",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker; each thread keeps its own rule engine.",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the questionnaire, the API and /healthz with gunicorn.

    The rule files are checked before the server starts: broken rules stop it
    with every problem listed. While it runs, every worker picks up edits to
    the rule files within a second, and refuses broken ones.
    """
    from advisor.server import run

    run(host=host, port=port, workers=workers, threads=threads)


@cli.group()
def db() -> None:
    """Create or migrate the database schema (SQLite by default, or $DATABASE_URL)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create the schema, or migrate it to this version. Safe to run again."""
    from advisor.storage import schema

    with _app().app_context():
        before, after = schema.upgrade()
    if before == after:
        click.echo(f"The database schema is up to date (revision {after}).")
    else:
        click.echo(f"The database schema is now at revision {after} (was {before or 'empty'}).")


@db.command("status")
def db_status() -> None:
    """Say whether the schema is up to date; exit 1 if it is not."""
    from advisor.storage import schema

    with _app().app_context():
        current, head = schema.current_revision(), schema.head_revision()
    click.echo(f"database revision: {current or 'none (empty)'}; this version needs: {head}")
    if current != head:
        _fail("the schema is out of date; run `advisor db upgrade`.")


@cli.group()
def users() -> None:
    """Manage staff accounts (roles: intake, therapist, admin)."""


def _password(email: str) -> str:
    """Return the password from $ADVISOR_PASSWORD (for scripts), or ask for it twice."""
    import os

    given = os.environ.get("ADVISOR_PASSWORD")
    if given:
        return given
    return click.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["intake", "therapist", "admin"]))
def users_add(email: str, role: str) -> None:
    """Add a staff account; the password is asked for (or read from $ADVISOR_PASSWORD)."""
    from advisor.storage.users import add_user, find_user, normalise_email

    with _app().app_context():
        if find_user(email) is not None:
            _fail(f"there is already an account for {normalise_email(email)}.")
        user = add_user(email, role, _password(email))
        click.echo(f"Added {user.email} ({user.role}).")


@users.command("list")
def users_list() -> None:
    """List every staff account."""
    from advisor.storage.users import list_users

    with _app().app_context():
        accounts = list_users()
        for user in accounts:
            state = "active" if user.active else "disabled"
            click.echo(f"{user.email:<40} {user.role:<10} {state}")
        if not accounts:
            click.echo(
                "No staff accounts yet: add one with `advisor users add EMAIL --role admin`."
            )


@users.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    from advisor.storage.users import disable_user

    with _app().app_context():
        click.echo(f"Disabled {disable_user(email).email}.")


@users.command("set-password")
@click.argument("email")
def users_set_password(email: str) -> None:
    """Set a new password (asked for, or $ADVISOR_PASSWORD); the account's sessions end."""
    from advisor.storage.users import set_password

    with _app().app_context():
        click.echo(f"Password set for {set_password(email, _password(email)).email}.")


@cli.group()
def screenings() -> None:
    """Stored screenings."""


@screenings.command("purge")
@click.option(
    "--older-than",
    "days",
    required=True,
    type=click.IntRange(min=0),
    help="Delete screenings created more than this many days ago.",
)
def screenings_purge(days: int) -> None:
    """Delete old screenings and their personal details, leaving an audit entry."""
    from advisor.storage.screenings import purge

    with _app().app_context():
        count = purge(days, actor="command line")
    click.echo(f"Deleted {count} screening{'s' if count != 1 else ''} older than {days} days.")


def _app() -> Flask:
    """Create the app for a command that needs the database (imported late: rules stay light)."""
    from advisor import create_app

    return create_app()


@cli.group()
def rules() -> None:
    """Check, test and start rule files.

    The default directory is $ADVISOR_RULES_DIR if set, else the rules advisor
    ships (rules/ in a checkout).
    """


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
def check(directory: Path | None) -> None:
    """Check every rule file in DIRECTORY and print each problem with its file and line.

    Errors (the rule set cannot be used) exit with status 1; warnings (rules
    that can never fire, questions no rule reads, missing sources, overdue
    reviews) are printed but exit 0.
    """
    result = check_ruleset(directory)
    for problem in result.problems:
        click.echo(problem.render())
    loaded = result.ruleset is not None
    click.echo(problems.summary(result.problems, result.files, loaded))
    if result.ruleset is not None:
        click.echo(
            f"{len(result.ruleset.specs)} rules, version {result.ruleset.info.version}, "
            f"digest {result.ruleset.info.digest[:12]}."
        )
    if result.errors:
        sys.exit(1)


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.option("-q", "--quiet", is_flag=True, help="Print only failing cases and the summary.")
def test(directory: Path | None, quiet: bool) -> None:
    """Run the example cases in DIRECTORY/cases/ and print PASS or FAIL for each.

    A failing case shows what differed from what it expects. Exit status 1 if
    any case fails or a case file is broken.
    """
    ruleset = _ruleset(directory)
    paths = case_files(ruleset.directory)
    cases, trouble = load_cases(paths, ruleset)
    for problem in trouble:
        click.echo(problem.render(), err=True)
    results = [run_case(case, ruleset) for case in cases]
    for result in results:
        if result.passed and quiet:
            continue
        status = click.style("PASS", fg="green") if result.passed else click.style("FAIL", fg="red")
        click.echo(f"{status} {result.case.name}  ({result.case.at})")
        for difference in result.differences:
            click.echo(f"     {difference}")
    failed = sum(1 for r in results if not r.passed)
    click.echo(
        f"{len(results)} cases in {len(paths)} files: {len(results) - failed} passed, "
        f"{failed} failed." + (f" {len(trouble)} problem(s) in case files." if trouble else "")
    )
    uncovered = uncovered_rules(results, ruleset)
    if uncovered:
        click.echo(f"warning: {len(uncovered)} rule(s) fired in no case: {', '.join(uncovered)}")
    else:
        click.echo(f"Every one of the {len(ruleset.specs)} rules fired in at least one case.")
    if failed or trouble or not results:
        sys.exit(1)


@rules.command("init")
@click.argument("directory", type=RULES_DIR)
def rules_init(directory: Path) -> None:
    """Copy the shipped rules (rule files, ruleset.toml, cases/) into DIRECTORY to start from.

    DIRECTORY must be new or empty: no file is ever overwritten. Point advisor
    at the copy with ADVISOR_RULES_DIR=DIRECTORY.
    """
    try:
        written = copy_default_rules(directory)
    except UserError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write the rules into {exc.filename or directory}: {exc.strerror}.")
    shown = problems.display_path(directory)
    click.echo(
        f"Copied the shipped rules into {shown}: {len(written)} files, "
        f"the example cases in {CASES_DIR}/ included.\n"
        f"Use them:   export ADVISOR_RULES_DIR={shlex.quote(str(directory.resolve()))}\n"
        f"Check them: advisor rules check {shlex.quote(shown)}"
    )


def _ruleset(directory: Path | None) -> RuleSet:
    try:
        return load_ruleset(directory)
    except RuleSetInvalid as exc:
        for problem in exc.problems:
            click.echo(problem.render(), err=True)
        shown = problems.display_path(directory or default_rules_dir())
        _fail(f"the rules in {shown} cannot be used; run `advisor rules check` for details.")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def main() -> None:
    """Run the command line, with logging set up and no traceback for any expected error."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        cli.main(prog_name="advisor")
    except RuleSetInvalid as exc:
        for problem in exc.problems:
            click.echo(problem.render(), err=True)
        _fail("the rule files cannot be used; fix the errors above (advisor rules check).")
    except QuestionnaireInvalid as exc:
        for problem in exc.problems:
            click.echo(problem.render(), err=True)
        _fail("the questionnaire definition is broken (this is advisor's own file).")
    except AdvisorError as exc:
        _fail(str(exc))
    except OperationalError as exc:
        _fail(f"cannot reach the database: {str(exc.orig).strip().splitlines()[0]}")
    except Exception as exc:
        log.debug("internal error", exc_info=True)
        _fail(f"Internal error: {exc!r}. This is a bug in advisor; please report it.")
