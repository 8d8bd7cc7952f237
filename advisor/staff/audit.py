"""Blueprint ``audit``: the audit trail, newest first, for admins to read.

URLs::

    GET  /staff/audit   one page of entries (``?page=N``)   [audit]

The trail can only be read here: no page or route changes or removes an entry.
Reading it is itself recorded (``audit_viewed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint
from advisor.staff.paging import Paging, requested_page
from advisor.storage import audit, db
from advisor.storage.audit import Action
from advisor.storage.models import AuditEntry

__all__ = ["bp", "described", "index"]

bp = staff_blueprint("audit", __name__)

_PER_PAGE = 50

#: Each action's words by its stored code, for the admins who read the trail (the code is
#: shown beside it). An entry whose code is no longer an ``Action`` shows the code alone.
_ACTION_LABELS: dict[str, str] = {action.value: action.label for action in Action}


def described(detail: Mapping[str, Any]) -> str:
    """Return an entry's details in words, e.g. "filters: status new, primary bfr; page: 2".

    The reference has its own column. A true flag is named, a false one left out.
    """
    parts = []
    for key, value in detail.items():
        label = key.replace("_", " ")
        if key == "reference" or value is False:
            continue
        if value is True:
            parts.append(label)
        elif isinstance(value, Mapping):
            inner = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items())
            parts.append(f"{label}: {inner or 'none'}")
        else:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


@bp.get("/audit")
@requires("audit")
def index() -> str:
    """Show one page of the audit trail, this visit included."""
    audit.record(
        Action.AUDIT_VIEWED,
        user=current_user._get_current_object(),
        detail={"page": requested_page()},
        address=request.remote_addr,
    )
    total = db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    paging = Paging.of(requested_page(), total, _PER_PAGE)
    entries = db.session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(paging.offset)
        .limit(_PER_PAGE)
    ).all()
    return render_template(
        "staff/audit.html",
        entries=entries,
        paging=paging,
        action_labels=_ACTION_LABELS,
        described=described,
    )
