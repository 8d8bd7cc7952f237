"""The gettext catalogue as the tests read it: what the sources ask for, and what each language gives.

``extracted`` reads the sources as ``pybabel extract`` does (the method map of
``babel.cfg``, the ``lazy_gettext`` keyword, folders starting with "_" included), in
process, so a test sees a string the moment it is wrapped, before anyone runs the
command. ``pseudo`` turns English into accented look-alikes that keep placeholders and
markup, for the pseudo-localisation test.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo

import advisor

__all__ = [
    "CHECKOUT",
    "TRANSLATIONS",
    "Wanted",
    "extracted",
    "placeholders",
    "po_files",
    "pseudo",
    "write_pseudo_catalogue",
]

CHECKOUT = Path(advisor.__file__).resolve().parent.parent
TRANSLATIONS = CHECKOUT / "advisor" / "translations"

#: The keywords of the extraction command: gettext's own, ``lazy_gettext`` for tables, ``N_`` for the engine's notes.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "N_": None}

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass(frozen=True, slots=True)
class Wanted:
    """One message the sources ask for: its English, and its plural when it has one."""

    id: str
    plural: str | None
    #: Where it is asked for, as ``path:line``.
    at: str

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.id,) if self.plural is None else (self.id, self.plural)


def _not_hidden(path: str) -> bool:
    # As `--ignore-dirs=".*"`: pybabel's default also skips "_" folders, and templates/_macros is one.
    return not os.path.basename(path).startswith(".")


@functools.cache
def extracted() -> tuple[Wanted, ...]:
    """Return every message the patient pages ask for, once each, in source order."""
    with (CHECKOUT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, Wanted] = {}
    for path, line, message, _comments, _context in extract_from_dir(
        str(CHECKOUT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=_not_hidden,
    ):
        singular, plural = (message, None) if isinstance(message, str) else message[:2]
        found.setdefault(singular, Wanted(singular, plural, f"{path}:{line}"))
    return tuple(found.values())


def placeholders(text: str) -> set[str]:
    """Return the names of the ``%(name)s`` placeholders in ``text``."""
    return set(_PLACEHOLDER.findall(text))


#: Each ASCII letter and an accented look-alike that is not ASCII, so pseudo text has no
#: English letter in it: a page in the pseudo-language that shows one leaked it.
_LOOK_ALIKES = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
)

#: What pseudo text keeps as it is: placeholders, markup and character references.
_KEPT = re.compile(r"(%\(\w+\)[sd]|<[^>]*>|&#?\w+;)")


def pseudo(text: str) -> str:
    """Return ``text`` in accented look-alikes: "Step %(step)s" → "Şŧḗƥ %(step)s"."""
    return "".join(
        part if _KEPT.fullmatch(part) else part.translate(_LOOK_ALIKES)
        for part in _KEPT.split(text)
    )


def write_pseudo_catalogue(directory: Path, code: str) -> Path:
    """Write ``<directory>/<code>/LC_MESSAGES/messages.mo``: every message in pseudo text."""
    catalogue = Catalog(locale=code)
    for wanted in extracted():
        if wanted.plural is None:
            catalogue.add(wanted.id, pseudo(wanted.id))
        else:
            forms = (wanted.id,) + (wanted.plural,) * (catalogue.num_plurals - 1)
            catalogue.add(wanted.forms, tuple(pseudo(form) for form in forms))
    mo = directory / code / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as target:
        write_mo(target, catalogue)
    return mo


def po_files() -> Iterator[Path]:
    """Yield each language's catalogue source, ``<lang>/LC_MESSAGES/messages.po``."""
    yield from sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
