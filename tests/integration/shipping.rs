//! What ships beside the commands: completions, the man pages, the version.

use std::process::{Command, Output};

use crate::readme::{help, options, subcommands, subcommands_of};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn stdout_of(args: &[&str]) -> String {
    let out = dossier(args);
    assert!(out.status.success(), "dossier {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every command as its words (`["new", "story"]`), from `--help`.
fn commands() -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for command in subcommands(&help(&[])) {
        if let Some(subs) = subcommands_of(&command) {
            all.extend(subs.into_iter().map(|s| vec![command.clone(), s]));
        }
        all.push(vec![command]);
    }
    all
}

/// The long flags `dossier <command> --help` lists, `--help` aside.
fn flags_of(command: &[String]) -> Vec<String> {
    let words: Vec<&str> = command.iter().map(String::as_str).collect();
    options(&help(&words))
        .into_iter()
        .map(|(flag, _)| flag)
        .filter(|flag| flag != "--help")
        .collect()
}

/// A man page's text without roff's escapes and font changes.
fn plain_roff(page: &str) -> String {
    ["\\fB", "\\fI", "\\fR"]
        .iter()
        .fold(page.replace("\\-", "-"), |text, font| {
            text.replace(font, "")
        })
}

/// Whether `word` stands in `text` as a word of its own, not inside a longer
/// one (`new` in `news`).
fn has_word(text: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

#[test]
fn completions_name_every_command_and_flag_in_each_shell() {
    let commands = commands();
    assert!(commands.len() >= 10, "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for command in &commands {
            let last = command.last().unwrap();
            assert!(has_word(&script, last), "{shell}: no `{last}`");
            for flag in flags_of(command) {
                // fish writes `--root` as `-l root`.
                let fish = format!("-l {}", &flag[2..]);
                assert!(
                    has_word(&script, &flag) || (shell == "fish" && has_word(&script, &fish)),
                    "{shell}: no {flag} of `dossier {}`",
                    command.join(" ")
                );
            }
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_shells() {
    let out = dossier(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(stderr.contains(shell), "{stderr}");
    }
}

#[test]
fn the_man_page_names_every_command_and_each_command_s_page_its_flags() {
    let page = plain_roff(&stdout_of(&["man"]));
    assert!(
        page.starts_with(".ie") && page.contains(".TH dossier 1"),
        "{page}"
    );
    for command in commands().iter().filter(|c| c.len() == 1) {
        assert!(
            page.contains(&format!("dossier-{}(1)", command[0])),
            "{page}"
        );
    }
    assert!(
        !page.contains("dossier-help(1)"),
        "no page is written for help"
    );

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("man1");
    stdout_of(&["man", "--dir", folder.to_str().unwrap()]);
    for command in commands() {
        let name = format!("dossier-{}.1", command.join("-"));
        let text = plain_roff(
            &std::fs::read_to_string(folder.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}")),
        );
        for flag in flags_of(&command) {
            assert!(has_word(&text, &flag), "{name} has no {flag}");
        }
    }
    assert!(folder.join("dossier.1").is_file());
}

#[test]
fn the_version_names_the_commit_built_from_git() {
    let version = stdout_of(&["--version"]);
    let root = env!("CARGO_MANIFEST_DIR");
    let git = Command::new("git")
        .args(["-C", root, "log", "-1", "--format=%h %cs", "--abbrev=12"])
        .output();
    let expected = match git {
        Ok(out) if out.status.success() => format!(
            "dossier {} ({})\n",
            env!("CARGO_PKG_VERSION"),
            String::from_utf8_lossy(&out.stdout).trim()
        ),
        // Built from a package without git: the version alone.
        _ => format!("dossier {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(version, expected);
}

#[test]
fn check_s_json_and_github_formats_carry_warnings_and_keep_stdout_for_machines() {
    // The fixture's Electoral Commission has a profile and no story.
    let site = crate::common::Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let out = dossier(&["check", "--root", root, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "only warnings: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let warnings: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let unused = warnings
        .iter()
        .find(|w| w["code"] == "unused-profile")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(unused["severity"], "warning");
    assert!(
        unused["file"]
            .as_str()
            .unwrap()
            .ends_with("content/organizations/electoral-commission.md"),
        "{unused}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("checked 3 stories"));

    let out = dossier(&["check", "--root", root, "--format", "github"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .all(|line| line.starts_with("::warning file=")),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            ",title=unused-profile::no story or document refers to `Electoral Commission`%0Ahint: "
        ),
        "{stdout}"
    );
    let quiet = dossier(&["check", "--quiet", "--root", root, "--format", "json"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty(), "--quiet leaves warnings out");
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_formats() {
    let out = dossier(&["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[possible values: human, json, github]"),
        "{stderr}"
    );
}
