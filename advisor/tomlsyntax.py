"""TOML syntax errors, every one in a file, in words a therapist can act on.

``tomllib`` stops at the first error. To show the rest at once, the lines from
the error to the next table header (``[[rule]]``, ``[base]``…) are blanked and
the text parsed again: everything before the error had parsed, and a table
header starts afresh, so what is found after it is a real mistake, not an echo
of the first. The blanked rest of a rule is not re-read, so two mistakes in
one rule show one at a time.

Before the parser's own words are used, the error's line is matched against
mistakes people make who write spreadsheet formulas or type in a word
processor: curly quotes, a comparison sign, and ``[rule]`` for ``[[rule]]``.
"""

from __future__ import annotations

import re
import tomllib

from advisor import problems
from advisor.problems import Location, Problem

__all__ = ["MAX_SYNTAX_ERRORS", "syntax_errors"]

#: More than this many syntax errors in one file are not listed; the first ones show the pattern.
MAX_SYNTAX_ERRORS = 20
#: How many characters in all the re-reads of one file may parse (a 1 MB file: four reads).
_READ_BUDGET = 4_000_000

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[\[?\s*[A-Za-z0-9_.\"' -]+\s*\]\]?\s*(#.*)?$")
_SINGLE_HEADER = re.compile(r"^\s*\[\s*(rule|case)\s*\]\s*(#.*)?$")
_ANY_HEADER_OF = re.compile(r"^\s*\[\[?\s*(rule|case)\s*\]\]?")
_CURLY = "“”‘’„‚«»"
_COMPARISON = re.compile(
    r"^\s*(?P<key>[A-Za-z0-9_.-]+?)\s*(?P<sign>>=|<=|=>|=<|==|!=|<>|≥|≤|>|<)\s*(?P<value>[^#]*?)\s*(#.*)?$"
)
#: What each comparison sign is in a rule file, as the operator key after the question.
_OPERATOR_FOR = {
    ">=": "at_least",
    "=>": "at_least",
    "≥": "at_least",
    "<=": "at_most",
    "=<": "at_most",
    "≤": "at_most",
    ">": "over",
    "<": "under",
    "==": "",
    "!=": "not",
    "<>": "not",
}


def syntax_errors(text: str, display: str) -> list[Problem]:
    """Return every syntax error found in ``text`` (empty if it parses), up to a cap."""
    lines = text.split("\n")
    found: list[Problem] = []
    reached = 0
    # Each re-read parses the whole text again: a large file gets fewer of them.
    reads = max(1, min(MAX_SYNTAX_ERRORS, _READ_BUDGET // max(len(text), 1)))
    while len(found) < MAX_SYNTAX_ERRORS and reads > 0:
        reads -= 1
        try:
            tomllib.loads("\n".join(lines))
            break
        except tomllib.TOMLDecodeError as exc:
            line, column, detail = _where(exc, lines)
        if line <= reached:
            break  # no progress past the blanked lines: the rest cannot be re-read
        problem = _explained(lines, line, column, detail, display)
        if problem not in found:  # a second [[rule]] after one [rule] names the same line
            found.append(problem)
        reached = _blank_to_next_header(lines, line)
    return found


def _where(exc: tomllib.TOMLDecodeError, lines: list[str]) -> tuple[int, int, str]:
    """Return the line, column and the parser's words (without its position) for an error."""
    message = str(exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    match = _POSITION.search(message)
    if match and line is None:
        line, column = int(match[1]), int(match[2])
    detail = _POSITION.sub("", getattr(exc, "msg", message)).strip()
    if line is None:  # "at end of document"
        line = len(lines) if lines[-1] else max(len(lines) - 1, 1)
        column = len(lines[line - 1]) + 1
    return line, column or 1, detail


def _blank_to_next_header(lines: list[str], line: int) -> int:
    """Blank ``line`` and the lines after it up to the next table header; return the last blanked."""
    last = line
    lines[line - 1] = ""
    while last < len(lines) and not _HEADER.match(lines[last]):
        lines[last] = ""
        last += 1
    return last


def _explained(lines: list[str], line: int, column: int, detail: str, display: str) -> Problem:
    """Return the plain-words problem for the error at ``line``, or the parser's own words."""
    text = lines[line - 1]
    curly = _curly_quote(text)
    if curly is not None:
        return problems.smart_quotes(Location(display, line, curly + 1), text[curly])
    single = _single_header_before(lines, line)
    if single is not None:
        at, table = single
        return problems.single_brackets(Location(display, at, 1), table)
    compared = _COMPARISON.match(text)
    if compared:
        key, sign, value = compared["key"], compared["sign"], compared["value"]
        sign_at = text.index(sign, len(key)) + 1
        written = _written(key, sign, value)
        return problems.comparison_sign(Location(display, line, sign_at), key, sign, value, written)
    return problems.toml_syntax(
        Location(display, line, column), f"{detail} (at line {line}, column {column})"
    )


def _curly_quote(text: str) -> int | None:
    """Return the index of the first curly quote outside straight-quoted text, if any."""
    quote = None
    for index, char in enumerate(text):
        if quote is None and char == "#":
            return None
        if char in "\"'" and (quote is None or quote == char):
            quote = None if quote else char
        elif quote is None and char in _CURLY:
            return index
    return None


def _single_header_before(lines: list[str], line: int) -> tuple[int, str] | None:
    """Return the first ``[rule]``/``[case]`` line, if the error is at a header of that table."""
    if not _ANY_HEADER_OF.match(lines[line - 1]):
        return None
    for number, text in enumerate(lines[:line], start=1):
        match = _SINGLE_HEADER.match(text)
        if match:
            return number, match[1]
    return None


def _written(key: str, sign: str, value: str) -> str:
    """Return how a comparison is written in a rule file: ``when.age.at_least = 65``."""
    operator = _OPERATOR_FOR[sign]
    *question, last = key.split(".")
    if last in _OPERATOR_FOR.values() and question:
        key = ".".join(question)  # the operator is there already; only the sign is wrong
    return f"{key}.{operator} = {value}" if operator else f"{key} = {value}"
