//! Bad input: every problem is reported with its file, line and column, all of
//! them in one run, and nothing is written.

use crate::common::Site;
use dossier::Diagnostic;

const CONFIG: &str = "title: T\nbase_url: https://example.org/\n";

/// Builds a site holding one story with `text`, and returns its diagnostics.
fn story_errors(text: &str) -> Vec<Diagnostic> {
    let site = Site::empty(CONFIG);
    site.write("content/stories/bad.md", text);
    site.errors()
}

/// Asserts one diagnostic at `line` mentions `needle`, in the story file.
fn assert_reported(errors: &[Diagnostic], line: usize, needle: &str) {
    let found = errors.iter().any(|d| {
        d.line == line
            && d.message.contains(needle)
            && d.path.ends_with("bad.md")
            && d.hint.is_some()
    });
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        found,
        "no error at line {line} about {needle:?} in:\n{}",
        all.join("\n")
    );
}

#[test]
fn yaml_syntax_errors_point_into_the_file() {
    let errors = story_errors("---\ntitle: A\ndate: 2013-01-01\npeople: [A, B\ntags: [x]\n---\n");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.starts_with("invalid YAML"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].line >= 4,
        "the line is in the file, not the block: {}",
        errors[0]
    );
}

#[test]
fn front_matter_must_exist_and_close() {
    assert_reported(&story_errors("# Just a title\n"), 1, "no front matter");
    assert_reported(&story_errors("---\ntitle: A\n"), 1, "never closes");
}

#[test]
fn required_keys_and_dates_are_checked() {
    let errors = story_errors("---\nsummary: s\n---\n");
    assert_reported(&errors, 2, "`title` is missing");
    assert_reported(&errors, 2, "`date` is missing");
    assert_reported(
        &story_errors("---\ntitle: A\ndate: 2013-02-30\n---\n"),
        3,
        "not a valid date",
    );
    assert_reported(
        &story_errors("---\ntitle: A\ndate: 17/06/2013\n---\n"),
        3,
        "not a valid date",
    );
}

#[test]
fn wrong_types_are_reported_at_their_key() {
    let errors = story_errors("---\ntitle: 42\ndate: 2013-01-01\npeople: {name: A}\n---\n");
    assert_reported(&errors, 2, "`title` has the wrong type");
    assert_reported(&errors, 4, "`people` has the wrong type");
    let people = errors
        .iter()
        .find(|d| d.message.contains("people"))
        .unwrap();
    assert_eq!(people.column, 9, "points at the value");
}

#[test]
fn unknown_keys_suggest_the_closest_known_key() {
    let errors = story_errors("---\ntitle: A\ndate: 2013-01-01\npeple: [Julian Assange]\n---\n");
    assert_reported(&errors, 4, "unknown key `peple`");
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `people`?"));

    let site = Site::empty(CONFIG);
    site.write("content/people/a.md", "---\nname: A\nalias: [B]\n---\n");
    let errors = site.errors();
    assert_eq!(
        (errors[0].line, errors[0].hint.as_deref()),
        (3, Some("did you mean `aliases`?"))
    );

    let site = Site::empty("title: T\nbase_url: https://example.org/\npaginat: 10\n");
    let errors = site.errors();
    assert_eq!(errors[0].path, std::path::Path::new("dossier.yaml"));
    assert_eq!(
        (errors[0].line, errors[0].hint.as_deref()),
        (3, Some("did you mean `paginate`?"))
    );
}

#[test]
fn files_must_be_utf8_and_not_empty() {
    let site = Site::empty(CONFIG);
    site.write("content/stories/empty.md", "");
    std::fs::write(
        site.root().join("content/stories/latin1.md"),
        b"---\ntitle: Pati\xf1o\n---\n",
    )
    .unwrap();
    let errors = site.errors();
    assert_eq!(errors.len(), 2);
    assert!(
        errors
            .iter()
            .any(|d| d.path.ends_with("empty.md") && d.message.contains("empty"))
    );
    let latin1 = errors
        .iter()
        .find(|d| d.path.ends_with("latin1.md"))
        .unwrap();
    assert!(latin1.message.contains("not valid UTF-8"), "{latin1}");
    assert_eq!((latin1.line, latin1.column), (2, 12));
}

#[test]
fn duplicate_slugs_and_profiles_name_both_files() {
    let site = Site::empty(CONFIG);
    site.write(
        "content/stories/2012/talks.md",
        "---\ntitle: A\ndate: 2012-01-01\n---\n",
    );
    site.write(
        "content/stories/2013/talks.md",
        "---\ntitle: B\ndate: 2013-01-01\n---\n",
    );
    site.write("content/people/a.md", "---\nname: Ricardo Patiño\n---\n");
    site.write("content/people/b.md", "---\nname: Ricardo Patino\n---\n");
    let errors = site.errors();
    let slug = errors
        .iter()
        .find(|d| d.message.contains("slug `talks`"))
        .expect("duplicate slug");
    assert!(slug.path.ends_with("2013/talks.md"));
    assert!(slug.hint.as_ref().unwrap().contains("2012/talks.md"));
    let profile = errors
        .iter()
        .find(|d| d.message.contains("second profile"))
        .expect("duplicate profile");
    assert!(profile.path.ends_with("b.md") && profile.hint.as_ref().unwrap().contains("a.md"));
}

#[test]
fn profiles_need_a_name_and_names_need_letters() {
    let site = Site::empty(CONFIG);
    site.write("content/people/x.md", "---\ndescription: nobody\n---\n");
    site.write(
        "content/stories/a.md",
        "---\ntitle: A\ndate: 2013-01-01\npeople: [\"???\"]\nslug: \"!!\"\n---\n",
    );
    let errors = site.errors();
    assert!(
        errors
            .iter()
            .any(|d| d.path.ends_with("x.md") && d.message.contains("`name` is missing"))
    );
    assert!(
        errors
            .iter()
            .any(|d| d.line == 4 && d.message.contains("no letter or digit"))
    );
    assert!(
        errors
            .iter()
            .any(|d| d.line == 5 && d.message.contains("empty slug"))
    );
}

#[test]
fn kinds_cannot_take_built_in_routes() {
    let site =
        Site::empty("title: T\nbase_url: https://example.org/\nkinds:\n  stories: {title: S}\n");
    let errors = site.errors();
    assert!(
        errors[0].message.contains("`stories` collides"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].line, 3);
}

#[test]
fn ambiguous_aliases_in_front_matter_are_errors() {
    let site = Site::empty(CONFIG);
    site.write(
        "content/people/a.md",
        "---\nname: Anna Smith\naliases: [Smith]\n---\n",
    );
    site.write(
        "content/people/b.md",
        "---\nname: Bob Smith\naliases: [Smith]\n---\n",
    );
    site.write(
        "content/stories/bad.md",
        "---\ntitle: A\ndate: 2013-01-01\npeople: [Smith]\n---\n",
    );
    let errors = site.errors();
    assert_reported(&errors, 4, "alias of several entities");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = Site::empty(CONFIG);
    site.write(
        "content/stories/a.md",
        "---\ntitle: A\ndate: 2013-01-01\n---\n",
    );
    site.write("templates/tags.html", "<p>\n{% for x in %}\n</p>\n");
    let errors = site.errors();
    assert_eq!(errors[0].path, std::path::Path::new("templates/tags.html"));
    assert_eq!(errors[0].line, 2, "{}", errors[0]);

    site.write(
        "templates/tags.html",
        "<p>\n{{ missing_variable.name }}\n</p>\n",
    );
    let errors = site.errors();
    assert_eq!(errors[0].path, std::path::Path::new("templates/tags.html"));
    assert!(
        errors[0].message.contains("/tags/"),
        "names the page: {}",
        errors[0]
    );
    assert!(
        errors[0].message.contains("missing_variable"),
        "names the variable: {}",
        errors[0]
    );
}

#[test]
fn a_broken_story_item_template_is_reported_once_with_its_line() {
    let site = Site::empty(CONFIG);
    for n in 0..3 {
        site.write(
            &format!("content/stories/s{n}.md"),
            &format!(
                "---\ntitle: S{n}\ndate: 2013-01-0{}\ntags: [asylum]\n---\n",
                n + 1
            ),
        );
    }
    site.write(
        "templates/story_item.html",
        "<li>\n{{ item.no_such_field.name }}\n</li>",
    );
    let errors = site.errors();
    assert_eq!(
        errors.len(),
        1,
        "one error for every list that shows items: {errors:?}"
    );
    assert_eq!(
        errors[0].path,
        std::path::Path::new("templates/story_item.html")
    );
    assert_eq!(errors[0].line, 2, "{}", errors[0]);
    assert!(!site.output().exists(), "a failed build writes nothing");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = Site::empty(CONFIG);
    site.write("content/stories/one.md", "---\ntitle: A\n---\n");
    site.write("content/stories/two.md", "---\ntitle: B\ndate: soon\n---\n");
    site.write("content/stories/three.md", "no front matter\n");
    site.write("content/people/four.md", "---\nnom: X\n---\n");
    let errors = site.errors();
    for file in ["one.md", "two.md", "three.md", "four.md"] {
        assert!(
            errors.iter().any(|d| d.path.ends_with(file)),
            "nothing about {file}"
        );
    }
}

#[test]
fn crlf_and_bom_are_fine() {
    let site = Site::empty(CONFIG);
    site.write(
        "content/stories/a.md",
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2013-01-01\r\npeople: [Ana]\r\n---\r\nBody\r\n",
    );
    site.built();
    assert!(
        site.page("stories/a/index.html")
            .contains("<h1>Windows</h1>")
    );
    assert!(site.has("people/ana/index.html"));
}

#[test]
fn names_in_any_script_get_usable_slugs() {
    let site = Site::empty(CONFIG);
    site.write(
        "content/stories/a.md",
        "---\ntitle: A\ndate: 2013-01-01\npeople: [Владимир Путин, 习近平, محمد]\n---\n",
    );
    site.built();
    assert!(site.has("people/vladimir-putin/index.html"));
    let people = site.page("people/index.html");
    assert!(people.contains("习近平") && people.contains("محمد"));
}
