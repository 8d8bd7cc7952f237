"""Blueprint ``audit``: the audit trail, newest first, for admins to read.

URLs::

    GET  /staff/audit   one page of entries (``?page=N``)   [audit]

The trail can only be read here: no page or route changes or removes an entry.
Reading it is itself recorded (``audit_viewed``).
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from advisor.staff.access import requires
from advisor.staff.blueprint import staff_blueprint
from advisor.staff.paging import Paging, requested_page
from advisor.storage import audit, db
from advisor.storage.models import AuditEntry

bp = staff_blueprint("audit", __name__)

PER_PAGE = 50


@bp.get("/audit")
@requires("audit")
def index() -> str:
    """Show one page of the audit trail, this visit included."""
    audit.record(
        "audit_viewed",
        user=current_user._get_current_object(),
        detail={"page": requested_page()},
        address=request.remote_addr,
    )
    total = db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    paging = Paging.of(requested_page(), total, PER_PAGE)
    entries = db.session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(paging.offset)
        .limit(PER_PAGE)
    ).all()
    return render_template("staff/audit.html", entries=entries, paging=paging)
