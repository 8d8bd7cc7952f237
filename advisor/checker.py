"""The one way problems are collected while a user-authored file is checked.

A ``Checker`` knows the file it reads (a ``SourceFile``), the table it is
looking at in that file (a path such as ``("rule", 3, "when")``) and, once
known, the id of the rule or question that table defines. A check reports
through it, one method per severity, and never builds lists of its own::

    check = Checker(source).within("rule", 3).about("bfr-x")
    check.error(problems.wrong_type, check.value_at("priority"), "priority", "high", "a number")

Checkers made from one another share one list of problems (the eQ
validator's ``add_error``), so a nested check needs no out-parameter, and
``found_any`` says whether anything was found since a checker was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor import problems
from advisor.problems import Builder, Location, Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from advisor.tomlfile import Path_, SourceFile

__all__ = ["Checker"]


@dataclass(frozen=True, slots=True)
class Checker:
    """Collects the problems of one check: the file, the table in it, and the rule it defines."""

    source: SourceFile | None = None
    path: Path_ = ()
    rule: str | None = None
    problems: list[Problem] = field(default_factory=list, compare=False)
    #: How many problems had been found when this checker was made (for ``found_any``).
    start: int = 0

    def file(self, source: SourceFile) -> Checker:
        """Return a checker for another file, reporting to the same list."""
        return Checker(source, (), None, self.problems, len(self.problems))

    def within(self, *keys: str | int) -> Checker:
        """Return a checker for the table at ``keys`` below this one (same rule, same list)."""
        # Made directly rather than with dataclasses.replace: a rule set load makes thousands.
        return Checker(
            self.source, (*self.path, *keys), self.rule, self.problems, len(self.problems)
        )

    def about(self, rule: str | None) -> Checker:
        """Return this checker, naming the rule (or question) its problems are about."""
        return Checker(self.source, self.path, rule, self.problems, self.start)

    @property
    def data(self) -> dict[str, Any]:
        """Return the parsed file's top-level table (empty for a checker without a file)."""
        return self.source.data if self.source is not None else {}

    @property
    def found_any(self) -> bool:
        """Return whether anything has been reported since this checker was made."""
        return len(self.problems) > self.start

    def key_at(self, *keys: str | int) -> Location:
        """Return where the key at ``keys`` below this table is written."""
        return self._source.key_at(*self.path, *keys)

    def value_at(self, *keys: str | int) -> Location:
        """Return where the value at ``keys`` below this table is written."""
        return self._source.value_at(*self.path, *keys)

    def error(self, build: Builder[Any], at: Location, *args: Any, **kwargs: Any) -> None:
        """Report an error: ``build``'s problem at ``at``, about this checker's rule."""
        self._report("error", build, at, args, kwargs)

    def warning(self, build: Builder[Any], at: Location, *args: Any, **kwargs: Any) -> None:
        """Report a warning: ``build``'s problem at ``at``, about this checker's rule."""
        self._report("warning", build, at, args, kwargs)

    def extend(self, found: Iterable[Problem]) -> None:
        """Take in problems built elsewhere (a file that could not be read, another check)."""
        self.problems.extend(found)

    def discard(self) -> None:
        """Forget what was reported since this checker was made (a check that failed on our bug)."""
        del self.problems[self.start :]

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """Report an ``unknown-key`` error for each key of ``table`` not in ``allowed``."""
        for key in table:
            if key not in allowed:
                self.error(problems.unknown_key, self.key_at(key), key, allowed, where)

    @property
    def _source(self) -> SourceFile:
        if self.source is None:
            raise TypeError("this checker has no file to find positions in")
        return self.source

    def _report(
        self,
        severity: Severity,
        build: Builder[Any],
        at: Location,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if build.severity != severity:
            # Our bug, not the author's: the catalogue fixes each code's severity.
            raise ValueError(f"{build.code} is a {build.severity}, not a {severity}")
        if build.takes_rule:
            self.problems.append(build(at, self.rule, *args, **kwargs))
        else:
            self.problems.append(build(at, *args, **kwargs))
