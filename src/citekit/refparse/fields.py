"""Rules that turn labelled segments into BibTeX fields and an entry type.

The labeller says *which* characters are the volume or the edition; these rules say
what BibTeX wants there: "61(3)" is volume 61 and number 3, "2nd ed." is edition 2,
"pp. 12-19." is pages 12--19, "In J. Smith (Ed.)," is an editor, "(1990)." is year 1990.
Every value comes from the segment's own characters: nothing is invented.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .names import format_names

DASHES = "‐‑‒–—―−"
_EDGE = " \t\n.,;:()[]{}<>\"'“”‘’„«»*"
_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)")
_MONTHS = {
    "jan": 1, "janv": 1, "janvier": 1, "januar": 1, "enero": 1, "gennaio": 1, "janeiro": 1, "januari": 1,
    "feb": 2, "febr": 2, "février": 2, "fevrier": 2, "februar": 2, "febrero": 2, "febbraio": 2, "fevereiro": 2,
    "februari": 2, "mar": 3, "mars": 3, "märz": 3, "marzo": 3, "março": 3, "maart": 3, "apr": 4, "april": 4,
    "avril": 4, "abril": 4, "aprile": 4, "may": 5, "mai": 5, "mayo": 5, "maggio": 5, "maio": 5, "mei": 5,
    "jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "giugno": 6, "junho": 6, "jul": 7, "july": 7,
    "juillet": 7, "juli": 7, "julio": 7, "luglio": 7, "julho": 7, "aug": 8, "august": 8, "août": 8, "aout": 8,
    "agosto": 8, "augustus": 8, "sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9,
    "settembre": 9, "setembro": 9, "oct": 10, "october": 10, "octobre": 10, "oktober": 10, "octubre": 10,
    "ottobre": 10, "outubro": 10, "nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
    "dec": 12, "december": 12, "décembre": 12, "dezember": 12, "diciembre": 12, "dicembre": 12, "dezembro": 12,
    "january": 1, "february": 2, "march": 3,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "premier": 1, "première": 1, "premiere": 1,
    "deuxième": 2, "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "erste": 1, "zweite": 2,
    "dritte": 3, "vierte": 4, "fünfte": 5, "primera": 1, "segunda": 2, "tercera": 3, "prima": 1,
    "seconda": 2, "terza": 3, "sechste": 6, "siebte": 7, "siebente": 7, "achte": 8, "neunte": 9, "zehnte": 10,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "cuarta": 4, "quinta": 5,
    "quarta": 4, "sexta": 6,
}
_VOL_PREFIX = re.compile(
    r"^(?:vol(?:ume)?s?|v|t|tome|tomo|bd|band|jg|jahrgang|anno|année|annee|tom|том)(?:\.\s*|\s+|(?=\d))", re.I)
_NUM_PREFIX = r"(?:(?:no|nos|nr|n|num|number|issue|iss|heft|h|fasc|fascicule|cahier)(?:\.\s*|\s+|(?=\d))|(?:nº|n°|№)\s*)"


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def clean(text: str) -> str:
    """Collapse whitespace and strip edge punctuation/brackets/quotes (keeps ?! at the end)."""
    t = " ".join(text.split())  # whitespace runs -> one space, none at the ends
    t = t.strip(_EDGE)
    # keep a closing bracket/quote that balances one inside
    return t


def _dashes(s: str) -> str:
    for d in DASHES:
        s = s.replace(d, "-")
    return s


def clean_title(text: str) -> str:
    t = " ".join(text.split())
    t = t.strip(" ,;:.“”\"‘’'«»„")
    # a title ending in a question mark or a closing bracket keeps it
    return t


def clean_container(text: str) -> str:
    t = clean_title(text)
    t = _CONTAINER_IN.sub("", t)
    return t.strip(" ,;:.“”\"")


def clean_pages(text: str) -> str:
    """'pp. 12–19.' -> '12--19'; 'S. 110-119' -> '110--119'; '561 p.' -> '561'."""
    t = _dashes(_nfc(text)).strip(_EDGE.replace("-", ""))
    t = _PAGES_HEAD.sub("", t)
    t = _PAGES_TAIL.sub("", t)
    t = _PAGES_DASH.sub("--", t)
    return t.strip(_EDGE)


def split_volume(text: str) -> tuple[str, str]:
    """'61(3):' -> ('61', '3'); 'Vol. 37, No. 3' -> ('37', '3'); 'No. 232' -> ('', '232')."""
    t = _dashes(_nfc(text)).strip().strip(" ([{").strip()
    t = _VANCOUVER_YEAR.sub("", t)  # Vancouver "2005;22(5):"
    t = _VOL_PREFIX.sub("", t, count=1)
    m = _VOLUME.match(t)
    if m:
        vol, rest = m.group(1), t[m.end():]
        m2 = (_ISSUE_PARENS.match(rest) or _ISSUE_MARKED.match(rest) or _ISSUE_COMMA.match(rest)
              or _ISSUE_DOT.match(rest))
        num = m2.group(1) if m2 else ""
        return vol.strip(), _dash_range(num)
    m3 = _NUMBER_ONLY.match(t)
    if m3:
        return "", _dash_range(m3.group(1))
    return clean(t), ""


_CONTAINER_IN = re.compile(r"^(?:in|dans|im|en)\s*:\s*|^(?:in|dans|im)\s+", re.I)
_PAGES_HEAD = re.compile(r"^(?:pp|p|pages?|pgs?|págs?|pág|s|ss|seiten|bl|col|cols|str|с|стр)\.?\s*", re.I)
_PAGES_TAIL = re.compile(r"\s*(?:pp|p|pages?|s|seiten|ss|с)\.?$", re.I)
_PAGES_DASH = re.compile(r"\s*-+\s*")
_VANCOUVER_YEAR = re.compile(r"^\d{4}\s*;\s*")
_VOLUME = re.compile(r"^((?:\d+|[IVXLCDMivxlcdm]+\b)[A-Za-z]?(?:\s*[-/]\s*\d+)?)")
_ISSUE_PARENS = re.compile(r"^\s*\(\s*([^)]+?)\s*\)")
_ISSUE_MARKED = re.compile(r"^\s*[,.;:]?\s*" + _NUM_PREFIX + r"([0-9A-Za-z]+(?:\s*[-/]\s*[0-9A-Za-z]+)?)", re.I)
_ISSUE_COMMA = re.compile(r"^\s*,\s*(\d+(?:\s*[-/]\s*\d+)?)\s*[,.:;]?\s*$")
_ISSUE_DOT = re.compile(r"^\.(\d+)\s*[,.:;]?\s*$")
_NUMBER_ONLY = re.compile(r"^" + _NUM_PREFIX + r"\(?\s*([0-9A-Za-z]+(?:\s*[-/]\s*[0-9A-Za-z]+)?)", re.I)
_RANGE_DASH = re.compile(r"\s*-\s*")


def _dash_range(s: str) -> str:
    return _RANGE_DASH.sub("--", s.strip())


def clean_edition(text: str) -> str:
    """'2nd ed.' -> '2'; 'Second edition' -> '2'; '3. Aufl.' -> '3'; 'Revised ed.' -> 'Revised'."""
    t = clean(text)
    m = re.search(r"(?<![\d.])(\d{1,3})\s*(?:st|nd|rd|th|e|er|ère|re|a|ª|º|o|\.)?(?=\W|$)", t, re.I)
    if m:
        return m.group(1)
    for word in re.findall(r"\w+", t.casefold()):
        if word in _ORDINAL_WORDS:
            return str(_ORDINAL_WORDS[word])
    rest = re.sub(r"\b(?:ed|edn|edition|éd|édition|aufl|auflage|ausg|ausgabe|edición|edizione|edição)\b\.?", " ",
                  t, flags=re.I)
    rest = re.sub(r"\s+", " ", rest).strip(_EDGE)
    return rest or t


def clean_year(text: str) -> str:
    m = _YEAR.search(_nfc(text))
    return m.group(1) if m else clean(text)


def month_of(text: str) -> str | None:
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in _MONTHS:
            return str(_MONTHS[word])
    return None


def _rejoin(pieces: list[str], joins) -> str:
    """Glue the pieces of an identifier that a line break or PDF extraction cut apart
    ("10.1016/ j.envsci. 2009.09.007"), stopping at the first piece that is prose."""
    out = pieces[0]
    for piece in pieces[1:]:
        if not joins(out, piece):
            break
        out += piece
    return out


def _doi_continues(head: str, piece: str) -> bool:
    # around the prefix's "/" the suffix is still to come ("10.5751/ ES-06494"); after
    # ".", ":" or "-" more of it is lower case, digits or one letter ("j. 0012-155X. x"),
    # while "Epub", "[PDF]" or "(accessed" are words after the DOI
    if piece[0] == "/" or head[-1] == "/":
        return True
    return head[-1] in ".:-" and (piece[0].islower() or piece[0].isdigit() or len(piece.rstrip(".,;")) == 1)


def clean_doi(text: str) -> str:
    m = re.search(r"10\.\d{3,9}\s*/", text)
    if m:
        doi = _rejoin(text[m.start():].split(), _doi_continues)
        return doi.rstrip(".,;:)]}>")
    t = re.sub(r"^(?:doi\s*[:>]?\s*|https?://(?:dx\.)?doi\.org/)", "", clean(text), flags=re.I)
    return t


_URL_START = re.compile(r"(?:https?|ftp)://|www\.", re.I)


def _url_continues(head: str, piece: str) -> bool:
    # PDF text breaks URLs anywhere ("dx.doi. org/10.1016/", "journ al/", "bilan- retablissement");
    # what follows a URL starts with a bracket or "<", comes after "," or ";", or begins a
    # sentence after its final "." ("(consulté le ...)", ">. Consulté", ". Accessed 3 May")
    if piece[0] in "(<>[\"'" or head[-1] in ",;":
        return False
    return not (head[-1] == "." and piece[0].isupper())


def clean_url(text: str) -> str:
    m = _URL_START.search(text)
    if m:
        u = _rejoin(text[m.start():].split(), _url_continues)
        return u.rstrip(".,;:)]}>\"'")
    t = re.sub(r"^(?:url\s*:?|available\s+(?:at|from|online)\s*:?|retrieved\s+from|online\s*:?)\s*", "",
               clean(text), flags=re.I)
    return re.sub(r"\s+", "", t).rstrip(".,;:)]}>")


def clean_isbn(text: str) -> str:
    t = re.sub(r"^\s*isbn(?:-1[03])?\s*:?\s*", "", text.strip(), flags=re.I)
    return t.strip(_EDGE)


def _join(values: Sequence[str]) -> str:
    return " ".join(v for v in values if v)


# label -> BibTeX field (the names score.py and BibTeX agree on)
LABEL_FIELD = {
    "author": "author", "editor": "editor", "translator": "translator", "title": "title",
    "container-title": "booktitle", "journal": "journal", "date": "year", "publisher": "publisher",
    "location": "address", "pages": "pages", "volume": "volume", "edition": "edition", "doi": "doi",
    "url": "url", "note": "note", "genre": "type", "collection-title": "series", "isbn": "isbn",
    "source": "howpublished", "medium": "howpublished", "director": "note", "producer": "note",
}


# "(3rd ed.)", "2nd edn.", "Third Edition", "(1 éd.)", "3. Aufl.", "(4th. edition)": an edition
# statement the labeller left inside a title, a container or a publisher.
_EDITION_PHRASE = (
    r"(?:\d{1,3}(?:st|nd|rd|th|e|er|ère|re|a|ª|º|o)?\.?|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r"|revised|rev\.|expanded|enlarged)"
    r"(?:\s+(?:revised|rev\.|expanded|enlarged|and|&|updated))*"
    r"\s*(?:ed\.|edn\.?|edition|éd\.|édition|aufl\.|auflage|ed(?=\)))"
)
_EDITION_TAIL = re.compile(r"\s*[(\[]\s*(" + _EDITION_PHRASE + r")\s*[)\]][.,;:]?\s*$", re.I)
# "The Handbook of Phonological Theory, 2nd Edition."
_EDITION_COMMA_TAIL = re.compile(r",\s*(" + _EDITION_PHRASE + r")[.,;:]?\s*$", re.I)
_EDITION_HEAD = re.compile(r"^\s*(" + _EDITION_PHRASE + r")[.,;:]?(?:\s+|$)", re.I)
# "Japanese/Korean Linguistics Volume 30.", "The Interpreter's Bible Vol. 8": a volume the labeller
# left in the container.  A bare number stays ("Advances in Neural Information Processing Systems 7",
# "LNCS 649"): the hand-labelled data keeps it in the container, and so would a reader.
_VOLUME_TAIL = re.compile(r"[\s,]+(?i:vol\.|volume|bd\.|band|tome)\s*\d{1,4}[.,;:]?\s*$")
# "Rio de Janeiro: F. Alves" labelled as one publisher (or place)
_PLACE_COLON = re.compile(r"^(\(?[A-ZÀ-Þ][^:;()\d]{1,40}?:)\s+([A-ZÀ-Þ].*)$")
_TRANSLATED_BY = re.compile(r"[,;.]?\s+(?:translated\s+(?:from\s+\w+\s+)?by|trans\.\s+by|übersetzt\s+von|"
                            r"traduit\s+par|trad\.\s+par|tr\.\s+by)\s", re.I)
_EDITED_BY = re.compile(r"[,;.]?\s+(?:edited\s+by|ed\.\s+by|herausgegeben\s+von|hrsg\.\s+von|"
                        r"édité\s+par)\s", re.I)
# "(Eds.)", "eds.", "(Hrsg.)", "(dir.)": the names before are editors, not authors
# ("Smith, Ed." is a man called Ed: a bare "Ed." is not taken)
_EDITOR_MARK = re.compile(r"(?:[(\[]\s*(?i:eds?|editors?|hrsg|hg|dir|dirs|éds?|coords?)\.?\s*[)\]]"
                          r"|,?\s+(?:eds|Eds|EDS|ed|editors?|Editors?|hrsg|Hrsg|éds?)\.?)[.,:;]?\s*$")


# "In J. Knechtel (Ed.), TRASH.": names, their bracketed mark, then the container ("(ed.) R. W.
# Chapman" has no names before the mark and stays whole)
# (a word before the first bracket, checked ahead: two lazy runs were quadratic on a long segment)
_EDITOR_THEN = re.compile(r"^(?=[^(\[]*\w)([^(\[]*\s[(\[]\s*(?i:eds?|editors?|hrsg|hg|dir|dirs|éds?|coords?)\.?\s*[)\]][.,:;]?)\s+(\S.*)$")
# "In Middle Iranian Lexicography, eds. C.G. Cereti & M. Maggi.": the container after "In", then the editors
_IN_THEN_EDITOR = re.compile(r"^((?i:in|dans|im)\b:?\s+.+?,)\s+((?i:eds?|editors?|edited\s+by|ed\.\s+by|hrsg|hg|dir|éds?)\.?\s+\S.*)$")
# a segment of role words alone: "(Eds.)", "trans. and ed.", "(Hrsg.):"
_ONLY_ROLE = re.compile(r"^[\s(\[]*(?:(?i:eds?|editors?|edd|hrsg|hg|trans|transl|tr|trad|dirs?|comps?|éds?|coords?)"
                        r"\.?[\s)\],]*(?:(?:and|&|und|et)\s+)?)+[.,;:]*\s*$")


def refine_segments(segments: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[int]]:
    """Fix the labeller's commonest boundary slips with what the text itself says.

    * names that end in "(Eds.)" / "eds." are editors even where the labeller said author;
    * "edited by X, translated by Y" in one segment is an editor and a translator;
    * "In J. Knechtel (Ed.), TRASH." / "In Handbook, eds. A. Smith" in one editor segment is
      an editor and a container (when no container was labelled);
    * an edition statement at the end of a title or container ("Title (3rd ed.)", "Title, 2nd
      Edition") or at the
      start of a publisher ("Third Edition. Texas Tech University Press") is the edition;
    * a proceedings "journal" with no volume is a container (booktitle);
    * "Volume 30" at the end of a container is its volume;
    * "Place: Publisher" in one segment is a place and a publisher.
    Each rule applies only when the field it would create is not there already.
    Returns the segments and, for each, the index of the labeller's segment it came from.
    """
    labels = {label for label, _ in segments}
    out: list[tuple[str, str]] = []
    src: list[int] = []
    for i, (label, text) in enumerate(segments):
        if label in ("editor", "translator") and out and out[-1][0] == "author" and _ONLY_ROLE.match(text):
            # "Johnston, Dafydd," + "trans. and ed.": the role word is the names' own, so the
            # names before it are the editors (or translators), not authors
            out[-1] = (label, out[-1][1] + " " + text)
            labels.add(label)
            continue
        if label == "author" and "editor" not in labels and _EDITOR_MARK.search(text):
            out.append(("editor", text))
            src.append(i)
            labels.add("editor")
            continue
        if label == "editor" and "container-title" not in labels:
            # "In J. Knechtel (Ed.), TRASH." / "In Middle Iranian Lexicography, eds. C.G. Cereti":
            # the container glued behind the editors' mark, or before it after "In"
            m = _EDITOR_THEN.match(text)
            if m:
                out += [("editor", m.group(1)), ("container-title", m.group(2))]
            else:
                m = _IN_THEN_EDITOR.match(text)
                if m:
                    out += [("container-title", m.group(1)), ("editor", m.group(2))]
            if m:
                src += [i, i]
                labels.add("container-title")
                continue
        if label in ("editor", "translator"):
            # "edited by M. Holquist, translated by C. Emerson": two roles in one segment
            other = "translator" if label == "editor" else "editor"
            m = (_TRANSLATED_BY if label == "editor" else _EDITED_BY).search(text)
            head = text[:m.start()].rstrip().casefold() if m else ""
            if m and head and not head.endswith(("and", "&", "und", "et")) and other not in labels:
                out += [(label, text[:m.start()]), (other, text[m.start():].lstrip(" ,;."))]
                src += [i, i]
                labels.add(other)
                continue
        if "edition" not in labels and label in ("title", "container-title"):
            m = _EDITION_TAIL.search(text) or _EDITION_COMMA_TAIL.search(text)
            if m and m.start() > 0:
                out += [(label, text[:m.start()]), ("edition", text[m.start():])]
                src += [i, i]
                labels.add("edition")
                continue
        if label == "journal" and "volume" not in labels and "container-title" not in labels and \
                _PROCEEDINGS.search(text):
            # "Proc. Int. Conf. Language Resources and Evaluation (LREC)," with no volume: a
            # conference's proceedings, not a journal (PNAS and Proc. R. Soc. come with volumes)
            out.append(("container-title", text))
            src.append(i)
            continue
        if "volume" not in labels and label == "container-title":
            m = _VOLUME_TAIL.search(text)
            if m and m.start() > 0:
                out += [(label, text[:m.start()]), ("volume", text[m.start():])]
                src += [i, i]
                labels.add("volume")
                continue
        if label in ("publisher", "location"):
            # "Rio de Janeiro: F. Alves" in one segment: the place, then the publisher
            other = "location" if label == "publisher" else "publisher"
            m = _PLACE_COLON.match(text)
            if m and other not in labels:
                out += [("location", m.group(1)), ("publisher", m.group(2))]
                src += [i, i]
                labels.add(other)
                continue
        if "edition" not in labels and label in ("publisher", "location", "note"):
            m = _EDITION_HEAD.match(text)
            if m and m.end() < len(text) and re.search(r"(?i)ed|aufl", m.group(1)):
                out += [("edition", text[:m.end()]), (label, text[m.end():])]
                src += [i, i]
                labels.add("edition")
                continue
        out.append((label, text))
        src.append(i)
    return out, src


def segments_to_fields(segments: Sequence[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Labelled segments -> (BibTeX fields, field -> indexes of the segments it came from)."""
    refined, src = refine_segments(segments)
    fields, origin = _fields_of(refined)
    return fields, {name: sorted({src[i] for i in idx}) for name, idx in origin.items()}


def _fields_of(segments: Sequence[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[int]]]:
    by_label: dict[str, list[int]] = {}
    for i, (label, _text) in enumerate(segments):
        by_label.setdefault(label, []).append(i)
    fields: dict[str, str] = {}
    origin: dict[str, list[int]] = {}

    def put(field: str, value: str, idx: list[int]) -> None:
        if value and value.strip():
            fields[field] = value.strip()
            origin[field] = idx

    def texts(label: str) -> list[str]:
        return [segments[i][1] for i in by_label.get(label, [])]

    for role in ("author", "editor", "translator"):
        if role in by_label:
            names = [format_names(t) for t in texts(role)]
            put(role, " and ".join(n for n in names if n), by_label[role])
    # One value per field: the first segment.  A second "title" segment is usually a
    # reprint's or a review's title, kept apart in titleaddon rather than glued on.
    if "title" in by_label:
        idx = by_label["title"]
        put("title", clean_title(segments[idx[0]][1]), idx[:1])
        if len(idx) > 1:
            put("titleaddon", _join([clean_title(segments[i][1]) for i in idx[1:]]), idx[1:])
    if "container-title" in by_label:
        # A part of a book has a title of its own; a container with no title in front of
        # it is the work itself ("Report of the Central Committee ... Congress."), except
        # an edited volume's (editors, no author): the labelled data calls that a container
        edited = "editor" in by_label and "author" not in by_label
        field = "booktitle" if "title" in by_label or edited else "title"
        clean_as = clean_container if field == "booktitle" else clean_title
        put(field, clean_as(texts("container-title")[0]), by_label["container-title"][:1])
    if "journal" in by_label:
        put("journal", clean_container(texts("journal")[0]), by_label["journal"][:1])
    if "date" in by_label:
        idx = by_label["date"]
        with_year = [i for i in idx if _YEAR.search(segments[i][1])]
        first = with_year[0] if with_year else idx[0]
        put("year", clean_year(segments[first][1]), [first])
        month = month_of(segments[first][1])
        if month and with_year:
            put("month", month, [first])
    for label, field in (("publisher", "publisher"), ("location", "address"), ("genre", "type"),
                         ("collection-title", "series")):
        if label in by_label:
            put(field, clean(texts(label)[0]), by_label[label][:1])
    if "note" in by_label:
        put("note", _join([clean(t) for t in texts("note")]), by_label["note"])
    if "pages" in by_label:
        idx = by_label["pages"]
        put("pages", clean_pages(segments[idx[0]][1]), idx[:1])
    if "volume" in by_label:
        vols, nums = [], []
        for i in by_label["volume"]:
            v, n = split_volume(segments[i][1])
            if v:
                vols.append(v)
            if n:
                nums.append(n)
        put("volume", vols[0] if vols else "", by_label["volume"])
        put("number", nums[0] if nums else "", by_label["volume"])
    if "edition" in by_label:
        put("edition", clean_edition(texts("edition")[0]), by_label["edition"][:1])
    if "doi" in by_label:
        put("doi", clean_doi(texts("doi")[0]), by_label["doi"][:1])
    if "url" in by_label:
        put("url", clean_url(texts("url")[0]), by_label["url"][:1])
    if "isbn" in by_label:
        put("isbn", clean_isbn(texts("isbn")[0]), by_label["isbn"][:1])
    for label in ("source", "medium"):
        if label in by_label and "howpublished" not in fields:
            put("howpublished", _join([clean(t) for t in texts(label)]), by_label[label])
    return fields, origin


_PROCEEDINGS = re.compile(r"\b(?:proc(?:eedings|\.)|conference|conf\.|symposium|workshop|congress|meeting|colloqui|"
                          r"actes|tagung|kongress|convention|summit)", re.I)
_THESIS = re.compile(r"\b(?:thesis|dissertation|diss\b|thèse|tesis|tesi|doktorarbeit|habilitation)", re.I)
_MASTERS = re.compile(r"\b(?:master|m\.a\.|m\.sc|msc|mémoire|magister)", re.I)
_REPORT = re.compile(r"\b(?:report|technical|tech\.|working paper|white paper|memorandum|rapport|bericht|"
                     r"discussion paper|occasional paper)", re.I)


def settle_type(fields: dict[str, str], text: str) -> str:
    """Pick the entry type and rename the publisher to what that type calls it
    (school for theses, institution for reports)."""
    kind = entry_type(fields, text)
    if "publisher" in fields:
        if kind in ("phdthesis", "mastersthesis"):
            fields["school"] = fields.pop("publisher")
        elif kind == "techreport":
            fields["institution"] = fields.pop("publisher")
    return kind


def entry_type(fields: dict[str, str], text: str) -> str:
    """A BibTeX/biblatex entry type from which fields were found and a few cue words."""
    genre = fields.get("type", "")
    if _THESIS.search(genre) or (_THESIS.search(text) and "journal" not in fields):
        return "mastersthesis" if _MASTERS.search(genre or text) else "phdthesis"
    if "journal" in fields:
        return "article"
    if "booktitle" in fields:
        return "inproceedings" if _PROCEEDINGS.search(fields["booktitle"]) else "incollection"
    if _REPORT.search(genre) or (_REPORT.search(text) and "publisher" not in fields):
        return "techreport"
    if "publisher" in fields or "address" in fields or "edition" in fields:
        return "book"
    if "url" in fields:
        return "online"
    return "misc"
