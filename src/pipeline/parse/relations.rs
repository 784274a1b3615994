//! A profile's `relations`: dated, typed links to other entities, such as
//! "Foreign Minister of Ecuador, January 2010 – March 2016".

use super::items::{Item, take_items};
use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::YamlDoc;
use crate::model::date::{Day, PartialDate};
use crate::model::slug::slugify;
use crate::model::url::is_web_address;

/// What an entity is to another, and when.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relation {
    /// What the profile's entity is to the other one: `Foreign Minister`.
    pub role: String,
    /// The other entity, as written: a name or an alias, or
    /// `<kind>/<slug>` where a name is an entity of several kinds.
    pub of: String,
    /// How the other entity's page names the profile's entity; the role
    /// when not given.
    pub inverse: Option<String>,
    /// When it began, as precisely as known.
    pub from: Option<PartialDate>,
    /// The last day of it, as precisely as known; none while it lasts.
    pub until: Option<PartialDate>,
    /// It ended, on a day not known (only without `until`).
    pub ended: bool,
    /// Where it is on the record: a story's slug, a document's slug or a
    /// web address.
    pub source: Option<String>,
    /// Where its item is in the file (line, column).
    pub at: (usize, usize),
}

impl Relation {
    /// How the other entity's page names it: `inverse`, else the role.
    pub fn inverse_role(&self) -> &str {
        self.inverse.as_deref().unwrap_or(&self.role)
    }

    /// Whether it still lasts: no `until`, and not `ended`.
    pub fn is_current(&self) -> bool {
        self.until.is_none() && !self.ended
    }

    /// Whether it certainly held on `day`: begun by then (a partial `from`
    /// counts from its last day: `2014-07` may mean the 31st) and not over
    /// (a partial `until` ends on its first day). A relation that ended on
    /// a day not known held on no day for certain.
    pub fn held_on(&self, day: Day) -> bool {
        let begun = self.from.is_none_or(|from| from.last_day() <= day);
        let lasting = match self.until {
            Some(until) => day <= until.first_day(),
            None => !self.ended,
        };
        begun && lasting
    }
}

const KEYS: [&str; 7] = ["role", "of", "inverse", "from", "until", "ended", "source"];

const EXPECTED: &str = "a list of relations, e.g. `- role: Foreign Minister` and `of: Ecuador`";

/// The profile's relations, in the order written; each problem is a
/// diagnostic at the item it is in.
pub(super) fn take_relations(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<Relation> {
    let mut relations = Vec::new();
    for mut item in take_items(doc, "relations", "relation", EXPECTED, d) {
        let relation = relation(&mut item);
        if item.finish(d)
            && let Some(relation) = relation
        {
            relations.push(relation);
        }
    }
    relations
}

/// One item of the list, or `None` when it lacks what it needs; its
/// problems are the item's.
fn relation(item: &mut Item) -> Option<Relation> {
    item.reject_unknown_keys(&KEYS);
    let name = item.name().to_string();
    let role = item.text("role");
    let of = item.text("of");
    for (key, value, example) in [
        ("role", &role, "role: Foreign Minister"),
        ("of", &of, "of: Ecuador"),
    ] {
        if value.is_none() {
            item.problem(
                Code::MissingKey,
                format!("{name} has no `{key}`"),
                format!("a relation needs a `role` and an `of`, e.g. `{example}`"),
            );
        }
    }
    let inverse = item.text("inverse");
    let from = item.partial_date("from");
    let until = item.partial_date("until");
    let ended = item.flag("ended").unwrap_or(false);
    let source = item.text("source");
    if let (Some(from), Some(until)) = (from, until)
        && until.last_day() < from.first_day()
    {
        item.problem(
            Code::InvalidEntry,
            format!(
                "{name} ends before it begins: `until: {}` is before `from: {}`",
                until.ymd(),
                from.ymd()
            ),
            "`until` is the last day of the relation; check both dates",
        );
    }
    if let Some(source) = &source
        && !is_web_address(source)
        && slugify(source) != *source
    {
        item.problem(
            Code::InvalidValue,
            format!("{name}: `source` is neither a story's or a document's slug nor a web address: `{source}`"),
            "write the slug of a story or a document of the dossier (its file name), or an address starting with https://",
        );
    }
    Some(Relation {
        role: role?,
        of: of?,
        inverse,
        from,
        until,
        ended,
        source,
        at: item.at,
    })
}

/// A relation's role restated in a profile's translation: which of the
/// original's relations it is (`of`, and `from` where the original holds
/// several of one entity), and its words in that language.
#[derive(Debug, Clone, PartialEq)]
pub struct RestatedRole {
    /// The other entity, as the original writes it.
    pub of: String,
    /// The relation's beginning, as the original writes it.
    pub from: Option<PartialDate>,
    /// The role in the translation's language.
    pub role: String,
    /// How the other entity's page names the profile's entity in it.
    pub inverse: Option<String>,
    /// Where its item is in the translation (line, column).
    pub at: (usize, usize),
}

const RESTATED_KEYS: [&str; 4] = ["of", "from", "role", "inverse"];

/// The roles a profile's translation restates, in the order written.
pub(super) fn take_restated_roles(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<RestatedRole> {
    let expected = "a list of the original's relations in this language, e.g. `- of: Ecuador` and `role: Ministro de Relaciones Exteriores`";
    let mut restated = Vec::new();
    for mut item in take_items(doc, "relations", "relation", expected, d) {
        item.reject_unknown_keys(&RESTATED_KEYS);
        let name = item.name().to_string();
        let (of, from, role, inverse) = (
            item.text("of"),
            item.partial_date("from"),
            item.text("role"),
            item.text("inverse"),
        );
        if of.is_none() || role.is_none() {
            item.problem(
                Code::MissingKey,
                format!("{name} needs an `of` and a `role`"),
                "name the relation as the original does (`of: Ecuador`, and `from:` if it has several of that entity), and give its role in this language",
            );
        }
        let at = item.at;
        if item.finish(d)
            && let (Some(of), Some(role)) = (of, role)
        {
            restated.push(RestatedRole {
                of,
                from,
                role,
                inverse,
                at,
            });
        }
    }
    restated
}

/// Puts the `restated` roles, from the translation at `path`, in the
/// original's `relations`: each names exactly one of them, and restates its
/// inverse when the original gives one.
pub(super) fn restate_roles(
    relations: &mut [Relation],
    restated: Vec<RestatedRole>,
    path: &std::path::Path,
    d: &mut Vec<Diagnostic>,
) {
    let mut done = vec![false; relations.len()];
    for role in restated {
        let problem = |(message, hint): (String, String)| {
            Diagnostic::error(
                Code::TranslationMismatch,
                path,
                role.at.0,
                role.at.1,
                message,
            )
            .with_hint(hint)
        };
        let i = match the_one_restated(relations, &role) {
            Ok(i) => i,
            Err(why) => {
                d.push(problem(why));
                continue;
            }
        };
        let relation = &mut relations[i];
        if std::mem::replace(&mut done[i], true) {
            d.push(problem((
                format!("the relation of `{}` is restated twice", role.of),
                "restate each of the original's relations once".into(),
            )));
        } else if let (Some(inverse), None) = (&relation.inverse, &role.inverse) {
            d.push(problem((
                format!("the original names the relation's inverse (`inverse: {inverse}`), and the translation does not"),
                "restate the inverse too, as the other entity's page names it in this language".into(),
            )));
        } else {
            relation.role = role.role;
            relation.inverse = role.inverse;
        }
    }
}

/// Which of the original's `relations` `role` restates, or why it is not
/// exactly one (a message and a hint).
fn the_one_restated(
    relations: &[Relation],
    role: &RestatedRole,
) -> Result<usize, (String, String)> {
    let of = slugify(&role.of);
    let matching: Vec<usize> = (0..relations.len())
        .filter(|&i| slugify(&relations[i].of) == of)
        .filter(|&i| role.from.is_none() || relations[i].from == role.from)
        .collect();
    match matching[..] {
        [i] => Ok(i),
        [] => {
            let from = role.from.map(|f| format!(" from {}", f.ymd()));
            let names: Vec<&str> = relations.iter().map(|r| r.of.as_str()).collect();
            let hint = match names.is_empty() {
                true => "the original states no relations to restate".into(),
                false => format!("its relations are of {}", names.join(", ")),
            };
            Err((
                format!(
                    "the original states no relation of `{}`{}",
                    role.of,
                    from.unwrap_or_default()
                ),
                hint,
            ))
        }
        _ => Err((
            format!(
                "the original states {} relations of `{}`",
                matching.len(),
                role.of
            ),
            "add `from:` as the original gives it, to say which one".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(from: Option<&str>, until: Option<&str>, ended: bool) -> Relation {
        Relation {
            role: "Foreign Secretary".into(),
            of: "United Kingdom".into(),
            inverse: None,
            from: from.map(|d| PartialDate::parse(d).unwrap()),
            until: until.map(|d| PartialDate::parse(d).unwrap()),
            ended,
            source: None,
            at: (1, 1),
        }
    }

    #[test]
    fn a_relation_holds_only_on_days_it_certainly_held() {
        let hague = relation(Some("2010-05-12"), Some("2014-07-14"), false);
        assert!(!hague.held_on(Day(2010, 5, 11)), "the day before");
        assert!(hague.held_on(Day(2010, 5, 12)), "its first day");
        assert!(hague.held_on(Day(2014, 7, 14)), "its last day");
        assert!(!hague.held_on(Day(2014, 7, 15)), "the day after");
        // A month may mean any of its days.
        let leader = relation(Some("2014-07"), Some("2015"), false);
        assert!(!leader.held_on(Day(2014, 7, 30)));
        assert!(leader.held_on(Day(2014, 8, 1)));
        assert!(leader.held_on(Day(2015, 1, 1)));
        assert!(!leader.held_on(Day(2015, 1, 2)));
        // Ongoing, and ended on a day not known.
        let ongoing = relation(Some("2022-05-23"), None, false);
        assert!(ongoing.held_on(Day(2026, 1, 1)) && ongoing.is_current());
        let ended = relation(Some("2006"), None, true);
        assert!(!ended.held_on(Day(2010, 1, 1)) && !ended.is_current());
        assert!(relation(None, None, false).held_on(Day(1999, 1, 1)));
    }
}
