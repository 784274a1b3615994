//! Search: the content of `search-index.json`, read back with serde_json, and
//! the search page in headless Chromium, served by a small static server.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::Site;
use serde_json::Value;

const BASE_PATH: &str = "/assange/";

/// The fixture's search index, built in memory.
fn index() -> Value {
    let site = Site::fixture("search");
    let files = crate::common::generate(&site.options()).expect("the fixture builds");
    let file = files
        .iter()
        .find(|f| f.path == "search-index.json")
        .expect("a search index");
    serde_json::from_slice(&file.bytes).expect("the index is JSON")
}

/// The search index a built site wrote.
fn index_of(site: &Site) -> Value {
    serde_json::from_str(&site.page("search-index.json")).expect("the index is JSON")
}

/// The index's rows of `key` (`s`, `e`, `t`...).
fn rows<'a>(index: &'a Value, key: &str) -> &'a [Value] {
    index[key].as_array().expect("an array")
}

fn story<'a>(index: &'a Value, title: &str) -> &'a [Value] {
    rows(index, "s")
        .iter()
        .map(|row| row.as_array().unwrap().as_slice())
        .find(|row| row[0] == title)
        .unwrap_or_else(|| panic!("no story titled {title:?}"))
}

/// Names of the entities or tags a story row refers to (field 3 or 4).
fn referred(index: &Value, row: &[Value], field: usize, key: &str, name_at: usize) -> Vec<String> {
    let ids = row.get(field).and_then(Value::as_array).cloned();
    ids.unwrap_or_default()
        .iter()
        .map(|id| {
            let target = &rows(index, key)[id.as_u64().unwrap() as usize];
            let name = if name_at == 0 {
                target
            } else {
                &target[name_at]
            };
            name.as_str().unwrap().to_string()
        })
        .collect()
}

/// The slug rule of `search.js`: a string is the slug; `0` (or nothing) is
/// the text's ASCII slug; a number is that many characters of it.
fn slug_of(reference: Option<&Value>, text: &str) -> String {
    let ascii = dossier::model::slug::ascii_slug(text);
    match reference {
        Some(Value::String(slug)) => slug.clone(),
        Some(Value::Number(n)) if n.as_u64() != Some(0) => {
            ascii[..n.as_u64().unwrap() as usize].to_string()
        }
        _ => ascii,
    }
}

/// The stories, in index order, whose summary is listed under `word`.
fn summary_stories(index: &Value, word: &str) -> Vec<String> {
    let Some(row) = rows(index, "w").iter().find(|row| row[0] == word) else {
        return Vec::new();
    };
    let mut position = 0;
    row.as_array().unwrap()[1..]
        .iter()
        .map(|gap| {
            position += gap.as_u64().unwrap() as usize;
            rows(index, "s")[position][0].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn stories_are_found_by_title_entity_tag_and_summary() {
    let index = index();
    let embassy = story(&index, "Assange enters the embassy");
    assert_eq!(embassy[1], 20120619, "dates are YYYYMMDD numbers");
    let arrest = story(&index, "Police carry a man out of the embassy");
    // `Assange` in front matter is the alias of Julian Assange.
    assert_eq!(
        referred(&index, arrest, 3, "e", 1),
        ["Julian Assange", "London"]
    );
    assert_eq!(referred(&index, arrest, 4, "t", 0), ["arrest"]);
    assert_eq!(
        summary_stories(&index, "metropolitan"),
        ["Police carry a man out of the embassy"]
    );
    // A word the title, entities or tags hold is not repeated for the summary.
    assert!(!summary_stories(&index, "ecuador").contains(&"Ecuador grants asylum".to_string()));
    assert!(!summary_stories(&index, "asylum").contains(&"Assange enters the embassy".to_string()));
}

#[test]
fn entities_are_found_by_alias_and_aliases_add_words() {
    let index = index();
    let entity = |name: &str| {
        rows(&index, "e")
            .iter()
            .find(|row| row[1] == name)
            .unwrap_or_else(|| panic!("no entity {name:?}"))
            .clone()
    };
    let assange = entity("Julian Assange");
    assert_eq!(assange[0], 0, "people are the first kind");
    assert_eq!(assange[2], 3, "three published stories");
    // `Assange` and `Assange, Julian` add no word to the name.
    assert_eq!(assange[4], serde_json::json!(["Mendax"]));
    assert_eq!(
        rows(&index, "k")[0],
        serde_json::json!(["people", "Person"])
    );
}

#[test]
fn drafts_are_left_out() {
    let index = index();
    let text = index.to_string();
    assert!(!text.contains("Secret draft"));
    assert!(!text.contains("Draft Person"));
    assert!(!text.contains("unpublished"));
    assert_eq!(rows(&index, "s").len(), 5);
}

#[test]
fn titles_with_markup_characters_survive_as_text() {
    let title = r#"Talks <script>alert(1)</script> stall & "deadlock" persists"#;
    let index = index();
    story(&index, title);
}

#[test]
fn every_slug_the_script_rebuilds_is_a_page() {
    let site = Site::fixture("search");
    let files = crate::common::generate(&site.options()).unwrap();
    let pages: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let index = index();
    let kinds = rows(&index, "k");
    let mut paths = Vec::new();
    for row in rows(&index, "s") {
        let title = row[0].as_str().unwrap();
        paths.push(format!("stories/{}/index.html", slug_of(row.get(2), title)));
    }
    for row in rows(&index, "e") {
        let kind = kinds[row[0].as_u64().unwrap() as usize][0]
            .as_str()
            .unwrap();
        let name = row[1].as_str().unwrap();
        paths.push(format!("{kind}/{}/index.html", slug_of(row.get(3), name)));
    }
    for path in &paths {
        assert!(pages.contains(&path.as_str()), "{path} is not a page");
    }
    assert!(paths.contains(&"stories/custom-slug/index.html".to_string()));
    assert!(paths.contains(&"people/ricardo-patino/index.html".to_string()));
}

#[test]
fn the_index_is_the_same_for_the_same_input() {
    let site = Site::fixture("search");
    let build = || {
        crate::common::generate(&site.options())
            .unwrap()
            .into_iter()
            .find(|f| f.path == "search-index.json")
            .unwrap()
            .bytes
    };
    assert_eq!(build(), build());
}

// ---- In a browser ----

/// Serves `root` under [`BASE_PATH`] on a free port, one thread per
/// connection, until the test process ends.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut request_line = String::new();
    if BufReader::new(&stream)
        .read_line(&mut request_line)
        .is_err()
    {
        return;
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .strip_prefix(BASE_PATH)
        .filter(|inside| !inside.contains(".."))
        .map(|inside| match inside.is_empty() || inside.ends_with('/') {
            true => root.join(inside).join("index.html"),
            false => root.join(inside),
        });
    let (status, body) = match file.and_then(|f| std::fs::read(f).ok()) {
        Some(bytes) => ("200 OK", bytes),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(path),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}

/// The DOM of `url` after the page's scripts ran; `None` when Chromium is not
/// installed (outside CI, where `.ci/run` installs it).
fn dump_dom(url: &str) -> Option<String> {
    let profile = tempfile::tempdir().unwrap();
    // A file rather than a pipe: Chromium's helper processes may outlive it
    // and hold a pipe open.
    let out = profile.path().join("dom.html");
    let spawned = crate::common::chromium(&profile.path().join("profile"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_some() => panic!("chromium is required in CI: {e}"),
        Err(_) => {
            eprintln!("skipped: chromium is not installed (apt-get install chromium)");
            return None;
        }
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 60 s: {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(std::fs::read_to_string(&out).unwrap())
}

/// The part of a dumped DOM between two markers.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).map_or(html.len(), |i| i + start.len());
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}

/// Link targets in `html`, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

/// What the search page shows for `query`: the status line, and the links of
/// the names section and of the stories section.
struct Shown {
    status: String,
    names: Vec<String>,
    stories: Vec<String>,
    pages: Vec<String>,
    results: String,
}

fn search(port: u16, query: &str) -> Option<Shown> {
    let dom = dump_dom(&format!(
        "http://127.0.0.1:{port}{BASE_PATH}search/?{query}"
    ))?;
    let results = between(&dom, "id=\"search-results\">", "<noscript>").to_string();
    let section = |id: &str| {
        let part = between(&results, &format!("id=\"{id}\""), "</section>");
        hrefs(part).into_iter().map(String::from).collect()
    };
    Some(Shown {
        status: between(&dom, "aria-live=\"polite\">", "</p>").to_string(),
        names: section("search-names"),
        stories: section("search-stories"),
        pages: section("search-pages"),
        results,
    })
}

#[test]
fn typing_a_query_shows_the_right_results_in_chromium() {
    let site = Site::fixture("search");
    site.built();
    let port = serve(site.output());

    let Some(shown) = search(port, "q=assange") else {
        return;
    };
    assert_eq!(shown.names, ["/assange/people/julian-assange/"]);
    // The title match first, then the stories about him, newest first.
    assert_eq!(
        shown.stories,
        [
            "/assange/stories/assange-enters/",
            "/assange/stories/arrest/",
            "/assange/stories/ecuador-grants-asylum/",
        ]
    );
    assert_eq!(shown.status, "Found 1 name and 3 stories.");
    assert!(
        shown
            .results
            .contains(r#"<time datetime="2012-06-19">19 June 2012</time>"#)
    );
    assert!(shown.results.contains("Person · 3 stories"));

    // Accents and case do not matter; markup in titles stays text.
    let shown = search(port, "q=PATINO").unwrap();
    assert_eq!(shown.names, ["/assange/people/ricardo-patino/"]);
    assert_eq!(
        shown.stories,
        [
            "/assange/stories/talks/",
            "/assange/stories/ecuador-grants-asylum/"
        ]
    );
    assert!(shown.results.contains(
        r#">Talks &lt;script&gt;alert(1)&lt;/script&gt; stall &amp; "deadlock" persists</a>"#
    ));
    assert!(!shown.results.contains("<script"));

    // Prefixes of summary words; filters by kind and year; every word must match.
    let shown = search(port, "q=metropol&kind=stories").unwrap();
    assert_eq!(shown.stories, ["/assange/stories/arrest/"]);
    assert!(shown.names.is_empty());
    let shown = search(port, "q=embassy&year=2019").unwrap();
    assert_eq!(shown.stories, ["/assange/stories/arrest/"]);
    let shown = search(port, "q=mendax+belmarsh").unwrap();
    assert!(shown.names.is_empty() && shown.stories.is_empty());
    assert_eq!(shown.status, "Nothing matches “mendax belmarsh”.");
    let shown = search(port, "q=mendax&kind=people").unwrap();
    assert_eq!(shown.names, ["/assange/people/julian-assange/"]);
    let shown = search(port, "q=%C3%89cuador&kind=places").unwrap();
    assert_eq!(shown.names, ["/assange/places/ecuador/"]);
    assert!(shown.stories.is_empty());
    let shown = search(port, "q=belm").unwrap();
    assert_eq!(shown.names, ["/assange/places/belmarsh/"]);
    assert_eq!(shown.stories, ["/assange/stories/custom-slug/"]);
    assert!(shown.pages.is_empty());
}

#[test]
fn pages_are_found_by_title_and_description_in_chromium() {
    let site = Site::fixture("search");
    site.write(
        "content/pages/methodology.md",
        "---\ntitle: How we work\ndescription: Sourcing rules and corrections\n---\nText.\n",
    );
    site.built();
    let index = index_of(&site);
    assert_eq!(
        rows(&index, "p"),
        [serde_json::json!([
            "How we work",
            "methodology",
            "Sourcing rules and corrections"
        ])]
    );
    let port = serve(site.output());
    let Some(shown) = search(port, "q=sourcing+rules") else {
        return;
    };
    assert_eq!(shown.pages, ["/assange/methodology/"]);
    assert_eq!(shown.status, "Found 1 page.");
    let shown = search(port, "q=work&kind=stories").unwrap();
    assert!(shown.pages.is_empty(), "a filter leaves pages out");
}

#[test]
fn without_javascript_the_page_links_to_the_indexes() {
    let site = Site::fixture("search");
    site.built();
    let page = site.page("search/index.html");
    for link in [
        "/assange/people/",
        "/assange/organizations/",
        "/assange/places/",
        "/assange/timeline/",
    ] {
        assert!(page.contains(&format!("href=\"{link}\"")), "{link}");
    }
    assert!(page.contains(r#"data-base="/assange/""#));
    assert!(page.contains(r#"role="search""#));
    assert!(page.contains("<noscript>"));
    let home = site.page("index.html");
    assert!(
        home.contains(r#"href="/assange/search/""#),
        "the menu links to search"
    );
}

/// The search fixture with two documents, one of them cited.
fn with_documents() -> Site {
    let site = Site::fixture("search");
    site.write(
        "content/documents/extradition-ruling.md",
        "---\ntitle: The extradition ruling\ndate: 2012-05-30\ntype: judgment\nissuer: Supreme Court\npeople: [Julian Assange]\n---\nNotes.\n",
    );
    site.write(
        "content/documents/panel-opinion.md",
        "---\ntitle: A panel's opinion\ndate: 2015-12\ntype: report\n---\nNotes.\n",
    );
    site
}

#[test]
fn documents_are_found_by_title_type_and_names_in_chromium() {
    let site = with_documents();
    site.built();
    let port = serve(site.output());
    let documents = |shown: &Shown| -> Vec<String> {
        let part = between(&shown.results, "id=\"search-documents\"", "</section>");
        hrefs(part).into_iter().map(String::from).collect()
    };
    let Some(shown) = search(port, "q=ruling") else {
        return;
    };
    assert_eq!(
        documents(&shown),
        ["/assange/documents/extradition-ruling/"]
    );
    assert!(
        shown
            .results
            .contains(r#"Judgment · <time datetime="2012-05-30">30 May 2012</time>"#),
        "{}",
        shown.results
    );
    // By the names it concerns and by its type, and filtered by kind and year.
    let shown = search(port, "q=assange&kind=documents").unwrap();
    assert_eq!(
        documents(&shown),
        ["/assange/documents/extradition-ruling/"]
    );
    assert!(shown.names.is_empty() && shown.stories.is_empty());
    assert_eq!(shown.status, "Found 1 document.");
    let shown = search(port, "q=report&year=2015").unwrap();
    assert_eq!(documents(&shown), ["/assange/documents/panel-opinion/"]);
    assert!(
        shown
            .results
            .contains(r#"<time datetime="2015-12">December 2015</time>"#)
    );
    let shown = search(port, "q=ruling&kind=stories").unwrap();
    assert!(
        documents(&shown).is_empty(),
        "a kind filter leaves them out"
    );
}

#[test]
fn the_documents_index_filters_by_type_in_chromium_without_its_own_script() {
    let site = with_documents();
    site.built();
    let index = site.page("documents/index.html");
    // Structured data is the only script element: the filter needs none.
    let scripts = index.matches("<script").count();
    let data = index
        .matches(r#"<script type="application/ld+json">"#)
        .count();
    assert_eq!(scripts, data, "the filter needs no script");
    // A probe, not the page, clicks a type and reports what the style
    // sheet leaves visible.
    let probe = r#"<script>
document.querySelector('label[for="type-report"]').click();
const visible = (el) => getComputedStyle(el).display !== "none";
const items = [...document.querySelectorAll(".document-list li")].filter(visible).map((li) => li.dataset.type);
const years = [...document.querySelectorAll(".document-year")].filter(visible).map((s) => s.querySelector("h2").textContent);
document.body.dataset.probe = items.join(",") + "|" + years.join(",");
</script></body>"#;
    site.write(
        "public/documents/index.html",
        &index.replace("</body>", probe),
    );
    let port = serve(site.output());
    let Some(dom) = dump_dom(&format!("http://127.0.0.1:{port}{BASE_PATH}documents/")) else {
        return;
    };
    assert!(
        dom.contains(r#"data-probe="report|2015""#),
        "{}",
        between(&dom, "<body", ">")
    );
}

#[test]
fn a_name_shows_its_current_role_in_chromium() {
    let site = Site::fixture("search");
    let profile = "content/people/ricardo-patino.md";
    let text = std::fs::read_to_string(site.root().join(profile)).unwrap();
    site.write(
        profile,
        &text.replacen(
            "---\n",
            "---\nrelations:\n  - role: Foreign Minister\n    of: Ecuador\n    from: 2010-01\n",
            1,
        ),
    );
    site.built();
    let port = serve(site.output());
    let Some(shown) = search(port, "q=patino") else {
        return;
    };
    assert_eq!(shown.names, ["/assange/people/ricardo-patino/"]);
    assert!(
        shown
            .results
            .contains("Person · Foreign Minister, Ecuador · 2 stories"),
        "{}",
        shown.results
    );
}

/// The search fixture with words only the texts have, and a name one
/// story mentions without listing it.
fn with_texts() -> Site {
    let site = Site::fixture("search");
    site.write(
        "content/stories/2013/talks.md",
        "---\ntitle: \"Talks <script>alert(1)</script> stall & \\\"deadlock\\\" persists\"\ndate: 2013-06-17\nsummary: Ministers met for forty-five minutes.\npeople: [William Hague, Ricardo Patiño]\ntags: [diplomacy]\n---\nNothing moved. They had flown in through Stansted, and spoke of the prison at Belmarsh.\n",
    );
    site
}

#[test]
fn story_texts_are_searched_from_their_own_files() {
    let site = with_texts();
    site.built();
    let index = index_of(&site);
    // The main index has the summary's words; the text's are in their file.
    assert!(summary_stories(&index, "stansted").is_empty());
    assert_eq!(index["b"], 1, "one file of text words for six stories");
    let words: Value = serde_json::from_str(&site.page("search/words-0.json")).unwrap();
    assert!(
        words["w"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row[0] == "stansted"),
        "{words}"
    );
    let port = serve(site.output());
    let Some(shown) = search(port, "q=stansted") else {
        return;
    };
    assert_eq!(shown.stories, ["/assange/stories/talks/"]);
    assert_eq!(shown.status, "Found 1 story.");
    // A prefix as it is typed finds it too, and every word must match.
    assert_eq!(
        search(port, "q=stanst").unwrap().stories,
        ["/assange/stories/talks/"]
    );
    assert!(search(port, "q=stansted+quito").unwrap().stories.is_empty());
}

#[test]
fn a_names_count_is_the_number_of_stories_its_search_finds() {
    let site = with_texts();
    site.built();
    let port = serve(site.output());
    let Some(shown) = search(port, "q=belmarsh") else {
        return;
    };
    assert_eq!(shown.names, ["/assange/places/belmarsh/"]);
    // The story about it and the one whose text mentions it.
    assert_eq!(
        shown.stories,
        ["/assange/stories/custom-slug/", "/assange/stories/talks/"]
    );
    assert!(
        shown.results.contains("Place · 2 stories"),
        "{}",
        shown.results
    );
    assert_eq!(shown.status, "Found 1 name and 2 stories.");
}

#[test]
fn a_misspelt_name_is_found_and_matches_are_marked_in_chromium() {
    let site = with_texts();
    site.built();
    let port = serve(site.output());
    let Some(shown) = search(port, "q=asange") else {
        return;
    };
    assert_eq!(shown.names, ["/assange/people/julian-assange/"]);
    assert_eq!(shown.stories.len(), 3, "{:?}", shown.stories);
    assert!(
        shown.results.contains("Julian <mark>Assange</mark>"),
        "{}",
        shown.results
    );
    // A word spelt right is not taken for a misspelling of a name.
    assert!(search(port, "q=quita").unwrap().names.is_empty());
    // Results show their summary, the words found marked.
    let shown = search(port, "q=quito").unwrap();
    assert_eq!(shown.stories, ["/assange/stories/ecuador-grants-asylum/"]);
    assert!(
        shown.results.contains(
            r#"<p class="summary">The foreign minister reads the decision in <mark>Quito</mark>.</p>"#
        ),
        "{}",
        shown.results
    );
}

#[test]
fn with_many_stories_each_word_is_in_the_file_the_script_asks_for() {
    let site = Site::fixture("search");
    // Accented and unusual first letters, folded the same way by the build
    // and by the script, which must agree on each word's file.
    let rare = [
        "Théâtre",
        "Öresund",
        "Ærøskøbing",
        "Łódź",
        "Ðakovo",
        "ßtraße",
    ];
    for n in 0..450 {
        let word = rare
            .get(n / 75)
            .filter(|_| n % 75 == 0)
            .copied()
            .unwrap_or("plain");
        site.write(
            &format!("content/stories/2015/s{n}.md"),
            // The first paragraph is the summary; the second, text only.
            &format!("---\ntitle: Story {n}\ndate: 2015-01-01\n---\nA story.\n\nIts text has plain words, and {word}.\n"),
        );
    }
    site.built();
    let index = index_of(&site);
    assert_eq!(index["b"], 3, "456 stories make three files");
    assert!(
        index["x"].as_array().unwrap().iter().any(|w| w == "plain"),
        "a word in most stories is listed as too common to search"
    );
    let port = serve(site.output());
    for (word, query) in [
        ("Théâtre", "theatre"),
        ("Öresund", "oresund"),
        ("Ærøskøbing", "aeroskobing"),
        ("Łódź", "lodz"),
        ("Ðakovo", "dakovo"),
        ("ßtraße", "sstrasse"),
    ] {
        let Some(shown) = search(port, &format!("q={query}")) else {
            return;
        };
        assert_eq!(shown.stories.len(), 1, "{word} found as {query}");
    }
}
