"""A copy of the rules under test with a pseudo-language's translation file, every text in it.

The pseudo-localisation test renders pages in the pseudo-language: with this file the
therapists' texts (questions, options, pages, disagreements, rule titles and reasons)
come in pseudo text too, so a page that shows any of them in English, rather than the
translation the rule set holds, is caught like any other leak.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from advisor.ruleset import TRANSLATIONS_DIR, RuleSet
from advisor.ruleset.translations import english_fingerprint
from tests.language.catalogue import pseudo
from tests.rules_under_test import RULES_DIR


def _section(name: str, texts: dict[str, str]) -> str:
    """Return one ``[name]`` table: each text in pseudo, with the fingerprint of its English."""
    texts = {key: text for key, text in texts.items() if text}
    if not texts:
        return ""
    lines = [f"[{json.dumps(name) if ' ' in name else name}]"]
    lines += [
        f"{key} = {json.dumps(pseudo(text), ensure_ascii=False)}" for key, text in texts.items()
    ]
    prints = ", ".join(f'{key} = "{english_fingerprint(text)}"' for key, text in texts.items())
    lines.append(f"english = {{ {prints} }}")
    return "\n".join(lines) + "\n"


def write_pseudo_rules(directory: Path, code: str, ruleset: RuleSet) -> Path:
    """Copy the rules under test into ``directory`` and give them ``translations/<code>.toml``."""
    shutil.copytree(RULES_DIR, directory)
    questionnaire = ruleset.questionnaire
    sections = [f'language = "{code}"\n']
    for page in questionnaire.pages:
        sections.append(_section(f"page.{page.id}", {"title": page.title, "intro": page.intro}))
    for question in questionnaire:
        sections.append(
            _section(f"question.{question.id}", {"text": question.text, "help": question.help})
        )
        for option in question.options:
            sections.append(
                _section(
                    f"question.{question.id}.option.{option.value}",
                    {"label": option.label, "hint": option.hint},
                )
            )
    for disagreement in questionnaire.disagreements:
        sections.append(
            _section(f"disagreement.{disagreement.id}", {"message": disagreement.message})
        )
    for spec in ruleset.specs:
        sections.append(_section(f"rule.{spec.id}", {"title": spec.title, "because": spec.because}))
    path = directory / TRANSLATIONS_DIR / f"{code}.toml"
    path.write_text("\n".join(s for s in sections if s), encoding="utf-8")
    return path
