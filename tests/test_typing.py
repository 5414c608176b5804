"""The public API is what type checkers see: ``mypy --strict`` passes on citekit.api, the
citekit.csl interface and a user's code that asserts the types of every API call
(tests/typing/api_client.py). The configuration (which modules are strict, and why the
rest is not yet) is ``[tool.mypy]`` in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _mypy(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    pytest.importorskip("mypy")
    return tmp_path_factory.mktemp("mypy-cache")


def test_public_api_passes_mypy_strict(cache):
    result = _mypy(cache=cache)  # files and flags from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_a_wrong_type_is_caught(cache, tmp_path):
    """The check can fail: a user's type error against the API is reported."""
    bad = tmp_path / "bad_client.py"
    bad.write_text("from citekit import api\n\nn: int = api.render('refs.bib').output\n"
                   "api.check(42)\n", encoding="utf-8")
    result = _mypy("--strict", "--follow-imports=silent", str(bad), cache=cache)
    assert result.returncode == 1
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' \
        in result.stdout
    assert 'Argument 1 to "check" has incompatible type "int"' in result.stdout


def test_lazy_api_lists_its_names():
    import citekit.api as api

    names = dir(api)
    for name in api.__all__:
        assert name in names
        assert callable(getattr(api, name))
