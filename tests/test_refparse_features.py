"""The fast feature builder and labeller give exactly what the f4 implementation gave.

``refparse_features_f4`` is a frozen copy of ``features.py`` before it was made faster: the
feature strings of every token must be the same, in the same order, and tagging through
``Labeller`` must give the labels and marginals pycrfsuite gives on those features.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycrfsuite
import pytest
from hypothesis import given, settings, strategies as st

import refparse_features_f4 as f4
from citekit.refparse import features
from citekit.refparse.model import MODEL_FILE, default_labeller, package_dir
from citekit.refparse.tokens import tokenize

DEV = Path(__file__).resolve().parents[2] / "shared" / "refparse" / "dev.jsonl"

EXAMPLES = [
    "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
    "Ulam, Adam. Expansion and Coexistence: Soviet Foreign Policy, 1917–1973. 2nd ed. New York: Praeger, 1974.",
    "Brillon, P., Marchand, A., & Stephenson, R. (1999). Modèles comportementaux. Santé mentale au Québec, 24(1), 129-144.",
    "Worden, B. 'Toleration and the Cromwellian Protectorate', in W. J. Sheils (ed.), Persecution and Toleration "
    "(Oxford, 1984), pp. 199-233.",
    "[12] J. Smith and A. Doe, “Deep nets,” in Proc. IEEE CVPR, vol. 3, no. 2, pp. 1–9, 2015. doi:10.1109/x.2015.1",
    "———. Another Book. Boston, MA: Little, Brown, 1999. ISBN 978-0-316-00000-1. https://example.org/a.html",
    "Müller, K. (Hrsg.) (2003). Handbuch. 3. Aufl. Berlin: Springer. S. 12–19.",
    "«Titre» (dir.) XIV, 1er éd., Paris : PUF",
    "word",
    ". , ; : ( ) [ ] \" ' “ ” « » ‘ ’",
    "((( ))) \"quoted\" 'single' ‘curly’ “double” »x« )( ][",
    "A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P. Q. R. S. T. U. V. W. X. Y. Z. 1 2 3 4 5",
    "",
]


def _dev_texts(step: int = 20) -> list[str]:
    if not DEV.exists():
        return []
    with open(DEV, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    return texts[::step]


def _same_features(text: str) -> None:
    tokens = tokenize(text)
    expected = f4.sequence_features(tokens)
    assert features.sequence_features(tokens) == expected
    assert features.sequence_features([t.text for t in tokens]) == expected


@pytest.mark.parametrize("text", EXAMPLES)
def test_features_equal_f4_on_examples(text):
    _same_features(text)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/refparse/dev.jsonl not available")
def test_features_equal_f4_on_dev_references():
    texts = _dev_texts()
    assert len(texts) > 300
    for text in texts:
        _same_features(text)


_TOKEN = st.one_of(
    st.sampled_from(["In", "eds.", "(Eds.)", "pp.", "vol.", "no.", "1999.", "(2003).", "12–19.", "61(3):",
                     "2nd", "ed.", "“Title", "words,”", "'Quote'", "[Online].", "https://x.org/a", "doi:10.1/x",
                     "J.", "A.-L.", "New", "York:", "Press,", "Springer.", "Hrsg.", "XIV", "et", "al.", "(", ")",
                     "———.", "ISBN", "9780316000001", "May", "Paris", "and", "&", ":", "?", "»", "«"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=8),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TOKEN, min_size=1, max_size=30))
def test_features_equal_f4_on_generated_strings(words):
    text = " ".join(words)
    _same_features(text)


def test_labeller_gives_pycrfsuite_labels_and_marginals():
    """The batched labeller tags exactly as a plain pycrfsuite Tagger on the f4 features."""
    texts = EXAMPLES + _dev_texts(step=80)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(package_dir() / MODEL_FILE))
    labeller = default_labeller()
    token_lists = [tokenize(t) for t in texts]
    batch = labeller.label_many([features.sequence_features(toks) for toks in token_lists])
    for toks, (labels, probs) in zip(token_lists, batch):
        xseq = f4.sequence_features(toks)
        if not xseq:
            assert (labels, probs) == ([], [])
            continue
        tagger.set(xseq)
        expected = tagger.tag()
        assert labels == expected
        assert probs == [tagger.marginal(lab, i) for i, lab in enumerate(expected)]
        single, single_probs, _ = labeller.label(features.sequence_features(toks))
        assert (single, single_probs) == (labels, probs)
