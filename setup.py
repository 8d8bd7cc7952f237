"""Two build steps pyproject.toml cannot say: shipped folders and compiled catalogues.

The design card keeps templates/ and rules/ at the top of the repository, beside
advisor/, where an editable install uses them in place (advisor/shipped.py). A
wheel has no checkout around it, so its build copies them into advisor/_shipped/.

The translators' catalogues (advisor/translations/<lang>/LC_MESSAGES/messages.po)
are compiled to the .mo files gettext reads, by every build: beside the .po in an
editable install, inside the wheel otherwise. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# The same names as advisor/shipped.py (IN_PACKAGE, ShippedFolder, _SKIPPED): the build
# cannot import advisor, whose dependencies are not installed yet.
SHIPPED = ("templates", "rules")
IN_PACKAGE = Path("advisor", "_shipped")
SKIPPED = ("__pycache__", ".*", "*~")


def compile_catalogues(package: Path) -> None:
    """Compile each ``translations/*/LC_MESSAGES/*.po`` of the source into ``package``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path("advisor", "translations").glob("*/LC_MESSAGES/*.po"):
        mo = package / po.relative_to("advisor").with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalogue = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalogue)


class BuildPyWithShippedFolders(build_py):
    """setuptools' build_py, then a fresh copy of each shipped folder into the build."""

    def run(self) -> None:
        super().run()
        compile_catalogues(
            Path("advisor") if self.editable_mode else Path(self.build_lib, "advisor")
        )
        if self.editable_mode:  # an editable install reads the checkout's folders in place
            return
        for name in SHIPPED:
            copy = Path(self.build_lib, IN_PACKAGE, name)
            # build/ outlives a build: a file deleted from the repository must not ship.
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(name, copy, ignore=shutil.ignore_patterns(*SKIPPED))


setup(cmdclass={"build_py": BuildPyWithShippedFolders})
