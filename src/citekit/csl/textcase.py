"""CSL text-case over the leaves of an output tree (nocase spans and affixes untouched).

Title case follows CSL 1.0.2: stop words stay lower case unless first, last or after a colon;
words already containing capitals are left as they are; an all-caps string is lowered first.
"""

from __future__ import annotations

import re

from .output import leaves

#: CSL 1.0.2's stop words (Appendix: title case), exactly: "since", "inside", "after" are
#: capitalised, as pandoc's citeproc does and the specification says.
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up "
    "via with yet "
    # name particles are not English words: "Antiquités de l’Égypte" (citeproc-js agrees)
    "de del della der di van von d' d’".split()
)

_WORD = re.compile(r"[^\s\-\u2013\u2014/]+|[\s\-\u2013\u2014/]+")


def _cap(word: str) -> str:
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1:]
        if ch.isdigit():
            return word
    return word


def _is_lower(word):
    return word == word.lower()


def apply_text_case(node, case: str, english: bool = True, turkic: bool = False):
    """``turkic``: the item's language is Turkish or Azeri, where i upper-cases to İ."""
    if node is None or not case:
        return node
    lv = [l for l in leaves(node) if l.text]
    if not lv:
        return node
    if case == "lowercase":
        for l in lv:
            if not l.nocase:
                l.text = l.text.lower()
    elif case == "uppercase":
        for l in lv:
            if not l.nocase:
                l.text = _upper(l.text.replace("i", "\u0130") if turkic else l.text)
    elif case == "capitalize-first":
        for l in lv:
            if l.nocase:
                if any(c.isalnum() for c in l.text):
                    break
                continue
            if any(c.isalnum() for c in l.text):
                l.text = _cap_first(l.text)
                break
    elif case == "capitalize-all":
        for l in lv:
            if not l.nocase:
                l.text = "".join(_cap(w) if not w[0].isspace() else w
                                 for w in _WORD.findall(l.text))
    elif case == "sentence":
        if not english:
            return node
        text = "".join(l.text for l in lv if not l.nocase)
        all_caps = text.upper() == text
        for l in lv:
            if not l.nocase:
                l.text = "".join(w if (not all_caps and len(w) > 1 and w.isupper()) else w.lower()
                                 for w in _WORD.findall(l.text))
        apply_text_case(node, "capitalize-first")
    elif case == "title":
        if not english:
            return node
        _title(lv, _quote_starts(node))
    return node


def _greek(word):
    return bool(word) and "\u0370" <= word[0] <= "\u03ff"


def _upper(s):
    return s.upper()


def _cap_first(text):
    m = re.search(r"[^\W_]", text)
    if not m:
        return text
    i = m.start()
    return text[:i] + text[i].upper() + text[i + 1:]


def _quote_starts(node, found=None):
    """ids of the first leaves inside quotation marks: a quoted title opens a new phrase, so
    its first word is capitalized even if it is a stop word (“De Motu Animalium”)."""
    from .output import Leaf
    if found is None:
        found = set()
    if node is None or isinstance(node, Leaf):
        return found
    if node.quote:
        first = next((l for l in leaves(node) if l.text.strip()), None)
        if first is not None:
            found.add(id(first))
    for k in node.kids:
        _quote_starts(k, found)
    return found


def _before_hyphen(tokens, k):
    return k + 1 < len(tokens) and tokens[k + 1][1][:1] in ("-", "\u2013")


def _title(lv, quote_starts=frozenset()):
    all_caps = False
    # tokenise all leaves, remembering which leaf each word came from
    tokens = []  # [leaf_index, text, is_word]
    for i, l in enumerate(lv):
        for w in _WORD.findall(l.text):
            tokens.append([i, w, not (w[0].isspace() or w[0] in "-\u2013\u2014/")])
    word_idx = [k for k, t in enumerate(tokens) if t[2]]
    phrase_starts = set()
    for i, l in enumerate(lv):
        if id(l) in quote_starts:
            k = next((k for k in word_idx if tokens[k][0] == i), None)
            if k is not None:
                phrase_starts.add(k)
    if not word_idx:
        return
    first, last = word_idx[0], word_idx[-1]
    after_colon = False
    prev_sep = ""
    for k, t in enumerate(tokens):
        if not t[2]:
            prev_sep = t[1]
            continue
        leaf = lv[t[0]]
        w = t[1]
        if k and tokens[k - 1][2]:
            # the rest of a word whose start is another leaf ("{F}rench"): not a new word
            after_colon = w.endswith((":", "?", "!", "."))
            continue
        if leaf.nocase:
            after_colon = w.endswith(":") or w.endswith("?") or w.endswith("!")
            continue
        if all_caps:
            w = w.lower()
        core = w.strip("\"'\u201c\u201d\u2018\u2019([{")
        lower_core = core.lower().rstrip(".,;:!?)")
        after_hyphen = prev_sep.startswith("-")
        opens_quote = w[:1] in "\u201c\u2018\"\u00ab" or k in phrase_starts
        shouting = len(core) > 1 and core.isupper()  # "JOURNAL OF": upper-case words stay
        if (lower_core in STOP_WORDS and k != first and not after_colon and not opens_quote
                and (k != last or after_hyphen) and not shouting):
            w = w.lower()
        elif (_is_lower(w) and not (sum(c.isalpha() for c in core) == 1
                                     and (after_hyphen or _before_hyphen(tokens, k)))
              and not _greek(core)
              and not w.startswith("\u2019")):  # an elision ("’t Hooft") stays lower case
            # a single letter in a compound is a symbol: "p-n junction", "n-Type" (pandoc)
            w = _cap(w)
        t[1] = w
        after_colon = w.endswith((":", "?", "!", "."))
        prev_sep = ""
    for i, l in enumerate(lv):
        if l.nocase:
            continue
        l.text = "".join(t[1] for t in tokens if t[0] == i)
