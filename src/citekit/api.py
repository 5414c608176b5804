"""The library API: one function per CLI command, usable from Python and tests.

Imports are lazy so ``import citekit.api`` stays cheap and a command only loads
what it needs.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "load": "citekit.bibfile.load:load",
    "fmt": "citekit.fmt:fmt",
    "check": "citekit.check:check",
    "import_sources": "citekit.importer:import_sources",
    "parse_reference": "citekit.refparse:parse_reference",
    "render": "citekit.render:render",
    "cite": "citekit.cite:cite",
    "insert": "citekit.insert:insert",
    "add": "citekit.add:add",
    "convert": "citekit.interchange.convert:convert",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        target = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'citekit.api' has no attribute {name!r}") from None
    module_name, attr = target.split(":")
    return getattr(importlib.import_module(module_name), attr)
