#!/usr/bin/env python3
"""Regenerate bib/rendered/: the sample documents' bibliography in each curated style.

    .venv/bin/python scripts/render_samples.py          # writes bib/rendered/<style>.{html,md}
    .venv/bin/python scripts/render_samples.py --check  # exit 1 if a file is out of date

Input is bib/samples.bib (made by `citekit import` from bib/sources/). A test runs
--check, so rerun this after samples.bib or the renderer changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from citekit.render import render  # noqa: E402
from citekit.styles import CURATED  # noqa: E402

SAMPLES = ROOT / "bib" / "samples.bib"
OUT = ROOT / "bib" / "rendered"


def expected_files(samples: Path = SAMPLES) -> dict[Path, str]:
    files = {}
    for style in CURATED:
        for fmt, suffix in (("html", "html"), ("md", "md")):
            files[OUT / f"{style}.{suffix}"] = render([str(samples)], style=style, to=fmt).output
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not SAMPLES.is_file():
        print(f"{SAMPLES} not found: run `citekit import bib/sources/*` first", file=sys.stderr)
        return 2
    stale = []
    for path, text in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
