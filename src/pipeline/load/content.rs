//! What each file of `content/` is: the home page, a story, a profile, a
//! standalone page; and a word about Markdown files that are none of them.

use std::path::Path;

use super::SourceFile;
use super::files::is_ignored_name;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::config::Config;
use crate::model::ids::KindId;

/// The Markdown files of `content/`.
#[derive(Debug, Default, Clone)]
pub struct ContentFiles {
    /// `content/_index.md`, if the site has one.
    pub home: Option<SourceFile>,
    /// Every Markdown file under `content/stories/`, at any depth, by path
    /// (`_index.md` files left out).
    pub stories: Vec<SourceFile>,
    /// Profiles with the index of their kind in `config.kinds`.
    pub profiles: Vec<(KindId, SourceFile)>,
    /// Standalone pages: `content/*.md` (but `_index.md`) and
    /// `content/pages/*.md`, by path.
    pub pages: Vec<SourceFile>,
    /// Documents: `content/documents/*.md`, by path.
    pub documents: Vec<SourceFile>,
}

/// What a file under `content/` is to [`load`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ContentRole {
    Home,
    Story,
    /// A profile of the kind with this index in `config.kinds`.
    Profile(KindId),
    /// A standalone page.
    Page,
    /// A document of `content/documents/`.
    Document,
    /// Not read: not Markdown, hidden, or outside the places load reads.
    None,
}

/// The role of the file at `relative`, or `None` when it is not in
/// `content/` (a change there needs a full load).
pub(super) fn content_role(config: &Config, relative: &Path) -> Option<ContentRole> {
    let names: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.first().map(String::as_str) != Some("content") {
        return None;
    }
    if names.iter().skip(1).any(|name| is_ignored_name(name)) {
        return Some(ContentRole::None);
    }
    let file_name = names.last().map_or("", String::as_str);
    let markdown = file_name.ends_with(".md") && file_name.len() > 3;
    let role = match names.get(1).map(String::as_str) {
        _ if names.len() == 2 && file_name == "_index.md" => ContentRole::Home,
        _ if !markdown || file_name == "_index.md" => ContentRole::None,
        Some("stories") if names.len() > 2 => ContentRole::Story,
        _ if names.len() == 2 => ContentRole::Page,
        Some("pages") if names.len() == 3 => ContentRole::Page,
        Some("documents") if names.len() == 3 => ContentRole::Document,
        Some(kind) if names.len() == 3 => config
            .kinds
            .iter()
            .position(|k| k.key == kind)
            .map_or(ContentRole::None, |k| ContentRole::Profile(KindId::new(k))),
        _ => ContentRole::None,
    };
    Some(role)
}

impl ContentFiles {
    /// Whether some file is below `folder`.
    pub(super) fn has_folder(&self, folder: &Path) -> bool {
        let below = |file: &SourceFile| file.path != folder && file.path.starts_with(folder);
        self.stories.iter().any(below)
            || self.profiles.iter().any(|(_, f)| below(f))
            || self.pages.iter().any(below)
            || self.documents.iter().any(below)
    }

    /// Puts `file` in the place of the one at `path`, keeping the order
    /// [`load`] reads them in; `None` drops it.
    pub(super) fn replace(&mut self, role: ContentRole, path: &Path, file: Option<SourceFile>) {
        match role {
            ContentRole::Home => self.home = file,
            ContentRole::Page => {
                let at = self.pages.binary_search_by(|f| f.path.as_path().cmp(path));
                replace_at(&mut self.pages, at, file);
            }
            ContentRole::Document => {
                let at = self
                    .documents
                    .binary_search_by(|f| f.path.as_path().cmp(path));
                replace_at(&mut self.documents, at, file);
            }
            ContentRole::Story => {
                let at = self
                    .stories
                    .binary_search_by(|f| f.path.as_path().cmp(path));
                replace_at(&mut self.stories, at, file);
            }
            ContentRole::Profile(kind) => {
                let at = self
                    .profiles
                    .binary_search_by(|(k, f)| (*k, f.path.as_path()).cmp(&(kind, path)));
                replace_at(&mut self.profiles, at, file.map(|f| (kind, f)));
            }
            ContentRole::None => {}
        }
    }
}

/// Replaces, inserts or removes at a binary search's answer.
fn replace_at<T>(items: &mut Vec<T>, at: Result<usize, usize>, item: Option<T>) {
    match (at, item) {
        (Ok(i), Some(item)) => items[i] = item,
        (Ok(i), None) => {
            items.remove(i);
        }
        (Err(i), Some(item)) => items.insert(i, item),
        (Err(_), None) => {}
    }
}

/// The warning for a Markdown file of `content/` that is none of the
/// files a site reads, saying where it would be read.
pub(super) fn unread_markdown(config: &Config, relative: &Path) -> Option<Diagnostic> {
    if content_role(config, relative) != Some(ContentRole::None) {
        return None;
    }
    let name = relative.file_name()?.to_string_lossy();
    if !name.ends_with(".md") || name == "_index.md" || is_ignored_name(&name) {
        return None;
    }
    let kinds: Vec<&str> = config.kinds.iter().map(|k| k.key.as_str()).collect();
    let folder = relative
        .components()
        .nth(1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let hint = if kinds.contains(&folder.as_str()) || folder == "pages" || folder == "documents" {
        format!("content/{folder}/ is read one level deep: move the file up into it")
    } else {
        format!(
            "stories go in content/stories/, profiles in content/<kind>/ ({}), pages in content/ or content/pages/, documents in content/documents/; or add `{folder}` to `kinds` in dossier.yaml",
            kinds.join(", ")
        )
    };
    Some(
        Diagnostic::warning(Code::FileNotRead, relative,
            1,
            1,
            "this Markdown file is not read: it is not a story, a profile, a page, a document or the home page",
        )
        .with_hint(hint),
    )
}
