//! What a user of `storyline extract` notices: boilerplate gone, every body
//! paragraph kept in order, metadata found by the right rule, and hostile
//! input answered with an error instead of a panic or a hang.
//!
//! Fixtures in `tests/fixtures/` are written by the team (invented stories).

use std::time::{Duration, Instant};
use storyline_extract::{MAX_HTML_BYTES, clean_text, extract_html, verbatim_text};
use storyline_model::{Article, DocError, Hints, ParagraphKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rule_of<'a>(a: &'a Article, field: &str) -> Option<&'a str> {
    a.rules.iter().find(|r| r.field == field).map(|r| r.rule.as_str())
}

fn paragraphs(a: &Article) -> Vec<(String, ParagraphKind)> {
    a.paragraphs.iter().map(|p| (a.slice(p.span), p.kind)).collect()
}

/// Spans must index `text` exactly and paragraphs must be joined by "\n\n".
fn assert_spans_consistent(a: &Article) {
    let chars: Vec<char> = a.text.chars().collect();
    let mut prev_end = 0;
    for (k, p) in a.paragraphs.iter().enumerate() {
        assert!(p.span.end <= chars.len(), "span past the end");
        assert!(p.span.start >= prev_end, "overlapping spans");
        if k > 0 {
            let gap: String = chars[prev_end..p.span.start].iter().collect();
            assert_eq!(gap, "\n\n", "paragraphs are joined by a blank line");
        }
        let s: String = chars[p.span.start..p.span.end].iter().collect();
        assert_eq!(s.trim(), s, "paragraphs are trimmed");
        assert!(!s.is_empty());
        prev_end = p.span.end;
    }
    assert_eq!(prev_end, chars.len(), "the last paragraph ends the text");
}

// ---------------------------------------------------------------- HTML

#[test]
fn news_page_keeps_every_body_paragraph_in_order() {
    let a = extract_html(&fixture("news_page.html"), &Hints::default()).unwrap();
    assert_spans_consistent(&a);
    let body = [
        "Negotiators from the two coastal provinces met again on Thursday",
        "\"We came back because the fishermen asked us to,\"",
        "What is on the table",
        "The draft agreement, seen by this newspaper",
        "shared dredging costs for the main channel;",
        "a common licence for small fishing boats;",
        "night access to the southern pier.",
        "Nobody wins if the channel silts up",
        "The southern delegation, led by deputy governor Piet Kallas",
        "A final text could be signed before the end of the year",
    ];
    let mut at = 0;
    for b in body {
        let pos = a.text[at..].find(b).unwrap_or_else(|| panic!("missing or out of order: {b}\n---\n{}", a.text));
        at += pos + b.len();
    }
}

#[test]
fn news_page_drops_boilerplate() {
    let a = extract_html(&fixture("news_page.html"), &Hints::default()).unwrap();
    for junk in [
        "Home",
        "Advertisement",
        "Share on Facebook",
        "Fishing boats in the old harbour",
        "Storm closes the harbour",
        "Get the morning briefing",
        "Sign up for our newsletter",
        "is a reporter for the Daily Planet",
        "Finally some good news",
        "Ten things to do on the coast",
        "All rights reserved",
        "not responsible for the content",
        "dataLayer",
        "By Jane Doe",
        "display:flex",
    ] {
        assert!(!a.text.contains(junk), "boilerplate kept: {junk}\n---\n{}", a.text);
    }
    // The headline is metadata, not a paragraph of the body.
    assert!(!a.text.contains("Harbour talks resume after long pause"));
}

#[test]
fn news_page_paragraph_kinds() {
    let a = extract_html(&fixture("news_page.html"), &Hints::default()).unwrap();
    let kinds = paragraphs(&a);
    let kind_of = |needle: &str| kinds.iter().find(|(t, _)| t.contains(needle)).map(|(_, k)| *k);
    assert_eq!(kind_of("What is on the table"), Some(ParagraphKind::Heading));
    assert_eq!(kind_of("a common licence"), Some(ParagraphKind::ListItem));
    assert_eq!(kind_of("Nobody wins"), Some(ParagraphKind::Blockquote));
    assert_eq!(kind_of("Negotiators from"), Some(ParagraphKind::Body));
}

#[test]
fn news_page_metadata_with_rules() {
    let a = extract_html(&fixture("news_page.html"), &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Harbour talks resume after long pause"));
    assert_eq!(a.outlet.as_deref(), Some("Daily Planet"));
    assert_eq!(rule_of(&a, "outlet"), Some("og:site_name"));
    assert_eq!(a.author.as_deref(), Some("Jane Doe"));
    assert_eq!(rule_of(&a, "author"), Some("meta:author"));
    // JSON-LD outranks the meta tag (which here is a UTC evening earlier).
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-09-05"));
    assert_eq!(rule_of(&a, "published"), Some("json-ld:datePublished"));
    assert_eq!(a.modified.map(|d| d.to_string()).as_deref(), Some("2025-09-06"));
    assert_eq!(a.url.as_deref(), Some("https://planet.example/world/2025/09/05/harbour-talks"));
    assert_eq!(rule_of(&a, "url"), Some("link:canonical"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(rule_of(&a, "language"), Some("html:lang"));
}

#[test]
fn hints_outrank_the_page() {
    let hints = Hints {
        title: Some("Given title".into()),
        outlet: Some("Given outlet".into()),
        author: Some("Given Author".into()),
        published: Some("2024-01-02".into()),
        url: Some("https://given.example/x".into()),
        charset: None,
        file_name: None,
    };
    let a = extract_html(&fixture("news_page.html"), &hints).unwrap();
    assert_eq!(a.title.as_deref(), Some("Given title"));
    assert_eq!(a.outlet.as_deref(), Some("Given outlet"));
    assert_eq!(a.author.as_deref(), Some("Given Author"));
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-01-02"));
    for f in ["title", "outlet", "author", "published"] {
        assert_eq!(rule_of(&a, f), Some("hint"), "{f}");
    }
    // The page's canonical link still wins for the URL.
    assert_eq!(rule_of(&a, "url"), Some("link:canonical"));
}

#[test]
fn plain_page_without_meta_tags() {
    let a = extract_html(&fixture("plain_page.html"), &Hints::default()).unwrap();
    assert_spans_consistent(&a);
    assert_eq!(a.title.as_deref(), Some("Bridge repairs delayed again"));
    assert_eq!(a.outlet, None, "no og:site_name, no URL: no outlet");
    assert_eq!(a.author.as_deref(), Some("Tomas Berg"));
    assert_eq!(rule_of(&a, "author"), Some("byline"));
    assert_eq!(a.paragraphs.len(), 4, "{}", a.text);
    assert!(a.text.starts_with("Repairs to the old river bridge"));
    assert!(!a.text.contains("Older stories"));
    assert!(!a.text.contains("Valley Courier"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(rule_of(&a, "language"), Some("whatlang"));
}

#[test]
fn caption_dates_are_never_the_publication_date() {
    let a = extract_html(&fixture("plain_page.html"), &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-03-14"));
    assert_eq!(rule_of(&a, "published"), Some("time"));
    assert!(!a.text.contains("12 June 2016"));

    // Only a figcaption carries a date: no publication date at all.
    let page = br#"<html><body><article>
        <figure><img src=a.jpg><figcaption>The pier in <time datetime="2016-06-12">June 2016</time></figcaption></figure>
        <p>The pier reopened to walkers this week after a long closure, the harbour office said in a statement on its website.</p>
        <p>Fishermen will be allowed back on the pier from the first of next month, once the new railings are in place.</p>
        </article></body></html>"#;
    let a = extract_html(page, &Hints::default()).unwrap();
    assert_eq!(a.published, None, "caption date used: {:?}", a.rules);
}

#[test]
fn url_date_is_the_last_resort() {
    let page = b"<html><body><p>The pier reopened to walkers this week after a long closure, the harbour office said.</p></body></html>";
    let hints = Hints { url: Some("https://news.example/2025/09/05/pier-reopens".into()), ..Hints::default() };
    let a = extract_html(page, &hints).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-09-05"));
    assert_eq!(rule_of(&a, "published"), Some("url"));
    assert_eq!(a.outlet.as_deref(), Some("news.example"));
    assert_eq!(rule_of(&a, "outlet"), Some("url-domain"));
}

#[test]
fn a_date_written_only_as_text_in_the_header_is_found() {
    let page = br#"<html><body><header><a href="/">Harbour Weekly</a></header>
        <div class="wrap"><div class="top-line"><span>Last updated:</span> <span>Dec 12, 2025</span></div>
        <h1>Pier reopens to walkers</h1>
        <div class="body"><p>The pier reopened to walkers this week after a long closure, the harbour office said in a statement.</p>
        <p>Fishermen will be allowed back on the pier from the first of next month, once the new railings are in place.</p></div></div>
        <footer>Copyright 2019 Harbour Weekly</footer></body></html>"#;
    let a = extract_html(page, &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-12-12"), "{:?}", a.rules);
    assert_eq!(rule_of(&a, "published"), Some("visible-text"));
}

/// A fictional page whose JSON-LD carries both dates and whose header shows `shown`.
fn dated_page(shown: &str) -> Vec<u8> {
    format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Pier reopens",
        "datePublished":"2024-01-05T09:00:00Z","dateModified":"2025-03-02T10:00:00Z"}}</script></head>
        <body><article><h1>Pier reopens</h1><p class="dates">{shown}</p>
        <p>The pier reopened to walkers this week after a long closure, the harbour office said in a statement.</p>
        <p>Fishermen will be allowed back on the pier from the first of next month, once the new railings are in place.</p>
        </article></body></html>"#
    )
    .into_bytes()
}

#[test]
fn a_page_showing_only_its_update_date_is_dated_by_it() {
    let a = extract_html(&dated_page("Updated March 2, 2025"), &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-03-02"));
    assert_eq!(rule_of(&a, "published"), Some("shown-modified"));
    assert_eq!(a.modified.map(|d| d.to_string()).as_deref(), Some("2025-03-02"));

    // Both dates shown: the publication date stands.
    let a = extract_html(&dated_page("Published January 5, 2024 · Updated March 2, 2025"), &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-01-05"));
    assert_eq!(rule_of(&a, "published"), Some("json-ld:datePublished"));
    // No date shown at all: the metadata's publication date stands.
    let a = extract_html(&dated_page("By Jane Doe"), &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-01-05"));
}

#[test]
fn an_article_under_a_furniture_name_is_found_on_the_second_try() {
    let body = "<p>The harbour office confirmed on Tuesday that the old pier will reopen to walkers next month, after two years of repairs to its timber deck.</p>".repeat(4);
    // No block holds half the page, so names alone decide what is dropped.
    let other = |what: &str| {
        format!(
            "<p>Another story about the town {what}, its budget for the coming year and the long debate over it.</p>"
        )
        .repeat(5)
    };
    let page = format!(
        r#"<html><body><div class="layout"><div class="breaking-news"><h1>Pier reopens</h1>
        <div class="breaking-news-content">{body}</div></div>
        <div class="newsletter-box"><p>Sign up for our daily newsletter</p></div>
        <div class="sidebar">{}</div><div class="related">{}</div></div></body></html>"#,
        other("council"),
        other("museum")
    );
    let a = extract_html(page.as_bytes(), &Hints::default()).unwrap();
    assert!(a.text.contains("timber deck"), "{}", a.text);
    assert!(!a.text.contains("Another story") && !a.text.contains("Sign up"), "{}", a.text);
    assert!(a.warnings.iter().any(|w| w.contains("chose again")));
}

#[test]
fn a_short_article_is_not_traded_for_its_comments() {
    let comments = "<div class=\"comment\"><p>I walked there every morning before it closed and I am glad, really glad, that it will be open again for everyone in the town.</p></div>".repeat(20);
    let page = format!(
        r#"<html><body><article><h1>Pier reopens</h1>
        <p>The old pier reopens to walkers next month, the harbour office said on Tuesday.</p></article>
        <section class="comments">{comments}</section></body></html>"#
    );
    let a = extract_html(page.as_bytes(), &Hints::default()).unwrap();
    assert!(a.text.contains("harbour office"), "{}", a.text);
    assert!(!a.text.contains("every morning"), "{}", a.text);
}

fn titled_page(og_title: &str, h1: &str) -> Vec<u8> {
    sourced_page(og_title, Some(og_title), None, None, h1)
}

#[test]
fn a_count_the_h1_leaves_out_stays_in_the_title() {
    let a =
        extract_html(&titled_page("7 Ferry Changes Coming in 2026", "Ferry Changes Coming in 2026"), &Hints::default())
            .unwrap();
    assert_eq!(a.title.as_deref(), Some("7 Ferry Changes Coming in 2026"));
    assert_eq!(rule_of(&a, "title"), Some("og:title"));
    // The h1 is still the headline, not the first paragraph.
    assert!(a.text.starts_with("The ferry timetable"), "{}", a.text);
    // A year after the headline, joined without a separator, is the title's own.
    let a = extract_html(&titled_page("Best Ferry Routes 2026", "Best Ferry Routes"), &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Best Ferry Routes 2026"));
}

#[test]
fn a_site_name_after_a_separator_is_not_part_of_the_title() {
    for (og, h1) in [
        ("Ferry Changes Coming Next Week - Harbour Gazette", "Ferry Changes Coming Next Week"),
        ("Ferry Changes Coming Next Week | Local News Desk", "Ferry Changes Coming Next Week"),
        // Other extra words are an SEO variant: the visible h1 is the title.
        ("Discover the Ferry Changes Coming Next Week", "Ferry Changes Coming Next Week"),
    ] {
        let a = extract_html(&titled_page(og, h1), &Hints::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Ferry Changes Coming Next Week"), "{og}");
    }
}

/// A page whose title sources are given one by one (`None` leaves one out).
fn sourced_page(title: &str, og: Option<&str>, twitter: Option<&str>, ld: Option<&str>, h1: &str) -> Vec<u8> {
    let og = og.map(|t| format!(r#"<meta property="og:title" content="{t}">"#)).unwrap_or_default();
    let twitter = twitter.map(|t| format!(r#"<meta name="twitter:title" content="{t}">"#)).unwrap_or_default();
    let ld = ld
        .map(|t| format!(r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{t}"}}</script>"#))
        .unwrap_or_default();
    format!(
        r#"<html><head><title>{title}</title>{og}{twitter}{ld}
        <meta property="og:site_name" content="Harbour Gazette"></head><body><article><h1>{h1}</h1>
        <p>The ferry timetable changes next week, the harbour office said on Tuesday, and the night boat stops.</p>
        <p>Travellers were told to check the new times before setting out, especially on weekends.</p></article></body></html>"#
    )
    .into_bytes()
}

#[test]
fn the_spelling_most_title_sources_agree_on_wins() {
    // A smart-quote filter curled the h1's apostrophe; the metadata keeps
    // what the author typed.
    let straight = "The Ferryman's Guide to Night Crossings";
    let curly = "The Ferryman\u{2019}s Guide to Night Crossings";
    let page = sourced_page(&format!("{straight} - Harbour Gazette"), Some(straight), None, None, curly);
    let a = extract_html(&page, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some(straight));
    // Two sources each way: the chosen title (the h1) keeps its spelling.
    let page = sourced_page(straight, Some(straight), None, Some(curly), curly);
    assert_eq!(extract_html(&page, &Hints::default()).unwrap().title.as_deref(), Some(curly));
    // Characters the h1 lost to "?" come back from the sources that have them.
    let page = sourced_page(
        "Night Crossings: The Ferryman's Guide",
        Some("Night Crossings: The Ferryman's Guide"),
        None,
        None,
        "Night Crossings? The Ferryman? Guide",
    );
    let a = extract_html(&page, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Night Crossings: The Ferryman's Guide"));
    // Different words are an SEO variant, not a spelling: the h1 stays.
    let page = sourced_page(
        "Why Don't Night Ferries Run Later?",
        Some("Why Don't Night Ferries Run Later?"),
        Some("Why Don't Night Ferries Run Later?"),
        None,
        "Why Night Ferries Don\u{2019}t Run Later",
    );
    let a = extract_html(&page, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Why Night Ferries Don\u{2019}t Run Later"));
}

#[test]
fn a_short_label_after_a_dash_is_not_part_of_the_title() {
    let h1 = "Night Ferry Timetables \u{2013} Printable Weekly Planner";
    let page = sourced_page(&format!("{h1} - Harbour Gazette"), Some(h1), None, None, h1);
    let a = extract_html(&page, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Night Ferry Timetables"));
    // The h1 is still the headline, not the first paragraph.
    assert!(a.text.starts_with("The ferry timetable"), "{}", a.text);
    // A continuation, a list or a sentence after the dash is the headline's own.
    for h1 in [
        "The Busiest Ferry Route of 2025 \u{2014} and 3 Changes Coming Next Year",
        "How the Night Ferry Changed the Harbour - 10 Routes, Fares, Timetables",
        "Ferry Timetables Explained - What Travellers Should Check First",
        "Ferry Timetables \u{2013} Printable Weekly Planner",
    ] {
        let a = extract_html(&sourced_page(h1, Some(h1), None, None, h1), &Hints::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some(h1));
    }
}

#[test]
fn content_a_streaming_renderer_sent_hidden_is_the_article() {
    // React's streaming server rendering sends late parts in `<div hidden
    // id="S:0">` and a script swaps them in; other hidden blocks stay out.
    let body = "<p>The harbour office confirmed on Tuesday that the old pier will reopen to walkers next month, after two years of repairs to its timber deck.</p>".repeat(4);
    let page = format!(
        r#"<html><head><title>Pier reopens</title></head><body><div id="root"><nav><a href="/">Home</a></nav>
        <template id="B:0"></template><p>Loading...</p></div>
        <div hidden id="S:0"><article><h1>Pier reopens</h1>{body}</article></div>
        <div hidden id="signup"><p>Sign in to read the whole archive of the Harbour Gazette and get our weekly letter.</p></div>
        <script>$RC("B:0","S:0")</script></body></html>"#
    );
    let a = extract_html(page.as_bytes(), &Hints::default()).unwrap();
    assert!(a.text.contains("timber deck"), "{}", a.text);
    assert!(!a.text.contains("Sign in to read"), "{}", a.text);
}

#[test]
fn a_site_builders_publish_stamp_yields_to_the_date_the_header_shows() {
    let page = |shown: &str| {
        format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"BlogPosting","headline":"Pier reopens",
            "datePublished":"Jun 24, 2025","dateModified":"Jun 24, 2025"}}</script></head>
            <body><div class="post"><h1>Pier reopens</h1><div class="top-line">{shown}</div>
            <div class="rich"><p>The pier reopened to walkers this week after a long closure, the harbour office said in a statement.</p>
            <p>Fishermen will be allowed back on the pier from the first of next month, once the new railings are in place.</p></div></div></body></html>"#
        )
    };
    let a = extract_html(page("Aug 25, 2024").as_bytes(), &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-08-25"), "{:?}", a.rules);
    assert_eq!(rule_of(&a, "published"), Some("visible-text"));
    // A later header date is a "today" bar, a day apart a time zone: the stamp stands.
    for shown in ["Jun 30, 2025", "Jun 23, 2025"] {
        let a = extract_html(page(shown).as_bytes(), &Hints::default()).unwrap();
        assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-06-24"), "{shown}");
    }
}

#[test]
fn declared_windows_1252_is_decoded() {
    let mut page = fixture("plain_page.html");
    // "the mayor said" -> "the mayor’s office said" with a cp1252 apostrophe.
    let at = page.windows(5).position(|w| w == b"mayor").unwrap() + 5;
    page.splice(at..at, b"\x92s office".iter().copied());
    let a = extract_html(&page, &Hints::default()).unwrap();
    assert!(a.text.contains("mayor’s office said"), "{}", a.text);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn undeclared_legacy_bytes_are_guessed_with_a_warning() {
    let page = b"<html><body><p>Caf\xe9 owners on the quay said the new parking rules would cost them customers every weekend.</p></body></html>";
    let a = extract_html(page, &Hints::default()).unwrap();
    assert!(a.text.contains("Café owners"));
    assert!(a.warnings.iter().any(|w| w.contains("guessed")), "{:?}", a.warnings);
}

// ------------------------------------------------------- hostile input

#[test]
fn empty_binary_and_oversized_inputs_are_refused() {
    assert_eq!(extract_html(b"", &Hints::default()), Err(DocError::Empty));
    assert_eq!(extract_html(b"  \n\t ", &Hints::default()), Err(DocError::Empty));
    let mut junk = vec![0u8; 600];
    junk.extend((0..400).map(|i| (i * 7 % 32) as u8));
    assert_eq!(extract_html(&junk, &Hints::default()), Err(DocError::Binary));
    assert_eq!(extract_html(b"%PDF-1.7\n...", &Hints::default()), Err(DocError::Binary));
    let big = vec![b'a'; MAX_HTML_BYTES + 1];
    assert!(matches!(extract_html(&big, &Hints::default()), Err(DocError::TooLarge { .. })));
}

#[test]
fn script_only_page_has_no_body() {
    let page = b"<html><head><title>App</title></head><body><script>render(document.body)</script></body></html>";
    match extract_html(page, &Hints::default()) {
        Err(DocError::NoBody(Some(reason))) => assert!(reason.contains("script"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let empty_body = b"<html><body>   </body></html>";
    assert!(matches!(extract_html(empty_body, &Hints::default()), Err(DocError::NoBody(Some(_)))));
}

/// Generated here, not committed: 100,000 nested elements must neither
/// overflow the stack nor take long.
#[test]
fn deeply_nested_page_does_not_overflow_or_hang() {
    let depth = 100_000;
    let mut page = String::with_capacity(depth * 12 + 200);
    page.push_str("<html><body>");
    for _ in 0..depth {
        page.push_str("<div>");
    }
    page.push_str("<p>The deepest paragraph still tells its short story about the harbour and the boats.</p>");
    for _ in 0..depth {
        page.push_str("</div>");
    }
    page.push_str("</body></html>");
    let t = Instant::now();
    let res = extract_html(page.as_bytes(), &Hints::default());
    assert!(t.elapsed() < Duration::from_secs(30), "took {:?}", t.elapsed());
    let a = res.expect("text found");
    assert!(a.text.contains("deepest paragraph"));
}

/// Title sources made of lost characters and near-misses: comparing
/// spellings must stay a few paths per difference, not a search over all.
#[test]
fn hostile_title_sources_do_not_hang() {
    let mut bad = String::new();
    for i in 0..130 {
        bad.push_str(if i % 2 == 0 { "?a" } else { "a?" });
    }
    let other = bad.replace('?', "b") + "x";
    let page = format!(
        "<html><head><title>{bad}</title><meta property=\"og:title\" content=\"{other}\">\
         <meta name=\"twitter:title\" content=\"{bad}y\"></head><body><h1>{other}</h1>\
         <p>The harbour reopened on Monday after the storm, and the ferries ran on time again.</p></body></html>"
    );
    let t = Instant::now();
    let _ = extract_html(page.as_bytes(), &Hints::default());
    assert!(t.elapsed() < Duration::from_secs(5), "took {:?}", t.elapsed());
}

#[test]
fn unclosed_tags_and_invalid_bytes_do_not_panic() {
    let mut page = b"<html><body>".to_vec();
    for _ in 0..20_000 {
        page.extend_from_slice(b"<b><i><p>x");
    }
    page.extend_from_slice(b"\xff\xfe\xc3(<div class='");
    let t = Instant::now();
    let _ = extract_html(&page, &Hints::default());
    assert!(t.elapsed() < Duration::from_secs(30), "took {:?}", t.elapsed());

    for page in [&b"<"[..], b"<html", b"<!--", b"<p", b"</p></p></div>", b"<table><td><td><tr>text here", b"\xc3"] {
        let _ = extract_html(page, &Hints::default());
    }
}

// ---------------------------------------------------------- plain text

fn scraped() -> Article {
    let text = String::from_utf8(fixture("scraped.txt")).unwrap();
    clean_text(&text, &Hints::default()).unwrap()
}

#[test]
fn scraped_text_loses_every_noise_kind() {
    let a = scraped();
    assert_spans_consistent(&a);
    for junk in [
        "New Update",
        "By Ana Lind",
        "Updated: 05 Sep",
        "3 min read",
        "Views: 9",
        "Advertisment",
        "ADVERTISEMENT",
        "author-image",
        "Photo: Port authority",
        "Celebrity chef",
        "glass pavilion",
        "Read more",
        "Black Sea Grain Ukraine",
        "is a reporter for the Coastal Gazette",
        "Legal Disclaimer",
        "without warranty",
    ] {
        assert!(!a.text.contains(junk), "noise kept: {junk}\n---\n{}", a.text);
    }
    // The headline is the title, not the body.
    assert_eq!(a.title.as_deref(), Some("Ministers agree to reopen grain corridor talks"));
    assert_eq!(rule_of(&a, "title"), Some("first-line"));
    assert!(!a.text.contains("Ministers agree to reopen"));
}

#[test]
fn scraped_text_keeps_every_body_paragraph_once() {
    let a = scraped();
    let body = [
        "Ministers from the four Black Sea states agreed on Friday",
        "\"The ships cannot wait for ever, and neither can the farmers",
        "The first round of talks is expected within two weeks",
        "Grain prices fell by three percent",
        "Farmers' groups welcomed the decision",
    ];
    for b in body {
        assert!(a.text.contains(b), "body paragraph lost: {b}\n---\n{}", a.text);
    }
    // The lede and the final quote appear once in the body (the summary may
    // repeat the quote, but it is marked as a summary).
    let body_only: String = paragraphs(&a)
        .into_iter()
        .filter(|(_, k)| *k != ParagraphKind::Summary)
        .map(|(t, _)| t)
        .collect::<Vec<_>>()
        .join("\n\n");
    assert_eq!(body_only.matches("Ministers from the four Black Sea states").count(), 1);
    assert_eq!(body_only.matches("The ships cannot wait for ever").count(), 1);
}

#[test]
fn at_a_glance_summary_is_kept_and_marked() {
    let a = scraped();
    let summary: Vec<String> =
        paragraphs(&a).into_iter().filter(|(_, k)| *k == ParagraphKind::Summary).map(|(t, _)| t).collect();
    assert_eq!(summary.len(), 4, "{summary:?}");
    assert_eq!(summary[0], "At a Glance");
    assert!(summary[3].contains("Talks are due to start"));
}

#[test]
fn scraped_text_metadata() {
    let a = scraped();
    assert_eq!(a.author.as_deref(), Some("Ana Lind"));
    assert_eq!(rule_of(&a, "author"), Some("byline"));
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-09-05"));
    assert_eq!(rule_of(&a, "published"), Some("dateline"));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn wire_dateline_takes_its_year_from_the_text() {
    let text = "KYIV, Sept 5 (Reuters) - Officials said on Friday that the 2025 harvest would be smaller than expected.\n\nThe ministry blamed the dry summer and the fighting near the southern fields.\n";
    let a = clean_text(text, &Hints::default()).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-09-05"));
    assert_eq!(rule_of(&a, "published"), Some("dateline"));
    assert!(a.text.starts_with("KYIV, Sept 5 (Reuters) - Officials"), "the dateline paragraph is body");
}

#[test]
fn textual_datelines_are_parsed() {
    for (line, want) in [
        ("September 5, 2025", "2025-09-05"),
        ("Published Sept. 5, 2025", "2025-09-05"),
        ("Updated: 05 Sep 2025 10:31", "2025-09-05"),
    ] {
        let text =
            format!("{line}\n\nThe council met on Friday and agreed to reopen the old bridge to buses next month.\n");
        let a = clean_text(&text, &Hints::default()).unwrap();
        assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some(want), "{line}");
        assert!(!a.text.contains(line));
    }
}

#[test]
fn hinted_title_is_removed_from_the_body() {
    let hints =
        Hints { title: Some("Bridge reopens".into()), published: Some("2025-02-01".into()), ..Hints::default() };
    let text = "Bridge reopens\n\nThe bridge reopened on Saturday after two years of repairs, the council said.\n\nBridge Reopens\n";
    let a = clean_text(text, &hints).unwrap();
    assert_eq!(a.text, "The bridge reopened on Saturday after two years of repairs, the council said.");
    assert_eq!(rule_of(&a, "published"), Some("hint"));
}

#[test]
fn a_text_of_only_boilerplate_has_no_body() {
    assert!(matches!(
        clean_text("Advertisement\n\nRead more\n\nShow More\n", &Hints::default()),
        Err(DocError::NoBody(_))
    ));
    assert_eq!(clean_text("  \n ", &Hints::default()), Err(DocError::Empty));
}

#[test]
fn verbatim_text_indexes_the_input_exactly() {
    let text = "  Zelenskyy – «Kyiv» said “yes”.\r\n\r\n\nSecond paragraph\nstill second.\n\n   \nThird 日本.  ";
    let hints = Hints { title: Some("T".into()), published: Some("2025-09-05".into()), ..Hints::default() };
    let a = verbatim_text(text, &hints).unwrap();
    assert_eq!(a.text, text);
    let ps: Vec<String> = a.paragraphs.iter().map(|p| a.slice(p.span)).collect();
    assert_eq!(ps, ["Zelenskyy – «Kyiv» said “yes”.", "Second paragraph\nstill second.", "Third 日本."]);
    assert!(a.paragraphs.iter().all(|p| p.kind == ParagraphKind::Body));
    assert_eq!(a.title.as_deref(), Some("T"));
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-09-05"));
    assert_eq!(a.author, None);
}

#[test]
fn sentences_that_look_like_noise_are_kept() {
    let text = "Talks on the harbour resume\n\n\
By Tuesday, the talks had collapsed and both delegations had gone home without a date for the next round.\n\n\
What Happens Next For The Harbour\n\n\
The harbour talks are expected to resume after the storms, and both provinces said the dredging plan was still on the table.\n\n\
Photographs of the meeting show the two delegations sitting apart, at opposite ends of a long harbour-office table.\n\n\
Advertising revenue at the port authority fell by a third last year, the authority's annual report showed.\n\n\
Read the full harbour agreement in both languages on the ministry's website, officials said on Monday.\n";
    let a = clean_text(text, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Talks on the harbour resume"));
    for kept in [
        "By Tuesday, the talks had collapsed",
        "What Happens Next For The Harbour",
        "The harbour talks are expected to resume",
        "Photographs of the meeting",
        "Advertising revenue at the port authority",
        "Read the full harbour agreement",
    ] {
        assert!(a.text.contains(kept), "body lost: {kept}\n---\n{}", a.text);
    }
    assert_eq!(a.author, None, "a sentence starting with 'By' is not a byline");
}

#[test]
fn a_quoted_first_paragraph_is_not_taken_for_the_title() {
    let text =
        "\"We will not sign this,\" the minister said.\n\nThe talks broke up shortly after noon, officials said.\n";
    let a = clean_text(text, &Hints::default()).unwrap();
    assert_eq!(a.title, None);
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let text = "The council met on Friday to discuss the bridge, which has been closed\n\
since the spring floods damaged two of its pillars, leaving drivers with a\n\
detour of almost twenty kilometres through the hills north of the town.\n\n\
A decision is expected next week.\n";
    let a = clean_text(text, &Hints { title: Some("Bridge".into()), ..Hints::default() }).unwrap();
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.text);
    assert!(a.text.contains("closed since the spring floods"));
}

/// A cheap stand-in for fuzzing: truncated and byte-flipped copies of the
/// fixtures must never panic any entry point.
#[test]
fn mutated_inputs_never_panic() {
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for name in ["news_page.html", "plain_page.html", "scraped.txt"] {
        let original = fixture(name);
        for cut in (0..original.len()).step_by(97) {
            let page = &original[..cut];
            let _ = extract_html(page, &Hints::default());
            let text = String::from_utf8_lossy(page);
            let _ = clean_text(&text, &Hints::default());
            let _ = verbatim_text(&text, &Hints::default());
        }
        for _ in 0..60 {
            let mut page = original.clone();
            for _ in 0..8 {
                let at = next() % page.len();
                page[at] = (next() % 256) as u8;
            }
            let _ = extract_html(&page, &Hints::default());
            let text = String::from_utf8_lossy(&page);
            if let Ok(a) = clean_text(&text, &Hints::default()) {
                assert_spans_consistent(&a);
            }
        }
    }
}

/// Golden test: every fixture's full result (metadata, rules, paragraphs
/// with kinds) against `<fixture>.expected.json`. After an intended change,
/// regenerate with `UPDATE_EXPECT=1 cargo test -p storyline-extract golden`
/// and review the diff.
#[test]
fn golden_fixtures() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") || n.ends_with(".txt"))
        .collect();
    names.sort();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for name in names {
        let bytes = fixture(&name);
        let result = if name.ends_with(".html") {
            extract_html(&bytes, &Hints::default())
        } else {
            clean_text(&String::from_utf8(bytes).unwrap(), &Hints::default())
        };
        let got = match result {
            Ok(a) => serde_json::json!({
                "title": a.title,
                "outlet": a.outlet,
                "author": a.author,
                "published": a.published,
                "modified": a.modified,
                "language": a.language,
                "url": a.url,
                "rules": a.rules,
                "warnings": a.warnings,
                "paragraphs": a.paragraphs.iter().map(|p| serde_json::json!([p.kind, a.slice(p.span)])).collect::<Vec<_>>(),
            }),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        };
        let got = serde_json::to_string_pretty(&got).unwrap() + "\n";
        let path = format!("{dir}/{name}.expected.json");
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            failures.push(format!("{name}: differs from {path}\n--- got:\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}\n(UPDATE_EXPECT=1 to accept)", failures.join("\n"));
}

#[test]
fn a_logo_h1_does_not_become_the_title() {
    let page = br#"<html><head><meta property="og:title" content="Ferry strike ends after two days | Daily Planet">
        <meta property="og:site_name" content="Daily Planet"></head><body>
        <header><h1>Daily Planet</h1></header>
        <article><p>The ferry strike ended on Sunday after the union and the operator agreed on new night-shift rules for the crews.</p></article>
        </body></html>"#;
    let a = extract_html(page, &Hints::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Ferry strike ends after two days"));
    assert_eq!(rule_of(&a, "title"), Some("og:title"));
}

#[test]
fn closing_calls_to_action_are_dropped() {
    let page = br#"<html><body><div class="story">
        <p>The night ferry will run again from Monday, the operator said, after a month of repairs to its engines.</p>
        <p>Tickets bought for cancelled crossings will be refunded in full, a spokeswoman added on Friday.</p>
        <p>Sign up for our morning newsletter to get the coast's news in your inbox.</p>
        </div></body></html>"#;
    let a = extract_html(page, &Hints::default()).unwrap();
    assert_eq!(a.paragraphs.len(), 2, "{}", a.text);
    assert!(a.text.ends_with("a spokeswoman added on Friday."));
}

#[test]
fn closing_credit_lines_are_dropped() {
    let page = br#"<html><body><div class="story">
        <p>The night ferry will run again from Monday, the operator said, after a month of repairs to its engines.</p>
        <p>Tickets bought for cancelled crossings will be refunded in full, a spokeswoman added on Friday.</p>
        <p>Ana Lind contributed reporting from the harbour.</p>
        </div></body></html>"#;
    let a = extract_html(page, &Hints::default()).unwrap();
    assert!(!a.text.contains("contributed reporting"), "{}", a.text);
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn near_repeats_of_the_lede_are_dropped() {
    let text = "Harbour deal signed\n\n\
The two provinces signed the harbour agreement on Friday after seven months\n\n\
The two provinces signed the harbour agreement on Friday after seven months of talks, ending a dispute over dredging costs that had idled the fishing fleet.\n\n\
The agreement takes effect next month and will be reviewed every two years by a joint commission of both provinces.\n\n\
The two provinces signed the harbour agreement on Thursday after seven months of talks, ending a dispute over dredging costs that had idled the fishing fleet.\n";
    let a = clean_text(text, &Hints::default()).unwrap();
    assert_eq!(a.paragraphs.len(), 2, "{}", a.text);
    assert!(a.text.starts_with("The two provinces signed the harbour agreement on Friday after seven months of talks"));
}

#[test]
fn long_scraped_texts_stay_fast() {
    let mut text = String::from("A long log of harbour notices\n\n");
    for i in 0..20_000 {
        text.push_str(&format!("Notice {i} Harbour Berth Closed\nBerth {i} is closed for repairs until further notice, the harbour office said.\n\n"));
    }
    let t = Instant::now();
    let a = clean_text(&text, &Hints::default()).unwrap();
    assert!(t.elapsed() < Duration::from_secs(20), "took {:?}", t.elapsed());
    assert!(a.paragraphs.len() > 1000);
}

#[test]
fn a_yearless_dateline_takes_the_year_of_a_dated_file_name() {
    let text = "Dam \"consistent\" with 1998 treaty, minister says\n\nVELIHRAD, March 6 (Meridian Wire) - The 1998 treaty \
                allows the dam, the minister said on Thursday, citing the 1998 text and a 1998 annex.\n\nThe talks go on.";
    let hints = Hints { file_name: Some("2025-03-06-wire.txt".into()), ..Hints::default() };
    let a = storyline_extract::clean_text(text, &hints).unwrap();
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2025-03-06"));
    let guessed = storyline_extract::clean_text(text, &Hints::default()).unwrap();
    assert_eq!(
        guessed.published.map(|d| d.to_string()).as_deref(),
        Some("1998-03-06"),
        "without a file name the year is a guess"
    );
}
