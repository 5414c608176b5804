"""List splitting on lists built from real references (../shared/refparse/dev.jsonl).

A regression guard for scripts/eval_list_splitting.py's figures; skipped without ../shared.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "refparse" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="needs ../shared/refparse/dev.jsonl")


def _script():
    spec = importlib.util.spec_from_file_location("eval_list_splitting", ROOT / "scripts" / "eval_list_splitting.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_items_recovered_per_layout():
    script = _script()
    totals = script.evaluate(script.load_references(DEV), 60, seed=3)
    items = {name: ok / n for name, (_, _, ok, n) in totals.items()}
    floors = {
        "one per line": 0.9, "numbered 1.": 0.97, "numbered [1]": 0.97, "blank lines": 0.97,
        "run-together .;": 0.95, "pdf wrapped, hanging": 0.95, "pdf wrapped, flush": 0.8,
    }
    for name, floor in floors.items():
        assert items[name] >= floor, (name, items[name])
