"""The whole rule set as a document to review: text, Markdown, CSV or HTML.

``advisor rules show`` prints one of these; the staff rules page shows the HTML
body inside the staff layout. Both fill the same Jinja template
(``templates/rules/_listing.html``), so the page and the file a clinical lead
is sent never disagree. The CSV is one row per rule, for a spreadsheet; a cell
a spreadsheet would run as a formula is neutralised, as in the staff export.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import Literal

import jinja2

from advisor.ruleset import RuleSet
from advisor.ruleset.sentences import RuleFile, RuleSentence, rule_files
from advisor.shipped import shipped_dir
from advisor.spreadsheet import neutralise

__all__ = ["CSV_COLUMNS", "FORMATS", "Format", "listing_context", "render_listing"]

Format = Literal["text", "markdown", "csv", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "csv", "html")

#: The CSV's columns, one row per rule.
CSV_COLUMNS = (
    "file",
    "line",
    "id",
    "title",
    "sentence",
    "effect",
    "target",
    "priority",
    "because",
    "source",
    "owner",
    "review_by",
)

_WIDTH = 100
# Characters Markdown would read as formatting, and a line start it would read as a heading.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def listing_context(ruleset: RuleSet) -> dict[str, object]:
    """Return what every rendering of the rule set shows: files, rule count, version, digest."""
    return {
        "files": rule_files(ruleset.specs, ruleset.questionnaire),
        "count": len(ruleset.specs),
        "version": ruleset.info.version,
        "digest": ruleset.info.digest,
    }


def render_listing(ruleset: RuleSet, format: Format = "text") -> str:
    """Return every rule of ``ruleset`` as one sentence each, grouped by file, in ``format``."""
    context = listing_context(ruleset)
    return _RENDERERS[format](context)


def _heading(context: dict[str, object]) -> str:
    return (
        f"Rules version {context['version']} (digest {str(context['digest'])[:12]}): "
        f"{context['count']} rules in {len(context['files'])} files."  # type: ignore[arg-type]
    )


def _provenance(rule: RuleSentence) -> str:
    spec = rule.spec
    review = spec.review_by.isoformat() if spec.review_by else "none given"
    return (
        f"Source: {spec.source or 'none given'}. Owner: {spec.owner or 'none given'}. "
        f"Review by: {review}."
    )


def _text(context: dict[str, object]) -> str:
    lines = [_heading(context)]
    files: tuple[RuleFile, ...] = context["files"]  # type: ignore[assignment]
    for file in files:
        lines += ["", f"{file.name} ({len(file.rules)} rule{'' if len(file.rules) == 1 else 's'})"]
        for rule in file.rules:
            lines += [
                "",
                f"  {rule.spec.id}  ({rule.at.file}:{rule.at.line})",
                f"  {rule.spec.title}",
            ]
            for paragraph in (rule.sentence, _provenance(rule)):
                lines += textwrap.wrap(
                    paragraph, _WIDTH, initial_indent="    ", subsequent_indent="    "
                )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown(context: dict[str, object]) -> str:
    lines = [f"# Rules, version {_md(str(context['version']))}", "", _md(_heading(context))]
    files: tuple[RuleFile, ...] = context["files"]  # type: ignore[assignment]
    for file in files:
        lines += ["", f"## {_md(file.name)}"]
        for rule in file.rules:
            spec = rule.spec
            lines += [
                "",
                f"### {_md(spec.title)} (`{spec.id}`)",
                "",
                _md(rule.sentence),
                "",
                f"- Written at: {_md(rule.at.file)}, line {rule.at.line}",
                f"- {_md(_provenance(rule))}",
            ]
    return "\n".join(lines) + "\n"


def _csv_rows(context: dict[str, object]) -> Iterator[list[object]]:
    yield list(CSV_COLUMNS)
    files: tuple[RuleFile, ...] = context["files"]  # type: ignore[assignment]
    for file in files:
        for rule in file.rules:
            spec = rule.spec
            yield [
                file.name,
                rule.at.line,
                spec.id,
                spec.title,
                rule.sentence,
                spec.effect.kind,
                spec.effect.target,
                spec.priority,
                spec.because,
                spec.source,
                spec.owner,
                spec.review_by.isoformat() if spec.review_by else "",
            ]


def _csv(context: dict[str, object]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in _csv_rows(context):
        writer.writerow([neutralise(cell) for cell in row])
    # A byte-order mark, so a spreadsheet reads the curly quotes and accents as UTF-8.
    return "\ufeff" + out.getvalue()


@functools.cache
def _environment() -> jinja2.Environment:
    """The templates the web pages use, without an app: the CLI renders the same page."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_dir("templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _html(context: dict[str, object]) -> str:
    return _environment().get_template("rules/page.html").render(**context)


_RENDERERS: dict[Format, Callable[[dict[str, object]], str]] = {
    "text": _text,
    "markdown": _markdown,
    "csv": _csv,
    "html": _html,
}
