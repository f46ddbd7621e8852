//! Name keys that survive transliteration: Zelensky / Zelenskyy / Zelenskiy,
//! Hrymenko / Grimenko, Sergei / Sergey, Volodymyr / Vladimir, Kyiv / Kiev.
//!
//! Two layers: a phonetic-ish fold of romanised Cyrillic spelling rules
//! (Ukrainian `h` for Russian `g`, `y`/`i`/`j` interchange, doubled letters),
//! then small equivalence tables for names that differ by more than spelling
//! (Volodymyr/Vladimir, Kyiv/Kiev).

use deunicode::deunicode;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Folds one name token to its transliteration skeleton.
pub fn fold(token: &str) -> String {
    let ascii = deunicode(token).to_ascii_lowercase();
    let mut s: String = ascii.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    for (from, to) in [("x", "ks"), ("w", "v"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("kh", "h")] {
        s = s.replace(from, to);
    }
    // Romanisations disagree on sibilants (Hlushchak / Hluščak, Vošta / Vosta;
    // deunicode already turned š, č, ž into s, c, z): fold the digraphs to
    // those single letters, then Ukrainian `h` to Russian `g`.
    for (from, to) in [("shch", "sc"), ("sh", "s"), ("ch", "c"), ("zh", "z")] {
        s = s.replace(from, to);
    }
    s = s.replace('h', "g");
    s = s.replace(['y', 'j'], "i");
    if let Some(rest) = s.strip_prefix("ie") {
        s = format!("e{rest}");
    }
    // Collapse doubled letters (Odessa/Odesa, Zelenskyy).
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// First names whose forms differ by more than spelling, grouped; the first
/// of each group is the key.
const FIRST_NAMES: &[&[&str]] = &[
    &["volodymyr", "vladimir", "wolodymyr"],
    &["oleksandr", "aleksandr", "alexander", "alexandr", "olexandr"],
    &["oleksiy", "oleksii", "aleksei", "alexei", "alexey", "aleksey", "olexiy"],
    &["dmytro", "dmitry", "dmitri", "dmitriy", "dmitrii"],
    &["serhiy", "serhii", "sergei", "sergey", "sergiy", "sergii"],
    &["mykola", "nikolai", "nikolay", "nicholas"],
    &["andriy", "andrii", "andrei", "andrey"],
    &["yuriy", "yurii", "yuri", "iurii", "yury"],
    &["petro", "pyotr", "petr", "peter"],
    &["mykhailo", "mikhail", "mykhaylo", "michael"],
    &["yevhen", "yevgeny", "evgeny", "evgeniy", "yevgeniy", "evgenii", "yevgen"],
    &["hennadiy", "gennady", "gennadiy", "gennadii"],
    &["kostiantyn", "konstantin", "kostyantyn"],
    &["pavlo", "pavel", "paul"],
    &["maksym", "maxim", "maksim"],
    &["vasyl", "vasily", "vasiliy", "vasilii"],
    &["mykyta", "nikita"],
    &["tetiana", "tatiana", "tatyana"],
    &["olena", "elena", "yelena", "helen"],
    &["kateryna", "ekaterina", "yekaterina", "katerina"],
    &["ivan", "ioann"],
    &["fedir", "fyodor", "fedor"],
    &["hryhoriy", "grigory", "grigoriy", "hryhorii"],
    &["illia", "ilya", "ilia"],
    &["anatoliy", "anatoly", "anatolii"],
];

/// Places known under more than one name.
const PLACES: &[&[&str]] = &[
    &["kyiv", "kiev", "kyjiv"],
    &["kharkiv", "kharkov"],
    &["lviv", "lvov", "lwow"],
    &["odesa", "odessa"],
    &["mykolaiv", "nikolaev", "nikolayev"],
    &["dnipro", "dnepr", "dnipropetrovsk", "dnepropetrovsk"],
    &["zaporizhzhia", "zaporozhye", "zaporizhia", "zaporizhzhya"],
    &["chernihiv", "chernigov"],
    &["vinnytsia", "vinnitsa"],
    &["rivne", "rovno"],
    &["belarus", "byelorussia", "belorussia"],
    &["moldova", "moldavia"],
    &["united states", "us", "u s", "usa", "u s a", "america", "the united states"],
    &["united kingdom", "uk", "u k", "britain", "great britain"],
    &["russia", "russian federation"],
];

/// Folded variant -> folded key of its group, built once per table.
fn build_table(table: &[&[&str]]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for group in table {
        let key = fold_phrase(group[0]);
        for v in *group {
            map.insert(fold_phrase(v), key.clone());
        }
    }
    map
}

static FIRST_NAME_TABLE: LazyLock<HashMap<String, String>> = LazyLock::new(|| build_table(FIRST_NAMES));
static PLACE_TABLE: LazyLock<HashMap<String, String>> = LazyLock::new(|| build_table(PLACES));

/// Folds every word of a phrase and joins them with single spaces.
pub fn fold_phrase(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Key of a first name: its group in the table, else its fold.
pub fn first_name_key(token: &str) -> String {
    let f = fold(token);
    FIRST_NAME_TABLE.get(&f).cloned().unwrap_or(f)
}

/// Key of an organisation or place name ("the Kremlin" = "Kremlin").
pub fn phrase_key(name: &str, place: bool) -> String {
    let trimmed = name.trim();
    let lower = trimmed.to_lowercase();
    let without_the = if lower.starts_with("the ") { &trimmed[4..] } else { trimmed };
    let f = fold_phrase(without_the);
    if place && let Some(k) = PLACE_TABLE.get(&f) {
        return k.clone();
    }
    f
}

/// Honorifics and generational suffixes that are not part of a name key.
const NOISE_TOKENS: &[&str] = &["mr", "mrs", "ms", "dr", "jr", "sr", "ii", "iii", "iv", "prof", "sir"];

/// Splits a person's name into (first-name key, surname key). Initials are
/// not first names ("J. D. Vance" has surname "Vance" and no first key).
pub fn person_key(name: &str) -> Option<(Option<String>, String)> {
    let tokens: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .filter(|t| !t.is_empty())
        .filter(|t| !NOISE_TOKENS.contains(&t.trim_end_matches('.').to_ascii_lowercase().as_str()))
        .collect();
    let last = *tokens.last()?;
    let surname = fold(last);
    if surname.is_empty() {
        return None;
    }
    let first = tokens
        .first()
        .filter(|_| tokens.len() > 1)
        .filter(|t| t.trim_end_matches('.').chars().count() > 1)
        .map(|t| first_name_key(t));
    Some((first, surname))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_share_a_key() {
        let k = |s| person_key(s).unwrap();
        assert_eq!(k("Zelensky").1, k("Zelenskyy").1);
        assert_eq!(k("Zelenskiy").1, k("Volodymyr Zelenskyy").1);
        assert_eq!(k("Vladimir Zelensky"), k("Volodymyr Zelenskyy"));
        assert_eq!(k("Sergei Lavrov"), k("Sergey Lavrov"));
        assert_eq!(k("Oleksiy Hrymenko"), k("Aleksei Grimenko"));
        assert_eq!(phrase_key("Kyiv", true), phrase_key("Kiev", true));
        assert_eq!(phrase_key("Vyshhorod", true), phrase_key("Vyshgorod", true));
        assert_eq!(phrase_key("the Kremlin", false), phrase_key("Kremlin", false));
        assert_eq!(k("Yurii Hlushchak"), k("Jurij Hluščak"));
        assert_eq!(k("Yuri Glushchak"), k("Iurii Hlushchak"));
        assert_eq!(k("Karel Vošta"), k("Karel Vosta"));
        assert_eq!(k("Mykyta Ostapchuk"), k("Nikita Ostapchuk"));
        assert_eq!(k("Ilona Mäkiranta"), k("Ilona Makiranta"));
        assert_eq!(phrase_key("Velihrad", true), phrase_key("Veligrad", true));
        assert_eq!(phrase_key("Tyshky", true), phrase_key("Tishki", true));
        assert_eq!(phrase_key("Zoria", true), phrase_key("Zorya", true));
    }

    #[test]
    fn different_people_keep_different_keys() {
        let k = |s| person_key(s).unwrap();
        assert_ne!(k("Joe Biden"), k("Hunter Biden"));
        assert_ne!(k("Lavrov").1, k("Peskov").1);
        assert_eq!(k("J. D. Vance").0, None);
    }
}
