"""CSL-JSON and RIS: read everywhere a .bib is, and ``citekit convert`` between them.

Round trips run on real exports: pandoc's own CSL-JSON of real .bib files (``pandoc -f
biblatex -t csljson``), citekit's CSL-JSON and RIS of the same files, and hypothesis'
generated items and entries. "Equal" ignores only what the formats cannot tell apart:
CSL's nocase spans (BibTeX braces say the same), runs of white space (BibTeX collapses
them), a DOI's ``https://doi.org/`` prefix, and a short title the bridge derives.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.api import convert
from citekit.bibfile import load, loads
from citekit.cli import main
from citekit.errors import ExitCode, UnreadableInputError
from citekit.interchange import CSLJSON, RIS, BIBTEX, read_csljson, records_to_bibtex, sniff
from citekit.interchange.csljson import entries_to_items

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = [SHARED / "oracle" / "inputs" / "coldwar.bib", SHARED / "oracle" / "inputs" / "biblatex-examples.bib",
        SHARED / "corpora" / "real" / "jabref" / "Chocolate.bib",
        SHARED / "corpora" / "real" / "jabref" / "complex.bib"]
REAL = [p for p in REAL if p.exists()]
needs_shared = pytest.mark.skipif(not REAL, reason="needs ../shared")


def pandoc() -> str:
    pypandoc = pytest.importorskip("pypandoc")
    return pypandoc.get_pandoc_path()


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def norm(value):
    """What CSL-JSON and BibTeX cannot tell apart (see the module docstring)."""
    if isinstance(value, str):
        value = re.sub(r"</?span[^>]*>", "", value)
        value = re.sub(r"^(https?://(dx\.)?doi\.org/)", "", value)
        return " ".join(value.replace("'", "’").split())
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value


def same_item(a: dict, b: dict) -> dict:
    """The variables in which two items differ (beyond :func:`norm`)."""
    a = {k: v for k, v in a.items() if v not in ("", [], None)}  # pandoc writes "abstract": ""
    a["type"] = a.get("type") or "document"
    b = dict(b, type=b.get("type") or "document")
    if "title-short" not in a:
        b.pop("title-short", None)  # the bridge makes one from 'Title: subtitle'
    if "DOI" not in a and "URL" in a and "URL" not in b and norm(a["URL"]) == norm(b.get("DOI")):
        a["DOI"] = a.pop("URL")  # the only DOI, as a link: fmt's url-doi pass makes it the doi
    return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if norm(a.get(k)) != norm(b.get(k))}


def items_of(bib_text: str) -> list[dict]:
    bib = loads(bib_text)
    return entries_to_items([(e.key, e.entry_type, bib.fields(e)) for _, e in bib.iter_entries()]).items


def bibtex_of(items: list[dict]) -> str:
    return records_to_bibtex([(item, 1) for item in items])


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("head,name,fmt", [
    ('[{"id": "a", "type": "book"}]', "x.json", CSLJSON),
    ('  [\n {"id": "a"}]', "refs.bib", CSLJSON),  # content wins over a wrong suffix
    ("TY  - JOUR\nAU  - Doe, J.\nER  - \n", "export.txt", RIS),
    ("@article{a, title={T}}", "items.json", BIBTEX),
    ("% comment\n@book{b,}", "refs.bib", BIBTEX),
    ("{broken json", "x.json", CSLJSON),  # suffix decides when content is not clear
    ("[1] Smith, J. (2001). A title.\n[2] Doe, J.", "refs.txt", BIBTEX),  # not JSON
    ("[1] Smith, J. (2001). A title.", "<stdin>", BIBTEX),
])
def test_format_is_told_by_content_then_suffix(head, name, fmt):
    assert sniff(head, name) == fmt


# ---------------------------------------------------------------- pandoc's exports


@needs_shared
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_pandoc_csljson_goes_to_bibtex_and_back_unchanged(path, tmp_path):
    """pandoc's CSL-JSON of a real file -> convert -> BibTeX -> convert -> CSL-JSON."""
    exported = tmp_path / "items.json"
    out = subprocess.run([pandoc(), "-f", "biblatex", "-t", "csljson", str(path)],
                         capture_output=True, text=True, check=True).stdout
    exported.write_text(out, encoding="utf-8")
    items = json.loads(out)
    bib = tmp_path / "items.bib"
    result = run(["convert", str(exported), "-o", str(bib)])
    assert result.exit_code == 0, result.output
    back = json.loads(run(["convert", str(bib), "--to", "csljson"]).stdout)
    assert [i["id"] for i in back] == [i["id"] for i in items]
    differ = {i["id"]: same_item(i, j) for i, j in zip(items, back) if same_item(i, j)}
    assert differ == {}


@needs_shared
def test_pandoc_reads_citekits_csljson_as_citekit_renders_it(tmp_path):
    """citekit's CSL-JSON is real CSL-JSON: pandoc reads it back to the same items."""
    path = REAL[0]
    ours = json.loads(run(["convert", str(path), "--to", "csljson"]).stdout)
    mine = tmp_path / "ours.json"
    mine.write_text(json.dumps(ours), encoding="utf-8")
    again = json.loads(subprocess.run([pandoc(), "-f", "csljson", "-t", "csljson", str(mine)],
                                      capture_output=True, text=True, check=True).stdout)
    by_id = {i["id"]: i for i in again}
    assert {i["id"]: same_item(i, by_id[i["id"]]) for i in ours if same_item(i, by_id[i["id"]])} == {}


# ---------------------------------------------------------------- citekit's own writer


@needs_shared
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_bibtex_csljson_bibtex_is_a_fixed_point(path):
    """BibTeX -> CSL-JSON -> BibTeX -> CSL-JSON gives the items of the first step."""
    bib = load(str(path))
    first = entries_to_items([(e.key, e.entry_type, bib.fields(e)) for _, e in bib.iter_entries()]).items
    second = items_of(bibtex_of(first))
    assert len(second) == len(first)
    assert {a["id"]: same_item(a, b) for a, b in zip(first, second) if same_item(a, b)} == {}


@needs_shared
@pytest.mark.parametrize("path", REAL[:3], ids=lambda p: p.name)
def test_ris_round_trip_keeps_what_ris_can_say(path, tmp_path):
    """BibTeX -> RIS -> BibTeX: everything RIS has a tag for comes back; the rest is
    reported (I901), one line per value, on stderr."""
    ris = tmp_path / "items.ris"
    result = run(["convert", str(path), "-o", str(ris)])
    assert result.exit_code == 0
    reported = [line for line in result.stderr.splitlines() if " I901 " in line]
    counted = [line for line in reported if "more entries too" in line]  # a loss shown 3 times
    first = json.loads(run(["convert", str(path), "--to", "csljson"]).stdout)
    back = json.loads(run(["convert", str(ris), "--to", "csljson"]).stdout)
    assert [i["id"] for i in back] == [i["id"] for i in first]
    carried = {"title", "container-title", "author", "editor", "volume", "issue", "page",
               "publisher", "publisher-place", "DOI", "URL", "edition", "ISBN", "ISSN"}
    for a, b in zip(first, back):
        for variable in carried & set(a):
            if variable == "issued" or a.get("type") in {"article-journal"} and variable == "ISBN":
                continue
            lost = any(f"[{a['id']}] {variable}:" in line for line in reported) or any(
                line.split(" I901 warning ")[1].startswith(f"{variable}:") for line in counted)
            assert lost or ris_norm(a[variable]) == ris_norm(b.get(variable)), (a["id"], variable)
        if a.get("issued", {}).get("date-parts"):
            assert b["issued"]["date-parts"][0] == a["issued"]["date-parts"][0]
    for line in reported:
        assert re.match(r"^.+\.bib:\d+:\d+: I901 warning \[[^\]]+\] .+; not carried into RIS$", line) or (
            re.match(r"^.+\.bib: I901 warning .+: in \d+ more entries too; not carried into RIS$", line)), line


def ris_norm(value):
    """RIS writes "van Gennep, Arnold": it cannot say whether a particle drops."""
    value = norm(value)
    if isinstance(value, list):
        return [{("non-dropping-particle" if k == "dropping-particle" else k): v for k, v in n.items()}
                if isinstance(n, dict) else n for n in value]
    return value


def test_ris_names_what_it_cannot_carry(tmp_path):
    bib = tmp_path / "a.bib"
    bib.write_text("@inproceedings{k,\n  author = {Doe, Jane},\n  title = {T},\n"
                   "  booktitle = {Proc},\n  eventtitle = {Conf 2020},\n  venue = {Oslo},\n"
                   "  date = {2020-05-01/2020-05-03},\n  frobnicate = {x}\n}\n", encoding="utf-8")
    result = run(["convert", str(bib), "--to", "ris"])
    assert result.exit_code == 0
    err = result.stderr
    assert "a.bib:1:1: I901 warning [k] field 'frobnicate': no CSL-JSON variable" in err
    assert "[k] event-title: no RIS tag; not carried into RIS" in err
    assert "[k] event-place: no RIS tag" in err
    assert "[k] issued: a date range: RIS keeps only its start" in err
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- properties

_WORD = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüß0123456789&%$#_~^{}\\/.,;:()?!")),
                min_size=1, max_size=9)
_TEXT = st.lists(_WORD, min_size=1, max_size=7).map(" ".join)
_FAMILY = st.from_regex(r"[A-Z][a-zé]{1,8}( [A-Z][a-z]{2,7})?", fullmatch=True)
_GIVEN = st.from_regex(r"[A-Z][a-z]{1,7}( [A-Z]\.)?", fullmatch=True)


@st.composite
def csl_name(draw):
    kind = draw(st.sampled_from(["plain", "plain", "particle", "suffix", "literal"]))
    if kind == "literal":
        return {"literal": draw(_TEXT)}
    name = {"family": draw(_FAMILY), "given": draw(_GIVEN)}
    if kind == "particle":
        name["non-dropping-particle"] = draw(st.sampled_from(["van", "de", "von der"]))
    if kind == "suffix":
        name["suffix"] = draw(st.sampled_from(["Jr.", "III"]))
    return name


@st.composite
def csl_date(draw):
    year = draw(st.integers(1000, 2030))
    parts = [year]
    if draw(st.booleans()):
        parts.append(draw(st.integers(1, 12)))
        if draw(st.booleans()):
            parts.append(draw(st.integers(1, 28)))
    date = {"date-parts": [parts]}
    if draw(st.integers(0, 4)) == 0:
        date["date-parts"].append([year + draw(st.integers(1, 5))])
    return date


@st.composite
def csl_item(draw, n):
    from citekit.interchange.csljson import NEAREST, TYPES

    item = {"id": f"item{n}", "type": draw(st.sampled_from(sorted(TYPES) + sorted(NEAREST)))}
    item["title"] = draw(_TEXT)
    if draw(st.booleans()):
        item["author"] = draw(st.lists(csl_name(), min_size=1, max_size=3))
    if draw(st.booleans()):
        item["editor"] = draw(st.lists(csl_name(), min_size=1, max_size=2))
    if draw(st.booleans()):
        item["issued"] = draw(csl_date())
    if draw(st.booleans()):
        item["accessed"] = draw(csl_date())
    for variable in ("container-title", "publisher", "publisher-place", "note", "abstract",
                     "archive", "medium", "genre", "collection-title"):
        if draw(st.integers(0, 3)) == 0:
            item[variable] = draw(_TEXT)
    for variable in ("volume", "issue", "edition"):
        if draw(st.integers(0, 2)) == 0:
            item[variable] = str(draw(st.integers(1, 300)))
    if draw(st.booleans()):
        first = draw(st.integers(1, 500))
        item["page"] = f"{first}-{first + draw(st.integers(1, 40))}"
    if draw(st.booleans()):
        item["DOI"] = f"10.{draw(st.integers(1000, 99999))}/{draw(st.from_regex(r'[a-z0-9.]{1,10}', fullmatch=True))}"
    if draw(st.booleans()):
        item["URL"] = "https://example.org/" + draw(st.from_regex(r"[a-z0-9_~%/]{0,12}", fullmatch=True))
    if draw(st.integers(0, 3)) == 0:
        item["language"] = draw(st.sampled_from(["de-DE", "fr-FR", "en-GB"]))
    return item


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.lists(st.integers(), min_size=1, max_size=3).flatmap(
    lambda ns: st.tuples(*[csl_item(i) for i in range(len(ns))])))
def test_csljson_to_bibtex_to_csljson_is_lossless(items):
    items = list(items)
    back = items_of(bibtex_of(items))
    assert [b["id"] for b in back] == [a["id"] for a in items]
    for a, b in zip(items, back):
        assert same_item(a, b) == {}


_BIB_FIELDS = st.fixed_dictionaries({
    "title": st.from_regex(r"[A-Z][a-z]{2,8}( [A-Za-z]{1,8}){0,5}( \{[A-Z]{2,5}\})?(: [A-Z][a-z]{2,8})?", fullmatch=True),
    "year": st.integers(1500, 2030).map(str),
}, optional={
    "author": st.lists(st.from_regex(r"[A-Z][a-z]{1,8}, [A-Z]\.( [A-Z]\.)?", fullmatch=True),
                       min_size=1, max_size=3).map(" and ".join),
    "journal": st.from_regex(r"[A-Z][a-z]{3,9}( [A-Z][a-z]{2,8})?", fullmatch=True),
    "pages": st.integers(1, 400).map(lambda p: f"{p}--{p + 9}"),
    "volume": st.integers(1, 99).map(str),
    "publisher": st.from_regex(r"[A-Z][a-z]{3,9}( Press)?", fullmatch=True),
    "doi": st.from_regex(r"10\.[0-9]{4}/[a-z0-9]{2,6}", fullmatch=True),
    "note": st.from_regex(r"[A-Za-z ]{1,20}( \\& [a-z]{2,5})?", fullmatch=True),
    "month": st.integers(1, 12).map(str),
})


@PROPERTY
@given(st.sampled_from(["article", "book", "incollection", "inproceedings", "misc", "online",
                        "phdthesis", "techreport", "unpublished"]), _BIB_FIELDS)
def test_bibtex_to_csljson_to_bibtex_renders_the_same(entry_type, fields):
    """BibTeX -> CSL-JSON -> BibTeX: the second BibTeX gives the style the same item."""
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    first = items_of(f"@{entry_type}{{key,\n{body}\n}}\n")
    second = items_of(bibtex_of(first))
    assert same_item(first[0], second[0]) == {}


# ---------------------------------------------------------------- everywhere a .bib is read


ZOTERO_LIKE = """[
  {
    "id": "http://zotero.org/users/local/ab12/items/XYZ12345",
    "type": "article-journal",
    "title": "Prospect theory: An analysis of decision under risk",
    "container-title": "Econometrica",
    "page": "263-291",
    "volume": "47",
    "issue": "2",
    "DOI": "10.2307/1914185",
    "author": [{"family": "Kahneman", "given": "Daniel"}, {"family": "Tversky", "given": "Amos"}],
    "issued": {"date-parts": [["1979", "3"]]}
  },
  {
    "id": "taubman2003",
    "type": "book",
    "title": "Khrushchev: The man and his era",
    "publisher": "Norton",
    "publisher-place": "New York",
    "ISBN": "0393051447",
    "author": [{"family": "Taubman", "given": "William"}],
    "issued": {"date-parts": [[2003]]}
  }
]
"""

RIS_EXPORT = """TY  - JOUR
AU  - Kahneman, Daniel
AU  - Tversky, Amos
TI  - Prospect theory: An analysis of decision under risk
T2  - Econometrica
PY  - 1979
VL  - 47
IS  - 2
SP  - 263
EP  - 291
DO  - 10.2307/1914185
ER  - 

TY  - BOOK
AU  - Taubman, William
TI  - Khrushchev: The man and his era
PB  - Norton
CY  - New York
PY  - 2003
SN  - 0393051447
ER  - 
"""


@pytest.fixture(params=["json", "ris"])
def export(request, tmp_path):
    path = tmp_path / f"items.{request.param}"
    path.write_text(ZOTERO_LIKE if request.param == "json" else RIS_EXPORT, encoding="utf-8")
    return path


def test_render_reads_the_export(export):
    result = run(["render", str(export), "--style", "apa"])
    assert result.exit_code == 0, result.output
    assert "Kahneman, D., & Tversky, A. (1979). Prospect theory: An analysis of decision under risk. Econometrica, 47(2), 263–291. https://doi.org/10.2307/1914185" in result.stdout
    assert "Taubman, W. (2003). Khrushchev: The man and his era. Norton." in result.stdout


def test_check_points_into_the_export(export):
    text = export.read_text(encoding="utf-8")
    result = run(["check", str(export), "--select", "M"])
    # the second item (a book) starts on this line of the export
    line = text.splitlines().index("  {", 5) + 1 if export.suffix == ".json" else 14
    assert result.exit_code in (0, 1)
    for finding in result.stdout.splitlines():
        if finding.startswith(str(export)):
            assert int(finding.split(":")[1]) >= 1
    assert "Traceback" not in result.output
    bib = load(str(export))
    lines = [(e.start_line or 0) + 1 for _, e in bib.iter_entries()]
    assert lines[1] == line


def test_import_still_parses_a_numbered_reference_list(tmp_path):
    refs = tmp_path / "refs.txt"
    refs.write_text("[1] Taubman, W. (2003). Khrushchev: The man and his era. New York: Norton.\n"
                    "[2] Gaddis, J. L. (2005). The Cold War: A new history. New York: Penguin.\n",
                    encoding="utf-8")
    result = run(["import", str(refs), "--list"])
    assert result.exit_code == 0 and result.stdout.count("@book{") == 2


def test_import_reads_structured_entries(export):
    result = run(["import", str(export), "--report"])
    assert result.exit_code == 0
    assert "x-citekit-confidence = {1.00}" in result.stdout
    assert "TY  -" not in result.stdout and '"type"' not in result.stdout
    assert result.stdout.count("@") == 2
    assert run(["fmt", "--check", "-"], input=result.stdout).exit_code == 0


def test_cite_and_insert_take_the_export_as_bib(export, tmp_path):
    key = load(str(export)).files[0].entries[1].key
    result = run(["cite", "--bib", str(export), "--style", "apa", f"[@{key}, p. 45]"])
    assert result.exit_code == 0 and result.stdout.strip() == "(Taubman, 2003, p. 45)"
    essay = tmp_path / "essay.md"
    essay.write_text(f"As shown [@{key}].\n", encoding="utf-8")
    result = run(["insert", str(essay), "--bib", str(export), "--style", "apa"])
    assert result.exit_code == 0 and "(Taubman, 2003)" in result.stdout


def test_fmt_writes_bibtex_but_will_not_rewrite_the_export(export):
    result = run(["fmt", str(export)])
    assert result.exit_code == 0 and result.stdout.startswith("@article{")
    for args in (["fmt", "-i", str(export)], ["fmt", "--check", str(export)],
                 ["check", "--fix", "-i", str(export)]):
        result = run(args)
        assert result.exit_code == ExitCode.USAGE
        assert "citekit convert" in result.stderr and "Traceback" not in result.output
    assert export.read_text(encoding="utf-8") in (ZOTERO_LIKE, RIS_EXPORT)


def test_zotero_ids_that_are_keys_are_kept():
    bib = loads(records_to_bibtex(read_csljson(ZOTERO_LIKE, "z.json")))
    assert [e.key for e in bib.files[0].entries] == [
        "http://zotero.org/users/local/ab12/items/XYZ12345", "taubman2003"]


def test_convert_to_every_format_by_suffix(tmp_path):
    src = tmp_path / "items.json"
    src.write_text(ZOTERO_LIKE, encoding="utf-8")
    for suffix, start in ((".bib", "@article{"), (".ris", "TY  - JOUR"), (".json", "[")):
        out = tmp_path / f"out{suffix}"
        result = run(["convert", str(src), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith(start)
    api = convert(str(src), to="bibtex")
    assert api.to == "bibtex" and api.entries == 2 and api.diagnostics == []
    assert run(["fmt", "--check", str(tmp_path / "out.bib")]).exit_code == 0


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("name,text,message", [
    ("bad.json", '[\n  {"id": "a",\n  "title" "x"}\n]', "bad.json:3:11: not CSL-JSON: Expecting ':' delimiter"),
    ("list.json", "[1, 2]", "list.json:1:2: not CSL-JSON: expected an item (a JSON object), found int"),
    ("obj.json", '{"foo": 1}', "not a CSL item"),
    ("empty.json", "", "the file is empty"),
    ("trail.json", '[{"id": "a"}] x', "text after the end of the JSON value"),
    ("open.ris", "TY  - JOUR\nTI  - Never ends\n", "is an 'ER  - ' line missing?"),
    ("prose.ris", "just some words\n", "no 'TY  - ' line"),
])
def test_unreadable_exports_exit_3_with_the_place(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in (["render", str(path)], ["check", str(path)], ["convert", str(path), "--to", "bibtex"],
                    ["cite", "--bib", str(path), "@a"]):
        result = run(command)
        assert result.exit_code == ExitCode.UNREADABLE, (command, result.output)
        assert message in result.stderr and "Traceback" not in result.output
    with pytest.raises(UnreadableInputError):
        load(str(path))


@pytest.mark.parametrize("args,message", [
    (["convert", "{src}"], "give -o FILE"),
    (["convert", "{src}", "-o", "{tmp}/out.txt"], "cannot tell the format"),
    (["convert", "{tmp}/missing.json", "--to", "ris"], "no such file"),
    (["convert", "{src}", "--to", "yaml"], "Invalid value for '--to'"),
])
def test_convert_usage_errors_exit_2(tmp_path, args, message):
    src = tmp_path / "items.json"
    src.write_text(ZOTERO_LIKE, encoding="utf-8")
    args = [a.format(src=src, tmp=tmp_path) for a in args]
    result = run(args)
    assert result.exit_code == ExitCode.USAGE
    assert message in result.output and "Traceback" not in result.output


def test_codes_of_fmt_and_convert_are_in_the_one_table(tmp_path):
    """K901 (a key fmt made) and I901 (a value convert could not carry) come from the
    same table as check's codes; positions are 1-based everywhere."""
    from citekit.check.codes import CODES

    bib = tmp_path / "a.bib"
    bib.write_text("@book{,\n  title = {Untitled},\n  year = {2000}\n}\n@misc{m,\n  zzz = {1}\n}\n",
                   encoding="utf-8")
    from citekit.fmt import fmt

    made = [d.format_line() for d in fmt([str(bib)]).diagnostics if d.code == "K901"]
    assert made and all(":0:" not in line for line in made)
    converted = run(["convert", str(bib), "--to", "csljson"])
    assert f"{bib}:5:1: I901 warning [m] field 'zzz'" in converted.stderr
    assert {"K901", "I901"} <= set(CODES)


def test_a_loss_every_entry_has_is_shown_three_times_then_counted(tmp_path):
    bib = tmp_path / "many.bib"
    bib.write_text("".join(f"@misc{{m{i},\n  title = {{T{i}}},\n  bibdate = {{x}}\n}}\n" for i in range(10)),
                   encoding="utf-8")
    err = [line for line in run(["convert", str(bib), "--to", "csljson"]).stderr.splitlines()]
    placed = [line for line in err if "] field 'bibdate'" in line]
    assert [line.split(":")[1] for line in placed] == ["1", "5", "9"]
    assert err[-1] == f"{bib}: I901 warning field 'bibdate': no CSL-JSON variable: in 7 more entries too; not carried into CSL-JSON"


def test_convert_reports_what_it_could_not_read(tmp_path):
    odd = tmp_path / "odd.json"
    odd.write_text('[\n  {"id": "a", "type": "book", "title": "T",\n   "custom": {"x": 1}, "volume": ["1", "2"]}\n]\n',
                   encoding="utf-8")
    result = run(["convert", str(odd), "--to", "bibtex"])
    assert result.exit_code == 0 and result.stdout.startswith("@book{a,")
    assert f"{odd}:2:3: I901 warning [a] volume: not text (list); not read" in result.stderr
    assert f"{odd}:2:3: I901 warning [a] custom: not a CSL variable; not read" in result.stderr


def test_reimporting_citekits_own_output_keeps_its_provenance(tmp_path):
    first = tmp_path / "first.bib"
    first.write_text(run(["import", "-", "--one-per-line"],
                         input="Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n").stdout,
                     encoding="utf-8")
    again = run(["import", str(first)]).stdout
    assert again.count("x-citekit-source") == 1 and "<stdin>:1" in again
    assert load("-", stdin=again.encode()).diagnostics == []


def test_article_number_is_carried_as_eid_and_back(tmp_path):
    """CSL's article number travels as biblatex's eid: convert keeps it both ways (render
    leaves eid out, as pandoc does)."""
    src = tmp_path / "a.json"
    src.write_text(json.dumps([{"id": "k1", "type": "article-journal", "title": "T",
                                "container-title": "J", "volume": "124", "number": "124106",
                                "issued": {"date-parts": [[2006]]}}]))
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(src), "-o", str(tmp_path / "a.bib")]).exit_code == 0
    assert re.search(r"eid = \{124106\}", (tmp_path / "a.bib").read_text())
    back = runner.invoke(main, ["convert", str(tmp_path / "a.bib"), "-o", str(tmp_path / "b.json")])
    assert back.exit_code == 0 and "I901" not in back.stderr
    assert json.loads((tmp_path / "b.json").read_text())[0]["number"] == "124106"


def test_utf16_csljson_is_told_by_the_one_decode_path(tmp_path):
    """Format sniffing decodes as every command does, so UTF-16 JSON is still JSON."""
    path = tmp_path / "wide.json"
    path.write_bytes('[{"id": "a", "type": "book", "title": "Wide"}]'.encode("utf-16"))
    result = CliRunner().invoke(main, ["render", str(path), "--style", "apa"])
    assert result.exit_code == 0 and "Wide" in result.output
