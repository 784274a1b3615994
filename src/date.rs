//! Publication dates: a calendar date, optionally with a time and offset.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;

use crate::chart::Month;

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

    pub fn year(&self) -> i16 {
        self.date.year()
    }

    pub fn month(&self) -> i8 {
        self.date.month()
    }

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

#[cfg(test)]
mod tests {
    use super::*;

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
