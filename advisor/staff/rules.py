"""Blueprint ``rules``: the rule set in use, every rule as one plain-words sentence.

URLs::

    GET  /staff/rules   the rules, grouped by file   [rules]

Therapists and admins read here what the screening does, in the same words and
the same template as ``advisor rules show --format html``, without a terminal.
The page shows the rule set this server uses now (after any reload), so what is
read here is what patients get.
"""

from __future__ import annotations

from flask import render_template

from advisor.extensions import current_ruleset
from advisor.ruleset.listing import listing_context
from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint

__all__ = ["bp", "index"]

bp = staff_blueprint("rules", __name__)


@bp.get("/rules")
@requires("rules")
def index() -> str:
    """Show every rule of the rule set in use, as one sentence each, a table per file."""
    return render_template("staff/rules.html", **listing_context(current_ruleset()))
