//! Language of a text as an ISO 639-1 code, from whatlang's 639-3 guess.

use whatlang::Lang;

/// Shortest text worth guessing on; below it whatlang mostly guesses noise.
const MIN_CHARS: usize = 40;

/// The text's language ("en"), when whatlang is confident enough.
pub fn detect(text: &str) -> Option<String> {
    // A few kilobytes decide as well as the whole article, and bound the cost.
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.confidence() < 0.3 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

/// Normalises an `<html lang>` value ("en-US", "EN_gb") to its primary subtag.
pub fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian_are_told_apart() {
        let en =
            "The president said on Tuesday that talks with the other side would continue next week in the capital.";
        let ru =
            "Президент заявил во вторник, что переговоры с другой стороной продолжатся на следующей неделе в столице.";
        assert_eq!(detect(en).as_deref(), Some("en"));
        assert_eq!(detect(ru).as_deref(), Some("ru"));
        assert_eq!(detect("ok"), None);
    }

    #[test]
    fn html_lang_tags_reduce_to_primary() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag("EN_gb").as_deref(), Some("en"));
        assert_eq!(normalize_tag("english"), None);
    }
}
