"""Agreement with the shared oracle (pandoc's citeproc, flagged by citeproc-js) on coldwar.bib.

A regression guard for the whole chain (bridge + engine + backends): the full table for
both inputs is printed by scripts/oracle_table.py. Skips when ../shared is absent.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORACLE = ROOT.parent / "shared" / "oracle"
pytestmark = pytest.mark.skipif(not (ORACLE / "compare.py").is_file(), reason="shared/oracle absent")

#: consensus-only floor per field on coldwar (measured 0.89-1.00 at the time of writing)
FLOOR = 0.85


def _script():
    spec = importlib.util.spec_from_file_location("oracle_table", ROOT / "scripts" / "oracle_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("style", ["apa", "mla", "chicago-author-date", "chicago-notes",
                                   "harvard", "ieee", "vancouver"])
def test_coldwar_consensus_agreement(style, tmp_path):
    cand = _script().candidate(ORACLE / "inputs" / "coldwar.bib", style)
    path = tmp_path / "cand.json"
    path.write_text(json.dumps(cand, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ORACLE / "compare.py"), str(path),
                          str(ORACLE / "expected" / "coldwar" / f"{style}.json"), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(out.stdout)
    for field, score in scores.items():
        assert score["consensus"]["rate"] >= FLOOR, (style, field, score)
