//! Compiling the theme's and the site's templates once per build, and turning
//! template errors into diagnostics that name the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::digest::{FileDigest, file_digest};
use crate::pipeline::images::{CardFonts, TextStyle};
use crate::pipeline::load::{SourceFile, template_name};
use crate::pipeline::render::i18n::Language;

/// The compiled templates, and where each came from.
pub struct Templates {
    /// The compiled templates, each named by its path below `templates/`
    /// (`story.html`).
    pub tera: Tera,
    paths: BTreeMap<String, PathBuf>,
    /// A digest of the templates in use: when it changes, every page may.
    pub digest: FileDigest,
    /// The language of the interface, which `t()` writes in.
    pub language: Arc<Language>,
    /// Whether a template besides the home page's names the site's story
    /// count: when none does, a new story leaves the pages that do not list
    /// it as they were.
    pub count_beyond_home: bool,
}

/// The home page's template, which shows the story count in the default theme.
const HOME_TEMPLATE: &str = "index.html";

/// Whether a template's code can show `site.story_count`: by its name, or
/// by using `site` otherwise than by a field's name (`site | json_encode`,
/// `m::f(site=site)`, `site[key]`), whose use of it cannot be seen from
/// here. Text outside `{{ }}` and `{% %}` is not code.
fn names_story_count(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let code = &after[1..];
        let end = code.find(close).unwrap_or(code.len());
        if code_shows_count(&code[..end]) {
            return true;
        }
        rest = &code[end..];
    }
    false
}

fn code_shows_count(code: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut start = 0;
    while start < code.len() {
        let end = code[start..]
            .find(|c: char| !is_word(c))
            .map_or(code.len(), |n| start + n);
        if &code[start..end] == "site" {
            let Some(field) = code[end..].trim_start().strip_prefix('.') else {
                return true;
            };
            let field = field.trim_start();
            let name = &field[..field.find(|c: char| !is_word(c)).unwrap_or(field.len())];
            if name == "story_count" {
                return true;
            }
        }
        start = end + code[end..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

impl Templates {
    /// Compiles `files`; a later file replaces an earlier one of the same name,
    /// which is how a site's `templates/` overrides its theme. The
    /// `wrap_lines` filter measures text in `fonts`; `t()` writes in `language`.
    pub fn compile(
        files: &[SourceFile],
        fonts: &CardFonts,
        language: &Arc<Language>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut chosen: BTreeMap<String, &SourceFile> = BTreeMap::new();
        for file in files {
            chosen.insert(template_name(&file.path), file);
        }
        let paths: BTreeMap<String, PathBuf> = chosen
            .iter()
            .map(|(n, f)| (n.clone(), f.path.clone()))
            .collect();
        let mut tera = Tera::new();
        // Markdown output and our own escaping decide what is safe; tera escapes
        // everything else in HTML and XML templates.
        tera.autoescape_on(ESCAPED);
        let fonts = fonts.clone();
        tera.register_filter(
            "wrap_lines",
            move |text: &str, kwargs: Kwargs, _: &State| wrap_lines(&fonts, text, &kwargs),
        );
        language.register(&mut tera);
        // Static strings are written into the templates once, not looked
        // up on every page that shows them.
        let inlined: Vec<(&str, String)> = chosen
            .iter()
            .map(|(name, file)| (name.as_str(), inline_words(name, &file.text, language)))
            .collect();
        let sources = inlined.iter().map(|(name, text)| (*name, text.as_str()));
        let digests: Vec<[u8; 16]> = chosen
            .values()
            .map(|f| f.digest)
            .chain([language.digest])
            .map(u128::to_le_bytes)
            .collect();
        let mut templates = Templates {
            tera,
            paths,
            digest: file_digest(digests.iter().map(|d| &d[..])),
            language: Arc::clone(language),
            count_beyond_home: chosen
                .iter()
                .any(|(name, file)| name != HOME_TEMPLATE && names_story_count(&file.text)),
        };
        if let Err(error) = templates.tera.add_raw_templates(sources) {
            return Err(vec![templates.diagnostic(&error, None, None)]);
        }
        Ok(templates)
    }

    /// A diagnostic for a template error met while compiling, or while
    /// rendering `page` with the template `template`.
    pub fn diagnostic(
        &self,
        error: &tera::Error,
        template: Option<&str>,
        page: Option<&str>,
    ) -> Diagnostic {
        let (name, line, column, message) = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
                report.filename().to_string(),
                report.span().start_line,
                report.span().start_col + 1,
                report.message().to_string(),
            ),
            other => (
                template.unwrap_or_default().to_string(),
                1,
                1,
                other.to_string(),
            ),
        };
        let path = self
            .paths
            .get(&name)
            .cloned()
            .unwrap_or_else(|| Path::new("templates").join(&name));
        let message = match page {
            Some(page) => format!(
                "{message} (while rendering `{page}` with {})",
                template.unwrap_or(&name)
            ),
            None => message,
        };
        Diagnostic::error(Code::TemplateError, &path, line, column, message).with_hint(
            "fix the template; the variables each template receives are listed in the README",
        )
    }
}

/// The extensions of the templates whose output is escaped.
const ESCAPED: [&str; 3] = [".html", ".xml", ".svg"];

/// `source` with each `{{ t(key="…") }}` of a string without parts
/// replaced by its text, escaped as the template's output is. Any other
/// call (with a count or parts, an unknown key, inside `{% raw %}`) is
/// left for `t()` to answer, and its errors, when the page renders.
fn inline_words(name: &str, source: &str, language: &Language) -> String {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    let escaped = ESCAPED.iter().any(|e| name.ends_with(e));
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find(OPEN) {
        let (before, call) = rest.split_at(start);
        out.push_str(before);
        // Nothing is replaced from a raw block on: it would print the call.
        if before.contains("{% raw") || before.contains("{%- raw") {
            out.push_str(call);
            return out;
        }
        let after = &call[OPEN.len()..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let text = after[key_len..]
            .starts_with(CLOSE)
            .then(|| language.plain_text(&after[..key_len]))
            .flatten()
            .filter(|t| !t.contains(['{', '}', '\n']));
        match text {
            Some(text) => {
                if escaped {
                    let mut buffer = Vec::new();
                    // Writing to a Vec cannot fail.
                    let _ = tera::escape_html(text, &mut buffer);
                    out.push_str(&String::from_utf8_lossy(&buffer));
                } else {
                    out.push_str(text);
                }
                rest = &after[key_len + CLOSE.len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `{{ text | wrap_lines(width=1040, size=64, weight=700, lines=3) }}`:
/// the lines `text` takes in a box `width` pixels wide, in the cards'
/// fonts (`family=` one of them; the first by default).
fn wrap_lines(fonts: &CardFonts, text: &str, kwargs: &Kwargs) -> TeraResult<Vec<String>> {
    let style = TextStyle {
        family: kwargs.get::<String>("family")?,
        weight: kwargs.get::<u16>("weight")?.unwrap_or(400),
        size: kwargs.must_get::<f32>("size")?,
    };
    let width = kwargs.must_get::<f32>("width")?;
    let most = kwargs.get::<usize>("lines")?.unwrap_or(usize::MAX);
    fonts.wrap(text, &style, width, most).ok_or_else(|| {
        tera::Error::message(match &style.family {
            Some(family) => format!("wrap_lines: no font of the family `{family}` in fonts/"),
            None => "wrap_lines: there is no font in fonts/".to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::render::i18n::Translations;

    #[test]
    fn static_strings_are_written_in_escaped_and_the_rest_left_to_t() {
        let files = [SourceFile::new(
            "i18n/fr.yaml",
            "tags: \"Mots & <clés>\"\nstories_count: {one: \"{count} article\", other: \"{count} articles\"}\n",
        )];
        let fr = Translations::parse(&files).unwrap().language("fr");
        let source = r#"<h2>{{ t(key="tags") }}</h2>{{ t(key="stories_count", count=2) }}{{ t(key="nope") }}"#;
        assert_eq!(
            inline_words("tag.html", source, &fr),
            r#"<h2>Mots &amp; &lt;clés&gt;</h2>{{ t(key="stories_count", count=2) }}{{ t(key="nope") }}"#
        );
        assert_eq!(
            inline_words("robots.txt", r#"{{ t(key="tags") }}"#, &fr),
            "Mots & <clés>"
        );
        let raw = r#"{% raw %}{{ t(key="tags") }}{% endraw %}"#;
        assert_eq!(inline_words("a.html", raw, &fr), raw);
    }

    #[test]
    fn the_story_count_is_seen_wherever_code_can_reach_it() {
        for shows in [
            "{{ site.story_count }}",
            "{% if site . story_count > 3 %}x{% endif %}",
            "{{ site | json_encode }}",
            "{{ m::footer(site=site) }}",
            "{{ site[key] }}",
            "{{ site }}",
        ] {
            assert!(names_story_count(shows), "{shows}");
        }
        for hides in [
            "<header class=\"site-header\">{{ site.title }}</header>",
            "a website about a site's story_count",
            "{# site.story_count #}{{ site_name }}{{ site.kinds | length }}",
            "{% for k in site.kinds %}{{ k.story_counts }}{% endfor %}",
            "{{ entity.story_count }}{{ site.story_counter }}",
            "{{ t(key=\"café\") }}{{ site.title ~ \"…\" }}",
        ] {
            assert!(!names_story_count(hides), "{hides}");
        }
    }
}
