"""create_app: configuration from defaults, the instance folder, the environment and tests."""

from __future__ import annotations

import stat

import pytest

from advisor import create_app
from advisor.exceptions import RuleSetInvalid


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    """Every app in these tests gets its own instance folder and no SECRET_KEY from outside."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ADVISOR_RULES_DIR", raising=False)
    return folder


def test_test_config_overrides_everything():
    """The factory takes test settings last (flaskr's test_config)."""
    assert create_app({"TESTING": True}).testing
    assert not create_app().testing


def test_instance_path_comes_from_the_environment(instance):
    """ADVISOR_INSTANCE_PATH moves the instance folder, which is created."""
    app = create_app()

    assert app.instance_path == str(instance)
    assert instance.is_dir()


def test_secret_is_generated_once_and_kept_private(instance):
    """Without SECRET_KEY a random key is made once, kept in the instance folder, mode 600."""
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]

    assert first == second
    assert len(first) == 64
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600


def test_secret_key_from_the_environment_wins(monkeypatch):
    """SECRET_KEY in the environment is used as it is."""
    monkeypatch.setenv("SECRET_KEY", "from-env")

    assert create_app().config["SECRET_KEY"] == "from-env"


def test_instance_config_file_is_read(instance):
    """instance/config.py can set any option."""
    instance.mkdir()
    (instance / "config.py").write_text("RULES_CHECK_INTERVAL = 7.5\n")

    assert create_app().config["RULES_CHECK_INTERVAL"] == 7.5


def test_rules_dir_from_the_environment(monkeypatch, write_rules):
    """ADVISOR_RULES_DIR chooses the rules; the app serves that rule set."""
    directory = write_rules(
        bfr="""\
            [[rule]]
            id = "bfr-x"
            title = "T"
            because = "B"
            suggest = "bfr"
            """
    )
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(directory))

    health = create_app().test_client().get("/healthz").get_json()

    assert health["ruleset"]["version"] == "test"
    assert health["ruleset"]["rules"] == 1


def test_broken_rules_stop_the_app_from_starting(monkeypatch, write_rules):
    """An app never starts on rules it cannot use."""
    monkeypatch.setenv(
        "ADVISOR_RULES_DIR",
        str(
            write_rules(
                bad="""\
        [[rule]]
        id = 3
        """
            )
        ),
    )

    with pytest.raises(RuleSetInvalid):
        create_app()


def test_healthz_answers_200_with_the_rule_set(default_ruleset):
    """GET /healthz is 200 and names the rule set in use."""
    response = create_app().test_client().get("/healthz")

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert len(body["ruleset"]["digest"]) == 64
    assert body["ruleset"]["rules"] == len(default_ruleset.specs)


def test_session_cookie_settings():
    """Session cookies are HttpOnly and SameSite=Lax; Secure can be switched on."""
    config = create_app().config

    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secure_cookies_from_the_environment(monkeypatch):
    """ADVISOR_SECURE_COOKIES=1 marks cookies Secure (behind HTTPS)."""
    monkeypatch.setenv("ADVISOR_SECURE_COOKIES", "1")

    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_hsts_is_sent_only_when_cookies_are_secure(monkeypatch):
    """Secure cookies mean HTTPS: then browsers are told never to use plain HTTP."""
    plain = create_app().test_client().get("/healthz")
    monkeypatch.setenv("ADVISOR_SECURE_COOKIES", "1")
    secure = create_app().test_client().get("/healthz")

    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"] == "max-age=63072000"


def test_the_instance_folder_and_its_database_are_the_owners_alone(instance):
    """The folder with the secret key and the SQLite file (and its -wal, -shm) is 700, the files 600."""
    app = create_app()
    with app.app_context():
        from advisor.storage import db, schema

        schema.upgrade()
        db.engine.dispose()

    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    files = [instance / name for name in ("advisor.db", "advisor.db-wal", "advisor.db-shm")]
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in files if path.exists()} == {
        path.name: 0o600 for path in files if path.exists()
    }
    assert (instance / "advisor.db").exists()


def test_a_database_file_left_readable_by_others_is_made_private(instance):
    instance.mkdir(mode=0o700)
    database = instance / "advisor.db"
    database.touch(mode=0o644)
    database.chmod(0o644)

    create_app()

    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_flask_command_finds_the_app():
    """`flask --app advisor` works for development (routes lists the app's pages and API)."""
    import subprocess
    import sys
    from pathlib import Path

    flask = str(Path(sys.executable).with_name("flask"))

    done = subprocess.run(
        [flask, "--app", "advisor", "routes"], capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert "/api/v1/assessments" in done.stdout
    assert "/healthz" in done.stdout


def _address_seen(app) -> str:
    @app.get("/_address")
    def address() -> str:
        from flask import request

        return str(request.remote_addr)

    return (
        app.test_client()
        .get(
            "/_address",
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
            headers={"X-Forwarded-For": "203.0.113.7"},
        )
        .get_data(as_text=True)
    )


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(monkeypatch):
    """A client cannot pick its own address (and dodge the per-address sign-in limit)."""
    assert _address_seen(create_app({"TESTING": True})) == "10.0.0.2"

    monkeypatch.setenv("ADVISOR_TRUSTED_PROXIES", "1")

    assert _address_seen(create_app({"TESTING": True})) == "203.0.113.7"


def test_a_trusted_proxies_setting_that_is_not_a_number_is_named(monkeypatch):
    """A bad ADVISOR_TRUSTED_PROXIES stops the start with a message naming it."""
    from advisor.exceptions import ConfigurationError

    monkeypatch.setenv("ADVISOR_TRUSTED_PROXIES", "yes")

    with pytest.raises(ConfigurationError, match="ADVISOR_TRUSTED_PROXIES must be a whole number"):
        create_app()
