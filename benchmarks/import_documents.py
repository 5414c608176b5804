"""Speed of reading source documents (no reference parsing): documents/s and MB/s.

    .venv/bin/python benchmarks/import_documents.py [REPEAT]

Reads the sample documents in bib/sources/ REPEAT times (default 200) with
``citekit.importer.reader.read_document`` (junk, zones, spans, in-text citations) and prints the rate. The reference parser's own speed is in the refparse
benchmark.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from citekit.importer.reader import read_document

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "bib" / "sources").glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for _, t in texts) * repeat
    citations = references = 0
    start = time.process_time()
    for _ in range(repeat):
        for path, text in texts:
            doc = read_document(text, path)
            citations += len(doc.citations)
            references += len(doc.references)
    elapsed = time.process_time() - start
    docs = len(texts) * repeat
    print(f"documents read: {docs} in {elapsed:.2f} CPU s -> {docs / elapsed:.0f} documents/s, "
          f"{size / elapsed / 1e6:.2f} MB/s ({references} references split, {citations} citations found)")


if __name__ == "__main__":
    main()
