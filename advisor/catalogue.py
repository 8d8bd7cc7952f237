"""The gettext catalogues in ``advisor/translations``, for text made outside a web request.

The web pages translate through Flask-Babel. The engine's own reasons (the
safety floor's notes, ``advisor.engine.safety``) are made in English, as the
engine is language-free; ``N_`` marks them so ``pybabel extract -k N_`` puts
them in the catalogue, and ``translator`` gives the API and ``advisor assess
--lang`` the same catalogue without a request.
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.support import NullTranslations, Translations

__all__ = ["CATALOGUE_DIR", "N_", "translator"]

#: Where the catalogues are: ``<lang>/LC_MESSAGES/messages.po`` and the ``.mo`` compiled at install.
CATALOGUE_DIR = Path(__file__).parent / "translations"


def N_(text: str) -> str:
    """Return ``text`` unchanged: it is marked for the catalogue and translated where it is shown."""
    return text


@functools.cache
def translator(language: str) -> NullTranslations:
    """Return the compiled catalogue of ``language`` (loaded once), or one that returns English."""
    return Translations.load(str(CATALOGUE_DIR), [language])
