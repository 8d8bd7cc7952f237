"""The app with a practice profile, served for the browser tests, beside the one without.

A test module that runs its tests on both declares two small fixtures: one serving
``served_with_profile`` for the module, and ``site`` choosing between it and the browser
tests' own app (``conftest.live_server``, no profile) as a ``Site``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.serving import answers_cookie, app_on_sqlite, serving

EXAMPLE_PROFILE = Path(__file__).parents[2] / "examples" / "practice.toml"


@dataclass(frozen=True)
class Site:
    """One served app: its URL, and a maker of the session cookie holding some answers."""

    url: str
    cookie: Callable[[Mapping[str, object]], dict]
    practice: bool


@contextmanager
def served_with_profile(folder: Path, profile: Path = EXAMPLE_PROFILE) -> Iterator[Site]:
    """Serve the real app (CSRF on) with ``profile``, on a migrated SQLite file in ``folder``."""
    settings = {
        "SECRET_KEY": "browser-tests-practice",
        "WTF_CSRF_ENABLED": True,
        "PRACTICE_PROFILE": str(profile),
    }
    with app_on_sqlite(folder, settings) as app, serving(app) as url:
        yield Site(url, answers_cookie(app, url), practice=True)
