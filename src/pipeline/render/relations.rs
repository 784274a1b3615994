//! Relations as pages show them: on both entities' pages, beside a name in
//! a story of a date the relation held on, and in the relationship graph.

use serde::Serialize;
use tera::Value;

use super::Renderer;
use super::graph::{self, Node};
use super::sources::DateText;
use crate::model::date::Month;
use crate::model::date::{Day, PartialDate};
use crate::model::url;
use crate::pipeline::index::{EntityId, RelationId, RelationSource};
use crate::pipeline::render::i18n::Language;

/// A relation for templates. Page signatures hash this same value.
#[derive(Serialize, Hash)]
pub(super) struct RoleView<'a> {
    /// What the holder is to the other: `Foreign Minister`.
    role: &'a str,
    /// How the other's page names the holder: `inverse`, else the role.
    inverse: &'a str,
    holder: Named<'a>,
    of: Named<'a>,
    current: bool,
    ended: bool,
    from: Option<DateText>,
    until: Option<DateText>,
    /// `January 2010 – March 2016`, `since May 2022`.
    span: String,
    /// `2010–2016`, `since 2022`.
    years: String,
    source: Option<SourceLink>,
}

/// An entity, by name and page.
#[derive(Serialize, Hash)]
struct Named<'a> {
    name: &'a str,
    url: String,
}

/// Where a relation is on the record.
#[derive(Serialize, Hash)]
struct SourceLink {
    url: String,
    /// The story's or document's title, or the address's host.
    title: String,
}

/// The relations others hold to an entity under one role.
#[derive(Serialize)]
struct RoleGroup<'a> {
    role: &'a str,
    relations: Vec<RoleView<'a>>,
}

impl<'a> Renderer<'a> {
    pub(super) fn role_view(&self, id: RelationId) -> RoleView<'a> {
        let dossier = self.dossier;
        let r = &dossier.relations[id];
        let relation = &r.relation;
        let named = |e: EntityId| Named {
            name: &dossier.entities[e].name,
            url: self.link(&self.shared().entity_path(e)),
        };
        let source = r.source.as_ref().map(|source| match source {
            RelationSource::Story(s) => SourceLink {
                url: self.story_link(*s),
                title: dossier.stories[*s].title.clone(),
            },
            RelationSource::Document(d) => SourceLink {
                url: self.link(&url::document_path(&dossier.documents[*d].slug)),
                title: dossier.documents[*d].title.clone(),
            },
            RelationSource::Elsewhere(i) => {
                let story = &dossier.elsewhere[*i];
                let path = url::story_path(&story.slug);
                SourceLink {
                    url: super::views::story_address(&self.config.base_url, story, &path).0,
                    title: story.title.clone(),
                }
            }
            RelationSource::Web(address) => SourceLink {
                url: address.clone(),
                title: host(address).to_string(),
            },
        });
        RoleView {
            role: &relation.role,
            inverse: relation.inverse_role(),
            holder: named(r.holder),
            of: named(r.other),
            current: relation.is_current(),
            ended: relation.ended,
            from: relation.from.map(|d| DateText::new(d, self.language())),
            until: relation.until.map(|d| DateText::new(d, self.language())),
            span: span(
                relation.from,
                relation.until,
                relation.ended,
                &|d| month_text(d, self.language()),
                " – ",
                self.language(),
            ),
            years: span(
                relation.from,
                relation.until,
                relation.ended,
                &|d| self.language().year(d.year()),
                "–",
                self.language(),
            ),
            source,
        }
    }

    /// The relations an entity's profile states, as its page lists them.
    pub(super) fn held_relations(&self, entity: EntityId) -> Vec<RoleView<'a>> {
        let ids = &self.dossier.entities[entity].relations;
        ids.iter().map(|&r| self.role_view(r)).collect()
    }

    /// The relations other profiles state of an entity, by how its page
    /// names them, in the order of each role's first relation.
    pub(super) fn inverse_groups(&self, entity: EntityId) -> Value {
        let mut groups: Vec<RoleGroup> = Vec::new();
        for &id in &self.dossier.entities[entity].inverse_relations {
            let view = self.role_view(id);
            match groups.iter_mut().find(|g| g.role == view.inverse) {
                Some(group) => group.relations.push(view),
                None => groups.push(RoleGroup {
                    role: view.inverse,
                    relations: vec![view],
                }),
            }
        }
        Value::from_serializable(&groups)
    }

    /// The relations `entity` certainly held on `day`.
    pub(super) fn roles_on(&self, entity: EntityId, day: Day) -> Vec<RelationId> {
        let relations = &self.dossier.relations;
        self.dossier.entities[entity]
            .relations
            .iter()
            .copied()
            .filter(|&r| relations[r].relation.held_on(day))
            .collect()
    }

    /// `[{role, of}]`: the roles `entity` held on `day`, for a name in a
    /// story of that day; `None` when it held none.
    pub(super) fn roles_value(&self, entity: EntityId, day: Day) -> Option<Value> {
        let roles = self.roles_on(entity, day);
        (!roles.is_empty()).then(|| {
            let views: Vec<RoleView> = roles.iter().map(|&r| self.role_view(r)).collect();
            Value::from_serializable(&views)
        })
    }

    /// The relationship graph of an entity: its relations (both ways), then
    /// its strongest connections; `None` when it has neither.
    pub(super) fn relationship_graph(&self, entity: EntityId) -> Option<String> {
        let dossier = self.dossier;
        let e = &dossier.entities[entity];
        let mut nodes: Vec<Node> = Vec::new();
        let mut shown: Vec<EntityId> = Vec::new();
        let mut add = |other: EntityId, label: String, related: bool, nodes: &mut Vec<Node>| {
            if shown.contains(&other) || nodes.len() >= graph::MOST_NODES {
                return;
            }
            shown.push(other);
            nodes.push(Node {
                name: dossier.entities[other].name.clone(),
                label,
                related,
            });
        };
        for &r in &e.relations {
            let relation = &dossier.relations[r];
            add(
                relation.other,
                relation.relation.role.clone(),
                true,
                &mut nodes,
            );
        }
        for &r in &e.inverse_relations {
            let relation = &dossier.relations[r];
            let label = relation.relation.inverse_role().to_string();
            add(relation.holder, label, true, &mut nodes);
        }
        let related = nodes.len();
        let mut strongest = self.neighbours.connections[entity].clone();
        strongest.sort_by(|a, b| b.shared.cmp(&a.shared).then(a.entity.cmp(&b.entity)));
        for c in strongest {
            let label = self.language().count("stories_together", c.shared, &[]);
            add(c.entity, label, false, &mut nodes);
        }
        if nodes.is_empty() {
            return None;
        }
        let language = self.language();
        let description = describe(&e.name, &nodes[..related], &nodes[related..], language);
        let id = format!("graph-{}", e.slug);
        let title = language.text("graph_title", &[("name", e.name.as_str().into())]);
        Some(graph::relationship_svg(
            &e.name,
            &nodes,
            &id,
            (&title, &description),
        ))
    }
}

/// The graph in words: what its description says.
fn describe(centre: &str, related: &[Node], connected: &[Node], language: &Language) -> String {
    let list = |nodes: &[Node]| {
        let names: Vec<String> = nodes
            .iter()
            .map(|n| format!("{} ({})", n.name, n.label))
            .collect();
        names.join(", ")
    };
    let mut parts = Vec::new();
    if !related.is_empty() {
        let args = [("name", centre.into()), ("list", list(related).into())];
        parts.push(language.text("graph_related", &args));
    }
    if !connected.is_empty() {
        let args = [("list", list(connected).into())];
        parts.push(language.text("graph_connected", &args));
    }
    let mut text = parts.join("; ");
    text.push('.');
    text
}

/// A date as a range's end: `January 2010`, or `2010`.
fn month_text(date: PartialDate, language: &Language) -> String {
    match date.parts() {
        (year, 0, _) => language.year(year),
        (year, month, _) => language.month(Month { year, month }),
    }
}

/// `January 2010 – March 2016`, `since May 2022`, `until 2016`, `2006 – ended`.
fn span(
    from: Option<PartialDate>,
    until: Option<PartialDate>,
    ended: bool,
    text: &dyn Fn(PartialDate) -> String,
    dash: &str,
    language: &Language,
) -> String {
    let ended_text = || language.text("ended", &[]);
    match (from.map(text), until.map(text)) {
        (Some(from), Some(until)) if from == until => from,
        (Some(from), Some(until)) => format!("{from}{dash}{until}"),
        (Some(from), None) if ended => format!("{from}{dash}{}", ended_text()),
        (Some(from), None) => language.text("since", &[("date", from.into())]),
        (None, Some(until)) => language.text("until", &[("date", until.into())]),
        (None, None) if ended => ended_text(),
        (None, None) => String::new(),
    }
}

/// `www.bbc.co.uk` from `https://www.bbc.co.uk/news/...`.
fn host(address: &str) -> &str {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::render::i18n::Translations;

    fn date(text: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(text).unwrap())
    }

    fn spans(
        from: Option<PartialDate>,
        until: Option<PartialDate>,
        ended: bool,
        months: bool,
        language: &Language,
    ) -> String {
        if months {
            span(
                from,
                until,
                ended,
                &|d| month_text(d, language),
                " – ",
                language,
            )
        } else {
            span(
                from,
                until,
                ended,
                &|d| language.year(d.year()),
                "–",
                language,
            )
        }
    }

    #[test]
    fn spans_read_as_the_pages_write_them() {
        let en = &Translations::parse(&[]).unwrap().language("en");
        let (from, until) = (date("2010-01-23"), date("2016-03"));
        assert_eq!(
            spans(from, until, false, true, en),
            "January 2010 – March 2016"
        );
        assert_eq!(spans(from, until, false, false, en), "2010–2016");
        assert_eq!(
            spans(date("2022-05-23"), None, false, true, en),
            "since May 2022"
        );
        assert_eq!(spans(date("2006"), None, true, false, en), "2006–ended");
        assert_eq!(spans(None, date("2016"), false, false, en), "until 2016");
        assert_eq!(spans(date("2014"), date("2014"), false, false, en), "2014");
        assert_eq!(host("https://www.bbc.co.uk/news/x?y"), "www.bbc.co.uk");
    }
}
