"""Where a rendered identifier links to (CSL 1.0.2, appendix "Links"; pandoc's citeproc).

URL, DOI, PMID and PMCID are anchored as links in the engine's output, so every backend that
can show a link does (HTML ``<a href>``, Markdown ``<...>``/``[..](..)``, pybtex's backends in
Sphinx) and the others print the text unchanged. A link is carried through the output tree as
a tag ``href:<target>`` (see :mod:`citekit.csl.richtext`, which makes it a pybtex ``HRef``).

Only http, https and doi targets are made: a ``javascript:`` or ``file:`` URL in the data stays
plain text. When a style writes the resolver in front of the identifier (APA's
``prefix="https://doi.org/"``) the prefix is part of the link text, as pandoc does.
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: CSL variable -> how its value becomes a link target
LINK_VARIABLES = frozenset({"URL", "DOI", "PMID", "PMCID"})
HREF_TAG = "href:"

_RESOLVERS = {
    "DOI": "https://doi.org/",
    "PMID": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "PMCID": "https://www.ncbi.nlm.nih.gov/pmc/articles/",
}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
#: a trailing piece of a prefix that is the start of a web address ("https://doi.org/")
_URL_TAIL = re.compile(r"https?://\S*$", re.I)
#: characters kept as they are in a link target (RFC 3986 reserved and unreserved, and %)
_SAFE = "/:;?&=+$,@!*'()._~-%#[]"


def safe_target(url: str) -> str | None:
    """``url`` as a link target if its scheme is one citekit links (else None).

    ``doi:10.x/y`` becomes its https resolver address; spaces and other characters that
    cannot appear in a URL are percent-encoded (already encoded ``%xx`` is kept).
    """
    url = url.strip()
    if not url:
        return None
    match = _SCHEME.match(url)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if scheme == "doi":
        doi = _DOI_PREFIX.sub("", url)
        return _RESOLVERS["DOI"] + quote(doi, safe=_SAFE.replace("#", "").replace("?", "")) if doi else None
    if scheme not in ("http", "https") or not url[match.end():].startswith("//"):
        return None
    return quote(url, safe=_SAFE)


def link_target(variable: str, value: str) -> str | None:
    """The address a rendered ``variable`` (URL, DOI, PMID, PMCID) links to, or None."""
    value = value.strip()
    if not value:
        return None
    if variable == "URL":
        if value.lower().startswith("www."):
            value = "https://" + value
        return safe_target(value)
    if variable == "DOI":
        doi = _DOI_PREFIX.sub("", value)
        # '#' and '?' belong to a DOI's name, not to the resolver's URL: encode them
        return _RESOLVERS["DOI"] + quote(doi, safe=_SAFE.replace("#", "").replace("?", ""))
    if variable in ("PMID", "PMCID"):
        if _SCHEME.match(value):
            return safe_target(value)
        return _RESOLVERS[variable] + quote(value, safe="")
    return None


def split_prefix(prefix: str) -> tuple[str, str]:
    """A text element's prefix -> (the part before the link, the part inside it).

    ``"https://doi.org/"`` goes inside the link (the reader sees one address); ``"doi: "``
    or ``". Available: "`` stays outside.
    """
    match = _URL_TAIL.search(prefix)
    if match is None:
        return prefix, ""
    return prefix[:match.start()], prefix[match.start():]
