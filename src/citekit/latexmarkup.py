"""LaTeX field values -> a small rich-text tree -> CSL-JSON markup or plain text.

BibTeX values are LaTeX: accents (``\\'{e}``), dashes (``--``), ``\\&``, ``~``, formatting
macros (``\\emph``, ``\\textsc``) and brace groups that protect case (``{NASA}``). A CSL
engine wants Unicode with the CSL-JSON inline markup (``<i>``, ``<b>``, ``<sup>``,
``<sub>``, small-caps spans, ``<span class="nocase">``). We parse with pylatexenc's
walker (so macro arguments are found the way TeX finds them) and keep a tiny tree
so title casing can see which words were protected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text

NBSP = "\u00a0"
#: TeX math travels through the CSL engine between these two private-use characters, so
#: each backend decides: readable text (text, HTML, RTF, Markdown) or the TeX (LaTeX).
MATH_OPEN, MATH_CLOSE = "\ue000", "\ue001"
_MATH_RE = re.compile("\ue000(.*?)\ue001", re.S)


@dataclass
class Span:
    """A formatted run: kind is nocase, i, b, sc, sup, sub, nostyle, math or quote.

    Quoted titles (\\mkbibquote) keep their case, like protected text: they name a work."""

    kind: str
    children: list = field(default_factory=list)


#: Formatting macros -> span kinds (one mandatory argument each).
_FORMAT_MACROS = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i",
    "textbf": "b", "mkbibbold": "b",
    "textsc": "sc", "mkbibacro": "sc",
    "textsuperscript": "sup", "mkbibsuperscript": "sup",
    "textsubscript": "sub", "mkbibsubscript": "sub",
    "textup": "nostyle", "textnormal": "nostyle", "textrm": "nostyle",
    "mkbibquote": "quote", "enquote": "quote",
}
#: Macros whose argument is shown as it is (no formatting, no case protection).
_PASS_MACROS = {"mbox", "hbox", "text", "texttt", "textsf", "url", "path", "nolinkurl", "ensuremath"}
#: Declarations that switch style until the end of the group ({\em x}, {\bf x}).
_DECLARATIONS = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "bf": "b", "bfseries": "b",
                 "sc": "sc", "scshape": "sc", "upshape": "nostyle", "rm": "nostyle"}
#: Text symbols pylatexenc might not know or renders differently from LaTeX.
_SYMBOLS = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
            "i": "ı", "j": "ȷ", "hyphen": "-", "hyp": "-", "ldots": "…", "dots": "…", "textendash": "–",
            "textemdash": "—", "slash": "/", "space": " ", " ": " ", ",": "\u202f",
            "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“",
            "textquotedblright": "”", "nobreakspace": NBSP, "-": "", "/": "",
            "TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "textbackslash": "\\",
            "textasciicircum": "^", "textbraceleft": "{", "textbraceright": "}"}
#: Macros that take one argument and print nothing (sort helpers).
_DROP_MACROS = {"noopsort", "nocite", "index", "label"}


@lru_cache(maxsize=1)
def _context():
    db = latexwalker.get_default_latex_context_db().filter_context()
    one_arg = sorted(set(_FORMAT_MACROS) | _PASS_MACROS | _DROP_MACROS)
    db.add_context_category(
        "citekit",
        macros=[macrospec.MacroSpec(name, "{") for name in one_arg]
        + [macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("bibstring", "{")],
        prepend=True,
    )
    return db


_TO_TEXT = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def parse(value: str) -> list:
    """Parse one field value (outer delimiters already removed) into the tree.

    Values repeat a lot in real files (journals, publishers, names), so parses are
    cached; callers get a fresh top-level list and never mutate the nodes.
    """
    return list(_parse_cached(value))


_SINGLE_OPEN = re.compile(r"(?<![\\`])`(?!`)")


def _promote_quotes(value: str) -> str:
    """TeX single quotes not inside double ones (`Home') are the outer quotes of the text.

    A quotation written in the .bib is a semantic quote: the style's locale says which marks
    it gets (“Home” in en-US, flipped to ‘Home’ inside a quoted title), as pandoc reads it.
    An apostrophe (Tom's) never closes one: the closing ' is not followed by a letter.
    """
    out, i, depth = [], 0, 0
    while i < len(value):
        if value.startswith("``", i):
            depth += 1
            out.append("``")
            i += 2
            continue
        if value.startswith("''", i):
            depth = max(depth - 1, 0)
            out.append("''")
            i += 2
            continue
        m = _SINGLE_OPEN.match(value, i) if value[i] == "`" else None
        if m and depth == 0:
            j = i + 1
            close = -1
            while j < len(value):
                c = value[j]
                if c == "`":
                    break
                if c == "'" and value[j - 1] not in " \t" and not value[j + 1:j + 2].isalpha():
                    if value.startswith("''", j):
                        break
                    close = j
                    break
                j += 1
            if close > 0:
                out.append("``" + value[i + 1:close] + "''")
                i = close + 1
                continue
        out.append(value[i])
        i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def _parse_cached(value: str) -> tuple:
    if "`" in value:
        value = _promote_quotes(value)
    if "\\" not in value and "$" not in value and "%" not in value:
        fast = _parse_braces_only(value)
        if fast is not None:
            return tuple(fast)
    return tuple(_parse_latex(value))


def _parse_braces_only(value: str) -> list | None:
    """Values with braces but no macros or math (the common case): no walker needed."""
    out: list = []
    depth, start = 0, 0
    for i, c in enumerate(value):
        if c == "{":
            if depth == 0:
                if i > start:
                    out.append(_chars(value[start:i]))
                start = i + 1
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return None  # unbalanced: let the tolerant walker decide
            if depth == 0:
                inner = value[start:i].replace("{", "").replace("}", "")
                out.append(Span("nocase", [_chars(inner)] if inner else []))
                start = i + 1
    if depth != 0:
        return None
    if start < len(value):
        out.append(_chars(value[start:]))
    return _merge(out)


def _parse_latex(value: str) -> list:
    try:
        walker = latexwalker.LatexWalker(value, latex_context=_context(), tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
    except Exception:  # pylatexenc is tolerant; this is a last resort, never a crash
        return [_chars(value)]
    return _merge(_convert(nodes, top=True))


_SPECIAL_RE = re.compile(r"--|``|''|~|`|'|\.\.\.")


def _chars(text: str) -> str:
    """TeX ligatures and smart punctuation in plain characters (as TeX typesets them)."""
    text = text.replace("---", "—").replace("--", "–")
    text = text.replace("``", "“").replace("''", "”").replace("`", "‘").replace("'", "’")
    text = text.replace("~", NBSP)
    text = re.sub(r"\s+", lambda m: NBSP if m.group() == NBSP else " ", text)
    return text


def _convert(nodes, top: bool = False) -> list:
    out: list = []
    declared: str | None = None  # an {\em ...} style declaration seen in this group
    buffer: list = []
    for node in nodes or []:
        if isinstance(node, latexwalker.LatexMacroNode) and node.macroname in _DECLARATIONS:
            declared = _DECLARATIONS[node.macroname]
            out.extend(buffer)
            buffer = []
            continue
        buffer.extend(_convert_node(node, top))
    if declared:
        out.append(Span(declared, _merge(buffer)))
    else:
        out.extend(buffer)
    return out


def _arg_nodes(node) -> list:
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    return [a for a in args if a is not None]


def _arg_children(arg) -> list:
    if isinstance(arg, latexwalker.LatexGroupNode):
        return _convert(arg.nodelist)
    return _convert([arg])


def _convert_node(node, top: bool) -> list:
    if isinstance(node, latexwalker.LatexCharsNode):
        return [_chars(node.chars)]
    if isinstance(node, latexwalker.LatexSpecialsNode):
        return [_chars(node.specials_chars)]
    if isinstance(node, latexwalker.LatexCommentNode):
        return []
    if isinstance(node, latexwalker.LatexMathNode):
        return [Span("math", [node.latex_verbatim()])]
    if isinstance(node, latexwalker.LatexGroupNode):
        children = _convert(node.nodelist)
        first = node.nodelist[0] if node.nodelist else None
        # BibTeX: a top-level group protects case, unless it starts with a control
        # sequence ({\'e}, {\em x}): then it is a "special character" group.
        if top and not isinstance(first, latexwalker.LatexMacroNode):
            return [Span("nocase", _merge(children))]
        return children
    if isinstance(node, latexwalker.LatexMacroNode):
        name = node.macroname
        args = _arg_nodes(node)
        if name == "enquote":
            # csquotes' \enquote is a quotation like ``...'': its words are cased as text
            # (pandoc's reading); \mkbibquote names a work and keeps its case
            return ["\u201c"] + sum((_arg_children(a) for a in args), []) + ["\u201d"]
        if name in _FORMAT_MACROS:
            inner = _merge(sum((_arg_children(a) for a in args), []))
            kind = _FORMAT_MACROS[name]
            if top and kind != "quote" and any(isinstance(a, latexwalker.LatexGroupNode) for a in args):
                # BibTeX: the argument's braces are a top-level group, so its case is kept
                inner = [Span("nocase", inner)]
            return [Span(kind, inner)]
        if name in _PASS_MACROS:
            if name in {"url", "path", "nolinkurl"} and args:
                return [args[-1].latex_verbatim().strip("{}")]
            return sum((_arg_children(a) for a in args), [])
        if name == "href" and len(args) == 2:
            return _arg_children(args[1])
        if name in _DROP_MACROS:
            return []
        if name == "bibstring" and args:
            return [_TO_TEXT.nodelist_to_text([args[0]]).strip("{}")]
        if name in _SYMBOLS and not args:
            return [_SYMBOLS[name]]
        text = _macro_text(node)
        return [text] if text else []
    if isinstance(node, latexwalker.LatexEnvironmentNode):
        return _convert(node.nodelist)
    return [_TO_TEXT.nodelist_to_text([node])]


def _macro_text(node) -> str:
    """Accents and symbols through pylatexenc; \\i and \\j under accents are plain i/j."""
    verbatim = node.latex_verbatim()
    verbatim = re.sub(r"\\([ij])(?![A-Za-z])", r"\1", verbatim)
    try:
        walker = latexwalker.LatexWalker(verbatim, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        text = _TO_TEXT.nodelist_to_text(nodes)
    except Exception:
        text = ""
    return unicodedata.normalize("NFC", text)


def _merge(items: list) -> list:
    """Join adjacent strings so word-level casing sees whole words."""
    out: list = []
    for item in items:
        if isinstance(item, str):
            if not item:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += item
            else:
                out.append(item)
        else:
            out.append(item)
    return out


# ---------------------------------------------------------------- output


def to_text(tree: list) -> str:
    """Plain Unicode text (math as readable text: ``$O(n \\log n)$`` -> ``O(n log n)``)."""
    parts = []
    for item in tree:
        if isinstance(item, str):
            parts.append(item)
        elif item.kind == "math":
            parts.append(math_text("".join(c for c in item.children if isinstance(c, str))))
        else:
            parts.append(to_text(item.children))
    return "".join(parts)


_MATH_TO_TEXT = LatexNodes2Text(math_mode="text")


_SUP = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SCRIPT_RE = re.compile(r"([\^_])(?:\{([^{}]*)\}|([^\\{}\s]))")


_OPERATOR_RE = re.compile(r"(\\(?:log|ln|lg|exp|sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh"
                          r"|lim|liminf|limsup|max|min|sup|inf|det|deg|dim|gcd|hom|ker|arg|Pr))(?=\\[A-Za-z])")


def _scripts(tex: str) -> str:
    """x^2, k^-, Z_3, 10^{-3} -> Unicode super/subscripts when every character has one."""
    def sub(m):
        table = _SUP if m.group(1) == "^" else _SUB
        body = m.group(2) if m.group(2) is not None else m.group(3)
        body = body.replace("\\prime", "′")
        if body and all(c in table for c in body):
            return "".join(table[c] for c in body)
        return m.group(0)
    return _SCRIPT_RE.sub(sub, tex)


@lru_cache(maxsize=4096)
def math_text(tex: str) -> str:
    """TeX math as readable Unicode: Greek letters, operators, super/subscripts (``k^-`` -> k⁻)."""
    # operator names run together in TeX's source (\log\log n) are words apart in print
    tex = _OPERATOR_RE.sub(r"\1\\ ", tex)
    try:
        text = _MATH_TO_TEXT.latex_to_text(_scripts(tex))
    except Exception:  # pylatexenc is tolerant; never lose the value
        text = tex.strip("$")
    return re.sub(r"[ \t\n]+", " ", unicodedata.normalize("NFC", text)).strip()


def split_math(text: str) -> list[tuple[bool, str]]:
    """A string from the engine -> [(is_math, piece)], math pieces being the TeX."""
    out, pos = [], 0
    for m in _MATH_RE.finditer(text):
        if m.start() > pos:
            out.append((False, text[pos:m.start()]))
        out.append((True, m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


_MARKUP = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "nostyle": ('<span style="font-style:normal;">', "</span>"),
    "nocase": ('<span class="nocase">', "</span>"),
    "quote": ("“", "”"),
}


_LITERAL_MARKUP = re.compile(r"<|>|&(?=lt;|gt;|amp;)")


def _literal(text: str) -> str:
    """Text as CSL-JSON rich text: a ``<b>`` typed in a field is text, not a tag."""
    if "<" not in text and ">" not in text and "&" not in text:
        return text
    return _LITERAL_MARKUP.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[m.group(0)], text)


def to_markup(tree: list) -> str:
    """CSL-JSON rich text: the inline HTML-like tags CSL processors read in fields."""
    parts = []
    for item in tree:
        if isinstance(item, str):
            parts.append(_literal(item))
            continue
        inner = to_markup(item.children)
        if not inner:
            continue
        if item.kind == "math":
            parts.append(f'<span class="nocase">{MATH_OPEN}{inner}{MATH_CLOSE}</span>')
            continue
        if item.kind == "nocase" and not any(c.isalpha() for c in to_text(item.children)):
            parts.append(inner)  # {1950} or {,}: nothing to protect
            continue
        start, end = _MARKUP.get(item.kind, ("", ""))
        parts.append(f"{start}{inner}{end}")
    return "".join(parts)


# ---------------------------------------------------------------- casing

_WORD_RE = re.compile(r"[^\s\-–—/]+|[\s\-–—/]+")
_SENTENCE_END = (".", "?", "!", ":")


def _is_capitalized(word: str) -> bool:
    """First letter upper case, the other letters lower case (Title, not NASA/iPhone/U.S.)."""
    letters = [c for c in word if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    run = re.search(r"[^\W_]+", word)
    if run and any(c.isdigit() for c in run.group()):
        return False  # B27, J1935+2154, T1: names of things, as pandoc keeps them (not Si(001))
    if len(letters) == 1:
        stripped = word.strip("“”‘’\"'()[],;")
        # "A" is an article; "U.S."-style abbreviations and the pronoun I keep their case
        return stripped[:1].isupper() and stripped not in {"I"} and "." not in stripped[1:]
    return all(c.islower() for c in letters[1:])


def sentence_case(tree: list) -> list:
    """Lower-case capitalised words except at the start of a sentence (and after ':').

    Protected spans (brace groups, math) are untouched; words in mixed or upper
    case (NASA, iPhone, McDonald) are left alone, as pandoc's biblatex reader does.
    """
    state = {"start": True, "prev_end": False}
    return _sentence_case(tree, state)


def _sentence_case(tree: list, state: dict) -> list:
    out: list = []
    for item in tree:
        if isinstance(item, Span):
            if item.kind in {"nocase", "math", "quote"}:
                out.append(item)
                text = to_text(item.children)
                if text.strip():
                    state["start"] = False
                    state["prev_end"] = text.rstrip().endswith(_SENTENCE_END)
            else:
                out.append(Span(item.kind, _sentence_case(item.children, state)))
            continue
        pieces = []
        for token in _WORD_RE.findall(item):
            if token.isspace() or not token.strip("-–—/"):
                if state["prev_end"] and any(c.isspace() for c in token):
                    state["start"] = True
                state["prev_end"] = False
                pieces.append(token)
                continue
            if state["start"]:
                if token[:1].islower() and all(c.islower() for c in token if c.isalpha()):
                    token = token[:1].upper() + token[1:]
            elif _is_capitalized(token):
                token = token.lower()
            if any(c.isalnum() for c in token):
                state["start"] = False
            state["prev_end"] = token.rstrip("’”'\")]").endswith(_SENTENCE_END)
            pieces.append(token)
        out.append("".join(pieces))
    return out

