"""The staff rules page in Chromium: a therapist finds it from the staff bar and reads it with axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from advisor.ruleset.listing import render_listing
from tests.browser import test_staff
from tests.browser.test_staff import follow, no_axe_violations

# The staff accounts and the sign-in, as fixtures of this module too.
accounts = test_staff.accounts
sign_in = test_staff.sign_in


def test_a_therapist_opens_the_rules_from_the_staff_bar_and_it_passes_axe(sign_in):
    """The link leads to every rule file as a heading with its table; axe finds no violation."""
    page = sign_in("therapist")

    follow(page, "Screening rules")

    expect(page.get_by_role("heading", level=1)).to_have_text("Screening rules")
    expect(page.get_by_role("heading", level=2, name="rules/bfr.toml")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    expect(page.get_by_role("rowheader", name="Weakness at 65 or over")).to_be_visible()
    no_axe_violations(page)


def test_a_file_link_jumps_to_that_files_rules(sign_in):
    """The list of files at the top links to each file's heading, for a long page."""
    page = sign_in("admin")
    page.goto("/staff/rules")

    page.get_by_role("link", name="rules/red_flags.toml").click()

    expect(page).to_have_url(re.compile(r"/staff/rules#file-\d+$"))
    expect(page.get_by_role("heading", level=2, name="rules/red_flags.toml")).to_be_in_viewport()


def test_the_page_of_advisor_rules_show_passes_axe_on_its_own(page, default_ruleset):
    """The HTML file a clinical lead is sent is accessible too, with no stylesheet from elsewhere."""
    page.set_content(render_listing(default_ruleset, "html"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Screening rules, version {default_ruleset.info.version}"
    )
    expect(page.get_by_role("table")).to_have_count(len(default_ruleset.rule_files))
    no_axe_violations(page)
