//! The interface in the site's language: every string the default theme
//! shows comes from its `i18n/<lang>.yaml`, dates and counts are written
//! the language's way, a site overrides single strings, and what is
//! missing falls back to English and is named by `dossier check`.

use std::collections::BTreeSet;
use std::path::Path;

use walkdir::WalkDir;

use crate::common::{Site, copy_tree};

const SHIPPED: [&str; 4] = ["es", "fr", "de", "sv"];

/// The repository's example dossier in a temp folder, in `language`, with
/// short pages so that every paginated page type is built too.
fn example_in(language: &str, social_cards: bool) -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::empty("");
    copy_tree(&repo.join("content"), &site.root().join("content"));
    copy_tree(&repo.join("static"), &site.root().join("static"));
    // In one language only: without its other languages and their
    // translations.
    for entry in WalkDir::new(site.root().join("content")) {
        let path = entry.unwrap().into_path();
        if path.to_string_lossy().ends_with(".es.md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let config = std::fs::read_to_string(repo.join("dossier.yaml")).unwrap();
    let config = without_languages(&config);
    let config = config.replace("language: en\n", &format!("language: {language}\n"));
    let config = config.replace("paginate: 50\n", "paginate: 3\n");
    site.write(
        "dossier.yaml",
        &format!("{config}social_cards: {social_cards}\n"),
    );
    site
}

/// `dossier.yaml` without its `languages:` block.
fn without_languages(config: &str) -> String {
    let mut inside = false;
    config
        .lines()
        .filter(|line| {
            inside = line.starts_with("languages:") || (inside && line.starts_with(' '));
            !inside
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// A translation file of the default theme, as YAML.
fn theme_strings(language: &str) -> serde_yaml::Mapping {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/i18n")
        .join(format!("{language}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every text of a message: the text itself, or each plural form.
fn forms(value: &serde_yaml::Value) -> Vec<String> {
    match value {
        serde_yaml::Value::String(text) => vec![text.clone()],
        serde_yaml::Value::Mapping(map) => map
            .values()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// The English interface strings a page in `language` must not show: the
/// longest run of literal text of each English string that the language
/// translates differently (`Stories over time about or mentioning `).
fn english_only(language: &str) -> BTreeSet<String> {
    let english = theme_strings("en");
    let other = theme_strings(language);
    let mut strings = BTreeSet::new();
    for (key, value) in &english {
        let key = key.as_str().unwrap();
        if key == "locale" {
            continue;
        }
        let translated: Vec<String> = other.get(key).map(forms).unwrap_or_default();
        for form in forms(value) {
            let literal = form
                .split(['{', '}'])
                .step_by(2)
                .map(str::trim)
                .max_by_key(|s| s.len())
                .unwrap_or_default()
                .to_string();
            let shared = translated.iter().any(|t| t.contains(&literal));
            // One-letter runs and names (Wikidata) say nothing about the language.
            if literal.chars().count() > 3 && !shared {
                strings.insert(literal);
            }
        }
    }
    strings
}

/// The text nodes of a page and the attribute values readers meet
/// (`aria-label`, `placeholder`, `alt`, `title`, `content`), decoded.
fn reader_texts(html: &str) -> Vec<String> {
    let decode = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = rest[..open].trim();
        if !text.is_empty() {
            texts.push(decode(text));
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        for attribute in ["aria-label", "placeholder", "alt", "title", "content"] {
            let marker = format!(" {attribute}=\"");
            if let Some(start) = tag.find(&marker) {
                let value = &tag[start + marker.len()..];
                texts.push(decode(&value[..value.find('"').unwrap_or(value.len())]));
            }
        }
        rest = &rest[open + close + 1..];
    }
    texts
}

fn html_pages(output: &Path) -> Vec<(String, String)> {
    WalkDir::new(output)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let name = e.path().strip_prefix(output).unwrap().display().to_string();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The content of the example is English: its titles and bodies may use
/// a word the interface also has. Only the interface's own elements count.
fn interface_texts(html: &str) -> Vec<String> {
    let mut html = html.to_string();
    for (open, close) in [
        ("<div class=\"story-body\">", "</div>"),
        ("<div class=\"profile-body\">", "</div>"),
        ("<script type=\"application/ld+json\">", "</script>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..].find(close).map_or(html.len(), |e| start + e);
            html.replace_range(start..end, "");
        }
    }
    reader_texts(&html)
}

/// Sets the fixture's language; returns the new configuration.
fn in_language(site: &Site, language: &str) -> String {
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    let config = config.replace("language: en", &format!("language: {language}"));
    site.write("dossier.yaml", &config);
    config
}

#[test]
fn every_page_type_in_each_shipped_language_shows_no_english_string() {
    for language in SHIPPED {
        let site = example_in(language, false);
        site.built();
        let english = english_only(language);
        let pages = html_pages(&site.output());
        let kinds: BTreeSet<&str> = pages
            .iter()
            .filter_map(|(_, html)| {
                let start = html.find("<body class=\"page-")? + 18;
                Some(&html[start..start + html[start..].find('"')?])
            })
            .collect();
        for kind in [
            "home",
            "story",
            "entity",
            "kind",
            "tag",
            "tags",
            "timeline",
            "search",
            "corrections",
            "documents",
            "document",
            "page",
            "404",
        ] {
            assert!(
                kinds.contains(kind),
                "{language}: no {kind} page in {kinds:?}"
            );
        }
        let mut found = Vec::new();
        for (name, html) in &pages {
            assert!(
                html.contains(&format!("<html lang=\"{language}\">")),
                "{language}: {name}"
            );
            for text in interface_texts(html) {
                for string in &english {
                    // A word alone must be the whole text to be the
                    // interface's: content may use it too.
                    let shown = if string.contains(' ') {
                        text.contains(string.as_str())
                    } else {
                        text == *string
                    };
                    if shown {
                        found.push(format!("{name}: “{string}” in “{text}”"));
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        assert!(
            found.is_empty(),
            "{language}: English left:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn dates_counts_and_plurals_are_written_the_language_s_way() {
    // The 2012 asylum story is dated 16 August 2012.
    let story = "stories/ecuador-grants-assange-asylum/index.html";
    let cases = [
        ("es", "16 de agosto de 2012", "agosto de 2012"),
        ("fr", "16 août 2012", "août 2012"),
        ("de", "16. August 2012", "August 2012"),
        ("sv", "16 augusti 2012", "augusti 2012"),
    ];
    for (language, day, month) in cases {
        let site = example_in(language, false);
        let count = site.built().stories;
        let page = site.page(story);
        assert!(
            page.contains(&format!("<time datetime=\"2012-08-16\">{day}</time>")),
            "{language}: {page}"
        );
        let timeline = site.page("timeline/index.html");
        assert!(
            timeline.contains(&format!("<h3>{month} <span")),
            "{language}"
        );
        let strings = theme_strings(language);
        let stories = &strings["stories_count"]["other"];
        let home = site.page("index.html");
        let expected = stories
            .as_str()
            .unwrap()
            .replace("{count}", &count.to_string());
        assert!(home.contains(&expected), "{language}: {expected}");
    }
}

#[test]
fn the_search_page_gives_its_script_the_language_s_strings_and_locale() {
    let site = example_in("de", false);
    site.built();
    let page = site.page("search/index.html");
    let start = page.find("data-strings=\"").unwrap() + 14;
    let raw = &page[start..start + page[start..].find('"').unwrap()];
    let json: serde_json::Value = serde_json::from_str(&raw.replace("&quot;", "\"")).unwrap();
    assert_eq!(json["stories_count"]["one"], "{count} Artikel");
    assert_eq!(json["search_loading"], "Suchindex wird geladen…");
    assert!(page.contains("data-locale=\"de\""));
    // The document types in the index are named in German too.
    let index = site.page("search-index.json");
    assert!(index.contains("\"Urteil\"") || index.contains("\"Erklärung\""));
}

#[test]
fn a_site_overrides_single_strings_and_english_fills_what_a_language_lacks() {
    let site = Site::fixture("basic");
    let config = in_language(&site, "es");
    site.write("i18n/es.yaml", "related_stories: Para seguir leyendo\n");
    site.built();
    let story = site.page("stories/talks/index.html");
    assert!(story.contains(">Para seguir leyendo</h2>"), "{story}");
    assert!(
        story.contains(">Etiquetas</h2>"),
        "the theme's Spanish stays"
    );

    // Portuguese: no translation in the theme; dates and plurals are
    // still Portuguese, the words English, and `check` says so.
    site.remove("i18n/es.yaml");
    site.write(
        "dossier.yaml",
        &config.replace("language: es", "language: pt-BR"),
    );
    site.built();
    let story = site.page("stories/talks/index.html");
    assert!(story.contains("<html lang=\"pt-BR\">"));
    assert!(story.contains(">Related stories</h2>"));
    assert!(story.contains(" de junho de 2013</time>"), "{story}");
    let warning = check_warning(&site, "no translation into `pt-BR`");
    assert!(
        warning.starts_with("i18n/pt-BR.yaml:1:1: warning:"),
        "{warning}"
    );

    // A partial translation: check names each string it lacks.
    site.write("i18n/pt.yaml", "tags: Etiquetas\nsearch: Pesquisa\n");
    site.built();
    assert!(
        site.page("stories/talks/index.html")
            .contains(">Etiquetas</h2>")
    );
    let warning = check_warning(&site, "not translated into `pt-BR`");
    assert!(
        warning.starts_with("i18n/pt.yaml:1:1: warning:"),
        "{warning}"
    );
    assert!(warning.contains("related_stories") && !warning.contains(" tags,"));
}

/// The warning of `dossier check` that says `needle`.
fn check_warning(site: &Site, needle: &str) -> String {
    let report = dossier::check::check(&site.options()).unwrap();
    report
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .find(|d| d.contains(needle))
        .unwrap_or_else(|| panic!("no warning says {needle}"))
}

#[test]
fn the_shipped_languages_translate_every_string() {
    for language in SHIPPED {
        let site = Site::fixture("basic");
        in_language(&site, language);
        let report = dossier::check::check(&site.options()).unwrap();
        let untranslated: Vec<String> = report
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .filter(|d| d.contains("not translated"))
            .collect();
        assert!(untranslated.is_empty(), "{language}: {untranslated:?}");
    }
}

#[test]
fn bad_translation_files_and_language_tags_are_errors_at_their_place() {
    let site = Site::fixture("basic");
    let config = in_language(&site, "es");
    site.write("i18n/es.yaml", "tags: Etiquetas\nrelated_storys: Más\n");
    site.fails_with(
        "i18n/es.yaml:2:1: error: unknown key `related_storys`",
        Some("did you mean `related_stories`?"),
    );
    site.write("i18n/es.yaml", "tags: [Etiquetas\n");
    site.fails_with("i18n/es.yaml:2:1: error: invalid YAML", None);
    site.write(
        "i18n/es.yaml",
        "stories_count:\n  one: \"{count} artículo\"\n",
    );
    site.fails_with(
        "i18n/es.yaml:1:15: error: `stories_count`: plural forms need an `other` form",
        None,
    );
    site.write("i18n/es.yaml", "page_of: \"Página {pagina} de {pages}\"\n");
    site.fails_with(
        "i18n/es.yaml:1:10: error: `page_of` uses {pagina}, which English does not fill in",
        Some("this string may use {page}, {pages}"),
    );
    site.remove("i18n/es.yaml");
    site.write("i18n/spanish.yaml", "tags: Etiquetas\n");
    site.fails_with(
        "i18n/spanish.yaml:1:1: error: `spanish` is not a BCP 47 language tag",
        None,
    );
    site.remove("i18n/spanish.yaml");
    site.write(
        "dossier.yaml",
        &config.replace("language: es", "language: Spanish_1"),
    );
    site.fails_with(
        "dossier.yaml:4:11: error: `Spanish_1` is not a BCP 47 language tag",
        None,
    );
}

#[test]
fn the_spanish_and_german_interfaces_pass_the_nu_html_checker() {
    let out = tempfile::tempdir().unwrap();
    for language in ["es", "de"] {
        let site = example_in(language, false);
        let mut options = site.options();
        options.output = Some(out.path().join(language));
        dossier::build(&options).unwrap();
    }
    // Two languages: the switch, the alternates, the marked stories.
    let site = bilingual();
    let mut options = site.options();
    options.output = Some(out.path().join("bilingual"));
    dossier::build(&options).unwrap();
    if let Some(errors) = crate::example::nu_html_errors(out.path()) {
        assert!(errors.is_empty(), "{errors}");
    }
}

/// The basic fixture in English and Spanish, with the 2013 story and
/// Patiño's profile translated.
pub(crate) fn bilingual() -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write(
        "dossier.yaml",
        &format!("{config}languages:\n  es: {{ title: El expediente, description: Un expediente de prueba }}\n"),
    );
    site.write(
        "content/stories/2013/talks.es.md",
        "---\ntitle: Se estancan las negociaciones\nsummary: Los ministros se reúnen 45 minutos.\n---\nLos ministros se reunieron durante 45 minutos en Londres.\n\nEl canciller Patiño habló después.\n",
    );
    site.write(
        "content/_index.es.md",
        "---\ntitle: El expediente de prueba\n---\nUna *introducción* a la portada.\n",
    );
    site.write(
        "content/people/ricardo-patino.es.md",
        "---\ndescription: Canciller de Ecuador\naliases: [canciller Patiño]\n---\nDiplomático ecuatoriano.\n",
    );
    site
}

#[test]
fn each_language_has_its_own_pages_linked_both_ways() {
    let site = bilingual();
    // Also checks that every link of every page, Spanish ones too, resolves.
    site.built();
    let english = site.page("stories/talks/index.html");
    let spanish = site.page("es/stories/talks/index.html");
    assert!(spanish.contains("<html lang=\"es\">"));
    assert!(
        spanish.contains("<h1>Se estancan las negociaciones</h1>"),
        "{spanish}"
    );
    assert!(spanish.contains("17 de junio de 2013"));
    for page in [&english, &spanish] {
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/dossiers/assange/stories/talks/\">"));
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/dossiers/assange/es/stories/talks/\">"));
        assert!(page.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/dossiers/assange/stories/talks/\">"));
    }
    assert!(english.contains(
        "<a href=\"/dossiers/assange/es/stories/talks/\" hreflang=\"es\" lang=\"es\">Español</a>"
    ));
    assert!(spanish.contains("<span aria-current=\"page\" lang=\"es\">Español</span>"));
    assert!(spanish.contains("<meta property=\"og:locale\" content=\"es_ES\">"));
    assert!(spanish.contains("<meta property=\"og:locale:alternate\" content=\"en_GB\">"));
    assert!(crate::common::json_ld(&spanish)["inLanguage"] == "es");
    // The shared files stay at the root.
    assert!(spanish.contains("href=\"/dossiers/assange/style.css\""));
    assert!(!site.has("es/style.css"));

    // A story without a translation has no Spanish page: the Spanish lists
    // show it marked with its language, linking to its own page.
    assert!(!site.has("es/stories/asylum/index.html"));
    let home = site.page("es/index.html");
    assert!(home.contains("<h1>El expediente de prueba</h1>"), "{home}");
    assert!(home.contains("Una <em>introducción</em> a la portada."));
    assert!(
        site.page("index.html")
            .contains("An <em>intro</em> for the home page.")
    );
    assert!(
        home.contains("<a href=\"/dossiers/assange/stories/asylum/\" hreflang=\"en\" lang=\"en\">"),
        "{home}"
    );
    assert!(home.contains("<span class=\"story-language\">EN</span>"));

    // Words left in English are marked so, for screen readers and search
    // engines: an untranslated profile, and the stories listed on it.
    let assange = site.page("es/people/julian-assange/index.html");
    assert!(
        assange.contains("<p class=\"lede\" lang=\"en\">Australian publisher")
            && assange.contains("<div class=\"profile-body\" lang=\"en\">"),
        "{assange}"
    );
    assert!(
        assange
            .contains("<a href=\"/dossiers/assange/stories/asylum/\" hreflang=\"en\" lang=\"en\">")
    );
    assert!(
        site.page("people/julian-assange/index.html")
            .contains("<p class=\"lede\">Australian publisher")
    );

    // A profile in Spanish: its description and text; the name stays.
    let patino = site.page("es/people/ricardo-patino/index.html");
    assert!(patino.contains("Canciller de Ecuador") && patino.contains("Diplomático ecuatoriano."));
    assert!(patino.contains("<h1>Ricardo Patiño</h1>"));
    assert!(patino.contains("<p class=\"lede\">Canciller de Ecuador</p>"));
    // Its Spanish alias is found in the Spanish text.
    assert!(
        patino.contains("<blockquote class=\"mention-sentence\"><p>El canciller Patiño habló después.</p></blockquote>"),
        "{patino}"
    );
}

#[test]
fn each_language_has_its_feeds_search_404_and_sitemap() {
    let site = bilingual();
    site.built();
    let feed = site.page("es/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let lang = doc
        .root_element()
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
    assert_eq!(lang, Some("es"));
    assert!(feed.contains("<title>Se estancan las negociaciones</title>"));
    let index = site.page("es/search-index.json");
    assert!(
        index.contains("Se estancan") && !index.contains("Ecuador grants asylum"),
        "{index}"
    );
    assert!(
        site.page("search-index.json")
            .contains("Ecuador grants asylum")
    );
    assert!(site.page("es/404.html").contains("<html lang=\"es\">"));
    assert!(site.has("es/tags/index.html") && site.has("es/timeline/index.html"));

    let sitemap = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let talks = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("loc")
                && n.text() == Some("https://example.org/dossiers/assange/stories/talks/")
        })
        .and_then(|loc| loc.parent())
        .expect("the story in the sitemap");
    let alternates: Vec<(&str, &str)> = talks
        .children()
        .filter(|n| n.has_tag_name((xhtml, "link")))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap(),
                n.attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        alternates,
        [
            ("en", "https://example.org/dossiers/assange/stories/talks/"),
            (
                "es",
                "https://example.org/dossiers/assange/es/stories/talks/"
            )
        ]
    );
    roxmltree::Document::parse(&site.page("es/sitemap.xml")).unwrap();
    let robots = site.page("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/dossiers/assange/es/sitemap.xml"),
        "{robots}"
    );
    assert!(!site.has("es/robots.txt"));
}

#[test]
fn paginated_pages_link_their_translations_page_by_page() {
    let site = bilingual();
    site.built();
    // paginate: 2 in the fixture; Assange has more stories than that in
    // both languages (the Spanish lists show the English ones).
    let second = site.page("es/people/julian-assange/page/2/index.html");
    assert!(second.contains("hreflang=\"en\" href=\"https://example.org/dossiers/assange/people/julian-assange/page/2/\""));
    let english = site.page("people/julian-assange/page/2/index.html");
    assert!(english.contains("hreflang=\"es\" href=\"https://example.org/dossiers/assange/es/people/julian-assange/page/2/\""));
}

#[test]
fn bad_translations_are_errors_at_their_place() {
    let site = bilingual();
    site.write("content/stories/2013/talks.esp.md", "---\ntitle: x\n---\n");
    site.fails_with(
        "content/stories/2013/talks.esp.md:1:1: error: a translation into `esp`, which is not in `languages:` of dossier.yaml",
        Some("did you mean `es`?"),
    );
    site.remove("content/stories/2013/talks.esp.md");
    site.write(
        "content/stories/2013/nothing.es.md",
        "---\ntitle: Nada\n---\n",
    );
    site.fails_with(
        "content/stories/2013/nothing.es.md:1:1: error: a translation of content/stories/2013/nothing.md, which does not exist",
        None,
    );
    site.remove("content/stories/2013/nothing.es.md");
    site.write(
        "content/stories/2013/talks.es.md",
        "---\ntitle: Hola\ndate: 2013-06-18\n---\n",
    );
    site.fails_with(
        "content/stories/2013/talks.es.md:3:1: error: unknown key `date`",
        Some("a translation restates only title"),
    );
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}untranslated: hidden\n"));
    site.fails_with(
        "dossier.yaml:9:15: error: unknown `untranslated` value `hidden`",
        Some("did you mean `hide`?"),
    );
}

#[test]
fn untranslated_stories_can_be_left_out_of_a_language() {
    let site = bilingual();
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}untranslated: hide\n"));
    site.write(
        "content/people/ricardo-patino.md",
        "---\nname: Ricardo Patiño\naliases: [Patiño]\ndescription: Ecuador's foreign minister\nrelations:\n  - role: Foreign Minister\n    of: Ecuador\n    source: asylum\n---\nA profile.\n",
    );
    site.built();
    // Only the translated story is in the Spanish lists, feeds and search.
    let home = site.page("es/index.html");
    assert!(home.contains("es/stories/talks/"), "{home}");
    assert!(!home.contains("stories/asylum/") && !home.contains("story-language"));
    assert!(!site.page("es/atom.xml").contains("Ecuador grants asylum"));
    assert!(
        !site
            .page("es/timeline/index.html")
            .contains("stories/embassy/")
    );
    assert!(
        !site
            .page("es/search-index.json")
            .contains("Ecuador grants asylum")
    );
    // A tag only untranslated stories have has no Spanish page, and its
    // English page no Spanish alternate.
    assert!(!site.has("es/tags/asylum/index.html"));
    assert!(
        !site
            .page("tags/asylum/index.html")
            .contains("hreflang=\"es\"")
    );
    // The entities they list keep their pages, spelt as in English.
    let london = site.page("es/places/london/index.html");
    assert!(london.contains("<h1>London</h1>") && !london.contains("stories/embassy/"));
    // A relation they are the source of links to the English story.
    let patino = site.page("es/people/ricardo-patino/index.html");
    assert!(
        patino.contains("href=\"/dossiers/assange/stories/asylum/\"")
            && patino.contains("Ecuador grants asylum"),
        "{patino}"
    );
    // The English edition lists everything, as before.
    assert!(site.page("index.html").contains("stories/asylum/"));
}

const PATINO_WITH_RELATIONS: &str = "---\nname: Ricardo Patiño\naliases: [Patiño]\ndescription: Ecuador's foreign minister\nrelations:\n  - role: Finance Minister\n    of: Ecuador\n    from: 2007\n    until: 2007\n  - role: Foreign Minister\n    of: Ecuador\n    from: 2010-01\n    until: 2016-03\n  - role: Ally\n    of: WikiLeaks\n    inverse: Backer\n---\nA profile.\n";

#[test]
fn a_profile_s_translation_restates_its_relations_roles() {
    let site = bilingual();
    site.write("content/people/ricardo-patino.md", PATINO_WITH_RELATIONS);
    site.write(
        "content/people/ricardo-patino.es.md",
        "---\ndescription: Canciller de Ecuador\nrelations:\n  - of: Ecuador\n    from: 2010-01\n    role: Canciller\n---\nDiplomático ecuatoriano.\n",
    );
    site.built();
    let spanish = site.page("es/people/ricardo-patino/index.html");
    assert!(
        spanish.contains("Canciller") && !spanish.contains("Foreign Minister"),
        "{spanish}"
    );
    // Not restated: the original's words.
    assert!(spanish.contains("Finance Minister"));
    assert!(
        site.page("es/places/ecuador/index.html")
            .contains("Canciller")
    );
    // Beside his name on a story of a day he held it, in that language.
    let story = site.page("es/stories/talks/index.html");
    assert!(
        story.contains("Canciller") && !story.contains("Foreign Minister"),
        "{story}"
    );
    let english = site.page("people/ricardo-patino/index.html");
    assert!(english.contains("Foreign Minister") && !english.contains("Canciller"));
}

#[test]
fn restated_roles_must_name_one_relation_of_the_original() {
    let site = bilingual();
    site.write("content/people/ricardo-patino.md", PATINO_WITH_RELATIONS);
    let translation = "content/people/ricardo-patino.es.md";
    let cases = [
        (
            "  - of: Sweden\n    role: Enviado\n",
            "content/people/ricardo-patino.es.md:4:5: error: the original states no relation of `Sweden`",
            "its relations are of Ecuador, Ecuador, WikiLeaks",
        ),
        (
            "  - of: Ecuador\n    role: Canciller\n",
            "content/people/ricardo-patino.es.md:4:5: error: the original states 2 relations of `Ecuador`",
            "add `from:` as the original gives it",
        ),
        (
            "  - of: WikiLeaks\n    role: Aliado\n",
            "content/people/ricardo-patino.es.md:4:5: error: the original names the relation's inverse (`inverse: Backer`), and the translation does not",
            "restate the inverse too",
        ),
        (
            "  - of: Ecuador\n    from: 2007\n    role: Ministro\n  - of: ecuador\n    from: 2007\n    role: Ministro de Finanzas\n",
            "content/people/ricardo-patino.es.md:7:5: error: the relation of `ecuador` is restated twice",
            "restate each of the original's relations once",
        ),
        (
            "  - of: Ecuador\n    until: 2016\n    role: Canciller\n",
            "content/people/ricardo-patino.es.md:4:5: error: relation 1 has an unknown key `until`",
            "a relation has of, from, role, inverse",
        ),
    ];
    for (relations, error, hint) in cases {
        site.write(
            translation,
            &format!("---\ndescription: Canciller\nrelations:\n{relations}---\nTexto.\n"),
        );
        site.fails_with(error, Some(hint));
    }
    site.remove(translation);
    site.write(
        "content/stories/2013/talks.es.md",
        "---\ntitle: Hola\nrelations:\n  - of: Ecuador\n    role: Canciller\n---\n",
    );
    site.fails_with(
        "content/stories/2013/talks.es.md:4:5: error: only a profile's translation restates relations",
        Some("restate their roles in the profile's translation"),
    );
}

#[test]
fn a_translation_s_links_lead_to_what_its_language_has_or_else_to_the_original() {
    let site = bilingual();
    site.write_bytes("static/files/ruling.pdf", b"%PDF-1.4\n");
    site.write(
        "content/stories/2013/talks.es.md",
        "---\ntitle: Se estancan las negociaciones\n---\nTras [el asilo](/stories/asylum/#what-happened), [Patiño](/people/ricardo-patino/) leyó [el fallo](/files/ruling.pdf).\n\n![Un dibujo](/images/assange.svg)\n",
    );
    // Also checks that every link of every page resolves.
    site.built();
    let story = site.page("es/stories/talks/index.html");
    for link in [
        "href=\"/dossiers/assange/stories/asylum/#what-happened\"",
        "href=\"/dossiers/assange/es/people/ricardo-patino/\"",
        "href=\"/dossiers/assange/files/ruling.pdf\"",
        "src=\"/dossiers/assange/images/assange",
    ] {
        assert!(story.contains(link), "{link} in {story}");
    }
    // Once the story is translated, the link leads to its translation.
    site.write(
        "content/stories/2012/asylum.es.md",
        "---\ntitle: Ecuador concede el asilo\n---\nTexto.\n",
    );
    site.built();
    assert!(
        site.page("es/stories/talks/index.html")
            .contains("href=\"/dossiers/assange/es/stories/asylum/#what-happened\"")
    );
}

#[test]
fn check_finds_broken_links_in_translations() {
    let site = bilingual();
    site.write(
        "content/stories/2013/talks.es.md",
        "---\ntitle: Se estancan\n---\nTras [el asilo](/stories/asylum/), hablaron.\n\nVéase [la nada](/stories/nothing/).\n",
    );
    let found = check_warning(&site, "/stories/nothing/");
    assert!(
        found.starts_with("content/stories/2013/talks.es.md:6:7: error: the link `/stories/nothing/` leads to no page of the site"),
        "{found}"
    );
    // The link to the untranslated story leads to the original: no error.
    let report = dossier::check::check(&site.options()).unwrap();
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("/stories/asylum/"))
    );
}

#[test]
fn a_language_names_the_site_s_own_kinds_and_its_tags_in_its_words() {
    let site = bilingual();
    site.write(
        "dossier.yaml",
        "title: Fixture\nbase_url: https://example.org/dossiers/assange/\npaginate: 2\nkinds:\n  people: { title: Figures, singular: Figure, schema: Person }\n  organizations: { title: Bodies, singular: Body, schema: Organization }\n  places: { title: Places, singular: Place, schema: Place }\nlanguages:\n  es:\n    title: El expediente\n    kinds: { people: { title: Figuras, singular: Figura } }\n    tags: { asylum: asilo, Diplomacy: diplomacia, asylm: asilo }\n",
    );
    site.built();
    let people = site.page("es/people/index.html");
    assert!(people.contains("<h1>Figuras</h1>"), "{people}");
    // Kinds it does not name keep the site's words.
    assert!(
        site.page("es/organizations/index.html")
            .contains("<h1>Bodies</h1>")
    );
    assert!(
        site.page("es/tags/asylum/index.html")
            .contains("<h1>asilo</h1>")
    );
    let story = site.page("es/stories/talks/index.html");
    assert!(
        story.contains(">diplomacia</a>") && !story.contains(">Diplomacy</a>"),
        "{story}"
    );
    assert!(site.page("es/search-index.json").contains("\"diplomacia\""));
    // The default language keeps its own words, at the same addresses.
    assert!(
        site.page("tags/asylum/index.html")
            .contains("<h1>asylum</h1>")
    );
    assert!(site.page("people/index.html").contains("<h1>Figures</h1>"));
    let warning = check_warning(&site, "asylm");
    assert!(
        warning.contains(
            "dossier.yaml:8:11: warning: language `es` names the tag `asylm`, which no story has"
        ) && warning.contains("did you mean `asylum`?"),
        "{warning}"
    );
    site.write(
        "dossier.yaml",
        "title: Fixture\nbase_url: https://example.org/dossiers/assange/\nlanguages:\n  es:\n    kinds: { peple: { title: Personas } }\n",
    );
    std::fs::remove_dir_all(site.output()).unwrap();
    site.fails_with(
        "dossier.yaml:3:11: error: language `es`: `kinds` names `peple`, which is no kind of the site",
        Some("did you mean `people`?"),
    );
}

#[test]
fn a_story_s_translation_restates_its_corrections() {
    let site = bilingual();
    let talks = "content/stories/2013/talks.md";
    let text = std::fs::read_to_string(site.root().join(talks)).unwrap();
    site.write(
        talks,
        &text.replace(
            "tags: [diplomacy]\n",
            "tags: [diplomacy]\ncorrections:\n  - date: 2013-06-19\n    text: An earlier version said an hour.\n  - date: 2013-06-18\n    text: An earlier version misspelt a name.\n",
        ),
    );
    let translation = "content/stories/2013/talks.es.md";
    let restated = "---\ntitle: Se estancan\ncorrections:\n  - date: 2013-06-18\n    text: Una versión anterior escribía mal un nombre.\n  - date: 2013-06-19\n    text: Una versión anterior hablaba de una hora.\n---\nTexto.\n";
    site.write(translation, restated);
    site.built();
    let story = site.page("es/stories/talks/index.html");
    assert!(
        story.contains("Una versión anterior hablaba de una hora.")
            && story.contains("Una versión anterior escribía mal un nombre.")
            && !story.contains("An earlier version"),
        "{story}"
    );
    let corrections = site.page("es/corrections/index.html");
    assert!(corrections.contains("Una versión anterior hablaba de una hora."));
    assert!(
        site.page("es/corrections/atom.xml")
            .contains("escribía mal un nombre")
    );
    assert!(
        site.page("corrections/index.html")
            .contains("An earlier version said an hour.")
    );

    // One for one, with the original's dates.
    site.write(
        translation,
        &restated.replace(
            "  - date: 2013-06-19\n    text: Una versión anterior hablaba de una hora.\n",
            "",
        ),
    );
    std::fs::remove_dir_all(site.output()).unwrap();
    site.fails_with(
        "content/stories/2013/talks.es.md:3:13: error: the translation's corrections are not the original's",
        Some("the original's are of 2013-06-18, 2013-06-19"),
    );
    site.write(
        "content/people/ricardo-patino.es.md",
        "---\ncorrections:\n  - date: 2013-06-18\n    text: Nada.\n---\n",
    );
    site.fails_with(
        "content/people/ricardo-patino.es.md:2:13: error: only a story's translation restates corrections",
        None,
    );
}
