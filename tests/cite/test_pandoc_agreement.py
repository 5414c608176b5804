"""The pandoc syntax parser agrees with pandoc itself (run only where pandoc is installed:
``pip install pypandoc-binary==1.17``).

tests/fixtures/pandoc_syntax/cases.md holds one case per paragraph. pandoc reads it twice:
without citeproc (citation ids, modes, prefixes: the JSON AST), and with citeproc and a
debugging CSL style that prints ``<id{label}locator>`` (pandoc's own locator parsing).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from citekit.citations.locator import locator_terms
from citekit.citations.pandoc import find_clusters

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "pandoc_syntax"
CASES = HERE / "cases.md"


def _pandoc() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            pytest.skip("pandoc not installed")
        return found


def _stringify(inlines) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong"):
            out.append(_stringify(content))
        elif kind in ("Span", "Link"):
            out.append(_stringify(content[1]))
    return "".join(out)


def _cites(node, found):
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            found.append([(c["citationId"], c["citationMode"]["t"], _stringify(c["citationPrefix"]))
                          for c in node["c"][0]])
        for value in node.values():
            _cites(value, found)
    elif isinstance(node, list):
        for value in node:
            _cites(value, found)


def _norm(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u00a0", " ").replace("*", "")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].lower() + text[1:]


def _paragraphs() -> list[str]:
    """The cases; a footnote definition is kept with the paragraph that references it."""
    out: list[str] = []
    for paragraph in CASES.read_text(encoding="utf-8").split("\n\n"):
        if not paragraph.strip():
            continue
        if paragraph.startswith("[^") and out:
            out[-1] += "\n\n" + paragraph
        else:
            out.append(paragraph)
    return out


def test_ids_modes_and_prefixes_agree_with_pandoc():
    pandoc = _pandoc()
    ours_all, theirs_all = [], []
    for paragraph in _paragraphs():
        result = subprocess.run([pandoc, "-f", "markdown-smart", "-t", "json"], input=paragraph,
                                capture_output=True, text=True, check=True)
        theirs: list = []
        _cites(json.loads(result.stdout)["blocks"], theirs)
        ours = []
        for cluster in find_clusters(paragraph):
            mode = "AuthorInText" if cluster.narrative else "NormalCitation"
            # in "@doe [p. 3; @roe]" only the first work is in-text
            ours.append([(i.id, "SuppressAuthor" if i.suppress_author else
                          (mode if n == 0 else "NormalCitation"),
                          i.prefix.replace("*", "")) for n, i in enumerate(cluster.items)])
        ours_all.append((paragraph, ours))
        theirs_all.append((paragraph, theirs))
    differ = [(p, o, t) for (p, o), (_, t) in zip(ours_all, theirs_all) if o != t]
    assert differ == [], f"{len(differ)}/{len(ours_all)} cases differ: {differ}"


def _ours_rendered(paragraph: str) -> list[str]:
    terms = locator_terms()
    long_form = {}
    for spelling, label in terms.items():
        long_form.setdefault(label, label)
    rendered = []
    for cluster in find_clusters(paragraph):
        parts = []
        for item in cluster.items:
            core = item.id
            if item.locator:
                core += f"{{{item.label}}}{item.locator}"
            text = item.prefix + " " if item.prefix else ""
            text += f"<{core}>" + (item.suffix or "")
            parts.append(text)
        rendered.append(" ;; ".join(parts))
    return rendered


def test_locators_labels_and_suffixes_agree_with_pandoc(tmp_path):
    pandoc = _pandoc()
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([{"id": k, "type": "book", "title": k} for k in ("doe99", "smith04")]))
    terms = locator_terms()
    differ, total = [], 0
    for paragraph in _paragraphs():
        keys = {i.id for c in find_clusters(paragraph) for i in c.items}
        if "@" not in paragraph or "`" in paragraph or not keys <= {"doe99", "smith04"}:
            continue  # only works the debugging .bib has
        result = subprocess.run(
            [pandoc, "-f", "markdown-smart", "--citeproc", "--bibliography", str(refs), "--csl",
             str(HERE / "locator-debug.csl"), "-t", "plain", "--wrap=none"],
            input=paragraph, capture_output=True, text=True, check=True)
        theirs_text = _norm(result.stdout)
        # pandoc prints plural or singular long terms: fold them to the CSL label
        theirs_text = re.sub(r"\{([^}]*)\}", lambda m: "{" + terms.get(m.group(1).casefold(), m.group(1)) + "}",
                             theirs_text)
        for ours in _ours_rendered(paragraph):
            total += 1
            expected = _norm(html.unescape(ours))
            # pandoc omits the label of a forced, non-numeric locator: compare without it then
            loose = re.sub(r"\{page\}", "", expected)
            if expected not in theirs_text and loose not in theirs_text:
                differ.append((paragraph, expected, theirs_text))
    assert differ == [], f"{len(differ)}/{total} citations differ: {differ}"


LATEX_CASES = HERE / "cases.tex"


def test_latex_commands_agree_with_pandocs_latex_reader(tmp_path):
    from citekit.citations import latex

    pandoc = _pandoc()
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps([{"id": k, "type": "book", "title": k} for k in ("doe99", "smith04")]))
    differ, total = [], 0
    for paragraph in LATEX_CASES.read_text(encoding="utf-8").split("\n\n"):
        if not paragraph.strip():
            continue
        ast = subprocess.run([pandoc, "-f", "latex", "-t", "json"], input=paragraph,
                             capture_output=True, text=True, check=True)
        theirs: list = []
        _cites(json.loads(ast.stdout)["blocks"], theirs)
        rendered = subprocess.run(
            [pandoc, "-f", "latex", "--citeproc", "--bibliography", str(refs), "--csl",
             str(HERE / "locator-debug.csl"), "-t", "plain", "--wrap=none"],
            input=paragraph, capture_output=True, text=True, check=True).stdout
        rendered = _norm(re.sub(r"\{([^}]*)\}", lambda m: "{" + locator_terms().get(
            m.group(1).casefold(), m.group(1)) + "}", rendered))
        for cluster, their in zip(latex.find_clusters(paragraph), theirs):
            total += 1
            mode = "AuthorInText" if cluster.narrative else "NormalCitation"
            ours = [(i.id, "SuppressAuthor" if i.suppress_author else
                     (mode if n == 0 else "NormalCitation"), i.prefix)
                    for n, i in enumerate(cluster.items)]
            their_ids = [(i, m, p) for i, m, p in their]
            located = " ;; ".join(
                (f"{i.prefix} " if i.prefix else "") + f"<{i.id}"
                + (f"{{{i.label}}}{i.locator}" if i.locator else "") + ">" + i.suffix
                for i in cluster.items)
            if all(i.author_only for i in cluster.items):
                # \citeauthor: pandoc reads it as \citet; citekit prints the name alone
                ours = [(i, "AuthorInText", p) for i, _m, p in ours]
                located = _norm(located)
                rendered = located
            if ours != their_ids or _norm(located) not in rendered:
                differ.append((paragraph, ours, their_ids, located, rendered))
    assert total >= 16
    assert differ == [], f"{len(differ)}/{total} differ: {differ}"
