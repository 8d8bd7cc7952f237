"""The admin's page of the practice profile: what the server read, or how to write one."""

from __future__ import annotations

import pytest

from tests.staff.conftest import StaffActions

PROFILE = """\
name = "Riverside Physical Therapy"
phone = "(312) 555-0100"
timezone = "America/Chicago"
privacy_text = "We keep what you send us."
insurance = ["medicare", "workers_comp"]

[therapies.nmt]
session_minutes = 60
self_pay_price = 85.5
"""


@pytest.fixture
def admin(another_server, accounts, tmp_path):
    """Return a maker: ``admin(profile)`` → staff actions of an admin on a server with it."""

    def make(profile: str | None) -> StaffActions:
        config = {}
        if profile is not None:
            path = tmp_path / "practice.toml"
            path.write_text(profile)
            config["PRACTICE_PROFILE"] = str(path)
        staff = StaffActions(another_server(**config).test_client())
        staff.as_role("admin")
        return staff

    return make


def test_the_page_shows_every_detail_the_server_read(admin):
    page = admin(PROFILE).client.get("/staff/practice").get_data(as_text=True)

    assert "<td>Riverside Physical Therapy</td>" in page
    assert '<a class="link" href="tel:3125550100">(312) 555-0100</a>' in page
    assert "America/Chicago (now " in page
    assert "<td>Medicare, Workers’ compensation</td>" in page
    assert "<td>60 minutes</td>" in page
    assert "<td>$85.50</td>" in page
    assert "practice.toml</code>" in page


def test_without_a_profile_the_page_says_how_to_set_one(admin):
    page = admin(None).client.get("/staff/practice").get_data(as_text=True)

    assert "No practice profile is set" in page
    assert "examples/practice.toml" in page
    assert "advisor practice check" in page
