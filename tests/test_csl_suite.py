"""The official CSL processor test suite (../shared/csl-suite/fixtures), run in-process.

Every top-level fixture is a test. Fixtures citekit does not pass yet are listed, with the
reason, in tests/csl_expected_failures.txt; they are strict xfails, so a fixture that starts
passing fails the run until it is removed from the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.csl.fixture import parse_fixture, run_fixture

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "csl-suite" / "fixtures"
EXPECTED = Path(__file__).with_name("csl_expected_failures.txt")


def _expected_failures() -> dict[str, str]:
    """name -> reason. Lines: ``name  # reason``; a ``## reason`` header applies to the lines below."""
    out, group = {}, ""
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("##"):
            group = line.lstrip("#").strip()
            continue
        if line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        out[name.strip()] = reason.strip() or group
    return out


def _params():
    if not FIXTURES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/csl-suite absent"))]
    xfail = _expected_failures()
    params = []
    for path in sorted(FIXTURES.glob("*.txt")):
        marks = []
        if path.stem in xfail:
            marks.append(pytest.mark.xfail(reason=xfail[path.stem], strict=True))
        params.append(pytest.param(path, marks=marks, id=path.stem))
    return params


def _norm(s: str) -> str:
    return s.replace("\r\n", "\n").rstrip("\n")


@pytest.mark.parametrize("path", _params())
def test_fixture(path):
    fx = parse_fixture(str(path))
    assert _norm(run_fixture(fx)) == _norm(fx["RESULT"])


def test_expected_failures_exist():
    """Every listed expected failure names a real fixture (no stale entries)."""
    if not FIXTURES.is_dir():
        pytest.skip("../shared/csl-suite absent")
    names = {p.stem for p in FIXTURES.glob("*.txt")}
    assert set(_expected_failures()) <= names
