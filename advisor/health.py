"""``GET /healthz``: is this worker up, and which rule set does it serve?"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify

from advisor.extensions import live_rules

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Answer 200 while the worker can assess, with the rule set in use and any refused edit."""
    rules = live_rules()
    rules.current()
    return jsonify({"status": "ok", "ruleset": rules.status()})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
