"""Regenerate fuzzy_blocklist.txt: everyday words one edit away from a place-name word the typo matcher corrects to.

Needs `pip install wordfreq rapidfuzz` (wordfreq is a build-time tool only, not a navigator dependency).
Run from the worktree root: python directory_data/places/scripts/build_fuzzy_blocklist.py > /tmp/block.txt
then put the header of fuzzy_blocklist.txt above the printed words. Takes a few minutes.
The fuzzy targets here must stay the same as navigator.directory.places.fuzzy_targets() (a test checks that every
target the code uses was covered when this list was built: see `targets` in the file header below the words).
"""
import csv
import re
import sys
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wordfreq import top_n_list, zipf_frequency

LANGS = ["en", "pl", "ro", "es", "pt"]
KEEP = {"wembley", "chelsea", "fulham", "kensington", "westminster", "hayes", "harrow", "acton", "ealing", "hammersmith",
        "paddington", "southall", "uxbridge", "hounslow"}


def norm(s):
    s = re.sub(r"\(.*?\)", " ", s).replace("&", " and ").replace("-", " ")
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w ]", "", s).split()


def z(w):
    return max(zipf_frequency(w, lang) for lang in LANGS)


def main():
    rows = list(csv.DictReader(open("directory_data/places/london_place_names_gazetteer.csv", encoding="utf-8")))
    targets = {"brent", "ealing", "harrow", "hillingdon", "hounslow", "hammersmith", "fulham", "kensington", "chelsea", "westminster"}
    for r in rows:
        if r["in_nwl8"] == "True":
            targets.update(t for t in norm(r["place_name"]) if len(t) >= 5 and t.isalpha() and (z(t) < 3.0 or t in KEEP))
    words = set()
    for lang in LANGS:
        words.update(w for w in top_n_list(lang, 200000) if w.isalpha() and len(w) >= 4)
    block = sorted(w for w in words if w not in targets and z(w) >= 2.0
                   and process.extract(w, sorted(targets), scorer=Levenshtein.distance, score_cutoff=1, limit=1))
    print("\n".join(block))
    print(len(targets), "targets,", len(block), "words", file=sys.stderr)


if __name__ == "__main__":
    main()
