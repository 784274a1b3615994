//! Times what watch mode does after a one-story edit: a rebuild with the
//! cache carried over from the builds before, from the first file read to
//! the last byte written.
//!
//!     cargo run --release --example edit_bench -- CORPUS OUTPUT [EDITS] [title]
//!
//! CORPUS is a site (for example one written by gen_corpus.py); it is copied
//! to a temporary folder first, since each edit appends a sentence to a story.
//! Two edits in three add a sentence to a story's text; every third adds a
//! tag to its front matter, which re-indexes the site and changes the tag's
//! pages; in a corpus with relations, every fifth renames a role in a
//! person's profile. Prints what each rebuild rendered, and the median, minimum and
//! maximum time of each kind of edit. With `title`, every edit gives a story
//! a new title instead (a profiler's loop for the list pages). Used by
//! bench/compare.py.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::BuildOptions;
use dossier::build::{Cache, build_with};

// The allocator the `dossier` binary uses, so that times compare.
dossier::use_jemalloc!();

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: edit_bench CORPUS OUTPUT [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(15);
    let titles_only = args.get(4).is_some_and(|k| k == "title");
    let copy = tempfile::tempdir().expect("a temp folder");
    copy_tree(Path::new(corpus), copy.path());
    let mut options = BuildOptions::new(copy.path());
    options.output = Some(PathBuf::from(output));
    let _ = std::fs::remove_dir_all(output);

    let mut cache = Cache::default();
    let started = Instant::now();
    build_with(&options, Some(&mut cache), &()).expect("the corpus builds");
    println!("first build: {:.0?}", started.elapsed());

    let stories = story_files(&copy.path().join("content/stories"));
    let related: Vec<PathBuf> = story_files(&copy.path().join("content/people"))
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\n  - role: ")))
        .collect();
    let mut text_edits: Vec<Duration> = Vec::new();
    let mut tag_edits: Vec<Duration> = Vec::new();
    let mut relation_edits: Vec<Duration> = Vec::new();
    for n in 0..edits {
        // As in watch mode, where edits reach a rebuild at least the
        // debounce apart (and people type slower still): the last build's
        // clean-up on another thread is done before the next starts.
        std::thread::sleep(Duration::from_millis(200));
        // In a corpus with relations, every fifth edit renames a role in a
        // profile: both entities' pages, their graphs and the stories of
        // its dates change.
        if n % 5 == 4 && !related.is_empty() {
            let profile = &related[(n * 31) % related.len()];
            let text = std::fs::read_to_string(profile).unwrap();
            let text = text.replacen("\n  - role: ", &format!("\n  - role: Edited {n} "), 1);
            std::fs::write(profile, text).unwrap();
            let started = Instant::now();
            cache.changed(std::slice::from_ref(profile));
            let report = build_with(&options, Some(&mut cache), &()).expect("the edit builds");
            let took = started.elapsed();
            relation_edits.push(took);
            println!(
                "edit {n} (a relation): {took:.1?}, {} pages rendered, {} files written",
                report.rendered, report.written
            );
            continue;
        }
        let story = &stories[(n * 7919) % stories.len()];
        let mut text = std::fs::read_to_string(story).unwrap();
        // Every third edit changes the front matter (a tag more), which
        // re-indexes the site; the others add a sentence to the text.
        let tagged = n % 3 == 2 && !titles_only;
        if titles_only {
            text = text.replacen("title: ", &format!("title: Edit {n} of "), 1);
        } else if tagged {
            text = text.replacen("tags: [", &format!("tags: [\"edit {n}\", "), 1);
        } else {
            text.push_str(&format!("\nAn added sentence, edit {n}.\n"));
        }
        std::fs::write(story, text).unwrap();
        let started = Instant::now();
        cache.changed(std::slice::from_ref(story));
        let report = build_with(&options, Some(&mut cache), &()).expect("the edit builds");
        let took = started.elapsed();
        if tagged || titles_only {
            tag_edits.push(took);
        } else {
            text_edits.push(took);
        }
        println!(
            "edit {n} ({}): {took:.1?}, {} pages rendered, {} files written",
            if titles_only {
                "a title"
            } else if tagged {
                "a tag"
            } else {
                "text"
            },
            report.rendered,
            report.written
        );
        if n < 3 {
            println!("  {}", report.timings);
        }
    }
    summarize("one-story edit, text", &mut text_edits);
    let edited = if titles_only {
        "a title"
    } else {
        "a tag added"
    };
    summarize(&format!("one-story edit, {edited}"), &mut tag_edits);
    summarize("one profile's relation renamed", &mut relation_edits);
}

fn summarize(what: &str, times: &mut [Duration]) {
    if times.is_empty() {
        return;
    }
    times.sort();
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn story_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
