//! Writing rows: aligned tables for people, JSON or JSONL for programs.

use crate::Format;
use serde::Serialize;
use std::io::{self, IsTerminal, Write};

/// The format to use when the user gave none: a table on a terminal, JSONL in a pipe.
pub fn resolve(format: Option<Format>) -> Format {
    format.unwrap_or_else(|| if io::stdout().is_terminal() { Format::Table } else { Format::Jsonl })
}

/// Writes serialisable rows as JSON (an array) or JSONL.
pub fn write_json<T: Serialize>(rows: &[T], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        _ => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// A plain-text table: a header, then one line per row, columns padded,
/// long cells cut with an ellipsis at their column's width limit.
pub struct Table {
    headers: Vec<(&'static str, usize)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `columns` are (header, maximum width).
    pub fn new(columns: &[(&'static str, usize)]) -> Table {
        Table { headers: columns.to_vec(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().zip(&self.headers).map(|(c, (_, max))| cut(&one_line(c), *max)).collect())
            .collect();
        let widths: Vec<usize> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, (h, _))| cells.iter().map(|r| r[i].chars().count()).chain([h.len()]).max().unwrap_or(0))
            .collect();
        let line = |out: &mut dyn Write, row: &[String]| -> io::Result<()> {
            let last = row.len().saturating_sub(1);
            for (i, c) in row.iter().enumerate() {
                if i == last {
                    write!(out, "{c}")?;
                } else {
                    write!(out, "{c:<w$}  ", w = widths[i])?;
                }
            }
            writeln!(out)
        };
        let header: Vec<String> = self.headers.iter().map(|(h, _)| h.to_uppercase()).collect();
        line(out, &header)?;
        for r in &cells {
            line(out, r)?;
        }
        Ok(())
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

pub fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".into())
}
