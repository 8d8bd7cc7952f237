"""``?page=`` on the staff lists: plain digits within range are a page; anything else is page 1."""

from __future__ import annotations

import pytest
from flask import Flask

from advisor.staff.paging import MAX_PAGE, requested_page
from tests.staff.conftest import audit_entries


@pytest.mark.parametrize(
    ("sent", "page"),
    [
        ("2", 2),
        ("02", 2),
        (str(MAX_PAGE), MAX_PAGE),
        ("", 1),
        ("0", 1),
        ("-2", 1),
        ("+2", 1),
        (" 2", 1),
        ("2.0", 1),
        ("1_0", 1),
        (str(MAX_PAGE + 1), 1),
        ("9" * 5000, 1),
        ("²", 1),
        ("2²", 1),
        ("١٢", 1),
        ("２", 1),
    ],
)
def test_only_ascii_digits_within_range_name_a_page(sent, page):
    """Unicode digits, signs, spaces and numbers past the last possible page all mean page 1."""
    with Flask(__name__).test_request_context("/", query_string={"page": sent}):
        assert requested_page() == page


@pytest.mark.parametrize(
    ("url", "action"),
    [("/staff/screenings", "screenings_listed"), ("/staff/audit", "audit_viewed")],
)
@pytest.mark.parametrize("sent", ["²", "9" * 5000], ids=["superscript-two", "5000-digits"])
def test_a_list_asked_for_an_odd_page_shows_its_first_page(db_app, staff, url, action, sent):
    """The screening list and the audit trail answer with their first page (so recorded), not a 500."""
    staff.as_role("admin")

    response = staff.client.get(url, query_string={"page": sent})

    assert response.status_code == 200
    assert audit_entries(db_app, action)[-1].detail["page"] == 1
