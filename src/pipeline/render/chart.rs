//! Coverage over time: stories per month as an accessible bar chart, its
//! bars an inline SVG and its scale and years text of the page.
//!
//! Every chart of a dossier covers the same range of months (the dossier's
//! whole date range), so the charts of different entities line up and compare.
//!
//! # Output
//!
//! [`coverage_chart`] returns one `<div class="coverage-chart">` (a `group`
//! named and described by two visually hidden paragraphs) holding two
//! versions of the chart: `.chart-wide`, a bar a month (a quarter when the
//! range has more than 60 months, a year beyond 60 quarters), and
//! `.chart-narrow` for phones, a bar a month, quarter or year so that
//! there are at most 16. Each version is a `.chart-plot` (its scale, the
//! busiest bar's count as `.chart-max` and `0` as `.chart-zero`, and an
//! `<svg class="chart-bars">` whose bars are `<a>` links to the first month
//! they cover on the timeline) and a `.chart-years` row of `<span>`s, each
//! at the `left` of the bar its year starts with.
//!
//! The SVG stretches to its box (`preserveAspectRatio="none"`): the theme
//! gives `.chart-bars` a width and height; the text around it keeps the
//! page's size whatever the chart's width. There are no colours, sizes in
//! pixels or scripts: the theme styles `.bar` (`fill`), `.axis` and
//! `.gridline` (`stroke`) and the text, and shows one version by the
//! screen's width.

use std::fmt::Write as _;

use crate::model::date::Month;
pub(super) use crate::model::escape::escape;
use crate::pipeline::render::i18n::Language;

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

/// The id of a month's section on the timeline, which chart bars link to:
/// `month-2012-6`.
pub(super) fn month_anchor(month: Month) -> String {
    format!("month-{}-{}", month.year, month.month)
}

/// The most bars a chart draws on a wide screen and on a phone: months are
/// grouped into quarters, then years, until they fit.
const MOST_BARS_WIDE: usize = 60;
const MOST_BARS_NARROW: usize = 16;
/// The most year labels under a chart, wide and narrow.
const MOST_LABELS_WIDE: usize = 10;
const MOST_LABELS_NARROW: usize = 4;
/// Each bar's slot in viewBox units, and the bar in it.
const SLOT: usize = 10;
const BAR: usize = 8;
/// The busiest bar's height in viewBox units.
const TOP: usize = 100;

/// How many months a bar stands for: one, a quarter or a year, the fewest
/// that give at most `most` bars over `months` months (a year's bars may
/// still be more, over a very long range).
fn months_per_bar(first: Month, months: usize, most: usize) -> usize {
    [1, 3, 12]
        .into_iter()
        .find(|&size| groups(first, months, size).len() <= most)
        .unwrap_or(12)
}

/// The bars of `months` months from `first`, each `size` months long and
/// starting on a calendar boundary (January, April, July, October for
/// quarters): each the range of indexes into the months it covers.
fn groups(first: Month, months: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let mut bars = Vec::new();
    let mut start = 0;
    while start < months {
        let month = Month::from_index(first.index() + start as i32);
        // Months since the start of this bar's quarter or year.
        let into = (month.month as usize - 1) % size;
        let end = (start + size - into).min(months);
        bars.push(start..end);
        start = end;
    }
    bars
}

/// Renders the chart as HTML: the bars as SVG that stretches to the width
/// of the page, each a link to its months on the timeline, with the scale
/// and the years as text of the page's size beside them. Two versions, one
/// with wider bars (quarters or years) for narrow screens, which the theme
/// shows by its width (`.chart-wide`, `.chart-narrow`).
///
/// `subject` is e.g. "Julian Assange" or the site title; `id_prefix` makes
/// the ids unique in the page (`{id_prefix}-title`, `{id_prefix}-desc`;
/// whitespace becomes `-`, an empty prefix `coverage`). `month_link` gives
/// the address of a month on the timeline.
pub(super) fn coverage_chart(
    counts: &MonthlyCounts,
    subject: &str,
    id_prefix: &str,
    language: &Language,
    month_link: &dyn Fn(Month) -> String,
) -> String {
    let prefix: String = if id_prefix.is_empty() {
        "coverage".to_owned()
    } else {
        id_prefix
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect()
    };
    let prefix = escape(&prefix);
    let (title, desc) = describe(counts, subject, language);
    let mut html = String::with_capacity(2048 + 256 * counts.counts.len().min(MOST_BARS_WIDE));
    let _ = writeln!(
        html,
        "<div class=\"coverage-chart\" role=\"group\" aria-labelledby=\"{prefix}-title\" aria-describedby=\"{prefix}-desc\">\n\
         <p class=\"visually-hidden\" id=\"{prefix}-title\">{}</p>\n\
         <p class=\"visually-hidden\" id=\"{prefix}-desc\">{}</p>",
        escape(&title),
        escape(&desc),
    );
    for (class, most_bars, most_labels) in [
        ("chart-wide", MOST_BARS_WIDE, MOST_LABELS_WIDE),
        ("chart-narrow", MOST_BARS_NARROW, MOST_LABELS_NARROW),
    ] {
        let size = months_per_bar(counts.first, counts.counts.len(), most_bars);
        let bars = groups(counts.first, counts.counts.len(), size);
        draw(&mut html, class, counts, &bars, language, month_link);
        year_labels(&mut html, class, counts, &bars, most_labels);
    }
    html.push_str("</div>");
    html
}

/// The chart's accessible name and description.
fn describe(counts: &MonthlyCounts, subject: &str, language: &Language) -> (String, String) {
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
                (
                    "months",
                    language
                        .count("months_count", counts.counts.len(), &[])
                        .into(),
                ),
                ("month", language.month(month).into()),
                ("most", stories(most).into()),
            ],
        ),
    };
    (title, desc)
}

/// One version of the bars, with the scale: the busiest bar's count at
/// its top and 0 at the baseline.
fn draw(
    html: &mut String,
    class: &str,
    counts: &MonthlyCounts,
    bars: &[std::ops::Range<usize>],
    language: &Language,
    month_link: &dyn Fn(Month) -> String,
) {
    let totals: Vec<usize> = bars
        .iter()
        .map(|b| counts.counts[b.clone()].iter().sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0);
    let width = bars.len().max(1) * SLOT;
    let _ = writeln!(
        html,
        "<div class=\"chart-plot {class}\">\n\
         <span class=\"chart-scale chart-max\" aria-hidden=\"true\">{}</span>\n\
         <span class=\"chart-scale chart-zero\" aria-hidden=\"true\">0</span>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-bars\" viewBox=\"0 0 {width} {TOP}\" \
         preserveAspectRatio=\"none\" focusable=\"false\">\n\
         <line class=\"axis\" x1=\"0\" y1=\"{TOP}\" x2=\"{width}\" y2=\"{TOP}\" vector-effect=\"non-scaling-stroke\"/>\n\
         <line class=\"gridline\" x1=\"0\" y1=\"0\" x2=\"{width}\" y2=\"0\" vector-effect=\"non-scaling-stroke\"/>",
        language.number(max),
    );
    for (slot, (range, &total)) in bars.iter().zip(&totals).enumerate() {
        if total == 0 {
            continue;
        }
        // Rounded to the nearest unit, never below 1; max >= total > 0 here.
        let height = ((total * TOP * 2 + max) / (max * 2)).max(1);
        let first_covered = range
            .clone()
            .find(|&i| counts.counts[i] > 0)
            .unwrap_or(range.start);
        let label = format!(
            "{}: {}",
            bar_name(counts, range, language),
            language.count("stories_count", total, &[])
        );
        let _ = writeln!(
            html,
            "<a href=\"{}\" aria-label=\"{label}\" tabindex=\"-1\"><rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{BAR}\" height=\"{height}\"><title>{label}</title></rect></a>",
            escape(&month_link(counts.month_at(first_covered))),
            slot * SLOT + (SLOT - BAR) / 2,
            TOP - height,
            label = escape(&label),
        );
    }
    html.push_str("</svg>\n</div>\n");
}

/// What a bar covers, in words: `June 2012`, `April 2012 – June 2012`, `2012`.
fn bar_name(counts: &MonthlyCounts, range: &std::ops::Range<usize>, language: &Language) -> String {
    let first = counts.month_at(range.start);
    let last = counts.month_at(range.end - 1);
    if range.len() == 1 {
        language.month(first)
    } else if first.month == 1 && last.month == 12 {
        first.year.to_string()
    } else {
        let from = language.month(first).into();
        let until = language.month(last).into();
        language.text("range", &[("from", from), ("until", until)])
    }
}

/// The years under one version of the bars, each at the left edge of the
/// bar its January starts: every 1, 2, 5, 10… years, at most `most`. A
/// range that starts after January has its first year labelled too when
/// the next label is not at its start.
fn year_labels(
    html: &mut String,
    class: &str,
    counts: &MonthlyCounts,
    bars: &[std::ops::Range<usize>],
    most: usize,
) {
    let starts: Vec<(usize, i16, bool)> = bars
        .iter()
        .enumerate()
        .map(|(slot, range)| (slot, counts.month_at(range.start)))
        .filter(|(slot, month)| month.month == 1 || *slot == 0)
        .map(|(slot, month)| (slot, month.year, month.month == 1))
        .collect();
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|&step| starts.len().div_ceil(step) <= most)
        .unwrap_or(1000);
    // Where a label starts, in hundredths of a percent (the same text on
    // every platform), and how far apart labels must be to fit.
    let at = |slot: usize| slot * 10_000 / bars.len().max(1);
    let spacing = 10_000 / most;
    let _ = write!(
        html,
        "<div class=\"chart-years {class}\" aria-hidden=\"true\">"
    );
    let stepped: Vec<(usize, i16, bool)> = starts
        .into_iter()
        .filter(|&(_, year, _)| i32::from(year).rem_euclid(step as i32) == 0)
        .collect();
    let mut last: Option<usize> = None;
    for (i, &(slot, year, january)) in stepped.iter().enumerate() {
        let left = at(slot);
        let crowded = |other: usize| other.abs_diff(left) < spacing;
        // A year the range starts in after January gives way to the next.
        let gives_way = !january
            && stepped
                .get(i + 1)
                .is_some_and(|&(next, ..)| crowded(at(next)));
        if gives_way || last.is_some_and(crowded) {
            continue;
        }
        let _ = write!(
            html,
            "<span style=\"left: {}.{:02}%\">{year}</span>",
            left / 100,
            left % 100
        );
        last = Some(left);
    }
    html.push_str("</div>\n");
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

    fn link(month: Month) -> String {
        format!("/timeline/#{}", month_anchor(month))
    }

    fn chart(counts: &MonthlyCounts) -> String {
        coverage_chart(counts, "Julian Assange", "ja", &english(), &link)
    }

    /// The two versions of a chart, each as (bars: (href, label, height),
    /// year labels: (left %, year), the scale's top).
    struct Version {
        slots: usize,
        bars: Vec<(String, String, usize)>,
        years: Vec<(f64, String)>,
        max: String,
    }

    fn versions(html: &str) -> [Version; 2] {
        let doc = parse(html);
        let root = doc.root_element();
        assert_eq!(root.attribute("class"), Some("coverage-chart"));
        assert_eq!(root.attribute("role"), Some("group"));
        assert!(
            !html.contains("<text"),
            "no text drawn in the SVG: it would scale"
        );
        ["chart-wide", "chart-narrow"].map(|class| {
            let plot = doc
                .descendants()
                .find(|n| n.attribute("class") == Some(&format!("chart-plot {class}")))
                .unwrap();
            let svg = plot.descendants().find(|n| n.has_tag_name("svg")).unwrap();
            let width: usize = svg
                .attribute("viewBox")
                .unwrap()
                .split(' ')
                .nth(2)
                .unwrap()
                .parse()
                .unwrap();
            let bars = svg
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .map(|a| {
                    let rect = a.first_element_child().unwrap();
                    assert!(num(rect, "x") + num(rect, "width") <= width);
                    (
                        a.attribute("href").unwrap().to_string(),
                        a.attribute("aria-label").unwrap().to_string(),
                        num(rect, "height"),
                    )
                })
                .collect();
            let max = with_class(&doc, "chart-scale chart-max")
                .into_iter()
                .find(|n| n.parent() == Some(plot))
                .and_then(|n| n.text())
                .unwrap()
                .to_string();
            let years = doc
                .descendants()
                .find(|n| n.attribute("class") == Some(&format!("chart-years {class}")))
                .unwrap()
                .children()
                .filter(|n| n.is_element())
                .map(|span| {
                    let style = span.attribute("style").unwrap();
                    let left = style.trim_start_matches("left: ").trim_end_matches('%');
                    (left.parse().unwrap(), span.text().unwrap().to_string())
                })
                .collect();
            Version {
                slots: width / SLOT,
                bars,
                years,
                max,
            }
        })
    }

    #[test]
    fn a_short_range_has_a_bar_a_month_linked_to_the_timeline() {
        let html = chart(&sample());
        for version in versions(&html) {
            assert_eq!(version.slots, 12);
            assert_eq!(
                version.bars,
                [
                    (
                        "/timeline/#month-2012-6".into(),
                        "June 2012: 3 stories".into(),
                        TOP
                    ),
                    (
                        "/timeline/#month-2012-8".into(),
                        "August 2012: 1 story".into(),
                        TOP / 3
                    ),
                ]
            );
            assert_eq!(version.max, "3");
            assert_eq!(version.years, [(0.0, "2012".to_string())]);
        }
        let doc = parse(&html);
        let text = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .and_then(|n| n.text())
                .unwrap()
                .to_string()
        };
        assert_eq!(
            text("ja-title"),
            "Coverage of Julian Assange: stories per month, January 2012 – December 2012"
        );
        assert_eq!(
            text("ja-desc"),
            "4 stories over 12 months; busiest month: June 2012 with 3 stories."
        );
    }

    #[test]
    fn a_long_range_is_drawn_in_quarters_and_on_phones_in_years() {
        // The example's range: October 2010 to June 2024.
        let stories = [
            m(2010, 11),
            m(2012, 6),
            m(2012, 8),
            m(2012, 8),
            m(2019, 4),
            m(2024, 6),
        ];
        let counts = MonthlyCounts::count(m(2010, 10), m(2024, 6), stories);
        let [wide, narrow] = versions(&chart(&counts));
        // Q4 2010 to Q2 2024, and 2010 to 2024.
        assert_eq!((wide.slots, narrow.slots), (55, 15));
        let labels = |v: &Version| v.bars.iter().map(|b| b.1.clone()).collect::<Vec<_>>();
        assert_eq!(
            labels(&wide),
            [
                "October 2010 – December 2010: 1 story",
                "April 2012 – June 2012: 1 story",
                "July 2012 – September 2012: 2 stories",
                "April 2019 – June 2019: 1 story",
                "April 2024 – June 2024: 1 story",
            ]
        );
        assert_eq!(
            labels(&narrow),
            // The range's first and last years are named by the months they have.
            [
                "October 2010 – December 2010: 1 story",
                "2012: 3 stories",
                "2019: 1 story",
                "January 2024 – June 2024: 1 story"
            ]
        );
        // Each bar leads to the first month it covers that has a story.
        let hrefs: Vec<&str> = narrow.bars.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "/timeline/#month-2010-11",
                "/timeline/#month-2012-6",
                "/timeline/#month-2019-4",
                "/timeline/#month-2024-6"
            ]
        );
        assert_eq!((wide.max.as_str(), narrow.max.as_str()), ("2", "3"));
        assert_eq!(narrow.bars[1].2, TOP);
        // Years labelled at most 10 and 4 times, never crowded, in order,
        // the partial first year giving way to the next.
        for (version, most) in [(&wide, MOST_LABELS_WIDE), (&narrow, MOST_LABELS_NARROW)] {
            assert!(version.years.len() <= most && version.years.len() >= 2);
            for pair in version.years.windows(2) {
                assert!(
                    pair[1].0 - pair[0].0 >= 100.0 / most as f64 - 0.01,
                    "{:?}",
                    version.years
                );
            }
            assert!(
                version
                    .years
                    .iter()
                    .all(|(left, _)| (0.0..100.0).contains(left))
            );
        }
        let years: Vec<&str> = narrow.years.iter().map(|y| y.1.as_str()).collect();
        assert_eq!(years, ["2010", "2015", "2020"]);
    }

    #[test]
    fn escapes_text_and_ids() {
        let counts = sample();
        let html = coverage_chart(
            &counts,
            "A <b> & \"c\" 'd'\u{1}",
            "x\"<& y",
            &english(),
            &link,
        );
        assert!(html.contains("Coverage of A &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;: "));
        assert!(!html.contains("<b>"));
        assert!(html.contains("id=\"x&quot;&lt;&amp;-y-title\""));
        let doc = parse(&html);
        assert_eq!(
            doc.root_element().attribute("aria-labelledby"),
            Some("x\"<&-y-title")
        );
        let empty_prefix = coverage_chart(&counts, "S", "", &english(), &link);
        assert!(empty_prefix.contains("id=\"coverage-title\""));
    }

    #[test]
    fn without_stories_there_are_no_bars() {
        let counts = MonthlyCounts::count(m(2012, 1), m(2012, 12), []);
        let html = chart(&counts);
        assert!(!html.contains("<rect"));
        assert!(html.contains("No stories yet."));
        for version in versions(&html) {
            assert!(version.bars.is_empty());
            assert_eq!(version.max, "0");
        }
        // An empty range is still a chart.
        let empty = MonthlyCounts::count(m(2012, 2), m(2012, 1), []);
        parse(&chart(&empty));
    }

    #[test]
    fn the_same_counts_give_the_same_chart() {
        assert_eq!(chart(&sample()), chart(&sample()));
    }
}
