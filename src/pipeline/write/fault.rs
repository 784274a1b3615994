//! A test seam: `DOSSIER_TEST_FAULT=<point>[:<n>][:pause]` stops the build
//! at the `n`-th time (default the first) it reaches `point`, the way a
//! `kill -9` would (`abort`: no clean-up runs), or with `pause` sleeps
//! there for two seconds, so that a test can signal the process at a known
//! step. The points, in order: `locked`, `claimed`, `marked`, `staged`
//! (each file), `recorded`, `renamed` (each file), `removed` (each stale
//! file), `saved`. Unset, each point costs one look at a value read once.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The environment variable that arms a fault.
const FAULT_VARIABLE: &str = "DOSSIER_TEST_FAULT";

/// The armed fault: where, at which pass, and what happens.
struct Fault {
    point: String,
    nth: usize,
    pause: bool,
    passes: AtomicUsize,
}

fn armed() -> Option<&'static Fault> {
    static FAULT: OnceLock<Option<Fault>> = OnceLock::new();
    FAULT
        .get_or_init(|| {
            let spec = std::env::var(FAULT_VARIABLE).ok()?;
            let mut parts = spec.split(':');
            let point = parts.next()?.to_string();
            let mut nth = 1;
            let mut pause = false;
            for part in parts {
                match part.parse() {
                    Ok(n) => nth = n,
                    Err(_) => pause = part == "pause",
                }
            }
            Some(Fault {
                point,
                nth,
                pause,
                passes: AtomicUsize::new(0),
            })
        })
        .as_ref()
}

/// The build reached `name`: stops or pauses here when the fault says so.
pub(crate) fn point(name: &str) {
    let Some(fault) = armed() else {
        return;
    };
    if fault.point != name || fault.passes.fetch_add(1, Ordering::Relaxed) + 1 != fault.nth {
        return;
    }
    if fault.pause {
        std::thread::sleep(Duration::from_secs(2));
    } else {
        std::process::abort();
    }
}
