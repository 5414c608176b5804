"""CSL-JSON rich text (``<i>``, ``<b>``, ``<span class="nocase">``...) -> BibTeX LaTeX.

The other direction is :func:`citekit.latexmarkup.to_markup`; this module writes what
that reads back, so an item's text survives BibTeX -> CSL-JSON -> BibTeX. Titles get
one more step: the bridge sentence-cases English BibTeX titles, so every word it
would lower-case is braced here ("The history of {Paris}") and renders as written.
"""

from __future__ import annotations

import re

from citekit import latexmarkup as lm
from citekit.latexmarkup import Span

_TAG = re.compile(r"(<[^<>]{1,80}>)")
_OPEN = {
    "<i>": "i", "<em>": "i", "<b>": "b", "<strong>": "b", "<sc>": "sc", "<sup>": "sup",
    "<sub>": "sub",
    '<span class="nocase">': "nocase",
    '<span style="font-variant:small-caps;">': "sc",
    '<span style="font-variant: small-caps;">': "sc",
    '<span style="font-style:normal;">': "nostyle",
    '<span style="font-style: normal;">': "nostyle",
}
_CLOSE = {"</i>": "i", "</em>": "i", "</b>": "b", "</strong>": "b", "</sc>": "sc",
          "</sup>": "sup", "</sub>": "sub", "</span>": "span"}
_LATEX = {"i": "\\textit{", "b": "\\textbf{", "sc": "\\textsc{", "sup": "\\textsuperscript{",
          "sub": "\\textsubscript{", "nostyle": "\\textup{", "nocase": "{"}
# (BibTeX counts a brace even after a backslash: \{ would unbalance the value)
_ESCAPES = {"\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}", "&": "\\&", "%": "\\%",
            "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
            "^": "\\textasciicircum{}", lm.NBSP: "~", "\u202f": "\\,"}
_SPECIAL = re.compile(r"[\\{}&%$#_~^\u00a0\u202f]")


def to_tree(markup: str) -> list:
    """CSL rich text -> a :mod:`citekit.latexmarkup` tree (unknown tags stay text)."""
    root: list = []
    stack: list[tuple[str, list]] = [("", root)]
    for piece in _TAG.split(markup):
        if not piece:
            continue
        kind = _OPEN.get(piece.lower()) or (
            "nostyle" if piece.lower().startswith("<span") and piece not in _OPEN else None)
        if kind:
            span = Span(kind, [])
            stack[-1][1].append(span)
            stack.append((kind, span.children))
            continue
        close = _CLOSE.get(piece.lower())
        if close and len(stack) > 1 and (close == stack[-1][0] or close == "span"):
            stack.pop()
            continue
        text = piece  # "&" is text in CSL-JSON (Zotero, pandoc): entities are not decoded
        children = stack[-1][1]
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)
    return root


def escape(text: str) -> str:
    """Plain text -> LaTeX that reads back as the same text."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)


def tree_to_latex(tree: list) -> str:
    out = []
    for item in tree:
        if isinstance(item, str):
            out.append(escape(item))
        else:
            inner = tree_to_latex(item.children)
            if item.kind == "nocase" and inner.startswith("\\"):
                inner = "{}" + inner  # {\x...} is a special character to BibTeX, not protection
            out.append(_LATEX.get(item.kind, "{") + inner + "}")
    return "".join(out)


def to_latex(markup: str) -> str:
    """A CSL field's rich text as a BibTeX value (without the outer braces)."""
    return tree_to_latex(to_tree(markup))


def title_to_latex(markup: str, english: bool = True) -> str:
    """A CSL title as BibTeX: for English items the words the bridge's sentence-casing
    would change are braced, so the title renders exactly as the item had it."""
    tree = to_tree(markup)
    if not english:
        return tree_to_latex(tree)
    latex = tree_to_latex(_protect(tree, lm.sentence_case(tree)))
    if _keeps_case(latex):
        return latex
    # the reader splits the text where this module did not (around a LaTeX symbol):
    # brace every word with a letter, then the whole title
    latex = tree_to_latex([Span("nocase", [w]) if isinstance(w, str) and any(c.isalpha() for c in w)
                           else w for w in _words(tree)])
    return latex if _keeps_case(latex) else tree_to_latex([Span("nocase", tree)])


def _keeps_case(latex: str) -> bool:
    parsed = lm.parse(latex)
    return lm.to_text(lm.sentence_case(parsed)) == lm.to_text(parsed)


def _words(tree: list) -> list:
    out: list = []
    for item in tree:
        out.extend(re.split(r"(\s+)", item) if isinstance(item, str) else [item])
    return [w for w in out if w != ""]


def _protect(tree: list, cased: list) -> list:
    out: list = []
    for original, changed in zip(tree, cased):
        if isinstance(original, str):
            if original == changed:
                out.append(original)
                continue
            words = lm._WORD_RE.findall(original)
            new_words = lm._WORD_RE.findall(changed)
            if len(words) != len(new_words):
                out.append(Span("nocase", [original]))
                continue
            run = []
            for word, new in zip(words, new_words):
                if word == new:
                    run.append(word)
                    continue
                if run:
                    out.append("".join(run))
                    run = []
                out.append(Span("nocase", [word]))
            if run:
                out.append("".join(run))
        else:
            # a LaTeX macro's argument is protected anyway (\textit{Word} keeps its case)
            out.append(original)
    return out
