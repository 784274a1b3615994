//! Runs the stages in order: load → parse → index → markdown → plan → render → write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::BaseUrl;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::load::StaticFile;
use crate::render::{OutputFile, Templates};
use crate::{index, load, markdown, parse, plan, render, write};

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
    pub plan: Duration,
    pub render: Duration,
    pub write: Duration,
}

/// A finished site, in memory.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<OutputFile>,
    pub stories: usize,
    pub entities: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: StageTimings,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub stories: usize,
    pub entities: usize,
    /// Pages rendered (HTML, feeds, sitemap...), not counting static files.
    pub pages: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: StageTimings,
}

/// Builds the site and writes it. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let output = options.output_dir();
    let generated = generate(options, Some(&output))?;
    let started = Instant::now();
    let report = write::write_output(&output, &generated.files)?;
    let mut timings = generated.timings;
    timings.write = started.elapsed();
    Ok(BuildReport {
        stories: generated.stories,
        entities: generated.entities,
        pages: generated.pages,
        written: report.written,
        unchanged: report.unchanged,
        removed: report.removed,
        warnings: generated.warnings,
        timings,
    })
}

/// Runs every stage but the write: the whole site as files in memory.
/// `output`, when given, is checked to be a safe place to write later.
pub fn generate(options: &BuildOptions, output: Option<&Path>) -> Result<Generated> {
    let mut timings = StageTimings::default();
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration| {
        *slot = clock.elapsed();
        clock = Instant::now();
    };

    let mut sources = load::load(&options.root)?;
    if let Some(url) = &options.base_url {
        sources.config.base_url = BaseUrl::parse(url).map_err(Error::InvalidOption)?;
    }
    let config = &sources.config;
    if let Some(output) = output {
        write::check_output_location(&options.root, output, &config.theme)?;
    }
    lap(&mut timings.load);

    let parsed = parse::parse(&sources, options.drafts).map_err(content)?;
    lap(&mut timings.parse);
    let dossier = index::index(config, parsed).map_err(content)?;
    lap(&mut timings.index);
    let bodies = markdown::convert_all(&dossier, &config.base_url);
    lap(&mut timings.markdown);
    let kinds: Vec<String> = config.kinds.iter().map(|k| k.key.clone()).collect();
    let pages = plan::plan(&dossier, &kinds, config.paginate);
    lap(&mut timings.plan);
    let mut templates = Templates::compile(&sources.templates).map_err(content)?;
    let mut files =
        render::render(config, &dossier, &bodies, &pages, &mut templates).map_err(content)?;
    let warnings = add_static_files(&mut files, &sources.static_files);
    lap(&mut timings.render);

    Ok(Generated {
        stories: dossier.stories.len(),
        entities: dossier.entities.len(),
        pages: pages.len(),
        files,
        warnings,
        timings,
    })
}

/// Adds the static files: the site's replace the theme's of the same path, and
/// a static file never replaces a rendered page (that is worth a warning).
fn add_static_files(files: &mut Vec<OutputFile>, static_files: &[StaticFile]) -> Vec<Diagnostic> {
    let rendered: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut by_path: BTreeMap<&str, &StaticFile> = BTreeMap::new();
    for file in static_files {
        by_path.insert(&file.output_path, file);
    }
    let mut warnings = Vec::new();
    for (path, file) in by_path {
        if rendered.contains(path) {
            let source = Path::new("static").join(path);
            warnings.push(
                Diagnostic::warning(
                    &source,
                    1,
                    1,
                    format!("`{path}` is also a page of the site; the page wins"),
                )
                .with_hint("rename or remove the static file"),
            );
            continue;
        }
        files.push(OutputFile {
            path: path.to_string(),
            bytes: file.bytes.clone(),
        });
    }
    warnings
}

fn content(diagnostics: Vec<Diagnostic>) -> Error {
    let mut diagnostics = diagnostics;
    diagnostics.sort();
    Error::Content(diagnostics)
}
