"""`rules/translations/<code>.toml` is checked with the rules: every problem at its file and line.

Errors (a text in the wrong place, an unknown language, a translation of something
that does not exist) refuse the rule set like any other error; warnings (a text
missing, stale or without its fingerprint) let it load. Each test edits the tiny
Spanish file of ``tests.translating`` in a copy of the rules under test.
"""

from __future__ import annotations

import textwrap

import pytest

from advisor.exceptions import RuleSetInvalid
from advisor.problems import Problem
from advisor.ruleset import check_ruleset, load_ruleset
from advisor.ruleset.translations import english_fingerprint
from tests.translating import PAGE, QUESTION, RULE, tiny_spanish, write_translation

#: The tiny Spanish file's lines (``tests.translating.tiny_spanish``), as the tests name them.
LANGUAGE_LINE = 2
RULE_TITLE_LINE, RULE_BECAUSE_LINE, RULE_ENGLISH_LINE = 5, 6, 7
PAGE_TITLE_LINE, PAGE_ENGLISH_LINE = 10, 11
QUESTION_HEADER_LINE, QUESTION_TEXT_LINE = 13, 14
OPTION_HEADER_LINE, OPTION_LABEL_LINE = 17, 18


@pytest.fixture
def spanish_file(rules, default_ruleset):
    """The tiny Spanish file, written into a copy of the rules under test."""
    return write_translation(rules, tiny_spanish(default_ruleset))


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def found_in(directory, name: str = "es.toml") -> list[Problem]:
    """Return the problems a check of ``directory`` finds in one translation file."""
    return [p for p in check_ruleset(directory).problems if p.at.file.endswith(name)]


def where(problems: list[Problem]) -> list[tuple[str, str, int, int]]:
    return [(p.severity, p.code, p.at.line, p.at.column) for p in problems]


def test_a_complete_and_current_file_has_no_problem_of_its_own(rules, spanish_file):
    """Every fingerprint right, every key in place: nothing to report in the file itself."""
    assert found_in(rules) == []
    assert load_ruleset(rules).languages == ("en", "es")


# --- staleness: the therapist's "done when" ---


def test_a_changed_english_reason_makes_its_spanish_stale_at_the_spanish_line(
    rules, spanish_file, default_ruleset
):
    """Change an English `because`: the warning is at the Spanish text, names the English line
    and the fingerprint to write once the Spanish is updated."""
    english = default_ruleset.rule(RULE)
    new = english.because.replace("BFR uses light weights", "BFR uses very light weights")
    edit(rules / "bfr.toml", english.because, new)

    [stale] = found_in(rules)

    assert where([stale]) == [("warning", "translation-stale", RULE_BECAUSE_LINE, 11)]
    at = f"{rules / 'bfr.toml'}:{english.because_at.line}:{english.because_at.column}"
    assert stale.message == (
        f"[rule.{RULE}]: the English because ({at}) changed after this Spanish text was "
        "written from it, so patients may read an out-of-date Spanish text. Make the Spanish "
        f'say what the English says now, then write because = "{english_fingerprint(new)}" in '
        "this section's english = { … } line."
    )


def test_writing_the_new_fingerprint_clears_the_stale_warning(rules, spanish_file, default_ruleset):
    """Once the Spanish is updated, the fingerprint the warning gave makes it current."""
    english = default_ruleset.rule(RULE)
    new = english.because + " A therapist shows you how."
    edit(rules / "bfr.toml", english.because, new)
    edit(spanish_file, english_fingerprint(english.because), english_fingerprint(new))

    assert found_in(rules) == []


def test_rewrapping_the_english_does_not_make_its_translation_stale(
    rules, spanish_file, default_ruleset
):
    """Fingerprints read the words, not the spaces or line breaks between them."""
    english = default_ruleset.rule(RULE)
    edit(rules / "bfr.toml", english.because, english.because.replace(". ", ".  ", 1))

    assert found_in(rules) == []


def test_the_fingerprint_is_the_sha256_of_the_words():
    """8 hex digits of SHA-256 of the text with its whitespace collapsed and ends stripped."""
    assert english_fingerprint("About you") == "428f4d00"
    assert english_fingerprint("  About\n\tyou ") == english_fingerprint("About you")
    assert english_fingerprint("About You") != english_fingerprint("About you")


@pytest.mark.parametrize(
    ("section", "line"),
    [("page", PAGE_TITLE_LINE), ("question", QUESTION_TEXT_LINE), ("option", OPTION_LABEL_LINE)],
)
def test_a_changed_question_text_makes_its_translation_stale(
    rules, spanish_file, default_ruleset, section, line
):
    """Pages, questions and options go stale as rule texts do, each at its translated line."""
    questionnaire = default_ruleset.questionnaire
    english = {
        "page": questionnaire.page(PAGE).title,
        "question": questionnaire[QUESTION].text,
        "option": questionnaire[QUESTION].options[-1].label,
    }[section]
    edit(rules / "questions.toml", f'"{english}"', f'"{english} Please answer."')

    column = _value_column(spanish_file, line)
    assert where(found_in(rules)) == [("warning", "translation-stale", line, column)]


def _value_column(path, line: int) -> int:
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return text.index('"') + 1


# --- missing and unfingerprinted: warnings that let the rule set load ---


def test_a_missing_translation_is_a_warning_at_the_english_text(rules, spanish_file):
    """The warning points at the English (the text a translator reads) and says what to add."""
    [help_missing] = [
        p
        for p in check_ruleset(rules).problems
        if p.code == "translation-missing" and f"[question.{QUESTION}]" in p.message
    ]
    help_line = _line_of(rules / "questions.toml", 'help = "Doctors call muscle loss')

    assert (help_missing.at.file, help_missing.at.line, help_missing.at.column) == (
        str(rules / "questions.toml"),
        help_line,
        8,
    )
    assert help_missing.message == (
        "this help has no Spanish translation, so Spanish-speaking patients read it in English. "
        f'Add it to {spanish_file}: under [question.{QUESTION}], write help = "…" and, in its '
        f'english = {{ … }} line, help = "{english_fingerprint("Doctors call muscle loss “atrophy”.")}".'
    )


def _line_of(path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_every_english_text_without_a_translation_is_listed_once(
    rules, spanish_file, default_ruleset
):
    """One warning per text patients read that the file lacks; none for a text it has."""
    missing = [p for p in check_ruleset(rules).problems if p.code == "translation-missing"]
    questionnaire = default_ruleset.questionnaire
    texts = (
        2 * len(default_ruleset.specs)
        + sum(bool(p.title) + bool(p.intro) for p in questionnaire.pages)
        + sum(bool(q.text) + bool(q.help) for q in questionnaire)
        + sum(bool(o.label) + bool(o.hint) for q in questionnaire for o in q.options)
        + len(questionnaire.disagreements)
    )

    assert len(missing) == texts - 6
    assert len({(p.at, p.message) for p in missing}) == len(missing)


def test_warnings_let_the_rule_set_load(rules, spanish_file, default_ruleset):
    """Stale and missing texts are shown (stale, or in English): the rule set is used."""
    english = default_ruleset.rule(RULE)
    edit(rules / "bfr.toml", english.because, english.because + " Ask us.")

    assert load_ruleset(rules).languages == ("en", "es")


def test_a_translation_without_its_fingerprint_is_a_warning_naming_the_one_to_add(
    rules, spanish_file, default_ruleset
):
    """Without a fingerprint a later English change would go unseen: the warning gives it."""
    title = default_ruleset.questionnaire.page(PAGE).title
    edit(spanish_file, f'english = {{ title = "{english_fingerprint(title)}" }}\n', "")

    [problem] = found_in(rules)

    assert where([problem]) == [("warning", "translation-unfingerprinted", PAGE_TITLE_LINE, 9)]
    assert f'add title = "{english_fingerprint(title)}"' in problem.message


# --- errors: each refuses the rule set, at its line ---

#: (what is changed in the tiny file, the code, its line and column, words of the message)
ERRORS = {
    "when in a translation": (
        (f"[rule.{RULE}]\n", f"[rule.{RULE}]\nwhen.age.at_least = 65\n"),
        "translation-key",
        5,
        1,
        f"[rule.{RULE}] cannot have 'when': a translation holds only the texts patients read",
    ),
    "suggest in a translation": (
        (f"[rule.{RULE}]\n", f'[rule.{RULE}]\nsuggest = "bfr"\n'),
        "translation-key",
        5,
        1,
        "cannot have 'suggest'",
    ),
    "a Spanish because under a question": (
        (f"[question.{QUESTION}]\n", f'[question.{QUESTION}]\nbecause = "Porque sí."\n'),
        "translation-key",
        QUESTION_TEXT_LINE,
        1,
        f"[question.{QUESTION}] cannot have 'because': it is not a text of a question; "
        "it takes 'text', 'help', 'option', 'english'.",
    ),
    "a hint whose English has none": (
        ('label = "Sí, y', 'hint = "Una pista."\nlabel = "Sí, y'),
        "translation-key",
        OPTION_LABEL_LINE,
        1,
        "cannot have 'hint': the English option has no hint, so there is nothing to translate",
    ),
    "an unknown kind of section": (
        (f"[page.{PAGE}]", f"[pages.{PAGE}]"),
        "translation-section",
        9,
        1,
        "'pages' is not a section of a translation file; it holds language = \"…\" and the "
        "sections [rule.<rule id>], [page.<page id>], [question.<question id>], "
        "[question.<question id>.option.<value>] and [disagreement.<id>]. Did you mean 'page'?",
    ),
    "a language that is not the file's": (
        ('language = "es"', 'language = "fr"'),
        "translation-language",
        LANGUAGE_LINE,
        12,
        "language is 'fr', but the file is named {file}: they must agree",
    ),
    "no language": (
        ('language = "es"\n', ""),
        "translation-language",
        1,
        1,
        'this translation file has no language line; add language = "es" at its top',
    ),
    "English as a translation": (
        ('language = "es"', 'language = "en"'),
        "translation-language",
        LANGUAGE_LINE,
        12,
        '"en" is the language of the rule files and questions.toml themselves',
    ),
    "a language that is not text": (
        ('language = "es"', "language = 34"),
        "translation-language",
        LANGUAGE_LINE,
        12,
        'language should be a language code in quotes, such as "es" (got 34)',
    ),
    "a fingerprint that is not 8 hex digits": (
        ('english = { title = "', 'english = { title = "zz'),
        "translation-fingerprint",
        RULE_ENGLISH_LINE,
        21,
        f"[rule.{RULE}]: the fingerprint of the English title should be 8 hexadecimal digits",
    ),
    "a fingerprint of a key that is not a text": (
        ('english = { title = "', 'english = { when = "12345678", title = "'),
        "translation-key",
        RULE_ENGLISH_LINE,
        13,
        f"[rule.{RULE}] cannot have 'english.when'",
    ),
    "an empty text": (
        ('title = "Sobre usted"', 'title = " "'),
        "translation-not-text",
        PAGE_TITLE_LINE,
        9,
        f"[page.{PAGE}]: title should be the translated text in quotes (got ' '). To show the "
        "English until it is translated, delete the line instead.",
    ),
    "a text that is not text": (
        ('title = "Sobre usted"', "title = 3"),
        "translation-not-text",
        PAGE_TITLE_LINE,
        9,
        "title should be the translated text in quotes (got 3)",
    ),
    "a TOML syntax error": (
        ('title = "Sobre usted"', 'title = "Sobre usted'),
        "toml-syntax",
        PAGE_TITLE_LINE,
        None,
        "this is not valid TOML",
    ),
}


#: Sections naming something that does not exist: warned at their line (nobody sees them), so
#: that removing or renaming a rule is decided by the removal gate, never refused for its Spanish.
UNKNOWN_IDS = {
    "a rule that does not exist": (
        (f"[rule.{RULE}]", "[rule.bfr-weaknes-with-condition]"),
        "translation-unknown-id",
        4,
        1,
        "there is no rule 'bfr-weaknes-with-condition' in the rule files, so there is nothing "
        f"to translate. Did you mean '{RULE}'? If the rule was renamed or removed, rename or "
        "remove this section too.",
    ),
    "a question that does not exist": (
        (f"[question.{QUESTION}]\n", "[question.muscle_weak]\n"),
        "translation-unknown-id",
        QUESTION_HEADER_LINE,
        1,
        "there is no question 'muscle_weak' in questions.toml",
    ),
    "an option that does not exist": (
        (".option.limits_activity]", ".option.limits_activty]"),
        "translation-unknown-id",
        OPTION_HEADER_LINE,
        1,
        f"there is no option 'limits_activty' in question '{QUESTION}' of questions.toml, so there is "
        "nothing to translate. Did you mean 'limits_activity'?",
    ),
    "a page that does not exist": (
        (f"[page.{PAGE}]", "[page.about-me]"),
        "translation-unknown-id",
        9,
        1,
        "there is no page 'about-me' in questions.toml",
    ),
    "a disagreement that does not exist": (
        ("[disagreement.no-pain-but-a-pain-score]", "[disagreement.no-pain]"),
        "translation-unknown-id",
        21,
        1,
        "there is no disagreement 'no-pain' in questions.toml",
    ),
}


@pytest.mark.parametrize(("change", "code", "line", "column", "words"), ERRORS.values(), ids=ERRORS)
def test_each_error_is_reported_at_its_line_and_refuses_the_rule_set(
    rules, spanish_file, change, code, line, column, words
):
    """Each error names the file, line and column, what was found and what to do."""
    edit(spanish_file, *change)

    found = [p for p in found_in(rules) if p.severity == "error"]

    assert [(p.code, p.at.line) for p in found] == [(code, line)]
    if column is not None:
        assert found[0].at.column == column
    assert words.format(file=spanish_file) in found[0].message
    with pytest.raises(RuleSetInvalid):
        load_ruleset(rules)


@pytest.mark.parametrize(
    ("change", "code", "line", "column", "words"), UNKNOWN_IDS.values(), ids=UNKNOWN_IDS
)
def test_a_section_for_something_that_does_not_exist_is_a_warning_at_its_line(
    rules, spanish_file, change, code, line, column, words
):
    """It names the file and line and the nearest id; the rule set still loads."""
    edit(spanish_file, *change)

    found = [p for p in found_in(rules) if p.code == code]

    assert [(p.severity, p.at.line, p.at.column) for p in found] == [("warning", line, column)]
    assert words in found[0].message
    assert load_ruleset(rules).languages == ("en", "es")


def test_an_unknown_language_code_is_an_error_in_a_file_named_for_it(rules, default_ruleset):
    """`language = "xx"` in xx.toml: the name agrees, but no language has that code."""
    write_translation(rules, tiny_spanish(default_ruleset, language="xx"), name="xx.toml")

    [problem] = [p for p in found_in(rules, "xx.toml") if p.severity == "error"]

    assert (problem.code, problem.at.line, problem.at.column) == ("translation-language", 2, 12)
    assert problem.message == (
        "'xx' is not a known two-letter language code (ISO 639-1); use one such as \"es\" for "
        "Spanish, and name the file after it."
    )


def test_a_file_with_errors_adds_no_missing_warnings(rules, spanish_file):
    """A file that cannot be used says what is wrong with it, not every text it lacks."""
    edit(spanish_file, 'language = "es"', 'language = "fr"')

    codes = {p.code for p in check_ruleset(rules).problems}

    assert "translation-missing" not in codes


def test_every_error_of_a_file_is_reported_at_once(rules, spanish_file):
    """Two mistakes, two errors: a translator fixes them in one pass."""
    edit(spanish_file, f"[rule.{RULE}]\n", f"[rule.{RULE}]\nwhen.age.at_least = 65\n")
    edit(spanish_file, f"[page.{PAGE}]", f"[pages.{PAGE}]")

    assert [p.code for p in found_in(rules) if p.severity == "error"] == [
        "translation-key",
        "translation-section",
    ]


def test_a_translation_of_a_broken_rule_is_not_also_unknown(rules, spanish_file, default_ruleset):
    """A rule with an error of its own still exists: its translation is not called unknown."""
    edit(rules / "bfr.toml", 'suggest = "bfr"', 'suggest = "bfx"')

    codes = [p.code for p in check_ruleset(rules).problems if p.severity == "error"]

    assert codes == ["value-not-allowed"]


# --- files in the translations folder that would not be read ---


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("ES.TOML", "rename it to ES.toml"),
        ("old/es.toml", "move it to translations/ as es.toml"),
    ],
)
def test_a_translation_file_that_would_not_be_read_is_an_error(rules, default_ruleset, name, words):
    """A translation saved with the wrong ending or in a subfolder would be lost without a word."""
    folder = rules / "translations" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text(tiny_spanish(default_ruleset), encoding="utf-8")

    [problem] = [p for p in check_ruleset(rules).problems if p.code == "ignored-file"]

    assert words in problem.message


def test_a_translation_file_linked_from_outside_the_rules_is_refused(
    tmp_path, rules, default_ruleset
):
    """A link out of the rules folder: the texts would change without anyone editing it."""
    outside = tmp_path / "es.toml"
    outside.write_text(tiny_spanish(default_ruleset), encoding="utf-8")
    (rules / "translations").mkdir(exist_ok=True)
    (rules / "translations" / "es.toml").unlink(missing_ok=True)
    (rules / "translations" / "es.toml").symlink_to(outside)

    assert "outside-rules" in [p.code for p in check_ruleset(rules).problems]


def test_a_translations_folder_with_no_files_is_english_only(rules):
    """An empty translations/ folder is no error, and no language."""
    for path in (rules / "translations").glob("*.toml"):
        path.unlink()

    result = check_ruleset(rules)

    assert result.errors == ()
    assert result.ruleset.languages == ("en",)


def test_inline_rule_set_with_its_own_translation(write_rules):
    """A small rule set of its own, translated whole: no warning about the translation."""
    from tests.ruleset.test_wording import rule

    directory = write_rules(rules=rule("BFR may suit you."))
    spec = load_ruleset(directory).rule("bfr-x")
    assert spec is not None
    text = textwrap.dedent(f"""\
        language = "es"
        [rule.bfr-x]
        title = "T"
        because = "El BFR puede ser adecuado para usted."
        english = {{ title = "{english_fingerprint("T")}", because = "{english_fingerprint(spec.because)}" }}
        """)
    write_translation(directory, text)

    assert load_ruleset(directory).rule_text("es", "bfr-x") == (
        "T",
        "El BFR puede ser adecuado para usted.",
    )
    assert found_in(directory) == []


def test_a_spanish_reason_written_in_the_rule_file_is_an_error_saying_where_it_goes(write_rules):
    """`because.es` in a rule file: the Spanish has its own file, and the message names it."""
    directory = write_rules(
        rules="""\
            [[rule]]
            id = "bfr-x"
            title = "T"
            because.es = "El BFR puede ayudarle."
            when.age.at_least = 18
            suggest = "bfr"
            """
    )

    [problem] = check_ruleset(directory).errors

    assert (problem.code, problem.at.line, problem.at.column) == ("translation-key", 4, 1)
    assert problem.message == (
        "rule 'bfr-x' cannot have 'because.es': a rule file holds the English because; a "
        "translation goes in translations/es.toml, under [rule.bfr-x] (docs/translating.md)."
    )
