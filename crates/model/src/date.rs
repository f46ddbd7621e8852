//! Calendar dates that may be partial (`2025`, `2025-09`, `2025-09-05`),
//! because news often states only a month or a year.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A year, a month of a year, or a day. Always a real calendar value:
/// construction rejects February 30 and years outside 1000..=9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date: {0}")]
pub struct DateError(pub String);

impl PartialDate {
    pub fn ymd(year: i32, month: u32, day: u32) -> Result<PartialDate, DateError> {
        check_year(year)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError(format!("{year:04}-{month:02}-{day:02}")));
        }
        Ok(PartialDate { year: year as u16, month: Some(month as u8), day: Some(day as u8) })
    }
    pub fn ym(year: i32, month: u32) -> Result<PartialDate, DateError> {
        check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("{year:04}-{month:02}")));
        }
        Ok(PartialDate { year: year as u16, month: Some(month as u8), day: None })
    }
    pub fn y(year: i32) -> Result<PartialDate, DateError> {
        check_year(year)?;
        Ok(PartialDate { year: year as u16, month: None, day: None })
    }
    pub fn year(&self) -> i32 {
        self.year as i32
    }
    pub fn month(&self) -> Option<u32> {
        self.month.map(u32::from)
    }
    pub fn day(&self) -> Option<u32> {
        self.day.map(u32::from)
    }
    /// The full date when day precision is known.
    pub fn to_naive(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year(), self.month()?, self.day()?)
    }
    pub fn from_naive(d: chrono::NaiveDate) -> PartialDate {
        use chrono::Datelike;
        PartialDate { year: d.year() as u16, month: Some(d.month() as u8), day: Some(d.day() as u8) }
    }
    /// Parses the start of an ISO-like timestamp leniently: `2025-09-05`,
    /// `2025-09-05T10:00:00Z`, `2025-09`, `2025`, `2025/09/05`.
    pub fn parse_lenient(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        let year = digits(0..4)? as i32;
        if b.len() == 4 {
            return PartialDate::y(year).ok();
        }
        let sep = *b.get(4)?;
        if sep != b'-' && sep != b'/' && sep != b'.' {
            // Compact 20250905.
            if b.len() >= 8 {
                return PartialDate::ymd(year, digits(4..6)?, digits(6..8)?).ok();
            }
            return None;
        }
        let month = digits(5..7)?;
        if b.len() == 7 {
            return PartialDate::ym(year, month).ok();
        }
        if *b.get(7)? != sep {
            return None;
        }
        let day = digits(8..10)?;
        if b.get(10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        PartialDate::ymd(year, month, day).ok()
    }
}

fn check_year(year: i32) -> Result<(), DateError> {
    if (1000..=9999).contains(&year) { Ok(()) } else { Err(DateError(format!("year {year}"))) }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    /// Strict: exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<PartialDate, DateError> {
        let bad = || DateError(s.to_string());
        let mut parts = s.split('-');
        let num = |p: Option<&str>, len: usize| -> Result<Option<u32>, DateError> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|c| c.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| bad())?))
                }
                Some(_) => Err(bad()),
            }
        };
        let y = num(parts.next(), 4)?.ok_or_else(bad)? as i32;
        let m = num(parts.next(), 2)?;
        let d = num(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        match (m, d) {
            (None, _) => PartialDate::y(y),
            (Some(m), None) => PartialDate::ym(y, m),
            (Some(m), Some(d)) => PartialDate::ymd(y, m, d),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PartialDate, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_absurd_dates() {
        assert!(PartialDate::ymd(2025, 2, 30).is_err());
        assert!(PartialDate::ymd(2025, 13, 1).is_err());
        assert!(PartialDate::y(99999).is_err());
        assert!(PartialDate::ymd(2024, 2, 29).is_ok());
        assert!(PartialDate::ymd(2100, 2, 29).is_err());
    }

    #[test]
    fn round_trips_and_parses_leniently() {
        for s in ["2025", "2025-09", "2025-09-05"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        let p = |s| PartialDate::parse_lenient(s).map(|d| d.to_string());
        assert_eq!(p("2025-09-05T10:00:00+03:00").as_deref(), Some("2025-09-05"));
        assert_eq!(p("2025/09/05").as_deref(), Some("2025-09-05"));
        assert_eq!(p("20250905").as_deref(), Some("2025-09-05"));
        assert_eq!(p("2025-02-30"), None);
        assert_eq!(p("Tuesday"), None);
        assert_eq!(p("2025-09-051"), None);
    }
}
