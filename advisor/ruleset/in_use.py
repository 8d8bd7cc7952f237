"""The last rule set in use: a record kept in the instance folder, and what changed since.

When a rule set goes live (at start, or on a reload), its version, digest and
the rule ids of each file are written to ``ruleset-in-use.json`` in the
instance folder. A running server compares a changed set with the one it
serves; a restarting one, and ``advisor rules check``, compare with this
record, so a slip made while the server was down is caught too.

What a comparison refuses, unless the version in ``ruleset.toml`` changed in
the same edit (a therapist who removes rules on purpose says so):

- a file whose rules are all gone (emptied or deleted: an editor saving in
  place, a half-done ``git pull``): ``rules-removed``, one per file;
- more than ``FEW`` rules gone in all: ``many-rules-removed``.

Either way it is reported: with a changed version, removals are a
``rules-removed-allowed`` warning; changed files under an unchanged version
are a ``version-not-raised`` warning.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor import problems
from advisor.problems import Location, Problem
from advisor.ruleset import MANIFEST, RuleSet

__all__ = ["FEW", "RECORD_NAME", "InUse", "changes_since", "read_in_use", "record_in_use"]

log = logging.getLogger(__name__)

#: The file, in the instance folder, that records the last rule set in use.
RECORD_NAME = "ruleset-in-use.json"

#: Up to this many rules may go in one edit without raising the version.
FEW = 3


@dataclass(frozen=True, slots=True)
class InUse:
    """Which rule set went live: its version, digest, the rules of each file, and when."""

    version: str
    digest: str
    rule_files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    at: str = ""
    #: The rules directory, resolved: a record of another directory is not compared with.
    directory: str = ""

    @classmethod
    def of(cls, ruleset: RuleSet, at: str = "") -> InUse:
        """Return the record of a rule set that goes live now (or at ``at``)."""
        return cls(
            ruleset.info.version,
            ruleset.info.digest,
            dict(ruleset.rule_files),
            at or _now(),
            str(ruleset.directory.resolve()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "digest": self.digest,
            "rule_files": {name: list(ids) for name, ids in self.rule_files.items()},
            "at": self.at,
            "directory": self.directory,
        }


def read_in_use(path: Path, directory: Path | None = None) -> InUse | None:
    """Return the record at ``path``, or None if there is none or it cannot be read.

    A garbled record is logged and ignored: it only ever adds checks, and a
    server must not refuse to start over a file it wrote itself.

    :param directory: the rules directory in use now; a record of another is ignored.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["rule_files"]
        record = InUse(
            str(data["version"]),
            str(data["digest"]),
            {str(name): tuple(str(i) for i in ids) for name, ids in files.items()},
            str(data.get("at", "")),
            str(data.get("directory", "")),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("ignoring the record of the rule set in use at %s: %s", path, exc)
        return None
    if directory is not None and record.directory != str(Path(directory).resolve()):
        return None
    return record


def record_in_use(path: Path, record: InUse) -> None:
    """Write the record atomically: a reader sees the old record or the new, never half.

    Several workers may write at once; each writes the same set's record, and
    ``os.replace`` makes the last one win whole. A failure is logged, not raised:
    the record guards later changes, and serving must not stop for it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".ruleset-in-use-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record.to_dict(), out, indent=2, sort_keys=True)
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("could not record the rule set in use at %s: %s", path, exc)


def changes_since(in_use: InUse, candidate: RuleSet) -> tuple[Problem, ...]:
    """Return what ``candidate`` changed since the set in use: errors refuse it, warnings say.

    Nothing is returned for the same files (same digest).
    """
    if candidate.info.digest == in_use.digest:
        return ()
    # Where a therapist raises the version; the top of the manifest if it was not found.
    manifest = candidate.version_at or Location(
        problems.display_path(candidate.directory / MANIFEST)
    )
    new_ids = {i for ids in candidate.rule_files.values() for i in ids}
    removed = [i for ids in in_use.rule_files.values() for i in ids if i not in new_ids]
    if candidate.info.version != in_use.version:
        if not removed:
            return ()
        return (
            problems.rules_removed_allowed(
                manifest, removed, in_use.version, candidate.info.version
            ),
        )
    emptied = tuple(
        problems.rules_removed(
            Location(problems.display_path(candidate.directory / name)),
            len(ids),
            gone=name not in candidate.rule_files,
        )
        for name, ids in in_use.rule_files.items()
        if ids and not candidate.rule_files.get(name)
    )
    many = (
        (problems.many_rules_removed(manifest, removed, in_use.version),)
        if len(removed) > FEW and not emptied
        else ()
    )
    return (
        *emptied,
        *many,
        problems.version_not_raised(manifest, in_use.version, in_use.digest),
    )


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
