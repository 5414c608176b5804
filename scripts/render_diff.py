#!/usr/bin/env python3
"""Write every rendering citekit makes of the shared test data into a directory, so two
versions of the engine can be compared byte for byte (``diff -r OLD NEW``).

    PYTHONPATH=/tmp/old/src .venv/bin/python scripts/render_diff.py /tmp/out-old
    .venv/bin/python scripts/render_diff.py /tmp/out-new && diff -r /tmp/out-old /tmp/out-new

What it writes: the output of every CSL suite fixture (``csl-suite.json``; the pass count is
printed), the oracle candidates of scripts/oracle_table.py, and ``citekit render`` (the CLI,
in-process) of ``../shared/corpora/real/**/*.bib``, ``bib/*.bib`` and, with ``--entries N``,
N generated entries (benchmarks/make_entries.py), in seven styles to HTML and text.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
STYLES = ["apa", "mla", "chicago-author-date", "chicago-notes", "ieee", "vancouver", "harvard"]


def suite(out: Path) -> None:
    from citekit.csl.fixture import parse_fixture, run_fixture
    results, passed = {}, 0
    paths = sorted(glob.glob(str(SHARED / "csl-suite" / "fixtures" / "*.txt")))
    for p in paths:
        fx = parse_fixture(p)
        try:
            got = run_fixture(fx)
        except Exception:  # a crash is an output too
            got = "CRASH " + traceback.format_exc().splitlines()[-1]
        results[fx["NAME"]] = got
        passed += got.replace("\r\n", "\n").rstrip("\n") == fx["RESULT"].replace("\r\n", "\n").rstrip("\n")
    (out / "csl-suite.json").write_text(json.dumps(results, indent=0, ensure_ascii=False))
    print(f"csl suite: passed {passed}/{len(paths)}")


def oracle(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("oracle_table", ROOT / "scripts" / "oracle_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for inp in ("coldwar", "biblatex-examples"):
        for style in STYLES:
            cand = module.candidate(SHARED / "oracle" / "inputs" / f"{inp}.bib", style)
            (out / f"oracle-{inp}-{style}.json").write_text(
                json.dumps(cand, ensure_ascii=False, indent=0, sort_keys=True))


def cli(out: Path, entries: int, only_files: str) -> None:
    from click.testing import CliRunner
    from citekit.cli import main as cli_main
    files = sorted(glob.glob(str(SHARED / "corpora" / "real" / "**" / "*.bib"), recursive=True))
    files += sorted(glob.glob(str(ROOT / "bib" / "*.bib")))
    if only_files:
        files = [f for f in files if any(part in f for part in only_files.split(","))]
    if entries:
        gen = out / f"generated-{entries}.bib"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_entries.py"), str(entries),
                        "-o", str(gen)], check=True)
        files.append(str(gen))
    runner = CliRunner()
    for f in files:
        name = Path(f).stem
        for style in STYLES:
            for to in ("html", "text"):
                dest = out / f"cli-{name}-{style}.{to}"
                res = runner.invoke(cli_main, ["render", f, "--style", style, "--to", to, "-q",
                                               "-o", str(dest)])
                (out / f"cli-{name}-{style}.{to}.status").write_text(
                    f"exit {res.exit_code}\n{res.output}\n" +
                    ("" if res.exception is None or isinstance(res.exception, SystemExit)
                     else repr(res.exception)))
    if entries:
        os.unlink(gen)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--entries", type=int, default=0, help="also N generated entries")
    ap.add_argument("--only", default="suite,oracle,cli")
    ap.add_argument("--files", default="", help="only .bib files whose path contains one of "
                    "these comma-separated parts")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    import citekit
    print("citekit from", citekit.__file__)
    parts = args.only.split(",")
    if "suite" in parts:
        suite(out)
    if "oracle" in parts:
        oracle(out)
    if "cli" in parts:
        cli(out, args.entries, args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
