//! Who may talk to the development server: requests must name it by an
//! address or a name of this machine in `Host`, so that a page elsewhere
//! cannot reach it through a DNS name of its own that points here (DNS
//! rebinding), and the live-reload stream answers only pages of the site
//! itself.

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The names a request may give in `Host`, besides addresses: `localhost`
/// (and names below it), and this machine's own name.
#[derive(Debug, Clone)]
pub(super) struct AllowedHosts {
    machine: Option<String>,
}

impl AllowedHosts {
    /// For a server bound to `bind`: the machine's name counts only when
    /// other machines can reach the server.
    pub(super) fn for_bind(bind: IpAddr) -> AllowedHosts {
        let machine = (!bind.is_loopback())
            .then(|| {
                gethostname::gethostname()
                    .to_string_lossy()
                    .to_ascii_lowercase()
            })
            .filter(|name| !name.is_empty());
        AllowedHosts { machine }
    }

    /// Whether `host` (a `Host` header: a name or an address, and a port)
    /// names this server. An address is always fine: a rebinding page
    /// reaches the server under a name of its own.
    pub(super) fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        if name.parse::<IpAddr>().is_ok() {
            return true;
        }
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.machine
            .as_deref()
            .is_some_and(|machine| name == machine || name.strip_suffix(".local") == Some(machine))
    }
}

/// `example.org` from `example.org:8080`, `::1` from `[::1]:8080`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Refuses requests whose `Host` is not this server's, and requests from a
/// page of another origin (its `Origin` is not `http://` and this `Host`).
pub(super) async fn check_host(
    allowed: axum::extract::State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if !allowed.allows(&host) {
        return refuse(format!(
            "dossier serve: refused: `{host}` is not an address of this server; open it by its address or as localhost\n"
        ));
    }
    if let Some(origin) = foreign_origin(headers, &host) {
        return refuse(format!(
            "dossier serve: refused: a request from the page of {origin}\n"
        ));
    }
    next.run(request).await
}

/// The request's `Origin` when it is not this server's own.
fn foreign_origin(headers: &HeaderMap, host: &str) -> Option<String> {
    let origin = headers
        .get(header::ORIGIN)?
        .to_str()
        .unwrap_or("(unreadable)");
    (origin != format!("http://{host}")).then(|| origin.to_string())
}

fn refuse(text: String) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_s_names_and_addresses_are_allowed() {
        let loopback = AllowedHosts { machine: None };
        for host in [
            "127.0.0.1:1111",
            "[::1]:1111",
            "localhost:1111",
            "LocalHost",
            "app.localhost:80",
            "192.0.2.7:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "attacker.example:1111",
            "localhost.attacker.example",
            "",
            "example.org",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let lan = AllowedHosts {
            machine: Some("newsroom-laptop".into()),
        };
        assert!(lan.allows("newsroom-laptop:1111") && lan.allows("NewsRoom-Laptop.local:1111"));
        assert!(!loopback.allows("newsroom-laptop:1111"));
    }
}
