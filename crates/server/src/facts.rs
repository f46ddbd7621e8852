//! The statement listing's articles in memory, for one data version: which
//! articles hold a page of `/api/statements?outlet=…` (or a page deep in
//! the listing) is found by walking this list, a few nanoseconds per
//! article, and only those articles' quotes are read from SQLite. Without
//! it SQLite walks articles in date order testing each one's outlet until
//! the page is full, and counts every match: tens of milliseconds for a
//! small outlet at 100,000 articles, since no index leads with the outlet.

use std::collections::HashMap;
use storyline_store::ArticleFact;

/// No outlet known for the article.
const NO_OUTLET: u32 = u32::MAX;

struct Fact {
    id: String,
    outlet: u32,
    duplicate: bool,
    quotes: u32,
}

pub(crate) struct Facts {
    /// The data version these facts were read at (`db::Pool::data_version`).
    version: i64,
    /// Distinct outlet names.
    outlets: Vec<String>,
    /// Every article in ascending listing order (undated last).
    articles: Vec<Fact>,
    /// Indexes into `articles` in descending listing order: dates from the
    /// latest, articles of one date still by id, undated still last.
    desc: Vec<u32>,
}

/// Where a page of the listing is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Located {
    /// The articles holding the page's quotes, in listing order.
    pub(crate) articles: Vec<String>,
    /// Quotes of the listing before the first of them.
    pub(crate) skipped: usize,
    /// Quotes in the whole listing.
    pub(crate) total: usize,
}

impl Facts {
    /// `rows` in ascending listing order, as [`storyline_store::Store::article_facts`] reads them.
    pub(crate) fn new(version: i64, rows: Vec<ArticleFact>) -> Facts {
        let mut names: HashMap<String, u32> = HashMap::new();
        let mut outlets = Vec::new();
        let mut dates: Vec<Option<String>> = Vec::with_capacity(rows.len());
        let mut articles = Vec::with_capacity(rows.len());
        for r in rows {
            let outlet = match r.outlet {
                None => NO_OUTLET,
                Some(o) => *names.entry(o.clone()).or_insert_with(|| {
                    outlets.push(o);
                    (outlets.len() - 1) as u32
                }),
            };
            dates.push(r.published);
            articles.push(Fact { id: r.id, outlet, duplicate: r.duplicate, quotes: r.quotes });
        }
        // Runs of one date, latest first, each run in its ascending order.
        let dated = dates.iter().take_while(|d| d.is_some()).count();
        let mut desc = Vec::with_capacity(articles.len());
        let mut end = dated;
        while end > 0 {
            let mut start = end - 1;
            while start > 0 && dates[start - 1] == dates[end - 1] {
                start -= 1;
            }
            desc.extend(start as u32..end as u32);
            end = start;
        }
        desc.extend(dated as u32..articles.len() as u32);
        Facts { version, outlets, articles, desc }
    }

    pub(crate) fn version(&self) -> i64 {
        self.version
    }

    /// The articles holding quotes `offset..offset + limit` of the listing
    /// (copies left out unless `include_duplicates`), in `desc` or ascending
    /// order, of the outlets `outlet` matches as the SQL filter does
    /// (`lower(outlet) LIKE '%…%'`: ASCII letters in any case, `%` and `_`
    /// ignored, articles without an outlet never).
    pub(crate) fn locate(
        &self,
        outlet: Option<&str>,
        include_duplicates: bool,
        desc: bool,
        offset: usize,
        limit: usize,
    ) -> Located {
        let wanted: Option<Vec<bool>> = outlet.map(|o| {
            let pattern = o.to_lowercase().replace(['%', '_'], "");
            self.outlets.iter().map(|name| name.to_ascii_lowercase().contains(&pattern)).collect()
        });
        let passes = |f: &Fact| {
            (include_duplicates || !f.duplicate)
                && wanted.as_ref().is_none_or(|w| f.outlet != NO_OUTLET && w[f.outlet as usize])
        };
        let end = offset.saturating_add(limit);
        let (mut seen, mut skipped, mut articles) = (0usize, 0usize, Vec::new());
        let mut visit = |f: &Fact| {
            if f.quotes == 0 || !passes(f) {
                return;
            }
            let next = seen + f.quotes as usize;
            if next <= offset {
                skipped = next;
            } else if seen < end {
                articles.push(f.id.clone());
            }
            seen = next;
        };
        if desc {
            self.desc.iter().for_each(|&i| visit(&self.articles[i as usize]));
        } else {
            self.articles.iter().for_each(visit);
        }
        Located { articles, skipped, total: seen }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(id: &str, outlet: Option<&str>, published: Option<&str>, duplicate: bool, quotes: u32) -> ArticleFact {
        ArticleFact {
            id: id.into(),
            outlet: outlet.map(str::to_string),
            published: published.map(str::to_string),
            duplicate,
            quotes,
        }
    }

    fn facts() -> Facts {
        Facts::new(
            1,
            vec![
                fact("a", Some("Daily Wire"), Some("2024-01-01"), false, 2),
                fact("b", Some("Herald"), Some("2024-01-01"), false, 1),
                fact("c", Some("daily wire"), Some("2024-01-01"), true, 5),
                fact("d", None, Some("2024-02-01"), false, 3),
                fact("e", Some("Daily Wire"), Some("2024-03-01"), false, 0),
                fact("f", Some("Wire"), Some("2024-03-01"), false, 4),
                fact("g", Some("Herald"), None, false, 2),
            ],
        )
    }

    fn ids(l: &Located) -> Vec<&str> {
        l.articles.iter().map(String::as_str).collect()
    }

    #[test]
    fn descending_order_keeps_ids_ascending_within_a_date_and_undated_last() {
        let f = facts();
        let order: Vec<&str> = f.desc.iter().map(|&i| f.articles[i as usize].id.as_str()).collect();
        assert_eq!(order, ["e", "f", "d", "a", "b", "c", "g"]);
    }

    #[test]
    fn a_page_names_the_articles_holding_it_and_the_quotes_before_them() {
        let f = facts();
        // Copies left out: a(2) b(1) d(3) f(4) g(2) = 12 quotes.
        let all = f.locate(None, false, false, 0, 50);
        assert_eq!((ids(&all), all.skipped, all.total), (vec!["a", "b", "d", "f", "g"], 0, 12));
        // Quotes 2..5 are b's one and d's three (d's last two are past the page).
        let page = f.locate(None, false, false, 2, 2);
        assert_eq!((ids(&page), page.skipped, page.total), (vec!["b", "d"], 2, 12));
        let desc = f.locate(None, false, true, 3, 4);
        // Latest first: f's four quotes (e has none), then d's.
        assert_eq!((ids(&desc), desc.skipped), (vec!["f", "d"], 0));
        let past = f.locate(None, true, false, 100, 10);
        assert_eq!((ids(&past), past.skipped, past.total), (vec![], 17, 17));
    }

    #[test]
    fn outlets_match_as_the_sql_filter_does() {
        let f = facts();
        // ASCII case ignored, a substring, `%` and `_` dropped, no outlet never.
        let wire = f.locate(Some("WI%re"), true, false, 0, 50);
        assert_eq!((ids(&wire), wire.total), (vec!["a", "c", "f"], 11));
        assert_eq!(f.locate(Some("daily"), false, false, 0, 50).total, 2);
        assert_eq!(f.locate(Some("%"), false, false, 0, 50).total, 9);
        assert_eq!(f.locate(Some("nobody"), false, false, 0, 50), Located { articles: vec![], skipped: 0, total: 0 });
    }
}
