"""A person filling in the questionnaire in Chromium, by the words on the screen.

``Walker`` is the browser's counterpart of ``tests/web/conftest.py``'s
``QuestionnaireWalker``: it takes answers in the contract's shape (the same
answer sets), looks up the words the person sees in ``rules/questions.toml``,
and then finds every field by its accessible name only, as a person (or a
screen reader) would: a textbox by its label, a radio or checkbox by its label
inside the group named by its question. A field that is not labelled right
cannot be answered, so every walk also checks the labels.

``PAGE_TYPES`` says where each kind of page is, which answers come before it
and what its heading is, for the accessibility, screenshot and phone tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page

from advisor.catalogues import translator
from advisor.questionnaire import Question
from tests.personas import (
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED_AT_60,
    CALF_SWELLING,
    CHEST_PAIN,
    CHILD,
    NMT_CANDIDATE,
    WEIGHT_LOSS,
    answers_before,
)
from tests.rules_under_test import questionnaire_under_test, ruleset_under_test

NONE_OF_THESE = "None of these"


def label(question_id: str, value: str) -> str:
    """Return the words a person sees for one answer of a question."""
    question = questionnaire_under_test()[question_id]
    return next(option.label for option in question.options if option.value == value)


#: A small phone (iPhone SE size), held upright: browser context settings.
PHONE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


class Walker:
    """Answer the questionnaire's pages in a browser page, by their visible words."""

    def __init__(self, page: Page, language: str = "en") -> None:
        self.page = page
        #: The language the person reads: questions from its translation, buttons from its catalogue.
        self.language = language
        self.questionnaire = (
            questionnaire_under_test()
            if language == "en"
            else ruleset_under_test().questionnaire_in(language)
        )
        self.words = translator(language).gettext
        #: The questionnaire pages answered so far, in order.
        self.visited: list[str] = []

    # Where the person is -------------------------------------------------------------

    @property
    def path(self) -> str:
        """Return the path of the page shown now (no query, no fragment)."""
        return urlsplit(self.page.url).path

    @property
    def page_id(self) -> str | None:
        """Return the id of the questionnaire page shown now, or None on any other page."""
        prefix = "/questions/"
        return self.path.removeprefix(prefix) if self.path.startswith(prefix) else None

    def heading(self) -> str:
        """Return the text of the page's one level-1 heading."""
        return self.page.get_by_role("heading", level=1).inner_text().strip()

    # Finding fields by their words -----------------------------------------------------

    def group(self, question_text: str) -> Locator:
        """Return the fieldset named by a question (its legend may also hold the step)."""
        return self.page.get_by_role("group", name=question_text)

    def textbox(self, question_text: str) -> Locator:
        """Return the text box labelled by a question."""
        return self.page.get_by_role("textbox", name=question_text, exact=True)

    def radio(self, question_text: str, label: str) -> Locator:
        """Return the radio button with this label in the question's group."""
        return self.group(question_text).get_by_role("radio", name=label, exact=True)

    def checkbox(self, question_text: str, label: str) -> Locator:
        """Return the checkbox with this label in the question's group."""
        return self.group(question_text).get_by_role("checkbox", name=label, exact=True)

    # Answering ----------------------------------------------------------------------

    def type_in(self, question_text: str, text: str) -> None:
        """Type into the text box of a question, replacing what was there."""
        self.textbox(question_text).fill(text)

    def choose(self, question_text: str, label: str) -> None:
        """Choose one answer of a question by its label."""
        self.radio(question_text, label).check()

    def tick(self, question_text: str, labels: list[str]) -> None:
        """Tick exactly these answers of a tick-any question, unticking any others."""
        for label in labels:
            self.checkbox(question_text, label).check()
        # Read every ticked box's label first: unticking changes which boxes match "checked".
        ticked = self.group(question_text).get_by_role("checkbox", checked=True)
        ids = [box.get_attribute("id") for box in ticked.all()]
        for label in [self.page.locator(f'label[for="{id_}"]').inner_text() for id_ in ids]:
            if label.strip() not in labels:
                self.checkbox(question_text, label.strip()).uncheck()

    def answer(self, answers: Mapping[str, object]) -> None:
        """Answer each question of the page shown now that has an answer here."""
        assert self.page_id is not None, f"not on a questionnaire page: {self.page.url}"
        for question in self.questionnaire.on_page(self.page_id):
            if question.id in answers:
                self.give(question, answers[question.id])

    def give(self, question: Question, value: object) -> None:
        """Give one answer in the contract's shape, through the words on the page."""
        labels = {option.value: option.label for option in question.options}
        if question.type == "integer":
            self.type_in(question.text, str(value))
        elif question.type == "single":
            self.choose(question.text, labels[str(value)])
        else:
            ticked = [labels[v] for v in value]  # type: ignore[attr-defined]
            self.tick(question.text, ticked or [self.words(NONE_OF_THESE)])

    # Moving on ----------------------------------------------------------------------

    def press(self, button: str) -> None:
        """Press a button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()

    def follow(self, link: str) -> None:
        """Follow a link by its words and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link, exact=True).click()

    def go_on(self) -> None:
        """Press Continue."""
        self.press(self.words("Continue"))

    def go_back(self) -> None:
        """Follow the page's Back link, above its heading (not the browser's Back)."""
        self.follow(self.words("Back"))

    def start(self) -> None:
        """Open the start page and press Start now."""
        self.page.goto("/" if self.language == "en" else f"/?lang={self.language}")
        self.follow(self.words("Start now"))

    def walk(
        self,
        answers: Mapping[str, object],
        *,
        stop_at: str | None = None,
        on_page: Callable[[Walker], None] | None = None,
    ) -> str:
        """Answer page after page until the questionnaire leaves its pages (or reaches ``stop_at``).

        :param on_page: called on each questionnaire page before it is answered.
        :returns: the path it ended on (check answers, or the urgent page).
        :raises AssertionError: if a page does not accept its answers.
        """
        for _ in range(len(self.questionnaire.pages) + 1):
            page_id = self.page_id
            if page_id is None or page_id == stop_at:
                return self.path
            if on_page is not None:
                on_page(self)
            self.visited.append(page_id)
            self.answer(answers)
            self.go_on()
            if self.page_id == page_id:
                problems = self.page.get_by_role("alert").all_inner_texts()
                raise AssertionError(f"page {page_id} refused its answers: {problems}")
        raise AssertionError("the questionnaire did not end")

    def finish(self, answers: Mapping[str, object]) -> None:
        """Start, answer every page, check the answers and open the result."""
        self.start()
        ended = self.walk(answers)
        assert ended == "/check-answers", f"ended on {ended}"
        self.follow(self.words("See your result"))
        assert self.path == "/result"


@dataclass(frozen=True)
class PageType:
    """One kind of page: where it is, the answers given before it, and its heading."""

    path: str
    heading: str
    given: Mapping[str, object] = field(default_factory=dict)
    #: Press Continue with nothing answered, to see the page's errors.
    send_empty: bool = False
    #: A level-2 heading the page must also show, if any.
    section: str = ""


def _question(page_id: str, heading: str, *, send_empty: bool = False) -> PageType:
    return PageType(
        f"/questions/{page_id}", heading, answers_before(page_id, BFR_CANDIDATE), send_empty
    )


def _urgent(answers: Mapping[str, object], heading: str) -> PageType:
    # Only the answers a person gives before the questionnaire stops at the red flags.
    return PageType("/urgent", heading, answers_before("cuff-safety", answers))


#: Every kind of page a person can see, by a name used for test ids and screenshots.
PAGE_TYPES: dict[str, PageType] = {
    "start": PageType("/", "Check which therapy could help you"),
    "question-number": _question("about-you", "How old are you?"),
    "question-checkboxes": _question(
        "urgent-symptoms", "Do you have any of these right now, or did they start recently?"
    ),
    "question-radio": _question("surgery", "When did you last have surgery?"),
    "question-several": _question("strength", "Muscle strength"),
    "validation-errors": _question("pain-details", "About your pain", send_empty=True),
    "check-answers": PageType("/check-answers", "Check your answers", BFR_CANDIDATE),
    "result-bfr": PageType(
        "/result", "Blood flow restriction training may suit you", BFR_CANDIDATE
    ),
    "result-nmt": PageType("/result", "Neuromuscular therapy may suit you", NMT_CANDIDATE),
    "result-consult-blocked": PageType(
        "/result",
        "Talk with one of our clinicians first",
        BOTH_BLOCKED_AT_60,
        section="A clinician must check first",
    ),
    "result-blocked-suggested": PageType(
        "/result",
        "Talk with one of our clinicians first",
        BFR_BLOCKED_NMT_SUGGESTED,
        section="A clinician must check first",
    ),
    "result-child": PageType(
        "/result",
        "Talk with one of our clinicians first",
        CHILD,
        section="What happens when you talk with a clinician",
    ),
    "urgent-emergency": _urgent(CHEST_PAIN, "Get emergency help now"),
    "urgent-same-day": _urgent(CALF_SWELLING, "See a doctor today"),
    "urgent-soon": _urgent(WEIGHT_LOSS, "See your doctor in the next few days"),
    "not-found": PageType("/no-such-page", "Page not found"),
}


def reach(walker: Walker, page_type: str, cookie: Callable[[Mapping[str, object]], dict]) -> None:
    """Open a kind of page, its earlier answers already given, and check it by its heading.

    :param cookie: makes the session cookie holding some answers (the ``session_cookie`` fixture).
    """
    kind = PAGE_TYPES[page_type]
    if kind.given:
        walker.page.context.add_cookies([cookie(kind.given)])  # type: ignore[list-item]
    walker.page.goto(kind.path)
    assert walker.path == kind.path, f"{page_type}: sent on to {walker.page.url}"
    if kind.send_empty:
        walker.go_on()
        assert walker.page.get_by_role("alert").is_visible(), f"{page_type}: no errors shown"
    heading = walker.heading()
    assert kind.heading in heading, f"{page_type}: heading is {heading!r}"
    if kind.section:
        section = walker.page.get_by_role("heading", name=kind.section, level=2)
        assert section.is_visible(), f"{page_type}: no {kind.section!r} section"
