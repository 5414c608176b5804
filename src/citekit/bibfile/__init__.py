"""Lossless reading and writing of .bib files, on bibtexparser's model.

``load(paths) -> Bibliography``; ``write(bib_file) -> str`` puts every unchanged
block back byte-for-byte. Field values are kept as written (delimiters included);
``Bibliography.fields(entry)`` gives their meaning.
"""

from citekit.bibfile.load import load, loads
from citekit.bibfile.model import BibFile, Bibliography

__all__ = ["BibFile", "Bibliography", "load", "loads"]
