//! Helpers shared by the integration tests: fixture sites copied into temp
//! folders, built with the library, and read back.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use dossier::{BuildOptions, BuildReport, Error};
use tempfile::TempDir;
use walkdir::WalkDir;

/// The warnings of `report` but the one every site below its host's root
/// gets (`robots-below-root`), as the fixtures are.
pub fn other_warnings(report: &BuildReport) -> Vec<String> {
    report
        .warnings
        .iter()
        .filter(|w| w.code != dossier::Code::RobotsBelowRoot)
        .map(ToString::to_string)
        .collect()
}

/// A fixture copied into a fresh temp folder, so tests can edit and build it.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&source, dir.path());
        Site { dir }
    }

    /// An empty site with just a config.
    pub fn empty(config: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("dossier.yaml"), config).unwrap();
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.root())
    }

    pub fn build(&self) -> Result<BuildReport, Error> {
        dossier::build(&self.options())
    }

    /// Builds, and checks that every internal link of the output resolves.
    pub fn built(&self) -> BuildReport {
        match self.build() {
            Ok(report) => {
                let (config, _) = dossier::pipeline::load::read_config(self.root()).unwrap();
                let broken = broken_links(&self.output(), config.base_url.path());
                assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
                report
            }
            Err(Error::Content(diagnostics)) => {
                let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("build failed:\n{}", text.join("\n"))
            }
            Err(e) => panic!("build failed: {e}"),
        }
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, path: &str) {
        fs::remove_file(self.root().join(path)).unwrap();
    }

    /// A file of the output, as text.
    pub fn page(&self, path: &str) -> String {
        let full = self.output().join(path);
        fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    pub fn has(&self, path: &str) -> bool {
        self.output().join(path).exists()
    }

    /// Builds, which must fail with an error containing `expected` (and
    /// `hint`, when given) and leave no output.
    pub fn fails_with(&self, expected: &str, hint: Option<&str>) {
        let errors: Vec<String> = self.errors().iter().map(ToString::to_string).collect();
        let found = errors
            .iter()
            .find(|e| e.contains(expected))
            .unwrap_or_else(|| panic!("{expected}\n{}", errors.join("\n")));
        if let Some(hint) = hint {
            assert!(found.contains(hint), "{found}");
        }
        assert!(!self.output().exists(), "nothing written");
    }

    /// Every content diagnostic of a build that must fail. Every bad input
    /// the tests try comes through here, so this also proves that `dossier
    /// check` reports the same in each of its formats.
    pub fn errors(&self) -> Vec<dossier::Diagnostic> {
        let diagnostics = match self.build() {
            Err(Error::Content(d)) => d,
            Err(e) => panic!("expected content errors, got {e}"),
            Ok(_) => panic!("expected the build to fail"),
        };
        self.check_reports_alike(&diagnostics);
        diagnostics
    }

    /// `dossier check --format json`, `github` and `human`, through the
    /// binary, each report exactly `expected`, with a documented code.
    fn check_reports_alike(&self, expected: &[dossier::Diagnostic]) {
        let root = self.root().to_str().unwrap();
        let check = |format: &str| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["check", "--root", root, "--format", format])
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "check --format {format}: {out:?}"
            );
            out
        };
        let file = |d: &dossier::Diagnostic| self.root().join(&d.path).display().to_string();
        let mut want: Vec<serde_json::Value> = expected
            .iter()
            .map(|d| {
                serde_json::json!({
                    "file": file(d),
                    "line": d.line,
                    "column": d.column,
                    "severity": d.severity.to_string(),
                    "code": d.code.name(),
                    "message": d.message,
                    "hint": d.hint,
                })
            })
            .collect();
        let json = String::from_utf8(check("json").stdout).unwrap();
        let mut got: Vec<serde_json::Value> = json
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect();
        let key = |v: &serde_json::Value| v.to_string();
        want.sort_by_key(key);
        got.sort_by_key(key);
        assert_eq!(got, want, "check --format json");

        let github = String::from_utf8(check("github").stdout).unwrap();
        let mut annotations: Vec<&str> = github.lines().collect();
        let mut from_json: Vec<String> = got.iter().map(annotation).collect();
        annotations.sort_unstable();
        from_json.sort_unstable();
        assert_eq!(annotations, from_json, "check --format github");

        let human = String::from_utf8(check("human").stderr).unwrap();
        for d in expected {
            let header = format!(
                "{}:{}:{}: {}: {}",
                file(d),
                d.line,
                d.column,
                d.severity,
                d.message
            );
            assert!(human.contains(&header), "check: no {header:?} in\n{human}");
        }
    }
}

/// The GitHub annotation of a diagnostic given as JSON by `check`.
fn annotation(d: &serde_json::Value) -> String {
    let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
    let data = |s: String| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: String| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut message = text("message");
    if let Some(hint) = d["hint"].as_str() {
        message = format!("{message}\nhint: {hint}");
    }
    format!(
        "::{} file={},line={},col={},title={}::{}",
        text("severity"),
        property(text("file")),
        d["line"],
        d["column"],
        property(text("code")),
        data(message)
    )
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `href` and `src` attribute in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').expect("closed attribute");
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// Internal links of every HTML page that point to no file of the output.
/// `base_path` is the path part of the base URL (`/dossiers/assange/`).
pub fn broken_links(output: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (path, bytes) in snapshot(output) {
        if !path.ends_with(".html") {
            continue;
        }
        for link in links(&String::from_utf8_lossy(&bytes)) {
            if link.starts_with("http") || link.starts_with("//") || link.starts_with("mailto:") {
                continue;
            }
            let target = link.split('#').next().unwrap_or_default();
            if target.is_empty() {
                continue; // a fragment of the same page
            }
            let Some(inside) = target.strip_prefix(base_path) else {
                broken.push(format!("{path}: {link} is outside the base path"));
                continue;
            };
            let file = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else {
                inside.to_string()
            };
            if !output.join(&file).is_file() {
                broken.push(format!("{path}: {link}"));
            }
        }
    }
    broken
}

/// Headless Chromium with the flags this machine needs (no sandbox as root,
/// no background networking, which the closed network refuses) and a fresh
/// profile in `profile`.
pub fn chromium(profile: &Path) -> std::process::Command {
    let mut command = std::process::Command::new("chromium");
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Every page and static file of the site, rendered in memory.
pub fn generate(
    options: &BuildOptions,
) -> Result<Vec<dossier::pipeline::render::OutputFile>, Error> {
    let site = dossier::build::prepare(options, None)?;
    dossier::build::render_all(&site)
}

/// A real JPEG of `width`×`height` pixels: a gradient, so that every
/// variant has something to encode.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            96,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

/// The JSON-LD of a page, parsed.
pub fn json_ld(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/ld+json">"#;
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

/// A real PNG of `width`×`height` pixels, with transparency.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 200, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}
