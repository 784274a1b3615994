//! The `raw_html` policy: what HTML written in Markdown may do.
//!
//! Sanitizing runs on a body's HTML as a whole (the `ammonia` crate, an
//! allow-list), and only on bodies that need it: those with raw HTML or a
//! link whose scheme is not a web, mail or phone one. One allow-list drives
//! both the sanitizer and [`Sanitizer::removals`], which tells `dossier
//! check` what sanitizing takes out of each piece of raw HTML.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use crate::model::config::{Config, RawHtml};
use crate::pipeline::parse::cited_id;

/// Elements raw HTML may use: the text-level and structural markup of an
/// article. What Markdown itself produces is among them.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed with everything inside them, not only their tags.
const CLEAN_CONTENT_TAGS: &[&str] = &["script", "style"];

/// Attributes any allowed element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes particular elements may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    (
        "img",
        &[
            "src", "srcset", "sizes", "alt", "width", "height", "loading",
        ],
    ),
    (
        "source",
        &["srcset", "sizes", "media", "type", "width", "height"],
    ),
    ("td", &["colspan", "rowspan", "headers", "style"]),
    (
        "th",
        &["colspan", "rowspan", "headers", "scope", "abbr", "style"],
    ),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("details", &["open"]),
    (
        "iframe",
        &[
            "src",
            "width",
            "height",
            "title",
            "allow",
            "allowfullscreen",
        ],
    ),
];

/// URL schemes a link or image may have; a URL without one is relative.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "srcset"];

/// The only style property kept: table cells' alignment, which Markdown
/// tables write as `style="text-align: …"`.
const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// What an embedded page may do: run its scripts and open links. Not
/// `allow-same-origin`, which with `allow-scripts` lets a page undo its
/// sandbox (and which the Nu checker refuses): an embed runs as a page of
/// no origin, without its cookies or storage.
const IFRAME_SANDBOX: &str =
    "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-presentation";

/// The site's sanitizer, built once per build from its `embed_hosts`.
pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
    embed_hosts: Vec<String>,
}

impl Sanitizer {
    /// The sanitizer of a site: iframes are allowed only when it names
    /// hosts they may come from, and only from those.
    pub fn new(config: &Config) -> Self {
        let mut builder = ammonia::Builder::default();
        let mut tags: HashSet<&'static str> = TAGS.iter().copied().collect();
        let mut attributes: HashMap<&'static str, HashSet<&'static str>> = TAG_ATTRIBUTES
            .iter()
            .map(|(tag, names)| (*tag, names.iter().copied().collect()))
            .collect();
        if config.embed_hosts.is_empty() {
            attributes.remove("iframe");
        } else {
            tags.insert("iframe");
            builder.set_tag_attribute_values(HashMap::from([(
                "iframe",
                HashMap::from([("sandbox", IFRAME_SANDBOX), ("loading", "lazy")]),
            )]));
        }
        let hosts = config.embed_hosts.clone();
        builder
            .tags(tags)
            .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(attributes)
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
            // Links keep the markup Markdown gave them: no `rel` is added.
            .link_rel(None)
            .attribute_filter(move |element, attribute, value| {
                if element == "iframe" && attribute == "src" && !is_embeddable(&hosts, value) {
                    None
                } else {
                    Some(Cow::Borrowed(value))
                }
            });
        Sanitizer {
            builder,
            embed_hosts: config.embed_hosts.clone(),
        }
    }

    /// `html`, with everything the allow-list does not name removed.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }

    /// What sanitizing removes from one piece of raw HTML, each as a phrase
    /// (`` `<script>` and its content ``, `` the `onerror` attribute of `<img>` ``).
    pub fn removals(&self, fragment: &str) -> Vec<String> {
        let mut removed = Vec::new();
        for (name, attributes) in start_tags(fragment) {
            if CLEAN_CONTENT_TAGS.contains(&name.as_str()) {
                removed.push(format!("`<{name}>` and its content"));
                continue;
            }
            let allowed =
                TAGS.contains(&name.as_str()) || (name == "iframe" && !self.embed_hosts.is_empty());
            if !allowed {
                removed.push(format!("`<{name}>`"));
                continue;
            }
            for (attribute, value) in attributes {
                if let Some(what) = self.attribute_removal(&name, &attribute, &value) {
                    removed.push(what);
                }
            }
        }
        removed.dedup();
        removed
    }

    /// Why sanitizing removes one attribute of an allowed element, if it does.
    fn attribute_removal(&self, element: &str, attribute: &str, value: &str) -> Option<String> {
        let listed = GENERIC_ATTRIBUTES.contains(&attribute)
            || TAG_ATTRIBUTES
                .iter()
                .any(|(tag, names)| *tag == element && names.contains(&attribute));
        if !listed {
            return Some(format!("the `{attribute}` attribute of `<{element}>`"));
        }
        if URL_ATTRIBUTES.contains(&attribute) && !is_safe_url(value) {
            let scheme = scheme(value).unwrap_or_default();
            return Some(format!("the `{scheme}:` URL of `<{element}>`"));
        }
        if element == "iframe" && attribute == "src" && !is_embeddable(&self.embed_hosts, value) {
            return Some(format!(
                "the source of `<iframe>` ({value}: its host is not in `embed_hosts`)"
            ));
        }
        None
    }
}

/// Whether a body's events need sanitizing under `policy`: raw HTML that is
/// not escaped, or a link or image whose URL is not safe. With `Escape`,
/// raw HTML becomes text first.
pub fn prepare(events: &mut Vec<Event>, policy: RawHtml) -> bool {
    match policy {
        RawHtml::Allow => false,
        RawHtml::Escape => {
            escape(events);
            has_unsafe_url(events)
        }
        RawHtml::Sanitize => has_raw_html(events) || has_unsafe_url(events),
    }
}

fn has_raw_html(events: &[Event]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

fn has_unsafe_url(events: &[Event]) -> bool {
    events.iter().any(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            loses_its_url(dest_url)
        }
        _ => false,
    })
}

/// Raw HTML as text: a block as a code block, the way it was typed, inline
/// HTML as text where it stands.
fn escape(events: &mut [Event]) {
    for event in events.iter_mut() {
        *event = match std::mem::replace(event, Event::SoftBreak) {
            Event::Start(Tag::HtmlBlock) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::from(""))))
            }
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        };
    }
}

/// A URL's scheme, lower-cased, when it has one (`javascript` of
/// ` JavaScript:alert(1)`). Browsers ignore the white space and control
/// characters around and inside a scheme, so this does too.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') || end == 0 {
        return None;
    }
    Some(cleaned[..end].to_ascii_lowercase())
}

/// Whether a Markdown link or image to `url` loses it when its body is
/// cleaned: an unsafe URL that is not a citation (which becomes a link of
/// dossier's own).
pub fn loses_its_url(url: &str) -> bool {
    !is_safe_url(url) && cited_id(url).is_none()
}

/// Whether a link may lead to `url`: a relative URL, or a web, mail or
/// phone one.
pub fn is_safe_url(url: &str) -> bool {
    scheme(url).is_none_or(|s| URL_SCHEMES.contains(&s.as_str()))
}

/// Whether an iframe may show `url`: an `https://` page of one of `hosts`
/// or of a host under one of them.
fn is_embeddable(hosts: &[String], url: &str) -> bool {
    let Some(rest) = url.trim().strip_prefix("https://") else {
        return false;
    };
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    hosts
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// An element's name and its attributes (name, value), as written.
type StartTag = (String, Vec<(String, String)>);

/// The start tags of an HTML fragment, as a browser's tokenizer reads them.
fn start_tags(fragment: &str) -> Vec<StartTag> {
    struct Tags(RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && tag.kind == TagKind::StartTag
            {
                let attributes = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                self.0.borrow_mut().push((tag.name.to_string(), attributes));
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Tags(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::url::BaseUrl;

    fn config(embed_hosts: &[&str]) -> Config {
        let mut config = Config::parse(
            std::path::Path::new("dossier.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        config.base_url = BaseUrl::parse("https://example.org/").unwrap();
        config.embed_hosts = embed_hosts.iter().map(|h| h.to_string()).collect();
        config
    }

    #[test]
    fn harmless_markup_stays_and_scripts_go() {
        let sanitizer = Sanitizer::new(&config(&[]));
        let kept = "<figure><img src=\"/a.jpg\" alt=\"A\"><figcaption>A <sup>1</sup></figcaption></figure>";
        assert_eq!(sanitizer.clean(kept), kept);
        let table = "<table><tr><td style=\"text-align: center\">x</td></tr></table>";
        let cleaned = sanitizer.clean(table);
        assert!(
            cleaned.contains("text-align") && cleaned.contains("center"),
            "{cleaned}"
        );
        for (hostile, gone) in [
            ("<script>alert(1)</script>", "alert"),
            ("<img src=x onerror=alert(1)>", "onerror"),
            ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
            ("<a href=\" JaVa\tScript:alert(1)\">x</a>", "cript:"),
            ("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "data:"),
            ("<style>body{display:none}</style>", "display"),
            ("<form action=/x><input name=q></form>", "<form"),
            ("<iframe src=\"https://evil.example/\"></iframe>", "iframe"),
            ("<p style=\"position:fixed\">x</p>", "position"),
        ] {
            let cleaned = sanitizer.clean(hostile);
            assert!(!cleaned.contains(gone), "{hostile} → {cleaned}");
        }
    }

    #[test]
    fn iframes_only_from_the_embed_hosts_and_sandboxed() {
        let sanitizer = Sanitizer::new(&config(&["www.documentcloud.org"]));
        let embed =
            sanitizer.clean("<iframe src=\"https://www.documentcloud.org/documents/1/\"></iframe>");
        assert!(embed.contains("src=\"https://www.documentcloud.org/documents/1/\""));
        assert!(embed.contains("sandbox=\"allow-scripts"), "{embed}");
        assert!(embed.contains("loading=\"lazy\""), "{embed}");
        let other = sanitizer.clean("<iframe src=\"https://evil.example/\"></iframe>");
        assert!(!other.contains("evil"), "{other}");
        let plain = sanitizer.clean("<iframe src=\"http://www.documentcloud.org/\"></iframe>");
        assert!(!plain.contains("src="), "https only: {plain}");
    }

    #[test]
    fn removals_name_what_goes() {
        let sanitizer = Sanitizer::new(&config(&[]));
        assert_eq!(
            sanitizer.removals("<img src=x onerror=alert(1)>"),
            ["the `onerror` attribute of `<img>`"]
        );
        assert_eq!(
            sanitizer.removals("<script>x</script>"),
            ["`<script>` and its content"]
        );
        assert_eq!(
            sanitizer.removals("<a href=\"javascript:void(0)\">"),
            ["the `javascript:` URL of `<a>`"]
        );
        assert_eq!(
            sanitizer.removals("<iframe src=\"https://x.example/\">"),
            ["`<iframe>`"]
        );
        assert!(sanitizer.removals("<sup class=\"note\">").is_empty());
        assert!(sanitizer.removals("</div>").is_empty());
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert!(is_safe_url("/people/x/"));
        assert!(is_safe_url("#top"));
        assert!(is_safe_url("https://example.org/a:b"));
        assert!(is_safe_url("mailto:desk@example.org"));
        assert!(is_safe_url("a/b:c"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JAVASCRIPT:alert(1)"));
        assert!(!is_safe_url("java\nscript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("vbscript:x"));
    }
}
