//! Offset conversion and text normalisation shared by every stage.

/// Maps byte offsets of a `str` to char offsets (the contract's unit).
/// Built once per text; a lookup is O(log n) in the number of non-ASCII chars,
/// and free for ASCII-only text.
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// (byte offset, char offset) just after each non-ASCII char; between two
    /// marks the text is ASCII, so bytes and chars advance together.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        for (ci, (bi, c)) in text.char_indices().enumerate() {
            if !c.is_ascii() {
                marks.push((bi + c.len_utf8(), ci + 1));
            }
        }
        CharIndex { marks }
    }

    /// Char offset of a byte offset on a char boundary (or the text's end).
    pub fn char_of(&self, byte: usize) -> usize {
        let i = self.marks.partition_point(|&(b, _)| b <= byte);
        match i {
            0 => byte,
            _ => {
                let (b, c) = self.marks[i - 1];
                c + (byte - b)
            }
        }
    }

    pub fn span(&self, start_byte: usize, end_byte: usize) -> crate::Span {
        crate::Span::new(self.char_of(start_byte), self.char_of(end_byte))
    }

    /// Byte offset of a char offset (the inverse of [`CharIndex::char_of`]).
    pub fn byte_of(&self, ch: usize) -> usize {
        let i = self.marks.partition_point(|&(_, c)| c <= ch);
        match i {
            0 => ch,
            _ => {
                let (b, c) = self.marks[i - 1];
                b + (ch - c)
            }
        }
    }

    /// The characters `start..end` of `text` (the text this index was built
    /// from), when they lie inside it: [`char_slice`] without the walk.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        if start >= end {
            return None;
        }
        text.get(self.byte_of(start)..self.byte_of(end))
    }
}

/// The characters `start..end` (code points, as every stored offset
/// counts) of `text`, when they lie inside it.
pub fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if start >= end {
        return None;
    }
    let mut at = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let s = at.nth(start)?;
    let e = at.nth(end - start - 1)?;
    text.get(s..e)
}

/// Lowercases, folds punctuation and whitespace runs, and drops everything
/// that is not a letter or digit, so that re-encoded or re-wrapped copies of
/// the same text hash alike.
pub fn normalize_for_hash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_index_match_the_walk() {
        let text = "Ça va, “Zürich” — naïve 🙂 ok";
        let idx = CharIndex::new(text);
        let n = text.chars().count();
        for s in 0..=n + 1 {
            for e in 0..=n + 2 {
                assert_eq!(idx.slice(text, s, e), char_slice(text, s, e), "{s}..{e}");
            }
        }
    }

    #[test]
    fn char_offsets_match_char_indices() {
        let text = "Zelensky – «Kyiv» said “yes”, 日本 ok";
        let idx = CharIndex::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of(bi), ci, "byte {bi}");
        }
        assert_eq!(idx.char_of(text.len()), text.chars().count());
    }

    #[test]
    fn normalisation_ignores_case_punctuation_and_wrapping() {
        assert_eq!(normalize_for_hash("“Peace,” he said.\n\nNow!"), normalize_for_hash("\"peace\" HE said now"));
    }
}
