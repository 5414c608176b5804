#!/usr/bin/env python3
"""Token labels for real documents with hand-written gold (../shared/docs-dev's schema).

Each gold reference's ``raw`` (a verbatim substring) becomes a REF span, each in-text
citation's ``raw`` (found inside its unique ``context``) a CIT span; every other token is O.
Used by ``train_docreader.py --real DIR`` to add real documents to the span model's training
data, cross-validated by document. Nothing from the documents is written to the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.importer.spans import tokenize  # noqa: E402


def spans_of(text: str, gold: dict) -> list[tuple[int, int, str]]:
    spans = []
    at = 0
    for ref in gold.get("references", []):
        raw = ref["raw"]
        i = text.find(raw, at)
        if i < 0:
            i = text.find(raw)
        if i < 0:
            continue
        spans.append((i, i + len(raw), "REF"))
        at = i + len(raw)
    for cit in gold.get("in_text_citations", []):
        ctx = cit.get("context") or ""
        c = text.find(ctx) if ctx else -1
        if c < 0:
            continue
        j = ctx.find(cit["raw"])
        if j < 0:
            continue
        spans.append((c + j, c + j + len(cit["raw"]), "CIT"))
    return sorted(spans)


def labelled(text: str, gold: dict) -> list[str]:
    """A label per token of ``citekit.importer.spans.tokenize(text)``."""
    spans = spans_of(text, gold)
    labels = []
    previous = None
    for tok in tokenize(text):
        hit = next((s for s in spans if s[0] <= tok.start < s[1]), None)
        if hit is None:
            labels.append("O")
        else:
            labels.append(("I-" if hit == previous else "B-") + hit[2])
        previous = hit
    return labels


def load(folder: Path) -> list[tuple[str, str, list[str]]]:
    """(stem, text, token labels) for every document with gold in ``folder``."""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        doc = folder / f"{stem}.txt"
        if not doc.exists():
            continue
        text = doc.read_text(encoding="utf-8")
        out.append((stem, text, labelled(text, json.loads(gold_path.read_text(encoding="utf-8")))))
    return out
