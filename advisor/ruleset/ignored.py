"""Files in a rules folder that look like rule or case files but are never read.

Only ``*.toml`` directly in the rules folder (rules), directly in ``cases/``
(example cases) and directly in ``translations/`` (one file per other language)
are read, and only with that exact, lower-case ending. A file
saved as ``jaw.TOML`` or ``jaw.toml.txt``, or moved into a subfolder, would
silently drop its rules, so it is an error that names the file and what to
rename or move it to.

Left alone: hidden files and folders (``.DS_Store``, ``.git``), notes
(``*.md``), and editor leftovers (``jaw.toml~``, ``.jaw.toml.swp``,
``jaw.toml.bak``, ``#jaw.toml#``). An editor makes those while a file is being
edited; refusing the rule set for them would refuse every save a running
server sees while the editor is open.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from advisor import problems
from advisor.problems import Location, Problem

__all__ = ["ignored_files"]

_EDITOR_LEFTOVERS = (
    "~",
    ".swp",
    ".swo",
    ".swx",
    ".bak",
    ".orig",
    ".tmp",
    ".autosave",
    ".crswap",
    "___jb_tmp___",
    "___jb_old___",
)
_NOTES = (".md", ".markdown", ".rst", ".pdf", ".docx")
#: A line that starts a rule or a case: what makes a file read as one, whatever its name.
_TABLE_HEADER = re.compile(rb"^[ \t]*\[\[?[ \t]*(rule|case)[ \t]*\]\]?", re.MULTILINE)
_SNIFF_BYTES = 64 * 1024
#: A bound on the walk, so a folder that is not a rules folder cannot take long to check.
_MAX_FILES = 2000


def ignored_files(
    directory: Path, cases_dir: str = "cases", translations_dir: str = "translations"
) -> list[Problem]:
    """Return an ``ignored-file`` error for each file under ``directory`` that looks unread."""
    found = []
    read = ((), (cases_dir,), (translations_dir,))
    # A file that a read *.toml links to is read through that link, under the link's name.
    linked = {
        p.resolve()
        for folder in read
        for p in directory.joinpath(*folder).glob("*.toml")
        if p.is_symlink()
    }
    for path in itertools.islice(_files(directory), _MAX_FILES):
        if path.resolve() in linked:
            continue
        problem = _problem(path.relative_to(directory), path, cases_dir, read)
        if problem is not None:
            found.append(problem)
    return found


def _files(directory: Path) -> Iterator[Path]:
    for root, folders, names in os.walk(directory):
        folders[:] = sorted(f for f in folders if not f.startswith((".", "__")))
        yield from (Path(root) / n for n in sorted(names))


def _problem(
    relative: Path, path: Path, cases_dir: str, read: tuple[tuple[str, ...], ...]
) -> Problem | None:
    name = relative.name
    if _left_alone(name) or not _looks_read(path):
        return None
    folders = relative.parts[:-1]
    # The read folder it is under (cases/ or translations/), if any.
    under = next((f for f in read if f and folders[:1] == f), None)
    target = f"{_stem(name)}.toml"
    if folders in read:
        if name.endswith(".toml"):
            return None
        why = "only files whose names end in .toml (lower case) are read"
        rename = f"rename it to {target}"
    else:
        home = f"{under[0]}/" if under else "the rules folder itself"
        why = f"it is in the subfolder {'/'.join(folders)}/, and subfolders are not read"
        if under == (cases_dir,):
            why += f" (example cases are read from {cases_dir}/ only)"
        elif under:
            why += f" (translations are read from {under[0]}/ only)"
        rename = f"move it to {home} as {target}"
    shown = problems.display_path(path)
    return problems.ignored_file(Location(shown), str(relative), rename, why)


def _left_alone(name: str) -> bool:
    lowered = name.lower()
    return (
        name.startswith((".", "#"))
        or lowered.endswith(_EDITOR_LEFTOVERS)
        or lowered.endswith(_NOTES)
    )


def _looks_read(path: Path) -> bool:
    """Return whether a file is named like a TOML file, or starts rules or cases inside."""
    if ".toml" in path.name.lower():
        return True
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _TABLE_HEADER.search(head) is not None


def _stem(name: str) -> str:
    """Return the name without its TOML-like ending (``jaw.toml.txt`` → ``jaw``)."""
    index = name.lower().find(".toml")
    if index > 0:
        return name[:index]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name
