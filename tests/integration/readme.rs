//! The README against the real program: its YAML examples build into the
//! pages it describes, its command lines and flags are the binary's, its URL
//! map is the output's, and every template variable it documents exists and
//! holds what it says. Change one without the other and a test here fails.

use std::process::{Command, Output};

use crate::common::Site;

const README: &str = include_str!("../../README.md");

// Reading the README.

/// The fenced code blocks of `text`, as (info string, text), in order;
/// indented fences (in list items) lose their indentation.
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let indent = line.len() - trimmed.len();
                    open = Some((info.trim().to_string(), String::new(), indent));
                }
            }
            Some(_) if trimmed.trim_end() == "```" => {
                let (info, body, _) = open.take().expect("open");
                blocks.push((info, body));
            }
            Some((_, body, indent)) => {
                let unindented = line
                    .get(..*indent)
                    .filter(|margin| margin.trim().is_empty())
                    .map_or(trimmed, |_| &line[*indent..]);
                body.push_str(unindented);
                body.push('\n');
            }
        }
    }
    assert!(open.is_none(), "the README has an unclosed code block");
    blocks
}

/// The README's section under `heading` (a whole line, `## Templates`), up
/// to the next heading of the same or a higher level.
fn section(heading: &str) -> &'static str {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = README
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("the README has no heading `{heading}`"))
        + heading.len()
        + 2;
    let rest = &README[start..];
    let mut offset = 0;
    let mut in_code = false;
    for line in rest.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !in_code && (1..=level).contains(&hashes) && line[hashes..].starts_with(' ') {
            return &rest[..offset];
        }
        offset += line.len();
    }
    rest
}

/// The paragraph of `text` that starts with `start`.
fn paragraph<'a>(text: &'a str, start: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("the README has no paragraph starting {start:?}"));
    let rest = &text[from..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// The rows (cells, trimmed) of the Markdown table in `text` whose header
/// starts with `| first |`.
fn table<'a>(text: &'a str, first: &str) -> Vec<Vec<&'a str>> {
    let header = format!("| {first} |");
    let start = text
        .find(&header)
        .unwrap_or_else(|| panic!("the README has no table starting {header:?}"));
    let rows: Vec<Vec<&str>> = text[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert!(!rows.is_empty(), "the table {header:?} has no rows");
    rows
}

/// The backticked spans of `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Whether a backticked span names a variable or a field (`story`,
/// `site.base_url`) rather than a file, a path or a value.
fn is_name(span: &str) -> bool {
    let files = [
        ".html", ".xml", ".txt", ".js", ".json", ".rs", ".yaml", ".md",
    ];
    span.starts_with(|c: char| c.is_ascii_lowercase())
        && span
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && !files.iter().any(|f| span.ends_with(f))
}

/// The variable and field names backticked in `text`.
fn names(text: &str) -> Vec<&str> {
    backticked(text)
        .into_iter()
        .filter(|s| is_name(s))
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that the README still says `text` (whitespace aside), for tests
/// that check a claim of its prose: when the claim changes, so must the test.
fn claim(text: &str) {
    assert!(
        collapse(README).contains(&collapse(text)),
        "the README no longer says {text:?}: update tests/readme.rs"
    );
}

/// The value of `key:` in a YAML example, without its comment.
fn yaml_value<'a>(yaml: &'a str, key: &str) -> &'a str {
    yaml.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .map(|value| value.split(" #").next().unwrap_or_default().trim())
        .unwrap_or_else(|| panic!("no `{key}:` in\n{yaml}"))
}

/// The items of a flow list `[a, "b, c"]` in a YAML example.
fn yaml_list(yaml: &str, key: &str) -> Vec<String> {
    let value = yaml_value(yaml, key);
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or_else(|| panic!("`{key}` is not a flow list: {value}"));
    let mut items = vec![String::new()];
    let mut quoted = false;
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => items.push(String::new()),
            c => items.last_mut().expect("one item").push(c),
        }
    }
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

/// A name's slug as the README defines it: ASCII, lower-case, each run of
/// other characters one `-`. Its own example stands in for transliteration.
fn slug(name: &str) -> String {
    claim("`Ricardo Patiño` → `ricardo-patino`");
    let ascii = name.replace('ñ', "n");
    assert!(ascii.is_ascii(), "{name}: teach slug() its transliteration");
    let mut slug = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

// The README's example site.

/// The README's YAML examples but the page's and the document's:
/// `dossier.yaml`, a story, a profile.
fn yaml_examples() -> [String; 3] {
    let [config, story, _document, _page, profile] = all_yaml_examples();
    [config, story, profile]
}

/// The README's example of a standalone page.
fn page_example() -> String {
    let [.., page, _profile] = all_yaml_examples();
    assert!(page.contains("\nmenu:"), "{page}");
    page
}

/// The README's example of a document.
fn document_example() -> String {
    let [_, _, document, ..] = all_yaml_examples();
    assert!(document.contains("\ntype:"), "{document}");
    document
}

/// Where the README's document example goes: its slug is the one the
/// README's story example cites.
const DOCUMENT_PATH: &str = "content/documents/uksc-2012-22.md";

/// The README's five YAML examples of the site's own files: `dossier.yaml`,
/// a story, a document, a page, a profile (translation files are the
/// Languages section's).
fn all_yaml_examples() -> [String; 5] {
    let blocks: Vec<String> = code_blocks(README)
        .into_iter()
        .filter(|(info, text)| {
            info == "yaml" && !text.starts_with("# i18n/") && !text.starts_with("# content/")
        })
        .map(|(_, text)| text)
        .collect();
    let [config, story, document, page, profile]: [String; 5] = blocks.try_into().expect(
        "five yaml blocks in the README: dossier.yaml, a story, a document, a page, a profile",
    );
    assert!(config.contains("\nbase_url:"), "{config}");
    assert!(
        story.starts_with("---\n") && story.contains("\ndate:"),
        "{story}"
    );
    assert!(
        profile.starts_with("---\n") && profile.contains("\nname:"),
        "{profile}"
    );
    [config, story, document, page, profile]
}

/// The heading the README's story example shows in its body: `## Heading {#custom-id}`.
fn heading_example(story: &str) -> &str {
    backticked(story)
        .into_iter()
        .find(|s| s.starts_with("## "))
        .expect("the story example shows a heading with an id")
}

/// Markdown added to the story example's body, for what the README says
/// bodies support; the last line mentions an entity the front matter does not
/// list (in [`fuller_site`], where a story lists it).
const BODY: &str = "
| Court | Year |
|---|---|
| Westminster | 2019 |

A claim.[^note] ~~Withdrawn~~ \"quoted\" -- and so on...

[^note]: Its source.

[London](/places/london/)

Rafael Correa, the president of Ecuador, stands by the decision.
";

/// The README's `dossier.yaml`, story and profile examples as a site, the
/// profile's image in `static/`, and the body lines above in the story.
fn readme_site() -> (Site, [String; 3]) {
    let [config, story, profile] = yaml_examples();
    let site = Site::empty(&config);
    let body = format!("{story}\n{}\n{BODY}", heading_example(&story));
    site.write("content/stories/2013/deadlock.md", &body);
    site.write("content/people/julian-assange.md", &profile);
    site.write("content/about.md", &page_example());
    let image = yaml_value(&profile, "image");
    site.write_bytes(&format!("static{image}"), &crate::common::jpeg(900, 600));
    let lead = yaml_value(&story, "image");
    site.write_bytes(&format!("static{lead}"), &crate::common::jpeg(1700, 1020));
    let document = document_example();
    claim("`content/documents/uksc-2012-22.md` is the page `/documents/uksc-2012-22/`");
    site.write(DOCUMENT_PATH, &document);
    let file = yaml_value(&document, "file");
    site.write(&format!("static{file}"), "%PDF not really");
    (site, [config, story, profile])
}

const HOME: &str = "---
title: Home of the dossier
description: The home page description
---
The *intro* of the dossier.
";

/// Older than the README's story, with its first paragraph as summary.
const EARLIER: &str = "---
title: Ecuador grants Julian Assange asylum
date: 2012-08-16
people: [Julian Assange, Rafael Correa]
places: [Ecuador]
tags: [asylum]
---
Ecuador grants *political* asylum to Julian Assange.
";

/// Newer than the README's story, dated with a time and no offset.
const LATER: &str = "---
title: Two years in the embassy
date: 2014-06-19T10:30:00
source: The Guardian
people: [Julian Assange]
places: [London]
tags: [asylum]
---
Julian Assange marks two years inside the embassy in London.
";

/// The README's site with a home page, a story before and one after its
/// story, and one story per page, so that every template variable has
/// something to show.
fn fuller_site() -> Site {
    let (site, [config, ..]) = readme_site();
    let paginate = format!("paginate: {}", yaml_value(&config, "paginate"));
    assert!(config.contains(&paginate));
    site.write("dossier.yaml", &config.replace(&paginate, "paginate: 1"));
    site.write("content/_index.md", HOME);
    site.write("content/stories/2012/asylum.md", EARLIER);
    site.write("content/stories/2014/two-years.md", LATER);
    site
}

/// The path part of the config's `base_url`: `/assange/`.
fn base_path(config: &str) -> String {
    let url = yaml_value(config, "base_url");
    let after_host = url.splitn(4, '/').nth(3).expect("a base_url with a path");
    format!("/{after_host}")
}

/// The kinds of the config example, in order: (key, title, singular, schema).
fn kinds(config: &str) -> Vec<[String; 4]> {
    let field = |line: &str, name: &str| {
        let from = line.find(&format!("{name}:")).expect(name) + name.len() + 1;
        line[from..]
            .split([',', '}'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let kinds: Vec<[String; 4]> = config
        .lines()
        // The kinds' lines, not a language's words for them (deeper).
        .filter(|line| {
            line.starts_with("  ") && !line.starts_with("   ") && line.contains("{ title:")
        })
        .map(|line| {
            let key = line
                .trim()
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string();
            [
                key,
                field(line, "title"),
                field(line, "singular"),
                field(line, "schema"),
            ]
        })
        .collect();
    assert!(!kinds.is_empty(), "no kinds in\n{config}");
    kinds
}

fn assert_has(page: &str, text: &str) {
    assert!(page.contains(text), "missing {text:?} in:\n{page}");
}

// 1. The YAML examples.

#[test]
fn the_yaml_examples_build_into_the_pages_the_readme_describes() {
    let (site, [config, story, profile]) = readme_site();
    claim("static/ copied as is into the output (replaces the theme's file of the same path)");
    site.write("static/style.css", "/* the site's own */\n");
    site.built();
    let base = base_path(&config);
    let base_url = yaml_value(&config, "base_url");

    // dossier.yaml: title, description, language, kinds in menu order.
    let title = yaml_value(&config, "title");
    let home = site.page("index.html");
    assert_has(&home, &format!("<title>{title}</title>"));
    assert_has(&home, yaml_value(&config, "description"));
    assert_has(
        &home,
        &format!("<html lang=\"{}\">", yaml_value(&config, "language")),
    );
    let mut menu = 0;
    for [key, title, ..] in kinds(&config) {
        let link = format!("<a href=\"{base}{key}/\">{title}</a>");
        let at = home[menu..]
            .find(&link)
            .unwrap_or_else(|| panic!("{link} missing or out of order"));
        menu += at + link.len();
        assert!(site.has(&format!("{key}/index.html")));
    }
    assert_eq!(site.page("style.css"), "/* the site's own */\n");

    // The story: at its slug, not its file name, with what its front matter says.
    claim("slug: optional-override         # else from the file name");
    let story_slug = yaml_value(&story, "slug");
    assert!(!site.has("stories/deadlock/index.html"));
    let page = site.page(&format!("stories/{story_slug}/index.html"));
    assert_has(&page, &format!("<h1>{}</h1>", yaml_value(&story, "title")));
    assert_has(
        &page,
        &format!("<link rel=\"canonical\" href=\"{base_url}stories/{story_slug}/\">"),
    );
    assert_has(
        &page,
        &format!(
            "<a href=\"{}\">{}</a>",
            yaml_value(&story, "source_url"),
            yaml_value(&story, "source")
        ),
    );
    assert_has(
        &page,
        &format!("<time datetime=\"{}\">", yaml_value(&story, "date")),
    );
    assert_has(
        &page,
        &format!(
            "updated <time datetime=\"{}\">",
            yaml_value(&story, "updated")
        ),
    );
    // The configuration's `authors:` gives Jane Roe a page, which the
    // byline links.
    let bylines: Vec<String> = yaml_list(&story, "authors")
        .iter()
        .map(|name| {
            let url = format!("{name}: {{ url: ");
            let url = config
                .split(&url)
                .nth(1)
                .and_then(|rest| rest.split(' ').next());
            match url {
                Some(url) => format!(r#"<a href="{url}">{name}</a>"#),
                None => name.to_string(),
            }
        })
        .collect();
    assert_has(&page, &format!("by {}", bylines.join(", ")));
    assert_has(
        &page,
        &format!(
            "<meta name=\"description\" content=\"{}\">",
            yaml_value(&story, "summary")
        ),
    );
    assert_has(&page, "\"@type\":\"NewsArticle\"");
    assert_has(&page, "<meta property=\"og:title\"");

    // A page per entity the story names, linked from the story.
    for [kind, ..] in kinds(&config) {
        let listed = yaml_list(&story, &kind);
        assert!(!listed.is_empty(), "the example lists no {kind}");
        for name in listed {
            let path = format!("{kind}/{}/", slug(&name));
            assert!(site.has(&format!("{path}index.html")), "no page {path}");
            assert!(site.has(&format!("{path}atom.xml")), "no feed for {path}");
            assert_has(&page, &format!("<a href=\"{base}{path}\">{name}</a>"));
            assert_has(
                &page,
                &format!("{{\"@id\":\"{base_url}{path}\",\"@type\":\""),
            );
        }
    }
    assert!(site.has("people/ricardo-patino/index.html"));

    // A page and a feed per tag, listing the story.
    for tag in yaml_list(&story, "tags") {
        assert_has(&page, &format!("<a href=\"{base}tags/{tag}/\">{tag}</a>"));
        let tag_page = site.page(&format!("tags/{tag}/index.html"));
        assert_has(&tag_page, &format!("href=\"{base}stories/{story_slug}/\""));
        assert!(site.has(&format!("tags/{tag}/atom.xml")));
    }

    // What the body supports.
    let heading = heading_example(&story);
    let (text, id) = heading
        .trim_start_matches("## ")
        .trim_end_matches('}')
        .split_once(" {#")
        .expect("## Heading {#id}");
    assert_has(&page, &format!("<h2 id=\"{id}\">{text}</h2>"));
    claim("CommonMark with tables, footnotes, strikethrough, smart punctuation");
    assert_has(&page, "<td>Westminster</td>");
    assert_has(&page, "<del>Withdrawn</del>");
    assert_has(&page, "“quoted” – and so on…");
    assert_has(&page, "<sup class=\"footnote-reference\">");
    assert_has(&page, "Its source.");
    claim("`[London](/places/london/)` becomes `/assange/places/london/`");
    assert_eq!(base, "/assange/");
    assert_has(&page, "<a href=\"/assange/places/london/\">London</a>");

    // The profile.
    let name = yaml_value(&profile, "name");
    let entity = site.page(&format!("people/{}/index.html", slug(name)));
    assert_has(&entity, &format!("<h1>{name}</h1>"));
    assert_has(&entity, yaml_value(&profile, "description"));
    let wikidata = yaml_value(&profile, "wikidata");
    let wikidata_url = format!("https://www.wikidata.org/wiki/{wikidata}");
    assert_has(
        &entity,
        &format!("<a href=\"{wikidata_url}\">{wikidata}</a>"),
    );
    assert_has(&entity, &format!("\"sameAs\":\"{wikidata_url}\""));
    assert_has(&entity, "\"@type\":\"Person\"");
    claim("a file of static/, from the site's root, or a URL");
    // Processed: WebP and JPEG at 480, 800 and its own 900 pixels.
    let digest = image_digest(&site, 900);
    for width in [480, 800, 900] {
        for extension in ["jpg", "webp"] {
            let variant = format!("_img/{digest}-{width}.{extension}");
            let decoded =
                image::load_from_memory(&std::fs::read(site.output().join(&variant)).unwrap())
                    .unwrap_or_else(|e| panic!("{variant}: {e}"));
            assert_eq!(decoded.width(), width, "{variant}");
        }
    }
    assert_has(
        &entity,
        &format!(
            "<img src=\"{base}_img/{digest}-900.jpg\" srcset=\"{base}_img/{digest}-480.jpg 480w, {base}_img/{digest}-800.jpg 800w, {base}_img/{digest}-900.jpg 900w\" sizes=\"(max-width: 48rem) 100vw, 44rem\" width=\"900\" height=\"600\" alt=\"{}\">",
            yaml_value(&profile, "image_alt")
        ),
    );
    assert_has(
        &entity,
        &format!("<source type=\"image/webp\" srcset=\"{base}_img/{digest}-480.webp 480w,"),
    );
    assert_has(
        &entity,
        &format!(
            "<span class=\"credit\">{}</span></figcaption>",
            yaml_value(&profile, "image_credit")
        ),
    );
    for alias in yaml_list(&profile, "aliases") {
        assert_has(&entity, &alias);
    }
    let biography = profile.split("---\n").nth(2).expect("a body").trim();
    assert_has(&entity, &format!("<p>{biography}</p>"));
    assert_has(&entity, &format!("href=\"{base}stories/{story_slug}/\""));
}

#[test]
fn names_aliases_and_drafts_resolve_as_the_readme_says() {
    let (site, _) = readme_site();
    claim("`WikiLeaks` and `wikileaks`, or `Ricardo Patino` and `Ricardo Patiño`, are one entity");
    claim("aliases: [Assange, \"Assange, Julian\"]");
    site.write(
        "content/stories/2014/variants.md",
        "---\ntitle: Variants\ndate: 2014-01-01\npeople: [\"Assange, Julian\", Ricardo Patino]\norganizations: [wikileaks]\n---\nText.\n",
    );
    claim("draft: false                    # drafts are left out unless --drafts");
    site.write(
        "content/stories/2014/draft.md",
        "---\ntitle: Draft\ndate: 2014-02-01\ndraft: true\n---\nText.\n",
    );
    site.built();
    assert!(
        !site.has("people/assange-julian/index.html"),
        "an alias is its profile's entity"
    );
    for page in [
        "people/julian-assange/index.html",
        "people/ricardo-patino/index.html",
        "organizations/wikileaks/index.html",
    ] {
        let page = site.page(page);
        assert_has(&page, "href=\"/assange/stories/variants/\"");
        assert_has(&page, "href=\"/assange/stories/optional-override/\"");
    }
    assert!(!site.has("stories/draft/index.html"));
    let drafts = dossier::BuildOptions {
        drafts: true,
        ..site.options()
    };
    dossier::build(&drafts).expect("builds with drafts");
    assert!(site.has("stories/draft/index.html"));
}

#[test]
fn typos_in_keys_are_errors_naming_the_right_key() {
    let [config, story, _] = yaml_examples();
    claim("An unknown key is an error naming the closest known key.");
    let site = Site::empty(&config.replace("paginate:", "paginat:"));
    let errors = site.errors();
    assert!(
        errors.iter().any(|e| e.to_string().contains("`paginate`")),
        "{errors:?}"
    );

    claim("a typo such as `peple:` never drops people silently");
    let site = Site::empty(&config);
    site.write(
        "content/stories/2013/deadlock.md",
        &story.replace("\npeople:", "\npeple:"),
    );
    let errors = site.errors();
    assert!(
        errors.iter().any(|e| e.to_string().contains("`people`")),
        "{errors:?}"
    );
}

// 2. The command line.

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

/// `dossier <args> --help`.
pub(crate) fn help(args: &[&str]) -> String {
    let out = dossier(&[args, &["--help"]].concat());
    assert!(out.status.success(), "dossier {args:?} --help: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// The long options a help text lists, each with its value's name:
/// `--root <DIR>` → (`--root`, Some(`DIR`)).
pub(crate) fn options(help: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    for line in help.lines().map(str::trim_start) {
        if !line.starts_with('-') {
            continue;
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .take_while(|w| w.starts_with('-') || w.starts_with('<'))
            .collect();
        for (i, word) in words.iter().enumerate() {
            let flag = word.trim_end_matches(',');
            if flag.starts_with("--") {
                let value = words
                    .get(i + 1)
                    .filter(|v| v.starts_with('<'))
                    .map(|v| v.trim_matches(['<', '>']).to_string());
                found.push((flag.to_string(), value));
            }
        }
    }
    found
}

/// The lines of a help text about the option `flag`.
fn option_help(help: &str, flag: &str) -> String {
    let is_option = |line: &str| line.trim_start().starts_with('-');
    help.lines()
        .skip_while(|line| {
            !(is_option(line)
                && line
                    .split_whitespace()
                    .any(|w| w.trim_end_matches(',') == flag))
        })
        .enumerate()
        .take_while(|(i, line)| *i == 0 || !is_option(line))
        .map(|(_, line)| format!("{line}\n"))
        .collect()
}

/// The subcommands a help text lists, without `help`.
pub(crate) fn subcommands(help: &str) -> Vec<String> {
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a list of commands");
    list.lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|&command| command != "help")
        .map(str::to_string)
        .collect()
}

/// Flags that go with every command (`dossier --help` lists them).
fn global_flags() -> Vec<String> {
    options(&help(&[]))
        .into_iter()
        .map(|(flag, _)| flag)
        .filter(|flag| flag != "--help" && flag != "--version")
        .collect()
}

#[test]
fn the_codes_table_is_every_diagnostic_code_with_its_meaning() {
    let rows = table(section("#### Diagnostics for machines"), "code");
    let documented: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (backticked(row[0])[0], row[1]))
        .collect();
    let codes: Vec<(&str, &str)> = dossier::Code::ALL
        .iter()
        .map(|code| (code.name(), code.meaning()))
        .collect();
    assert_eq!(documented, codes);
}

/// The usage block under "Using it".
fn usage_block() -> String {
    code_blocks(section("## Using it"))
        .into_iter()
        .find(|(info, _)| info.is_empty())
        .expect("a plain code block of command lines under ## Using it")
        .1
}

#[test]
fn each_usage_line_shows_exactly_its_commands_flags() {
    let global = global_flags();
    let mut documented_commands = Vec::new();
    for line in usage_block().lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], "dossier", "{line}");
        let command: Vec<&str> = words[1..]
            .iter()
            .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            .copied()
            .collect();
        assert!(!command.is_empty(), "{line}");
        // `[--flag VALUE]` groups.
        let shown: Vec<(&str, Option<&str>)> = line
            .split('[')
            .skip(1)
            .filter_map(|group| {
                let group = group.split(']').next()?;
                let mut words = group.split_whitespace();
                let flag = words.next().filter(|f| f.starts_with("--"))?;
                Some((flag, words.next()))
            })
            .collect();
        let text = help(&command);
        let accepted = options(&text);
        for (flag, value) in &shown {
            let (_, takes) = accepted
                .iter()
                .find(|(f, _)| f == flag)
                .unwrap_or_else(|| panic!("`{line}`: `dossier {command:?} --help` has no {flag}"));
            match value {
                Some(v) if v.chars().all(|c| c.is_ascii_uppercase()) => {
                    assert_eq!(takes.as_deref(), Some(*v), "`{line}`: {flag}'s value")
                }
                // A default (`1111`) or a format (`YYYY-MM-DD`) the flag's help must give.
                Some(v) => {
                    assert!(takes.is_some(), "`{line}`: {flag} takes no value");
                    let block = option_help(&text, flag);
                    let said = if v.contains(|c: char| c.is_ascii_digit()) {
                        format!("[default: {v}]")
                    } else {
                        v.to_string()
                    };
                    assert!(
                        block.contains(&said),
                        "`{line}`: {flag}'s help does not say {said}:\n{block}"
                    );
                }
                None => assert!(takes.is_none(), "`{line}`: {flag} takes a value"),
            }
        }
        for (flag, _) in &accepted {
            if flag == "--help" || global.contains(flag) {
                continue;
            }
            assert!(
                shown.iter().any(|(f, _)| f == flag),
                "`dossier {}` accepts {flag}, but the README's line does not show it: {line}",
                command.join(" ")
            );
        }
        documented_commands.push(command.join(" "));
    }
    for command in subcommands(&help(&[])) {
        let commands = match subcommands_of(&command) {
            Some(subs) => subs.iter().map(|s| format!("{command} {s}")).collect(),
            None => vec![command],
        };
        for command in commands {
            assert!(
                documented_commands.contains(&command),
                "the README's usage block has no line for `dossier {command}`"
            );
        }
    }
}

/// The subcommands of `command`, if it has any (`new story`, `new entity`).
pub(crate) fn subcommands_of(command: &str) -> Option<Vec<String>> {
    let text = help(&[command]);
    text.contains("Commands:\n").then(|| subcommands(&text))
}

#[test]
fn the_flags_table_is_the_builds_flags_and_the_global_ones() {
    let global = global_flags();
    let build = options(&help(&["build"]));
    let top = help(&[]);
    let mut documented = Vec::new();
    for row in table(section("## Using it"), "flag") {
        let specs = backticked(row[0]);
        let long = specs[0].split_whitespace().next().expect("a flag");
        for spec in &specs {
            let mut words = spec.split_whitespace();
            let flag = words.next().expect("a flag");
            let value = words.next();
            if let Some(short) = flag.strip_prefix('-').filter(|f| !f.starts_with('-')) {
                assert_has(&top, &format!("-{short}, {long}"));
                continue;
            }
            let (_, takes) = build
                .iter()
                .find(|(f, _)| f == flag)
                .unwrap_or_else(|| panic!("`dossier build --help` has no {flag}"));
            assert_eq!(takes.as_deref(), value, "{flag}'s value");
            documented.push(flag.to_string());
        }
        if row[1].starts_with("any command") {
            assert!(global.iter().any(|g| g == long), "{long} is not global");
        }
    }
    for flag in global.iter().chain(build.iter().map(|(f, _)| f)) {
        assert!(
            flag == "--help" || documented.contains(flag),
            "the README's flags table lacks {flag}"
        );
    }

    // The examples of global flags, before and after the command.
    claim("(`dossier --quiet build`, `dossier build -v`), but not together");
    let site = Site::fixture("basic");
    let root = site.root().to_str().expect("UTF-8 path");
    let quiet = dossier(&["--quiet", "build", "--root", root]);
    assert_eq!(quiet.status.code(), Some(0), "{quiet:?}");
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{quiet:?}"
    );
    std::fs::remove_dir_all(site.output()).expect("remove public/");
    let verbose = dossier(&["build", "-v", "--root", root]);
    assert_eq!(verbose.status.code(), Some(0), "{verbose:?}");
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        stderr.contains("load") && stderr.contains("render"),
        "{stderr}"
    );
    assert_eq!(
        dossier(&["build", "-q", "-v", "--root", root])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn exit_codes_and_errors_are_as_the_readme_says() {
    claim(
        "Exit codes: `0` success, `1` the content has errors (nothing is written), `2` a usage error, `130` stopped by Ctrl-C (the output is as it was).",
    );
    claim(
        "`path:line:col: error: what is wrong`, then the offending line with a marker under the problem, and a hint; in colour only on a terminal.",
    );
    let (site, _) = readme_site();
    let root = site.root().to_str().expect("UTF-8 path");
    assert_eq!(dossier(&["build", "--root", root]).status.code(), Some(0));
    let before = crate::common::snapshot(&site.output());
    site.write(
        "content/stories/2014/typo.md",
        "---\ntitle: A typo\ndate: 2014-01-01\npeple: [Julian Assange]\n---\n",
    );
    let failed = dossier(&["build", "--root", root]);
    assert_eq!(failed.status.code(), Some(1), "{failed:?}");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    let path = site.root().join("content/stories/2014/typo.md");
    assert_has(
        &stderr,
        &format!("{}:4:1: error: unknown key `peple`", path.display()),
    );
    assert_has(&stderr, "4 | peple: [Julian Assange]\n  | ^^^^^\n");
    assert_has(&stderr, "= hint: did you mean `people`?");
    assert!(
        !stderr.contains('\x1b'),
        "colours off a terminal: {stderr:?}"
    );
    assert_eq!(
        crate::common::snapshot(&site.output()),
        before,
        "nothing is written"
    );
    assert_eq!(dossier(&["build", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn init_and_new_do_what_the_readme_says() {
    claim("`dossier init my-dossier`");
    claim(
        "`dossier new story \"Title\"` writes `content/stories/<year>/<slug>.md` with today's date (or `--date`) and an empty list for each entity kind; `dossier new entity people \"Name\"` writes a profile. Neither ever overwrites a file.",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("my-dossier");
    let root_arg = root.to_str().expect("UTF-8 path");
    assert!(dossier(&["init", root_arg]).status.success());
    let story = [
        "new",
        "story",
        "Title",
        "--date",
        "2012-08-16",
        "--root",
        root_arg,
    ];
    assert!(dossier(&story).status.success());
    let written = root.join("content/stories/2012/title.md");
    let text = std::fs::read_to_string(&written).expect("the new story");
    assert_has(&text, "date: 2012-08-16");
    for [kind, ..] in kinds(yaml_examples()[0].as_str()) {
        assert_has(&text, &format!("\n{kind}: []\n"));
    }
    let entity = ["new", "entity", "people", "Name", "--root", root_arg];
    assert!(dossier(&entity).status.success());
    let profile = root.join("content/people/name.md");
    assert_has(
        &std::fs::read_to_string(&profile).expect("the profile"),
        "name: ",
    );

    std::fs::write(&written, "edited").expect("edit");
    assert!(!dossier(&story).status.success(), "no overwriting");
    assert!(!dossier(&entity).status.success(), "no overwriting");
    assert_eq!(std::fs::read_to_string(&written).expect("story"), "edited");

    std::fs::remove_file(&written).expect("remove");
    let report = dossier::build(&dossier::BuildOptions::new(&root)).expect("the new site builds");
    assert!(report.stories >= 1);
}

// The URL map.

#[test]
fn every_url_of_the_url_map_is_built_with_a_theme_template() {
    let site = fuller_site();
    site.built();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut documented = Vec::new();
    for row in table(section("## URL map"), "page") {
        for url in backticked(row[1]) {
            if !url.starts_with('/') || url.contains("-N.") {
                continue; // sitemap-N.xml: only above 50,000 URLs
            }
            if let Some((before, after)) = url.split_once("<digest>") {
                let (folder, prefix) = before
                    .trim_start_matches('/')
                    .rsplit_once('/')
                    .expect("a folder");
                let named = std::fs::read_dir(site.output().join(folder))
                    .expect("the folder")
                    .map(|e| e.unwrap().file_name().into_string().unwrap())
                    .any(|n| n.starts_with(prefix) && n.ends_with(after));
                assert!(named, "{url}: no such file");
                continue;
            }
            if url == "/<slug>/" && row[0] == "standalone page" {
                assert!(site.has("about/index.html"), "{url}: no about/index.html");
                continue;
            }
            let slug = match url {
                u if u.starts_with("/stories/") => "optional-override",
                u if u.starts_with("/tags/") => "asylum",
                u if u.starts_with("/documents/") => "uksc-2012-22",
                _ => "julian-assange",
            };
            let path = url
                .replace("<kind>", "people")
                .replace("<slug>", slug)
                .replace("<n>", "0");
            let file = path.trim_start_matches('/');
            let file = if file.is_empty() || file.ends_with('/') {
                format!("{file}index.html")
            } else {
                file.to_string()
            };
            assert!(site.has(&file), "{url} ({row:?}): no {file}");
        }
        for template in backticked(row[2]) {
            assert!(
                theme.join(template).is_file(),
                "no theme template {template}"
            );
            documented.push(template);
        }
    }
    assert!(
        site.has("tags/asylum/page/2/index.html"),
        "tags paginate like entities"
    );
    let partials = names_of_files(section("## Templates"));
    for entry in std::fs::read_dir(&theme).expect("theme templates") {
        let name = entry
            .expect("entry")
            .file_name()
            .into_string()
            .expect("UTF-8");
        assert!(
            documented.contains(&name.as_str()) || partials.contains(&name.as_str()),
            "the README never mentions the theme's {name}"
        );
    }
}

fn names_of_files(text: &str) -> Vec<&str> {
    backticked(text)
        .into_iter()
        .filter(|s| s.ends_with(".html"))
        .collect()
}

// 3. The template variables.

/// `site`, in every template.
const SITE: &str = "
site.title={{ site.title }}
site.description={{ site.description }}
site.language={{ site.language }}
site.locale={{ site.locale }}|{{ site.og_locale }}
site.base_url={{ site.base_url }}
site.base_path={{ site.base_path }}
site.files_path={{ site.files_path }}
site.kinds={% for k in site.kinds %}({{ k.key }}|{{ k.title }}|{{ k.singular }}|{{ k.schema }}|{{ k.url }}){% endfor %}
site.links={{ site.feed_url }}|{{ site.json_feed_url }}|{{ site.tags_url }}|{{ site.timeline_url }}|{{ site.corrections_url }}|{{ site.search_url }}|{{ site.stylesheet_url }}
site.documents_url={{ site.documents_url }}
site.story_count={{ site.story_count }}
site.menu={% for m in site.menu %}({{ m.title }}|{{ m.url }}){% endfor %}
";

/// `page`, in HTML templates.
const PAGE: &str = "
page={{ page.title }}|{{ page.description }}|{{ page.url }}|{{ page.permalink }}|{{ page.kind }}|{{ page.feed_url }}|{{ page.json_feed_url }}
page.image={% if page.image %}{{ page.image.permalink }}|{{ page.image.width }}|{{ page.image.height }}|{{ page.image.alt }}|{{ page.image.card }}{% endif %}
";

/// A story item: `@item(s)` in the templates below.
const ITEM: &str = "item({{ $.title }}|{{ $.url }}|{{ $.permalink }}|{{ $.date.ymd }}|{{ $.date.rfc3339 }}|{{ $.date.human }}|{{ $.updated.ymd }}|{{ $.summary }}|{{ $.source }}|{{ $.authors | join(sep=\"+\") }}|{{ $.html | safe }})";

/// A document item: `@document(d)` in the templates below.
const DOCUMENT_ITEM: &str = "document({{ $.title }}|{{ $.slug }}|{{ $.url }}|{{ $.permalink }}|{{ $.type.key }}|{{ $.type.slug }}|{{ $.type.label }}|{{ $.type.plural }}|{{ $.date.ymd }}|{{ $.date.human }}|{{ $.issuer }}|{{ $.issuer_url }})";

/// An image: `@image(i)` in the templates below.
const IMAGE: &str = "image({% if $ %}{{ $.src }}|{{ $.permalink }}|{{ $.width }}|{{ $.height }}|{{ $.srcset }}|{{ $.webp_srcset }}|{{ $.sizes }}|{{ $.alt }}|{{ $.caption }}|{{ $.credit }}{% endif %})";

/// A relation: `@relation(r)` in the templates below.
const RELATION: &str = "relation({{ $.role }}|{{ $.inverse }}|{{ $.holder.name }}|{{ $.holder.url }}|{{ $.of.name }}|{{ $.of.url }}|{{ $.current }}|{{ $.ended }}|{% if $.from %}{{ $.from.ymd }}/{{ $.from.human }}{% endif %}|{% if $.until %}{{ $.until.ymd }}/{{ $.until.human }}{% endif %}|{{ $.span }}|{{ $.years }}|{% if $.source %}{{ $.source.url }}/{{ $.source.title }}{% endif %})";

/// An entity or tag link: `@link(e)` in the templates below.
const LINK: &str = "link({{ $.name }}|{{ $.url }}|{{ $.count }})";

/// An entity or tag link where links have no count: `@name(e)`.
const NAME: &str = "link({{ $.name }}|{{ $.url }})";

const PAGINATION: &str = "pagination={{ pagination.page }}|{{ pagination.pages }}|{{ pagination.total }}|{{ pagination.previous_url }}|{{ pagination.next_url }}\n";

const INDEX: &str = "intro={{ intro | safe }}
latest={% for s in latest %}@item(s){% endfor %}
top_entities={% for group in top_entities %}[{{ group.kind.key }}:{% for e in group.entities %}@link(e);{% endfor %}]{% endfor %}
chart={{ chart | safe }}
";

const STORY: &str = "story={{ story.title }}|{{ story.slug }}|{{ story.url }}|{{ story.permalink }}|{{ story.date.ymd }}|{% if story.updated %}{{ story.updated.ymd }}{% endif %}|{{ story.summary }}|{{ story.source }}|{{ story.source_url }}|{{ story.authors | join(sep=\"+\") }}|{% if story.extra %}{% for k, v in story.extra %}{{ k }}:{{ v }};{% endfor %}{% endif %}|{{ story.modified.ymd }}|{{ story.standfirst }}|{{ story.byline }}
story.corrections={% for c in story.corrections %}({{ c.id }}|{{ c.date.ymd }}|{{ c.text }}){% endfor %}
story.sources={% for s in story.sources %}({{ s.anchor }}|{{ s.number }}|{{ s.title }}|{{ s.publisher }}|{{ s.url }}|{{ s.archived }}|{{ s.archived_on }}|{{ s.date.ymd }}|{{ s.date.human }}|{{ s.pages }}|{{ s.citations | join(sep=\"+\") }}|{% if s.document %}@document(s.document){% endif %}){% endfor %}
story.image=@image(story.image)
story.content={{ story.content | safe }}
entities={% for group in entities %}[{{ group.kind.key }}:{% for e in group.entities %}@name(e);{% endfor %}]{% endfor %}
mentioned={% for group in mentioned %}[{{ group.kind.key }}:{% for e in group.entities %}@name(e);{% endfor %}]{% endfor %}
roles={% for group in entities %}{% for e in group.entities %}{% for r in e.roles %}[{{ e.name }}:@relation(r)]{% endfor %}{% endfor %}{% endfor %}
related={% for s in related %}@item(s){% endfor %}
tags={% for t in tags %}@name(t){% endfor %}
previous={% if previous %}@item(previous){% endif %}
next={% if next %}@item(next){% endif %}
jsonld={{ jsonld | safe }}
";

const KIND: &str = "kind={{ kind.key }}|{{ kind.title }}|{{ kind.singular }}|{{ kind.schema }}|{{ kind.url }}
entity_count={{ entity_count }}
letters={% for l in letters %}[{{ l.letter }}:{% for e in l.entities %}{{ e.name }};{% endfor %}]{% endfor %}
";

const ENTITY: &str = "entity={{ entity.name }}|{{ entity.slug }}|{{ entity.kind.key }}|{{ entity.description }}|{{ entity.aliases | join(sep=\"+\") }}|@image(entity.image)|{{ entity.wikidata }}|{{ entity.wikidata_url }}|{% if entity.extra %}{% for k, v in entity.extra %}{{ k }}:{{ v }};{% endfor %}{% endif %}|{{ entity.story_count }}|{% if entity.first_seen %}{{ entity.first_seen.ymd }}|{{ entity.last_seen.ymd }}{% endif %}|{{ entity.url }}|{{ entity.permalink }}|{{ entity.feed_url }}
entity.content={{ entity.content | safe }}
stories={% for s in stories %}@item(s)[{{ s.mention_only }}|{{ s.sentence }}|{% for r in s.roles %}{{ r.role }};{% endfor %}]{% endfor %}
@pagination
relations={% for r in relations %}@relation(r){% endfor %}
inverse_relations={% for g in inverse_relations %}[{{ g.role }}:{% for r in g.relations %}@relation(r){% endfor %}]{% endfor %}
graph={% if graph %}{{ graph | safe }}{% endif %}
connections={% for group in connections %}[{{ group.kind.key }}:{% for e in group.entities %}@name(e)*{{ e.shared }};{% endfor %}]{% endfor %}
documents={% for d in documents %}@document(d){% endfor %}
chart={% if chart %}{{ chart | safe }}{% endif %}
jsonld={{ jsonld | safe }}
";

const TAGS: &str = "tags={% for t in tags %}@link(t){% endfor %}\n";

const TAG: &str = "tag=@link(tag)
stories={% for s in stories %}@item(s){% endfor %}
@pagination
";

const TIMELINE: &str = "years={% for y in years %}[{{ y.year }}#{{ y.count }}:{% for m in y.months %}({{ m.month }} {{ m.name }}|{{ m.label }}#{{ m.count }}:{% for s in m.stories %}@item(s){% endfor %}){% endfor %}]{% endfor %}
chart={{ chart | safe }}
";

const ATOM: &str =
    "feed={{ feed.title }}|{{ feed.subtitle }}|{{ feed.id }}|{{ feed.url }}|{{ feed.self_url }}|{{ feed.json_url }}|{{ feed.updated }}
entries={% for s in entries %}@item(s)[{% if s.content %}html{% endif %}|{% for c in s.categories %}({{ c.term }}|{{ c.label }}|{{ c.scheme }}){% endfor %}|{% for b in s.bylines %}({{ b.name }}|{{ b.url }}|{{ b.organization }}){% endfor %}]{% endfor %}
";

const CORRECTIONS: &str = "corrections={% for c in corrections %}({{ c.date.ymd }}|{{ c.text }}|{{ c.url }}|@item(c.story)){% endfor %}\n";

const STANDALONE: &str = "content={{ content | safe }}\n";

const DOCUMENTS: &str = "years={% for y in years %}[{{ y.year }}#{{ y.types }}:{% for d in y.documents %}@document(d){% endfor %}]{% endfor %}
types={% for t in types %}({{ t.key }}|{{ t.slug }}|{{ t.label }}|{{ t.plural }}|{{ t.count }}){% endfor %}
document_count={{ document_count }}
";

const DOCUMENT: &str = "document=@document(document)|{{ document.original_url }}|{{ document.archived_url }}|{{ document.archived_on }}|{{ document.file_url }}
document.content={{ document.content | safe }}
issuer={% if issuer %}@name(issuer){% endif %}
entities={% for group in entities %}[{{ group.kind.key }}:{% for e in group.entities %}@name(e);{% endfor %}]{% endfor %}
citing={% for c in citing %}(@item(c.story)|{{ c.pages | join(sep=\"+\") }}){% endfor %}
jsonld={{ jsonld | safe }}
";

const SITEMAP: &str = "urls={% for u in urls %}({{ u.loc }}|{{ u.lastmod }}){% endfor %}\n";

const ROBOTS: &str = "sitemap_url={{ sitemap_url }}\n";

/// A template with its `@item(var)`, `@link(var)`, `@name(var)` and `@pagination` written out.
fn expand(template: &str) -> String {
    let mut text = template.replace("@pagination\n", PAGINATION);
    for (mark, snippet) in [
        ("@item(", ITEM),
        ("@link(", LINK),
        ("@name(", NAME),
        ("@document(", DOCUMENT_ITEM),
        ("@relation(", RELATION),
        ("@image(", IMAGE),
    ] {
        while let Some(start) = text.find(mark) {
            let end = start + text[start..].find(')').expect("closed");
            let var = &text[start + mark.len()..end];
            let written = snippet.replace('$', var);
            text.replace_range(start..=end, &written);
        }
    }
    text
}

/// The test's template for each template the README documents: `site` in
/// all, `page` in HTML pages, then the template's own variables.
fn templates() -> Vec<(&'static str, String)> {
    let html = |body: &str| expand(&format!("{SITE}{PAGE}{body}"));
    let other = |body: &str| expand(&format!("{SITE}{body}"));
    vec![
        ("index.html", html(INDEX)),
        ("story.html", html(STORY)),
        ("kind.html", html(KIND)),
        ("entity.html", html(ENTITY)),
        ("tags.html", html(TAGS)),
        ("tag.html", html(TAG)),
        ("timeline.html", html(TIMELINE)),
        ("corrections.html", html(CORRECTIONS)),
        ("page.html", html(STANDALONE)),
        ("documents.html", html(DOCUMENTS)),
        ("document.html", html(DOCUMENT)),
        ("search.html", html("")),
        ("404.html", html("")),
        ("atom.xml", other(ATOM)),
        ("sitemap.xml", other(SITEMAP)),
        ("robots.txt", other(ROBOTS)),
        ("story_item.html", STORY_ITEM.to_string()),
        ("card.svg", expand(&CARD.replace("SITE", SITE))),
    ]
}

/// A social card: text an SVG may hold, drawn into a PNG.
const CARD: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\"><desc>SITE</desc><text x=\"10\" y=\"40\">card={{ card.title }}|{{ card.label }}|{{ card.title | wrap_lines(width=300, size=20, weight=700, lines=2) | join(sep=\"+\") }}</text></svg>";

/// One story in a list, rendered once per story: each item's `html`.
const STORY_ITEM: &str = "[{{ item.title }}]";

/// Templates that are not pages, which print neither `site` nor `page`
/// (they get them, but would repeat them in every story of every list).
const NOT_PAGES: [&str; 1] = ["story_item.html"];

/// Templates the test cannot render cheaply, and why.
const NOT_RENDERED: [(&str, &str); 1] = [("sitemap_index.xml", "only above 50,000 URLs")];

/// The text inside the `{{ }}` and `{% %}` tags of a template.
fn tag_text(template: &str) -> String {
    let mut inside = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).expect("closed tag");
        inside.push_str(&after[1..end]);
        inside.push(' ');
        rest = &after[end + 2..];
    }
    inside
}

/// Whether `name` (`title`, `site.base_url`) occurs as a whole word in the
/// tags of `template`.
fn uses(template: &str, name: &str) -> bool {
    let text = tag_text(template);
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name)
        .any(|(i, _)| !text[..i].ends_with(word) && !text[i + name.len()..].starts_with(word))
}

#[test]
fn the_test_templates_use_every_variable_the_readme_documents() {
    let templates = templates();
    let template = |name: &str| -> &str {
        &templates
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| {
                panic!("the README documents {name}: add a template for it to tests/readme.rs")
            })
            .1
    };
    let text = section("## Templates");

    // `site`, in every template.
    let pages = || templates.iter().filter(|(f, _)| !NOT_PAGES.contains(f));
    for row in table(text, "variable") {
        for name in names(row[0]).into_iter().chain(names(row[1])) {
            for (file, t) in pages() {
                assert!(uses(t, name), "{file} does not print `{name}`");
            }
        }
    }
    // `page`, in HTML pages; its kinds are checked against the build.
    let page = paragraph(text, "HTML pages also receive `page`");
    let without_kinds = page.replace(kinds_of_pages(page).as_str(), "");
    for name in names(&without_kinds) {
        for (file, t) in pages().filter(|(f, _)| f.ends_with(".html")) {
            assert!(uses(t, name), "{file} does not print `page.{name}`");
        }
    }
    // Story items, dates, entity and tag links.
    let items = collapse(paragraph(text, "A **story item**"));
    let (story_item, rest) = items.split_once("A **date**").expect("dates");
    let (date, links) = rest.split_once("An **entity link**").expect("links");
    for name in names(story_item).into_iter().chain(names(date)) {
        assert!(uses(ITEM, name), "story items lack `{name}`");
    }
    // Entity links' `roles` are filled in on story pages only.
    for name in names(links) {
        let printed = if name == "roles" { STORY } else { LINK };
        assert!(uses(printed, name), "links lack `{name}`");
    }
    for name in names(paragraph(text, "An **image**")) {
        assert!(uses(IMAGE, name), "images lack `{name}`");
    }
    for name in names(paragraph(text, "A **relation**")) {
        assert!(uses(RELATION, name), "relations lack `{name}`");
    }
    for name in names(paragraph(text, "A **document item**")) {
        assert!(uses(DOCUMENT_ITEM, name), "document items lack `{name}`");
    }
    // Each template's own variables.
    let mut documented = Vec::new();
    for row in table(text, "template") {
        let file = backticked(row[0])[0];
        documented.push(file);
        if NOT_RENDERED.iter().any(|(f, _)| *f == file) {
            continue;
        }
        for name in names(row[1]) {
            assert!(uses(template(file), name), "{file} does not print `{name}`");
        }
    }
    for (file, _) in &templates {
        assert!(documented.contains(file), "the README's table lacks {file}");
    }
    // The template not rendered here at least uses what the README says it gets.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for (file, _) in NOT_RENDERED {
        let row = table(text, "template")
            .into_iter()
            .find(|row| row[0] == format!("`{file}`"))
            .expect("documented");
        let theirs = std::fs::read_to_string(theme.join(file)).expect("theme template");
        for name in names(row[1]) {
            assert!(
                uses(&theirs, name),
                "the theme's {file} does not use `{name}`"
            );
        }
    }
}

/// The page kinds listed in the `page` paragraph: `(`home`, `story`, ...)`.
fn kinds_of_pages(page: &str) -> String {
    let start = page.find("`kind` (").expect("`kind` (...)") + "`kind` ".len();
    let end = start + page[start..].find(')').expect(")") + 1;
    page[start..end].to_string()
}

/// What [`ITEM`] prints for a story: (title, slug, date, its three forms,
/// updated, summary, source, authors), and its `html` as [`STORY_ITEM`]
/// renders it.
fn printed_item(fields: [&str; 9]) -> String {
    let [
        title,
        slug,
        ymd,
        rfc3339,
        human,
        updated,
        summary,
        source,
        authors,
    ] = fields;
    format!(
        "item({title}|/assange/stories/{slug}/|https://example.org/assange/stories/{slug}/|{ymd}|{rfc3339}|{human}|{updated}|{summary}|{source}|{authors}|[{title}])"
    )
}

/// The title of the README's document example.
const JUDGMENT_TITLE: &str = "Assange v Swedish Prosecution Authority [2012] UKSC 22";

/// What [`DOCUMENT_ITEM`] prints for the README's document example.
fn printed_judgment() -> String {
    let document = document_example();
    assert_eq!(
        yaml_value(&document, "title").trim_matches('"'),
        JUDGMENT_TITLE
    );
    format!(
        "document({JUDGMENT_TITLE}|uksc-2012-22|/assange/documents/uksc-2012-22/|https://example.org/assange/documents/uksc-2012-22/|{type}|{type}|Judgment|Judgments|{date}|30 May 2012|{issuer}|/assange/organizations/uk-supreme-court/)",
        type = yaml_value(&document, "type"),
        date = yaml_value(&document, "date"),
        issuer = yaml_value(&document, "issuer"),
    )
}

/// What [`RELATION`] prints for the README's profile example: its one
/// relation, whose source is the README's story.
fn founder_relation(profile: &str) -> String {
    let [role, of, inverse, from] = ["role", "of", "inverse", "from"].map(|k| {
        profile
            .lines()
            .find_map(|l| {
                l.trim_start_matches([' ', '-'])
                    .strip_prefix(&format!("{k}:"))
            })
            .map(|v| v.split(" #").next().unwrap_or_default().trim())
            .unwrap_or_else(|| panic!("no `{k}` in the profile's relation"))
    });
    format!(
        "relation({role}|{inverse}|Julian Assange|/assange/people/julian-assange/|{of}|/assange/organizations/wikileaks/|true|false|{from}/{from}||since {from}|since {from}|/assange/stories/optional-override//Britain and Ecuador fail to break the Assange deadlock)"
    )
}

/// What [`IMAGE`] prints of a processed JPEG: its variants' `(width,
/// height)`, narrowest first, and `alt|caption|credit`.
fn printed_picture(digest: &str, variants: &[(u32, u32)], words: &str) -> String {
    let link = |w: u32, ext: &str| format!("/assange/_img/{digest}-{w}.{ext}");
    let set = |ext: &str| {
        variants
            .iter()
            .map(|&(w, _)| format!("{} {w}w", link(w, ext)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (width, height) = variants[variants.len() - 1];
    format!(
        "image({}|https://example.org{}|{width}|{height}|{}|{}|(max-width: 48rem) 100vw, 44rem|{words})",
        link(width, "jpg"),
        link(width, "jpg"),
        set("jpg"),
        set("webp"),
    )
}

/// The digest in the names of the variants of the one processed image
/// whose widest variant is `width` pixels wide.
/// The social card `og:image` names on a page: `_img/card-<digest>.png`,
/// a PNG of 1200×630.
fn card_of(site: &Site, page: &str) -> String {
    let html = site.page(page);
    let start = html.find("/_img/card-").expect("a card") + 1;
    let card = &html[start..start + html[start..].find(".png").expect("a PNG") + 4];
    let png = std::fs::read(site.output().join(card)).expect("the card is written");
    let decoder = image::ImageReader::new(std::io::Cursor::new(png))
        .with_guessed_format()
        .expect("readable");
    assert_eq!(decoder.into_dimensions().expect("a PNG"), (1200, 630));
    card.to_string()
}

fn image_digest(site: &Site, width: u32) -> String {
    let suffix = format!("-{width}.jpg");
    let found: Vec<String> = std::fs::read_dir(site.output().join("_img"))
        .expect("processed images")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(&suffix).map(String::from))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one image is {width} pixels wide: {found:?}"
    );
    found[0].clone()
}

/// What [`LINK`] prints.
fn printed_link(name: &str, path: &str, count: usize) -> String {
    format!("link({name}|/assange/{path}|{count})")
}

/// What [`NAME`] prints.
fn printed_name(name: &str, path: &str) -> String {
    format!("link({name}|/assange/{path})")
}

/// The line of `page` that starts with `label=`, without the label.
fn printed<'a>(page: &'a str, label: &str) -> &'a str {
    let start = format!("{label}=");
    page.lines()
        .find_map(|line| line.strip_prefix(&start))
        .unwrap_or_else(|| panic!("no {start} in:\n{page}"))
}

#[test]
fn templates_receive_the_variables_the_readme_documents() {
    let [config, story, profile] = yaml_examples();
    let site = fuller_site();
    assert!(profile.contains("\nextra: {}\n"), "{profile}");
    site.write(
        "content/people/julian-assange.md",
        &profile.replace("\nextra: {}\n", "\nextra: { born: 1971 }\n"),
    );
    claim("HTML and XML templates escape every value");
    site.write(
        "content/stories/2012/asylum.md",
        &EARLIER.replace("tags:", "source: Reuters & AP\ntags:"),
    );
    claim(
        "copy the theme's file from `themes/default/templates/` into your site's `templates/` and edit it",
    );
    for (file, template) in templates() {
        site.write(&format!("templates/{file}"), &template);
    }
    site.built();

    // Story items and their dates, as the README's date example shows them.
    let items = collapse(paragraph(section("## Templates"), "A **story item**"));
    let date_forms: Vec<&str> = backticked(items.split("A **date**").nth(1).expect("dates"))
        .into_iter()
        .filter(|s| !is_name(s))
        .collect();
    let [ymd, rfc3339, human] = date_forms[..] else {
        panic!("the README's date example: {date_forms:?}")
    };
    assert_eq!(
        ymd,
        yaml_value(&story, "date"),
        "the example is the story's date"
    );
    claim("`updated` (its latest change: `updated` or the latest correction, else the date)");
    // The example's correction is of the day it was updated.
    claim("  - date: 2013-06-18\n");
    let readme_story = printed_item([
        yaml_value(&story, "title"),
        yaml_value(&story, "slug"),
        ymd,
        rfc3339,
        human,
        yaml_value(&story, "updated"),
        yaml_value(&story, "summary"),
        yaml_value(&story, "source"),
        &yaml_list(&story, "authors").join("+"),
    ]);
    claim("summary: One line for lists and feeds   # optional: else the first paragraph, as text");
    let judgment = printed_judgment();
    let earlier = printed_item([
        "Ecuador grants Julian Assange asylum",
        "asylum",
        "2012-08-16",
        "2012-08-16T00:00:00Z",
        "16 August 2012",
        "2012-08-16",
        "Ecuador grants political asylum to Julian Assange.",
        "Reuters &amp; AP",
        "",
    ]);
    claim("A date-time without an offset is read as UTC.");
    let later = printed_item([
        "Two years in the embassy",
        "two-years",
        "2014-06-19",
        "2014-06-19T10:30:00Z",
        "19 June 2014",
        "2014-06-19",
        "Julian Assange marks two years inside the embassy in London.",
        "The Guardian",
        "",
    ]);

    // `site`, in every template, with the README's example values.
    let site_rows = table(section("## Templates"), "variable");
    let example = |name: &str| {
        let row = site_rows
            .iter()
            .find(|row| row[0] == format!("`{name}`"))
            .unwrap_or_else(|| panic!("no row for {name}"));
        backticked(row[1])[0]
    };
    assert_eq!(example("site.base_url"), yaml_value(&config, "base_url"));
    let kinds: String = kinds(&config)
        .iter()
        .map(|[key, title, singular, schema]| {
            format!("({key}|{title}|{singular}|{schema}|/assange/{key}/)")
        })
        .collect();
    let site_vars = format!(
        "
site.title={}
site.description={}
site.language={}
site.locale=en-GB|en_GB
site.base_url={}
site.base_path={}
site.files_path={}
site.kinds={kinds}
site.links=/assange/atom.xml|/assange/feed.json|/assange/tags/|/assange/timeline/|/assange/corrections/|/assange/search/|/assange/style.css
site.documents_url=/assange/documents/
site.story_count=3
site.menu=({}|/assange/about/)
",
        yaml_value(&config, "title"),
        yaml_value(&config, "description"),
        yaml_value(&config, "language"),
        example("site.base_url"),
        example("site.base_path"),
        example("site.files_path"),
        yaml_value(&page_example(), "title"),
    );

    let mut page_kinds = Vec::new();
    let mut check = |path: &str, expected: &[(&str, &str)]| -> String {
        let page = site.page(path);
        assert_has(&page, &site_vars);
        if path.ends_with(".html") {
            let kind = printed(&page, "page").split('|').nth(4).expect("page.kind");
            page_kinds.push(kind.to_string());
        }
        for (label, value) in expected {
            assert_eq!(printed(&page, label), *value, "{label} in {path}");
        }
        page
    };

    let home = check(
        "index.html",
        &[
            (
                "page",
                "Home of the dossier|The home page description|/assange/|https://example.org/assange/|home||",
            ),
            ("intro", "<p>The <em>intro</em> of the dossier.</p>"),
            ("latest", &format!("{later}{readme_story}{earlier}")),
        ],
    );
    let top = printed(&home, "top_entities");
    assert!(
        top.starts_with(&format!(
            "[people:{};",
            printed_link("Julian Assange", "people/julian-assange/", 3)
        )),
        "{top}"
    );
    assert_has(
        top,
        &format!("[places:{};", printed_link("Ecuador", "places/ecuador/", 2)),
    );
    claim(
        "style it with the classes `coverage-chart`, `chart-plot`, `chart-bars`, `bar`, `axis`, `gridline`, `chart-scale`, `chart-max`, `chart-zero` and `chart-years`.",
    );
    let chart = &home[home.find("chart=").expect("chart")..];
    assert!(
        chart.starts_with("chart=<div class=\"coverage-chart\""),
        "{chart}"
    );
    for part in ["role=\"group\"", "<svg", "href=\"/assange/timeline/#month-"] {
        assert_has(chart, part);
    }
    for class in [
        "chart-plot chart-wide",
        "chart-plot chart-narrow",
        "chart-bars",
        "bar",
        "axis",
        "gridline",
        "chart-scale chart-max",
        "chart-scale chart-zero",
        "chart-years chart-wide",
    ] {
        assert_has(chart, &format!("class=\"{class}\""));
    }

    claim(
        "The `kind` of a group (`entities`, `top_entities`, `connections`), of `entity` and of `kind.html` is a kind as in `site.kinds`",
    );
    let about = |kind: &str, links: &[(&str, &str)]| {
        let links: String = links
            .iter()
            .map(|(name, path)| format!("{};", printed_name(name, path)))
            .collect();
        format!("[{kind}:{links}]")
    };
    let page = check(
        "stories/optional-override/index.html",
        &[
            (
                "page",
                "Britain and Ecuador fail to break the Assange deadlock|One line for lists and feeds|/assange/stories/optional-override/|https://example.org/assange/stories/optional-override/|story||",
            ),
            (
                "story",
                "Britain and Ecuador fail to break the Assange deadlock|optional-override|/assange/stories/optional-override/|https://example.org/assange/stories/optional-override/|2013-06-17|2013-06-18|One line for lists and feeds|Bloomberg|https://...|Jane Roe|any:value;|2013-06-18|One line for lists and feeds|by <a href=\"https://example.org/staff/jane-roe\">Jane Roe</a>",
            ),
            (
                "story.sources",
                &format!(
                    "(source-1|1|Assange trapped one year after U.K. talks with Ecuador stall|Bloomberg|https://www.bloomberg.com/news/articles/2013-06-17/assange-trapped-one-year-after-u-k-talks-with-ecuador-stall-1-|||2013-06-17|17 June 2013|para 4||)(source-2|2|{JUDGMENT_TITLE}|UK Supreme Court|/assange/documents/uksc-2012-22/|||2012-05-30|30 May 2012|para 95-98||{judgment})"
                ),
            ),
            (
                "story.corrections",
                "(correction-1|2013-06-18|An earlier version said the talks lasted an hour; they lasted 45 minutes.)",
            ),
            (
                "entities",
                &[
                    about(
                        "people",
                        &[
                            ("Julian Assange", "people/julian-assange/"),
                            ("William Hague", "people/william-hague/"),
                            ("Ricardo Patiño", "people/ricardo-patino/"),
                        ],
                    ),
                    about(
                        "organizations",
                        &[
                            ("Foreign Office", "organizations/foreign-office/"),
                            ("WikiLeaks", "organizations/wikileaks/"),
                        ],
                    ),
                    about(
                        "places",
                        &[
                            ("London", "places/london/"),
                            ("Ecuador", "places/ecuador/"),
                            ("Sweden", "places/sweden/"),
                        ],
                    ),
                ]
                .concat(),
            ),
            (
                "mentioned",
                &about("people", &[("Rafael Correa", "people/rafael-correa/")]),
            ),
            (
                "tags",
                &format!(
                    "{}{}",
                    printed_name("asylum", "tags/asylum/"),
                    printed_name("extradition", "tags/extradition/")
                ),
            ),
            (
                "roles",
                &format!("[Julian Assange:{}]", founder_relation(&profile)),
            ),
            ("previous", &earlier),
            ("next", &later),
        ],
    );
    assert_has(&page, "\n<h2 id=\"custom-id\">Heading</h2>\n");
    // The lead image: a 1700-pixel JPEG, offered up to 1600 pixels wide.
    let lead = printed_picture(
        &image_digest(&site, 1600),
        &[(480, 288), (800, 480), (1200, 720), (1600, 960)],
        &["image_alt", "image_caption", "image_credit"]
            .map(|k| yaml_value(&story, k))
            .join("|"),
    );
    assert_eq!(printed(&page, "story.image"), lead);
    let related = printed(&page, "related");
    assert!(
        related.contains(&earlier) && related.contains(&later),
        "{related}"
    );
    let jsonld = printed(&page, "jsonld");
    assert!(
        jsonld.starts_with("{\"@context\":\"https://schema.org\""),
        "{jsonld}"
    );
    assert_has(
        jsonld,
        "\"mentions\":[{\"@id\":\"https://example.org/assange/people/rafael-correa/\",\"@type\":\"Person\",\"name\":\"Rafael Correa\"}]",
    );
    check(
        "stories/asylum/index.html",
        &[("previous", ""), ("next", &readme_story)],
    );

    check(
        "people/index.html",
        &[
            (
                "page",
                "People|People in The Assange Dossier, from A to Z (4 entries), each with the stories that name them.|/assange/people/|https://example.org/assange/people/|kind||",
            ),
            ("kind", "people|People|Person|Person|/assange/people/"),
            ("entity_count", "4"),
            (
                "letters",
                "[J:Julian Assange;][R:Rafael Correa;Ricardo Patiño;][W:William Hague;]",
            ),
        ],
    );

    let picture = printed_picture(
        &image_digest(&site, 900),
        &[(480, 320), (800, 533), (900, 600)],
        &format!(
            "{}||{}",
            yaml_value(&profile, "image_alt"),
            yaml_value(&profile, "image_credit")
        ),
    );
    let entity_line = format!(
        "Julian Assange|julian-assange|people|Australian publisher, founder of WikiLeaks|Assange+Assange, Julian|{picture}|Q47573|https://www.wikidata.org/wiki/Q47573|born:1971;|3|2012-08-16|2014-06-19|/assange/people/julian-assange/|https://example.org/assange/people/julian-assange/|/assange/people/julian-assange/atom.xml"
    );
    let entity_line = entity_line.as_str();
    let first = check(
        "people/julian-assange/index.html",
        &[
            (
                "page",
                "Julian Assange|Australian publisher, founder of WikiLeaks|/assange/people/julian-assange/|https://example.org/assange/people/julian-assange/|entity|/assange/people/julian-assange/atom.xml|/assange/people/julian-assange/feed.json",
            ),
            ("entity", entity_line),
            ("entity.content", "<p>Biography in Markdown.</p>"),
            (
                "stories",
                &format!(
                    "{later}[false|Julian Assange marks two years inside the embassy in London.|Founder;]"
                ),
            ),
            (
                "pagination",
                "1|3|3||/assange/people/julian-assange/page/2/",
            ),
            (
                "page.image",
                &format!(
                    "https://example.org/assange/_img/{}-900.jpg|900|600|{}|false",
                    image_digest(&site, 900),
                    yaml_value(&profile, "image_alt")
                ),
            ),
        ],
    );
    assert_eq!(printed(&first, "documents"), judgment);
    claim("Both entities' pages show it: the holder's as \"Founder of WikiLeaks, since\n2006\"");
    let founder = founder_relation(&profile);
    assert_eq!(printed(&first, "relations"), founder);
    assert_has(
        printed(&first, "graph"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relationship-graph\"",
    );
    check(
        "organizations/wikileaks/index.html",
        &[("inverse_relations", &format!("[Founder:{founder}]"))],
    );
    let connections = printed(&first, "connections");
    assert_has(
        connections,
        &format!("[places:{}*2;", printed_name("Ecuador", "places/ecuador/")),
    );
    assert_has(
        connections,
        &format!("{}*1;", printed_name("Sweden", "places/sweden/")),
    );
    assert!(!connections.contains("Julian Assange"), "{connections}");
    assert_has(&first, "chart=<div class=\"coverage-chart\"");
    assert_has(
        printed(&first, "jsonld"),
        "\"sameAs\":\"https://www.wikidata.org/wiki/Q47573\"",
    );
    let second = check(
        "people/julian-assange/page/2/index.html",
        &[
            ("entity", entity_line),
            ("stories", &format!("{readme_story}[false||Founder;]")),
            (
                "pagination",
                "2|3|3|/assange/people/julian-assange/|/assange/people/julian-assange/page/3/",
            ),
        ],
    );
    // The profile's chart, connections and JSON-LD are on the first page only.
    for empty in [
        "chart=\n",
        "connections=\n",
        "documents=\n",
        "relations=\n",
        "inverse_relations=\n",
        "graph=\n",
        "jsonld=\n",
    ] {
        assert_has(&second, empty);
    }
    check(
        "people/rafael-correa/index.html",
        &[
            (
                "entity",
                "Rafael Correa|rafael-correa|people|||image()||||2|2012-08-16|2013-06-17|/assange/people/rafael-correa/|https://example.org/assange/people/rafael-correa/|/assange/people/rafael-correa/atom.xml",
            ),
            (
                "stories",
                &format!(
                    "{readme_story}[true|Rafael Correa, the president of Ecuador, stands by the decision.|]"
                ),
            ),
            (
                "page.image",
                &format!(
                    "https://example.org/assange/{}|1200|630|Rafael Correa — {}|true",
                    card_of(&site, "people/rafael-correa/index.html"),
                    "The Assange Dossier"
                ),
            ),
        ],
    );

    check(
        "tags/index.html",
        &[
            (
                "page",
                "Tags|The subjects of The Assange Dossier: 2 tags, each with its stories.|/assange/tags/|https://example.org/assange/tags/|tags||",
            ),
            (
                "tags",
                &format!(
                    "{}{}",
                    printed_link("asylum", "tags/asylum/", 3),
                    printed_link("extradition", "tags/extradition/", 1)
                ),
            ),
        ],
    );
    check(
        "tags/asylum/page/2/index.html",
        &[
            (
                "page",
                "asylum|3 stories of The Assange Dossier on “asylum”, newest first.|/assange/tags/asylum/page/2/|https://example.org/assange/tags/asylum/page/2/|tag|/assange/tags/asylum/atom.xml|/assange/tags/asylum/feed.json",
            ),
            ("tag", &printed_link("asylum", "tags/asylum/", 3)),
            ("stories", &readme_story),
            (
                "pagination",
                "2|3|3|/assange/tags/asylum/|/assange/tags/asylum/page/3/",
            ),
        ],
    );
    let timeline = check(
        "timeline/index.html",
        &[
            (
                "page",
                "Timeline|The Assange Dossier: 3 stories from 2012–2014, month by month.|/assange/timeline/|https://example.org/assange/timeline/|timeline||",
            ),
            (
                "years",
                &format!(
                    "[2014#1:(6 June|June 2014#1:{later})][2013#1:(6 June|June 2013#1:{readme_story})][2012#1:(8 August|August 2012#1:{earlier})]"
                ),
            ),
        ],
    );
    assert_has(&timeline, "chart=<div class=\"coverage-chart\"");
    check(
        "search/index.html",
        &[(
            "page",
            "Search|Search the stories, names and tags of The Assange Dossier.|/assange/search/|https://example.org/assange/search/|search||",
        )],
    );
    check(
        "404.html",
        &[(
            "page",
            "Page not found|Ten years of a diplomatic standoff|/assange/404.html|https://example.org/assange/404.html|404||",
        )],
    );
    check(
        "about/index.html",
        &[
            (
                "page",
                &format!(
                    "{}|{}|/assange/about/|https://example.org/assange/about/|page||",
                    yaml_value(&page_example(), "title"),
                    yaml_value(&page_example(), "description"),
                ),
            ),
            ("content", "<p>Markdown text.</p>"),
        ],
    );
    claim("else a new entity of the first kind whose `schema` is `Organization`");
    check(
        "organizations/uk-supreme-court/index.html",
        &[("documents", &judgment)],
    );
    check(
        "documents/index.html",
        &[
            (
                "page",
                "Documents|The documents The Assange Dossier cites: 1 document, with the stories that cite each.|/assange/documents/|https://example.org/assange/documents/|documents||",
            ),
            ("years", &format!("[2012#judgment:{judgment}]")),
            ("types", "(judgment|judgment|Judgment|Judgments|1)"),
            ("document_count", "1"),
        ],
    );
    let document = document_example();
    let page = check(
        "documents/uksc-2012-22/index.html",
        &[
            (
                "page",
                &format!(
                    "{JUDGMENT_TITLE}|Judgment, 30 May 2012, with the stories of The Assange Dossier that cite it.|/assange/documents/uksc-2012-22/|https://example.org/assange/documents/uksc-2012-22/|document||"
                ),
            ),
            (
                "document",
                &format!(
                    "{judgment}|{}|{}|2012-06-01|/assange/files/uksc-2012-22.pdf",
                    yaml_value(&document, "url"),
                    yaml_value(&document, "archived"),
                ),
            ),
            (
                "document.content",
                "<p>Notes in Markdown: what it is, what it decided, the passages that matter.</p>",
            ),
            (
                "issuer",
                &printed_name("UK Supreme Court", "organizations/uk-supreme-court/"),
            ),
            (
                "entities",
                &format!(
                    "[people:{};][organizations:{};]",
                    printed_name("Julian Assange", "people/julian-assange/"),
                    printed_name(
                        "Swedish Prosecution Authority",
                        "organizations/swedish-prosecution-authority/",
                    ),
                ),
            ),
            ("citing", &format!("({readme_story}|para 95-98)")),
        ],
    );
    assert_has(printed(&page, "jsonld"), "\"@type\":\"DigitalDocument\"");
    check(
        "corrections/index.html",
        &[
            (
                "page",
                "Corrections|Every correction made to the stories of this dossier, newest first.|/assange/corrections/|https://example.org/assange/corrections/|corrections|/assange/corrections/atom.xml|/assange/corrections/feed.json",
            ),
            (
                "corrections",
                &format!(
                    "(2013-06-18|An earlier version said the talks lasted an hour; they lasted 45 minutes.|/assange/stories/optional-override/#correction-1|{readme_story})"
                ),
            ),
        ],
    );
    let corrections_feed = check(
        "corrections/atom.xml",
        &[(
            "feed",
            "Corrections — The Assange Dossier|Every correction made to the stories of this dossier, newest first.|https://example.org/assange/corrections/|https://example.org/assange/corrections/|https://example.org/assange/corrections/atom.xml|https://example.org/assange/corrections/feed.json|2013-06-18T00:00:00Z",
        )],
    );
    assert_has(
        printed(&corrections_feed, "entries"),
        "item(Correction: Britain and Ecuador fail to break the Assange deadlock|/assange/stories/optional-override/#correction-1|https://example.org/assange/stories/optional-override/#correction-1|2013-06-18|",
    );

    // A feed entry: the item with its text, its tags as categories and its
    // bylines: the README's own for its story, the site for the others.
    let entry = |item: &str, story: Option<&str>| {
        let (tags, byline) = match story {
            Some(story) => (
                yaml_list(story, "tags"),
                "(Jane Roe|https://example.org/staff/jane-roe|false)",
            ),
            None => (
                vec!["asylum".to_string()],
                "(The Assange Dossier|https://example.org/assange/|true)",
            ),
        };
        let categories: String = tags
            .iter()
            .map(|t| format!("({t}|{t}|https://example.org/assange/tags/)"))
            .collect();
        format!("{item}[html|{categories}|{byline}]")
    };
    let (later, readme_story, earlier) = (
        entry(&later, None),
        entry(&readme_story, Some(&story)),
        entry(&earlier, None),
    );
    check(
        "atom.xml",
        &[
            (
                "feed",
                "The Assange Dossier|Ten years of a diplomatic standoff|https://example.org/assange/|https://example.org/assange/|https://example.org/assange/atom.xml|https://example.org/assange/feed.json|2014-06-19T10:30:00Z",
            ),
            ("entries", &format!("{later}{readme_story}{earlier}")),
        ],
    );
    check(
        "people/rafael-correa/atom.xml",
        &[
            (
                "feed",
                "Rafael Correa — The Assange Dossier|Stories of The Assange Dossier about or mentioning Rafael Correa, newest first.|https://example.org/assange/people/rafael-correa/|https://example.org/assange/people/rafael-correa/|https://example.org/assange/people/rafael-correa/atom.xml|https://example.org/assange/people/rafael-correa/feed.json|2013-06-18T00:00:00Z",
            ),
            // An entity's feed carries summaries only.
            (
                "entries",
                &format!("{readme_story}{earlier}").replace("[html|", "[|"),
            ),
        ],
    );
    let sitemap = check("sitemap.xml", &[]);
    assert_has(
        printed(&sitemap, "urls"),
        "(https://example.org/assange/|2014-06-19T10:30:00Z)",
    );
    assert_has(
        printed(&sitemap, "urls"),
        "(https://example.org/assange/stories/optional-override/|2013-06-18T00:00:00Z)",
    );
    check(
        "robots.txt",
        &[("sitemap_url", "https://example.org/assange/sitemap.xml")],
    );

    // The page kinds the README lists are the ones the pages have.
    let listed = kinds_of_pages(paragraph(
        section("## Templates"),
        "HTML pages also receive `page`",
    ));
    let mut listed: Vec<&str> = backticked(&listed);
    listed.sort_unstable();
    page_kinds.sort_unstable();
    page_kinds.dedup();
    assert_eq!(listed, page_kinds);
}

/// The Languages section's example file and template calls do what it
/// says, on a Spanish site.
#[test]
fn the_languages_section_s_examples_work_as_written() {
    let text = section("### Languages");
    let blocks = code_blocks(text);
    let (_, override_file) = blocks
        .iter()
        .find(|(info, body)| info == "yaml" && body.contains("i18n/es.yaml"))
        .expect("an i18n/es.yaml example");
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write(
        "dossier.yaml",
        &config.replace("language: en", "language: es"),
    );
    site.write("i18n/es.yaml", override_file);
    let (_, calls) = blocks
        .iter()
        .find(|(_, body)| body.contains("t(key="))
        .expect("the t() examples");
    // The calls, on an entity page, where `entity` and `pagination` are.
    let entity = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/entity.html"),
    )
    .unwrap();
    let marked = calls
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p class=\"readme-call\">{l}</p>\n"))
        .collect::<String>();
    site.write(
        "templates/entity.html",
        &entity.replace(
            "{% block content %}",
            &format!("{{% block content %}}\n{marked}"),
        ),
    );
    site.built();
    let story = site.page("stories/talks/index.html");
    let related = yaml_value(override_file, "related_stories");
    assert_has(&story, &format!(">{related}</h2>"));
    assert_has(&story, "17 de junio de 2013");
    let page = site.page("people/julian-assange/index.html");
    let count = page
        .split("<dt>Artículos</dt><dd>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the story count");
    let noun = if count == "1" { "nota" } else { "notas" };
    assert_has(
        &page,
        &format!("<p class=\"readme-call\">{count} {noun}</p>"),
    );
    assert_has(&page, &format!("<p class=\"readme-call\">{related}</p>"));
    assert_has(&page, "<p class=\"readme-call\">Página 1 de ");
    for claim in [
        "17 June 2013",
        "17 de junio de 2013",
        "17 juin\n2013",
        "17. Juni 2013",
        "17 juni 2013",
    ] {
        assert!(text.contains(claim), "{claim}");
    }
}

#[test]
fn the_translated_relations_example_works_as_written() {
    let blocks = code_blocks(section("#### A dossier in more than one language"));
    let (_, translation) = blocks
        .iter()
        .find(|(_, body)| body.starts_with("# content/people/ricardo-patino.es.md"))
        .expect("a profile translation example");
    let site = crate::languages::bilingual();
    site.write(
        "content/people/ricardo-patino.md",
        "---\nname: Ricardo Patiño\nrelations:\n  - role: Finance Minister\n    of: Ecuador\n    from: 2007\n  - role: Foreign Minister\n    of: Ecuador\n    from: 2010-01\n    inverse: Foreign Minister\n---\n",
    );
    site.write(
        "content/people/ricardo-patino.es.md",
        &format!("---\n{translation}---\nTexto.\n"),
    );
    site.built();
    let page = site.page("es/people/ricardo-patino/index.html");
    assert_has(&page, yaml_value(translation, "description"));
    let item = |key: &str| {
        let lines: Vec<&str> = translation.lines().map(str::trim_start).collect();
        yaml_value(&lines.join("\n"), key).to_string()
    };
    assert_has(&page, &item("role"));
    assert_has(&site.page("es/places/ecuador/index.html"), &item("inverse"));
    assert!(!page.contains("Foreign Minister"));
}
