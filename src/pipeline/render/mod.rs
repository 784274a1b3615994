//! Stage 6: render planned pages with their templates.
//!
//! Each page gets a context with only what it shows; list items come from the
//! views shared by the whole build.

mod alternates;
mod cards;
mod chart;
mod corrections;
mod descriptions;
mod documents;
mod feeds;
mod graph;
pub mod i18n;
mod images;
mod items;
mod json_feed;
mod jsonld;
mod pages;
mod relations;
pub mod search;
mod signature;
mod sources;
mod templates;
mod views;

use tera::{Context, Value};

pub use alternates::{Alternates, LanguageLink};
pub use items::StoryItems;
pub use templates::Templates;
use views::{PageView, Shared, SiteView};

use crate::diagnostic::Diagnostic;
use crate::model::config::Config;
use crate::model::date::Month;
use crate::model::url::{FEED_PATH, JSON_FEED_PATH};
use crate::pipeline::connect::Neighbours;
use crate::pipeline::images::Images;
use crate::pipeline::index::{Dossier, StoryId};
use crate::pipeline::markdown::Bodies;
use crate::pipeline::plan::{FeedFormat, Page, PageKind};
use chart::MonthlyCounts;
use feeds::Lastmods;
use i18n::Language;

/// A file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// The file's content, as written.
    pub bytes: Vec<u8>,
}

/// How a page is made.
enum Made {
    /// By the template named, from its context.
    Template(&'static str, Context),
    /// By code: the search index and JSON feeds, which must be valid JSON
    /// whatever a theme does.
    Code(String),
}

/// How many stories the home page lists, and entities per kind it shows.
const HOME_STORIES: usize = 10;
const HOME_TOP_ENTITIES: usize = 10;

/// Gives every template the `site` variable.
pub fn give_site(templates: &mut Templates, config: &Config, dossier: &Dossier) {
    let mut site = SiteView::new(config, &templates.language, dossier);
    // A theme without the index has no page to link to.
    if !templates.tera.contains_template("documents.html") {
        site.documents_url = None;
    }
    templates.tera.global_context().insert("site", &site);
}

/// Renders pages; built once per build, shared by the threads rendering.
pub struct Renderer<'a> {
    config: &'a Config,
    dossier: &'a Dossier,
    bodies: &'a Bodies,
    neighbours: &'a Neighbours,
    images: &'a Images,
    pages: &'a [Page],
    items: &'a StoryItems,
    /// The list views shared by pages, built when the first page renders:
    /// a rebuild that renders nothing never needs them.
    shared: std::sync::OnceLock<Shared<'a>>,
    /// The dossier's first and last month: every coverage chart spans them.
    months: Option<(Month, Month)>,
    /// Each entity's, tag's and the site's latest change, computed when first needed.
    lastmods: std::sync::OnceLock<Lastmods>,
    /// The search index and its files of text words, made when first needed.
    search: std::sync::OnceLock<search::SearchFiles>,
    /// Digests for page signatures, computed when first needed.
    parts: std::sync::OnceLock<signature::Parts>,
    templates: &'a Templates,
    /// The site's languages and which pages each has, with this one's
    /// place among them; none for a site in one language.
    alternates: Option<(&'a Alternates, usize)>,
}

impl<'a> Renderer<'a> {
    /// The renderer of one of the site's languages: each page links its
    /// other languages.
    pub fn with_alternates(mut self, alternates: Option<(&'a Alternates, usize)>) -> Self {
        self.alternates = alternates;
        self
    }

    /// Prepares a renderer; `templates` must have been given the site with
    /// [`give_site`], and `items` made for them.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: &'a Config,
        dossier: &'a Dossier,
        bodies: &'a Bodies,
        neighbours: &'a Neighbours,
        images: &'a Images,
        pages: &'a [Page],
        templates: &'a Templates,
        items: &'a StoryItems,
    ) -> Self {
        let months = dossier
            .stories
            .first()
            .zip(dossier.stories.last())
            .map(|(first, last)| (Month::from(&first.date), Month::from(&last.date)));
        Renderer {
            parts: std::sync::OnceLock::new(),
            lastmods: std::sync::OnceLock::new(),
            search: std::sync::OnceLock::new(),
            months,
            config,
            dossier,
            bodies,
            neighbours,
            images,
            pages,
            items,
            shared: std::sync::OnceLock::new(),
            templates,
            alternates: None,
        }
    }

    /// Renders one page; a template error becomes a diagnostic naming the
    /// template, its line and the page.
    pub fn render_page(&self, page: &Page) -> Result<OutputFile, Diagnostic> {
        let (template, context) = match self.made(page) {
            Made::Template(template, context) => (template, context),
            Made::Code(text) => {
                return Ok(OutputFile {
                    path: page.output_file(),
                    bytes: text.into_bytes(),
                });
            }
        };
        if let Some(error) = self.shared.get().and_then(Shared::item_error) {
            return Err(error.clone());
        }
        let mut bytes = Vec::with_capacity(8 * 1024);
        self.templates
            .tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| {
                self.templates
                    .diagnostic(&e, Some(template), Some(&self.link(&page.site_path)))
            })?;
        Ok(OutputFile {
            path: page.output_file(),
            bytes,
        })
    }
}

impl<'a> Renderer<'a> {
    pub(super) fn shared(&self) -> &Shared<'a> {
        self.shared.get_or_init(|| {
            Shared::new(
                self.config,
                self.dossier,
                self.bodies,
                self.templates,
                self.items,
            )
        })
    }

    /// How a page is made: by a template, with its context, or by code.
    fn made(&self, page: &Page) -> Made {
        let (template, context) = match page.kind {
            PageKind::Home => ("index.html", self.home(page)),
            PageKind::Story(id) => ("story.html", self.story(page, id)),
            PageKind::KindIndex(kind) => ("kind.html", self.kind_index(page, kind)),
            PageKind::Entity { entity, page: n } => ("entity.html", self.entity(page, entity, n)),
            PageKind::TagsIndex => ("tags.html", self.tags_index(page)),
            PageKind::Tag { tag, page: n } => ("tag.html", self.tag(page, tag, n)),
            PageKind::Timeline => ("timeline.html", self.timeline(page)),
            PageKind::Corrections => ("corrections.html", self.corrections(page)),
            PageKind::Standalone(id) => ("page.html", self.standalone(page, id)),
            PageKind::DocumentsIndex => ("documents.html", self.documents_index(page)),
            PageKind::Document(id) => ("document.html", self.document(page, id)),
            PageKind::Search => ("search.html", self.page_context(page, None, "search")),
            PageKind::SearchIndex => return Made::Code(self.search().index.clone()),
            PageKind::SearchWords(n) => return Made::Code(self.search().shards[n].clone()),
            PageKind::NotFound => ("404.html", self.not_found(page)),
            PageKind::Feed {
                of,
                format: FeedFormat::Atom,
            } => ("atom.xml", self.atom(self.feed_of(of))),
            PageKind::Feed {
                of,
                format: FeedFormat::Json,
            } => return Made::Code(self.json_feed(self.feed_of(of))),
            PageKind::Sitemap { part } => ("sitemap.xml", self.sitemap(part)),
            PageKind::SitemapIndex { parts } => ("sitemap_index.xml", self.sitemap_index(parts)),
            PageKind::Robots => ("robots.txt", self.robots()),
        };
        Made::Template(template, context)
    }

    /// `search-index.json` and its files of text words, which no template
    /// makes; made once for all of them.
    fn search(&self) -> &search::SearchFiles {
        self.search.get_or_init(|| {
            let texts: Vec<&str> = self
                .bodies
                .stories
                .iter()
                .map(|b| b.text.as_str())
                .collect();
            search::search_files(
                self.config,
                self.language(),
                self.dossier,
                (&self.summaries(), &texts),
                self.items,
            )
        })
    }

    /// The language the interface is written in.
    pub(super) fn language(&self) -> &'a Language {
        &self.templates.language
    }

    /// The page at `site_path` in each language it is in.
    pub(super) fn translations(&self, site_path: &str) -> Vec<alternates::Translation<'a>> {
        match self.alternates {
            Some((alternates, current)) => alternates.of(site_path, current),
            None => Vec::new(),
        }
    }

    /// A story's page: in this language, or the original's for a story
    /// without a translation.
    pub(super) fn story_link(&self, id: StoryId) -> String {
        let story = &self.dossier.stories[id];
        let path = crate::model::url::story_path(&story.slug);
        views::story_address(&self.config.base_url, story, &path).0
    }

    pub(super) fn link(&self, site_path: &str) -> String {
        self.config.base_url.link(site_path)
    }

    pub(super) fn permalink(&self, site_path: &str) -> String {
        self.config.base_url.permalink(site_path)
    }

    /// A page's title, as its `<title>`, its heading and its card show it.
    pub(super) fn page_title(&self, page: &Page) -> &'a str {
        let dossier = self.dossier;
        let words = self.language();
        match page.kind {
            PageKind::Home => dossier.home.title.as_deref().unwrap_or(&self.config.title),
            PageKind::Story(id) => &dossier.stories[id].title,
            PageKind::KindIndex(kind) => &self.config.kinds[kind].title,
            PageKind::Entity { entity, .. } => &dossier.entities[entity].name,
            PageKind::TagsIndex => words.plain("tags"),
            PageKind::Tag { tag, .. } => &dossier.tags[tag].name,
            PageKind::Timeline => words.plain("timeline"),
            PageKind::Corrections => words.plain("corrections"),
            PageKind::Standalone(id) => &dossier.pages[id].title,
            PageKind::DocumentsIndex => words.plain("documents"),
            PageKind::Document(id) => &dossier.documents[id].title,
            PageKind::Search => words.plain("search"),
            PageKind::NotFound => words.plain("page_not_found"),
            _ => &self.config.title,
        }
    }

    pub(super) fn page_context(
        &self,
        page: &Page,
        description: Option<&str>,
        kind: &'static str,
    ) -> Context {
        let feed_folder = match page.kind {
            PageKind::Corrections => Some(page.site_path.as_str()),
            PageKind::Entity { .. } | PageKind::Tag { .. } => page.site_path.split("page/").next(),
            _ => None,
        };
        let feed = |name: &str| feed_folder.map(|folder| self.link(&[folder, name].concat()));
        let fallback;
        let description = match description {
            Some(given) if !given.trim().is_empty() => Some(given),
            _ => {
                fallback = self.default_description(page);
                fallback.as_deref()
            }
        };
        let mut context = Context::new();
        context.insert(
            "page",
            &PageView {
                title: self.page_title(page),
                description,
                image: self.social_image(page),
                url: self.link(&page.site_path),
                permalink: self.permalink(&page.site_path),
                kind,
                feed_url: feed(FEED_PATH),
                json_feed_url: feed(JSON_FEED_PATH),
                translations: self.translations(&page.site_path),
            },
        );
        if let Some(data) = self.list_jsonld(page, description) {
            context.insert_value("jsonld", Value::safe_string(&data));
        }
        context
    }

    /// The structured data of the home page (the `WebSite`) and of the
    /// pages that list others (a `CollectionPage` with its breadcrumbs).
    fn list_jsonld(&self, page: &Page, description: Option<&str>) -> Option<String> {
        use crate::model::url::{
            CORRECTIONS_PATH, DOCUMENTS_PATH, SEARCH_PATH, TAGS_PATH, TIMELINE_PATH,
        };
        let words = self.language();
        let site = (self.config.title.as_str(), self.permalink(""));
        let here = (self.page_title(page), self.permalink(&page.site_path));
        let section = |key: &'static str, path: &str| (words.plain(key), self.permalink(path));
        let crumbs = match page.kind {
            PageKind::Home => {
                let search = self.pages.iter().any(|p| p.kind == PageKind::Search);
                let search = search.then(|| self.permalink(SEARCH_PATH));
                return Some(jsonld::website(self.config, description, search.as_deref()));
            }
            PageKind::Tag { .. } => vec![site, section("tags", TAGS_PATH), here.clone()],
            PageKind::TagsIndex => vec![site, section("tags", TAGS_PATH)],
            PageKind::Timeline => vec![site, section("timeline", TIMELINE_PATH)],
            PageKind::DocumentsIndex => vec![site, section("documents", DOCUMENTS_PATH)],
            PageKind::Corrections => vec![site, section("corrections", CORRECTIONS_PATH)],
            PageKind::KindIndex(_) => vec![site, here.clone()],
            _ => return None,
        };
        Some(jsonld::collection_page(
            self.config,
            (here.0, &here.1),
            description,
            &crumbs,
        ))
    }

    /// The coverage chart of `stories` over the dossier's whole range.
    pub(super) fn chart(&self, stories: impl IntoIterator<Item = StoryId>, subject: &str) -> Value {
        let Some((first, last)) = self.months else {
            return Value::from(());
        };
        let months = stories
            .into_iter()
            .map(|s| Month::from(&self.dossier.stories[s].date));
        let counts = MonthlyCounts::count(first, last, months);
        let timeline = self.link(crate::model::url::TIMELINE_PATH);
        let on_timeline = |month: Month| format!("{timeline}#{}", chart::month_anchor(month));
        Value::safe_string(&chart::coverage_chart(
            &counts,
            subject,
            "coverage",
            self.language(),
            &on_timeline,
        ))
    }

    /// Each story's summary: its `summary`, else its first paragraph.
    pub(super) fn summaries(&self) -> Vec<&'a str> {
        StoryId::all(self.dossier.stories.len())
            .map(|id| views::summary(self.dossier, self.bodies, id))
            .collect()
    }

    /// A link made absolute: `/assange/x.jpg` → `https://example.org/assange/x.jpg`.
    pub(super) fn absolute(&self, link: &str) -> String {
        let base = &self.config.base_url;
        match link.strip_prefix(base.files_path()) {
            Some(inside) if link.starts_with('/') => base.file_permalink(inside),
            _ => link.to_string(),
        }
    }

    /// A path starting with `/` is the site's own file; anything else is left as is.
    pub(super) fn asset_link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(inner) if !inner.starts_with('/') => self.config.base_url.file_link(inner),
            _ => path.to_string(),
        }
    }
}
