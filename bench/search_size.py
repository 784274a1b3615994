#!/usr/bin/env python3
"""The size of the search index at 10,000 stories, as a reader's browser
fetches it: search-index.json and the files of text words, raw and gzipped.

The bench corpus (../shared/bench/gen_corpus.py) writes its text from 150
words, far fewer than a newsroom's: nearly every word is in most stories,
which leaves the files of text words almost empty. So this script also
rewrites each story's text from a vocabulary with the shape of real prose
(Zipf's law over 40,000 made-up words, about 320 words a story) and reports
both.

    python3 bench/search_size.py [--stories 10000] [--dossier target/release/dossier]
"""

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
SYLLABLES = ("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu "
             "na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu "
             "str pl tr gr an en in on ar er or al el il").split()


def vocabulary(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words, key=lambda w: (len(w), w))


def prose(rng, words, weights, count):
    chosen = rng.choices(words, weights=weights, k=count)
    sentences = []
    while chosen:
        n = rng.randint(8, 24)
        sentence, chosen = chosen[:n], chosen[n:]
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


def rewrite_bodies(content, seed=17):
    """Keeps each story's front matter and first paragraph (its summary and
    its mentions), and replaces the rest of its text with Zipfian prose."""
    rng = random.Random(seed)
    words = vocabulary(rng, 40_000)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    for folder, _, files in os.walk(os.path.join(content, "stories")):
        for name in files:
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            match = re.match(r"(---\n.*?\n---\n\n?)(.*?\n\n|.*$)", text, re.S)
            if not match:
                continue
            head, first = match.group(1), match.group(2)
            paragraphs = [prose(rng, words, weights, rng.randint(50, 90)) for _ in range(4)]
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + first.rstrip("\n") + "\n\n" + "\n\n".join(paragraphs) + "\n")


def sizes(public):
    def both(path):
        data = open(path, "rb").read()
        return len(data), len(gzip.compress(data, 6))

    index = both(os.path.join(public, "search-index.json"))
    folder = os.path.join(public, "search")
    shards = sorted(both(os.path.join(folder, f)) for f in os.listdir(folder) if f.startswith("words-"))
    return index, shards


def report(label, public):
    (raw, packed), shards = sizes(public)
    total = sum(s[0] for s in shards), sum(s[1] for s in shards)
    largest = max(shards)
    median = shards[len(shards) // 2]
    print(f"{label}:")
    print(f"  search-index.json      {raw / 1e6:7.2f} MB raw, {packed / 1e6:6.2f} MB gzipped")
    print(f"  {len(shards):3d} files of words    {total[0] / 1e6:7.2f} MB raw, {total[1] / 1e6:6.2f} MB gzipped in all")
    print(f"  median file            {median[0] / 1e3:7.1f} kB raw, {median[1] / 1e3:6.1f} kB gzipped")
    print(f"  largest file           {largest[0] / 1e3:7.1f} kB raw, {largest[1] / 1e3:6.1f} kB gzipped")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--dossier", default=os.path.join(ROOT, "target", "release", "dossier"))
    parser.add_argument("--work", default="/tmp/dossier-search-size")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    site = os.path.join(args.work, "site")
    subprocess.run([sys.executable, GEN, "--stories", str(args.stories), "--entities", str(args.stories // 5),
                    "--flavor", "dossier", "--out", site], check=True, stdout=subprocess.DEVNULL)
    build = [args.dossier, "build", "--root", site, "--quiet"]
    subprocess.run(build, check=True)
    report(f"bench corpus, {args.stories} stories (150 words)", os.path.join(site, "public"))
    rewrite_bodies(os.path.join(site, "content"))
    subprocess.run(build, check=True)
    report("same stories, Zipfian text of 40,000 words", os.path.join(site, "public"))


if __name__ == "__main__":
    main()
