"""``advisor db``: create or migrate the database schema (for whoever deploys advisor)."""

from __future__ import annotations

import click

from advisor.cli.app import AppCommands
from advisor.storage import schema

__all__ = ["db"]


@click.group(cls=AppCommands)
def db() -> None:
    """Create or migrate the database schema (SQLite by default, or $DATABASE_URL)."""


@db.command()
def upgrade() -> None:
    """Create the schema, or migrate it to this version. Safe to run again."""
    before, after = schema.upgrade()
    if before == after:
        click.echo(f"The database schema is up to date (revision {after}).")
    else:
        click.echo(f"The database schema is now at revision {after} (was {before or 'empty'}).")


@db.command()
def status() -> None:
    """Say whether the schema is up to date; exit 1 if it is not."""
    current, head = schema.current_revision(), schema.head_revision()
    click.echo(f"database revision: {current or 'none (empty)'}; this version needs: {head}")
    if current != head:
        raise click.ClickException("the schema is out of date; run `advisor db upgrade`.")
