"""Who may do what on the staff pages: the access matrix as data, and the decorator that checks it.

Every staff view names one permission with ``@requires(...)``; ``PERMISSIONS`` says
which roles hold it. Signing in and out are the only staff pages open to everyone.

==========  ======  =========  =====  ===================================================
permission  intake  therapist  admin  what it allows
==========  ======  =========  =====  ===================================================
list        yes     yes        yes    the screening list, with its filters and paging
view        yes     yes        yes    a screening: answers, result, explanation, notes; print
status      yes     yes        yes    change a screening's follow-up status
note        yes     yes        yes    add a note to a screening
run         yes     no         yes    run the questionnaire for a patient and save it
export      yes     no         yes    download the filtered list as CSV, patients' details included
delete      no      no         yes    delete a screening and its personal details on request
audit       no      no         yes    read the audit trail
rules       no      yes        yes    read the rules in use, and a refused rule change with its reasons
practice    no      no         yes    read the practice profile in use (name, phone, hours, prices)
==========  ======  =========  =====  ===================================================

Intake staff screen patients and follow them up, so they run screenings and take
call lists away as CSV. Therapists read and annotate screenings before a consult;
they need no bulk copy of patients' details, so they cannot export (least
privilege). Only admins delete, and only admins read the trail of everyone's actions.
Therapists own the rule files and admins run the server: both read the rules in use
and see whether a saved rule change was refused, and why (the reasons name files on
the server). Intake staff follow the result, not the rules. Admins keep the practice
profile, so they read it as the server has it.

An anonymous visitor is sent to the sign-in page; a signed-in member of staff
without the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, TypeVar

from flask import abort
from flask_login import current_user

from advisor.staff.sessions import login_manager
from advisor.storage.models import ROLES, Role

__all__ = ["PERMISSIONS", "Permission", "can", "requires"]

Permission = Literal[
    "list", "view", "status", "note", "run", "export", "delete", "audit", "rules", "practice"
]

_ALL: frozenset[Role] = frozenset(ROLES)

#: The access matrix: each permission, and the roles that hold it.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    "list": _ALL,
    "view": _ALL,
    "status": _ALL,
    "note": _ALL,
    "run": frozenset({"intake", "admin"}),
    "export": frozenset({"intake", "admin"}),
    "delete": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
    "rules": frozenset({"therapist", "admin"}),
    "practice": frozenset({"admin"}),
}

_View = TypeVar("_View", bound=Callable[..., Any])


def can(permission: Permission, user: Any = current_user) -> bool:
    """Say whether a user (the signed-in one by default) holds a permission."""
    return bool(user.is_authenticated) and user.role in PERMISSIONS[permission]


def requires(permission: Permission) -> Callable[[_View], _View]:
    """Refuse a view to anonymous users (sign-in page) and to roles without ``permission`` (403).

    The permission is kept on the view as ``view.permission``, so tests can check
    that every staff route declares one.
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; one of {', '.join(PERMISSIONS)}")

    def decorate(view: _View) -> _View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate
