"""A rule set knows its texts in each language it has a file for, and falls back one text at a time.

``RuleSet.languages``, ``RuleSet.questionnaire_in`` and ``RuleSet.rule_text`` are what the
pages, the API and the command line read; they are built once at load, from a
``translations/<code>.toml`` checked with the rule files and digested with them.
"""

from __future__ import annotations

import shutil

import pytest

from advisor.ruleset import TRANSLATIONS_DIR, check_ruleset, load_ruleset
from advisor.ruleset.live import LiveRuleSet
from advisor.untranslated import Untranslated
from tests.conftest import Clock
from tests.test_live_rules import settled
from tests.translating import (
    DISAGREEMENT,
    OPTION,
    PAGE,
    QUESTION,
    RULE,
    SPANISH_BECAUSE,
    SPANISH_TITLE,
    tiny_spanish,
    write_translation,
)


@pytest.fixture
def spanish_rules(rules, default_ruleset):
    """A copy of the rules under test with a tiny Spanish file: a few texts, the rest English."""
    write_translation(rules, tiny_spanish(default_ruleset))
    return rules


@pytest.fixture
def spanish(spanish_rules):
    return load_ruleset(spanish_rules)


def test_an_english_only_rule_set_speaks_english(rules):
    """Without translation files a rule set has one language, and every lookup is English."""
    shutil.rmtree(rules / TRANSLATIONS_DIR)
    english_only = load_ruleset(rules)

    assert english_only.languages == ("en",)
    assert english_only.questionnaire_in("es") is english_only.questionnaire
    spec = english_only.rule(RULE)
    assert english_only.rule_text("es", RULE) == (spec.title, spec.because)


def test_the_shipped_rules_speak_english_and_spanish(default_ruleset):
    """The default rules come with their Spanish, every text of it."""
    assert default_ruleset.languages == ("en", "es")
    _, because = default_ruleset.rule_text("es", RULE)
    assert not isinstance(because, Untranslated)
    assert because != default_ruleset.rule(RULE).because


def test_each_translation_file_adds_its_language(spanish):
    """English first, then each language a file translates into."""
    assert spanish.languages == ("en", "es")


@pytest.mark.parametrize("language", ["en", "xx", "", "ES"])
def test_english_or_an_unknown_language_gives_the_english_questionnaire_itself(spanish, language):
    """Nothing is copied for English, and a language without a file gets English, not an error."""
    assert spanish.questionnaire_in(language) is spanish.questionnaire


def test_questionnaire_in_spanish_has_each_translated_text(spanish):
    """A page title, a question's text, an option's label and a disagreement's message."""
    questionnaire = spanish.questionnaire_in("es")

    assert questionnaire.page(PAGE).title == "Sobre usted"
    assert questionnaire[QUESTION].text == "¿Sus músculos se han vuelto débiles o más pequeños?"
    labels = {o.value: o.label for o in questionnaire[QUESTION].options}
    assert labels[OPTION] == "Sí, y me hace más difícil moverme o hacer las tareas diarias"
    [message] = [d.message for d in questionnaire.disagreements if d.id == DISAGREEMENT]
    assert message.startswith("Usted dijo que no tiene dolor")
    assert not isinstance(questionnaire[QUESTION].text, Untranslated)


def test_a_missing_text_falls_back_to_its_english_one_text_at_a_time(spanish):
    """Untranslated texts are the English, marked ``Untranslated``; the translated ones are not."""
    english = spanish.questionnaire
    questionnaire = spanish.questionnaire_in("es")
    question = questionnaire[QUESTION]
    page = questionnaire.page(PAGE)
    label = {o.value: o.label for o in question.options}

    assert isinstance(question.help, Untranslated)
    assert question.help == english[QUESTION].help
    assert isinstance(page.intro, Untranslated)
    assert isinstance(label["mild"], Untranslated)
    assert isinstance(questionnaire["age"].text, Untranslated)
    assert questionnaire["age"].text == english["age"].text


def test_no_text_is_ever_blank_and_an_empty_english_text_stays_empty(spanish):
    """Every text the English has, Spanish has; a help the English lacks is not made up."""
    english = spanish.questionnaire
    questionnaire = spanish.questionnaire_in("es")

    for mine, theirs in zip(questionnaire, english, strict=True):
        assert mine.text
        assert bool(mine.help) == bool(theirs.help)
        assert all(o.label for o in mine.options)
        assert [bool(o.hint) for o in mine.options] == [bool(o.hint) for o in theirs.options]
    assert all(page.title for page in questionnaire.pages)


def test_ids_values_and_conditions_never_change_with_the_language(spanish):
    """Only words change: what the rules, the API and stored answers rely on is the English's."""
    english = spanish.questionnaire
    questionnaire = spanish.questionnaire_in("es")

    assert questionnaire.ids == english.ids
    assert questionnaire.version == english.version
    assert [p.id for p in questionnaire.pages] == [p.id for p in english.pages]
    for mine, theirs in zip(questionnaire, english, strict=True):
        assert (mine.type, mine.page, mine.values, mine.core) == (
            theirs.type,
            theirs.page,
            theirs.values,
            theirs.core,
        )
        assert (mine.asked_when, mine.web_asked_when, mine.when_skipped, mine.default) == (
            theirs.asked_when,
            theirs.web_asked_when,
            theirs.when_skipped,
            theirs.default,
        )
    assert questionnaire.red_flag_urgency == english.red_flag_urgency
    assert [d.when for d in questionnaire.disagreements] == [d.when for d in english.disagreements]


def test_the_translated_questionnaire_is_built_once(spanish):
    """Each call returns the same object: nothing is translated per request."""
    assert spanish.questionnaire_in("es") is spanish.questionnaire_in("es")


def test_rule_text_in_spanish(spanish):
    """A translated rule gives its Spanish title and reason."""
    assert spanish.rule_text("es", RULE) == (SPANISH_TITLE, SPANISH_BECAUSE)


def test_rule_text_falls_back_to_english_for_a_rule_not_translated(spanish):
    """Another rule's texts are the English ones, marked ``Untranslated``."""
    other = next(spec for spec in spanish.specs if spec.id != RULE)

    title, because = spanish.rule_text("es", other.id)

    assert (title, because) == (other.title, other.because)
    assert isinstance(title, Untranslated)
    assert isinstance(because, Untranslated)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_rule_text_in_english_or_an_unknown_language_is_the_english(spanish, language):
    """English is never marked as a fallback, and a language without a file is English."""
    spec = spanish.rule(RULE)

    title, because = spanish.rule_text(language, RULE)

    assert (title, because) == (spec.title, spec.because)
    assert not isinstance(because, Untranslated)


@pytest.mark.parametrize("language", ["en", "es"])
def test_rule_text_of_an_unknown_rule_is_a_key_error(spanish, language):
    """A rule id the rule set does not have is a caller's bug: a KeyError naming it."""
    with pytest.raises(KeyError, match="no-such-rule"):
        spanish.rule_text(language, "no-such-rule")


def test_a_stale_translation_is_still_shown(spanish_rules):
    """A changed English reason leaves the old Spanish in use (with a warning), never a blank."""
    edit_english_because(spanish_rules, "BFR uses light weights", "BFR uses very light weights")

    ruleset = load_ruleset(spanish_rules)

    assert ruleset.rule_text("es", RULE)[1] == SPANISH_BECAUSE


def test_the_digest_changes_when_a_translation_changes(spanish_rules):
    """Translations are part of the rule set: a stored result can name the exact texts."""
    before = load_ruleset(spanish_rules).info.digest
    path = spanish_rules / "translations" / "es.toml"
    path.write_text(path.read_text().replace("Sobre usted", "Acerca de usted"))

    after = load_ruleset(spanish_rules)

    assert after.info.digest != before
    assert after.questionnaire_in("es").page(PAGE).title == "Acerca de usted"
    assert path in after.files


def test_a_translation_file_is_counted_as_a_file_checked(spanish_rules, rules):
    """`rules check` counts the translation files with the rest."""
    without = check_ruleset(spanish_rules).files
    (spanish_rules / "translations" / "es.toml").unlink()

    assert check_ruleset(spanish_rules).files == without - 1


def test_a_running_server_picks_up_an_edited_translation(spanish_rules):
    """A translation edit is reloaded like a rule edit: the new Spanish reaches the pages."""
    clock = Clock()
    live = LiveRuleSet(spanish_rules, interval=1.0, clock=clock)
    path = spanish_rules / "translations" / "es.toml"
    path.write_text(path.read_text().replace("Sobre usted", "Acerca de usted"))
    settled(path)

    clock.now = 1.5

    assert live.current().questionnaire_in("es").page(PAGE).title == "Acerca de usted"


def edit_english_because(directory, old: str, new: str) -> None:
    """Change the English reason of the translated rule in a copy of the rules."""
    path = directory / "bfr.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
