"""A tiny Spanish translation of a few texts of the rules under test, for tests to write and edit.

The real ``rules/translations/es.toml`` is written by the translators; these tests
keep their own few texts in tmp copies of the rules, so they prove the machinery
whatever the shipped file holds.
"""

from __future__ import annotations

from pathlib import Path

from advisor.ruleset import RuleSet
from advisor.ruleset.translations import TRANSLATIONS_DIR, english_fingerprint

__all__ = [
    "DISAGREEMENT",
    "OPTION",
    "PAGE",
    "QUESTION",
    "RULE",
    "SPANISH_BECAUSE",
    "SPANISH_TITLE",
    "tiny_spanish",
    "write_translation",
]

RULE = "bfr-weakness-with-condition"
PAGE = "about-you"
QUESTION = "muscle_weakness"
OPTION = "limits_activity"
DISAGREEMENT = "no-pain-but-a-pain-score"

SPANISH_TITLE = "Debilidad con una afección de las articulaciones, la columna o los nervios"
SPANISH_BECAUSE = (
    "Sus músculos débiles le hacen más difícil moverse. Un médico encontró una afección "
    "para la que se usa el entrenamiento con restricción del flujo sanguíneo (BFR). "
    "El BFR usa pesas livianas, así que puede ayudar."
)


def fingerprint(text: str) -> str:
    return english_fingerprint(text)


def tiny_spanish(ruleset: RuleSet, language: str = "es") -> str:
    """Return a translation of one text of each kind of ``ruleset``, every fingerprint right.

    Translated: one rule's title and reason, a page's title (not its intro), a question's
    text (not its help), one option's label, and one disagreement's message.
    """
    rule = ruleset.rule(RULE)
    assert rule is not None
    questionnaire = ruleset.questionnaire
    page = questionnaire.page(PAGE)
    assert page is not None
    question = questionnaire[QUESTION]
    option = next(o for o in question.options if o.value == OPTION)
    message = next(d for d in questionnaire.disagreements if d.id == DISAGREEMENT).message
    return f'''\
# Spanish (es) texts for the rules and the questionnaire.
language = "{language}"

[rule.{RULE}]
title = "{SPANISH_TITLE}"
because = "{SPANISH_BECAUSE}"
english = {{ title = "{fingerprint(rule.title)}", because = "{fingerprint(rule.because)}" }}

[page.{PAGE}]
title = "Sobre usted"
english = {{ title = "{fingerprint(page.title)}" }}

[question.{QUESTION}]
text = "¿Sus músculos se han vuelto débiles o más pequeños?"
english = {{ text = "{fingerprint(question.text)}" }}

[question.{QUESTION}.option.{OPTION}]
label = "Sí, y me hace más difícil moverme o hacer las tareas diarias"
english = {{ label = "{fingerprint(option.label)}" }}

[disagreement.{DISAGREEMENT}]
message = "Usted dijo que no tiene dolor, pero dio a su peor dolor un puntaje mayor que 0."
english = {{ message = "{fingerprint(message)}" }}
'''


def write_translation(directory: Path, text: str, name: str = "es.toml") -> Path:
    """Write a translation file into a rules directory; return its path."""
    folder = directory / TRANSLATIONS_DIR
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
