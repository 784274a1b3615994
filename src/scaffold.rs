//! `dossier init` and `dossier new`: files to start from, never written over
//! existing ones.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::model::config::{CONFIG_FILE, Config};
use crate::model::slug::slugify;

mod deploy;
pub mod install;

use install::InstallSource;

const CONFIG: &str = "title: My Dossier
description: An ongoing affair, story by story
base_url: https://example.org/
language: en
";

const FIRST_STORY: &str = "---
title: The affair begins
date: {date}
summary: The first story of the dossier.
source: Our newsroom
people: [Jane Example]
organizations: []
places: []
tags: [start]
---
Jane Example is the first person this dossier follows. Write each story as a
Markdown file under `content/stories/`, and list who and what it is about in
its front matter.
";

const FIRST_PROFILE: &str = "---
name: Jane Example
aliases: [Example]
description: The first person of the dossier
---
A profile adds a description, aliases and a biography to an entity's page.
";

/// Writes a working site into `dir`, which must be empty or not exist,
/// with recipes that deploy it using dossier from `source`.
pub fn init(dir: &Path, today: Date, source: &InstallSource) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| Error::read(dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::InvalidOption(format!(
            "{} is not empty: dossier init starts a site only in an empty or new folder",
            dir.display()
        )));
    }
    let date = today.to_string();
    let files = [
        (CONFIG_FILE.to_string(), CONFIG.to_string()),
        (
            ".gitignore".to_string(),
            "public/\n.dossier-cache/\n".to_string(),
        ),
        (
            format!("content/stories/{}/the-affair-begins.md", today.year()),
            FIRST_STORY.replace("{date}", &date),
        ),
        (
            "content/people/jane-example.md".to_string(),
            FIRST_PROFILE.to_string(),
        ),
        (
            deploy::WORKFLOW_FILE.to_string(),
            deploy::github_workflow(source),
        ),
        (
            deploy::NETLIFY_FILE.to_string(),
            deploy::netlify_toml(source),
        ),
    ];
    files
        .iter()
        .map(|(path, text)| create(&dir.join(path), text))
        .collect()
}

/// What to tell the user about the deploy recipes `init` wrote into `dir`
/// when they cannot install dossier as written.
pub fn deploy_warning(dir: &Path, source: &InstallSource) -> Option<String> {
    let workflow = dir.join(deploy::WORKFLOW_FILE);
    let netlify = dir.join(deploy::NETLIFY_FILE);
    source.warning(&[&workflow, &netlify])
}

/// Writes `content/stories/<year>/<slug>.md` for a new story with `title`
/// and `date`, an empty list for each configured kind and tags.
pub fn new_story(root: &Path, config: &Config, title: &str, date: Date) -> Result<PathBuf> {
    let slug = slug_of(title)?;
    let mut text = format!("---\ntitle: {}\ndate: {date}\n", yaml_string(title));
    for kind in &config.kinds {
        text.push_str(&format!("{}: []\n", kind.key));
    }
    text.push_str("tags: []\n---\n\n");
    create(
        &root.join(format!("content/stories/{}/{slug}.md", date.year())),
        &text,
    )
}

/// Writes `content/<kind>/<slug>.md`, the profile of an entity called `name`.
pub fn new_entity(root: &Path, config: &Config, kind: &str, name: &str) -> Result<PathBuf> {
    if !config.kinds.iter().any(|k| k.key == kind) {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.key.as_str()).collect();
        return Err(Error::InvalidOption(format!(
            "`{kind}` is not a kind of this site; its kinds are {}",
            known.join(", ")
        )));
    }
    let slug = slug_of(name)?;
    let text = format!(
        "---\nname: {}\naliases: []\ndescription: \n---\n\n",
        yaml_string(name)
    );
    create(&root.join(format!("content/{kind}/{slug}.md")), &text)
}

fn slug_of(name: &str) -> Result<String> {
    match slugify(name) {
        slug if slug.is_empty() => Err(Error::InvalidOption(format!(
            "`{name}` has no letter or digit to name a file after"
        ))),
        slug => Ok(slug),
    }
}

/// A YAML double-quoted string: safe whatever the title holds (`:`, `#`, quotes).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// Creates `path` with `text`; an existing file is an error, never overwritten.
fn create(path: &Path, text: &str) -> Result<PathBuf> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                Error::InvalidOption(format!(
                    "{} already exists; dossier never overwrites a file",
                    path.display()
                ))
            } else {
                Error::write(path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::write(path, e))?;
    Ok(path.to_path_buf())
}
