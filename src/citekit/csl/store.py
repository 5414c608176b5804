"""CSL items kept compact: each item as marshal bytes, decoded when the engine asks.

A CSL-JSON item as Python dicts, lists and strings takes about 2 KB; its marshal form
about 350 bytes. A 100,000-entry reference list needs every item for sorting and
disambiguation, but looks at each one only a few times, so the engine keeps the bytes
and decodes on access (a few microseconds). Decoded items are fresh copies: the
engine never writes into an item after :func:`prepare_item`.
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping
from typing import Any, Iterator


class CompactItems(Mapping):
    """``id -> item`` in insertion order, stored as marshal bytes.

    The last few decoded items are kept, since the engine reads one item several
    times in a row (sort keys, then its cite, then its entry)."""

    __slots__ = ("_data", "_recent", "_recent_order")
    _KEEP = 8

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}
        self._recent: dict[str, dict] = {}

    def add(self, item: dict[str, Any]) -> None:
        """Store ``item`` (a CSL-JSON dict with a string ``id``)."""
        iid = item["id"]
        self._data[iid] = marshal.dumps(item)
        self._recent.pop(iid, None)

    def subset(self, ids) -> "CompactItems":
        """The items of ``ids`` (in that order), sharing the stored bytes."""
        out = CompactItems()
        for iid in ids:
            out._data[iid] = self._data[iid]
        return out

    def __getitem__(self, iid: str) -> dict:
        hit = self._recent.get(iid)
        if hit is not None:
            return hit
        item = marshal.loads(self._data[iid])
        recent = self._recent
        if len(recent) >= self._KEEP:
            del recent[next(iter(recent))]
        recent[iid] = item
        return item

    def __contains__(self, iid: object) -> bool:
        return iid in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def values(self):  # type: ignore[override]
        return (marshal.loads(b) for b in self._data.values())
