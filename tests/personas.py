"""The people the tests answer as: one catalogue of answer sets, each a person with a story.

Every answer set is in the contract's shape (``shared/intake-contract.md``): the API,
the engine, the web walker and the browser walker all take them as they are. Each
person is written as what sets them apart from someone they build on, so the
difference that matters is the only thing on the line. ``answers_before`` cuts a
person's answers down to those given before a page, to open that page directly.

Two people are kept apart although they look alike, because a test reads the
difference: ``BFR_CANDIDATE`` (68, as on check answers in ``tests/web/test_change.py``)
and ``BFR_CANDIDATE_AGED_70`` (70, as in the age box in ``tests/browser/test_navigation.py``);
``BOTH_BLOCKED`` (68) and ``BOTH_BLOCKED_AT_60`` (60, under the age BFR's
older-adult rule needs).
"""

from __future__ import annotations

from collections.abc import Mapping

from tests.rules_under_test import questionnaire_under_test

# --- Healthy adults: what everyone else is written over ----------------------------

#: A healthy 45-year-old who answers "no" or "none" to every core question: the engine's
#: and the API's base (tests change what matters).
BASE_ANSWERS: dict[str, object] = {
    "age": 45,
    "red_flags": [],
    "muscle_weakness": "none",
    "heavy_load_difficulty": "no",
    "conditions": [],
    "surgery": "none",
    "inactivity": "no",
    "pain_duration": "none",
    "pain_cause": "none",
    "pain_intensity": 0,
    "pain_sources": [],
    "bfr_risks": [],
    "bleeding_risk": "no",
    "nmt_risks": [],
    "insurance": "self_pay",
}

#: The same healthy adult with every question answered, extras included, in the order asked:
#: the base of the web and browser tests' walks.
WELL: dict[str, object] = {
    q.id: BASE_ANSWERS[q.id] if q.core else sorted(q.default) if q.type == "multi" else q.default  # type: ignore[arg-type]
    for q in questionnaire_under_test()
    if not q.asked_when
}

# --- People BFR may suit -----------------------------------------------------------

#: A 68-year-old with knee osteoarthritis whose weakness limits daily life and who cannot
#: lift heavy; on Medicare (the README's example).
BFR_CANDIDATE: dict[str, object] = {
    **WELL,
    "age": 68,
    "muscle_weakness": "limits_activity",
    "heavy_load_difficulty": "yes",
    "conditions": ["osteoarthritis"],
    "pain_duration": "over_12_weeks",
    "pain_cause": "diagnosed_condition",
    "pain_intensity": 5,
    "insurance": "medicare",
}

#: The same person at 70: still 65 or over, so the same result, with a different age to read back.
BFR_CANDIDATE_AGED_70 = {**BFR_CANDIDATE, "age": 70}

#: A 45-year-old (``BASE_ANSWERS``) weak with osteoarthritis: BFR's condition rule fires,
#: not its older-adult one.
WEAK_WITH_OSTEOARTHRITIS = {
    **BASE_ANSWERS,
    "muscle_weakness": "limits_activity",
    "heavy_load_difficulty": "yes",
    "conditions": ["osteoarthritis"],
}

#: A 60-year-old with knee osteoarthritis whose weakness is only mild: a clinician talks
#: about BFR first.
MILD_WEAKNESS = {**BFR_CANDIDATE, "age": 60, "muscle_weakness": "mild"}

# --- People NMT may suit -----------------------------------------------------------

#: A 40-year-old with neck pain from strain over time, with tender knots that send pain
#: elsewhere; privately insured.
NMT_CANDIDATE: dict[str, object] = {
    **WELL,
    "age": 40,
    "pain_duration": "over_12_weeks",
    "pain_cause": "ongoing_strain",
    "pain_intensity": 5,
    "pain_sources": ["trigger_points"],
    "insurance": "private",
}

# --- People a clinician must see first ---------------------------------------------

#: The BFR candidate with a past blood clot: BFR's rules fire, but the clot blocks it.
BFR_BLOCKED = {**BFR_CANDIDATE, "bfr_risks": ["clot_history"]}

#: The same, with tender knots from strain over time: NMT is suggested besides.
BFR_BLOCKED_NMT_SUGGESTED = {
    **BFR_BLOCKED,
    "pain_cause": "ongoing_strain",
    "pain_sources": ["trigger_points"],
}

#: The BFR candidate with varicose veins (blocking BFR) and a blood thinner (blocking NMT),
#: and tender knots from strain: both therapies blocked.
BOTH_BLOCKED = {
    **BFR_CANDIDATE,
    "bfr_risks": ["varicose_veins"],
    "bleeding_risk": "yes",
    "pain_cause": "ongoing_strain",
    "pain_sources": ["trigger_points"],
}

#: The same at 60: under 65, so only BFR's condition rule speaks for it; both still blocked.
BOTH_BLOCKED_AT_60 = {**BOTH_BLOCKED, "age": 60}

#: A 10-year-old with pain after a recent injury (NMT's kind of pain in an adult): no therapy,
#: a children's clinician first.
CHILD = {
    **NMT_CANDIDATE,
    "age": 10,
    "pain_duration": "under_6_weeks",
    "pain_cause": "recent_injury",
}

# --- People neither therapy fits ---------------------------------------------------

#: A 40-year-old with knee arthritis pain, no weakness and nothing NMT works on.
ARTHRITIS_PAIN_ONLY = {
    **WELL,
    "age": 40,
    "conditions": ["osteoarthritis"],
    "pain_duration": "over_12_weeks",
    "pain_cause": "diagnosed_condition",
    "pain_intensity": 4,
}

# --- People with a red flag: the questionnaire stops at the red-flag page ----------

#: A 50-year-old with chest pain: an emergency.
CHEST_PAIN = {**WELL, "age": 50, "red_flags": ["chest_pain"]}

#: A 50-year-old with pain and swelling in one calf: see a doctor today.
CALF_SWELLING = {**WELL, "age": 50, "red_flags": ["calf_pain_swelling"]}

#: A 50-year-old losing weight nobody can explain: see a doctor in the next few days.
WEIGHT_LOSS = {**WELL, "age": 50, "red_flags": ["unexplained_weight_loss"]}

# --- The person behind the answers -------------------------------------------------

#: Ann Lee's details as she types them into the contact form (the token is added per session).
CONTACT = {
    "name": "Ann Lee",
    "phone": "555 123 4567",
    "email": "ann@example.com",
    "dob-month": "3",
    "dob-day": "27",
    "dob-year": "1958",
    "consent": "yes",
}

#: The same details as a member of staff types them on the patient's details page.
DETAILS = {**CONTACT, "consent": "y"}


def answers_before(page_id: str, answers: Mapping[str, object] = WELL) -> dict[str, object]:
    """Return the answers to the questions of every page before ``page_id``."""
    questionnaire = questionnaire_under_test()
    order = [p.id for p in questionnaire.pages]
    return {
        k: v
        for k, v in answers.items()
        if order.index(questionnaire[k].page) < order.index(page_id)
    }
