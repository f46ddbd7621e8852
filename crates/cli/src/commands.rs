//! The commands other than `analyze`: listings over the database, `show`,
//! and the database-free `extract` and `annotate`.

use crate::output::{Table, opt, resolve, write_json};
use crate::{ExtractOutput, Format, ListArgs};
use anyhow::Context as _;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use storyline_analysis::{AnalyzeOptions, analyze};
use storyline_ingest::{Ingest, IngestOptions, expand_paths};
use storyline_model::{Analysis, Article, Payload, RawDoc};
use storyline_store::Store;

#[derive(Clone, Copy, Debug)]
pub enum Listing {
    Articles,
    Quotes,
    Entities,
    Stories,
    Timeline,
    Failures,
}

fn open(db: &Path) -> anyhow::Result<Store> {
    Store::open_read_only(db).with_context(|| format!("cannot read database {}", db.display()))
}

pub fn list(what: Listing, args: &ListArgs) -> anyhow::Result<()> {
    let store = open(&args.db.db)?;
    let filter = args.filter();
    let format = resolve(args.format);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match what {
        Listing::Articles => {
            let rows = store.articles(&filter)?;
            if format == Format::Table {
                let mut t =
                    Table::new(&[("id", 16), ("published", 10), ("outlet", 24), ("title", 60), ("duplicate_of", 16)]);
                for r in &rows {
                    t.row(vec![r.id.clone(), opt(&r.published), opt(&r.outlet), opt(&r.title), opt(&r.duplicate_of)]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
        Listing::Quotes => {
            let rows = store.quotes(&filter)?;
            if format == Format::Table {
                let mut t = Table::new(&[
                    ("said_on", 10),
                    ("speaker", 32),
                    ("kind", 8),
                    ("cue", 16),
                    ("outlet", 20),
                    ("text", 80),
                ]);
                for r in &rows {
                    t.row(vec![
                        opt(&r.said_on),
                        who(&r.speaker, &r.source),
                        r.kind.clone(),
                        opt(&r.cue),
                        opt(&r.outlet),
                        r.text.clone(),
                    ]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
        Listing::Entities => {
            let rows = store.entities(&filter)?;
            if format == Format::Table {
                let mut t = Table::new(&[
                    ("id", 16),
                    ("kind", 6),
                    ("name", 28),
                    ("mentions", 8),
                    ("quotes", 6),
                    ("aliases", 60),
                    ("roles", 50),
                ]);
                for r in &rows {
                    let roles: Vec<String> = r
                        .roles
                        .iter()
                        .filter_map(|v| v.get("role").and_then(|s| s.as_str()).map(str::to_string))
                        .collect();
                    t.row(vec![
                        r.id.clone(),
                        r.kind.clone(),
                        r.name.clone(),
                        r.mentions.to_string(),
                        r.quotes.to_string(),
                        r.aliases.join(", "),
                        roles.join("; "),
                    ]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
        Listing::Stories => {
            let rows = store.stories(&filter)?;
            if format == Format::Table {
                let mut t = Table::new(&[
                    ("id", 16),
                    ("storyline", 16),
                    ("first_seen", 10),
                    ("last_seen", 10),
                    ("articles", 8),
                    ("outlets", 40),
                    ("title", 70),
                ]);
                for r in &rows {
                    t.row(vec![
                        r.id.clone(),
                        opt(&r.storyline),
                        opt(&r.first_seen),
                        opt(&r.last_seen),
                        r.articles.len().to_string(),
                        r.outlets.join(", "),
                        r.title.clone(),
                    ]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
        Listing::Timeline => {
            let rows = store.timeline(&filter)?;
            if format == Format::Table {
                let mut t =
                    Table::new(&[("said_on", 10), ("speaker", 32), ("kind", 8), ("reports", 40), ("statement", 90)]);
                for r in &rows {
                    let mut outlets: Vec<String> = r.reports.iter().filter_map(|p| p.outlet.clone()).collect();
                    outlets.dedup();
                    let reports = if outlets.is_empty() {
                        r.reports.len().to_string()
                    } else {
                        format!("{} ({})", r.reports.len(), outlets.join(", "))
                    };
                    t.row(vec![opt(&r.said_on), who(&r.speaker, &r.source), r.kind.clone(), reports, r.text.clone()]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
        Listing::Failures => {
            let rows = store.failures()?;
            if format == Format::Table {
                let mut t = Table::new(&[("origin", 60), ("code", 12), ("reason", 90)]);
                for r in &rows {
                    t.row(vec![r.origin.clone(), r.code.clone(), r.reason.clone()]);
                }
                t.write(&mut out)?;
            } else {
                write_json(&rows, format, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `outlets`: per-outlet coverage.
pub fn outlets(args: &ListArgs) -> anyhow::Result<()> {
    use storyline_model::corpus::OutletCoverage;
    /// An outlet's row with its term choices and scare quotes.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        row: &'a storyline_store::OutletRow,
        terms: &'a [storyline_model::corpus::TermUse],
        scare_quotes: &'a [storyline_model::corpus::ScareQuote],
    }
    let store = open(&args.db.db)?;
    let format = resolve(args.format);
    let mut rows = store.outlets(10)?;
    if let Some(o) = &args.outlet {
        let o = o.to_lowercase();
        rows.retain(|r| r.outlet.as_deref().is_some_and(|x| x.to_lowercase().contains(&o)));
    }
    if let Some(n) = args.limit {
        rows.truncate(n);
    }
    let coverage = store.coverage(10)?;
    let empty = OutletCoverage::default();
    let cov = |outlet: &Option<String>| coverage.iter().find(|c| &c.outlet == outlet).unwrap_or(&empty);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == Format::Table {
        let mut t = Table::new(&[
            ("outlet", 24),
            ("articles", 8),
            ("copies", 6),
            ("quotes", 6),
            ("direct/mixed/indirect", 21),
            ("voices", 60),
            ("spellings", 60),
            ("terms", 40),
            ("scare quotes", 40),
        ]);
        for r in &rows {
            let voices: Vec<String> = r.voices.iter().take(5).map(|v| format!("{} ({})", v.name, v.quotes)).collect();
            let spellings: Vec<String> =
                r.spellings.iter().take(6).map(|s| format!("{} for {}", s.form, s.entity)).collect();
            let c = cov(&r.outlet);
            let terms: Vec<String> = c.terms.iter().map(|u| format!("{} ({})", u.variant, u.articles)).collect();
            let scare: Vec<String> =
                c.scare_quotes.iter().take(5).map(|q| format!("“{}” ({})", q.term, q.articles)).collect();
            t.row(vec![
                r.outlet.clone().unwrap_or_else(|| "(unknown)".into()),
                r.articles.to_string(),
                r.copies.to_string(),
                r.quotes.to_string(),
                format!("{}/{}/{}", r.direct, r.mixed, r.indirect),
                voices.join(", "),
                spellings.join(", "),
                terms.join(", "),
                scare.join(", "),
            ]);
        }
        t.write(&mut out)?;
    } else {
        let rows: Vec<Row<'_>> = rows
            .iter()
            .map(|r| {
                let c = cov(&r.outlet);
                Row { row: r, terms: &c.terms, scare_quotes: &c.scare_quotes }
            })
            .collect();
        write_json(&rows, format, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// `compare`: every statement reported by two or more outlets, with each
/// rendering compared with the fullest.
pub fn compare(args: &ListArgs) -> anyhow::Result<()> {
    use storyline_corpus::fidelity;
    let store = open(&args.db.db)?;
    let format = resolve(args.format);
    let mut filter = args.filter();
    let limit = filter.limit.take();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut table = Table::new(&[
        ("said_on", 10),
        ("speaker", 22),
        ("outlet", 22),
        ("rendering", 9),
        ("differs", 40),
        ("text", 80),
    ]);
    let mut rows = Vec::new();
    for t in store.timeline(&filter)? {
        let outlets: std::collections::BTreeSet<&str> = t.reports.iter().filter_map(|r| r.outlet.as_deref()).collect();
        if outlets.len() < 2 {
            continue;
        }
        let texts: Vec<&str> = t.reports.iter().map(|r| r.text.as_str()).collect();
        let Some(reference) = fidelity::reference(&texts) else { continue };
        let reports: Vec<serde_json::Value> = t
            .reports
            .iter()
            .map(|r| {
                let c = fidelity::compare(reference, &r.text);
                if format == Format::Table {
                    let differs = match c.rendering {
                        fidelity::Rendering::Verbatim => String::new(),
                        fidelity::Rendering::Truncated => format!("cut: {}", c.missing.join(" ")),
                        fidelity::Rendering::Altered => format!("-{} +{}", c.missing.join(" "), c.added.join(" ")),
                    };
                    let rendering = serde_json::to_value(c.rendering).ok().and_then(|v| v.as_str().map(str::to_string));
                    table.row(vec![
                        opt(&t.said_on),
                        who(&t.speaker, &r.source),
                        opt(&r.outlet),
                        rendering.unwrap_or_default(),
                        differs,
                        r.text.clone(),
                    ]);
                }
                json!({"quote_id": r.quote_id, "article_id": r.article_id, "outlet": r.outlet, "published": r.published,
                       "source": r.source, "text": r.text, "rendering": c.rendering, "missing": c.missing, "added": c.added})
            })
            .collect();
        rows.push(json!({"statement_id": t.id, "speaker": t.speaker, "speaker_id": t.speaker_id, "source": t.source, "said_on": t.said_on,
                         "reference": reference, "reports": reports}));
        if limit.is_some_and(|l| rows.len() >= l) {
            break;
        }
    }
    if format == Format::Table {
        table.write(&mut out)?;
    } else {
        write_json(&rows, format, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

pub fn show(id: &str, db: &Path, format: Option<Format>) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let format = resolve(format);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some((row, text)) = store.article(id)? {
        let quotes = store.article_quotes(&row.id)?;
        if format == Format::Table {
            writeln!(out, "{}", row.title.as_deref().unwrap_or("(untitled)"))?;
            let meta: Vec<String> = [&row.outlet, &row.published, &row.author, &row.path, &row.url]
                .iter()
                .filter_map(|v| (*v).clone())
                .collect();
            writeln!(out, "{}", meta.join(" · "))?;
            writeln!(
                out,
                "id {}{}",
                row.id,
                row.duplicate_of.as_ref().map(|d| format!(" · copy of {d}")).unwrap_or_default()
            )?;
            writeln!(out)?;
            writeln!(out, "{}", mark_quotes(&text, &quotes))?;
            if !quotes.is_empty() {
                writeln!(out, "\nStatements:")?;
                for (i, q) in quotes.iter().enumerate() {
                    writeln!(
                        out,
                        "  [{}] {} {}{}{}: {}",
                        i + 1,
                        q.kind,
                        match (&q.speaker, &q.source) {
                            (None, None) => "(unknown speaker)".to_string(),
                            _ => who(&q.speaker, &q.source),
                        },
                        q.cue.as_ref().map(|c| format!(" ({c})")).unwrap_or_default(),
                        q.said_on.as_ref().map(|d| format!(" on {d}")).unwrap_or_default(),
                        q.text
                    )?;
                }
            }
        } else {
            let v = json!({ "article": row, "text": text, "quotes": quotes });
            writeln!(
                out,
                "{}",
                if format == Format::Json { serde_json::to_string_pretty(&v)? } else { v.to_string() }
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let ef = storyline_store::Filter { entity: Some(id.to_string()), ..Default::default() };
    if let Some(e) = store.entities(&ef)?.into_iter().find(|e| e.id.starts_with(id)) {
        let quotes = store.quotes(&storyline_store::Filter { speaker: Some(e.id.clone()), ..Default::default() })?;
        let v = json!({ "entity": e, "quotes": quotes });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let sf = storyline_store::Filter { story: Some(id.to_string()), ..Default::default() };
    if let Some(s) = store.stories(&sf)?.into_iter().next() {
        writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(t) = store.timeline(&Default::default())?.into_iter().find(|t| t.id.starts_with(id)) {
        writeln!(out, "{}", serde_json::to_string_pretty(&t)?)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    anyhow::bail!("no article, entity, story or statement has an id starting with `{id}`")
}

/// A statement's speaker for a table: the name, else the unnamed source as
/// written and marked as such ("(unnamed) a senior official"), else "-".
fn who(speaker: &Option<String>, source: &Option<String>) -> String {
    match (speaker, source) {
        (Some(name), _) => name.clone(),
        (None, Some(written)) => format!("(unnamed) {written}"),
        (None, None) => "-".into(),
    }
}

/// The article text with each statement wrapped in ⟦…⟧ and numbered.
fn mark_quotes(text: &str, quotes: &[storyline_store::QuoteRow]) -> String {
    let mut out = String::with_capacity(text.len() + quotes.len() * 8);
    for (ci, ch) in text.chars().enumerate() {
        for (i, q) in quotes.iter().enumerate() {
            if q.end == ci && q.start != q.end {
                out.push_str(&format!("⟧{}", i + 1));
            }
        }
        for q in quotes {
            if q.start == ci {
                out.push('⟦');
            }
        }
        out.push(ch);
    }
    let n = text.chars().count();
    for (i, q) in quotes.iter().enumerate() {
        if q.end == n {
            out.push_str(&format!("⟧{}", i + 1));
        }
    }
    out
}

fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let paths = if paths.is_empty() { vec![PathBuf::from("-")] } else { paths.to_vec() };
    Ok(expand_paths(&paths)?.0)
}

#[derive(Serialize)]
struct ExtractedJson<'a> {
    path: Option<&'a str>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    published: Option<String>,
    modified: Option<String>,
    language: Option<&'a str>,
    text: &'a str,
    paragraphs: Vec<String>,
    paragraph_kinds: Vec<storyline_model::ParagraphKind>,
    rules: &'a [storyline_model::FieldRule],
    warnings: &'a [String],
}

fn extract_one(doc: &RawDoc) -> Result<Article, storyline_model::DocError> {
    match &doc.payload {
        Payload::Html(b) => storyline_extract::extract_html(b, &doc.hints),
        Payload::Text(t) => storyline_extract::clean_text(t, &doc.hints),
    }
}

pub fn extract(paths: &[PathBuf], output: ExtractOutput) -> anyhow::Result<ExitCode> {
    let inputs = inputs(paths)?;
    let single = inputs.len() == 1 && inputs[0].as_os_str() != "-";
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut first = true;
    for item in Ingest::new(inputs, IngestOptions::default()) {
        let doc = match item {
            Ok(d) => d,
            Err(e) => {
                eprintln!("storyline: failed: {e}");
                failed += 1;
                continue;
            }
        };
        let article = match extract_one(&doc) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("storyline: failed: {}: {e}", doc.origin);
                failed += 1;
                continue;
            }
        };
        match output {
            ExtractOutput::Json => {
                let paragraphs: Vec<String> = article.paragraphs.iter().map(|p| article.slice(p.span)).collect();
                let j = ExtractedJson {
                    path: doc.origin.path.as_deref(),
                    url: article.url.as_deref().or(doc.origin.url.as_deref()),
                    title: article.title.as_deref(),
                    outlet: article.outlet.as_deref(),
                    author: article.author.as_deref(),
                    published: article.published.map(|d| d.to_string()),
                    modified: article.modified.map(|d| d.to_string()),
                    language: article.language.as_deref(),
                    text: &article.text,
                    paragraphs,
                    paragraph_kinds: article.paragraphs.iter().map(|p| p.kind).collect(),
                    rules: &article.rules,
                    warnings: &article.warnings,
                };
                if single {
                    serde_json::to_writer_pretty(&mut out, &j)?;
                } else {
                    serde_json::to_writer(&mut out, &j)?;
                }
                writeln!(out)?;
            }
            ExtractOutput::Text => {
                if !first {
                    writeln!(out)?;
                }
                writeln!(out, "{}", article.text)?;
            }
            ExtractOutput::Markdown => {
                if !first {
                    writeln!(out, "\n---\n")?;
                }
                write!(out, "{}", to_markdown(&article))?;
            }
        }
        first = false;
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn to_markdown(a: &Article) -> String {
    use storyline_model::ParagraphKind as K;
    let mut s = String::new();
    if let Some(t) = &a.title {
        s.push_str(&format!("# {t}\n\n"));
    }
    for p in &a.paragraphs {
        let text = a.slice(p.span);
        match p.kind {
            K::Heading => s.push_str(&format!("## {text}\n\n")),
            K::ListItem => s.push_str(&format!("- {text}\n\n")),
            K::Blockquote => s.push_str(&format!("> {text}\n\n")),
            K::Summary => s.push_str(&format!("- {text}\n\n")),
            K::Body => s.push_str(&format!("{text}\n\n")),
        }
    }
    s
}

/// One `annotate` output line, per the contract.
fn annotation_json(a: &Analysis) -> serde_json::Value {
    let quotes: Vec<_> = a
        .quotes
        .iter()
        .map(|q| {
            json!({
                "start": q.span.start, "end": q.span.end, "text": q.text, "kind": q.kind.as_str(),
                "speaker": q.speaker, "source": q.source, "speaker_start": q.speaker_span.map(|s| s.start), "speaker_end": q.speaker_span.map(|s| s.end),
                "cue": q.cue, "cue_start": q.cue_span.map(|s| s.start), "cue_end": q.cue_span.map(|s| s.end),
                "medium": q.medium, "said_on": q.said_on.map(|d| d.to_string()), "repeated": q.repeated,
            })
        })
        .collect();
    let timexes: Vec<_> = a
        .timexes
        .iter()
        .map(|t| json!({"start": t.span.start, "end": t.span.end, "type": t.kind.as_str(), "value": t.value}))
        .collect();
    let entities: Vec<_> = a
        .mentions
        .iter()
        .map(|m| json!({"start": m.span.start, "end": m.span.end, "kind": m.kind.as_str(), "name": m.name, "role": m.role}))
        .collect();
    json!({
        "id": a.external_id,
        "title": a.article.title,
        "outlet": a.article.outlet,
        "published": a.article.published.map(|d| d.to_string()),
        "text": a.article.text,
        "quotes": quotes,
        "timexes": timexes,
        "entities": entities,
    })
}

pub fn annotate(paths: &[PathBuf], clean: bool) -> anyhow::Result<ExitCode> {
    let opts = AnalyzeOptions { clean_text: clean };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    // Plain texts the cleaning changed (a headline taken for the title,
    // boilerplate lines dropped): their offsets index the printed text.
    let (mut texts, mut cleaned) = (0usize, 0usize);
    let mut items = Ingest::new(inputs(paths)?, IngestOptions::default()).peekable();
    // Chunks keep memory flat on endless input while using every core; output order = input order.
    while items.peek().is_some() {
        let chunk: Vec<_> = items.by_ref().take(512).collect();
        let lines: Vec<(bool, Option<bool>, String)> = chunk
            .par_iter()
            .map(|item| match item {
                Ok(doc) => match analyze(doc, &opts) {
                    Ok(a) => {
                        let changed = match &doc.payload {
                            Payload::Text(t) => Some(*t != a.article.text),
                            Payload::Html(_) => None,
                        };
                        (true, changed, annotation_json(&a).to_string())
                    }
                    Err(e) => (
                        false,
                        None,
                        json!({"id": doc.external_id, "error": e.to_string(), "code": e.code()}).to_string(),
                    ),
                },
                Err(e) => (
                    false,
                    None,
                    json!({"id": null, "origin": e.origin().to_string(), "error": e.reason(), "code": e.code()})
                        .to_string(),
                ),
            })
            .collect();
        for (ok, changed, line) in lines {
            if !ok {
                failed += 1;
            }
            if let Some(c) = changed {
                texts += 1;
                cleaned += usize::from(c);
            }
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    if clean && cleaned > 0 {
        eprintln!(
            "storyline: cleaning changed {cleaned} of {texts} plain texts (a headline taken for the title, boilerplate \
             dropped): their offsets index the \"text\" printed with them; --no-clean keeps each input text and its offsets"
        );
    }
    if failed > 0 {
        eprintln!("storyline: {failed} documents could not be annotated (see their \"error\" lines)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
