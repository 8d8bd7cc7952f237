"""Shared fixtures: the questionnaire, the default rule set (loaded once), inline rule sets, the CLI."""

from __future__ import annotations

import base64
import os
import shutil
import textwrap
import tomllib
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

import advisor  # noqa: F401  (makes experta importable before any test imports it)
from advisor.questionnaire import Questionnaire
from advisor.ruleset import RuleSet, load_ruleset
from tests.personas import BASE_ANSWERS
from tests.rules_under_test import RULES_DIR, copy_questions, questionnaire_under_test

# Safety properties run over thousands of generated answer sets by default, so the
# README's test command proves them; HYPOTHESIS_PROFILE=quick is for a fast edit loop.
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("quick", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "thorough"))

#: The version the shipped rules declare, as it is written in ruleset.toml (quotes included),
#: for tests that edit a copy of the rules.
SHIPPED_VERSION = '"' + tomllib.loads((RULES_DIR / "ruleset.toml").read_text())["version"] + '"'

MANIFEST = 'version = "test"\n'


@pytest.fixture(scope="session", autouse=True)
def instance_folder_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give the whole run an instance folder of its own, unless a test sets one.

    A server records the rule set it uses there (``ruleset-in-use.json``), and
    ``advisor rules check`` compares with it: a record left in the checkout's
    ``instance/`` by a development server must not change what the tests see.
    """
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("ADVISOR_INSTANCE_PATH"):
            folder = tmp_path_factory.mktemp("instance-of-the-run")
            patch.setenv("ADVISOR_INSTANCE_PATH", str(folder))
        yield


@pytest.fixture(scope="session", autouse=True)
def shipped_rules_checked_once() -> Iterator[None]:
    """Check and compile the shipped rules once per test run, for every app the tests make.

    Hundreds of tests each make an app, and each app checks the rules directory
    and builds an engine: the same work on the same unchanged files every time.
    Only the shipped folder is shared (tests that edit rules copy them elsewhere),
    and the result is the real ``check_ruleset``'s, so nothing is stood in for.
    """
    from advisor.ruleset import check_ruleset, live

    checked: dict[Path, object] = {}

    def check_once(directory, questionnaire=None, **options):
        shipped = Path(directory).resolve() == RULES_DIR.resolve()
        if not shipped or options or questionnaire not in (None, questionnaire_under_test()):
            return check_ruleset(directory, questionnaire, **options)
        if RULES_DIR not in checked:
            checked[RULES_DIR] = check_ruleset(directory, questionnaire)
        return checked[RULES_DIR]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live, "check_ruleset", check_once)
        yield


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return questionnaire_under_test()


@pytest.fixture(scope="session")
def default_ruleset() -> RuleSet:
    return load_ruleset(RULES_DIR)


@pytest.fixture
def answers() -> Callable[..., dict[str, object]]:
    """Return a builder: ``answers(age=70, conditions=["osteoarthritis"])`` over BASE_ANSWERS."""

    def build(**changes: object) -> dict[str, object]:
        return {**BASE_ANSWERS, **changes}

    return build


class Clock:
    """A clock the test moves by hand: it reads ``now`` seconds."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the rules under test, to edit."""
    return shutil.copytree(RULES_DIR, tmp_path / "rules")


@pytest.fixture
def write_rules(tmp_path: Path) -> Callable[..., Path]:
    """Return a writer: ``write_rules(bfr='''[[rule]]...''')`` → a rules directory.

    Each keyword is a file name (``.toml`` is added); the text is dedented.
    A ``ruleset.toml`` manifest is added unless one is given, and the questionnaire
    of the rules under test as ``questions.toml`` unless one is given: a rules
    directory holds its own questions.
    """

    def write(**files: str) -> Path:
        directory = tmp_path / "rules"
        directory.mkdir(exist_ok=True)
        files.setdefault("ruleset", MANIFEST)
        if "questions" not in files:
            copy_questions(directory)
        for name, text in files.items():
            (directory / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
        return directory

    return write


@pytest.fixture
def offline_syllables(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make textstat count syllables with Pyphen only (no CMU dictionary download)."""
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    _count_syllables.count_syllables.cache_clear()
    yield
    _count_syllables.count_syllables.cache_clear()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def cookie_text(app: Flask, client: FlaskClient) -> str:
    """Return what the browser's session cookie holds, as anyone who has the cookie can read it.

    The cookie is signed, not encrypted: its payload is base64 (zlib-compressed when that
    is shorter, marked by a leading dot) and readable without the key. The signature is
    checked first with the app's key, so the text is the app's own session.
    """
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    app.session_interface.get_signing_serializer(app).loads(cookie.value)  # type: ignore[attr-defined]
    compressed = cookie.value.startswith(".")
    payload = cookie.value.removeprefix(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if compressed else data).decode()


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Run a storage test once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        request.applymarker(pytest.mark.postgres)
    return request.param


#: The settings of the apps the storage and staff tests make (CSRF off for the test client).
APP_CONFIG = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}


@pytest.fixture(scope="session")
def migrated_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL database migrated once (with ``advisor db upgrade``'s own code), to copy.

    Each test's PostgreSQL database is a copy of it (``CREATE DATABASE … TEMPLATE``),
    which takes a fraction of running the migrations again; the migrations themselves
    are tested on empty databases in ``tests/storage``.
    """
    from advisor import create_app
    from advisor.storage import db, schema
    from tests.databases import postgres_database

    instance = tmp_path_factory.mktemp("template-instance")
    with postgres_database() as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ADVISOR_INSTANCE_PATH", str(instance))
            app = create_app({**APP_CONFIG, "DATABASE_URL": url})
            with app.app_context():
                schema.upgrade()
                db.session.remove()
                db.engine.dispose()  # a template may have no open connections when it is copied
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def app_settings() -> dict[str, object]:
    """More settings for ``db_app``'s app; a test module overrides this fixture to add some."""
    return {}


@pytest.fixture
def db_app(
    database_kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    app_settings: dict[str, object],
):
    """An app on a fresh, migrated database of ``database_kind``, CSRF off, in its instance folder."""
    from advisor import create_app
    from advisor.storage import db, schema
    from tests.databases import database

    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))
    template = (
        request.getfixturevalue("migrated_postgres") if database_kind == "postgresql" else None
    )
    with database(database_kind, tmp_path, template) as url:
        config = {**APP_CONFIG, **app_settings}
        if url:
            config["DATABASE_URL"] = url
        app = create_app(config)
        if template is None:
            with app.app_context():
                schema.upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


#: A database of each kind that cannot be reached: a folder that is not there, a closed port.
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder-for-advisor-tests/advisor.db",
    "postgresql": "postgresql://postgres@127.0.0.1:1/advisor",
}


@pytest.fixture(params=list(UNREACHABLE), ids=list(UNREACHABLE))
def down_app(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An app configured as ``db_app``'s, but whose database cannot be reached."""
    from advisor import create_app
    from advisor.storage import db

    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "down-instance"))
    app = create_app({**APP_CONFIG, "DATABASE_URL": UNREACHABLE[request.param]})
    yield app
    with app.app_context():
        db.engine.dispose()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under ADVISOR_FORBID_SKIPS=1 (set by .ci/run), any skipped test fails the run.

    On a developer's machine without PostgreSQL, its tests skip and say so; in CI,
    where every service is up, a skip would hide a gap.
    """
    if os.environ.get("ADVISOR_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        if reporter:
            reporter.write_line(
                f"ADVISOR_FORBID_SKIPS: {len(skipped)} test(s) skipped; CI requires every test to run.",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
