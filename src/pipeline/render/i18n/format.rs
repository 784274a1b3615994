//! Dates, numbers and plural forms the way a language writes them, from
//! the CLDR data ICU4X compiles in.

use icu_datetime::fieldsets::{M, Y, YM, YMD};
use icu_datetime::input::Date;
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_decimal::input::Decimal;
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules, PluralRulesPreferences};

use crate::model::date::{Month, PartialDate, PubDate};

/// One locale's formatters, made once per build.
pub(super) struct Formats {
    days: DateTimeFormatter<YMD>,
    months: DateTimeFormatter<YM>,
    month_names: DateTimeFormatter<M>,
    years: DateTimeFormatter<Y>,
    numbers: DecimalFormatter,
    plurals: PluralRules,
}

impl Formats {
    /// The formatters of `locale`; CLDR's root data where it has none of
    /// its own, so that no locale fails.
    pub(super) fn new(locale: &Locale) -> Formats {
        let dates = DateTimeFormatterPreferences::from(locale);
        let root = DateTimeFormatterPreferences::from(&Locale::UNKNOWN);
        let day = |p| DateTimeFormatter::try_new(p, YMD::long());
        let month = |p| DateTimeFormatter::try_new(p, YM::long());
        let name = |p| DateTimeFormatter::try_new(p, M::long());
        let year = |p| DateTimeFormatter::try_new(p, Y::long());
        Formats {
            days: day(dates).or_else(|_| day(root)).expect("root dates"),
            months: month(dates).or_else(|_| month(root)).expect("root dates"),
            month_names: name(dates).or_else(|_| name(root)).expect("root dates"),
            years: year(dates).or_else(|_| year(root)).expect("root dates"),
            numbers: DecimalFormatter::try_new(
                DecimalFormatterPreferences::from(locale),
                Default::default(),
            )
            .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
            .expect("root numbers"),
            plurals: PluralRules::try_new_cardinal(PluralRulesPreferences::from(locale))
                .or_else(|_| PluralRules::try_new_cardinal(Default::default()))
                .expect("root plural rules"),
        }
    }

    /// `17 June 2013`, `17 de junio de 2013`, `17. Juni 2013`.
    pub(super) fn day(&self, year: i16, month: i8, day: i8) -> String {
        match iso(year, month, day) {
            Some(date) => self.days.format(&date).to_string(),
            None => format!("{year:04}-{month:02}-{day:02}"),
        }
    }

    /// `June 2013`, `junio de 2013`.
    pub(super) fn month(&self, month: Month) -> String {
        let month = Month::from_index(month.index());
        match iso(month.year, month.month, 1) {
            Some(date) => self.months.format(&date).to_string(),
            None => format!("{:04}-{:02}", month.year, month.month),
        }
    }

    /// `June`, `junio`: a month's name where its year is written beside it.
    pub(super) fn month_name(&self, month: Month) -> String {
        match iso(month.year, month.month, 1) {
            Some(date) => self.month_names.format(&date).to_string(),
            None => month.month.to_string(),
        }
    }

    /// `2013`, as the language writes a year alone.
    pub(super) fn year(&self, year: i16) -> String {
        match iso(year, 1, 1) {
            Some(date) => self.years.format(&date).to_string(),
            None => year.to_string(),
        }
    }

    /// A story's date as readers see it.
    pub(super) fn pub_date(&self, date: &PubDate) -> String {
        self.day(date.year(), date.month(), date.day())
    }

    /// `2013`, `June 2013` or `17 June 2013`: a document's date, as precise
    /// as it was written.
    pub(super) fn partial_date(&self, date: &PartialDate) -> String {
        match date.parts() {
            (year, 0, _) => self.year(year),
            (year, month, 0) => self.month(Month { year, month }),
            (year, month, day) => self.day(year, month, day),
        }
    }

    /// `1,234` in English, `1234` or `1.234` in Spanish, `1 234` in French.
    pub(super) fn number(&self, n: u64) -> String {
        self.numbers.format(&Decimal::from(n)).to_string()
    }

    /// The plural form `n` takes.
    pub(super) fn category(&self, n: u64) -> PluralCategory {
        self.plurals.category_for(n)
    }
}

fn iso(year: i16, month: i8, day: i8) -> Option<Date<icu_calendar::Iso>> {
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    Date::try_new_iso(i32::from(year), month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(tag: &str) -> Formats {
        Formats::new(&tag.parse().unwrap())
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let cases = [
            ("en-GB", "17 June 2013", "June 2013"),
            ("es", "17 de junio de 2013", "junio de 2013"),
            ("fr", "17 juin 2013", "juin 2013"),
            ("de", "17. Juni 2013", "Juni 2013"),
            ("sv", "17 juni 2013", "juni 2013"),
        ];
        for (tag, day, month) in cases {
            let f = formats(tag);
            assert_eq!(f.day(2013, 6, 17), day, "{tag}");
            assert_eq!(
                f.month(Month {
                    year: 2013,
                    month: 6
                }),
                month,
                "{tag}"
            );
            assert_eq!(f.year(2013), "2013", "{tag}");
        }
        let date = PartialDate::parse("2012-05").unwrap();
        assert_eq!(formats("de").partial_date(&date), "Mai 2012");
    }

    #[test]
    fn plural_rules_and_numbers_follow_the_locale() {
        assert_eq!(formats("en").category(1), PluralCategory::One);
        assert_eq!(formats("en").category(0), PluralCategory::Other);
        // French counts zero as singular; English does not.
        assert_eq!(formats("fr").category(0), PluralCategory::One);
        assert_eq!(formats("en-GB").number(12345), "12,345");
        assert_eq!(formats("de").number(12345), "12.345");
    }

    #[test]
    fn a_locale_cldr_does_not_know_still_formats() {
        let f = formats("tlh");
        assert!(f.day(2013, 6, 17).contains("2013"));
        assert_eq!(f.category(5), PluralCategory::Other);
    }
}
