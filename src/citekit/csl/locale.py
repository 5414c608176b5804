"""CSL locales: terms, date formats and options, merged in the order CSL 1.0.2 prescribes.

Locale files come from the ``citeproc`` package's data (the official CSL locales), found with
importlib.resources; a style's own ``<locale>`` elements override them. Lookups fall back
through the spec's chain: style locale for the exact language, for the primary language,
without language; then the locale file for the exact language, for the primary dialect, en-US.
"""

from __future__ import annotations

import functools
import importlib.resources

from lxml import etree

from .errors import CSLError

NS = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PRIMARY_DIALECTS = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
    "da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
    "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hr": "hr-HR",
    "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH",
    "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO",
    "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO", "ru": "ru-RU",
    "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
    "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}

FORM_FALLBACK = {
    "long": ("long",),
    "short": ("short", "long"),
    "verb": ("verb", "long"),
    "verb-short": ("verb-short", "verb", "long"),
    "symbol": ("symbol", "short", "long"),
}


def _local(tag) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


class LocaleData:
    """One ``<locale>`` element's content: terms, date formats, style options."""

    def __init__(self, lang: str | None):
        self.lang = lang
        # (name, form) -> {"single":..., "multiple":..., "gender":..., "match":..., "gender-form":...}
        self.terms: dict[tuple[str, str], list[dict]] = {}
        self.dates: dict[str, object] = {}  # form -> lxml element <date>
        self.options: dict[str, str] = {}

    @classmethod
    def from_element(cls, el, source: str = "") -> "LocaleData":
        data = cls(el.get(XML_LANG))
        for child in el:
            tag = _local(child.tag)
            if tag == "style-options":
                data.options.update(child.attrib)
            elif tag == "date":
                form = child.get("form")
                if form:
                    data.dates[form] = child
            elif tag == "terms":
                for term in child:
                    if _local(term.tag) != "term":
                        continue
                    name = term.get("name")
                    if not name:
                        raise CSLError(f"{source}: <term> without a name (line {term.sourceline})")
                    form = term.get("form", "long")
                    entry = {"gender": term.get("gender"), "gender-form": term.get("gender-form"),
                             "match": term.get("match")}
                    single = multiple = None
                    kids = [k for k in term if _local(k.tag) in ("single", "multiple")]
                    if kids:
                        for k in kids:
                            if _local(k.tag) == "single":
                                single = k.text or ""
                            else:
                                multiple = k.text or ""
                        if single is None:
                            single = multiple
                        if multiple is None:
                            multiple = single
                    else:
                        single = multiple = term.text or ""
                    if "\n" in single:
                        single = single.strip()
                    if "\n" in multiple:
                        multiple = multiple.strip()
                    entry["single"], entry["multiple"] = single, multiple
                    lst = data.terms.setdefault((name, form), [])
                    # a later definition with the same gender-form replaces an earlier one
                    lst[:] = [e for e in lst if e["gender-form"] != entry["gender-form"]]
                    lst.append(entry)
        return data


@functools.lru_cache(maxsize=None)
def locale_file(lang: str) -> LocaleData | None:
    """The official locale file for ``lang`` from citeproc-py's package data, or None."""
    try:
        res = importlib.resources.files("citeproc") / "data" / "locales" / f"locales-{lang}.xml"
        if not res.is_file():
            return None
        root = etree.fromstring(res.read_bytes())
    except (ModuleNotFoundError, OSError, etree.XMLSyntaxError):
        return None
    return LocaleData.from_element(root, f"locales-{lang}.xml")


class Locale:
    """The merged chain of locale data for one language, as a style sees it."""

    def __init__(self, chain: list[LocaleData], lang: str = "en-US"):
        self.chain = chain
        self.lang = lang
        self._cache: dict = {}
        self.options: dict[str, str] = {}
        for data in reversed(chain):
            self.options.update(data.options)
        self.punctuation_in_quote = self.options.get("punctuation-in-quote") == "true"
        self.limit_ordinals = self.options.get("limit-day-ordinals-to-day-1") == "true"

    def date_format(self, form: str):
        for data in self.chain:
            if form in data.dates:
                return data.dates[form]
        return None

    def _entries(self, name: str, form: str):
        for f in FORM_FALLBACK.get(form, (form, "long")):
            for data in self.chain:
                lst = data.terms.get((name, f))
                if lst:
                    return lst
        return None

    def term(self, name: str, form: str = "long", plural: bool = False, gender: str | None = None):
        """The term's text, or None if no locale defines it."""
        key = (name, form, plural, gender)
        try:
            return self._cache[key]
        except KeyError:
            pass
        lst = self._entries(name, form)
        result = None
        if lst:
            chosen = None
            if gender:
                for e in lst:
                    if e["gender-form"] == gender:
                        chosen = e
                        break
            if chosen is None:
                for e in lst:
                    if not e["gender-form"]:
                        chosen = e
                        break
            if chosen is None:
                chosen = lst[0]
            result = chosen["multiple" if plural else "single"]
        self._cache[key] = result
        return result

    def term_gender(self, name: str) -> str | None:
        lst = self._entries(name, "long")
        if lst:
            for e in lst:
                if e["gender"]:
                    return e["gender"]
        return None

    def ordinal_entries(self):
        """All ordinal-NN terms visible in the first locale that defines any (CSL 1.0.1+ rule)."""
        if "ordinals" in self._cache:
            return self._cache["ordinals"]
        result = None
        for data in self.chain:
            found = {k[0]: v for k, v in data.terms.items()
                     if k[0].startswith("ordinal") and k[1] == "long"}
            if found:
                result = found
                break
        self._cache["ordinals"] = result or {}
        return self._cache["ordinals"]


def build_locale(style_locales: list[LocaleData], lang: str | None) -> Locale:
    lang = lang or "en-US"
    primary = lang.split("-")[0]
    chain: list[LocaleData] = []
    for want in (lang, primary, None):
        for data in style_locales:
            if data.lang == want:
                chain.append(data)
    for fname in (lang, PRIMARY_DIALECTS.get(primary, primary), "en-US"):
        data = locale_file(fname)
        if data is not None and data not in chain:
            chain.append(data)
    return Locale(chain, lang)


def has_locale(lang: str) -> bool:
    """True if ``lang`` (``de``, ``en-GB``) names a CSL locale: its file, or its language's."""
    primary = lang.split("-")[0]
    return (
        locale_file(lang) is not None
        or (lang == primary and locale_file(PRIMARY_DIALECTS.get(primary, primary)) is not None)
    )
