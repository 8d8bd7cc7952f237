"""One build step pyproject.toml cannot say: put templates/ and rules/ inside the wheel.

The design card keeps both folders at the top of the repository, beside advisor/,
where an editable install uses them in place (advisor/shipped.py). A wheel has no
checkout around it, so its build copies them into advisor/_shipped/. Everything
else about the project is in pyproject.toml.
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


class BuildPyWithShippedFolders(build_py):
    """setuptools' build_py, then a fresh copy of each shipped folder into the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's folders in place
            return
        for name in SHIPPED:
            copy = Path(self.build_lib, IN_PACKAGE, name)
            # build/ outlives a build: a file deleted from the repository must not ship.
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(name, copy, ignore=shutil.ignore_patterns(*SKIPPED))


setup(cmdclass={"build_py": BuildPyWithShippedFolders})
