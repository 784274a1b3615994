//! Connections between entities and related stories, on a small case
//! computed by hand (tests/fixtures/relations):
//!
//! | story | date       | people              | places    |
//! |-------|------------|---------------------|-----------|
//! | s1    | 2020-01-01 | Alice, Bruno, Chen  |           |
//! | s2    | 2020-01-02 | Alice, Bruno        |           |
//! | s3    | 2020-01-03 | Alice, Chen         | Xeno Town |
//! | s4    | 2020-01-10 | Alice, Dana         |           |
//! | s5    | 2020-02-01 | Bruno, Dana         | Xeno Town |
//!
//! Weights ln(5 / stories naming it): Alice 0.22, Bruno 0.51, Chen, Dana and
//! Xeno Town 0.92.

use crate::common::{Site, links};
use dossier::model::ids::{EntityId, StoryId};

/// The links inside the first `<section class="{class}"`.
fn section_links(html: &str, class: &str) -> Vec<String> {
    let start = html
        .find(&format!(r#"<section class="{class}""#))
        .unwrap_or_else(|| panic!("no {class} in {html}"));
    let end = html[start..].find("</section>").unwrap() + start;
    links(&html[start..end])
}

#[test]
fn connections_count_shared_stories_by_kind() {
    let site = Site::fixture("relations");
    site.built();
    let alice = site.page("people/alice-ames/index.html");
    // Bruno 2 and Chen 2 (a tie, A–Z), Dana 1; then places: Xeno Town 1.
    assert_eq!(
        section_links(&alice, "connections"),
        [
            "/people/bruno-bell/",
            "/people/chen-cho/",
            "/people/dana-dorn/",
            "/places/xeno-town/"
        ]
    );
    assert!(alice.contains(r#"<a href="/people/bruno-bell/">Bruno Bell</a> <span class="count">2 stories together</span>"#));
    assert!(alice.contains(
        r#"<a href="/places/xeno-town/">Xeno Town</a> <span class="count">1 story together</span>"#
    ));
    let bruno = site.page("people/bruno-bell/index.html");
    assert_eq!(
        section_links(&bruno, "connections"),
        [
            "/people/alice-ames/",
            "/people/chen-cho/",
            "/people/dana-dorn/",
            "/places/xeno-town/"
        ]
    );
}

#[test]
fn related_stories_weigh_rare_entities_more() {
    let site = Site::fixture("relations");
    site.built();
    // s1: s3 (Alice + Chen = 1.14) beats s2 (Alice + Bruno = 0.73), then s5 (Bruno), s4 (Alice).
    assert_eq!(
        section_links(&site.page("stories/s1/index.html"), "related"),
        [
            "/stories/s3/",
            "/stories/s2/",
            "/stories/s5/",
            "/stories/s4/"
        ]
    );
    // s2: s1, s5; s3 and s4 tie on Alice alone, and s3 is closer in time.
    assert_eq!(
        section_links(&site.page("stories/s2/index.html"), "related"),
        [
            "/stories/s1/",
            "/stories/s5/",
            "/stories/s3/",
            "/stories/s4/"
        ]
    );
    // s5: s4 (Dana) and s3 (Xeno Town) tie, s4 is closer; s2 and s1 tie on Bruno, s2 is closer.
    assert_eq!(
        section_links(&site.page("stories/s5/index.html"), "related"),
        [
            "/stories/s4/",
            "/stories/s3/",
            "/stories/s2/",
            "/stories/s1/"
        ]
    );
}

/// The related stories by brute force: every pair scored, all sorted.
fn naive_related(dossier: &dossier::pipeline::index::Dossier) -> Vec<Vec<StoryId>> {
    let n = dossier.stories.len();
    let weight = |e: EntityId| (n as f64 / dossier.entities[e].stories.len() as f64).ln();
    StoryId::all(n)
        .map(|s| {
            let mine: Vec<EntityId> = dossier.entities_of(s).collect();
            let mut scored: Vec<(StoryId, f64)> = StoryId::all(n)
                .filter(|&t| t != s)
                .map(|t| {
                    let score = dossier
                        .entities_of(t)
                        .filter(|e| mine.contains(e))
                        .map(weight)
                        .sum::<f64>();
                    (t, score)
                })
                .filter(|&(_, score)| score > 1e-12)
                .collect();
            let distance = |t: StoryId| {
                dossier.stories[s]
                    .date
                    .seconds_between(&dossier.stories[t].date)
            };
            scored.sort_by(|(a, sa), (b, sb)| {
                // Scores summed in another order may differ in the last bits.
                let same = (sa - sb).abs() < 1e-9;
                (if same {
                    std::cmp::Ordering::Equal
                } else {
                    sb.total_cmp(sa)
                })
                .then_with(|| distance(*a).cmp(&distance(*b)))
                .then(a.cmp(b))
            });
            scored.into_iter().take(5).map(|(t, _)| t).collect()
        })
        .collect()
}

#[test]
fn pruned_related_stories_equal_brute_force() {
    // A pseudo-random dossier where a few entities are in most stories, as in
    // real ones, so that the pruning has common entities to skip.
    let site = Site::empty("title: R\nbase_url: https://example.org/\nautolink: false\n");
    let mut seed: u64 = 42;
    let mut next = |bound: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % bound
    };
    // 400 stories put the most common people in well over 64 stories each
    // (WALK_ALWAYS), where the pruning starts.
    for story in 0..400 {
        let mut people: Vec<String> = Vec::new();
        for _ in 0..1 + next(6) {
            // Skewed: low numbers are much more likely.
            let spread = 1 + next(40);
            let who = next(spread);
            let name = format!("Person {who}");
            if !people.contains(&name) {
                people.push(name);
            }
        }
        let date = format!("2020-{:02}-{:02}", 1 + next(12), 1 + next(28));
        site.write(
            &format!("content/stories/s{story}.md"),
            &format!(
                "---\ntitle: S{story}\ndate: {date}\npeople: [{}]\n---\n",
                people.join(", ")
            ),
        );
    }
    let prepared = dossier::build::prepare(&site.options(), None).unwrap();
    assert_eq!(
        prepared.neighbours.related,
        naive_related(&prepared.dossier)
    );
}

#[test]
fn coverage_charts_count_stories_per_month() {
    let site = Site::fixture("relations");
    site.built();
    let alice = site.page("people/alice-ames/index.html");
    assert!(alice.contains(r#"class="coverage-chart""#) && alice.contains(r#"role="group""#));
    // Alice is in s1–s4, all in January 2020; the range runs to February.
    // Two months make a bar a month in both versions, wide and narrow.
    assert_eq!(alice.matches(r#"<rect class="bar""#).count(), 2);
    assert!(alice.contains("<title>January 2020: 4 stories</title>"));
    assert!(alice.contains("4 stories over 2 months; busiest month: January 2020 with 4 stories."));
    let home = site.page("index.html");
    assert_eq!(home.matches(r#"<rect class="bar""#).count(), 4);
    assert!(home.contains("<title>February 2020: 1 story</title>"));
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains("<title>January 2020: 4 stories</title>"));
    // A chart of one story says nothing a date does not.
    site.write(
        "content/stories/lone.md",
        "---\ntitle: Lone\ndate: 2020-02-10\npeople: [Zed Zimmer]\n---\n",
    );
    site.built();
    let prepared = dossier::build::prepare(&site.options(), None).unwrap();
    let mut single = 0;
    for entity in &prepared.dossier.entities {
        let kind = &prepared.config.kinds[entity.kind].key;
        let page = site.page(&format!("{kind}/{}/index.html", entity.slug));
        let charted = page.contains(r#"class="coverage-chart""#);
        assert_eq!(charted, entity.stories.len() > 1, "{}", entity.name);
        single += usize::from(entity.stories.len() == 1);
    }
    assert!(single > 0, "the fixture has an entity of one story");
}
