"""The quick profile of the fuzz suite: generated .bib text with the hard parts through
fmt, check and render (properties in tests/bibfuzz.py; the long run is scripts/fuzz.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibfuzz import check_case, generate

bib_files = st.randoms(use_true_random=False).map(generate)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bib_files, st.booleans())
def test_generated_bib_files_keep_the_promises(data, render_it):
    with tempfile.TemporaryDirectory() as work:
        check_case(data, Path(work), render_it=render_it)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('@{}"#,=\\ \n\r\u00a0ax1%(')), max_size=60))
def test_any_text_of_bibtex_characters(text):
    with tempfile.TemporaryDirectory() as work:
        check_case(text.encode("utf-8"), Path(work), render_it=False)
