//! schema.org structured data for story and entity pages, as JSON-LD that
//! is safe inside a `<script>` element.

use serde::Serialize;
use serde_json::json;

use super::documents::DocumentItem;
use super::sources::{Citation, citations};
use crate::model::config::Config;
use crate::model::url;
use crate::pipeline::index::{DocumentId, Dossier, EntityId, StoryId};

/// A story as a `NewsArticle`, `about` the entities its front matter lists and
/// `mentions` those its text names.
/// `entity_id` gives the permalink of an entity's page, which is also the
/// entity's JSON-LD `@id`.
pub(super) fn news_article<'a>(
    config: &'a Config,
    dossier: &'a Dossier,
    entity_id: &dyn Fn(EntityId) -> &'a str,
    story: StoryId,
    summary: &str,
    documents: &[Option<DocumentItem<'a>>],
    image: Option<&str>,
) -> String {
    let s = &dossier.stories[story];
    let url = config.base_url.permalink(&url::story_path(&s.slug));
    let refs = |ids: &[EntityId]| -> Vec<Ref<'a>> {
        ids.iter()
            .map(|&e| Ref::new(config, dossier, entity_id(e), e))
            .collect()
    };
    let publisher = Agent::publisher(config);
    let author = if s.authors.is_empty() {
        Authors::Site(publisher)
    } else {
        Authors::Bylines(s.authors.iter().map(|n| Agent::byline(config, n)).collect())
    };
    let article = NewsArticle {
        context: "https://schema.org",
        id: &url,
        kind: "NewsArticle",
        in_language: &config.language,
        about: refs(&dossier.story_entities[story]),
        author,
        citation: citations(&s.sources, documents),
        correction: s
            .corrections
            .iter()
            .map(|c| CorrectionComment {
                kind: "CorrectionComment",
                date_published: c.date.rfc3339(),
                text: &c.text,
            })
            .collect(),
        date_modified: s.modified().rfc3339(),
        date_published: s.date.rfc3339(),
        description: summary,
        headline: &s.title,
        image,
        is_based_on: s.source_url.as_deref(),
        is_part_of: WebsiteRef::of(config),
        main_entity_of_page: &url,
        mentions: refs(&dossier.story_mentions[story]),
        publisher,
        url: &url,
    };
    script_safe(serde_json::to_string(&article).expect("JSON-LD serializes"))
}

/// A `NewsArticle`, serialized as is: a typed value rather than a
/// `serde_json::Value`, which costs more to build and sort. The fields are
/// in the order a sorted map writes them, so the JSON is the same as a
/// `serde_json::Value` would give.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<Ref<'a>>,
    author: Authors<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Citation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    /// The language of its text.
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(rename = "isPartOf")]
    is_part_of: WebsiteRef<'a>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
    mentions: Vec<Ref<'a>>,
    publisher: Agent<'a>,
    url: &'a str,
}

/// The site an article is part of.
#[derive(Serialize)]
struct WebsiteRef<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

impl<'a> WebsiteRef<'a> {
    fn of(config: &'a Config) -> Self {
        WebsiteRef {
            id: website_id(config),
            kind: "WebSite",
            name: &config.title,
        }
    }
}

/// A correction of the story, as schema.org's `CorrectionComment`.
#[derive(Serialize)]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    text: &'a str,
}

/// An entity an article is about or mentions: its page's `@id`, with its
/// type and name, so that a reader of the article alone knows who it is.
#[derive(Serialize)]
struct Ref<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
}

impl<'a> Ref<'a> {
    fn new(config: &'a Config, dossier: &'a Dossier, id: &'a str, entity: EntityId) -> Self {
        let entity = &dossier.entities[entity];
        Ref {
            id,
            kind: &config.kinds[entity.kind].schema,
            name: &entity.name,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Authors<'a> {
    Site(Agent<'a>),
    Bylines(Vec<Agent<'a>>),
}

/// A `Person` or an `Organization`, by its name and address.
#[derive(Serialize, Clone, Copy)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Agent<'a> {
    /// The dossier itself, as the publisher of its stories and its site.
    fn publisher(config: &'a Config) -> Self {
        Agent {
            kind: "Organization",
            name: &config.title,
            url: Some(config.base_url.as_str()),
        }
    }

    /// A byline, as `authors:` describes it: a person unless it says
    /// otherwise.
    fn byline(config: &'a Config, name: &'a str) -> Self {
        let described = config.authors.get(name);
        let organization = described.is_some_and(|a| a.organization);
        Agent {
            kind: if organization {
                "Organization"
            } else {
                "Person"
            },
            name,
            url: described.and_then(|a| a.url.as_deref()),
        }
    }
}

/// An entity as its kind's schema type (`Person`, `Organization`, `Place`...).
pub(super) fn entity<'a>(
    config: &Config,
    dossier: &Dossier,
    entity_id: &dyn Fn(EntityId) -> &'a str,
    entity: EntityId,
    image: Option<&str>,
) -> String {
    let id = entity_id(entity);
    let e = &dossier.entities[entity];
    let profile = e.profile.map(|p| &dossier.profiles[p]);
    let mut thing = json!({
        "@context": "https://schema.org",
        "@type": config.kinds[e.kind].schema,
        "@id": id,
        "name": e.name,
        "url": id,
    });
    if let Some(profile) = profile {
        if !profile.aliases.is_empty() {
            thing["alternateName"] = json!(profile.aliases);
        }
        if let Some(description) = &profile.description {
            thing["description"] = json!(description);
        }
        if let Some(q) = &profile.wikidata {
            thing["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{q}"));
        }
    }
    if let Some(image) = image {
        thing["image"] = json!(image);
    }
    let holder = config.kinds[e.kind].schema.as_str();
    for &r in &e.relations {
        let relation = &dossier.relations[r];
        let other = &dossier.entities[relation.other];
        let other_schema = config.kinds[other.kind].schema.as_str();
        let Some((property, role_type)) = role_property(holder, other_schema) else {
            continue;
        };
        let mut role = json!({
            "@type": role_type,
            "roleName": relation.relation.role,
            property: { "@id": entity_id(relation.other), "@type": other_schema, "name": other.name },
        });
        if let Some(from) = relation.relation.from {
            role["startDate"] = json!(from.ymd());
        }
        if let Some(until) = relation.relation.until {
            role["endDate"] = json!(until.ymd());
        }
        match thing.get_mut(property).and_then(|v| v.as_array_mut()) {
            Some(roles) => roles.push(role),
            None => thing[property] = json!([role]),
        }
    }
    script_safe(thing.to_string())
}

/// The schema.org property that holds a relation of a `holder` to an
/// `other` entity (by their kinds' schema types), and its `Role` type, as
/// schema.org's role pattern wraps it: a person or an organization is
/// `memberOf` an organization; a person `knows` a person and has a
/// `workLocation` at a place. Other pairs have no fitting property and are
/// left out of the JSON-LD (the pages still show them).
fn role_property(holder: &str, other: &str) -> Option<(&'static str, &'static str)> {
    match (holder, other) {
        ("Person" | "Organization", "Organization") => Some(("memberOf", "OrganizationRole")),
        ("Person", "Person") => Some(("knows", "Role")),
        ("Person", "Place") => Some(("workLocation", "Role")),
        _ => None,
    }
}

/// A document as its type's schema (`DigitalDocument`, `Report`), by its
/// issuer (`author`), about the entities it lists, the same as its
/// original (`sameAs`), with its archived copy (`archivedAt`) and the copy
/// the site keeps (`associatedMedia`).
pub(super) fn document<'a>(
    config: &'a Config,
    dossier: &'a Dossier,
    item: &DocumentItem,
    entity_id: &dyn Fn(EntityId) -> &'a str,
    id: DocumentId,
) -> String {
    let document = &dossier.documents[id];
    let about: Vec<_> = dossier.document_entities[id]
        .iter()
        .map(|&e| json!(Ref::new(config, dossier, entity_id(e), e)))
        .collect();
    let mut thing = json!({
        "@context": "https://schema.org",
        "@type": item.schema,
        "@id": item.permalink,
        "name": document.title,
        "url": item.permalink,
        "mainEntityOfPage": item.permalink,
        "datePublished": document.date.ymd(),
        "about": about,
    });
    if let Some(issuer) = dossier.document_issuers[id] {
        let e = &dossier.entities[issuer];
        thing["author"] = json!({
            "@type": config.kinds[e.kind].schema,
            "@id": entity_id(issuer),
            "name": e.name,
        });
    }
    if let Some(original) = &document.url {
        thing["sameAs"] = json!(original);
    }
    if let Some(archived) = &document.archived {
        thing["archivedAt"] = json!(archived);
    }
    if let Some(file) = &document.file {
        let link = config.base_url.file_permalink(file.trim_start_matches('/'));
        thing["associatedMedia"] = json!({ "@type": "MediaObject", "contentUrl": link });
    }
    script_safe(thing.to_string())
}

/// JSON that cannot end its `<script>` element early or open a comment: `<`,
/// `>` and `&` become `\u` escapes, which JSON parsers read back unchanged.
fn script_safe(text: String) -> String {
    if memchr::memchr3(b'<', b'>', b'&', text.as_bytes()).is_none() {
        return text;
    }
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The `@id` of the site as a schema.org `WebSite`, which every page's
/// data is `isPartOf`.
fn website_id(config: &Config) -> String {
    format!("{}#website", config.base_url.as_str())
}

/// The home page's `WebSite`: the dossier, its publisher and, when it has
/// a search page (`search`, its permalink), how to search it.
pub(super) fn website(config: &Config, description: Option<&str>, search: Option<&str>) -> String {
    let base = config.base_url.as_str();
    let mut site = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": website_id(config),
        "name": config.title,
        "url": base,
        "inLanguage": config.language,
        "publisher": Agent::publisher(config),
    });
    if let Some(description) = description {
        site["description"] = json!(description);
    }
    if let Some(search) = search {
        site["potentialAction"] = json!({
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{search}?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        });
    }
    script_safe(site.to_string())
}

/// A page listing stories, entities or documents: a `CollectionPage` of the
/// site, with the trail of pages above it, `crumbs` (name and permalink,
/// from the home page to this one).
pub(super) fn collection_page(
    config: &Config,
    (name, permalink): (&str, &str),
    description: Option<&str>,
    crumbs: &[(&str, String)],
) -> String {
    let trail: Vec<_> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, item))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": item })
        })
        .collect();
    let mut page = json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": permalink,
        "name": name,
        "url": permalink,
        "inLanguage": config.language,
        "isPartOf": WebsiteRef::of(config),
        "breadcrumb": { "@type": "BreadcrumbList", "itemListElement": trail },
    });
    if let Some(description) = description {
        page["description"] = json!(description);
    }
    script_safe(page.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_cannot_break_out() {
        let json = json!({ "headline": "a </script><script>alert(1)</script> & b" });
        let safe = script_safe(json.to_string());
        assert!(!safe.contains("</script"));
        assert!(!safe.contains('<') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["headline"], "a </script><script>alert(1)</script> & b");
    }
}
