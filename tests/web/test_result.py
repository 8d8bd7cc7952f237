"""The result page: recommendation, reasons, blocked therapies, what sessions are like, cost."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings

from advisor.assessment import assess
from advisor.response import (
    Assessment,
    BlockedTherapy,
    ExplanationItem,
    Recommendation,
    RuleSetInfo,
)
from advisor.web.results import ANY_TREATMENT, THERAPY_NAMES, outcome_for
from advisor.web.what_to_expect import CONSULT_HEADING, INSURANCE_NOTES, SESSION_HEADINGS
from tests.pages import text_of
from tests.personas import (
    ARTHRITIS_PAIN_ONLY,
    BFR_BLOCKED,
    BFR_BLOCKED_NMT_SUGGESTED,
    BFR_CANDIDATE,
    BOTH_BLOCKED,
    CHILD,
    MILD_WEAKNESS,
    NMT_CANDIDATE,
    WELL,
)
from tests.strategies import answer_sets, at_most

BFR = THERAPY_NAMES["bfr"]
NMT = THERAPY_NAMES["nmt"]
WHY = "Why we say this"
CHECK_FIRST = "A clinician must check first"


@pytest.fixture
def result(client, given):
    """Return a function: answers → the result page's text."""

    def show(answers) -> str:
        given(answers)
        response = client.get("/result")
        assert response.status_code == 200
        return text_of(response)

    return show


def sections(page: str) -> dict[str, list[tuple[str, list[str]]]]:
    """Return each level-2 section of a result page: its groups, each a heading and its titles.

    A section starts at a level-2 heading, or at the summary of a folded part ("Why we
    say this"). A group is a ``reason`` box: its level-3 heading, then the title of each
    reason in it.
    """
    found = {}
    for part in re.split(r'<h2 class="heading-m"[^>]*>|<summary class="details-summary">', page)[
        1:
    ]:
        heading, _, body = re.split(r"(</h2>|</summary>)", part, maxsplit=1)
        boxes = re.findall(
            r'<div class="reason[^"]*">\s*<h3 class="heading-s">(.*?)</h3>(.*?)</div>', body
        )
        found[html.unescape(heading)] = [
            (
                html.unescape(name),
                [html.unescape(t) for t in re.findall(r"<strong>(.*?)\.?</strong>", box)],
            )
            for name, box in boxes
        ]
    return found


def titles(answers, ruleset, target: str, *effects: str) -> list[str]:
    """Return the titles of the applied items about ``target`` with these effects, in order."""
    explanation = assess(answers, ruleset).explanation
    return [
        i.title for i in explanation if i.applied and i.target == target and i.effect in effects
    ]


@pytest.mark.parametrize(
    ("answers", "headline"),
    [
        (BFR_CANDIDATE, "Blood flow restriction training may suit you"),
        (NMT_CANDIDATE, "Neuromuscular therapy may suit you"),
        (WELL, "Talk with one of our clinicians first"),
    ],
)
def test_primary_recommendation_in_plain_words(result, answers, headline):
    """The headline says the primary recommendation in plain words."""
    assert f'<h1 class="heading-l">{headline}</h1>' in result(answers)


def test_other_suggestions_are_listed_with_a_link_to_their_session(result):
    """A therapy suggested besides the primary one is said to suit too, and its session is a link."""
    text = result(
        {**BFR_CANDIDATE, "pain_cause": "ongoing_strain", "pain_sources": ["trigger_points"]}
    )

    assert "Neuromuscular therapy (NMT) may also suit you." in text
    assert '<a class="link" href="/therapies/nmt">What an NMT session is like</a>' in text
    assert '<h2 class="heading-m">What an NMT session is like</h2>' not in text


def test_reasons_are_grouped_under_the_therapy_they_are_about(result, default_ruleset):
    """Under "Why we say this", each reason for BFR sits under BFR's full name, with its reason."""
    explanation = assess(BFR_CANDIDATE, default_ruleset).explanation

    text = result(BFR_CANDIDATE)

    assert sections(text)[WHY] == [(BFR, titles(BFR_CANDIDATE, default_ruleset, "bfr", "suggest"))]
    for item in explanation:
        assert html.escape(item.because, quote=False) in text


def test_reason_groups_follow_the_suggestions_then_consults_then_any_treatment(
    result, default_ruleset
):
    """Suggested therapies come first in their order, then one a clinician talks about first."""
    answers = {**MILD_WEAKNESS, "pain_cause": "ongoing_strain", "pain_sources": ["trigger_points"]}
    recommendation = assess(answers, default_ruleset).recommendation

    groups = sections(result(answers))[WHY]

    assert recommendation.suggestions == ("nmt",)
    assert groups == [
        (NMT, titles(answers, default_ruleset, "nmt", "suggest", "consult")),
        (BFR, titles(answers, default_ruleset, "bfr", "consult")),
    ]


def test_reasons_about_any_treatment_come_last(result, default_ruleset):
    """A child's reasons about any treatment follow those about a therapy, under their own heading."""
    groups = sections(result(CHILD))[WHY]

    assert [name for name, _ in groups][-1] == ANY_TREATMENT
    assert groups[-1][1] == titles(CHILD, default_ruleset, "all", "consult")


def test_blocked_therapies_say_why(result, default_ruleset):
    """A therapy ruled out until a clinician checks is named once with every reason about it."""
    answers = {**BFR_CANDIDATE, "bfr_risks": ["varicose_veins", "clot_history"]}

    text = result(answers)

    assert sections(text)[CHECK_FIRST] == [
        (BFR, titles(answers, default_ruleset, "bfr", "block", "consult"))
    ]
    assert "<strong>Varicose veins.</strong>" in text
    assert "<strong>A past blood clot.</strong>" in text


def test_a_blocked_therapy_appears_once_with_its_blocks_and_consults(result, default_ruleset):
    """Each blocked therapy has one heading on the page, under "A clinician must check first"."""
    text = result(BOTH_BLOCKED)

    found = sections(text)
    assert found[CHECK_FIRST] == [
        (BFR, titles(BOTH_BLOCKED, default_ruleset, "bfr", "block", "consult")),
        (NMT, titles(BOTH_BLOCKED, default_ruleset, "nmt", "block", "consult")),
    ]
    assert [name for name, _ in found.get(WHY, [])] in ([], [ANY_TREATMENT])
    assert text.count(f'<h3 class="heading-s">{BFR}</h3>') == 1
    assert text.count(f'<h3 class="heading-s">{NMT}</h3>') == 1
    assert "may suit you" not in text


def test_a_therapy_suggested_by_a_rule_but_blocked_is_never_said_to_suit(result, default_ruleset):
    """BFR's rules fire for a BFR candidate with a past clot, but the page never says BFR suits."""
    explanation = assess(BFR_BLOCKED, default_ruleset).explanation
    set_aside = [i for i in explanation if i.target == "bfr" and not i.applied]

    text = result(BFR_BLOCKED)

    assert set_aside, "the BFR rules no longer fire for this person"
    assert "may suit you" not in text
    assert "Blood flow restriction training may" not in text
    assert BFR not in [name for name, _ in sections(text).get(WHY, [])]
    assert text.count(f'<h3 class="heading-s">{BFR}</h3>') == 1
    for item in set_aside:
        assert f"<strong>{item.title}" not in text


def test_with_one_therapy_blocked_the_other_may_still_suit(result, default_ruleset):
    """BFR blocked and NMT suggested: NMT may suit (a clinician first); BFR only under checks."""
    text = result(BFR_BLOCKED_NMT_SUGGESTED)

    found = sections(text)
    assert "Based on your answers, neuromuscular therapy (NMT) may suit you." in text
    assert [name for name, _ in found[WHY]] == [NMT]
    assert [name for name, _ in found[CHECK_FIRST]] == [BFR]
    assert text.count(f"{BFR}</") == 1
    assert "Blood flow restriction training (BFR) may" not in text


def test_a_child_is_suggested_no_therapy_and_sees_a_childrens_clinician_first(
    result, default_ruleset
):
    """Age 10 with an injury that would suggest NMT in an adult: no therapy suits, the child text."""
    recommendation = assess(CHILD, default_ruleset).recommendation

    text = result(CHILD)

    assert recommendation.suggestions == ()
    assert "A child under 12 should first see a clinician who treats children." in text
    assert "may suit you" not in text
    assert "Other treatments that may suit you" not in text
    assert NMT not in [name for name, _ in sections(text)[WHY]]


@pytest.mark.parametrize(
    ("answers", "panel"),
    [
        (
            BFR_CANDIDATE,
            "Based on your answers, blood flow restriction training (BFR) may suit you. "
            "A clinician will check with you before you start.",
        ),
        (
            NMT_CANDIDATE,
            "Based on your answers, neuromuscular therapy (NMT) may suit you. "
            "A clinician will check with you before you start.",
        ),
        (
            {**BFR_CANDIDATE, "age": 15},
            "Based on your answers, blood flow restriction training (BFR) may suit you. "
            "But a clinician should talk with you first. The reasons below say why.",
        ),
        (
            BFR_BLOCKED,
            "Based on your answers, a clinician should check a few things with you before you "
            "start a treatment. The reasons below say why.",
        ),
        (
            MILD_WEAKNESS,
            "Based on your answers, a clinician should check a few things with you before you "
            "start a treatment. The reasons below say why.",
        ),
        (
            WELL,
            "Your answers do not point to BFR or NMT right now. "
            "A clinician can talk with you about what would suit you best.",
        ),
        (
            ARTHRITIS_PAIN_ONLY,
            "Your answers do not point to BFR or NMT right now. "
            "A clinician can talk with you about what would suit you best.",
        ),
        (
            CHILD,
            "A child under 12 should first see a clinician who treats children. "
            "They will check what would help before any treatment starts.",
        ),
    ],
    ids=[
        "bfr",
        "nmt",
        "suggested-but-consult-first",
        "blocked",
        "consult-first",
        "well",
        "fits-neither",
        "child",
    ],
)
def test_the_panel_fits_the_situation(result, answers, panel):
    """The words under the headline say what the answers point to, and no more."""
    text = html.unescape(result(answers))

    found = re.search(r'<div class="panel"> <p>(.*?)</p>', text)

    assert found is not None
    assert found.group(1).startswith(panel)


@pytest.mark.parametrize("answers", [WELL, ARTHRITIS_PAIN_ONLY])
def test_a_person_with_nothing_to_check_is_not_told_of_danger(result, default_ruleset, answers):
    """Nothing blocked or consult-first: the panel says nothing about safety or checks."""
    recommendation = assess(answers, default_ruleset).recommendation

    panel = re.search(r'<div class="panel"> <p>(.*?)</p>', result(answers)).group(1)

    assert recommendation.primary == "consult"
    assert not recommendation.blocked
    for word in ("safe", "risk", "must", "check", "danger", "first"):
        assert word not in panel.lower()


def test_result_says_it_is_not_a_diagnosis(result):
    """The result says it is a screening aid and that a clinician checks before treatment."""
    text = result(BFR_CANDIDATE)

    assert "This is a screening aid, not a diagnosis." in text
    assert "A clinician will check you before any treatment starts." in text


@pytest.mark.parametrize(
    ("answers", "shown", "linked", "words", "not_words"),
    [
        (BFR_CANDIDATE, "bfr", "nmt", "like a blood pressure cuff", "firm, steady pressure"),
        (NMT_CANDIDATE, "nmt", "bfr", "firm, steady pressure", "like a blood pressure cuff"),
    ],
    ids=["bfr", "nmt"],
)
def test_the_result_describes_only_the_suggested_therapys_session(
    result, answers, shown, linked, words, not_words
):
    """Only the suggested therapy's session is described; the other one is a link away."""
    text = result(answers)

    assert f'<h2 class="heading-m">{SESSION_HEADINGS[shown]}</h2>' in text
    assert words in text
    assert not_words not in text
    assert SESSION_HEADINGS[linked] + "</h2>" not in text
    assert f'href="/therapies/{linked}">{SESSION_HEADINGS[linked]}</a>' in text
    for part in (
        "<strong>How it feels.</strong>",
        "<strong>What to wear.</strong>",
        "What it costs",
    ):
        assert part in text


@pytest.mark.parametrize(
    "answers",
    [WELL, BFR_BLOCKED_NMT_SUGGESTED, BOTH_BLOCKED, CHILD],
    ids=["well", "bfr-blocked-nmt-suggested", "both-blocked", "child"],
)
def test_a_consult_result_says_what_a_talk_with_a_clinician_is_not_a_therapy(result, answers):
    """With a clinician first, the page says what that talk is like; both sessions are links."""
    text = result(answers)

    assert f'<h2 class="heading-m">{CONSULT_HEADING}</h2>' in text
    assert "A clinician is a doctor or therapist." in text
    for therapy, heading in SESSION_HEADINGS.items():
        assert f"{heading}</h2>" not in text
        assert f'href="/therapies/{therapy}">{heading}</a>' in text
    assert "<strong>How it feels.</strong>" not in text


def test_a_childs_consult_is_with_a_clinician_who_treats_children(result):
    """For a child, the talk is said to be with a clinician who treats children."""
    assert "this is a clinician who treats children." in result(CHILD)


@pytest.mark.parametrize(
    "answers", [BFR_CANDIDATE, NMT_CANDIDATE, WELL, BFR_BLOCKED_NMT_SUGGESTED, BOTH_BLOCKED]
)
def test_the_page_reads_outcome_meaning_next_step_checks_session_then_reasons(result, answers):
    """The headline, its meaning, what to do next, any checks, the session, then why we say it."""
    text = result(answers)
    markers = [
        'class="caption">Your result<',
        '<div class="panel">',
        ">What to do next</h2>",
        ">A clinician must check first</h2>",
        SESSION_HEADINGS["bfr"] + "</h2>",
        SESSION_HEADINGS["nmt"] + "</h2>",
        CONSULT_HEADING + "</h2>",
        ">What it costs</h3>",
        ">Why we say this</summary>",
    ]

    found = [text.index(marker) for marker in markers if marker in text]

    assert found == sorted(found)
    assert len(found) >= 5


def test_the_next_step_without_a_practice_profile_is_the_contact_form_a_button_away(result):
    """With no profile there is no number to call, never a made-up one: the form is the step."""
    text = result(BFR_CANDIDATE)

    assert "tel:" not in text.replace('href="tel:911"', "")
    assert '<a class="button" href="/result?contact=1#contact">Ask us to contact you</a>' in text
    assert 'action="/result"' not in text


def test_asking_for_the_form_shows_it_under_what_to_do_next(client, given):
    """The button's link shows the form itself, high on the page, before the session."""
    given(BFR_CANDIDATE)

    text = text_of(client.get("/result?contact=1"))

    form = text.index('<form method="post" action="/result"')
    assert text.index(">What to do next</h2>") < form < text.index(str(SESSION_HEADINGS["bfr"]))
    assert "Ask us to contact you</a>" not in text


def test_the_consent_box_says_what_is_kept_and_why_without_a_privacy_notice(client, given):
    """With no profile, beside the consent box: what is kept and why, and no link."""
    given(BFR_CANDIDATE)

    text = text_of(client.get("/result?contact=1"))

    assert 'aria-describedby="consent-hint"' in text
    assert (
        '<div class="hint choice-hint" id="consent-hint">We keep them only to contact you about '
        "this result.</div>"
    ) in text


@pytest.mark.parametrize("therapy", ["bfr", "nmt"])
def test_each_therapy_has_a_page_saying_what_its_session_is_like(client, given, therapy):
    """/therapies/<therapy> describes its session, with a link back to the person's result."""
    given(BFR_CANDIDATE)

    response = client.get(f"/therapies/{therapy}")
    text = text_of(response)

    assert response.status_code == 200
    assert f'<h1 class="heading-l">{SESSION_HEADINGS[therapy]}</h1>' in text
    assert '<a class="link" href="/result">Back to your result</a>' in text
    assert "<strong>How it feels.</strong>" in text
    assert "<strong>What to wear.</strong>" in text


def test_the_nmt_page_says_how_nmt_differs_from_massage(client):
    """The NMT page says how it differs from massage and what the therapist looks at."""
    text = text_of(client.get("/therapies/nmt"))

    assert "How NMT is different from massage" in text
    assert "long, flowing strokes" in text
    assert "What the NMT therapist looks at" in text
    assert "Back to your result" not in text


@pytest.mark.parametrize("name", ["consult", "urgent_care", "BFR", "massage"])
def test_only_the_two_therapies_have_a_page(client, name):
    """Any other name under /therapies/ is not found."""
    assert client.get(f"/therapies/{name}").status_code == 404


def test_without_a_profile_the_cost_is_never_a_number_or_a_promise_of_cover(result):
    """With no profile nothing is said of prices or of what is accepted: the person is to ask."""
    text = html.unescape(result({**BFR_CANDIDATE, "insurance": "self_pay"}))

    assert "$" not in text
    assert "We accept" not in text
    assert "Ask our team what a session costs before you book." in text
    assert "Our team can tell you how long a session takes, how often you would come" in text


@pytest.mark.parametrize("insurance", sorted(INSURANCE_NOTES))
def test_insurance_sentence_fits_the_answer_but_never_the_result(result, insurance):
    """Each way of paying gets its own sentence, and the recommendation stays the same."""
    text = result({**BFR_CANDIDATE, "insurance": insurance})

    assert str(INSURANCE_NOTES[insurance]) in text
    assert '<h1 class="heading-l">Blood flow restriction training may suit you</h1>' in text


def test_result_carries_the_answers_date_and_rule_set_for_print_only(result, default_ruleset):
    """The answers, today's date and the rule set version are in the printed copy, not on screen."""
    today = datetime.date.today()

    text = result(BFR_CANDIDATE)
    printed = text[text.index('<div class="print-only">') :]

    assert "Your answers" in printed
    assert (
        "Osteoarthritis (the most common kind of arthritis, often in knees, hips or hands)"
        in printed
    )
    assert f"Screened on {today:%B} {today.day}, {today.year}." in printed
    assert (
        f"Rule set {default_ruleset.info.version} ({default_ruleset.info.digest[:12]})." in printed
    )
    assert text.count("Rule set ") == 1


def test_the_result_does_not_assume_an_appointment(result):
    """Printing is offered for a visit to a clinician, if there is one: no appointment assumed."""
    text = result(BFR_CANDIDATE)

    assert "appointment" not in text
    assert "If you see a clinician, you can print this page and bring it." in text


def test_result_offers_start_again_as_a_form(result):
    """Start again is a button in a POST form, not a link."""
    text = result(BFR_CANDIDATE)

    assert '<form class="no-print" method="post" action="/start-again">' in text


def test_answers_the_questionnaire_no_longer_accepts_are_asked_again(client, given):
    """A saved answer that is no longer valid is dropped and its page asked again."""
    given({**WELL, "inactivity": "years"})

    response = client.get("/result")

    assert response.location == "/questions/strength"


@settings(max_examples=at_most(200), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=answer_sets())
def test_a_reason_that_did_not_apply_is_never_shown_to_the_patient(client, default_ruleset, raw):
    """Invariant 8: a reason set aside (a blocked or unsuggested therapy) is not on the page."""
    defaults = {q.id: q.to_dict()["default"] for q in default_ruleset.questionnaire if not q.core}
    answers = {**defaults, **raw}
    with client.session_transaction() as session:
        session["answers"] = answers
    explanation = assess(answers, default_ruleset).explanation

    page = client.get("/result")
    text = html.unescape(text_of(page))

    assert page.status_code == 200
    shown = {item.because for item in explanation if item.applied}
    for item in explanation:
        if not item.applied and item.because not in shown:
            assert item.because not in text, item.rule


@settings(max_examples=at_most(200), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=answer_sets())
def test_a_blocked_therapy_is_named_once_and_never_said_to_suit(client, default_ruleset, raw):
    """Whatever the answers, each blocked therapy has one heading, under the checks, and no more.

    (With urgent care first, the page shows where to get care instead, and no therapy at all.)
    """
    defaults = {q.id: q.to_dict()["default"] for q in default_ruleset.questionnaire if not q.core}
    answers = {**defaults, **raw, "red_flags": []}
    with client.session_transaction() as session:
        session["answers"] = answers
    recommendation = assess(answers, default_ruleset).recommendation
    assume(recommendation.primary != "urgent_care")

    text = text_of(client.get("/result"))

    found = sections(text)
    for blocked in recommendation.blocked:
        name = THERAPY_NAMES[blocked.therapy]
        assert text.count(f'<h3 class="heading-s">{name}</h3>') == 1
        assert name in [heading for heading, _ in found[CHECK_FIRST]]
        assert name not in [heading for heading, _ in found.get(WHY, [])]
        assert f"{name} may" not in text
        assert f"{name[0].lower()}{name[1:]} may" not in text
        assert f"{SESSION_HEADINGS[blocked.therapy]}</h2>" not in text


# outcome_for, without the engine ------------------------------------------------------------


def item(rule: str, effect: str, target: str, *, applied: bool = True) -> ExplanationItem:
    return ExplanationItem(rule, f"Title of {rule}", f"Because of {rule}.", effect, target, applied)


def response(
    primary: str,
    suggestions: tuple[str, ...] = (),
    blocked: tuple[str, ...] = (),
    items: tuple[ExplanationItem, ...] = (),
) -> Assessment:
    """Return a response as the engine could give it, built by hand."""
    vetoed = tuple(BlockedTherapy(t, f"Why {t} waits.", ()) for t in blocked)
    recommendation = Recommendation(primary, suggestions, vetoed, None)  # type: ignore[arg-type]
    return Assessment(recommendation, items, RuleSetInfo("test", "0" * 64))


@pytest.mark.parametrize(
    ("given_response", "age", "situation"),
    [
        (response("bfr", ("bfr",), items=(item("s", "suggest", "bfr"),)), 70, "therapy"),
        (
            response("consult", ("nmt",), items=(item("c", "consult", "all"),)),
            40,
            "consult_suggested",
        ),
        (
            response("consult", blocked=("bfr",), items=(item("b", "block", "bfr"),)),
            40,
            "consult_check",
        ),
        (response("consult", items=(item("c", "consult", "nmt"),)), 40, "consult_check"),
        (response("consult", items=(item("c", "consult", "all"),)), 40, "consult_open"),
        (
            response("consult", items=(item("s", "suggest", "nmt", applied=False),)),
            40,
            "consult_open",
        ),
        (response("consult", items=(item("c", "consult", "all"),)), 10, "child"),
        (response("consult", items=(item("c", "consult", "bfr"),)), 11, "child"),
        (response("consult", items=(item("c", "consult", "all"),)), None, "consult_open"),
        (
            response("urgent_care", items=(item("u", "urgent_care", "emergency"),)),
            40,
            "urgent_care",
        ),
    ],
)
def test_outcome_for__situation(given_response, age, situation):
    """The situation follows the primary, the age, and what is suggested, blocked or consult-first."""
    assert outcome_for(given_response, age).situation == situation


def test_outcome_for__groups_only_applied_reasons_in_order():
    """Suggested therapies in their order, then consult-first ones, then any treatment."""
    items = (
        item("block-bfr", "block", "bfr"),
        item("consult-nmt", "consult", "nmt"),
        item("consult-all", "consult", "all"),
        item("suggest-bfr", "suggest", "bfr", applied=False),
        item("suggest-nmt", "suggest", "nmt"),
    )

    outcome = outcome_for(response("consult", ("nmt",), ("bfr",), items), 40)

    assert [(g.target, [i.rule for i in g.items]) for g in outcome.reasons] == [
        ("nmt", ["consult-nmt", "suggest-nmt"]),
        ("all", ["consult-all"]),
    ]
    assert [(g.target, [i.rule for i in g.items]) for g in outcome.blocked] == [
        ("bfr", ["block-bfr"])
    ]
    assert outcome.others == ()


def test_outcome_for__a_veto_without_a_reason_item_shows_the_blocked_reason():
    """A therapy the engine vetoed with no item about it is explained by its blocked reason."""
    outcome = outcome_for(response("consult", blocked=("nmt",)), 40)

    assert [(g.heading, g.items, g.reason) for g in outcome.blocked] == [
        (NMT, (), "Why nmt waits.")
    ]


def test_outcome_for__a_blocked_therapy_left_in_the_suggestions_is_still_not_a_reason():
    """Even if a blocked therapy were also suggested, it would not be grouped or said to suit."""
    items = (item("block-bfr", "block", "bfr"), item("suggest-bfr", "suggest", "bfr"))

    outcome = outcome_for(response("consult", ("bfr",), ("bfr",), items), 40)

    assert outcome.reasons == ()
    assert outcome.situation == "consult_check"
    assert "may suit" not in outcome.panel


@pytest.mark.parametrize(
    ("given_response", "age", "described", "linked"),
    [
        (response("bfr", ("bfr", "nmt")), 70, "bfr", ("nmt",)),
        (response("nmt", ("nmt",), ("bfr",)), 40, "nmt", ("bfr",)),
        (response("consult", ("nmt",), ("bfr",)), 40, None, ("bfr", "nmt")),
        (response("consult", ("bfr",)), 10, None, ("bfr", "nmt")),
        (response("urgent_care"), 40, None, ()),
    ],
    ids=["bfr", "nmt-with-bfr-blocked", "consult-suggested", "child", "urgent"],
)
def test_outcome_for__describes_the_primary_therapys_session_and_links_the_others(
    given_response, age, described, linked
):
    """Only a primary therapy is described; with a clinician first, none is, and both are links."""
    outcome = outcome_for(given_response, age)

    assert outcome.described == described
    assert outcome.linked == linked


def test_outcome_for__never_describes_a_blocked_therapy():
    """A blocked therapy is never the one described, even if it were named the primary."""
    for primary in ("consult", "bfr"):
        outcome = outcome_for(response(primary, blocked=("bfr", "nmt")), 60)

        assert outcome.described is None
        assert [group.target for group in outcome.blocked] == ["bfr", "nmt"]


@pytest.mark.parametrize("path", ["/", "/result", "/therapies/bfr", "/therapies/nmt"])
def test_the_treatments_are_described_without_promises_or_fear(result, client, path):
    """What a therapist does is said plainly; no promised benefit, body fears or diet advice.

    (On the result page, only our own description: the rules' reasons are worded elsewhere.)
    """
    if path == "/result":
        page = result(NMT_CANDIDATE)
        text = page[page.index(str(SESSION_HEADINGS["nmt"])) : page.index("What it costs")]
    else:
        text = text_of(client.get(path))

    for words in (
        "builds muscle",
        "can build muscle",
        "get stronger",
        "ease pain",
        "out of line",
        "pinched",
        "starved of blood",
        "wear-and-tear",
        "ischemia",
        "What you eat",
    ):
        assert words not in text
    if path != "/result":
        assert "like a blood pressure cuff" in text or "firm, steady pressure" in text


def test_the_confirmation_without_a_profile_is_neutral_about_when_and_gives_no_number(client):
    """No profile: no call-back time, no number to call but the emergency one."""
    with client.session_transaction() as session:
        session["answers"] = dict(BFR_CANDIDATE)
        session["contact"] = {"token": "t", "reference": "K7M2-QX9P"}

    text = text_of(client.get("/request-received"))

    assert 'Your reference is <strong class="reference">K7M2-QX9P</strong>' in text
    assert "A member of our team will contact you by phone or email." in text
    assert "We will call you" not in text
    assert "tel:" not in text
