//! Fetching pages and feeds over HTTP(S), politely and safely.
//!
//! - Refuses loopback, private, link-local and other non-public addresses
//!   unless `allow_private` is set. The check runs inside the resolver the
//!   HTTP client connects with, so redirects and DNS rebinding cannot
//!   bypass it.
//! - Honours robots.txt (`User-agent: *` or `storyline`, longest-match
//!   Allow/Disallow), waits `delay` between two requests to the same host,
//!   times out, and caps the body size.
//! - A fetched feed yields its entries; entries without a body have their
//!   link fetched in turn.
//! - For `watch`: [`Fetcher::poll`] makes a feed request conditional on the
//!   previous response's validators (ETag, Last-Modified), and
//!   [`Fetcher::fetch_page`] says whether a failed page is worth retrying.

pub use crate::feed::{WatchEntry, watch_entries};

use crate::{IngestError, IngestStats, Item};
use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use storyline_model::{Hints, Origin, Payload, RawDoc};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

#[derive(Clone, Debug)]
pub struct FetchOptions {
    pub allow_private: bool,
    pub timeout: Duration,
    pub max_bytes: u64,
    /// Minimum time between two requests to one host.
    pub delay: Duration,
    pub respect_robots: bool,
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            allow_private: false,
            timeout: Duration::from_secs(20),
            max_bytes: 16 << 20,
            delay: Duration::from_secs(1),
            respect_robots: true,
            user_agent: concat!("storyline/", env!("CARGO_PKG_VERSION"), " (news analysis; +robots.txt)").into(),
        }
    }
}

/// True for addresses that are not on the public internet.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])) // carrier-grade NAT
                || (o[0] == 198 && (o[1] == 18 || o[1] == 19)) // benchmarking
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link local
                || s[0] == 0x2001 && s[1] == 0x0db8 // documentation
        }
    }
}

/// The resolver every connection goes through: the default lookup, then
/// the address policy.
#[derive(Debug)]
struct GuardedResolver {
    allow_private: bool,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = DefaultResolver::default().resolve(uri, config, timeout)?;
        if !self.allow_private
            && let Some(bad) = addrs.iter().find(|a| is_private(a.ip()))
        {
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "refusing to fetch {} at non-public address {} (use --allow-private)",
                    uri.host().unwrap_or(""),
                    bad.ip()
                ),
            )));
        }
        Ok(addrs)
    }
}

/// Robots rules for one host: (allow, path prefix) for our user agent.
#[derive(Clone, Debug, Default)]
struct Robots {
    rules: Vec<(bool, String)>,
}

impl Robots {
    fn parse(text: &str) -> Robots {
        // Groups for `*` and for `storyline`; the specific one wins when present.
        let (mut star, mut ours) = (Vec::new(), Vec::new());
        let (mut agents, mut in_rules): (Vec<String>, bool) = (Vec::new(), false);
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((k, v)) = line.split_once(':') else { continue };
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(v.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if v.is_empty() {
                        continue;
                    }
                    let rule = (k == "allow", v.to_string());
                    if agents.iter().any(|a| a == "storyline") {
                        ours.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots { rules: if ours.is_empty() { star } else { ours } }
    }

    fn allows(&self, path: &str) -> bool {
        self.rules
            .iter()
            .filter(|(_, prefix)| path.starts_with(prefix.trim_end_matches('*')))
            .max_by_key(|(allow, prefix)| (prefix.len(), *allow))
            .is_none_or(|(allow, _)| *allow)
    }
}

/// A polite, guarded HTTP client for pages and feeds.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    last_request: HashMap<String, Instant>,
    robots: HashMap<String, Robots>,
    stats: Arc<IngestStats>,
}

/// A successful response.
pub struct Fetched {
    pub url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// What to send back next time to learn cheaply whether it changed.
    pub validators: Validators,
}

/// Cache validators of a response (`ETag`, `Last-Modified`), sent back as
/// `If-None-Match` / `If-Modified-Since` so an unchanged resource costs a 304
/// and no body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The answer to a conditional GET.
pub enum Conditional {
    /// 304: the resource is as it was when the validators were issued.
    NotModified,
    Modified(Fetched),
}

/// What became of one article page.
pub enum PageOutcome {
    Doc(Box<RawDoc>),
    /// Fetched, but not an article (an image, a PDF): counted in the stats.
    Skipped,
    /// `retry` is true when a later attempt may succeed (timeouts, refused
    /// connections, 408, 429, 5xx); false for 404, robots.txt, size caps.
    Failed {
        error: IngestError,
        retry: bool,
    },
}

/// A failed request and whether trying again later could help.
struct Failed {
    error: IngestError,
    retry: bool,
}

impl Failed {
    fn permanent(error: IngestError) -> Failed {
        Failed { error, retry: false }
    }
}

/// Transport failures that may pass: the network, not the request, is at fault.
fn transient(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Io(io) => io.kind() != std::io::ErrorKind::PermissionDenied,
        ureq::Error::Timeout(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BodyStalled
        | ureq::Error::Protocol(_) => true,
        _ => false,
    }
}

/// Only visible ASCII goes back into a request header.
fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 1024)
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .max_redirects(5)
            .user_agent(opts.user_agent.as_str())
            .http_status_as_error(false)
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            DefaultConnector::default(),
            GuardedResolver { allow_private: opts.allow_private },
        );
        Fetcher { agent, opts, last_request: HashMap::new(), robots: HashMap::new(), stats: Arc::default() }
    }

    pub fn stats(&self) -> Arc<IngestStats> {
        Arc::clone(&self.stats)
    }

    fn origin(url: &str) -> Origin {
        Origin { url: Some(url.to_string()), ..Origin::default() }
    }

    fn host_key(uri: &ureq::http::Uri) -> String {
        format!("{}://{}", uri.scheme_str().unwrap_or("http"), uri.authority().map(|a| a.as_str()).unwrap_or(""))
    }

    /// Waits out the per-host delay, then performs a GET.
    fn get(&mut self, url: &str) -> Result<Fetched, IngestError> {
        match self.request(url, None) {
            Ok(Conditional::Modified(f)) => Ok(f),
            Ok(Conditional::NotModified) => {
                Err(IngestError::Fetch { origin: Self::origin(url), msg: "HTTP status 304 to a plain GET".into() })
            }
            Err(f) => Err(f.error),
        }
    }

    /// A GET, conditional when `validators` are given: waits out the
    /// per-host delay, caps the body, and keeps the response's validators.
    fn request(&mut self, url: &str, validators: Option<&Validators>) -> Result<Conditional, Failed> {
        let origin = Self::origin(url);
        let uri: ureq::http::Uri = url.parse().map_err(|e| {
            Failed::permanent(IngestError::Fetch { origin: origin.clone(), msg: format!("bad URL: {e}") })
        })?;
        if !matches!(uri.scheme_str(), Some("http") | Some("https")) {
            return Err(Failed::permanent(IngestError::Fetch {
                origin,
                msg: "only http and https URLs can be fetched".into(),
            }));
        }
        let host = Self::host_key(&uri);
        if let Some(last) = self.last_request.get(&host) {
            let wait = self.opts.delay.saturating_sub(last.elapsed());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
        self.last_request.insert(host, Instant::now());
        let mut req = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header("If-None-Match", etag.as_str());
            }
            if let Some(date) = &v.last_modified {
                req = req.header("If-Modified-Since", date.as_str());
            }
        }
        let mut resp = req.call().map_err(|e| Failed {
            retry: transient(&e),
            error: IngestError::Fetch { origin: origin.clone(), msg: e.to_string() },
        })?;
        let status = resp.status().as_u16();
        if status == 304 && validators.is_some_and(|v| !v.is_empty()) {
            return Ok(Conditional::NotModified);
        }
        if status != 200 {
            return Err(Failed {
                error: IngestError::Fetch { origin, msg: format!("HTTP status {status}") },
                retry: status == 408 || status == 429 || status >= 500,
            });
        }
        let content_type = header(&resp, "content-type");
        let validators = Validators { etag: header(&resp, "etag"), last_modified: header(&resp, "last-modified") };
        let mut body = Vec::new();
        let limit = self.opts.max_bytes;
        resp.body_mut().as_reader().take(limit + 1).read_to_end(&mut body).map_err(|e| Failed {
            error: IngestError::Fetch { origin: origin.clone(), msg: e.to_string() },
            retry: true,
        })?;
        if body.len() as u64 > limit {
            return Err(Failed::permanent(IngestError::TooLarge { origin, size: body.len() as u64, limit }));
        }
        Ok(Conditional::Modified(Fetched { url: url.to_string(), content_type, body, validators }))
    }

    /// Whether robots.txt lets us fetch `url` (fetched once per host; a
    /// missing or unreadable robots.txt allows everything).
    fn robots_allow(&mut self, url: &str) -> bool {
        if !self.opts.respect_robots {
            return true;
        }
        let Ok(uri) = url.parse::<ureq::http::Uri>() else { return true };
        let host = Self::host_key(&uri);
        if !self.robots.contains_key(&host) {
            let rules = match self.get(&format!("{host}/robots.txt")) {
                Ok(f) => Robots::parse(&String::from_utf8_lossy(&f.body)),
                Err(_) => Robots::default(),
            };
            self.robots.insert(host.clone(), rules);
        }
        let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        self.robots[&host].allows(path)
    }

    /// Fetches one URL: a page becomes one document, a feed its entries
    /// (entries without text are fetched from their link).
    pub fn fetch(&mut self, url: &str) -> Vec<Item> {
        if !self.robots_allow(url) {
            return vec![Err(IngestError::Fetch { origin: Self::origin(url), msg: "disallowed by robots.txt".into() })];
        }
        let fetched = match self.get(url) {
            Ok(f) => f,
            Err(e) => return vec![Err(e)],
        };
        let ct = fetched.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let format = crate::Format::sniff(url.rsplit('/').next().unwrap_or(""), &fetched.body);
        let origin = Self::origin(&fetched.url);
        if format == crate::Format::Feed || ct.contains("rss") || ct.contains("atom") {
            let mut out = Vec::new();
            let entries = crate::feed::read_feed(&fetched.body, origin, &Arc::new(IngestStats::default()));
            let links = crate::feed::entry_links_without_body(&fetched.body);
            out.extend(entries);
            for link in links {
                out.extend(self.fetch(&link));
            }
            return out;
        }
        match self.page_doc(fetched, None) {
            Some(doc) => vec![Ok(doc)],
            None => Vec::new(),
        }
    }

    /// A fetched page as a document, or `None` (counted) when it is not text or HTML.
    fn page_doc(&self, fetched: Fetched, outlet: Option<&str>) -> Option<RawDoc> {
        let ct = fetched.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        let format = crate::Format::sniff(fetched.url.rsplit('/').next().unwrap_or(""), &fetched.body);
        if format == crate::Format::Binary || !(ct.is_empty() || ct.contains("html") || ct.contains("text")) {
            self.stats.skipped_records.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        let charset =
            ct.split(';').find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches('"').to_string()));
        let hints =
            Hints { url: Some(fetched.url.clone()), charset, outlet: outlet.map(str::to_string), ..Hints::default() };
        let origin = Self::origin(&fetched.url);
        Some(RawDoc { origin, external_id: None, hints, payload: Payload::Html(fetched.body) })
    }

    /// Polls a feed: robots.txt, then a GET made conditional by the
    /// validators of the previous poll (none on the first).
    pub fn poll(&mut self, url: &str, validators: &Validators) -> Result<Conditional, IngestError> {
        if !self.robots_allow(url) {
            return Err(IngestError::Fetch { origin: Self::origin(url), msg: "disallowed by robots.txt".into() });
        }
        self.request(url, Some(validators)).map_err(|f| f.error)
    }

    /// Fetches one article page (robots.txt, delay, caps) as a document.
    /// `outlet`, when given, is the outlet recorded for it.
    pub fn fetch_page(&mut self, url: &str, outlet: Option<&str>) -> PageOutcome {
        if !self.robots_allow(url) {
            let error = IngestError::Fetch { origin: Self::origin(url), msg: "disallowed by robots.txt".into() };
            return PageOutcome::Failed { error, retry: false };
        }
        match self.request(url, None) {
            Ok(Conditional::Modified(f)) => match self.page_doc(f, outlet) {
                Some(doc) => PageOutcome::Doc(Box::new(doc)),
                None => PageOutcome::Skipped,
            },
            Ok(Conditional::NotModified) => PageOutcome::Skipped,
            Err(Failed { error, retry }) => PageOutcome::Failed { error, retry },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn robots_rules_use_the_longest_match() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /private\nAllow: /private/press\n\nUser-agent: otherbot\nDisallow: /\n",
        );
        assert!(r.allows("/news/1"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/press/release"));
        let ours = Robots::parse("User-agent: *\nDisallow: /\n\nUser-agent: storyline\nDisallow: /drafts\n");
        assert!(ours.allows("/news"), "our own group wins over *");
        assert!(!ours.allows("/drafts/1"));
    }
}
