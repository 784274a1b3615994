#!/usr/bin/env python3
"""A two-language copy of a dossier corpus: `languages: {es: ...}` in its
dossier.yaml and a Spanish translation (`<name>.es.md`) of every third
story, its title and summary marked and its text copied, as issue #16's
benchmark asks.

    python3 bench/bilingual.py /tmp/dossier-bench/dossier-10000 /tmp/dossier-bench/bilingual-10000
"""
import json
import os
import shutil
import sys


def main(source, target):
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("public", ".dossier-cache"))
    with open(os.path.join(target, "dossier.yaml"), "a", encoding="utf-8") as config:
        config.write("languages:\n  es:\n    title: El expediente de prueba\n")
    stories = []
    for folder, _, files in os.walk(os.path.join(target, "content", "stories")):
        stories.extend(os.path.join(folder, f) for f in files if f.endswith(".md"))
    stories.sort()
    for path in stories[::3]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        _, front, body = text.split("---\n", 2)
        title = next(l for l in front.splitlines() if l.startswith("title:"))[6:].strip()
        title = json.loads(title) if title.startswith('"') else title
        with open(path[:-3] + ".es.md", "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {json.dumps(title + ' (es)')}\nsummary: Resumen en español.\n---\n{body}")
    print(f"{len(stories[::3])} of {len(stories)} stories translated into {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
