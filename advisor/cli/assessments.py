"""``advisor assess`` and ``advisor questions``: answers in, responses out, and what answers may be.

For integrators and for trying the rules by hand: the same ``assess()`` the API calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from advisor.answers import MAX_BODY_BYTES, FieldError, answers_of
from advisor.assessment import assess
from advisor.cli.rules import RULES_DIR, load_rules
from advisor.exceptions import AnswersInvalid
from advisor.language_codes import DEFAULT_LANGUAGE
from advisor.localisation import localised_dict
from advisor.questionnaire import Question
from advisor.ruleset import RuleSet

__all__ = ["MAX_INPUT_BYTES", "assess_command", "questions"]

#: The largest input file ``advisor assess`` reads (a JSON Lines batch); one line is capped
#: at MAX_BODY_BYTES like one API request.
MAX_INPUT_BYTES = 32 * 1024 * 1024


LANGUAGE_OPTION = click.option(
    "--lang",
    "language",
    default=DEFAULT_LANGUAGE,
    show_default=True,
    metavar="CODE",
    help="Language of the texts: en or es (a rule set may add more in rules/translations/).",
)


def spoken(ruleset: RuleSet, language: str) -> str:
    """Return ``language`` if the rule set has its texts, else stop with the languages it has."""
    code = language.strip().lower()
    if code not in ruleset.languages:
        raise click.BadParameter(
            f"{language!r} is not a language of these rules; use one of "
            + ", ".join(ruleset.languages)
            + ".",
            param_hint="'--lang'",
        )
    return code


@click.command("assess")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--rules",
    "rules_dir",
    type=RULES_DIR,
    help="Rules directory (default: $ADVISOR_RULES_DIR, else the shipped rules).",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON of a single response.")
@LANGUAGE_OPTION
@click.pass_context
def assess_command(
    ctx: click.Context, file: IO[bytes], rules_dir: Path | None, pretty: bool, language: str
) -> None:
    """Assess answers from FILE (or - for standard input) and print the response.

    FILE holds one JSON object {"answers": {...}}, or JSON Lines: one such
    object a line, giving one response a line, in order. Invalid input prints
    {"errors": [{"field": ..., "message": ...}]} in place of a response (with
    "line" for a batch) and the command exits with status 1. With --lang es the
    titles and reasons are in Spanish; the recommendation is the same in every language.
    """
    ruleset = load_rules(rules_dir)
    language = spoken(ruleset, language)
    raw = file.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise click.ClickException(
            f"the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; "
            "split the batch into smaller files."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"the input is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start})."
        ) from None
    failed = False
    for line, body in _bodies(text):
        if isinstance(body, FieldError):
            output: dict[str, Any] = {"errors": [body.to_dict()]}
        else:
            try:
                response = assess(answers_of(body), ruleset)  # type: ignore[arg-type]
                output = localised_dict(response, ruleset, language)
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
        ctx.exit(1)


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


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the questionnaire as the API does.")
@click.option(
    "--rules",
    "rules_dir",
    type=RULES_DIR,
    help="Rules directory (default: $ADVISOR_RULES_DIR, else the shipped rules).",
)
@LANGUAGE_OPTION
def questions(as_json: bool, rules_dir: Path | None, language: str) -> None:
    """Print every question of the rule set: id, type, allowed values and when it is asked."""
    ruleset = load_rules(rules_dir)
    language = spoken(ruleset, language)
    questionnaire = ruleset.questionnaire_in(language)
    if as_json:
        body = {**questionnaire.to_dict(), "language": language}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
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
    if question.web_asked_when:
        skipped = json.dumps(question.to_dict()["when_skipped"])
        unless = " and ".join(c.describe() for c in question.web_asked_when)
        text += f"; the web pages ask it only when {unless}, and else give {skipped}"
    return text
