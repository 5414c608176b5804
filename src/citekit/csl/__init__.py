"""citekit's CSL 1.0.2 processor: CSL-JSON items in, pybtex rich text out.

    style = load_style("apa")
    proc = Processor(style, items)          # items: CSL-JSON dicts with "id"
    proc.cite([{"id": "smith2000", "locator": "12"}])
    proc.process_citations([{"items": [...], "note_index": 1}, ...])
    proc.bibliography()                     # [BibEntry(id, text)]
"""

from .errors import CSLError, StyleNotFound
from .processor import BibEntry, Processor
from .style import Style, load_style

__all__ = ["load_style", "Style", "Processor", "BibEntry", "CSLError", "StyleNotFound"]
