"""Apps for the language tests: with and without a practice profile, and one in a pseudo-language.

The pseudo-language is Esperanto ("eo"): a real locale Babel knows, that nobody ships.
Its catalogue is written into a folder of the test run from the sources themselves
(``tests/language/catalogue.py``), and the app reads it beside ``advisor/translations``;
its rules are a copy of the rules under test with a pseudo translation file
(``tests/language/rules.py``), so the therapists' texts are in it too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from advisor import create_app
from tests.language.catalogue import TRANSLATIONS, write_pseudo_catalogue
from tests.language.rules import write_pseudo_rules
from tests.rules_under_test import ruleset_under_test

PSEUDO = "eo"

#: A profile that says everything a profile can, so every sentence built on it is shown.
PROFILE = """\
name = "Riverside Physical Therapy"
phone = "(312) 555-0100"
timezone = "America/Chicago"
email = "desk@riverside.example"
address = ["12 River Road", "Springfield, IL 62701"]
hours = ["Monday to Friday, 8 am to 6 pm", "Saturday, 9 am to noon"]
privacy_text = \"\"\"We keep your details safe.

Ask us to see them at any time.\"\"\"
callback = "within one working day"
insurance = ["medicare", "private"]

[therapies.bfr]
session_minutes = 45
how_often = "2 or 3 times a week"
typical_sessions = "8 to 12"
self_pay_price = 95

[therapies.nmt]
session_minutes = 60
"""


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app here gets its own instance folder, away from the checkout."""
    monkeypatch.setenv("ADVISOR_INSTANCE_PATH", str(tmp_path / "instance"))


@pytest.fixture(scope="session")
def pseudo_translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the pseudo-language's catalogue: every message in accented look-alikes."""
    folder = tmp_path_factory.mktemp("pseudo-translations")
    write_pseudo_catalogue(folder, PSEUDO)
    return folder


@pytest.fixture(scope="session")
def pseudo_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rules under test, with every therapist's text translated into the pseudo-language."""
    folder = tmp_path_factory.mktemp("pseudo-rules") / "rules"
    write_pseudo_rules(folder, PSEUDO, ruleset_under_test())
    return folder


@pytest.fixture
def make_app(tmp_path: Path, pseudo_translations: Path, pseudo_rules: Path) -> Callable[..., Flask]:
    """Return a maker: ``make_app(profile=True, csrf=False)`` → an app that also speaks "eo"."""

    def make(
        *,
        profile: bool = True,
        csrf: bool = False,
        languages: tuple[str, ...] = ("en", "es", PSEUDO),
    ) -> Flask:
        config: dict[str, object] = {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": csrf,
            "LANGUAGES": languages,
            "BABEL_TRANSLATION_DIRECTORIES": f"{TRANSLATIONS};{pseudo_translations}",
            "RULES_DIR": str(pseudo_rules),
        }
        if profile:
            path = tmp_path / "practice.toml"
            path.write_text(textwrap.dedent(PROFILE), encoding="utf-8")
            config["PRACTICE_PROFILE"] = str(path)
        return create_app(config)

    return make
