"""The storage commands end to end: `advisor screenings purge`, `advisor users …`, `advisor db …`."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select, update

from advisor.assessment import assess
from advisor.extensions import current_ruleset
from advisor.storage import db, schema, screenings, users
from advisor.storage.models import ROLES, AuditEntry, Note, Screening, User, utcnow
from advisor.storage.passwords import COMMON, LIKE_EMAIL, TOO_FEW_CHARACTERS
from tests.conftest import UNREACHABLE
from tests.databases import count
from tests.personas import BFR_CANDIDATE
from tests.rules_under_test import copy_questions
from tests.storage.conftest import advisor_runner

PASSWORD = "correct horse battery"


def stored_days_ago(days: int, note_by: User | None = None) -> int:
    """Store a screening dated ``days`` ago (with a note if ``note_by``); return its id."""
    response = assess(BFR_CANDIDATE, current_ruleset())
    screening = screenings.store(response, BFR_CANDIDATE)
    when = utcnow() - datetime.timedelta(days=days)
    db.session.execute(
        update(Screening).where(Screening.id == screening.id).values(created_at=when)
    )
    db.session.commit()
    if note_by is not None:
        screenings.add_note(screening, "Called, no answer.", note_by)
    return screening.id


def test_purge_deletes_old_screenings_and_their_notes_and_keeps_new_ones(db_app, advisor_command):
    """`purge --older-than 30` removes what is older, with its notes, and leaves an audit entry."""
    with db_app.app_context():
        staff = users.add_user("intake@example.com", "intake", PASSWORD)
        old = [stored_days_ago(400, note_by=staff), stored_days_ago(31, note_by=staff)]
        new = [stored_days_ago(29, note_by=staff), stored_days_ago(0)]

    ran = advisor_command("screenings", "purge", "--older-than", "30")

    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == "Deleted 2 screenings older than 30 days.\n"
    with db_app.app_context():
        assert sorted(db.session.scalars(select(Screening.id))) == sorted(new)
        assert db.session.scalars(select(Note.screening_id)).all() == [new[0]]
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "screenings_purged")
        ).one()
        assert entry.actor == "command line"
        assert entry.detail == {"older_than_days": 30, "deleted": 2}
        assert not set(old) & set(db.session.scalars(select(Screening.id)))


def test_purge_with_nothing_old_deletes_nothing_and_still_leaves_an_entry(db_app, advisor_command):
    """A purge that finds nothing says so, and the trail shows it ran."""
    with db_app.app_context():
        stored_days_ago(1)

    ran = advisor_command("screenings", "purge", "--older-than", "30")

    assert ran.exit_code == 0
    assert ran.stdout == "Deleted 0 screenings older than 30 days.\n"
    assert count(db_app) == 1
    assert count(db_app, AuditEntry) == 2


def test_purge_refuses_a_negative_number_of_days(advisor_command):
    """Days must be 0 or more: a usage error (exit 2) that names the option."""
    ran = advisor_command("screenings", "purge", "--older-than", "-1")

    assert ran.exit_code == 2
    assert "Invalid value for '--older-than'" in ran.stderr


def test_users_add_list_disable_and_set_password(db_app, advisor_command):
    """A staff account is added, listed, disabled, and enabled again by a new password."""
    env = {"ADVISOR_PASSWORD": PASSWORD}

    added = advisor_command("users", "add", "Ann@Example.com ", "--role", "therapist", env=env)
    listed = advisor_command("users", "list")
    disabled = advisor_command("users", "disable", "ann@example.com")
    listed_disabled = advisor_command("users", "list")
    reset = advisor_command(
        "users", "set-password", "ann@example.com", env={"ADVISOR_PASSWORD": PASSWORD + "!"}
    )

    assert (added.exit_code, added.stdout) == (0, "Added ann@example.com (therapist).\n")
    assert listed.stdout.split() == ["ann@example.com", "therapist", "active"]
    assert (disabled.exit_code, disabled.stdout) == (0, "Disabled ann@example.com.\n")
    assert listed_disabled.stdout.split() == ["ann@example.com", "therapist", "disabled"]
    assert (reset.exit_code, reset.stdout) == (0, "Password set for ann@example.com.\n")
    with db_app.app_context():
        assert users.authenticate("ann@example.com", PASSWORD + "!") is not None
        assert users.authenticate("ann@example.com", PASSWORD) is None


def test_account_changes_are_in_the_audit_trail_without_the_password(db_app, advisor_command):
    """Adding, disabling and setting a password each leave an entry by "command line"."""
    env = {"ADVISOR_PASSWORD": PASSWORD}
    advisor_command("users", "add", "ann@example.com", "--role", "admin", env=env)
    advisor_command("users", "disable", "ann@example.com")
    advisor_command("users", "set-password", "ann@example.com", env=env)

    with db_app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        trail = [(e.action, e.actor, e.detail) for e in entries]
    account = {"account": "ann@example.com", "role": "admin"}
    assert trail == [
        ("account_added", "command line", account),
        ("account_disabled", "command line", account),
        ("password_set", "command line", account),
    ]
    assert PASSWORD not in repr(trail)


def test_users_list_with_no_accounts_says_how_to_add_one(advisor_command):
    """An empty list explains the next step."""
    ran = advisor_command("users", "list")

    assert ran.exit_code == 0
    assert "advisor users add EMAIL --role admin" in ran.stdout


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ("users", "add", "bob@example.com", "--role", "intake"),
            "short",
            "Error: the password needs at least 12 characters.\n",
        ),
        (
            ("users", "add", "ann@example.com", "--role", "admin"),
            PASSWORD,
            "Error: there is already an account for ann@example.com.\n",
        ),
        (
            ("users", "add", "not-an-email", "--role", "admin"),
            PASSWORD,
            "Error: 'not-an-email' is not an email address.\n",
        ),
        (
            ("users", "disable", "nobody@example.com"),
            None,
            "Error: there is no account for nobody@example.com.\n",
        ),
        (
            ("users", "set-password", "nobody@example.com"),
            PASSWORD,
            "Error: there is no account for nobody@example.com.\n",
        ),
        (
            ("users", "set-password", "ann@example.com"),
            "short",
            "Error: the password needs at least 12 characters.\n",
        ),
        (
            ("users", "add", "bob@example.com", "--role", "intake"),
            "qwerty123456",
            f"Error: {COMMON}\n",
        ),
        (
            ("users", "set-password", "ann@example.com"),
            "Password2026!",
            f"Error: {COMMON}\n",
        ),
        (
            ("users", "add", "bob.lee@example.com", "--role", "intake"),
            "bob.lee@example.com",
            f"Error: {LIKE_EMAIL}\n",
        ),
        (
            ("users", "set-password", "ann@example.com"),
            "ANN@EXAMPLE.COM!",
            f"Error: {LIKE_EMAIL}\n",
        ),
        (
            ("users", "add", "robertlee@example.com", "--role", "intake"),
            "Robert.Lee-1990",
            f"Error: {LIKE_EMAIL}\n",
        ),
        (
            ("users", "add", "bob@example.com", "--role", "intake"),
            "aaaaaaaaaaaa",
            f"Error: {TOO_FEW_CHARACTERS}\n",
        ),
        (
            ("users", "set-password", "ann@example.com"),
            "xo-xo-xo-xo-xo",
            f"Error: {TOO_FEW_CHARACTERS}\n",
        ),
    ],
    ids=[
        "short-password",
        "duplicate",
        "bad-email",
        "disable-unknown",
        "set-password-unknown",
        "set-password-short",
        "common-password",
        "set-password-common-with-a-year",
        "password-is-the-email",
        "set-password-email-in-capitals",
        "password-is-the-name-with-a-year",
        "one-character-repeated",
        "set-password-few-characters",
    ],
)
def test_users_errors_say_what_is_wrong_and_exit_1(
    db_app, advisor_command, args, password, message
):
    """Each refused account command prints one `Error:` line on stderr, exits 1, no traceback."""
    with db_app.app_context():
        users.add_user("ann@example.com", "admin", PASSWORD)

    ran = advisor_command(*args, env={"ADVISOR_PASSWORD": password})

    assert ran.exit_code == 1
    assert ran.stderr == message
    assert ran.stdout == ""


def test_users_add_with_an_unknown_role_is_a_usage_error(advisor_command):
    """A role that does not exist is refused by click (exit 2), listing the roles."""
    ran = advisor_command(
        "users", "add", "bob@example.com", "--role", "boss", env={"ADVISOR_PASSWORD": PASSWORD}
    )

    assert ran.exit_code == 2
    assert "'boss' is not one of 'intake', 'therapist', 'admin'" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.fixture
def empty_database(database_kind, tmp_path, monkeypatch):
    """An empty database (a zero-byte SQLite file, or a new PostgreSQL database); yield its URL."""
    from tests.databases import postgres_database

    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
    if database_kind == "sqlite":
        (instance / "advisor.db").touch()
        yield None
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture
def command_on(empty_database, monkeypatch):
    """Like advisor_command, on the empty database (not db_app: its database is migrated)."""
    with advisor_runner(monkeypatch, {"DATABASE_URL": empty_database}) as run:
        yield run


def test_db_upgrade_creates_the_schema_on_an_empty_database_and_status_agrees(command_on):
    """`db status` says out of date (exit 1); `db upgrade` migrates; then status is current."""
    head = schema.head_revision()

    before = command_on("db", "status")
    upgraded = command_on("db", "upgrade")
    again = command_on("db", "upgrade")
    after = command_on("db", "status")

    assert before.exit_code == 1
    assert before.stdout == f"database revision: none (empty); this version needs: {head}\n"
    assert before.stderr == "Error: the schema is out of date; run `advisor db upgrade`.\n"
    assert (upgraded.exit_code, upgraded.stdout) == (
        0,
        f"The database schema is now at revision {head} (was empty).\n",
    )
    assert again.stdout == f"The database schema is up to date (revision {head}).\n"
    assert (after.exit_code, after.stdout) == (
        0,
        f"database revision: {head}; this version needs: {head}\n",
    )


def test_users_add_offers_exactly_the_roles_of_the_model(runner):
    """The --role choices are storage.models.ROLES, the one list of roles."""
    from advisor.cli import cli

    result = runner.invoke(cli, ["users", "add", "--help"])

    assert result.exit_code == 0
    assert f"--role [{'|'.join(ROLES)}]" in result.stdout


@pytest.mark.parametrize("kind", list(UNREACHABLE))
def test_a_database_that_cannot_be_reached_is_one_error_line(kind, tmp_path, monkeypatch):
    """A command on an unreachable database says so on one `Error:` line, exit 1, no traceback."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path))
    with advisor_runner(monkeypatch, {"DATABASE_URL": UNREACHABLE[kind]}) as run:
        ran = run("users", "list")

    assert ran.exit_code == 1
    assert ran.stderr.startswith("Error: cannot reach the database: ")
    assert ran.stderr.count("\n") == 1
    assert ran.stdout == ""


def test_broken_rules_stop_a_database_command_with_every_problem_listed(command_on, tmp_path):
    """The app cannot start on broken rules: each problem, then one `Error:` line, exit 1."""
    broken = tmp_path / "broken-rules"
    broken.mkdir()
    copy_questions(broken)
    (broken / "ruleset.toml").write_text('version = "2026.11.1"\n')
    (broken / "bad.toml").write_text("[[rule]]\nid = \n")

    ran = command_on("db", "status", env={"ADVISOR_RULES_DIR": str(broken)})

    problem, error = ran.stderr.splitlines()
    assert ran.exit_code == 1
    assert f"{broken / 'bad.toml'}:2:6: error [toml-syntax] " in problem
    assert (
        error == "Error: the rule files cannot be used; fix the errors above (advisor rules check)."
    )
    assert ran.stdout == ""
