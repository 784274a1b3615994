//! An entity's relationship graph: the entity at the centre, the entities
//! it is related to and those it most often shares stories with around it,
//! as an accessible inline SVG.
//!
//! # Output
//!
//! One `<svg>` element with `role="img"`, a `<title>` and a `<desc>` that
//! says the same as the graph in words; the page follows it with the same
//! facts as a list. No script, no colours and no sizes in pixels: the theme
//! styles `.relationship-graph` (`width: 100%; height: auto`), `.edge` and
//! `.edge.connection` (`stroke`), `.node` and `.node.centre` (`fill`),
//! `.label`, `.label.centre` and `.role` (`fill`), which also follow dark
//! mode. It has no links: the page lists the same entities, linked, after
//! it.
//!
//! # Layout
//!
//! The viewBox is 360 units wide, close to a phone's width in CSS pixels, so
//! that the labels keep their size where the page is narrowest. The nodes
//! are spread evenly on an ellipse around the centre in the order given
//! (relations, then connections), the first straight above it; each label
//! is centred on its node, above it in the upper half and below it in the
//! lower half, its words wrapped at about 18 characters on at most two
//! lines, and its role (or its number of shared stories) on a line of its
//! own. Every coordinate is an integer: the same nodes give the same bytes.

use std::fmt::Write as _;

use super::chart::escape;

/// The most entities around the centre.
pub(super) const MOST_NODES: usize = 8;

const WIDTH: i32 = 360;
const HEIGHT: i32 = 340;
const CENTRE_X: i32 = WIDTH / 2;
const CENTRE_Y: i32 = HEIGHT / 2;
const RADIUS_X: i32 = 120;
const RADIUS_Y: i32 = 112;
const LINE: i32 = 14;
const WRAP: usize = 18;

/// An entity around the centre.
pub(super) struct Node {
    /// Its name.
    pub name: String,
    /// What links it to the centre: a role (`Foreign Minister`), or the
    /// stories they share (`12 stories together`).
    pub label: String,
    /// Whether the link is a relation (a solid edge) rather than shared
    /// stories (a dashed one).
    pub related: bool,
}

/// The graph of `centre` and `nodes` (at most [`MOST_NODES`] are drawn), a
/// picture without links: the page's list of the same facts has them, and
/// links inside an image would be hidden from screen readers;
/// `id` makes the title's and description's ids unique in the page;
/// `description` says in words what the graph shows.
pub(super) fn relationship_svg(
    centre: &str,
    nodes: &[Node],
    id: &str,
    (title, description): (&str, &str),
) -> String {
    let nodes = &nodes[..nodes.len().min(MOST_NODES)];
    let mut svg = String::with_capacity(2048);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relationship-graph\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description),
    );
    let places: Vec<(i32, i32)> = (0..nodes.len()).map(|i| place(i, nodes.len())).collect();
    svg.push_str("<g class=\"edges\">");
    for (node, &(x, y)) in nodes.iter().zip(&places) {
        let class = if node.related {
            "edge"
        } else {
            "edge connection"
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{CENTRE_X}\" y1=\"{CENTRE_Y}\" x2=\"{x}\" y2=\"{y}\"/>"
        );
    }
    svg.push_str("</g>");
    for (node, &(x, y)) in nodes.iter().zip(&places) {
        let _ = write!(
            svg,
            "<g><circle class=\"node\" cx=\"{x}\" cy=\"{y}\" r=\"6\"/>"
        );
        let mut lines: Vec<(&str, String)> =
            wrap(&node.name).into_iter().map(|l| ("label", l)).collect();
        lines.push(("role", shorten(&node.label, WRAP + 6)));
        label(&mut svg, x, y, &lines);
        svg.push_str("</g>");
    }
    let _ = write!(
        svg,
        "<g><circle class=\"node centre\" cx=\"{CENTRE_X}\" cy=\"{CENTRE_Y}\" r=\"9\"/>"
    );
    let centre_lines: Vec<(&str, String)> = wrap(centre)
        .into_iter()
        .map(|l| ("label centre", l))
        .collect();
    label(&mut svg, CENTRE_X, CENTRE_Y + 4, &centre_lines);
    svg.push_str("</g></svg>");
    svg
}

/// Where node `i` of `n` goes: evenly on the ellipse, the first on top.
fn place(i: usize, n: usize) -> (i32, i32) {
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    let x = f64::from(CENTRE_X) + f64::from(RADIUS_X) * angle.cos();
    let y = f64::from(CENTRE_Y) + f64::from(RADIUS_Y) * angle.sin();
    (x.round() as i32, y.round() as i32)
}

/// Writes `lines` centred on the node at `(x, y)`: above it when the node
/// is in the upper half, below it otherwise.
fn label(svg: &mut String, x: i32, y: i32, lines: &[(&str, String)]) {
    let count = lines.len() as i32;
    let first = if y < CENTRE_Y {
        y - 10 - (count - 1) * LINE
    } else {
        y + 20
    };
    for (n, (class, text)) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text class=\"{class}\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            first + n as i32 * LINE,
            escape(text)
        );
    }
}

/// A name on at most two lines of about [`WRAP`] characters, the rest cut
/// with an ellipsis.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= WRAP;
        if !current.is_empty() && !fits {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(shorten(&rest, WRAP));
    }
    lines
        .into_iter()
        .map(|line| shorten(&line, WRAP + 4))
        .collect()
}

/// `text`, cut to `most` characters with an ellipsis, after a whole word
/// when that keeps most of it.
fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    let kept: String = text.chars().take(most - 1).collect();
    let kept = match kept.rfind(' ') {
        Some(space) if space >= kept.len() / 2 => &kept[..space],
        _ => kept.as_str(),
    };
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, label: &str, related: bool) -> Node {
        Node {
            name: name.into(),
            label: label.into(),
            related,
        }
    }

    #[test]
    fn the_same_nodes_give_the_same_bytes_and_every_name_is_text() {
        let nodes = vec![
            node("Ecuador", "Foreign Minister", true),
            node(
                "UN Working Group on Arbitrary Detention",
                "3 stories together",
                false,
            ),
            node("<script>", "x & y", false),
        ];
        let svg = relationship_svg(
            "Ricardo Patiño",
            &nodes,
            "g1",
            ("Relationship graph of Ricardo Patiño", "Two relations."),
        );
        assert_eq!(
            svg,
            relationship_svg(
                "Ricardo Patiño",
                &nodes,
                "g1",
                ("Relationship graph of Ricardo Patiño", "Two relations.")
            )
        );
        assert!(
            svg.starts_with(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relationship-graph\""
            )
        );
        assert!(
            svg.contains("role=\"img\" aria-labelledby=\"g1-title\" aria-describedby=\"g1-desc\"")
        );
        assert!(
            svg.contains("<title id=\"g1-title\">Relationship graph of Ricardo Patiño</title>")
        );
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        // The first node straight above the centre; a long name on two lines.
        assert!(svg.contains("<line class=\"edge\" x1=\"180\" y1=\"170\" x2=\"180\" y2=\"58\"/>"));
        assert!(svg.contains(">UN Working Group</text>"));
        assert!(
            svg.contains(">on Arbitrary…</text>") || svg.contains(">on Arbitrary Detention</text>"),
            "{svg}"
        );
        assert!(svg.contains("class=\"edge connection\""));
    }

    #[test]
    fn no_more_than_the_most_nodes_are_drawn() {
        let nodes: Vec<Node> = (0..12)
            .map(|i| node(&format!("N{i}"), "1 story together", false))
            .collect();
        let svg = relationship_svg("C", &nodes, "g", ("C", ""));
        assert_eq!(svg.matches("<line").count(), MOST_NODES);
    }
}
