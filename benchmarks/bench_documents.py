"""Speed of ``citekit import`` on the documents users bring: many short pages, one long PDF.

    nice -n 10 .venv/bin/python benchmarks/bench_documents.py [N]

1. N (default 100) short documents of about 2 KB (synthetic essays, lists and notes from
   scripts/docreader_synth.py, fixed seed) imported by ONE ``citekit import --to json``
   run, as a user would (process start-up included): documents per second. Target >= 50/s.
2. A 300-page PDF (the synthetic pages typeset by ReportLab, text layer) imported by
   ``citekit import big.pdf --to json``: seconds. Target < 10 s.
Both runs print their wall and CPU seconds; the targets are on wall time, which on the
shared 2-core machine is pessimistic (CPU is what the run takes alone).

Figures (docs/import.md, "Speed work on the pipeline's own cost"; 2026-12-02, quiet machine,
old and new alternated): 100 short documents 1.80 s wall / 1.80 s CPU, 55.4 documents/s (main
at 71fb90b: 2.16 s, 46.3/s); the PDF 3.77 s (71fb90b: 5.11 s).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
CITEKIT = str(Path(sys.executable).with_name("citekit"))


def _short_documents(n: int, folder: Path) -> list[str]:
    from docreader_synth import make_documents

    paths = []
    for i, (text, _, _) in enumerate(make_documents(n, seed=99, max_files=6)):
        text = text[:2048]
        path = folder / f"doc{i:03}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _big_pdf(folder: Path, pages: int = 300) -> str:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from docreader_synth import make_documents

    texts = [t for t, _, _ in make_documents(40, seed=7, max_files=4)]
    path = folder / "big.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    lines = [line[:95] for t in texts for line in t.splitlines() if line.strip()]
    k = 0
    for page in range(pages):
        y = 800
        for _ in range(48):
            pdf.drawString(40, y, lines[k % len(lines)])
            k += 1
            y -= 16
        pdf.drawString(290, 30, str(page + 1))
        pdf.showPage()
    pdf.save()
    return str(path)


def _time(args: list[str]) -> float:
    """Wall seconds of one ``citekit import`` run; its CPU seconds are printed too (on a
    shared machine the CPU time is what the run would take alone)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([CITEKIT, "import", *args, "--to", "json"], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"  (wall {wall:.2f} s, CPU {cpu:.2f} s)")
    return wall


def main() -> None:
    argv = sys.argv[1:]
    n = int(argv[0]) if argv else 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = _short_documents(n, folder)
        seconds = _time(paths)
        print(f"{n} short documents (2 KB): {seconds:.2f} s, {n / seconds:.1f} documents/s (target >= 50)")
        pdf = _big_pdf(folder)
        seconds = _time([pdf])
        print(f"300-page PDF ({Path(pdf).stat().st_size // 1024} KB): {seconds:.2f} s (target < 10)")


if __name__ == "__main__":
    main()
