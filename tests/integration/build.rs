//! The core build, end to end: fixture sites built into temp folders, and the
//! files they produce checked.

use crate::common::{Site, broken_links, snapshot};

#[test]
fn writes_every_page_of_the_url_map() {
    let site = Site::fixture("basic");
    let report = site.built();
    assert_eq!(report.stories, 3, "the draft is left out");
    for page in [
        "index.html",
        "stories/embassy/index.html",
        "stories/asylum/index.html",
        "stories/talks/index.html",
        "people/index.html",
        "organizations/index.html",
        "places/index.html",
        "people/julian-assange/index.html",
        "people/julian-assange/page/2/index.html",
        "people/julian-assange/atom.xml",
        "organizations/electoral-commission/index.html",
        "places/london/index.html",
        "tags/index.html",
        "tags/asylum/index.html",
        "tags/asylum/atom.xml",
        "tags/diplomacy/index.html",
        "timeline/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
        "images/assange.svg",
    ] {
        assert!(site.has(page), "missing {page}");
    }
    assert!(!site.has("stories/draft/index.html"));
    assert!(!site.has("people/draft-person/index.html"));
}

#[test]
fn drafts_are_built_on_request() {
    let site = Site::fixture("basic");
    let mut options = site.options();
    options.drafts = true;
    let report = dossier::build(&options).unwrap();
    assert_eq!(report.stories, 4);
    assert!(site.has("stories/draft/index.html"));
    assert!(site.has("people/draft-person/index.html"));
}

#[test]
fn spellings_resolve_to_one_entity() {
    let site = Site::fixture("basic");
    site.built();
    // `Ricardo Patino` and `Ricardo Patiño` are one person, named as the profile says.
    let patino = site.page("people/ricardo-patino/index.html");
    assert!(patino.contains("<h1>Ricardo Patiño</h1>"));
    assert!(patino.contains("/stories/asylum/") && patino.contains("/stories/talks/"));
    assert!(!site.has("people/ricardo-patino-2/index.html"));
    // `wikileaks` resolves to the WikiLeaks profile.
    let wikileaks = site.page("organizations/wikileaks/index.html");
    assert!(wikileaks.contains("<h1>WikiLeaks</h1>"));
    assert!(wikileaks.contains("/stories/asylum/") && wikileaks.contains("/stories/embassy/"));
    // An alias (`Assange`) resolves to its profile.
    let assange = site.page("people/julian-assange/index.html");
    assert!(
        assange.contains("/stories/talks/"),
        "the alias joins the profile"
    );
    assert!(!site.has("people/assange/index.html"));
}

#[test]
fn entity_pages_show_the_profile_and_stories_newest_first() {
    let site = Site::fixture("basic");
    site.built();
    let first = site.page("people/julian-assange/index.html");
    assert!(first.contains("Australian publisher, founder of WikiLeaks"));
    assert!(
        first.contains("Assange · Assange, Julian"),
        "aliases are listed"
    );
    assert!(first.contains(r#"href="https://www.wikidata.org/wiki/Q47573""#));
    assert!(first.contains(r#"src="/dossiers/assange/images/assange.svg""#));
    assert!(
        first.contains("<em>WikiLeaks</em>"),
        "the profile body is Markdown"
    );
    assert!(first.contains("<dt>Stories</dt><dd>3</dd>"));
    assert!(first.contains(r#"<dt>First seen</dt><dd><time datetime="2012-06-19">"#));
    assert!(first.contains(r#"<dt>Last seen</dt><dd><time datetime="2013-06-17">"#));
    // paginate: 2 → the newest two on page 1, the oldest on page 2.
    let talks = first.find("/stories/talks/").unwrap();
    let asylum = first.find("/stories/asylum/\"").unwrap();
    assert!(talks < asylum, "newest first");
    assert!(!first.contains("/stories/embassy/\""));
    let second = site.page("people/julian-assange/page/2/index.html");
    assert!(second.contains("/stories/embassy/"));
    assert!(second.contains(r#"rel="prev" href="/dossiers/assange/people/julian-assange/""#));
    // The profile is on the first page only; the next pages go on with the
    // stories and link back to it.
    for part in [
        r#"class="coverage-chart""#,
        "<em>WikiLeaks</em>",
        "application/ld+json",
        "connections-heading",
    ] {
        assert!(first.contains(part), "the first page has {part}");
        assert!(!second.contains(part), "the second page has no {part}");
    }
    assert!(second.contains(
        r#"<a href="/dossiers/assange/people/julian-assange/">Profile, chart and connections"#
    ));
    assert!(second.contains("Stories, page 2 of 2</h2>"));
    // A profile that no story names still has its page.
    let commission = site.page("organizations/electoral-commission/index.html");
    assert!(commission.contains("<dt>Stories</dt><dd>0</dd>"));
}

#[test]
fn story_pages_show_everything_about_the_story() {
    let site = Site::fixture("basic");
    site.built();
    let talks = site.page("stories/talks/index.html");
    assert!(talks.contains(r#"<time datetime="2013-06-17">17 June 2013</time>"#));
    // A summary written for the story stands under its headline; one taken
    // from the first paragraph would only repeat it.
    let embassy = site.page("stories/embassy/index.html");
    assert!(embassy.contains(r#"<p class="standfirst">He asks Ecuador for asylum.</p>"#));
    assert!(!talks.contains(r#"class="standfirst""#));
    assert!(talks.contains(r#"<a href="https://example.com/original">Bloomberg</a>"#));
    assert!(talks.contains("footnote-definition"), "footnotes are on");
    for entity in [
        "people/william-hague/",
        "people/ricardo-patino/",
        "organizations/foreign-office/",
        "places/london/",
    ] {
        assert!(
            talks.contains(&format!("/dossiers/assange/{entity}")),
            "links {entity}"
        );
    }
    assert!(talks.contains(r#"rel="prev" href="/dossiers/assange/stories/asylum/""#));
    assert!(
        !talks.contains(r#"rel="next""#),
        "the newest story has no next"
    );
    let asylum = site.page("stories/asylum/index.html");
    assert!(asylum.contains(r#"<h2 id="what-happened">What happened</h2>"#));
    assert!(asylum.contains("<table>"));
    assert!(asylum.contains("updated <time datetime=\"2012-08-17\">"));
    assert!(asylum.contains(r#"rel="next" href="/dossiers/assange/stories/talks/""#));
}

#[test]
fn text_from_content_is_escaped() {
    let site = Site::fixture("basic");
    site.built();
    for page in [
        "stories/talks/index.html",
        "index.html",
        "people/william-hague/index.html",
        "timeline/index.html",
    ] {
        let html = site.page(page);
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "{page} is not escaped"
        );
        assert!(
            html.contains("Fixture &lt;Dossier&gt; &amp; Co"),
            "{page}: the site title is escaped"
        );
    }
    assert!(
        site.page("stories/talks/index.html")
            .contains("Talks &lt;script&gt;alert(1)&lt;/script&gt; stall")
    );
    let feed = site.page("atom.xml");
    assert!(!feed.contains("<script>"));
    roxmltree::Document::parse(&feed).expect("the feed is XML");
}

#[test]
fn every_internal_link_resolves_under_the_base_path() {
    let site = Site::fixture("basic");
    site.built();
    let broken = broken_links(&site.output(), "/dossiers/assange/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The Markdown link `/places/london/` was given the base path.
    assert!(
        site.page("stories/embassy/index.html")
            .contains(r#"href="/dossiers/assange/places/london/""#)
    );
}

#[test]
fn base_url_can_be_overridden() {
    let site = Site::fixture("basic");
    let mut options = site.options();
    options.base_url = Some("https://news.example.net/".into());
    dossier::build(&options).unwrap();
    let broken = broken_links(&site.output(), "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        site.page("sitemap.xml")
            .contains("<loc>https://news.example.net/stories/talks/</loc>")
    );
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name((ATOM, name)))
        .and_then(|n| n.text())
}

fn is_rfc3339(text: &str) -> bool {
    jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", text.replace('Z', "+00:00")).is_ok()
}

#[test]
fn feeds_are_valid_atom() {
    let site = Site::fixture("basic");
    site.built();
    for feed in [
        "atom.xml",
        "people/julian-assange/atom.xml",
        "tags/asylum/atom.xml",
    ] {
        let xml = site.page(feed);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let root = doc.root_element();
        assert!(root.has_tag_name((ATOM, "feed")), "{feed}");
        for required in ["id", "title", "updated"] {
            assert!(
                child_text(root, required).is_some(),
                "{feed} lacks {required}"
            );
        }
        assert!(is_rfc3339(child_text(root, "updated").unwrap()));
        let self_link = root
            .children()
            .find(|n| n.has_tag_name((ATOM, "link")) && n.attribute("rel") == Some("self"))
            .and_then(|n| n.attribute("href"))
            .unwrap();
        assert_eq!(
            self_link,
            format!("https://example.org/dossiers/assange/{feed}")
        );
        let entries: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .collect();
        assert!(!entries.is_empty(), "{feed}");
        assert!(entries.len() <= 3, "feed_limit is 3");
        let mut ids = std::collections::HashSet::new();
        for entry in entries {
            let id = child_text(entry, "id").unwrap();
            assert!(
                id.starts_with("https://example.org/dossiers/assange/stories/"),
                "{id}"
            );
            assert!(ids.insert(id), "{feed}: duplicate id {id}");
            assert!(child_text(entry, "title").is_some());
            assert!(is_rfc3339(child_text(entry, "updated").unwrap()));
        }
    }
    // Each feed says what it follows: the site, the entity (its profile's
    // description), the tag.
    let subtitle = |feed: &str| {
        let xml = site.page(feed);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        child_text(doc.root_element(), "subtitle").map(str::to_string)
    };
    assert_eq!(
        subtitle("atom.xml").as_deref(),
        Some("A small dossier for tests")
    );
    assert_eq!(
        subtitle("people/julian-assange/atom.xml").as_deref(),
        Some("Australian publisher, founder of WikiLeaks")
    );
    assert_eq!(
        subtitle("tags/asylum/atom.xml").as_deref(),
        Some("Stories of Fixture <Dossier> & Co on “asylum”, newest first.")
    );
    let unprofiled = site.page("people/william-hague/atom.xml");
    assert!(
        unprofiled.contains("about or mentioning William Hague"),
        "{unprofiled}"
    );
    let main = site.page("atom.xml");
    // The 14:30+02:00 date-time is normalized to UTC, and `updated` is used.
    assert!(main.contains("<published>2012-08-16T12:30:00Z</published>"));
    assert!(main.contains("<updated>2012-08-17T00:00:00Z</updated>"));
}

#[test]
fn sitemap_follows_the_protocol() {
    let site = Site::fixture("basic");
    site.built();
    let xml = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| {
            u.children()
                .find(|n| n.has_tag_name((ns, "loc")))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.org/dossiers/assange/"))
    );
    assert!(locs.contains(&"https://example.org/dossiers/assange/stories/talks/"));
    assert!(locs.contains(&"https://example.org/dossiers/assange/people/julian-assange/page/2/"));
    assert!(
        !locs
            .iter()
            .any(|l| l.ends_with("404.html") || l.ends_with(".xml"))
    );
    for url in urls {
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name((ns, "lastmod")))
            .unwrap()
            .text()
            .unwrap();
        assert!(is_rfc3339(lastmod), "{lastmod}");
    }
    assert!(
        site.page("robots.txt")
            .contains("Sitemap: https://example.org/dossiers/assange/sitemap.xml")
    );
}

#[test]
fn output_is_deterministic() {
    let a = Site::fixture("basic");
    let b = Site::fixture("basic");
    a.built();
    b.built();
    assert_eq!(snapshot(&a.output()), snapshot(&b.output()));
}

#[test]
fn unchanged_rebuild_writes_nothing() {
    let site = Site::fixture("basic");
    let first = site.built();
    assert!(first.written > 0);
    let second = site.built();
    assert_eq!((second.written, second.removed), (0, 0));
    assert_eq!(second.unchanged, first.written);
}

#[test]
fn an_up_to_date_output_is_left_alone_until_something_changes() {
    let site = Site::fixture("basic");
    assert!(!site.built().up_to_date);
    assert!(
        site.built().up_to_date,
        "same inputs, same output: nothing to do"
    );
    // A page deleted by hand is noticed and written again.
    std::fs::remove_file(site.output().join("stories/talks/index.html")).unwrap();
    let report = site.built();
    assert!(!report.up_to_date);
    assert_eq!(report.written, 1);
    assert!(site.has("stories/talks/index.html"));
    // So is an edit of any input, and another option.
    site.write(
        "content/stories/2013/talks.md",
        &std::fs::read_to_string(site.root().join("content/stories/2013/talks.md"))
            .unwrap()
            .replace("45 minutes", "an hour"),
    );
    assert!(!site.built().up_to_date);
    assert!(site.page("stories/talks/index.html").contains("an hour"));
    let mut options = site.options();
    options.drafts = true;
    assert!(!dossier::build(&options).unwrap().up_to_date);
    assert!(site.has("stories/draft/index.html"));
}

#[test]
fn removed_stories_leave_no_stale_pages() {
    let site = Site::fixture("basic");
    site.built();
    assert!(site.has("people/william-hague/index.html"));
    site.remove("content/stories/2013/talks.md");
    let report = site.built();
    assert!(report.removed > 0);
    assert!(!site.has("stories/talks"), "the story's folder is gone");
    assert!(
        !site.has("people/william-hague"),
        "an entity only it named is gone"
    );
    assert!(
        !site
            .page("people/julian-assange/index.html")
            .contains("/stories/talks/")
    );
    assert!(!site.page("sitemap.xml").contains("/stories/talks/"));
    assert!(!site.page("atom.xml").contains("/stories/talks/"));
}

#[test]
fn files_dossier_did_not_write_are_kept() {
    let site = Site::fixture("basic");
    site.built();
    std::fs::write(site.output().join("CNAME"), "dossier.example.org").unwrap();
    std::fs::create_dir(site.output().join("mine")).unwrap();
    site.remove("content/stories/2013/talks.md");
    site.built();
    assert!(site.has("CNAME"));
    assert!(site.has("mine"));
}

#[test]
fn a_story_item_template_gives_every_story_list_its_markup() {
    let site = Site::fixture("basic");
    site.write(
        "templates/story_item.html",
        "<li class=\"mine\">{{ item.title }} ({{ item.date.ymd }})</li>",
    );
    site.built();
    let tag = site.page("tags/asylum/index.html");
    assert!(tag.contains(r#"<li class="mine">"#), "{tag}");
    assert!(!tag.contains(r#"class="story-item""#), "{tag}");
    let home = site.page("index.html");
    assert!(home.contains(r#"<li class="mine">"#), "{home}");
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains(r#"<li class="mine">"#), "{timeline}");
    // Entity pages list stories with their own markup (each item there
    // has the sentence that names the entity).
    let entity = site.page("people/julian-assange/index.html");
    assert!(!entity.contains(r#"<li class="mine">"#), "{entity}");
}

#[test]
fn a_failed_build_leaves_the_output_untouched() {
    let site = Site::fixture("basic");
    site.built();
    let before = snapshot(&site.output());
    site.write(
        "content/stories/2013/talks.md",
        "---\ntitle: [unclosed\n---\n",
    );
    site.remove("content/stories/2012/embassy.md");
    assert!(site.build().is_err());
    assert_eq!(snapshot(&site.output()), before);
}

#[test]
fn a_template_error_mid_render_leaves_the_output_untouched() {
    let site = Site::fixture("basic");
    site.built();
    let before = snapshot(&site.output());
    // Story pages render (and are staged) fine; entity pages fail.
    site.write(
        "content/stories/2013/new.md",
        "---\ntitle: New\ndate: 2014-01-01\n---\nNew.\n",
    );
    site.write("templates/entity.html", "{{ no_such_variable.name }}");
    assert!(site.build().is_err());
    assert_eq!(
        snapshot(&site.output()),
        before,
        "nothing changed, no staging left behind"
    );
}

#[test]
fn a_failed_first_build_leaves_no_output_folder() {
    let site = Site::fixture("basic");
    site.write("templates/entity.html", "{{ no_such_variable.name }}");
    assert!(site.build().is_err());
    assert!(!site.output().exists());
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create() {
    let site = Site::fixture("basic");
    std::fs::create_dir(site.output()).unwrap();
    std::fs::write(site.output().join("precious.txt"), "keep me").unwrap();
    let error = site.build().unwrap_err();
    assert!(
        matches!(error, dossier::Error::UnsafeOutput { .. }),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(site.output().join("precious.txt")).unwrap(),
        "keep me"
    );
    assert!(!site.has("index.html"));
}

#[test]
fn refuses_source_folders_as_output() {
    let site = Site::fixture("basic");
    for output in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().join("static/x"),
    ] {
        let mut options = site.options();
        options.output = Some(output.clone());
        let error = dossier::build(&options).unwrap_err();
        assert!(
            matches!(error, dossier::Error::UnsafeOutput { .. }),
            "{}: {error}",
            output.display()
        );
    }
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::fixture("basic");
    site.built();
    assert!(site.page("404.html").contains("Lost in the dossier"));
    assert!(
        site.page("index.html")
            .contains("An <em>intro</em> for the home page.")
    );
}

#[test]
fn a_theme_without_a_search_page_builds_without_search() {
    let site = Site::fixture("basic");
    // The site's own theme: the default one without its search page.
    let theme = site.root().join("themes/plain");
    crate::common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::remove_file(theme.join("templates/search.html")).unwrap();
    let base = std::fs::read_to_string(theme.join("templates/base.html")).unwrap();
    std::fs::write(
        theme.join("templates/base.html"),
        base.replace(
            r#"<li><a href="{{ site.search_url }}">{{ t(key="search") }}</a></li>"#,
            "",
        ),
    )
    .unwrap();
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}theme: plain\n"));
    site.built();
    assert!(!site.has("search/index.html") && !site.has("search-index.json"));
    assert!(site.has("stories/talks/index.html"));
}

/// The text of each `<loc>` under the document's root element's children.
fn locs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect()
}

#[test]
fn above_50000_urls_the_sitemap_is_an_index_of_sitemaps() {
    // Fifty stories with a thousand tags each give 50,000 tag pages, cheaply:
    // only the planned site and its sitemaps are rendered, not every page.
    let site = Site::empty("title: T\nbase_url: https://example.org/sub/\n");
    for story in 0..50 {
        let tags: Vec<String> = (0..1000).map(|t| format!("t{story}-{t}")).collect();
        site.write(
            &format!("content/stories/s{story}.md"),
            &format!(
                "---\ntitle: Story {story}\ndate: 2013-01-01\ntags: [{}]\n---\nText.\n",
                tags.join(", ")
            ),
        );
    }
    let prepared = dossier::build::prepare(&site.options(), None).unwrap();
    let renderer = prepared.renderer();
    let page = |path: &str| {
        let page = prepared.pages.iter().find(|p| p.output_file() == path);
        let file = renderer.render_page(page.unwrap()).unwrap();
        String::from_utf8(file.bytes).unwrap()
    };
    let listed: std::collections::BTreeSet<String> = prepared
        .pages
        .iter()
        .filter(|p| p.is_listed())
        .map(|p| format!("https://example.org/sub/{}", p.site_path))
        .collect();
    assert!(listed.len() > 50_000, "{} URLs", listed.len());

    let index = page("sitemap.xml");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let doc = roxmltree::Document::parse(&index).unwrap();
    assert!(doc.root_element().has_tag_name((ns, "sitemapindex")));
    let parts = locs(&index);
    assert_eq!(
        parts,
        [
            "https://example.org/sub/sitemap-1.xml",
            "https://example.org/sub/sitemap-2.xml"
        ]
    );
    let mut found = Vec::new();
    for part in &parts {
        let xml = page(part.strip_prefix("https://example.org/sub/").unwrap());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert!(doc.root_element().has_tag_name((ns, "urlset")));
        let urls = locs(&xml);
        assert!(urls.len() <= 50_000, "{part} has {} URLs", urls.len());
        found.extend(urls);
    }
    assert_eq!(found.len(), listed.len(), "each URL once");
    assert_eq!(
        found.into_iter().collect::<std::collections::BTreeSet<_>>(),
        listed
    );
}

#[test]
fn chart_bars_link_to_their_months_on_the_timeline() {
    let site = Site::fixture("basic");
    site.built();
    let timeline = site.page("timeline/index.html");
    let mut checked = 0;
    for page in [
        "index.html",
        "people/julian-assange/index.html",
        "timeline/index.html",
    ] {
        let html = site.page(page);
        let chart = &html[html.find(r#"class="coverage-chart""#).expect(page)..];
        let chart = &chart[..chart.find("</figure>").unwrap_or(chart.len())];
        for link in crate::common::links(chart) {
            let anchor = link
                .strip_prefix("/dossiers/assange/timeline/#")
                .unwrap_or_else(|| panic!("{page}: a bar links to {link}"));
            assert!(
                timeline.contains(&format!(r#"id="{anchor}""#)),
                "{page}: no month {anchor} on the timeline"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "bars of both versions, on three pages");
}
