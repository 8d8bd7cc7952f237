"""A screening's page, read as a coordinator would: the person, the outcome, status and notes
first; the reasons and the answers (folded a questionnaire page at a time) after them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from advisor.storage.screenings import Patient
from tests.pages import text_of
from tests.personas import BFR_CANDIDATE

ANN = Patient("Ann Lee", "+1 555 123 4567", "ann@example.com", consent=True)


class _Elements(HTMLParser):
    """Collect every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def page(db_app, staff, stored) -> str:
    """The page of a BFR candidate with the patient's details, read by intake."""
    screening = stored(BFR_CANDIDATE, patient=ANN)
    staff.as_role("intake")
    return text_of(staff.client.get(f"/staff/screenings/{screening}"))


def test_the_page_opens_with_the_person_then_outcome_status_and_notes(page):
    """Patient, Result, the status form and Notes come before the reasons and the answers."""
    order = [
        page.index(marker)
        for marker in (
            '<h2 class="heading-m">Patient</h2>',
            '<h2 class="heading-m">Result</h2>',
            '<legend class="legend legend-m">Follow-up status</legend>',
            'id="notes">Notes</h2>',
            "Why: every rule that fired</h2>",
            '<h2 class="heading-m">Answers</h2>',
        )
    ]

    assert order == sorted(order)


def test_the_person_has_age_and_phone_and_email_links(page):
    """Phone is a tel: link, email a mailto: link, and the age is there beside the name."""
    assert "Ann Lee" in page
    assert '<th scope="row">Age</th><td>68</td>' in page
    assert '<a href="tel:+15551234567">+1 555 123 4567</a>' in page
    assert '<a href="mailto:ann@example.com">ann@example.com</a>' in page


def test_the_answers_are_folded_a_questionnaire_page_at_a_time(page, questionnaire):
    """One closed <details> per questionnaire page answered, headed by the page's title."""
    sections = re.findall(r'<details class="answers-section"><summary>(.*?)</summary>', page)

    assert sections[0] == questionnaire.pages[0].title
    assert len(sections) == len(set(sections)) > 3
    assert "<details open" not in page
    assert "<dt>How old are you?</dt><dd>68</dd>" in page


def test_the_rule_set_version_stays_on_the_staff_view(page):
    """The version and the start of the digest are on the page."""
    assert re.search(r"Version \S+ <span class=\"meta\">\(digest [0-9a-f]{12}\)</span>", page)


def test_no_two_elements_share_an_id(db_app, staff, stored):
    """Ids are unique: the status form no longer takes "status", the id of its first radio."""
    screening = stored(patient=ANN)
    staff.as_role("admin")

    ids = [
        attrs["id"]
        for _, attrs in elements(staff.client.get(f"/staff/screenings/{screening}").text)
        if attrs.get("id")
    ]

    assert [i for i in ids if ids.count(i) > 1] == []
    assert "status" in ids


def test_every_status_radio_has_a_name_and_its_own_label(db_app, staff, stored):
    """Each radio is named "status" and has a label pointing at its id; "New" is labelled "New"."""
    screening = stored()
    staff.as_role("therapist")
    html = staff.client.get(f"/staff/screenings/{screening}").text

    radios = [
        attrs for tag, attrs in elements(html) if tag == "input" and attrs.get("type") == "radio"
    ]
    labels = dict(re.findall(r'<label class="choice-label" for="([^"]+)">([^<]+)</label>', html))

    assert [r["value"] for r in radios] == ["new", "contacted", "booked", "not_suitable", "closed"]
    assert {r["name"] for r in radios} == {"status"}
    assert [labels[r["id"]] for r in radios] == [
        "New",
        "Contacted",
        "Booked",
        "Not suitable",
        "Closed",
    ]


def test_a_screening_waiting_says_for_how_long(page):
    """A new screening says how long it has waited beside when it came in."""
    assert re.search(r"\(waiting (under a minute|\d+ minutes?)\)", page)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/screenings",
        "/staff/screenings?view=all",
        "/staff/screenings/{id}",
        "/staff/audit",
        "/staff/rules",
    ],
)
def test_each_table_scroll_box_is_a_focusable_named_region(db_app, staff, stored, path):
    """Every .table-wrap has tabindex=0, role=region and a name, so a keyboard can scroll it."""
    screening = stored(patient=ANN)
    staff.as_role("admin")

    wraps = [
        attrs
        for _, attrs in elements(staff.client.get(path.format(id=screening)).text)
        if "table-wrap" in (attrs.get("class") or "").split()
    ]

    assert wraps
    for attrs in wraps:
        assert attrs.get("tabindex") == "0"
        assert attrs.get("role") == "region"
        assert attrs.get("aria-label") or attrs.get("aria-labelledby")
