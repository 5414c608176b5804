"""A tiny stand-in for the CSL engine contract (citekit.csl.Processor), for testing the
insert/cite layers on their own: positions, note numbers and author-only are visible in
its output so tests can check what the layers passed to the engine."""

from __future__ import annotations

from dataclasses import dataclass

from pybtex.richtext import Tag, Text

from citekit.citations.core import Library, OpenedStyle

ITEMS = {
    "taubman2003": {"id": "taubman2003", "type": "book", "title": "Khrushchev",
                    "author": [{"family": "Taubman", "given": "William"}],
                    "issued": {"date-parts": [[2003]]}},
    "ulam1974": {"id": "ulam1974", "type": "book", "title": "Expansion and Coexistence",
                 "author": [{"family": "Ulam", "given": "Adam"}],
                 "issued": {"date-parts": [[1974]]}},
    "allen1964": {"id": "allen1964", "type": "article-journal", "title": "A Paper",
                  "author": [{"family": "Allen", "given": "Robert"}],
                  "issued": {"date-parts": [[1964]]}},
}


def library() -> Library:
    return Library(dict(ITEMS), ["refs.bib"])


def style(note: bool = False, title: str = "Fake Style") -> OpenedStyle:
    return OpenedStyle("fake", "fake.csl", None, "note" if note else "in-text", title)


@dataclass
class BibEntry:
    id: str
    text: Text


class FakeProcessor:
    def __init__(self, note: bool = False) -> None:
        self.note = note
        self.calls: list[list[dict]] = []

    def _item(self, cite: dict, position: str) -> Text:
        data = ITEMS[cite["id"]]
        author = data["author"][0]["family"]
        year = str(data["issued"]["date-parts"][0][0])
        if cite.get("author-only"):
            return Text(author if position == "first" or not self.note else author + "-short")
        parts: list = [cite.get("prefix", "")]
        if self.note:
            if position == "ibid":
                parts.append("ibid")
            else:
                if not cite.get("suppress-author"):
                    parts.append(author + ", ")
                parts.append(Tag("i", data["title"]) if position == "first" else data["title"][:4])
        else:
            if not cite.get("suppress-author"):
                parts.append(author + " ")
            parts.append(year)
        if cite.get("locator"):
            parts.append(f", {cite['label'][:2]}. {cite['locator']}")
        parts.append(cite.get("suffix", ""))
        return Text(*parts)

    def process_citations(self, citations: list[dict]) -> list[Text]:
        out = []
        seen: set[str] = set()
        previous: list[str] = []
        for citation in citations:
            self.calls.append(citation)
            rendered = []
            for cite in citation["items"]:
                if cite["id"] in seen:
                    position = "ibid" if previous == [cite["id"]] else "subsequent"
                else:
                    position = "first"
                rendered.append(self._item(cite, position))
                seen.add(cite["id"])
            previous = [c["id"] for c in citation["items"]]
            body = Text("; ").join(rendered)
            if all(c.get("author-only") for c in citation["items"]):
                out.append(body)  # author-only: the names alone, no layout affixes
                continue
            out.append(Text(body, ".") if self.note else Text("(", body, ")"))
        return out

    def cite(self, cluster: list[dict]) -> Text:
        if len(cluster) == 1 and cluster[0].get("author-only"):
            return self._item(cluster[0], "first")
        return self.process_citations([{"items": cluster, "note_index": 1}])[0]

    def bibliography(self, ids=None) -> list[BibEntry]:
        ids = list(ids or ITEMS)
        ordered = sorted(ids, key=lambda k: ITEMS[k]["author"][0]["family"])
        return [BibEntry(k, Text(ITEMS[k]["author"][0]["family"], ". ",
                                 Tag("i", ITEMS[k]["title"]), ".")) for k in ordered]

    bibliography_settings = {"hanging-indent": True}
