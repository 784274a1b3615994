//! What browsers are told after each build of `dossier serve`.

use std::path::{Path, PathBuf};

use super::ReloadEvent;
use crate::build::BuildReport;
use crate::diagnostic::source_of;
use crate::error::{Error, Result};

/// Turns each build's outcome into the events browsers hear: a failed build
/// shows its error over the page until a build succeeds; a build that
/// changed files reloads the page, or only swaps stylesheets when only
/// stylesheets changed.
#[derive(Debug, Default)]
pub struct ReloadPolicy {
    failing: bool,
}

impl ReloadPolicy {
    /// The events for a build of the site at `root` after the inputs
    /// `changed` (none for the first build).
    pub fn after(
        &mut self,
        root: &Path,
        outcome: &Result<BuildReport>,
        changed: &[PathBuf],
    ) -> Vec<ReloadEvent> {
        let mut events = Vec::new();
        match outcome {
            Ok(report) => {
                if std::mem::take(&mut self.failing) {
                    events.push(ReloadEvent::Clear);
                }
                if !report.up_to_date && !changed.is_empty() {
                    events.push(if only_stylesheets(changed) {
                        ReloadEvent::Css
                    } else {
                        ReloadEvent::Reload
                    });
                }
            }
            Err(error) => {
                self.failing = true;
                events.push(ReloadEvent::Error(overlay_text(root, error)));
            }
        }
        events
    }
}

/// The text of a build error, for the browser's overlay: the diagnostics as
/// the terminal shows them, without colours.
fn overlay_text(root: &Path, error: &Error) -> String {
    match error {
        Error::Content(diagnostics) => diagnostics
            .iter()
            .map(|d| d.render(source_of(root, d).as_deref(), false))
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => other.to_string(),
    }
}

/// Whether every changed path is a stylesheet, so browsers can swap styles
/// instead of reloading.
fn only_stylesheets(paths: &[PathBuf]) -> bool {
    !paths.is_empty()
        && paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};

    #[test]
    fn stylesheets_alone_can_be_swapped() {
        assert!(only_stylesheets(&[PathBuf::from("/s/static/style.css")]));
        assert!(!only_stylesheets(&[
            PathBuf::from("/s/static/style.css"),
            PathBuf::from("/s/content/a.md")
        ]));
        assert!(!only_stylesheets(&[]));
    }

    #[test]
    fn an_error_shows_until_a_build_succeeds() {
        let root = Path::new("/nonexistent");
        let built = || Ok(BuildReport::default());
        let changed = [PathBuf::from("/s/content/a.md")];
        let mut policy = ReloadPolicy::default();
        assert_eq!(policy.after(root, &built(), &[]), [], "the first build");
        let error = Diagnostic::error(
            Code::MissingKey,
            Path::new("content/a.md"),
            3,
            7,
            "no title",
        );
        let failed = policy.after(root, &Err(Error::Content(vec![error])), &changed);
        let [ReloadEvent::Error(text)] = failed.as_slice() else {
            panic!("{failed:?}");
        };
        assert!(text.contains("content/a.md:3:7: error: no title"), "{text}");
        assert_eq!(
            policy.after(root, &built(), &changed),
            [ReloadEvent::Clear, ReloadEvent::Reload]
        );
        assert_eq!(
            policy.after(root, &built(), &changed),
            [ReloadEvent::Reload]
        );
        let css = [PathBuf::from("/s/static/style.css")];
        assert_eq!(policy.after(root, &built(), &css), [ReloadEvent::Css]);
        let up_to_date = Ok(BuildReport {
            up_to_date: true,
            ..BuildReport::default()
        });
        assert_eq!(policy.after(root, &up_to_date, &changed), []);
    }
}
