"""citekit: import, check, normalise and render bibliographies.

The public library API lives in :mod:`citekit.api` (one function per CLI command).
"""

__version__ = "0.1.0"
