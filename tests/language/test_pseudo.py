"""Pseudo-localisation: every patient page in a pseudo-language shows no English of ours.

Each message of the catalogue is turned into accented look-alikes ("Şŧḗƥ 3 ǿƒ 12"),
so a page in that language should hold no plain ASCII letter. A text node that still
has one either comes from something that is not ours to translate, listed below, or
is a string that never went through gettext: a leak.

Not ours to translate here: what the practice wrote in its profile, codes and numbers,
and the switch's language names. The therapists' texts (questions, options, page
titles, rule reasons) come from the rule set's own translation file, which the test
app has in the pseudo-language too (``tests/language/rules.py``), and the safety
floor's notes from the catalogue: a page showing any of them in English is a leak.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date

from advisor.ruleset import load_ruleset
from tests.language.conftest import PROFILE, PSEUDO
from tests.language.pages import REFERENCE, VISITS, Visit, open_page

#: Words that stay as they are in every language.
ALWAYS = ("English", "Español", "Language / Idioma", "BFR", "NMT", REFERENCE)

_ENGLISH_LETTER = re.compile("[A-Za-z]")

#: Attributes a person reads or hears, as text nodes are.
_READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class TextNodes(HTMLParser):
    """Collect the text a person sees or hears: text nodes and spoken attributes, not scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        self.found += [value for name, value in attrs if name in _READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.found.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.found


def _strings(value: object) -> Iterator[str]:
    """Yield every string in a parsed TOML value, and each paragraph of a long one."""
    if isinstance(value, str):
        yield value
        yield from (p.strip() for p in value.split("\n\n"))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture(scope="module")
def not_ours(pseudo_rules: Path) -> tuple[str, ...]:
    """Every text a page may show untranslated, longest first (so a long one goes whole)."""
    ruleset = load_ruleset(pseudo_rules)
    texts = {
        *ALWAYS,
        *_strings(tomllib.loads(PROFILE)),
        ruleset.info.version,
        ruleset.info.digest[:12],
        format_date(datetime.date.today(), "long", locale=PSEUDO),
    }
    return tuple(sorted((" ".join(t.split()) for t in texts if t), key=len, reverse=True))


def leaks(html: str, not_ours: tuple[str, ...]) -> list[str]:
    """Return the text nodes with an English letter left once the texts not ours are taken out."""
    found = []
    for node in text_nodes(html):
        rest = node
        for text in not_ours:
            rest = rest.replace(text, "")
        if _ENGLISH_LETTER.search(rest):
            found.append(node)
    return found


CASES = [
    pytest.param(visit, profile, id=f"{visit.name}-{'profile' if profile else 'no profile'}")
    for visit in VISITS
    for profile in (True, False)
    if profile or not visit.profile_only
]


@pytest.mark.parametrize(("visit", "profile"), CASES)
def test_no_english_of_ours_leaks_into_a_page_in_another_language(
    make_app, not_ours, visit: Visit, profile: bool
):
    """The page in the pseudo-language shows only pseudo text, and the texts that are not ours."""
    client = make_app(profile=profile, csrf=visit.csrf).test_client()

    shown = open_page(client, visit, PSEUDO)

    html = shown.get_data(as_text=True)
    assert shown.status_code == visit.status, html
    assert f'<html lang="{PSEUDO}">' in html
    assert leaks(html, not_ours) == []


def test_a_string_left_out_of_gettext_is_caught(make_app, not_ours):
    """The check itself: an English sentence on a pseudo page is reported, and only it."""
    client = make_app().test_client()
    html = client.get(f"/?lang={PSEUDO}").get_data(as_text=True)

    leaked = html.replace("</main>", "<p>Forgot to wrap this</p></main>")

    assert leaks(leaked, not_ours) == ["Forgot to wrap this"]
