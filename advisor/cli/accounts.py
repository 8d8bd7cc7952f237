"""``advisor users``: staff accounts, for the clinic's admin.

The roles offered are ``advisor.storage.models.ROLES``, the one list of them.
"""

from __future__ import annotations

import os

import click

from advisor.cli.app import AppCommands
from advisor.storage.models import ROLES
from advisor.storage.users import (
    add_user,
    disable_user,
    find_user,
    list_users,
    normalise_email,
    set_password,
)

__all__ = ["users"]


@click.group(cls=AppCommands, help=f"Manage staff accounts (roles: {', '.join(ROLES)}).")
def users() -> None:
    pass


@users.command()
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
def add(email: str, role: str) -> None:
    """Add a staff account; the password is asked for (or read from $ADVISOR_PASSWORD)."""
    if find_user(email) is not None:
        raise click.ClickException(f"there is already an account for {normalise_email(email)}.")
    user = add_user(email, role, _password(email))
    click.echo(f"Added {user.email} ({user.role}).")


@users.command("list")
def list_command() -> None:
    """List every staff account."""
    accounts = list_users()
    for user in accounts:
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email:<40} {user.role:<10} {state}")
    if not accounts:
        click.echo("No staff accounts yet: add one with `advisor users add EMAIL --role admin`.")


@users.command()
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    click.echo(f"Disabled {disable_user(email).email}.")


@users.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set a new password (asked for, or $ADVISOR_PASSWORD); the account's sessions end."""
    click.echo(f"Password set for {set_password(email, _password(email)).email}.")


def _password(email: str) -> str:
    """Return the password from $ADVISOR_PASSWORD (for scripts), or ask for it twice."""
    given = os.environ.get("ADVISOR_PASSWORD")
    if given:
        return given
    return click.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)
