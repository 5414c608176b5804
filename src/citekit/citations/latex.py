"""LaTeX citation commands (natbib and biblatex) and the citations recorded in a ``.aux`` file.

``\\citep[see][p. 5]{a,b}``, ``\\textcite{a}``, ``\\footcite[chap. 2]{a}``,
``\\parencites[see][3]{a}[4]{b}``: turned into the same clusters as pandoc's Markdown syntax,
so one ``insert`` pipeline serves both. Following natbib/biblatex, a single optional
argument is the postnote and two are prenote then postnote; the postnote is split into
locator and suffix the way pandoc does (``p. 5`` -> page 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.citations.locator import parse_locator
from citekit.citations.model import CiteCluster, CiteItem, LineIndex

#: command name -> (narrative, note, suppress_author, author_only)
COMMANDS: dict[str, tuple[bool, bool, bool, bool]] = {
    "cite": (False, False, False, False),
    "Cite": (False, False, False, False),
    "parencite": (False, False, False, False),
    "Parencite": (False, False, False, False),
    "autocite": (False, False, False, False),
    "Autocite": (False, False, False, False),
    "smartcite": (False, False, False, False),
    "Smartcite": (False, False, False, False),
    "supercite": (False, False, False, False),
    "citep": (False, False, False, False),
    "Citep": (False, False, False, False),
    "citealp": (False, False, False, False),
    "Citealp": (False, False, False, False),
    "textcite": (True, False, False, False),
    "Textcite": (True, False, False, False),
    "citet": (True, False, False, False),
    "Citet": (True, False, False, False),
    "citealt": (True, False, False, False),
    "Citealt": (True, False, False, False),
    "footcite": (False, True, False, False),
    "footcitetext": (False, True, False, False),
    "citeauthor": (False, False, False, True),
    "Citeauthor": (False, False, False, True),
    "citeyear": (False, False, True, False),
    "citeyearpar": (False, False, True, False),
}
#: biblatex multi-cite forms: ``\parencites(pre)(post)[pre][post]{a}[post]{b}``
MULTI = {
    "cites": "cite", "Cites": "Cite", "parencites": "parencite", "Parencites": "Parencite",
    "textcites": "textcite", "Textcites": "Textcite", "footcites": "footcite",
    "autocites": "autocite", "Autocites": "Autocite", "smartcites": "smartcite",
}
#: starred forms that drop the author (biblatex); other stars only change author lists
STAR_SUPPRESSES_AUTHOR = {"cite", "parencite"}

_COMMAND = re.compile(r"\\([A-Za-z]+)(\*?)")


@dataclass
class _Arg:
    kind: str  # "[", "{" or "("
    text: str
    start: int
    end: int


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n\r" and not text.startswith("\n\n", i):
        i += 1
    return i


def _read_group(text: str, i: int, open_: str, close: str) -> tuple[str, int] | None:
    """Balanced ``open_ ... close`` at ``i`` (braces inside counted): (content, end)."""
    if i >= len(text) or text[i] != open_:
        return None
    depth = 0
    j = i
    while j < len(text):
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == close and (close == "}" and depth == 0 or close != "}" and depth == 0):
            return text[i + 1 : j], j + 1
        j += 1
    return None


def _read_args(text: str, i: int, multi: bool) -> tuple[list[_Arg], int]:
    """Optional ``[..]`` / ``(..)`` and mandatory ``{..}`` arguments after a command."""
    args: list[_Arg] = []
    while True:
        j = _skip_space(text, i)
        if j >= len(text):
            break
        char = text[j]
        if char == "[":
            group = _read_group(text, j, "[", "]")
        elif char == "(" and multi and not any(a.kind == "{" for a in args):
            group = _read_group(text, j, "(", ")")
        elif char == "{":
            group = _read_group(text, j, "{", "}")
        else:
            break
        if group is None:
            break
        args.append(_Arg(char, group[0], j, group[1]))
        i = group[1]
        if char == "{" and not multi:
            break
    return args, i


def _strip_comments(text: str) -> str:
    """Blank out ``%`` comments (keeping offsets) so commented-out citations are ignored."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)


_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting|minted|comment)\*?\}.*?\\end\{\1\*?\}", re.S)


def find_clusters(text: str) -> list[CiteCluster]:
    """All citation commands in a LaTeX document, in order (``\\nocite`` excluded)."""
    clean = _strip_comments(text)
    clean = _VERBATIM.sub(lambda m: " " * len(m.group(0)), clean)
    lines = LineIndex(text)
    clusters = []
    for match in _COMMAND.finditer(clean):
        name, star = match.group(1), match.group(2)
        multi = name in MULTI
        base = MULTI.get(name, name)
        if base not in COMMANDS:
            continue
        args, end = _read_args(clean, match.end(), multi)
        cluster = _cluster(text, match, base, star, args, end, lines, multi)
        if cluster is not None:
            clusters.append(cluster)
    return clusters


def _cluster(text, match, base, star, args, end, lines, multi) -> CiteCluster | None:
    narrative, note, suppress, author_only = COMMANDS[base]
    if star and base in STAR_SUPPRESSES_AUTHOR:
        suppress = True
    groups: list[tuple[list[str], _Arg]] = []  # (optional args before it, the {keys})
    pending: list[str] = []
    for arg in args:
        if arg.kind == "(":
            continue  # multicite global pre/postnotes: kept out of the items
        if arg.kind == "[":
            pending.append(arg.text)
        else:
            groups.append((pending, arg))
            pending = []
    if not groups:
        return None
    items: list[CiteItem] = []
    for optional, key_arg in groups:
        keys = [k.strip() for k in key_arg.text.split(",") if k.strip()]
        if not keys:
            continue
        prenote, postnote = "", ""
        if len(optional) == 1:
            postnote = optional[0]
        elif len(optional) >= 2:
            prenote, postnote = optional[-2], optional[-1]
        offset = key_arg.start + 1
        for index, key in enumerate(keys):
            key_start = text.find(key, offset, key_arg.end)
            key_start = key_start if key_start >= 0 else key_arg.start
            offset = key_start + len(key)
            line, column = lines.position(key_start)
            item = CiteItem(
                id=key,
                suppress_author=suppress,
                author_only=author_only,
                start=key_start,
                end=key_start + len(key),
                line=line,
                column=column,
            )
            if index == 0 and prenote.strip():
                item.prefix = _latex_text(prenote)
            if index == len(keys) - 1 and postnote.strip():
                located = parse_locator(_latex_text(postnote))
                item.locator, item.label, item.suffix = (
                    located.locator, located.label, located.suffix)
            items.append(item)
    if not items:
        return None
    line, column = lines.position(match.start())
    return CiteCluster(
        items, match.start(), end, line, column, text[match.start() : end],
        narrative=narrative, note=note, command=match.group(0)[1:],
    )


_STYLE_COMMANDS = [(re.compile(r"\\(?:emph|textit|textsl)\s*\{([^{}]*)\}"), "<i>", "</i>"),
                   (re.compile(r"\\textbf\s*\{([^{}]*)\}"), "<b>", "</b>"),
                   (re.compile(r"\\textsc\s*\{([^{}]*)\}"),
                    '<span style="font-variant:small-caps;">', "</span>")]


def _latex_text(fragment: str) -> str:
    """Pre/postnote LaTeX to text: ``p.~5`` -> ``p. 5``, ``\\emph{x}`` -> ``<i>x</i>`` (the
    engine's inline markup, so the emphasis survives)."""
    marks: list[tuple[str, str]] = []
    for pattern, open_, close in _STYLE_COMMANDS:
        def keep(match, open_=open_, close=close):
            marks.append((open_, close))
            return f"CITEKITMARK{len(marks) - 1}O{match.group(1)}CITEKITMARK{len(marks) - 1}C"
        fragment = pattern.sub(keep, fragment)
    text = _plain_latex(fragment)
    for index, (open_, close) in enumerate(marks):
        text = text.replace(f"CITEKITMARK{index}O", open_).replace(f"CITEKITMARK{index}C", close)
    return text


def _plain_latex(fragment: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return re.sub(r"\s+", " ", LatexNodes2Text().latex_to_text(fragment)).strip()
    except Exception:  # noqa: BLE001 - pylatexenc raises many types on odd input
        return re.sub(r"\s+", " ", fragment.replace("~", " ")).strip()


def nocite_keys(text: str) -> list[str]:
    """Keys of ``\\nocite{...}`` (``*`` means every entry)."""
    clean = _strip_comments(text)
    keys: list[str] = []
    for match in re.finditer(r"\\nocite\s*\{([^}]*)\}", clean):
        keys.extend(k.strip() for k in match.group(1).split(",") if k.strip())
    return keys


def read_aux(text: str) -> list[tuple[str, int]]:
    """``(key, line)`` for every citation a ``.aux`` file records, in order, duplicates kept.

    Reads BibTeX's ``\\citation{a,b}`` and biblatex's ``\\abx@aux@cite{refsection}{key}``.
    """
    found: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"\\citation\{([^}]*)\}", line):
            found.extend((k.strip(), number) for k in match.group(1).split(",") if k.strip())
        for match in re.finditer(r"\\abx@aux@cite\{(?:[^}]*)\}\{([^}]*)\}", line):
            found.append((match.group(1).strip(), number))
        for match in re.finditer(r"\\abx@aux@cite\{([^}]*)\}(?!\{)", line):
            found.append((match.group(1).strip(), number))
    return found
