"""The real app served to a browser: on a SQLite file of its own, from a thread, with a way in.

The browser tests' own app (``conftest``), the app with a practice profile
(``practice_site``) and the screenshot script (``screenshots``) all start the app the
same way; this module is that way, written once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from advisor import create_app

__all__ = ["answers_cookie", "app_on_sqlite", "serving"]


@contextmanager
def app_on_sqlite(
    folder: Path,
    settings: Mapping[str, object],
    prepare: Callable[[], None] | None = None,
) -> Iterator[Flask]:
    """Yield the app with ``settings``, on a migrated SQLite file in ``folder``.

    :param prepare: called once in the app's context after the migration (to store rows).
    """
    from advisor.storage import db, schema

    app = create_app({**settings, "DATABASE_URL": f"sqlite:///{folder / 'advisor.db'}"})
    with app.app_context():
        schema.upgrade()
        if prepare is not None:
            prepare()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` from a thread on a free loopback port; yield its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def answers_cookie(app: Flask, url: str) -> Callable[[Mapping[str, object]], dict]:
    """Return a maker: answers → the signed session cookie holding them, for ``add_cookies``.

    It lets a test open a page deep in the questionnaire without walking to it (the
    journeys are tested on their own).
    """
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]

    def make(answers: Mapping[str, object]) -> dict:
        return {
            "name": app.config["SESSION_COOKIE_NAME"],
            "value": serializer.dumps({"answers": dict(answers)}),
            "url": url,
        }

    return make
