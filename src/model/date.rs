//! Publication dates: a calendar date, optionally with a time and offset.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;

/// A story's `date` or `updated`, as written by the author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    /// The instant, for ordering and for feeds.
    instant: Timestamp,
    /// The calendar date the author wrote, for display and grouping.
    date: Date,
}

impl PubDate {
    /// Accepts `2013-06-17`, `2013-06-17T10:30:00`, `2013-06-17T10:30:00Z` and
    /// `2013-06-17T10:30:00+01:00`; a date or time without offset is read as UTC.
    pub fn parse(text: &str) -> Result<Self, String> {
        let pieces = Pieces::parse(text.trim()).map_err(|e| e.to_string())?;
        let date = pieces.date();
        let time = pieces.time().unwrap_or(Time::midnight());
        let offset = pieces.to_numeric_offset().unwrap_or(Offset::UTC);
        let instant = offset
            .to_timestamp(date.to_datetime(time))
            .map_err(|e| e.to_string())?;
        Ok(PubDate { instant, date })
    }

    /// `2013-06-17`
    pub fn ymd(&self) -> String {
        self.date.to_string()
    }

    /// `2013-06-17T00:00:00Z`, as Atom and sitemaps want it.
    pub fn rfc3339(&self) -> String {
        self.instant.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// `17 June 2013`
    pub fn human(&self) -> String {
        self.date.strftime("%-d %B %Y").to_string()
    }

    /// How far apart two dates are, in seconds, whichever comes first.
    pub fn seconds_between(&self, other: &PubDate) -> i64 {
        (self.instant.as_second() - other.instant.as_second()).abs()
    }

    /// The year of the date as written, not moved to UTC.
    pub fn year(&self) -> i16 {
        self.date.year()
    }

    /// The month (1 to 12) of the date as written, not moved to UTC.
    pub fn month(&self) -> i8 {
        self.date.month()
    }

    /// The day of the month of the date as written, not moved to UTC.
    pub fn day(&self) -> i8 {
        self.date.day()
    }
}

impl From<&PubDate> for Month {
    fn from(date: &PubDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year, as in `2012`.
    pub year: i16,
    /// 1..=12
    pub month: i8,
}

impl Month {
    /// The month after this one (December is followed by January of the next year).
    pub fn next(self) -> Month {
        Month::from_index(self.index() + 1)
    }

    /// Months from self to other inclusive (0 if other < self).
    pub fn span_to(self, other: Month) -> usize {
        usize::try_from(other.index() - self.index() + 1).unwrap_or(0)
    }

    /// Months since January of year 0.
    pub fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    /// Inverse of `index` (years wrap outside the range of `i16`).
    pub fn from_index(index: i32) -> Month {
        Month {
            year: index.div_euclid(12) as i16,
            month: (index.rem_euclid(12) + 1) as i8,
        }
    }

    /// Whether `month` is a month number, 1 to 12.
    pub fn is_valid(self) -> bool {
        (1..=12).contains(&self.month)
    }

    /// `June 2012` (an out-of-range month number is carried into the year).
    pub fn label(self) -> String {
        let month = Month::from_index(self.index());
        format!("{} {}", month_name(month.month), month.year)
    }
}

/// English month name, "June"; empty for a number outside 1..=12.
pub fn month_name(month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTH_NAMES.get(i))
        .copied()
        .unwrap_or("")
}

/// A calendar day, `(year, month, day)`, ordered by time: what partial
/// dates and publication dates compare as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i16, pub i8, pub i8);

impl From<&PubDate> for Day {
    fn from(date: &PubDate) -> Self {
        Day(date.year(), date.month(), date.day())
    }
}

/// A date as precise as a source gives it: a year (`2013`), a month
/// (`2013-06`) or a day (`2013-06-17`). Earlier precision sorts first
/// within the same period: `2013` before `2013-01` before `2013-01-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i16,
    /// 1..=12, or 0 for a year alone.
    month: i8,
    /// 1..=31, or 0 for a year or a month alone.
    day: i8,
}

impl PartialDate {
    /// Reads `2013`, `2013-06` or `2013-06-17` (a day must exist).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, what: &str| -> Result<i64, String> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{part}` is not a {what}"));
            }
            part.parse()
                .map_err(|_| format!("`{part}` is not a {what}"))
        };
        let year = match parts.first() {
            Some(y) if y.len() == 4 => number(y, "year")? as i16,
            _ => return Err("write a year of four digits: 2013, 2013-06 or 2013-06-17".into()),
        };
        let month = match parts.get(1) {
            None => 0,
            Some(m) if m.len() == 2 => match number(m, "month")? {
                m @ 1..=12 => m as i8,
                _ => return Err(format!("month {m} does not exist")),
            },
            Some(m) => return Err(format!("write the month with two digits, not `{m}`")),
        };
        let day = match parts.get(2) {
            None => 0,
            Some(_) if parts.len() > 3 => {
                return Err("write at most a year, a month and a day".into());
            }
            Some(_) => {
                let date: Date = text.parse().map_err(|e: jiff::Error| e.to_string())?;
                date.day()
            }
        };
        Ok(PartialDate { year, month, day })
    }

    /// As written: `2013`, `2013-06`, `2013-06-17`.
    pub fn ymd(&self) -> String {
        match (self.month, self.day) {
            (0, _) => format!("{:04}", self.year),
            (m, 0) => format!("{:04}-{m:02}", self.year),
            (m, d) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
    }

    /// The year, which every partial date has.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The year, the month (0 when not known) and the day (0 when not known).
    pub fn parts(&self) -> (i16, i8, i8) {
        (self.year, self.month, self.day)
    }

    /// The first day it may mean: `2013-06` is 1 June 2013 at the earliest.
    pub fn first_day(&self) -> Day {
        Day(self.year, self.month.max(1), self.day.max(1))
    }

    /// The last day it may mean: `2013-06` is 30 June 2013 at the latest.
    pub fn last_day(&self) -> Day {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = match self.day {
            0 => Date::new(self.year, month, 1).map_or(28, |d| d.days_in_month()),
            day => day,
        };
        Day(self.year, month, day)
    }

    /// For readers: `2013`, `June 2013`, `17 June 2013`.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (0, _) => self.year.to_string(),
            (m, 0) => format!("{} {}", month_name(m), self.year),
            (m, d) => format!("{d} {} {}", month_name(m), self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i16, month: i8) -> Month {
        Month { year, month }
    }

    #[test]
    fn months_step_and_span_across_years() {
        assert_eq!(m(2012, 12).next(), m(2013, 1));
        assert_eq!(m(2012, 1).next(), m(2012, 2));
        assert_eq!(m(-1, 12).next(), m(0, 1));
        assert_eq!(m(2012, 1).span_to(m(2012, 1)), 1);
        assert_eq!(m(2012, 11).span_to(m(2013, 2)), 4);
        assert_eq!(m(2010, 6).span_to(m(2024, 6)), 169);
        assert_eq!(m(2013, 2).span_to(m(2012, 11)), 0);
        assert_eq!(m(2012, 2).span_to(m(2012, 1)), 0);
        let mut month = m(1999, 1);
        for _ in 0..24 {
            month = month.next();
        }
        assert_eq!(month, m(2001, 1));
        assert!(m(2012, 12) < m(2013, 1));
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1), "January");
        assert_eq!(month_name(6), "June");
        assert_eq!(month_name(12), "December");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
        assert_eq!(month_name(-3), "");
    }

    #[test]
    fn partial_dates_read_write_and_sort() {
        let year = PartialDate::parse("2013").unwrap();
        let month = PartialDate::parse("2013-06").unwrap();
        let day = PartialDate::parse("2013-06-17").unwrap();
        assert_eq!((year.ymd(), year.human()), ("2013".into(), "2013".into()));
        assert_eq!(
            (month.ymd(), month.human()),
            ("2013-06".into(), "June 2013".into())
        );
        assert_eq!(
            (day.ymd(), day.human()),
            ("2013-06-17".into(), "17 June 2013".into())
        );
        assert!(year < month && month < day);
        assert!(day < PartialDate::parse("2013-07").unwrap());
        assert!(PartialDate::parse("2012-12-31").unwrap() < year);
        for bad in [
            "13",
            "2013-6",
            "2013-13",
            "2013-02-30",
            "June 2013",
            "2013-06-17-1",
            "",
            "2013-",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_dates_and_date_times() {
        let d = PubDate::parse("2013-06-17").unwrap();
        assert_eq!(d.rfc3339(), "2013-06-17T00:00:00Z");
        assert_eq!(d.human(), "17 June 2013");
        let t = PubDate::parse("2013-06-17T10:30:00+01:00").unwrap();
        assert_eq!(t.rfc3339(), "2013-06-17T09:30:00Z");
        assert_eq!(t.ymd(), "2013-06-17");
        assert!(d < t);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PubDate::parse("2013-02-30").is_err());
        assert!(PubDate::parse("17/06/2013").is_err());
        assert!(PubDate::parse("yesterday").is_err());
    }
}
