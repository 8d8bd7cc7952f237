"""`advisor translations check`: every missing or stale text, of the rule files and the templates.

The rule files' translations are a tiny Spanish file in a copy of the rules; the
templates' catalogue is a small .pot and .po written here, so the tests do not
depend on how far the real Spanish catalogue has got.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest

from advisor.catalogues import check_catalogue
from advisor.cli import cli
from advisor.ruleset import TRANSLATIONS_DIR
from advisor.ruleset.translations import english_fingerprint
from tests.translating import RULE, tiny_spanish, write_translation

TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

#: templates/base.html
msgid "Start now"
msgstr ""

#: templates/base.html
msgid "Continue"
msgstr ""

#: templates/questionnaire/page.html
msgid "Back"
msgstr ""

#: templates/questionnaire/check_answers.html
msgid "Check your answers"
msgstr ""
"""

SPANISH_CATALOGUE = """\
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#: templates/base.html
msgid "Start now"
msgstr "Comenzar ahora"

#: templates/base.html
msgid "Continue"
msgstr ""

#: templates/questionnaire/page.html
#, fuzzy
msgid "Back"
msgstr "Atrás"
"""


@pytest.fixture
def catalogues(tmp_path):
    """A catalogue folder: the template, and a Spanish catalogue with one of each problem."""
    folder = tmp_path / "translations"
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "messages.pot").write_text(TEMPLATE, encoding="utf-8")
    (folder / "es" / "LC_MESSAGES" / "messages.po").write_text(SPANISH_CATALOGUE, encoding="utf-8")
    return folder


@pytest.fixture
def spanish_rules(rules, default_ruleset):
    write_translation(rules, tiny_spanish(default_ruleset))
    return rules


def run(runner, rules, catalogues, *options: str):
    return runner.invoke(
        cli, ["translations", "check", *options, "--catalogues", str(catalogues), str(rules)]
    )


def line_of(text: str, msgid: str) -> int:
    """Return the line of a catalogue's ``msgid "…"``."""
    wanted = f'msgid "{msgid}"'
    return next(n for n, line in enumerate(text.splitlines(), 1) if line == wanted)


def test_a_stale_english_reason_is_listed_at_the_spanish_line(
    runner, spanish_rules, catalogues, default_ruleset
):
    """The therapist's check: change an English `because`, see its Spanish called stale."""
    english = default_ruleset.rule(RULE).because
    new = english.replace("BFR uses light weights", "BFR uses very light weights")
    path = spanish_rules / "bfr.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(english, new), encoding="utf-8")

    result = run(runner, spanish_rules, catalogues)

    assert result.exit_code == 0, result.output
    stale = [line for line in result.output.splitlines() if "[translation-stale]" in line]
    assert stale == [
        f"{spanish_rules / 'translations' / 'es.toml'}:6:11: warning [translation-stale] "
        f"[rule.{RULE}]: the English because ({path}:{_because_line(path)}:11) changed after "
        "this Spanish text was written from it, so patients may read an out-of-date Spanish "
        f"text. Make the Spanish say what the English says now, then write because = "
        f'"{english_fingerprint(new)}" in this section\'s english = {{ … }} line.'
    ]


def _because_line(path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line == f'id = "{RULE}"')
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.startswith("because"))


def test_every_missing_text_of_the_rules_is_listed_with_a_count(runner, spanish_rules, catalogues):
    """One line per text without Spanish, at the English; the count per language ends the list."""
    result = run(runner, spanish_rules, catalogues)

    missing = [line for line in result.output.splitlines() if "[translation-missing]" in line]
    assert len(missing) > 100
    assert all(": warning [translation-missing] this " in line for line in missing)
    assert (
        f"es (Spanish): rules and questions: {len(missing)} missing, 0 stale, "
        "0 without a fingerprint, 0 wording warnings; templates: 2 missing, 1 stale (fuzzy); "
        "0 errors."
    ) in result.output


def test_the_catalogues_missing_and_fuzzy_entries_are_listed(runner, spanish_rules, catalogues):
    """An empty msgstr at its .po line, a msgid the .po lacks at the .pot's, a fuzzy one."""
    po = catalogues / "es" / "LC_MESSAGES" / "messages.po"
    pot = catalogues / "messages.pot"

    result = run(runner, spanish_rules, catalogues)

    lines = [line for line in result.output.splitlines() if "[catalogue-" in line]
    assert lines == [
        f"{po}:{line_of(SPANISH_CATALOGUE, 'Continue')}: warning [catalogue-missing] "
        "'Continue' (from templates/base.html) has no translation here, so the page shows it "
        "in English.",
        f"{pot}:{line_of(TEMPLATE, 'Check your answers')}: warning [catalogue-missing] "
        "'Check your answers' (from templates/questionnaire/check_answers.html) is not in "
        f"{po}; run pybabel update (docs/translating.md), then translate it, so the page shows "
        "it in English.",
        f"{po}:{line_of(SPANISH_CATALOGUE, 'Back')}: warning [catalogue-stale] "
        "'Back' (from templates/questionnaire/page.html) is marked fuzzy: its English changed, "
        "or pybabel guessed its translation from a similar text, so the page shows the "
        "English. Check the translation, then delete the '#, fuzzy' line above it.",
    ]


def test_warnings_exit_0_unless_strict(runner, spanish_rules, catalogues):
    """Missing and stale texts are work to do, not a broken rule set; --strict makes them fail."""
    assert run(runner, spanish_rules, catalogues).exit_code == 0
    assert run(runner, spanish_rules, catalogues, "--strict").exit_code == 1


def test_an_error_in_a_translation_exits_1(runner, spanish_rules, catalogues):
    """A section that is not a kind of section is an error, with its line."""
    path = spanish_rules / "translations" / "es.toml"
    path.write_text(path.read_text().replace(f"[rule.{RULE}]", f"[rules.{RULE}]"))

    result = run(runner, spanish_rules, catalogues)

    assert result.exit_code == 1
    assert f"{path}:4:1: error [translation-section] 'rules' is not a section" in result.output
    assert result.output.rstrip().endswith("1 error, 3 warnings.")


def test_a_translation_of_a_rule_that_does_not_exist_is_a_warning_with_its_line(
    runner, spanish_rules, catalogues
):
    """A removed or misspelt rule's Spanish: named at its line, with the nearest id; exit 0."""
    path = spanish_rules / "translations" / "es.toml"
    path.write_text(path.read_text().replace(f"[rule.{RULE}]", "[rule.bfr-gone]"))

    result = run(runner, spanish_rules, catalogues)

    assert result.exit_code == 0
    assert (
        f"{path}:4:1: warning [translation-unknown-id] there is no rule 'bfr-gone'" in result.output
    )


def test_lang_lists_one_language_only(runner, spanish_rules, catalogues, default_ruleset):
    """With two languages, --lang es leaves the other out, in the rules and the summary."""
    write_translation(spanish_rules, tiny_spanish(default_ruleset, language="fr"), name="fr.toml")

    both = run(runner, spanish_rules, catalogues)
    only = run(runner, spanish_rules, catalogues, "--lang", "es")

    assert "fr (French):" in both.output
    assert "fr (French):" not in only.output
    assert "translations/fr.toml" not in only.output
    assert "es (Spanish):" in only.output


def test_a_language_without_a_file_is_said_once(runner, rules, catalogues):
    """Asked for a language with no translation file: one warning, every text is English."""
    shutil.rmtree(rules / TRANSLATIONS_DIR)

    result = run(runner, rules, catalogues, "--lang", "es")

    [line] = [line for line in result.output.splitlines() if "[translation-missing]" in line]
    assert line.startswith(
        f"{rules / 'translations' / 'es.toml'}:1: warning [translation-missing] "
    )
    assert "there is no Spanish translation file" in line
    assert result.exit_code == 0


def test_rules_check_shows_the_translation_warnings_with_the_rest(
    runner, spanish_rules, default_ruleset
):
    """`advisor rules check` lists translation problems too, and still passes on warnings."""
    english = default_ruleset.rule(RULE).because
    path = spanish_rules / "bfr.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(english, english + " Ask us."))

    result = runner.invoke(cli, ["rules", "check", str(spanish_rules)])

    assert result.exit_code == 0, result.output
    assert "es.toml:6:11: warning [translation-stale]" in result.output
    assert ": warning [translation-missing]" in result.output


def test_an_unreadable_catalogue_is_an_error(catalogues):
    """A .po Babel cannot read is named, with Babel's reason; nothing else is said of it."""
    po = catalogues / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid "Start now"\nComenzar ahora\n', encoding="utf-8")

    [problem] = check_catalogue(catalogues, "es")

    assert (problem.code, problem.severity, problem.at.file) == (
        "catalogue-unreadable",
        "error",
        str(po),
    )


def test_a_complete_catalogue_has_nothing_to_say(catalogues):
    """Every msgid translated and none fuzzy: no warning."""
    po = catalogues / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        textwrap.dedent("""\
            msgid ""
            msgstr ""
            "Language: es\\n"

            msgid "Start now"
            msgstr "Comenzar ahora"

            msgid "Continue"
            msgstr "Continuar"

            msgid "Back"
            msgstr "Atrás"

            msgid "Check your answers"
            msgstr "Revise sus respuestas"
            """),
        encoding="utf-8",
    )

    assert check_catalogue(catalogues, "es") == []


def test_an_error_of_another_language_is_shown_too(runner, spanish_rules, catalogues):
    """Any error refuses the whole rule set, so --lang es still shows one in fr.toml, and fails."""
    write_translation(spanish_rules, 'language = "es"\n', name="fr.toml")

    result = run(runner, spanish_rules, catalogues, "--lang", "es")

    assert result.exit_code == 1
    assert "fr.toml:1:12: error [translation-language]" in result.output
