"""Every problem code has its own builder, an example file that produces it, and a guide entry.

The table below maps each code to the smallest broken (or merely doubtful) file
that produces it. A new builder without an example, or an example for a code
that no longer exists, fails ``test_every_code_has_an_example``.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import shutil
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tomli_w

from advisor import problems
from advisor.assessment import assess
from advisor.catalogues import check_catalogue
from advisor.checker import Checker
from advisor.exceptions import RuleSetInvalid
from advisor.problems import Location, Problem
from advisor.questionnaire import check_questionnaire
from advisor.response import Assessment
from advisor.ruleset import RuleSet, check_ruleset, load_ruleset
from advisor.ruleset.cases import load_cases
from advisor.ruleset.gate import admit
from advisor.ruleset.in_use import InUse
from advisor.ruleset.live import LiveRuleSet
from advisor.ruleset.translations import english_fingerprint
from advisor.tomlfile import read_toml
from tests.conftest import RULES_DIR
from tests.personas import BASE_ANSWERS

GUIDE = Path(__file__).parents[2] / "docs" / "rules-guide.md"
TODAY = datetime.date(2030, 1, 1)
PROVENANCE = """\
source = "S"
owner = "O"
review_by = 2099-01-01
"""
MANIFEST = 'version = "test"\n'


def rule(body: str, provenance: str = PROVENANCE) -> str:
    """Return a ``[[rule]]`` with the given keys, the provenance added."""
    return "[[rule]]\n" + textwrap.dedent(body) + textwrap.dedent(provenance)


#: A rule with nothing wrong in it, to change one thing at a time.
GOOD = """\
id = "bfr-x"
title = "T"
because = "BFR may help you."
when.age.at_least = 65
suggest = "bfr"
"""

COLOUR = """
[[question]]
id = "colour"
page = "one"
type = "single"
text = "Colour?"
options = [{ value = "red" }, { value = "blue" }]
"""
QUESTIONNAIRE = (
    """\
version = "x"
[[page]]
id = "one"
title = "One"
"""
    + COLOUR
)

#: A question on the same page as the one its asked_when reads.
SHADE_ASKED_WHEN_COLOUR = """
[[question]]
id = "shade"
page = "one"
type = "single"
text = "Shade?"
options = [{ value = "dark" }]
asked_when.colour = "red"
"""

#: A rule file that stops in the middle of a quoted id.
UNCLOSED_QUOTE = """\
[[rule]]
id = "x
"""


def without(text: str, key: str) -> str:
    """Return TOML ``text`` without the line that sets ``key``."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(f"{key} =")
    )


@dataclass(frozen=True)
class Example:
    """Files that produce a code: rule files by name, or a questionnaire, or a custom run."""

    rules: dict[str, str | bytes] = field(default_factory=dict)
    manifest: str | None = MANIFEST
    questionnaire: str | None = None
    run: Callable[[Path, pytest.MonkeyPatch], list[str]] | None = None


def _write_rules(directory: Path, example: Example) -> Path:
    directory.mkdir()
    files: dict[str, str | bytes] = dict(example.rules)
    if example.manifest is not None:
        files["ruleset"] = example.manifest
    for name, text in files.items():
        path = directory / f"{name}.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return directory


def _internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug in advisor")

    monkeypatch.setattr("advisor.ruleset.check_rule_file", broken)
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    return [p.code for p in check_ruleset(directory).problems]


def _rules_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    now = [0.0]
    live = LiveRuleSet(directory, clock=lambda: now[0], interval=1.0, settle=0.0)
    emptied = directory / "bfr.toml"
    emptied.write_text("")
    past = time.time() - 60
    os.utime(emptied, (past, past))
    now[0] = 5.0
    live.refresh()
    return [p["code"] for p in live.status()["refused_edit"]["problems"]]


def _unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # Not a permission: the tests may run as root, who can read anything.
    problem = read_toml(tmp_path / "gone.toml")
    return [problem.code] if isinstance(problem, Problem) else []


def _duplicate_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    case = """
        [base]
        age = 45

        [[case]]
        name = "a-healthy-adult"
        about = "Nothing is wrong."
        answers = {}
        expect.primary = "consult"
        expect.suggestions = []
    """
    files = [tmp_path / "one.toml", tmp_path / "two.toml"]
    for path in files:
        path.write_text(textwrap.dedent(case), encoding="utf-8")
    _, found = load_cases(files, load_ruleset(RULES_DIR))
    return [p.code for p in found]


# --- issue 11: review ---
def _ignored_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    (directory / "jaw.TOML").write_text(rule(GOOD.replace("bfr-x", "bfr-y")), encoding="utf-8")
    return [p.code for p in check_ruleset(directory).problems]


#: Two rules alike but for their ids (and the second's conditions, where given).
def _pair(second: str, first: str = GOOD) -> str:
    return rule(first) + rule(second.replace("bfr-x", "bfr-y"))


#: For each code, the smallest file that produces it.
EXAMPLES: dict[str, Example] = {
    "file-too-large": Example(rules={"bfr": "# " + "x" * (1024 * 1024)}),
    "not-utf8": Example(rules={"bfr": b'[[rule]]\nid = "caf\xe9"\n'}),
    "toml-syntax": Example(rules={"bfr": UNCLOSED_QUOTE}),
    "no-rules": Example(),
    "missing-manifest": Example(rules={"bfr": rule(GOOD)}, manifest=None),
    "unknown-key": Example(rules={"bfr": rule(GOOD + 'becuase = "x"\n')}),
    "wrong-type": Example(rules={"bfr": rule(GOOD + 'priority = "high"\n')}),
    "missing-field": Example(rules={"bfr": rule(GOOD.replace('title = "T"\n', ""))}),
    "bad-id": Example(rules={"bfr": rule(GOOD.replace("bfr-x", "BFR_x"))}),
    "reserved-id": Example(rules={"bfr": rule(GOOD.replace("bfr-x", "safety.x"))}),
    "duplicate-id": Example(rules={"a": rule(GOOD), "b": rule(GOOD)}),
    "duplicate-question": Example(questionnaire=QUESTIONNAIRE + COLOUR),
    "unreadable-file": Example(run=_unreadable_file),
    "duplicate-case": Example(run=_duplicate_case),
    "bad-option-value": Example(questionnaire=QUESTIONNAIRE.replace('"blue"', '"Blue"')),
    "asked-when-not-earlier": Example(questionnaire=QUESTIONNAIRE + SHADE_ASKED_WHEN_COLOUR),
    "unknown-question": Example(rules={"bfr": rule(GOOD + 'when.muscle_weaknes = "mild"\n')}),
    "value-not-allowed": Example(rules={"bfr": rule(GOOD + 'when.surgery = "recent"\n')}),
    "number-out-of-range": Example(rules={"bfr": rule(GOOD + "when.pain_intensity = 11\n")}),
    "unknown-operator": Example(rules={"bfr": rule(GOOD + "when.pain_intensity.about = 3\n")}),
    "informational-question": Example(rules={"bfr": rule(GOOD + 'when.insurance = "self_pay"\n')}),
    "empty-condition": Example(rules={"bfr": rule(GOOD + "when.red_flags.any_of = []\n")}),
    "no-effect": Example(rules={"bfr": rule(GOOD.replace('suggest = "bfr"\n', ""))}),
    "several-effects": Example(rules={"bfr": rule(GOOD + 'block = "nmt"\n')}),
    "bad-date": Example(rules={"bfr": rule(GOOD, provenance='review_by = "soon"\n')}),
    "rules-removed": Example(run=_rules_removed),
    "internal-error": Example(run=_internal_error),
    "missing-source": Example(rules={"bfr": rule(GOOD, without(PROVENANCE, "source"))}),
    "missing-owner": Example(rules={"bfr": rule(GOOD, without(PROVENANCE, "owner"))}),
    "missing-review-by": Example(rules={"bfr": rule(GOOD, without(PROVENANCE, "review_by"))}),
    "review-overdue": Example(
        rules={"bfr": rule(GOOD, PROVENANCE.replace("2099-01-01", "2000-01-01"))}
    ),
    "never-fires": Example(rules={"bfr": rule(GOOD + "when.age.under = 18\n")}),
    "no-conditions": Example(rules={"bfr": rule(GOOD.replace("when.age.at_least = 65\n", ""))}),
    "unread-question": Example(rules={"bfr": rule(GOOD)}),
    "urgency-differs": Example(
        rules={
            "red": rule(
                """\
                id = "red-flag-x"
                title = "T"
                because = "Chest pain needs a doctor today."
                when.red_flags.any_of = ["chest_pain"]
                urgent_care = "soon"
                """
            )
        }
    ),
    "discouraged-phrase": Example(
        rules={"bfr": rule(GOOD.replace("BFR may help you.", "BFR will cure you."))}
    ),
    "hard-to-read": Example(
        rules={
            "bfr": rule(
                GOOD.replace(
                    "BFR may help you.",
                    "BFR: occlusion-facilitated hypertrophic adaptation notwithstanding "
                    "considerable musculoskeletal deconditioning, osteoarthritic "
                    "degeneration and comorbidities.",
                )
            )
        }
    ),
    "names-no-therapy": Example(
        rules={"bfr": rule(GOOD.replace("BFR may help you.", "It may help you."))}
    ),
    # --- issue 11: review ---
    "ignored-file": Example(run=_ignored_file),
    "smart-quotes": Example(rules={"bfr": rule(GOOD.replace('title = "T"', "title = “T”"))}),
    "single-brackets": Example(rules={"bfr": rule(GOOD).replace("[[rule]]", "[rule]")}),
    "comparison-sign": Example(
        rules={"bfr": rule(GOOD.replace("when.age.at_least = 65", "when.age >= 65"))}
    ),
    "empty-reason": Example(rules={"bfr": rule(GOOD.replace('"BFR may help you."', '""'))}),
    "empty-file": Example(rules={"bfr": rule(GOOD), "jaw": "# jaw rules, to come\n"}),
    "byte-order-mark": Example(rules={"bfr": b"\xef\xbb\xbf" + rule(GOOD).encode()}),
    "bad-version": Example(rules={"bfr": rule(GOOD)}, manifest='version = "banana"\n'),
    "overruled": Example(rules={"bfr": rule(GOOD + 'when.bfr_risks.any_of = ["pregnancy"]\n')}),
    "shadowed-rule": Example(rules={"bfr": _pair(GOOD.replace("at_least = 65", "at_least = 70"))}),
    "undecided-conflict": Example(
        rules={"bfr": _pair(GOOD.replace('suggest = "bfr"', 'suggest = "nmt"'))}
    ),
    # --- issue 11: questions ---
    "core-question-changed": Example(
        run=lambda tmp, _: _shipped_questions_changed(tmp, CUFF_RENAMED)
    ),
    "red-flag-urgency": Example(run=lambda tmp, _: _shipped_questions_changed(tmp, NEW_RED_FLAG)),
    "questions-missing": Example(rules={"bfr": rule(GOOD)}),
    "skipped-answer-disagrees": Example(
        run=lambda tmp, _: _shipped_questions_changed(tmp, NO_PAIN_BUT_A_CAUSE)
    ),
    # --- issue 11: cases ---
    "rule-disabled": Example(rules={"bfr": rule(GOOD + "enabled = false\n")}),
}


#: A core value renamed: ``pregnancy`` becomes ``pregnant``.
CUFF_RENAMED = ('value = "pregnancy"', 'value = "pregnant"')
#: The pain's cause skipped for a person without pain, standing for a cause all the same.
NO_PAIN_BUT_A_CAUSE = ('when_skipped = "none"', 'when_skipped = "unknown"')
#: A red flag the contract does not list, without its urgency.
NEW_RED_FLAG = (
    '  { value = "chest_pain", ',
    '  { value = "jaw_pain_on_effort", label = "Jaw pain when you exert yourself" },\n'
    '  { value = "chest_pain", ',
)


def _shipped_questions_changed(tmp_path: Path, change: tuple[str, str]) -> list[str]:
    """Return the codes a copy of the shipped rules gives with one edit to its questions.toml."""
    directory = tmp_path / "rules"
    shutil.copytree(RULES_DIR, directory)
    questions = directory / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    assert change[0] in text
    questions.write_text(text.replace(*change, 1), encoding="utf-8")
    return [p.code for p in check_ruleset(directory, today=TODAY).problems]


# --- issue 11: gate (the go-live gate's reasons) ---


def _rules_in_use(tmp_path: Path, count: int = 5) -> tuple[Path, InUse]:
    """Write ``count`` good rules in one file and return the folder with its record in use."""
    body = "".join(rule(GOOD.replace("bfr-x", f"bfr-x{n}")) for n in range(count))
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": body, "more": rule(GOOD)}))
    return directory, InUse.of(load_ruleset(directory))


def _gate_codes(directory: Path, in_use: InUse | None = None, **options: object) -> list[str]:
    verdict = admit(check_ruleset(directory, today=TODAY), in_use=in_use, count=50, **options)
    return [p.code for p in (*verdict.reasons, *verdict.warnings)]


def _case_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    (directory / "cases").mkdir()
    (directory / "cases" / "bfr.toml").write_text(
        tomli_w.dumps(
            {
                "case": [
                    {
                        "name": "older-adult",
                        "answers": {**BASE_ANSWERS, "age": 70},
                        "expect": {"primary": "nmt", "suggestions": ["nmt"]},
                    }
                ]
            }
        )
    )
    return _gate_codes(directory)


def _safety_property_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    def bfr_for_everyone(raw: dict[str, object], ruleset: RuleSet) -> Assessment:
        response = assess(raw, ruleset)
        wrong = dataclasses.replace(response.recommendation, primary="bfr", suggestions=("bfr",))
        return dataclasses.replace(response, recommendation=wrong)

    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    return _gate_codes(directory, assessor=bfr_for_everyone)


def _many_rules_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory, in_use = _rules_in_use(tmp_path)
    (directory / "bfr.toml").write_text(rule(GOOD.replace("bfr-x", "bfr-x0")))
    return _gate_codes(directory, in_use)


def _rules_removed_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory, in_use = _rules_in_use(tmp_path)
    (directory / "bfr.toml").write_text(rule(GOOD.replace("bfr-x", "bfr-x0")))
    (directory / "ruleset.toml").write_text('version = "raised"\n')
    return _gate_codes(directory, in_use)


def _version_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory, in_use = _rules_in_use(tmp_path)
    with (directory / "bfr.toml").open("a") as handle:
        handle.write("# reviewed\n")
    return _gate_codes(directory, in_use)


def _outside_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(rule(GOOD), encoding="utf-8")
    directory = _write_rules(tmp_path / "rules", Example())
    (directory / "bfr.toml").symlink_to(outside)
    return [p.code for p in check_ruleset(directory, today=TODAY).problems]


def _rules_changing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
    manifest = directory / "ruleset.toml"

    def check_while_someone_keeps_saving(*args: object, **kwargs: object) -> object:
        manifest.write_text(manifest.read_text() + "# saved again\n")
        return check_ruleset(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("advisor.ruleset.live.check_ruleset", check_while_someone_keeps_saving)
    with pytest.raises(RuleSetInvalid) as caught:
        LiveRuleSet(directory, settle=0.0)
    return [p.code for p in caught.value.problems]


EXAMPLES.update(
    {
        "binary-file": Example(rules={"bfr": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
        "outside-rules": Example(run=_outside_rules),
        "rules-changing": Example(run=_rules_changing),
        "case-failed": Example(run=_case_failed),
        "safety-property-broken": Example(run=_safety_property_broken),
        "many-rules-removed": Example(run=_many_rules_removed),
        "rules-removed-allowed": Example(run=_rules_removed_allowed),
        "version-not-raised": Example(run=_version_not_raised),
    }
)


# --- issue 13: translations ---


def _translated(
    text: str, name: str = "es.toml"
) -> Callable[[Path, pytest.MonkeyPatch], list[str]]:
    """Return a run that checks GOOD's rule with this translation file beside it."""

    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        directory = _write_rules(tmp_path / "rules", Example(rules={"bfr": rule(GOOD)}))
        (directory / "translations").mkdir()
        (directory / "translations" / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return [p.code for p in check_ruleset(directory, today=TODAY).problems]

    return run


#: GOOD's title and reason in Spanish, each with the fingerprint of its English.
SPANISH = f"""\
    language = "es"
    [rule.bfr-x]
    title = "T"
    because = "El BFR puede ayudarle."
    english = {{ title = "{english_fingerprint("T")}", because = "{english_fingerprint("BFR may help you.")}" }}
"""

EXAMPLES.update(
    {
        "translation-section": Example(run=_translated(SPANISH + '[rules.bfr-x]\ntitle = "T"\n')),
        "translation-unknown-id": Example(
            run=_translated(SPANISH.replace("[rule.bfr-x]", "[rule.bfr-y]"))
        ),
        "translation-key": Example(run=_translated(SPANISH + "    when.age.at_least = 65\n")),
        "translation-language": Example(
            run=_translated(SPANISH.replace('language = "es"', 'language = "fr"'))
        ),
        "translation-fingerprint": Example(
            run=_translated(SPANISH.replace(english_fingerprint("T"), "T"))
        ),
        "translation-not-text": Example(
            run=_translated(SPANISH.replace('title = "T"', 'title = ""'))
        ),
        "translation-missing": Example(run=_translated('language = "es"\n')),
        "translation-stale": Example(
            run=_translated(SPANISH.replace(english_fingerprint("T"), "00000000"))
        ),
        "translation-unfingerprinted": Example(
            run=_translated(SPANISH.replace(f'title = "{english_fingerprint("T")}", ', ""))
        ),
        "translation-hard-to-read": Example(
            run=_translated(
                SPANISH.replace(
                    "El BFR puede ayudarle.",
                    "El BFR: adaptación hipertrófica facilitada por oclusión vascular, "
                    "independientemente del desacondicionamiento musculoesquelético considerable.",
                )
            )
        ),
    }
)


def _catalogue(po: str) -> Callable[[Path, pytest.MonkeyPatch], list[str]]:
    """Return a run that checks a Spanish catalogue ``po`` against a template of two msgids."""

    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        (tmp_path / "es" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / "messages.pot").write_text(
            'msgid ""\nmsgstr ""\n\nmsgid "Start now"\nmsgstr ""\n\nmsgid "Back"\nmsgstr ""\n'
        )
        (tmp_path / "es" / "LC_MESSAGES" / "messages.po").write_text(po, encoding="utf-8")
        return [p.code for p in check_catalogue(tmp_path, "es")]

    return run


EXAMPLES.update(
    {
        "catalogue-unreadable": Example(run=_catalogue("this is not a catalogue\n")),
        "catalogue-missing": Example(run=_catalogue('msgid "Start now"\nmsgstr "Comenzar"\n')),
        "catalogue-stale": Example(
            run=_catalogue('#, fuzzy\nmsgid "Start now"\nmsgstr "Comenzar"\n')
        ),
    }
)


def codes_found(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the codes of every problem an example's files produce."""
    if example.run is not None:
        return example.run(tmp_path, monkeypatch)
    if example.questionnaire is not None:
        path = tmp_path / "questions.toml"
        path.write_text(example.questionnaire, encoding="utf-8")
        source = read_toml(path)
        assert not isinstance(source, Problem)
        check = Checker(source)
        assert check_questionnaire(check) is None
        return [p.code for p in check.problems]
    directory = _write_rules(tmp_path / "rules", example)
    return [p.code for p in check_ruleset(directory, today=TODAY).problems]


def test_every_code_has_an_example():
    """The table of examples names exactly the codes of the catalogue."""
    assert sorted(EXAMPLES) == sorted(problems.codes())


@pytest.mark.usefixtures("offline_syllables")
@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_example_produces_its_code(code, tmp_path, monkeypatch):
    """Each code's example file produces a problem with that code."""
    found = codes_found(EXAMPLES[code], tmp_path, monkeypatch)

    assert code in found


def test_every_code_has_a_guide_entry():
    """docs/rules-guide.md explains each code in its table of messages."""
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", GUIDE.read_text(), re.MULTILINE))

    assert sorted(set(problems.codes()) - documented) == []


def test_each_code_has_one_builder_and_one_severity():
    """Codes are unique, and each builder's problems carry its code and severity."""
    with pytest.raises(ValueError, match="already has a builder"):
        problems._builds("wrong-type", "error")(problems.wrong_type.words)

    assert {problems.CATALOGUE[c].code for c in problems.codes()} == set(problems.codes())
    assert {b.severity for b in problems.CATALOGUE.values()} == {"error", "warning"}


def test_checker_reports_with_the_rule_it_looks_at():
    """A checker adds its rule to each problem, and ``found_any`` counts from its making."""
    check = Checker()
    check.error(problems.no_rules, Location("rules"), "rules")
    on_rule = check.within("rule", 0).about("bfr-x")
    clean = on_rule.found_any
    on_rule.warning(problems.missing_owner, Location("rules/bfr.toml", 3))

    assert [(p.code, p.rule) for p in check.problems] == [
        ("no-rules", None),
        ("missing-owner", "bfr-x"),
    ]
    assert (clean, on_rule.found_any) == (False, True)


def test_checker_refuses_a_builder_of_the_other_severity():
    """Reporting a warning's builder as an error is advisor's bug, and says so."""
    with pytest.raises(ValueError, match="missing-owner is a warning, not a error"):
        Checker().error(problems.missing_owner, Location("rules/bfr.toml"))


def test_checker_discards_only_what_it_reported():
    """A check that failed on advisor's own bug can take back its problems, and no others."""
    check = Checker()
    check.error(problems.no_rules, Location("rules"), "rules")
    on_file = check.within("rule", 0)
    on_file.error(problems.missing_field, Location("rules/bfr.toml"), "id", "an id")
    on_file.discard()

    assert [p.code for p in check.problems] == ["no-rules"]
