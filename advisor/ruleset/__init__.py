"""Therapist-owned rule files → a checked, compiled and digested ``RuleSet``.

``load_ruleset`` runs source → model → checks → compile → digest, once per
rule set; a running program keeps the ``RuleSet`` and reuses it for every
assessment. A broken rule set is refused whole, with every problem at once.

Layout of a rules directory::

    ruleset.toml        version = "…"  (the rule set's declared version)
    questions.toml      the questionnaire: every question the rules may read
    *.toml              rule files, one topic a file, each a list of [[rule]]
    translations/*.toml one file per other language: the rules' and questions' texts in it
                        (``advisor.ruleset.translations``), checked and digested with the rules
    cases/*.toml        example cases (``advisor rules test``); not part of the digest

The questionnaire is part of the rule set: it is checked with the rule files
(the contract's core questions included, ``ruleset.questions``), digested with
them and reloaded with them. A directory without one (an older copy) uses the
shipped questionnaire, with a warning. So are the translations: a rule set knows
its questionnaire and rule texts in every language it has a file for
(``RuleSet.questionnaire_in``, ``RuleSet.rule_text``).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from advisor import problems
from advisor.checker import Checker
from advisor.conditions import Value
from advisor.engine._experta import AdvisorEngine
from advisor.engine.evaluator import Evaluator
from advisor.engine.facts import DEFAULT_ENCODING, Encoding
from advisor.exceptions import RuleSetInvalid
from advisor.problems import Location, Problem
from advisor.questionnaire import (
    QUESTIONS_FILE,
    Questionnaire,
    check_questionnaire,
    default_questionnaire,
)
from advisor.response import RuleSetInfo
from advisor.ruleset.checks import (
    check_manifest,
    check_rule_file,
    check_unique_ids,
    declared_ids,
)
from advisor.ruleset.compile import compile_engine
from advisor.ruleset.ignored import ignored_files
from advisor.ruleset.lint import lint
from advisor.ruleset.model import RuleSpec
from advisor.ruleset.questions import check_core_questions
from advisor.ruleset.translations import (
    ENGLISH,
    TRANSLATIONS_DIR,
    EnglishTexts,
    TranslatedTexts,
    Translation,
    check_translation,
    translation_paths,
)
from advisor.shipped import shipped_dir
from advisor.tomlfile import SourceFile, parse_toml_all, read_bytes

__all__ = [
    "CASES_DIR",
    "MANIFEST",
    "NOT_RULE_FILES",
    "QUESTIONS",
    "TRANSLATIONS_DIR",
    "CheckResult",
    "RuleSet",
    "check_ruleset",
    "default_rules_dir",
    "digest_of",
    "load_ruleset",
    "rule_paths",
]

MANIFEST = "ruleset.toml"
QUESTIONS = QUESTIONS_FILE
CASES_DIR = "cases"
#: The files of a rules directory that hold no rules: every other ``*.toml`` beside them does.
NOT_RULE_FILES = (MANIFEST, QUESTIONS)


def rule_paths(directory: Path) -> list[Path]:
    """Return a rules directory's rule files, in load order."""
    return sorted(p for p in directory.glob("*.toml") if p.name not in NOT_RULE_FILES)


def default_rules_dir() -> Path:
    """Return ``$ADVISOR_RULES_DIR`` (a practice's own rules), else the shipped default rules."""
    configured = os.environ.get("ADVISOR_RULES_DIR")
    if configured:
        return Path(configured)
    return shipped_dir("rules")


@dataclass(eq=False)
class RuleSet:
    """A loaded rule set: its rules, compiled engine, identity and warnings.

    Evaluators are built lazily, one per thread, and reused: each holds an
    experta engine instance, which is not thread-safe, and building one is
    the expensive part.
    """

    directory: Path
    questionnaire: Questionnaire
    specs: tuple[RuleSpec, ...]
    info: RuleSetInfo
    engine_class: type[AdvisorEngine]
    encoding: Encoding = DEFAULT_ENCODING
    warnings: tuple[Problem, ...] = ()
    files: tuple[Path, ...] = ()
    fields: tuple[str, ...] = ()
    #: The ids of the rules each rule file holds, by file name (what a reload compares).
    rule_files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Where ``version`` is written in ``ruleset.toml``: the line to change to raise it.
    version_at: Location | None = None
    #: Each other language's texts (``translations/<code>.toml``), built once at load.
    texts: TranslatedTexts = field(default_factory=TranslatedTexts)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def evaluator(self) -> Evaluator:
        """Return this thread's evaluator, building it on first use."""
        evaluator = getattr(self._local, "evaluator", None)
        if evaluator is None:
            evaluator = self._local.evaluator = Evaluator(self.engine_class)
        return evaluator

    def fire(self, answers: Mapping[str, Value]) -> list[RuleSpec]:
        """Run the rules on ``answers`` and return the rules that fired, once each."""
        fired = self.evaluator().run(self.encoding.facts_for(answers, self.fields))
        return [self.specs[i] for i in dict.fromkeys(fired)]

    def rule(self, rule_id: str) -> RuleSpec | None:
        """Return the rule with this id, or None."""
        return next((s for s in self.specs if s.id == rule_id), None)

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages this rule set's texts are in: English, then each translation's."""
        return (ENGLISH, *self.texts.questionnaires)

    def questionnaire_in(self, language: str) -> Questionnaire:
        """Return the questionnaire with its texts in ``language`` (English for any other).

        Ids, values and conditions are the English questionnaire's; a text the
        translation lacks is the English one, as ``Untranslated``.
        """
        return self.texts.questionnaires.get(language, self.questionnaire)

    def rule_text(self, language: str, rule_id: str) -> tuple[str, str]:
        """Return a rule's (title, because) in ``language``, English where it is not translated.

        :raises KeyError: if no rule has this id.
        """
        texts = self.texts.rules.get(language)
        if texts is None:
            texts = self.texts.rules.get(ENGLISH)
        if texts is None or rule_id not in texts:
            # A rule set built without its texts (a test's replace()): the specs still know.
            spec = self.rule(rule_id)
            if spec is None:
                raise KeyError(rule_id)
            return spec.title, spec.because
        return texts[rule_id]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything a check of a rules directory found: the rule set (if valid) and all problems."""

    ruleset: RuleSet | None
    problems: tuple[Problem, ...]
    files: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def check_ruleset(
    directory: Path | None = None,
    questionnaire: Questionnaire | None = None,
    *,
    today: datetime.date | None = None,
    encoding: Encoding = DEFAULT_ENCODING,
) -> CheckResult:
    """Load a rules directory and return the rule set with every problem and warning.

    Never raises for anything in the files; a fault of advisor's own while
    checking is reported as an ``internal-error`` problem.
    """
    directory = Path(directory) if directory is not None else default_rules_dir()
    shown = problems.display_path(directory)
    check = Checker()
    if not directory.is_dir():
        check.error(problems.no_rules, Location(shown), shown, exists=False)
        return CheckResult(None, tuple(check.problems), 0)
    check.extend(ignored_files(directory, CASES_DIR, TRANSLATIONS_DIR))

    manifest_path = directory / MANIFEST
    paths = rule_paths(directory)
    # Each file is read once: what is parsed is what is digested, even while
    # someone saves the files (issue 9: a digest read afterwards named other bytes).
    contents: dict[Path, bytes] = {}
    version, version_at = _version(check, manifest_path, contents)
    questions_source = None
    if questionnaire is None:
        questionnaire, questions_source = _questionnaire(check, directory, contents)
    languages = translation_paths(directory)
    files = (
        len(paths) + manifest_path.is_file() + (directory / QUESTIONS).is_file() + len(languages)
    )
    if questionnaire is None:
        # The rules name its questions: checked against none, they would only add noise.
        return CheckResult(None, tuple(check.problems), files)
    if not paths:
        check.error(problems.no_rules, Location(shown), shown)
    specs, rule_files, declared = _rule_files(check, paths, questionnaire, contents)
    english = EnglishTexts.of(questionnaire, specs, declared, questions_source)
    translations = _translations(check, directory, languages, english, specs, contents)

    if any(p.severity == "error" for p in check.problems):
        return CheckResult(None, tuple(check.problems), files)
    warnings = tuple(lint(specs, questionnaire, today or datetime.date.today()))
    ruleset = RuleSet(
        directory=directory,
        questionnaire=questionnaire,
        specs=tuple(specs),
        info=RuleSetInfo(version, digest_of(directory, contents)),
        engine_class=compile_engine(specs, encoding),
        encoding=encoding,
        warnings=warnings,
        files=tuple(contents),
        fields=tuple(q.id for q in questionnaire if not q.informational),
        rule_files=rule_files,
        version_at=version_at,
        texts=TranslatedTexts.build(questionnaire, specs, translations),
    )
    return CheckResult(ruleset, (*check.problems, *warnings), files)


def _version(
    check: Checker, manifest_path: Path, contents: dict[Path, bytes]
) -> tuple[str, Location | None]:
    """Read the manifest; return the version it declares ("" if unreadable) and where."""
    if not manifest_path.is_file():
        check.error(problems.missing_manifest, Location(problems.display_path(manifest_path)))
        return "", None
    manifest = _read(check, manifest_path, contents)
    if manifest is None:
        return "", None
    on_manifest = check.file(manifest)
    return check_manifest(on_manifest), on_manifest.key_at("version")


def _questionnaire(
    check: Checker, directory: Path, contents: dict[Path, bytes]
) -> tuple[Questionnaire | None, SourceFile | None]:
    """Read and check the directory's ``questions.toml``; None if it cannot be used.

    A directory without one (made before the questionnaire moved beside the rules)
    gets the shipped questionnaire, and a warning saying how to own it.

    :returns: the questionnaire, and the file it was read from (where its texts are).
    """
    path = directory / QUESTIONS
    if not path.is_file():
        shown = problems.display_path(directory)
        check.warning(problems.questions_missing, Location(shown), shown)
        return default_questionnaire(), None
    source = _read(check, path, contents)
    if source is None:
        return None, None
    on_file = check.file(source)
    try:
        questionnaire = check_questionnaire(on_file)
        if questionnaire is not None:
            check_core_questions(on_file, questionnaire)
    except Exception as exc:
        # Our bug, not the therapist's: drop what the failed check reported, say so once.
        on_file.discard()
        check.error(problems.internal_error, Location(source.display), repr(exc))
        return None, None
    return (None if on_file.found_any else questionnaire), source


def _rule_files(
    check: Checker,
    rule_paths: list[Path],
    questionnaire: Questionnaire,
    contents: dict[Path, bytes],
) -> tuple[list[RuleSpec], dict[str, tuple[str, ...]], list[str]]:
    """Check each rule file; return the rules in load order, the ids each file holds, and
    every rule id declared (a rule with errors too).
    """
    specs: list[RuleSpec] = []
    declared = []
    rule_files: dict[str, tuple[str, ...]] = {}
    for path in rule_paths:
        source = _read(check, path, contents)
        if source is None:
            continue
        on_file = check.file(source)
        try:
            file_specs = check_rule_file(on_file, questionnaire, len(specs))
        except Exception as exc:
            # Our bug, not the therapist's: drop what the failed check reported, say so once.
            on_file.discard()
            check.error(problems.internal_error, Location(source.display), repr(exc))
            continue
        specs.extend(file_specs)
        declared.extend(declared_ids(source))
        rule_files[path.name] = tuple(spec.id for spec in file_specs)
    check_unique_ids(check, declared)
    return specs, rule_files, [rule_id for rule_id, _ in declared]


def _translations(
    check: Checker,
    directory: Path,
    paths: list[Path],
    english: EnglishTexts,
    specs: list[RuleSpec],
    contents: dict[Path, bytes],
) -> dict[str, Translation]:
    """Check each translation file; return the usable ones by language."""
    by_id = {spec.id: spec for spec in specs}
    found: dict[str, Translation] = {}
    for path in paths:
        source = _read(check, path, contents, folder=directory)
        if source is None:
            continue
        on_file = check.file(source)
        try:
            translation = check_translation(on_file, english, by_id)
        except Exception as exc:
            # Our bug, not the translator's: drop what the failed check reported, say so once.
            on_file.discard()
            check.error(problems.internal_error, Location(source.display), repr(exc))
            continue
        if translation is not None:
            found[translation.language] = translation
    return found


def load_ruleset(
    directory: Path | None = None,
    questionnaire: Questionnaire | None = None,
    *,
    encoding: Encoding = DEFAULT_ENCODING,
) -> RuleSet:
    """Load, check and compile a rules directory.

    :param directory: defaults to ``default_rules_dir()``.
    :raises RuleSetInvalid: with every problem found (warnings included) if any is an error.
    """
    result = check_ruleset(directory, questionnaire, encoding=encoding)
    if result.ruleset is None:
        raise RuleSetInvalid(result.problems)
    return result.ruleset


def digest_of(directory: Path, contents: Mapping[Path, bytes]) -> str:
    """Return the SHA-256 of the rule files: each file's relative path, a NUL, its bytes, a NUL.

    :param contents: the bytes each file had when it was read for parsing.
    """
    digest = hashlib.sha256()
    for path in sorted(contents, key=lambda p: p.relative_to(directory).as_posix()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(contents[path] + b"\0")
    return digest.hexdigest()


def _read(
    check: Checker, path: Path, contents: dict[Path, bytes], folder: Path | None = None
) -> SourceFile | None:
    """Read and parse one file, keeping the bytes parsed for the digest; report what stops it.

    :param folder: the rules folder the file must be in (default: the folder it is listed in).
    """
    folder = folder or path.parent
    if not path.resolve().is_relative_to(folder.resolve()):
        # A link out of the folder: the rules would change with a file nobody edits here.
        shown = problems.display_path(folder)
        check.extend(
            [
                problems.outside_rules(
                    Location(problems.display_path(path)), str(path.resolve()), shown
                )
            ]
        )
        return None
    raw = read_bytes(path)
    if isinstance(raw, Problem):
        check.extend([raw])
        return None
    contents[path] = raw
    parsed = parse_toml_all(raw, problems.display_path(path), path)
    if isinstance(parsed, list):
        check.extend(parsed)  # every syntax error the file can be re-read past
        return None
    check.extend(parsed.warnings)
    return parsed
