"""Page weight: each type of page, with its stylesheet, stays under 30 KB in every language."""

from __future__ import annotations

import pytest

from tests.pages import weight
from tests.personas import BFR_CANDIDATE, CHEST_PAIN, WELL
from tests.rules_under_test import questionnaire_under_test

LIMIT = 30 * 1024

#: Answers with many reasons and blocks, for the heaviest result page.
HEAVY = {
    **BFR_CANDIDATE,
    "surgery": "over_6_months",
    "surgery_site": "lower_limb",
    "conditions": ["osteoarthritis", "neuropathy", "rheumatoid_arthritis", "fibromyalgia"],
    "bfr_risks": ["clot_history", "varicose_veins", "heart_disease", "active_cancer", "unsure"],
    "bleeding_risk": "unsure",
    "nmt_risks": ["osteoporosis", "fragile_skin", "unsure"],
    "pain_sources": ["trigger_points", "ischemia", "stress", "diet"],
    "pain_cause": "unknown",
    "pain_intensity": 9,
}

PATHS = [
    ({}, "/"),
    *((HEAVY, f"/questions/{page.id}") for page in questionnaire_under_test().pages),
    (HEAVY, "/check-answers"),
    (HEAVY, "/result"),
    (WELL, "/result"),
    (HEAVY, "/result?contact=1"),
    (HEAVY, "/therapies/nmt"),
    (
        {**CHEST_PAIN, "red_flags": ["chest_pain", "fever_with_pain", "unexplained_weight_loss"]},
        "/urgent",
    ),
    ({}, "/no-such-page"),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("answers", "path"), PATHS, ids=[p for _, p in PATHS])
def test_page_and_stylesheet_stay_under_30_kb(client, given, answers, path, language):
    """The HTML of the page plus the CSS it loads is under 30 KB, in English and in Spanish."""
    given(answers)

    assert weight(client, f"{path}{'&' if '?' in path else '?'}lang={language}") < LIMIT
