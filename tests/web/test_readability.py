"""Plain words: patient-facing text reads at a US grade 8 level or below (Flesch-Kincaid).

Text is judged a page (or a rule file) at a time, so a short label does not
count alone. textstat looks words up in the CMU dictionary, which it would
fetch from the network; these tests count syllables with its bundled Pyphen
instead, so they run offline and give the same grade everywhere.
"""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from advisor.ruleset import default_rules_dir, rule_paths
from advisor.web import messages
from advisor.web.what_to_expect import INSURANCE_NOTES
from tests.personas import BFR_CANDIDATE, NMT_CANDIDATE, WELL
from tests.rules_under_test import questionnaire_under_test

pytestmark = pytest.mark.usefixtures("offline_syllables")

MAX_GRADE = 8.0
QUESTIONNAIRE = questionnaire_under_test()
RULE_FILES = rule_paths(default_rules_dir())

#: Elements whose text ends a sentence even without a full stop (headings, labels, list items).
BLOCKS = {"h1", "h2", "h3", "p", "li", "dt", "dd", "label", "legend", "a", "button", "div"}


def sentences(*parts: str) -> str:
    """Join texts so each ends a sentence."""
    return " ".join(p if p.rstrip().endswith((".", "?", "!", ":")) else f"{p}." for p in parts if p)


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


class MainText(HTMLParser):
    """Collect the visible text inside <main>, ending a sentence at each block."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "main":
            self.depth += 1
        elif self.depth and tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if self.depth and (tag in BLOCKS or tag == "main"):
            self.flush()
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.parts.append(text)
        self.current = []


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    return sentences(*parser.parts)


@pytest.mark.parametrize("page", QUESTIONNAIRE.pages, ids=lambda p: p.id)
def test_questionnaire_page_wording_is_plain(page):
    """A page's title, intro, questions, help, option labels and hints read at grade 8 or below."""
    parts = [page.title, page.intro]
    for question in QUESTIONNAIRE.on_page(page.id):
        parts += [question.text, question.help]
        for option in question.options:
            parts += [option.label, option.hint]

    assert grade(sentences(*parts)) <= MAX_GRADE


def test_error_messages_are_plain():
    """Every error message together reads at grade 8 or below."""
    parts = []
    for question in QUESTIONNAIRE:
        parts.append(messages.required(question))
        if question.type == "integer":
            parts += [messages.not_whole_number(question), messages.out_of_range(question)]
        if question.type == "multi":
            parts.append(messages.none_with_others(question))

    assert grade(sentences(*parts)) <= MAX_GRADE


def test_insurance_sentences_are_plain():
    """The sentences about paying read at grade 8 or below."""
    assert grade(sentences(*map(str, INSURANCE_NOTES.values()))) <= MAX_GRADE


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_rule_reasons_are_plain(path: Path):
    """The reasons (`because`) of a rule file, read together, are at grade 8 or below."""
    with path.open("rb") as handle:
        rules = tomllib.load(handle).get("rule", [])

    assert grade(sentences(*(rule["because"] for rule in rules))) <= MAX_GRADE


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({}, "/"),
        (WELL, "/check-answers"),
        (BFR_CANDIDATE, "/result"),
        (NMT_CANDIDATE, "/result"),
        (WELL, "/result"),
        ({**BFR_CANDIDATE, "bfr_risks": ["unsure"], "bleeding_risk": "unsure"}, "/result"),
        (
            {
                **BFR_CANDIDATE,
                "bfr_risks": ["clot_history"],
                "pain_cause": "ongoing_strain",
                "pain_sources": ["trigger_points"],
            },
            "/result",
        ),
        ({**BFR_CANDIDATE, "muscle_weakness": "mild"}, "/result"),
        ({**NMT_CANDIDATE, "age": 10, "pain_cause": "recent_injury"}, "/result"),
        ({"age": 50, "red_flags": ["chest_pain"]}, "/urgent"),
        ({"age": 50, "red_flags": ["fever_with_pain"]}, "/urgent"),
        ({"age": 50, "red_flags": ["unexplained_weight_loss"]}, "/urgent"),
        ({}, "/no-such-page"),
    ],
    ids=[
        "start",
        "check-answers",
        "result-bfr",
        "result-nmt",
        "result-consult",
        "result-blocked",
        "result-blocked-and-suggested",
        "result-consult-first",
        "result-child",
        "urgent-emergency",
        "urgent-same-day",
        "urgent-soon",
        "not-found",
    ],
)
def test_fixed_page_text_is_plain(client, given, answers, path):
    """The text of the start, check-answers, result, urgent and error pages is at grade 8 or below."""
    given(answers)

    text = main_text(client.get(path).get_data(as_text=True))

    assert grade(text) <= MAX_GRADE, text


def _reasons() -> list[tuple[str, str]]:
    from advisor.engine.safety import CONSULT_BY_DEFAULT_NOTE, UNDER_18_NOTE, red_flag_note, vetoes

    found = [
        (rule["id"], rule["because"])
        for path in RULE_FILES
        for rule in tomllib.loads(path.read_text())["rule"]
    ]
    notes = [
        CONSULT_BY_DEFAULT_NOTE,
        UNDER_18_NOTE,
        red_flag_note("emergency"),
        *vetoes({"bfr_risks": frozenset({"unsure"}), "bleeding_risk": "yes"}),
        *vetoes({"bfr_risks": frozenset({"pregnancy"})}),
    ]
    return found + [(note.id, note.because) for note in notes]


@pytest.mark.parametrize(("reason_id", "because"), _reasons(), ids=[r for r, _ in _reasons()])
def test_each_reason_a_patient_reads_is_plain_on_its_own(reason_id, because):
    """Every rule's reason, and every safety note of the engine, reads at grade 8 or below."""
    assert grade(because) <= MAX_GRADE
