#!/usr/bin/env python3
"""Where the document reader loses each reference: every missed gold reference and every
wrong prediction of ``eval_documents.py``, put in the bucket of the stage that lost it.

    .venv/bin/python scripts/diagnose_documents.py ../shared/docs-dev [--fold-models DIR] [-v]

Stages (the first that explains the loss): the gold text is not in the document (``absent``);
a prediction covers it but its title misses the gold's (``parse``: the parser's fields, or
``boundary``: the prediction's raw is not the gold's); a mention candidate with the gold's
title was made but the filter dropped it (``filter``), a gate zeroed it (``gate``: undated,
unsure parse, names), the scorer put it under the threshold (``scorer``) or a better
overlapping one won (``selection``); no candidate at all (``not generated``), with the
zone of the gold's first line and whether a span-model reference touched it. Wrong
predictions: ``overlaps gold`` (the same text read wrong) or ``spurious``, by origin
(span model or mention candidate) and zone.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_documents import SUFFIXES, _title_key, match_references, ratio  # noqa: E402

from citekit.importer import import_sources, mentions, reader  # noqa: E402
from citekit.importer import docmeta  # noqa: E402
from citekit.importer import spans as span_mod  # noqa: E402


class Trace:
    """What the reader's stages made of one document (filled by wrapped functions)."""

    def __init__(self):
        self.zones: dict[int, str] = {}
        self.spans: list = []
        self.cands: list = []
        self.passed: list = []
        self.scored: list = []
        self.selected: list = []


TRACE = Trace()


def _wrap():
    orig_zones, orig_decode = reader.label_zones, reader.decode
    orig_cands, orig_pre, orig_select = mentions.candidates, mentions.prefilter, mentions.select

    def label_zones(lines):
        out = orig_zones(lines)
        TRACE.zones = {z.line.number: z.label for z in out}
        return out

    def decode(tokens, labels):
        out = orig_decode(tokens, labels)
        TRACE.spans = [s for s in out if s.kind == "REF"]
        return out

    def candidates(text, regions):
        out = orig_cands(text, regions)
        TRACE.cands = list(out)
        return out

    def prefilter(text, cands):
        out = orig_pre(text, cands)
        TRACE.passed = list(out)
        return out

    def select(cands, threshold=mentions.THRESHOLD):
        TRACE.scored = [c for c in cands if c.start_kind != "span"]
        out = orig_select(cands, threshold)
        TRACE.selected = list(out)
        return out

    reader.label_zones, reader.decode = label_zones, decode
    mentions.candidates, mentions.prefilter, mentions.select = candidates, prefilter, select


def _line_no(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def diagnose(text: str, gold: dict, source: dict) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    complete = [g for g in gold.get("references", []) if not g.get("truncated")]
    preds = source.get("references", [])
    pairs = match_references(complete, preds)
    hit_g = {g for g, _ in pairs}
    hit_p = {p for _, p in pairs}
    misses = []
    for gi, g in enumerate(complete):
        if gi in hit_g:
            continue
        key = _title_key(g)
        at = text.find(g["raw"])
        if at < 0:
            misses.append(("absent", g["raw"][:90]))
            continue
        end = at + len(g["raw"])
        over = [p for pi, p in enumerate(preds) if pi not in hit_p and p.get("start") is not None
                and p["start"] < end and at < p["end"]]
        if over:
            p = max(over, key=lambda p: min(end, p["end"]) - max(at, p["start"]))
            kind = "parse" if ratio(p.get("raw", ""), g["raw"]) >= 0.8 else "boundary"
            misses.append((kind, f"{g['raw'][:70]!r} -> title {p['fields'].get('title', '')[:50]!r}"
                                 f" raw {p.get('raw', '')[:60]!r}"))
            continue

        def names_it(c):
            title = (c.parsed.fields.get("title") if c.parsed is not None else None) or text[c.start:c.end]
            return ratio(title, key) >= 0.8

        def same_text(c):
            return ratio(text[c.start:c.end], g["raw"]) >= 0.8

        near = [c for c in TRACE.cands if c.start < end and at < c.end]
        good = [c for c in TRACE.passed if names_it(c)]
        zone = TRACE.zones.get(_line_no(text, at), "-")
        spanned = any(s.start < end and at < s.end for s in TRACE.spans)
        where = f"zone {zone}{', span touched' if spanned else ''}"
        if good:
            best = max(good, key=lambda c: c.prob)
            if best.prob == 0.0:
                misses.append(("gate", f"{where}: {text[best.start:best.end][:80]!r} parse "
                                       f"{dict(best.parsed.fields)} conf {best.parsed.confidence:.2f}"))
            elif best.prob < mentions.THRESHOLD:
                misses.append(("scorer", f"{where}: p={best.prob:.2f} {text[best.start:best.end][:90]!r}"))
            else:
                rival = [c for c in TRACE.selected if c.start < best.end and best.start < c.end]
                misses.append(("selection", f"{where}: p={best.prob:.2f} {text[best.start:best.end][:70]!r} lost to "
                                            f"{[text[c.start:c.end][:50] for c in rival]}"))
            continue
        textual = [c for c in near if same_text(c)]
        if textual:
            misses.append(("filter", f"{where}: {text[textual[0].start:textual[0].end][:90]!r}"))
            continue
        misses.append(("not generated" if near else "not searched",
                       f"{where}: {g['raw'][:90]!r}"))
    wrong = []
    golds = [(text.find(g["raw"]), len(g["raw"])) for g in gold.get("references", [])]
    for pi, p in enumerate(preds):
        if pi in hit_p or p.get("start") is None:
            continue
        if any(0 <= a < p["end"] and p["start"] < a + n for a, n in golds):
            # a prediction over a cut (truncated) gold reference is not counted by the scorer
            cut = [g for g in gold.get("references", []) if g.get("truncated")]
            if any(ratio(_title_key(g), _title_key(p)) >= 0.8 for g in cut):
                continue
            kind = "overlaps gold"
        else:
            kind = "spurious"
        origin = "span" if any(s.start <= p["start"] and p["end"] <= s.end + 2 for s in TRACE.spans) else "mention"
        zone = TRACE.zones.get(_line_no(text, p["start"]), "-")
        wrong.append((f"{kind} ({origin}, {zone})", f"{p.get('raw', '')[:90]!r} title {p['fields'].get('title', '')[:40]!r}"))
    return misses, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--fold-models", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every case")
    args = ap.parse_args()
    _wrap()
    fm = args.fold_models
    folds = sorted(fm.glob("fold*.crfsuite"), key=lambda p: int(p.stem[4:])) if fm else []
    miss_count: collections.Counter = collections.Counter()
    wrong_count: collections.Counter = collections.Counter()
    for index, gold_path in enumerate(sorted(args.folder.glob("*.gold.json"))):
        stem = gold_path.name[: -len(".gold.json")]
        doc = next((args.folder / (stem + s) for s in SUFFIXES if (args.folder / (stem + s)).exists()), None)
        if doc is None:
            continue
        if folds:
            k = index % len(folds) + 1
            span_mod.use_model(str(folds[k - 1]))
            mentions.use_model(str(fm / f"mentions{k}.crfsuite"), str(fm / f"mention_filter{k}.crfsuite"))
            if (fm / f"docmeta_fold{k}.json").exists():
                docmeta.use_model(str(fm / f"docmeta_fold{k}.json"))
        global TRACE
        TRACE.__init__()
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        result = import_sources([str(doc)])
        source = json.loads(result.to_json())["sources"][0]
        text = result.sources[0].text
        misses, wrong = diagnose(text, gold, source)
        for kind, what in misses:
            miss_count[kind] += 1
            if args.verbose:
                print(f"MISS  {stem[:4]} [{kind}] {what}")
        for kind, what in wrong:
            wrong_count[kind] += 1
            if args.verbose:
                print(f"WRONG {stem[:4]} [{kind}] {what}")
    print("missed gold references by stage:", dict(miss_count.most_common()))
    print("wrong predictions:", dict(wrong_count.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
