//! The incremental invariant: after any sequence of edits, rebuilding into
//! the same output, with a cache carried over as in watch mode, gives exactly
//! the bytes of a fresh build of the same content. Rebuilds render only
//! pages whose signature changed and parse only changed files, so this is
//! what holds the signatures and the cache complete.

use crate::common::{Site, snapshot};

/// A small deterministic random source (no dependency needed for this).
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PEOPLE: &[&str] = &[
    "Julian Assange",
    "Ricardo Patiño",
    "Ricardo Patino",
    "William Hague",
    "Anna Ames",
    "Bo Berg",
];
const PLACES: &[&str] = &["London", "Ecuador", "Quito", "Sweden"];
/// Documents that always exist, so that stories may cite them.
const CITED_DOCUMENTS: &[&str] = &["ruling", "report"];
const ISSUERS: &[&str] = &["High Court", "London", "Julian Assange", "Supreme Court"];
const DOCUMENT_TYPES: &[&str] = &["judgment", "report", "press release"];
const TAGS: &[&str] = &["asylum", "courts", "Diplomacy", "leaks"];
const WORDS: &[&str] = &[
    "talks", "stall", "Assange", "Ecuador", "London", "minister", "court", "Patiño", "Hague",
    "asylum",
];

fn story_text(r: &mut Random, n: usize) -> String {
    let people: Vec<&str> = (0..r.below(3)).map(|_| r.pick(PEOPLE)).collect();
    let places: Vec<&str> = (0..r.below(3)).map(|_| r.pick(PLACES)).collect();
    let tags: Vec<&str> = (0..r.below(3)).map(|_| r.pick(TAGS)).collect();
    let body: Vec<String> = (0..1 + r.below(3))
        .map(|_| {
            let words: Vec<&str> = (0..4 + r.below(8)).map(|_| r.pick(WORDS)).collect();
            format!("{}.", words.join(" "))
        })
        .collect();
    let summary = if r.below(2) == 0 {
        format!("summary: Summary {}\n", r.below(5))
    } else {
        String::new()
    };
    // Now and then a correction: on the story, its dates, the corrections
    // page and its feed.
    let corrections = match r.below(4) {
        0 => format!(
            "corrections:\n  - date: 2015-0{}-01\n    text: Fix {}.\n",
            1 + r.below(9),
            r.below(5)
        ),
        _ => String::new(),
    };
    // Now and then a document as a source, with or without a pinpoint: on
    // the story, on the document's page and on the search index.
    let sources = match r.below(3) {
        0 => format!(
            "sources:\n  - document: {}\n{}",
            r.pick(CITED_DOCUMENTS),
            ["", "    pages: para 4\n", "    title: Its own title\n"][r.below(3)]
        ),
        _ => String::new(),
    };
    // Now and then a lead image, and a picture in the text: both from the
    // one photo the site has, whose file changes now and then.
    let image = match r.below(4) {
        0 => "image: /images/photo.jpg\nimage_alt: A photo\n",
        _ => "",
    };
    let picture = match r.below(4) {
        0 => "\n\n![A photo](/images/photo.jpg \"Its caption\")",
        _ => "",
    };
    format!(
        "---\ntitle: Story {n} {}\ndate: 20{:02}-{:02}-{:02}\n{summary}{corrections}{sources}{image}people: [{}]\nplaces: [{}]\ntags: [{}]\n---\n{}{picture}\n",
        r.pick(WORDS),
        10 + r.below(5),
        1 + r.below(12),
        1 + r.below(28),
        people.join(", "),
        places.join(", "),
        tags.join(", "),
        body.join("\n\n")
    )
}

/// A story page that shows more of its context than the theme does (the
/// counts of the entities and tags it links to), so that a signature missing
/// one of them shows up as a difference.
const STORY_TEMPLATE: &str = r#"{% extends "base.html" %}{% block content %}<h1>{{ story.title }}</h1>
{% for group in entities %}{% for e in group.entities %}<a href="{{ e.url }}">{{ e.name }}{% for r in e.roles %} {{ r.role }} {{ r.of.name }} {{ r.span }}{% endfor %}</a>{% endfor %}{% endfor %}
{% for group in mentioned %}{% for e in group.entities %}<a href="{{ e.url }}">{{ e.name }}{% for r in e.roles %} {{ r.role }} {{ r.of.name }}{% endfor %}</a>{% endfor %}{% endfor %}
{% for t in tags %}<a href="{{ t.url }}">{{ t.name }}</a>{% endfor %}
{% for s in related %}<a href="{{ s.url }}">{{ s.title }} {{ s.summary }}</a>{% endfor %}
{% for s in story.sources %}<a href="{{ s.url }}">{{ s.title }} {{ s.publisher }} {{ s.date.human }} {{ s.pages }}</a>{% endfor %}
{% if story.image %}<img src="{{ story.image.src }}" srcset="{{ story.image.srcset }}" width="{{ story.image.width }}" alt="{{ story.image.alt }}">{% endif %}
{% if previous %}<a href="{{ previous.url }}">{{ previous.title }}</a>{% endif %}{% if next %}<a href="{{ next.url }}">{{ next.title }}</a>{% endif %}
{{ story.content | safe }}{% endblock content %}"#;

/// Rewrites only the body of a story, keeping its front matter.
fn edit_body(site: &Site, path: &str, r: &mut Random) {
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let end = text[3..].find("---").unwrap() + 6;
    let words: Vec<&str> = (0..3 + r.below(6)).map(|_| r.pick(WORDS)).collect();
    site.write(
        path,
        &format!(
            "{}
{}.
",
            &text[..end],
            words.join(" ")
        ),
    );
}

/// Gives a story other tags and leaves the rest of it as it was: the
/// rebuild indexes the tags again and reuses the rest of the index.
fn retag(site: &Site, path: &str, r: &mut Random) {
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let start = text.find("\ntags: [").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    let tags: Vec<&str> = (0..r.below(4)).map(|_| r.pick(TAGS)).collect();
    let tags = format!("tags: [{}]", tags.join(", "));
    site.write(path, &[&text[..start], &tags, &text[end..]].concat());
}

/// One random change to the site's inputs: mostly story edits, as when
/// writing, and now and then a profile, the configuration or a template.
fn change(site: &Site, r: &mut Random, stories: &mut Vec<String>, counter: &mut usize) {
    let root = site.root();
    match r.below(30) {
        27..=29 => change_translation(site, r, stories),
        9..=14 if !stories.is_empty() => {
            let path = stories[r.below(stories.len())].clone();
            edit_body(site, &path, r);
        }
        20 | 21 if !stories.is_empty() => {
            let path = stories[r.below(stories.len())].clone();
            retag(site, &path, r);
        }
        15..=17 => {
            let aliases = ["[Assange]", "[]", "[Julian]", "[\"Assange, Julian\"]"];
            let description = [
                "Publisher",
                "Founder of WikiLeaks",
                "A <b>bold</b> & \"quoted\" man",
            ];
            site.write(
                "content/people/julian-assange.md",
                &format!(
                    "---\nname: Julian Assange\naliases: {}\ndescription: {}\n{}---\nBio {}.\n",
                    aliases[r.below(aliases.len())],
                    serde_json::to_string(description[r.below(description.len())]).unwrap(),
                    relations(r),
                    r.below(9)
                ),
            );
        }
        18 => {
            let titles = ["Mentions", "Mentions & more", "Dossier"];
            let paginate = 1 + r.below(3);
            let untranslated = ["show", "hide"][r.below(2)];
            site.write(
                "dossier.yaml",
                &format!("title: {}\nbase_url: https://example.org/x/\npaginate: {paginate}\nfeed_limit: 2\nlanguages:\n  es: {{ title: {} }}\nuntranslated: {untranslated}\n", titles[r.below(3)], titles[r.below(3)]),
            );
        }
        19 => {
            if r.below(2) == 0 {
                // Sometimes the site's story count, which then signs every page.
                let count = ["", "{{ site.story_count }}"][r.below(2)];
                site.write("templates/tags.html", &format!("{{% extends \"base.html\" %}}{{% block content %}}<p>{}{count}</p>{{% endblock content %}}", r.below(3)));
            } else if root.join("templates/tags.html").exists() {
                site.remove("templates/tags.html");
            }
        }
        22 => change_page(site, r),
        23 => change_document(site, r),
        24 => {
            let (width, height) = [(700, 400), (500, 500), (900, 300)][r.below(3)];
            site.write_bytes(
                "static/images/photo.jpg",
                &crate::common::jpeg(width, height),
            );
        }
        _ => change_story_file(site, r, stories, counter),
    }
}

/// Now and then a few relations of a profile, to entities that always
/// exist (the places a story may list have profiles), over dates the
/// stories fall in or around: on both entities' pages, beside names in
/// stories of those dates, in graphs and in search.
fn relations(r: &mut Random) -> String {
    let mut text = String::new();
    for _ in 0..r.below(3) {
        let from = [
            "",
            "    from: 2011\n",
            "    from: 2012-06\n",
            "    from: 2013-03-15\n",
        ][r.below(4)];
        let until = [
            "",
            "    until: 2012\n",
            "    until: 2014-07-14\n",
            "    ended: true\n",
        ][r.below(4)];
        let (from, until) = if from.contains("2013") && until.contains("2012") {
            (from, "")
        } else {
            (from, until)
        };
        text.push_str(&format!(
            "  - role: {}\n    of: {}\n{from}{until}{}",
            ["Founder", "Resident", "Envoy"][r.below(3)],
            r.pick(&["London", "Ecuador", "Sweden"]),
            ["", "    inverse: Guest\n", "    source: ruling\n"][r.below(3)],
        ));
    }
    if text.is_empty() {
        text
    } else {
        format!("relations:\n{text}")
    }
}

/// A document's text: its title, date, type, issuer, entities and notes.
fn document_text(r: &mut Random) -> String {
    let people: Vec<&str> = (0..r.below(3)).map(|_| r.pick(PEOPLE)).collect();
    let issuer = match r.below(4) {
        0 => String::new(),
        _ => format!("issuer: {}\n", r.pick(ISSUERS)),
    };
    format!(
        "---\ntitle: Document {}\ndate: 201{}{}\ntype: {}\n{issuer}people: [{}]\n---\nNotes {}.\n",
        r.pick(WORDS),
        r.below(5),
        ["", "-06", "-06-17"][r.below(3)],
        r.pick(DOCUMENT_TYPES),
        people.join(", "),
        r.pick(WORDS),
    )
}

/// Rewrites a document the stories may cite, or creates, rewrites or
/// deletes one they do not.
fn change_document(site: &Site, r: &mut Random) {
    let uncited = "content/documents/letter.md";
    if r.below(2) == 0 {
        let slug = r.pick(CITED_DOCUMENTS);
        site.write(&format!("content/documents/{slug}.md"), &document_text(r));
    } else if r.below(3) == 0 && site.root().join(uncited).exists() {
        site.remove(uncited);
    } else {
        site.write(uncited, &document_text(r));
    }
}

/// Creates, rewrites or deletes a standalone page, which may be in the
/// menu of every page.
fn change_page(site: &Site, r: &mut Random) {
    let path = ["content/about.md", "content/pages/method.md"][r.below(2)];
    if r.below(3) == 0 && site.root().join(path).exists() {
        site.remove(path);
        if site.root().join(spanish(path)).exists() {
            site.remove(&spanish(path));
        }
        return;
    }
    let menu = match r.below(3) {
        0 => String::new(),
        n => format!("menu: {n}\n"),
    };
    site.write(
        path,
        &format!(
            "---\ntitle: Page {}\n{menu}---\nAbout {}.\n",
            r.below(4),
            r.pick(WORDS)
        ),
    );
}

/// The Spanish version of a content file: `a/b.md` → `a/b.es.md`.
fn spanish(path: &str) -> String {
    format!("{}.es.md", path.strip_suffix(".md").unwrap())
}

/// Creates, rewrites or deletes a Spanish translation: of a story, the
/// profile, a page, the home page, or the interface's strings.
fn change_translation(site: &Site, r: &mut Random, stories: &[String]) {
    let words = |r: &mut Random| {
        let words: Vec<&str> = (0..3 + r.below(6)).map(|_| r.pick(WORDS)).collect();
        words.join(" ")
    };
    let (path, text) = match r.below(5) {
        0 | 1 if !stories.is_empty() => {
            let summary = ["", "summary: Un resumen\n"][r.below(2)];
            (
                spanish(&stories[r.below(stories.len())]),
                format!(
                    "---\ntitle: Artículo {}\n{summary}---\n{}.\n",
                    words(r),
                    words(r)
                ),
            )
        }
        2 => (
            spanish("content/people/julian-assange.md"),
            format!(
                "---\ndescription: Editor {}\naliases: [{}]\n---\nBiografía {}.\n",
                r.below(3),
                ["", "el australiano"][r.below(2)],
                words(r)
            ),
        ),
        3 => {
            let page = ["content/about.md", "content/_index.md"][r.below(2)];
            (
                spanish(page),
                format!("---\ntitle: Página {}\n---\n{}.\n", r.below(3), words(r)),
            )
        }
        _ => (
            "i18n/es.yaml".to_string(),
            format!("related_stories: Más {}\n", r.below(3)),
        ),
    };
    let original = path.replace(".es.md", ".md");
    if !path.ends_with(".yaml") && !site.root().join(&original).exists() {
        return;
    }
    if r.below(4) == 0 && site.root().join(&path).exists() {
        site.remove(&path);
    } else {
        site.write(&path, &text);
    }
}

/// Creates, rewrites, renames or deletes a story file.
fn change_story_file(site: &Site, r: &mut Random, stories: &mut Vec<String>, counter: &mut usize) {
    let root = site.root();
    match r.below(7) {
        2..=4 if !stories.is_empty() => {
            let path = stories[r.below(stories.len())].clone();
            site.write(&path, &story_text(r, *counter + 100));
        }
        5 if !stories.is_empty() => {
            let i = r.below(stories.len());
            *counter += 1;
            let to = format!("content/stories/renamed{counter}.md");
            std::fs::rename(root.join(&stories[i]), root.join(&to)).unwrap();
            // Its translation goes with it.
            if root.join(spanish(&stories[i])).exists() {
                std::fs::rename(root.join(spanish(&stories[i])), root.join(spanish(&to))).unwrap();
            }
            stories[i] = to;
        }
        6 if stories.len() > 3 => {
            let path = stories.remove(r.below(stories.len()));
            site.remove(&path);
            if root.join(spanish(&path)).exists() {
                site.remove(&spanish(&path));
            }
        }
        _ => {
            *counter += 1;
            let path = format!("content/stories/s{counter}.md");
            site.write(&path, &story_text(r, *counter));
            stories.push(path);
        }
    }
}

#[test]
fn rebuilds_after_random_edits_equal_fresh_builds() {
    let site = Site::empty(
        "title: Mentions\nbase_url: https://example.org/x/\npaginate: 2\nfeed_limit: 2\nlanguages:\n  es: { title: Menciones }\n",
    );
    let mut r = Random(2026);
    for place in ["London", "Ecuador", "Sweden"] {
        let slug = place.to_lowercase();
        site.write(
            &format!("content/places/{slug}.md"),
            &format!("---\nname: {place}\n---\n"),
        );
    }
    for slug in CITED_DOCUMENTS {
        site.write(
            &format!("content/documents/{slug}.md"),
            &document_text(&mut r),
        );
    }
    site.write_bytes("static/images/photo.jpg", &crate::common::jpeg(700, 400));
    let mut stories = Vec::new();
    let mut counter = 0;
    for _ in 0..6 {
        change(&site, &mut r, &mut stories, &mut counter);
    }
    site.write("templates/story.html", STORY_TEMPLATE);
    site.write("content/stories/first.md", &story_text(&mut r, 0));
    stories.push("content/stories/first.md".into());
    // As in watch mode: one cache of files read, stories parsed and bodies
    // converted carries over from build to build, told which files changed
    // as a watcher would tell it.
    let mut cache = dossier::build::Cache::default();
    dossier::build::build_with(&site.options(), Some(&mut cache), &()).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let mut translated_steps = 0;
    for step in 0..120 {
        let before = inputs(&site);
        for _ in 0..1 + r.below(2) {
            change(&site, &mut r, &mut stories, &mut counter);
        }
        cache.changed(&changed_paths(&before, &inputs(&site)));
        dossier::build::build_with(&site.options(), Some(&mut cache), &()).unwrap();
        let mut options = site.options();
        let out = fresh.path().join(format!("step{step}"));
        options.output = Some(out.clone());
        dossier::build(&options).unwrap();
        let (incremental, expected) = (snapshot(&site.output()), snapshot(&out));
        let differing: Vec<&String> = expected
            .keys()
            .chain(incremental.keys())
            .filter(|k| {
                !k.ends_with(".dossier-manifest") && expected.get(*k) != incremental.get(*k)
            })
            .collect();
        assert!(
            differing.is_empty(),
            "step {step}: the rebuild differs from a fresh build in {differing:?}"
        );
        translated_steps += usize::from(expected.keys().any(|k| k.starts_with("es/stories/")));
    }
    // The edits did reach translations, not only the originals.
    assert!(
        translated_steps > 20,
        "{translated_steps} steps had Spanish stories"
    );
}

/// The site's input files (everything but the output), by relative path.
fn inputs(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(site.root());
    files.retain(|path, _| !path.starts_with("public/") && !path.starts_with(".dossier-cache/"));
    files
}

/// The paths created, changed or deleted between two snapshots, as a file
/// watcher reports them.
fn changed_paths(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    paths.dedup();
    paths.into_iter().map(std::path::PathBuf::from).collect()
}

/// Each page's signature, by its path.
fn signatures(site: &Site) -> std::collections::BTreeMap<String, u64> {
    let prepared = dossier::build::prepare(&site.options(), None).unwrap();
    let renderer = prepared.renderer();
    prepared
        .pages
        .iter()
        .map(|p| (p.site_path.clone(), renderer.signature(p)))
        .collect()
}

#[test]
fn a_new_story_leaves_the_pages_that_link_its_entities_alone() {
    let site = Site::fixture("basic");
    let before = signatures(&site);
    site.write(
        "content/stories/2012/later.md",
        "---\ntitle: Later\ndate: 2012-09-01\npeople: [Julian Assange]\ntags: [asylum]\n---\nEarly.\n",
    );
    let after = signatures(&site);
    assert_ne!(
        before["people/julian-assange/"],
        after["people/julian-assange/"]
    );
    assert_ne!(before[""], after[""], "the home page counts the stories");
    // Hague's connections and the diplomacy tag's stories link Assange and
    // asylum, whose counts these pages do not show.
    for page in ["people/william-hague/", "tags/diplomacy/"] {
        assert_eq!(before[page], after[page], "{page} looks changed");
    }
    // Unless a template shows the site's story count.
    site.write(
        "templates/entity.html",
        "{% extends \"base.html\" %}{% block content %}{{ entity.name }} of {{ site.story_count }}{% endblock content %}",
    );
    let before = signatures(&site);
    site.remove("content/stories/2012/later.md");
    let after = signatures(&site);
    assert_ne!(
        before["people/william-hague/"],
        after["people/william-hague/"]
    );
}

#[test]
fn a_new_tag_or_entity_leaves_the_pages_that_do_not_show_it_alone() {
    let site = Site::fixture("basic");
    let before = signatures(&site);
    let story = "content/stories/2012/asylum.md";
    let text = std::fs::read_to_string(site.root().join(story)).unwrap();
    // Both sort first, so every other tag's and person's position shifts.
    let text = text
        .replace("tags: [asylum,", "tags: [aardvark, asylum,")
        .replace("people: [", "people: [Aaron Aardvark, ");
    site.write(story, &text);
    let after = signatures(&site);
    assert!(after.contains_key("tags/aardvark/"));
    assert!(after.contains_key("people/aaron-aardvark/"));
    assert_ne!(before["stories/asylum/"], after["stories/asylum/"]);
    // The other stories show the same tags and entities as before.
    for page in ["stories/embassy/", "stories/talks/", "tags/diplomacy/"] {
        assert_eq!(before[page], after[page], "{page} looks changed");
    }
}
