//! Standalone pages (`content/about.md`, `content/pages/*.md`), the site
//! menu, and Markdown files of `content/` that nothing reads.

use crate::common::{Site, other_warnings};

fn with_pages() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/about.md",
        "---\ntitle: About this dossier\ndescription: Who keeps it, and how\nmenu: 2\n---\nWe keep it.\n",
    );
    site.write(
        "content/pages/methodology.md",
        "---\ntitle: Methodology\nmenu: 1\n---\nHow we *source* facts.\n",
    );
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\n---\nWrite to the desk.\n",
    );
    site.write(
        "content/pages/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nNot yet.\n",
    );
    site
}

#[test]
fn pages_live_at_their_file_name_with_a_menu_in_order() {
    let site = with_pages();
    let report = site.built();
    assert_eq!(other_warnings(&report), Vec::<String>::new());
    let about = site.page("about/index.html");
    assert!(about.contains("<h1>About this dossier</h1>"));
    assert!(about.contains("<meta name=\"description\" content=\"Who keeps it, and how\">"));
    assert!(about.contains("<p>We keep it.</p>"));
    assert!(
        site.page("methodology/index.html")
            .contains("<em>source</em>")
    );
    assert!(
        site.has("contact/index.html"),
        "a page without a menu place is built"
    );
    assert!(!site.has("unfinished/index.html"), "drafts are left out");

    let home = site.page("index.html");
    let methodology = home.find(">Methodology</a></li>").expect("in the menu");
    let about = home
        .find(">About this dossier</a></li>")
        .expect("in the menu");
    assert!(methodology < about, "menu: 1 before menu: 2");
    assert!(
        !home.contains(">Contact</a></li>"),
        "no menu place, not in the menu"
    );

    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/dossiers/assange/about/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/dossiers/assange/methodology/</loc>"));

    let mut drafts = site.options();
    drafts.drafts = true;
    dossier::build(&drafts).unwrap();
    assert!(site.has("unfinished/index.html"), "with --drafts");
}

#[test]
fn a_page_whose_address_is_taken_is_an_error() {
    for (path, other, expected) in [
        ("content/tags.md", None, "the site's own `/tags/`"),
        (
            "content/corrections.md",
            None,
            "the site's own `/corrections/`",
        ),
        ("content/people.md", None, "the entity kind `people`"),
        (
            "content/pages/about.md",
            Some("content/about.md"),
            "taken by the page content/about.md",
        ),
    ] {
        let site = Site::fixture("basic");
        site.write(path, "---\ntitle: A page\n---\nText.\n");
        if let Some(other) = other {
            site.write(other, "---\ntitle: Another\n---\nText.\n");
        }
        let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(expected) && e.contains(":1:1: error:")),
            "{expected}\n{}",
            errors.join("\n")
        );
    }
    let site = Site::fixture("basic");
    site.write(
        "content/about.md",
        "---\ndescription: No title\nmenu: first\n---\n",
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("about.md:2:1: error: `title` is missing")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`menu` has the wrong type")),
        "{errors:?}"
    );
}

#[test]
fn markdown_that_nothing_reads_is_a_warning_naming_it() {
    let site = Site::fixture("basic");
    site.write("content/notes/todo.md", "---\ntitle: To do\n---\n");
    site.write("content/people/old/julian.md", "---\nname: Old\n---\n");
    site.write("content/stories/2013/photo.jpg", "not Markdown");
    let report = site.built();
    let warnings = other_warnings(&report);
    let todo = warnings
        .iter()
        .find(|w| w.contains("content/notes/todo.md:1:1: warning: this Markdown file is not read"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(todo.contains("add `notes` to `kinds`"), "{todo}");
    let nested = warnings
        .iter()
        .find(|w| w.contains("content/people/old/julian.md"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert!(nested.contains("one level deep"), "{nested}");
    assert_eq!(
        warnings.len(),
        2,
        "other files are not Markdown: {warnings:?}"
    );
}

#[test]
fn a_theme_without_page_html_says_the_pages_are_not_built() {
    let site = with_pages();
    let theme = site.root().join("themes/plain");
    crate::common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::remove_file(theme.join("templates/page.html")).unwrap();
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}theme: plain\n"));
    let report = site.built();
    assert!(!site.has("about/index.html"));
    assert!(
        report.warnings.iter().any(|w| w
            .to_string()
            .contains("content/about.md:1:1: warning: the theme has no page.html")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn check_reviews_the_text_of_pages_as_of_stories() {
    let site = Site::fixture("basic");
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [the archive](/archive/).\n\n<script>alert(1)</script>\n",
    );
    let report = dossier::check::check(&site.options()).unwrap();
    let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        found.iter().any(|d| d.contains(
            "content/about.md:4:5: error: the link `/archive/` leads to no page of the site"
        )),
        "{found:?}"
    );
    assert!(
        found.iter().any(|d| d.contains(
            "content/about.md:6:1: warning: sanitizing removes `<script>` and its content"
        )),
        "{found:?}"
    );
}
