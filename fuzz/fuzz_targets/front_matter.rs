//! Front matter on arbitrary bytes: decoding (`load::decode`), splitting
//! (`frontmatter::split`), the YAML (`YamlDoc::parse`), and the checks of a
//! story (`parse::parse_story`), a profile (`parse::parse_profile`) and a
//! `dossier.yaml` (`Config::parse`).
//!
//! Beyond "no panic": every diagnostic points into the file (line and column
//! within it, a message), a split's parts are where the `---` lines are,
//! a failure always says why, and a parsed story's slug is a safe URL folder.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use dossier::Diagnostic;
use dossier::model::config::Config;
use dossier::frontmatter::{YamlDoc, split};
use dossier::pipeline::load::decode;
use dossier::pipeline::parse::{parse_profile, parse_story};
use libfuzzer_sys::fuzz_target;

/// The default kinds, a base path, and a kind of the site's own.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::parse(
        Path::new("dossier.yaml"),
        "title: Fuzz\nbase_url: https://example.org/sub/\nkinds:\n  people: {}\n  organizations: {}\n  places: {}\n  vessels: {}\n",
    )
    .expect("the fuzzing config is valid")
});

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/stories/fuzz.md");
    let file = match decode(path, data.to_vec()) {
        Ok(file) => file,
        Err(d) => {
            assert_points_into(&String::from_utf8_lossy(data), &d);
            return;
        }
    };
    let text: &str = &file.text;

    match split(path, text) {
        Ok(parts) => {
            assert_eq!(parts.yaml_line, 2);
            let yaml_start = parts.yaml.as_ptr() as usize - text.as_ptr() as usize;
            let first_line = &text[..yaml_start];
            assert_eq!(first_line.trim_end(), "---", "the YAML starts after `---`");
            assert!(text.ends_with(parts.body));
            let before_body = &text[..text.len() - parts.body.len()];
            if !parts.body.is_empty() {
                assert_eq!(parts.body_line, before_body.matches('\n').count() + 1);
            }
            let closing = &before_body[yaml_start + parts.yaml.len()..];
            assert!(
                matches!(closing.trim_end(), "---" | "..."),
                "the YAML ends at `---` or `...`: {closing:?}"
            );
            if let Err(d) = YamlDoc::parse(path, parts.yaml, parts.yaml_line) {
                assert_points_into(text, &d);
                // Within the front matter or on its closing line.
                assert!(
                    (parts.yaml_line..parts.body_line).contains(&d.line),
                    "{d} is outside lines {}..{}",
                    parts.yaml_line,
                    parts.body_line
                );
            }
        }
        Err(d) => assert_points_into(text, &d),
    }

    match parse_story(&CONFIG, file.clone()) {
        Ok(story) => {
            let slug = &story.slug;
            assert!(!slug.is_empty());
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "slug {slug:?}"
            );
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-'),
                "slug {slug:?}"
            );
            assert!(text.ends_with(story.body.markdown()));
            assert_eq!(story.names.len(), CONFIG.kinds.len());
            for name in story.names.iter().flatten().chain(&story.tags) {
                assert!(!dossier::model::slug::slugify(name).is_empty(), "name {name:?}");
            }
        }
        Err(diagnostics) => assert_all_point_into(text, &diagnostics),
    }

    match parse_profile(dossier::model::ids::KindId::new(0), file.clone()) {
        Ok(profile) => assert!(!dossier::model::slug::slugify(&profile.name).is_empty()),
        Err(diagnostics) => assert_all_point_into(text, &diagnostics),
    }

    // The same bytes as a site's `dossier.yaml`.
    match Config::parse(Path::new("dossier.yaml"), text) {
        Ok(config) => {
            assert!(config.paginate >= 1);
            assert!(config.base_url.path().starts_with('/'));
            assert!(config.base_url.path().ends_with('/'));
            for kind in &config.kinds {
                assert_eq!(dossier::model::slug::slugify(&kind.key), kind.key);
            }
        }
        Err(diagnostics) => assert_all_point_into(text, &diagnostics),
    }
});

/// A failure must say why, at places within the file.
fn assert_all_point_into(text: &str, diagnostics: &[Diagnostic]) {
    assert!(!diagnostics.is_empty(), "a failure with no diagnostic");
    for d in diagnostics {
        assert_points_into(text, d);
    }
}

/// The diagnostic's line is one of the file's (the one after a final line
/// break included: the end of the file), its column within that line (or
/// just past its end), and it says something.
fn assert_points_into(text: &str, d: &Diagnostic) {
    assert!(!d.message.trim().is_empty(), "no message: {d:?}");
    assert!(!d.path.as_os_str().is_empty(), "no path: {d:?}");
    assert!(d.line >= 1 && d.column >= 1, "no position: {d}");
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        d.line <= lines.len(),
        "line {} of a text of {} lines: {d}",
        d.line,
        lines.len()
    );
    // A line's `\r` counts: the end of a text ending in `\r` is after it.
    let line = lines[d.line - 1];
    assert!(
        d.column <= line.chars().count() + 1,
        "column {} of a line of {} characters: {d}",
        d.column,
        line.chars().count()
    );
}
