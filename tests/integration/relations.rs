//! Relations in profiles: both entities' pages, the role beside a name in
//! a story of its date, the relationship graph, JSON-LD, search, and every
//! way a relation can be written wrong.

use crate::common::{Site, json_ld, other_warnings};

const PATINO: &str = "content/people/ricardo-patino.md";
const HAGUE: &str = "content/people/william-hague.md";

/// The basic fixture with relations: Patiño and a successor as Foreign
/// Ministers of Ecuador, Hague's two offices, stories on the days around
/// his change of office.
fn related() -> Site {
    let site = Site::fixture("basic");
    site.write(
        PATINO,
        "---\nname: Ricardo Patiño\nrelations:\n  - role: Foreign Minister\n    of: Ecuador\n    from: 2010-01\n    until: 2016-03-02\n    source: asylum\n  - role: Member\n    of: wikileaks\n    from: 2011\n    until: 2012\n    source: https://example.org/membership\n---\n",
    );
    site.write(
        "content/people/anna-ames.md",
        "---\nname: Anna Ames\nrelations:\n  - role: Foreign Minister\n    of: Ecuador\n    from: 2016-03-03\n---\n",
    );
    site.write(
        HAGUE,
        "---\nname: William Hague\nrelations:\n  - role: Foreign Secretary\n    of: United Kingdom\n    from: 2010-05-12\n    until: 2014-07-14\n  - role: Leader of the House\n    of: United Kingdom\n    from: 2014-07-14\n    until: 2015-05-07\n  - role: Envoy\n    of: United Kingdom\n    from: 2014-07\n  - role: Adviser\n    of: United Kingdom\n    from: 2001\n    ended: true\n---\n",
    );
    site.write(
        "content/places/united-kingdom.md",
        "---\nname: United Kingdom\n---\n",
    );
    for (slug, date) in [
        ("before", "2014-07-13"),
        ("on", "2014-07-14"),
        ("after", "2014-07-15"),
        ("late-july", "2014-07-30"),
        ("august", "2014-08-01"),
    ] {
        site.write(
            &format!("content/stories/2014/{slug}.md"),
            &format!(
                "---\ntitle: Hague {slug}\ndate: {date}\npeople: [William Hague]\n---\nText.\n"
            ),
        );
    }
    site
}

/// The roles a story page shows beside William Hague's name.
fn hague_roles(site: &Site, story: &str) -> String {
    let page = site.page(&format!("stories/{story}/index.html"));
    let at = page
        .find(">William Hague</a>")
        .unwrap_or_else(|| panic!("{story} names Hague"));
    let rest = &page[at..];
    let end = rest.find("</li>").unwrap();
    match rest[..end].split_once("class=\"role-at-date\">") {
        Some((_, roles)) => roles.trim_end_matches("</span>").to_string(),
        None => String::new(),
    }
}

#[test]
fn both_entities_pages_show_each_relation() {
    let site = related();
    let report = site.built();
    assert_eq!(other_warnings(&report), Vec::<String>::new());
    let patino = site.page("people/ricardo-patino/index.html");
    assert!(
        patino.contains(
            "<li>Foreign Minister of <a href=\"/dossiers/assange/places/ecuador/\">Ecuador</a>, January 2010 – March 2016 <span class=\"relation-source\">(<a href=\"/dossiers/assange/stories/asylum/\">Ecuador grants asylum</a>)</span></li>"
        ),
        "{patino}"
    );
    assert!(patino.contains(
        "Member of <a href=\"/dossiers/assange/organizations/wikileaks/\">WikiLeaks</a>, 2011 – 2012 <span class=\"relation-source\">(<a href=\"https://example.org/membership\">example.org</a>)</span>"
    ));
    // On the other's page, by role: the current holder first, then the past ones.
    let ecuador = site.page("places/ecuador/index.html");
    let group = ecuador
        .split("<span class=\"relation-role\">Foreign Minister:</span>")
        .nth(1)
        .expect("the Foreign Minister group");
    let ames = group
        .find(">Anna Ames</a>, since 2016")
        .expect("the current one");
    let patino_at = group
        .find(">Ricardo Patiño</a>, 2010–2016")
        .expect("the past one");
    assert!(ames < patino_at, "current holders first");
    // An entity without stories but with relations has its page.
    assert!(
        site.page("people/anna-ames/index.html")
            .contains("Foreign Minister of")
    );
    let uk = site.page("places/united-kingdom/index.html");
    assert!(uk.contains("<span class=\"relation-role\">Leader of the House:</span>"));
}

#[test]
fn a_story_shows_the_roles_held_on_its_date_and_no_other() {
    let site = related();
    site.built();
    assert_eq!(
        hague_roles(&site, "before"),
        "Foreign Secretary, United Kingdom"
    );
    // `until` is the last day of an office, `from` the first.
    assert_eq!(
        hague_roles(&site, "on"),
        "Leader of the House, United Kingdom; Foreign Secretary, United Kingdom"
    );
    assert_eq!(
        hague_roles(&site, "after"),
        "Leader of the House, United Kingdom"
    );
    // `from: 2014-07` may mean the 31st: not shown before it. A role
    // that ended on a day not known is never shown beside a name.
    assert_eq!(
        hague_roles(&site, "late-july"),
        "Leader of the House, United Kingdom"
    );
    assert_eq!(
        hague_roles(&site, "august"),
        "Envoy, United Kingdom; Leader of the House, United Kingdom"
    );
    // The 2013 story shows Patiño in office, the role at that date.
    let talks = site.page("stories/talks/index.html");
    assert!(talks.contains(
        ">Ricardo Patiño</a> <span class=\"role-at-date\">Foreign Minister, Ecuador</span>"
    ));
    // Lists of stories on the entity's page show it too.
    let page = site.page("people/william-hague/index.html");
    assert!(page.contains("· Leader of the House, United Kingdom</p>"));
}

#[test]
fn the_graph_is_deterministic_accessible_and_told_in_words_too() {
    let site = related();
    site.built();
    let page = site.page("places/ecuador/index.html");
    let start = page
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relationship-graph\"")
        .expect("a graph");
    let end = start + page[start..].find("</svg>").unwrap() + 6;
    let svg = &page[start..end];
    assert!(svg.contains("role=\"img\" aria-labelledby=\"graph-ecuador-title\" aria-describedby=\"graph-ecuador-desc\""));
    assert!(
        svg.contains("<title id=\"graph-ecuador-title\">Relationship graph of Ecuador</title>")
    );
    assert!(svg.contains("<desc id=\"graph-ecuador-desc\">Ecuador is related to Anna Ames (Foreign Minister), Ricardo Patiño (Foreign Minister); most often in the same stories as"));
    assert!(!svg.contains("<script"));
    // Relations are solid edges, shared stories dashed ones; no more than eight.
    assert_eq!(svg.matches("<line class=\"edge\"").count(), 2);
    assert!(svg.matches("<line class=\"edge connection\"").count() >= 1);
    assert!(svg.matches("<line ").count() <= 8);
    // The same facts right after it, as text.
    let after = &page[end..];
    let next_section = after.find("</section>").unwrap();
    assert!(after[..next_section].contains(">Anna Ames</a>, since 2016"));
    // The same input, the same bytes.
    let again = Site::fixture("basic");
    crate::common::copy_tree(site.root(), again.root());
    std::fs::remove_dir_all(again.output()).unwrap();
    again.built();
    assert_eq!(again.page("places/ecuador/index.html"), page);
}

#[test]
fn entity_json_ld_carries_relations_as_roles() {
    let site = related();
    site.built();
    let patino = json_ld(&site.page("people/ricardo-patino/index.html"));
    let at = &patino["workLocation"][0];
    assert_eq!(at["@type"], "Role");
    assert_eq!(at["roleName"], "Foreign Minister");
    assert_eq!(at["startDate"], "2010-01");
    assert_eq!(at["endDate"], "2016-03-02");
    assert_eq!(
        at["workLocation"]["@id"],
        "https://example.org/dossiers/assange/places/ecuador/"
    );
    let member = &patino["memberOf"][0];
    assert_eq!(member["@type"], "OrganizationRole");
    assert_eq!(member["memberOf"]["name"], "WikiLeaks");
    let hague = json_ld(&site.page("people/william-hague/index.html"));
    assert_eq!(hague["workLocation"].as_array().unwrap().len(), 4);
}

#[test]
fn search_shows_an_entitys_current_role() {
    let site = related();
    site.built();
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).unwrap();
    let rows = index["e"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r[1] == name).unwrap().clone();
    assert_eq!(row("Anna Ames")[5], "Foreign Minister, Ecuador");
    assert_eq!(row("William Hague")[5], "Envoy, United Kingdom");
    assert!(row("Ricardo Patiño").get(5).is_none(), "no current role");
}

#[test]
fn a_relation_written_wrong_is_an_error_at_its_place() {
    let relation = |body: &str| format!("---\nname: Ricardo Patiño\nrelations:\n  - {body}\n---\n");
    let cases = [
        (
            "role: Minister\n    of: Ecuadr",
            "ricardo-patino.md:4:5: error: `of: Ecuadr` names no entity of the dossier",
            Some("did you mean `Ecuador`?"),
        ),
        (
            "role: Minister\n    of: Ecuador\n    from: 2016\n    until: 2010",
            "ricardo-patino.md:4:5: error: relation 1 ends before it begins: `until: 2010` is before `from: 2016`",
            None,
        ),
        (
            "role: Minister\n    of: Ecuador\n    source: asylm",
            "ricardo-patino.md:4:5: error: `source: asylm` is no story, document or web address of the dossier",
            Some("did you mean `source: asylum`?"),
        ),
        (
            "role: Minister\n    of: Ecuador\n    source: see the ruling",
            "ricardo-patino.md:4:5: error: relation 1: `source` is neither a story's or a document's slug nor a web address",
            None,
        ),
        (
            "role: Minister\n    of: Ricardo Patino",
            "ricardo-patino.md:4:5: error: a relation of Ricardo Patiño to itself",
            None,
        ),
        (
            "role: Minister\n    of: Ecuador\n    from: 2010-13",
            "ricardo-patino.md:4:5: error: relation 1: `from` is not a date: `2010-13`",
            None,
        ),
        (
            "role: Minister\n    of: Ecuador\n    untill: 2016",
            "ricardo-patino.md:4:5: error: relation 1 has an unknown key `untill`",
            Some("did you mean `until`?"),
        ),
        (
            "of: Ecuador",
            "ricardo-patino.md:4:5: error: relation 1 has no `role`",
            None,
        ),
        (
            "role: Minister\n    of: places/quito",
            "ricardo-patino.md:4:5: error: `of: places/quito` names no entity",
            None,
        ),
        (
            "role: Minister\n    of: Ecuador\n    ended: yes please",
            "ricardo-patino.md:4:5: error: relation 1: `ended` must be true or false",
            None,
        ),
    ];
    for (body, expected, hint) in cases {
        let site = Site::fixture("basic");
        site.write(PATINO, &relation(body));
        site.fails_with(expected, hint);
    }
    // A name of entities of two kinds asks which one.
    let site = Site::fixture("basic");
    site.write(
        "content/organizations/ecuador.md",
        "---\nname: Ecuador\n---\n",
    );
    site.write(PATINO, &relation("role: Minister\n    of: Ecuador"));
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(
            |e| e.contains("`of: Ecuador` names entities of several kinds")
                && e.contains("`organizations/ecuador` or `places/ecuador`")
        ),
        "{errors:?}"
    );
    site.write(PATINO, &relation("role: Minister\n    of: places/ecuador"));
    site.built();
    assert!(
        site.page("places/ecuador/index.html")
            .contains("Minister:</span>")
    );
}

#[test]
fn check_warns_about_overlapping_roles_and_an_inverse_from_the_wrong_side() {
    let site = Site::fixture("basic");
    site.write(
        HAGUE,
        "---\nname: William Hague\nrelations:\n  - role: Foreign Secretary\n    of: Ecuador\n    from: 2010\n    until: 2014\n  - role: foreign secretary\n    of: Ecuador\n    from: 2013\n  - role: Envoy\n    of: Ecuador\n    from: 2014-01-01\n    until: 2015-06-01\n  - role: Envoy\n    of: Ecuador\n    from: 2015-06-01\n  - role: Husband\n    of: Ricardo Patiño\n    inverse: Husband\n---\n",
    );
    site.write(
        PATINO,
        "---\nname: Ricardo Patiño\nrelations:\n  - role: Wife\n    of: William Hague\n    inverse: Husband\n---\n",
    );
    let report = dossier::check::check(&site.options()).unwrap();
    let warnings: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains(
            "william-hague.md:8:5: warning: William Hague is foreign secretary of Ecuador twice over overlapping dates"
        )),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("ricardo-patino.md:4:5: warning: `inverse: Husband` is what William Hague is to Ricardo Patiño")
            && w.contains("write `inverse: Wife`")),
        "{warnings:?}"
    );
    // Terms that meet on a day do not overlap; an inverse of one's own role is fine.
    assert!(
        !warnings.iter().any(|w| w.contains("Envoy")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("william-hague.md:18")),
        "{warnings:?}"
    );
}

#[test]
fn editing_a_relation_rewrites_exactly_the_pages_that_show_it() {
    let site = related();
    let mut cache = dossier::build::Cache::default();
    dossier::build::build_with(&site.options(), Some(&mut cache), &()).unwrap();
    let before = crate::common::snapshot(&site.output());
    let text = std::fs::read_to_string(site.root().join(HAGUE)).unwrap();
    site.write(
        HAGUE,
        &text.replace("role: Foreign Secretary", "role: Foreign Minister"),
    );
    cache.changed(&[HAGUE.into()]);
    let report = dossier::build::build_with(&site.options(), Some(&mut cache), &()).unwrap();
    let after = crate::common::snapshot(&site.output());
    let mut changed: Vec<&str> = after
        .keys()
        .filter(|k| !k.ends_with(".dossier-manifest") && before.get(*k) != after.get(*k))
        .map(String::as_str)
        .collect();
    changed.sort_unstable();
    // Both entities' pages (lists and graphs), the pages of Hague's list of
    // stories that show the role beside a story of its dates, and the
    // stories of its dates that name him (2013's talks too); not the
    // stories after it.
    assert_eq!(
        changed,
        [
            "people/william-hague/index.html",
            "people/william-hague/page/2/index.html",
            "people/william-hague/page/3/index.html",
            "places/united-kingdom/index.html",
            "stories/before/index.html",
            "stories/on/index.html",
            "stories/talks/index.html",
        ]
    );
    assert_eq!(report.written, changed.len());
}
