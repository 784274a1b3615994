//! schema.org structured data for story and entity pages, as JSON-LD that
//! is safe inside a `<script>` element.

use serde_json::{Value as Json, json};

use crate::config::Config;
use crate::index::{Dossier, EntityId, StoryId};
use crate::plan;

/// A story as a `NewsArticle`, `about` the entities its front matter lists and
/// `mentions` those its text names.
/// `entity_id` gives the permalink of an entity's page, which is also the
/// entity's JSON-LD `@id`.
pub fn news_article(
    config: &Config,
    dossier: &Dossier,
    entity_id: &dyn Fn(EntityId) -> String,
    story: StoryId,
    summary: &str,
) -> String {
    let s = &dossier.stories[story];
    let url = config.base_url.permalink(&plan::story_path(&s.slug));
    let refs = |ids: &[EntityId]| -> Vec<Json> {
        ids.iter()
            .map(|&e| json!({ "@id": entity_id(e) }))
            .collect()
    };
    let authors: Vec<Json> = s
        .authors
        .iter()
        .map(|a| json!({ "@type": "Person", "name": a }))
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "headline": s.title,
        "description": summary,
        "datePublished": s.date.rfc3339(),
        "dateModified": s.updated.unwrap_or(s.date).rfc3339(),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": { "@type": "Organization", "name": config.title, "url": config.base_url.as_str() },
        "about": refs(&dossier.story_entities[story]),
        "mentions": refs(&dossier.story_mentions[story]),
    });
    article["author"] = if authors.is_empty() {
        json!({ "@type": "Organization", "name": config.title })
    } else {
        Json::from(authors)
    };
    if let Some(source) = &s.source_url {
        article["isBasedOn"] = json!(source);
    }
    script_safe(&article)
}

/// An entity as its kind's schema type (`Person`, `Organization`, `Place`...).
pub fn entity(
    config: &Config,
    dossier: &Dossier,
    id: &str,
    entity: EntityId,
    image: Option<&str>,
) -> String {
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
    script_safe(&thing)
}

/// JSON that cannot end its `<script>` element early or open a comment: `<`,
/// `>` and `&` become `\u` escapes, which JSON parsers read back unchanged.
fn script_safe(value: &Json) -> String {
    let text = value.to_string();
    if !text.contains(['<', '>', '&']) {
        return text;
    }
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_cannot_break_out() {
        let safe = script_safe(&json!({ "headline": "a </script><script>alert(1)</script> & b" }));
        assert!(!safe.contains("</script"));
        assert!(!safe.contains('<') && !safe.contains('&'));
        let back: Json = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["headline"], "a </script><script>alert(1)</script> & b");
    }
}
