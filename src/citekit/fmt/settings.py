"""Settings of ``citekit fmt``: which passes run and how, from config and command line.

``[tool.citekit.fmt]`` (or ``[fmt]`` in citekit.toml) may hold ``enable`` /
``disable`` lists of pass names, a ``passes`` table (``{sort = true}``), and the
options below; the command line wins over the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from citekit.errors import UsageError
from citekit.fmt.passes import DEFAULT_FIELD_ORDER, PASS_NAMES, PASSES

KEY_MODES = ("missing", "all")
SORT_KEYS = ("key", "author", "year")


@dataclass(frozen=True)
class FmtSettings:
    passes: frozenset[str] = frozenset(p.name for p in PASSES if p.default)
    #: JabRef-style key pattern (citekit.keys); None means the default.
    key_pattern: str | None = None
    #: ``missing``: only entries without a key get one; ``all``: every key is rebuilt.
    keys: str = "missing"
    field_order: tuple[str, ...] = tuple(DEFAULT_FIELD_ORDER)
    sort_by: str = "key"
    indent: str = "  "
    align: bool = False
    trailing_comma: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def on(self, name: str) -> bool:
        return name in self.passes

    def with_passes(
        self, enable: Iterable[str] = (), disable: Iterable[str] = (), none: bool = False
    ) -> "FmtSettings":
        """These settings with passes switched on / off (``none``: start from no pass)."""
        passes = set() if none else set(self.passes)
        enable, disable = _names(enable), _names(disable)
        passes |= enable
        passes -= disable
        if "latex-to-unicode" in enable:
            passes.discard("unicode-to-latex")
        if "unicode-to-latex" in enable:
            passes.discard("latex-to-unicode")
        if {"latex-to-unicode", "unicode-to-latex"} <= passes:
            raise UsageError("passes latex-to-unicode and unicode-to-latex exclude each other")
        return replace(self, passes=frozenset(passes))

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "FmtSettings":
        """Settings from a ``[tool.citekit.fmt]`` table (unknown names are an error)."""
        options = {k.replace("-", "_"): v for k, v in config.items()}
        settings = cls()
        table = options.pop("passes", {}) or {}
        if not isinstance(table, Mapping):
            raise UsageError("[tool.citekit.fmt] passes must be a table of pass = true/false")
        enable = [k for k, v in table.items() if v] + list(_list(options.pop("enable", [])))
        disable = [k for k, v in table.items() if not v] + list(_list(options.pop("disable", [])))
        settings = settings.with_passes(enable, disable)
        updates: dict[str, Any] = {}
        for name, value in options.items():
            if name == "key_pattern":
                updates[name] = str(value)
            elif name == "keys":
                updates[name] = _choice(value, KEY_MODES, "keys")
            elif name == "sort_by":
                updates[name] = _choice(value, SORT_KEYS, "sort-by")
            elif name == "field_order":
                updates[name] = tuple(str(v).lower() for v in _list(value))
            elif name == "indent":
                updates[name] = " " * value if isinstance(value, int) else str(value)
            elif name in ("align", "trailing_comma"):
                updates[name] = bool(value)
            else:
                raise UsageError(f"[tool.citekit.fmt]: unknown setting {name.replace('_', '-')!r}")
        return replace(settings, **updates)


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return list(value)


def _choice(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise UsageError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _names(names: Iterable[str]) -> set[str]:
    out = set()
    for item in names:
        for name in str(item).split(","):
            name = name.strip().lower().replace("_", "-")
            if not name:
                continue
            if name not in PASS_NAMES:
                raise UsageError(
                    f"unknown pass {name!r}; passes are: {', '.join(PASS_NAMES)}"
                )
            out.add(name)
    return out
