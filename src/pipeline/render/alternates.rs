//! The languages a page is in: every page links its translations
//! (`<link rel="alternate" hreflang>` both ways, and a visible switch).

use std::collections::HashMap;

use serde::Serialize;

use crate::model::url::BaseUrl;

/// One language of the site, as its pages link it.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    /// `es`
    pub tag: String,
    /// Its name in itself: `Español`.
    pub name: String,
    /// Its locale as Open Graph writes it: `es_ES`.
    pub og_locale: String,
    /// Where its pages are.
    pub base: BaseUrl,
}

/// Which languages have a page at each site path: the first language is
/// the default one.
#[derive(Debug, Default)]
pub struct Alternates {
    languages: Vec<LanguageLink>,
    /// Site path → one bit per language of `languages`.
    pages: HashMap<String, u64>,
}

/// A page in one of its languages, for templates.
#[derive(Serialize, Hash)]
pub(crate) struct Translation<'a> {
    /// `es`, for `hreflang` and `lang`.
    language: &'a str,
    /// `Español`
    name: &'a str,
    /// `es_ES`
    og_locale: &'a str,
    url: String,
    permalink: String,
    /// Whether it is the page being rendered.
    current: bool,
}

impl Alternates {
    /// The alternates of the site's languages, each given with the site
    /// paths of its pages; at most 64 languages.
    pub fn new<'p>(languages: Vec<(LanguageLink, Box<dyn Iterator<Item = &'p str> + 'p>)>) -> Self {
        let mut pages: HashMap<String, u64> = HashMap::new();
        let mut links = Vec::new();
        for (i, (link, paths)) in languages.into_iter().enumerate().take(64) {
            for path in paths {
                *pages.entry(path.to_string()).or_default() |= 1 << i;
            }
            links.push(link);
        }
        Alternates {
            languages: links,
            pages,
        }
    }

    /// The languages of the page at `site_path`, `current` being the one
    /// rendered; empty when it is in one language only.
    pub(crate) fn of(&self, site_path: &str, current: usize) -> Vec<Translation<'_>> {
        let bits = self.pages.get(site_path).copied().unwrap_or(0);
        if bits.count_ones() < 2 {
            return Vec::new();
        }
        self.languages
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(i, l)| Translation {
                language: &l.tag,
                name: &l.name,
                og_locale: &l.og_locale,
                url: l.base.link(site_path),
                permalink: l.base.permalink(site_path),
                current: i == current,
            })
            .collect()
    }
}
