//! Ctrl-C. Between builds it ends the program at once. During a build it
//! asks the build to stop (see [`dossier::Progress::cancelled`]): the build
//! removes what it staged and leaves the output as it was; a second Ctrl-C
//! ends the program at once all the same.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// The exit code of a program ended by Ctrl-C (128 + SIGINT), as shells use.
pub const INTERRUPTED_EXIT: u8 = 130;

static BUILDING: AtomicBool = AtomicBool::new(false);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler; without it, Ctrl-C ends the program wherever it is.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let building = BUILDING.load(Ordering::SeqCst);
        if !building || INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(INTERRUPTED_EXIT));
        }
    });
}

/// A build starts or ends.
pub fn set_building(building: bool) {
    BUILDING.store(building, Ordering::SeqCst);
}

/// Whether Ctrl-C asked the running build to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Ends the program after a build Ctrl-C stopped.
pub fn exit() -> ExitCode {
    ExitCode::from(INTERRUPTED_EXIT)
}
