"""Training and cross-validating the reference labeller (used by scripts/, not at run time).

Kept in the package so the training script, the evaluation script and the tests build
features and labels exactly the same way the parser does.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from .features import sequence_features
from .model import Labeller

DEFAULT_PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


#: training sources that get domain copies of their features (``adapted``): ugly.xml labels
#: book titles as containers and publishers as editions; rendered references have a
#: style's regular punctuation.  Chosen by cross-validation (docs/refparse.md).
DEFAULT_ADAPT = ("ugly.xml", "synthetic")


def load_records(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def record_tokens_labels(rec: dict, null_label: str = "note") -> tuple[list[str], list[str]]:
    """Whitespace tokens and one BIO label per token from a record's labelled segments.

    ``B-`` marks the first token of a segment: the labeller then learns where segments
    start (a title ending and a journal beginning), not only what each token is.
    """
    words: list[str] = []
    labels: list[str] = []
    for label, text in rec["segments"]:
        prefix = "B-"
        for w in text.split():
            words.append(w)
            labels.append(prefix + (label or null_label))
            prefix = "I-"
    return words, labels


def adapted(features: list[list[str]], domain: str) -> list[list[str]]:
    """Every feature twice: as it is (shared) and tagged with the record's ``domain``.

    Daumé's "frustratingly easy" domain adaptation: where a kind of training data labels
    things its own way (AnyStyle's ugly.xml, the regular punctuation of rendered styles),
    the domain copies absorb the difference and the shared weights stay the ones the
    clean, hand-labelled data supports.  Only shared features occur at run time, so the
    parser pays nothing for it.
    """
    tag = domain + ":"
    return [f + [tag + x for x in f] for f in features]


def record_domain(rec: dict, adapt: Sequence[str]) -> str | None:
    """The adaptation domain of a training record: the first of ``adapt`` its source contains."""
    source = rec.get("source", "")
    return next((d for d in adapt if d in source), None)


def train(records: Iterable[dict], model_path: str | Path, params: dict | None = None,
          verbose: bool = False, adapt: Sequence[str] = ()) -> dict:
    """Train a CRF on labelled records and write it to ``model_path``; returns training info.

    Records whose source contains one of ``adapt`` get domain copies of their features
    (see ``adapted``)."""
    trainer = pycrfsuite.Trainer(verbose=verbose)
    n = 0
    for rec in records:
        words, labels = record_tokens_labels(rec)
        if not words:
            continue
        feats = sequence_features(words)
        domain = record_domain(rec, adapt)
        if domain:
            feats = adapted(feats, domain.split(".")[0])
        trainer.append(feats, labels)
        n += 1
    trainer.select("lbfgs")
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    t0 = time.time()
    trainer.train(str(model_path))
    return {"records": n, "seconds": round(time.time() - t0, 1), "params": {**DEFAULT_PARAMS, **(params or {})}}


def folds(records: Sequence[dict], k: int, seed: int = 0) -> list[list[dict]]:
    """Deterministic k-way split (records shuffled with ``seed``)."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    return [[records[i] for i in order[j::k]] for j in range(k)]


def cross_validate(records: Sequence[dict], k: int = 5, params: dict | None = None,
                   extra_train: Sequence[dict] = (), log=print, model_dir: str | Path | None = None,
                   reuse: bool = False, extra_for_fold=None, train_filter=None,
                   only_fold: int | None = None, adapt: Sequence[str] = ()) -> dict[str, dict]:
    """k-fold CV: every record is parsed by a model that never saw it. -> {id: {fields, type}}.

    ``model_dir`` keeps the fold models (``fold{j}.crfsuite``); with ``reuse`` they are
    loaded instead of trained, so a change to the rules (fields.py, names.py) is measured
    in seconds.  ``train_filter(record)`` says which training-fold records are trained on
    (every record is still parsed and scored).  ``extra_for_fold(j, train_records)`` gives fold j's extra training records
    (synthetic ones made from the training folds only, never from fold j's test items).
    """
    from . import parse_reference

    preds: dict[str, dict] = {}
    parts = folds(records, k)
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(model_dir) if model_dir else Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        for j in range(k):
            if only_fold is not None and j != only_fold:
                continue
            path = where / f"fold{j}.crfsuite"
            t0 = time.time()
            if reuse and path.exists():
                info = {"records": "(reused)", "seconds": 0}
            else:
                train_recs = [r for i, p in enumerate(parts) if i != j for r in p
                              if train_filter is None or train_filter(r)]
                more = list(extra_train) + (list(extra_for_fold(j, train_recs)) if extra_for_fold else [])
                info = train(train_recs + more, path, params, adapt=adapt)
            labeller = Labeller(path)
            t1 = time.time()
            for rec in parts[j]:
                parsed = parse_reference(rec["text"], labeller)
                preds[rec["id"]] = {"id": rec["id"], "fields": parsed.fields, "entry_type": parsed.entry_type,
                                    "segments": parsed.segments}
            log(f"fold {j + 1}/{k}: trained on {info['records']} in {info['seconds']}s, "
                f"parsed {len(parts[j])} in {time.time() - t1:.1f}s (total {time.time() - t0:.1f}s)")
    return preds
