//! marks: pair quotation marks inside one paragraph.
//!
//! Handles straight `"`, curly `“ ”`, low `„`, guillemets `« »` and curly
//! singles `‘ ’` (the latter only where they cannot be apostrophes). A mark
//! left open is capped at the paragraph end, so an unbalanced mark never
//! swallows the rest of an article.

/// One quotation, by byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    /// Offset of the opening mark.
    pub open: usize,
    /// Offset just after the closing mark, or the paragraph's trimmed end
    /// when the quotation is left open.
    pub end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Single marks (‘...’), usually quotes inside quotes or headlines.
    pub single: bool,
}

impl Quoted {
    /// The inside of the marks.
    pub fn inner(&self, text: &str) -> (usize, usize) {
        let mark = |t: &str| if t.starts_with("''") { 2 } else { t.chars().next().map_or(1, char::len_utf8) };
        let s = self.open + mark(&text[self.open..]);
        let e = if self.closed {
            let tail = &text[..self.end];
            self.end - if tail.ends_with("''") { 2 } else { tail.chars().next_back().map_or(1, char::len_utf8) }
        } else {
            self.end
        };
        (s, e.max(s))
    }
}

fn is_open_double(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '"')
}

/// Pair quotation marks in `text[start..end]` (one paragraph).
pub fn find(text: &str, start: usize, end: usize) -> Vec<Quoted> {
    let para = &text[start..end];
    let trimmed_end = start + para.trim_end().len();
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut single_open: Option<usize> = None;
    // Only marks change the state, so the walk jumps from one byte that can
    // start a mark to the next: ASCII `"` and `'`, and the lead bytes of
    // « » (0xC2) and of the curly marks (0xE2).
    let bytes = para.as_bytes();
    // End of the last `''` read as one double mark, which is then the
    // previous char of whatever follows it.
    let mut merged_end = usize::MAX;
    let mut pos = 0;
    while let Some(skip) = crate::tokens::find_any_byte(&bytes[pos..], b"\"'\xC2\xE2") {
        let i = pos + skip;
        let Some(c0) = para[i..].chars().next() else { break };
        pos = i + c0.len_utf8();
        if !matches!(c0, '"' | '\'' | '“' | '”' | '„' | '«' | '»' | '‘' | '’') {
            continue;
        }
        let at = start + i;
        let prev_c = if i == merged_end { Some('"') } else { para[..i].chars().next_back() };
        let mut next = para[pos..].chars().next();
        // Two apostrophes stand for a double quote mark in some wire copy.
        let mut c = c0;
        let mut width = c0.len_utf8();
        if c0 == '\'' && next == Some('\'') {
            pos += 1;
            merged_end = pos;
            next = para[pos..].chars().next();
            c = '"';
            width = 2;
        }
        match (open, c) {
            (None, '“' | '„' | '«') => {
                open = Some((at, c));
                single_open = None;
            }
            (None, '"') => {
                open = Some((at, c));
                single_open = None;
            }
            // A closing curly used as an opener ("”Yes,” he said") when it
            // starts a word.
            (None, '”')
                if prev_c.is_none_or(|p| p.is_whitespace() || p == '(')
                    && next.is_some_and(|n| n.is_alphanumeric()) =>
            {
                open = Some((at, c));
            }
            // A straight mark that opens a word after a space ("… choice.
            // "And if …") while a straight quotation is open: that one ran to
            // the end of its paragraph (a quote continued into the next one,
            // in text whose paragraph breaks were lost); cap it here.
            (Some((o, '"')), '"')
                if c0 == '"'
                    && prev_c.is_some_and(char::is_whitespace)
                    && next.is_some_and(char::is_alphanumeric)
                    && start + para[..i].trim_end().len() > o + 1 =>
            {
                let e = start + para[..i].trim_end().len();
                out.push(Quoted { open: o, end: e, closed: false, single: false });
                open = Some((at, c));
            }
            (Some((o, oc)), _) => {
                // An opening curly typed for a closing one ("here,“ said
                // Ruiz"): it ends a word and no word follows it.
                let wrong_way = c == '“'
                    && prev_c.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | ')'));
                let closes = match oc {
                    '«' => c == '»',
                    '"' => c == '"' || (c == '”' && next.is_none_or(|n| !n.is_alphanumeric())),
                    _ => c == '”' || (oc == '„' && c == '“') || (c == '"' && oc != '"') || wrong_way,
                };
                if closes {
                    out.push(Quoted { open: o, end: at + width, closed: true, single: false });
                    open = None;
                } else if c == '“' && oc == '“' {
                    // A new opener before a close: the previous quote was
                    // never closed; cap it here.
                    let e = start + para[..i].trim_end().len();
                    out.push(Quoted { open: o, end: e, closed: false, single: false });
                    open = Some((at, c));
                }
            }
            (None, '‘')
                if prev_c.is_none_or(|p| !p.is_alphanumeric())
                    && next.is_some_and(|n| n.is_alphanumeric() || is_open_double(n)) =>
            {
                single_open = Some(at);
            }
            // Straight single marks (British style: 'We will appeal,' he
            // said): an opener starts a word (not '90s), a closer ends one
            // (not the players' union).
            (None, '\'')
                if single_open.is_none()
                    && prev_c.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ':' | '—' | '–'))
                    && next.is_some_and(|n| n.is_alphabetic() || is_open_double(n)) =>
            {
                single_open = Some(at);
            }
            (None, '\'')
                if single_open.is_some_and(|o| para.as_bytes()[o - start] == b'\'')
                    && prev_c.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| !n.is_alphanumeric())
                    && !(prev_c == Some('s')
                        && para[pos..]
                            .strip_prefix(' ')
                            .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()))) =>
            {
                if let Some(o) = single_open.take() {
                    out.push(Quoted { open: o, end: at + 1, closed: true, single: true });
                }
            }
            (None, '’') => {
                if let Some(o) = single_open
                    && prev_c.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| !n.is_alphanumeric())
                {
                    out.push(Quoted { open: o, end: at + c.len_utf8(), closed: true, single: true });
                    single_open = None;
                }
            }
            _ => {}
        }
    }
    if let Some((o, _)) = open
        && o < trimmed_end
    {
        out.push(Quoted { open: o, end: trimmed_end, closed: false, single: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inners(t: &str) -> Vec<&str> {
        find(t, 0, t.len())
            .iter()
            .map(|q| {
                let (s, e) = q.inner(t);
                &t[s..e]
            })
            .collect()
    }

    #[test]
    fn pairs_every_style_and_ignores_apostrophes() {
        assert_eq!(inners("“Yes,” he said. \"No.\" «Da» it’s ‘fine’ ’90s"), ["Yes,", "No.", "Da", "fine"]);
    }

    #[test]
    fn straight_single_marks_quote_but_apostrophes_do_not() {
        assert_eq!(inners("'We will appeal,' Brenn said. It's the players' union's call."), ["We will appeal,"]);
        assert_eq!(inners("Brenn told the paper: 'We will appeal.' Fans of '90s music cheered."), ["We will appeal."]);
        assert_eq!(inners("the players' union and the owners' group met"), Vec::<&str>::new());
    }

    #[test]
    fn a_straight_mark_opening_a_word_caps_the_open_quotation() {
        // A quote run on into the next paragraph, with the break lost.
        let t = "\"It pays for that choice. \"And the fine will double,\" she said.";
        let q = find(t, 0, t.len());
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(!q[0].closed && q[1].closed);
        assert_eq!(inners(t), ["It pays for that choice.", "And the fine will double,"]);
        // A closing mark after a word still closes.
        assert_eq!(inners("\"Yes,\" he said, \"and no.\""), ["Yes,", "and no."]);
    }

    #[test]
    fn an_opening_curly_typed_as_a_closer_closes() {
        assert_eq!(inners("“We are not done here,“ said Ruiz. “Next week.”"), ["We are not done here,", "Next week."]);
        // A new quotation opening mid-paragraph still caps one left open.
        let t = "“One. “Two,” she said.";
        assert_eq!(find(t, 0, t.len()).len(), 2);
    }

    #[test]
    fn unclosed_mark_is_capped_at_paragraph_end() {
        let t = "He said “this never ends.\n\nNext paragraph.";
        let q = find(t, 0, 25);
        assert_eq!(q.len(), 1);
        assert!(!q[0].closed);
        assert_eq!(q[0].end, 25);
    }
}
