//! HTML building blocks for the pages: the one escaping helper ([`esc`]),
//! URL helpers, the page layout, annotated article text and the SVG timeline.
//!
//! Rule: every value that comes from the database or the request goes through
//! [`esc`] (or [`pct`] then [`esc`] inside URLs) at the point it is written
//! into markup. Links to the outside are written only for `http`/`https` URLs.
//! No inline script or style attribute is ever produced, so the
//! Content-Security-Policy can forbid both.

use std::fmt::Write as _;
use storyline_store::{ArticleDetail, Report, TimelineRow};

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a value for a URL path segment or query component.
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The URL if it is safe to link to (absolute `http` or `https`), else `None`:
/// a hostile `javascript:` or `data:` URL is shown as text, never as a link.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(u)
}

/// A path under this site with one id segment, escaped for an attribute.
pub fn href(prefix: &str, id: &str) -> String {
    esc(&format!("{prefix}/{}", pct(id)))
}

/// A query string from pairs, escaped for an attribute (empty values dropped).
pub fn query(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let qs: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{}={}", pct(k), pct(v))))
        .collect();
    if qs.is_empty() { esc(path) } else { esc(&format!("{path}?{}", qs.join("&"))) }
}

/// Which entry of the navigation is the current page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Latest,
    Stories,
    Articles,
    Entities,
    Outlets,
    Search,
    None,
}

/// The page frame: skip link, navigation, search box, main content.
pub fn layout(title: &str, nav: Nav, q: &str, body: &str) -> String {
    let mut links = String::new();
    for (n, path, label) in [
        (Nav::Latest, "/", "Latest"),
        (Nav::Stories, "/stories", "Stories"),
        (Nav::Articles, "/articles", "Articles"),
        (Nav::Entities, "/entities", "People & organisations"),
        (Nav::Outlets, "/outlets", "Outlets"),
    ] {
        let current = if n == nav { " aria-current=\"page\"" } else { "" };
        let _ = write!(links, "<a href=\"{}\"{current}>{}</a>", esc(path), esc(label));
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · storyline</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>\n<body>\
         <a class=\"skip\" href=\"#main\">Skip to content</a>\
         <header class=\"site\"><a class=\"brand\" href=\"/\">storyline</a>\
         <nav aria-label=\"Main\">{links}</nav>\
         <form class=\"searchbox\" action=\"/search\" method=\"get\" role=\"search\">\
         <label for=\"site-q\" class=\"visually-hidden\">Search statements and articles</label>\
         <input id=\"site-q\" name=\"q\" type=\"search\" value=\"{q}\" placeholder=\"Search statements and articles\">\
         <button type=\"submit\">Search</button></form></header>\n\
         <main id=\"main\" tabindex=\"-1\">{body}</main>\n\
         <footer class=\"site\"><p>storyline: who said what, when, and who reported it how. \
         Data also as JSON: <a href=\"/api/openapi.json\">API description</a>.</p></footer></body></html>\n",
        title = esc(title),
        q = esc(q),
    )
}

/// "unknown outlet" for a missing one.
pub fn outlet_name(o: Option<&str>) -> String {
    esc(o.unwrap_or("unknown outlet"))
}

/// A date for display, in a `<time>` element when known.
pub fn date(d: Option<&str>) -> String {
    match d {
        Some(d) => format!("<time datetime=\"{0}\">{0}</time>", esc(d)),
        None => "<span class=\"undated\">undated</span>".into(),
    }
}

/// A speaker as a link to their page when resolved.
pub fn speaker(name: Option<&str>, id: Option<&str>) -> String {
    match (name, id) {
        (Some(n), Some(id)) => format!("<a class=\"speaker\" href=\"{}\">{}</a>", href("/entities", id), esc(n)),
        (Some(n), None) => format!("<span class=\"speaker\">{}</span>", esc(n)),
        (None, _) => "<span class=\"speaker unknown\">unattributed</span>".into(),
    }
}

/// A statement's speaker, or when no name is known the source as the text
/// writes it ("a senior health official", "two people familiar with the
/// matter"): an unnamed source is still a source. A bare pronoun left
/// unresolved says nothing on its own and shows as unattributed.
pub fn source(name: Option<&str>, id: Option<&str>, written: Option<&str>) -> String {
    match (name, written.and_then(storyline_model::unnamed_source)) {
        (None, Some(w)) => {
            format!("<span class=\"speaker unnamed\" title=\"not named in the article\">{}</span>", esc(w))
        }
        _ => speaker(name, id),
    }
}

/// Quote text with typographic marks for direct quotes.
pub fn quote_text(text: &str, kind: &str) -> String {
    if kind == "direct" { format!("“{}”", esc(text)) } else { esc(text) }
}

/// A statement of the merged timeline with every report of it.
pub fn statement(row: &TimelineRow) -> String {
    let mut outlets: Vec<&str> = row.reports.iter().filter_map(|r| r.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let n = row.reports_total.unwrap_or(row.reports.len()).max(row.reports.len());
    let mut s = format!(
        "<li class=\"statement\" id=\"st-{id}\"><p class=\"meta\">{date} · {speaker} · <span class=\"kind kind-{kindc}\">{kind}</span></p>\
         <blockquote class=\"said kind-{kindc}\"><p>{text}</p></blockquote>",
        id = esc(&row.id),
        date = date(row.said_on.as_deref()),
        speaker = source(row.speaker.as_deref(), row.speaker_id.as_deref(), row.source.as_deref()),
        kindc = esc(&row.kind),
        kind = esc(&row.kind),
        text = quote_text(&row.text, &row.kind),
    );
    if n > 0 {
        let _ = write!(
            s,
            "<details class=\"reports\"><summary>Reported {n} time{} by {}</summary><ul>",
            if n == 1 { "" } else { "s" },
            if outlets.is_empty() { "unknown outlets".into() } else { esc(&outlets.join(", ")) }
        );
        for r in row.reports.iter() {
            s.push_str(&report(r, &row.text, row.source.as_deref()));
        }
        s.push_str("</ul>");
        if n > row.reports.len() {
            // Only the first reports come with the row: the rest are a link away.
            let _ = write!(
                s,
                "<p class=\"muted\">The first {} of {n} reports; <a href=\"{}\">all of them</a> (JSON).</p>",
                row.reports.len(),
                query(
                    "/api/statements",
                    &[("statement", Some(row.id.as_str())), ("duplicates", Some("true")), ("limit", Some("500"))]
                )
            );
        }
        s.push_str("</details>");
    }
    s.push_str("</li>");
    s
}

/// One report of a statement; `shown` is the unnamed source the statement
/// is listed under, so a report naming its source otherwise says how.
fn report(r: &Report, canonical: &str, shown: Option<&str>) -> String {
    let differs = r.text.trim() != canonical.trim();
    let source = match r.source.as_deref() {
        Some(w) if Some(w) != shown => format!(" · {}", source(None, None, Some(w))),
        _ => String::new(),
    };
    format!(
        "<li><a href=\"{link}\">{outlet}</a>, {published}{source}{cue}{wording}</li>",
        link = esc(&format!("/articles/{}#q-{}", pct(&r.article_id), pct(&r.quote_id))),
        outlet = outlet_name(r.outlet.as_deref()),
        published = date(r.published.as_deref()),
        cue = r.cue.as_deref().map(|c| format!(" · “{}”", esc(c))).unwrap_or_default(),
        wording = if differs { format!("<p class=\"altered\">Worded: {}</p>", esc(&r.text)) } else { String::new() },
    )
}

/// What an annotation marks in the article text.
enum Mark<'a> {
    Quote { id: &'a str, kind: &'a str, speaker: Option<&'a str>, said_on: Option<&'a str> },
    Speaker { entity: Option<&'a str>, name: Option<&'a str> },
    Cue,
    Timex { value: &'a str },
    Mention { entity: Option<&'a str>, name: &'a str, kind: &'a str },
}

/// The article text as paragraphs, with quotes, speakers, cues, entity
/// mentions and time expressions highlighted. Annotations may overlap: the
/// text is cut at every boundary and each piece carries the classes of every
/// annotation covering it.
pub fn annotated_text(d: &ArticleDetail) -> String {
    let chars: Vec<char> = d.text.chars().collect();
    let n = chars.len();
    let mut marks: Vec<(usize, usize, Mark<'_>)> = Vec::new();
    for q in &d.quotes {
        marks.push((
            q.start,
            q.end,
            Mark::Quote { id: &q.id, kind: &q.kind, speaker: q.speaker.as_deref(), said_on: q.said_on.as_deref() },
        ));
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            marks.push((s, e, Mark::Speaker { entity: q.speaker_id.as_deref(), name: q.speaker.as_deref() }));
        }
        if let (Some(s), Some(e)) = (q.cue_start, q.cue_end) {
            marks.push((s, e, Mark::Cue));
        }
    }
    for m in &d.mentions {
        marks.push((m.start, m.end, Mark::Mention { entity: m.entity_id.as_deref(), name: &m.name, kind: &m.kind }));
    }
    for t in &d.timexes {
        marks.push((t.start, t.end, Mark::Timex { value: &t.value }));
    }
    marks.retain(|(s, e, _)| s < e && *e <= n);

    let mut paragraphs: Vec<(usize, usize, &str)> = d
        .paragraphs
        .iter()
        .filter(|p| p.start < p.end && p.end <= n)
        .map(|p| (p.start, p.end, p.kind.as_str()))
        .collect();
    if paragraphs.is_empty() {
        paragraphs.push((0, n, "body"));
    }
    let mut out = String::new();
    for (ps, pe, kind) in paragraphs {
        let mut cuts = vec![ps, pe];
        for (s, e, _) in &marks {
            cuts.extend([*s, *e].into_iter().filter(|c| *c > ps && *c < pe));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut inner = String::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let piece: String = chars[a..b].iter().collect();
            let active: Vec<&Mark<'_>> =
                marks.iter().filter(|(s, e, _)| *s <= a && b <= *e).map(|(_, _, m)| m).collect();
            if active.is_empty() {
                inner.push_str(&esc(&piece));
                continue;
            }
            let mut classes: Vec<String> = Vec::new();
            let mut titles: Vec<String> = Vec::new();
            let mut link: Option<&str> = None;
            for m in &active {
                match m {
                    Mark::Quote { id, kind, speaker, said_on } => {
                        classes.push(format!("q q-{kind}"));
                        titles.push(format!(
                            "{kind} quote of {} ({})",
                            speaker.unwrap_or("an unidentified speaker"),
                            said_on.map(|d| format!("said {d}")).unwrap_or_else(|| "undated".into())
                        ));
                        if marks.iter().any(|(s, _, mm)| *s == a && matches!(mm, Mark::Quote { id: i, .. } if i == id))
                        {
                            let _ = write!(inner, "<span class=\"anchor\" id=\"q-{}\"></span>", esc(id));
                        }
                    }
                    Mark::Speaker { entity, name } => {
                        classes.push("spk".into());
                        titles.push(format!("speaker: {}", name.unwrap_or("unresolved")));
                        link = link.or(*entity);
                    }
                    Mark::Cue => classes.push("cue".into()),
                    Mark::Timex { value } => {
                        classes.push("tx".into());
                        titles.push(format!("time: {value}"));
                    }
                    Mark::Mention { entity, name, kind } => {
                        classes.push(format!("ent ent-{kind}"));
                        titles.push(format!("{kind}: {name}"));
                        if link.is_none() {
                            link = *entity;
                        }
                    }
                }
            }
            classes.sort_unstable();
            classes.dedup();
            titles.dedup();
            let mut attrs = format!("class=\"{}\"", esc(&classes.join(" ")));
            if !titles.is_empty() {
                let _ = write!(attrs, " title=\"{}\"", esc(&titles.join("; ")));
            }
            match link {
                Some(id) => {
                    let _ = write!(inner, "<a {attrs} href=\"{}\">{}</a>", href("/entities", id), esc(&piece));
                }
                None => {
                    let _ = write!(inner, "<span {attrs}>{}</span>", esc(&piece));
                }
            }
        }
        let _ = match kind {
            "heading" => write!(out, "<h3>{inner}</h3>"),
            "blockquote" => write!(out, "<blockquote><p>{inner}</p></blockquote>"),
            "list_item" => write!(out, "<p class=\"li\">{inner}</p>"),
            "summary" => write!(out, "<p class=\"summary\">{inner}</p>"),
            _ => write!(out, "<p>{inner}</p>"),
        };
    }
    out
}

/// Day number of a full or partial ISO date (partial dates at their start).
pub fn day_number(d: &str) -> Option<i64> {
    let mut it = d.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().map(str::parse).transpose().ok()?.unwrap_or(1);
    let day: i64 = it.next().map(str::parse).transpose().ok()?.unwrap_or(1);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// ISO date of a day number.
pub fn civil(z: i64) -> String {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// How [`timeline_svg`] sorts statements into lanes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lanes {
    /// One lane per speaker (a story: who spoke when).
    Speaker,
    /// One lane per reporting outlet, a dot in each lane that reported the
    /// statement (a speaker: who carried their words when).
    Outlet,
}

/// An SVG timeline of dated statements: one dot per statement and lane
/// (bigger when more outlets reported it), each dot a link to the statement
/// in the list below. Readable without script; the list carries the same
/// information for screen readers.
pub fn timeline_svg(rows: &[TimelineRow], lanes_by: Lanes) -> String {
    let label_of = |l: Option<&str>| match (l, lanes_by) {
        (Some(name), _) => name.to_string(),
        // Statements without a name share one lane: a lane is one speaker,
        // and two "senior officials" need not be the same person (each
        // dot's title says its source as written).
        (None, Lanes::Speaker) => "not named".into(),
        (None, Lanes::Outlet) => "unknown outlet".into(),
    };
    let mut points: Vec<(&TimelineRow, i64, String)> = Vec::new();
    for r in rows {
        let Some(day) = r.said_on.as_deref().and_then(day_number) else { continue };
        match lanes_by {
            Lanes::Speaker => points.push((r, day, label_of(r.speaker.as_deref()))),
            Lanes::Outlet => {
                let mut outlets: Vec<String> = r.reports.iter().map(|rep| label_of(rep.outlet.as_deref())).collect();
                outlets.sort_unstable();
                outlets.dedup();
                points.extend(outlets.into_iter().map(|o| (r, day, o)));
            }
        }
    }
    if points.is_empty() {
        return String::new();
    }
    const MAX_LANES: usize = 12;
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for (_, _, lane) in &points {
        *counts.entry(lane.as_str()).or_default() += 1;
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let lanes: Vec<&str> = by_count.into_iter().take(MAX_LANES).map(|(l, _)| l).collect();
    let lane_of = |l: &str| lanes.iter().position(|x| *x == l).unwrap_or(lanes.len());
    let lane_count = lanes.len() + usize::from(points.iter().any(|(_, _, l)| lane_of(l) == lanes.len()));
    let (min, max) = points.iter().fold((i64::MAX, i64::MIN), |(lo, hi), (_, d, _)| (lo.min(*d), hi.max(*d)));
    let (w, left, right, top, lane_h) = (960.0_f64, 190.0_f64, 50.0_f64, 16.0_f64, 30.0_f64);
    let h = top + lane_h * lane_count as f64 + 40.0;
    let days: Vec<i64> = points.iter().map(|(_, d, _)| *d).collect();
    let axis = TimeAxis::new(&days, left, w - right);
    let dated = rows.iter().filter(|r| r.said_on.as_deref().and_then(day_number).is_some()).count();
    let mut s = format!(
        "<div class=\"scroll\"><svg class=\"timeline\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"tl-title\">\
         <title id=\"tl-title\">Timeline of {dated} dated statements from {from} to {to}</title>",
        from = esc(&civil(min)),
        to = esc(&civil(max)),
    );
    for i in 0..lane_count {
        let y = top + lane_h * (i as f64 + 0.5);
        let label = lanes.get(i).copied().unwrap_or("others");
        let short: String = if label.chars().count() > 24 {
            label.chars().take(23).chain(std::iter::once('…')).collect()
        } else {
            label.to_string()
        };
        let _ = write!(
            s,
            "<line class=\"lane\" x1=\"{left}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\"/><text class=\"lane-label\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{}</text>",
            esc(&short),
            x2 = w - right,
            lx = left - 10.0,
            ty = y + 4.0,
        );
    }
    let axis_y = top + lane_h * lane_count as f64 + 8.0;
    for seg in &axis.segments {
        let _ =
            write!(s, "<line class=\"axis\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{axis_y}\" y2=\"{axis_y}\"/>", seg.2, seg.3);
    }
    for bx in axis.breaks() {
        let _ = write!(
            s,
            "<text class=\"tick-label\" x=\"{bx:.1}\" y=\"{}\" text-anchor=\"middle\">…</text>",
            axis_y + 4.0
        );
    }
    for (t, tx) in axis.ticks() {
        let _ = write!(
            s,
            "<line class=\"tick\" x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{axis_y}\" y2=\"{}\"/><text class=\"tick-label\" x=\"{tx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            axis_y + 5.0,
            axis_y + 20.0,
            esc(&civil(t))
        );
    }
    // Statements on the same day in the same lane fan out instead of hiding each other.
    let mut seen: std::collections::HashMap<(usize, i64), usize> = Default::default();
    for (r, d, lane) in &points {
        let lane_i = lane_of(lane);
        let nth = seen.entry((lane_i, *d)).or_default();
        let fan = *nth as f64 * 7.0;
        *nth += 1;
        let cy = top + lane_h * (lane_i as f64 + 0.5);
        let radius = 5.0 + (r.reports.len().min(6) as f64);
        let text: String = r.text.chars().take(140).collect();
        let _ = write!(
            s,
            "<a href=\"#st-{id}\"><circle class=\"dot kind-{kind}\" cx=\"{cx:.1}\" cy=\"{cy}\" r=\"{radius}\"><title>{date} · {who}: {text} ({n} report{pl})</title></circle></a>",
            id = esc(&r.id),
            kind = esc(&r.kind),
            cx = axis.x(*d) + fan,
            date = esc(r.said_on.as_deref().unwrap_or("")),
            who = match (r.speaker.as_deref(), r.source.as_deref()) {
                (Some(name), _) => esc(name),
                (None, Some(written)) => format!("{} (not named)", esc(written)),
                (None, None) => "unattributed".into(),
            },
            text = esc(&text),
            n = r.reports.len(),
            pl = if r.reports.len() == 1 { "" } else { "s" },
        );
    }
    s.push_str(
        "</svg></div><p class=\"legend\"><span><span class=\"sw kind-direct\"></span>direct quote</span> \
         <span><span class=\"sw kind-mixed\"></span>partial quote</span> \
         <span><span class=\"sw kind-indirect\"></span>reported speech</span> \
         <span class=\"muted\">Bigger dots were reported more often; … marks a skipped stretch of time.</span></p>",
    );
    s
}

/// A time axis that compresses long empty stretches: dates more than
/// [`TimeAxis::GAP_DAYS`] apart fall into separate segments joined by a
/// fixed-width break, so one stray old date does not squeeze every other
/// statement into a corner.
struct TimeAxis {
    /// (first day, last day, x start, x end)
    segments: Vec<(i64, i64, f64, f64)>,
}

impl TimeAxis {
    const GAP_DAYS: i64 = 45;
    const BREAK_W: f64 = 28.0;
    const MIN_SEG_W: f64 = 60.0;
    const LABEL_W: f64 = 78.0;

    fn new(days: &[i64], x0: f64, x1: f64) -> TimeAxis {
        let mut sorted = days.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut spans: Vec<(i64, i64)> = Vec::new();
        for d in sorted {
            match spans.last_mut() {
                Some(last) if d - last.1 <= Self::GAP_DAYS => last.1 = d,
                _ => spans.push((d, d)),
            }
        }
        let n = spans.len().max(1) as f64;
        let avail = (x1 - x0 - (n - 1.0) * Self::BREAK_W).max(n);
        let min_w = (avail / n).min(Self::MIN_SEG_W);
        let extra = avail - min_w * n;
        let total: i64 = spans.iter().map(|(a, b)| b - a).sum();
        let mut x = x0;
        let mut segments = Vec::with_capacity(spans.len());
        for (a, b) in spans {
            let width = min_w + if total > 0 { extra * (b - a) as f64 / total as f64 } else { extra / n };
            segments.push((a, b, x, x + width));
            x += width + Self::BREAK_W;
        }
        TimeAxis { segments }
    }

    fn x(&self, day: i64) -> f64 {
        let seg = self.segments.iter().find(|s| s.0 <= day && day <= s.1).or(self.segments.last());
        match seg {
            Some(&(a, b, xa, xb)) if b > a => xa + (day - a) as f64 / (b - a) as f64 * (xb - xa),
            Some(&(_, _, xa, xb)) => (xa + xb) / 2.0,
            None => 0.0,
        }
    }

    fn breaks(&self) -> Vec<f64> {
        self.segments.windows(2).map(|w| (w[0].3 + w[1].2) / 2.0).collect()
    }

    /// Labelled days: a few per wide segment, its start for a narrow one,
    /// none closer than a label's width to the previous.
    fn ticks(&self) -> Vec<(i64, f64)> {
        let mut out: Vec<(i64, f64)> = Vec::new();
        for &(a, b, xa, xb) in &self.segments {
            let n = (((xb - xa) / (Self::LABEL_W * 1.6)).floor() as i64).clamp(0, 4);
            let days: Vec<i64> =
                if b == a || n == 0 { vec![a] } else { (0..=n).map(|i| a + (b - a) * i / n).collect() };
            for d in days {
                let x = self.x(d);
                if out.last().is_none_or(|(_, px)| x - px >= Self::LABEL_W) {
                    out.push((d, x));
                }
            }
        }
        out
    }
}

/// A snippet with its highlighted ranges wrapped in `<mark>`.
pub fn snippet(text: &str, highlights: &[[usize; 2]]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for [s, e] in highlights {
        let (s, e) = ((*s).clamp(at, chars.len()), (*e).min(chars.len()));
        if s >= e {
            continue;
        }
        out.push_str(&esc(&chars[at..s].iter().collect::<String>()));
        let _ = write!(out, "<mark>{}</mark>", esc(&chars[s..e].iter().collect::<String>()));
        at = e;
    }
    out.push_str(&esc(&chars[at..].iter().collect::<String>()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_neutralises_markup_and_attribute_breakouts() {
        assert_eq!(esc("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(esc("\" onerror=\"x"), "&quot; onerror=&quot;x");
        assert_eq!(esc("a & b"), "a &amp; b");
    }

    #[test]
    fn unnamed_sources_show_as_written_and_escaped() {
        let text = "Ça va, said a senior <b>official</b>.";
        let written = storyline_model::char_slice(text, 12, 36);
        assert_eq!(written, Some("a senior <b>official</b>"));
        let html = source(None, None, written);
        assert!(html.contains("unnamed") && html.contains("a senior &lt;b&gt;official&lt;/b&gt;"), "{html}");
        // A name wins; a lone pronoun is no source; offsets past the end are nothing.
        assert!(source(Some("Ruth Roe"), None, Some("she")).contains(">Ruth Roe<"));
        assert!(source(None, None, Some("He")).contains("unattributed"));
        assert_eq!(storyline_model::char_slice(text, 30, 99), None);
        assert_eq!(storyline_model::char_slice(text, 0, 2), Some("Ça"));
    }

    fn report(quote: &str, source: Option<&str>, text: &str) -> Report {
        Report {
            quote_id: quote.into(),
            article_id: "a1".into(),
            outlet: Some("Meridian Wire".into()),
            published: Some("2025-03-18".into()),
            text: text.into(),
            cue: Some("said".into()),
            source: source.map(str::to_string),
        }
    }

    #[test]
    fn a_statement_without_a_name_shows_its_source_in_lists_and_dots() {
        let text = "the offer would guarantee 60 percent";
        let row = TimelineRow {
            id: "s1".into(),
            said_on: Some("2025-03-18".into()),
            speaker: None,
            speaker_id: None,
            source: Some("a <i>Veltarian</i> official".into()),
            kind: "indirect".into(),
            text: text.into(),
            reports: vec![
                report("q1", Some("a <i>Veltarian</i> official"), text),
                report("q2", Some("diplomats"), text),
                report("q3", None, text),
            ]
            .into(),
            reports_total: None,
        };
        let html = statement(&row);
        assert!(
            html.contains(
                "<span class=\"speaker unnamed\" title=\"not named in the article\">a &lt;i&gt;Veltarian&lt;/i&gt; official</span>"
            ),
            "{html}"
        );
        assert!(!html.contains("unattributed"), "{html}");
        // A report naming its source otherwise says so; the others do not repeat it.
        assert_eq!(html.matches("speaker unnamed").count(), 2, "{html}");
        assert!(html.contains(">diplomats</span>"), "{html}");
        let svg = timeline_svg(std::slice::from_ref(&row), Lanes::Speaker);
        assert!(
            svg.contains("<title>2025-03-18 · a &lt;i&gt;Veltarian&lt;/i&gt; official (not named): the offer"),
            "{svg}"
        );
        assert!(svg.contains(">not named</text>"), "{svg}");
        // Without a source the statement stays unattributed.
        let bare = TimelineRow { source: None, ..row };
        assert!(statement(&bare).contains("unattributed"));
        assert!(timeline_svg(&[bare], Lanes::Speaker).contains("· unattributed: the offer"));
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_url("https://example.org/a?b=1"), Some("https://example.org/a?b=1"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<script>"), None);
        assert_eq!(safe_url("http://x/\" onmouseover=\"a"), None);
        assert_eq!(safe_url("//evil.example"), None);
    }

    #[test]
    fn pct_encodes_everything_but_unreserved() {
        assert_eq!(pct("Meridian Wire & co/\"x\""), "Meridian%20Wire%20%26%20co%2F%22x%22");
        assert_eq!(query("/search", &[("q", Some("a b")), ("outlet", None)]), "/search?q=a%20b");
    }

    #[test]
    fn day_numbers_round_trip() {
        for d in ["1970-01-01", "2000-02-29", "2025-03-14", "1998-12-31"] {
            assert_eq!(civil(day_number(d).unwrap()), d);
        }
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(civil(day_number("2025-03").unwrap()), "2025-03-01");
        assert_eq!(day_number("2025-13"), None);
    }

    #[test]
    fn time_axis_compresses_long_gaps() {
        let days =
            [day_number("1998-03-06").unwrap(), day_number("2025-03-01").unwrap(), day_number("2025-04-08").unwrap()];
        let axis = TimeAxis::new(&days, 0.0, 1000.0);
        assert_eq!(axis.segments.len(), 2);
        assert_eq!(axis.breaks().len(), 1);
        // The 2025 weeks get most of the width, not the 27 empty years.
        assert!(axis.x(days[2]) - axis.x(days[1]) > 800.0, "{:?}", axis.segments);
        assert!(axis.x(days[1]) < axis.x(days[2]));
        let ticks = axis.ticks();
        assert!(ticks.windows(2).all(|w| w[1].1 - w[0].1 >= TimeAxis::LABEL_W));
        assert_eq!(ticks[0].0, days[0]);
    }

    #[test]
    fn snippet_marks_hits_and_escapes_the_rest() {
        assert_eq!(snippet("a <b> dam", &[[6, 9]]), "a &lt;b&gt; <mark>dam</mark>");
    }
}
