"""The rule set a running server uses, swapped whole when the rule files change on disk.

Every worker process holds its own ``LiveRuleSet`` and looks at the files at
most once per interval (a few ``stat`` calls), so an edit reaches every
worker within about a second. A changed set is loaded and checked in full
before it is used; a broken edit is refused, its problems are logged and kept
for ``/healthz``, and the last good rule set keeps serving.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.exceptions import RuleSetInvalid
from advisor.problems import Problem
from advisor.questionnaire import Questionnaire
from advisor.ruleset import CASES_DIR, RuleSet, check_ruleset

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


class LiveRuleSet:
    """Hold the current rule set and reload it when its files change."""

    def __init__(
        self,
        directory: Path,
        questionnaire: Questionnaire | None = None,
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Load the rule set now.

        :raises RuleSetInvalid: if the rules cannot be used (there is no last good set yet).
        """
        self.directory = Path(directory)
        self.questionnaire = questionnaire
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._fingerprint = fingerprint(self.directory)
        result = check_ruleset(self.directory, questionnaire)
        if result.ruleset is None:
            raise RuleSetInvalid(result.problems)
        self._ruleset: RuleSet = result.ruleset
        self._loaded_at = _now()
        self._checked = clock()
        self._refused: tuple[Problem, ...] = ()
        self._refused_at: str | None = None

    def current(self) -> RuleSet:
        """Return the rule set to use for this request, reloading it first if its files changed."""
        if self.clock() - self._checked >= self.interval:
            self.refresh()
        return self._ruleset

    def refresh(self) -> None:
        """Look at the files now; load them if they changed."""
        with self._lock:
            self._checked = self.clock()
            seen = fingerprint(self.directory)
            if seen == self._fingerprint:
                return
            self._fingerprint = seen
            result = check_ruleset(self.directory, self.questionnaire)
            if result.ruleset is None:
                self._refused = result.errors
                self._refused_at = _now()
                log.error(
                    "rule files changed but cannot be used; still serving %s (%s):\n%s",
                    self._ruleset.info.version,
                    self._ruleset.info.digest[:12],
                    "\n".join(p.render() for p in result.errors),
                )
                return
            if result.ruleset.info.digest != self._ruleset.info.digest:
                self._ruleset = result.ruleset
                self._loaded_at = _now()
                log.info(
                    "rule set reloaded: version %s, digest %s",
                    result.ruleset.info.version,
                    result.ruleset.info.digest[:12],
                )
            self._refused, self._refused_at = (), None

    def status(self) -> dict[str, Any]:
        """Return what /healthz shows: the rule set in use and any refused edit."""
        ruleset = self._ruleset
        status: dict[str, Any] = {
            **ruleset.info.to_dict(),
            "rules": len(ruleset.specs),
            "loaded_at": self._loaded_at,
        }
        if self._refused:
            status["refused_edit"] = {
                "at": self._refused_at,
                "problems": [p.to_dict() for p in self._refused],
            }
        return status


def fingerprint(directory: Path) -> Fingerprint:
    """Return name, modification time and size of every rule file (cheap: stat only)."""
    try:
        paths = sorted(p for p in directory.glob("*.toml") if p.parent.name != CASES_DIR)
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except OSError:
        return ()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
