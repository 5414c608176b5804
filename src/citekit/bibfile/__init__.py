"""Lossless reading and writing of .bib files, on bibtexparser's model.

``load(paths) -> Bibliography``; ``write(bib_file) -> str`` puts every unchanged
block back byte-for-byte. Field values are kept as written (delimiters included);
``Bibliography.fields(entry)`` gives their meaning.
"""

from citekit.bibfile.load import load, loads
from citekit.bibfile.model import BibFile, Bibliography
from citekit.bibfile.write import Layout, render_entry, write

__all__ = ["BibFile", "Bibliography", "Layout", "load", "loads", "render_entry", "write"]
