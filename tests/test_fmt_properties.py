"""Property tests on generated BibTeX: lossless with no passes, idempotent, nothing lost."""

import string

from hypothesis import HealthCheck, given, settings, strategies as st

from citekit.bibfile import loads
from citekit.fmt import PASSES, fmt_text
from citekit.fmt.passes import NAME_FIELDS

WORD = st.text(alphabet=string.ascii_letters + "éüøßÆ", min_size=1, max_size=8)
LATEX = st.sampled_from(['{\\"u}', "\\'{e}", "{\\ss}", "\\c{c}", "{DNA}", "\\emph{x}", "$x^2$", "{\\o}"])
SPACE = st.sampled_from([" ", "  ", "\n  ", "\t", " \n\n  "])


@st.composite
def text_value(draw):
    parts = draw(st.lists(st.one_of(WORD, LATEX, st.sampled_from(["12", "-", ",", ".", ":"])), min_size=1, max_size=6))
    out = ""
    for part in parts:
        out += part + draw(SPACE)
    return out.strip() if draw(st.booleans()) else draw(SPACE) + out


@st.composite
def person(draw):
    first = draw(st.sampled_from(["Jane", "J.", "Jean-Paul", "{\\'E}mile", "Ludwig", ""]))
    von = draw(st.sampled_from(["", "van", "de la", "von"]))
    last = draw(st.sampled_from(["Doe", "M{\\\"u}ller", "Smith", "Khrushchëv", "{World Health Organization}"]))
    jr = draw(st.sampled_from(["", "", "Jr."]))
    if last.startswith("{World"):
        return last
    if draw(st.booleans()):
        return ", ".join(p for p in [f"{von} {last}".strip(), jr, first] if p)
    return " ".join(p for p in [first, von, last] if p) + (f", {jr}" if jr and not first else "")


@st.composite
def field_value(draw, name):
    if name in ("author", "editor"):
        people = draw(st.lists(person(), min_size=1, max_size=4))
        if draw(st.booleans()):
            people.append("others")
        text = draw(st.sampled_from([" and ", "\n   and "])).join(people)
    elif name == "pages":
        text = draw(st.sampled_from(["12-19", "12 -- 19", "e101\u2013e110", "iv--x", "7", "12-19, 25-30"]))
    elif name == "month":
        choice = draw(st.sampled_from(["jan", "Feb", "{March}", '"apr."', "{12}", "{Spring}", "sep # {~1}"]))
        return choice
    elif name == "doi":
        text = draw(st.sampled_from(["10.1000/xyz", "doi:10.1000/ABC", "https://doi.org/10.1/2", " http://dx.doi.org/10.5/x "]))
    elif name == "url":
        text = draw(st.sampled_from(["http://example.com/a b", "  https://x.org/~y  ", "ftp://f.org",
                                       "https://doi.org/10.1/2", "http://dx.doi.org/10.5/x",
                                       "https://example.org/doi.org/10.9/z"]))
    elif name == "year":
        year = draw(st.integers(1500, 2030))
        return draw(st.sampled_from([str(year), "{%d}" % year, '"%d"' % year]))
    else:
        text = draw(text_value())
    style = draw(st.sampled_from(["brace", "brace", "quote", "concat"]))
    if style == "quote" and '"' not in text:
        return '"' + text + '"'
    if style == "concat":
        return "pub # {" + text + "}"
    return "{" + text + "}"


FIELD_NAMES = ["author", "editor", "title", "Title", "journal", "pages", "month", "doi", "url", "year", "note", "publisher", "X-Custom"]


@st.composite
def entry_text(draw, key):
    names = draw(st.lists(st.sampled_from(FIELD_NAMES), min_size=1, max_size=8, unique_by=str.lower))
    fields = [(n, draw(field_value(n.lower()))) for n in names]
    entry_type = draw(st.sampled_from(["article", "Book", "INPROCEEDINGS", "misc"]))
    sep = draw(st.sampled_from([",\n  ", ", ", ",\n\t"]))
    body = sep.join(f"{n}{draw(st.sampled_from([' = ', '=', '   =  ']))}{v}" for n, v in fields)
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return f"@{entry_type}{{{key}{sep}{body}{trailing}\n}}"


@st.composite
def bib_text(draw):
    count = draw(st.integers(1, 4))
    keys = draw(st.lists(st.sampled_from(["a1", "b2", "Smith2000", "x:y", ""]), min_size=count, max_size=count, unique=True))
    blocks = ['@string{pub = "Publisher"}'] if draw(st.booleans()) else []
    for key in keys:
        if draw(st.booleans()):
            blocks.append(draw(st.sampled_from(["% a comment", "@comment{jabref-meta: x;}", "free text"])))
        blocks.append(draw(entry_text(key)))
    gaps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", " \n"]), min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + g for b, g in zip(blocks, gaps))
    if "pub #" in text and not text.startswith("@string"):
        text = '@string{pub = "Publisher"}\n' + text
    return text


RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Passes that change what a value says (not only its spelling) on purpose.
SEMANTIC = {"names", "pages", "months", "url-doi", "doi", "urls"}


def _words(bib):
    return [
        {k: " ".join(v.split()) for k, v in bib.fields(e).items()}
        for _, e in bib.iter_entries()
    ]


@RELAXED
@given(bib_text())
def test_no_passes_is_byte_identical(text):
    assert fmt_text(text, no_passes=True) == text


@RELAXED
@given(bib_text())
def test_default_passes_idempotent_and_lose_nothing(text):
    once = fmt_text(text)
    assert fmt_text(once) == once
    before, after = loads(text), loads(once)
    assert len(before) == len(after)
    old, new = _words(before), _words(after)
    for a, b in zip(old, new):
        moved = "url" in a and "url" not in b  # the url-doi pass: a DOI link became the doi
        if moved:
            link = a["url"].strip()
            assert link.split("://", 1)[-1].startswith(("doi.org/10.", "dx.doi.org/10.")), link
            assert link.lower().endswith(b["doi"].lower())
            a = {k: v for k, v in a.items() if k != "url"}
            a.setdefault("doi", b["doi"])
        assert set(a) == set(b)
        for name in a:
            if name in NAME_FIELDS or name in ("pages", "month", "doi", "url"):
                assert b[name], name  # changed on purpose, never emptied
            else:
                assert a[name] == b[name], name


@RELAXED
@given(bib_text(), st.sampled_from([p.name for p in PASSES]))
def test_each_pass_alone_is_idempotent_and_keeps_fields(text, name):
    once = fmt_text(text, no_passes=True, enable=[name])
    assert fmt_text(once, no_passes=True, enable=[name]) == once
    before, after = loads(text), loads(once)
    field_sets = lambda bib: sorted(sorted(d) for d in _words(bib))  # noqa: E731 (sort reorders)
    assert field_sets(before) == field_sets(after)


@RELAXED
@given(bib_text())
def test_latex_unicode_round_trip_keeps_fields(text):
    to_unicode = fmt_text(text, enable=["latex-to-unicode"])
    assert fmt_text(to_unicode, enable=["latex-to-unicode"]) == to_unicode
    to_latex = fmt_text(to_unicode, enable=["unicode-to-latex"])
    assert fmt_text(to_latex, enable=["unicode-to-latex"]) == to_latex
    assert not any(c in to_latex for c in "éüøßÆ")  # every generated accent became LaTeX
    assert len(loads(to_latex)) == len(loads(text))


@RELAXED
@given(bib_text())
def test_generated_input_is_valid_bibtex(text):
    # guards the properties above against testing only parse failures
    bib = loads(text)
    assert bib.diagnostics == [] and len(bib) >= 1


NAME_WORD = st.sampled_from(["John", "J.", "Smith", "van", "de", "Jean-Paul", "O'Brien", "Émile", "Zola", "Jr.", "DNA", "x", "III"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(NAME_WORD, min_size=1, max_size=4), min_size=1, max_size=3), st.integers(0, 2))
def test_fast_name_path_agrees_with_pybtex(words, commas):
    from pybtex.database import Person

    from citekit.fmt.passes import _fast_name

    parts = [" ".join(w) for w in words][: commas + 1]
    name = ", ".join(parts)
    fast = _fast_name(name)
    if fast is not None:
        assert fast == str(Person(name))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "@article{k1,", "@Book(k2,", "@string{s = {x}}", "@comment{c}", " title = {A {B} C},",
    " year = 2000", "}", ")", "\n", "\n@misc{m,", " = ", ",", "\"", "{", "}", "@", "\\",
    " note = a # {b} # \"c\"", "% comment\n", "  @inproceedings{p, a={1}}\n",
]), max_size=30))
def test_broken_input_all_off_identical_default_idempotent_both_paths(pieces):
    """On malformed input too: nothing lost with passes off, fmt(fmt(x)) == fmt(x),
    and the streaming path (fmt) writes what load + format_bibliography writes."""
    from citekit.errors import UnreadableInputError
    from citekit.fmt import fmt

    text = "".join(pieces)
    assert fmt_text(text, no_passes=True) == text
    once = fmt_text(text)
    assert fmt_text(once) == once
    try:
        streamed = fmt(["-"], stdin=text.encode(), use_config=False)
    except UnreadableInputError:
        return
    assert streamed.files[0].formatted == once
    assert fmt(["-"], stdin=text.encode(), use_config=False, no_passes=True).files[0].formatted == text
