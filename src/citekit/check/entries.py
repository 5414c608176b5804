"""Data-model checks of one entry: its type, required fields, empty and unknown fields."""

from __future__ import annotations

from typing import Iterator

from citekit.check import datamodel
from citekit.check.fields import Hit
from citekit.check.records import Record
from citekit.provenance import GUESSED_FIELD


def check_model(rec: Record, dialect: str) -> Iterator[Hit]:
    """Unknown type (once, nothing else model-related), missing required, empty, unknown fields."""
    model = _models.get((rec.entry_type, dialect))
    if model is None:
        model = _model(rec.entry_type, dialect)
    known, requirements = model
    if known is None:
        yield Hit("M001", None, f"unknown entry type @{rec.entry_type}",
                  "use a standard type such as @misc, @article, @book")
    else:
        present = rec.present
        for requirement in requirements:
            for name in requirement:
                if present(name):
                    break
            else:
                wanted = " or ".join(requirement)
                yield Hit("M002", None, f"missing required field {wanted} for @{rec.entry_type}",
                          f"add {requirement[0]} = {{...}}")
    if not all(map(str.strip, rec.fields.values())):  # most entries: no empty field
        for name, value in rec.fields.items():
            if not value.strip() and name not in ("options", "keywords"):
                yield Hit("M003", name, f"field {name} is empty", f"fill in {name} or remove it")
    if known is not None and not rec.fields.keys() <= known:  # most entries: all fields known
        for name in rec.fields:
            if name not in known:
                yield Hit("M004", name, f"field {name} is not in the data model for @{rec.entry_type}",
                          "check the spelling; styles ignore unknown fields")
    for name in _guessed_fields(rec):
        yield Hit("G801", name if name in rec.fields else GUESSED_FIELD,
                  f"field {name} was guessed by citekit import (low confidence)",
                  f"check {name} against the source, then drop it from {GUESSED_FIELD}")


#: (entry type, dialect) -> (known fields or None for an unknown type, requirements):
#: a file has few distinct types, each looked up once
_models: dict[tuple[str, str], tuple[frozenset[str] | None, tuple]] = {}


def _model(entry_type: str, dialect: str) -> tuple[frozenset[str] | None, tuple]:
    if len(_models) > 10_000:
        _models.clear()  # odd files with endless distinct types: the cache stays small
    if datamodel.lookup(entry_type) is None:
        model = _models[(entry_type, dialect)] = (None, ())
    else:
        model = _models[(entry_type, dialect)] = (
            datamodel.known_fields(entry_type), datamodel.requirements(entry_type, dialect))
    return model


def _guessed_fields(rec: Record) -> list[str]:
    """The fields import listed as guesses, in the order it wrote them."""
    listed = rec.fields.get(GUESSED_FIELD)
    if not listed:
        return []
    return [name.strip().lower() for name in listed.split(",") if name.strip()]
