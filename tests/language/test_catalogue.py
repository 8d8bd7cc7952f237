"""Every string a patient page asks gettext for has a translation in every language we ship.

The sources are read as ``pybabel extract`` reads them (``tests/language/catalogue.py``),
so a string wrapped in ``_()`` and not yet translated fails here, with where it is and
the commands that fix it. The compiled ``.mo`` that the app reads must say what its
``.po`` says: an edited ``.po`` not compiled would leave the pages in the old words.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.language.catalogue import TRANSLATIONS, extracted, placeholders, po_files

EXTRACT = (
    ".venv/bin/pybabel extract -F babel.cfg -k lazy_gettext --ignore-dirs='.*' "
    "--add-location=file --sort-by-file --no-wrap --project=advisor "
    "-o advisor/translations/messages.pot ."
)
UPDATE = ".venv/bin/pybabel update --no-wrap -i advisor/translations/messages.pot -d advisor/translations"
COMPILE = "run pybabel compile -d advisor/translations or pip install -e ."

PO_FILES = list(po_files())


def read(po: Path) -> Catalog:
    with po.open("rb") as source:
        return read_po(source)


def forms(message: Message) -> tuple[str, ...]:
    """Return a message's translation as a tuple: one string, or one per plural form."""
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def translations(messages: Iterable[Message]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Return English → translation, plural forms as tuples (a .mo gives them as lists)."""
    return {(m.id,) if isinstance(m.id, str) else tuple(m.id): forms(m) for m in messages if m.id}


def language(po: Path) -> str:
    return po.parent.parent.name


def test_spanish_is_shipped():
    """The catalogues under test include Spanish (a missing folder would test nothing)."""
    assert "es" in [language(po) for po in PO_FILES]


@pytest.mark.parametrize("po", PO_FILES, ids=language)
def test_every_message_of_the_pages_has_a_translation(po):
    """Each message the sources ask for is in the catalogue, translated, and not fuzzy."""
    catalogue = read(po)
    problems = []
    for wanted in extracted():
        message = catalogue.get(wanted.id)
        if message is None:
            problems.append(f"{wanted.at}: {wanted.id!r} is not in the catalogue")
        elif message.fuzzy:
            problems.append(f"{wanted.at}: {wanted.id!r} is marked fuzzy: check it, then unmark it")
        elif not all(forms(message)):
            problems.append(f"{wanted.at}: {wanted.id!r} has no translation")

    assert not problems, (
        f"{po.relative_to(TRANSLATIONS.parent.parent)}:\n  "
        + "\n  ".join(problems)
        + f"\nExtract and update ({EXTRACT}; {UPDATE}), translate, then {COMPILE}"
    )


@pytest.mark.parametrize("po", PO_FILES, ids=language)
def test_a_translation_keeps_every_placeholder_of_its_english(po):
    """``%(name)s`` in a translation are the English's: none lost, none made up."""
    wrong = [
        f"{message.id!r} → {form!r}"
        for message in read(po)
        if message.id
        for form in forms(message)
        if form
        and placeholders(form)
        != set().union(*map(placeholders, message.id if message.pluralizable else [message.id]))
    ]

    assert not wrong, "placeholders differ:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("po", PO_FILES, ids=language)
def test_the_compiled_catalogue_says_what_its_source_says(po):
    """The ``.mo`` the app reads holds exactly the ``.po``'s translations."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: {COMPILE}"
    with mo.open("rb") as compiled:
        shipped = translations(read_mo(compiled))
    source = translations(message for message in read(po) if not message.fuzzy)

    assert shipped == source, f"{mo} is older than {po.name} or differs from it: {COMPILE}"


def test_the_template_lists_what_the_sources_ask_for():
    """``messages.pot``, the template translators start from, is up to date with the sources."""
    template = read(TRANSLATIONS / "messages.pot")
    listed = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    wanted = {w.id for w in extracted()}

    assert listed == wanted, (
        f"messages.pot lacks {sorted(wanted - listed)} and has {sorted(listed - wanted)} "
        f"no more: {EXTRACT}"
    )
