"""citekit: import, check, normalise and render bibliographies.

The public library API lives in :mod:`citekit.api` (one function per CLI command).
"""

__version__ = "0.1.0"

import logging as _logging

# pylatexenc logs its own "WARNING: ..." for LaTeX it cannot convert (``\url`` without an
# argument); citekit keeps such text as written and reports problems itself.
_logging.getLogger("pylatexenc").setLevel(_logging.ERROR)
