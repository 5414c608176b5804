"""An English dictionary that keeps case, to tell names from words in title-case titles.

Webster's Second (the ``web2`` list of the english-words package) writes proper nouns
capitalised ("Paris", "American") and common words in lower case ("policy", "war").  A
title-case title hides which is which; the dictionary remembers.  It lacks most inflected
forms, so "policies" is looked up as "policy".
"""

from __future__ import annotations

from functools import lru_cache

_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ves", "f"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
             ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("est", ""), ("ism", ""),
             ("ist", ""), ("ists", ""), ("ization", "ize"), ("isation", "ize"), ("ised", "ize"))


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=False, alpha=True))


def _forms(word: str) -> list[str]:
    forms = [word]
    # British spellings of American dictionary words: "behaviour", "centre", "analyse"
    for british, american in (("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
                              ("yse", "yze"), ("ogue", "og"), ("ence", "ense")):
        if word.endswith(british):
            forms.append(word[: -len(british)] + american)
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3:
            stem = word[: -len(suffix)] + repl
            forms.append(stem)
            if suffix in {"ed", "ing", "er", "est"} and len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "planned" -> "plan"
    return forms


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """The dictionary has the word in lower case ("war"), or, when it does not have the word
    at all, its stem ("policies" -> "policy")."""
    words = _words()
    low = word.lower()
    if low in words:
        return True
    if low[:1].upper() + low[1:] in words:
        return False  # "Paris" is not "pari" + s
    return any(form in words for form in _forms(low)[1:])


_ABSTRACT_ENDINGS = ("ism", "isms", "ity", "ities", "ness", "ic", "ics", "ical")


@lru_cache(maxsize=65536)
def is_dictionary_name(word: str) -> bool:
    """The dictionary has the word only capitalised: "Paris", "Japanese", "Americans"."""
    words = _words()
    low = word.lower()
    if is_common_word(low):
        return False
    if low.endswith(_ABSTRACT_ENDINGS):
        return False  # "Messianism", "Italic": capitalised in 1934, common nouns now
    if low[:1].upper() + low[1:] in words:
        return True
    # plurals only: "Americans"; "Messianism" is no name because "Messian" would be one
    stems = [low[:-2], low[:-1]] if low.endswith("es") else [low[:-1]] if low.endswith("s") else []
    return any(stem[:1].upper() + stem[1:] in words for stem in stems if len(stem) > 3)


#: Endings of English (and scientific) word-formation: a word the dictionary lacks that ends
#: so is a newer or technical word ("photonic", "imatinib", "impactites"), not a name.
_WORD_ENDINGS = (
    "ing", "ed", "ic", "ics", "ical", "ine", "ines", "ity", "ities", "ous", "ive", "ives",
    "ally", "ate", "ates", "ase", "ide", "ides", "ite", "ites", "ism", "isms", "ist", "ists",
    "ize", "ise", "ized", "ised", "ization", "isation", "ology", "ogy", "graphy", "metry",
    "ment", "ments", "ness", "tion", "tions", "sion", "able", "ible", "less", "ful", "ship",
    "ware", "line", "ome", "omes", "osis", "itis", "emia", "aemia", "ene", "ol", "yl", "ium",
    "ia", "ics", "ary", "ory", "nib", "mab", "er", "ers", "or", "ors", "ly", "es",
)
_IRREGULAR = frozenset("women men children people data media criteria phenomena mice feet teeth "
                       "geese online offline email website internet healthcare multi situ vivo vitro "
                       "novo hoc priori posteriori".split())


@lru_cache(maxsize=65536)
def is_unknown(word: str) -> bool:
    """Neither a dictionary word nor a dictionary name, and not built like an English or
    scientific word: most often a name ("Khrushchev", "Chicxulub", "Sudbury")."""
    low = word.lower()
    if not word.isalpha() or low in _IRREGULAR or low.endswith(_WORD_ENDINGS):
        return False
    if low.endswith("al") and len(low) >= 8:  # "centrosomal"; but "Baikal", "Senegal"
        return False
    if any(part in _words() for part in _compound_parts(low)):
        return False
    return not is_common_word(word) and not is_dictionary_name(word)


def _compound_parts(word: str) -> list[str]:
    """"Multi-" and "Bispectral"-like prefixes: a word that is a known word after a prefix."""
    prefixes = ("multi", "bi", "co", "re", "pre", "post", "non", "anti", "sub", "super", "inter",
                "trans", "micro", "macro", "nano", "neuro", "geo", "bio", "photo", "hyper", "un")
    return [word[len(p):] for p in prefixes if word.startswith(p) and len(word) - len(p) >= 4]
