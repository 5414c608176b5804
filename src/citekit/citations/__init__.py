"""Citations found in text: prose (author-date, MLA, numeric, footnotes) and, from the cite
helper, Pandoc/Markdown and LaTeX syntaxes."""

from citekit.citations.prose import Citation, find_citations

__all__ = ["Citation", "find_citations"]
