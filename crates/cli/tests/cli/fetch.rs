//! `storyline fetch` against a real HTTP server on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

const PAGE: &str = r#"<html><head><title>Dam talks resume | Coastal Courier</title>
<meta property="og:site_name" content="Coastal Courier"><meta property="article:published_time" content="2025-03-04"></head>
<body><article><h1>Dam talks resume</h1><p>Negotiators met on Tuesday for a third round of talks on the dam, officials said, and agreed to meet again within a week.</p>
<p>"We expect a written proposal by Friday," spokesperson Dmytro Savchuk told reporters after the meeting in the capital.</p></article></body></html>"#;

const LINKED: &str = r#"<html><head><title>Reservoir level falls</title></head><body><article><h1>Reservoir level falls</h1>
<p>The reservoir fell by two metres this week, engineers said on Saturday, the lowest level recorded in a decade.</p>
<p>"It is the lowest level in a decade," said chief engineer Marta Kovalenko, adding that the spring rains had failed.</p></article></body></html>"#;

/// Serves fixed pages until the test process ends; returns the base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Coastal Courier</title>
        <item><title>Talks update</title><link>{base}/talks</link><guid>cc-1</guid><pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate>
        <description>&lt;p&gt;The river council said on Wednesday that the talks would continue next week in the capital, after both delegations asked for more time to study the maps.&lt;/p&gt;</description></item>
        <item><title>Reservoir level falls</title><link>{base}/linked.html</link><guid>cc-2</guid></item>
        </channel></rss>"#
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers.
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, ctype, body) = match path.as_str() {
                "/robots.txt" => ("200 OK", "text/plain", "User-agent: *\nDisallow: /private\n".to_string()),
                "/article.html" => ("200 OK", "text/html; charset=utf-8", PAGE.to_string()),
                "/linked.html" => ("200 OK", "text/html; charset=utf-8", LINKED.to_string()),
                "/private/secret.html" => ("200 OK", "text/html", PAGE.to_string()),
                "/feed.xml" => ("200 OK", "application/rss+xml", feed.clone()),
                _ => ("404 Not Found", "text/plain", "not found".to_string()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn loopback_is_refused_unless_allowed() {
    let base = serve();
    let tmp = tempfile::tempdir().unwrap();
    let out = super::run(&["fetch", &format!("{base}/article.html"), "--db", "f.db"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("non-public address"), "{err}");
    assert_eq!(super::jsonl(&super::run(&["articles", "--db", "f.db", "--format", "jsonl"], tmp.path())).len(), 0);
}

#[test]
fn pages_and_feeds_are_fetched_politely() {
    let base = serve();
    let tmp = tempfile::tempdir().unwrap();
    let args = |url: &str| -> Vec<String> {
        ["fetch", url, "--db", "f.db", "--allow-private", "--delay", "0"].iter().map(|s| s.to_string()).collect()
    };
    let run = |url: &str| super::bin().args(args(url)).current_dir(tmp.path()).output().unwrap();
    let page = run(&format!("{base}/article.html"));
    assert_eq!(page.status.code(), Some(0), "{}", String::from_utf8_lossy(&page.stderr));
    let feed = run(&format!("{base}/feed.xml"));
    assert_eq!(feed.status.code(), Some(0), "{}", String::from_utf8_lossy(&feed.stderr));
    let blocked = run(&format!("{base}/private/secret.html"));
    assert_eq!(blocked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("robots.txt"));

    let articles = super::jsonl(&super::run(&["articles", "--db", "f.db", "--format", "jsonl"], tmp.path()));
    let titles: Vec<&str> = articles.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(articles.len(), 3, "the page, the feed entry with text, and the linked page: {titles:?}");
    assert!(titles.contains(&"Dam talks resume"));
    assert!(titles.contains(&"Talks update"));
    assert!(titles.contains(&"Reservoir level falls"), "a link-only feed entry is fetched");
    let page = articles.iter().find(|a| a["title"] == "Dam talks resume").unwrap();
    assert_eq!(page["url"], format!("{base}/article.html"));
    assert_eq!(page["outlet"], "Coastal Courier");
}
