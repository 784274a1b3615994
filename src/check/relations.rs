//! Relations that a build accepts but that look wrong: the same role held
//! twice at once, and profiles that disagree about what two entities are
//! to each other.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::date::Day;
use crate::pipeline::index::{Dossier, EntityRelation, RelationId};

/// The days a relation may cover: from the first day its `from` may mean
/// (or always) to the last day its `until` may mean (or for ever).
fn span(r: &EntityRelation) -> (Day, Day) {
    let relation = &r.relation;
    let start = relation.from.map_or(Day(i16::MIN, 1, 1), |d| d.first_day());
    let end = relation
        .until
        .map_or(Day(i16::MAX, 12, 31), |d| d.last_day());
    (start, end)
}

/// Whether two relations cover more than one day in common: a term that
/// ends on the day the next one begins is not an overlap.
fn overlap(a: &EntityRelation, b: &EntityRelation) -> bool {
    let ((a_start, a_end), (b_start, b_end)) = (span(a), span(b));
    a_start < b_end && b_start < a_end
}

fn same_role(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The warning at the item of relation `r`.
fn at(dossier: &Dossier, r: &EntityRelation, message: String, hint: &str) -> Diagnostic {
    let profile = dossier.entities[r.holder]
        .profile
        .map(|p| &dossier.profiles[p]);
    let path = profile.map_or(std::path::Path::new(""), |p| p.path.as_path());
    let (line, column) = r.relation.at;
    Diagnostic::warning(Code::ConflictingRelations, path, line, column, message).with_hint(hint)
}

/// The same entity holding the same role of the same other entity twice,
/// over dates that overlap: a duplicate, or a typo in a date.
pub(super) fn overlapping_roles(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for entity in &dossier.entities {
        let ids = &entity.relations;
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                let (ra, rb) = (&dossier.relations[a], &dossier.relations[b]);
                if ra.other == rb.other
                    && same_role(&ra.relation.role, &rb.relation.role)
                    && overlap(ra, rb)
                {
                    let later = if ra.relation.at > rb.relation.at {
                        ra
                    } else {
                        rb
                    };
                    let other = &dossier.entities[ra.other].name;
                    found.push(at(
                        dossier,
                        later,
                        format!(
                            "{} is {} of {other} twice over overlapping dates",
                            entity.name, later.relation.role
                        ),
                        "merge the two relations, or correct the dates of one",
                    ));
                }
            }
        }
    }
    found
}

/// A relation whose `inverse` names the other entity's own role instead of
/// its own: Stella Assange `role: Wife, of: Julian Assange, inverse:
/// Husband`, while his profile says he is her Husband. `inverse` is how the
/// other entity's page names the holder, so his page would list her as his
/// "Husband".
pub(super) fn contradicting_inverses(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for r in RelationId::all(dossier.relations.len()) {
        let relation = &dossier.relations[r];
        let (role, Some(inverse)) = (
            &relation.relation.role,
            relation.relation.inverse.as_deref(),
        ) else {
            continue;
        };
        if same_role(role, inverse) {
            continue;
        }
        let theirs = dossier.entities[relation.other]
            .relations
            .iter()
            .map(|&o| &dossier.relations[o])
            .find(|o| {
                o.other == relation.holder
                    && overlap(o, relation)
                    && same_role(&o.relation.role, inverse)
                    && !same_role(&o.relation.role, role)
            });
        let Some(theirs) = theirs else { continue };
        let holder = &dossier.entities[relation.holder].name;
        let other = &dossier.entities[relation.other].name;
        found.push(at(
            dossier,
            relation,
            format!(
                "`inverse: {inverse}` is what {other} is to {holder} (so says {other}'s own profile), not what {holder} is to {other}",
            ),
            &format!(
                "`inverse` is how {other}'s page names {holder}: write `inverse: {role}`, or drop it; {other}'s own relation (`{}`) already shows on both pages",
                theirs.relation.role
            ),
        ));
    }
    found
}
