#!/usr/bin/env python3
"""Compare ``citekit insert`` with ``pandoc --citeproc`` on the same essay, .bib and CSL file.

    python scripts/compare_insert_pandoc.py [--essay E.md] [--bib B.bib] [--styles apa,...] [--json]

For each style, every citation marker of the essay is paired with pandoc's rendering of it
(in order; a note is shown as ``^[...]`` after what stays in the text) and every
bibliography entry with pandoc's entry for the same key, as plain text with runs of
white space (no-break spaces included) folded to one space. Prints the pairs that differ
and a summary line per style. Needs pandoc (``pip install pypandoc-binary==1.17`` brings
pandoc 3.9) and the CSL engine. Exit status 0 when everything matches, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "insert"
DEFAULT_STYLES = ["apa", "chicago-notes", "ieee"]


def pandoc_binary() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc not found: pip install pypandoc-binary==1.17")
        return found


# ---------------------------------------------------------------- pandoc's side

def _inlines(nodes, out: list[str]) -> None:
    for node in nodes:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "SmallCaps", "Strikeout", "Superscript", "Subscript",
                      "Underline"):
            _inlines(content, out)
        elif kind == "Quoted":
            quote = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(quote[0])
            _inlines(content[1], out)
            out.append(quote[1])
        elif kind in ("Span", "Link"):
            _inlines(content[1], out)
        elif kind == "Cite":
            _inlines(content[1], out)
        elif kind == "Note":
            out.append("^[")
            _blocks(content, out)
            out.append("]")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[-1])


def _blocks(blocks, out: list[str]) -> None:
    for index, block in enumerate(blocks):
        if index:
            out.append(" ")
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            _inlines(content, out)
        elif kind == "Div":
            _blocks(content[1], out)


def plain(nodes, blocks: bool = False) -> str:
    out: list[str] = []
    (_blocks if blocks else _inlines)(nodes, out)
    return fold("".join(out))


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _walk(node, cites: list, refs: dict) -> None:
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Cite":
            cites.append(plain([node]))
            for inner in node["c"][1]:  # a citation inside a note made from a citation
                _walk(inner, cites, refs)
            return
        if kind == "Div":
            ident = node["c"][0][0]
            if ident == "refs":
                for child in node["c"][1]:
                    if child.get("t") == "Div" and child["c"][0][0].startswith("ref-"):
                        refs[child["c"][0][0][4:]] = plain(child["c"][1], blocks=True)
                return
        for value in node.values():
            _walk(value, cites, refs)
    elif isinstance(node, list):
        for value in node:
            _walk(value, cites, refs)


def run_pandoc(essay: Path, bib: Path, csl: str) -> tuple[list[str], dict[str, str]]:
    result = subprocess.run(
        [pandoc_binary(), str(essay), "-f", "markdown", "--citeproc", "--bibliography", str(bib),
         "--csl", csl, "-t", "json"], capture_output=True, text=True, check=True)
    document = json.loads(result.stdout)
    cites: list[str] = []
    refs: dict[str, str] = {}
    _walk(document["blocks"], cites, refs)
    return cites, refs


# ---------------------------------------------------------------- citekit's side

def run_citekit(essay: Path, bib: Path, style: str) -> tuple[list[str], dict[str, str]]:
    from citekit.insert import insert

    result = insert(str(essay), str(bib), style=style)
    cites = []
    for record in result.citations:
        if record.own_note:
            # pandoc keeps moved punctuation inside the citation only after an in-text author
            moved = record.punctuation if record.author else ""
            cites.append(fold(f"{record.author}{moved}^[{record.plain}]"))
        else:
            cites.append(fold(record.plain))
    refs = {key: fold(text) for key, text in result.bibliography_plain}
    return cites, refs


def document_lines(essay: Path, bib: Path, style: str, csl: str) -> tuple[list[str], list[str]]:
    """Both whole documents as plain text (pandoc's plain writer, no wrapping), by line."""
    from citekit.insert import insert

    ours_md = insert(str(essay), str(bib), style=style).output
    plain = [pandoc_binary(), "-f", "markdown", "-t", "plain", "--wrap=none"]
    ours = subprocess.run(plain, input=ours_md, capture_output=True, text=True, check=True).stdout
    theirs = subprocess.run(plain[:1] + [str(essay), "--citeproc", "--bibliography", str(bib),
                                         "--csl", csl] + plain[1:],
                            capture_output=True, text=True, check=True).stdout
    return ([fold(x) for x in ours.splitlines() if x.strip()],
            [fold(x) for x in theirs.splitlines() if x.strip()])


def compare(essay: Path, bib: Path, style: str) -> dict:
    from citekit.styles import resolve_style

    csl = str(resolve_style(style))
    theirs_c, theirs_r = run_pandoc(essay, bib, csl)
    ours_c, ours_r = run_citekit(essay, bib, style)
    cite_diffs = []
    for index in range(max(len(theirs_c), len(ours_c))):
        a = ours_c[index] if index < len(ours_c) else "<none>"
        b = theirs_c[index] if index < len(theirs_c) else "<none>"
        if a != b:
            cite_diffs.append({"index": index + 1, "citekit": a, "pandoc": b})
    ref_diffs = []
    for key in list(dict.fromkeys([*theirs_r, *ours_r])):
        a, b = ours_r.get(key, "<none>"), theirs_r.get(key, "<none>")
        if a != b:
            ref_diffs.append({"key": key, "citekit": a, "pandoc": b})
    order_same = list(ours_r) == list(theirs_r)
    import difflib

    ours_doc, theirs_doc = document_lines(essay, bib, style, csl)
    doc_diff = [line for line in difflib.unified_diff(theirs_doc, ours_doc, "pandoc", "citekit",
                                                      n=0, lineterm="")
                if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return {
        "style": style, "csl": Path(csl).name,
        "citations": len(theirs_c), "citations_same": len(theirs_c) - len(
            [d for d in cite_diffs if d["pandoc"] != "<none>"]),
        "entries": len(theirs_r), "entries_same": len(theirs_r) - len(
            [d for d in ref_diffs if d["pandoc"] != "<none>"]),
        "order_same": order_same, "citation_diffs": cite_diffs, "entry_diffs": ref_diffs,
        "document_lines": len(theirs_doc), "document_diff": doc_diff,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essay", type=Path, default=FIXTURES / "essay.md")
    parser.add_argument("--bib", type=Path, default=FIXTURES / "essay.bib")
    parser.add_argument("--styles", default=",".join(DEFAULT_STYLES))
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    reports = [compare(args.essay, args.bib, s) for s in args.styles.split(",") if s]
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(f"== {report['style']} ({report['csl']})")
            for diff in report["citation_diffs"]:
                print(f"  citation {diff['index']}:\n    citekit: {diff['citekit']}\n"
                      f"    pandoc:  {diff['pandoc']}")
            for diff in report["entry_diffs"]:
                print(f"  entry {diff['key']}:\n    citekit: {diff['citekit']}\n"
                      f"    pandoc:  {diff['pandoc']}")
            if not report["order_same"]:
                print("  bibliography order differs")
            if report["document_diff"]:
                print("  whole document, plain text (- pandoc, + citekit):")
                for line in report["document_diff"]:
                    print(f"    {line}")
        for report in reports:
            print(f"{report['style']}: citations {report['citations_same']}/{report['citations']} "
                  f"same, bibliography {report['entries_same']}/{report['entries']} same, "
                  f"order {'same' if report['order_same'] else 'differs'}; whole document: "
                  f"{len([d for d in report['document_diff'] if d.startswith('-')])}/"
                  f"{report['document_lines']} lines differ")
    clean = all(not r["citation_diffs"] and not r["entry_diffs"] and r["order_same"]
                for r in reports)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
