//! `storyline watch` against a local HTTP server whose feeds answer
//! conditional requests, as real feeds do.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    status: u16,
}

/// What the server serves; tests change it between rounds.
#[derive(Default)]
struct Site {
    /// Pages listed by /courier.xml (ETag validator), as numbers.
    courier: Vec<u32>,
    /// Pages listed by /ledger.xml (Last-Modified validator only).
    ledger: Vec<u32>,
    /// Pages that answer 503 this many more times before they work.
    flaky: Vec<(u32, u32)>,
    log: Vec<Seen>,
}

type Shared = Arc<Mutex<Site>>;

fn page(n: u32) -> String {
    let town = ["Vyshhorod", "Northgate", "Saltmarsh", "Kelvedon", "Ashby", "Marrow"][n as usize % 6];
    format!(
        r#"<html><head><title>Report {n} from {town}</title><meta property="og:site_name" content="Coastal Courier">
<meta property="article:published_time" content="2025-03-{day:02}"></head><body><article><h1>Report {n} from {town}</h1>
<p>The council of {town} met on Tuesday for round {n} of its talks on the river dam, officials said, and agreed to meet again within a week.</p>
<p>"Round {n} settled the quotas for {town}," council chair Irena Volkova told reporters after the meeting, adding that the minutes were signed.</p>
<p>Farmers near {town} have complained for months that the reservoir is held too high during spring number {n}.</p></article></body></html>"#,
        day = 1 + n % 28
    )
}

fn rss(base: &str, title: &str, pages: &[u32]) -> String {
    let items: String = pages
        .iter()
        .map(|n| {
            let link = if *n == 404 { format!("{base}/missing.html") } else { format!("{base}/p/{n}.html") };
            format!("<item><title>Item {n}</title><link>{link}</link><guid>{title}-{n}</guid></item>")
        })
        .collect();
    format!(r#"<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>"#)
}

/// Serves `site` until the test process ends; returns the base URL.
fn serve(site: Shared) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let base2 = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let (mut inm, mut ims) = (None, None);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    match k.trim().to_ascii_lowercase().as_str() {
                        "if-none-match" => inm = Some(v.trim().to_string()),
                        "if-modified-since" => ims = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut site = site.lock().unwrap();
            let mut headers = String::new();
            let (status, ctype, body) = match path.as_str() {
                "/robots.txt" => (200, "text/plain", "User-agent: *\nDisallow: /private\n".to_string()),
                "/courier.xml" => {
                    let etag = format!("\"v{}\"", site.courier.len());
                    headers = format!("ETag: {etag}\r\n");
                    if inm.as_deref() == Some(etag.as_str()) {
                        (304, "application/rss+xml", String::new())
                    } else {
                        (200, "application/rss+xml", rss(&base2, "Coastal Courier", &site.courier))
                    }
                }
                "/ledger.xml" => {
                    let date = format!("Mon, 0{} Mar 2025 08:00:00 GMT", site.ledger.len());
                    headers = format!("Last-Modified: {date}\r\n");
                    if ims.as_deref() == Some(date.as_str()) {
                        (304, "application/rss+xml", String::new())
                    } else {
                        (200, "application/rss+xml", rss(&base2, "Baltic Ledger", &site.ledger))
                    }
                }
                "/broken.xml" => (200, "application/rss+xml", "<rss><channel><item><title>cut off".to_string()),
                p if p.starts_with("/p/") => {
                    let n: u32 = p[3..].trim_end_matches(".html").parse().unwrap_or(0);
                    match site.flaky.iter_mut().find(|(m, left)| *m == n && *left > 0) {
                        Some((_, left)) => {
                            *left -= 1;
                            (503, "text/plain", "try later".to_string())
                        }
                        None => (200, "text/html; charset=utf-8", page(n)),
                    }
                }
                _ => (404, "text/plain", "not found".to_string()),
            };
            site.log.push(Seen { path: path.clone(), if_none_match: inm, if_modified_since: ims, status });
            drop(site);
            let reason = match status {
                200 => "OK",
                304 => "Not Modified",
                404 => "Not Found",
                _ => "Service Unavailable",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn feeds_file(dir: &Path, base: &str, names: &[&str]) {
    let mut toml = String::from("interval = \"1h\"\n");
    for name in names {
        toml.push_str(&format!("\n[[feed]]\nurl = \"{base}/{name}.xml\"\nname = \"{name}\"\n"));
    }
    std::fs::write(dir.join("feeds.toml"), toml).unwrap();
}

fn watch_once(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["watch", "feeds.toml", "--db", "w.db", "--once", "--delay", "0"];
    args.extend_from_slice(extra);
    super::run(&args, dir)
}

/// Requests since the last call.
fn take_log(site: &Shared) -> Vec<Seen> {
    std::mem::take(&mut site.lock().unwrap().log)
}

fn pages_fetched(log: &[Seen]) -> Vec<String> {
    let mut p: Vec<String> = log.iter().filter(|s| s.path.ends_with(".html")).map(|s| s.path.clone()).collect();
    p.sort();
    p
}

fn article_urls(dir: &Path) -> Vec<String> {
    let mut urls: Vec<String> = super::jsonl(&super::run(&["articles", "--db", "w.db", "--format", "jsonl"], dir))
        .iter()
        .map(|a| a["url"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    urls.sort();
    urls
}

#[test]
fn polls_are_conditional_and_only_new_entries_are_fetched() {
    let site: Shared = Arc::default();
    {
        let mut s = site.lock().unwrap();
        s.courier = vec![1, 2, 404];
        s.ledger = vec![3];
    }
    let base = serve(Arc::clone(&site));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    feeds_file(dir, &base, &["courier", "ledger", "broken"]);

    // Round 1: every entry's page is fetched once and stored; the broken feed
    // and the missing page are reported, and the other feeds are not held up.
    let out = watch_once(dir, &["--allow-private"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a feed and a page failed:\n{err}");
    assert!(err.contains("broken"), "the broken feed is named:\n{err}");
    let log = take_log(&site);
    assert_eq!(pages_fetched(&log), ["/missing.html", "/p/1.html", "/p/2.html", "/p/3.html"]);
    assert_eq!(article_urls(dir), ["1.html", "2.html", "3.html"]);
    let failures = super::jsonl(&super::run(&["failures", "--db", "w.db", "--format", "jsonl"], dir));
    let origins: Vec<&str> = failures.iter().filter_map(|f| f["origin"].as_str()).collect();
    assert!(origins.iter().any(|o| o.ends_with("/broken.xml")), "{origins:?}");
    assert!(origins.iter().any(|o| o.ends_with("/missing.html")), "{origins:?}");

    // Round 2, a new process: both feeds are asked conditionally, answer 304,
    // and nothing is fetched or stored again.
    let out = watch_once(dir, &["--allow-private"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let log = take_log(&site);
    let courier = log.iter().find(|s| s.path == "/courier.xml").expect("courier polled");
    assert_eq!(courier.if_none_match.as_deref(), Some("\"v3\""));
    assert_eq!(courier.status, 304);
    let ledger = log.iter().find(|s| s.path == "/ledger.xml").expect("ledger polled");
    assert_eq!(ledger.if_modified_since.as_deref(), Some("Mon, 01 Mar 2025 08:00:00 GMT"));
    assert_eq!(ledger.status, 304);
    assert!(pages_fetched(&log).is_empty(), "nothing refetched: {log:?}");
    assert!(err.contains("courier: not modified"), "{err}");
    assert_eq!(article_urls(dir), ["1.html", "2.html", "3.html"], "nothing duplicated");

    // A new entry appears: only its page is fetched.
    site.lock().unwrap().courier.push(4);
    let out = watch_once(dir, &["--allow-private"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("courier: 1 new of 4 entries"), "{err}");
    assert_eq!(pages_fetched(&take_log(&site)), ["/p/4.html"]);
    assert_eq!(article_urls(dir), ["1.html", "2.html", "3.html", "4.html"]);
}

#[test]
fn a_page_that_may_work_later_is_retried_on_the_next_poll() {
    let site: Shared = Arc::default();
    {
        let mut s = site.lock().unwrap();
        s.courier = vec![7, 8];
        s.flaky = vec![(8, 1)];
    }
    let base = serve(Arc::clone(&site));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    feeds_file(dir, &base, &["courier"]);

    let out = watch_once(dir, &["--allow-private"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(article_urls(dir), ["7.html"]);
    take_log(&site);

    let out = watch_once(dir, &["--allow-private"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let log = take_log(&site);
    let courier = log.iter().find(|s| s.path == "/courier.xml").unwrap();
    assert_eq!(courier.status, 200, "the feed is read again in full while an entry is pending");
    assert_eq!(pages_fetched(&log), ["/p/8.html"], "only the failed page is fetched again");
    assert_eq!(article_urls(dir), ["7.html", "8.html"]);
    let failures = super::jsonl(&super::run(&["failures", "--db", "w.db", "--format", "jsonl"], dir));
    assert!(failures.is_empty(), "the retried page's failure is cleared: {failures:?}");

    let _ = watch_once(dir, &["--allow-private"]);
    let log = take_log(&site);
    assert_eq!(log.iter().find(|s| s.path == "/courier.xml").unwrap().status, 304, "then the feed is settled");
}

#[test]
fn private_addresses_are_refused_without_allow_private() {
    let site: Shared = Arc::default();
    site.lock().unwrap().courier = vec![1];
    let base = serve(Arc::clone(&site));
    let tmp = tempfile::tempdir().unwrap();
    feeds_file(tmp.path(), &base, &["courier"]);
    let out = watch_once(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("non-public address"), "{err}");
    assert!(take_log(&site).is_empty(), "no request reached the server");
    assert!(article_urls(tmp.path()).is_empty());
}

#[test]
fn a_bad_feeds_file_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("feeds.toml"), "[[feed]]\nurl = \"https://a.example/rss\"\nevery = \"5m\"\n")
        .unwrap();
    let out = watch_once(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feeds.toml") && err.contains("every"), "{err}");
    assert_eq!(super::run(&["watch", "missing.toml", "--once"], tmp.path()).status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_watcher_cleanly_between_polls() {
    let site: Shared = Arc::default();
    site.lock().unwrap().courier = vec![5];
    let base = serve(Arc::clone(&site));
    let tmp = tempfile::tempdir().unwrap();
    feeds_file(tmp.path(), &base, &["courier"]);
    let mut child = super::bin()
        .args(["watch", "feeds.toml", "--db", "w.db", "--delay", "0", "--allow-private"])
        .current_dir(tmp.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first round to store its article, then ask it to stop while it sleeps.
    let started = Instant::now();
    while article_urls(tmp.path()).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60), "the first round never finished");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if stopped.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the watcher did not stop within 10 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("watch stopped"));
    assert_eq!(article_urls(tmp.path()), ["5.html"]);
}
