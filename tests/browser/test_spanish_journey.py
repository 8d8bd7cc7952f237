"""A Spanish speaker on a phone, start to result, for every kind of result: all in Spanish.

Each walk starts at ``/?lang=es`` on a 390 px phone and answers the questions by
their Spanish words (``Walker(language="es")`` reads the questions from
``rules/translations/es.toml`` and the buttons from the Spanish catalogue), so a
question or button left in English cannot be answered. On the way it checks
``<html lang="es">`` on every page, and axe-core on the pages a Spanish speaker
alone sees: an error, the result, the contact form with its errors, the confirmation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from advisor.catalogues import translator
from tests.browser.walker import Walker
from tests.personas import BFR_CANDIDATE, BOTH_BLOCKED_AT_60, CHEST_PAIN, NMT_CANDIDATE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE_390 = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
AXE = Axe()
SPANISH = translator("es").gettext

#: Each kind of result, the answers that lead to it, and its heading (in English, as written).
RESULTS: dict[str, tuple[Mapping[str, object], str]] = {
    "bfr": (BFR_CANDIDATE, "Blood flow restriction training may suit you"),
    "nmt": (NMT_CANDIDATE, "Neuromuscular therapy may suit you"),
    "consult": (BOTH_BLOCKED_AT_60, "Talk with one of our clinicians first"),
    "urgent": (CHEST_PAIN, "Get emergency help now"),
}


def spanish(english: str) -> str:
    """Return the catalogue's Spanish for ``english``, failing if it has none."""
    words = SPANISH(english)
    assert words != english, f"no Spanish in the catalogue for {english!r}"
    return words


def assert_accessible(walker: Walker, where: str) -> None:
    results = AXE.run(walker.page)
    assert results.response["violations"] == [], f"{where}:\n{results.generate_report()}"


def in_spanish(walker: Walker) -> None:
    expect(walker.page.locator("html")).to_have_attribute("lang", "es")


@pytest.fixture
def spanish_phone(new_context: Callable[..., BrowserContext]) -> Walker:
    """A Spanish speaker on a 390 px phone."""
    return Walker(new_context(**PHONE_390).new_page(), language="es")


@pytest.mark.parametrize("result", list(RESULTS))
def test_a_spanish_speaker_reaches_each_result_in_spanish_on_a_phone(spanish_phone, result):
    """Every page from the start to the result is Spanish, and axe-core finds nothing on the result."""
    walker = spanish_phone
    answers, heading = RESULTS[result]

    walker.start()
    ended = walker.walk(answers, on_page=in_spanish)
    if result != "urgent":
        assert ended == "/check-answers"
        in_spanish(walker)
        walker.follow(spanish("See your result"))

    in_spanish(walker)
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(spanish(heading))
    width = walker.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["viewport"]["width"], f"{result}: {width}px wide"
    assert_accessible(walker, f"{result} result")


def test_a_spanish_speaker_is_told_of_mistakes_and_asks_for_a_call_in_spanish(spanish_phone):
    """An error on a question, the contact form's errors and the confirmation, all in Spanish."""
    walker = spanish_phone
    walker.start()
    walker.go_on()  # nothing answered
    in_spanish(walker)
    summary = walker.page.get_by_role("alert")
    expect(summary).to_contain_text(spanish("There is a problem"))
    assert_accessible(walker, "a page with errors")

    walker.walk(BFR_CANDIDATE)
    walker.follow(spanish("See your result"))
    walker.follow(spanish("Ask us to contact you"))
    walker.press(spanish("Ask the clinic to contact me"))  # nothing filled in
    expect(walker.page.get_by_role("alert")).to_contain_text(spanish("There is a problem"))
    assert_accessible(walker, "the contact form with errors")

    walker.page.get_by_label(spanish("Your name")).fill("Ana López")
    walker.page.get_by_label(spanish("Phone number")).fill("555 123 4567")
    walker.page.get_by_label(
        spanish("I agree that the clinic keeps my answers and these details to contact me")
    ).check()
    walker.press(spanish("Ask the clinic to contact me"))

    in_spanish(walker)
    expect(walker.page.get_by_role("heading", level=1)).to_have_text(
        spanish("We have your request")
    )
    assert_accessible(walker, "the confirmation")
