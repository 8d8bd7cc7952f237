"""The languages the product speaks, as codes: one list for every layer, with no Flask.

The pages' choice of language (``advisor.language``), the practice profile, storage and
the command line all read it; so ``advisor assess --lang`` starts without loading Flask.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "language_from"]

#: Every language the product speaks, with its name in itself (what the switch shows).
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "es": "Español"}
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)
DEFAULT_LANGUAGE = "en"


def language_from(requested: str | None, offered: tuple[str, ...] = LANGUAGES) -> str | None:
    """Return ``requested`` if it names an offered language (``es``, ``ES``, ``es-MX``), else None."""
    if not requested or len(requested) > 35:
        return None
    code = requested.strip().replace("_", "-").split("-", 1)[0].lower()
    return code if code in offered else None
