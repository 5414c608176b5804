"""The intermediate output tree and its flattening to formatted runs.

Rendering produces a tree (not strings) so later steps can still see structure: group
suppression needs to know what is empty, text-case must skip affixes and ``nocase`` spans,
quotes nest (outer/inner marks), punctuation moves inside closing quotes, duplicated
punctuation at joins collapses, and nested italics flip to normal. Only at the very end the
tree becomes a list of runs ``(text, tags)`` and then pybtex rich text (see ``richtext``).
"""

from __future__ import annotations

import re


class Leaf:
    """A piece of rendered text; ``nocase`` text is left alone by text-case."""

    __slots__ = ("text", "nocase")

    def __init__(self, text: str, nocase: bool = False):
        self.text = text
        self.nocase = nocase

    def __repr__(self):
        return f"Leaf({self.text!r}{', nocase' if self.nocase else ''})"


class Out:
    """A formatted container: kids inside (tags, quotes), affixes outside them."""

    __slots__ = ("kids", "tags", "prefix", "suffix", "quote", "display", "role")

    def __init__(self, kids=None, tags=(), prefix="", suffix="", quote=False, display=None,
                 role=None):
        self.kids = kids if kids is not None else []
        self.tags = tags
        self.prefix = prefix
        self.suffix = suffix
        self.quote = quote
        self.display = display
        self.role = role  # e.g. "year-suffix", "names", "citation-number": for collapsing

    def __repr__(self):
        return (f"Out({self.kids!r}, tags={self.tags}, p={self.prefix!r}, s={self.suffix!r}"
                f"{', q' if self.quote else ''}{', d=' + self.display if self.display else ''})")


def clone(node):
    """A copy of a tree whose nodes can be edited without touching the original."""
    if node.__class__ is Leaf:
        return Leaf(node.text, node.nocase)
    new = Out.__new__(Out)
    new.kids = [clone(k) for k in node.kids]
    new.tags = node.tags
    new.prefix = node.prefix
    new.suffix = node.suffix
    new.quote = node.quote
    new.display = node.display
    new.role = node.role
    return new


def is_empty(node) -> bool:
    if node is None:
        return True
    if isinstance(node, Leaf):
        return not node.text
    for k in node.kids:
        if not is_empty(k):
            return False
    return True


def leaves(node, out=None):
    """Content leaves in order (affixes excluded)."""
    if out is None:
        out = []
    if isinstance(node, Leaf):
        out.append(node)
    elif node is not None:
        for k in node.kids:
            leaves(k, out)
    return out


def plain(node) -> str:
    """Text with affixes, without formatting: for comparisons and sort keys."""
    if node is None:
        return ""
    if isinstance(node, Leaf):
        return node.text
    inner = "".join(plain(k) for k in node.kids)
    if node.quote:
        inner = '"' + inner + '"'
    return node.prefix + inner + node.suffix


# ---------------------------------------------------------------- flattening

_ITALIC = {"i", "oblique", "nostyle"}
_WEIGHT = {"b", "light", "noweight"}
_VARIANT = {"sc", "novariant"}
_DECOR = {"u", "nodecoration"}
_ALIGN = {"sup", "sub", "baseline"}
_FAMILY = [(_ITALIC, "i", "nostyle"), (_WEIGHT, "b", "noweight"), (_VARIANT, "sc", "novariant"),
           (_DECOR, "u", "nodecoration")]


def _effective(stack, tag):
    """Apply flip-flop: italic inside italic becomes normal (same for bold, small caps)."""
    for family, on, off in _FAMILY:
        if tag in family:
            cur = None
            for t in stack:
                if t in family:
                    cur = t
            active = cur is not None and cur != off
            if tag == on and active and cur == on:
                return off
            if tag == off and not active:
                return None
            return tag
    return tag


# Unicode superscript characters are written as <sup>base</sup> (as citeproc-js does)
_SUP_FROM = ("\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0\u02b1\u02b2\u02b3\u02b4\u02b5\u02b6\u02b7\u02b8"
             "\u02e0\u02e1\u02e2\u02e3\u02e4\u1d2c\u1d2d\u1d2e\u1d30\u1d31\u1d32\u1d33\u1d34\u1d35"
             "\u1d36\u1d37\u1d38\u1d39\u1d3a\u1d3c\u1d3d\u1d3e\u1d3f\u1d40\u1d41\u1d42\u1d43\u1d44"
             "\u1d45\u1d46\u1d47\u1d48\u1d49\u1d4a\u1d4b\u1d4c\u1d4d\u1d4f\u1d50\u1d51\u1d52\u1d53"
             "\u1d54\u1d55\u1d56\u1d57\u1d58\u1d59\u1d5a\u1d5b\u1d5c\u1d5d\u1d5e\u1d5f\u1d60\u1d61"
             "\u2070\u2071\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e\u207f"
             "\u2120\u2122\u3192\u3193\u3194\u3195\u3196\u3197\u3198\u3199\u319a\u319b\u319c\u319d"
             "\u319e\u319f\u02c0\u02c1\u06e5\u06e6")
_SUP_TO = ("a 2 3 1 o h \u0266 j r \u0279 \u027b \u0281 w y \u0263 l s x \u0295 A \u00c6 B D E "
           "\u018e G H I J K L M N O \u0222 P R T U W a \u0250 \u0251 \u1d02 b d e \u0259 \u025b "
           "\u025c g k m \u014b o \u0254 \u1d16 \u1d17 p t u \u1d1d \u026f v \u1d25 \u03b2 "
           "\u03b3 \u03b4 \u03c6 \u03c7 0 i 4 5 6 7 8 9 + \u2212 = ( ) n SM TM \u4e00 \u4e8c "
           "\u4e09 \u56db \u4e0a \u4e2d \u4e0b \u7532 \u4e59 \u4e19 \u4e01 \u5929 \u5730 "
           "\u4eba \u0294 \u0295 \u0648 \u064a").split()
SUPERSCRIPTS = dict(zip(_SUP_FROM, _SUP_TO))
_SUP_RE = re.compile("[" + re.escape(_SUP_FROM) + "]+")


def _has_superscript(text: str) -> bool:
    """Superscript characters are never ASCII: most text needs no search."""
    return not text.isascii() and _SUP_RE.search(text) is not None


def _sup_runs(runs, text, stack, kind):
    pos = 0
    for m in _SUP_RE.finditer(text):
        if m.start() > pos:
            runs.append([text[pos:m.start()], stack, kind])
        for n, c in enumerate(m.group(0)):
            # one <sup> per character, as citeproc-js writes them
            runs.append([SUPERSCRIPTS[c], stack + ("sup" if n % 2 == 0 else "sup ",), kind])
        pos = m.end()
    if pos < len(text):
        runs.append([text[pos:], stack, kind])


class Flattener:
    def __init__(self, locale):
        self.runs: list[list] = []  # [text, tags, kind(, field number)]
        self.fields = 0
        self.locale = locale
        oq = locale.term("open-quote") if locale else None
        self.quotes = (
            oq if oq is not None else "\u201c",
            (locale.term("close-quote") if locale else None) or "\u201d",
            (locale.term("open-inner-quote") if locale else None) or "\u2018",
            (locale.term("close-inner-quote") if locale else None) or "\u2019",
        )

    def add(self, node, stack=(), qkind=None):
        runs = self.runs
        if node.__class__ is Leaf:
            text = node.text
            if text:
                if _has_superscript(text):
                    _sup_runs(runs, text, stack, "")
                else:
                    runs.append([text, stack, ""])
            return
        if node is None:
            return
        field_start = len(runs) if node.role == "field" else -1
        if node.prefix:
            if _has_superscript(node.prefix):
                _sup_runs(runs, node.prefix, stack, "affix")
            else:
                runs.append([node.prefix, stack, "affix"])
        inner = stack
        if node.display:
            inner = inner + ("display-" + node.display,)
        if node.tags:
            for t in node.tags:
                e = _effective(inner, t)
                if e is not None:
                    inner = inner + (e,)
        if node.quote:
            # quotes alternate with nesting; curly quotes in the data keep their kind
            # unless they would clash with the quotes around them
            pref = "s" if node.role == "\u2018" else ("d" if node.role == "\u201c" else None)
            if pref == "s":
                kind = "d" if qkind == "s" else "s"
            elif pref == "d":
                kind = "s" if qkind == "d" else "d"
            else:
                kind = "s" if qkind == "d" else "d"
            o, c = (self.quotes[2], self.quotes[3]) if kind == "s" else (self.quotes[0], self.quotes[1])
            runs.append([o, inner, "openq"])
            for k in node.kids:
                self.add(k, inner, kind)
            runs.append([c, inner, "closeq"])
        else:
            for k in node.kids:
                self.add(k, inner, qkind)
        if node.suffix:
            if _has_superscript(node.suffix):
                _sup_runs(runs, node.suffix, stack, "affix")
            else:
                runs.append([node.suffix, stack, "affix"])
        if field_start >= 0:
            # runs of one field value: punctuation there stays where the data put it
            self.fields += 1
            for r in runs[field_start:]:
                if len(r) == 3:
                    r.append(self.fields)

    def finish(self):
        runs = [r for r in self.runs if r[0]]
        # guillemets written with plain spaces get narrow no-break ones (citeproc-js)
        for r in runs:
            if not r[2] and ("\u00ab" in r[0] or "\u00bb" in r[0]):  # data, not terms
                r[0] = _GUILLEMETS.sub(lambda m: "\u00ab\u202f" if m.group(1) else "\u202f\u00bb", r[0])
        _fix_punctuation(runs, self.locale.punctuation_in_quote if self.locale else False)
        return [(r[0], r[1]) for r in runs if r[0]]


_PUNCT = ".,;:!?"
_GUILLEMETS = re.compile("(\u00ab)[ \u00a0]+|[ \u00a0]+\u00bb")

#: (punctuation already there, punctuation arriving) -> what remains
PUNCT_MERGE = {
    (":", ":"): ":", (";", ":"): ";", ("!", ":"): "!", ("?", ":"): "?",
    (":", "."): ":", (".", "."): ".", (";", "."): ";", ("!", "."): "!", ("?", "."): "?",
    (";", ";"): ";",
    (":", "!"): "!", (";", "!"): "!", ("!", "!"): "!",
    (":", "?"): "?", (";", "?"): "?", ("?", "?"): "?",
    (",", ","): ",",
}


def _fix_punctuation(runs, in_quote):
    n = len(runs)
    # punctuation-in-quote: move a following . or , inside the closing quote(s)
    if in_quote:
        for i in range(n):
            if runs[i][2] != "closeq":
                continue
            j = i + 1
            while j < n and runs[j][2] == "closeq":
                j += 1
            while j < n and not runs[j][0]:
                j += 1
            same_field = (len(runs[i]) > 3 and len(runs[j]) > 3 and runs[i][3] == runs[j][3]) \
                if j < n else False
            if j >= n or same_field or runs[j][0][:1] not in _PUNCT:
                continue
            # the punctuation after the quote, across runs ("!" suffix + ": " prefix), merged
            taken, chars, m = [], [], j
            while m < n:
                t = runs[m][0]
                c = 0
                while c < len(t) and t[c] in _PUNCT:
                    c += 1
                if c:
                    taken.append((m, c))
                    chars.extend(t[:c])
                if c < len(t) or runs[m][2] in ("openq", "closeq"):
                    break
                m += 1
            merged = ""
            for ch in chars:
                res = PUNCT_MERGE.get((merged[-1], ch), merged[-1] + ch) if merged else ch
                merged = merged[:-1] + res
            inner = ""
            while len(inner) < len(merged) and merged[len(inner)] in ".,!?":
                inner += merged[len(inner)]
            if not inner:
                continue
            for m, c in taken:
                runs[m][0] = runs[m][0][c:]
            runs[j][0] = merged[len(inner):] + runs[j][0]
            # the first closing quote of the chain takes the punctuation
            k = i
            while k > 0 and runs[k - 1][2] == "closeq":
                k -= 1
            prev = _prev_text(runs, k)
            for ch in inner:
                last = runs[prev][0][-1:] if prev is not None else ""
                if last and last in _PUNCT and not runs[k][0][:-1]:
                    res = PUNCT_MERGE.get((last, ch), last + ch)
                    if res == last:
                        continue
                    if res == ch:
                        runs[prev][0] = runs[prev][0][:-1]
                runs[k][0] = runs[k][0][:-1] + ch + runs[k][0][-1:] if runs[k][0][:-1] else ch + runs[k][0]
    # merge punctuation meeting at joins (citeproc-js's table, see punctuation_FullMonty*)
    prev = None
    for i in range(n):
        t = runs[i][0]
        if not t:
            continue
        if prev is not None:
            p = runs[prev][0]
            a = p[-1]
            b = t[0]
            if b in _PUNCT and a in _PUNCT:
                res = PUNCT_MERGE.get((a, b), a + b)
                if res == a:
                    runs[i][0] = t = t[1:]
                    if not t:
                        continue
                elif res == b:
                    runs[prev][0] = p[:-1]
            elif b == " " and a == " " and runs[i][2] == "affix" and runs[prev][2] == "affix":
                runs[i][0] = t = t[1:]
                if not t:
                    continue
        prev = i


def _prev_text(runs, k):
    k -= 1
    while k >= 0:
        if runs[k][0] and runs[k][2] not in ("openq",):
            return k
        k -= 1
    return None


def flatten(node, locale):
    f = Flattener(locale)
    f.add(node)
    return f.finish()


# ---------------------------------------------------------------- input markup

_MARKUP = re.compile(
    r'(<i>|</i>|<b>|</b>|<sc>|</sc>|<sup>|</sup>|<sub>|</sub>|'
    r'<span\s+style="font-variant:\s*small-caps;?">|<span\s+class="nocase">|'
    r'<span\s+class="nodecor">|</span>|"|\u201c|\u201d|\'|\u2018|\u2019|&lt;|&gt;|&amp;)'
)
#: Entities for the markup characters in a field's literal text (CSL-JSON rich text).
_ENTITY = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_OPEN_TAG = {"<i>": "i", "<b>": "b", "<sc>": "sc", "<sup>": "sup", "<sub>": "sub"}
_CLOSE_TAG = {"</i>": "i", "</b>": "b", "</sc>": "sc", "</sup>": "sup", "</sub>": "sub"}


def parse_markup(text: str):
    """A field value with citeproc-js inline markup -> Out tree (plain strings stay one Leaf)."""
    if ("<" not in text and '"' not in text and "\u201c" not in text and "'" not in text
            and "\u2018" not in text and "&" not in text):
        return Out([Leaf(text)], role="field")
    root = Out(role="field")
    stack = [(root, None)]
    pos = 0
    for m in _MARKUP.finditer(text):
        tok = m.group(0)
        if m.start() > pos:
            _append_text(stack, text[pos:m.start()])
        pos = m.end()
        top, kind = stack[-1]
        if tok in _ENTITY:
            _append_text(stack, _ENTITY[tok])
        elif tok in _OPEN_TAG:
            t = _OPEN_TAG[tok]
            node = Out(tags=(t,), role="nocase" if t in ("sc", "sup", "sub") else None)
            top.kids.append(node)
            stack.append((node, _OPEN_TAG[tok]))
        elif tok in _CLOSE_TAG:
            want = _CLOSE_TAG[tok]
            if any(k == want for _, k in stack):
                while stack[-1][1] != want:
                    stack.pop()
                stack.pop()
            else:
                _append_text(stack, tok)
        elif tok.startswith("<span"):
            if "nocase" in tok:
                node = Out(role="nocase")
                kind = "span"
            elif "nodecor" in tok:
                node = Out(tags=("nostyle", "noweight", "novariant", "nodecoration"), role="nodecor")
                kind = "span"
            else:
                node = Out(tags=("sc",), role="nocase")
                kind = "span"
            top.kids.append(node)
            stack.append((node, kind))
        elif tok == "</span>":
            if any(k == "span" for _, k in stack):
                while stack[-1][1] != "span":
                    stack.pop()
                stack.pop()
            else:
                _append_text(stack, tok)
        elif tok in ("'", "\u2018", "\u2019"):
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if tok == "\u2018":
                node = Out(quote=True, role="\u2018")
                top.kids.append(node)
                stack.append((node, "sq"))
            elif any(k == "sq" for _, k in stack) and (after.isspace() or after in ".,;:!?)]\u201d\"'\u2019" ) \
                    and not before.isspace():
                while stack[-1][1] != "sq":
                    stack.pop()
                stack.pop()
            elif tok == "'" and (before.isspace() or before in "([\u201c\"-\u2014") and not after.isspace():
                node = Out(quote=True, role="sq")
                top.kids.append(node)
                stack.append((node, "sq"))
            else:
                _append_text(stack, "\u2019")
        else:  # quotes
            opening = tok == "\u201c" or (tok == '"' and not any(k == "q" for _, k in stack))
            if tok == "\u201d":
                opening = False
            if opening and tok == '"' and (m.end() >= len(text) or text[m.end()] in " "):
                opening = False
            if opening:
                node = Out(quote=True, role=tok)
                top.kids.append(node)
                stack.append((node, "q"))
            elif any(k == "q" for _, k in stack) and not (
                    tok == '"' and m.start() > 0 and text[m.start() - 1].isspace()):
                while stack[-1][1] != "q":
                    stack.pop()
                stack.pop()
            else:
                _append_text(stack, tok)
    if pos < len(text):
        _append_text(stack, text[pos:])
    # unclosed quotes: give the literal mark back
    for node, kind in stack[1:]:
        if kind in ("q", "sq"):
            node.quote = False
            node.kids.insert(0, Leaf("\u2019" if node.role == "sq" else (node.role or "\u201c")))
    _mark_nocase(root, False)
    return root


def _append_text(stack, s):
    nocase = any(n.role in ("nocase", "nodecor") for n, k in stack)
    kids = stack[-1][0].kids
    if kids and kids[-1].__class__ is Leaf and kids[-1].nocase == nocase:
        kids[-1].text += s
    else:
        kids.append(Leaf(s, nocase))


def _mark_nocase(node, on):
    if isinstance(node, Leaf):
        if on:
            node.nocase = True
        return
    on = on or node.role in ("nocase", "nodecor")
    for k in node.kids:
        _mark_nocase(k, on)
