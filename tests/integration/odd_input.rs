//! Large and odd input builds: no stack overflow, no quadratic blow-up.

use crate::common::Site;

const CONFIG: &str = "title: T\nbase_url: https://example.org/\n";

#[test]
fn a_ten_megabyte_story_builds() {
    let site = Site::empty(CONFIG);
    let paragraph = "Julian Assange met the press in London again. ".repeat(20);
    let body = format!("{paragraph}\n\n").repeat(10 * 1024 * 1024 / (paragraph.len() + 2));
    site.write(
        "content/stories/big.md",
        &format!("---\ntitle: Big\ndate: 2013-01-01\npeople: [Julian Assange]\n---\n{body}"),
    );
    site.built();
    assert!(
        std::fs::metadata(site.output().join("stories/big/index.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
}

#[test]
fn a_story_naming_a_thousand_entities_builds() {
    let site = Site::empty(CONFIG);
    let names: Vec<String> = (0..1000).map(|i| format!("Person Number {i}")).collect();
    let text = names.join(" met ");
    site.write(
        "content/stories/crowd.md",
        &format!(
            "---\ntitle: Crowd\ndate: 2013-01-01\npeople: [{}]\n---\n{text}.\n",
            names.join(", ")
        ),
    );
    site.write(
        "content/stories/other.md",
        "---\ntitle: Other\ndate: 2013-01-02\npeople: [Person Number 7]\n---\n",
    );
    site.built();
    assert!(site.has("people/person-number-999/index.html"));
    let page = site.page("people/person-number-7/index.html");
    assert!(page.contains("/stories/crowd/") && page.contains("/stories/other/"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let site = Site::empty(CONFIG);
    let quotes = format!("{} deep quote\n", ">".repeat(50_000));
    let lists: String = (0..5_000)
        .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
        .collect();
    let emphasis = format!("{}x{}", "*_".repeat(20_000), "_*".repeat(20_000));
    site.write(
        "content/stories/deep.md",
        &format!("---\ntitle: Deep\ndate: 2013-01-01\n---\n{quotes}\n{lists}\n{emphasis}\n"),
    );
    site.built();
    assert!(site.has("stories/deep/index.html"));
}
