"""The path finder: which pages apply, in what order, and where each step leads (no Flask)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.questionnaire import Page
from advisor.runner.path import CHECK_ANSWERS, RED_FLAG, START, PathFinder, Position, prune
from tests import strategies
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


def test_the_position_counts_only_pages_on_the_path_once_every_answer_is_in() -> None:
    finder = path()
    assert finder.position(FIRST) == Position(1, len(finder.pages))
    assert finder.position(LAST) == Position(len(finder.pages), len(finder.pages))
    assert path(SURGERY).position(LAST).steps == len(finder.pages) + 1


def forward(answers: Mapping[str, object]) -> list[tuple[str, Position]]:
    """Answer page after page with ``answers``, as Continue does; return each page's position.

    An extra question the answers leave out gets its default, as the web form's neutral answer.
    """
    sent: dict[str, object] = {}
    seen = []
    while (page := path(sent).first_unanswered()) is not None:
        seen.append((page.id, path(sent).position(page)))
        for question in path(sent).asked(page.id):
            if question.id in answers:
                sent[question.id] = answers[question.id]
            else:
                sent[question.id] = question.to_dict()["default"]
        if path(sent).red_flagged():
            break
    return seen


def test_the_step_count_does_not_grow_when_a_surgery_brings_in_its_site() -> None:
    """The example: "Step 8 of 13" on surgery stays "of 13" after a surgery, never "of 14"."""
    positions = dict(
        forward({**NMT_CANDIDATE, "surgery": "under_6_weeks", "surgery_site": "spine"})
    )

    assert positions["surgery"] == Position(8, 13)
    assert positions["surgery-site"] == Position(9, 13)
    assert positions["pain-details"] == Position(11, 13)
    assert positions["payment"] == Position(13, 13)


def test_the_step_count_shrinks_when_an_answer_rules_pages_out() -> None:
    """No surgery and no pain leave out the surgery's site and the pain's details: 13 to 11."""
    positions = dict(forward(WELL))

    assert positions["surgery"] == Position(8, 13)
    assert positions["pain"] == Position(9, 12)
    assert positions["pain-more"] == Position(10, 11)
    assert positions["payment"] == Position(11, 11)


@given(strategies.answer_sets())
def test_along_any_path_the_step_count_never_grows(answers) -> None:
    """Going on, the steps are 1, 2, 3, ... and the total never increases; the last is N of N."""
    positions = [position for _, position in forward(answers)]
    steps = [p.steps for p in positions]

    assert [p.step for p in positions] == list(range(1, len(positions) + 1))
    assert steps == sorted(steps, reverse=True)
    if not answers["red_flags"]:
        assert positions[-1].step == positions[-1].steps


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
