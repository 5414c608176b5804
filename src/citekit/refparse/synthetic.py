"""Labelled training references rendered by citekit's own CSL engine (used by scripts/, not at run time).

The references users paste were made by citation styles, so citekit renders entries in
many styles and locales and labels every token by the CSL variable that produced it.
The engine is not asked where a token came from: each variable is *perturbed* in turn
(letters and digits shifted, the same length and case) and the item rendered again; the
tokens that change are that variable's.  Unlike deleting a variable, this moves nothing
else (no substituted author, no punctuation closing up), so the labels are exact.  Words
no variable produced ("In", "pp.", "(Ed.)", "Retrieved from") go with the segment they
introduce, as in the hand-labelled data.  Then the damage real text has is added: PDF line
breaks and hyphenation, lost quotes, OCR slips, missing punctuation, list numbering.

Everything is seeded: the same inputs give the same records.
"""

from __future__ import annotations

import copy
import difflib
import functools
import random
import re
from collections.abc import Iterable, Sequence

# CSL variable -> the hand-labelled data's label (AnyStyle's vocabulary)
VARIABLE_LABEL = {
    "author": "author", "editor": "editor", "translator": "translator", "title": "title",
    "container-title": "container-title", "collection-title": "collection-title",
    "publisher": "publisher", "publisher-place": "location", "page": "pages", "volume": "volume",
    "issue": "volume", "edition": "edition", "DOI": "doi", "URL": "url", "ISBN": "isbn",
    "issued": "date", "genre": "genre",
}
JOURNAL_TYPES = {"article-journal", "article-magazine", "article-newspaper", "review"}
KEEP = set(VARIABLE_LABEL) | {"id", "type", "language"}

#: Styles in the families users paste from (author-date, notes-bibliography, numeric;
#: English, German, French, Spanish, Portuguese, Italian conventions).  Missing ones are skipped.
STYLES = [
    "apa", "apa-6th-edition", "modern-language-association", "chicago-author-date",
    "chicago-notes-bibliography", "harvard-cite-them-right", "elsevier-harvard", "ieee",
    "vancouver", "american-medical-association", "american-chemical-society", "nature",
    "american-sociological-association", "american-political-science-association",
    "springer-basic-author-date", "taylor-and-francis-chicago-author-date", "chicago-notes-bibliography-fr",
    "cambridge-university-press-author-date", "iso690-author-date-en", "apa-eu",
    "din-1505-2", "deutsche-gesellschaft-fur-psychologie", "iso690-author-date-fr", "le-tapuscrit-note",
    "associacao-brasileira-de-normas-tecnicas", "universidad-evangelica-del-paraguay",
    "bmj", "sage-harvard", "apa-fr-provost", "chicago-author-date-de",
]

_WORD_NUMBERING = ("[{n}]", "{n}.", "({n})", "{n})")


def _shift_char(ch: str) -> str:
    if "a" <= ch <= "y" or "A" <= ch <= "Y":
        return chr(ord(ch) + 1)
    if ch in "zZ":
        return chr(ord(ch) - 25)
    if "1" <= ch <= "8":
        return chr(ord(ch) + 1)
    if ch == "9":
        return "1"
    if ch == "0":
        return "1"
    if ch.isalpha() and ch.lower() != ch.upper():  # other letters: swap for an ASCII one of the same case
        return "Q" if ch.isupper() else "q"
    return ch


def _shift(value):
    """The same shape with other letters and digits (a perturbed copy of a variable)."""
    if isinstance(value, str):
        return "".join(_shift_char(c) for c in value)
    if isinstance(value, list):
        return [_shift(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "date-parts":
                out[k] = [[(x + 1) if j == 0 and isinstance(x, int) else x for j, x in enumerate(part)]
                          for part in v]
            elif k in ("family", "given", "literal", "raw"):
                out[k] = _shift(v)
            else:
                out[k] = v
        return out
    return value


def _perturbed(item: dict, var: str) -> dict:
    other = copy.deepcopy(item)
    if var in ("DOI", "URL"):
        other[var] = item[var] + "x7"
    else:
        other[var] = _shift(item[var])
    return other


def _core(tok: str) -> str:
    return re.sub(r"\W+", "", tok)


def _changed(full: list[str], other: list[str]) -> set[int]:
    """Indexes of the tokens of ``full`` that differ in ``other`` (punctuation moves ignored)."""
    out: set[int] = set()
    sm = difflib.SequenceMatcher(None, full, other, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        cores = {_core(t) for t in other[j1:j2]}
        for i in range(i1, i2):
            if op == "delete" or _core(full[i]) not in cores or not _core(full[i]):
                out.add(i)
    return out


_BELONGS_BEFORE = re.compile(r"^(?:et|al\.?[,;.]?|and|&|others[,.]?|jr\.?,?|"
                             r"(?:[(\[]?(?:[eé]ds?|hrsg|hg|dirs?|coords?|trans|trad|tr|übers)\.?[)\]]?[,.;:]?))$", re.I)


def label_tokens(full: list[str], claims: dict[int, str]) -> list[str]:
    """One label per token: its variable's, or for a word no variable produced ("In", "pp.")
    the label of the segment it introduces (a trailing one joins the segment before)."""
    labels: list[str | None] = [claims.get(i) for i in range(len(full))]
    n = len(full)
    for i in range(n):
        if labels[i] is not None:
            continue
        prev = next((labels[j] for j in range(i - 1, -1, -1) if labels[j]), None)
        nxt = next((claims.get(j) for j in range(i + 1, n) if claims.get(j)), None)
        if i == 0 and re.fullmatch(r"\[?\(?\d{1,4}[\].)]?", full[i]):
            labels[i] = "citation-number"
        elif prev and (nxt is None or nxt == prev or _BELONGS_BEFORE.match(full[i])):
            labels[i] = prev
        else:
            labels[i] = nxt or prev or "note"
    return [lab or "note" for lab in labels]


def render_labelled(items: Sequence[dict], style: str, lang: str | None = None) -> list[tuple[list[str], list[str]]]:
    """(tokens, labels) of every item rendered in ``style``; items that fail are left out."""
    from citekit.backends import render as render_rich
    from citekit.render import make_processor

    def texts(batch: list[dict]) -> dict[str, str]:
        _, proc = make_processor(style, batch, lang)
        out = {}
        for entry in proc.bibliography([it["id"] for it in batch]):
            key = getattr(entry, "id", None) or getattr(entry, "key", None)
            rich = getattr(entry, "text", None)
            out[key] = render_rich(rich if rich is not None else entry.rich, "text")
        return out

    full = texts(list(items))
    variables = sorted({v for it in items for v in it if v in VARIABLE_LABEL})
    claims: dict[str, dict[int, str]] = {it["id"]: {} for it in items}
    tokens = {k: t.split() for k, t in full.items()}
    # one render per variable, every item perturbed at once (the same list, the same numbering)
    for var in variables:
        batch = [(_perturbed(it, var) if var in it else it) for it in items]
        other = texts(batch)
        for it in items:
            key = it["id"]
            if var not in it or key not in other or key not in tokens:
                continue
            label = VARIABLE_LABEL[var]
            if var == "container-title" and it.get("type") in JOURNAL_TYPES:
                label = "journal"
            for i in _changed(tokens[key], other[key].split()):
                claims[key].setdefault(i, label)
    out = []
    for it in items:
        toks = tokens.get(it["id"])
        if toks and claims[it["id"]]:
            out.append((toks, label_tokens(toks, claims[it["id"]])))
    return out


# ---------------------------------------------------------------------- damage


def damage(tokens: list[str], labels: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """What PDFs, OCR and copy-paste do to a reference (each kind now and then)."""
    toks, labs = list(tokens), list(labels)
    if rng.random() < 0.25:  # quotes and italics markers lost
        toks = [t.strip("“”\"‘’«»") or t for t in toks]
    if rng.random() < 0.15:  # punctuation lost at a few token ends
        toks = [t[:-1] if len(t) > 2 and t[-1] in ".,;:" and rng.random() < 0.3 else t for t in toks]
    if rng.random() < 0.15:  # a PDF line break hyphenates a long word
        idx = [i for i, t in enumerate(toks) if len(t) > 7 and t.isalpha()]
        if idx:
            i = rng.choice(idx)
            cut = rng.randint(3, len(toks[i]) - 3)
            toks[i: i + 1] = [toks[i][:cut] + "-", toks[i][cut:]]
            labs[i: i + 1] = [labs[i], labs[i]]
    if rng.random() < 0.08:  # OCR slips
        slips = (("l", "1"), ("rn", "m"), ("O", "0"), ("e", "c"), ("i", "í"))
        i = rng.randrange(len(toks))
        a, b = rng.choice(slips)
        toks[i] = toks[i].replace(a, b, 1)
    if rng.random() < 0.1 and labs[0] != "citation-number":  # list numbering
        toks.insert(0, rng.choice(_WORD_NUMBERING).format(n=rng.randint(1, 120)))
        labs.insert(0, "citation-number")
    if rng.random() < 0.05 and "url" in labs:  # "Retrieved from" / "Available at:" before a bare URL
        i = labs.index("url")
        if not toks[i].lower().startswith(("retrieved", "available", "url")):
            extra = rng.choice((["Retrieved", "from"], ["Available", "at:"], ["URL:"]))
            toks[i:i] = extra
            labs[i:i] = ["url"] * len(extra)
    return toks, labs


def to_record(rid: str, tokens: list[str], labels: list[str]) -> dict:
    """The hand-labelled data's shape: text and [label, text] segments (BIO comes from the joins)."""
    segments: list[list[str]] = []
    for tok, lab in zip(tokens, labels):
        if segments and segments[-1][0] == lab:
            segments[-1][1] += " " + tok
        else:
            segments.append([lab, tok])
    return {"id": rid, "text": " ".join(tokens), "segments": segments, "source": "synthetic"}


# ---------------------------------------------------------------------- inputs


def items_from_records(records: Iterable[dict]) -> list[dict]:
    """CSL items made from the gold segments of labelled references (the rules turn them into
    BibTeX fields, the bridge into CSL), so the styles render the same works again."""
    from citekit.bridge import entry_to_csl

    from .fields import segments_to_fields, settle_type

    items = []
    for rec in records:
        segs = [(lab, text) for lab, text in rec["segments"] if lab and lab != "citation-number"]
        fields, _ = segments_to_fields(segs)
        fields.pop("titleaddon", None)
        fields.pop("note", None)
        if not fields.get("title"):
            continue
        kind = settle_type(dict(fields), rec["text"])
        try:
            item, _ = entry_to_csl(f"r{len(items)}", kind, fields)
        except Exception:  # noqa: BLE001 - a record the bridge cannot map is simply not used
            continue
        items.append(_trim(item))
    return items


def items_from_bib(paths: Iterable[str]) -> list[dict]:
    """CSL items of .bib files (titled entries only)."""
    from citekit.render import load_items

    items = []
    for path in paths:
        try:
            loaded, _, _ = load_items([str(path)])
        except Exception:  # noqa: BLE001 - an unreadable corpus file is skipped
            continue
        for it in loaded:
            if it.get("title"):
                it = _trim(it)
                it["id"] = f"b{len(items)}"
                items.append(it)
    return items


def _trim(item: dict) -> dict:
    return {k: v for k, v in item.items() if k in KEEP and v not in (None, "", [])}


def generate(items: Sequence[dict], n_styles: int, seed: int = 13, per_style: int = 400,
             styles: Sequence[str] = STYLES) -> list[dict]:
    """Records: each style renders a random sample of the items, then damage is added."""
    from citekit.styles import resolve_style

    rng = random.Random(seed)
    usable = []
    for s in styles:
        try:
            resolve_style(s)
            usable.append(s)
        except Exception:  # noqa: BLE001 - a style this checkout does not have
            continue
    out: list[dict] = []
    for style in usable[:n_styles]:
        sample = rng.sample(list(items), min(per_style, len(items)))
        sample = [dict(it, id=f"s{i}") for i, it in enumerate(sample)]
        try:
            rendered = render_labelled(sample, style)
        except Exception:  # noqa: BLE001 - a style the engine cannot run is skipped
            continue
        for k, (toks, labs) in enumerate(rendered):
            toks, labs = damage(toks, labs, rng)
            out.append(to_record(f"syn-{style}-{k}", toks, labs))
    return out


@functools.lru_cache(maxsize=2)
def _bib_items(root: str) -> tuple[dict, ...]:
    return tuple(items_from_bib(corpus_bib_files(root)))


def corpus_bib_files(root) -> list:
    """The .bib files of ../shared/corpora/real (real-world bibliographies)."""
    from pathlib import Path

    base = Path(root)
    return sorted(p for p in (base / "real").rglob("*.bib")) if base.exists() else []


#: CSL types of the parts of a book or a proceedings volume (their container is a booktitle)
PART_TYPES = {"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"}


def is_focus(item: dict) -> bool:
    """The kinds the labeller gets wrong most: chapters and papers (a container after the
    title, often with editors), and works with editors, editions or translators."""
    return item.get("type") in PART_TYPES or any(k in item for k in ("editor", "edition", "translator"))


def pick_items(items: Sequence[dict], n: int, focus: float, rng: random.Random) -> list[dict]:
    """``n`` items, a ``focus`` share of them of the kinds ``is_focus`` names."""
    pool = list(items)
    rng.shuffle(pool)
    want = int(n * focus)
    chosen = [it for it in pool if is_focus(it)][:want]
    taken = {id(it) for it in chosen}
    chosen += [it for it in pool if id(it) not in taken][: n - len(chosen)]
    rng.shuffle(chosen)
    return chosen


def synthetic_for(records: Sequence[dict], n: int, seed: int = 13, corpora=None, gold_share: float = 0.5,
                  focus: float = 0.0) -> list[dict]:
    """About ``n`` rendered references: a ``gold_share`` of them from the gold fields of
    ``records`` (only those: in cross-validation, the training folds), the rest from the
    corpora's .bib entries; a ``focus`` share of chapters, papers and edited works.
    With ``gold_share=0`` the set does not depend on ``records`` (one set serves every fold)."""
    from pathlib import Path

    root = Path(corpora) if corpora else Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
    rng = random.Random(seed)
    n_gold = int(n * gold_share)
    gold_items: list[dict] = []
    if n_gold:
        clean = [r for r in records if "ugly" not in r.get("source", "")]
        gold_items = pick_items(items_from_records(rng.sample(clean, min(len(clean), 2 * n_gold))), n_gold,
                                focus, rng)
    bib_items = pick_items(_bib_items(str(root)), n - len(gold_items), focus, rng)
    items = gold_items + bib_items
    rng.shuffle(items)  # every style renders both kinds
    items = [dict(it, id=f"i{i}") for i, it in enumerate(items)]
    per_style = max(1, len(items) // len(STYLES))
    out: list[dict] = []
    for k, style in enumerate(STYLES):
        chunk = items[k * per_style:(k + 1) * per_style]
        if chunk:
            out.extend(generate(chunk, 1, seed=seed + k, per_style=len(chunk), styles=[style]))
    return out
