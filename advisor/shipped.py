"""The folders advisor ships beside its code: the page templates and the default rules.

The design card keeps ``templates/`` and ``rules/`` at the top of the repository,
beside ``advisor/``. From a checkout (the README's editable install) they are used
where they are, so a therapist's edit in ``rules/`` is live. A wheel has no
checkout around it, so its build (``setup.py``) copies both folders into
``advisor/_shipped/``. ``shipped_dir`` is the one place that knows both homes;
everything else asks it.
"""

from __future__ import annotations

import os
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal

from advisor.exceptions import InstallIncomplete, UserError

__all__ = [
    "CHECKOUT",
    "IN_PACKAGE",
    "ShippedFolder",
    "copy_default_rules",
    "instance_folder",
    "shipped_dir",
]

ShippedFolder = Literal["templates", "rules"]

# resolve(): an editable install may reach these modules through links; the folders
# beside the package are those of the checkout the links lead to.
_PACKAGE = Path(__file__).resolve().parent

#: Where a wheel's build puts the folders; setup.py writes the same name.
IN_PACKAGE = _PACKAGE / "_shipped"
#: Where the folders are in a checkout.
CHECKOUT = _PACKAGE.parent

# Editor backups, caches and hidden files are nobody's rules.
_SKIPPED = ("__pycache__", ".*", "*~")


def shipped_dir(name: ShippedFolder) -> Path:
    """Return the shipped folder ``name``: the copy inside an installed wheel, else the checkout's.

    The wheel's copy comes first: beside an installed package sits site-packages,
    where a folder called ``rules`` or ``templates`` could belong to anyone.

    :raises InstallIncomplete: if neither exists, naming both places looked in.
    """
    places = (IN_PACKAGE / name, CHECKOUT / name)
    for place in places:
        if place.is_dir():
            return place
    raise InstallIncomplete(
        f"advisor's {name} folder is missing: neither {places[0]} nor {places[1]} exists. "
        "Install advisor again (pip install . from a checkout, or its wheel)."
    )


def copy_default_rules(target: Path) -> list[Path]:
    """Copy the shipped default rules (``ruleset.toml``, ``questions.toml``, rule files, ``cases/``).

    ``target`` is created if needed. Files are written afresh, not with the
    install's permissions, so the copy is the practice's to edit.

    :returns: the files written, in order.
    :raises UserError: if ``target`` is not an empty folder: a practice's own rules are never
        overwritten.
    """
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; give a new or empty folder for the rules.")
    if target.is_dir() and any(target.iterdir()):
        raise UserError(
            f"{target} is not empty; give a new or empty folder, so that no rule file "
            "already there is overwritten."
        )
    source = shipped_dir("rules")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or any(fnmatch(p, s) for p in relative.parts for s in _SKIPPED):
            continue
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        written.append(copy)
    return written


def instance_folder() -> Path:
    """Return the app's instance folder as Flask finds it, without importing Flask (it is slow).

    ``$ADVISOR_INSTANCE_PATH``, else ``instance/`` beside a checkout's package, else
    ``var/advisor-instance`` under the environment's prefix for an installed wheel.
    """
    configured = os.environ.get("ADVISOR_INSTANCE_PATH")
    if configured:
        return Path(configured)
    package = _PACKAGE
    prefix = Path(sys.prefix).resolve()
    if package.is_relative_to(prefix) and "site-packages" in package.parts:
        return prefix / "var" / "advisor-instance"
    return package.parent / "instance"
