//! Runs the stages in order: load → parse → index → images → markdown → connect → plan → render → write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::config::Config;
use crate::model::config::LanguageSettings;
use crate::model::digest::IndexInputs;
use crate::model::digest::digest64;
use crate::model::digest::{FileDigest, file_digest};
use crate::model::url::{self, BaseUrl};
use crate::pipeline::connect::Neighbours;
use crate::pipeline::images::{self, CachedCards, CardFonts, CardText, Cards, ImageCache, Images};
use crate::pipeline::index::Dossier;
use crate::pipeline::load::{Sources, StaticFile};
use crate::pipeline::markdown::Bodies;
use crate::pipeline::markdown::{BodyCache, Carry, EntityNames, RootPaths};
use crate::pipeline::parse::Parsed;
use crate::pipeline::plan::{Page, PageKind};
use crate::pipeline::render::i18n::{Language, Translations};
use crate::pipeline::render::{
    Alternates, LanguageLink, OutputFile, Renderer, StoryItems, Templates,
};
use crate::pipeline::write::{OutputDir, OutputLock, Staged};
use crate::pipeline::{connect, index, load, markdown, parse, plan, render, write};
use std::sync::Arc;

mod cache;
mod report;

pub use cache::Cache;
pub use report::{BuildReport, Progress, StageTimings};

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `dossier.yaml`).
    pub root: PathBuf,
    /// Where to write; `public/` under the root when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `dossier.yaml` (for previews and sub-path hosting).
    pub base_url: Option<String>,
    /// Include stories marked `draft: true`.
    pub drafts: bool,
}

impl BuildOptions {
    /// Options to build the site in `root` with the defaults: output in
    /// `public/` under it, `dossier.yaml`'s base URL, no drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..BuildOptions::default()
        }
    }

    /// The folder the build writes to: `output`, else `public/` under the root.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site read, resolved and planned: everything but the rendered pages.
pub struct Prepared {
    /// The site's settings, with the command line's base URL applied.
    pub config: Config,
    /// The stories, profiles, entities and tags, resolved and indexed, with
    /// each story's mentions added.
    pub dossier: Dossier,
    /// The [`index::inputs_digest`] of `dossier`, when a cache keeps it.
    pub index_inputs: Option<IndexInputs>,
    /// Every story, profile and home body as HTML, with the mentions found.
    pub bodies: Bodies,
    /// Each entity's connections and each story's related stories.
    pub neighbours: Neighbours,
    /// The images pages show, processed.
    pub images: Images,
    /// Every page of the site, in the order [`plan::plan`] gives.
    pub pages: Vec<Page>,
    /// The theme's and the site's templates, compiled, with the `site`
    /// variable given to all of them.
    pub templates: Templates,
    /// Every story as lists show it, for these templates.
    pub items: StoryItems,
    /// Static files to copy, the site's over the theme's.
    pub static_files: Vec<StaticFile>,
    /// What preparing found worth a warning: static files that a page of
    /// the same path replaces.
    pub warnings: Vec<Diagnostic>,
    /// The time of each stage so far; `render` and `write` are still zero.
    pub timings: StageTimings,
    /// Where its pages go in the output: empty for the default language,
    /// `es/` for Spanish.
    pub prefix: String,
    /// The site in each of its other languages, pages only: the files they
    /// share are the default language's.
    pub editions: Vec<Prepared>,
    /// Which language has which page, and this one's place among them.
    pub alternates: Option<(Arc<Alternates>, usize)>,
    /// In another language, what of the site only the default language has
    /// (see [`markdown::Site::root_paths`]); empty in the default language.
    pub root_paths: RootPaths,
}

impl Prepared {
    /// Where `page`, one of its pages, goes in the output: below the
    /// language's folder.
    fn output_file(&self, page: &Page) -> String {
        if self.prefix.is_empty() {
            page.output_file()
        } else {
            [self.prefix.as_str(), &page.output_file()].concat()
        }
    }

    /// A renderer of the site's pages.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.config,
            &self.dossier,
            &self.bodies,
            &self.neighbours,
            &self.images,
            &self.pages,
            &self.templates,
            &self.items,
        )
        .with_alternates(self.alternates.as_ref().map(|(a, i)| (&**a, *i)))
    }
}

/// Builds the site and writes it. On any error nothing in the output changes.
/// When the output already holds the build of exactly these inputs, nothing
/// is rendered or written.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_with(options, None, &())
}

/// [`build`], reusing and updating `cache` when given (see [`Cache`]), and
/// telling `progress` how it goes.
pub fn build_with(
    options: &BuildOptions,
    cache: Option<&mut Cache>,
    progress: &dyn Progress,
) -> Result<BuildReport> {
    let output = options.output_dir();
    let started = Instant::now();
    progress.start();
    progress.stage("load", 0);
    let mut cache = cache;
    let loaded = match cache.as_deref_mut() {
        Some(cache) => cache.load(&options.root),
        None => load::load(&options.root),
    };
    let mut sources = checked_sources(options, loaded?, Some(&output))?;
    // Said by every build, where it is published; `check` looks at the content.
    let config_path = Path::new(crate::model::config::CONFIG_FILE);
    let given = options.base_url.as_ref().map(|_| "--base-url");
    let robots = sources
        .config
        .robots_warning(config_path, &sources.config_text, given);
    sources.warnings.extend(robots);
    let fingerprint = sources.fingerprint(&format!(
        "drafts={} base_url={:?}",
        options.drafts, options.base_url
    ));
    // Held from before the output is looked at until it is complete, so
    // that two builds into one folder take turns instead of mixing files.
    let lock = OutputLock::acquire(&output, || progress.waiting(&output))?;
    let base_path = sources.config.base_url.path().to_string();
    if let Some(files) = write::up_to_date(&output, &fingerprint) {
        return Ok(BuildReport {
            up_to_date: true,
            base_path,
            unchanged: files,
            // What reading left out (a link) is said again: the output is
            // the same, but a file added as a link is still missing from it.
            warnings: sources.warnings,
            timings: StageTimings {
                load: started.elapsed(),
                ..StageTimings::default()
            },
            ..BuildReport::default()
        });
    }
    let mut site = prepare_sources(
        options,
        sources,
        started.elapsed(),
        cache.as_deref_mut(),
        Texts::ForgetOnceConverted,
        progress,
    )?;
    let started = Instant::now();
    let planned = || {
        site.pages
            .iter()
            .map(Page::output_file)
            .chain(site.static_files.iter().map(|f| f.output_path.clone()))
            .chain(
                site.editions
                    .iter()
                    .flat_map(|e| e.pages.iter().map(|p| e.output_file(p))),
            )
            .collect()
    };
    let paths = digest64((
        site.pages.iter().map(|p| &p.site_path).collect::<Vec<_>>(),
        site.static_files
            .iter()
            .map(|f| &f.output_path)
            .collect::<Vec<_>>(),
        site.editions
            .iter()
            .map(|e| {
                (
                    &e.prefix,
                    e.pages.iter().map(|p| &p.site_path).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>(),
    ));
    let last = cache
        .as_deref_mut()
        .and_then(|c| c.output.take())
        .and_then(|(folder, last)| (folder == output).then_some(last));
    let dir = OutputDir::open_planned(lock, Some(paths), planned, last)?;
    let all_pages = site.pages.len() + site.editions.iter().map(|e| e.pages.len()).sum::<usize>();
    progress.stage("render", all_pages + site.static_files.len());
    let staged = match render_and_stage(&site, &dir, progress) {
        Ok(_) if progress.cancelled() => Err(Error::Interrupted),
        other => other,
    };
    let staged = match staged {
        Ok(staged) => staged,
        Err(error) => {
            dir.abort();
            return Err(error);
        }
    };
    site.timings.render = started.elapsed();
    // Pages come first, every language's, then the static files.
    let rendered = staged[..all_pages].iter().filter(|s| !s.reused).count();
    let started = Instant::now();
    progress.stage("write", 0);
    let (report, last) = dir.commit(staged, &fingerprint)?;
    if let Some(cache) = cache.as_deref_mut() {
        cache.output = Some((output.clone(), last));
    }
    site.timings.write = started.elapsed();
    let report = BuildReport {
        up_to_date: false,
        base_path,
        stories: site.dossier.stories.len(),
        entities: site.dossier.entities.len(),
        pages: all_pages,
        rendered,
        written: report.written,
        unchanged: report.unchanged,
        removed: report.removed,
        images_decoded: site.images.decoded,
        cards_drawn: site.images.cards_drawn,
        warnings: std::mem::take(&mut site.warnings),
        timings: site.timings,
    };
    if let Some(cache) = cache {
        // Kept only from a build that succeeded: an item whose markup
        // failed is made again, and fails again, rather than kept without it.
        cache.items = Some(std::mem::take(&mut site.items));
        if let Some(inputs) = site.index_inputs {
            cache.dossier = Some((inputs, std::mem::take(&mut site.dossier)));
        }
    }
    // Freeing a whole site's structures takes time that nobody needs to
    // wait for once its files are written.
    std::thread::spawn(move || drop(site));
    Ok(report)
}

/// Runs every stage up to rendering. `output`, when given, is checked to be
/// a safe place to write later.
pub fn prepare(options: &BuildOptions, output: Option<&Path>) -> Result<Prepared> {
    let started = Instant::now();
    let sources = checked_sources(options, load::load(&options.root)?, output)?;
    prepare_sources(options, sources, started.elapsed(), None, Texts::Keep, &())
}

/// The sources with the command line's base URL applied, once the output
/// folder is checked.
fn checked_sources(
    options: &BuildOptions,
    mut sources: Sources,
    output: Option<&Path>,
) -> Result<Sources> {
    if let Some(url) = &options.base_url {
        sources.config.base_url = BaseUrl::parse(url).map_err(Error::InvalidOption)?;
    }
    if let Some(output) = output {
        write::check_output_location(&options.root, output, &sources.config.theme)?;
    }
    Ok(sources)
}

/// Whether the stories' Markdown is needed once it is HTML: `dossier check`
/// reads it again; a one-off build does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Keep,
    ForgetOnceConverted,
}

/// The stages after loading, up to rendering.
fn prepare_sources(
    options: &BuildOptions,
    sources: Sources,
    load_time: Duration,
    cache: Option<&mut Cache>,
    texts: Texts,
    progress: &dyn Progress,
) -> Result<Prepared> {
    let mut no_cache = Cache::default();
    let caching = cache.is_some();
    let cache = cache.unwrap_or(&mut no_cache);
    if sources.config.social_cards {
        cache
            .cached_cards
            .list_in_background(&options.root.join(images::CACHE_FOLDER));
    }
    let mut timings = StageTimings {
        load: load_time,
        ..StageTimings::default()
    };
    let clock = Instant::now();
    progress.stage("parse", 0);
    let translations = Translations::parse(&sources.translations).map_err(content)?;
    let language = translations.language(&sources.config.language);
    let mut config = sources.config;
    config.localize_kinds(|key| language.text(key, &[]));
    cache.check_config(&config);
    let parsed =
        parse::parse(&config, sources.content, options.drafts, &cache.stories).map_err(content)?;
    let statics = &sources.static_files;
    let missing_files = parse::check_files(&parsed.documents, |path| {
        statics.iter().any(|f| f.output_path == path)
    });
    if !missing_files.is_empty() {
        return Err(content(missing_files));
    }
    timings.parse = clock.elapsed();
    let editions: Vec<(LanguageSettings, Parsed, RootPaths)> = {
        let mut editions = Vec::new();
        let mut diagnostics = Vec::new();
        for settings in &config.languages {
            match parsed.in_language(&settings.tag, &config.language, config.untranslated) {
                Ok(edition) => {
                    let root_paths = root_paths(&parsed, &edition, &sources.static_files);
                    editions.push((settings.clone(), edition, root_paths));
                }
                Err(mut d) => diagnostics.append(&mut d),
            }
        }
        if !diagnostics.is_empty() {
            return Err(content(diagnostics));
        }
        editions
    };
    let fonts = CardFonts::load(&sources.fonts).map_err(content)?;
    let inputs = SiteInputs {
        static_files: &sources.static_files,
        content_images: &sources.content_images,
        templates: &sources.templates,
        fonts: &fonts,
        warnings: &sources.warnings,
        root_paths: None,
    };
    let mut site = prepare_parsed(
        options,
        (config.clone(), &language, parsed),
        &inputs,
        (cache, caching),
        texts,
        progress,
        timings,
    )?;
    let mut known: HashSet<String> = site
        .static_files
        .iter()
        .map(|f| f.output_path.clone())
        .collect();
    for (settings, parsed, root_paths) in editions {
        let language = translations.language(&settings.tag);
        let edition_config = config.for_language(&settings, |key| language.text(key, &[]));
        // Every language's cards are in the one cache folder, listed once.
        let mut no_cache = Cache {
            cached_cards: std::mem::take(&mut cache.cached_cards),
            ..Cache::default()
        };
        let inputs = SiteInputs {
            root_paths: Some(&root_paths),
            ..inputs
        };
        let mut edition = prepare_parsed(
            options,
            (edition_config, &language, parsed),
            &inputs,
            (&mut no_cache, false),
            texts,
            progress,
            StageTimings::default(),
        )?;
        cache.cached_cards = no_cache.cached_cards;
        edition.prefix = format!("{}/", settings.tag);
        edition.root_paths = root_paths;
        edition
            .pages
            .retain(|p| !matches!(p.kind, PageKind::Robots));
        // The files every language shares are written once, at the root.
        let own = std::mem::take(&mut edition.static_files);
        site.static_files.extend(
            own.into_iter()
                .filter(|f| known.insert(f.output_path.clone())),
        );
        edition.warnings.clear();
        site.editions.push(edition);
    }
    if !site.editions.is_empty() {
        let link = |site: &Prepared| {
            let language = &site.templates.language;
            LanguageLink {
                tag: language.tag.clone(),
                name: language.own_name(),
                og_locale: language.og_locale(),
                base: site.config.base_url.clone(),
            }
        };
        let languages = std::iter::once(&site)
            .chain(&site.editions)
            .map(|s| {
                let paths: Box<dyn Iterator<Item = &str>> =
                    Box::new(s.pages.iter().map(|p| p.site_path.as_str()));
                (link(s), paths)
            })
            .collect();
        let alternates = Arc::new(Alternates::new(languages));
        for (i, edition) in site.editions.iter_mut().enumerate() {
            edition.alternates = Some((Arc::clone(&alternates), i + 1));
        }
        site.alternates = Some((alternates, 0));
    }
    Ok(site)
}

/// What of the site only its default language has, seen from `edition`:
/// the files every language shares, and the pages of the stories and
/// standalone pages without a translation.
fn root_paths(original: &Parsed, edition: &Parsed, static_files: &[StaticFile]) -> RootPaths {
    let translated: HashSet<&str> = edition.pages.iter().map(|p| p.slug.as_str()).collect();
    let untranslated_stories = (edition.stories.iter())
        .filter(|s| s.language.is_some())
        .chain(&edition.elsewhere)
        .map(|s| url::story_path(&s.slug));
    let untranslated_pages = (original.pages.iter())
        .filter(|p| !translated.contains(p.slug.as_str()))
        .map(|p| url::page_path(&p.slug));
    static_files
        .iter()
        .map(|f| f.output_path.clone())
        .chain(untranslated_stories)
        .chain(untranslated_pages)
        .collect()
}

/// What every language of a site is built from besides its content.
#[derive(Clone, Copy)]
struct SiteInputs<'s> {
    static_files: &'s [StaticFile],
    content_images: &'s [StaticFile],
    templates: &'s [load::SourceFile],
    fonts: &'s CardFonts,
    warnings: &'s [Diagnostic],
    /// In another language, what only the default language's site has.
    root_paths: Option<&'s RootPaths>,
}

/// The stages after parsing, for one language of the site: `cache` is
/// reused and updated when `caching`.
fn prepare_parsed(
    options: &BuildOptions,
    (config, language, parsed): (Config, &Arc<Language>, Parsed),
    inputs: &SiteInputs,
    (cache, caching): (&mut Cache, bool),
    texts: Texts,
    progress: &dyn Progress,
    mut timings: StageTimings,
) -> Result<Prepared> {
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration, next: &'static str| {
        *slot = clock.elapsed();
        clock = Instant::now();
        progress.stage(next, 0);
    };
    progress.stage("index", 0);
    // The digests of each stage's inputs only serve to reuse a cache's work;
    // a one-off build has none to reuse.
    let digest = |of: &dyn Fn() -> u64| if caching { of() } else { 0 };
    let index_inputs = caching.then(|| index::inputs_digest(&config, &parsed));
    let mut dossier = match (cache.dossier.take(), index_inputs) {
        (Some((last_inputs, last)), Some(inputs)) if last_inputs == inputs => {
            index::reindex(last, parsed)
        }
        (Some((last_inputs, last)), Some(inputs)) if last_inputs.entities == inputs.entities => {
            index::retag(last, parsed)
        }
        _ => index::index(&config, parsed).map_err(content)?,
    };
    if caching {
        cache.keep_stories(&dossier.stories);
    }
    index::name_tags(&mut dossier, &config.tag_names);
    lap(&mut timings.index, "images");
    let image_cache = ImageCache::new(options.root.join(images::CACHE_FOLDER));
    let image_progress = images::ImageProgress {
        start: &|n| progress.stage("images", n),
        step: &|| progress.step(),
    };
    let (images, variants) = images::prepare(
        &dossier,
        inputs.static_files,
        inputs.content_images,
        &image_cache,
        &image_progress,
    )
    .map_err(content)?;
    lap(&mut timings.images, "markdown");
    let names = caching.then(|| EntityNames::of(&dossier));
    let linker = cache.linker(names.as_ref(), &dossier);
    let mut site = markdown::Site::new(&config, &dossier, linker.as_deref(), &images);
    site.root_paths = inputs.root_paths;
    let settings = digest(&|| markdown::Site::settings_digest(&config, &images));
    let none = BodyCache::default();
    let (known, carry) = match &names {
        Some(names) if cache.bodies_for == settings && cache.body_names == *names => {
            (&cache.bodies, None)
        }
        // Other names: the bodies without a changed name are carried over.
        Some(names) if cache.bodies_for == settings => match Carry::new(&cache.body_names, names) {
            Some(carry) => (&cache.bodies, Some(carry)),
            None => (&none, None),
        },
        _ => (&none, None),
    };
    // Watch mode's cache keeps the texts for the next build.
    let forget_texts = !caching && texts == Texts::ForgetOnceConverted;
    let bodies = markdown::convert_all(
        &config,
        &mut dossier,
        &site,
        (known, carry.as_ref()),
        forget_texts,
    );
    if let Some(names) = names {
        cache.keep_bodies(&dossier, &bodies, (settings, names));
    }
    let mentions = bodies
        .stories
        .iter()
        .map(|body| body.mentions.iter().map(|m| m.entity).collect())
        .collect();
    index::add_mentions(&mut dossier, mentions);
    lap(&mut timings.markdown, "connect");
    let neighbours_digest = digest(&|| connect::inputs_digest(&dossier));
    let neighbours = match &cache.neighbours {
        Some((digest, neighbours)) if *digest == neighbours_digest => neighbours.clone(),
        _ => connect::relate(&dossier),
    };
    if caching {
        cache.neighbours = Some((neighbours_digest, neighbours.clone()));
    }
    lap(&mut timings.connect, "plan");
    let kinds: Vec<String> = config.kinds.iter().map(|k| k.key.clone()).collect();
    let fonts = inputs.fonts;
    let card_template = inputs
        .templates
        .iter()
        .rev()
        .find(|f| load::template_name(&f.path) == images::CARD_TEMPLATE)
        .map(|f| f.digest);
    let templates = Templates::compile(inputs.templates, fonts, language).map_err(content)?;
    let has_template = |name: &str| templates.tera.contains_template(name);
    let pages = plan::plan(&dossier, &kinds, config.paginate, &has_template);
    let mut warnings = missing_templates(&mut dossier, &has_template);
    let mut templates = templates;
    render::give_site(&mut templates, &config, &dossier);
    let items = StoryItems::new(&config, &templates, &dossier, &bodies, cache.items.take());
    // Another language's site shares the default one's files.
    let mut static_files = if config.base_url.path() == config.base_url.files_path() {
        inputs.static_files.to_vec()
    } else {
        Vec::new()
    };
    static_files.extend(variants);
    let (static_files, static_warnings) = static_files_to_copy(&pages, static_files);
    warnings.extend(static_warnings);
    warnings.extend(inputs.warnings.iter().cloned());
    timings.plan = clock.elapsed();

    let mut site = Prepared {
        config,
        dossier,
        index_inputs,
        bodies,
        neighbours,
        images,
        pages,
        templates,
        items,
        static_files,
        warnings,
        timings,
        prefix: String::new(),
        editions: Vec::new(),
        alternates: None,
        root_paths: RootPaths::default(),
    };
    if let Some(template) = card_template.filter(|_| site.config.social_cards) {
        let started = Instant::now();
        let cache_folder = options.root.join(images::CACHE_FOLDER);
        let card_progress = images::ImageProgress {
            start: &|n| progress.stage("cards", n),
            step: &|| progress.step(),
        };
        let last = cache.cards.take();
        let folder = (cache_folder.as_path(), &mut cache.cached_cards);
        let (drawn, count) = draw_cards(&site, template, fonts, folder, &card_progress, last)?;
        site.images.cards = Arc::clone(&drawn.cards);
        site.images.cards_drawn = count;
        if caching {
            site.static_files.extend(drawn.files.iter().cloned());
            cache.cards = Some(drawn);
        } else {
            site.static_files.extend(drawn.files);
        }
        site.timings.images += started.elapsed();
    }
    Ok(site)
}

/// A build's social cards, with what they were made of: what the next
/// build in watch mode starts from.
pub(super) struct DrawnCards {
    /// The digest of what every card shows besides its text.
    key: FileDigest,
    /// The digest of `key` and every page's card text.
    inputs: u64,
    cards: Arc<Cards>,
    files: Vec<StaticFile>,
}

/// The social card of every page without an image of its own, from the
/// cache or drawn with the theme's `card.svg`, and how many were drawn.
/// `last` is the last build's: when nothing a card shows changed, its
/// cards are the cards; else the pages whose text is the same keep theirs.
fn draw_cards(
    site: &Prepared,
    template: FileDigest,
    fonts: &CardFonts,
    cache_folder: (&Path, &mut CachedCards),
    progress: &images::ImageProgress,
    last: Option<DrawnCards>,
) -> Result<(DrawnCards, usize)> {
    let (cache_root, cached) = cache_folder;
    let texts = site.renderer().card_texts();
    let config = &site.config;
    let key = file_digest([
        &template.to_le_bytes()[..],
        config.title.as_bytes(),
        b"\0",
        config.description.as_deref().unwrap_or_default().as_bytes(),
        &fonts.digest().to_le_bytes(),
    ]);
    let inputs = digest64((key, &texts));
    let last = match last.filter(|last| last.key == key) {
        Some(last) if last.inputs == inputs => return Ok((last, 0)),
        other => other,
    };
    let svg = |text: &CardText| {
        let mut context = tera::Context::new();
        context.insert("card", text);
        site.templates
            .tera
            .render(images::CARD_TEMPLATE, &context)
            .map_err(|e| {
                site.templates
                    .diagnostic(&e, Some(images::CARD_TEMPLATE), None)
            })
    };
    let last_cards = last.as_ref().map(|l| &*l.cards);
    let (cards, files, drawn) = images::prepare_cards(
        texts,
        (key, last_cards),
        fonts,
        &svg,
        (cache_root, cached),
        progress,
    )
    .map_err(content)?;
    let cards = Arc::new(cards);
    Ok((
        DrawnCards {
            key,
            inputs,
            cards,
            files,
        },
        drawn,
    ))
}

/// A warning for each page and document a theme without `page.html` or
/// `document.html` cannot build; pages it does not build leave the menu.
fn missing_templates(
    dossier: &mut Dossier,
    has_template: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let files = [
        (
            "page.html",
            dossier.pages.iter().map(|p| &p.path).collect::<Vec<_>>(),
        ),
        (
            "document.html",
            dossier.documents.iter().map(|d| &d.path).collect(),
        ),
    ];
    for (template, paths) in files {
        if has_template(template) {
            continue;
        }
        for path in paths {
            warnings.push(
                Diagnostic::warning(
                    Code::MissingTemplate,
                    path,
                    1,
                    1,
                    format!("the theme has no {template}: this page is not built"),
                )
                .with_hint(format!(
                    "add templates/{template} (the default theme's is a start)"
                )),
            );
        }
    }
    if !has_template("page.html") {
        dossier.pages.clear();
    }
    warnings
}

/// Renders every page of a prepared site in memory, with its static files.
pub fn render_all(site: &Prepared) -> Result<Vec<OutputFile>> {
    let mut files = render_pages(site)?;
    files.reserve(site.static_files.len());
    for f in &site.static_files {
        files.push(OutputFile {
            path: f.output_path.clone(),
            bytes: f.bytes()?.into_owned(),
        });
    }
    Ok(files)
}

/// Renders every page of a prepared site in memory: what `dossier check`
/// needs, which has no use for the bytes of photographs and cards.
pub fn render_pages(site: &Prepared) -> Result<Vec<OutputFile>> {
    let renderer = site.renderer();
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|page| renderer.render_page(page))
        .collect();
    let mut files = Vec::with_capacity(pages.len());
    let mut diagnostics = Vec::new();
    for page in pages {
        match page {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(template_errors(diagnostics));
    }
    Ok(files)
}

/// Renders each page and stages it as soon as it is rendered, in parallel,
/// so that memory holds the pages in flight rather than the whole site.
fn render_and_stage(
    site: &Prepared,
    dir: &OutputDir,
    progress: &dyn Progress,
) -> Result<Vec<Staged>> {
    // Every language's pages, then the files they share, in one parallel
    // run, so that no thread waits for another between them.
    let languages: Vec<&Prepared> = std::iter::once(site).chain(&site.editions).collect();
    let renderers: Vec<Renderer> = languages
        .iter()
        .map(|language| {
            let renderer = language.renderer();
            renderer.prepare_signatures();
            renderer
        })
        .collect();
    // A page whose signature is unchanged since the last build, with its file
    // intact, is not rendered again.
    let render = |(language, page): (usize, &Page)| {
        progress.step();
        if progress.cancelled() {
            return Err(PageError::Write(Error::Interrupted));
        }
        let renderer = &renderers[language];
        let signature = renderer.signature(page);
        let path = languages[language].output_file(page);
        if let Some(reused) = dir.reuse(&path, signature) {
            return Ok(reused);
        }
        let file = renderer.render_page(page).map_err(PageError::Render)?;
        dir.stage(&path, &file.bytes, Some(signature))
            .map_err(PageError::Write)
    };
    // The pages that list the whole site go first, each on its own, so that
    // no thread is left rendering one of them alone at the end, and so that
    // a rebuild that renders only them (a tag added) spreads them over the
    // cores rather than rendering them in a row.
    let (mut long, mut short) = (Vec::new(), Vec::new());
    for (i, language) in languages.iter().enumerate() {
        let (l, s) = long_and_short(&language.pages);
        long.extend(l.into_iter().map(|page| (i, page)));
        short.extend(s.into_iter().map(|page| (i, page)));
    }
    let pages = long
        .into_par_iter()
        .with_max_len(1)
        .chain(short.into_par_iter().with_max_len(RENDER_BATCH))
        .map(render);
    let statics = site.static_files.par_iter().map(|f| {
        progress.step();
        if let Some((source, signature)) = f.on_disk() {
            if let Some(reused) = dir.reuse(&f.output_path, signature) {
                return Ok(reused);
            }
            return dir
                .stage_copy(&f.output_path, source, signature, f.in_cache())
                .map_err(PageError::Write);
        }
        let bytes = f.bytes().map_err(PageError::Write)?;
        dir.stage(&f.output_path, &bytes, None)
            .map_err(PageError::Write)
    });
    let results: Vec<_> = pages.chain(statics).collect();
    let mut staged = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(s) => staged.push(s),
            Err(PageError::Render(d)) => diagnostics.push(d),
            Err(PageError::Write(e)) => return Err(e),
        }
    }
    if diagnostics.is_empty() {
        Ok(staged)
    } else {
        Err(content(diagnostics))
    }
}

/// The most pages a thread renders without offering the rest to the
/// others: bigger batches leave one thread rendering alone at the end of
/// the stage while the others wait.
const RENDER_BATCH: usize = 32;

/// The pages with the longest renders (each lists the whole site), and the
/// others. The files of text words are among the others: the search
/// index's render makes them all, and they are then only copied out, while
/// rendered early they would each wait for it on a thread of their own.
fn long_and_short(pages: &[Page]) -> (Vec<&Page>, Vec<&Page>) {
    let lists_everything = |page: &&Page| {
        matches!(
            page.kind,
            PageKind::SearchIndex
                | PageKind::Timeline
                | PageKind::Sitemap { .. }
                | PageKind::Home
                | PageKind::KindIndex(_)
                | PageKind::TagsIndex
        )
    };
    pages.iter().partition(lists_everything)
}

enum PageError {
    Render(Diagnostic),
    Write(Error),
}

/// The static files to copy: the site's replace the theme's of the same path,
/// and a static file never replaces a rendered page (that is worth a warning).
fn static_files_to_copy(
    pages: &[Page],
    static_files: Vec<StaticFile>,
) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let rendered: HashSet<String> = pages.iter().map(Page::output_file).collect();
    let mut by_path: BTreeMap<String, StaticFile> = BTreeMap::new();
    for file in static_files {
        by_path.insert(file.output_path.clone(), file);
    }
    let mut warnings = Vec::new();
    let mut kept = Vec::with_capacity(by_path.len());
    for (path, file) in by_path {
        if rendered.contains(&path) {
            warnings.push(
                Diagnostic::warning(
                    Code::StaticShadowed,
                    &Path::new("static").join(&path),
                    1,
                    1,
                    format!("`{path}` is also a page of the site; the page wins"),
                )
                .with_hint("rename or remove the static file"),
            );
        } else {
            kept.push(file);
        }
    }
    (kept, warnings)
}

/// Content errors, sorted by file and line.
fn content(mut diagnostics: Vec<Diagnostic>) -> Error {
    diagnostics.sort();
    diagnostics.dedup();
    Error::Content(diagnostics)
}

/// Template errors, one per place in a template: a broken template fails
/// every page that uses it, and the author needs to hear it once.
fn template_errors(mut diagnostics: Vec<Diagnostic>) -> Error {
    diagnostics.sort();
    diagnostics.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.column == b.column);
    Error::Content(diagnostics)
}
