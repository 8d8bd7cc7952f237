"""A text shown in English because its translation is missing.

Therapists' texts (rule reasons, questions) fall back to English one text at a
time when a language's file lacks them, so a page is never blank. The fallback
is this ``str`` subclass, so it flows through the rule set, the forms and the
API unchanged, and only the page that shows it marks it: ``lang="en"`` for a
screen reader's voice, and a discreet "(in English)".
"""

from __future__ import annotations

__all__ = ["Untranslated"]


class Untranslated(str):
    """An English text standing in for a missing translation."""

    __slots__ = ()
