//! The `analyze` pipeline: one reader thread, a pool of analysis workers and
//! a single writer, joined by bounded channels so a slow stage slows the
//! ones before it instead of filling memory. The writer commits in batches;
//! the corpus passes run once at the end (or on the next run, if this one
//! was killed before they finished).

use anyhow::Context as _;
use crossbeam_channel::{Receiver, bounded};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use storyline_analysis::{AnalyzeOptions, analyze as analyze_doc};
use storyline_ingest::{Ingest, IngestOptions, expand_paths};
use storyline_model::Analysis;
use storyline_store::{Failure, Store};

/// The pipeline's stages, naming progress messages and tracing spans.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    Ingest,
    Corpus,
}

impl Stage {
    fn label(self) -> &'static str {
        match self {
            Stage::Ingest => "analysing",
            Stage::Corpus => "merging entities, stories and timeline",
        }
    }
}

/// What a worker hands the writer.
enum Outcome {
    Done(Box<Analysis>),
    Unchanged,
    Failed(Failure),
}

const BATCH: usize = 256;
const CHANNEL: usize = 512;

#[derive(Default)]
struct Tally {
    seen: usize,
    new: usize,
    unchanged: usize,
    failed: Vec<Failure>,
}

/// Reads and checks an alias file; returns the rules and a hash of the file
/// so a change of rules re-runs the corpus passes.
fn load_aliases(path: Option<&Path>) -> anyhow::Result<(storyline_corpus::aliases::AliasRules, String)> {
    let Some(path) = path else { return Ok((Default::default(), String::new())) };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read alias file {}", path.display()))?;
    let rules: storyline_corpus::aliases::AliasRules =
        toml::from_str(&text).with_context(|| format!("alias file {}", path.display()))?;
    rules.validate().map_err(|e| anyhow::anyhow!("alias file {}: {e}", path.display()))?;
    Ok((rules, format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))))
}

/// The term groups the outlet comparison counts: the file given now, else
/// the one given last (kept in the database), else the built-in list; and
/// the text that identifies them, so a new file re-runs the corpus passes.
fn load_terms(path: Option<&Path>, store: &Store) -> anyhow::Result<(storyline_corpus::coverage::TermGroups, String)> {
    use storyline_corpus::coverage::TermGroups;
    match path {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read terms file {}", path.display()))?;
            let groups =
                TermGroups::from_toml(&text).map_err(|e| anyhow::anyhow!("terms file {}: {e}", path.display()))?;
            Ok((groups, text))
        }
        None => {
            let text = store.meta("terms")?.unwrap_or_default();
            Ok((TermGroups::stored(Some(&text)), text))
        }
    }
}

/// Where the documents of a run come from.
pub enum Source {
    Paths(Vec<PathBuf>),
    Urls {
        urls: Vec<String>,
        opts: storyline_ingest::fetch::FetchOptions,
    },
    /// Documents produced elsewhere (`watch`), with the counters they update.
    Items {
        items: Box<dyn Iterator<Item = storyline_ingest::Item> + Send>,
        stats: Arc<storyline_ingest::IngestStats>,
    },
}

/// Options of one `analyze` (or `fetch`) run.
pub struct RunOptions<'a> {
    pub db: &'a Path,
    pub jobs: Option<usize>,
    pub aliases: Option<&'a Path>,
    /// Term groups (TOML) for the outlet comparison; see `storyline_corpus::coverage`.
    pub terms: Option<&'a Path>,
    /// Recompute the corpus result whole even when it could be extended.
    pub rebuild_corpus: bool,
    pub quiet: bool,
}

pub fn analyze(source: Source, run: &RunOptions<'_>) -> anyhow::Result<ExitCode> {
    let RunOptions { db, jobs, aliases, terms, rebuild_corpus, quiet } = *run;
    let started = Instant::now();
    let (alias_rules, alias_hash) = load_aliases(aliases)?;
    let (items, ingest_stats, skipped): (Box<dyn Iterator<Item = storyline_ingest::Item> + Send>, _, usize) =
        match source {
            Source::Paths(paths) => {
                let (inputs, skipped) = expand_paths(&paths)?;
                let ingest = Ingest::new(inputs, IngestOptions::default());
                let stats = ingest.stats();
                (Box::new(ingest), stats, skipped)
            }
            Source::Urls { urls, opts } => {
                let mut fetcher = storyline_ingest::fetch::Fetcher::new(opts);
                let stats = fetcher.stats();
                // Fetching is sequential and polite; analysis still runs in parallel.
                let items = urls.into_iter().flat_map(move |u| fetcher.fetch(&u));
                (Box::new(items), stats, 0)
            }
            Source::Items { items, stats } => (items, stats, 0),
        };
    let mut store = Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let known = Arc::new(store.known_keys()?);
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);

    let progress = progress_bar(quiet);
    progress.set_message(Stage::Ingest.label());

    let (doc_tx, doc_rx) = bounded(CHANNEL);
    let (out_tx, out_rx) = bounded::<Outcome>(CHANNEL);
    let reader = std::thread::Builder::new().name("ingest".into()).spawn(move || {
        for item in items {
            if doc_tx.send(item).is_err() {
                break;
            }
        }
    })?;
    let mut workers = Vec::with_capacity(jobs);
    for n in 0..jobs {
        let rx = doc_rx.clone();
        let tx = out_tx.clone();
        let known = Arc::clone(&known);
        workers.push(std::thread::Builder::new().name(format!("analyze-{n}")).spawn(move || worker(rx, tx, &known))?);
    }
    drop(out_tx);
    drop(doc_rx);

    let tally = write_all(&mut store, out_rx, &progress)?;
    reader.join().map_err(|_| anyhow::anyhow!("the ingest thread panicked"))?;
    for w in workers {
        w.join().map_err(|_| anyhow::anyhow!("an analysis thread panicked"))?;
    }

    let (term_groups, terms_text) = load_terms(terms, &store)?;
    let rules_changed = store.meta("aliases")?.unwrap_or_default() != alias_hash
        || store.meta("terms")?.is_none_or(|t| t != terms_text);
    let mut corpus_note = String::new();
    if store.corpus_dirty()? || rules_changed || rebuild_corpus {
        let corpus_started = Instant::now();
        progress.set_message(Stage::Corpus.label());
        let span = tracing::info_span!("corpus").entered();
        // A database from before stored features gets them once, here.
        store.backfill_features(storyline_corpus::features)?;
        let cfg = storyline_corpus::CorpusConfig { aliases: alias_rules, ..Default::default() };
        let meta = [("aliases", alias_hash), ("terms", terms_text)];
        let extended = !rebuild_corpus && !rules_changed && extend_corpus(&store, &cfg, &term_groups, &meta)?;
        if !extended {
            full_corpus_pass(&mut store, &cfg, &term_groups, meta)?;
        }
        corpus_note = format!(
            "; corpus result {} in {:.2}s",
            if extended { "extended" } else { "recomputed" },
            corpus_started.elapsed().as_secs_f64()
        );
        drop(span);
    }
    progress.finish_and_clear();

    if !quiet {
        let secs = started.elapsed().as_secs_f64();
        let counts = store.counts()?;
        let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
        eprintln!(
            "storyline: {} documents read: {} new, {} unchanged, {} failed in {:.2}s ({:.0} docs/s){corpus_note}; database {} holds {}",
            tally.seen,
            tally.new,
            tally.unchanged,
            tally.failed.len(),
            secs,
            tally.seen as f64 / secs.max(1e-9),
            db.display(),
            counts.join(", ")
        );
        let records = ingest_stats.skipped_records.load(std::sync::atomic::Ordering::Relaxed);
        if records > 0 {
            eprintln!(
                "storyline: skipped {records} container records that are not articles (WARC requests, non-HTML or non-200 responses, feed entries without text)"
            );
        }
        if skipped > 0 {
            eprintln!(
                "storyline: skipped {skipped} files whose extension is not a document type (name them explicitly to read them)"
            );
        }
    }
    for f in &tally.failed {
        eprintln!("storyline: failed: {}: {} ({})", f.origin, f.reason, f.code);
    }
    Ok(if tally.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Articles an incremental pass adds at most, as a share of those already in
/// the corpus result: past it, a full pass is cheaper and sees the new
/// articles together.
const MAX_EXTEND_SHARE: f64 = 0.5;

/// Adds the pending articles to the stored corpus result (see
/// `storyline_corpus::incremental`). False when it cannot: no stored state
/// (a database from an older build), or too many new articles.
fn extend_corpus(
    store: &Store,
    cfg: &storyline_corpus::CorpusConfig,
    term_groups: &storyline_corpus::coverage::TermGroups,
    meta: &[(&str, String)],
) -> anyhow::Result<bool> {
    // Articles stored by a build before pending ones were recorded are not
    // listed: then nothing is pending and a full pass runs.
    let pending = store.pending_count()?;
    let before = store.article_count()?.saturating_sub(pending);
    if pending == 0 || before == 0 || pending as f64 > MAX_EXTEND_SHARE * before as f64 {
        return Ok(false);
    }
    let (docs, src) = store.pending()?;
    let Some(delta) = storyline_corpus::incremental::extend(docs, cfg, &src, store)? else { return Ok(false) };
    // Term choices and scare quotes: the new originals counted in, the
    // originals that became copies counted out.
    let (mut plus, mut minus) =
        (storyline_corpus::coverage::Tally::new(term_groups), storyline_corpus::coverage::Tally::new(term_groups));
    store.for_each_text_of(&delta.originals, |outlet, title, text, spans| plus.add(outlet, title, text, spans))?;
    store.for_each_text_of(&delta.demoted, |outlet, title, text, spans| minus.add(outlet, title, text, spans))?;
    store.apply_corpus_delta(&delta, meta, &plus.finish(), &minus.finish())?;
    tracing::info!(pending, "corpus result extended");
    Ok(true)
}

/// Recomputes every corpus result from all stored articles.
fn full_corpus_pass(
    store: &mut Store,
    cfg: &storyline_corpus::CorpusConfig,
    term_groups: &storyline_corpus::coverage::TermGroups,
    meta: [(&str, String); 2],
) -> anyhow::Result<()> {
    let [aliases, terms] = meta;
    let docs = store.doc_summaries()?;
    // One transaction: statements are written as the passes make them.
    let mut writer = store.corpus_writer()?;
    let result = storyline_corpus::run(docs, cfg, &*store, &mut |batch| writer.statements(&batch))?;
    writer.finish(&result, &[aliases])?;
    drop(result);
    // Term choices and scare quotes: one streamed read of the originals.
    let mut tally = storyline_corpus::coverage::Tally::new(term_groups);
    store.for_each_original_text(|outlet, title, text, spans| tally.add(outlet, title, text, spans))?;
    store.write_coverage(&tally.finish(), &[terms])?;
    Ok(())
}

fn worker(rx: Receiver<storyline_ingest::Item>, tx: crossbeam_channel::Sender<Outcome>, known: &HashSet<u64>) {
    let opts = AnalyzeOptions::default();
    for item in rx {
        let outcome = match item {
            Err(e) => {
                Outcome::Failed(Failure { origin: e.origin().to_string(), code: e.code().into(), reason: e.reason() })
            }
            Ok(doc) if known.contains(&doc.content_key()) => Outcome::Unchanged,
            Ok(doc) => match std::panic::catch_unwind(|| analyze_doc(&doc, &opts)) {
                Ok(Ok(a)) => Outcome::Done(Box::new(a)),
                Ok(Err(e)) => Outcome::Failed(Failure {
                    origin: doc.origin.to_string(),
                    code: e.code().into(),
                    reason: e.to_string(),
                }),
                // A bug in one stage must not take the batch down: record it like bad input.
                Err(_) => Outcome::Failed(Failure {
                    origin: doc.origin.to_string(),
                    code: "internal".into(),
                    reason: "internal error while analysing (please report this document)".into(),
                }),
            },
        };
        if tx.send(outcome).is_err() {
            break;
        }
    }
}

fn write_all(store: &mut Store, rx: Receiver<Outcome>, progress: &ProgressBar) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let mut batch: Vec<Analysis> = Vec::with_capacity(BATCH);
    let mut failures: Vec<Failure> = Vec::new();
    let flush = |store: &mut Store,
                 batch: &mut Vec<Analysis>,
                 failures: &mut Vec<Failure>,
                 tally: &mut Tally|
     -> anyhow::Result<()> {
        if !batch.is_empty() {
            tally.new += store.insert_batch(batch)?;
            let ok: Vec<String> = batch.iter().map(|a| a.origin.to_string()).collect();
            store.clear_failures(&ok)?;
            batch.clear();
        }
        if !failures.is_empty() {
            store.record_failures(failures)?;
            tally.failed.append(failures);
        }
        Ok(())
    };
    loop {
        let outcome = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(o) => o,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                // Quiet input: commit what we have so a kill loses little.
                flush(store, &mut batch, &mut failures, &mut tally)?;
                continue;
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        };
        tally.seen += 1;
        progress.inc(1);
        match outcome {
            Outcome::Done(a) => batch.push(*a),
            Outcome::Unchanged => tally.unchanged += 1,
            Outcome::Failed(f) => failures.push(f),
        }
        if batch.len() >= BATCH || failures.len() >= BATCH {
            flush(store, &mut batch, &mut failures, &mut tally)?;
        }
    }
    flush(store, &mut batch, &mut failures, &mut tally)?;
    Ok(tally)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    // indicatif draws nothing when stderr is not a terminal.
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {human_pos} documents ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}
