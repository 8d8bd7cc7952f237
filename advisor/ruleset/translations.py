"""Therapists' texts in other languages: ``translations/<code>.toml`` beside the rule files.

The English stays where therapists write it (the rule files, ``questions.toml``).
Each other language has one file, keyed by rule, page, question, option and
disagreement id, and beside every translated text the *fingerprint* of the
English it was written from::

    language = "es"

    [rule.bfr-weakness-older-adult]
    title = "Pérdida de músculo con la edad"
    because = "…"
    english = { title = "3f9c2a1b", because = "be07d41e" }

    [question.muscle_weakness.option.limits_activity]
    label = "…"
    english = { label = "…" }

A key of the file is the path of its text in the parsed TOML (``("rule", id,
"because")``), so one tuple names a text, finds its line and keys the runtime
lookup. When the English changes, its fingerprint no longer matches: the
translation is *stale*, a warning at the translated text's line that names the
English line and the new fingerprint. A text without a translation is shown in
English (``Untranslated``), one text at a time, with a warning at the English.

Checked once at load with the rule files (``advisor.ruleset.check_ruleset``);
``TranslatedTexts`` then holds every language's questionnaire and rule texts,
built once, so a request only looks them up.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.checker import Checker
from advisor.problems import Location, Problem
from advisor.questionnaire import QUESTIONS_FILE, Questionnaire
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.wording_es import check_reason_es
from advisor.tomlfile import SourceFile
from advisor.untranslated import Untranslated

__all__ = [
    "ENGLISH",
    "TRANSLATIONS_DIR",
    "WORDING_CHECKS",
    "EnglishText",
    "EnglishTexts",
    "TextKey",
    "TranslatedTexts",
    "Translation",
    "check_translation",
    "english_fingerprint",
    "language_name",
    "language_of",
    "translation_paths",
]

#: The folder of a rules directory that holds one file per other language.
TRANSLATIONS_DIR = "translations"
#: The language the rule files and questions.toml are written in.
ENGLISH = "en"

#: A text's place in a translation file, which is also its path in the parsed TOML:
#: ``("rule", id, key)``, ``("page", id, key)``, ``("question", id, key)``,
#: ``("question", id, "option", value, key)`` or ``("disagreement", id, key)``.
TextKey = tuple[str, ...]

#: The texts each kind of section translates (only those whose English exists).
_TEXT_KEYS: dict[str, tuple[str, ...]] = {
    "rule": ("title", "because"),
    "page": ("title", "intro"),
    "question": ("text", "help"),
    "option": ("label", "hint"),
    "disagreement": ("message",),
}
_SECTIONS = ("rule", "page", "question", "disagreement")
_FINGERPRINTS = "english"
_OPTIONS = "option"
_FINGERPRINT = re.compile(r"^[0-9a-fA-F]{8}$")
_CODE = re.compile(r"^[a-z]{2}$")

#: Why a key that is not a text cannot be in a translation.
_NOT_A_TEXT = (
    "a translation holds only the texts patients read; conditions, effects and everything "
    "else stay in the English file"
)


def english_fingerprint(text: str) -> str:
    """Return the fingerprint of an English text: 8 hex digits of the SHA-256 of its words.

    Runs of whitespace count as one space and the ends are stripped, so rewrapping a
    long text in its file does not make its translations stale.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def translation_paths(directory: Path) -> list[Path]:
    """Return a rules directory's translation files, in order (none for an English-only set)."""
    return sorted((directory / TRANSLATIONS_DIR).glob("*.toml"))


def language_of(problem: Problem) -> str | None:
    """Return the language a problem is about, or None if it is about no translation.

    A problem in ``translations/<code>.toml`` is about ``code``; a text missing from
    one (``translation-missing``, at the English) names the file it was looked for in.
    """
    if problem.code == "translation-missing" and isinstance(problem.found, str):
        return Path(problem.found).stem
    path = Path(problem.at.file)
    if path.parent.name == TRANSLATIONS_DIR:
        return path.name.split(".", 1)[0].lower()
    return None


@functools.cache
def language_name(code: str) -> str:
    """Return a language's English name for messages ("Spanish"), else its code."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def _known_code(code: str) -> bool:
    from babel import localedata

    return bool(_CODE.match(code)) and localedata.exists(code)


@dataclass(frozen=True, slots=True)
class EnglishText:
    """One English text a translation may translate: what it says and where it is written."""

    key: TextKey
    text: str
    at: Location


@dataclass(frozen=True)
class EnglishTexts:
    """Every translatable English text of a rule set, and the ids a translation may name."""

    texts: Mapping[TextKey, EnglishText]
    #: The ids of each kind of section: rule ids (every rule written, even one with
    #: errors, so a broken rule is not also reported as unknown), page ids, …
    ids: Mapping[str, tuple[str, ...]]
    #: Each question's option values.
    options: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(
        cls,
        questionnaire: Questionnaire,
        specs: Sequence[RuleSpec],
        rule_ids: Sequence[str] = (),
        questions: SourceFile | None = None,
    ) -> EnglishTexts:
        """Collect the texts of ``specs`` and ``questionnaire``, located in their files.

        :param rule_ids: every rule id the rule files declare (default: those of ``specs``).
        :param questions: the parsed ``questions.toml``, for each text's line; without it
            a question's texts are located at the question.
        """
        texts: dict[TextKey, EnglishText] = {}

        def add(key: TextKey, text: str, at: Location | None) -> None:
            if text:
                texts[key] = EnglishText(key, text, at or Location(QUESTIONS_FILE))

        for spec in specs:
            add(("rule", spec.id, "title"), spec.title, spec.title_at or spec.at)
            add(("rule", spec.id, "because"), spec.because, spec.because_at or spec.at)
        place = _Places(questions)
        for page in questionnaire.pages:
            for key in _TEXT_KEYS["page"]:
                add(("page", page.id, key), getattr(page, key), place("page", page.id, key))
        for question in questionnaire:
            for key in _TEXT_KEYS["question"]:
                at = place("question", question.id, key) or question.at
                add(("question", question.id, key), getattr(question, key), at)
            for n, option in enumerate(question.options):
                for key in _TEXT_KEYS["option"]:
                    at = place("question", question.id, "options", n, key) or question.at
                    add(
                        ("question", question.id, _OPTIONS, option.value, key),
                        getattr(option, key),
                        at,
                    )
        for disagreement in questionnaire.disagreements:
            at = place("disagreement", disagreement.id, "message") or disagreement.at
            add(("disagreement", disagreement.id, "message"), disagreement.message, at)
        return cls(
            texts,
            {
                "rule": tuple(rule_ids) or tuple(spec.id for spec in specs),
                "page": tuple(page.id for page in questionnaire.pages),
                "question": questionnaire.ids,
                "disagreement": tuple(d.id for d in questionnaire.disagreements),
            },
            {question.id: question.values for question in questionnaire},
        )


class _Places:
    """Where a questionnaire's texts are written, found by id in the parsed ``questions.toml``."""

    def __init__(self, source: SourceFile | None) -> None:
        self.source = source
        self.index: dict[tuple[str, str], int] = {}
        for kind in ("page", "question", "disagreement"):
            items = source.data.get(kind, []) if source is not None else []
            for n, raw in enumerate(items if isinstance(items, list) else []):
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    self.index.setdefault((kind, raw["id"]), n)

    def __call__(self, kind: str, item_id: str, *keys: str | int) -> Location | None:
        n = self.index.get((kind, item_id))
        if self.source is None or n is None:
            return None
        return self.source.value_at(kind, n, *keys)


@dataclass(frozen=True)
class Translation:
    """One language's checked file: each translated text, by the key of the English it translates."""

    language: str
    texts: Mapping[TextKey, str]
    #: The file, as messages name it.
    display: str = ""


#: A check of one translated reason (the language's wording checks): the rule, the text, where.
WordingCheck = Callable[[RuleSpec, str, Location], list[Problem]]

#: The wording checks of each language that has them (a language without is not checked).
WORDING_CHECKS: Mapping[str, WordingCheck] = {"es": check_reason_es}


def check_translation(
    check: Checker,
    english: EnglishTexts,
    specs: Mapping[str, RuleSpec] | None = None,
    wording: Mapping[str, WordingCheck] | None = None,
) -> Translation | None:
    """Check one translation file; return it, or None if it has errors.

    Every problem goes to ``check`` (which reads the file): errors for what cannot be
    used, warnings for texts missing, stale or without a fingerprint, and the
    language's wording checks (``WORDING_CHECKS``, unless ``wording`` is given) on
    each translated reason.

    :param specs: the rules by id, whose effects the wording checks read.
    """
    language = _language(check)
    # A file whose language is wrong is refused, but its sections are still checked.
    on_texts = _TextsCheck(check, english, language_name(language) if language else "translated")
    for kind, table in check.data.items():
        if kind == "language":
            continue
        if kind not in _SECTIONS or not isinstance(table, dict):
            # A header [kind.id] is written where its first table is.
            first = next(iter(table), None) if isinstance(table, dict) else None
            at = check.key_at(kind, first) if first is not None else check.key_at(kind)
            check.error(problems.translation_section, at, kind, _SECTIONS)
            continue
        for item_id, entry in table.items():
            on_texts.section((kind, item_id), entry)
    if language is None or _errors_since(check):
        return None
    translation = Translation(
        language, on_texts.texts, check.source.display if check.source else ""
    )
    specs = specs or {}
    checker = (WORDING_CHECKS if wording is None else wording).get(language)
    if checker is not None:
        for key, text in translation.texts.items():
            if key[0] == "rule" and key[2] == "because" and key[1] in specs:
                check.extend(checker(specs[key[1]], text, check.value_at(*key)))
    _missing(check, english, translation)
    return translation


def _errors_since(check: Checker) -> bool:
    return any(p.severity == "error" for p in check.problems[check.start :])


def _language(check: Checker) -> str | None:
    """Return the file's language if it is a known code, not English, and the file's name."""
    display = check.source.display if check.source is not None else ""
    name = check.source.path.stem if check.source is not None else ""
    if "language" not in check.data:
        check.error(problems.translation_language, check.key_at(), "missing", None, display)
        return None
    found = check.data["language"]
    at = check.value_at("language")
    kind = _wrong_language(found, name)
    if kind is not None:
        check.error(problems.translation_language, at, kind, found, display)
        return None
    return found


def _wrong_language(found: object, name: str) -> str | None:
    """Return what is wrong with a file's ``language`` (a ``translation-language`` kind), if any."""
    if not isinstance(found, str):
        return "not-text"
    if found == ENGLISH:
        return "english"
    if not _known_code(found):
        return "unknown"
    if found != name:
        return "not-name"
    return None


class _TextsCheck:
    """Check the sections of one file, keeping each well-formed text by its key."""

    def __init__(self, check: Checker, english: EnglishTexts, language: str) -> None:
        self.check = check
        self.english = english
        self.language = language
        self.texts: dict[TextKey, str] = {}

    def section(self, path: TextKey, entry: object) -> None:
        """Check ``[kind.id]`` (or ``[question.id.option.value]``) and its texts."""
        check = self.check
        known, what, where = self._known(path)
        if path[-1] not in known:
            # A warning, not an error: a translation nobody can see harms no one, and deleting
            # or renaming a rule must be decided by the removal gate, not refused for its Spanish.
            check.warning(
                problems.translation_unknown_id, check.key_at(*path), what, path[-1], known, where
            )
            return
        if not isinstance(entry, dict):
            check.error(
                problems.translation_section, check.key_at(*path), ".".join(path), _SECTIONS
            )
            return
        kind = _OPTIONS if len(path) > 2 else path[0]
        text_keys = _TEXT_KEYS[kind]
        # A rule with errors of its own has no English texts to compare with (it is refused).
        broken = kind == "rule" and (*path, "title") not in self.english.texts
        for key, value in entry.items():
            if key == _OPTIONS and kind == "question":
                self._options(path, value)
            elif key != _FINGERPRINTS:
                self._text(path, kind, key, value, broken)
        if not broken:
            translated = [k for k in text_keys if (*path, k) in self.texts]
            self._fingerprints(path, entry.get(_FINGERPRINTS, {}), text_keys, translated)

    def _text(self, path: TextKey, kind: str, key: str, value: object, broken: bool) -> None:
        """Check one ``key = "…"`` of a section: a text of that section, with English, written."""
        check = self.check
        shown = f"[{'.'.join(path)}]"
        text_keys = _TEXT_KEYS[kind]
        if key not in text_keys:
            allowed = (*text_keys, *((_OPTIONS,) if kind == "question" else ()), _FINGERPRINTS)
            why = _NOT_A_TEXT if key not in _ALL_TEXT_KEYS else f"it is not a text of a {kind}"
            check.error(
                problems.translation_key, check.key_at(*path, key), shown, key, allowed, why
            )
        elif not broken and (*path, key) not in self.english.texts:
            why = (
                f"the English {kind} has no {key}, so there is nothing to translate; "
                "write the English first, or delete this line"
            )
            check.error(problems.translation_key, check.key_at(*path, key), shown, key, (), why)
        elif not isinstance(value, str) or not value.strip():
            check.error(
                problems.translation_not_text, check.value_at(*path, key), shown, key, value
            )
        else:
            self.texts[(*path, key)] = value.strip()

    def _known(self, path: TextKey) -> tuple[Sequence[str], str, str]:
        """Return the ids this section may name, what they are, and where they are defined."""
        if len(path) > 2:
            question = path[1]
            where = f"question '{question}' of {QUESTIONS_FILE}"
            return self.english.options.get(question, ()), _OPTIONS, where
        kind = path[0]
        where = "the rule files" if kind == "rule" else QUESTIONS_FILE
        return self.english.ids.get(kind, ()), kind, where

    def _options(self, path: TextKey, options: object) -> None:
        check = self.check
        if not isinstance(options, dict):
            shown = ".".join((*path, _OPTIONS))
            check.error(
                problems.translation_section, check.key_at(*path, _OPTIONS), shown, _SECTIONS
            )
            return
        for value, entry in options.items():
            self.section((*path, _OPTIONS, value), entry)

    def _fingerprints(
        self, path: TextKey, given: object, text_keys: tuple[str, ...], translated: list[str]
    ) -> None:
        """Check the ``english = { … }`` line; warn for a text stale or without its fingerprint."""
        check = self.check
        shown = f"[{'.'.join(path)}]"
        if not isinstance(given, dict):
            check.error(
                problems.translation_fingerprint,
                check.value_at(*path, _FINGERPRINTS),
                shown,
                _FINGERPRINTS,
                given,
            )
            return
        valid: dict[str, str] = {}
        for key, fingerprint in given.items():
            at = check.value_at(*path, _FINGERPRINTS, key)
            if key not in text_keys:
                why = "its english = { … } line holds the fingerprints of the English texts translated here"
                check.error(
                    problems.translation_key,
                    check.key_at(*path, _FINGERPRINTS, key),
                    shown,
                    f"{_FINGERPRINTS}.{key}",
                    text_keys,
                    why,
                )
            elif not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
                check.error(problems.translation_fingerprint, at, shown, key, fingerprint)
            else:
                valid[key] = fingerprint.lower()
        for key in translated:
            english = self.english.texts[(*path, key)]
            now = english_fingerprint(english.text)
            at = check.value_at(*path, key)
            if key not in given:
                check.warning(
                    problems.translation_unfingerprinted,
                    at,
                    self.language,
                    shown,
                    key,
                    english.at,
                    now,
                )
            elif key in valid and valid[key] != now:
                check.warning(
                    problems.translation_stale, at, self.language, shown, key, english.at, now
                )


#: Every key that is a text of some section (a text under the wrong section is named as such).
_ALL_TEXT_KEYS = frozenset(k for keys in _TEXT_KEYS.values() for k in keys)


def _missing(check: Checker, english: EnglishTexts, translation: Translation) -> None:
    """Warn, at each English text with no translation, that it is shown in English."""
    language = language_name(translation.language)
    for key, text in english.texts.items():
        if key not in translation.texts:
            section = f"[{'.'.join(key[:-1])}]"
            check.warning(
                problems.translation_missing,
                text.at,
                language,
                translation.display,
                section,
                key[-1],
                english_fingerprint(text.text),
            )


@dataclass(frozen=True)
class TranslatedTexts:
    """Every language's questionnaire and rule texts, built once when the rule set is loaded.

    A missing text is the English one, as ``Untranslated``, so a page is never blank
    and can mark it; a stale translation is still used (its warning asks for an update).
    """

    #: The questionnaire in each language but English (the rule set holds that one).
    questionnaires: Mapping[str, Questionnaire] = field(default_factory=dict)
    #: Each rule's (title, because) by rule id, in each language, English included.
    rules: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        questionnaire: Questionnaire,
        specs: Sequence[RuleSpec],
        translations: Mapping[str, Translation],
    ) -> TranslatedTexts:
        rules: dict[str, Mapping[str, tuple[str, str]]] = {
            ENGLISH: {spec.id: (spec.title, spec.because) for spec in specs}
        }
        questionnaires = {}
        for language, translation in sorted(translations.items()):
            texts = translation.texts
            rules[language] = {
                spec.id: (
                    _text(texts, ("rule", spec.id, "title"), spec.title),
                    _text(texts, ("rule", spec.id, "because"), spec.because),
                )
                for spec in specs
            }
            questionnaires[language] = _translated(questionnaire, texts)
        return cls(questionnaires, rules)


def _text(texts: Mapping[TextKey, str], key: TextKey, english: str) -> str:
    """Return the translation of one text, else the English marked ``Untranslated``."""
    if not english:
        return english
    found = texts.get(key)
    return found if found is not None else Untranslated(english)


def _translated(questionnaire: Questionnaire, texts: Mapping[TextKey, str]) -> Questionnaire:
    """Return a copy of ``questionnaire`` with every text in the translation's language."""

    def words(obj: Any, key: TextKey, names: Sequence[str]) -> dict[str, str]:
        return {name: _text(texts, (*key, name), getattr(obj, name)) for name in names}

    pages = tuple(
        dataclasses.replace(page, **words(page, ("page", page.id), _TEXT_KEYS["page"]))
        for page in questionnaire.pages
    )
    questions = tuple(
        dataclasses.replace(
            question,
            **words(question, ("question", question.id), _TEXT_KEYS["question"]),
            options=tuple(
                dataclasses.replace(
                    option,
                    **words(
                        option,
                        ("question", question.id, _OPTIONS, option.value),
                        _TEXT_KEYS["option"],
                    ),
                )
                for option in question.options
            ),
        )
        for question in questionnaire
    )
    disagreements = tuple(
        dataclasses.replace(d, **words(d, ("disagreement", d.id), _TEXT_KEYS["disagreement"]))
        for d in questionnaire.disagreements
    )
    return dataclasses.replace(
        questionnaire, pages=pages, questions=questions, disagreements=disagreements
    )
