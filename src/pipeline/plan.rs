//! Stage 5: decide which pages the site has and where each one goes.
//!
//! A page is a site path (relative to the base URL) and what it shows; the
//! paths come from [`crate::model::url`].

use crate::model::ids;
use crate::model::url::{
    CORRECTIONS_PATH, DOCUMENTS_PATH, FEED_PATH, JSON_FEED_PATH, SEARCH_INDEX_PATH, SEARCH_PATH,
    TAGS_PATH, TIMELINE_PATH, document_path, entity_path, kind_path, page_path, search_words_path,
    story_path, tag_path,
};
use crate::pipeline::index::{DocumentId, Dossier, EntityId, KindId, PageId, StoryId, TagId};

/// The sitemaps.org limit of URLs in one sitemap file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// What a page shows, which decides its template and context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The home page: the latest stories and the most covered entities.
    Home,
    /// A story's page.
    Story(StoryId),
    /// A kind's A–Z index of its entities.
    KindIndex(KindId),
    /// One page of an entity's stories; the first also has its profile.
    Entity {
        /// The entity the page is about.
        entity: EntityId,
        /// Which page of the entity's stories, from 1.
        page: usize,
    },
    /// The index of every tag.
    TagsIndex,
    /// One page of a tag's stories.
    Tag {
        /// The tag whose stories the page lists.
        tag: TagId,
        /// Which page of the tag's stories, from 1.
        page: usize,
    },
    /// Every story, by year and month.
    Timeline,
    /// A standalone page (`content/about.md` at `/about/`).
    Standalone(PageId),
    /// Every document, newest first, to be filtered by type.
    DocumentsIndex,
    /// A document's page: what it is, its notes, and the stories citing it.
    Document(DocumentId),
    /// Every correction of the dossier, newest first.
    Corrections,
    /// The search page; its script reads [`PageKind::SearchIndex`].
    Search,
    /// `search-index.json`, built by [`crate::pipeline::render::search`] without a template.
    SearchIndex,
    /// `search/words-<n>.json`: the `n`-th file (from 0) of the words of
    /// story texts, which the script loads when a search needs it.
    SearchWords(usize),
    /// `404.html`, which static hosts (and `dossier serve`) answer for a
    /// page that does not exist.
    NotFound,
    /// A feed: the newest entries of what it follows, in one format.
    Feed {
        /// What the feed follows.
        of: FeedOf,
        /// Atom or JSON Feed.
        format: FeedFormat,
    },
    /// One sitemap file; `part` counts from 1 when the site needs several.
    Sitemap {
        /// Which of the sitemap files, from 1; `None` when one lists the
        /// whole site.
        part: Option<usize>,
    },
    /// `sitemap.xml` as an index of the sitemap files, for a site with more
    /// than [`SITEMAP_LIMIT`] pages to list.
    SitemapIndex {
        /// How many sitemap files it lists.
        parts: usize,
    },
    /// `robots.txt`, which points crawlers at the sitemap.
    Robots,
}

/// What a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedOf {
    /// The site's newest stories.
    Site,
    /// The newest stories about or mentioning an entity.
    Entity(EntityId),
    /// A tag's newest stories.
    Tag(TagId),
    /// The newest corrections.
    Corrections,
}

/// The formats every feed is written in, side by side: Atom for the feed
/// readers that have always read it, JSON Feed for those that prefer JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// `atom.xml`, RFC 4287.
    Atom,
    /// `feed.json`, JSON Feed 1.1.
    Json,
}

impl FeedFormat {
    /// Both formats, in the order their files are planned.
    pub const ALL: [FeedFormat; 2] = [FeedFormat::Atom, FeedFormat::Json];

    /// The feed's file name, in the folder of the page it follows.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => FEED_PATH,
            FeedFormat::Json => JSON_FEED_PATH,
        }
    }
}

/// A page of the site: where it goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path below the base URL: `stories/x/`, `atom.xml`, `` for the home page.
    pub site_path: String,
    /// What the page shows.
    pub kind: PageKind,
}

impl Page {
    fn new(site_path: String, kind: PageKind) -> Self {
        Page { site_path, kind }
    }

    /// The file to write, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.site_path.is_empty() || self.site_path.ends_with('/') {
            format!("{}index.html", self.site_path)
        } else {
            self.site_path.clone()
        }
    }

    /// Whether the page belongs in the sitemap.
    pub fn is_listed(&self) -> bool {
        self.site_path.is_empty() || self.site_path.ends_with('/')
    }
}

/// Stories per file of text words: a site of 10,000 stories has 50, of
/// which a search loads the one or two its words are in.
const STORIES_PER_SHARD: usize = 200;

/// The most files of text words a site has.
const MAX_SHARDS: usize = 64;

/// How many files of text words the search of a site of `stories` stories
/// has.
pub fn search_shard_count(stories: usize) -> usize {
    stories.div_ceil(STORIES_PER_SHARD).clamp(1, MAX_SHARDS)
}

/// The number of pages a list of `count` stories takes (at least one).
pub fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page).max(1)
}

/// Every page of the site, in a stable order, leaving out the pages whose
/// template the theme does not have: a theme made before search,
/// corrections, pages or documents builds none of them.
pub fn plan(
    dossier: &Dossier,
    kinds: &[String],
    per_page: usize,
    has_template: &dyn Fn(&str) -> bool,
) -> Vec<Page> {
    let mut pages = every_page(dossier, kinds, per_page);
    pages.retain(|page| page.kind.optional_template().is_none_or(has_template));
    add_sitemaps(&mut pages);
    pages
}

impl PageKind {
    /// The template the page needs that a theme may lack, if any.
    fn optional_template(self) -> Option<&'static str> {
        match self {
            PageKind::Search | PageKind::SearchIndex | PageKind::SearchWords(_) => {
                Some("search.html")
            }
            PageKind::Corrections
            | PageKind::Feed {
                of: FeedOf::Corrections,
                ..
            } => Some("corrections.html"),
            PageKind::Standalone(_) => Some("page.html"),
            PageKind::DocumentsIndex => Some("documents.html"),
            PageKind::Document(_) => Some("document.html"),
            _ => None,
        }
    }
}

fn every_page(dossier: &Dossier, kinds: &[String], per_page: usize) -> Vec<Page> {
    let mut pages = vec![Page::new(String::new(), PageKind::Home)];
    // A story in another language has its page in that language.
    for (id, story) in ids::enumerate(&dossier.stories).filter(|(_, s)| s.language.is_none()) {
        pages.push(Page::new(story_path(&story.slug), PageKind::Story(id)));
    }
    for (kind, key) in ids::enumerate(kinds) {
        pages.push(Page::new(kind_path(key), PageKind::KindIndex(kind)));
    }
    for (id, entity) in ids::enumerate(&dossier.entities) {
        let key = &kinds[entity.kind];
        for page in 1..=page_count(entity.stories.len(), per_page) {
            pages.push(Page::new(
                entity_path(key, &entity.slug, page),
                PageKind::Entity { entity: id, page },
            ));
        }
        add_feeds(
            &mut pages,
            &format!("{key}/{}/", entity.slug),
            FeedOf::Entity(id),
        );
    }
    pages.push(Page::new(TAGS_PATH.into(), PageKind::TagsIndex));
    for (id, tag) in ids::enumerate(&dossier.tags) {
        for page in 1..=page_count(tag.stories.len(), per_page) {
            pages.push(Page::new(
                tag_path(&tag.slug, page),
                PageKind::Tag { tag: id, page },
            ));
        }
        add_feeds(&mut pages, &format!("tags/{}/", tag.slug), FeedOf::Tag(id));
    }
    pages.push(Page::new(TIMELINE_PATH.into(), PageKind::Timeline));
    for (id, page) in ids::enumerate(&dossier.pages) {
        pages.push(Page::new(page_path(&page.slug), PageKind::Standalone(id)));
    }
    if !dossier.documents.is_empty() {
        pages.push(Page::new(DOCUMENTS_PATH.into(), PageKind::DocumentsIndex));
    }
    for (id, document) in ids::enumerate(&dossier.documents) {
        pages.push(Page::new(
            document_path(&document.slug),
            PageKind::Document(id),
        ));
    }
    pages.push(Page::new(CORRECTIONS_PATH.into(), PageKind::Corrections));
    add_feeds(&mut pages, CORRECTIONS_PATH, FeedOf::Corrections);
    pages.push(Page::new(SEARCH_PATH.into(), PageKind::Search));
    pages.push(Page::new(SEARCH_INDEX_PATH.into(), PageKind::SearchIndex));
    for n in 0..search_shard_count(dossier.stories.len()) {
        pages.push(Page::new(search_words_path(n), PageKind::SearchWords(n)));
    }
    add_feeds(&mut pages, "", FeedOf::Site);
    pages.push(Page::new("404.html".into(), PageKind::NotFound));
    pages.push(Page::new("robots.txt".into(), PageKind::Robots));
    pages
}

/// The feeds of what the page at `folder` shows, one per format.
fn add_feeds(pages: &mut Vec<Page>, folder: &str, of: FeedOf) {
    for format in FeedFormat::ALL {
        pages.push(Page::new(
            format!("{folder}{}", format.file_name()),
            PageKind::Feed { of, format },
        ));
    }
}

fn add_sitemaps(pages: &mut Vec<Page>) {
    let listed = pages.iter().filter(|p| p.is_listed()).count();
    if listed <= SITEMAP_LIMIT {
        pages.push(Page::new(
            "sitemap.xml".into(),
            PageKind::Sitemap { part: None },
        ));
        return;
    }
    let parts = listed.div_ceil(SITEMAP_LIMIT);
    for part in 1..=parts {
        pages.push(Page::new(
            format!("sitemap-{part}.xml"),
            PageKind::Sitemap { part: Some(part) },
        ));
    }
    pages.push(Page::new(
        "sitemap.xml".into(),
        PageKind::SitemapIndex { parts },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_paths() {
        assert_eq!(
            entity_path("people", "julian-assange", 1),
            "people/julian-assange/"
        );
        assert_eq!(
            entity_path("people", "julian-assange", 3),
            "people/julian-assange/page/3/"
        );
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(101, 50), 3);
    }

    #[test]
    fn above_fifty_thousand_urls_the_sitemap_is_an_index() {
        let listed = |n: usize| -> Vec<Page> {
            (0..n)
                .map(|i| {
                    Page::new(
                        story_path(&format!("s{i}")),
                        PageKind::Story(StoryId::new(i)),
                    )
                })
                .collect()
        };
        let mut pages = listed(SITEMAP_LIMIT);
        add_sitemaps(&mut pages);
        assert_eq!(pages.last().unwrap().kind, PageKind::Sitemap { part: None });
        let mut pages = listed(SITEMAP_LIMIT + 1);
        add_sitemaps(&mut pages);
        let tail: Vec<(&str, PageKind)> = pages[SITEMAP_LIMIT + 1..]
            .iter()
            .map(|p| (p.site_path.as_str(), p.kind))
            .collect();
        assert_eq!(
            tail,
            vec![
                ("sitemap-1.xml", PageKind::Sitemap { part: Some(1) }),
                ("sitemap-2.xml", PageKind::Sitemap { part: Some(2) }),
                ("sitemap.xml", PageKind::SitemapIndex { parts: 2 }),
            ]
        );
    }

    #[test]
    fn output_files() {
        let page = Page::new(String::new(), PageKind::Home);
        assert_eq!(page.output_file(), "index.html");
        let feed = Page::new(
            "atom.xml".into(),
            PageKind::Feed {
                of: FeedOf::Site,
                format: FeedFormat::Atom,
            },
        );
        assert_eq!(feed.output_file(), "atom.xml");
        assert!(!feed.is_listed());
    }
}
