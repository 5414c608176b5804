"""citekit's own provenance fields, written by ``import`` and read by ``check``.

Kept apart from both so that check can know them without importing the importer.
"""

SOURCE_FIELD = "x-citekit-source"  #: file:line the entry was read from
CONFIDENCE_FIELD = "x-citekit-confidence"  #: the parser's confidence in the whole entry
GUESSED_FIELD = "x-citekit-guessed"  #: comma-separated fields the parser was unsure of

PROVENANCE_FIELDS = frozenset({SOURCE_FIELD, CONFIDENCE_FIELD, GUESSED_FIELD})
