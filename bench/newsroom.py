#!/usr/bin/env python3
"""Turn a dossier corpus of ../shared/bench/gen_corpus.py into a newsroom one.

    python3 bench/newsroom.py CORPUS OUT

The generator knows part 1 of the content model only. This copies CORPUS
to OUT and gives it what a sourced dossier has: every story two to four
`sources` (addresses under example.org, with partial dates, some with an
archived copy and a pinpoint) of which its text cites one or two, one
story in ten one or two `corrections`, and an About page and a
methodology page in the menu. Deterministic: the same corpus gives the
same output. Only the Python standard library is used.
"""
import os
import random
import re
import shutil
import sys

PUBLISHERS = ["Reuters", "AP", "AFP", "BBC News", "The Guardian", "El Universo",
              "Dagens Nyheter", "ABC News", "Court record", "Official statement"]


def sources_block(rng, slug):
    count = rng.randint(2, 4)
    lines = ["sources:"]
    for n in range(1, count + 1):
        year = rng.randint(2010, 2024)
        date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                           f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        lines += [f"  - id: s{n}",
                  f"    title: \"Report {n} on {slug}\"",
                  f"    publisher: {rng.choice(PUBLISHERS)}",
                  f"    url: https://example.org/{slug}/{n}",
                  f"    date: {date}"]
        if rng.random() < 0.3:
            lines.append(f"    archived: https://web.archive.org/web/{year}0101000000/https://example.org/{slug}/{n}")
        if rng.random() < 0.2:
            lines.append(f"    pages: para {rng.randint(1, 120)}")
    return "\n".join(lines) + "\n", count


def corrections_block(rng):
    lines = ["corrections:"]
    for _ in range(rng.randint(1, 2)):
        lines += [f"  - date: {rng.randint(2011, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                  "    text: An earlier version of this story gave a wrong date for the hearing."]
    return "\n".join(lines) + "\n"


def cite(body, rng, count):
    """Turns one or two words of the first paragraphs into citations."""
    words = list(re.finditer(r"\b[a-z]{5,}\b", body))
    if not words:
        return body
    for match in sorted(rng.sample(words, min(len(words), rng.randint(1, 2))),
                        key=lambda m: m.start(), reverse=True):
        n = rng.randint(1, count)
        body = body[:match.start()] + f"[{match.group(0)}](source:s{n})" + body[match.end():]
    return body


def newsroom_story(text, rng, slug):
    end = text.index("\n---\n", 3)
    front, body = text[:end + 1], text[end + 5:]
    sources, count = sources_block(rng, slug)
    front += sources
    if rng.random() < 0.1:
        front += corrections_block(rng)
    return front + "---\n" + cite(body, rng, count)


PAGES = {
    "about.md": "---\ntitle: About this dossier\nmenu: 1\n---\nWhat this dossier covers and who keeps it.\n",
    "pages/methodology.md": "---\ntitle: Methodology\nmenu: 2\n---\nHow the stories are sourced, written and corrected.\n",
}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1:]
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(corpus, out)
    rng = random.Random(2026)
    stories = os.path.join(out, "content", "stories")
    for folder, _, files in sorted(os.walk(stories)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(newsroom_story(text, rng, name[:-3]))
    for relative, text in PAGES.items():
        path = os.path.join(out, "content", relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
