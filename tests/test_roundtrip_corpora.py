"""Figure (a)/(b) of issue 2 on the shared corpora: runs scripts/roundtrip_corpora.py.

With every pass off each file comes back byte-for-byte; with the default passes no
entry or field is lost and fmt(fmt(x)) == fmt(x). Skipped without ../shared.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared/corpora/real", ROOT.parent / "shared/corpora/tricky"]

pytestmark = pytest.mark.skipif(
    not all(p.is_dir() for p in CORPORA), reason="needs ../shared/corpora"
)


def _script():
    spec = importlib.util.spec_from_file_location("roundtrip_corpora", ROOT / "scripts/roundtrip_corpora.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_corpus_file_round_trips(capsys):
    script = _script()
    files = script.corpus_files([str(p) for p in CORPORA])
    assert len(files) > 150
    status = script.main([str(p) for p in CORPORA])
    table = capsys.readouterr().out
    assert status == 0, "\n".join(line for line in table.splitlines() if " NO " in line)
    assert "failures: 0" in table
