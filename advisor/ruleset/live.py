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

**The gate** (``advisor.ruleset.gate``) decides every go-live, at start and on
reload alike: no error, no unexplained removal since the set in use, every
example case passes, the safety properties hold on 2,000 generated answer
sets. The example cases are watched with the rule files, since they are part
of the verdict. A refused change stays refused until the files change again
(the fingerprint of the refused files is kept, so they are not judged again).
At start there is no last good set: a refused set raises ``RuleSetInvalid``
and the server does not start. The set that goes live is recorded in the
instance folder (``advisor.ruleset.in_use``), so a restart compares with it.

**Two workers never serve different rule sets for longer than one reload
interval (plus the settle time and one gate run).** Each worker looks at the
files at most ``interval`` seconds after the last look: on a request, and
under ``advisor serve`` from a background thread too (``watch``), so a worker
that had no requests while a good change went live does not wake up on a
later broken one still serving the set from before the good change. The verdict depends
only on the files' bytes: answer sets are drawn with a fixed seed, so every
worker reaches the same verdict on the same bytes, and none takes a set
another refused. The gate takes about a second on the shipped rules
(``bench/bench_gate.py``), well inside the interval a deployment would set.
A save landing mid-load is thrown away and judged again once still, by all.
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
from advisor.ruleset import (
    CASES_DIR,
    TRANSLATIONS_DIR,
    CheckResult,
    RuleSet,
    check_ruleset,
    digest_of,
)
from advisor.ruleset.gate import GATES, Gate, Verdict, admit
from advisor.ruleset.in_use import InUse, read_in_use, record_in_use

__all__ = ["LiveRuleSet"]

log = logging.getLogger(__name__)

_Fingerprint = tuple[tuple[str, int, int], ...]

#: How many times a start reads files that change while they are read before it gives up.
_START_TRIES = 5


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
        record: Path | None = None,
    ) -> None:
        """Load the rule set now.

        :param interval: seconds between looks at the files.
        :param settle: seconds the files must have been still before a change is loaded.
        :param clock: the clock for ``interval`` and ``settle`` (tests move it by hand).
        :param wall_clock: the clock file modification times are compared with.
        :param record: where the last set in use is recorded (the instance folder's
            ``ruleset-in-use.json``); compared with at start, rewritten at each go-live.
        :raises RuleSetInvalid: if the rules do not pass the gate (there is no last good set
            yet), with every reason and the gates that refused them.
        """
        self.directory = Path(directory)
        self.questionnaire = questionnaire
        self.interval = interval
        self.settle = settle
        self.clock = clock
        self.wall_clock = wall_clock
        self._lock = threading.Lock()
        self.record = record
        recorded = read_in_use(record, self.directory) if record is not None else None
        verdict = admit(self._whole(), in_use=recorded)
        if verdict.ruleset is None:
            raise RuleSetInvalid(verdict.problems, verdict.refused_by)
        self._ruleset: RuleSet = verdict.ruleset
        self._loaded_at = _now()
        self._in_use = self._went_live(verdict.ruleset)
        self._warnings: tuple[Problem, ...] = verdict.warnings
        self._checked = clock()
        self._pending: tuple[_Fingerprint, float] | None = None
        self._refused: tuple[Problem, ...] = ()
        self._refused_by: tuple[Gate, ...] = ()
        self._refused_at: str | None = None

    def _whole(self) -> CheckResult:
        """Check the files at start, again if they changed while they were read.

        There is no last good set to keep yet, so a load that may mix two saves is
        retried after ``settle`` seconds; files that never keep still stop the start.
        """
        for _ in range(_START_TRIES):
            seen = _fingerprint(self.directory)
            result = check_ruleset(self.directory, self.questionnaire)
            if _unchanged(self.directory, seen, result.ruleset):
                self._fingerprint = seen
                return result
            time.sleep(self.settle)
        at = Location(problems.display_path(self.directory))
        raise RuleSetInvalid([problems.rules_changing(at, _START_TRIES)])

    def current(self) -> RuleSet:
        """Return the rule set to use for this request, reloading it first if its files changed."""
        if self.clock() - self._checked >= self.interval:
            self.refresh()
        return self._ruleset

    def watch(self) -> threading.Thread:
        """Look at the files every ``interval`` from a daemon thread, requests or none.

        Started in each server worker after it forks (threads do not survive a fork).
        """
        thread = threading.Thread(target=self._watch, name="advisor-rules-watch", daemon=True)
        thread.start()
        return thread

    def _watch(self) -> None:
        while True:
            # Soon again while a change is settling, else once an interval.
            time.sleep(self.settle if self._pending is not None else self.interval)
            try:
                self.refresh()
            except Exception:  # the watch must outlive any one bad look at the files
                log.exception("looking at the rule files failed; looking again later")

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
            verdict = admit(result, in_use=self._in_use)
            candidate = verdict.ruleset
            if candidate is None:
                self._refuse(verdict)
                return
            if candidate.info.digest != self._ruleset.info.digest:
                self._ruleset = candidate
                self._loaded_at = _now()
                self._in_use = self._went_live(candidate)
                self._warnings = verdict.warnings
                log.info(
                    "rule set reloaded: version %s, digest %s",
                    candidate.info.version,
                    candidate.info.digest[:12],
                )
                for warning in verdict.warnings:
                    log.warning("%s", warning.render())
            self._refused, self._refused_by, self._refused_at = (), (), None

    def _went_live(self, ruleset: RuleSet) -> InUse:
        """Record the set that goes live now, in memory and in the instance folder."""
        in_use = InUse.of(ruleset, self._loaded_at)
        if self.record is not None:
            record_in_use(self.record, in_use)
        return in_use

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

    def _refuse(self, verdict: Verdict) -> None:
        self._refused = verdict.errors
        self._refused_by = verdict.refused_by
        self._refused_at = _now()
        log.error(
            "rule files changed but cannot be used; still serving %s (%s); refused by %s:\n%s",
            self._ruleset.info.version,
            self._ruleset.info.digest[:12],
            " and ".join(GATES[gate] for gate in verdict.refused_by),
            "\n".join(p.render() for p in verdict.errors),
        )

    def status(self, *, problems: bool = True) -> dict[str, Any]:
        """Return what /healthz shows: the rule set in use and any refused edit.

        :param problems: include the refused edit's problems and the gates that refused
            it, and the warnings of the last go-live, which name files and lines; without
            them the status says only that an edit was refused, and when.
        """
        ruleset = self._ruleset
        status: dict[str, Any] = {
            **ruleset.info.to_dict(),
            "rules": len(ruleset.specs),
            "loaded_at": self._loaded_at,
        }
        if self._refused_at is not None:
            status["refused_edit"] = {"at": self._refused_at}
            if problems:
                status["refused_edit"]["refused_by"] = list(self._refused_by)
                status["refused_edit"]["problems"] = [p.to_dict() for p in self._refused]
        if problems:
            status["warnings"] = [p.to_dict() for p in self._warnings]
        return status

    @property
    def refused(self) -> tuple[tuple[Gate, ...], tuple[Problem, ...], str | None]:
        """Return the refused change: the gates that refused it, every reason, and when."""
        return self._refused_by, self._refused, self._refused_at

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Return the warnings of the last go-live (rules removed, a version not raised)."""
        return self._warnings

    @property
    def loaded_at(self) -> str:
        return self._loaded_at


def _fingerprint(directory: Path) -> _Fingerprint:
    """Return name, modification time and size of every file of the set (cheap: stat only).

    Every ``*.toml`` beside the rules (the manifest and ``questions.toml`` too, so a change
    to the questions is reloaded with the rules), the translations, and the cases, which
    are part of the gate's verdict, so a fixed case is judged again too.
    """
    try:
        paths = sorted(
            (
                *directory.glob("*.toml"),
                *(directory / TRANSLATIONS_DIR).glob("*.toml"),
                *(directory / CASES_DIR).glob("*.toml"),
            )
        )
        return tuple(
            (p.relative_to(directory).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
            for p in paths
        )
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
