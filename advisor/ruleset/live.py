"""The rule set a running server uses, swapped whole when the rule files change on disk.

Every worker process holds its own ``LiveRuleSet`` and looks at the files at
most once per interval (a few ``stat`` calls), so an edit reaches every
worker within a second or two. A changed set is loaded and checked in full
before it is used; a broken edit is refused, its problems are logged and kept
for ``/healthz``, and the last good rule set keeps serving, under its own
version and digest.

Files are caught mid-save: an editor that saves in place empties the file
for a moment, and a ``git pull`` changes several files one after another. So
a change is loaded only once the files have been still for ``settle``
seconds, a load is thrown away if any file changed while it ran, and an edit
that empties or removes a rule file is refused unless it also changes the
version in ``ruleset.toml`` (a therapist who removes a file on purpose says so).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.exceptions import RuleSetInvalid
from advisor.problems import Location, Problem
from advisor.questionnaire import Questionnaire
from advisor.ruleset import CASES_DIR, RuleSet, check_ruleset, digest_of

__all__ = ["LiveRuleSet"]

log = logging.getLogger(__name__)

_Fingerprint = tuple[tuple[str, int, int], ...]


class LiveRuleSet:
    """Hold the current rule set and reload it when its files change."""

    def __init__(
        self,
        directory: Path,
        questionnaire: Questionnaire | None = None,
        *,
        interval: float = 1.0,
        settle: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        """Load the rule set now.

        :param interval: seconds between looks at the files.
        :param settle: seconds the files must have been still before a change is loaded.
        :param clock: the clock for ``interval`` and ``settle`` (tests move it by hand).
        :param wall_clock: the clock file modification times are compared with.
        :raises RuleSetInvalid: if the rules cannot be used (there is no last good set yet).
        """
        self.directory = Path(directory)
        self.questionnaire = questionnaire
        self.interval = interval
        self.settle = settle
        self.clock = clock
        self.wall_clock = wall_clock
        self._lock = threading.Lock()
        self._fingerprint = _fingerprint(self.directory)
        result = check_ruleset(self.directory, questionnaire)
        if result.ruleset is None:
            raise RuleSetInvalid(result.problems)
        self._ruleset: RuleSet = result.ruleset
        self._loaded_at = _now()
        self._checked = clock()
        self._pending: tuple[_Fingerprint, float] | None = None
        self._refused: tuple[Problem, ...] = ()
        self._refused_at: str | None = None

    def current(self) -> RuleSet:
        """Return the rule set to use for this request, reloading it first if its files changed."""
        if self.clock() - self._checked >= self.interval:
            self.refresh()
        return self._ruleset

    def refresh(self) -> None:
        """Look at the files now; load them if they changed and have been still long enough."""
        with self._lock:
            now = self._checked = self.clock()
            seen = _fingerprint(self.directory)
            if seen == self._fingerprint:
                self._pending = None
                return
            if not self._still(seen, now):
                # Look again as soon as the files could have settled, not a whole interval later.
                self._checked = now - self.interval + self.settle
                return
            result = check_ruleset(self.directory, self.questionnaire)
            if not _unchanged(self.directory, seen, result.ruleset):
                # A file changed while it was read: the load may mix two saves. Try again later.
                self._pending = None
                return
            self._fingerprint, self._pending = seen, None
            candidate = result.ruleset
            refused = result.errors if candidate is None else self._removed(candidate)
            if candidate is None or refused:
                self._refuse(refused)
                return
            if candidate.info.digest != self._ruleset.info.digest:
                self._ruleset = candidate
                self._loaded_at = _now()
                log.info(
                    "rule set reloaded: version %s, digest %s",
                    candidate.info.version,
                    candidate.info.digest[:12],
                )
            self._refused, self._refused_at = (), None

    def _still(self, seen: _Fingerprint, now: float) -> bool:
        """Have the files in ``seen`` been left alone for ``settle`` seconds?

        Either every file is older than that by its modification time, or this
        same fingerprint was seen at least that long ago (for file times that are
        in the future or otherwise not to be trusted).
        """
        newest = max((modified for _, modified, _ in seen), default=0) / 1e9
        if self.wall_clock() - newest >= self.settle:
            return True
        if self._pending is not None and self._pending[0] == seen:
            return now - self._pending[1] >= self.settle
        self._pending = (seen, now)
        return False

    def _removed(self, candidate: RuleSet) -> tuple[Problem, ...]:
        """Refuse an edit that empties or removes a rule file, unless the version changed too."""
        if candidate.info.version != self._ruleset.info.version:
            return ()
        return tuple(
            problems.rules_removed(
                Location(problems.display_path(self.directory / name)),
                len(ids),
                gone=name not in candidate.rule_files,
            )
            for name, ids in self._ruleset.rule_files.items()
            if ids and not candidate.rule_files.get(name)
        )

    def _refuse(self, found: tuple[Problem, ...]) -> None:
        self._refused = found
        self._refused_at = _now()
        log.error(
            "rule files changed but cannot be used; still serving %s (%s):\n%s",
            self._ruleset.info.version,
            self._ruleset.info.digest[:12],
            "\n".join(p.render() for p in found),
        )

    def status(self, *, problems: bool = True) -> dict[str, Any]:
        """Return what /healthz shows: the rule set in use and any refused edit.

        :param problems: include the refused edit's problems, which name files and
            lines; without them the status says only that an edit was refused, and when.
        """
        ruleset = self._ruleset
        status: dict[str, Any] = {
            **ruleset.info.to_dict(),
            "rules": len(ruleset.specs),
            "loaded_at": self._loaded_at,
        }
        if self._refused:
            status["refused_edit"] = {"at": self._refused_at}
            if problems:
                status["refused_edit"]["problems"] = [p.to_dict() for p in self._refused]
        return status


def _fingerprint(directory: Path) -> _Fingerprint:
    """Return name, modification time and size of every file of the set (cheap: stat only).

    Every ``*.toml`` beside the rules: the manifest and ``questions.toml`` too, so a
    change to the questions is reloaded with the rules.
    """
    try:
        paths = sorted(p for p in directory.glob("*.toml") if p.parent.name != CASES_DIR)
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except OSError:
        return ()


def _unchanged(directory: Path, seen: _Fingerprint, loaded: RuleSet | None) -> bool:
    """Are the files still as they were when ``loaded`` was read from them?

    File times can be too coarse to show two saves in quick succession, so a
    loaded set's files are also read once more and must still have its digest.
    """
    if _fingerprint(directory) != seen:
        return False
    if loaded is None:
        return True
    try:
        contents = {path: path.read_bytes() for path in loaded.files}
    except OSError:
        return False
    return digest_of(directory, contents) == loaded.info.digest


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
