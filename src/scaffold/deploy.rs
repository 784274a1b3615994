//! The deploy recipes `init` writes: a GitHub Actions workflow for GitHub
//! Pages and a `netlify.toml`, each installing dossier from where the
//! running one came from.

use super::install::InstallSource;

/// Where `init` writes the GitHub Pages workflow.
pub(super) const WORKFLOW_FILE: &str = ".github/workflows/dossier.yml";

/// Where `init` writes Netlify's configuration.
pub(super) const NETLIFY_FILE: &str = "netlify.toml";

const WORKFLOW: &str = r#"# Checks the site on every push and pull request, and publishes it on GitHub
# Pages from the default branch. Written by `dossier init`: in the
# repository's Settings → Pages, set "Source" to "GitHub Actions".
name: dossier

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One run at a time per branch or pull request. A newer push to a pull
# request cancels its stale check; a deploy is never cut off halfway.
concurrency:
  group: ${{ github.workflow }}-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

env:
  # Only the default branch is published; other branches and pull requests
  # are checked.
  PUBLISH: ${{ github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}
{source_env}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
{source_check}      - uses: actions/checkout@v4
      # The installed binary, so that dossier is compiled once per version,
      # not on every push.
      - uses: actions/cache@v4
        with:
          path: |
            ~/.cargo/bin/dossier
            ~/.cargo/.crates.toml
            ~/.cargo/.crates2.json
          key: dossier-${{ runner.os }}-{cache_key}
      # A no-op when the cached binary is already this one.
      - name: Install dossier
        run: {install}
      # Annotations: a pull request shows each problem on its line.
      - name: Check the site
        run: dossier check --format github
      - name: Set up Pages
        id: pages
        if: env.PUBLISH == 'true'
        uses: actions/configure-pages@v5
      - name: Build the site
        if: env.PUBLISH == 'true'
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: dossier build --base-url "$BASE_URL/"
      - if: env.PUBLISH == 'true'
        uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    if: github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const WORKFLOW_SOURCE_ENV: &str = r#"  # Where the "Install dossier" step gets dossier from. `dossier init` could
  # not tell: the dossier that wrote this file was not installed by cargo
  # from a git repository or a registry that GitHub can reach. Set
  # DOSSIER_GIT to the URL of dossier's git repository (the one you cloned),
  # and DOSSIER_REV to the commit to build, or leave it empty for the
  # latest commit of the default branch.
  DOSSIER_GIT: ""
  DOSSIER_REV: ""
"#;

const WORKFLOW_SOURCE_CHECK: &str = r#"      - name: Check where dossier comes from
        if: env.DOSSIER_GIT == ''
        run: |
          echo "::error file=.github/workflows/dossier.yml::DOSSIER_GIT is empty: set it, near the top of this file, to the URL of dossier's git repository"
          exit 1
"#;

/// The install command for a source `init` could not tell, read from
/// `DOSSIER_GIT` and `DOSSIER_REV`.
const INSTALL_FROM_VARIABLES: &str =
    r#"cargo install --locked --git "$DOSSIER_GIT" ${DOSSIER_REV:+--rev "$DOSSIER_REV"} dossier"#;

/// The GitHub Actions workflow that checks, builds and publishes the site.
pub(super) fn github_workflow(source: &InstallSource) -> String {
    let unknown = *source == InstallSource::Unknown;
    WORKFLOW
        .replace(
            "{source_env}",
            if unknown { WORKFLOW_SOURCE_ENV } else { "" },
        )
        .replace(
            "{source_check}",
            if unknown { WORKFLOW_SOURCE_CHECK } else { "" },
        )
        .replace("{cache_key}", &cache_key(source))
        .replace("{install}", &install_command(source))
}

/// What the cached binary is keyed on: whatever tells one install from
/// another.
fn cache_key(source: &InstallSource) -> String {
    match source {
        InstallSource::Git { commit, .. } => commit.clone(),
        InstallSource::Registry { version, .. } => version.clone(),
        InstallSource::Unknown => "${{ env.DOSSIER_GIT }}-${{ env.DOSSIER_REV }}".to_string(),
    }
}

/// The shell command that installs dossier from `source`.
fn install_command(source: &InstallSource) -> String {
    match source {
        InstallSource::Git { url, commit } => format!(
            "cargo install --locked --git {} --rev {commit} dossier",
            shell_word(url)
        ),
        InstallSource::Registry { version, index } => {
            let index = index
                .as_deref()
                .map(|i| format!(" --index {}", shell_word(i)))
                .unwrap_or_default();
            format!("cargo install --locked dossier --version {version}{index}")
        }
        InstallSource::Unknown => INSTALL_FROM_VARIABLES.to_string(),
    }
}

/// `text` as one shell word: bare when it holds nothing the shell (or
/// YAML, around it) reads specially, else single-quoted.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-~".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

const NETLIFY: &str = r#"# Netlify: builds the site with dossier and publishes public/. Written by
# `dossier init`. Nothing here keeps dossier between builds, so each one
# installs Rust if the build image lacks it and compiles dossier (minutes).
{source_env}
[build]
publish = "public"
command = {production}

# Deploy previews and branch deploys link to their own address.
[context.deploy-preview]
command = {preview}

[context.branch-deploy]
command = {preview}
"#;

const NETLIFY_SOURCE_ENV: &str = r#"
# Where the build command gets dossier from. `dossier init` could not tell:
# the dossier that wrote this file was not installed by cargo from a git
# repository or a registry that Netlify can reach. Set DOSSIER_GIT to the
# URL of dossier's git repository (the one you cloned), and DOSSIER_REV to
# the commit to build, or leave it empty for the latest commit of the
# default branch.
[build.environment]
DOSSIER_GIT = ""
DOSSIER_REV = ""
"#;

const NETLIFY_SOURCE_CHECK: &str = r#"if [ -z "$DOSSIER_GIT" ]; then echo "netlify.toml: DOSSIER_GIT is empty: set it to the URL of dossier's git repository" >&2; exit 1; fi"#;

/// The official rustup installer, run only when no working cargo is on
/// PATH; `$HOME/.cargo/env` puts what it installed on PATH.
const NETLIFY_RUST: &str = r#"if ! cargo --version >/dev/null 2>&1; then curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . "$HOME/.cargo/env"; fi"#;

/// Netlify's configuration: production builds for `$URL`, previews for
/// `$DEPLOY_PRIME_URL`.
pub(super) fn netlify_toml(source: &InstallSource) -> String {
    let unknown = *source == InstallSource::Unknown;
    NETLIFY
        .replace(
            "{source_env}",
            if unknown { NETLIFY_SOURCE_ENV } else { "" },
        )
        .replace("{production}", &netlify_command(source, "URL"))
        .replace("{preview}", &netlify_command(source, "DEPLOY_PRIME_URL"))
}

/// The build command, for the site served at the variable `base_url`, as
/// a TOML string.
fn netlify_command(source: &InstallSource, base_url: &str) -> String {
    let check = (*source == InstallSource::Unknown).then_some(NETLIFY_SOURCE_CHECK);
    let steps = [
        NETLIFY_RUST.to_string(),
        install_command(source),
        format!("dossier build --base-url \"${base_url}/\""),
    ];
    let steps: Vec<String> = check.into_iter().map(str::to_string).chain(steps).collect();
    toml_lines(&steps)
}

/// `steps` joined by `&&`, one to a line of a multi-line TOML string whose
/// line-ending backslashes TOML removes: the shell reads a single line.
fn toml_lines(steps: &[String]) -> String {
    let lines: Vec<String> = steps
        .iter()
        .map(|step| format!("  {}", step.replace('\\', r"\\")))
        .collect();
    format!("\"\"\"\\\n{}\\\n  \"\"\"", lines.join(" && \\\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_odd_url_stays_one_shell_word() {
        assert_eq!(
            shell_word("https://example.com/o/dossier.git"),
            "https://example.com/o/dossier.git"
        );
        assert_eq!(
            shell_word("https://x/it's here"),
            r"'https://x/it'\''s here'"
        );
    }

    #[test]
    fn a_known_source_is_installed_as_written() {
        let git = InstallSource::Git {
            url: "https://example.com/o/dossier".to_string(),
            commit: "a".repeat(40),
        };
        let workflow = github_workflow(&git);
        assert!(workflow.contains(&format!(
            "run: cargo install --locked --git https://example.com/o/dossier --rev {} dossier\n",
            "a".repeat(40)
        )));
        assert!(!workflow.contains("DOSSIER_GIT"), "{workflow}");
        let netlify = netlify_toml(&InstallSource::Registry {
            version: "0.3.0".to_string(),
            index: None,
        });
        assert!(
            netlify.contains(
                "  cargo install --locked dossier --version 0.3.0 && \\\n  dossier build --base-url \"$URL/\"\\\n"
            ),
            "{netlify}"
        );
        assert!(!netlify.contains("DOSSIER_GIT"), "{netlify}");
    }
}
