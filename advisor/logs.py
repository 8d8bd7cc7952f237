"""Logging for the app, set up explicitly (experta's import-time basicConfig is fenced off).

Nothing a patient answers is ever logged: request bodies are not logged, and
no page carries answers in its URL.
"""

from __future__ import annotations

import logging

from flask import Flask

__all__ = ["init_app"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    """Send advisor's own log records to standard error once, at INFO and above."""
    logger = logging.getLogger("advisor")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.logger.setLevel(logging.INFO)
