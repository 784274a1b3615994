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

mod files;
mod guard;
mod live_reload;
mod policy;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;

use files::{Site, serve_site};
use live_reload::{EVENTS_PATH, LiveReload, event_stream};

pub use live_reload::ReloadEvent;
pub use policy::ReloadPolicy;

/// How long [`Server::stop`] waits for the runtime's threads.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);

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
    /// How long a connection may take to send a request's headers, and
    /// stay open idle between requests (see [`IDLE_TIMEOUT`]).
    pub idle_timeout: Duration,
}

/// How long `dossier serve` keeps a connection that sends no request: a
/// browser's spare keep-alive connections, or a client that opens
/// connections and never finishes a request, would otherwise each hold a
/// socket and a task until the server stops. A live-reload event stream is
/// a response in progress, never idle.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// A running server; dropping it (or calling `stop`) shuts it down.
pub struct Server {
    /// `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    address: SocketAddr,
    site: Arc<Site>,
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
        let live = Arc::new(LiveReload::new());
        let site = Arc::new(Site::new(options.output, &options.base_path));
        let allowed = guard::AllowedHosts::for_bind(options.bind);
        let app = router(Arc::clone(&site), Arc::clone(&live), allowed);
        // The accept loop never returns; the runtime ends it on shutdown.
        runtime.spawn(accept(listener, app, options.idle_timeout));
        Ok(Server {
            runtime: Some(runtime),
            address,
            site,
            live,
        })
    }

    /// The address it listens on (with the real port when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The URL to print: `http://127.0.0.1:1111/assange/`.
    pub fn url(&self) -> String {
        format!(
            "http://{}{}",
            browsable(self.address),
            self.site.base_path()
        )
    }

    /// Serves the site under another base path from now on (its `base_url`
    /// changed), redirecting pages asked under the old one. Returns whether
    /// the path changed.
    pub fn set_base_path(&self, base_path: &str) -> bool {
        let before = self.site.base_path();
        self.site.set_base_path(base_path) != before
    }

    /// Starts serving the output folder: its first build is over. Until
    /// then every request gets a page that reloads itself in a second.
    pub fn site_ready(&self) {
        self.site.set_ready();
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

/// Serves each connection accepted on `listener` with `app`, closing it
/// when it has sent no complete request headers for `idle_timeout` (hyper
/// times the wait for the next request of a kept-alive connection too).
async fn accept(listener: tokio::net::TcpListener, app: Router, idle_timeout: Duration) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait for connections to close
            // instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(idle_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

fn router(site: Arc<Site>, live: Arc<LiveReload>, allowed: guard::AllowedHosts) -> Router {
    let events = Router::new()
        .route(EVENTS_PATH, get(event_stream))
        .with_state(live);
    Router::new()
        .fallback(serve_site)
        .with_state(site)
        .merge(events)
        .layer(axum::middleware::from_fn_with_state(
            allowed,
            guard::check_host,
        ))
        .layer(axum::middleware::map_response(no_store))
}

/// A development server must never let the browser show a stale build.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_servers_on_every_interface_use_loopback() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(browsable(any).to_string(), "127.0.0.1:1111");
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        assert_eq!(browsable(any6).to_string(), "[::1]:1111");
        let lan: SocketAddr = "192.0.2.7:1111".parse().unwrap();
        assert_eq!(browsable(lan), lan);
    }
}
