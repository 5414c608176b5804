"""Turn an author/editor/translator segment into BibTeX's "Last, First and Last, First".

Reference lists write names every way there is: "Smith, J., Doe, A.", "John Smith and
Jane Doe", "Smith, John, and Jane Doe" (Chicago), "Smith JA, Doe B" (Vancouver),
"J. P. COLLMAN et J. L. SESSLER".  The words themselves are never changed or dropped
(apart from role words such as "eds." and "edited by"); only their order and the
separators, so nothing is invented.  pybtex's Person does the "First von Last" split.
"""

from __future__ import annotations

import re

from pybtex.database import Person

from .lexicons import fold, word_set

# Role words around names: "In", "edited by", "(Eds.)", "Hrsg. von", "trans." ...
_LEAD = re.compile(
    r"^\s*(?:(?:in|dans|im|en)\s*:?\s+|in:\s*)?"
    r"(?:(?:edited|translated|compiled|introduced|selected)(?:\s+and\s+(?:edited|translated|compiled|introduced))?\s+(?:by|von)\s+"
    r"|(?:eds?|hrsg|hg|trans|transl|trad|tr|dir|comp)\.?(?:\s+(?:by|von|par|di|de))?\s+"
    r"|herausgegeben\s+von\s+|traduit\s+par\s+|a\s+cura\s+di\s+|ed\.\s+by\s+)?",
    re.I,
)
_ROLE = re.compile(
    r",?\s+\b(?:eds?|trans|transl|tr|comp)\.?\s+(?:and|&)\s+(?:eds?|trans|transl|tr|comp)\.?(?=\s*[,.;:]*\s*$)"  # "trans. and ed."
    r"|[\(\[]\s*(?:eds?|edd|editors?|hrsg|hgg?|dirs?|coords?|comps?|éds?|trans|transl|trad|tr|ed\.\s*and\s*trans)\.?\s*[\)\]]"
    r"|,?\s+\b(?:eds?|edd|editors?|hrsg|hgg?|dirs?|éds?|trans|transl|comps?)\.?(?=\s*[,.;:]*\s*$)",
    re.I,
)
_ET_AL = re.compile(r",?\s*(?:et\s*al\.?|and\s+others|u\.\s*a\.|et\s+coll\.?)\s*[.,;:]*\s*$", re.I)
_CONJ = re.compile(r"\s*,?\s+(?:and|&|und|u\.|et|y|e|i|och|og|és|и|en)\s+|\s*&\s*|\s*;\s*")
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.-?)+$|^[A-ZÀ-ÖØ-Þ]{1,3}\.?$|^(?:[A-ZÀ-ÖØ-Þ][a-z]?\.-?)+$")
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
              "ten", "ter", "bin", "ibn", "al", "el", "st.", "mac", "vander", "zu", "y"}
_ORG_WORDS = {
    "association", "agency", "bureau", "board", "center", "centre", "commission", "committee", "company",
    "council", "department", "foundation", "group", "institute", "institut", "ministry", "ministère",
    "office", "organization", "organisation", "society", "university", "université", "service", "network",
    "nations", "bank", "fund", "corporation", "inc.", "ltd", "project", "team", "consortium", "federation",
    "academy", "school", "library", "museum", "government", "administration", "program", "programme",
    "authority", "trust", "union", "conference", "national", "international", "press", "who", "unesco",
    "oecd", "unicef", "world",
}
_PAREN_GIVEN = re.compile(r"^([^()]+?)\s*\(([^()]+)\)$")
_LINEAGE = re.compile(r"^(?:jr|sr|jun|sen|ii|iii|iv)\.?$", re.I)
_COMMA = re.compile(r"\s*,\s*")
_SENTENCE_STOP = re.compile(r"(?:^|[\s.-])[A-ZÀ-ÖØ-Þ][a-z]?\.$")
_DASHES = re.compile(r"^[\s\-‐‑‒–—―_]+[.,]?$")


def _is_initials(part: str) -> bool:
    words = part.split()
    return bool(words) and all(_INITIALS.match(w.strip(",")) for w in words)


def _is_org(text: str) -> bool:
    words = text.casefold().split()
    return len(words) >= 2 and any(w.strip(".,;:()[]") in _ORG_WORDS for w in words)


def _surname_only(part: str) -> bool:
    """'Smith', 'de la Cruz', 'Mc Dougall', 'Garcia Marquez', 'COLLMAN': a surname with no given name.

    Two or three capitalised words count as one surname unless the first is a known given
    name ("John Smith, Jane Doe" lists people in natural order).
    """
    words = part.split()
    if not words or len(words) > 4 or _is_initials(part):
        return False
    if len(words) == 1:
        return True
    core = [w for w in words if w.casefold() not in _PARTICLES]
    if len(core) == 1 or len(core) < len(words):  # "de la Cruz", "Olivier De Sardan"
        return True
    if len(core) > 3 or any(_INITIALS.match(w) for w in core):
        return False
    return fold(core[0]) not in word_set("given_names.txt")


def _given_like(part: str) -> bool:
    """'J.', 'M. T.', 'John', 'Laura J.', 'John Kenneth', 'Jean-Paul': what follows an inverted surname.

    'Manali Desai' is not: two full words read as given names only when the second is a
    known given name, so "Cedric de Leon, Manali Desai" stays two people.
    """
    words = part.split()
    if not words or len(words) > 3:
        return False
    if _is_initials(part):
        return True
    if not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 1:
        return True
    return len(words) == 2 and (bool(_INITIALS.match(words[1])) or fold(words[1]) in word_set("given_names.txt"))


def _invert(name: str) -> str:
    """'John Smith' -> 'Smith, John'; 'Smith JA' -> 'Smith, JA'; 'Smith' -> 'Smith'."""
    name = name.strip(" ,;:")
    m = _PAREN_GIVEN.match(name)  # French "Bugnon (A.-L.)": surname, given names in brackets
    if m:
        return f"{m.group(1)}, {m.group(2)}"
    words = name.split()
    if len(words) < 2:
        return name
    if len(words) > 2 and _LINEAGE.match(words[-1]):  # "Martin Luther King Jr." -> "King, Jr., Martin Luther"
        last, _, first = _invert(" ".join(words[:-1])).partition(", ")
        return f"{last}, {words[-1]}, {first}" if first else name
    # Vancouver / French: surname first, initials last ("Smith JA", "Olivier De Sardan J. P.")
    k = len(words)
    while k > 0 and _INITIALS.match(words[k - 1]) and (words[k - 1].isupper() or words[k - 1].endswith(".")):
        k -= 1
    if 0 < k < len(words) and not _is_initials(" ".join(words[:k])):
        if not (k == 1 and _INITIALS.match(words[0])):
            return f"{' '.join(words[:k])}, {' '.join(words[k:])}"
    if all(w[:1].isupper() for w in words) and "{" not in name and not _LINEAGE.match(words[-1]):
        return f"{words[-1]}, {' '.join(words[:-1])}"  # plain "First Middle Last": what Person would do
    try:
        person = Person(name)
    except Exception:  # pybtex refuses odd strings (e.g. unbalanced braces): keep as written
        return name
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    lineage = " ".join(person.lineage_names)
    if not first:
        return last or name
    return f"{last}, {lineage + ', ' if lineage else ''}{first}"


def _strip_unbalanced(t: str) -> str:
    """Strip edge brackets that have no partner inside: '(Smith, J.' -> 'Smith, J.'; keep 'Bugnon (A.)'."""
    while t and t[0] in "([" and t.count("(") + t.count("[") > t.count(")") + t.count("]"):
        t = t[1:].strip(" ,;:")
    while t and t[-1] in ")]" and t.count(")") + t.count("]") > t.count("(") + t.count("["):
        t = t[:-1].strip(" ,;:")
    return t


def strip_roles(text: str) -> str:
    """Remove 'In', 'edited by', '(Eds.)' etc. around a name list; keep the names."""
    t = text.strip()
    t = _LEAD.sub("", t, count=1)
    t = _ROLE.sub("", t)
    t = _strip_unbalanced(t.strip(" ,;:"))
    if t.endswith(".") and not _SENTENCE_STOP.search(t):
        t = t.rstrip(".").rstrip(" ,;:")  # a sentence full stop, not an initial's
    return t if t.strip(" .") else text.strip()


def split_names(text: str) -> list[str]:
    """Names of a segment, each as 'Last, First' (or as written when it is an organisation)."""
    t = strip_roles(text)
    if not t:
        return []
    if _DASHES.match(t):  # "———." : same author(s) as the previous entry; the list importer resolves it
        return [t.rstrip(".,")]
    others = False
    m = _ET_AL.search(t)
    if m:
        others = True
        t = t[: m.start()]
    t = t.strip(" ,;:")
    if "," not in t and " and " not in t and "&" not in t and _is_org(t):
        names = ["{" + t.rstrip(".") + "}"]
    else:
        names = []
        for chunk in _CONJ.split(t):
            chunk = chunk.strip(" ,;:")
            if not chunk:
                continue
            if _is_org(chunk) and "," not in chunk:
                names.append("{" + chunk.rstrip(".") + "}")
                continue
            parts = [p.strip() for p in _COMMA.split(chunk) if p.strip(" .")]
            i = 0
            while i < len(parts):
                p = parts[i]
                nxt = parts[i + 1] if i + 1 < len(parts) else None
                if nxt is not None and _surname_only(p) and _given_like(nxt):
                    names.append(f"{p}, {nxt}")
                    i += 2
                else:
                    names.append(_invert(p))
                    i += 1
    names = [n.strip() for n in names if n.strip(" .,")]
    if others:
        names.append("others")
    return names


def format_names(text: str) -> str:
    """A name segment as a BibTeX name list ('Last, First and Last, First')."""
    return " and ".join(split_names(text))
