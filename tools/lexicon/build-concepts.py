#!/usr/bin/env python3
"""Builds src/AgentMemory.Core/Resources/wordnet-nouns.tsv.gz, the concept lexicon behind
category expansion of recall queries (docs/quality.md, "Category expansion").

Input: WordNet 3.0's noun database (Debian package wordnet-base, /usr/share/wordnet/data.noun and
index.noun beside it).
Output, gzip-compressed UTF-8 text, one line per noun synset in file order:

    lemma|lemma|...<TAB>hyponym,hyponym,...

Lemmas are lower-cased with '_' turned into spaces, and start with '*' in the synset that is the
lemma's first (most frequent) sense in WordNet's index.noun; each hyponym (WordNet pointers '~' and
'~i', instances included) is the 0-based line number of its synset among these lines. Lines
starting with '#' carry the WordNet licence notice. Nothing else of WordNet is kept.

Usage: tools/lexicon/build-concepts.py [path/to/data.noun]
"""
import gzip
import os
import sys

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet/data.noun"
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
target = os.path.join(repo, "src", "AgentMemory.Core", "Resources", "wordnet-nouns.tsv.gz")

# Each lemma's first sense: index.noun lists a lemma's synsets by frequency in the tagged corpora.
first_sense = set()  # (offset, lemma)
with open(os.path.join(os.path.dirname(source), "index.noun"), encoding="latin-1") as index:
    for line in index:
        if line.startswith("  "):
            continue
        fields = line.split()
        pointer_count = int(fields[3])
        offsets = fields[4 + pointer_count + 2:]
        first_sense.add((offsets[0], fields[0].replace("_", " ")))

synsets = []  # (offset, lemmas, hyponym offsets)
with open(source, encoding="latin-1") as data:
    for line in data:
        if line.startswith("  "):  # the licence header of data.noun
            continue
        fields = line.split(" | ")[0].split()
        offset, word_count = fields[0], int(fields[3], 16)
        lemmas = []
        for i in range(word_count):
            lemma = fields[4 + 2 * i].lower().replace("_", " ")
            # Adjective markers such as "(p)" never occur on nouns, but strip any to be safe.
            lemma = lemma.split("(")[0].strip()
            if lemma and lemma not in lemmas and "*" + lemma not in lemmas:
                lemmas.append(("*" if (offset, lemma) in first_sense else "") + lemma)
        at = 4 + 2 * word_count
        pointer_count = int(fields[at])
        at += 1
        hyponyms = []
        for _ in range(pointer_count):
            symbol, target_offset, pos, _source_target = fields[at:at + 4]
            at += 4
            if symbol in ("~", "~i") and pos == "n":
                hyponyms.append(target_offset)
        synsets.append((offset, lemmas, hyponyms))

line_of = {offset: i for i, (offset, _, _) in enumerate(synsets)}
os.makedirs(os.path.dirname(target), exist_ok=True)
with gzip.GzipFile(target, "wb", mtime=0) as raw:
    out = raw
    def write(text):
        out.write(text.encode("utf-8"))
    write("# Derived from WordNet 3.0 (noun synsets and their hyponym pointers) by tools/lexicon/build-concepts.py.\n")
    write("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.\n")
    write("# THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR\n")
    write("# WARRANTIES, EXPRESS OR IMPLIED. The full licence is in src/AgentMemory.Core/Resources/WORDNET-LICENSE.\n")
    for _, lemmas, hyponyms in synsets:
        write("|".join(lemmas) + "\t" + ",".join(str(line_of[h]) for h in hyponyms if h in line_of) + "\n")
print(f"wrote {target}: {len(synsets)} synsets", file=sys.stderr)
