"""The shipped CRF model: where it lives, its version, and labelling token sequences.

The model file sits next to this module (``model.crfsuite``) with ``data/model.json``
recording its version and the feature version it was trained with; a model trained
with different features is refused rather than used to mislabel quietly.  Rebuild both
with ``python scripts/train_refparse.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from .features import FEATURES_VERSION

MODEL_FILE = "model.crfsuite"
META_FILE = "data/model.json"  # under data/ so it ships as package data with the model


def package_dir() -> Path:
    return Path(str(resources.files(__package__)))


@dataclass(frozen=True)
class ModelInfo:
    version: str
    features_version: str
    labels: tuple[str, ...]
    trained_on: str
    params: dict


def load_meta(directory: Path | None = None) -> ModelInfo:
    path = (directory or package_dir()) / META_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    return ModelInfo(data["version"], data["features_version"], tuple(data["labels"]),
                     data.get("trained_on", ""), data.get("params", {}))


class Labeller:
    """A loaded CRF tagger; label() returns labels, per-token marginals and the sequence probability."""

    def __init__(self, model_path: str | Path) -> None:
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))

    def label(self, features: list[list[str]], marginals: bool = True) -> tuple[list[str], list[float], float]:
        if not features:
            return [], [], 1.0
        tagger = self.tagger
        tagger.set(features)
        labels = tagger.tag()
        if not marginals:
            return labels, [1.0] * len(labels), 1.0
        marginal = tagger.marginal
        probs = [marginal(lab, i) for i, lab in enumerate(labels)]
        return labels, probs, tagger.probability(labels)

    def label_many(self, sequences: Iterable[list[list[str]]]) -> list[tuple[list[str], list[float]]]:
        """Labels and per-token marginals of many sequences with the one open tagger.

        The sequence probability :meth:`label` also returns costs a forward pass of its own
        and nothing in parsing uses it, so it is not computed here.
        """
        tagger = self.tagger
        set_, tag, marginal = tagger.set, tagger.tag, tagger.marginal
        out: list[tuple[list[str], list[float]]] = []
        for features in sequences:
            if not features:
                out.append(([], []))
                continue
            set_(features)
            labels = tag()
            out.append((labels, list(map(marginal, labels, range(len(labels))))))
        return out


@lru_cache(maxsize=1)
def default_labeller() -> Labeller:
    """The shipped model, loaded once per process (refused if its features are stale)."""
    meta = load_meta()
    if meta.features_version != FEATURES_VERSION:
        raise RuntimeError(
            f"refparse model {meta.version} was trained with features {meta.features_version}, "
            f"the code has {FEATURES_VERSION}: run scripts/train_refparse.py")
    return Labeller(package_dir() / MODEL_FILE)
