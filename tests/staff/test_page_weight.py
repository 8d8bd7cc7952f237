"""Page weight: each kind of staff page, at its fullest, plus the stylesheet, stays under 30 KB."""

from __future__ import annotations

import pytest

from advisor.storage import audit
from advisor.storage.audit import Action
from advisor.storage.screenings import Communication, Patient
from tests.pages import weight
from tests.web.test_page_weight import HEAVY, LIMIT

PATIENT = Patient("Ann Lee-Smith", "555 123 4567", "ann.lee-smith@example.com", consent=True)
#: The longest note a list row can carry (language and interpreter): every row has it.
SPANISH_WITH_INTERPRETER = Communication("es", "yes")


@pytest.fixture
def full(db_app, stored) -> int:
    """A full list page (25 of 30 screenings, each in Spanish with an interpreter wanted), the
    heaviest screening, 50 audit entries.

    The heaviest screening fires 20 rules; with three notes its page is near the limit,
    and each further note adds to it.
    """
    for _ in range(29):
        stored(patient=PATIENT, communication=SPANISH_WITH_INTERPRETER)
    heavy = stored(HEAVY, patient=PATIENT, communication=SPANISH_WITH_INTERPRETER)
    with db_app.app_context():
        for number in range(50):
            audit.record(
                Action.SCREENINGS_LISTED,
                actor="intake@clinic.example",
                detail={"filters": {"status": "new", "primary": "bfr"}, "page": number},
                address="192.0.2.1",
                commit=False,
            )
        audit.record(Action.AUDIT_VIEWED, actor="admin@clinic.example")
    return heavy


@pytest.mark.parametrize(
    "path",
    [
        "/staff/login",
        "/staff/screenings",
        "/staff/screenings?view=all",
        "/staff/screenings/{id}",
        "/staff/screenings/{id}/delete",
        "/staff/screenings/new",
        "/staff/audit",
    ],
)
def test_staff_pages_stay_under_30_kb(db_app, staff, full, path):
    """The HTML of the page plus the CSS it loads is under 30 KB.

    Notes are the staff's own text and have no bound, so the detail page is weighed
    with three short ones, a typical follow-up.
    """
    if path != "/staff/login":
        staff.as_role("admin")
    for number in range(3):
        staff.client.post(
            f"/staff/screenings/{full}/notes",
            data={"text": f"Called about the cuff, #{number}. " * 8},
            follow_redirects=True,  # as a browser does: each "Note added" is shown once
        )

    assert weight(staff.client, path.format(id=full)) < LIMIT
