"""``advisor rules``: the therapists' commands to check, test and start rule files."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

import advisor
from advisor import problems
from advisor.cli.errors import ProblemsFound, echo_problems
from advisor.exceptions import RuleSetInvalid
from advisor.ruleset import CASES_DIR, RuleSet, check_ruleset, default_rules_dir, load_ruleset
from advisor.ruleset.cases import case_files, load_cases, run_case, uncovered_rules
from advisor.ruleset.gate import GATES, Verdict, admit
from advisor.ruleset.in_use import RECORD_NAME, InUse, read_in_use
from advisor.shipped import copy_default_rules

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
        click.echo(
            f"{len(result.ruleset.specs)} rules, version {result.ruleset.info.version}, "
            f"digest {result.ruleset.info.digest[:12]}."
        )
    if verdict.errors:
        ctx.exit(1)


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
    return read_in_use(_instance_folder() / RECORD_NAME, directory)


def _instance_folder() -> Path:
    """Return the app's instance folder as Flask finds it, without importing Flask (it is slow).

    ``$ADVISOR_INSTANCE_PATH``, else ``instance/`` beside a checkout's package, else
    ``var/advisor-instance`` under the environment's prefix for an installed wheel.
    """
    configured = os.environ.get("ADVISOR_INSTANCE_PATH")
    if configured:
        return Path(configured)
    package = Path(advisor.__file__).resolve().parent
    prefix = Path(sys.prefix).resolve()
    if package.is_relative_to(prefix) and "site-packages" in package.parts:
        return prefix / "var" / "advisor-instance"
    return package.parent / "instance"


@rules.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.option("-q", "--quiet", is_flag=True, help="Print only failing cases and the summary.")
@click.pass_context
def test(ctx: click.Context, directory: Path | None, quiet: bool) -> None:
    """Run the example cases in DIRECTORY/cases/ and print PASS or FAIL for each.

    A failing case shows what differed from what it expects. Exit status 1 if
    any case fails or a case file is broken.
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
        ctx.exit(1)


@rules.command()
@click.argument("directory", type=RULES_DIR)
def init(directory: Path) -> None:
    """Copy the shipped rules (rule files, ruleset.toml, cases/) into DIRECTORY to start from.

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
        f"the example cases in {CASES_DIR}/ included.\n"
        f"Use them:   export ADVISOR_RULES_DIR={shlex.quote(str(directory.resolve()))}\n"
        f"Check them: advisor rules check {shlex.quote(shown)}"
    )
