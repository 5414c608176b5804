#!/usr/bin/env python3
"""Does a cross-validation span model know words only its held-out documents use?

    .venv/bin/python scripts/check_fold_vocabulary.py ../shared/docs-dev DIR [--docs 600 --seed 12]

DIR holds ``fold1..K.crfsuite`` (``train_docreader.py --save-folds``). For fold k, the words
of its test documents (document i is in fold i mod K) that neither the other folds' documents
nor the synthetic training documents contain are looked up among the values of the model's
attributes ("w:...", "-1:w:...", "-1w|w:..."). A word found there came from the test
documents themselves: a leak. (The shipped model, trained on every document, knows them all.)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pycrfsuite  # noqa: E402

from citekit.importer.spans import tokenize  # noqa: E402
from docreader_synth import make_documents  # noqa: E402


_WORD_ATTRIBUTE = re.compile(r"^(?:-?\d:w|w|-1w\|w|w\|1w):(.*)$")


def _words(text: str) -> set[str]:
    return {t.text.lower()[:20] for t in tokenize(text) if any(ch.isalpha() for ch in t.text)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("real", type=Path)
    ap.add_argument("folds", type=Path)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    synthetic: set[str] = set()
    for text, _, _ in make_documents(args.docs, seed=args.seed):
        synthetic |= _words(text)
    stems = sorted(p.name[: -len(".gold.json")] for p in args.real.glob("*.gold.json"))
    words = [_words((args.real / f"{s}.txt").read_text(encoding="utf-8")) for s in stems]
    models = sorted(args.folds.glob("fold*.crfsuite"), key=lambda p: int(p.stem[4:]))
    leaks = 0
    for k, model in enumerate(models):
        test = [w for i, w in enumerate(words) if i % len(models) == k]
        train = [w for i, w in enumerate(words) if i % len(models) != k]
        unseen = set().union(*test) - set().union(*train) - synthetic
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        values: set[str] = set()
        for attribute, _ in tagger.info().state_features:
            m = _WORD_ATTRIBUTE.match(attribute)  # word attributes, not shapes or suffixes
            if m:
                values.update(m.group(1).split("|"))
        known = sorted(unseen & values)
        leaks += len(known)
        print(f"fold {k + 1}: {len(unseen)} words only its test documents use; in its model: {len(known)} {known[:20]}")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
