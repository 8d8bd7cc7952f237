"""The stylesheets, minified once at start and served with a fingerprint for caching.

Every page's HTML and CSS together must stay under 30 KB (a phone on a slow line), so
the files under ``static/`` keep their comments, which say why a rule is there, and
the browser gets them without: ``rcssmin`` strips comments and spaces when the app
starts, never per request. ``/static/<name>.css`` answers with the minified bytes,
an ETag of their digest, and a short cache time (a deploy changes them).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import rcssmin
from flask import Flask, Response, abort, current_app, request

__all__ = ["init_app", "minified"]

_KEY = "advisor.stylesheets"


def init_app(app: Flask) -> None:
    """Minify every stylesheet of ``app.static_folder`` and serve the results in their place."""
    folder = Path(app.static_folder or "")
    app.extensions[_KEY] = {
        path.name: rcssmin.cssmin(path.read_text(encoding="utf-8")).encode()
        for path in sorted(folder.glob("*.css"))
    }
    # More specific than Flask's own /static/<path:filename>, so it is matched first.
    app.add_url_rule("/static/<name>.css", "stylesheet", _serve)


def minified(name: str, app: Flask | None = None) -> bytes:
    """Return the minified bytes of the stylesheet ``name`` (``advisor.css``)."""
    return (app or current_app).extensions[_KEY][name]


def _serve(name: str) -> Response:
    body = current_app.extensions[_KEY].get(f"{name}.css")
    if body is None:
        abort(404)
    response = Response(body, mimetype="text/css")
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    response.cache_control.public = True
    response.cache_control.max_age = 60 * 60
    return response.make_conditional(request)
