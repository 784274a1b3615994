//! Where things are: the site's base URL, and the URL map (README, "URL map") —
//! the path of every kind of page below it. Every stage that makes a link
//! takes its paths from here.

/// The site's public address. Its path part (`/assange/`) prefixes every
/// link. The pages of another language live below it (`/assange/es/`);
/// the files they share (style sheet, images, scripts) stay at its root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// Where pages are; always ends with `/`.
    url: String,
    /// Starts and ends with `/`.
    path: String,
    /// Where the site's files are: the same as `url` but for the pages of
    /// another language.
    files_url: String,
    files_path: String,
}

/// Whether `reference` is a relative one (`embassy.jpg`, `../map.png`):
/// no scheme, not from the root, no fragment or query alone.
pub fn is_relative_reference(reference: &str) -> bool {
    let first = reference.split(['/', '?', '#']).next().unwrap_or_default();
    !reference.is_empty() && !reference.starts_with(['/', '#', '?']) && !first.contains(':')
}

/// A relative `reference` made in the file at `file` (a path from the
/// site's root, `content/stories/2012/asylum.md`), as a path from the root
/// with `/` separators (`content/stories/2012/embassy.jpg`); `None` when it
/// leads out of `content/`, which is all a build reads beside Markdown.
pub fn resolve_relative(file: &std::path::Path, reference: &str) -> Option<String> {
    let mut parts: Vec<String> = file
        .parent()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let path = reference.split(['?', '#']).next().unwrap_or_default();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name.to_string()),
        }
    }
    (parts.len() > 1 && parts[0] == "content").then(|| parts.join("/"))
}

/// Whether `text` is a whole web address: `http://` or `https://`, a host,
/// and no white space.
pub fn is_web_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !text.contains(char::is_whitespace)
    })
}

impl BaseUrl {
    /// An `http://` or `https://` URL without query or fragment; its path
    /// gets a trailing slash.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` is not an http:// or https:// URL"))?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{text}` has no host name"));
        }
        if path.contains(['?', '#']) {
            return Err(format!("`{text}` must not have a query or fragment"));
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            format!("/{path}/")
        };
        let scheme = &text[..text.len() - rest.len()];
        let url = format!("{scheme}{host}{path}");
        Ok(BaseUrl {
            files_url: url.clone(),
            files_path: path.clone(),
            url,
            path,
        })
    }

    /// The address of the pages in another language: `/assange/es/`, its
    /// files still at `/assange/`.
    pub fn for_language(&self, tag: &str) -> BaseUrl {
        BaseUrl {
            url: format!("{}{tag}/", self.files_url),
            path: format!("{}{tag}/", self.files_path),
            files_url: self.files_url.clone(),
            files_path: self.files_path.clone(),
        }
    }

    /// `/assange/`, where the site's files are.
    pub fn files_path(&self) -> &str {
        &self.files_path
    }

    /// A file of the site (`style.css`, `_img/x.jpg`) as a link.
    pub fn file_link(&self, path: &str) -> String {
        [self.files_path.as_str(), path].concat()
    }

    /// A file of the site as an absolute URL.
    pub fn file_permalink(&self, path: &str) -> String {
        [self.files_url.as_str(), path].concat()
    }

    /// `https://example.org/assange/`
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// `/assange/`
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A site path (`stories/x/`, no leading slash) as a link from any page: `/assange/stories/x/`.
    pub fn link(&self, site_path: &str) -> String {
        // Plain concatenation: pages make dozens of links each, and
        // `format!` costs more.
        [self.path.as_str(), site_path].concat()
    }

    /// A site path as an absolute URL, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, site_path: &str) -> String {
        [self.url.as_str(), site_path].concat()
    }
}

/// `stories/<slug>/`, a story's page.
pub fn story_path(slug: &str) -> String {
    ["stories/", slug, "/"].concat()
}

/// `<slug>/`, a standalone page's.
pub fn page_path(slug: &str) -> String {
    [slug, "/"].concat()
}

/// `documents/<slug>/`, a document's page.
pub fn document_path(slug: &str) -> String {
    ["documents/", slug, "/"].concat()
}

/// `<kind>/`, the A–Z index of a kind.
pub fn kind_path(kind: &str) -> String {
    [kind, "/"].concat()
}

/// `<kind>/<slug>/`, an entity's page, and `page/<n>/` below it after the first.
pub fn entity_path(kind: &str, slug: &str, page: usize) -> String {
    paginated([kind, "/", slug, "/"].concat(), page)
}

/// `tags/<slug>/`, a tag's page, and `page/<n>/` below it after the first.
pub fn tag_path(slug: &str, page: usize) -> String {
    paginated(["tags/", slug, "/"].concat(), page)
}

/// The index of tags.
pub const TAGS_PATH: &str = "tags/";
/// The timeline.
pub const TIMELINE_PATH: &str = "timeline/";
/// The site's Atom feed; entity and tag pages have one of the same name.
pub const FEED_PATH: &str = "atom.xml";
/// The JSON Feed beside each Atom feed.
pub const JSON_FEED_PATH: &str = "feed.json";
/// The corrections page; its Atom feed is below it.
pub const CORRECTIONS_PATH: &str = "corrections/";
/// The index of documents.
pub const DOCUMENTS_PATH: &str = "documents/";
/// The search page.
pub const SEARCH_PATH: &str = "search/";
/// The index the search page reads.
pub const SEARCH_INDEX_PATH: &str = "search-index.json";

/// The `n`-th file of the words of story texts, for search.
pub fn search_words_path(n: usize) -> String {
    format!("{SEARCH_PATH}words-{n}.json")
}

/// The path of page `page` (from 1) of a list whose first page is `first`.
fn paginated(first: String, page: usize) -> String {
    if page <= 1 {
        first
    } else {
        format!("{first}page/{page}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_references_resolve_against_their_file_inside_content() {
        let story = std::path::Path::new("content/stories/2012/asylum.md");
        let resolve = |r: &str| resolve_relative(story, r);
        assert_eq!(
            resolve("embassy.jpg").as_deref(),
            Some("content/stories/2012/embassy.jpg")
        );
        assert_eq!(
            resolve("./img/a.png").as_deref(),
            Some("content/stories/2012/img/a.png")
        );
        assert_eq!(resolve("../../map.png").as_deref(), Some("content/map.png"));
        assert_eq!(resolve("../../../static/x.png"), None, "out of content/");
        assert!(is_relative_reference("embassy.jpg") && is_relative_reference("../a.png"));
        for absolute in [
            "/images/a.png",
            "https://e.org/a.png",
            "data:image/png;base64,x",
            "#top",
            "",
        ] {
            assert!(!is_relative_reference(absolute), "{absolute}");
        }
    }
}
