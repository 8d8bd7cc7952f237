"""``advisor screenings``: stored screenings, for the clinic's admin (patients' data)."""

from __future__ import annotations

import click

from advisor.cli.app import AppCommands
from advisor.storage.screenings import purge as purge_screenings

__all__ = ["screenings"]


@click.group(cls=AppCommands)
def screenings() -> None:
    """Stored screenings."""


@screenings.command()
@click.option(
    "--older-than",
    "days",
    required=True,
    type=click.IntRange(min=0),
    help="Delete screenings created more than this many days ago.",
)
def purge(days: int) -> None:
    """Delete old screenings and their personal details, leaving an audit entry."""
    count = purge_screenings(days, actor="command line")
    click.echo(f"Deleted {count} screening{'s' if count != 1 else ''} older than {days} days.")
