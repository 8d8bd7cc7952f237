"""What ``advisor rules why-not`` reads and prints; the reasoning is ``ruleset.whynot``'s.

It reads one ``{"answers": {...}}`` object, as ``advisor assess`` does, and
prints the report in four parts: the result, the rules that would have
suggested the therapy, what stood in the way, and the smallest changes.
"""

from __future__ import annotations

import json
from typing import IO

import click

from advisor.answers import MAX_BODY_BYTES, answers_of
from advisor.ruleset.sentences import therapy_name
from advisor.ruleset.whynot import Candidate, Obstacle, WhyNot

__all__ = ["echo_why_not", "read_answers"]

_PRIMARY_WORDS = {"consult": "a clinician decides first", "urgent_care": "urgent care"}


def read_answers(file: IO[bytes]) -> object:
    """Return the ``answers`` of the one JSON object in ``file``.

    :raises click.ClickException: for a file that is too large, not UTF-8, not JSON,
        or not a ``{"answers": {...}}`` object; the message says which.
    """
    raw = file.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise click.ClickException(
            f"the answers file is larger than {MAX_BODY_BYTES:,} bytes; "
            'give one {"answers": {...}} object, as `advisor assess` takes.'
        )
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"the answers file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8."
        ) from None
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"the answers file is not valid JSON: {exc.msg} (line {exc.lineno}, column "
            f'{exc.colno}); it should hold one {{"answers": {{...}}}} object.'
        ) from None
    return answers_of(body)


def _primary(primary: str) -> str:
    return _PRIMARY_WORDS.get(primary, therapy_name(primary))


def _echo_candidate(candidate: Candidate) -> None:
    spec = candidate.spec
    click.echo(f"  {spec.id}  ({spec.at})  {spec.title}")
    if candidate.fired:
        click.echo("    fired: every condition held.")
    for failed in candidate.failed:
        given = (
            "the question was not asked"
            if failed.answer == "not asked"
            else (f"the answer was {failed.answer}")
        )
        click.echo(f"    failed: {failed.needs}; {given}.")


def _echo_obstacle(obstacle: Obstacle) -> None:
    where = "the safety floor, in the engine" if obstacle.safety_floor else str(obstacle.at)
    click.echo(f"  {obstacle.rule}  ({where})  {obstacle.title}: {obstacle.does}.")
    click.echo(f"    “{obstacle.because}”")


def _echo_alternatives(report: WhyNot) -> None:
    name = therapy_name(report.therapy)
    to_therapy = any(a.primary == report.therapy for a in report.alternatives)
    if report.primary == report.therapy:
        heading = "Smallest changes of answers that would change the first step"
    elif to_therapy:
        heading = f"Smallest changes of answers that make {name} the first step"
    else:
        heading = (
            f"No change of one or two answers makes {name} the first step. "
            "Smallest changes that change the first step"
        )
    click.echo(f"\n{heading} ({report.tried} answer sets tried):")
    if not report.alternatives:
        click.echo("  none found.")
    for number, alternative in enumerate(report.alternatives, start=1):
        changes = "; ".join(change.words for change in alternative.changes)
        click.echo(f"  {number}. {changes}")
        click.echo(f"     first step: {_primary(alternative.primary)}")
    if report.others:
        click.echo(f"  ({report.others} more changes that alter the first step are not shown.)")
    if not report.complete:
        click.echo("  The search stopped at its time limit; there may be other changes of two.")


def echo_why_not(report: WhyNot) -> None:
    """Print the report for a therapist: each rule with file and line, each change in words."""
    name = therapy_name(report.therapy)
    suggested = ", ".join(therapy_name(s) for s in report.suggestions) or "none"
    click.echo(f"First step: {_primary(report.primary)}. Suggested: {suggested}.")
    if report.primary == report.therapy:
        click.echo(f"{name} is already the first step for these answers.")
    fired = sum(1 for c in report.candidates if c.fired)
    click.echo(
        f"\nRules that would suggest {name} ({len(report.candidates)}, {fired} fired), "
        "fewest failed conditions first:"
    )
    for candidate in sorted(report.candidates, key=lambda c: (len(c.failed), c.spec.order)):
        _echo_candidate(candidate)
    if report.obstacles:
        click.echo(f"\nWhat kept {name} from being the first step:")
        for obstacle in report.obstacles:
            _echo_obstacle(obstacle)
    elif report.primary != report.therapy:
        click.echo(f"\nNothing blocked {name}: no rule that suggests it fired.")
    _echo_alternatives(report)
