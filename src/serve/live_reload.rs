//! Live reload: browsers listen to Server-Sent Events and reload, swap
//! stylesheets or show a build error when told.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

/// The path of the live-reload event stream. It is outside any base path
/// (sites live under `/<path>/`, never under `/__dossier/`), so the injected
/// script can use it as is whatever the base path.
pub(super) const EVENTS_PATH: &str = "/__dossier/events";

/// Proxies and browsers close idle connections; a comment this often keeps
/// the event stream open.
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(15);

/// How long a browser waits before reconnecting after the server went away
/// (a restarted `dossier serve`); browsers default to about 3 s.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// Events a browser has not read yet; one that falls further behind reloads.
const EVENT_BACKLOG: usize = 16;

/// The script injected into every HTML response, just before `</body>`.
///
/// The overlay's text is set with `textContent`, so a build error shows as
/// text, never as markup.
const LIVE_RELOAD_SCRIPT: &str =
    concat!("<script>\n", include_str!("live_reload.js"), "</script>\n");

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

/// The browsers' event streams, and the failed build a newly opened page
/// must show.
pub(super) struct LiveReload {
    sender: broadcast::Sender<ReloadEvent>,
    last_error: Mutex<Option<String>>,
}

impl LiveReload {
    pub(super) fn new() -> LiveReload {
        LiveReload {
            sender: broadcast::channel(EVENT_BACKLOG).0,
            last_error: Mutex::new(None),
        }
    }

    pub(super) fn notify(&self, event: ReloadEvent) {
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

pub(super) async fn event_stream(
    State(live): State<Arc<LiveReload>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // The first event sets the reconnection delay; it has no data, so the
    // browser dispatches nothing for it.
    let reconnect = Event::default().retry(RECONNECT_DELAY);
    let events = live.subscribe().map(|event| event.to_sse());
    let stream = stream::once(async { reconnect }).chain(events).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_INTERVAL))
}

/// Puts the live-reload script just before the last `</body>`, or at the
/// end of a page without one (browsers run it all the same).
pub(super) fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
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
