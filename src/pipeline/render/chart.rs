//! Coverage over time: stories per month as an accessible inline SVG bar chart.
//!
//! Every chart of a dossier covers the same range of months (the dossier's
//! whole date range), so the charts of different entities line up and compare.
//!
//! # Output
//!
//! [`coverage_svg`] returns one `<svg>` element, ready to be inlined in an
//! HTML5 page (for example with Tera's `| safe`):
//!
//! ```text
//! <svg xmlns="http://www.w3.org/2000/svg" class="coverage-chart" viewBox="0 0 747 120" role="img" aria-labelledby="P-title" aria-describedby="P-desc" shape-rendering="crispEdges">
//! <title id="P-title">Coverage of …: stories per month, January 2012 – December 2012</title>
//! <desc id="P-desc">4 stories over 12 months; busiest month: June 2012 with 3 stories.</desc>
//! <g class="bars">
//! <rect class="bar" x="307" y="6" width="48" height="90"><title>June 2012: 3 stories</title></rect>
//! …
//! </g>
//! <line class="axis" x1="1" y1="97" x2="721" y2="97"/>
//! <line class="year-tick" x1="1" y1="97" x2="1" y2="103"/>
//! <text class="year-label" x="3" y="115" font-size="11">2012</text>
//! </svg>
//! ```
//!
//! There are no colours, sizes in pixels or scripts: the theme styles
//! `.coverage-chart` (give it `width: 100%; height: auto`), `.bar` (`fill`),
//! `.axis` and `.year-tick` (`<line>`s: `stroke`) and `.year-label` (`fill`;
//! the `font-size` attribute is only a default that CSS overrides).
//!
//! # Geometry
//!
//! The viewBox is `0 0 W 120` and all coordinates are integers. Each month gets
//! a slot of `720 / months` units (at least 1), so the plot is 360 to 720
//! units wide for ranges of up to 60 years and the labels keep a readable size
//! once the chart is scaled to the page's width. Bars are at most 48 units wide,
//! centred in their slot, and their heights scale to the busiest month (90
//! units); a month with at least one story is always at least 1 unit tall.
//! Years are labelled at their January, every 1, 2, 5, 10… years so that labels
//! are at least 40 units apart.

use std::fmt::Write as _;

use crate::model::date::Month;
pub(super) use crate::model::escape::escape;
use crate::pipeline::render::i18n::Language;

/// Width the months share, in viewBox units.
const PLOT_TARGET: usize = 720;
/// Room left of the first month, so the first tick is not clipped.
const LEFT: usize = 1;
/// Room right of the last month, so a label at its January fits.
const RIGHT: usize = 26;
/// ViewBox height.
const HEIGHT: usize = 120;
/// Height of the busiest month's bar.
const MAX_BAR: usize = 90;
/// Bottom of the bars.
const BASE: usize = 96;
/// The axis, just below the bars.
const AXIS_Y: usize = BASE + 1;
/// Bottom end of a year tick.
const TICK_END: usize = AXIS_Y + 6;
/// Baseline of the year labels.
const LABEL_Y: usize = 115;
/// Default font size of the year labels.
const FONT_SIZE: usize = 11;
/// Labels start this far right of their tick.
const LABEL_OFFSET: usize = 2;
/// Estimated advance of one digit at `FONT_SIZE` (0.6 em, rounded up).
const DIGIT_WIDTH: usize = 7;
/// Minimum distance between two year labels.
const LABEL_SPACING: usize = 40;
/// Widest bar, so short ranges do not become blocks.
const MAX_BAR_WIDTH: usize = 48;

/// Counts per month over a fixed range [first, last] (the dossier's whole range, shared by all charts so they compare).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MonthlyCounts {
    pub first: Month,
    pub last: Month,
    /// One per month of the range, `counts[0]` being `first`.
    pub counts: Vec<usize>,
}

impl MonthlyCounts {
    /// Counts the given months (each occurrence is one story) within [first, last]; months outside are ignored.
    pub(super) fn count(
        first: Month,
        last: Month,
        months: impl IntoIterator<Item = Month>,
    ) -> Self {
        let mut counts = vec![0; first.span_to(last)];
        for month in months {
            if !month.is_valid() {
                continue;
            }
            let Ok(i) = usize::try_from(month.index() - first.index()) else {
                continue;
            };
            if let Some(count) = counts.get_mut(i) {
                *count += 1;
            }
        }
        MonthlyCounts {
            first,
            last,
            counts,
        }
    }

    pub(super) fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The busiest month and its count (earliest on ties); None if total is 0.
    pub(super) fn busiest(&self) -> Option<(Month, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, &count) in self.counts.iter().enumerate() {
            if count > 0 && best.is_none_or(|(_, c)| count > c) {
                best = Some((i, count));
            }
        }
        best.map(|(i, count)| (self.month_at(i), count))
    }

    /// The month of `counts[i]`.
    fn month_at(&self, i: usize) -> Month {
        Month::from_index(self.first.index() + i as i32)
    }
}

/// Renders the chart. `subject` is e.g. "Julian Assange" or the site title; `id_prefix` makes the ids unique in the page.
///
/// The ids are `{id_prefix}-title` and `{id_prefix}-desc` (whitespace in the
/// prefix becomes `-`; an empty prefix becomes `coverage`).
pub(super) fn coverage_svg(
    counts: &MonthlyCounts,
    subject: &str,
    id_prefix: &str,
    language: &Language,
) -> String {
    let months = counts.counts.len();
    let pitch = (PLOT_TARGET / months.max(1)).max(1);
    let plot = if months == 0 {
        PLOT_TARGET
    } else {
        months * pitch
    };
    let width = LEFT + plot + RIGHT;
    let gap = if pitch >= 3 { (pitch / 5).max(1) } else { 0 };
    let bar_width = (pitch - gap).min(MAX_BAR_WIDTH);
    let bar_offset = (pitch - bar_width) / 2;
    let max = counts.counts.iter().copied().max().unwrap_or(0);

    let prefix: String = if id_prefix.is_empty() {
        "coverage".to_owned()
    } else {
        id_prefix
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect()
    };
    let prefix = escape(&prefix);

    let range = if counts.first == counts.last {
        language.month(counts.first)
    } else {
        let from = language.month(counts.first).into();
        let until = language.month(counts.last).into();
        language.text("range", &[("from", from), ("until", until)])
    };
    let title = language.text(
        "coverage_title",
        &[("subject", subject.into()), ("range", range.into())],
    );
    let stories = |n: usize| language.count("stories_count", n, &[]);
    let desc = match counts.busiest() {
        None => language.text("no_stories", &[]),
        Some((month, most)) => language.text(
            "coverage_summary",
            &[
                ("stories", stories(counts.total()).into()),
                ("months", language.count("months_count", months, &[]).into()),
                ("month", language.month(month).into()),
                ("most", stories(most).into()),
            ],
        ),
    };

    let mut svg = String::with_capacity(1024 + 128 * months);
    // Writing to a String cannot fail.
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"coverage-chart\" \
         viewBox=\"0 0 {width} {HEIGHT}\" role=\"img\" aria-labelledby=\"{prefix}-title\" \
         aria-describedby=\"{prefix}-desc\" shape-rendering=\"crispEdges\">"
    );
    let _ = writeln!(
        svg,
        "<title id=\"{prefix}-title\">{}</title>",
        escape(&title)
    );
    let _ = writeln!(svg, "<desc id=\"{prefix}-desc\">{}</desc>", escape(&desc));

    svg.push_str("<g class=\"bars\">\n");
    for (i, &count) in counts.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        // Rounded to the nearest unit, never below 1; max >= count > 0 here.
        let height = ((count * MAX_BAR * 2 + max) / (max * 2)).max(1);
        let _ = writeln!(
            svg,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{bar_width}\" height=\"{height}\">\
             <title>{}: {}</title></rect>",
            LEFT + i * pitch + bar_offset,
            BASE - height,
            escape(&language.month(counts.month_at(i))),
            escape(&stories(count)),
        );
    }
    svg.push_str("</g>\n");

    let _ = writeln!(
        svg,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{AXIS_Y}\" x2=\"{}\" y2=\"{AXIS_Y}\"/>",
        LEFT + plot
    );
    let januaries: Vec<(usize, i16)> = (0..months)
        .map(|i| (i, counts.month_at(i)))
        .filter(|(_, month)| month.month == 1)
        .map(|(i, month)| (LEFT + i * pitch, month.year))
        .collect();
    for &(x, _) in &januaries {
        let _ = writeln!(
            svg,
            "<line class=\"year-tick\" x1=\"{x}\" y1=\"{AXIS_Y}\" x2=\"{x}\" y2=\"{TICK_END}\"/>"
        );
    }
    for (x, year) in year_labels(counts, &januaries, pitch, width) {
        let _ = writeln!(
            svg,
            "<text class=\"year-label\" x=\"{}\" y=\"{LABEL_Y}\" font-size=\"{FONT_SIZE}\">{year}</text>",
            x + LABEL_OFFSET
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The years to label and the x of their tick: Januaries of every `step`-th
/// year, at least `LABEL_SPACING` apart and inside the viewBox, plus the first
/// year when the range starts after January and there is room for it.
fn year_labels(
    counts: &MonthlyCounts,
    januaries: &[(usize, i16)],
    pitch: usize,
    width: usize,
) -> Vec<(usize, i16)> {
    let mut step: i16 = 1;
    for candidate in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] {
        step = candidate;
        if usize::try_from(candidate).unwrap_or(0) * 12 * pitch >= LABEL_SPACING {
            break;
        }
    }
    let fits = |x: usize, year: i16| x + LABEL_OFFSET + label_width(year) <= width;

    let mut labels: Vec<(usize, i16)> = Vec::new();
    for &(x, year) in januaries {
        let spaced = labels
            .last()
            .is_none_or(|&(last, _)| x - last >= LABEL_SPACING);
        if year.rem_euclid(step) == 0 && spaced && fits(x, year) {
            labels.push((x, year));
        }
    }
    if !counts.counts.is_empty() {
        let first = counts.first;
        let room = labels
            .first()
            .is_none_or(|&(x, _)| x - LEFT >= LABEL_SPACING);
        if first.month != 1 && first.year.rem_euclid(step) == 0 && room && fits(LEFT, first.year) {
            labels.insert(0, (LEFT, first.year));
        }
    }
    labels
}

/// Estimated width of a year label.
fn label_width(year: i16) -> usize {
    year.to_string().len() * DIGIT_WIDTH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::render::i18n::Translations;

    fn english() -> std::sync::Arc<Language> {
        Translations::parse(&[]).unwrap().language("en")
    }

    fn m(year: i16, month: i8) -> Month {
        Month { year, month }
    }

    /// 3 stories in June 2012 and 1 in August 2012, over 2012.
    fn sample() -> MonthlyCounts {
        MonthlyCounts::count(
            m(2012, 1),
            m(2012, 12),
            [m(2012, 6), m(2012, 8), m(2012, 6), m(2012, 6)],
        )
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"))
    }

    fn num(node: roxmltree::Node, attr: &str) -> usize {
        node.attribute(attr)
            .unwrap_or_else(|| panic!("no {attr}"))
            .parse()
            .unwrap_or_else(|e| panic!("{attr} not an integer: {e}"))
    }

    fn with_class<'a, 'input>(
        doc: &'a roxmltree::Document<'input>,
        class: &str,
    ) -> Vec<roxmltree::Node<'a, 'input>> {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .collect()
    }

    fn view_box(doc: &roxmltree::Document) -> (usize, usize) {
        let parts: Vec<usize> = doc
            .root_element()
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|p| p.parse().unwrap())
            .collect();
        assert_eq!(&parts[..2], &[0, 0]);
        (parts[2], parts[3])
    }

    /// Parses, and checks what every chart must satisfy.
    fn check(svg: &str) {
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("class"), Some("coverage-chart"));
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
        assert!(!svg.contains("style") && !svg.contains("fill") && !svg.contains("script"));
        // The accessible name and description exist and are the first children.
        let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(children[0].tag_name().name(), "title");
        assert_eq!(children[1].tag_name().name(), "desc");
        let label = root.attribute("aria-labelledby").unwrap();
        assert_eq!(children[0].attribute("id"), Some(label));
        let described = root.attribute("aria-describedby").unwrap();
        assert_eq!(children[1].attribute("id"), Some(described));
        // Everything is inside the viewBox and has integer coordinates.
        let (width, height) = view_box(&doc);
        for bar in with_class(&doc, "bar") {
            assert_eq!(bar.tag_name().name(), "rect");
            assert!(num(bar, "x") + num(bar, "width") <= width);
            assert!(num(bar, "y") + num(bar, "height") <= height);
            assert!(num(bar, "height") >= 1 && num(bar, "width") >= 1);
        }
        let labels = with_class(&doc, "year-label");
        for pair in labels.windows(2) {
            assert!(num(pair[1], "x") >= num(pair[0], "x") + LABEL_SPACING);
        }
        for label in labels {
            let year: i16 = label.text().unwrap().parse().unwrap();
            assert!(num(label, "x") + label_width(year) <= width);
        }
    }

    #[test]
    fn counts_within_range_only() {
        let counts = MonthlyCounts::count(
            m(2011, 11),
            m(2012, 2),
            [
                m(2011, 10),
                m(2011, 11),
                m(2012, 1),
                m(2012, 1),
                m(2012, 2),
                m(2012, 3),
                m(2012, 0),
                m(2011, 13),
            ],
        );
        assert_eq!(counts.counts, vec![1, 0, 2, 1]);
        assert_eq!(counts.total(), 4);
        assert_eq!(counts.busiest(), Some((m(2012, 1), 2)));
        let empty = MonthlyCounts::count(m(2012, 2), m(2012, 1), [m(2012, 1)]);
        assert!(empty.counts.is_empty());
        assert_eq!(empty.total(), 0);
    }

    #[test]
    fn busiest_is_earliest_on_ties_and_none_when_empty() {
        let counts = MonthlyCounts::count(
            m(2012, 1),
            m(2012, 12),
            [m(2012, 9), m(2012, 3), m(2012, 9), m(2012, 3), m(2012, 1)],
        );
        assert_eq!(counts.busiest(), Some((m(2012, 3), 2)));
        let none = MonthlyCounts::count(m(2012, 1), m(2012, 12), []);
        assert_eq!(none.busiest(), None);
    }

    #[test]
    fn known_distribution() {
        let svg = coverage_svg(&sample(), "Julian Assange", "ja", &english());
        check(&svg);
        let doc = parse(&svg);
        let bars = with_class(&doc, "bar");
        assert_eq!(bars.len(), 2);
        let (june, august) = (bars[0], bars[1]);
        assert_eq!(num(june, "height"), 3 * num(august, "height"));
        assert_eq!(num(june, "height"), MAX_BAR);
        // Both stand on the same baseline, in month order, equally wide.
        assert_eq!(
            num(june, "y") + num(june, "height"),
            num(august, "y") + num(august, "height")
        );
        assert_eq!(num(june, "width"), num(august, "width"));
        // Two months apart: June is the sixth slot, August the eighth.
        let pitch = (num(august, "x") - num(june, "x")) / 2;
        assert_eq!(pitch, PLOT_TARGET / 12);
        assert_eq!(
            num(june, "x") - LEFT,
            5 * pitch + (pitch - num(june, "width")) / 2
        );
        let texts: Vec<_> = bars
            .iter()
            .map(|b| b.first_element_child().unwrap())
            .map(|t| (t.tag_name().name(), t.text().unwrap()))
            .collect();
        assert_eq!(
            texts,
            [
                ("title", "June 2012: 3 stories"),
                ("title", "August 2012: 1 story")
            ]
        );
        let labels: Vec<_> = with_class(&doc, "year-label")
            .iter()
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(labels, ["2012"]);
        assert_eq!(with_class(&doc, "year-tick").len(), 1);
        assert_eq!(with_class(&doc, "axis").len(), 1);
        let root = doc.root_element();
        let title = root.first_element_child().unwrap();
        assert_eq!(
            title.text(),
            Some("Coverage of Julian Assange: stories per month, January 2012 – December 2012")
        );
        let desc = title.next_sibling_element().unwrap();
        assert_eq!(
            desc.text(),
            Some("4 stories over 12 months; busiest month: June 2012 with 3 stories.")
        );
    }

    #[test]
    fn exact_output_for_a_small_input() {
        let counts = MonthlyCounts::count(
            m(2011, 11),
            m(2012, 2),
            [m(2011, 11), m(2012, 1), m(2012, 1)],
        );
        let svg = coverage_svg(&counts, "WikiLeaks", "c1", &english());
        assert_eq!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"coverage-chart\" viewBox=\"0 0 747 120\" role=\"img\" aria-labelledby=\"c1-title\" aria-describedby=\"c1-desc\" shape-rendering=\"crispEdges\">
<title id=\"c1-title\">Coverage of WikiLeaks: stories per month, November 2011 – February 2012</title>
<desc id=\"c1-desc\">3 stories over 4 months; busiest month: January 2012 with 2 stories.</desc>
<g class=\"bars\">
<rect class=\"bar\" x=\"67\" y=\"51\" width=\"48\" height=\"45\"><title>November 2011: 1 story</title></rect>
<rect class=\"bar\" x=\"427\" y=\"6\" width=\"48\" height=\"90\"><title>January 2012: 2 stories</title></rect>
</g>
<line class=\"axis\" x1=\"1\" y1=\"97\" x2=\"721\" y2=\"97\"/>
<line class=\"year-tick\" x1=\"361\" y1=\"97\" x2=\"361\" y2=\"103\"/>
<text class=\"year-label\" x=\"3\" y=\"115\" font-size=\"11\">2011</text>
<text class=\"year-label\" x=\"363\" y=\"115\" font-size=\"11\">2012</text>
</svg>"
        );
    }

    #[test]
    fn escapes_text() {
        let counts = sample();
        let svg = coverage_svg(&counts, "A <b> & \"c\" 'd'\u{1}", "x\"<&", &english());
        check(&svg);
        assert!(svg.contains("Coverage of A &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;: "));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("id=\"x&quot;&lt;&amp;-title\""));
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("aria-labelledby"), Some("x\"<&-title"));
        assert!(
            root.first_element_child()
                .unwrap()
                .text()
                .unwrap()
                .starts_with("Coverage of A <b> & \"c\" 'd': stories per month")
        );
    }

    #[test]
    fn ids_use_the_prefix() {
        let a = coverage_svg(&sample(), "A", "entity-chart", &english());
        let b = coverage_svg(&sample(), "A", "home-chart", &english());
        for (svg, prefix) in [(&a, "entity-chart"), (&b, "home-chart")] {
            let doc = parse(svg);
            let ids: Vec<_> = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .collect();
            assert_eq!(ids, [format!("{prefix}-title"), format!("{prefix}-desc")]);
            let root = doc.root_element();
            assert_eq!(root.attribute("aria-labelledby"), Some(ids[0]));
            assert_eq!(root.attribute("aria-describedby"), Some(ids[1]));
        }
        // Whitespace would split the aria-labelledby list; an empty prefix gets a default.
        let spaced = coverage_svg(&sample(), "A", "my chart", &english());
        assert!(spaced.contains("aria-labelledby=\"my-chart-title\""));
        let empty = coverage_svg(&sample(), "A", "", &english());
        assert!(empty.contains("aria-labelledby=\"coverage-title\""));
        assert!(empty.contains("<title id=\"coverage-title\">"));
    }

    #[test]
    fn zero_total() {
        let counts = MonthlyCounts::count(m(2010, 6), m(2024, 6), []);
        let svg = coverage_svg(&counts, "Nobody", "z", &english());
        check(&svg);
        let doc = parse(&svg);
        assert!(with_class(&doc, "bar").is_empty());
        assert_eq!(with_class(&doc, "axis").len(), 1);
        assert_eq!(with_class(&doc, "year-tick").len(), 14);
        assert!(!with_class(&doc, "year-label").is_empty());
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert_eq!(desc.text(), Some("No stories yet."));
    }

    #[test]
    fn empty_range_is_still_a_chart() {
        let counts = MonthlyCounts::count(m(2012, 5), m(2012, 4), [m(2012, 4)]);
        let svg = coverage_svg(&counts, "Nothing", "e", &english());
        check(&svg);
        assert!(svg.contains("No stories yet."));
    }

    #[test]
    fn single_month() {
        let counts = MonthlyCounts::count(m(2012, 6), m(2012, 6), [m(2012, 6)]);
        let svg = coverage_svg(&counts, "One", "s", &english());
        check(&svg);
        let doc = parse(&svg);
        let bars = with_class(&doc, "bar");
        assert_eq!(bars.len(), 1);
        assert_eq!(num(bars[0], "height"), MAX_BAR);
        assert_eq!(num(bars[0], "width"), MAX_BAR_WIDTH);
        let title = doc.root_element().first_element_child().unwrap();
        assert_eq!(
            title.text(),
            Some("Coverage of One: stories per month, June 2012")
        );
        assert!(svg.contains("1 story over 1 month; busiest month: June 2012 with 1 story."));
        // The year is labelled although the range has no January.
        let labels: Vec<_> = with_class(&doc, "year-label")
            .iter()
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(labels, ["2012"]);
        assert!(with_class(&doc, "year-tick").is_empty());
    }

    #[test]
    fn assange_example() {
        let mut months = vec![m(2012, 6); 3];
        months.extend((0..18).map(|i| Month::from_index(m(2010, 6).index() + i * 9)));
        let counts = MonthlyCounts::count(m(2010, 6), m(2024, 6), months);
        assert_eq!(counts.total(), 21);
        let svg = coverage_svg(&counts, "Julian Assange", "ja", &english());
        check(&svg);
        assert!(svg.contains(
            ">Coverage of Julian Assange: stories per month, June 2010 – June 2024</title>"
        ));
        assert!(svg.contains(
            ">21 stories over 169 months; busiest month: June 2012 with 3 stories.</desc>"
        ));
        let doc = parse(&svg);
        let labels: Vec<_> = with_class(&doc, "year-label")
            .iter()
            .map(|n| n.text().unwrap().to_owned())
            .collect();
        // Four units per month: every January is labelled, but June 2010 is
        // too close to January 2011 for a label of its own.
        let expected: Vec<_> = (2011..=2024).map(|y: i32| y.to_string()).collect();
        assert_eq!(labels, expected);
    }

    #[test]
    fn thirty_years_and_a_busy_month() {
        let mut months = vec![m(2000, 3); 500];
        months.push(m(2029, 12));
        months.push(m(1990, 1));
        let counts = MonthlyCounts::count(m(2000, 1), m(2029, 12), months);
        assert_eq!(counts.counts.len(), 360);
        assert_eq!(counts.total(), 501);
        let svg = coverage_svg(&counts, "Thirty years", "t", &english());
        check(&svg);
        let doc = parse(&svg);
        let (width, height) = view_box(&doc);
        assert_eq!((width, height), (LEFT + 720 + RIGHT, HEIGHT));
        let bars = with_class(&doc, "bar");
        assert_eq!(bars.len(), 2);
        assert_eq!(num(bars[0], "height"), MAX_BAR);
        assert_eq!(num(bars[1], "height"), 1);
        assert_eq!(num(bars[1], "width"), 2);
        assert_eq!(with_class(&doc, "year-tick").len(), 30);
        // Two units per month, so every other year is labelled.
        let labels: Vec<_> = with_class(&doc, "year-label")
            .iter()
            .map(|n| n.text().unwrap().parse::<i16>().unwrap())
            .collect();
        assert_eq!(labels, (2000..2030).step_by(2).collect::<Vec<_>>());
    }

    #[test]
    fn labels_never_overlap_and_stay_inside() {
        for start_month in [1, 2, 6, 11, 12] {
            for months in
                (1..=120_i32).chain([150, 169, 200, 240, 241, 300, 360, 361, 480, 600, 900])
            {
                let first = m(1990, start_month);
                let last = Month::from_index(first.index() + months - 1);
                let counts = MonthlyCounts::count(
                    first,
                    last,
                    (0..months).map(|i| Month::from_index(first.index() + i * 7 % months)),
                );
                let svg = coverage_svg(&counts, "S", "p", &english());
                check(&svg);
                let doc = parse(&svg);
                if months >= 24 {
                    assert!(with_class(&doc, "year-label").len() >= 2, "{months} months");
                }
            }
        }
    }

    #[test]
    fn deterministic() {
        let a = coverage_svg(&sample(), "Same", "d", &english());
        let b = coverage_svg(&sample().clone(), "Same", "d", &english());
        assert_eq!(a, b);
        assert_eq!(
            a.as_bytes(),
            coverage_svg(&sample(), "Same", "d", &english()).as_bytes()
        );
        // Numbers are plain integers.
        let doc = parse(&a);
        for node in doc.descendants().filter(|n| n.is_element()) {
            for attr in [
                "x",
                "y",
                "width",
                "height",
                "x1",
                "y1",
                "x2",
                "y2",
                "font-size",
            ] {
                if let Some(value) = node.attribute(attr) {
                    assert!(value.bytes().all(|b| b.is_ascii_digit()), "{attr}={value}");
                }
            }
        }
    }
}
