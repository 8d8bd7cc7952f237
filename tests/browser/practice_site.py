"""The app with a practice profile, served for the browser tests, beside the one without.

A test module that runs its tests on both declares two small fixtures: one serving
``served_with_profile`` for the module, and ``site`` choosing between it and the browser
tests' own app (``conftest.live_server``, no profile) as a ``Site``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from advisor import create_app

EXAMPLE_PROFILE = Path(__file__).parents[2] / "examples" / "practice.toml"


@dataclass(frozen=True)
class Site:
    """One served app: its URL, and a maker of the session cookie holding some answers."""

    url: str
    cookie: Callable[[Mapping[str, object]], dict]
    practice: bool


def _cookie_maker(app: Flask, url: str) -> Callable[[Mapping[str, object]], dict]:
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]

    def make(answers: Mapping[str, object]) -> dict:
        return {
            "name": app.config["SESSION_COOKIE_NAME"],
            "value": serializer.dumps({"answers": dict(answers)}),
            "url": url,
        }

    return make


@contextmanager
def served_with_profile(folder: Path, profile: Path = EXAMPLE_PROFILE) -> Iterator[Site]:
    """Serve the real app (CSRF on) with ``profile``, on a migrated SQLite file in ``folder``."""
    from advisor.storage import db, schema

    app = create_app(
        {
            "SECRET_KEY": "browser-tests-practice",
            "WTF_CSRF_ENABLED": True,
            "DATABASE_URL": f"sqlite:///{folder / 'advisor.db'}",
            "PRACTICE_PROFILE": str(profile),
        }
    )
    with app.app_context():
        schema.upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield Site(url, _cookie_maker(app, url), practice=True)
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()
