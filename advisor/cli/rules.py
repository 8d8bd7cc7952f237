"""``advisor rules``: the therapists' commands to check, test and start rule files."""

from __future__ import annotations

import shlex
import time
from collections.abc import Sequence
from pathlib import Path

import click

from advisor import problems
from advisor.cli.errors import ProblemsFound, echo_problems
from advisor.cli.whynot import echo_why_not, read_answers
from advisor.contract import THERAPIES
from advisor.exceptions import AnswersInvalid, RuleSetInvalid
from advisor.ruleset import (
    CASES_DIR,
    QUESTIONS,
    RuleSet,
    check_ruleset,
    default_rules_dir,
    load_ruleset,
)
from advisor.ruleset.cases import (
    Case,
    case_files,
    load_cases,
    outcome_lines,
    run_case,
    uncovered_rules,
)
from advisor.ruleset.coverage import MutantOutcome, RuleCoverage, mutation_coverage
from advisor.ruleset.gate import GATES, Verdict, admit
from advisor.ruleset.in_use import RECORD_NAME, InUse, read_in_use
from advisor.ruleset.listing import FORMATS, render_listing
from advisor.ruleset.whynot import why_not
from advisor.shipped import copy_default_rules, instance_folder

__all__ = ["RULES_DIR", "gate_line", "load_rules", "rules"]

#: The type of a rules directory argument or option.
RULES_DIR = click.Path(file_okay=False, path_type=Path)


def load_rules(directory: Path | None) -> RuleSet:
    """Load the rule set in ``directory`` (default: $ADVISOR_RULES_DIR, else the shipped rules).

    :raises ProblemsFound: listing every problem, when the rules cannot be used.
    """
    try:
        return load_ruleset(directory)
    except RuleSetInvalid as exc:
        shown = problems.display_path(directory or default_rules_dir())
        raise ProblemsFound(
            exc.problems,
            f"the rules in {shown} cannot be used; run `advisor rules check` for details.",
        ) from exc


@click.group()
def rules() -> None:
    """Check, test and start rule files.

    The default directory is $ADVISOR_RULES_DIR if set, else the rules advisor
    ships (rules/ in a checkout).
    """


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.pass_context
def check(ctx: click.Context, directory: Path | None) -> None:
    """Check every rule file in DIRECTORY and print each problem with its file and line.

    Then the gate a server applies before it uses the rules: every example
    case must pass and the safety properties must hold on 2,000 generated
    answer sets; the last line but one says whether the gate passed, or which
    gate refused the rules. Errors and a refused gate exit with status 1;
    warnings (rules that can never fire, questions no rule reads, missing
    sources, overdue reviews, a version not raised) are printed but exit 0.
    """
    result = check_ruleset(directory)
    verdict = admit(result, in_use=_in_use(directory or default_rules_dir()))
    echo_problems(verdict.problems)
    click.echo(problems.summary(verdict.problems, result.files, verdict.passed))
    click.echo(gate_line(verdict))
    if result.ruleset is not None:
        # Named as what was checked: a refused set is read whole, but never used.
        checked = "" if verdict.passed else "Checked, not used: "
        click.echo(
            f"{checked}{len(result.ruleset.specs)} rules{_switched_off(result.ruleset)}, "
            f"version {result.ruleset.info.version}, "
            f"digest {result.ruleset.info.digest[:12]}."
        )
    if verdict.errors:
        ctx.exit(1)


def _switched_off(ruleset: RuleSet) -> str:
    disabled = sum(1 for spec in ruleset.specs if not spec.enabled)
    return f" ({disabled} switched off with enabled = false)" if disabled else ""


def gate_line(verdict: Verdict) -> str:
    """Return the line that says whether the rule set may go live, and which gate refused it."""
    if verdict.passed:
        return (
            f"Gate passed: no errors, all {verdict.cases} example cases pass, and the safety "
            f"properties hold on {verdict.answer_sets:,} generated answer sets."
        )
    refused = " and ".join(GATES[gate] for gate in verdict.refused_by)
    return f"Gate refused: {refused} did not pass, so a server will not use these rules."


def _in_use(directory: Path) -> InUse | None:
    """Return the record of the set a server on this machine last used for ``directory``."""
    return read_in_use(instance_folder() / RECORD_NAME, directory)


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.option("-q", "--quiet", is_flag=True, help="Print only failing cases and the summary.")
@click.option(
    "--coverage",
    is_flag=True,
    help="Also try each rule removed and each of its conditions made narrower and wider, "
    "and report which cases notice; list the rules where no case notices a change.",
)
@click.pass_context
def test(ctx: click.Context, directory: Path | None, quiet: bool, coverage: bool) -> None:
    """Run the example cases in DIRECTORY/cases/ and print PASS or FAIL for each.

    A failing case shows what differed from what it expects, what the rules
    gave and which rules fired. Exit status 1 if any case fails or a case
    file is broken. With --coverage (and --quiet: only the untested rules),
    a report follows of which cases notice each rule's removal or change.
    """
    ruleset = load_rules(directory)
    paths = case_files(ruleset.directory)
    cases, trouble = load_cases(paths, ruleset)
    echo_problems(trouble, err=True)
    results = [run_case(case, ruleset) for case in cases]
    for result in results:
        if result.passed and quiet:
            continue
        status = click.style("PASS", fg="green") if result.passed else click.style("FAIL", fg="red")
        click.echo(f"{status} {result.case.name}  ({result.case.at})")
        for difference in result.differences:
            click.echo(f"     {difference}")
        if not result.passed:
            for line in outcome_lines(result):
                click.echo(click.style(f"     {line}", dim=True))
    failed = sum(1 for r in results if not r.passed)
    click.echo(
        f"{len(results)} cases in {len(paths)} files: {len(results) - failed} passed, "
        f"{failed} failed." + (f" {len(trouble)} problem(s) in case files." if trouble else "")
    )
    uncovered = uncovered_rules(results, ruleset)
    if uncovered:
        click.echo(f"warning: {len(uncovered)} rule(s) fired in no case: {', '.join(uncovered)}")
    else:
        enabled = sum(1 for spec in ruleset.specs if spec.enabled)
        click.echo(f"Every one of the {enabled} enabled rules fired in at least one case.")
    if coverage:
        _echo_coverage(ruleset, cases, quiet)
    if failed or trouble or not results:
        ctx.exit(1)


def _echo_coverage(ruleset: RuleSet, cases: Sequence[Case], quiet: bool) -> None:
    """Print the mutation coverage: each rule (unless quiet), then the untested ones."""
    started = time.perf_counter()
    found = mutation_coverage(ruleset, cases)
    seconds = time.perf_counter() - started
    click.echo(
        f"\nCoverage: {len(found.rules)} rules, {found.cases} cases, {found.mutants} changes "
        f"tried ({found.engines_built} rule sets compiled) in {seconds:.1f} s."
    )
    if not quiet:
        for rule in found.rules:
            _echo_rule(rule)
    untested = found.untested
    if not untested:
        click.echo("Every change to every enabled rule is noticed by at least one case.")
        return
    click.echo(
        f"\nUntested: {len(untested)} of {len(found.rules)} rules have a change that no case "
        "notices. Add a case on the edge, as each line says:"
    )
    for rule in untested:
        tried = len(rule.mutations) + 1
        click.echo(
            f"{rule.spec.at}: {rule.spec.id}: {len(rule.unnoticed)} of {tried} changes not noticed"
        )
        for outcome in rule.unnoticed:
            click.echo(f"     {_change(outcome)}: add {outcome.mutant.hint()}")


def _echo_rule(rule: RuleCoverage) -> None:
    click.echo(f"\n{rule.spec.id}  ({rule.spec.at})")
    if rule.removal is None:
        click.echo("  disabled (enabled = false): nothing to try")
        return
    click.echo(f"  fired by {_cases(rule.fired_by)}")
    for outcome in (rule.removal, *rule.mutations):
        noticed = f"noticed by {_cases(outcome.noticed_by)}" if outcome.noticed else "NOT noticed"
        click.echo(f"  {_change(outcome)}: {noticed}")


def _change(outcome: MutantOutcome) -> str:
    mutant = outcome.mutant
    if mutant.direction == "removed":
        return "rule removed"
    return f"{mutant.change} ({mutant.direction})"


def _cases(names: Sequence[str], shown: int = 3) -> str:
    """Return "2 cases: a, b", naming only the first few."""
    if not names:
        return "no case"
    listed = ", ".join(names[:shown]) + (
        f" (+{len(names) - shown} more)" if len(names) > shown else ""
    )
    return f"{len(names)} case{'s' if len(names) != 1 else ''}: {listed}"


@rules.command()
@click.argument("directory", type=RULES_DIR)
def init(directory: Path) -> None:
    """Copy the shipped rules (rule files, questions.toml, ruleset.toml, cases/) into DIRECTORY.

    DIRECTORY must be new or empty: no file is ever overwritten. Point advisor
    at the copy with ADVISOR_RULES_DIR=DIRECTORY.
    """
    try:
        written = copy_default_rules(directory)  # a folder that is not empty: UserError
    except OSError as exc:
        raise click.ClickException(
            f"cannot write the rules into {exc.filename or directory}: {exc.strerror}."
        ) from exc
    shown = problems.display_path(directory)
    click.echo(
        f"Copied the shipped rules into {shown}: {len(written)} files, "
        f"the questionnaire ({QUESTIONS}) and the example cases in {CASES_DIR}/ included.\n"
        f"Use them:   export ADVISOR_RULES_DIR={shlex.quote(str(directory.resolve()))}\n"
        f"Check them: advisor rules check {shlex.quote(shown)}"
    )


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for a terminal, markdown, csv (one row per rule, for a spreadsheet) or html.",
)
def show(directory: Path | None, format_: str) -> None:
    """Print every rule in DIRECTORY as one plain-words sentence, grouped by file.

    Each rule says when it applies, what it does, its priority and the reason
    the patient reads, with its file and line, source, owner and review date.
    Save the CSV or HTML to a file to send for review, for example
    `advisor rules show --format csv > rules.csv`.
    """
    click.echo(render_listing(load_rules(directory), format_), nl=False)  # type: ignore[arg-type]


@rules.command("why-not")
# A path, opened only once the options are known good: a file opened before a usage
# error is left for the garbage collector to close.
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--therapy", required=True, type=click.Choice(THERAPIES), help="The therapy asked about."
)
@click.option(
    "--rules",
    "rules_dir",
    type=RULES_DIR,
    help="Rules directory (default: $ADVISOR_RULES_DIR, else the shipped rules).",
)
@click.pass_context
def why_not_command(ctx: click.Context, file: str, therapy: str, rules_dir: Path | None) -> None:
    """Say why THERAPY was not the first step for the answers in FILE, and what would change it.

    FILE (or - for standard input) holds one {"answers": {...}} object, as
    `advisor assess` takes. The report lists every rule that would suggest the
    therapy with the conditions that failed, the rules (or the safety floor)
    that blocked it or came first, and the fewest answers to change for a
    different first step. Invalid answers are listed and exit with status 1.
    """
    ruleset = load_rules(rules_dir)
    with click.open_file(file, "rb") as stream:
        raw = read_answers(stream)
    try:
        report = why_not(raw, ruleset, therapy)  # type: ignore[arg-type]
    except AnswersInvalid as exc:
        for error in exc.errors:
            click.echo(f"Error: {error.field}: {error.message}", err=True)
        ctx.exit(1)
    echo_why_not(report)
