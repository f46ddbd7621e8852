//! `storyline`: the command line. Parses arguments, wires the crates
//! together, and is (with the server) the only place that prints JSON.
//!
//! Exit codes: 0 all good, 1 some documents failed (summary on stderr),
//! 2 usage error (bad flag, missing file, unreadable database).

mod commands;
mod output;
mod pipeline;
mod watch;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Who said what, when, and who reported it how: turns raw news coverage
/// (HTML, scraped text, JSONL) into clean articles, merged entities,
/// attributed statements, stories and a cross-outlet timeline.
///
/// Typical session:
///   storyline analyze coverage/ --db news.db     # ingest and analyse a folder
///   storyline timeline --db news.db              # statements in the order they were said
///   storyline quotes --speaker Peskov --db news.db --format jsonl | jq .
#[derive(Parser, Debug)]
#[command(name = "storyline", version, verbatim_doc_comment, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest and analyse files, folders (recursively) or `-` (stdin) into the database.
    ///
    /// Inputs are HTML (.html, .htm, gzipped too), scraped plain text (.txt) and
    /// JSONL documents {id?, url?, title?, outlet?, published?, text? | html?}
    /// (also under other exports' names: date, publishedAt, body, maintext, ...),
    /// detected by content as well as extension. Re-running on the same input adds
    /// nothing. A bad document is reported and skipped; the exit code is then 1.
    Analyze {
        /// Files, folders or `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        /// Worker threads for the per-article analysis (default: all cores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Print the merged timeline when done.
        #[arg(long)]
        timeline: bool,
        /// Alias rules (TOML) forcing entity merges and splits; see `storyline_corpus::aliases`.
        #[arg(long, env = "STORYLINE_ALIASES")]
        aliases: Option<PathBuf>,
        /// Term groups (TOML) whose variants `outlets` counts per outlet, e.g. Kyiv/Kiev;
        /// kept for later runs. Default: a built-in list (see `storyline_corpus::coverage`).
        #[arg(long, env = "STORYLINE_TERMS")]
        terms: Option<PathBuf>,
        /// Recompute every corpus result (duplicates, entities, stories,
        /// timeline) from scratch instead of adding the new articles to the
        /// stored one; story and statement ids may change.
        #[arg(long)]
        rebuild_corpus: bool,
        /// Do not print the run summary.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Fetch pages or feeds over HTTP(S) and analyse them into the database.
    ///
    /// A feed URL yields its entries (entries without text are fetched from their link).
    /// Honours robots.txt, waits between requests to one host, caps sizes, and refuses
    /// loopback and private addresses unless --allow-private is given.
    Fetch {
        #[arg(required = true)]
        urls: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        fetch: FetchArgs,
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Poll RSS/Atom feeds (FEEDS.toml) and analyse each new entry's page into the database.
    #[command(long_about = watch::HELP)]
    Watch(watch::WatchArgs),
    /// Extract clean articles without a database: one JSON object for one file, JSONL for several.
    Extract {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// json (everything), text (the body only) or markdown (title and body).
        #[arg(long, short = 'o', value_enum, default_value_t = ExtractOutput::Json)]
        output: ExtractOutput,
    },
    /// The per-article analysis as a filter: JSONL documents in, one annotation line out per document.
    ///
    /// Reads standard input unless paths are given. Offsets count Unicode code points
    /// into the output `text`; with --no-clean, `text` is exactly the input text.
    Annotate {
        paths: Vec<PathBuf>,
        /// Analyse the text exactly as given, without removing boilerplate.
        #[arg(long)]
        no_clean: bool,
    },
    /// List articles: id, external_id, path or url, title, outlet, published, duplicate_of.
    Articles(ListArgs),
    /// List statement occurrences (direct, mixed, indirect) with speaker, cue, medium and date said.
    Quotes(ListArgs),
    /// List people, organisations and places with every alias and role.
    Entities(ListArgs),
    /// List stories (events) with their articles.
    Stories(ListArgs),
    /// Statements merged across outlets, ordered by the date they were said.
    Timeline(ListArgs),
    /// Coverage per outlet: articles and copies, whose voices it quotes, and which
    /// spelling it uses for names written several ways (Kyiv/Kiev).
    Outlets(ListArgs),
    /// Quote fidelity: statements reported by several outlets, each rendering
    /// compared with the fullest one (verbatim, truncated, altered, and the words that differ).
    Compare(ListArgs),
    /// Documents that could not be read or analysed, with the reason.
    Failures(ListArgs),
    /// Serve the JSON API (/api/…) and the web UI over a database (loopback by default).
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Enable POST /api/documents for clients sending `Authorization: Bearer TOKEN`.
        #[arg(long, env = "STORYLINE_INGEST_TOKEN", hide_env_values = true)]
        ingest_token: Option<String>,
    },
    /// Show one article (text with its statements), entity, story or statement by id or id prefix.
    Show {
        id: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long, short = 'f', value_enum)]
        format: Option<Format>,
    },
}

#[derive(Args, Debug, Clone)]
struct DbArg {
    /// The database file.
    #[arg(long, default_value = "storyline.db", env = "STORYLINE_DB")]
    db: PathBuf,
}

/// How pages are fetched: shared by `fetch` and `watch`.
#[derive(Args, Debug)]
struct FetchArgs {
    /// Allow fetching from loopback and private network addresses.
    #[arg(long)]
    allow_private: bool,
    /// Seconds to wait between two requests to the same host.
    #[arg(long, default_value_t = 1.0)]
    delay: f64,
    /// Seconds before a request is abandoned.
    #[arg(long, default_value_t = 20.0)]
    timeout: f64,
    /// Fetch even where robots.txt disallows it.
    #[arg(long)]
    ignore_robots: bool,
}

impl FetchArgs {
    fn options(&self) -> anyhow::Result<storyline_ingest::fetch::FetchOptions> {
        let secs = |v: f64, what: &str| {
            std::time::Duration::try_from_secs_f64(v)
                .map_err(|_| anyhow::anyhow!("--{what} must be a non-negative number of seconds"))
        };
        Ok(storyline_ingest::fetch::FetchOptions {
            allow_private: self.allow_private,
            delay: secs(self.delay, "delay")?,
            timeout: secs(self.timeout, "timeout")?,
            respect_robots: !self.ignore_robots,
            ..Default::default()
        })
    }
}

#[derive(Args, Debug, Clone)]
struct ListArgs {
    #[command(flatten)]
    db: DbArg,
    /// table for people, jsonl for programs (default: table on a terminal, else jsonl).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Only statements by this speaker (name, any alias, or id).
    #[arg(long)]
    speaker: Option<String>,
    /// Only items mentioning this entity (name, any alias, or id).
    #[arg(long)]
    entity: Option<String>,
    /// Only items of this story (id or prefix).
    #[arg(long)]
    story: Option<String>,
    /// Only items from this outlet (substring, case-insensitive).
    #[arg(long)]
    outlet: Option<String>,
    /// On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    since: Option<String>,
    /// On or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg)]
    until: Option<String>,
    /// At most this many rows.
    #[arg(long, short = 'n')]
    limit: Option<usize>,
    /// Include duplicate and syndicated copies.
    #[arg(long)]
    all: bool,
}

fn parse_date_arg(s: &str) -> Result<String, String> {
    s.parse::<storyline_model::PartialDate>()
        .map(|d| d.to_string())
        .map_err(|_| format!("`{s}` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExtractOutput {
    Json,
    Text,
    Markdown,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("STORYLINE_LOG"))
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("storyline: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze { paths, db, jobs, timeline, aliases, terms, rebuild_corpus, quiet } => {
            let run = pipeline::RunOptions {
                db: &db.db,
                jobs,
                aliases: aliases.as_deref(),
                terms: terms.as_deref(),
                rebuild_corpus,
                quiet,
            };
            let code = pipeline::analyze(pipeline::Source::Paths(paths), &run)?;
            if timeline {
                let args = ListArgs::for_db(db.db.clone());
                commands::list(commands::Listing::Timeline, &args)?;
            }
            Ok(code)
        }
        Command::Fetch { urls, db, fetch, quiet } => {
            let opts = fetch.options()?;
            let run = pipeline::RunOptions {
                db: &db.db,
                jobs: None,
                aliases: None,
                terms: None,
                rebuild_corpus: false,
                quiet,
            };
            pipeline::analyze(pipeline::Source::Urls { urls, opts }, &run)
        }
        Command::Watch(args) => watch::run(args),
        Command::Extract { paths, output } => commands::extract(&paths, output),
        Command::Annotate { paths, no_clean } => commands::annotate(&paths, !no_clean),
        Command::Articles(a) => commands::list(commands::Listing::Articles, &a).map(|_| ExitCode::SUCCESS),
        Command::Quotes(a) => commands::list(commands::Listing::Quotes, &a).map(|_| ExitCode::SUCCESS),
        Command::Entities(a) => commands::list(commands::Listing::Entities, &a).map(|_| ExitCode::SUCCESS),
        Command::Stories(a) => commands::list(commands::Listing::Stories, &a).map(|_| ExitCode::SUCCESS),
        Command::Timeline(a) => commands::list(commands::Listing::Timeline, &a).map(|_| ExitCode::SUCCESS),
        Command::Outlets(a) => commands::outlets(&a).map(|_| ExitCode::SUCCESS),
        Command::Compare(a) => commands::compare(&a).map(|_| ExitCode::SUCCESS),
        Command::Failures(a) => commands::list(commands::Listing::Failures, &a).map(|_| ExitCode::SUCCESS),
        Command::Show { id, db, format } => commands::show(&id, &db.db, format),
        Command::Serve { db, listen, ingest_token } => {
            storyline_server::run(storyline_server::ServeConfig {
                listen,
                ingest_token,
                ..storyline_server::ServeConfig::new(db.db)
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl ListArgs {
    fn for_db(db: PathBuf) -> ListArgs {
        ListArgs {
            db: DbArg { db },
            format: None,
            speaker: None,
            entity: None,
            story: None,
            outlet: None,
            since: None,
            until: None,
            limit: None,
            all: false,
        }
    }

    fn filter(&self) -> storyline_store::Filter {
        storyline_store::Filter {
            speaker: self.speaker.clone(),
            entity: self.entity.clone(),
            story: self.story.clone(),
            outlet: self.outlet.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            limit: self.limit,
            include_duplicates: self.all,
        }
    }
}
