"""Blueprint ``practice_profile``: the practice profile as the server read it, for admins.

URLs::

    GET  /staff/practice   every detail of ``practice.toml``, or how to write one   [practice]

Admins keep the profile (the file is on the server), so this page shows what the
server read when it started, where the file is, and how to change it. Patients see
these details on every page; a wrong phone number here is a wrong number there.
"""

from __future__ import annotations

import datetime

from flask import current_app, render_template

from advisor.extensions import current_ruleset
from advisor.practice import current_practice
from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint

__all__ = ["bp", "show"]

bp = staff_blueprint("practice_profile", __name__)


@bp.get("/practice")
@requires("practice")
def show() -> str:
    """Show the practice profile in use, or that none is set and how to set one."""
    practice = current_practice()
    questionnaire = current_ruleset().questionnaire
    now = datetime.datetime.now(practice.timezone if practice else datetime.UTC)
    return render_template(
        "staff/practice.html",
        path=current_app.config["PRACTICE_PROFILE_PATH"],
        local_time=f"{now:%H:%M} {now.tzname()}",
        insurance_names={o.value: o.label for o in questionnaire["insurance"].options},
    )
