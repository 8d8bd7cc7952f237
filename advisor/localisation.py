"""An assessment's words in the reader's language; its codes, ids and recommendation never change.

The engine decides in one language only: ``assess`` gives the same
``Assessment`` whatever language is asked for, and this step, after it, swaps
the words a person reads. A rule's title and reason come from the therapists'
translation file (``RuleSet.rule_text``); the safety floor's notes and the
blocked therapies' reasons made from them come from the gettext catalogue
(``advisor.catalogues``). So the recommendation cannot depend on the language:
nothing here can reach it (the property tests check it all the same).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from advisor.catalogues import translator
from advisor.engine.safety import SAFETY_IDS
from advisor.response import Assessment, BlockedTherapy, ExplanationItem
from advisor.ruleset import RuleSet
from advisor.untranslated import Untranslated

__all__ = ["localised", "localised_dict", "untranslated_rules"]


def localised(
    assessment: Assessment,
    ruleset: RuleSet,
    language: str,
    translate: Callable[[str], str] | None = None,
) -> Assessment:
    """Return ``assessment`` with its titles and reasons in ``language`` (English if none).

    :param translate: gettext for the safety floor's notes; by default the catalogue of
        ``language`` (a page passes Flask-Babel's, which also reads the app's other folders).
    """
    if language not in ruleset.languages or language == "en":
        return assessment
    gettext = translate or translator(language).gettext
    explanation = tuple(_item(item, ruleset, language, gettext) for item in assessment.explanation)
    reasons = {item.rule: item.because for item in explanation}
    blocked = tuple(_blocked(b, reasons, gettext) for b in assessment.recommendation.blocked)
    return replace(
        assessment,
        recommendation=replace(assessment.recommendation, blocked=blocked),
        explanation=explanation,
    )


def localised_dict(
    assessment: Assessment,
    ruleset: RuleSet,
    language: str,
    translate: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Return the response body in ``language``: the contract's keys, ``language`` and ``untranslated``.

    ``language`` is the language asked for and served; ``untranslated`` lists the rules whose
    words are still English in it (their translation is missing), so a client can mark them.
    """
    served = language if language in ruleset.languages else "en"
    words = localised(assessment, ruleset, served, translate)
    return {**words.to_dict(), "language": served, "untranslated": untranslated_rules(words)}


def untranslated_rules(assessment: Assessment) -> list[str]:
    """Return the ids of the explanation items still in English (their translation is missing)."""
    return [
        item.rule
        for item in assessment.explanation
        if isinstance(item.title, Untranslated) or isinstance(item.because, Untranslated)
    ]


def _item(
    item: ExplanationItem, ruleset: RuleSet, language: str, gettext: Callable[[str], str]
) -> ExplanationItem:
    if item.rule in SAFETY_IDS:
        return replace(item, title=gettext(item.title), because=gettext(item.because))
    title, because = ruleset.rule_text(language, item.rule)
    return replace(item, title=title, because=because)


def _blocked(
    blocked: BlockedTherapy, reasons: dict[str, str], gettext: Callable[[str], str]
) -> BlockedTherapy:
    """The reason shown for a blocked therapy is its first blocker's: take that one's words."""
    first = blocked.rules[0] if blocked.rules else None
    if first in reasons:
        return replace(blocked, reason=reasons[first])
    return replace(blocked, reason=gettext(blocked.reason))
