"""Parse one free-text reference string into a BibTeX entry.

``parse_reference("Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.")``
labels each token with a trained CRF (``model.crfsuite``, built by
``scripts/train_refparse.py`` from AnyStyle's labelled references), groups the labels
into segments, and turns those into BibTeX fields with the rules in ``fields.py``.
Confidences come from the CRF's marginal probabilities, so callers can flag guesses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from citekit.batch import gc_paused
from citekit.progress import track

from .features import sequence_features
from .fields import segments_to_fields, settle_type
from .model import Labeller, default_labeller, load_meta
from .tokens import tokenize

__all__ = ["ParsedReference", "parse_reference", "parse_references", "model_version"]

# Labels that carry no field of their own.
_SKIP = {"citation-number"}


@dataclass
class ParsedReference:
    """One parsed reference: BibTeX type and fields, confidences, and the labelled segments."""

    text: str
    entry_type: str
    fields: dict[str, str]
    confidence: float
    field_confidence: dict[str, float]
    segments: list[tuple[str, str]]
    #: (label, start, end) character offsets of each segment in ``text``
    spans: list[tuple[str, int, int]] = field(default_factory=list)


def split_tag(tag: str) -> tuple[bool, str]:
    """``"B-title"`` -> (True, "title"); ``"I-title"`` -> (False, "title")."""
    return tag.startswith("B-"), tag[2:]


#: split_tag of each of the model's few dozen labels, worked out once (a list has
#: hundreds of thousands of tokens)
_TAG_SPLITS: dict[str, tuple[bool, str]] = {}


def model_version() -> str:
    return load_meta().version


def parse_reference(text: str, labeller: Labeller | None = None) -> ParsedReference:
    """Parse a single reference string (no network; the model ships with citekit)."""
    labeller = labeller or default_labeller()
    tokens = tokenize(text)
    if not tokens:
        return ParsedReference(text, "misc", {}, 0.0, {}, [], [])
    labels, probs, _ = labeller.label(sequence_features(tokens))
    return _assemble(text, tokens, labels, probs)


def _assemble(text: str, tokens: list, labels: list[str], probs: list[float]) -> ParsedReference:
    """Labelled tokens -> segments, fields, entry type and confidences."""
    spans: list[tuple[str, int, int]] = []
    seg_probs: list[list[float]] = []
    splits = _TAG_SPLITS
    current: str | None = None  # the open segment's label, its first character and its end
    start = end = 0
    for (_, tok_start, tok_end), tag, p in zip(tokens, labels, probs):
        parts = splits.get(tag)
        if parts is None:
            parts = splits[tag] = split_tag(tag)
        begins, lab = parts
        if lab == current and not begins:
            end = tok_end
            seg_probs[-1].append(p)
        else:
            if current is not None:
                spans.append((current, start, end))
            current, start, end = lab, tok_start, tok_end
            seg_probs.append([p])
    if current is not None:
        spans.append((current, start, end))
    segments = [(lab, text[s:e]) for lab, s, e in spans]
    usable = [(i, seg) for i, seg in enumerate(segments) if seg[0] not in _SKIP]
    fields, origin = segments_to_fields([seg for _, seg in usable])
    field_conf: dict[str, float] = {}
    for name, idxs in origin.items():
        ps = [p for j in idxs for p in seg_probs[usable[j][0]]]
        field_conf[name] = round(min(ps), 4) if ps else 0.0
    confidence = round(sum(probs) / len(probs), 4)
    kind = settle_type(fields, text)
    for old_name, new_name in (("publisher", "school"), ("publisher", "institution")):
        if new_name in fields and old_name in field_conf:
            field_conf[new_name] = field_conf.pop(old_name)
    return ParsedReference(text, kind, fields, confidence, field_conf, segments, spans)


def parse_references(texts: Iterable[str]) -> list[ParsedReference]:
    """Parse many reference strings with one loaded model."""
    labeller = default_labeller()
    out: list[ParsedReference] = []
    with gc_paused():  # millions of short-lived acyclic lists (citekit.batch)
        for text in track(texts, "parsing references"):
            tokens = tokenize(text)
            if not tokens:
                out.append(ParsedReference(text, "misc", {}, 0.0, {}, [], []))
                continue
            ((labels, probs),) = labeller.label_many((sequence_features(tokens),))
            out.append(_assemble(text, tokens, labels, probs))
    return out
