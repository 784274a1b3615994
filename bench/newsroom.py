#!/usr/bin/env python3
"""Turn a dossier corpus of ../shared/bench/gen_corpus.py into a newsroom one.

    python3 bench/newsroom.py CORPUS OUT

The generator knows part 1 of the content model only. This copies CORPUS
to OUT and gives it what a sourced dossier has: every story two to four
`sources` (addresses under example.org, with partial dates, some with an
archived copy and a pinpoint) of which its text cites one or two, one
story in ten one or two `corrections`, an About page and a methodology
page in the menu, and one document per 20 stories (`content/documents/`:
a type, a partial date, an issuer and a few entities from the corpus's
profiles) that one story in three gives as a source, with a pinpoint now
and then, and one to three dated `relations` in every person's profile (a
role of an organization or a place of the corpus, with partial dates,
half of them over, a story or a document as their source). Deterministic: the same corpus gives the same output. Only the
Python standard library is used.
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


TYPES = ["judgment", "press release", "indictment", "report", "statement",
         "letter", "transcript", "other"]


def profile_names(out, kind):
    """The names of a kind's profiles in the corpus, in file order."""
    folder = os.path.join(out, "content", kind)
    names = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("name:"):
                    names.append(line[5:].strip())
                    break
    return names


def document_text(rng, n, people, organizations):
    year = rng.randint(2010, 2024)
    date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
    listed = ", ".join(rng.sample(people, min(len(people), rng.randint(1, 3))))
    lines = ["---", f"title: \"Document {n}: ruling on the matter of case {rng.randint(100, 999)}\"",
             f"date: {date}", f"type: {rng.choice(TYPES)}",
             f"issuer: {rng.choice(organizations)}", f"people: [{listed}]"]
    if rng.random() < 0.5:
        lines.append(f"url: https://example.org/documents/{n}")
    if rng.random() < 0.2:
        lines.append(f"archived: https://web.archive.org/web/{year}0101000000/https://example.org/documents/{n}")
    lines += ["---", f"Notes on document {n}: what it is, what it decided, the passages that matter.", ""]
    return "\n".join(lines)


ROLES = ["Minister", "Director", "Spokesperson", "Ambassador", "Judge", "Adviser", "Counsel"]


def relations_block(rng, others, stories, documents):
    lines = ["relations:"]
    for _ in range(rng.randint(1, 3)):
        start = rng.randint(2008, 2020)
        lines += [f"  - role: {rng.choice(ROLES)}", f"    of: {rng.choice(others)}",
                  f"    from: {rng.choice([f'{start}', f'{start}-{rng.randint(1, 12):02d}', f'{start}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'])}"]
        if rng.random() < 0.5:
            lines.append(f"    until: {start + rng.randint(1, 4)}-{rng.randint(1, 12):02d}")
        if rng.random() < 0.5 and stories:
            lines.append(f"    source: {rng.choice(stories)}")
        elif documents:
            lines.append(f"    source: doc-{rng.randint(1, documents)}")
    return "\n".join(lines) + "\n"


def add_relations(out, rng, stories, documents):
    """Gives every person's profile one to three relations."""
    others = profile_names(out, "organizations") + profile_names(out, "places")
    folder = os.path.join(out, "content", "people")
    if not others or not os.path.isdir(folder):
        return
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        end = text.index("\n---\n", 3)
        text = text[:end + 1] + relations_block(rng, others, stories, documents) + text[end + 1:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def document_source(rng, documents):
    lines = [f"  - document: doc-{rng.randint(1, documents)}"]
    if rng.random() < 0.3:
        lines.append(f"    pages: para {rng.randint(1, 200)}")
    return "\n".join(lines) + "\n"


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


def newsroom_story(text, rng, slug, documents):
    end = text.index("\n---\n", 3)
    front, body = text[:end + 1], text[end + 5:]
    sources, count = sources_block(rng, slug)
    front += sources
    if documents and rng.random() < 1 / 3:
        front += document_source(rng, documents)
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
    people = profile_names(out, "people") or ["Julian Assange"]
    organizations = profile_names(out, "organizations") or ["High Court"]
    stories = os.path.join(out, "content", "stories")
    count = sum(name.endswith(".md") for _, _, files in os.walk(stories) for name in files)
    documents = max(1, count // 20)
    folder = os.path.join(out, "content", "documents")
    os.makedirs(folder, exist_ok=True)
    for n in range(1, documents + 1):
        with open(os.path.join(folder, f"doc-{n}.md"), "w", encoding="utf-8") as f:
            f.write(document_text(rng, n, people, organizations))
    for folder, _, files in sorted(os.walk(stories)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(newsroom_story(text, rng, name[:-3], documents))
    slugs = sorted(name[:-3] for _, _, files in os.walk(stories) for name in files if name.endswith(".md"))
    add_relations(out, rng, slugs, documents)
    for relative, text in PAGES.items():
        path = os.path.join(out, "content", relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
