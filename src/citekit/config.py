"""Configuration from ``[tool.citekit]`` in pyproject.toml or a ``citekit.toml``.

Looked up from the current directory upwards; the first file that has citekit
settings wins. The command line overrides anything read here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from citekit.errors import UsageError


def find_config(start: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """Return (path, settings) of the nearest citekit configuration, or (None, {})."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "citekit.toml"
        if own.is_file():
            return own, _read(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            settings = _read(pyproject).get("tool", {}).get("citekit")
            if settings is not None:
                return pyproject, settings
    return None, {}


def section(name: str, start: Path | None = None) -> dict[str, Any]:
    """Settings of one command, e.g. ``section("fmt")`` for ``[tool.citekit.fmt]``."""
    _, settings = find_config(start)
    value = settings.get(name, {})
    return value if isinstance(value, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from exc
