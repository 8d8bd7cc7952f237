"""``advisor translations``: the translators' command, for rule files and page templates alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from advisor import problems
from advisor.catalogues import (
    catalogue_languages,
    catalogue_path,
    check_catalogue,
    default_catalogues_dir,
)
from advisor.cli.errors import echo_problems
from advisor.cli.rules import RULES_DIR
from advisor.problems import Location, Problem
from advisor.ruleset import check_ruleset, default_rules_dir
from advisor.ruleset.translations import (
    ENGLISH,
    TRANSLATIONS_DIR,
    language_name,
    language_of,
    translation_paths,
)

__all__ = ["translations"]

#: How the summary names each kind of warning about a language's texts.
_KINDS = {
    "translation-missing": "missing",
    "translation-stale": "stale",
    "translation-unfingerprinted": "without a fingerprint",
    "catalogue-missing": "missing",
    "catalogue-stale": "stale (fuzzy)",
}


@click.group()
def translations() -> None:
    """Check the translations of the rules, the questions and the page templates."""


@translations.command()
@click.argument("directory", required=False, type=RULES_DIR)
@click.option(
    "--lang",
    "language",
    metavar="CODE",
    help="Only this language (a code such as es); default: every language with a file.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 for warnings too.")
@click.option(
    "--catalogues",
    type=click.Path(file_okay=False, path_type=Path),
    help="The page templates' gettext catalogues (default: advisor's advisor/translations).",
)
@click.pass_context
def check(
    ctx: click.Context,
    directory: Path | None,
    language: str | None,
    strict: bool,
    catalogues: Path | None,
) -> None:
    """List every text of DIRECTORY's rules and questions, and of the page templates, that a
    language lacks or has stale, each with its file and line.

    Rule files: each text without a translation in translations/<code>.toml (at the
    English text), each translation whose English changed since (at the translation),
    and the wording of each translated reason. Templates: each msgid of messages.pot
    that <code>/LC_MESSAGES/messages.po lacks, and each fuzzy one. A count per language
    ends the list. Errors exit with status 1; warnings exit 0, unless --strict.
    """
    directory = directory or default_rules_dir()
    folder = catalogues or default_catalogues_dir()
    result = check_ruleset(directory)
    wanted = _languages(directory, folder, language)
    # Every error is shown, whatever its language: one refuses the whole rule set.
    found = [p for p in result.problems if p.severity == "error" and language_of(p) not in wanted]
    by_language = {
        code: [
            *[p for p in result.problems if language_of(p) == code],
            *_missing_file(directory, code),
        ]
        for code in wanted
    }
    found += [p for code in wanted for p in by_language[code]]
    echo_problems(found)
    for code in wanted:
        if catalogue_path(folder, code).is_file():
            in_catalogue = check_catalogue(folder, code)
            echo_problems(in_catalogue)
            by_language[code] += in_catalogue
            found += in_catalogue
    for code in wanted:
        click.echo(_summary(code, by_language[code]))
    if not wanted:
        click.echo("No translations (translations/*.toml) or catalogues: every text is English.")
    errors = sum(1 for p in found if p.severity == "error")
    warnings = len(found) - errors
    click.echo(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}.")
    if errors or (strict and warnings):
        ctx.exit(1)


def _languages(directory: Path, folder: Path, language: str | None) -> list[str]:
    """Return the languages to check: the one asked for, else every one with a file."""
    if language:
        return [language.lower()]
    found = {path.stem for path in translation_paths(directory)}
    found |= set(catalogue_languages(folder))
    return sorted(found - {ENGLISH})


def _missing_file(directory: Path, code: str) -> list[Problem]:
    """Warn for a language asked for that has no translation file: all its texts are English."""
    path = directory / TRANSLATIONS_DIR / f"{code}.toml"
    if path.is_file():
        return []
    shown = problems.display_path(path)
    name = language_name(code)
    return [problems.translation_missing(Location(shown, 1, 0), name, shown, "", "", "")]


def _summary(code: str, found: Sequence[Problem]) -> str:
    """Return one language's counts (of ``found``, its problems): rule files', then templates'."""
    mine = list(found)
    rules = Counter(p.code for p in mine if not p.code.startswith("catalogue-"))
    pages = Counter(p.code for p in mine if p.code.startswith("catalogue-"))
    errors = sum(1 for p in mine if p.severity == "error")
    other = sum(
        n
        for c, n in rules.items()
        if c not in _KINDS and problems.CATALOGUE[c].severity == "warning"
    )
    in_rules = ", ".join(
        f"{rules[c]} {_KINDS[c]}"
        for c in ("translation-missing", "translation-stale", "translation-unfingerprinted")
    )
    in_pages = ", ".join(
        f"{pages[c]} {_KINDS[c]}" for c in ("catalogue-missing", "catalogue-stale")
    )
    return (
        f"{code} ({language_name(code)}): rules and questions: {in_rules}, "
        f"{other} wording warning{'s' * (other != 1)}; templates: {in_pages}; "
        f"{errors} error{'s' * (errors != 1)}."
    )
