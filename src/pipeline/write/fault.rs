//! A test seam: `DOSSIER_TEST_FAULT=<point>[:<n>][:pause|:full]` stops the
//! build at the `n`-th time (default the first) it reaches `point`, the way
//! a `kill -9` would (`abort`: no clean-up runs); with `pause` it sleeps
//! there for two seconds, so that a test can signal the process at a known
//! step, and with `full` the write there fails as on a full disk. The points, in order: `locked`, `claimed`, `marked`, `staged`
//! (each file), `recorded`, `renamed` (each file), `removed` (each stale
//! file), `saved`. Unset, each point costs one look at a value read once.

use std::io;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The environment variable that arms a fault.
const FAULT_VARIABLE: &str = "DOSSIER_TEST_FAULT";

/// The armed fault: where, at which pass, and what happens.
struct Fault {
    point: String,
    nth: usize,
    action: Action,
    passes: AtomicUsize,
}

/// What happens at the armed point.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Abort,
    Pause,
    DiskFull,
}

fn armed() -> Option<&'static Fault> {
    static FAULT: OnceLock<Option<Fault>> = OnceLock::new();
    FAULT
        .get_or_init(|| {
            let spec = std::env::var(FAULT_VARIABLE).ok()?;
            let mut parts = spec.split(':');
            let point = parts.next()?.to_string();
            let mut nth = 1;
            let mut action = Action::Abort;
            for part in parts {
                match (part.parse(), part) {
                    (Ok(n), _) => nth = n,
                    (_, "pause") => action = Action::Pause,
                    (_, "full") => action = Action::DiskFull,
                    _ => {}
                }
            }
            Some(Fault {
                point,
                nth,
                action,
                passes: AtomicUsize::new(0),
            })
        })
        .as_ref()
}

/// The build reached `name`: stops or pauses here when the fault says so.
pub(crate) fn point(name: &str) {
    let _ = write_point(name);
}

/// The build is about to write at `name`: stops, pauses or fails here when
/// the fault says so.
pub(crate) fn write_point(name: &str) -> io::Result<()> {
    let Some(fault) = armed() else {
        return Ok(());
    };
    if fault.point != name || fault.passes.fetch_add(1, Ordering::Relaxed) + 1 != fault.nth {
        return Ok(());
    }
    match fault.action {
        Action::Pause => std::thread::sleep(Duration::from_secs(2)),
        Action::Abort => std::process::abort(),
        Action::DiskFull => {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device (DOSSIER_TEST_FAULT)",
            ));
        }
    }
    Ok(())
}
