//! Requests to files: from the URL to a place in the output folder, and
//! from there to a response, the way a static host answers.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::live_reload::inject_live_reload;

/// Bytes that cannot stay literal in a path segment of a `Location` header.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// What a browser escapes when it sends a URL path (besides non-ASCII): the
/// base path must match the request paths as they arrive.
const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// `/assange/` from `assange`, `/assange` or `/assange/`; `/` from `` or `/`;
/// percent-encoded as browsers send it (`/café/` is `/caf%C3%A9/`).
fn normalize_base_path(base_path: &str) -> String {
    let trimmed = base_path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", utf8_percent_encode(trimmed, URL_PATH))
    }
}

/// The output folder and the URL paths it is served under.
pub(super) struct Site {
    output: PathBuf,
    base: RwLock<BasePaths>,
    /// Whether the first build is over: until then the folder may hold
    /// half a site, or none.
    ready: std::sync::atomic::AtomicBool,
}

impl Site {
    pub(super) fn new(output: PathBuf, base_path: &str) -> Site {
        Site {
            output,
            base: RwLock::new(BasePaths {
                current: normalize_base_path(base_path),
                previous: None,
            }),
            ready: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Serves the output folder from now on: its first build is over.
    pub(super) fn set_ready(&self) {
        self.ready.store(true, std::sync::atomic::Ordering::Release);
    }

    fn is_ready(&self) -> bool {
        self.ready.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Serves the site under `base_path` from now on, and redirects requests
    /// under the path it had until now there. Returns the normalized path.
    pub(super) fn set_base_path(&self, base_path: &str) -> String {
        let current = normalize_base_path(base_path);
        let mut base = self.base.write().unwrap_or_else(PoisonError::into_inner);
        if base.current != current {
            let previous = std::mem::replace(&mut base.current, current.clone());
            base.previous = Some(previous);
        }
        current
    }

    /// The path the site is served under, starting and ending with `/`.
    pub(super) fn base_path(&self) -> String {
        self.base().current
    }

    fn base(&self) -> BasePaths {
        self.base
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The path a site is built for, and the one it had before its `base_url`
/// changed while being served: pages open in a browser then live elsewhere.
#[derive(Debug, Clone)]
struct BasePaths {
    /// Starts and ends with `/`.
    current: String,
    previous: Option<String>,
}

/// Where a request's path leads, decided from the URL alone.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A path inside the output folder, as decoded segments (none for the
    /// folder itself); `folder` when the URL ends with `/`.
    Site {
        segments: Vec<String>,
        folder: bool,
    },
    Redirect {
        status: StatusCode,
        location: String,
    },
    NotFound,
    /// A path that tries to leave its folder or cannot name a file.
    BadRequest(&'static str),
}

impl BasePaths {
    fn target(&self, path: &str) -> Target {
        if !path.starts_with('/') {
            return Target::BadRequest("the path must start with /");
        }
        if let Some(moved) = self.moved(path) {
            return Target::Redirect {
                status: StatusCode::FOUND,
                location: moved,
            };
        }
        if let Some(inside) = path.strip_prefix(&self.current) {
            return site_target(inside);
        }
        if format!("{path}/") == self.current {
            return Target::Redirect {
                status: StatusCode::MOVED_PERMANENTLY,
                location: self.current.clone(),
            };
        }
        if path == "/" {
            // Temporary: the next site served on this port may live at `/`.
            return Target::Redirect {
                status: StatusCode::FOUND,
                location: self.current.clone(),
            };
        }
        Target::NotFound
    }

    /// The same page under the current base path, for a path under the
    /// previous one. A previous path inside the current one (`/assange/`
    /// after `/`) is taken as moved only when it is the more specific.
    fn moved(&self, path: &str) -> Option<String> {
        let previous = self.previous.as_deref()?;
        if previous.len() <= self.current.len() && path.starts_with(&self.current) {
            return None;
        }
        let rest = path.strip_prefix(previous)?;
        Some(format!("{}{rest}", self.current))
    }

    /// The URL of a folder of the site, for the redirect that adds its slash.
    fn folder_url(&self, segments: &[String]) -> String {
        let mut url = self.current.clone();
        for segment in segments {
            url.extend(utf8_percent_encode(segment, PATH_SEGMENT));
            url.push('/');
        }
        url
    }
}

/// Decodes the path below the base path, one segment at a time, so that an
/// encoded slash stays inside its segment (and is refused) instead of
/// becoming a separator. Empty segments (`a//b`) are skipped.
fn site_target(path: &str) -> Target {
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|raw| !raw.is_empty()) {
        let Ok(segment) = percent_decode_str(raw).decode_utf8() else {
            return Target::BadRequest("the path is not UTF-8");
        };
        if let Err(reason) = check_segment(&segment) {
            return Target::BadRequest(reason);
        }
        // Hidden files are no part of a site: dossier's manifest, a build's
        // staged files, an editor's leftovers.
        if segment.starts_with('.') {
            return Target::NotFound;
        }
        segments.push(segment.into_owned());
    }
    Target::Site {
        segments,
        folder: path.is_empty() || path.ends_with('/'),
    }
}

/// A decoded segment must name one entry of its folder.
fn check_segment(segment: &str) -> Result<(), &'static str> {
    if segment == "." || segment == ".." {
        Err("the path has a . or .. segment")
    } else if segment.contains(['/', '\\']) {
        Err("the path has an encoded slash or a backslash")
    } else if segment.contains('\0') {
        Err("the path has a NUL byte")
    } else {
        Ok(())
    }
}

/// What the output folder holds for a request.
#[derive(Debug)]
enum Found {
    /// A page small enough to get the live-reload script, read whole;
    /// `name` is the requested name (`index.html` for a folder).
    Page {
        name: PathBuf,
        bytes: Vec<u8>,
    },
    /// Any other file, open, to be streamed: a large download takes a
    /// buffer's worth of memory, not its size.
    File {
        name: PathBuf,
        file: std::fs::File,
        len: u64,
    },
    /// A folder asked without its trailing slash.
    Folder,
    Nothing,
    Unreadable(io::Error),
}

/// Looks a request up in the output folder. Blocking: run it off the
/// runtime's workers.
fn find(output: &Path, segments: &[String], folder: bool) -> Found {
    // Canonicalized on every request: the folder may be created (or
    // replaced) by a build after the server started.
    let Ok(root) = output.canonicalize() else {
        return Found::Nothing;
    };
    let requested = segments.iter().fold(root.clone(), |path, s| path.join(s));
    let Some(path) = inside(&root, &requested) else {
        return Found::Nothing;
    };
    if path.is_dir() {
        if !folder {
            return Found::Folder;
        }
        return read_inside(&root, &requested.join("index.html"));
    }
    if folder {
        // `/style.css/` names no file, as on static hosts.
        return Found::Nothing;
    }
    read_inside(&root, &requested)
}

/// The real path of `path` when it exists and lies in `root` (`root` is
/// canonical), following symlinks: a symlink pointing outside is refused.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

fn read_inside(root: &Path, requested: &Path) -> Found {
    let Some(real) = inside(root, requested) else {
        return Found::Nothing;
    };
    if !real.is_file() {
        return Found::Nothing;
    }
    let name = requested.to_path_buf();
    let opened = std::fs::File::open(&real).and_then(|file| {
        let len = file.metadata()?.len();
        if is_html(&name) && len <= PAGE_LIMIT {
            let mut bytes = Vec::with_capacity(len as usize);
            io::Read::read_to_end(&mut { file }, &mut bytes)?;
            return Ok(Found::Page { name, bytes });
        }
        Ok(Found::File { name, file, len })
    });
    match opened {
        Ok(found) => found,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Found::Nothing,
        Err(e) => Found::Unreadable(e),
    }
}

/// The largest page that gets the live-reload script: larger ones (a page
/// listing every story of a huge dossier) are streamed as they are.
const PAGE_LIMIT: u64 = 8 * 1024 * 1024;

fn is_html(name: &Path) -> bool {
    content_type(name).starts_with("text/html")
}

async fn find_off_runtime(site: &Arc<Site>, segments: Vec<String>, folder: bool) -> Found {
    let site = Arc::clone(site);
    tokio::task::spawn_blocking(move || find(&site.output, &segments, folder))
        .await
        .unwrap_or_else(|e| Found::Unreadable(io::Error::other(e)))
}

pub(super) async fn serve_site(
    State(site): State<Arc<Site>>,
    method: Method,
    uri: Uri,
) -> Response {
    // axum answers HEAD like GET, without the body.
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "dossier serve: only GET and HEAD\n",
        )
            .into_response();
    }
    if !site.is_ready() {
        return building();
    }
    let base = site.base();
    match base.target(uri.path()) {
        Target::Site { segments, folder } => serve_file(&site, segments, folder, &uri).await,
        Target::Redirect { status, location } => redirect(status, &location, &uri),
        Target::NotFound => not_found(&site).await,
        Target::BadRequest(reason) => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("dossier serve: refused: {reason}\n"),
        )
            .into_response(),
    }
}

async fn serve_file(site: &Arc<Site>, segments: Vec<String>, folder: bool, uri: &Uri) -> Response {
    match find_off_runtime(site, segments.clone(), folder).await {
        Found::Page { name, bytes } => page_response(StatusCode::OK, &name, bytes),
        Found::File { name, file, len } => file_response(StatusCode::OK, &name, file, len),
        Found::Folder => redirect(
            StatusCode::MOVED_PERMANENTLY,
            &site.base().folder_url(&segments),
            uri,
        ),
        Found::Nothing => not_found(site).await,
        Found::Unreadable(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("dossier serve: cannot read {}: {e}\n", uri.path()),
        )
            .into_response(),
    }
}

/// The answer while the first build runs: a page that asks again shortly,
/// rather than a 404 of a page about to exist.
fn building() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "1"),
        ],
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"1\"><title>Building…</title></head><body><p>dossier is building the site; this page reloads when it is ready.</p></body></html>\n",
    )
        .into_response()
}

/// The site's own `404.html`, else a plain text page.
async fn not_found(site: &Arc<Site>) -> Response {
    match find_off_runtime(site, vec!["404.html".to_string()], false).await {
        Found::Page { name, bytes } => page_response(StatusCode::NOT_FOUND, &name, bytes),
        Found::File { name, file, len } => file_response(StatusCode::NOT_FOUND, &name, file, len),
        _ => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "404 Not Found\n",
        )
            .into_response(),
    }
}

/// Redirects to `location`, keeping the request's query.
fn redirect(status: StatusCode, location: &str, uri: &Uri) -> Response {
    let location = match uri.query() {
        Some(query) => format!("{location}?{query}"),
        None => location.to_string(),
    };
    // The location is built from the base path and re-encoded segments, so
    // it is always a valid header value; a bad one would answer 500.
    (status, [(header::LOCATION, location)]).into_response()
}

fn page_response(status: StatusCode, name: &Path, bytes: Vec<u8>) -> Response {
    let body = inject_live_reload(bytes);
    (status, [(header::CONTENT_TYPE, content_type(name))], body).into_response()
}

fn file_response(status: StatusCode, name: &Path, file: std::fs::File, len: u64) -> Response {
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    (
        status,
        [
            (header::CONTENT_TYPE, content_type(name).to_string()),
            (header::CONTENT_LENGTH, len.to_string()),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}

/// The content type of a file, from its name.
fn content_type(name: &Path) -> &'static str {
    if name.file_name().is_some_and(|n| n == "atom.xml") {
        return "application/atom+xml";
    }
    let extension = name
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str) -> BasePaths {
        Site::new(PathBuf::from("public"), base_path).base()
    }

    fn segments(target: Target) -> Vec<String> {
        match target {
            Target::Site { segments, .. } => segments,
            other => panic!("expected a site path, got {other:?}"),
        }
    }

    #[test]
    fn base_paths_are_normalized() {
        assert_eq!(normalize_base_path(""), "/");
        assert_eq!(normalize_base_path("/"), "/");
        assert_eq!(normalize_base_path("assange"), "/assange/");
        assert_eq!(normalize_base_path("/assange"), "/assange/");
        assert_eq!(normalize_base_path("/a/b/"), "/a/b/");
        assert_eq!(
            normalize_base_path("/café au lait/"),
            "/caf%C3%A9%20au%20lait/"
        );
        assert_eq!(normalize_base_path("/caf%C3%A9/"), "/caf%C3%A9/");
    }

    #[test]
    fn paths_under_the_base_path_are_decoded_by_segment() {
        let site = site("/assange/");
        assert_eq!(
            site.target("/assange/"),
            Target::Site {
                segments: vec![],
                folder: true
            }
        );
        assert_eq!(
            segments(site.target("/assange/stories//caf%C3%A9%20x/")),
            ["stories", "café x"]
        );
        assert_eq!(
            site.target("/assange/style.css"),
            Target::Site {
                segments: vec!["style.css".into()],
                folder: false
            }
        );
    }

    #[test]
    fn paths_outside_the_base_path_redirect_or_are_not_found() {
        let site = site("/assange/");
        let redirect = |status, location: &str| Target::Redirect {
            status,
            location: location.into(),
        };
        assert_eq!(site.target("/"), redirect(StatusCode::FOUND, "/assange/"));
        assert_eq!(
            site.target("/assange"),
            redirect(StatusCode::MOVED_PERMANENTLY, "/assange/")
        );
        assert_eq!(site.target("/other"), Target::NotFound);
        assert_eq!(site.target("/assangex/"), Target::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let site = site("/");
        for path in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/a%2Fb",
            "/..%5c..%5cx",
            "/..\\..\\x",
            "/a%00b",
            "/./x",
            "/%ff",
            "x",
        ] {
            assert!(
                matches!(site.target(path), Target::BadRequest(_)),
                "{path} was not refused"
            );
        }
    }

    #[test]
    fn pages_under_a_base_path_that_changed_redirect_to_the_new_one() {
        let site = Site::new(PathBuf::from("public"), "/assange/");
        let found = |location: &str| Target::Redirect {
            status: StatusCode::FOUND,
            location: location.into(),
        };
        site.set_base_path("/");
        let base = site.base();
        assert_eq!(base.target("/assange/stories/x/"), found("/stories/x/"));
        assert_eq!(base.target("/assange/"), found("/"));
        assert_eq!(segments(base.target("/stories/x/")), ["stories", "x"]);
        site.set_base_path("/dossier/");
        let base = site.base();
        assert_eq!(base.target("/stories/x/"), found("/dossier/stories/x/"));
        assert_eq!(segments(base.target("/dossier/tags/")), ["tags"]);
        assert_eq!(site.set_base_path("dossier"), "/dossier/");
        assert_eq!(site.base().previous.as_deref(), Some("/"), "unchanged");
    }

    #[test]
    fn folder_urls_are_re_encoded() {
        let site = site("/assange/");
        let url = site.folder_url(&["café x".into(), "a?b#c".into()]);
        assert_eq!(url, "/assange/caf%C3%A9%20x/a%3Fb%23c/");
    }

    #[test]
    fn content_types_follow_the_file_name() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("atom.xml", "application/atom+xml"),
            ("people/x/atom.xml", "application/atom+xml"),
            ("sitemap.xml", "application/xml"),
            ("LOGO.PNG", "image/png"),
            ("font.woff2", "font/woff2"),
            ("README", "application/octet-stream"),
            ("x.unknown", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }
}
