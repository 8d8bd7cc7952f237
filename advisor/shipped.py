"""The folders advisor ships beside its code: the page templates and the default rules.

The design card keeps ``templates/`` and ``rules/`` at the top of the repository,
beside ``advisor/``. From a checkout (the README's editable install) they are used
where they are, so a therapist's edit in ``rules/`` is live. A wheel has no
checkout around it, so its build (``setup.py``) copies both folders into
``advisor/_shipped/``. ``shipped_dir`` is the one place that knows both homes;
everything else asks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from advisor.exceptions import InstallIncomplete

ShippedFolder = Literal["templates", "rules"]

# resolve(): an editable install may reach these modules through links; the folders
# beside the package are those of the checkout the links lead to.
_PACKAGE = Path(__file__).resolve().parent

#: Where a wheel's build puts the folders; setup.py writes the same name.
IN_PACKAGE = _PACKAGE / "_shipped"
#: Where the folders are in a checkout.
CHECKOUT = _PACKAGE.parent


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
