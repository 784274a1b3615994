//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>): the same feed
//! as `atom.xml`, made by code rather than a template so that it is always
//! valid JSON.

use serde::Serialize;

use super::Renderer;
use super::feeds::{Byline, Feed, FeedEntry};
use super::views::story_address;
use crate::model::config::FeedContent;
use crate::model::url::story_path;

impl<'a> Renderer<'a> {
    /// `feed` as JSON Feed.
    pub(super) fn json_feed(&self, feed: Feed<'a>) -> String {
        let site = Byline::site(self.config);
        let items: Vec<Item> = feed
            .entries
            .iter()
            .map(|&e| self.json_item(e, feed.content))
            .collect();
        let document = Document {
            version: "https://jsonfeed.org/version/1.1",
            title: &feed.view.title,
            home_page_url: &feed.view.url,
            feed_url: &feed.view.json_url,
            description: feed.view.subtitle.as_deref(),
            language: &self.config.language,
            authors: vec![Author::from(&site)],
            items,
        };
        serde_json::to_string(&document).expect("a JSON Feed serializes")
    }

    fn json_item(&self, entry: FeedEntry<'a>, content: FeedContent) -> Item<'a> {
        let authors = self.bylines(entry).iter().map(Author::from).collect();
        match entry {
            FeedEntry::Story(id) => {
                let story = &self.dossier.stories[id];
                let (_, permalink) =
                    story_address(&self.config.base_url, story, &story_path(&story.slug));
                let summary = super::views::summary(self.dossier, self.bodies, id);
                let html = self.entry_content(entry, content);
                Item {
                    id: permalink.clone(),
                    url: permalink,
                    title: story.title.clone(),
                    content_text: html.is_none().then_some(summary),
                    content_html: html,
                    summary: Some(summary).filter(|s| !s.is_empty()),
                    date_published: story.date.rfc3339(),
                    date_modified: story.modified().rfc3339(),
                    authors,
                    tags: self.categories(id).iter().map(|c| c.label).collect(),
                    language: story.language.as_deref(),
                }
            }
            FeedEntry::Correction {
                story,
                n,
                correction,
            } => {
                let s = &self.dossier.stories[story];
                let path = self.correction_path(story, n);
                let (_, permalink) = story_address(&self.config.base_url, s, &path);
                Item {
                    id: permalink.clone(),
                    url: permalink,
                    title: self.correction_title(story),
                    content_html: None,
                    content_text: Some(&correction.text),
                    summary: None,
                    date_published: correction.date.rfc3339(),
                    date_modified: correction.date.rfc3339(),
                    authors,
                    tags: Vec::new(),
                    language: s.language.as_deref(),
                }
            }
        }
    }
}

/// The top-level object of a JSON Feed.
#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    language: &'a str,
    authors: Vec<Author<'a>>,
    items: Vec<Item<'a>>,
}

/// One item: a story or a correction.
#[derive(Serialize)]
struct Item<'a> {
    id: String,
    url: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    date_published: String,
    date_modified: String,
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    /// Set when the story is in another language than the feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

/// An author as JSON Feed has one: a name and an address.
#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> From<&Byline<'a>> for Author<'a> {
    fn from(byline: &Byline<'a>) -> Self {
        Author {
            name: byline.name,
            url: byline.url.clone(),
        }
    }
}
