//! `storyline watch FEEDS.toml`: polls RSS/Atom feeds and analyses each new
//! entry's page into the database, through the same pipeline as `fetch`.
//!
//! A feed request is conditional on the validators (ETag, Last-Modified) of
//! the last complete poll, so an unchanged feed costs a 304. Which entries
//! have been handled is kept in the database (`feeds`, `feed_items`), and is
//! written only after the round's articles are stored: a killed or restarted
//! watcher fetches again at worst what it had not finished, and the pipeline
//! skips articles it already holds. A page that failed in a way that may pass
//! (timeout, 5xx) keeps its feed's old validators, so the next poll sees the
//! entry again and retries it, up to [`MAX_ATTEMPTS`] times.

use crate::pipeline::{self, RunOptions, Source};
use anyhow::Context as _;
use clap::Args;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use storyline_ingest::fetch::{Conditional, Fetcher, PageOutcome, Validators, WatchEntry};
use storyline_ingest::{IngestStats, Item};
use storyline_store::{FeedItem, FeedValidators, Store};

/// Tries at a page whose failures may pass (timeouts, 5xx) before giving up on it.
pub const MAX_ATTEMPTS: u32 = 3;

/// Used when neither the feed, `--interval`, nor the file says how often.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// The long help of `storyline watch`, with the FEEDS.toml format.
pub const HELP: &str = "\
Poll RSS/Atom feeds listed in FEEDS.toml and analyse every new entry's page into the database.

Each feed is polled with a conditional GET (If-None-Match / If-Modified-Since), so an unchanged
feed costs a 304. Only entries not seen before have their page fetched (robots.txt, per-host
delay, timeouts and size caps as in `fetch`); entries with text but no link are analysed from
the feed itself. Seen entries and validators are kept in the database, so a restart fetches
nothing twice. A broken feed or page is reported and recorded in `storyline failures`; the
other feeds go on. Ctrl-C or SIGTERM stops after the current step (a second Ctrl-C at once).
With --once, one round is made and the exit code is 0 if everything worked, else 1.

FEEDS.toml:

    interval = \"15m\"                # default time between polls of a feed (optional)

    [[feed]]
    url = \"https://example.org/world/rss.xml\"
    name = \"Example world\"          # label in messages (optional; default: the URL)
    outlet = \"Example News\"         # outlet recorded for its articles (optional;
                                    #   default: what each page says)
    interval = \"5m\"                 # this feed's own interval (optional)

Intervals are seconds (\"90\", 90) or a number with a unit: \"30s\", \"15m\", \"2h\", \"1h30m\", \"1d\".
A feed's own interval wins over --interval, which wins over the file's.";

/// Arguments of `storyline watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// The feeds to poll (TOML; see above).
    feeds: PathBuf,
    #[command(flatten)]
    db: crate::DbArg,
    /// Poll every feed once, process new entries, and exit (for tests and cron).
    #[arg(long)]
    once: bool,
    /// Time between two polls of a feed, unless the feed sets its own (e.g. 10m, 1h).
    #[arg(long, value_parser = parse_interval_arg)]
    interval: Option<Duration>,
    #[command(flatten)]
    fetch: crate::FetchArgs,
    /// Alias rules (TOML) forcing entity merges and splits, as for `analyze`.
    #[arg(long, env = "STORYLINE_ALIASES")]
    aliases: Option<PathBuf>,
    /// Print only failures.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// FEEDS.toml as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct WatchConfig {
    interval: Option<IntervalSpec>,
    #[serde(default, rename = "feed")]
    feeds: Vec<FeedConfig>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FeedConfig {
    url: String,
    name: Option<String>,
    outlet: Option<String>,
    interval: Option<IntervalSpec>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum IntervalSpec {
    Seconds(u64),
    Text(String),
}

impl IntervalSpec {
    fn duration(&self) -> Result<Duration, String> {
        match self {
            IntervalSpec::Seconds(0) => Err("an interval must be at least one second".into()),
            IntervalSpec::Seconds(s) => Ok(Duration::from_secs(*s)),
            IntervalSpec::Text(t) => parse_interval(t),
        }
    }
}

/// One feed, ready to poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    pub url: String,
    /// How messages name it.
    pub label: String,
    pub outlet: Option<String>,
    pub interval: Duration,
}

impl WatchConfig {
    pub fn parse(text: &str) -> anyhow::Result<WatchConfig> {
        Ok(toml::from_str(text)?)
    }

    /// Checks the file and resolves every feed's interval (`cli_interval` is `--interval`).
    pub fn build(self, cli_interval: Option<Duration>) -> anyhow::Result<Vec<Feed>> {
        let file_interval =
            self.interval.map(|i| i.duration()).transpose().map_err(|e| anyhow::anyhow!("interval: {e}"))?;
        let default = cli_interval.or(file_interval).unwrap_or(DEFAULT_INTERVAL);
        if self.feeds.is_empty() {
            anyhow::bail!("no feeds: add a [[feed]] table with a url");
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(self.feeds.len());
        for (i, f) in self.feeds.into_iter().enumerate() {
            let url = f.url.trim().to_string();
            let rest = ["http://", "https://"]
                .iter()
                .find(|p| url.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
                .map(|p| &url[p.len()..]);
            if rest.is_none_or(|r| r.starts_with('/') || r.is_empty() || r.contains(char::is_whitespace)) {
                anyhow::bail!("feed {}: `{url}` is not an http(s) URL", i + 1);
            }
            if !seen.insert(url.clone()) {
                anyhow::bail!("feed {}: {url} is listed twice", i + 1);
            }
            let interval = match &f.interval {
                Some(spec) => spec.duration().map_err(|e| anyhow::anyhow!("feed {} ({url}): interval: {e}", i + 1))?,
                None => default,
            };
            let label = f.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| url.clone());
            let outlet = f.outlet.map(|o| o.trim().to_string()).filter(|o| !o.is_empty());
            out.push(Feed { url, label, outlet, interval });
        }
        Ok(out)
    }
}

/// "90", "90s", "15m", "2h", "1h30m", "1d": a positive duration.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let bad = || format!("`{s}` is not an interval: use seconds or a number with s, m, h or d (\"15m\", \"1h30m\")");
    if let Ok(secs) = s.parse::<u64>() {
        return if secs == 0 {
            Err("an interval must be at least one second".into())
        } else {
            Ok(Duration::from_secs(secs))
        };
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() || s.is_empty() {
        return Err(bad());
    }
    if total == 0 {
        return Err("an interval must be at least one second".into());
    }
    Ok(Duration::from_secs(total))
}

fn parse_interval_arg(s: &str) -> Result<Duration, String> {
    parse_interval(s)
}

/// Runs `storyline watch`.
pub fn run(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.feeds)
        .with_context(|| format!("cannot read feeds file {}", args.feeds.display()))?;
    let feeds = WatchConfig::parse(&text)
        .and_then(|c| c.build(args.interval))
        .with_context(|| format!("feeds file {}", args.feeds.display()))?;
    let opts = args.fetch.options()?;
    let stop = StopSignal::install()?;
    let store = Store::open(&args.db.db).with_context(|| format!("cannot open database {}", args.db.db.display()))?;
    let mut watcher = Watcher {
        feeds,
        fetcher: Arc::new(Mutex::new(Fetcher::new(opts))),
        store,
        db: args.db.db.clone(),
        aliases: args.aliases.clone(),
        quiet: args.quiet,
        stop: Arc::clone(&stop.flag),
    };
    let mut next_due = vec![Instant::now(); watcher.feeds.len()];
    loop {
        let now = Instant::now();
        let due: Vec<usize> = (0..next_due.len()).filter(|&i| next_due[i] <= now).collect();
        if !due.is_empty() {
            let ok = watcher.round(&due)?;
            let done = Instant::now();
            for &i in &due {
                next_due[i] = done + watcher.feeds[i].interval;
            }
            if args.once {
                return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) });
            }
        }
        if stop.requested() {
            break;
        }
        let wake = next_due.iter().min().copied().unwrap_or(now + DEFAULT_INTERVAL);
        stop.wait(wake.saturating_duration_since(Instant::now()));
        if stop.requested() {
            break;
        }
    }
    if !args.quiet {
        eprintln!("storyline: watch stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C and SIGTERM: the first asks the watcher to stop after the current
/// step, a second one exits at once (every write is a transaction, so that
/// is safe too).
struct StopSignal {
    flag: Arc<AtomicBool>,
    wake: crossbeam_channel::Receiver<()>,
}

impl StopSignal {
    fn install() -> anyhow::Result<StopSignal> {
        let flag = Arc::new(AtomicBool::new(false));
        let (tx, wake) = crossbeam_channel::bounded(1);
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
                .context("cannot install the Ctrl-C / SIGTERM handler")?;
            let flag = Arc::clone(&flag);
            std::thread::Builder::new().name("signals".into()).spawn(move || {
                for _ in signals.forever() {
                    if flag.swap(true, Ordering::SeqCst) {
                        eprintln!("storyline: stopping now");
                        std::process::exit(130);
                    }
                    eprintln!("storyline: stopping after the current step (again to stop now)");
                    let _ = tx.try_send(());
                }
            })?;
        }
        #[cfg(not(unix))]
        drop(tx);
        Ok(StopSignal { flag, wake })
    }

    fn requested(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Sleeps for `dur`, or until a stop is requested.
    fn wait(&self, dur: Duration) {
        let _ = self.wake.recv_timeout(dur);
    }
}

struct Watcher {
    feeds: Vec<Feed>,
    /// Shared with the pipeline's reader thread, which fetches the pages.
    fetcher: Arc<Mutex<Fetcher>>,
    store: Store,
    db: PathBuf,
    aliases: Option<PathBuf>,
    quiet: bool,
    stop: Arc<AtomicBool>,
}

/// A feed polled this round with new entries to handle.
struct Polled {
    feed: usize,
    validators: Validators,
    /// Entries handled before any page was fetched (already done via another feed).
    settled: Vec<FeedItem>,
    new: Vec<WatchEntry>,
}

impl Watcher {
    fn say(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("storyline: watch: {msg}");
        }
    }

    /// Polls the `due` feeds, fetches and analyses their new entries, then
    /// records what was handled. True when no feed or document failed.
    fn round(&mut self, due: &[usize]) -> anyhow::Result<bool> {
        let mut feed_failures: Vec<Item> = Vec::new();
        let mut polled: Vec<Polled> = Vec::new();
        for &i in due {
            if self.stop.load(Ordering::SeqCst) {
                break;
            }
            let feed = self.feeds[i].clone();
            let old = self.store.feed_validators(&feed.url)?;
            let sent = Validators { etag: old.etag.clone(), last_modified: old.last_modified.clone() };
            let answer = lock(&self.fetcher).poll(&feed.url, &sent);
            let fetched = match answer {
                Err(e) => {
                    self.say(format_args!("{}: {}", feed.label, e.reason()));
                    feed_failures.push(Err(e));
                    continue;
                }
                Ok(Conditional::NotModified) => {
                    self.say(format_args!("{}: not modified", feed.label));
                    self.store.record_feed_poll(&feed.url, &[], Some(&old))?;
                    self.store.clear_failures(std::slice::from_ref(&feed.url))?;
                    continue;
                }
                Ok(Conditional::Modified(f)) => f,
            };
            let entries = match storyline_ingest::fetch::watch_entries(&fetched.body, &feed.url) {
                Ok(entries) => entries,
                Err(e) => {
                    self.say(format_args!("{}: {}", feed.label, e.reason()));
                    feed_failures.push(Err(e));
                    continue;
                }
            };
            self.store.clear_failures(std::slice::from_ref(&feed.url))?;
            let settled = self.store.settled_feed_items(&feed.url, MAX_ATTEMPTS)?;
            let total = entries.len();
            let mut p = Polled { feed: i, validators: fetched.validators, settled: Vec::new(), new: Vec::new() };
            for e in entries.into_iter().filter(|e| !settled.contains(&e.key)) {
                match &e.link {
                    Some(url) if self.store.feed_page_done(url)? => {
                        p.settled.push(FeedItem { key: e.key, url: e.link, done: true })
                    }
                    _ => p.new.push(e),
                }
            }
            self.say(format_args!("{}: {} new of {total} entries", feed.label, p.new.len()));
            polled.push(p);
        }
        let feeds_ok = feed_failures.is_empty();

        // Fetch pages lazily in the pipeline's reader thread, so analysis
        // overlaps fetching; each entry's fate is noted for the bookkeeping.
        let outcomes: Arc<Mutex<Vec<(usize, FeedItem)>>> = Arc::default();
        let stats = Arc::new(IngestStats::default());
        let work: Vec<(usize, WatchEntry, Option<String>)> = polled
            .iter_mut()
            .enumerate()
            .flat_map(|(n, p)| {
                let outlet = self.feeds[p.feed].outlet.clone();
                std::mem::take(&mut p.new).into_iter().map(move |e| (n, e, outlet.clone()))
            })
            .collect();
        let planned: Vec<usize> = {
            let mut per = vec![0; polled.len()];
            for (n, _, _) in &work {
                per[*n] += 1;
            }
            per
        };
        let has_work = !work.is_empty() || !feed_failures.is_empty();
        let pages = {
            let (fetcher, outcomes, stats, stop) =
                (Arc::clone(&self.fetcher), Arc::clone(&outcomes), Arc::clone(&stats), Arc::clone(&self.stop));
            work.into_iter().take_while(move |_| !stop.load(Ordering::SeqCst)).filter_map(move |(n, entry, outlet)| {
                let WatchEntry { key, link, doc } = entry;
                let (item, done) = match (&link, doc) {
                    (Some(url), _) => match lock(&fetcher).fetch_page(url, outlet.as_deref()) {
                        PageOutcome::Doc(doc) => (Some(Ok(*doc)), true),
                        PageOutcome::Skipped => (None, true),
                        PageOutcome::Failed { error, retry } => (Some(Err(error)), !retry),
                    },
                    (None, Some(mut doc)) => {
                        if outlet.is_some() {
                            doc.hints.outlet = outlet;
                        }
                        (Some(Ok(doc)), true)
                    }
                    (None, None) => {
                        stats.skipped_records.fetch_add(1, Ordering::Relaxed);
                        (None, true)
                    }
                };
                lock(&outcomes).push((n, FeedItem { key, url: link, done }));
                item
            })
        };
        let items = feed_failures.into_iter().chain(pages);

        let mut docs_ok = true;
        if has_work {
            let run = RunOptions {
                db: &self.db,
                jobs: None,
                aliases: self.aliases.as_deref(),
                terms: None,
                rebuild_corpus: false,
                quiet: self.quiet,
            };
            let code = pipeline::analyze(Source::Items { items: Box::new(items), stats }, &run)?;
            docs_ok = code == ExitCode::SUCCESS;
        }

        // Only now, with the articles stored, is the round's work recorded.
        let outcomes = std::mem::take(&mut *lock(&outcomes));
        for (n, p) in polled.into_iter().enumerate() {
            let mut items = p.settled;
            items.extend(outcomes.iter().filter(|(m, _)| *m == n).map(|(_, item)| item.clone()));
            // New validators only once every new entry is handled: otherwise the
            // next poll must see the feed again to retry (or finish) the rest.
            let handled = outcomes.iter().filter(|(m, i)| *m == n && i.done).count();
            let left = planned[n] - handled;
            let validators = FeedValidators { etag: p.validators.etag, last_modified: p.validators.last_modified };
            self.store.record_feed_poll(&self.feeds[p.feed].url, &items, (left == 0).then_some(&validators))?;
            if left > 0 {
                self.say(format_args!("{}: {left} entries left for the next poll", self.feeds[p.feed].label));
            }
        }
        Ok(feeds_ok && docs_ok)
    }
}

/// A poisoned lock only means another thread panicked mid-fetch; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_seconds_and_units() {
        assert_eq!(parse_interval("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval("1d"), Ok(Duration::from_secs(86_400)));
        for bad in ["", "0", "0s", "5 minutes", "m", "10x", "99999999999999999999d", "1h30"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn feeds_file_is_checked_and_intervals_resolved() {
        let cfg = WatchConfig::parse(
            "interval = \"10m\"\n[[feed]]\nurl = \"https://a.example/rss\"\nname = \"A\"\ninterval = 60\n\
             [[feed]]\nurl = \"https://b.example/atom\"\noutlet = \"B News\"\n",
        )
        .unwrap();
        let feeds = cfg.build(None).unwrap();
        assert_eq!(feeds[0].label, "A");
        assert_eq!(feeds[0].interval, Duration::from_secs(60), "a feed's own interval wins");
        assert_eq!(feeds[1].interval, Duration::from_secs(600), "then the file's");
        assert_eq!(feeds[1].label, "https://b.example/atom");
        assert_eq!(feeds[1].outlet.as_deref(), Some("B News"));
        let cfg = WatchConfig::parse("interval = \"10m\"\n[[feed]]\nurl = \"https://b.example/atom\"\n").unwrap();
        assert_eq!(cfg.build(Some(Duration::from_secs(30))).unwrap()[0].interval, Duration::from_secs(30));

        let err = |text: &str| match WatchConfig::parse(text).and_then(|c| c.build(None)) {
            Ok(f) => panic!("accepted {text:?}: {f:?}"),
            Err(e) => format!("{e:#}"),
        };
        assert!(err("[[feed]]\nurl = \"https://a.example/rss\"\nurll = \"x\"\n").contains("urll"));
        assert!(err("").contains("no feeds"));
        assert!(err("[[feed]]\nurl = \"file:///etc/passwd\"\n").contains("not an http(s) URL"));
        assert!(
            err("[[feed]]\nurl = \"https://a.example/rss\"\n[[feed]]\nurl = \"https://a.example/rss\"\n")
                .contains("twice")
        );
        assert!(err("[[feed]]\nurl = \"https://a.example/rss\"\ninterval = \"soon\"\n").contains("soon"));
    }
}
