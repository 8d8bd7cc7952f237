"""The staff pages under ``/staff/``: sign-in, screenings and their follow-up, runs, the audit trail.

=========================  ======================================================
module                     what it holds
=========================  ======================================================
``access``                 the access matrix (roles × permissions) and ``@requires``
``sessions``               Flask-Login over sessions held on the server: idle, lifetime, sign-out
``throttle``               sign-in rate limits, in the database or Redis
``blueprint``              what every staff blueprint shares (session check, 503)
``auth``                   bp ``auth``: sign in, sign out
``screenings``             bp ``screenings``: list, detail, status, notes, CSV, delete
``run``                    bp ``run``: the questionnaire run for a patient, saved once
``audit``                  bp ``audit``: the audit trail, read-only
``rules``                  bp ``rules``: the screening rules in use, as sentences
``rules_status``           bp ``rules_status``: the rule set in use, a refused change and why
``practice``               bp ``practice_profile``: the practice profile the server read
``forms``, ``paging``      the forms and their messages; list paging
``times``                  times in the practice's time zone, labelled; how long one waited
``export``                 the CSV export's columns and rows
``language``               the patient's language and interpreter answer in words
=========================  ======================================================
"""

from __future__ import annotations

from flask import Flask

from advisor.staff.access import PERMISSIONS, can
from advisor.staff.forms import OUTCOME_LABELS, STATUS_LABELS
from advisor.staff.language import how_to_speak, interpreter_in_words, language_in_words

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the staff blueprints, Flask-Login and the sign-in throttle."""
    from advisor.staff import (
        audit,
        auth,
        practice,
        rules,
        rules_status,
        run,
        screenings,
        sessions,
        throttle,
        times,
    )

    sessions.init_app(app)
    times.init_app(app)
    app.add_template_filter(screenings.tel_href, "tel_href")
    throttle.init_app(app)
    for module in (auth, screenings, audit, rules, rules_status, practice):
        app.register_blueprint(module.bp)
    run.init_app(app)
    app.context_processor(_template_globals)


def _template_globals() -> dict[str, object]:
    return {
        "can": can,
        "permissions": PERMISSIONS,
        "status_labels": STATUS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "language_in_words": language_in_words,
        "interpreter_in_words": interpreter_in_words,
        "how_to_speak": how_to_speak,
    }
