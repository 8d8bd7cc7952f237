"""The patient's language and interpreter answer, in a coordinator's words.

Staff pages are in English, so a language is named in English first, then in itself as
the patient saw it on the language switch: "Spanish (Español)", the second part marked
``lang="es"`` for screen readers. The English names come from Babel's locale data, so
a third language needs no words here. The queue shows a shorter note, and only where a
call needs it (not English, or an interpreter wanted), so most rows carry nothing.
"""

from __future__ import annotations

from babel import Locale
from markupsafe import Markup

from advisor.language import DEFAULT_LANGUAGE, LANGUAGE_NAMES

__all__ = [
    "INTERPRETER_LABELS",
    "NOT_ASKED",
    "how_to_speak",
    "interpreter_in_words",
    "language_in_words",
    "language_name",
]

#: Each answer to "Would you like an interpreter?" in words.
INTERPRETER_LABELS: dict[str, str] = {"yes": "Yes", "no": "No"}

#: The interpreter question left unanswered (or a screening from before it was asked).
NOT_ASKED = "Not asked"

_ENGLISH_NAMES = Locale("en").languages


def language_name(code: str) -> str:
    """Return a language's English name ("Spanish"), or its code if Babel does not know it."""
    return _ENGLISH_NAMES.get(code, code)


def language_in_words(code: str) -> Markup:
    """Return "English", or the English name with the language's own: "Spanish (Español)"."""
    english = language_name(code)
    own = LANGUAGE_NAMES.get(code)
    if own is None or own == english:
        return Markup.escape(english)
    return Markup('{} (<span lang="{}">{}</span>)').format(english, code, own)


def interpreter_in_words(answer: str | None) -> str:
    """Return "Yes", "No", or "Not asked" when the question was not answered."""
    return INTERPRETER_LABELS.get(answer, answer) if answer else NOT_ASKED


def how_to_speak(language: str, interpreter: str | None) -> str:
    """Return the queue's note for a call: "Spanish · interpreter", "Spanish", "Interpreter",
    or "" for English without an interpreter."""
    parts = [language_name(language)] if language != DEFAULT_LANGUAGE else []
    if interpreter == "yes":
        parts.append("interpreter")
    note = " · ".join(parts)
    return note[:1].upper() + note[1:]
