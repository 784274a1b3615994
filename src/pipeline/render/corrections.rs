//! The corrections page and its feed: every correction of the dossier,
//! newest first, so that readers can follow what changed.

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use super::feeds::{Feed, FeedEntry};
use super::views::DateView;
use crate::model::ids::{self, StoryId};
use crate::model::url::{CORRECTIONS_PATH, story_path};
use crate::pipeline::parse::Correction;
use crate::pipeline::render::i18n::Language;

/// A correction on a story page: `id` is its anchor there.
#[derive(Serialize)]
pub(super) struct CorrectionView<'a> {
    id: String,
    date: DateView,
    text: &'a str,
}

/// A story's corrections, oldest first, as its page shows them.
pub(super) fn views<'a>(
    corrections: &'a [Correction],
    language: &Language,
) -> Vec<CorrectionView<'a>> {
    corrections
        .iter()
        .enumerate()
        .map(|(n, c)| CorrectionView {
            id: anchor(n),
            date: DateView::new(&c.date, language),
            text: &c.text,
        })
        .collect()
}

/// The anchor of the `n`-th correction (from 0) of a story.
fn anchor(n: usize) -> String {
    format!("correction-{}", n + 1)
}

/// A correction on the corrections page.
#[derive(Serialize)]
struct ListedCorrection<'a> {
    date: DateView,
    text: &'a str,
    /// The correction on its story's page.
    url: String,
    story: Value,
}

impl<'a> Renderer<'a> {
    /// Every correction, newest first (on one day, of the newest story first).
    fn all_corrections(&self) -> Vec<(StoryId, usize, &'a Correction)> {
        let mut all: Vec<_> = ids::enumerate::<StoryId, _>(&self.dossier.stories)
            .flat_map(|(id, story)| {
                story
                    .corrections
                    .iter()
                    .enumerate()
                    .map(move |(n, c)| (id, n, c))
            })
            .collect();
        all.sort_by_key(|&(id, n, c)| std::cmp::Reverse((c.date, id, n)));
        all
    }

    /// The `n`-th correction (from 0) on its story's page, below the base URL.
    pub(super) fn correction_path(&self, id: StoryId, n: usize) -> String {
        let slug = &self.dossier.stories[id].slug;
        [story_path(slug), "#".into(), anchor(n)].concat()
    }

    pub(super) fn corrections(&self, page: &super::Page) -> Context {
        let description = self.language().text("corrections_description", &[]);
        let mut context = self.page_context(page, Some(&description), "corrections");
        let listed: Vec<ListedCorrection> = self
            .all_corrections()
            .into_iter()
            .map(|(id, n, c)| ListedCorrection {
                date: DateView::new(&c.date, self.language()),
                text: &c.text,
                url: self.story_link(id) + "#" + &anchor(n),
                story: self.shared().story(id),
            })
            .collect();
        context.insert("corrections", &listed);
        context
    }

    pub(super) fn corrections_feed(&self) -> Feed<'a> {
        let all = self.all_corrections();
        let shown = &all[..self.config.feed_limit.min(all.len())];
        let updated = match shown.first() {
            Some((_, _, newest)) => newest.date.rfc3339(),
            None => self.latest_change(&[]),
        };
        let words = self.language();
        let title = words.text(
            "corrections_feed_title",
            &[("site", self.config.title.as_str().into())],
        );
        let subtitle = words.text("corrections_description", &[]);
        Feed {
            view: self.feed_view((title, Some(subtitle)), CORRECTIONS_PATH, updated),
            entries: shown
                .iter()
                .map(|&(story, n, correction)| FeedEntry::Correction {
                    story,
                    n,
                    correction,
                })
                .collect(),
            content: crate::model::config::FeedContent::Summary,
        }
    }

    /// A correction's title in feeds: `Correction: <story title>`.
    pub(super) fn correction_title(&self, id: StoryId) -> String {
        let title = self.dossier.stories[id].title.as_str();
        self.language()
            .text("correction_of", &[("title", title.into())])
    }

    /// A correction as a feed entry: the story's item (every field a
    /// template may read of an entry), titled, linked, dated and
    /// summarized as the correction.
    pub(super) fn correction_entry(&self, id: StoryId, n: usize, correction: &Correction) -> Value {
        let story = &self.dossier.stories[id];
        let path = self.correction_path(id, n);
        let (url, permalink) = super::views::story_address(&self.config.base_url, story, &path);
        let date = Value::from_serializable(&DateView::new(&correction.date, self.language()));
        let mut entry = self.shared().story(id).into_map().unwrap_or_default();
        for (field, value) in [
            ("title", Value::from(self.correction_title(id))),
            ("url", Value::from(url)),
            ("permalink", Value::from(permalink)),
            ("date", date.clone()),
            ("updated", date),
            ("summary", Value::from(correction.text.as_str())),
            ("authors", Value::from(Vec::<Value>::new())),
        ] {
            entry.insert(field.into(), value);
        }
        Value::from(entry)
    }
}
