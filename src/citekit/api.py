"""The library API: one function per CLI command, usable from Python and tests.

    from citekit import api
    findings = api.check("refs.bib")              # a path, a str, or a list of them
    page = api.render(["refs.bib"], style="ieee", to="html").output
    bib = api.load("refs.bib"); bib["taubman2003"]; [e.key for e in bib]

Imports are lazy so ``import citekit.api`` stays cheap (a command only loads what it
needs): each name is imported from its module on first use. Type checkers and IDEs see
the real functions and their signatures through the ``TYPE_CHECKING`` imports below,
and ``dir(citekit.api)`` lists them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what each name is, for mypy and IDEs; imported lazily at run time
    from citekit.add import AddResult as AddResult
    from citekit.add import add as add
    from citekit.bibfile.load import load as load
    from citekit.bibfile.model import Bibliography as Bibliography
    from citekit.check import check as check
    from citekit.cite import CiteResult as CiteResult
    from citekit.cite import cite as cite
    from citekit.diagnostics import Diagnostic as Diagnostic
    from citekit.fmt import FmtReport as FmtReport
    from citekit.fmt import fmt as fmt
    from citekit.importer import ImportResult as ImportResult
    from citekit.importer import import_sources as import_sources
    from citekit.insert import InsertResult as InsertResult
    from citekit.insert import insert as insert
    from citekit.interchange.convert import ConvertResult as ConvertResult
    from citekit.interchange.convert import convert as convert
    from citekit.refparse import ParsedReference as ParsedReference
    from citekit.refparse import parse_reference as parse_reference
    from citekit.render import RenderResult as RenderResult
    from citekit.render import render as render

#: public name -> "module:attribute" it is loaded from
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
    "make_bibliography": "citekit.bibliography:make_bibliography",
    "convert": "citekit.interchange.convert:convert",
    # what they return
    "Bibliography": "citekit.bibfile.model:Bibliography",
    "Diagnostic": "citekit.diagnostics:Diagnostic",
    "FmtReport": "citekit.fmt:FmtReport",
    "ImportResult": "citekit.importer:ImportResult",
    "ParsedReference": "citekit.refparse:ParsedReference",
    "RenderResult": "citekit.render:RenderResult",
    "CiteResult": "citekit.cite:CiteResult",
    "InsertResult": "citekit.insert:InsertResult",
    "AddResult": "citekit.add:AddResult",
    "ConvertResult": "citekit.interchange.convert:ConvertResult",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        target = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'citekit.api' has no attribute {name!r}") from None
    module_name, attr = target.split(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
