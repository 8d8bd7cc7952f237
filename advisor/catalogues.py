"""The page templates' gettext catalogues: which of their texts a language lacks, or has stale.

``pybabel extract`` writes every msgid of the templates and code to
``advisor/translations/messages.pot``; each language's translator fills in
``advisor/translations/<lang>/LC_MESSAGES/messages.po``. A msgid of the .pot
that the .po lacks, or leaves empty, is shown in English (``catalogue-missing``);
one that ``pybabel update`` marked *fuzzy* (its English changed, or it was
guessed from a similar one) is not used until a translator checks it and
removes the flag (``catalogue-stale``). ``advisor translations check`` lists
both, with the rule files' translations.

Read with Babel only, so the command line never loads Flask.

The web pages translate through Flask-Babel. Text made outside a page (the
safety floor's notes, ``advisor.engine.safety``, made in English since the
engine is language-free) is marked with ``N_`` so ``pybabel extract -k N_``
puts it in the catalogue, and ``translator`` gives the API and ``advisor
assess --lang`` the compiled catalogue without a request.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from advisor import problems
from advisor.problems import Location, Problem

__all__ = [
    "CATALOGUE_DOMAIN",
    "N_",
    "catalogue_languages",
    "catalogue_path",
    "check_catalogue",
    "default_catalogues_dir",
    "translator",
]

#: The one gettext domain of advisor's pages.
CATALOGUE_DOMAIN = "messages"


def default_catalogues_dir() -> Path:
    """Return advisor's own catalogue folder (``advisor/translations``)."""
    return Path(__file__).resolve().parent / "translations"


def N_(text: str) -> str:
    """Return ``text`` unchanged: it is marked for the catalogue and translated where it is shown."""
    return text


@functools.cache
def translator(language: str) -> NullTranslations:
    """Return the compiled catalogue of ``language`` (loaded once), or one that returns English."""
    return Translations.load(str(default_catalogues_dir()), [language], CATALOGUE_DOMAIN)


def catalogue_path(folder: Path, language: str) -> Path:
    """Return where a language's catalogue is: ``<folder>/<lang>/LC_MESSAGES/messages.po``."""
    return folder / language / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


def catalogue_languages(folder: Path) -> list[str]:
    """Return the languages that have a catalogue in ``folder``, in order."""
    return sorted(p.parents[1].name for p in folder.glob(f"*/LC_MESSAGES/{CATALOGUE_DOMAIN}.po"))


def check_catalogue(folder: Path, language: str) -> list[Problem]:
    """Return a warning for each msgid of the template that ``language``'s catalogue lacks or has fuzzy.

    A catalogue or template that cannot be read is an error, with what stopped it.
    """
    template_path = folder / f"{CATALOGUE_DOMAIN}.pot"
    path = catalogue_path(folder, language)
    template = _read(template_path)
    catalogue = _read(path)
    found = [p for p in (template, catalogue) if isinstance(p, Problem)]
    if found or not isinstance(template, Catalog) or not isinstance(catalogue, Catalog):
        return found
    shown = problems.display_path(path)
    return [
        *_missing(template, catalogue, problems.display_path(template_path), shown),
        *_stale(template, catalogue, shown),
    ]


def _read(path: Path) -> Catalog | Problem:
    shown = problems.display_path(path)
    try:
        with path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except OSError as exc:
        return problems.unreadable_file(Location(shown, 1, 0), exc.strerror)
    except Exception as exc:  # Babel's PoFileError, or a file that is no catalogue at all
        return problems.catalogue_unreadable(Location(shown, 1, 0), str(exc))


def _missing(
    template: Catalog, catalogue: Catalog, template_shown: str, shown: str
) -> list[Problem]:
    """Warn for each msgid with no translation: located in the .po if it is there, else the .pot."""
    found = []
    for wanted in _messages(template):
        have = catalogue.get(wanted.id, context=wanted.context)
        if have is not None and not have.fuzzy and _translated(have):
            continue
        if have is None:
            at, in_file = Location(template_shown, wanted.lineno or 0, 0), False
        elif have.fuzzy:
            continue  # stale, said by _stale
        else:
            at, in_file = Location(shown, have.lineno or 0, 0), True
        found.append(problems.catalogue_missing(at, _msgid(wanted), shown, _where(wanted), in_file))
    return found


def _stale(template: Catalog, catalogue: Catalog, shown: str) -> list[Problem]:
    """Warn for each fuzzy entry of the template's msgids: gettext does not use it until checked."""
    return [
        problems.catalogue_stale(Location(shown, have.lineno or 0, 0), _msgid(have), _where(wanted))
        for wanted in _messages(template)
        if (have := catalogue.get(wanted.id, context=wanted.context)) is not None and have.fuzzy
    ]


def _messages(catalogue: Catalog) -> list[Message]:
    """Return a catalogue's messages but its header (the entry whose msgid is empty)."""
    return [message for message in catalogue if message.id]


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else str(message.id)


def _where(message: Message) -> Sequence[str]:
    """Return the files a message comes from (``templates/base.html``), as extracted."""
    return list(dict.fromkeys(file for file, _ in message.locations))
