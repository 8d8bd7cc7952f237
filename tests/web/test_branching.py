"""Branching: a page whose questions do not apply is skipped (surgery_site only after a surgery)."""

from __future__ import annotations

import pytest

from tests.personas import BFR_CANDIDATE, WELL


@pytest.mark.parametrize(
    ("surgery", "asked"),
    [
        ("none", False),
        ("under_6_weeks", True),
        ("6_weeks_to_6_months", True),
        ("over_6_months", True),
    ],
)
def test_surgery_site_is_asked_only_after_a_surgery(walker, surgery, asked):
    """The page asking where the surgery was appears only when there was one."""
    walker.walk({**BFR_CANDIDATE, "surgery": surgery, "surgery_site": "upper_limb"})

    assert asked == ("surgery-site" in walker.visited)


def test_a_page_that_does_not_apply_is_skipped_when_opened(client, given):
    """Opening the surgery-site page without a surgery goes on to the next page."""
    given({k: v for k, v in WELL.items() if k not in ("pain_duration",)})

    response = client.get("/questions/surgery-site")

    assert response.location == "/questions/pain"


def test_surgery_site_answer_reaches_the_result(walker, client):
    """An answer on a branched page is part of the answers assessed."""
    walker.walk(
        {
            **BFR_CANDIDATE,
            "conditions": [],
            "age": 50,
            "surgery": "over_6_months",
            "surgery_site": "lower_limb",
        }
    )

    text = client.get("/result").get_data(as_text=True)

    assert "Weakness after arm or leg surgery" in text
