"""Build hook: ship the top-level templates/ as package data citekit/templates.

Everything else is configured in pyproject.toml. The page templates are edited in
``templates/`` (where users and docs point); the wheel must carry them inside the
package so ``citekit.templating`` finds them after ``pip install``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class build_py_with_templates(build_py):
    def run(self):
        super().run()
        source = ROOT / "templates"
        if not source.is_dir():  # building from an sdist without them: nothing to add
            return
        target = Path(self.build_lib) / "citekit" / "templates"
        target.mkdir(parents=True, exist_ok=True)
        for path in source.glob("*.j2"):
            shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": build_py_with_templates})
