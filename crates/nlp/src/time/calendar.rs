//! Calendar arithmetic and TIMEX3 value formatting. Every function that
//! builds a value checks the year stays in 1000..=9999 and the day exists,
//! so absurd dates are never produced.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::tokens::Unit;

/// Which way an underspecified date points from the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Latest candidate not after the anchor.
    Past,
    /// Earliest candidate after the anchor.
    Future,
    /// Candidate closest to the anchor.
    Nearest,
}

pub(crate) fn valid_year(y: i32) -> bool {
    (1000..=9999).contains(&y)
}

pub(crate) fn day(d: NaiveDate) -> Option<String> {
    valid_year(d.year()).then(|| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

pub(crate) fn year(y: i32) -> Option<String> {
    valid_year(y).then(|| format!("{y:04}"))
}

pub(crate) fn year_month(y: i32, m: u32) -> Option<String> {
    (valid_year(y) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}"))
}

pub(crate) fn year_quarter(y: i32, q: u32) -> Option<String> {
    (valid_year(y) && (1..=4).contains(&q)).then(|| format!("{y:04}-Q{q}"))
}

pub(crate) fn iso_week(d: NaiveDate) -> Option<String> {
    let w = d.iso_week();
    valid_year(w.year()).then(|| format!("{:04}-W{:02}", w.year(), w.week()))
}

pub(crate) fn quarter_of(m: u32) -> u32 {
    (m.clamp(1, 12) - 1) / 3 + 1
}

/// The year of season `sn` (0 spring .. 3 winter, which starts in December
/// and is named by that year) as seen from `dct`: the latest one already
/// begun looking back, the next one not yet over looking ahead, else the
/// one of the DCT's year (January's winter is the previous December's).
pub(crate) fn season_year(dct: NaiveDate, sn: u8, dir: Dir) -> i32 {
    let (y, mo) = (dct.year(), dct.month());
    let first = 3 * u32::from(sn) + 3;
    let current_winter = if sn == 3 && mo <= 2 { y - 1 } else { y };
    match dir {
        Dir::Past if first > mo => y - 1,
        Dir::Future if sn < 3 && mo > first + 2 => y + 1,
        _ => current_winter,
    }
}

pub(crate) const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

pub(crate) fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + delta;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

pub(crate) fn add_days(d: NaiveDate, delta: i64) -> Option<NaiveDate> {
    if delta >= 0 {
        d.checked_add_days(Days::new(delta as u64))
    } else {
        d.checked_sub_days(Days::new(delta.unsigned_abs()))
    }
}

pub(crate) fn sub_months(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_sub_months(Months::new(n))
}

/// The weekday `wd` (1 = Monday) relative to `dct`.
pub(crate) fn weekday(dct: NaiveDate, wd: u32, dir: Dir) -> Option<NaiveDate> {
    let cur = dct.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let delta = match dir {
        Dir::Past | Dir::Nearest => -((cur - wd).rem_euclid(7)),
        Dir::Future => {
            let d = (wd - cur).rem_euclid(7);
            if d == 0 { 7 } else { d }
        }
    };
    add_days(dct, delta)
}

/// Year for a month (and optional day) given without a year.
pub(crate) fn year_for(dct: NaiveDate, month: u32, day: Option<u32>, dir: Dir) -> Option<i32> {
    let y = dct.year();
    let d = day.unwrap_or(1);
    let cand = |yy: i32| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(yy, month, d)
            .or_else(|| if day.is_none() { None } else { NaiveDate::from_ymd_opt(yy, month, 28) })
    };
    // Compare at month level when no day is given.
    let key = |yy: i32| -> i64 {
        if day.is_some() {
            cand(yy).map(|c| c.num_days_from_ce() as i64).unwrap_or(i64::MAX / 4)
        } else {
            (yy as i64) * 12 + month as i64
        }
    };
    let anchor = if day.is_some() { dct.num_days_from_ce() as i64 } else { (y as i64) * 12 + dct.month() as i64 };
    let yy = match dir {
        // News dates a little ahead of publication even in past-tense
        // clauses (a deadline, a scheduled vote): a month of slack.
        Dir::Past => {
            let slack = if day.is_some() { 45 } else { 1 };
            if key(y) <= anchor + slack { y } else { y - 1 }
        }
        Dir::Future => {
            if key(y) >= anchor {
                y
            } else {
                y + 1
            }
        }
        // News refers to the past more than to the future: a future
        // candidate counts double its distance.
        Dir::Nearest => {
            let mut best = y;
            let mut bd = i64::MAX;
            for c in [y, y - 1, y + 1] {
                let dd = key(c) - anchor;
                let dd = if dd > 0 { 2 * dd } else { -dd };
                if dd < bd {
                    bd = dd;
                    best = c;
                }
            }
            best
        }
    };
    NaiveDate::from_ymd_opt(yy, month, d)?;
    valid_year(yy).then_some(yy)
}

/// `Qty` of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Qty {
    N(u32),
    /// n and a half.
    Half(u32),
    Vague,
}

/// `P3Y`, `PT5H`, `P2Y6M`, `PXY`...
pub(crate) fn duration(q: Qty, u: Unit) -> String {
    use Unit::*;
    let (t, letter) = match u {
        Sec => ("T", "S"),
        Min => ("T", "M"),
        Hour => ("T", "H"),
        Day => ("", "D"),
        Week => ("", "W"),
        Month => ("", "M"),
        Quarter => ("", "Q"),
        Year => ("", "Y"),
        Decade => ("", "E"),
        Century => ("", "C"),
    };
    match q {
        Qty::Vague => format!("P{t}X{letter}"),
        Qty::N(n) => match u {
            Decade => format!("P{}Y", n.saturating_mul(10)),
            Century => format!("P{}Y", n.saturating_mul(100)),
            _ => format!("P{t}{n}{letter}"),
        },
        Qty::Half(n) => {
            let lead = |s: &str| if n == 0 { String::new() } else { format!("{n}{s}") };
            match u {
                Sec => format!("PT{n}.5S"),
                Min => format!("PT{}30S", lead("M")),
                Hour => format!("PT{}30M", lead("H")),
                Day => format!("P{}T12H", lead("D")),
                Week => format!("P{}DT12H", n.saturating_mul(7).saturating_add(3)),
                Month => format!("P{}15D", lead("M")),
                Quarter => format!("P{}M15D", n.saturating_mul(3).saturating_add(1)),
                Year => format!("P{}6M", lead("Y")),
                Decade => format!("P{}Y", n.saturating_mul(10).saturating_add(5)),
                Century => format!("P{}Y", n.saturating_mul(100).saturating_add(50)),
            }
        }
    }
}
