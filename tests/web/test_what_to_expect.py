"""What a session is like and what it costs, from the practice's profile and the person's answers.

``session_notes`` and ``cost_notes`` are plain Python, so each way of paying is checked
here against a profile that accepts it, one that does not, and no profile at all.
"""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from advisor.practice import Practice, TherapyOffer
from advisor.web.what_to_expect import (
    CONSULT_HEADING,
    INSURANCE_NOTES,
    SESSION_HEADINGS,
    cost_notes,
    dollars,
    session_notes,
)
from tests.web.test_readability import grade, sentences

pytestmark = pytest.mark.usefixtures("offline_syllables")

NEVER_CHANGES = "How you pay never changes our suggestion."


def practice(
    insurance: tuple[str, ...] = ("medicare", "private"), **offers: TherapyOffer
) -> Practice:
    """Return a practice that accepts ``insurance`` and offers these therapies."""
    return Practice(
        "Riverside Physical Therapy",
        "(312) 555-0100",
        ZoneInfo("America/Chicago"),
        insurance=insurance,
        therapies=offers,  # type: ignore[arg-type]
    )


FULL_BFR = TherapyOffer(45, "2 or 3 times a week", "8 to 12", Decimal("95"))


def test_a_session_says_how_long_how_often_and_how_many_from_the_profile():
    """Each figure the profile gives is said in a sentence; nothing is left to ask."""
    notes = session_notes("bfr", practice(bfr=FULL_BFR))

    assert notes.heading == SESSION_HEADINGS["bfr"]
    assert notes.timing == (
        "A session takes about 45 minutes.",
        "Most people come 2 or 3 times a week.",
        "Most people have 8 to 12 sessions in all.",
    )
    assert notes.feels
    assert notes.wear


@pytest.mark.parametrize(
    ("offer", "asked"),
    [
        (
            TherapyOffer(),
            "how long a session takes, how often you would come and how many sessions you may need",
        ),
        (TherapyOffer(60), "how often you would come and how many sessions you may need"),
        (TherapyOffer(60, "once a week"), "how many sessions you may need"),
    ],
    ids=["nothing", "minutes-only", "no-count"],
)
def test_what_the_profile_does_not_say_the_person_is_told_to_ask(offer, asked):
    """A figure the profile leaves out is never made up: the team can tell the person."""
    notes = session_notes("nmt", practice(nmt=offer))

    assert notes.timing[-1] == f"Our team can tell you {asked}."


def test_with_no_profile_every_figure_is_to_ask():
    """No profile: no minutes, no times a week, no number of sessions."""
    notes = session_notes("bfr", None)

    assert len(notes.timing) == 1
    assert not any(character.isdigit() for character in notes.timing[0])


@pytest.mark.parametrize("child", [False, True])
def test_a_consult_is_a_talk_with_a_clinician(child):
    """With no therapy first, the notes say what talking with a clinician is like."""
    notes = session_notes(None, practice(), child=child)

    assert notes.heading == CONSULT_HEADING
    assert notes.happens[0].startswith("A clinician is a doctor or therapist.")
    assert ("who treats children" in " ".join(notes.happens)) is child
    assert notes.timing == ()
    assert notes.feels == ""
    assert notes.wear == ""


@pytest.mark.parametrize(
    ("insurance", "accepted"),
    [
        ("medicare", "We accept Medicare."),
        ("private", "We accept private health insurance."),
        ("workers_comp", "We accept workers’ compensation cases."),
        ("personal_injury", "We accept personal injury cases."),
    ],
)
def test_a_way_of_paying_the_practice_accepts_is_said_to_be_accepted(insurance, accepted):
    """The person's insurance, when the profile lists it, is accepted, and no price is given."""
    notes = cost_notes(insurance, practice(insurance=(insurance,), bfr=FULL_BFR), "bfr")

    assert notes[0] == INSURANCE_NOTES[insurance]
    assert notes[1].startswith(accepted)
    assert notes[-1] == NEVER_CHANGES
    assert "$" not in " ".join(notes)


def test_a_way_of_paying_the_practice_does_not_take_is_said_plainly_with_the_self_pay_price():
    """Insurance the profile does not list: we do not take it, and one session's own price."""
    notes = cost_notes("workers_comp", practice(bfr=FULL_BFR), "bfr")

    assert notes == (
        INSURANCE_NOTES["workers_comp"],
        "We do not take workers’ compensation.",
        "If you pay yourself, one session costs $95.",
        NEVER_CHANGES,
    )


def test_a_way_of_paying_not_taken_and_no_price_says_to_ask():
    """Not taken and no price in the profile: ask about other ways to pay, no number."""
    notes = cost_notes("medicare", practice(insurance=("private",)), "nmt")

    assert notes[1:3] == ("We do not take Medicare.", "Ask our team about other ways to pay.")


@pytest.mark.parametrize(
    ("therapy", "offer", "said"),
    [
        ("bfr", FULL_BFR, "If you pay yourself, one session costs $95."),
        (
            "nmt",
            TherapyOffer(self_pay_price=Decimal("85.5")),
            "If you pay yourself, one session costs $85.50.",
        ),
        ("bfr", TherapyOffer(45), "Ask our team what a session costs before you book."),
        (None, FULL_BFR, "Ask our team what a first visit costs before you book."),
    ],
    ids=["bfr-price", "nmt-cents", "no-price", "consult"],
)
def test_paying_yourself_gives_the_profiles_price_for_one_session_or_says_to_ask(
    therapy, offer, said
):
    """Self-pay: the profile's price of one session of the therapy shown, or ask; never a sum."""
    notes = cost_notes("self_pay", practice(bfr=offer, nmt=offer), therapy)

    assert notes == (INSURANCE_NOTES["self_pay"], said, NEVER_CHANGES)


def test_not_sure_how_to_pay_lists_what_the_practice_accepts_and_the_price():
    """Unsure: what the practice accepts, the self-pay price, and that the team can help."""
    notes = cost_notes(
        "unsure", practice(("medicare", "private", "workers_comp"), bfr=FULL_BFR), "bfr"
    )

    assert notes == (
        INSURANCE_NOTES["unsure"],
        "We accept Medicare, private health insurance and workers’ compensation.",
        "If you pay yourself, one session costs $95.",
        "Our team can help you find out what is covered.",
        NEVER_CHANGES,
    )


@pytest.mark.parametrize("insurance", sorted(INSURANCE_NOTES))
def test_with_no_profile_nothing_is_said_of_what_is_accepted_or_charged(insurance):
    """No profile: we do not know what the practice takes or charges, so we say to ask."""
    notes = " ".join(cost_notes(insurance, None, "bfr"))

    assert "We accept" not in notes
    assert "We do not take" not in notes
    assert "$" not in notes
    assert "Ask our team" in notes or "Our team can help" in notes


@pytest.mark.parametrize(
    ("amount", "written"), [("95", "$95"), ("95.50", "$95.50"), ("1200", "$1,200")]
)
def test_a_price_is_written_as_a_person_writes_it(amount, written):
    assert dollars(Decimal(amount)) == written


def test_session_and_cost_words_read_at_grade_6_or_below():
    """Everything a person reads about a session and its cost is at US grade 6 or below."""
    parts: list[str] = []
    for therapy in (*SESSION_HEADINGS, None):
        notes = session_notes(therapy, practice(bfr=FULL_BFR), child=therapy is None)  # type: ignore[arg-type]
        parts += [notes.heading, *notes.happens, *notes.timing, notes.feels, notes.wear]
        for insurance in INSURANCE_NOTES:
            parts += cost_notes(insurance, practice(("medicare",), bfr=FULL_BFR), therapy)  # type: ignore[arg-type]

    assert grade(sentences(*parts)) <= 6.0
