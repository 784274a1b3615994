//! The development server: files, redirects, base path, traversal, live
//! reload events, and the injected script in a real browser.
//!
//! Requests are written by hand over `TcpStream`, since HTTP clients
//! normalize the `..` segments these tests need to send.
#![cfg(unix)]

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::serve::{IDLE_TIMEOUT, ReloadEvent, ServeOptions, Server};
use tempfile::TempDir;

/// The longest any single wait may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(10);
const SECRET: &str = "TOP SECRET: outside the output folder";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

// ---------------------------------------------------------------------------
// A built site and a server over it

struct Fixture {
    dir: TempDir,
    server: Server,
}

impl Fixture {
    /// A small output folder served under `base_path`, with a secret file
    /// beside it and symlinks pointing at it.
    fn new(base_path: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        write_site(&dir.path().join("public"));
        fs::create_dir(dir.path().join("outside")).unwrap();
        fs::write(dir.path().join("outside/secret.txt"), SECRET).unwrap();
        let server = serve(&dir.path().join("public"), base_path);
        Fixture { dir, server }
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn get(&self, target: &str) -> Reply {
        request(self.server.address(), "GET", target)
    }
}

fn serve(output: &Path, base_path: &str) -> Server {
    let server = Server::start(ServeOptions {
        output: output.to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        base_path: base_path.to_string(),
        idle_timeout: IDLE_TIMEOUT,
    })
    .expect("the server starts");
    server.site_ready();
    server
}

fn write_site(output: &Path) {
    let page = |title: &str| {
        format!(
            "<!doctype html><html><head><title>{title}</title>\
             <link rel=\"stylesheet\" href=\"/assange/style.css\"></head>\
             <body><h1>{title}</h1></body></html>\n"
        )
    };
    let files = [
        ("index.html", page("Home").into_bytes()),
        ("stories/x/index.html", page("Story X").into_bytes()),
        ("style.css", b"body { color: #222 }\n".to_vec()),
        ("atom.xml", b"<?xml version=\"1.0\"?><feed/>\n".to_vec()),
        (
            "sitemap.xml",
            b"<?xml version=\"1.0\"?><urlset/>\n".to_vec(),
        ),
        ("images/pic.png", PNG.to_vec()),
        ("404.html", page("Page not found").into_bytes()),
    ];
    for (name, bytes) in files {
        let path = output.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    fs::write(output.join("live.html"), LIVE_PAGE).unwrap();
    std::os::unix::fs::symlink("../outside/secret.txt", output.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink("../outside", output.join("leakdir")).unwrap();
}

// ---------------------------------------------------------------------------
// A hand-written HTTP/1.1 client

#[derive(Debug)]
struct Reply {
    status: u16,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn request(address: SocketAddr, method: &str, target: &str) -> Reply {
    request_with(address, method, target, &format!("Host: {address}\r\n"))
}

/// Sends `head` (a request line and header lines, without the blank line
/// that ends them) and reads the reply's status and headers; the body is
/// left in the reader.
fn send(address: SocketAddr, head: &str) -> (BufReader<TcpStream>, u16, Vec<(String, String)>) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(stream, "{head}\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    (reader, status, headers)
}

/// A request with exactly the header lines `headers` (each ending in CRLF).
fn request_with(address: SocketAddr, method: &str, target: &str, headers: &str) -> Reply {
    let head = format!("{method} {target} HTTP/1.1\r\n{headers}Connection: close\r\n");
    let (mut reader, status, headers) = send(address, &head);
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    reply.body = read_body(&mut reader, &reply, method);
    reply
}

/// Reads by the framing headers: Chromium's DevTools server keeps the
/// connection open despite `Connection: close`.
fn read_body(reader: &mut impl BufRead, reply: &Reply, method: &str) -> Vec<u8> {
    let mut body = Vec::new();
    if reply.header("transfer-encoding") == Some("chunked") {
        while let Some(chunk) = read_chunk(reader) {
            body.extend(chunk);
        }
    } else if method == "HEAD" {
        // Read to the end, to see that no body follows.
        reader
            .read_to_end(&mut body)
            .expect("the connection closes");
    } else if let Some(length) = reply.header("content-length") {
        body.resize(length.parse().expect("a length"), 0);
        reader.read_exact(&mut body).expect("the whole body");
    } else {
        reader
            .read_to_end(&mut body)
            .expect("the connection closes");
    }
    body
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let status_line = read_line(reader);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader);
        if line.is_empty() {
            return (status, headers);
        }
        let (name, value) = line.split_once(':').expect("a header line");
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
}

/// One line without its CRLF; fails on a timeout rather than hanging.
fn read_line(reader: &mut impl BufRead) -> String {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("a line within the timeout");
    line.trim_end_matches(['\r', '\n']).to_string()
}

/// The next chunk of a chunked body; `None` after the last one.
fn read_chunk(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let size_line = read_line(reader);
    let size = usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
        .unwrap_or_else(|_| panic!("bad chunk size {size_line:?}"));
    let mut chunk = vec![0; size];
    reader.read_exact(&mut chunk).expect("a whole chunk");
    assert_eq!(read_line(reader), "", "a chunk ends with CRLF");
    (size > 0).then_some(chunk)
}

// ---------------------------------------------------------------------------
// Files, folders, 404, HEAD

#[test]
fn files_are_served_with_their_content_types() {
    let site = Fixture::new("/assange/");
    let cases = [
        ("/assange/", "text/html; charset=utf-8"),
        ("/assange/style.css", "text/css; charset=utf-8"),
        ("/assange/atom.xml", "application/atom+xml"),
        ("/assange/sitemap.xml", "application/xml"),
        ("/assange/images/pic.png", "image/png"),
    ];
    for (target, content_type) in cases {
        let reply = site.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
    }
    assert_eq!(site.get("/assange/images/pic.png").body, PNG);
    assert_eq!(
        site.get("/assange/style.css").text(),
        "body { color: #222 }\n"
    );
}

#[test]
fn folders_serve_their_index_and_redirect_without_their_slash() {
    let site = Fixture::new("/assange/");
    let story = site.get("/assange/stories/x/");
    assert_eq!(story.status, 200);
    assert!(story.text().contains("<h1>Story X</h1>"));

    let redirect = site.get("/assange/stories/x?from=feed");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location"),
        Some("/assange/stories/x/?from=feed")
    );
    // A file asked as a folder names nothing.
    assert_eq!(site.get("/assange/style.css/").status, 404);
}

#[test]
fn missing_pages_get_the_sites_404_page() {
    let site = Fixture::new("/assange/");
    let reply = site.get("/assange/no/such/page/");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(reply.text().contains("<h1>Page not found</h1>"));
    assert!(reply.text().contains("/__dossier/events"));
}

#[test]
fn without_a_404_page_or_an_output_folder_the_404_is_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    // The first build may not have written the folder yet.
    let server = serve(&dir.path().join("public"), "/");
    let reply = request(server.address(), "GET", "/anything");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.text(), "404 Not Found\n");
}

#[test]
fn head_requests_get_the_headers_without_the_body() {
    let site = Fixture::new("/assange/");
    for target in ["/assange/", "/assange/style.css", "/assange/missing"] {
        let get = site.get(target);
        let head = request(site.server.address(), "HEAD", target);
        assert_eq!(head.status, get.status, "{target}");
        assert_eq!(head.header("content-type"), get.header("content-type"));
        let length = get.body.len().to_string();
        assert_eq!(head.header("content-length"), Some(length.as_str()));
        assert!(head.body.is_empty(), "{target}");
    }
}

#[test]
fn other_methods_are_not_allowed() {
    let site = Fixture::new("/");
    let reply = request(site.server.address(), "POST", "/");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
}

#[test]
fn every_response_says_no_store() {
    let site = Fixture::new("/assange/");
    for (target, status) in [
        ("/assange/", 200),
        ("/assange/style.css", 200),
        ("/assange/stories/x", 301),
        ("/", 302),
        ("/assange/missing", 404),
        ("/assange/%2e%2e/x", 400),
    ] {
        let reply = site.get(target);
        assert_eq!(reply.status, status, "{target}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{target}");
    }
    let events = EventStream::open(site.server.address());
    assert_eq!(events.cache_control.as_deref(), Some("no-store"));
}

// ---------------------------------------------------------------------------
// Base path

#[test]
fn the_site_is_served_under_its_base_path() {
    let site = Fixture::new("/assange/");
    let url = site.server.url();
    assert_eq!(
        url,
        format!("http://127.0.0.1:{}/assange/", site.server.address().port())
    );
    assert!(site.get("/assange/").text().contains("<h1>Home</h1>"));

    let root = site.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/assange/"));
    let bare = site.get("/assange");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/assange/"));

    for outside in ["/other", "/style.css", "/assangex/"] {
        let reply = site.get(outside);
        assert_eq!(reply.status, 404, "{outside}");
        assert!(reply.text().contains("<h1>Page not found</h1>"));
    }
}

#[test]
fn a_site_at_the_root_is_served_at_the_root() {
    let site = Fixture::new("/");
    assert_eq!(
        site.server.url(),
        format!("http://127.0.0.1:{}/", site.server.address().port())
    );
    assert!(site.get("/").text().contains("<h1>Home</h1>"));
    assert_eq!(site.get("/style.css").status, 200);
    assert_eq!(
        site.get("/stories/x").header("location"),
        Some("/stories/x/")
    );
}

#[test]
fn a_base_path_with_other_letters_matches_requests_as_browsers_send_them() {
    let site = Fixture::new("/dossiers/café/");
    assert!(site.server.url().ends_with("/dossiers/caf%C3%A9/"));
    assert_eq!(site.get("/dossiers/caf%C3%A9/style.css").status, 200);
    assert_eq!(
        site.get("/").header("location"),
        Some("/dossiers/caf%C3%A9/")
    );
}

// ---------------------------------------------------------------------------
// The injected script

#[test]
fn html_responses_get_the_reload_script_and_files_on_disk_do_not() {
    let site = Fixture::new("/assange/");
    let page = site.get("/assange/stories/x/").text();
    let script = page.find("<script>").expect("a script in the served page");
    assert!(page[script..].contains("new EventSource(\"/__dossier/events\")"));
    assert!(
        page[script..].ends_with("</script>\n</body></html>\n"),
        "the script goes just before </body>"
    );

    let on_disk = fs::read_to_string(site.output().join("stories/x/index.html")).unwrap();
    assert!(!on_disk.contains("<script"));
    assert!(!site.get("/assange/style.css").text().contains("<script"));
}

// ---------------------------------------------------------------------------
// Traversal

#[test]
fn no_request_reaches_a_file_outside_the_output_folder() {
    let site = Fixture::new("/assange/");
    let root = Fixture::new("/");
    let attempts = [
        "/../etc/passwd",
        "/assange/../outside/secret.txt",
        "/assange/..%2f..%2fetc%2fpasswd",
        "/assange/..%2foutside%2fsecret.txt",
        "/assange/%2e%2e/%2e%2e/etc/passwd",
        "/assange/%2e%2e/outside/secret.txt",
        "/assange/%2E%2E%2Foutside/secret.txt",
        "/assange/..\\..\\x",
        "/assange/..%5coutside%5csecret.txt",
        "/assange/leak.txt",
        "/assange/leakdir/secret.txt",
        "/assange/leakdir/",
        "/assange/secret.txt%00.html",
        "//etc/passwd",
        "/assange//etc/passwd",
        "/assange/%2fetc%2fpasswd",
    ];
    for attempt in attempts {
        for (fixture, target) in [
            (&site, attempt.to_string()),
            (&root, attempt.replacen("/assange/", "/", 1)),
        ] {
            let reply = fixture.get(&target);
            assert!(
                reply.status == 400 || reply.status == 404,
                "{target}: status {}",
                reply.status
            );
            let text = reply.text();
            assert!(!text.contains(SECRET), "{target} leaked the secret");
            assert!(!text.contains("root:"), "{target} leaked /etc/passwd");
        }
    }
}

#[test]
fn symlinks_inside_the_output_folder_are_followed() {
    let site = Fixture::new("/");
    std::os::unix::fs::symlink("style.css", site.output().join("alias.css")).unwrap();
    let reply = site.get("/alias.css");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "body { color: #222 }\n");
}

// ---------------------------------------------------------------------------
// Live reload events

/// One Server-Sent Event.
#[derive(Debug, PartialEq, Eq)]
struct Sse {
    name: String,
    data: String,
}

fn sse(name: &str, data: &str) -> Sse {
    Sse {
        name: name.into(),
        data: data.into(),
    }
}

/// The live-reload event stream read from a raw socket, as a browser would.
struct EventStream {
    reader: BufReader<TcpStream>,
    cache_control: Option<String>,
    /// Decoded text not yet made into events.
    pending: String,
}

impl EventStream {
    /// Returns once the server answered, which is after it subscribed the
    /// stream to notifications.
    fn open(address: SocketAddr) -> EventStream {
        let head = format!(
            "GET /__dossier/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n"
        );
        let (reader, status, headers) = send(address, &head);
        assert_eq!(status, 200);
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(header("content-type").as_deref(), Some("text/event-stream"));
        assert_eq!(header("transfer-encoding").as_deref(), Some("chunked"));
        EventStream {
            reader,
            cache_control: header("cache-control"),
            pending: String::new(),
        }
    }

    /// The next event with data, skipping comments and the `retry:` field.
    fn next(&mut self) -> Sse {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                if let Some(event) = parse_event(&block) {
                    return event;
                }
                continue;
            }
            let chunk = read_chunk(&mut self.reader).expect("the stream stays open");
            self.pending.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }
}

fn parse_event(block: &str) -> Option<Sse> {
    let mut name = "message".to_string();
    let mut data: Option<Vec<&str>> = None;
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = value.trim_start().to_string();
        } else if let Some(value) = line.strip_prefix("data:") {
            let value = value.strip_prefix(' ').unwrap_or(value);
            data.get_or_insert_with(Vec::new).push(value);
        }
    }
    Some(Sse {
        name,
        data: data?.join("\n"),
    })
}

#[test]
fn notifications_reach_every_open_event_stream() {
    let site = Fixture::new("/assange/");
    let mut first = EventStream::open(site.server.address());
    let mut second = EventStream::open(site.server.address());
    let message =
        "content/stories/a.md:3:1: error: unknown key `peple`\n  hint: did you mean `people`?";
    let expected = [
        (ReloadEvent::Reload, sse("reload", "reload")),
        (ReloadEvent::Css, sse("css", "css")),
        (ReloadEvent::Error(message.into()), sse("error", message)),
        (ReloadEvent::Clear, sse("clear", "clear")),
    ];
    for (event, sent) in expected {
        site.server.notify(event);
        assert_eq!(first.next(), sent);
        assert_eq!(second.next(), sent);
    }
}

#[test]
fn a_page_opened_while_the_build_is_broken_gets_the_error_at_once() {
    let site = Fixture::new("/");
    // Without a browser, notifying is a no-op that must not block or fail.
    site.server.notify(ReloadEvent::Reload);
    site.server
        .notify(ReloadEvent::Error("broken\r\nbuild".into()));
    let mut events = EventStream::open(site.server.address());
    assert_eq!(events.next(), sse("error", "broken\nbuild"));

    site.server.notify(ReloadEvent::Clear);
    assert_eq!(events.next(), sse("clear", "clear"));
    site.server.notify(ReloadEvent::Reload);
    assert_eq!(events.next(), sse("reload", "reload"));
    // Browsers drop events without data.
    site.server.notify(ReloadEvent::Error(String::new()));
    assert_eq!(events.next(), sse("error", "(no message)"));
    site.server.notify(ReloadEvent::Clear);
    assert_eq!(events.next(), sse("clear", "clear"));
    // Fixed: a page opened now has nothing to show.
    let mut later = EventStream::open(site.server.address());
    site.server.notify(ReloadEvent::Css);
    assert_eq!(later.next(), sse("css", "css"));
}

// ---------------------------------------------------------------------------
// Ports

#[test]
fn a_port_in_use_is_an_io_error() {
    let site = Fixture::new("/");
    let taken = site.server.address();
    let error = Server::start(ServeOptions {
        output: site.output(),
        bind: taken.ip(),
        port: taken.port(),
        base_path: "/".into(),
        idle_timeout: IDLE_TIMEOUT,
    })
    .err()
    .expect("a second server on the same port fails");
    assert_eq!(error.kind(), io::ErrorKind::AddrInUse);
    assert!(error.to_string().contains(&taken.to_string()), "{error}");
}

#[test]
fn stopping_frees_the_port_and_ends_event_streams() {
    let site = Fixture::new("/");
    let address = site.server.address();
    let mut events = EventStream::open(address);
    site.server.stop();
    // The stream ends, cleanly or with a reset, rather than timing out.
    let mut rest = Vec::new();
    if let Err(e) = events.reader.read_to_end(&mut rest) {
        let timed_out = matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        );
        assert!(!timed_out, "the event stream stayed open after stop");
    }

    let again = Server::start(ServeOptions {
        output: site.dir.path().join("public"),
        bind: address.ip(),
        port: address.port(),
        base_path: "/".into(),
        idle_timeout: IDLE_TIMEOUT,
    })
    .expect("the port is free again");
    again.site_ready();
    assert_eq!(request(again.address(), "GET", "/style.css").status, 200);
}

// ---------------------------------------------------------------------------
// The script in a real browser

/// A page that reports its state in its title, which the DevTools HTTP
/// endpoint lists: how often it was loaded (sessionStorage survives a
/// reload), whether the live-reload EventSource is open (wrapped before
/// the injected script creates it), whether the stylesheet was swapped,
/// the overlay's text, and whether the error's markup became elements.
const LIVE_PAGE: &str = r#"<!doctype html>
<html><head><title>live</title><link rel="stylesheet" href="/assange/style.css"></head>
<body><p>Live page</p>
<script>
const state = { loads: Number(sessionStorage.getItem("loads") || 0) + 1, connected: false };
sessionStorage.setItem("loads", state.loads);
const NativeEventSource = window.EventSource;
window.EventSource = class extends NativeEventSource {
  constructor(...args) {
    super(...args);
    this.addEventListener("open", () => { state.connected = true; });
  }
};
setInterval(() => {
  const overlay = document.getElementById("__dossier-error");
  document.title = JSON.stringify({
    ...state,
    css: document.querySelector('link[rel="stylesheet"]').href.includes("dossier-reload"),
    overlay: overlay && overlay.textContent,
    markup: document.getElementById("injected") !== null,
  });
}, 20);
</script>
</body></html>
"#;

/// Headless Chromium with a DevTools port, ended (with its helper
/// processes) when dropped.
struct Browser {
    child: Child,
    profile: TempDir,
}

impl Browser {
    /// `None` when Chromium is not installed (outside CI).
    fn open(url: &str) -> Option<Browser> {
        let profile = tempfile::tempdir().unwrap();
        let spawned = crate::common::chromium(profile.path())
            .arg("--remote-debugging-port=0")
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match spawned {
            Ok(child) => Some(Browser { child, profile }),
            Err(e) if std::env::var_os("CI").is_some() => {
                panic!("chromium is required in CI: {e}")
            }
            Err(_) => {
                eprintln!("skipped: chromium is not installed (apt-get install chromium)");
                None
            }
        }
    }

    /// The DevTools port, from the file Chromium writes once it listens.
    fn devtools_port(&self) -> u16 {
        let file = self.profile.path().join("DevToolsActivePort");
        wait_for("Chromium's DevTools port", || {
            let text = fs::read_to_string(&file).ok()?;
            text.lines().next()?.trim().parse().ok()
        })
    }

    /// The title of the open page whose URL ends with `page`.
    fn title(&self, port: u16, page: &str) -> Option<String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let reply = request(address, "GET", "/json/list");
        let targets: serde_json::Value = serde_json::from_slice(&reply.body).ok()?;
        targets.as_array()?.iter().find_map(|target| {
            let url = target["url"].as_str()?;
            url.ends_with(page)
                .then(|| target["title"].as_str().map(unescape_html))?
        })
    }
}

/// DevTools lists titles HTML-escaped.
fn unescape_html(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SIGTERM lets Chromium end its renderer and helper processes;
        // SIGKILL is the fallback.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `probe` until it gives a value; fails after [`TIMEOUT`].
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PageState {
    loads: u64,
    connected: bool,
    css: bool,
    overlay: Option<String>,
    markup: bool,
}

fn page_state(title: &str) -> Option<PageState> {
    let value: serde_json::Value = serde_json::from_str(title).ok()?;
    Some(PageState {
        loads: value["loads"].as_u64()?,
        connected: value["connected"].as_bool()?,
        css: value["css"].as_bool()?,
        overlay: value["overlay"].as_str().map(String::from),
        markup: value["markup"].as_bool()?,
    })
}

#[test]
fn the_injected_script_reloads_swaps_css_and_shows_errors_in_chromium() {
    let site = Fixture::new("/assange/");
    let Some(browser) = Browser::open(&format!("{}live.html", site.server.url())) else {
        return;
    };
    let port = browser.devtools_port();
    let wait_until = |what: &str, done: &dyn Fn(&PageState) -> bool| -> PageState {
        wait_for(what, || {
            let state = page_state(&browser.title(port, "live.html")?)?;
            done(&state).then_some(state)
        })
    };

    // Each notification is sent once the page listens, so none is lost.
    wait_until("the page to listen", &|s| s.loads == 1 && s.connected);
    site.server.notify(ReloadEvent::Reload);
    wait_until("the reload", &|s| s.loads == 2 && s.connected);

    site.server.notify(ReloadEvent::Css);
    let swapped = wait_until("the stylesheet swap", &|s| s.css);
    assert_eq!(swapped.loads, 2, "a CSS change does not reload the page");

    let message = "content/a.md:1:1: error: <b id=\"injected\">bad</b> & more\nhint: line two";
    site.server.notify(ReloadEvent::Error(message.into()));
    let failed = wait_until("the error overlay", &|s| s.overlay.is_some());
    let overlay = failed.overlay.unwrap();
    assert!(overlay.ends_with(message), "{overlay:?}");
    assert!(!failed.markup, "the message is shown as text");

    site.server.notify(ReloadEvent::Clear);
    let cleared = wait_until("the overlay to go", &|s| s.overlay.is_none());
    assert_eq!(cleared.loads, 2);
}

// ---------------------------------------------------------------------------
// `dossier serve` end to end: the binary, a fixture site, edits and the browser channel

/// `dossier serve` on an ephemeral port over a temp copy of a fixture.
struct Serving {
    child: Child,
    site: TempDir,
    address: SocketAddr,
}

impl Serving {
    fn start() -> Serving {
        let site = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        crate::common::copy_tree(&fixture, site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        // `serving DIR at http://127.0.0.1:PORT/dossiers/assange/ (Ctrl-C to stop)`
        let url = first
            .split(" at http://")
            .nth(1)
            .expect("the URL is printed");
        let address: SocketAddr = url.split('/').next().unwrap().parse().unwrap();
        // Keep reading stdout so that the child never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serving {
            child,
            site,
            address,
        }
    }

    fn get(&self, target: &str) -> Reply {
        request(self.address, "GET", target)
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.site.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Polls `target` until its reply satisfies `condition`.
    fn eventually(&self, target: &str, condition: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(target);
            if condition(&reply) {
                return reply;
            }
            assert!(start.elapsed() < TIMEOUT, "timed out waiting on {target}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const STORY: &str = "content/stories/2013/talks.md";
const BASE: &str = "/dossiers/assange/";

#[test]
fn dossier_serve_rebuilds_and_reloads_on_every_change() {
    let serving = Serving::start();
    let home = serving.eventually(BASE, |r| r.status == 200);
    assert!(
        home.text().contains("/__dossier/events"),
        "served pages get the reload script"
    );
    let on_disk = fs::read_to_string(serving.site.path().join("public/index.html")).unwrap();
    assert!(
        !on_disk.contains("/__dossier/events"),
        "built files never do"
    );

    let mut events = EventStream::open(serving.address);
    let text = fs::read_to_string(serving.site.path().join(STORY)).unwrap();
    serving.write(STORY, &text.replace("45 minutes", "ninety minutes"));
    assert_eq!(events.next().name, "reload");
    let page = serving.get(&format!("{BASE}stories/talks/"));
    assert!(
        page.text().contains("ninety minutes"),
        "the reload comes after the rebuild wrote"
    );

    serving.write(
        "content/stories/2014/new.md",
        "---\ntitle: New\ndate: 2014-01-01\n---\nNew.\n",
    );
    assert_eq!(events.next().name, "reload");
    assert_eq!(serving.get(&format!("{BASE}stories/new/")).status, 200);

    let root = serving.site.path();
    fs::rename(
        root.join("content/stories/2014/new.md"),
        root.join("content/stories/2014/moved.md"),
    )
    .unwrap();
    assert_eq!(events.next().name, "reload");
    assert_eq!(serving.get(&format!("{BASE}stories/new/")).status, 404);
    assert_eq!(serving.get(&format!("{BASE}stories/moved/")).status, 200);

    fs::remove_file(root.join("content/stories/2014/moved.md")).unwrap();
    assert_eq!(events.next().name, "reload");
    let gone = serving.get(&format!("{BASE}stories/moved/"));
    assert_eq!(gone.status, 404);
    assert!(
        gone.text().contains("Lost in the dossier"),
        "the site's own 404 page"
    );

    serving.write("static/extra.css", "body { color: red; }");
    assert_eq!(
        events.next().name,
        "css",
        "a stylesheet alone is swapped, not reloaded"
    );

    let traversal = request(
        serving.address,
        "GET",
        "/dossiers/assange/../../../../etc/passwd",
    );
    assert!(
        !traversal.text().contains("root:"),
        "no way out of the output folder"
    );
}

#[test]
fn dossier_serve_shows_build_errors_until_fixed() {
    let serving = Serving::start();
    serving.eventually(BASE, |r| r.status == 200);
    let mut events = EventStream::open(serving.address);
    let good = fs::read_to_string(serving.site.path().join(STORY)).unwrap();

    serving.write(STORY, "---\ntitle: [broken\n---\n");
    let error = events.next();
    assert_eq!(error.name, "error");
    assert!(
        error
            .data
            .contains("content/stories/2013/talks.md:3:1: error: invalid YAML"),
        "{}",
        error.data
    );
    let page = serving.get(&format!("{BASE}stories/talks/"));
    assert_eq!(page.status, 200, "the last good site is still served");

    serving.write(STORY, &good.replace("45 minutes", "fixed"));
    assert_eq!(events.next().name, "clear");
    assert_eq!(events.next().name, "reload");
    assert!(
        serving
            .get(&format!("{BASE}stories/talks/"))
            .text()
            .contains("fixed")
    );
}

#[test]
fn dossier_serve_follows_an_edit_of_base_url() {
    let serving = Serving::start();
    serving.eventually(BASE, |r| r.status == 200);
    let mut events = EventStream::open(serving.address);
    let config = fs::read_to_string(serving.site.path().join("dossier.yaml")).unwrap();
    let moved = config.replace("/dossiers/assange/", "/moved/");
    assert_ne!(moved, config, "the fixture's base_url has the path {BASE}");
    serving.write("dossier.yaml", &moved);
    assert_eq!(events.next().name, "reload");
    let page = serving.get("/moved/stories/talks/");
    assert_eq!(page.status, 200, "served under the new path");
    assert!(page.text().contains("href=\"/moved/"), "built for it");
    let old = serving.get(&format!("{BASE}stories/talks/?x=1"));
    assert_eq!(old.status, 302, "a page open under the old path");
    assert_eq!(old.header("location"), Some("/moved/stories/talks/?x=1"));
}

#[test]
fn dossier_serve_says_why_it_cannot_start() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    crate::common::copy_tree(&fixture, site.path());
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("another program uses the port: choose another with --port"),
        "{stderr}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--bind", "192.0.2.1", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not one of this machine's"), "{stderr}");
    assert!(!stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_request_naming_another_host_or_from_another_origin_is_refused() {
    let fixture = Fixture::new("/");
    let address = fixture.server.address();
    let port = address.port();
    // By address or as localhost: served.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let reply = request_with(address, "GET", "/", &format!("Host: {host}\r\n"));
        assert_eq!(reply.status, 200, "{host}");
    }
    // A name that is not this machine's, as a DNS-rebinding page sends it.
    let reply = request_with(
        address,
        "GET",
        "/",
        &format!("Host: attacker.example:{port}\r\n"),
    );
    assert_eq!(reply.status, 403);
    assert!(
        reply.text().contains("not an address of this server"),
        "{}",
        reply.text()
    );
    let reply = request_with(address, "GET", "/", "");
    assert_eq!(reply.status, 403, "no Host at all");
    // The live-reload stream answers the site's own pages only.
    let own = format!("Host: 127.0.0.1:{port}\r\n");
    let reply = request_with(
        address,
        "GET",
        "/__dossier/events",
        &format!("{own}Origin: http://attacker.example\r\n"),
    );
    assert_eq!(reply.status, 403);
    assert!(
        reply
            .text()
            .contains("from the page of http://attacker.example")
    );
}

#[test]
fn hidden_files_are_never_served() {
    let fixture = Fixture::new("/");
    fs::write(
        fixture.output().join(".dossier-manifest"),
        "fingerprint x\n",
    )
    .unwrap();
    fs::create_dir_all(fixture.output().join("stories/.staged")).unwrap();
    fs::write(fixture.output().join("stories/.staged/index.html"), SECRET).unwrap();
    for target in [
        "/.dossier-manifest",
        "/stories/.staged/",
        "/stories/.staged/index.html",
        "/%2Edossier-manifest",
    ] {
        let reply = fixture.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.text().contains("fingerprint") && !reply.text().contains(SECRET));
    }
}

/// The resident memory of process `pid`, in bytes.
fn resident_bytes(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS");
    kb * 1024
}

/// Downloads `target`, counting its body's bytes without keeping them.
fn download_length(address: SocketAddr, target: &str) -> u64 {
    let head = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    let (mut reader, status, _) = send(address, &head);
    assert_eq!(status, 200);
    io::copy(&mut reader, &mut io::sink()).unwrap()
}

#[test]
fn large_files_are_streamed_in_bounded_memory() {
    let serving = Serving::start();
    serving.eventually(BASE, |r| r.status == 200);
    const SIZE: u64 = 96 * 1024 * 1024;
    let big = serving.site.path().join("static/files/big.bin");
    fs::create_dir_all(big.parent().unwrap()).unwrap();
    fs::File::create(&big).unwrap().set_len(SIZE).unwrap();
    let target = format!("{BASE}files/big.bin");
    serving.eventually(&target, |r| r.status == 200);
    let pid = serving.child.id();
    let before = resident_bytes(pid);
    let address = serving.address;
    let downloads: Vec<_> = (0..6)
        .map(|_| {
            let target = target.clone();
            std::thread::spawn(move || download_length(address, &target))
        })
        .collect();
    let mut peak = before;
    while !downloads.iter().all(|d| d.is_finished()) {
        peak = peak.max(resident_bytes(pid));
        std::thread::sleep(Duration::from_millis(5));
    }
    for download in downloads {
        assert_eq!(download.join().unwrap(), SIZE, "every byte arrives");
    }
    // Read whole, six downloads would hold six copies of the file.
    assert!(
        peak - before < SIZE,
        "serving six downloads of {SIZE} bytes grew the server by {} bytes",
        peak - before
    );
}

#[test]
fn until_the_first_build_is_over_every_request_is_asked_to_come_back() {
    let dir = tempfile::tempdir().unwrap();
    write_site(&dir.path().join("public"));
    let server = Server::start(ServeOptions {
        output: dir.path().join("public"),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        base_path: "/".into(),
        idle_timeout: IDLE_TIMEOUT,
    })
    .unwrap();
    // A page that is about to exist, and one that already does: neither is
    // served from a folder a build may be halfway through.
    for target in ["/", "/style.css", "/not-yet/"] {
        let reply = request(server.address(), "GET", target);
        assert_eq!(reply.status, 503, "{target}");
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert!(reply.text().contains("http-equiv=\"refresh\""));
    }
    server.site_ready();
    assert_eq!(request(server.address(), "GET", "/style.css").status, 200);
}

#[test]
fn connections_that_send_no_request_are_closed() {
    let output = tempfile::tempdir().unwrap();
    write_site(output.path());
    let server = Server::start(ServeOptions {
        output: output.path().to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        base_path: "/assange/".into(),
        idle_timeout: Duration::from_millis(300),
    })
    .unwrap();
    server.site_ready();
    let connect = || {
        let stream = TcpStream::connect(server.address()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream
    };
    let silent = connect();
    let mut trickling = connect();
    trickling
        .write_all(b"GET /assange/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let mut kept_alive = connect();
    kept_alive
        .write_all(b"GET /assange/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    for (what, mut stream) in [
        ("silent", silent),
        ("trickling", trickling),
        ("kept alive", kept_alive),
    ] {
        // Whatever the server answers, it then closes the connection; a
        // read that times out would mean it is still open.
        let mut answer = Vec::new();
        match stream.read_to_end(&mut answer) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("{what}: the connection stayed open ({e})"),
        }
        if what == "kept alive" {
            let text = String::from_utf8_lossy(&answer);
            assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        }
    }
}
