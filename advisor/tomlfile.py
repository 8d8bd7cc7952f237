"""Read a user-authored TOML file: size cap, UTF-8, parse, and a map of where each key is.

``tomllib`` returns plain dicts without positions, so after a successful
parse this module scans the text once more and records the line and column
of every key and value, by its path in the parsed data (pyxform keeps
``__row`` with each row for the same reason). Later checks ask
``source.key_at(path)`` and never have to search for a line.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.problems import Location, Problem
from advisor.tomlsyntax import syntax_errors

__all__ = ["Path_", "SourceFile", "parse_toml", "parse_toml_all", "read_bytes", "read_toml"]

#: The largest file we parse; tomllib can be made to use a lot of CPU and memory.
_MAX_FILE_BYTES = 1024 * 1024

#: How much of a file is looked at to tell a binary file from text.
_SNIFF_BYTES = 8192

Path_ = tuple[str | int, ...]

_BOM = "\ufeff"


@dataclass(slots=True)
class SourceFile:
    """One parsed TOML file, with the position of every key and value in it."""

    path: Path
    display: str
    data: dict[str, Any]
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: What was read past but is worth fixing (a byte-order mark).
    warnings: tuple[Problem, ...] = ()

    def key_at(self, *path: str | int) -> Location:
        """Return where the key at ``path`` is written (or its nearest written parent)."""
        return self._find(self.keys, path)

    def value_at(self, *path: str | int) -> Location:
        """Return where the value at ``path`` is written (or, failing that, its key)."""
        return self._find(self.values, path)

    def _find(self, table: dict[Path_, tuple[int, int]], path: Path_) -> Location:
        for end in range(len(path), 0, -1):
            found = table.get(path[:end]) or self.keys.get(path[:end])
            if found:
                return Location(self.display, *found)
        return Location(self.display)


def read_toml(path: Path, limit: int = _MAX_FILE_BYTES) -> SourceFile | Problem:
    """Read and parse one TOML file, or return the problem that stops it.

    :param limit: the largest size in bytes that will be parsed.
    """
    raw = read_bytes(path, limit)
    if isinstance(raw, Problem):
        return raw
    return parse_toml(raw, problems.display_path(path), path)


def read_bytes(path: Path, limit: int = _MAX_FILE_BYTES) -> bytes | Problem:
    """Read a user-authored file once, or return the problem that stops it.

    Callers that also fingerprint a file (the rule set's digest) must use these
    same bytes for both, so the digest names exactly what was parsed.

    :param limit: the largest size in bytes that will be read.
    """
    display = problems.display_path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        return problems.unreadable_file(Location(display), exc.strerror)
    if len(raw) > limit:
        return problems.file_too_large(Location(display), len(raw), limit)
    # Text never holds a NUL byte; pictures, documents and programs nearly always do.
    if b"\0" in raw[:_SNIFF_BYTES]:
        return problems.binary_file(Location(display))
    return raw


def parse_toml(raw: bytes, display: str, path: Path | None = None) -> SourceFile | Problem:
    """Parse TOML bytes into a ``SourceFile``, or return the first problem that stops it."""
    parsed = parse_toml_all(raw, display, path)
    return parsed if isinstance(parsed, SourceFile) else parsed[0]


def parse_toml_all(
    raw: bytes, display: str, path: Path | None = None
) -> SourceFile | list[Problem]:
    """Parse TOML bytes into a ``SourceFile``, or return every problem that stops it.

    A file saved with a byte-order mark is read past it, with a warning in
    ``SourceFile.warnings``: the mark is invisible in the editor that wrote it.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [problems.not_utf8(Location(display, line, column), raw[exc.start])]
    warnings: tuple[Problem, ...] = ()
    if text.startswith(_BOM):
        text = text[len(_BOM) :]
        warnings = (problems.byte_order_mark(Location(display)),)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return syntax_errors(text, display)
    source = SourceFile(path or Path(display), display, data, warnings=warnings)
    _PositionScanner(text, source).scan()
    return source


class _PositionScanner:
    """Walk valid TOML text and record where each key and value starts.

    It runs only on text tomllib has accepted, so it can be lenient: it
    needs to understand tables, arrays of tables, dotted keys, inline tables,
    arrays and the four kinds of string, and nothing about value syntax.
    """

    def __init__(self, text: str, source: SourceFile) -> None:
        self.text = text
        self.source = source
        self.i = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.array_counts: dict[Path_, int] = {}

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def scan(self) -> None:
        table: Path_ = ()
        text = self.text
        while True:
            self.skip_space(newlines=True)
            if self.i >= len(text):
                return
            if text.startswith("[[", self.i):
                start = self.i
                self.i += 2
                table = self.header(array=True, start=start)
                self.i = text.index("]]", self.i) + 2
            elif text[self.i] == "[":
                start = self.i
                self.i += 1
                table = self.header(array=False, start=start)
                self.i = text.index("]", self.i) + 1
            else:
                self.key_value(table)

    def header(self, array: bool, start: int) -> Path_:
        parts = self.dotted_key()
        resolved: Path_ = ()
        for n, part in enumerate(parts):
            resolved = (*resolved, part)
            last = n == len(parts) - 1
            if last and array:
                index = self.array_counts.get(resolved, 0)
                self.array_counts[resolved] = index + 1
                resolved = (*resolved, index)
            elif resolved in self.array_counts:
                resolved = (*resolved, self.array_counts[resolved] - 1)
        self.source.keys.setdefault(resolved, self.position(start))
        return resolved

    def key_value(self, table: Path_) -> None:
        """Record a ``key = value`` pair (at top level or inside an inline table)."""
        start = self.i
        path = (*table, *self.dotted_key())
        for end in range(len(table) + 1, len(path) + 1):
            self.source.keys.setdefault(path[:end], self.position(start))
        self.skip_space()
        self.i += 1  # the "="
        self.value(path)

    def dotted_key(self) -> list[str]:
        parts = []
        while True:
            self.skip_space()
            char = self.text[self.i]
            if char in "\"'":
                end = self.string_end(self.i)
                parts.append(tomllib.loads(f"k = {self.text[self.i : end]}")["k"])
                self.i = end
            else:
                match = re.compile(r"[A-Za-z0-9_-]+").match(self.text, self.i)
                parts.append(match[0] if match else "")
                self.i = match.end() if match else self.i + 1
            self.skip_space()
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                continue
            return parts

    def value(self, path: Path_) -> None:
        self.skip_space()
        text = self.text
        self.source.values.setdefault(path, self.position(self.i))
        char = text[self.i]
        if char in "\"'":
            self.i = self.string_end(self.i)
        elif char == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_space(newlines=True)
                if text[self.i] == "]":
                    self.i += 1
                    return
                self.value((*path, index))
                index += 1
                self.skip_space(newlines=True)
                if text[self.i] == ",":
                    self.i += 1
        elif char == "{":
            self.i += 1
            while True:
                self.skip_space()
                if text[self.i] == "}":
                    self.i += 1
                    return
                self.key_value(path)
                self.skip_space()
                if text[self.i] == ",":
                    self.i += 1
        else:
            match = re.compile(r"[^,\]}\s#]+( [0-9:.+Z-]+)?").match(text, self.i)
            self.i = match.end() if match else self.i + 1

    def string_end(self, start: int) -> int:
        text = self.text
        quote = text[start]
        if text.startswith(quote * 3, start):
            end = start + 3
            while True:
                end = text.index(quote * 3, end)
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                end += 3
                while end < len(text) and text[end] == quote:
                    end += 1
                return end
        end = start + 1
        while True:
            end = text.index(quote, end)
            if quote == '"' and _escaped(text, end):
                end += 1
                continue
            return end + 1

    def skip_space(self, newlines: bool = False) -> None:
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t\r" or (newlines and char == "\n"):
                self.i += 1
            elif char == "#" and newlines:
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                return


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
