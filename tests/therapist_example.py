"""The rules guide's worked example, applied to a copy of the rules as a therapist would.

``docs/rules-guide.md`` ("Adding a question or an answer value") walks a
therapist through these edits: an optional question (jaw or face pain), a new
cuff risk (Raynaud's), a rule that reads the question, an example case that
uses it, and a red flag with its urgency. ``tests/test_therapist_questions.py``
proves each works end to end; ``.ci/run`` runs the developer suite on a copy
made by this script, so a therapist's valid addition can never break it::

    python -m tests.therapist_example /tmp/clinic-rules   # a new or empty folder
    ADVISOR_RULES_DIR=/tmp/clinic-rules python -m pytest tests/engine ...
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

from advisor.questionnaire import load_questionnaire
from advisor.ruleset import CASES_DIR, MANIFEST, QUESTIONS, TRANSLATIONS_DIR
from advisor.ruleset.translations import english_fingerprint
from advisor.shipped import copy_default_rules

__all__ = [
    "JAW_CASES",
    "JAW_QUESTION",
    "JAW_RULE",
    "NIGHT_SWEATS",
    "RAYNAUDS",
    "SPANISH",
    "apply",
    "make_copy",
]

#: An optional question on an existing page: ``core = false`` and a neutral ``default``.
JAW_QUESTION = """\
[[question]]
id = "jaw_pain"
page = "pain-more"
type = "single"
core = false
default = "no"
text = "Do you have pain in your jaw or face?"
options = [
  { value = "yes", label = "Yes" },
  { value = "no", label = "No" },
]

"""

#: A new value on a tick-any core list: any cuff risk blocks BFR, this one too.
RAYNAUDS = (
    '  { value = "raynauds", label = "Raynaud\'s (fingers or toes that go white or blue '
    'in the cold)" },\n'
)

#: A red flag the contract does not list, with the urgency it must declare.
NIGHT_SWEATS = (
    '  { value = "night_sweats", label = "Night sweats that soak your sheets, for no reason '
    'you know", urgency = "soon" },\n'
)

#: A rule file that reads the new question.
JAW_RULE = """\
# Jaw and face pain (added by the practice).

[[rule]]
id = "nmt-consult-jaw-or-face-pain"
title = "Pain in your jaw or face"
because = "Pain in your jaw or face can come from your teeth, your jaw joint or a nerve. A clinician should check it before NMT is used near your face."
when.jaw_pain = "yes"
consult = "nmt"
source = "Practice decision, clinical meeting of 2026-11-26"
owner = "Clinical lead, physical therapy"
review_by = 2027-11-30
"""

#: Example cases that use the new question, after the ``[base]`` of another case file.
JAW_CASES = """\
[[case]]
name = "neck-knots-with-jaw-pain"
about = "A 40-year-old with knots in the neck from desk work also has pain in the jaw."
answers = { age = 40, pain_duration = "over_12_weeks", pain_cause = "ongoing_strain", pain_intensity = 5, pain_sources = ["trigger_points"], jaw_pain = "yes" }
expect.primary = "consult"
expect.suggestions = ["nmt"]
expect.fired = ["nmt-consult-jaw-or-face-pain", "nmt-ongoing-strain-soft-tissue-pain"]

[[case]]
name = "neck-knots-without-jaw-pain"
about = "The same person without jaw pain: NMT comes first."
answers = { age = 40, pain_duration = "over_12_weeks", pain_cause = "ongoing_strain", pain_intensity = 5, pain_sources = ["trigger_points"], jaw_pain = "no" }
expect.primary = "nmt"
expect.suggestions = ["nmt"]
"""


#: The Spanish of each new text, as the guide shows: appended to ``translations/es.toml``, each
#: with the fingerprint of its English (``advisor rules check`` prints it for a missing one).
SPANISH = {
    "question.jaw_pain": {"text": "¿Tiene dolor en la mandíbula o en la cara?"},
    "question.jaw_pain.option.yes": {"label": "Sí"},
    "question.jaw_pain.option.no": {"label": "No"},
    "question.bfr_risks.option.raynauds": {
        "label": "Raynaud (dedos de las manos o de los pies que se ponen blancos o azules con el frío)"
    },
    "question.red_flags.option.night_sweats": {
        "label": "Sudores de noche que mojan sus sábanas, sin una razón que usted conozca"
    },
    "rule.nmt-consult-jaw-or-face-pain": {
        "title": "Dolor en la mandíbula o en la cara",
        "because": "El dolor en la mandíbula o en la cara puede venir de los dientes, de la articulación de la mandíbula o de un nervio. Un profesional clínico debe revisarlo antes de usar NMT cerca de su cara.",
    },
}


def spanish_sections(english: dict[str, dict[str, str]]) -> str:
    """Return the Spanish sections to append to ``es.toml``, given each text's English."""
    sections = []
    for section, texts in SPANISH.items():
        lines = [f"[{section}]"]
        lines += [f"{key} = {json.dumps(text, ensure_ascii=False)}" for key, text in texts.items()]
        prints = ", ".join(
            f'{key} = "{english_fingerprint(english[section][key])}"' for key in texts
        )
        lines.append(f"english = {{ {prints} }}")
        sections.append("\n".join(lines) + "\n")
    return "\n# Added by the practice (the worked example).\n\n" + "\n".join(sections)


def _english(directory: Path) -> dict[str, dict[str, str]]:
    """Return the English of each text ``SPANISH`` translates, read from the edited files."""
    questionnaire = load_questionnaire(directory / QUESTIONS)
    english: dict[str, dict[str, str]] = {
        "question.jaw_pain": {"text": questionnaire["jaw_pain"].text}
    }
    for question_id, value in (
        ("jaw_pain", "yes"),
        ("jaw_pain", "no"),
        ("bfr_risks", "raynauds"),
        ("red_flags", "night_sweats"),
    ):
        label = next(o.label for o in questionnaire[question_id].options if o.value == value)
        english[f"question.{question_id}.option.{value}"] = {"label": label}
    rule = tomllib.loads(JAW_RULE)["rule"][0]
    english[f"rule.{rule['id']}"] = {"title": rule["title"], "because": rule["because"]}
    return english


def _insert(text: str, anchor: str, addition: str, *, before: bool) -> str:
    """Return ``text`` with ``addition`` just before or after the line holding ``anchor``."""
    start = text.index(anchor)
    line_start = text.rindex("\n", 0, start) + 1
    line_end = text.index("\n", start) + 1
    at = line_start if before else line_end
    return text[:at] + addition + text[at:]


def _base_of(case_file: Path) -> str:
    """Return the ``[base]`` table of a case file, as a therapist would copy it."""
    text = case_file.read_text(encoding="utf-8")
    start = text.index("[base]\n")
    return text[start : text.index("\n\n", start) + 1]


def apply(directory: Path) -> None:
    """Make the worked example's edits in ``directory``, a copy of the shipped rules."""
    questions = directory / QUESTIONS
    text = questions.read_text(encoding="utf-8")
    insurance = '[[question]]\nid = "insurance"'
    text = _insert(text, insurance, JAW_QUESTION, before=True)
    text = _insert(text, 'value = "clot_promoting_medication"', RAYNAUDS, before=False)
    text = _insert(text, 'value = "recent_major_trauma"', NIGHT_SWEATS, before=False)
    questions.write_text(text, encoding="utf-8")
    (directory / "jaw.toml").write_text(JAW_RULE, encoding="utf-8")
    # As the guide says: copy the [base] of another case file, then add the cases.
    base = _base_of(directory / CASES_DIR / "nmt.toml")
    jaw_cases = f"# Jaw and face pain (added by the practice).\n\n{base}\n{JAW_CASES}"
    (directory / CASES_DIR / "jaw.toml").write_text(jaw_cases, encoding="utf-8")
    spanish = directory / TRANSLATIONS_DIR / "es.toml"
    with spanish.open("a", encoding="utf-8") as file:
        file.write(spanish_sections(_english(directory)))
    manifest = directory / MANIFEST
    # A therapist raises the version with every change: YYYY.MM.N becomes YYYY.MM.N+1.
    raised = re.sub(
        r'(version = "\d{4}\.\d{2}\.)(\d+)"',
        lambda m: f'{m.group(1)}{int(m.group(2)) + 1}"',
        manifest.read_text(encoding="utf-8"),
    )
    manifest.write_text(raised, encoding="utf-8")


def make_copy(target: Path) -> Path:
    """Copy the shipped rules into ``target`` (new or empty) and apply the worked example."""
    copy_default_rules(target)
    apply(target)
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.therapist_example NEW_OR_EMPTY_FOLDER", file=sys.stderr)
        return 2
    print(make_copy(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
