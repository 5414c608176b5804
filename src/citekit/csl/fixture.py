"""Run one CSL test-suite fixture and print citekit's output in the fixture's RESULT form.

    python -m citekit.csl.fixture FIXTURE.txt

Follows the suite's protocol (see ../shared/csl-suite/README.md): without CITATIONS every
INPUT item is registered in INPUT order; CITATION-ITEMS are processed as a document's
citations in turn; CITATIONS use the note-document protocol (``>>[i]`` marks citations the
last call returned, i.e. new or changed ones).
"""

from __future__ import annotations

import json
import os
import re
import sys

from .html import bibliography_html, to_html
from .processor import Processor
from .style import parse_style_text

_OPEN = re.compile(r"^>>=+\s*([A-Z][A-Z0-9-]*)\s*=+>>\s*$")
_CLOSE = re.compile(r"^<<=+\s*([A-Z][A-Z0-9-]*)\s*=+<<\s*$")
_JSON = {"INPUT", "CITATION-ITEMS", "CITATIONS", "BIBENTRIES", "BIBSECTION", "ABBREVIATIONS",
         "OPTIONS"}


def parse_fixture_text(text: str) -> dict:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out, cur, buf = {}, None, []
    for line in text.split("\n"):
        if cur is None:
            m = _OPEN.match(line)
            if m:
                cur, buf = m.group(1), []
            continue
        m = _CLOSE.match(line)
        if m and m.group(1) == cur:
            out[cur] = "\n".join(buf)
            cur = None
        else:
            buf.append(line)
    for k in list(out):
        if k in _JSON:
            out[k] = json.loads(out[k]) if out[k].strip() else None
    if "MODE" in out:
        out["MODE"] = out["MODE"].strip()
    return out


def parse_fixture(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        fx = parse_fixture_text(f.read())
    fx["NAME"] = os.path.splitext(os.path.basename(path))[0]
    return fx


def _cites(items):
    return [dict(ci, id=str(ci["id"])) for ci in items]


def run_fixture(fx: dict) -> str:
    style = parse_style_text(fx["CSL"], fx.get("NAME", "fixture") + ".csl")
    items = fx.get("INPUT") or []
    mode = fx.get("MODE", "citation")
    if fx.get("CITATIONS"):
        return _run_citations(style, items, fx["CITATIONS"], mode)
    proc = Processor(style, items)
    proc.register(list(proc.items))
    if fx.get("CITATION-ITEMS"):
        cits = [{"items": _cites(cl), "note_index": n + 1}
                for n, cl in enumerate(fx["CITATION-ITEMS"])]
    else:
        # synthesized from the inputs after they are sorted (test-suite issue 66)
        ids = list(proc.items)
        if style.bibliography is not None and mode == "citation":
            ids = [e.id for e in Processor(style, items).bibliography()] or ids
            ids += [i for i in proc.items if i not in ids]
        cits = [{"items": [{"id": iid} for iid in ids], "note_index": 1}]
    if mode == "bibliography":
        if fx.get("CITATION-ITEMS"):
            proc.process_citations(cits)
        return bibliography_html(proc.bibliography())
    return "\n".join(to_html(t) for t in proc.process_citations(cits))


def _run_citations(style, items, calls, mode):
    docs = []  # document states after each call: list of (citationID, citation)
    known = {}
    for call in calls:
        citation, pre, post = call[0], call[1], call[2]
        known[citation["citationID"]] = citation
        order = [c[0] for c in pre] + [citation["citationID"]] + [c[0] for c in post]
        notes = {c[0]: c[1] for c in list(pre) + list(post)}
        notes[citation["citationID"]] = citation.get("properties", {}).get("noteIndex", 0)
        docs.append((order, notes, citation["citationID"]))

    def render(order, notes):
        proc = Processor(style, items)
        cits = []
        for cid in order:
            c = known[cid]
            cits.append({"items": _cites(c.get("citationItems", [])), "note_index": notes.get(cid, 0)})
        proc_out = proc.process_citations(cits)
        return proc, [to_html(t) for t in proc_out]

    order, notes, last_id = docs[-1]
    proc, final = render(order, notes)
    if mode == "bibliography":
        return bibliography_html(proc.bibliography())
    previous, pnotes, touched, prev_numbers = {}, {}, set(), {}
    uses_note_numbers = "first-reference-note-number" in style.source_text
    if len(docs) > 1:
        porder, pnotes, _ = docs[-2]
        pproc, pout = render(porder, pnotes)
        prev_numbers = {i: pproc.citation_number(i) for i in pproc.order}
        previous = dict(zip(porder, pout))
        # items registered by the last call re-run disambiguation for cites that looked alike
        new = set(proc.order) - set(pproc.order)
        base = proc.base_texts()
        new_texts = {base.get(i) for i in new} - {None, ""}
        touched = {i for i in proc.order if i not in new and base.get(i) in new_texts
                   and proc.disamb_changed(i)}
        cit = style.citation.attrs if style.citation is not None else {}
        if new and ("et-al-subsequent-min" in cit or "et-al-subsequent-use-first" in cit):
            # cites that look alike in their shorter subsequent form are disambiguated again
            sub_new = {proc.subsequent_text(i) for i in new} - {""}
            touched |= {i for i in proc.order if i not in new and proc.subsequent_text(i) in sub_new}
        # a cite whose disambiguate tests the last call switched is reported again
        touched |= {i for i in pproc.order if pproc.disamb_condition(i) != proc.disamb_condition(i)}
    lines = []
    for i, (cid, text) in enumerate(zip(order, final)):
        ids = {str(ci["id"]) for ci in known[cid].get("citationItems", [])}
        moved = pnotes.get(cid, notes.get(cid)) != notes.get(cid)
        renumbered = any(prev_numbers.get(i) != proc.citation_number(i) for i in ids)
        changed = (cid == last_id or previous.get(cid) != text or ids & touched
                   or (moved and uses_note_numbers) or renumbered)
        mark = ">>" if changed else ".."
        lines.append(f"{mark}[{i}] {text}")
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m citekit.csl.fixture FIXTURE.txt", file=sys.stderr)
        return 2
    sys.stdout.write(run_fixture(parse_fixture(argv[0])) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
