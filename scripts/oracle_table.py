#!/usr/bin/env python3
"""Score citekit's rendering against the pandoc/citeproc-js oracle and print the table.

For both oracle inputs x 7 curated styles it writes candidate JSON in the shape the
oracle README's "candidate adapter contract" asks for (isolated bibliography entry as
text and HTML, first-position citation without and with a page locator, and the
whole-list forms), runs the oracle's own ``compare.py --json`` on each, and prints,
per style and field, the agreement on all entries and on the consensus entries
(where pandoc and citeproc-js agree).

    .venv/bin/python scripts/oracle_table.py                 # the table
    .venv/bin/python scripts/oracle_table.py --show apa      # + mismatches of one style
    .venv/bin/python scripts/oracle_table.py --styles apa,ieee --inputs coldwar
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from citekit.backends import render as render_rich  # noqa: E402
from citekit.backends.text import UpperSmallCapsTextBackend  # noqa: E402
from citekit.render import load_items, make_processor  # noqa: E402

STYLES = ["apa", "mla", "chicago-author-date", "chicago-notes", "harvard", "ieee", "vancouver"]
INPUTS = ["biblatex-examples", "coldwar"]
FIELDS = ["bib_text", "bib_html", "cite", "cite_locator"]
LIST_FIELDS = ["bib_text_list", "bib_html_list"]


def _text(rich) -> str:
    if rich is None:
        return ""
    return rich.render(UpperSmallCapsTextBackend()) if not isinstance(rich, str) else rich


def _html(rich) -> str:
    return render_rich(rich, "html") if rich is not None else ""


def _entry_rich(entry):
    rich = getattr(entry, "text", None)
    return rich if rich is not None else getattr(entry, "rich", None)


def pandoc_items(bib: Path) -> list[dict]:
    """pandoc's own CSL JSON for the file (diagnostic: engine vs bridge differences)."""
    import pypandoc

    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson", str(bib)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def candidate(bib: Path, style: str, from_pandoc: bool = False) -> dict:
    """The adapter: one JSON object per key, per the oracle README."""
    items = pandoc_items(bib) if from_pandoc else load_items([str(bib)])[0]
    out: dict[str, dict] = {}
    for item in items:
        key = item["id"]
        record: dict[str, str] = {}
        try:
            _, proc = make_processor(style, [item])
            record["cite"] = _text(proc.cite([{"id": key}]))
            entries = proc.bibliography([key])
            rich = _entry_rich(entries[0]) if entries else None
            record["bib_text"], record["bib_html"] = _text(rich), _html(rich)
            _, proc = make_processor(style, [item])
            record["cite_locator"] = _text(proc.cite([{"id": key, "locator": "12", "label": "page"}]))
        except Exception as exc:  # an engine failure is a mismatch, not the end of the run
            record.setdefault("error", f"{type(exc).__name__}: {exc}")
        out[key] = record
    try:
        _, proc = make_processor(style, items)
        ids = [item["id"] for item in items]
        if hasattr(proc, "process_citations"):
            proc.process_citations([{"items": [{"id": i}], "note_index": n + 1}
                                    for n, i in enumerate(ids)])
        for entry in proc.bibliography(ids):
            key = getattr(entry, "id", None) or getattr(entry, "key", None)
            rich = _entry_rich(entry)
            if key in out:
                out[key]["bib_text_list"] = _text(rich)
                out[key]["bib_html_list"] = _html(rich)
    except Exception as exc:
        print(f"  whole-list run failed for {bib.stem}/{style}: {exc}", file=sys.stderr)
    return out


def compare(oracle: Path, cand: Path, expected: Path, fields: list[str], show: int = 0) -> dict:
    cmd = [sys.executable, str(oracle / "compare.py"), str(cand), str(expected),
           "--fields", ",".join(fields)]
    if show:
        subprocess.run(cmd + ["--show", str(show)], check=False)
    result = subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--oracle", default=str(ROOT.parent / "shared" / "oracle"))
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--inputs", default=",".join(INPUTS))
    parser.add_argument("--out", default=str(ROOT / "build" / "oracle"), help="candidate JSON goes here")
    parser.add_argument("--show", default="", help="print mismatches for these styles (comma-separated)")
    parser.add_argument("--show-n", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--pandoc-items", action="store_true",
                        help="feed the engine pandoc's CSL JSON instead of citekit.bridge's "
                             "(needs pypandoc-binary; separates bridge from engine issues)")
    args = parser.parse_args()
    oracle = Path(args.oracle)
    if not (oracle / "compare.py").is_file():
        print(f"oracle not found at {oracle}", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    styles = [s for s in args.styles.split(",") if s]
    inputs = [s for s in args.inputs.split(",") if s]
    show = set(args.show.split(",")) if args.show else set()

    table: dict[str, dict] = {}
    started = time.perf_counter()
    for style in styles:
        pooled = {f: [0, 0, 0, 0] for f in FIELDS + LIST_FIELDS}  # match, total, cmatch, ctotal
        for name in inputs:
            cand = candidate(oracle / "inputs" / f"{name}.bib", style, args.pandoc_items)
            path = out_dir / ("pandoc-items" if args.pandoc_items else "bridge") / name / f"{style}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(cand, ensure_ascii=False, indent=1), encoding="utf-8")
            expected = oracle / "expected" / name / f"{style}.json"
            scores = compare(oracle, path, expected, FIELDS, args.show_n if style in show else 0)
            scores.update(compare(oracle, path, expected, LIST_FIELDS))
            for f, s in scores.items():
                pooled[f][0] += s["match"]
                pooled[f][1] += s["total"]
                if "consensus" in s:
                    pooled[f][2] += s["consensus"]["match"]
                    pooled[f][3] += s["consensus"]["total"]
        table[style] = pooled

    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    head = "| style | " + " | ".join(f"{f} all | {f} consensus" for f in FIELDS) + " | bib_text_list | bib_html_list |"
    print(head)
    print("|" + "---|" * (2 + 2 * len(FIELDS) + 1))
    for style, pooled in table.items():
        cells = []
        for f in FIELDS:
            m, t, cm, ct = pooled[f]
            cells.append(f"{m / t:.3f} ({m}/{t})" if t else "-")
            cells.append(f"{cm / ct:.3f} ({cm}/{ct})" if ct else "-")
        for f in LIST_FIELDS:
            m, t, _, _ = pooled[f]
            cells.append(f"{m / t:.3f} ({m}/{t})" if t else "-")
        print(f"| {style} | " + " | ".join(cells) + " |")
    print(f"\n({', '.join(inputs)} pooled; {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
