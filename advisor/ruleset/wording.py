"""The wording of a rule's reason (``because``): the words a patient reads about themselves.

A clinical review asked that a reason not promise a benefit, diagnose the
person, use fear-raising words about the body, state a theoretical risk as
certain, or give diet advice; that it read at US grade 8 or below; and that it
name the therapy it is about. This module holds those checks and the catalogue
of discouraged phrases as data. ``lint`` runs them on every checked rule, so
they reach ``advisor rules check`` as warnings: a rule set with them still loads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pyphen

from advisor import problems
from advisor.checker import Checker
from advisor.contract import THERAPIES, Therapy
from advisor.problems import Problem
from advisor.ruleset.model import RuleSpec

__all__ = [
    "KIND_WORDS",
    "PHRASES",
    "Phrase",
    "PhraseKind",
    "check_reason",
    "discouraged_phrases",
    "name_patterns",
    "reading_grade",
    "text_counts",
    "unnamed_therapies",
]

#: The highest Flesch-Kincaid grade a reason may read at (the web pages keep the same limit).
_MAX_GRADE = 8.0

PhraseKind = Literal["promise", "diagnosis", "fear", "certainty", "scope"]

#: Each kind of discouraged phrase in plain words, as a message finishes "… which <words>".
KIND_WORDS: dict[PhraseKind, str] = {
    "promise": "promises a benefit",
    "diagnosis": "reads as a diagnosis of the patient",
    "fear": "is a fear-raising word about the body",
    "certainty": "states a theoretical risk as certain",
    "scope": "is diet advice, outside what the practice offers",
}

#: The names that tell a patient which therapy a reason is about, short name first.
_THERAPY_NAMES: dict[Therapy, tuple[str, ...]] = {
    "bfr": ("BFR", "blood flow restriction"),
    "nmt": ("NMT", "neuromuscular"),
}


def name_patterns(
    names: dict[Therapy, tuple[str, ...]], gap: str = r"[\s-]+"
) -> dict[Therapy, re.Pattern[str]]:
    """Return, for each therapy, a pattern finding any of its names (``gap`` between words)."""
    return {
        therapy: re.compile(
            r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", gap) for n in each) + r")\b",
            re.IGNORECASE,
        )
        for therapy, each in names.items()
    }


_NAMED = name_patterns(_THERAPY_NAMES)

#: Words that let a consult for every therapy speak of them together.
_ANY_TREATMENT = re.compile(
    r"\b(?:any|either)\s+(?:treatment|therapy)\b|\bboth\s+(?:treatments|therapies)\b",
    re.IGNORECASE,
)

# A promise is fine when its own clause hedges it ("can help you rebuild strength",
# "is used to ease pain"): the review's better wording is "may help" or "is used to".
_HEDGE = re.compile(
    r"\b(?:may|might|can|could|usually|often|tends?\s+to|(?:is|are)\s+used)\b", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[.,;:!?]|\b(?:but|so|because|while|although)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One discouraged phrase: how to find it, what kind of trouble it is, what to say instead."""

    pattern: re.Pattern[str]
    kind: PhraseKind
    suggestion: str
    #: True when "may", "can", "is used to"… earlier in the same clause make the phrase fine.
    hedgeable: bool = False
    #: The words that hedge a promise, and those that end a clause, in the phrase's language.
    hedge: re.Pattern[str] = _HEDGE
    clause_break: re.Pattern[str] = _CLAUSE_BREAK

    def find(self, text: str) -> list[str]:
        """Return each place this phrase is used in ``text``, as written there."""
        return [
            m[0]
            for m in self.pattern.finditer(text)
            if not (self.hedgeable and self._hedged(text, m.start()))
        ]

    def _hedged(self, text: str, start: int) -> bool:
        clause = self.clause_break.split(text[:start])[-1]
        return self.hedge.search(clause) is not None


def _phrase(pattern: str, kind: PhraseKind, suggestion: str, hedgeable: bool = False) -> Phrase:
    return Phrase(re.compile(pattern, re.IGNORECASE), kind, suggestion, hedgeable)


_SAY_MAY_HELP = "Say what it 'may help' with, or what it 'is used to' do."
_SAY_NEUTRAL = "Use neutral words, such as 'changes in the joint' or 'normal changes with age'."
_SAY_COULD = "Say 'could' for a risk that may not happen (for example 'could cause')."
_NOT_DIET = "Leave it out of the reason."

#: The discouraged phrases, by kind. Fear words follow Stewart & Loftus 2018 and Linskens 2023.
PHRASES: tuple[Phrase, ...] = (
    _phrase(
        r"\b(?:re)?build(?:s|ing)?\s+(?:up\s+)?(?:your\s+|more\s+)?(?:muscles?|strength)\b",
        "promise",
        "Say it 'may help build strength', or that it 'is used to build strength'.",
        hedgeable=True,
    ),
    _phrase(
        r"\b(?:to\s+)?(?:eases?|easing|relieves?|relieving|reduces?|reducing|lessens?)"
        r"\s+(?:your\s+|the\s+)?pain\b",
        "promise",
        "Say it 'may ease pain', or that it 'is used to ease pain'.",
        hedgeable=True,
    ),
    _phrase(
        r"\bhelps\b|\bwill\s+help\b|\bhelp\s+you\s+(?:re)?build\b",
        "promise",
        "Say 'may help' or 'can help'.",
        hedgeable=True,
    ),
    _phrase(r"\b(?:will\s+(?:fix|heal)|fixes)\b", "promise", _SAY_MAY_HELP, hedgeable=True),
    _phrase(r"\bcur(?:e|es|ed|ing)\b", "promise", _SAY_MAY_HELP),
    _phrase(r"\bguarantee[sd]?\b", "promise", _SAY_MAY_HELP),
    _phrase(r"\bsuffer(?:s|ing)?\s+from\b", "diagnosis", "Say 'you have' or 'you told us about'."),
    _phrase(
        r"\bmakes?\s+(?:daily\s+life\s+harder\s+for\s+you|your\s+daily\s+life\s+harder)\b",
        "diagnosis",
        "Give back what the patient told us, for example 'you told us your weakness "
        "limits what you can do'.",
    ),
    _phrase(
        r"\byou\s+have\s+(?:an?\s+)?(?:pinched|trapped|compressed)\s+nerves?\b",
        "diagnosis",
        "Only a clinician can diagnose; say what a clinician will check.",
    ),
    _phrase(
        r"\b(?:is|are)\s+caused\s+by\b",
        "diagnosis",
        "Only a clinician can find the cause; say 'can be linked to', or what a clinician "
        "will check.",
    ),
    # "worn" about a cuff ("worn on the upper arm") is not about the body.
    _phrase(
        r"\bworn\b(?!\s+(?:on|around|over|under|during|while|at|by|as|for)\b)",
        "fear",
        _SAY_NEUTRAL,
    ),
    _phrase(r"\bwear(?:[\s-]+and[\s-]+|\s*&\s*)tear\b", "fear", _SAY_NEUTRAL),
    _phrase(r"\bout\s+of\s+(?:line|alignment)\b", "fear", "Say 'stiff' or 'not moving as well'."),
    _phrase(r"\bpinched\b", "fear", "Say 'irritated' for a nerve, or 'tight' for a muscle."),
    _phrase(r"\bstarved\s+of\s+(?:blood|oxygen)\b", "fear", "Say 'with less blood flow'."),
    _phrase(r"\bdegenerat\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bcrumbl\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bbone[\s-]+on[\s-]+bone\b", "fear", _SAY_NEUTRAL),
    _phrase(r"\bslipped\s+dis[ck]s?\b", "fear", "Say 'a disc bulge' or 'back pain'."),
    _phrase(r"\b(?:can|will)\s+(?:trigger|cause|damage|harm)\b", "certainty", _SAY_COULD),
    _phrase(r"\bwill\s+(?:lead\s+to|result\s+in)\b", "certainty", "Say 'could lead to'."),
    # The review: an old, treated clot must not be described as something pressure can move.
    _phrase(
        r"\b(?:move|moving|dislodge|dislodging)\s+(?:an?\s+|the\s+|your\s+)?(?:old\s+)?"
        r"(?:blood\s+)?clot\b",
        "certainty",
        "Do not describe an old, treated clot as something that could be moved; say why "
        "a clinician checks first.",
    ),
    _phrase(r"\bhealthy\s+(?:diet|eating)\b", "scope", _NOT_DIET),
    _phrase(r"\bdiet\s+plans?\b", "scope", _NOT_DIET),
    _phrase(r"\bwhat\s+(?:to|you\s+should)\s+eat\b", "scope", _NOT_DIET),
    _phrase(r"\bhealthy\s+changes\b[^.!?]*?\b(?:eat\w*|food|meals?)\b", "scope", _NOT_DIET),
    _phrase(r"\brecommend(?:s|ed)?\s+(?:a|the|your)\s+diet\b", "scope", _NOT_DIET),
    _phrase(r"\beat\s+(?:more|less|fewer)\b", "scope", _NOT_DIET),
    _phrase(r"\b(?:dietary|protein|vitamin)\s+supplements?\b", "scope", _NOT_DIET),
)


def check_reason(spec: RuleSpec) -> list[Problem]:
    """Return the wording warnings for a rule's reason: phrases, reading grade, therapy named."""
    at = spec.because_at or spec.at
    check = Checker(rule=spec.id)
    for phrase, text in discouraged_phrases(spec.because):
        kind = KIND_WORDS[phrase.kind]
        check.warning(problems.discouraged_phrase, at, text, kind, phrase.suggestion)
    grade = reading_grade(spec.because)
    if grade > _MAX_GRADE:
        check.warning(problems.hard_to_read, at, grade, _MAX_GRADE)
    missing = unnamed_therapies(spec)
    if missing:
        names = [_THERAPY_NAMES[t] for t in missing]
        check.warning(problems.names_no_therapy, at, names, spec.effect.target == "all")
    return check.problems


def discouraged_phrases(
    text: str, catalogue: tuple[Phrase, ...] | None = None
) -> list[tuple[Phrase, str]]:
    """Return each discouraged phrase ``text`` uses, in catalogue order, once per wording.

    :param catalogue: the phrases looked for (default: ``PHRASES``, the English ones).
    """
    return list(_discouraged_phrases(text, PHRASES if catalogue is None else catalogue))


# A rule set is checked again on every edit (and a test run builds many apps), while most
# reasons stay the same: each text is weighed once per process.
@functools.lru_cache(maxsize=4096)
def _discouraged_phrases(
    text: str, catalogue: tuple[Phrase, ...]
) -> tuple[tuple[Phrase, str], ...]:
    seen: dict[tuple[Phrase, str], str] = {}
    for phrase in catalogue:
        for used in phrase.find(text):
            seen.setdefault((phrase, used.lower()), used)
    return tuple((phrase, used) for (phrase, _), used in seen.items())


def unnamed_therapies(
    spec: RuleSpec,
    text: str | None = None,
    named: dict[Therapy, re.Pattern[str]] | None = None,
    any_treatment: re.Pattern[str] | None = None,
) -> list[Therapy]:
    """Return the therapies a rule is about that its reason does not name.

    A consult for every therapy may instead say "any treatment"; urgent care
    is about an urgency, not a therapy, so it names none.

    :param text: the reason to read (default: the rule's own, in English); a
        translated reason comes with its language's ``named`` and ``any_treatment``.
    """
    text = spec.because if text is None else text
    named = _NAMED if named is None else named
    any_treatment = _ANY_TREATMENT if any_treatment is None else any_treatment
    if spec.effect.kind == "urgent_care":
        return []
    therapy = spec.effect.therapy
    if therapy is None and any_treatment.search(text):
        return []
    wanted = THERAPIES if therapy is None else (therapy,)
    return [t for t in wanted if not named[t].search(text)]


# The reading grade is textstat's flesch_kincaid_grade with its CMU dictionary off (syllables
# from Pyphen only), step for step, so the rule check and the web wording tests agree;
# textstat itself is not a runtime dependency (it pulls nltk and downloads a dictionary).
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


@functools.lru_cache(maxsize=4096)
def reading_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of ``text``, as textstat 0.7.13 computes it with Pyphen.

    0.39 × words per sentence + 11.8 × syllables per word − 15.59, where a
    "sentence" of two words or fewer is not counted (but its words are).
    """
    counted = text_counts(text, "en_US")
    if counted is None:
        return 0.0
    words_per_sentence, syllables_per_word = counted
    return (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59


def text_counts(text: str, dictionary: str) -> tuple[float, float] | None:
    """Return (words per sentence, syllables per word) as textstat counts them, or None if no words.

    :param dictionary: Pyphen's dictionary for the text's language (``en_US``, ``es``).
    """
    if not text:
        return None
    words = _words(text)
    sentences = max(1, sum(1 for s in _SENTENCE.findall(text) if len(_words(s)) > 2))
    if not words:
        return None
    hyphenator = _hyphenator(dictionary)
    syllables = sum(len(hyphenator.positions(w)) + 1 for w in _words(text, lowercase=True))
    # Pyphen gives every word at least one syllable, so textstat's zero checks end above.
    return len(words) / sentences, syllables / len(words)


def _words(text: str, lowercase: bool = False) -> list[str]:
    # textstat keeps the apostrophe of a contraction ("don't") and drops other punctuation.
    text = _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))
    return (text.lower() if lowercase else text).split()


@functools.cache
def _hyphenator(dictionary: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=dictionary)
