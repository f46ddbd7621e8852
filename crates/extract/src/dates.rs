//! Publication dates as pages and scraped text write them.
//!
//! [`PartialDate::parse_lenient`] covers ISO timestamps; news also writes
//! "Sept. 5, 2025", "05 Sep 2025 10:31", "Friday 5th September 2025" and
//! `/2025/09/05/` in URLs. Everything here is pure and never panics on any
//! input, because dates come from untrusted pages.

use regex::Regex;
use std::sync::LazyLock;
use storyline_model::PartialDate;

/// Month number of an English (or common European) month name or
/// abbreviation, ignoring case and a trailing period ("Sept.", "sep", "März").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let m = match w.as_str() {
        "january" | "jan" | "janvier" | "januar" | "enero" | "gennaio" | "janeiro" => 1,
        "february" | "feb" | "février" | "fevrier" | "februar" | "febrero" | "febbraio" | "fevereiro" => 2,
        "march" | "mar" | "mars" | "märz" | "marz" | "marzo" | "março" => 3,
        "april" | "apr" | "avril" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "maio" => 5,
        "june" | "jun" | "juin" | "juni" | "junio" | "giugno" | "junho" => 6,
        "july" | "jul" | "juillet" | "juli" | "julio" | "luglio" | "julho" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" | "setembro" => 9,
        "october" | "oct" | "octobre" | "oktober" | "octubre" | "ottobre" | "outubro" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "décembre" | "decembre" | "dezember" | "diciembre" | "dicembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(m)
}

const MONTH: &str = r"(?i:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";

/// "September 5, 2025", "Sept. 5th 2025", "Sep 05, 2025".
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b({MONTH})\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")).expect("valid regex")
});
/// "5 September 2025", "05 Sep 2025", "5th of September, 2025".
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({MONTH})\.?,?\s+(\d{{4}})\b"))
        .expect("valid regex")
});
/// "Sept 5", "September 5" without a year (wire datelines).
static MD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b({MONTH})\s*(\d{{1,2}})(?:st|nd|rd|th)?\b")).expect("valid regex"));
/// ISO-like "2025-09-05" or "2025/09/05" anywhere in a string.
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b").expect("valid regex"));
/// Numeric "05.09.2025" / "9/5/2025" (day or month first).
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})\b").expect("valid regex"));
/// Date segments of a URL path: /2025/09/05/, /2025-09-05-, /20250905/.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_-])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:$|[/_.-])")
        .expect("valid regex")
});
static URL_YEAR_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/").expect("valid regex"));

/// A date found inside a longer string, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub date: PartialDate,
    pub start: usize,
    pub end: usize,
}

/// Parses a date value such as a meta tag's content or a `<time>`
/// element's text: ISO first, then textual and numeric forms.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(d) = PartialDate::parse_lenient(s) {
        return Some(d);
    }
    if let Some(d) = unix_timestamp(s) {
        return Some(d);
    }
    find_date(s).map(|f| f.date)
}

/// Seconds or milliseconds since the epoch, as some CMSs write in meta tags.
fn unix_timestamp(s: &str) -> Option<PartialDate> {
    if !(s.len() == 10 || s.len() == 13) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: i64 = s.parse().ok()?;
    if s.len() == 13 {
        n /= 1000;
    }
    let dt = chrono::DateTime::from_timestamp(n, 0)?;
    let d = PartialDate::from_naive(dt.date_naive());
    // Only plausible publication years; a 10-digit number is often an id.
    (1995..=2100).contains(&d.year()).then_some(d)
}

/// The first full date (with a year) written in `s`.
pub fn find_date(s: &str) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut consider = |f: Found| {
        if best.is_none_or(|b| f.start < b.start) {
            best = Some(f);
        }
    };
    if let Some(c) = ISO.captures(s) {
        let (y, m, d) = (num(&c[1]), num(&c[3]), num(&c[5]));
        if c[2] == c[4]
            && let Ok(date) = PartialDate::ymd(y as i32, m, d)
        {
            let r = c.get(0).expect("whole match");
            consider(Found { date, start: r.start(), end: r.end() });
        }
    }
    if let Some(c) = MDY.captures(s)
        && let Some(m) = month_number(&c[1])
        && let Ok(date) = PartialDate::ymd(num(&c[3]) as i32, m, num(&c[2]))
    {
        let r = c.get(0).expect("whole match");
        consider(Found { date, start: r.start(), end: r.end() });
    }
    if let Some(c) = DMY.captures(s)
        && let Some(m) = month_number(&c[2])
        && let Ok(date) = PartialDate::ymd(num(&c[3]) as i32, m, num(&c[1]))
    {
        let r = c.get(0).expect("whole match");
        consider(Found { date, start: r.start(), end: r.end() });
    }
    if let Some(c) = NUMERIC.captures(s)
        && c[2] == c[4]
    {
        let (a, b, y) = (num(&c[1]), num(&c[3]), num(&c[5]) as i32);
        // Dots are European (day first); slashes are ambiguous, so only an
        // impossible month decides, else US order.
        let (m, d) = if &c[2] == "." || a > 12 { (b, a) } else { (a, b) };
        if let Ok(date) = PartialDate::ymd(y, m, d) {
            let r = c.get(0).expect("whole match");
            consider(Found { date, start: r.start(), end: r.end() });
        }
    }
    best
}

/// A month and day without a year ("Sept 5"), as wire datelines write them.
pub fn find_month_day(s: &str) -> Option<(u32, u32)> {
    let c = MD.captures(s)?;
    let m = month_number(&c[1])?;
    let d = num(&c[2]);
    (1..=31).contains(&d).then_some((m, d))
}

/// A date encoded in a URL path (`/2025/09/05/`, `-20250905-`), or a year
/// and month (`/2025/09/`).
pub fn date_from_url(url: &str) -> Option<PartialDate> {
    // Only the path: hosts and query strings carry ids that look like dates.
    let path = url.split_once("://").map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or("");
    if let Some(c) = URL_DATE.captures(path)
        && let Ok(d) = PartialDate::ymd(num(&c[1]) as i32, num(&c[2]), num(&c[3]))
    {
        return Some(d);
    }
    let c = URL_YEAR_MONTH.captures(path)?;
    PartialDate::ym(num(&c[1]) as i32, num(&c[2])).ok()
}

/// A full date in a file name ("2025-03-06-wire.txt", "world_2025_03_06.html",
/// "20250306-wire.txt"): evidence like a date in a URL path. A number glued
/// to other digits ("12025-03-06") or a bare year is not a date.
pub fn date_from_file_name(name: &str) -> Option<PartialDate> {
    let b = name.as_bytes();
    let digits = |i: usize, n: usize| b.get(i..i + n).filter(|s| s.iter().all(u8::is_ascii_digit));
    let value = |s: &[u8]| std::str::from_utf8(s).ok().and_then(|s| s.parse::<u32>().ok());
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let Some(year) = digits(i, 4).and_then(value).filter(|y| (1990..=2100).contains(y)) else { continue };
        let sep = b.get(i + 4).copied();
        let (month, day, end) = match sep {
            Some(b'-' | b'/' | b'_' | b'.') if b.get(i + 7) == sep.as_ref() => {
                (digits(i + 5, 2), digits(i + 8, 2), i + 10)
            }
            Some(c) if c.is_ascii_digit() => (digits(i + 4, 2), digits(i + 6, 2), i + 8),
            _ => continue,
        };
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let (Some(m), Some(d)) = (month.and_then(value), day.and_then(value))
            && let Ok(date) = PartialDate::ymd(year as i32, m, d)
        {
            return Some(date);
        }
    }
    None
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn dates_in_file_names_are_found() {
        let d = |s| date_from_file_name(s).map(|d| d.to_string());
        assert_eq!(d("2025-03-06-meridian-wire-treaty.txt").as_deref(), Some("2025-03-06"));
        assert_eq!(d("world_2025_03_06_story.html").as_deref(), Some("2025-03-06"));
        assert_eq!(d("20250306-wire.txt").as_deref(), Some("2025-03-06"));
        assert_eq!(d("report-2025-02-30.txt"), None, "not a real day");
        assert_eq!(d("12025-03-06.txt"), None);
        assert_eq!(d("notes.txt"), None);
        assert_eq!(d("1998-treaty.txt"), None, "a year alone is not a date");
    }

    #[test]
    fn parses_the_forms_news_writes() {
        assert_eq!(p("2025-09-05T10:31:00+03:00").as_deref(), Some("2025-09-05"));
        assert_eq!(p("Sept. 5, 2025").as_deref(), Some("2025-09-05"));
        assert_eq!(p("September 5th, 2025").as_deref(), Some("2025-09-05"));
        assert_eq!(p("Updated: 05 Sep 2025 10:31").as_deref(), Some("2025-09-05"));
        assert_eq!(p("Friday 5th of September 2025").as_deref(), Some("2025-09-05"));
        assert_eq!(p("05.09.2025").as_deref(), Some("2025-09-05"));
        assert_eq!(p("9/5/2025").as_deref(), Some("2025-09-05"));
        assert_eq!(p("25/9/2025").as_deref(), Some("2025-09-25"));
        assert_eq!(p("Tuesday"), None);
        assert_eq!(p("Feb 30, 2025"), None);
    }

    #[test]
    fn takes_the_earliest_date_in_a_string() {
        let f = find_date("Posted 1 March 2024, updated 2025-01-02").unwrap();
        assert_eq!(f.date.to_string(), "2024-03-01");
    }

    #[test]
    fn month_day_without_year() {
        assert_eq!(find_month_day("KYIV, Sept 5 (Reuters) -"), Some((9, 5)));
    }

    #[test]
    fn url_dates_only_from_the_path() {
        let u = |s: &str| date_from_url(s).map(|d| d.to_string());
        assert_eq!(u("https://x.com/2025/09/05/putin-talks/").as_deref(), Some("2025-09-05"));
        assert_eq!(u("https://x.com/news/putin-20250905-story.html").as_deref(), Some("2025-09-05"));
        assert_eq!(u("https://x.com/2025/09/putin").as_deref(), Some("2025-09"));
        assert_eq!(u("https://x.com/a?id=20250905"), None);
        assert_eq!(u("https://x.com/story/123456789"), None);
    }
}
