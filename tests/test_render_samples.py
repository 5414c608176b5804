"""bib/rendered/ holds the samples' bibliography in every curated style, up to date."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (ROOT / "bib" / "samples.bib").is_file(), reason="bib/samples.bib not imported yet")
def test_rendered_samples_are_current():
    spec = importlib.util.spec_from_file_location("render_samples", ROOT / "scripts" / "render_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [str(p.relative_to(ROOT)) for p, text in module.expected_files().items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"rerun `python scripts/render_samples.py`: {stale}"
