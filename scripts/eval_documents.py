#!/usr/bin/env python3
"""Score ``citekit import`` on a folder of documents with hand-written gold.

Usage: ``scripts/eval_documents.py DIR [--table] [--json]``. DIR holds ``NAME.txt`` (or
.html/.pdf/.docx/.md) with ``NAME.gold.json`` beside it (schema: ../shared/docs-dev/README.md).
Each document is read by :func:`citekit.importer.import_sources`, the function behind
``citekit import --to json``.

Rules (the issue's "Must show"):

- reference F1: a predicted reference matches a gold one when their titles agree (difflib
  ratio >= 0.8 after lower-casing and replacing non-alphanumerics by spaces; the gold ``raw``
  stands in for a missing gold title, the predicted ``raw`` for a missing predicted title);
  one-to-one, best pairs first. Gold references marked ``truncated`` are not counted, and a
  prediction matching one is neither right nor wrong.
- field accuracy of matched references: author, title, year, publisher, journal/booktitle
  (the gold's journal or booktitle against the prediction's journal or booktitle); a field
  is right when the normalised values are equal (title: ratio >= 0.8), counted over the
  fields the gold has.
- in-text citation F1: a prediction matches a gold citation when one normalised raw text
  contains the other; one-to-one, in document order.
- document entry: the same field comparison over every field the gold document has (a gold
  journal or booktitle against the prediction's journal or booktitle, as for references; a
  month by its first three letters or number, so BibTeX's ``nov`` is ``November``); title
  accuracy over documents whose gold has a title. Reported beside them, not mixed in: the
  entry type's accuracy and the count of title/author/year fields stated where the gold has none.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.importer import import_sources  # noqa: E402

FIELDS = ("author", "title", "year", "publisher", "container")
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def norm(text: str) -> str:
    """Lower-case, non-alphanumerics to spaces, spaces collapsed; braces dropped first."""
    text = str(text).replace("{", "").replace("}", "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def _title_key(ref: dict) -> str:
    return ref.get("fields", {}).get("title") or ref.get("raw") or ""


def _value(fields: dict, name: str) -> str:
    if name == "container":
        return fields.get("journal") or fields.get("booktitle") or ""
    return fields.get(name, "")


def field_right(name: str, gold: str, got: str) -> bool:
    if name == "title":
        return bool(got) and ratio(gold, got) >= 0.8
    if name in ("author", "editor"):
        return _names(gold) == _names(got)
    if name == "month":  # BibTeX's month macros and numbers say the same as the gold's names
        return bool(got) and _month(gold) == _month(got)
    return norm(gold) == norm(got)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month(value: str) -> str:
    text = norm(value)
    if text.isdigit() and 1 <= int(text) <= 12:
        return _MONTHS[int(text) - 1]
    return text[:3]


def _names(value: str) -> list[str]:
    """Names compared as normalised strings, in order ("and"-separated)."""
    return [norm(n) for n in re.split(r"\s+and\s+", str(value)) if norm(n)]


def match_references(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), best ratio first, ratio >= 0.8."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            r = ratio(_title_key(g), _title_key(p))
            if r >= 0.8:
                scored.append((r, gi, pi))
    scored.sort(key=lambda t: -t[0])
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def match_citations(gold: list[str], pred: list[str]) -> int:
    used: set[int] = set()
    hits = 0
    for g in gold:
        ng = norm(g)
        for pi, p in enumerate(pred):
            np_ = norm(p)
            if pi in used or not ng or not np_:
                continue
            if ng in np_ or np_ in ng:
                used.add(pi)
                hits += 1
                break
    return hits


def score_document(gold: dict, source: dict) -> dict:
    gold_refs = gold.get("references", [])
    complete = [g for g in gold_refs if not g.get("truncated")]
    cut = [g for g in gold_refs if g.get("truncated")]
    pred_refs = source.get("references", [])
    pairs = match_references(complete, pred_refs)
    matched_pred = {pi for _, pi in pairs}
    # predictions that only match a reference cut by the window are not counted
    rest = [p for i, p in enumerate(pred_refs) if i not in matched_pred]
    cut_hits = len(match_references(cut, rest)) if cut else 0
    n_pred = len(pred_refs) - cut_hits
    fright = ftotal = 0
    for gi, pi in pairs:
        gf, pf = complete[gi].get("fields", {}), pred_refs[pi].get("fields", {})
        for name in FIELDS:
            want = _value(gf, name)
            if want:
                ftotal += 1
                fright += field_right(name, want, _value(pf, name))
    gold_cites = [c["raw"] for c in gold.get("in_text_citations", [])]
    pred_cites = [c["raw"] for c in source.get("citations", [])]
    cite_hits = match_citations(gold_cites, pred_cites)
    gdoc = (gold.get("document") or {}).get("fields", {})
    pdoc = (source.get("document") or {}) or {}
    pdoc_fields = pdoc.get("fields", {}) if pdoc else {}
    dright = dtotal = 0
    title_ok = None
    for name, want in gdoc.items():
        if not want:
            continue
        dtotal += 1
        # a document's journal or booktitle is its container, scored as for references (an
        # encyclopedia named as booktitle or as journal names the same thing)
        got = _value(pdoc_fields, "container") if name in ("journal", "booktitle") else pdoc_fields.get(name, "")
        ok = field_right(name, want, got)
        dright += ok
        if name == "title":
            title_ok = ok
    # what the entry states that the text does not (the gold holds every field the text states):
    # a title, author or date given to a page that has none
    invented = sum(1 for name in ("title", "author", "year") if pdoc_fields.get(name) and not gdoc.get(name))
    gold_type = (gold.get("document") or {}).get("type")
    type_ok = None if not gold_type or not pdoc else (pdoc.get("type") or pdoc.get("entry_type")) == gold_type
    return {
        "doc_invented": invented, "type_ok": type_ok,
        "gold_refs": len(complete), "pred_refs": n_pred, "ref_hits": len(pairs),
        "field_right": fright, "field_total": ftotal,
        "gold_cites": len(gold_cites), "pred_cites": len(pred_cites), "cite_hits": cite_hits,
        "doc_right": dright, "doc_total": dtotal, "title_ok": title_ok,
    }


def f1(hits: int, gold: int, pred: int) -> float:
    if gold == 0 and pred == 0:
        return 1.0
    p = hits / pred if pred else 0.0
    r = hits / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(folder: Path, fold_models: Path | None = None
             ) -> tuple[list[tuple[str, dict]], dict]:
    """Score every document with gold in ``folder``. ``fold_models``: the span models
    ``train_docreader.py --folds K --save-folds DIR`` kept; document i (in name order) is read
    with fold (i mod K)'s model, the one trained without it (cross-validation by document)."""
    from citekit.importer import mentions
    from citekit.importer import docmeta
    from citekit.importer import spans as span_mod

    folds = sorted(fold_models.glob("fold*.crfsuite"), key=lambda p: int(p.stem[4:])) if fold_models else []
    # the document-title ranker's folds (train_docmeta.py --save-folds), same assignment
    title_folds = sorted(fold_models.glob("docmeta_fold*.json"), key=lambda p: int(p.stem[12:])) if fold_models else []
    rows = []
    for index, gold_path in enumerate(sorted(folder.glob("*.gold.json"))):
        stem = gold_path.name[: -len(".gold.json")]
        doc = next((folder / (stem + s) for s in SUFFIXES if (folder / (stem + s)).exists()), None)
        if doc is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if folds:
            span_mod.use_model(str(folds[index % len(folds)]))
            mention_model = fold_models / f"mentions{index % len(folds) + 1}.crfsuite"
            mention_filter = fold_models / f"mention_filter{index % len(folds) + 1}.crfsuite"
            mentions.use_model(str(mention_model) if mention_model.exists() else None,
                               str(mention_filter) if mention_filter.exists() else None)
        if title_folds:
            docmeta.use_model(str(title_folds[index % len(title_folds)]))
        result = import_sources([str(doc)])
        source = json.loads(result.to_json())["sources"][0]
        rows.append((stem, score_document(gold, source)))
    if folds:
        span_mod.use_model(None)
        mentions.use_model(None)
    if title_folds:
        docmeta.use_model(None)
    total = {k: sum((r[k] or 0) for _, r in rows) for k in rows[0][1]} if rows else {}
    titled = [r["title_ok"] for _, r in rows if r["title_ok"] is not None]
    typed = [r["type_ok"] for _, r in rows if r["type_ok"] is not None]
    summary = {
        "documents": len(rows),
        "reference_f1": round(f1(total["ref_hits"], total["gold_refs"], total["pred_refs"]), 3),
        "reference_precision": round(total["ref_hits"] / total["pred_refs"], 3) if total["pred_refs"] else 0.0,
        "reference_recall": round(total["ref_hits"] / total["gold_refs"], 3) if total["gold_refs"] else 0.0,
        "field_accuracy": round(total["field_right"] / total["field_total"], 3) if total["field_total"] else 0.0,
        "citation_f1": round(f1(total["cite_hits"], total["gold_cites"], total["pred_cites"]), 3),
        "document_field_accuracy": round(total["doc_right"] / total["doc_total"], 3) if total["doc_total"] else 0.0,
        "document_title_accuracy": round(sum(titled) / len(titled), 3) if titled else 0.0,
        # not part of the figures above: the entry type against the gold's, over the documents
        # given an entry, and the title/author/year fields an entry states that the gold lacks
        "document_type_accuracy": round(sum(typed) / len(typed), 3) if typed else 0.0,
        "document_fields_invented": total["doc_invented"],
        "counts": total,
    }
    return rows, summary


def table(rows: list[tuple[str, dict]]) -> str:
    out = ["| document | refs gold / found / right | fields right | citations gold / found / right | doc fields | title |",
           "|---|---|---|---|---|---|"]
    for stem, r in rows:
        title = "-" if r["title_ok"] is None else ("yes" if r["title_ok"] else "no")
        out.append(f"| {stem} | {r['gold_refs']} / {r['pred_refs']} / {r['ref_hits']} | "
                   f"{r['field_right']}/{r['field_total']} | {r['gold_cites']} / {r['pred_cites']} / "
                   f"{r['cite_hits']} | {r['doc_right']}/{r['doc_total']} | {title} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--table", action="store_true", help="print a Markdown table per document")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--fold-models", type=Path,
                    help="cross-validation span models (train_docreader.py --save-folds)")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    rows, summary = evaluate(args.folder, args.fold_models)
    if args.table:
        print(table(rows))
        print()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for k, v in summary.items():
            if k != "counts":
                print(f"{k}: {v}")
        print("counts:", summary["counts"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
