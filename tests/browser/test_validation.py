"""Errors in Chromium: the summary (role=alert) links to each field, and each field says what is wrong."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.walker import label
from tests.personas import BFR_CANDIDATE, answers_before

AGE = "How old are you?"
SYMPTOMS = "Do you have any of these right now, or did they start recently?"
CHEST_PAIN = label("red_flags", "chest_pain")


def summary_links(walker):
    """Return the links in the error summary."""
    summary = walker.page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    return summary.get_by_role("link")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your age"),
        ("abc", "Age must be a whole number, like 40"),
        ("4.5", "Age must be a whole number, like 40"),
        ("150", "Age must be between 0 and 120"),
        ("-1", "Age must be between 0 and 120"),
    ],
)
def test_a_bad_age_is_named_in_the_summary_and_at_the_field(walker, typed, message):
    """A missing or bad age stays on the page, says why in the summary and at the box, and keeps the typing."""
    walker.page.goto("/questions/about-you")
    walker.type_in(AGE, typed)

    walker.go_on()

    assert walker.page_id == "about-you"
    expect(walker.page).to_have_title(re.compile(r"^Error: "))
    expect(summary_links(walker)).to_have_text([message])
    box = walker.textbox(AGE)
    expect(box).to_have_value(typed)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(f"Your age in years. Error: {message}")
    expect(walker.page.locator(".form-group-error").get_by_text(message)).to_be_visible()


def test_the_summary_link_moves_focus_to_the_field(walker):
    """Following an error's link in the summary puts the cursor in the age box."""
    walker.page.goto("/questions/about-you")
    walker.go_on()
    expect(walker.textbox(AGE)).not_to_be_focused()

    summary_links(walker).get_by_text("Enter your age").click()

    expect(walker.textbox(AGE)).to_be_focused()
    assert walker.page.url.endswith("#age")


def test_every_error_on_a_page_is_listed_in_order_and_links_to_its_field(walker, given):
    """An empty page with three questions lists three errors in page order, each moving focus to its own field."""
    given(answers_before("pain-details", BFR_CANDIDATE))
    walker.page.goto("/questions/pain-details")
    walker.go_on()
    first_fields = {
        "Select what you think caused your pain": walker.radio(
            "What do you think caused your pain?", "I do not have pain"
        ),
        "Enter a number from 0 to 10 for your worst pain": walker.textbox(
            "How bad was your worst pain in the last week?"
        ),
        "Select if any of these describe your pain": walker.checkbox(
            "Do any of these describe your pain?",
            "Tender knots in a muscle that send pain to other places",
        ),
    }

    links = summary_links(walker)

    expect(links).to_have_text(list(first_fields))
    for message, field in first_fields.items():
        links.get_by_text(message, exact=True).click()
        expect(field).to_be_focused()


def test_an_empty_tick_any_question_says_to_select(walker, given):
    """Sending the symptoms page with nothing ticked asks for an answer at the question's group."""
    given(answers_before("urgent-symptoms", BFR_CANDIDATE))
    walker.page.goto("/questions/urgent-symptoms")

    walker.go_on()

    message = "Select if you have any of these symptoms"
    expect(summary_links(walker)).to_have_text([message])
    expect(walker.group(SYMPTOMS)).to_have_accessible_description(re.compile(f"Error: {message}$"))


def test_none_of_these_with_another_symptom_is_an_error(walker, given):
    """Ticking "None of these" with chest pain is an error, not a way past the symptoms, and both stay ticked."""
    given(answers_before("urgent-symptoms", BFR_CANDIDATE))
    walker.page.goto("/questions/urgent-symptoms")
    walker.tick(SYMPTOMS, [CHEST_PAIN, "None of these"])

    walker.go_on()

    assert walker.page_id == "urgent-symptoms"
    message = "Select the symptoms you have, or select ‘None of these’ on its own"
    links = summary_links(walker)
    expect(links).to_have_text([message])
    expect(walker.group(SYMPTOMS)).to_have_accessible_description(re.compile(f"Error: {message}$"))
    expect(walker.checkbox(SYMPTOMS, CHEST_PAIN)).to_be_checked()
    expect(walker.checkbox(SYMPTOMS, "None of these")).to_be_checked()
    links.first.click()
    expect(walker.checkbox(SYMPTOMS, CHEST_PAIN)).to_be_focused()
