"""richtext.runs_to_markup gives each backend exactly the string of the pybtex tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit import csl
from citekit.backends import BACKENDS, get_backend
from citekit.csl.links import HREF_TAG
from citekit.csl.richtext import runs_to_markup, runs_to_richtext
from citekit.render import load_store
from citekit.styles import resolve_style

SAMPLES = Path(__file__).resolve().parents[1] / "bib" / "samples.bib"

RUNS = [
    [],
    [("plain & <b>", ())],
    [("a", ("i",)), ("b", ("i",)), ("c", ()), ("d", ("i", "b")), ("e", ("i",))],
    [("x", ("sup",)), ("y", ("sup ",)), ("z", ("sup",))],  # two sup tags stay apart
    [("Doe, J. ", ()), ("https://doi.org/10.1/x_y", (HREF_TAG + "https://doi.org/10.1/x_y",)),
     (".", ())],
    [("[1]", ("display-left-margin",)), ("Title", ("display-right-inline", "i")),
     (" $O(n)$ ", ("display-right-inline",))],
    [("", ("i",)), ("t", ("sc", "nostyle"))],
]


@pytest.mark.parametrize("runs", RUNS)
@pytest.mark.parametrize("fmt", sorted(BACKENDS))
def test_runs_render_as_the_tree_does(runs, fmt):
    backend = get_backend(fmt)
    assert runs_to_markup(runs, backend) == runs_to_richtext(runs).render(backend)


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-notes", "mla"])
def test_sample_entries_render_as_the_tree_does(style):
    store, _ = load_store([str(SAMPLES)])
    proc = csl.Processor(csl.load_style(str(resolve_style(style))), store)
    entries = list(proc.iter_bibliography())
    assert entries
    for fmt in sorted(BACKENDS):
        backend = get_backend(fmt)
        for entry in entries:
            assert runs_to_markup(entry.runs, backend) == entry.text.render(backend)
