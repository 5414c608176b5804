"""Loading a .bib for cite/insert: only the cited entries are converted."""

from __future__ import annotations

from citekit.citations.core import closest_keys, load_library

BIB = """@book{parent, title={The Whole Book}, publisher={Pub}, year={2001}, editor={Ed, Ann}}
@incollection{child, author={Roe, Jane}, title={A Chapter}, crossref={parent}}
@book{other, author={Doe, John}, title={Other}, year={1999}}
"""


def test_only_cited_entries_converted_but_all_keys_known(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    library = load_library(str(path), keys=["child", "missing"])
    assert list(library.items) == ["child"]
    assert "other" in library and "missing" not in library
    child = library.items["child"]
    assert child["publisher"] == "Pub"  # inherited through crossref
    assert child["issued"]["date-parts"][0][0] == 2001
    full = load_library(str(path))
    assert set(full.items) == {"parent", "child", "other"}
    assert full.items["child"] == child  # the subset converts exactly as the whole


def test_closest_keys():
    keys = ["taubman2003", "ulam1974", "mackenzie1994", "michum"]
    assert closest_keys("taubmann2003", keys)[0] == "taubman2003"
    assert closest_keys("ulam", keys) == ["ulam1974"]
    assert closest_keys("zzzz", keys) == []
