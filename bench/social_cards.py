#!/usr/bin/env python3
"""What social cards cost a 10k build: the build before them (--baseline),
this build, and this build of a copy of the corpus with `social_cards:
false`, each into a new output folder on tmpfs, alternating, medians of
--runs. Then a one-story edit rebuilt into an existing output, baseline
and this build. The corpus is bench/compare.py's (run it first)."""

import argparse, glob, os, shutil, statistics, subprocess, time

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--baseline", required=True)
parser.add_argument("--corpus", default="/tmp/dossier-bench/dossier-10000")
parser.add_argument("--runs", type=int, default=9)
args = parser.parse_args()
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=os.path.dirname(HERE), check=True)
this = os.path.join(os.path.dirname(HERE), "target/release/dossier")
nocards = args.corpus.rstrip("/") + "-nocards"
shutil.rmtree(nocards, ignore_errors=True)
shutil.copytree(args.corpus, nocards, ignore=shutil.ignore_patterns(".dossier-cache"))
with open(os.path.join(nocards, "dossier.yaml"), "a") as f:
    f.write("social_cards: false\n")
out = "/dev/shm/dossier-cards-bench"


def build(binary, site, output=out, fresh=True):
    if fresh:
        shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([binary, "build", "-q", "--root", site, "--output", output], check=True)
    return time.perf_counter() - started


runs = {"before": (args.baseline, args.corpus), "social cards": (this, args.corpus),
        "social_cards: false": (this, nocards)}
for binary, site in runs.values():
    build(binary, site)  # warm-up: fills the card cache and the page cache
times = {name: [] for name in runs}
for _ in range(args.runs):
    for name, (binary, site) in runs.items():
        times[name].append(build(binary, site))
base = statistics.median(times["before"])
print("| 10,000 stories, new output each run | wall | / before |\n|---|---|---|")
for name, t in times.items():
    print(f"| {name} | {statistics.median(t):.3f} s | {statistics.median(t) / base:.3f}× |")

story = sorted(glob.glob(os.path.join(args.corpus, "content/stories/**/*.md"), recursive=True))[5]
text = open(story).read()
edits = {"before": [], "social cards": []}
try:
    for name in edits:
        build(runs[name][0], args.corpus, out + "-" + name)
    for i in range(args.runs):
        for name in edits:
            open(story, "w").write(text + f"\nEdit {i}.\n")
            edits[name].append(build(runs[name][0], args.corpus, out + "-" + name, fresh=False))
finally:
    open(story, "w").write(text)
base = statistics.median(edits["before"])
for name, t in edits.items():
    print(f"existing output, one story edited, {name}: {statistics.median(t):.3f} s "
          f"({statistics.median(t) / base:.3f}×)")
