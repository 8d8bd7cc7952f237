"""The wording of a Spanish reason: the clinical review's checks (``wording``), in Spanish.

A translated ``because`` is read by the patient as the English one is, so it gets
the same three checks: no listed phrase (a promise, a diagnosis, a fear word, a
risk stated as certain, diet advice), easy to read, and the therapy named. The
phrases are Spanish; "puede" and "podría" hedge a promise as "may" and "could"
do. Reading ease is Fernández-Huerta's (1959), the Spanish adaptation of Flesch's,
as textstat computes it with Pyphen's Spanish dictionary:

    206.84 − 0.60 × syllables per 100 words − 1.02 × words per sentence

That is the corrected formula (Gwillim Law 2011; legible.es): some sources print
"sentences per 100 words" for the last term, which would score a text of short
sentences as harder. 60 and above reads as "normal" for an adult, about US grade
7-8, the grade the English reasons are held to.
"""

from __future__ import annotations

import functools
import re

from advisor import problems
from advisor.checker import Checker
from advisor.contract import Therapy
from advisor.problems import Location, Problem
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.wording import (
    KIND_WORDS,
    Phrase,
    PhraseKind,
    discouraged_phrases,
    name_patterns,
    text_counts,
    unnamed_therapies,
)

__all__ = ["PHRASES_ES", "check_reason_es", "reading_ease_es"]

#: The lowest Fernández-Huerta reading ease a Spanish reason may have (60-70: "normal").
_MIN_EASE = 60.0
_LANGUAGE = "Spanish"
_FORMULA = "Fernández-Huerta"

#: The names that tell a patient which therapy a reason is about, as the English rules
#: name them: the short name first (the style guide's "… (BFR)", "… (NMT)").
_THERAPY_NAMES: dict[Therapy, tuple[str, ...]] = {
    "bfr": ("BFR", "restricción del flujo sanguíneo"),
    "nmt": ("NMT", "neuromuscular"),
}

_NAMED = name_patterns(_THERAPY_NAMES, gap=r"\s+")

#: Words that let a consult for every therapy speak of them together.
_ANY_TREATMENT = re.compile(
    r"\b(?:cualquier|ningún|ninguna)\s+(?:otro\s+|otra\s+)?(?:tratamiento|terapia)\b"
    r"|\b(?:ambos|los\s+dos)\s+tratamientos\b|\b(?:ambas|las\s+dos)\s+terapias\b",
    re.IGNORECASE,
)

# "Puede ayudar", "podría aliviar", "se usa para…": a promise hedged in its own clause.
_HEDGE = re.compile(
    r"\b(?:puede|pueden|podría|podrían|suele|suelen|a\s+menudo|a\s+veces"
    r"|se\s+(?:usa|utiliza|emplea)n?)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.,;:!?¡¿]|\b(?:pero|así\s+que|porque|mientras|aunque|sino)\b", re.IGNORECASE
)


def _phrase(pattern: str, kind: PhraseKind, suggestion: str, hedgeable: bool = False) -> Phrase:
    return Phrase(
        re.compile(pattern, re.IGNORECASE), kind, suggestion, hedgeable, _HEDGE, _CLAUSE_BREAK
    )


_SAY_MAY_HELP = "Say what it 'puede ayudar' with, or what it 'se usa para'."
_SAY_NEUTRAL = (
    "Use neutral words, such as 'cambios en la articulación' or 'cambios normales con la edad'."
)
_SAY_COULD = "Say 'podría' for a risk that may not happen (for example 'podría causar')."
_NOT_DIET = "Leave it out of the reason."

#: The discouraged phrases in Spanish, by kind, as ``wording.PHRASES`` lists them in English.
PHRASES_ES: tuple[Phrase, ...] = (
    _phrase(
        r"\b(?:fortalec(?:e|er|erá)|aument(?:a|ar|ará)|desarroll(?:a|ar|ará)"
        r"|(?:re)?constru(?:ye|ir|irá)|recuper(?:a|ar|ará))\s+(?:la\s+|su\s+|sus\s+|los\s+)?"
        r"(?:fuerza|músculos?|masa\s+muscular)\b",
        "promise",
        "Say it 'puede ayudar a fortalecer los músculos', or that it 'se usa para ganar fuerza'.",
        hedgeable=True,
    ),
    _phrase(
        r"\b(?:alivi(?:a|ar|ará)|reduc(?:e|ir|irá)|disminu(?:ye|ir|irá)|calm(?:a|ar|ará)"
        r"|quit(?:a|ar|ará))\s+(?:el\s+|su\s+|sus\s+|los\s+)?dolor(?:es)?\b",
        "promise",
        "Say it 'puede aliviar el dolor', or that it 'se usa para aliviar el dolor'.",
        hedgeable=True,
    ),
    _phrase(
        r"\b(?:elimin(?:a|ar|ará)|acab(?:a|ará)\s+con|hará\s+desaparecer)\s+"
        r"(?:el\s+|su\s+|sus\s+|los\s+)?dolor(?:es)?\b",
        "promise",
        _SAY_MAY_HELP,
    ),
    _phrase(r"\bayuda\b|\bayudará\b", "promise", "Say 'puede ayudar'.", hedgeable=True),
    _phrase(r"\b(?:arreglar|sanar|solucionar)(?:á|án)\b", "promise", _SAY_MAY_HELP, hedgeable=True),
    _phrase(r"\bcur(?:a|an|ar|ará|arán|ación)\b", "promise", _SAY_MAY_HELP),
    _phrase(r"\bgarantiz\w*|\bgarantía\w*", "promise", _SAY_MAY_HELP),
    _phrase(
        r"\b(?:sufre|padece|sufrir|padecer)\b",
        "diagnosis",
        "Say 'usted tiene' or 'usted nos dijo que'.",
    ),
    _phrase(
        r"\btiene\s+un\s+nervio\s+(?:pinzado|atrapado|comprimido)\b",
        "diagnosis",
        "Only a clinician can diagnose; say what a 'profesional clínico' will check.",
    ),
    _phrase(
        r"\b(?:es|son|está|están)\s+causad[oa]s?\s+por\b",
        "diagnosis",
        "Only a clinician can find the cause; say 'puede estar relacionado con', or what a "
        "'profesional clínico' will check.",
    ),
    _phrase(r"\bdesgast\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bdegener\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bdeterior\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bdesmoron\w*", "fear", _SAY_NEUTRAL),
    _phrase(r"\bhueso\s+(?:contra|con)\s+hueso\b", "fear", _SAY_NEUTRAL),
    _phrase(
        r"\bdesalinead[oa]s?\b|\bfuera\s+de\s+(?:lugar|sitio)\b",
        "fear",
        "Say 'rígido' or 'que no se mueve tan bien'.",
    ),
    _phrase(
        r"\bpinzad[oa]s?\b",
        "fear",
        "Say 'irritado' for a nerve, or 'tenso' for a muscle.",
    ),
    _phrase(
        r"\b(?:privad[oa]s?|falt[oa]s?)\s+de\s+(?:sangre|oxígeno)\b",
        "fear",
        "Say 'con menos flujo de sangre'.",
    ),
    _phrase(
        r"\bdisco\s+(?:desplazado|salido|deslizado|roto)\b",
        "fear",
        "Say 'un disco abultado' or 'dolor de espalda'.",
    ),
    _phrase(
        r"\b(?:causar|provocar|dañar|desencadenar|producir)(?:á|án)\b"
        r"|\bva\s+a\s+(?:causar|provocar|dañar|desencadenar)\b",
        "certainty",
        _SAY_COULD,
    ),
    _phrase(r"\b(?:llevar|conducir)(?:á|án)\s+a\b", "certainty", "Say 'podría llevar a'."),
    _phrase(
        r"\b(?:mover|desprender|soltar|movilizar)\s+(?:un\s+|el\s+|su\s+)?coágulo\b",
        "certainty",
        "Do not describe an old, treated clot as something that could be moved; say why "
        "a 'profesional clínico' checks first.",
    ),
    _phrase(r"\b(?:dieta|alimentación)\s+(?:sana|saludable|equilibrada)\b", "scope", _NOT_DIET),
    _phrase(r"\bplan(?:es)?\s+de\s+(?:dieta|alimentación|comidas)\b", "scope", _NOT_DIET),
    _phrase(r"\bqué\s+(?:debe\s+)?comer\b", "scope", _NOT_DIET),
    _phrase(r"\bcom(?:a|er)\s+(?:más|menos)\b", "scope", _NOT_DIET),
    _phrase(
        r"\bsuplementos?\s+(?:de\s+)?(?:proteínas?|vitaminas?|dietéticos?|alimenticios?)\b",
        "scope",
        _NOT_DIET,
    ),
)


def check_reason_es(spec: RuleSpec, text: str, at: Location) -> list[Problem]:
    """Return the wording warnings for a rule's Spanish reason ``text``, written at ``at``."""
    check = Checker(rule=spec.id)
    for phrase, used in discouraged_phrases(text, PHRASES_ES):
        kind = KIND_WORDS[phrase.kind]
        check.warning(problems.discouraged_phrase, at, used, kind, phrase.suggestion, _LANGUAGE)
    ease = reading_ease_es(text)
    if ease < _MIN_EASE:
        check.warning(problems.translation_hard_to_read, at, _LANGUAGE, ease, _MIN_EASE, _FORMULA)
    missing = unnamed_therapies(spec, text, _NAMED, _ANY_TREATMENT)
    if missing:
        names = [_THERAPY_NAMES[t] for t in missing]
        everything = spec.effect.target == "all"
        check.warning(
            problems.names_no_therapy, at, names, everything, _LANGUAGE, "cualquier tratamiento"
        )
    return check.problems


@functools.lru_cache(maxsize=4096)
def reading_ease_es(text: str) -> float:
    """Return the Fernández-Huerta reading ease of a Spanish ``text``, as textstat computes it.

    206.84 − 60 × syllables per word − 1.02 × words per sentence (syllables from
    Pyphen's Spanish dictionary; a "sentence" of two words or fewer is not counted).
    Higher is easier; a text without words scores 0.
    """
    counted = text_counts(text, "es")
    if counted is None:
        return 0.0
    words_per_sentence, syllables_per_word = counted
    return 206.84 - (60 * syllables_per_word) - (1.02 * words_per_sentence)
