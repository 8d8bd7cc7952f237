"""The staff rules page: therapists and admins read the rule set in use, each rule a sentence."""

from __future__ import annotations

import re

import pytest

from advisor.extensions import current_ruleset


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_therapists_and_admins_read_every_rule_grouped_by_file(db_app, staff, role):
    """The page lists every rule of the rule set in use, a table per file, inside the staff layout."""
    staff.as_role(role)

    response = staff.client.get("/staff/rules")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    with db_app.app_context():
        ruleset = current_ruleset()
    assert '<h1 class="heading-l">Screening rules</h1>' in page
    assert f"Version {ruleset.info.version}, digest <code>{ruleset.info.digest[:12]}</code>" in page
    assert page.count("<table") == len(ruleset.rule_files)
    assert page.count('<th scope="row">') == len(ruleset.specs)
    assert 'aria-label="Staff"' in page  # the staff bar: it is a staff page like the others
    assert '<tr id="rule-bfr-weakness-older-adult">' in page
    assert "and age is 65 or over, suggest BFR (priority 20)" in page


def test_the_page_and_the_command_share_one_template(db_app, staff):
    """The staff page holds the same rule tables as ``advisor rules show --format html``."""
    from advisor.ruleset.listing import render_listing

    staff.as_role("therapist")
    page = staff.client.get("/staff/rules").get_data(as_text=True)
    with db_app.app_context():
        standalone = render_listing(current_ruleset(), "html")

    def tables(html: str) -> list[str]:
        return [re.sub(r"\s+", " ", t) for t in re.findall(r"<table.*?</table>", html, re.S)]

    assert tables(page) == tables(standalone)


def test_intake_staff_are_refused_and_not_shown_the_link(db_app, staff):
    """Intake staff follow results, not rules: 403, and no link in the staff bar."""
    staff.as_role("intake")

    assert staff.client.get("/staff/rules").status_code == 403
    assert "Screening rules" not in staff.client.get("/staff/screenings").get_data(as_text=True)


@pytest.mark.parametrize("role", ["therapist", "admin"])
def test_the_staff_bar_links_to_the_rules_for_those_who_may_read_them(db_app, staff, role):
    staff.as_role(role)

    page = staff.client.get("/staff/screenings").get_data(as_text=True)

    assert '<a href="/staff/rules">Screening rules</a>' in page


def test_an_anonymous_visitor_is_sent_to_sign_in(db_app, client):
    response = client.get("/staff/rules")

    assert response.status_code == 302
    assert response.location.startswith("/staff/login?next=")
