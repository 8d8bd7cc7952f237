"""The path finder: which pages apply, in what order, and where each step leads (no Flask)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.questionnaire import Page
from advisor.runner.path import CHECK_ANSWERS, RED_FLAG, START, PathFinder, Position, prune
from tests.personas import NMT_CANDIDATE, WELL, answers_before
from tests.rules_under_test import questionnaire_under_test

QUESTIONNAIRE = questionnaire_under_test()
PAGES = {page.id: page for page in QUESTIONNAIRE.pages}
FIRST, LAST = QUESTIONNAIRE.pages[0], QUESTIONNAIRE.pages[-1]
SURGERY = {**WELL, "surgery": "under_6_weeks", "surgery_site": "lower_limb"}


def path(answers: Mapping[str, object] = WELL) -> PathFinder:
    return PathFinder(QUESTIONNAIRE, answers)  # type: ignore[arg-type]


def walk(finder: PathFinder) -> list[str]:
    """Follow ``after`` from the first page, as someone pressing Continue would."""
    visited, here = [], FIRST
    while isinstance(here, Page):
        visited.append(here.id)
        here = finder.after(here, changing=False)
    return [*visited, here]


def test_a_page_whose_questions_are_not_asked_is_not_on_the_path() -> None:
    assert "surgery-site" not in [p.id for p in path().pages]
    assert "surgery-site" in [p.id for p in path(SURGERY).pages]


def test_continue_from_the_first_page_walks_the_path_in_order_to_check_answers() -> None:
    assert walk(path()) == [*(p.id for p in path().pages), CHECK_ANSWERS]


@given(st.sampled_from([WELL, SURGERY]), st.data())
def test_back_from_any_page_on_the_path_goes_to_the_page_before_it(answers, data) -> None:
    finder = path(answers)
    index = data.draw(st.integers(0, len(finder.pages) - 1))
    expected = finder.pages[index - 1] if index else START
    assert finder.before(finder.pages[index], changing=False) == expected


def test_the_position_counts_only_pages_on_the_path() -> None:
    finder = path()
    assert finder.position(FIRST) == Position(1, len(finder.pages))
    assert finder.position(LAST) == Position(len(finder.pages), len(finder.pages))
    assert path(SURGERY).position(LAST).steps == len(finder.pages) + 1


def test_a_page_after_an_unanswered_one_leads_back_to_the_gap() -> None:
    answers = {k: v for k, v in WELL.items() if k != "age"}
    assert path(answers).detour(LAST, changing=False) == FIRST
    assert path(answers).first_unanswered() == FIRST


def test_a_page_that_no_longer_applies_sends_on_to_the_next_one() -> None:
    assert path().detour(PAGES["surgery-site"], changing=False) == PAGES["pain"]


@pytest.mark.parametrize("page_id", [p.id for p in QUESTIONNAIRE.pages][2:])
def test_once_a_red_flag_is_ticked_every_later_page_leads_to_the_red_flag_stop(page_id) -> None:
    flagged = path({**WELL, "red_flags": ["chest_pain"]})
    assert flagged.detour(PAGES[page_id], changing=False) == RED_FLAG


def test_sending_the_red_flag_page_with_a_flag_leads_to_the_red_flag_stop() -> None:
    flagged = path({"age": 50, "red_flags": ["chest_pain"]})
    assert flagged.after(PAGES["urgent-symptoms"], changing=False) == RED_FLAG
    assert flagged.red_flags() == ["chest_pain"]


def test_a_change_goes_back_to_check_answers_unless_it_made_a_question_apply() -> None:
    assert path().after(PAGES["surgery"], changing=True) == CHECK_ANSWERS
    had_surgery = {**WELL, "surgery": "under_6_weeks"}
    assert path(had_surgery).after(PAGES["surgery"], changing=True) == PAGES["surgery-site"]
    assert path(had_surgery).before(PAGES["surgery-site"], changing=True) == PAGES["surgery"]
    assert path().before(PAGES["surgery"], changing=True) == CHECK_ANSWERS


def test_resume_leads_to_the_start_the_first_gap_or_check_answers() -> None:
    assert path({}).resume() == START
    assert path({"age": 40}).resume() == PAGES["urgent-symptoms"]
    assert path().resume() == CHECK_ANSWERS


def test_the_engine_gets_none_for_every_question_not_asked_yet() -> None:
    values = dict(path({"age": 50, "red_flags": ["chest_pain"]}).engine_answers().items())
    assert values["red_flags"] == frozenset({"chest_pain"})
    assert values["surgery"] is None
    assert set(values) == set(QUESTIONNAIRE.ids)


#: What "I do not have pain" stands for on the pages of pain details the web skips.
NO_PAIN_DETAILS = {"pain_cause": "none", "pain_intensity": 0, "pain_sources": []}


def test_prune_drops_answers_to_questions_that_no_longer_apply() -> None:
    assert "surgery_site" not in prune(QUESTIONNAIRE, {**SURGERY, "surgery": "none"})
    assert prune(QUESTIONNAIRE, NMT_CANDIDATE) == NMT_CANDIDATE


def test_prune_drops_answers_to_questions_the_web_skips() -> None:
    """With no pain, an earlier answer about the pain's cause, score or words is dropped."""
    in_pain_then_not = {**NMT_CANDIDATE, "pain_duration": "none"}

    kept = prune(QUESTIONNAIRE, in_pain_then_not)

    assert set(NO_PAIN_DETAILS).isdisjoint(kept)
    assert "pain-details" not in [p.id for p in path(kept).pages]


def test_the_complete_answers_fill_in_what_a_skipped_question_stands_for() -> None:
    """The engine and the API get every core answer, as "I do not have pain" implies them."""
    given = {k: v for k, v in WELL.items() if k not in NO_PAIN_DETAILS}

    assert path(given).complete() == {**given, **NO_PAIN_DETAILS}
    assert path(given).engine_answers()["pain_intensity"] == 0
    assert path(given).first_unanswered() is None


def test_nothing_is_filled_in_before_the_answer_that_decides_a_skip() -> None:
    """Until pain is answered, its details are neither asked nor stand for anything."""
    before_pain = answers_before("pain")

    assert set(NO_PAIN_DETAILS).isdisjoint(path(before_pain).complete())
    assert path(before_pain).engine_answers()["pain_cause"] is None
