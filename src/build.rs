//! Runs the stages in order: load → parse → index → markdown → plan → render → write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::autolink::Linker;
use crate::config::{BaseUrl, Config};
use crate::connect::Relations;
use crate::diagnostic::Diagnostic;
use crate::digest::{FileDigest, digest64};
use crate::error::{Error, Result};
use crate::index::{Dossier, IndexInputs};
use crate::load::{Sources, StaticFile};
use crate::markdown::Bodies;
use crate::markdown::BodyCache;
use crate::parse::{Story, StoryCache};
use crate::plan::{Page, PageKind};
use crate::render::{OutputFile, Renderer, Templates};
use crate::write::{LastBuild, OutputDir, Staged};
use crate::{connect, index, load, markdown, parse, plan, render, write};

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
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..BuildOptions::default()
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Time spent in each stage, for profiling.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimings {
    pub load: Duration,
    pub parse: Duration,
    pub index: Duration,
    pub markdown: Duration,
    /// Connections between entities and related stories.
    pub connect: Duration,
    pub plan: Duration,
    /// Rendering pages and staging the changed ones, which run together.
    pub render: Duration,
    /// Moving staged files into place and removing stale ones.
    pub write: Duration,
}

impl StageTimings {
    /// The time of all stages together.
    pub fn total(&self) -> Duration {
        self.load
            + self.parse
            + self.index
            + self.markdown
            + self.connect
            + self.plan
            + self.render
            + self.write
    }
}

impl std::fmt::Display for StageTimings {
    /// `stages: load 12.1 ms, parse 30.2 ms, ...`, for `--verbose` and the benchmark.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stages = [
            ("load", self.load),
            ("parse", self.parse),
            ("index", self.index),
            ("markdown", self.markdown),
            ("connect", self.connect),
            ("plan", self.plan),
            ("render", self.render),
            ("write", self.write),
        ];
        let parts: Vec<String> = stages
            .iter()
            .map(|(name, time)| format!("{name} {:.1} ms", time.as_secs_f64() * 1000.0))
            .collect();
        write!(f, "stages: {}", parts.join(", "))
    }
}

/// Told how a build advances, to show progress (the command line draws a
/// bar from it on a terminal). Every method has a do-nothing default.
pub trait Progress: Sync {
    /// A build starts.
    fn start(&self) {}
    /// A stage starts, with `steps` steps to go (0 when it does not count them).
    fn stage(&self, _name: &'static str, _steps: usize) {}
    /// One more step of the current stage is done.
    fn step(&self) {}
}

/// No progress to show.
impl Progress for () {}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// The output already held this build: nothing was rendered or written,
    /// and only `unchanged` (the number of files) and the load time are set.
    pub up_to_date: bool,
    pub stories: usize,
    pub entities: usize,
    /// Pages of the site (HTML, feeds, sitemap...), not counting static files.
    pub pages: usize,
    /// Pages rendered; the others were unchanged since the last build.
    pub rendered: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: StageTimings,
}

/// A site read, resolved and planned: everything but the rendered pages.
pub struct Prepared {
    pub config: Config,
    pub dossier: Dossier,
    /// The [`index::inputs_digest`] of `dossier`, when a cache keeps it.
    pub index_inputs: Option<IndexInputs>,
    pub bodies: Bodies,
    pub relations: Relations,
    pub pages: Vec<Page>,
    pub templates: Templates,
    /// Static files to copy, the site's over the theme's.
    pub static_files: Vec<StaticFile>,
    pub warnings: Vec<Diagnostic>,
    pub timings: StageTimings,
}

/// What a build can reuse from the builds before it: the files read, stories
/// parsed and bodies converted (by the digest of their file), the index, the
/// autolinker, relations and what the last build left in the output. Watch
/// mode keeps one across rebuilds so that only the files that changed are
/// read, parsed and converted, and only what they change is redone.
#[derive(Default)]
pub struct Cache {
    /// The files of the last load, and the paths changed since, when the
    /// caller tells them (see [`Cache::changed`]).
    sources: Option<Sources>,
    changes: Option<Vec<PathBuf>>,
    config: Option<Config>,
    stories: StoryCache,
    bodies: BodyCache,
    /// The [`markdown::Site::digest`] the bodies were converted for.
    bodies_for: u64,
    /// The last relations, with their [`connect::inputs_digest`].
    relations: Option<(u64, Relations)>,
    /// The output folder of the last build, and what it left there.
    output: Option<(PathBuf, LastBuild)>,
    /// The last build's index, with its [`index::inputs_digest`].
    dossier: Option<(IndexInputs, Dossier)>,
    /// The autolinker, for the [`markdown::Site::digest`] it was built for.
    linker: Option<(u64, Option<Arc<Linker>>)>,
}

impl Cache {
    /// Tells the cache which files changed since the last build (absolute,
    /// or relative to the site root), as a file watcher reports them: the
    /// next build reads only those again. Without this, a build reads every
    /// file, so a cache is never stale by default.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        self.changes
            .get_or_insert_with(Vec::new)
            .extend_from_slice(paths);
    }

    /// The load stage, reading only the changed files when the last load's
    /// files and the changes since are known.
    fn load(&mut self, root: &Path) -> Result<Sources> {
        let changes = self.changes.take();
        let reloaded = match (self.sources.take(), changes) {
            (Some(previous), Some(changed)) => load::reload(root, &previous, &changed),
            _ => None,
        };
        let loaded = reloaded.unwrap_or_else(|| load::load(root));
        self.sources = loaded.as_ref().ok().cloned();
        loaded
    }

    /// Forgets everything that depends on another configuration.
    fn check_config(&mut self, config: &Config) {
        if self.config.as_ref() != Some(config) {
            *self = Cache {
                sources: self.sources.take(),
                changes: self.changes.take(),
                output: self.output.take(),
                config: Some(config.clone()),
                ..Cache::default()
            };
        }
    }

    /// The autolinker of the site whose [`markdown::Site::digest`] is
    /// `site`: the last one when the names are the same (building its
    /// automaton costs more than converting one story).
    fn linker(&mut self, site: u64, dossier: &Dossier) -> Option<Arc<Linker>> {
        match &self.linker {
            Some((digest, linker)) if *digest == site => linker.clone(),
            _ => {
                let linker = Linker::new(dossier).map(Arc::new);
                self.linker = Some((site, linker.clone()));
                linker
            }
        }
    }

    /// Keeps the stories of this build, and only those.
    fn keep_stories(&mut self, stories: &[Arc<Story>]) {
        keep_only(&mut self.stories, stories.iter().map(|s| (s.digest, s)));
    }

    /// Keeps the story and profile bodies of this build, converted for the
    /// site digest `site`.
    fn keep_bodies(&mut self, dossier: &Dossier, bodies: &Bodies, site: u64) {
        if self.bodies_for != site {
            self.bodies.clear();
            self.bodies_for = site;
        }
        let stories = dossier.stories.iter().map(|s| s.digest);
        let profiles = dossier.profiles.iter().map(|p| p.digest);
        let current = stories
            .zip(&bodies.stories)
            .chain(profiles.zip(&bodies.profiles));
        keep_only(&mut self.bodies, current);
    }
}

/// Makes `cache` hold exactly the `current` values, by the digest of their
/// file, reusing what it holds.
fn keep_only<'a, T: 'a>(
    cache: &mut HashMap<FileDigest, Arc<T>>,
    current: impl Iterator<Item = (FileDigest, &'a Arc<T>)>,
) {
    let mut kept = HashMap::with_capacity(cache.len());
    for (digest, value) in current {
        kept.insert(digest, Arc::clone(value));
    }
    *cache = kept;
}

impl Prepared {
    /// A renderer of the site's pages.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.config,
            &self.dossier,
            &self.bodies,
            &self.relations,
            &self.pages,
            &self.templates,
        )
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
    let sources = checked_sources(options, loaded?, Some(&output))?;
    let fingerprint = sources.fingerprint(&format!(
        "drafts={} base_url={:?}",
        options.drafts, options.base_url
    ));
    if let Some(files) = write::up_to_date(&output, &fingerprint) {
        return Ok(BuildReport {
            up_to_date: true,
            unchanged: files,
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
            .collect()
    };
    let paths = digest64((
        site.pages.iter().map(|p| &p.site_path).collect::<Vec<_>>(),
        site.static_files
            .iter()
            .map(|f| &f.output_path)
            .collect::<Vec<_>>(),
    ));
    let last = cache
        .as_deref_mut()
        .and_then(|c| c.output.take())
        .and_then(|(folder, last)| (folder == output).then_some(last));
    let dir = OutputDir::open_planned(&output, Some(paths), planned, last)?;
    progress.stage("render", site.pages.len() + site.static_files.len());
    let staged = match render_and_stage(&site, &dir, progress) {
        Ok(staged) => staged,
        Err(error) => {
            dir.abort();
            return Err(error);
        }
    };
    site.timings.render = started.elapsed();
    let rendered = site.pages.len() - staged.iter().filter(|s| s.reused).count();
    let started = Instant::now();
    progress.stage("write", 0);
    let (report, last) = dir.commit(staged, &fingerprint)?;
    if let Some(cache) = cache.as_deref_mut() {
        cache.output = Some((output.clone(), last));
    }
    site.timings.write = started.elapsed();
    let report = BuildReport {
        up_to_date: false,
        stories: site.dossier.stories.len(),
        entities: site.dossier.entities.len(),
        pages: site.pages.len(),
        rendered,
        written: report.written,
        unchanged: report.unchanged,
        removed: report.removed,
        warnings: std::mem::take(&mut site.warnings),
        timings: site.timings,
    };
    if let (Some(cache), Some(inputs)) = (cache, site.index_inputs) {
        let dossier = std::mem::take(&mut site.dossier);
        cache.dossier = Some((inputs, dossier));
    }
    // Freeing a whole site's structures takes tens of milliseconds, which
    // nobody needs to wait for once its files are written.
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
    let mut timings = StageTimings {
        load: load_time,
        ..StageTimings::default()
    };
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration, next: &'static str| {
        *slot = clock.elapsed();
        clock = Instant::now();
        progress.stage(next, 0);
    };
    progress.stage("parse", 0);
    let config = sources.config;
    cache.check_config(&config);
    let parsed =
        parse::parse(&config, sources.content, options.drafts, &cache.stories).map_err(content)?;
    lap(&mut timings.parse, "index");
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
    lap(&mut timings.index, "markdown");
    let site_digest = digest(&|| markdown::Site::digest(&config, &dossier));
    let linker = cache.linker(site_digest, &dossier);
    let site = markdown::Site::new(&config, &dossier, linker.as_deref());
    let known = if cache.bodies_for == site_digest {
        &cache.bodies
    } else {
        &BodyCache::default()
    };
    // Watch mode's cache keeps the texts for the next build.
    let forget_texts = !caching && texts == Texts::ForgetOnceConverted;
    let bodies = markdown::convert_all(&config, &mut dossier, &site, known, forget_texts);
    if caching {
        cache.keep_bodies(&dossier, &bodies, site_digest);
    }
    let mentions = bodies
        .stories
        .iter()
        .map(|body| body.mentions.iter().map(|m| m.entity).collect())
        .collect();
    index::add_mentions(&mut dossier, mentions);
    lap(&mut timings.markdown, "connect");
    let relations_digest = digest(&|| connect::inputs_digest(&dossier));
    let relations = match &cache.relations {
        Some((digest, relations)) if *digest == relations_digest => relations.clone(),
        _ => connect::relate(&dossier),
    };
    if caching {
        cache.relations = Some((relations_digest, relations.clone()));
    }
    lap(&mut timings.connect, "plan");
    let kinds: Vec<String> = config.kinds.iter().map(|k| k.key.clone()).collect();
    let mut pages = plan::plan(&dossier, &kinds, config.paginate);
    let mut templates = Templates::compile(&sources.templates).map_err(content)?;
    // Search came after the first themes: a theme without its page has none.
    if !templates.tera.contains_template("search.html") {
        pages.retain(|p| !matches!(p.kind, PageKind::Search | PageKind::SearchIndex));
    }
    render::give_site(&mut templates, &config, &dossier);
    let (static_files, warnings) = static_files_to_copy(&pages, sources.static_files);
    timings.plan = clock.elapsed();

    Ok(Prepared {
        config,
        dossier,
        index_inputs,
        bodies,
        relations,
        pages,
        templates,
        static_files,
        warnings,
        timings,
    })
}

/// Renders every page and static file in memory, without writing anything
/// (for checks and tests).
pub fn generate(options: &BuildOptions) -> Result<Vec<OutputFile>> {
    let site = prepare(options, None)?;
    render_all(&site)
}

/// Renders every page of a prepared site in memory, with its static files.
pub fn render_all(site: &Prepared) -> Result<Vec<OutputFile>> {
    let renderer = site.renderer();
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|page| renderer.render_page(page))
        .collect();
    let mut files = Vec::with_capacity(pages.len() + site.static_files.len());
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
    files.extend(site.static_files.iter().map(|f| OutputFile {
        path: f.output_path.clone(),
        bytes: f.bytes.to_vec(),
    }));
    Ok(files)
}

/// Renders each page and stages it as soon as it is rendered, in parallel,
/// so that memory holds the pages in flight rather than the whole site.
fn render_and_stage(
    site: &Prepared,
    dir: &OutputDir,
    progress: &dyn Progress,
) -> Result<Vec<Staged>> {
    let renderer = site.renderer();
    renderer.prepare_signatures();
    // A page whose signature is unchanged since the last build, with its file
    // intact, is not rendered again.
    let render = |page: &Page| {
        progress.step();
        let signature = renderer.signature(page);
        if let Some(reused) = dir.reuse(&page.output_file(), signature) {
            return Ok(reused);
        }
        let file = renderer.render_page(page).map_err(PageError::Render)?;
        dir.stage(&file.path, &file.bytes, Some(signature))
            .map_err(PageError::Write)
    };
    // The pages that list the whole site go first, each on its own, so that
    // no thread is left rendering one of them alone at the end, and so that
    // a rebuild that renders only them (a tag added) spreads them over the
    // cores rather than rendering them in a row.
    let (long, short) = long_and_short(&site.pages);
    let pages = long
        .into_par_iter()
        .with_max_len(1)
        .chain(short.into_par_iter().with_max_len(RENDER_BATCH))
        .map(render);
    let statics = site.static_files.par_iter().map(|f| {
        progress.step();
        dir.stage(&f.output_path, &f.bytes, None)
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
/// others: in big batches, one thread was left rendering alone for the last
/// tenth of the stage.
const RENDER_BATCH: usize = 32;

/// The pages with the longest renders (each lists the whole site), and the others.
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
