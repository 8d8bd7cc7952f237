"""Blueprint ``rules_status``: the rule set in use, and any change the gate refused, for staff.

URLs::

    GET  /staff/rules/status   the rule set in use; a refused change with every reason   [rules]

Therapists own the rule files and admins run the server, so both read this
page: which rule set patients get now (version, digest, when it went live),
and, when a saved change was refused, which gate refused it and every reason
with its file and line, plus the warnings of the last change that went live.
``/healthz`` tells the public only that a change was refused, and when.
"""

from __future__ import annotations

import datetime

from flask import render_template

from advisor.extensions import live_rules
from advisor.ruleset.gate import GATES
from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint

__all__ = ["bp", "status"]

bp = staff_blueprint("rules_status", __name__)


@bp.get("/rules/status")
@requires("rules")
def status() -> str:
    """Show the rule set in use, a refused change with its reasons, and the last warnings."""
    rules = live_rules()
    ruleset = rules.current()  # looks at the files first, as a patient's request would
    refused_by, reasons, refused_at = rules.refused
    return render_template(
        "staff/rules_status.html",
        ruleset=ruleset,
        loaded_at=_moment(rules.loaded_at),
        refused_by=[GATES[gate] for gate in refused_by],
        reasons=reasons,
        refused_at=_moment(refused_at),
        warnings=rules.warnings,
    )


def _moment(text: str | None) -> datetime.datetime | None:
    """Return a time the live rules keep as ISO text, for the ``local_time`` filter."""
    return datetime.datetime.fromisoformat(text) if text else None
