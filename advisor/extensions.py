"""The app's extensions: CSRF protection and the live rule set, each with ``init_app``."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from flask_wtf.csrf import CSRFProtect

from advisor.ruleset import RuleSet
from advisor.ruleset.in_use import RECORD_NAME
from advisor.ruleset.live import LiveRuleSet

__all__ = ["csrf", "current_ruleset", "init_rules", "live_rules"]

csrf = CSRFProtect()

_RULES = "advisor.rules"


def init_rules(app: Flask) -> None:
    """Load the rule set once for this app (and this worker) and keep it live.

    The rule set must pass the gate (``advisor.ruleset.gate``); the set that goes
    live is recorded in the instance folder, and a restart compares with it.

    :raises RuleSetInvalid: if the rules cannot be used; the app does not start.
    """
    # The rules directory's own questions.toml: it is checked and reloaded with the rules.
    app.extensions[_RULES] = LiveRuleSet(
        Path(app.config["RULES_DIR"]),
        interval=float(app.config["RULES_CHECK_INTERVAL"]),
        record=Path(app.instance_path) / RECORD_NAME,
    )


def live_rules(app: Flask | None = None) -> LiveRuleSet:
    """Return the live rule set of ``app`` (default: the current app)."""
    return (app or current_app).extensions[_RULES]


def current_ruleset() -> RuleSet:
    """Return the rule set this request should use (reloaded first if the files changed)."""
    return live_rules().current()
