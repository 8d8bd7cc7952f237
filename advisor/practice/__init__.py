"""The practice profile: who the practice is, how patients reach it, what it charges.

=============  ==========================================================
module         what it holds
=============  ==========================================================
``profile``    ``Practice`` and ``TherapyOffer``: the checked profile as data
``reading``    ``read_practice``: read ``practice.toml``, every problem with file:line
``pages``      bp ``practice``: the logo, served from beside the profile
=============  ==========================================================

The profile is ``practice.toml`` in the instance folder, or the file named by
``ADVISOR_PRACTICE``. It is read once when the app starts, like the rule files: a
profile with an error stops the start and names each problem. With no profile the
app still starts; staff pages then say "practice details not set", and patients see
a neutral header, never a made-up phone number.

The profile's own words (when it calls back, its hours...) may be given in each
language the pages speak; the practice as each language shows it is made once, at
the start, and ``current_practice()`` gives the one of the page being made. A text
missing in a language is a warning, logged at the start; its pages show the English.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, current_app, has_request_context

from advisor.exceptions import ConfigurationError, PracticeInvalid
from advisor.language import DEFAULT_LANGUAGE, LANGUAGES, current_language
from advisor.practice.profile import OfferTranslation, Practice, TherapyOffer, Translation
from advisor.practice.reading import Checked, read_practice

__all__ = [
    "PROFILE_NAME",
    "Checked",
    "OfferTranslation",
    "Practice",
    "TherapyOffer",
    "Translation",
    "current_practice",
    "init_app",
    "profile_path",
    "read_practice",
]

#: The profile's file name in the instance folder.
PROFILE_NAME = "practice.toml"

_KEY = "advisor.practice"

_log = logging.getLogger(__name__)


def profile_path(instance_path: str | Path) -> tuple[Path, bool]:
    """Return where the profile is, and whether it was named by ``ADVISOR_PRACTICE``."""
    named = os.environ.get("ADVISOR_PRACTICE", "").strip()
    if named:
        return Path(named), True
    return Path(instance_path) / PROFILE_NAME, False


def init_app(app: Flask) -> None:
    """Read the practice profile once for this app, and give every template ``practice``.

    The practice is made once in each language the app offers (``language.init_app``
    must run first), so no request translates it; each warning is logged once, here.

    :raises PracticeInvalid: if the profile has an error; the app does not start.
    :raises ConfigurationError: if ``ADVISOR_PRACTICE`` names a file that is not there.
    """
    from advisor.practice import pages

    path = Path(app.config.get("PRACTICE_PROFILE") or profile_path(app.instance_path)[0])
    named = bool(app.config.get("PRACTICE_PROFILE")) or profile_path(app.instance_path)[1]
    practice: Practice | None = None
    if path.is_file():
        checked = read_practice(path)
        if checked.practice is None:
            raise PracticeInvalid(checked.problems, str(path))
        practice = checked.practice
        for problem in checked.problems:
            _log.warning("practice profile: %s", problem.render())
    elif named:
        raise ConfigurationError(
            f"ADVISOR_PRACTICE names {path}, but there is no such file; "
            "copy examples/practice.toml there and fill it in"
        )
    app.extensions[_KEY] = (
        {
            code: practice.in_language(code)
            for code in (DEFAULT_LANGUAGE, *app.config.get("LANGUAGES", LANGUAGES))
        }
        if practice
        else {}
    )
    app.config["PRACTICE_PROFILE_PATH"] = str(path)
    app.register_blueprint(pages.bp)
    app.context_processor(lambda: {"practice": current_practice()})


def current_practice(language: str | None = None) -> Practice | None:
    """Return the current app's practice profile, or ``None`` when none is set.

    :param language: the language whose texts to give; by default the current page's
        (staff pages are English, so they get the profile as written).
    """
    by_language: dict[str, Practice] = current_app.extensions.get(_KEY) or {}
    if not by_language:
        return None
    if language is None:
        # A command's app context has no page, and so no language: the profile as written.
        language = current_language() if has_request_context() else DEFAULT_LANGUAGE
    return by_language.get(language) or by_language[DEFAULT_LANGUAGE]
