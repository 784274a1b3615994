//! The development server of `dossier serve`: the output folder over HTTP, with live reload.
//!
//! The server maps URLs under the site's base path to files of the output
//! folder, the way a static host would (`index.html` for folders, a redirect
//! for a folder asked without its slash, the site's `404.html`), with
//! `Cache-Control: no-store` on every response so the browser always shows
//! the latest build.
//!
//! Live reload: every HTML response gets a small script, injected in memory
//! (the files on disk are never touched), that listens to Server-Sent Events
//! on `/__dossier/events`. The caller — the watch loop — calls [`Server::notify`]
//! after each rebuild finished writing, so a page reloads only once the new
//! files are complete.
//!
//! The server runs on its own small tokio runtime, so that the synchronous
//! CLI and watch loop can drive it through plain method calls.

use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tokio::sync::broadcast;

/// The path of the live-reload event stream. It is outside any base path
/// (sites live under `/<path>/`, never under `/__dossier/`), so the injected
/// script can use it as is whatever the base path.
const EVENTS_PATH: &str = "/__dossier/events";

/// Proxies and browsers close idle connections; a comment this often keeps
/// the event stream open.
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(15);

/// How long a browser waits before reconnecting after the server went away
/// (a restarted `dossier serve`); browsers default to about 3 s.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// Events a browser has not read yet; one that falls further behind reloads.
const EVENT_BACKLOG: usize = 16;

/// How long [`Server::stop`] waits for the runtime's threads.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);

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

/// The script injected into every HTML response, just before `</body>`.
///
/// The overlay's text is set with `textContent`, so a build error shows as
/// text, never as markup.
const LIVE_RELOAD_SCRIPT: &str = r#"<script>
// Injected by `dossier serve` (not in the built files): live reload.
(() => {
  const events = new EventSource("/__dossier/events");
  const overlayId = "__dossier-error";
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      // A new query makes the browser fetch the stylesheet again; it keeps
      // the old one applied until the new one has loaded.
      url.searchParams.set("dossier-reload", Date.now());
      link.href = url.href;
    }
  });
  events.addEventListener("error", (event) => {
    // A dropped connection fires a plain Event named "error" too (the
    // EventSource then reconnects by itself); only the server's own
    // `error` events are MessageEvents, carrying the build's message.
    if (!(event instanceof MessageEvent)) return;
    let overlay = document.getElementById(overlayId);
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = overlayId;
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;margin:0;padding:2em;" +
        "overflow:auto;background:rgba(24,24,24,.96);color:#ffd7d7;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "white-space:pre-wrap;text-align:left";
      (document.body || document.documentElement).append(overlay);
    }
    overlay.textContent = "dossier: the build failed\n\n" + event.data;
  });
  events.addEventListener("clear", () => document.getElementById(overlayId)?.remove());
})();
</script>
"#;

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadEvent {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The last build failed: show this message over the page.
    Error(String),
    /// The error is fixed (a successful build follows with Reload or Css).
    Clear,
}

impl ReloadEvent {
    /// The Server-Sent Event the injected script listens to. Every event has
    /// data, since browsers drop events without any.
    fn to_sse(&self) -> Event {
        let (name, data) = match self {
            ReloadEvent::Reload => ("reload", "reload".to_string()),
            ReloadEvent::Css => ("css", "css".to_string()),
            // SSE reads CR and LF each as a line break: a CRLF would show
            // as an empty line between the two.
            ReloadEvent::Error(message) if message.trim().is_empty() => {
                ("error", "(no message)".to_string())
            }
            ReloadEvent::Error(message) => ("error", message.replace("\r\n", "\n")),
            ReloadEvent::Clear => ("clear", "clear".to_string()),
        };
        Event::default().event(name).data(data)
    }
}

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The built site (`public/`). It may not exist yet: requests get the
    /// plain 404 until a build writes it.
    pub output: PathBuf,
    /// The address to listen on; `127.0.0.1` keeps the site to this machine.
    pub bind: IpAddr,
    /// The port; `0` picks a free one (see [`Server::address`]).
    pub port: u16,
    /// The path the site is built for: `/`, or `/assange/` for a site whose
    /// `base_url` is `https://example.org/assange/`.
    pub base_path: String,
}

/// A running server; dropping it (or calling `stop`) shuts it down.
pub struct Server {
    /// `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    address: SocketAddr,
    base_path: String,
    live: Arc<LiveReload>,
}

impl Server {
    /// Binds and starts serving on a background runtime; returns once listening.
    pub fn start(options: ServeOptions) -> io::Result<Server> {
        let listener = listen(SocketAddr::new(options.bind, options.port))?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dossier-serve")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let base_path = normalize_base_path(&options.base_path);
        let live = Arc::new(LiveReload::new());
        let site = Arc::new(Site {
            output: options.output,
            base_path: base_path.clone(),
        });
        let app = router(site, Arc::clone(&live));
        // `axum::serve` only returns on a listener error it cannot recover
        // from; the runtime ends it on shutdown.
        runtime.spawn(async move { axum::serve(listener, app).await });
        Ok(Server {
            runtime: Some(runtime),
            address,
            base_path,
            live,
        })
    }

    /// The address it listens on (with the real port when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The URL to print: `http://127.0.0.1:1111/assange/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", browsable(self.address), self.base_path)
    }

    /// Tells every connected browser (cheap, never blocks; no-op with no browser).
    pub fn notify(&self, event: ReloadEvent) {
        self.live.notify(event);
    }

    /// Closes every connection and frees the port before returning. Like
    /// dropping the server, it must be called from synchronous code, not
    /// from inside an async runtime.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Shutting the runtime down drops the accept loop and every open
            // connection (event streams included), so the port is free again
            // when this returns. Browsers reconnect to the next server.
            runtime.shutdown_timeout(SHUTDOWN_TIMEOUT);
        }
    }
}

/// Binds with std, so that an address in use is an error of `start` itself.
fn listen(address: SocketAddr) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(address)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {address}: {e}")))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

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

/// The address to put in a URL: a server listening on every interface is
/// reachable through loopback.
fn browsable(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

fn router(site: Arc<Site>, live: Arc<LiveReload>) -> Router {
    let events = Router::new()
        .route(EVENTS_PATH, get(event_stream))
        .with_state(live);
    Router::new()
        .fallback(serve_site)
        .with_state(site)
        .merge(events)
        .layer(axum::middleware::map_response(no_store))
}

/// A development server must never let the browser show a stale build.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

// ---------------------------------------------------------------------------
// Live reload

/// The browsers' event streams, and the failed build a newly opened page
/// must show.
struct LiveReload {
    sender: broadcast::Sender<ReloadEvent>,
    last_error: Mutex<Option<String>>,
}

impl LiveReload {
    fn new() -> LiveReload {
        LiveReload {
            sender: broadcast::channel(EVENT_BACKLOG).0,
            last_error: Mutex::new(None),
        }
    }

    fn notify(&self, event: ReloadEvent) {
        *self.last_error_guard() = match &event {
            ReloadEvent::Error(message) => Some(message.clone()),
            _ => None,
        };
        // An error here only means that no browser is listening.
        let _ = self.sender.send(event);
    }

    fn last_error_guard(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        // The value stays consistent even if a holder panicked: it is a
        // plain assignment.
        self.last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The events for one browser: the current build error if any, then
    /// every notification. Subscribing before reading the error means none
    /// is missed (at worst the error comes twice).
    fn subscribe(&self) -> impl Stream<Item = ReloadEvent> + use<> {
        let receiver = self.sender.subscribe();
        let pending = self.last_error_guard().clone().map(ReloadEvent::Error);
        stream::iter(pending).chain(notifications(receiver))
    }
}

fn notifications(receiver: broadcast::Receiver<ReloadEvent>) -> impl Stream<Item = ReloadEvent> {
    stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Ok(event) => Some((event, receiver)),
            // The browser missed events: whatever they were, a reload
            // shows the current build.
            Err(broadcast::error::RecvError::Lagged(_)) => Some((ReloadEvent::Reload, receiver)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    })
}

async fn event_stream(
    State(live): State<Arc<LiveReload>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // The first event sets the reconnection delay; it has no data, so the
    // browser dispatches nothing for it.
    let reconnect = Event::default().retry(RECONNECT_DELAY);
    let events = live.subscribe().map(|event| event.to_sse());
    let stream = stream::once(async { reconnect }).chain(events).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_INTERVAL))
}

// ---------------------------------------------------------------------------
// Requests: from the URL to a place in the output folder

/// The output folder and the URL path it is served under.
struct Site {
    output: PathBuf,
    /// Starts and ends with `/`.
    base_path: String,
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

impl Site {
    fn target(&self, path: &str) -> Target {
        if !path.starts_with('/') {
            return Target::BadRequest("the path must start with /");
        }
        if let Some(inside) = path.strip_prefix(&self.base_path) {
            return site_target(inside);
        }
        if format!("{path}/") == self.base_path {
            return Target::Redirect {
                status: StatusCode::MOVED_PERMANENTLY,
                location: self.base_path.clone(),
            };
        }
        if path == "/" {
            // Temporary: the next site served on this port may live at `/`.
            return Target::Redirect {
                status: StatusCode::FOUND,
                location: self.base_path.clone(),
            };
        }
        Target::NotFound
    }

    /// The URL of a folder of the site, for the redirect that adds its slash.
    fn folder_url(&self, segments: &[String]) -> String {
        let mut url = self.base_path.clone();
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

// ---------------------------------------------------------------------------
// Requests: from the output folder to a response

/// What the output folder holds for a request.
#[derive(Debug)]
enum Found {
    /// A file; `name` is the requested name (`index.html` for a folder),
    /// which gives the content type.
    File {
        name: PathBuf,
        bytes: Vec<u8>,
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
    match std::fs::read(&real) {
        Ok(bytes) => Found::File {
            name: requested.to_path_buf(),
            bytes,
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Found::Nothing,
        Err(e) => Found::Unreadable(e),
    }
}

async fn find_off_runtime(site: &Arc<Site>, segments: Vec<String>, folder: bool) -> Found {
    let site = Arc::clone(site);
    tokio::task::spawn_blocking(move || find(&site.output, &segments, folder))
        .await
        .unwrap_or_else(|e| Found::Unreadable(io::Error::other(e)))
}

async fn serve_site(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    // axum answers HEAD like GET, without the body.
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "dossier serve: only GET and HEAD\n",
        )
            .into_response();
    }
    match site.target(uri.path()) {
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
        Found::File { name, bytes } => file_response(StatusCode::OK, &name, bytes),
        Found::Folder => redirect(
            StatusCode::MOVED_PERMANENTLY,
            &site.folder_url(&segments),
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

/// The site's own `404.html`, else a plain text page.
async fn not_found(site: &Arc<Site>) -> Response {
    match find_off_runtime(site, vec!["404.html".to_string()], false).await {
        Found::File { name, bytes } => file_response(StatusCode::NOT_FOUND, &name, bytes),
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

fn file_response(status: StatusCode, name: &Path, bytes: Vec<u8>) -> Response {
    let content_type = content_type(name);
    let body = if content_type.starts_with("text/html") {
        inject_live_reload(bytes)
    } else {
        bytes
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
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

/// Puts the live-reload script just before the last `</body>`, or at the
/// end of a page without one (browsers run it all the same).
fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    const BODY_END: &[u8] = b"</body";
    let at = html
        .windows(BODY_END.len())
        .rposition(|window| window.eq_ignore_ascii_case(BODY_END))
        .unwrap_or(html.len());
    html.splice(at..at, LIVE_RELOAD_SCRIPT.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str) -> Site {
        Site {
            output: PathBuf::from("public"),
            base_path: normalize_base_path(base_path),
        }
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
    fn urls_of_servers_on_every_interface_use_loopback() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(browsable(any).to_string(), "127.0.0.1:1111");
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        assert_eq!(browsable(any6).to_string(), "[::1]:1111");
        let lan: SocketAddr = "192.0.2.7:1111".parse().unwrap();
        assert_eq!(browsable(lan), lan);
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

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let html = inject_live_reload(b"<p>a</p></BODY></html>".to_vec());
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<p>a</p><script>"));
        assert!(html.contains(&format!("new EventSource(\"{EVENTS_PATH}\")")));
        assert!(html.ends_with("</script>\n</BODY></html>"));

        let fragment = String::from_utf8(inject_live_reload(b"<p>a</p>".to_vec())).unwrap();
        assert!(fragment.starts_with("<p>a</p><script>"));
        assert!(fragment.ends_with("</script>\n"));
    }
}
