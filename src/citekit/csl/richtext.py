"""The rich-text vocabulary between the CSL engine and output backends.

The engine emits pybtex.richtext objects: Text/String and Tag with these names (backends must
know them all). Formatting tags come from CSL formatting attributes; display tags from
``display``; "nostyle"/"noweight"/"novariant" appear when formatting flips inside itself.
"""

from __future__ import annotations

from pybtex.richtext import HRef, String, Tag, Text

from .links import HREF_TAG

#: formatting tags: CSL attribute value each stands for
FORMAT_TAGS = {
    "i": "font-style: italic",
    "oblique": "font-style: oblique",
    "nostyle": "font-style: normal",
    "b": "font-weight: bold",
    "light": "font-weight: light",
    "noweight": "font-weight: normal",
    "sc": "font-variant: small-caps",
    "novariant": "font-variant: normal",
    "u": "text-decoration: underline",
    "nodecoration": "text-decoration: none",
    "sup": "vertical-align: sup",
    "sub": "vertical-align: sub",
    "baseline": "vertical-align: baseline",
}

#: display tags (block-level in HTML)
DISPLAY_TAGS = {
    "block": "display: block",
    "left-margin": "display: left-margin",
    "right-inline": "display: right-inline",
    "indent": "display: indent",
}

ALL_TAGS = frozenset(FORMAT_TAGS) | frozenset(DISPLAY_TAGS)


def _tag_name(t: str) -> str:
    t = t.rstrip()  # "sup " keeps adjacent superscript characters in separate tags
    return t[len("display-"):] if t.startswith("display-") else t


def _node(cls, *args, parts):
    """A pybtex rich-text node with exactly these parts (pybtex's constructor would merge
    adjacent same-name tags, e.g. two superscript characters that must stay apart)."""
    node = cls(*args)
    node.parts = parts
    node.length = sum(len(p) for p in parts)
    return node


def _container(tag: str, parts):
    """A Tag for a formatting/display tag; an HRef for a link (``href:<target>``)."""
    if tag.startswith(HREF_TAG):
        return _node(HRef, tag[len(HREF_TAG):], parts=parts)
    return _node(Tag, _tag_name(tag), parts=parts)


def runs_to_richtext(runs) -> Text:
    """[(text, tags_tuple)] -> nested pybtex Text (adjacent runs share their common tags)."""
    root: list = []
    stack: list[tuple[str, list]] = []  # (tag, parts)
    for text, tags in runs:
        # common prefix
        k = 0
        while k < len(stack) and k < len(tags) and stack[k][0] == tags[k]:
            k += 1
        while len(stack) > k:
            tag, parts = stack.pop()
            node = _container(tag, parts)
            (stack[-1][1] if stack else root).append(node)
        for t in tags[k:]:
            stack.append((t, []))
        target = stack[-1][1] if stack else root
        if target and isinstance(target[-1], String):
            target[-1] = String(target[-1].value + text)
        else:
            target.append(String(text))
    while stack:
        tag, parts = stack.pop()
        node = _container(tag, parts)
        (stack[-1][1] if stack else root).append(node)
    return _node(Text, parts=root)


def runs_to_markup(runs, backend) -> str:
    """``runs_to_richtext(runs).render(backend)``, without making the tree.

    The same nesting (adjacent runs share their common tags; a text run next to another
    at the same depth is one string, escaped as one), rendered as it is built: a reference
    list's entries go to their page without one pybtex object each."""
    format_str = backend.format_str
    # one level per open tag: [tag, rendered parts, raw text not yet escaped]
    levels: list[list] = [[None, [], []]]
    for text, tags in runs:
        k = 0
        depth = len(levels) - 1
        while k < depth and k < len(tags) and levels[k + 1][0] == tags[k]:
            k += 1
        while len(levels) - 1 > k:
            _close(levels, backend)
        top = levels[-1]
        for t in tags[k:]:
            _flush(top, format_str)
            top = [t, [], []]
            levels.append(top)
        top[2].append(text)
    while len(levels) > 1:
        _close(levels, backend)
    _flush(levels[0], format_str)
    return "".join(levels[0][1])


def _flush(level, format_str) -> None:
    """A level's raw text so far, escaped as one string, onto its rendered parts."""
    if level[2]:
        level[1].append(format_str("".join(level[2])))
        level[2].clear()


def _close(levels, backend) -> None:
    """Render the innermost open tag into its parent's parts."""
    level = levels.pop()
    _flush(level, backend.format_str)
    tag, text = level[0], "".join(level[1])
    if tag.startswith(HREF_TAG):
        rendered = backend.format_href(tag[len(HREF_TAG):], text, False)
    else:
        rendered = backend.format_tag(_tag_name(tag), text)
    parent = levels[-1]
    _flush(parent, backend.format_str)
    parent[1].append(rendered)
