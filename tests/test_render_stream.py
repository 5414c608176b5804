"""render's streaming path (what the CLI uses) makes the same bytes as the whole-list path.

The streaming path reads entries one at a time, keeps CSL items as marshal bytes and
writes the page as it is made; inputs that need the whole set first (crossref, keyless
or repeated keys, @preamble macros, an @string redefined after use) take the loader.
Either way the page must be the one :func:`citekit.render.render` returns.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from citekit import csl
from citekit.csl.processor import prepare_item
from citekit.csl.store import CompactItems
from citekit.render import load_items, load_store, render

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures" / "check").glob("*.bib")) + [HERE / "data" / "render" / "classes.bib"]


def streamed(source, **kw) -> tuple[str, list]:
    chunks: list[str] = []
    result = render(source, stream=chunks.append, **kw)
    assert result.output == "" and result.entries == []
    return "".join(chunks), result.diagnostics


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_stream_equals_whole_list(path):
    for style, to in (("apa", "html"), ("ieee", "text"), ("chicago-author-date", "md"),
                      ("vancouver", "latex")):
        whole = render(str(path), style=style, to=to)
        page, diagnostics = streamed(str(path), style=style, to=to)
        assert page == whole.output, (path.name, style, to)
        assert diagnostics == whole.diagnostics


ODD_INPUTS = {
    "crossref": "@book{b, title = {Big Book}, year = 2001, publisher = {P}}\n"
                "@incollection{c, crossref = {b}, author = {Doe, Jane}, title = {Part}}\n",
    "keyless": "@misc{, title = {x}, year = 2000}\n@misc{, title = {y}, year = 2000}\n",
    "preamble": "@preamble{\"\\newcommand{\\noop}[1]{}\"}\n"
                "@misc{a, author = {Roe, R.}, title = {\\noop{z}T}, year = 2000}\n",
    "late-string": "@misc{a, author = {Roe, R.}, title = j, year = 2000}\n@string{j = {Later}}\n",
    "plain": "@article{a, author = {Doe, J. and Roe, R.}, title = {A}, journal = {J}, year = 2000}\n"
             "@article{b, author = {Doe, J. and Roe, R.}, title = {B}, journal = {J}, year = 2000}\n"
             "@article{c, author = {Doe, John}, title = {C}, journal = {J}, year = 2000}\n",
    "bad": "@misc{a, title = {x}, year = 2000\n@misc{b, title = {y}, year = {20}00}}\n",
}


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_stream_equals_whole_list_on_odd_inputs(tmp_path, name):
    path = tmp_path / f"{name}.bib"
    path.write_text(ODD_INPUTS[name], encoding="utf-8")
    for style in ("apa", "ieee"):
        whole = render(str(path), style=style, to="html")
        page, diagnostics = streamed(str(path), style=style, to="html")
        assert page == whole.output
        assert diagnostics == whole.diagnostics


def test_duplicate_key_across_files(tmp_path):
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text("@misc{k, title = {First}, year = 2000}\n", encoding="utf-8")
    b.write_text("@misc{k, title = {Second}, year = 2001}\n", encoding="utf-8")
    whole = render([str(a), str(b)], to="text")
    page, diagnostics = streamed([str(a), str(b)], to="text")
    assert page == whole.output and "Second" in page
    assert diagnostics == whole.diagnostics


def test_keys_select_the_same_entries(tmp_path):
    path = tmp_path / "p.bib"
    path.write_text(ODD_INPUTS["plain"], encoding="utf-8")
    whole = render(str(path), style="apa", to="text", keys=["C", "a"])
    page, _ = streamed(str(path), style="apa", to="text", keys=["C", "a"])
    assert page == whole.output
    assert "Doe, J., & Roe, R." in page and "Doe, J. (2000). C" in page


def test_store_items_match_load_items():
    path = str(HERE / "fixtures" / "check" / "names.bib")
    store, _ = load_store(path)
    items, _, _ = load_items(path)
    assert list(store) == [i["id"] for i in items]
    assert [store[i["id"]] for i in items] == [prepare_item(i, n) for n, i in enumerate(items)]


def test_cli_writes_the_streamed_page(tmp_path):
    path = HERE / "data" / "render" / "classes.bib"
    out = tmp_path / "out.html"
    cmd = [sys.executable, "-m", "citekit", "render", str(path), "--to", "html", "-q"]
    subprocess.run([*cmd, "-o", str(out)], check=False)
    stdout = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    expected = render(str(path), to="html").output
    assert out.read_text(encoding="utf-8") == expected
    assert stdout == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=6), json_values, max_size=5), max_size=12))
def test_store_round_trip(dicts):
    store = CompactItems()
    items = [{**d, "id": f"i{n}"} for n, d in enumerate(dicts)]
    for item in items:
        store.add(item)
    assert list(store) == [i["id"] for i in items]
    assert [store[i["id"]] for i in items] == items
    assert json.dumps(list(store.values())) == json.dumps(items)
    sub = store.subset([i["id"] for i in reversed(items)])
    assert list(sub) == [i["id"] for i in reversed(items)]


def test_processor_on_store_equals_processor_on_list():
    items, _, _ = load_items(str(HERE / "data" / "render" / "classes.bib"))
    store = CompactItems()
    for n, item in enumerate(items):
        store.add(prepare_item(item, n))
    from citekit.styles import resolve_style

    style = csl.load_style(str(resolve_style("apa")))
    a = [(e.id, str(e.text)) for e in csl.Processor(style, items).bibliography()]
    b = [(e.id, str(e.text)) for e in csl.Processor(style, store).bibliography()]
    assert a == b


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_only_what_needs_the_whole_set_takes_the_loader(tmp_path, monkeypatch, name):
    import citekit.render as mod

    path = tmp_path / f"{name}.bib"
    path.write_text(ODD_INPUTS[name], encoding="utf-8")
    used = []
    real = mod.load_items
    monkeypatch.setattr(mod, "load_items", lambda *a, **k: used.append(1) or real(*a, **k))
    load_store(str(path))
    assert bool(used) == (name in ("crossref", "keyless", "preamble", "late-string"))
