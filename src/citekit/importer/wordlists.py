"""Hand-written word lists for telling proper nouns in titles (general knowledge, not data).

Adjectives of nationality and names of languages are capitalised in English wherever they
stand, so a title-case title that has one tells us nothing new: keep it capitalised.
Some given names and place names are also everyday words ("Will", "Nice", "Reading"): the
lexicons alone are no evidence for those.
"""

from __future__ import annotations

NATIONALITY_WORDS = frozenset("""
afghan african albanian algerian american andalusian anglo anglo-american anglo-saxon arab arabic
argentine argentinian armenian asian assyrian athenian australian austrian aztec babylonian
balkan baltic bangladeshi basque bavarian belgian bengali bolivian bolshevik bosnian brazilian
breton british bulgarian burmese byzantine californian cambodian canadian castilian catalan
caucasian celtic chilean chinese colombian confucian congolese coptic cretan croatian cuban
cypriot czech danish dutch ecuadorian egyptian english eritrean estonian ethiopian etruscan
eurasian european finnish flemish french frisian gaelic galician gallic georgian german germanic
ghanaian gothic greek guatemalan haitian hawaiian hebrew hellenic hellenistic hindi hispanic
hungarian icelandic indian indonesian iranian iraqi irish islamic israeli italian jamaican japanese
javanese jewish jordanian kazakh kenyan khmer korean kurdish latin latvian lebanese libyan
lithuanian macedonian malay malaysian maltese manchu maori mayan mediterranean mesopotamian mexican
mongol mongolian moorish moroccan muslim neapolitan nepalese nigerian nordic norman norse
norwegian occitan ottoman pakistani palestinian persian peruvian philippine phoenician polish
portuguese prussian punjabi roman romanian russian sanskrit saxon scandinavian scots scottish
serbian siberian sicilian slavic slavonic slovak slovenian somali soviet spanish sudanese sumerian
swahili swedish swiss syrian taiwanese tamil tatar thai tibetan turkish ukrainian urdu uzbek
venetian victorian vietnamese viking welsh yiddish yoruba yugoslav yugoslavian zulu
christian christianity catholic protestant buddhist hindu marxist leninist stalinist
""".split())

#: Days of the week: always capitalised in English.
DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

#: English months, bar the two that are everyday words.
MONTH_WORDS = frozenset(
    "january february april june july august september october november december".split()
)

#: Given names and place names that are also common English words: no evidence alone.
COMMON_WORDS = frozenset("""
will may mark bill art rose hope faith grace joy june august victor frank earl dean rich
pat guy sue jean carol gene miles lane ray sky summer autumn dawn eve iris ivy lily daisy
nice reading bath mobile kent norman saint st las rio columbia hull orange victoria
young white brown black green gray grey long short little hill wood field rock price page
new old north south east west great upper lower central united general major
""".split())

#: Names of more than one word whose words are everyday words on their own.
KNOWN_RUNS = frozenset(tuple(name.split("_")) for name in """
united_states united_kingdom united_nations soviet_union cold_war world_war first_world_war
second_world_war great_war civil_war middle_east far_east near_east new_world old_world
new_zealand new_york new_jersey new_mexico new_england new_guinea new_deal new_testament
old_testament south_africa north_africa east_asia south_asia latin_america north_america
south_america central_america european_union great_britain hong_kong holy_see red_army
white_house supreme_court high_court house_of_commons house_of_lords labour_party
communist_party iron_curtain third_world west_germany east_germany north_korea south_korea
west_bank warsaw_pact red_cross roman_empire holy_roman_empire middle_ages dark_ages
renaissance enlightenment reformation industrial_revolution french_revolution
russian_revolution october_revolution great_depression cultural_revolution
""".split() if "_" in name)

#: First words of place names ("Lake Baikal", "North America"): with a second word that is
#: a name, the two are one name.  Not "Eastern", "Central": "eastern Europe" in sentence case.
PLACE_HEADS = frozenset(
    "north south east west new lake mount mt cape gulf port fort saint st san santa bay isle "
    "united".split()
)
