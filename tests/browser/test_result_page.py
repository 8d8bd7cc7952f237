"""The result page on a 390 × 844 phone and at 1280 px, with the example practice profile and none.

The common results (BFR, NMT, and three kinds of consult) fit in 3 screens and say in
the first what they mean and what to do next; the form is a button away and works
without JavaScript; after sending, the browser's Back shows the request, not the form;
and axe-core finds nothing on any of these pages, the confirmation and the therapy pages.

Each test runs on both apps of ``tests/browser/practice_site.py``: the browser tests' own,
without a profile, and one with the example profile (``examples/practice.toml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.practice_site import Site, served_with_profile
from tests.browser.test_page_types import axe_violations
from tests.browser.walker import Walker
from tests.personas import (
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED_AT_60,
    CALF_SWELLING,
    NMT_CANDIDATE,
    WELL,
    answers_before,
)

#: An everyday phone, held upright.
PHONE_390 = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREEN = 844

#: The common results, each with the heading it opens with.
COMMON = {
    "bfr": (BFR_CANDIDATE, "Blood flow restriction training may suit you"),
    "nmt": (NMT_CANDIDATE, "Neuromuscular therapy may suit you"),
    "consult": (WELL, "Talk with one of our clinicians first"),
    "consult-nmt-bfr-blocked": (BFR_BLOCKED_NMT_SUGGESTED, "Talk with one of our clinicians first"),
    "consult-both-blocked": (BOTH_BLOCKED_AT_60, "Talk with one of our clinicians first"),
}


@pytest.fixture(scope="module")
def practice_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real app with the example practice profile, for this module."""
    with served_with_profile(tmp_path_factory.mktemp("practice-instance")) as served:
        yield served


@pytest.fixture(params=["practice", "no-practice"])
def site(request, practice_site: Site, live_server: str, session_cookie) -> Site:
    """Each app in turn: with the example practice profile, and with none."""
    if request.param == "practice":
        return practice_site
    return Site(live_server, session_cookie, practice=False)


def opened(
    new_context: Callable[..., BrowserContext],
    site: Site,
    answers: Mapping[str, object],
    path: str = "/result",
    **context_args: object,
) -> Page:
    """Open ``path`` of the site in a fresh context with these answers already given."""
    context = new_context(**context_args)
    context.add_cookies([site.cookie(answers)])  # type: ignore[list-item]
    page = context.new_page()
    page.goto(site.url + path)
    return page


@pytest.mark.parametrize("result", list(COMMON))
def test_a_common_result_fits_three_screens_of_a_phone(new_context, site, result):
    """At 390 × 844 the whole result page is at most 3 screens tall, and no wider than the screen."""
    answers, heading = COMMON[result]
    page = opened(new_context, site, answers, **PHONE_390)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")

    assert height <= 3 * SCREEN, f"{result}: {height}px is {height / SCREEN:.2f} screens"
    assert width <= 390


@pytest.mark.parametrize("result", list(COMMON))
def test_the_first_screen_says_the_outcome_what_it_means_and_what_to_do_next(
    new_context, site, result
):
    """Without scrolling: the headline, the panel saying what it means, and the next step."""
    answers, _ = COMMON[result]
    page = opened(new_context, site, answers, **PHONE_390)
    first_screen = [
        page.get_by_role("heading", level=1),
        page.locator(".panel").first,
        page.get_by_role("heading", name="What to do next"),
        page.get_by_role("link", name="Ask us to contact you"),
    ]
    if site.practice:
        first_screen.append(page.locator("main").get_by_role("link", name="(555) 555-0100"))

    for element in first_screen:
        box = element.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= SCREEN, f"{result}: {element} is below the first screen"


def test_the_other_therapy_is_a_link_to_its_own_page_and_back(new_context, site):
    """From a BFR result, "What an NMT session is like" opens its page, which leads back."""
    page = Walker(opened(new_context, site, BFR_CANDIDATE))

    page.follow("What an NMT session is like")

    assert page.path == "/therapies/nmt"
    expect(page.page.get_by_role("heading", level=1)).to_have_text("What an NMT session is like")
    page.follow("Back to your result")
    assert page.path == "/result"


def test_why_we_say_this_opens_without_javascript(new_context, site):
    """The reasons are folded under "Why we say this" and open with JavaScript turned off."""
    page = opened(new_context, site, BFR_CANDIDATE, java_script_enabled=False)
    reason = page.locator(".reason-group").first
    expect(reason).to_be_hidden()

    page.get_by_text("Why we say this").click()

    expect(reason).to_be_visible()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-javascript", "javascript"])
def test_a_person_asks_to_be_contacted_and_back_shows_the_request_not_the_form(
    new_context, site, javascript
):
    """The button shows the form, it sends, and the browser's Back shows the request, not the form."""
    page = opened(new_context, site, BFR_CANDIDATE, java_script_enabled=javascript)
    walker = Walker(page)

    walker.follow("Ask us to contact you")
    page.get_by_label("Your name").fill("Ann Lee")
    page.get_by_label("Phone number").fill("555 123 4567")
    page.get_by_label("I agree that the clinic keeps my answers").check()
    walker.press("Ask the clinic to contact me")

    expect(page.get_by_role("heading", level=1)).to_have_text("We have your request")
    reference = page.locator(".reference").inner_text()
    expect(page.locator(".reference")).to_have_css("white-space", "nowrap")
    if site.practice:
        expect(page.get_by_text("We will call you within one working day.")).to_be_visible()
        expect(page.locator("main").get_by_role("link", name="(555) 555-0100")).to_have_attribute(
            "href", "tel:5555550100"
        )

    page.go_back()

    assert walker.path == "/result"
    panel = page.locator(".panel-sent")
    expect(panel).to_contain_text(f"We have your request. Your reference is {reference}.")
    expect(page.get_by_label("Your name")).to_have_count(0)
    expect(page.get_by_role("link", name="Ask us to contact you")).to_have_count(0)
    box = panel.bounding_box()
    assert box is not None
    assert box["y"] < 844, "after Back, the request is not in the first screen"


def test_the_privacy_notice_is_beside_the_consent_box(new_context, practice_site):
    """With a profile, the consent box is described by the link to the privacy notice."""
    page = opened(new_context, practice_site, BFR_CANDIDATE, "/result?contact=1", **PHONE_390)

    consent = page.get_by_role("checkbox", name="I agree that the clinic keeps my answers")

    expect(consent).to_have_attribute("aria-describedby", "consent-hint")
    link = page.locator("#consent-hint").get_by_role("link")
    expect(link).to_have_text("Read our privacy notice (opens in a new tab)")
    expect(link).to_have_attribute("href", "https://example.org/privacy")


#: Every page this part of the issue touches, as (path, the answers given before it).
TOUCHED = {
    "result-bfr": ("/result", BFR_CANDIDATE),
    "result-nmt": ("/result", NMT_CANDIDATE),
    "result-consult": ("/result", WELL),
    "result-both-blocked": ("/result", BOTH_BLOCKED_AT_60),
    "result-form": ("/result?contact=1", BFR_CANDIDATE),
    "therapy-bfr": ("/therapies/bfr", BFR_CANDIDATE),
    "therapy-nmt": ("/therapies/nmt", {}),
    "urgent-same-day": ("/urgent", answers_before("cuff-safety", CALF_SWELLING)),
}


@pytest.mark.parametrize("size", [PHONE_390, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("name", list(TOUCHED))
def test_each_touched_page_has_no_accessibility_violations(new_context, site, name, size):
    """axe-core finds nothing on the result, form, therapy and urgent pages, phone and desktop."""
    path, answers = TOUCHED[name]
    page = opened(new_context, site, answers, path, **size)

    violations, report = axe_violations(Walker(page))

    assert violations == [], f"{name} at {size['viewport']['width']}px:\n{report}"


def test_the_confirmation_page_has_no_accessibility_violations(new_context, site):
    """After sending, the confirmation page is axe-clean at 390 px and 1280 px."""
    page = opened(new_context, site, BFR_CANDIDATE, "/result?contact=1", **PHONE_390)
    walker = Walker(page)
    page.get_by_label("Your name").fill("Ann Lee")
    page.get_by_label("Email address").fill("ann@example.com")
    page.get_by_label("I agree that the clinic keeps my answers").check()
    walker.press("Ask the clinic to contact me")

    for size in (PHONE_390, DESKTOP):
        page.set_viewport_size(size["viewport"])  # type: ignore[arg-type]
        violations, report = axe_violations(walker)
        assert violations == [], f"confirmation at {size['viewport']['width']}px:\n{report}"
