"""Red flags: straight to the urgent page, graded by the most urgent flag, with the reasons."""

from __future__ import annotations

import pytest

from advisor.contract import RED_FLAG_URGENCY
from tests.pages import text_of
from tests.personas import CHEST_PAIN, WELL

EMERGENCY = (
    "Call 911 or your local emergency number now, or go to the nearest emergency department."
)
SAME_DAY = "See a doctor today."
SOON = "See your doctor in the next few days."

GRADES = {
    "emergency": ("Get emergency help now", EMERGENCY),
    "same_day": ("See a doctor today", SAME_DAY),
    "soon": ("See your doctor in the next few days", SOON),
}


@pytest.mark.parametrize(("flag", "urgency"), sorted(RED_FLAG_URGENCY.items()))
def test_each_red_flag_goes_to_its_grade_of_urgency(walker, client, flag, urgency):
    """Each red flag, ticked alone, leads at once to the advice for its urgency."""
    heading, advice = GRADES[urgency]

    ended = walker.walk({**CHEST_PAIN, "red_flags": [flag]})
    text = text_of(client.get(ended))

    assert ended == "/urgent"
    assert f'<h1 class="heading-l">{heading}</h1>' in text
    assert advice in text


@pytest.mark.parametrize(
    ("flags", "heading"),
    [
        (["unexplained_weight_loss", "fever_with_pain"], "See a doctor today"),
        (
            ["cancer_history_new_pain", "calf_pain_swelling", "short_of_breath"],
            "Get emergency help now",
        ),
    ],
)
def test_the_most_urgent_flag_decides(client, given, flags, heading):
    """With several flags, the most urgent one sets the advice."""
    given(age=60, red_flags=flags)

    text = text_of(client.get("/urgent"))

    assert f'<h1 class="heading-l">{heading}</h1>' in text


@pytest.mark.parametrize("flag", ["chest_pain", "short_of_breath"])
def test_chest_pain_or_breathlessness_shows_the_emergency_number_prominently(client, given, flag):
    """The emergency number stands out in large type in a coloured box."""
    given(age=60, red_flags=[flag])

    text = text_of(client.get("/urgent"))

    assert (
        '<div class="alert alert-emergency"> <p class="emergency-number">'
        '<a class="emergency-link" href="tel:911">Call 911</a></p>'
    ) in text


def test_urgent_page_lists_the_reasons_from_the_rules(client, given):
    """Each ticked flag's rule is listed with its title and reason."""
    given(age=60, red_flags=["chest_pain", "calf_pain_swelling"])

    text = text_of(client.get("/urgent"))

    assert '<h3 class="heading-s">Chest pain now or at rest</h3>' in text
    assert '<h3 class="heading-s">Pain or swelling in one leg</h3>' in text
    assert "blood clot (deep vein thrombosis)" in text


def test_urgent_page_works_with_only_the_first_answers(client, given):
    """Only age and red flags are needed: every later question counts as not asked yet."""
    given(red_flags=["saddle_numbness"])

    response = client.get("/urgent")

    assert response.status_code == 200
    assert "Numbness between the legs" in text_of(response)


def test_urgent_page_without_a_red_flag_sends_the_person_on(client, given):
    """Without a red flag, the urgent page sends the person back to their next question."""
    given(age=45, red_flags=[])

    response = client.get("/urgent")

    assert response.location == "/questions/cuff-safety"


@pytest.mark.parametrize("path", ["/questions/cuff-safety", "/questions/payment", "/check-answers"])
def test_with_a_red_flag_later_pages_lead_to_the_urgent_page(client, given, path):
    """Once a red flag is ticked, no later page can be reached."""
    given({**WELL, "red_flags": ["fever_with_pain"]})

    response = client.get(path)

    assert response.location == "/urgent"


def test_a_red_flag_ticked_by_mistake_can_be_changed(walker, client):
    """From the urgent page, the symptoms can be changed, and the questionnaire goes on."""
    walker.walk(CHEST_PAIN)
    link = 'href="/questions/urgent-symptoms?change=1"'

    assert link in text_of(client.get("/urgent"))
    response = walker.answer("urgent-symptoms", {"red_flags": []}, change="1")
    assert response.location == "/questions/cuff-safety?change=1"


def test_result_page_with_a_red_flag_shows_the_urgent_advice(client, given):
    """A complete set of answers with a red flag shows the urgent advice on the result page."""
    given({**WELL, "red_flags": ["progressive_weakness"]})

    text = text_of(client.get("/result"))

    assert '<h1 class="heading-l">See a doctor today</h1>' in text
    assert "Weakness that is getting worse" in text


@pytest.mark.parametrize(
    "flag", ["chest_pain", "calf_pain_swelling", "unexplained_weight_loss"], ids=list(GRADES)
)
def test_the_urgent_page_says_the_person_can_come_back_once_a_doctor_has_seen_them(
    client, given, flag
):
    """After the advice and its reasons, never before: the way back to this screening."""
    given(age=60, red_flags=[flag])

    text = text_of(client.get("/urgent"))
    back = text.index('<h2 class="heading-m">Once a doctor has seen you</h2>')

    assert text.index('<div class="alert') < text.index(">Why we say this</h2>") < back
    assert "When a doctor has checked you, you can come back and do this screening again." in text
    assert text.index('action="/start-again"') > back
    assert "tel:" not in text.replace('href="tel:911"', "")  # no profile: no practice number


def test_now_and_today_are_told_apart(client, given):
    """An emergency says to call 911 now; same-day care says today, and 911 only if worse."""
    given(age=60, red_flags=["chest_pain"])
    now = text_of(client.get("/urgent"))
    given(age=60, red_flags=["chest_pain_on_exertion"])
    today = text_of(client.get("/urgent"))

    assert "Get emergency help now" in now
    assert "See a doctor today" not in now
    assert "See a doctor today" in today
    assert "Get emergency help now" not in today
    assert "If you get worse, call 911 or your local emergency number." in today


def test_the_rule_set_is_on_the_printed_urgent_page_only(client, given):
    """The rule set's version is in the print-only line, not on the screen."""
    given(age=60, red_flags=["chest_pain"])

    text = text_of(client.get("/urgent"))

    assert '<p class="meta print-only">Screened on ' in text
    assert text.count("Rule set ") == 1
