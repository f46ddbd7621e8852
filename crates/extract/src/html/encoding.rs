//! Bytes to text: which encoding a page is in.
//!
//! Order of trust: a byte-order mark (it cannot lie about itself), the HTTP
//! charset hint, a `<meta charset>` / `http-equiv` declaration in the first
//! kilobytes, then a guess: valid UTF-8 stays UTF-8, anything else is read
//! as windows-1252 (what browsers do for Western pages without a label).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How far into the document a `<meta charset>` is looked for. Browsers use
/// 1024 bytes; real pages put long scripts first, so look further.
const PRESCAN_BYTES: usize = 8 * 1024;

/// Decoded page text and a warning when the encoding was guessed or wrong.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub warning: Option<String>,
}

pub fn decode<'a>(bytes: &'a [u8], charset_hint: Option<&str>) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded { text, warning: had_errors.then(|| format!("invalid {} bytes replaced", enc.name())) };
    }
    let declared = charset_hint
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .map(|e| (e, "http"))
        .or_else(|| prescan_meta(&bytes[..bytes.len().min(PRESCAN_BYTES)]).map(|e| (e, "meta")));
    if let Some((enc, _source)) = declared {
        // A page declaring a UTF-16 charset in ASCII-compatible bytes is
        // lying (the spec says to treat it as UTF-8).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { UTF_8 } else { enc };
        // Pages often declare latin-1 but are saved as UTF-8: valid UTF-8
        // with multibyte sequences is overwhelmingly UTF-8 in truth.
        if enc != UTF_8 && has_multibyte_utf8(bytes) {
            return Decoded {
                text: Cow::Borrowed(std::str::from_utf8(bytes).expect("checked as UTF-8")),
                warning: Some(format!("declared {} but the bytes are UTF-8", enc.name())),
            };
        }
        let (text, _, had_errors) = enc.decode(bytes);
        return Decoded { text, warning: had_errors.then(|| format!("invalid {} bytes replaced", enc.name())) };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: Cow::Borrowed(s), warning: None },
        Err(_) => {
            // Mostly UTF-8 with a few broken bytes stays UTF-8; otherwise the
            // legacy Western encoding is the best single guess.
            let utf8ish = mostly_utf8(bytes);
            let enc = if utf8ish { UTF_8 } else { WINDOWS_1252 };
            let text = enc.decode_without_bom_handling(bytes).0;
            let name = if utf8ish { "UTF-8 with invalid bytes" } else { "windows-1252" };
            Decoded { text, warning: Some(format!("charset guessed: {name}")) }
        }
    }
}

fn has_multibyte_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// True when invalid sequences are rare next to valid multibyte ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multi = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multi += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (ok, after) = rest.split_at(e.valid_up_to());
                valid_multi += std::str::from_utf8(ok).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
                if rest.is_empty() || invalid > 64 {
                    break;
                }
            }
        }
    }
    valid_multi > invalid * 4
}

/// Finds `<meta charset=X>` or `<meta http-equiv=Content-Type content="...;charset=X">`
/// by a byte scan: the real parser needs the encoding before it can start.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let mut rest = &tag[cs + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")).unwrap_or(r);
                let label_end =
                    r.iter().position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>')).unwrap_or(r.len());
                if let Some(enc) = Encoding::for_label(&r[..label_end]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf3\xf2\xe8\xed</body></html>";
        let d = decode(page, None);
        assert!(d.text.contains("Путин"), "{}", d.text);
        assert!(d.warning.is_none());
    }

    #[test]
    fn http_equiv_charset_is_honoured() {
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>caf\xe9</p>";
        assert!(decode(page, None).text.contains("café"));
    }

    #[test]
    fn undeclared_latin1_is_guessed_with_a_warning() {
        let d = decode(b"<p>Caf\xe9 cr\xe8me</p>", None);
        assert!(d.text.contains("Café crème"));
        assert!(d.warning.unwrap().contains("guessed"));
    }

    #[test]
    fn bom_wins_over_declaration() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=latin1><p>Zelenskyy – Київ</p>".as_bytes());
        assert!(decode(&page, None).text.contains("Київ"));
    }

    #[test]
    fn utf8_bytes_under_a_latin1_label_stay_utf8() {
        let page = "<meta charset=iso-8859-1><p>“quoted”</p>".as_bytes();
        assert!(decode(page, None).text.contains("“quoted”"));
    }
}
