"""The whole access matrix: every staff route and method, for each role and for anonymous visitors."""

from __future__ import annotations

import pytest

from advisor.staff.access import PERMISSIONS
from tests.staff.conftest import ROLES, StaffActions

LOGIN = "login"  # anonymous visitors are sent to the sign-in page

#: method, path ({id} is a stored screening), the form sent, then the status expected for
#: anonymous, intake, therapist, admin. Allowed POSTs send valid data and redirect (302).
MATRIX = [
    ("GET", "/staff/login", None, 200, 302, 302, 302),
    (
        "POST",
        "/staff/login",
        {"email": "x@clinic.example", "password": "wrong"},
        200,
        302,
        302,
        302,
    ),
    ("POST", "/staff/logout", {}, 302, 302, 302, 302),
    ("GET", "/staff/", None, LOGIN, 200, 200, 200),
    ("GET", "/staff/screenings", None, LOGIN, 200, 200, 200),
    ("GET", "/staff/screenings.csv", None, LOGIN, 200, 403, 200),
    ("GET", "/staff/screenings/{id}", None, LOGIN, 200, 200, 200),
    ("POST", "/staff/screenings/{id}/status", {"status": "contacted"}, LOGIN, 302, 302, 302),
    ("POST", "/staff/screenings/{id}/notes", {"text": "Called, no answer"}, LOGIN, 302, 302, 302),
    ("GET", "/staff/screenings/{id}/delete", None, LOGIN, 403, 403, 200),
    ("POST", "/staff/screenings/{id}/delete", {}, LOGIN, 403, 403, 302),
    ("GET", "/staff/screenings/new", None, LOGIN, 200, 403, 200),
    ("POST", "/staff/screenings/new", {}, LOGIN, 302, 403, 302),
    # Allowed, but with no screening being run there is nothing to save.
    ("POST", "/staff/screenings/save", {"token": "x"}, LOGIN, 400, 403, 400),
    ("POST", "/staff/screenings/cancel", {}, LOGIN, 302, 403, 302),
    ("GET", "/staff/audit", None, LOGIN, 403, 403, 200),
    ("GET", "/staff/rules", None, LOGIN, 403, 200, 200),
    ("GET", "/staff/rules/status", None, LOGIN, 403, 200, 200),
    ("GET", "/staff/practice", None, LOGIN, 403, 403, 200),
]

WHO = ("anonymous", *ROLES)

CASES = [
    pytest.param(method, path, data, who, expected[i], id=f"{who}-{method}-{path}")
    for method, path, data, *expected in MATRIX
    for i, who in enumerate(WHO)
]


@pytest.mark.parametrize(("method", "path", "data", "who", "expected"), CASES)
def test_access_matrix(db_app, staff: StaffActions, stored, method, path, data, who, expected):
    """Each role gets exactly its routes; anonymous visitors are sent to sign in; others get 403."""
    if who != "anonymous":
        staff.as_role(who)
    url = path.format(id=stored())

    response = staff.client.open(url, method=method, data=data)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.location.startswith("/staff/login?next=")
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]
        if response.status_code == 302:
            assert not response.location.startswith("/staff/login?next=")


def test_the_matrix_covers_every_staff_route_and_method(db_app):
    """Every route under /staff/ (each method) is in MATRIX, so none is left untested."""
    routes = {
        (method, rule.rule.replace("<int:screening_id>", "{id}"))
        for rule in db_app.url_map.iter_rules()
        if rule.rule.startswith("/staff")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert routes == {(method, path) for method, path, *_ in MATRIX}


def test_every_staff_view_but_sign_in_and_out_declares_a_permission(db_app):
    """A staff view without ``@requires`` would be open to anyone; only sign-in and -out are."""
    open_views = {
        endpoint
        for endpoint, view in db_app.view_functions.items()
        if endpoint.split(".")[0]
        in {"auth", "screenings", "run", "audit", "rules", "rules_status", "practice_profile"}
        and not hasattr(view, "permission")
    }

    assert open_views == {"auth.login", "auth.logout"}


def test_permissions_are_the_documented_roles():
    """The matrix as data says what the README and access.py's docstring say."""
    assert {name: set(roles) for name, roles in PERMISSIONS.items()} == {
        "list": {"intake", "therapist", "admin"},
        "view": {"intake", "therapist", "admin"},
        "status": {"intake", "therapist", "admin"},
        "note": {"intake", "therapist", "admin"},
        "run": {"intake", "admin"},
        "export": {"intake", "admin"},
        "delete": {"admin"},
        "audit": {"admin"},
        "rules": {"therapist", "admin"},
        "practice": {"admin"},
    }


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            "intake",
            ["Screen a patient"],
            [
                "Audit trail",
                "Delete this screening",
                "Screening rules",
                "Rule set status",
                ">Practice details</a>",
            ],
        ),
        (
            "therapist",
            ["Screening rules", "Rule set status"],
            [
                "Screen a patient",
                "Audit trail",
                "Delete this screening",
                "CSV",
                ">Practice details</a>",
            ],
        ),
        (
            "admin",
            [
                "Screen a patient",
                "Audit trail",
                "Delete this screening",
                "Screening rules",
                "Rule set status",
                ">Practice details</a>",
            ],
            [],
        ),
    ],
)
def test_pages_offer_only_what_the_role_may_do(db_app, staff, stored, role, shown, hidden):
    """Links and buttons for things a role may not do are not shown to it."""
    staff.as_role(role)
    screening = stored()
    pages = staff.client.get("/staff/").get_data(as_text=True) + staff.client.get(
        f"/staff/screenings/{screening}"
    ).get_data(as_text=True)

    for text in shown:
        assert text in pages
    for text in hidden:
        assert text not in pages
