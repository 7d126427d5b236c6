#!/usr/bin/env python3
"""Mine Bambara keywords for the demo themes from the Bayelemabaga parallel corpus.

For each theme, a French line "supports" a Bambara word when the French side contains one of the
theme's French keywords (by stem, as server/text/themes.cpp matches them) and the aligned Bambara
line contains the word. Candidates are ranked by support and by how specific they are to those
lines (share of all lines holding the word that are supporting lines). A person then picks the
keywords that are real translations; sql/seed/lexicons.json records each pick's support.

Folding approximates baro::text::search_key (lower case, marks removed, ɛ→e ɔ→o ɲ→ny ŋ→ng).

usage: tools/mine_lexicon.py [corpus_dir] [--show N]     candidates per theme
       tools/mine_lexicon.py [corpus_dir] --write FILE      the chosen lexicons, with support, as JSON
corpus_dir defaults to ../shared/corpus/bayelemabaga when present, else tests/data/bayelemabaga.
"""
import collections
import json
import os
import re
import sys
import unicodedata

THEMES = {
    "securite": "sécurité armée soldat militaire attaque terroriste guerre paix police arme violence protéger protection",
    "education": "école éducation enseignant élève étudiant apprendre instruction maître enseigner savoir lire",
    "sante": "santé malade maladie hôpital médecin soigner remède médicament guérir",
    "justice": "justice juge tribunal corruption procès loi droit injustice voleur",
    "elections": "élection vote voter gouvernement gouvernance président chef pouvoir politique état",
    "economie": "emploi travail travailler économie argent marché commerce pauvreté richesse salaire",
    "femmes-jeunes": "femme femmes jeune jeunes jeunesse fille garçon enfant mariage",
    "agriculture": "agriculture agriculteur cultiver champ récolte mil pluie eau élevage bétail semence terre",
}

# The lexicons seeded for the demo consultation `matransition`. French keywords are the ones a
# citizen writes; Bambara keywords were picked from this script's candidates (real translations
# only) and written in the official orthography, as the corpus writes them most often.
CHOSEN = [
    ("securite", {"fr": "Sécurité", "bm": "Lakana", "en": "Security"},
     "sécurité insécurité armée soldat militaire attaque terroriste jihadiste djihadiste police paix violence",
     "lakana kɛlɛ kɛlɛcɛ kɛlɛden kɛlɛbolo hɛra basigi"),
    ("education", {"fr": "Éducation", "bm": "Kalan", "en": "Education"},
     "éducation école enseignant enseignement élève étudiant université instruction",
     "kalan lakɔli karamɔgɔ"),
    ("sante", {"fr": "Santé", "bm": "Kɛnɛya", "en": "Health"},
     "santé hôpital médecin maladie malade soins soigner vaccin médicament",
     "kɛnɛya bana banabagatɔ dɔgɔtɔrɔ fura furakɛli"),
    ("justice", {"fr": "Justice et corruption", "bm": "Tilennenya", "en": "Justice and corruption"},
     "justice juge tribunal corruption impunité loi procès",
     "tilennenya kiri kiritigɛ sariya jalaki"),
    ("elections", {"fr": "Élections et gouvernance", "bm": "Sugandili ni fanga", "en": "Elections and governance"},
     "élection vote gouvernement gouvernance président transition constitution démocratie référendum candidat politique chef dirigeant autorités",
     "fanga jamanatigi kuntigi gɔfɛrɛnaman peresidan sugandi wote"),
    ("economie", {"fr": "Emploi et économie", "bm": "Baara ni nafolo", "en": "Jobs and economy"},
     "emploi chômage travail économie argent prix pauvreté commerce entreprise salaire",
     "baara wari nafolo jago sugu faantanya yiriwali"),
    ("femmes-jeunes", {"fr": "Femmes et jeunes", "bm": "Musow ni kamalenw", "en": "Women and youth"},
     "femme jeune jeunesse fille mariage",
     "muso denmisɛn kamalen npogotigi denmuso"),
    ("agriculture", {"fr": "Agriculture et eau", "bm": "Sɛnɛ ni ji", "en": "Agriculture and water"},
     "agriculture agriculteur paysan récolte pluie eau irrigation élevage bétail semence engrais champ mil riz",
     "sɛnɛ sɛnɛkɛla foro ji sanji ɲɔ bagan"),
]

# How themes.cpp matches: French by stem (prefix, 4+ characters), Bambara by prefix from 5
# characters, shorter Bambara keys whole or with the plural -w.
FR_MIN_PREFIX = 4
BM_MIN_PREFIX = 5


def fold(w):
    w = w.lower().replace("ɛ", "e").replace("ɔ", "o").replace("ɲ", "ny").replace("ŋ", "ng")
    w = unicodedata.normalize("NFD", w)
    return "".join(c for c in w if not unicodedata.combining(c))


def words(line):
    out = []
    for w in re.findall(r"[\w'’]+", line):
        out.extend(p for p in re.split(r"['’]", fold(w)) if p)
    return out


def stem(k):
    if len(k) > 4 and k[-1] in "sx":
        k = k[:-1]
    if len(k) > 4 and k[-1] == "e":
        k = k[:-1]
    return k


def bm_matches(key, w):
    return w.startswith(key) if len(key) >= BM_MIN_PREFIX else w in (key, key + "w")


def fr_matches(stems, ws):
    return any(w.startswith(s) if len(s) >= FR_MIN_PREFIX else w in (s, s + "s", s + "x") for s in stems for w in ws)


def write(pairs, path):
    bam_lists = [words(b) for b, _ in pairs]
    fr_lists = [words(f) for _, f in pairs]
    out = []
    for slug, label, fr, bm in CHOSEN:
        stems = [stem(fold(w)) for w in fr.split()]
        theme_lines = [i for i, ws in enumerate(fr_lists) if fr_matches(stems, ws)]
        support, precision = {}, {}
        for kw in bm.split():
            key = fold(kw)
            matched = [i for i, ws in enumerate(bam_lists) if any(bm_matches(key, w) for w in ws)]
            supported = len(set(matched) & set(theme_lines))
            support[kw] = supported
            precision[kw] = round(supported / len(matched), 2) if matched else 0
        out.append({"slug": slug, "label": label, "fr": fr.split(), "bm": bm.split(),
                    "bm_support": support, "bm_precision": precision})
        print(f"{slug}: {len(theme_lines)} French lines; " +
              ", ".join(f"{k}={support[k]} ({precision[k]:.0%})" for k in bm.split()))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    argv = sys.argv[1:]
    show = 15
    if "--show" in argv:
        at = argv.index("--show")
        show = int(argv[at + 1])
        del argv[at:at + 2]
    if "--write" in argv:
        at = argv.index("--write")
        out_path = argv[at + 1]
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    if "--write" in sys.argv:
        argv.extend(["--write", out_path])
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "shared", "corpus", "bayelemabaga")
    if not os.path.isdir(default):
        default = os.path.join(here, "..", "tests", "data", "bayelemabaga")
    root = args[0] if args else default
    pairs = []
    for split in ("train", "dev"):
        b, f = os.path.join(root, split + ".bam"), os.path.join(root, split + ".fr")
        if os.path.exists(b) and os.path.exists(f):
            pairs += zip(open(b, encoding="utf-8").read().split("\n"), open(f, encoding="utf-8").read().split("\n"))
    if "--write" in argv:
        return write(pairs, argv[argv.index("--write") + 1])
    bam_sets = [set(words(b)) for b, _ in pairs]
    fr_lists = [words(f) for _, f in pairs]
    df = collections.Counter(w for s in bam_sets for w in s)
    report = {}
    for slug, fr in THEMES.items():
        stems = [stem(fold(w)) for w in fr.split()]
        hits = [i for i, ws in enumerate(fr_lists) if any(w.startswith(s) if len(s) >= 4 else w == s for s in stems for w in ws)]
        co = collections.Counter(w for i in hits for w in bam_sets[i])
        ranked = sorted(((c, c / df[w], w) for w, c in co.items() if c >= 3 and len(w) >= 2),
                        key=lambda t: -(t[1] * min(t[0], 50)))
        report[slug] = {"french_lines": len(hits), "candidates": [(w, c, round(p, 2)) for c, p, w in ranked[:show]]}
        print(f"\n{slug}: {len(hits)} lines with a French keyword")
        for c, p, w in ranked[:show]:
            print(f"  {w:20s} support={c:5d} specificity={p:.2f}")
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
