"""check() streams .bib files; its findings must equal those on a whole load()."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.bibfile import load
from citekit.check import check

CASES = {
    "macro defined after use": """
@article{early, author = {A. B. Smith}, title = {On the NASA {Thing}}, journal = jt, year = 2001}
@string{jt = "Journal of Things"}
""",
    "month macro redefined later": """
@misc{m1, title = {A}, month = jan, year = {2001}, howpublished = {x}}
@string{jan = "Janvier"}
""",
    "crossref parent before and after its child": """
@book{parent1, title = {The Whole Thing}, publisher = {P}, year = 2001, editor = {Doe, J}}
@inbook{child1, crossref = {parent1}, author = {Roe, R}, title = {A Part}, pages = {3--1}}
@incollection{child2, crossref = {Parent2}, author = {Poe, E}, title = {Another Part}}
@collection{parent2, title = {Whole Two}, editor = {Doe, J}, year = {2002}, publisher = {Q}}
@inbook{orphan, crossref = {nobody}, author = {X, Y}, title = {t}}
""",
    "duplicates, bad values and macros": """
@string{pub = "Some " # press}
@string{press = {Press}}
@book{dup, author = {Smith, John and others}, title = {ALL CAPS TITLE HERE NOW}, publisher = pub, year = {1999}, title = {again}}
@book{dup, author = {Smith, J}, title = {x}, publisher = {y}, year = {1999}}
@book{Dup, author = {Smith, J}, title = {x}, publisher = {y}, year = {1999}}
@article{bad, author = {Smith, J}, title = {x} extra, journal = undefinedmacro, year = {19999}, doi = {10.1/x}}
@article{bad2, author = {Smith, J}, title = {x}, journal = "J" # {K}, year = {1999}, doi = {10.1/x}, issn = {1234-5678}}
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_streamed_check_equals_check_on_a_load(tmp_path: Path, name: str) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(CASES[name], encoding="utf-8")
    streamed = check([str(path)])
    loaded = check(bibliography=load([str(path)]))
    assert streamed == loaded
    assert streamed  # every case has findings


def test_streamed_check_across_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text("@article{k1, author = {A, B}, title = {T}, journal = jj, year = 2000}\n", encoding="utf-8")
    b.write_text('@string{jj = "J"}\n@article{K1, author = {A, B}, title = {T}, journal = jj, year = 2000}\n'
                 "@inbook{c, crossref = {k1}, title = {U}}\n", encoding="utf-8")
    paths = [str(a), str(b)]
    assert check(paths) == check(bibliography=load(paths))
