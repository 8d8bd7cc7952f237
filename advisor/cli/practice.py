"""``advisor practice``: check the practice profile before a server starts on it."""

from __future__ import annotations

from pathlib import Path

import click

from advisor.cli.errors import ProblemsFound, echo_problems
from advisor.practice import PROFILE_NAME, profile_path, read_practice
from advisor.problems import display_path
from advisor.shipped import instance_folder

__all__ = ["practice"]


@click.group()
def practice() -> None:
    """Check the practice profile (practice.toml): name, phone, hours, prices."""


@practice.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def check(path: Path | None) -> None:
    """Check the practice profile at PATH and print each problem with its file and line.

    The default is $ADVISOR_PRACTICE if set, else practice.toml in the instance
    folder: the file the server reads when it starts. Exit status 1 if the profile
    has an error, or is missing.
    """
    path = path or profile_path(instance_folder())[0]
    shown = display_path(path)
    if not path.is_file():
        raise click.ClickException(
            f"there is no practice profile at {shown}. Copy examples/{PROFILE_NAME} "
            "there (or set ADVISOR_PRACTICE to its path) and fill in your practice's details."
        )
    checked = read_practice(path)
    practice = checked.practice
    if practice is None:
        raise ProblemsFound(
            checked.problems, f"the practice profile {shown} cannot be used; fix the errors above."
        )
    echo_problems(checked.problems)
    warnings = len(checked.problems)
    click.echo(
        f"{shown}: the practice profile is valid"
        f"{f' ({warnings} warning' + ('s' if warnings != 1 else '') + ')' if warnings else ''}: "
        f"{practice.name}, {practice.phone}, time zone {practice.timezone_name}."
    )
