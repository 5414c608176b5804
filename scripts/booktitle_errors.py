#!/usr/bin/env python3
"""Where the reference parser's booktitle errors come from, on cross-validation predictions.

Reads the predictions of ``scripts/eval_refparse.py`` (``--out``; they keep the labeller's
segments) and the gold file, and sorts every booktitle error of the scorer (without
ugly.xml unless ``--all``) into:

* ``label``: the container's tokens are one predicted segment with the right span but
  another label (journal, title, publisher, ...), or the predicted booktitle is exactly a
  gold journal/title;
* ``boundary``: the container's tokens run into a longer predicted segment (glued to the
  title, the editors, the publisher) or the predicted container covers part of it;
* ``missing``: no predicted segment overlaps most of the container (spread over several
  labels), or a booktitle is predicted where the gold has nothing like it.

  python scripts/booktitle_errors.py .bench/cv-base.jsonl [--show 20]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "refparse"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def token_spans(segments):
    """[(label, first token, end token)] of whitespace-tokenised segments."""
    out, i = [], 0
    for label, text in segments:
        n = len(text.split())
        out.append((label, i, i + n))
        i += n
    return out


def classify(gold_rec, pred, sc):
    """-> list of (kind, detail) for this record's booktitle errors (FN and FP each count)."""
    gf = sc.gold_fields(gold_rec)
    pf = sc.pred_fields(pred)
    gold_c, pv = gf.get("booktitle"), pf.get("booktitle")
    canon = sc.canon
    if gold_c and pv is not None and any(canon("booktitle", c, False) == canon("booktitle", pv, False) for c in gold_c):
        return []
    gspans = token_spans(gold_rec["segments"])
    pspans = token_spans(pred.get("segments", []))
    out = []
    if gold_c:  # the false negative
        g = next(s for s in gspans if s[0] == "container-title")
        glen = g[2] - g[1]
        best = max(pspans, key=lambda p: max(0, min(p[2], g[2]) - max(p[1], g[1])), default=None)
        overlap = max(0, min(best[2], g[2]) - max(best[1], g[1])) if best else 0
        if best and (best[1], best[2]) == (g[1], g[2]):
            kind = "label" if best[0] != "container-title" else "rules"
            out.append((kind, f"FN gold container read as {best[0]}"))
        elif best and overlap * 2 > glen:
            where = "longer" if best[2] - best[1] > glen else "shorter"
            out.append(("boundary", f"FN container in a {where} {best[0]} segment"))
        else:
            out.append(("missing", "FN container spread over labels"))
    if pv is not None:  # the false positive (with or without a gold booktitle)
        p = next((s for s in pspans if s[0] == "container-title"), None) or \
            next((s for s in pspans if s[0] == "journal"), None)
        same_other = any(canon(f, c, False) == canon(f, pv, False)
                         for f in ("journal", "title", "publisher") for c in gf.get(f, []))
        if same_other:
            other = next(f for f in ("journal", "title", "publisher")
                         if any(canon(f, c, False) == canon(f, pv, False) for c in gf.get(f, [])))
            out.append(("label", f"FP booktitle is the gold {other}"))
        elif p and any((s[1], s[2]) == (p[1], p[2]) for s in gspans):
            s = next(s for s in gspans if (s[1], s[2]) == (p[1], p[2]))
            out.append(("label" if s[0] != "container-title" else "rules", f"FP booktitle span is a gold {s[0]}"))
        elif gold_c or (p and any(min(p[2], s[2]) > max(p[1], s[1]) for s in gspans if s[0] == "container-title")):
            out.append(("boundary", "FP booktitle overlaps the gold container, other ends"))
        else:
            out.append(("missing", "FP booktitle where gold has no container"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("--gold", default=str(SHARED / "dev.jsonl"))
    ap.add_argument("--all", action="store_true", help="include ugly.xml")
    ap.add_argument("--show", type=int, default=0, help="print N examples of each detail")
    a = ap.parse_args()
    sc = load_scorer()
    preds = {}
    for line in open(a.pred, encoding="utf-8"):
        if line.strip():
            o = json.loads(line)
            preds[o["id"]] = o
    kinds, details = collections.Counter(), collections.Counter()
    examples = collections.defaultdict(list)
    for line in open(a.gold, encoding="utf-8"):
        g = json.loads(line)
        if g["id"] not in preds or (not a.all and "ugly" in g.get("source", "")):
            continue
        for kind, detail in classify(g, preds[g["id"]], sc):
            kinds[kind] += 1
            details[(kind, detail)] += 1
            examples[(kind, detail)].append(g)
    total = sum(kinds.values())
    print(f"booktitle errors (FN + FP): {total}")
    for kind, n in kinds.most_common():
        print(f"  {kind:<9} {n:5d}  {n / total:.0%}")
    for (kind, detail), n in details.most_common():
        print(f"    {kind:<9} {n:5d}  {detail}")
        for g in examples[(kind, detail)][: a.show]:
            print("        gold:", [s for s in g["segments"] if s[0] in ("title", "container-title", "journal",
                                                                        "editor", "publisher")])
            print("        pred:", [s for s in preds[g["id"]]["segments"]
                                    if s[0] in ("title", "container-title", "journal", "editor", "publisher")],
                  preds[g["id"]]["fields"].get("booktitle"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
