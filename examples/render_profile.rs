//! Where the render stage spends its time: renders every page of a site on
//! one thread and prints the time and bytes per kind of page, then renders
//! the same pages again on every core (nothing is written). Last, the time
//! to sign every page, which every rebuild does to find what changed.
//!
//!     cargo run --release --example render_profile -- SITE [KIND]
//!
//! KIND (`story`, `entity`, `tag`, `feed`, `timeline`, `search index`,
//! `sitemap` or `other`) renders only pages of that kind, for `perf`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use dossier::BuildOptions;
use dossier::pipeline::plan::PageKind;
use rayon::prelude::*;

// The allocator the `dossier` binary uses, so that times compare.
dossier::use_jemalloc!();

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: render_profile SITE [KIND]");
    let only = std::env::args().nth(2);
    let wanted = |kind: PageKind| only.as_deref().is_none_or(|only| only == kind_of(kind));
    let site = dossier::build::prepare(&BuildOptions::new(root), None).expect("the site builds");

    let renderer = site.renderer();
    let mut by_kind: BTreeMap<&str, (usize, Duration, usize)> = BTreeMap::new();
    let started = Instant::now();
    for page in site.pages.iter().filter(|p| wanted(p.kind)) {
        let page_started = Instant::now();
        let file = renderer.render_page(page).expect("the page renders");
        let entry = by_kind.entry(kind_of(page.kind)).or_default();
        entry.0 += 1;
        entry.1 += page_started.elapsed();
        entry.2 += file.bytes.len();
    }
    println!("one thread: {:.0?}", started.elapsed());
    for (kind, (count, time, bytes)) in by_kind {
        println!(
            "{kind:>14}: {count:>6} pages {:>8.1} ms {:>8.1} µs/page {:>6.1} MB",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() * 1e6 / count as f64,
            bytes as f64 / 1e6
        );
    }

    // A new renderer, so that the shared list items are built again.
    let renderer = site.renderer();
    let started = Instant::now();
    let bytes: usize = site
        .pages
        .par_iter()
        .filter(|p| wanted(p.kind))
        .map(|p| {
            renderer
                .render_page(p)
                .expect("the page renders")
                .bytes
                .len()
        })
        .sum();
    println!(
        "every core: {:.0?} ({:.1} MB)",
        started.elapsed(),
        bytes as f64 / 1e6
    );

    let renderer = site.renderer();
    let started = Instant::now();
    renderer.prepare_signatures();
    println!(
        "signatures' shared parts, every core: {:.1?}",
        started.elapsed()
    );
    let mut signing: BTreeMap<&str, Duration> = BTreeMap::new();
    let mut sum = 0u64;
    for page in site.pages.iter().filter(|p| wanted(p.kind)) {
        let page_started = Instant::now();
        sum = sum.wrapping_add(renderer.signature(page));
        *signing.entry(kind_of(page.kind)).or_default() += page_started.elapsed();
    }
    let total: Duration = signing.values().sum();
    println!("signatures, one thread: {total:.1?} (sum {sum:x})");
    for (kind, time) in signing {
        println!("{kind:>14}: {:>8.2} ms", time.as_secs_f64() * 1e3);
    }
}

fn kind_of(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Story(_) => "story",
        PageKind::Entity { .. } => "entity",
        PageKind::Tag { .. } => "tag",
        PageKind::Feed { .. } => "feed",
        PageKind::Timeline => "timeline",
        PageKind::SearchIndex => "search index",
        PageKind::Sitemap { .. } => "sitemap",
        _ => "other",
    }
}
