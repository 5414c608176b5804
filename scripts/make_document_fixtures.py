#!/usr/bin/env python3
"""Rebuild tests/fixtures/documents/essay.{docx,html,pdf} from essay.md with well-known tools.

DOCX and HTML: pandoc (the pypandoc-binary wheel, pandoc 3.x). PDF: ReportLab (a text-layer
PDF with the same paragraphs, one page, Helvetica). Check the results by eye after a rebuild.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypandoc

HERE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "documents"


def main() -> None:
    md = HERE / "essay.md"
    pypandoc.convert_file(str(md), "docx", outputfile=str(HERE / "essay.docx"))
    pypandoc.convert_file(str(md), "html", outputfile=str(HERE / "essay.html"), extra_args=["--standalone"])
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = md.read_text(encoding="utf-8").split("---", 2)[2]
    story = []
    for block in [b.strip() for b in body.split("\n\n") if b.strip()]:
        style = styles["Heading1"] if block.startswith("# ") else styles["Heading2"] if block.startswith("## ") else styles["BodyText"]
        text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", block.lstrip("# "))
        story.append(Paragraph(text, style))
    SimpleDocTemplate(str(HERE / "essay.pdf"), pagesize=A4, title="Monks, Markets and the Medieval Town",
                      author="Hannah Okafor", invariant=1).build(story)


if __name__ == "__main__":
    main()
