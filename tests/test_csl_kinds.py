"""The engine's per-kind shortcuts print exactly what the plain walk prints.

An item's kind (type, variables present, uncertain dates: ``elements.plan_key``) decides
<choose> branches once per kind, lets a children list skip decided <choose>s
(``elements.Children``) and lets disambiguation take the name variables a cite prints
from another item of the kind (``Processor._shown_name_vars``). With ``item_kind``
returning False every one of them is off, so the two renderings must agree, cites and
bibliography, on items made to collide (shared surnames and years, names missing so
substitutes run, circa dates, locators).
"""

from __future__ import annotations

import random

import pytest

from citekit.csl import Processor, load_style
from citekit.csl import processor as processor_module

FAMILIES = ["Smith", "Smith", "Jones", "García", "van der Berg", "Kim"]
GIVENS = ["Anna", "A. B.", "Ben", "John Paul", "Jean-Luc"]
TYPES = ["article-journal", "book", "chapter", "paper-conference", "report", "webpage",
         "thesis", None]


def _items(n: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    items = []
    for i in range(n):
        item: dict = {"id": f"i{i}", "title": rnd.choice(["A study", "Notes on it", "Data"])}
        kind = rnd.choice(TYPES)
        if kind:
            item["type"] = kind
        if rnd.random() < 0.85:
            item["author"] = [{"family": rnd.choice(FAMILIES), "given": rnd.choice(GIVENS)}
                              for _ in range(rnd.choice([1, 1, 2, 3, 4, 7]))]
        if rnd.random() < 0.3:
            item["editor"] = [{"family": rnd.choice(FAMILIES), "given": rnd.choice(GIVENS)}]
        if rnd.random() < 0.1:
            item["author"] = [{"literal": "World Health Organization"}]
        if rnd.random() < 0.9:
            date: dict = {"date-parts": [[rnd.choice([1999, 2000, 2001])]]}
            if rnd.random() < 0.2:
                date["circa"] = True
            item["issued"] = date
        if rnd.random() < 0.5:
            item["container-title"] = rnd.choice(["Journal", "Handbook"])
            item["volume"] = rnd.choice(["3", "12", "iv"])
            item["page"] = rnd.choice(["1-10", "22", "x-xii"])
        if rnd.random() < 0.3:
            item["edition"] = rnd.choice(["2", "2nd", "revised"])
        items.append(item)
    return items


def _render(style_name: str, items: list[dict]):
    proc = Processor(load_style(style_name), items)
    cites = proc.process_citations(
        [{"items": [{"id": it["id"], **({"locator": "12"} if n % 3 == 0 else {})}],
          "note_index": n + 1} for n, it in enumerate(items)]
        + [{"items": [{"id": it["id"]}], "note_index": len(items) + n + 1}
           for n, it in enumerate(items[:10])])
    bib = proc.bibliography() if proc.style.bibliography is not None else []
    return [str(c) for c in cites], [(e.id, str(e.text)) for e in bib]


@pytest.mark.parametrize("style_name", ["apa", "chicago-author-date", "modern-language-association",
                                        "ieee", "chicago-notes-bibliography"])
@pytest.mark.parametrize("seed", [1, 2])
def test_kind_shortcuts_print_what_the_plain_walk_prints(style_name, seed, monkeypatch):
    items = _items(60, seed)
    fast = _render(style_name, items)
    monkeypatch.setattr(processor_module.Processor, "item_kind", lambda self, item: False)
    plain = _render(style_name, items)
    assert fast == plain


@pytest.mark.parametrize("style_name", ["apa", "chicago-author-date", "modern-language-association",
                                        "ieee", "chicago-notes-bibliography"])
def test_compiled_layouts_print_what_the_interpreter_prints(style_name, monkeypatch):
    """csl.compiler: the layouts compiled per kind against the interpreter's walk, on
    items with odd values too (an empty list or mapping where text is expected)."""
    from citekit.csl import compiler

    items = _items(60, 3)
    items[1]["volume"] = []
    items[2]["publisher"] = {}
    compiled = _render(style_name, items)
    monkeypatch.setattr(compiler, "ENABLED", False)
    assert _render(style_name, items) == compiled
