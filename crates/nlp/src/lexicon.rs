//! lexicon: the small hand-written word lists the rule-based stages run on:
//! abbreviations, titles and role nouns, gazetteers of places and
//! organisations, given names with gender, and attribution cue verbs.
//!
//! Lists live in `data/*.txt` (one entry a line, `#` comments) or inline here
//! when they are tiny; everything is built once per process.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the lists hold short words, where SipHash's setup dominates.
#[derive(Default)]
pub struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const P: u64 = 0x100000001b3;
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        // Four bytes a step: the same hash, a quarter of the loop's own work.
        let mut quads = bytes.chunks_exact(4);
        for q in &mut quads {
            h = (h ^ u64::from(q[0])).wrapping_mul(P);
            h = (h ^ u64::from(q[1])).wrapping_mul(P);
            h = (h ^ u64::from(q[2])).wrapping_mul(P);
            h = (h ^ u64::from(q[3])).wrapping_mul(P);
        }
        for &b in quads.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(P);
        }
        self.0 = h;
    }
}
type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// Run `f` on the lowercase form of `w` without allocating for short ASCII words.
pub(crate) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let ascii = is_ascii_word(w.as_bytes());
    if ascii && !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(w);
    }
    if ascii && w.len() <= 48 {
        let mut buf = [0u8; 48];
        for (i, b) in w.bytes().enumerate() {
            buf[i] = b.to_ascii_lowercase();
        }
        // ASCII in, ASCII out.
        return f(std::str::from_utf8(&buf[..w.len()]).unwrap_or(w));
    }
    f(&w.to_lowercase())
}

/// Lowercase words with a value each, behind a quick reject: most words
/// looked up are in no list, and their length and first two and last
/// bytes say so without lowercasing or hashing the whole word.
struct Words<V> {
    entries: Vec<(String, V)>,
    /// Open addressing over `entries` by `fold_hash` (`EMPTY` marks a free
    /// slot; a power of two at least twice the entries long), so a lookup
    /// lowercases, hashes and compares in place.
    slots: Vec<u32>,
    /// A one-hash Bloom filter over the entries' shapes (see `shape`); the
    /// lists hold at most a few hundred words, so few of its 4,096 bits are set.
    shapes: [u64; 64],
    /// No entry has a non-ASCII char.
    ascii_only: bool,
}

/// A 12-bit digest of a word's length and its first, second and last bytes
/// with bit 5 set (so an ASCII word and its lowercase form agree).
#[inline]
fn shape(b: &[u8]) -> usize {
    let n = b.len();
    let key = match n {
        0 => 0,
        1 => u64::from(b[0]),
        _ => u64::from(b[0]) | u64::from(b[1]) << 8 | u64::from(b[n - 1]) << 16,
    } | 0x20_2020
        | (n as u64) << 24;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

const EMPTY: u32 = u32::MAX;

/// A hash of the bytes with bit 5 set in each (an ASCII word and its
/// lowercase form hash alike), eight bytes a step.
fn fold_hash(b: &[u8]) -> u64 {
    let mix = |h: u64, word: u64| {
        let h = (h ^ (word | 0x2020_2020_2020_2020)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ h >> 29
    };
    let mut h = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
    }
    let r = chunks.remainder();
    if !r.is_empty() {
        h = mix(h, load_short(r));
    }
    h
}

/// `b.is_ascii()`, in one load for a short word.
#[inline]
fn is_ascii_word(b: &[u8]) -> bool {
    match b.len() {
        0 => true,
        1..=7 => load_short(b) & 0x8080_8080_8080_8080 == 0,
        _ => b.is_ascii(),
    }
}

/// The bytes of `b` (1 to 7 of them) as a little-endian word, zero-padded,
/// from two overlapping loads instead of a copy.
#[inline]
fn load_short(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        lo | hi << (8 * (n - 4))
    } else {
        u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1))
    }
}

impl<V> Words<V> {
    /// Entries are lowercase; a repeated one keeps its last value.
    fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        let entries: Vec<(String, V)> = entries.into_iter().collect();
        let size = (entries.len() * 2).next_power_of_two().max(8);
        let ascii_only = entries.iter().all(|(w, _)| w.is_ascii());
        let mut words = Words { entries: Vec::new(), slots: vec![EMPTY; size], shapes: [0; 64], ascii_only };
        for (w, v) in entries {
            debug_assert!(!w.bytes().any(|b| b.is_ascii_uppercase()), "{w}");
            let k = shape(w.as_bytes());
            words.shapes[k / 64] |= 1 << (k % 64);
            let mut i = words.slot_of(w.as_bytes(), |e| e == w.as_bytes());
            if words.slots[i] == EMPTY {
                words.slots[i] = words.entries.len() as u32;
                words.entries.push((w, v));
            } else {
                i = words.slots[i] as usize;
                words.entries[i].1 = v;
            }
        }
        words
    }

    /// The slot holding the entry `same` accepts, or the free slot ending
    /// the probe for `key`'s hash.
    fn slot_of(&self, key: &[u8], same: impl Fn(&[u8]) -> bool) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = fold_hash(key) as usize & mask;
        loop {
            let e = self.slots[i];
            if e == EMPTY || same(self.entries[e as usize].0.as_bytes()) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether some entry may be the lowercase form of `w`: false only for
    /// an ASCII word no entry has the shape of (lowercasing keeps an ASCII
    /// word's length and changes no byte but letters).
    #[inline]
    fn may_hold(&self, w: &str) -> bool {
        if !is_ascii_word(w.as_bytes()) {
            // A char of U+2000–U+203F (’, “, —) is no letter and stays in
            // the lowercase form, which no ASCII entry then is.
            return !self.ascii_only || !w.as_bytes().windows(2).any(|p| p == [0xe2, 0x80]);
        }
        let k = shape(w.as_bytes());
        self.shapes[k / 64] & (1 << (k % 64)) != 0
    }

    /// The value of `w`'s lowercase form.
    #[inline]
    fn get(&self, w: &str) -> Option<&V> {
        if !self.may_hold(w) {
            return None;
        }
        self.lookup(w)
    }

    #[inline(never)]
    fn lookup(&self, w: &str) -> Option<&V> {
        let b = w.as_bytes();
        let slot = if is_ascii_word(b) {
            // Entries hold no ASCII capital: comparing ignoring ASCII case
            // compares with `w`'s lowercase form.
            self.slot_of(b, |e| e.eq_ignore_ascii_case(b))
        } else {
            let lw = w.to_lowercase();
            self.slot_of(lw.as_bytes(), |e| e == lw.as_bytes())
        };
        let e = self.slots[slot];
        (e != EMPTY).then(|| &self.entries[e as usize].1)
    }
}

type WordSet = Words<()>;

/// The lowercase words of a list (`#` lines are comments).
fn words_of(words: &str) -> impl Iterator<Item = String> + '_ {
    words.lines().filter(|l| !l.trim_start().starts_with('#')).flat_map(|l| l.split_whitespace()).map(str::to_lowercase)
}

fn set_of(words: &str) -> WordSet {
    Words::new(words_of(words).map(|w| (w, ())))
}

fn phrases_of(list: &str) -> WordSet {
    Words::new(list.split('|').map(|p| (p.to_lowercase(), ())))
}

fn lines_of(data: &str) -> WordSet {
    Words::new(
        data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| (l.to_lowercase(), ())),
    )
}

macro_rules! lazy_set {
    ($name:ident, $src:expr, $f:ident) => {
        fn $name() -> &'static WordSet {
            static S: OnceLock<WordSet> = OnceLock::new();
            S.get_or_init(|| $f($src))
        }
    };
}

lazy_set!(
    abbreviations,
    "mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj brig pres supt insp det st mt ft jr sr inc corp co ltd bros no vs etc approx dept est univ jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun fig al rev hon gens sens reps govs",
    set_of
);

/// Given names and their gender; a name on both lists is male.
fn first_names() -> &'static Words<Gender> {
    static S: OnceLock<Words<Gender>> = OnceLock::new();
    S.get_or_init(|| {
        let female = words_of(include_str!("../data/first_names_female.txt")).map(|w| (w, Gender::Female));
        let male = words_of(include_str!("../data/first_names_male.txt")).map(|w| (w, Gender::Male));
        Words::new(female.chain(male))
    })
}
lazy_set!(places, include_str!("../data/places.txt"), lines_of);
lazy_set!(orgs, include_str!("../data/orgs.txt"), lines_of);

// Titles written directly before a name ("Gen. Valery Gerasimov").
lazy_set!(
    titles,
    "mr mrs ms miss dr prof gen general sen senator rep representative gov governor lt col colonel sgt capt captain cmdr adm admiral maj brig president vice minister premier chancellor secretary ambassador mayor judge justice king queen prince princess pope sheikh cardinal bishop rev reverend father sir dame lord lady speaker chairman chairwoman chair director commissioner congressman congresswoman councilman councilwoman councillor councilor alderman mp mpp mla mna spokesman spokeswoman spokesperson envoy attorney prosecutor commander chief deputy sultan emir ayatollah patriarch inspector detective sergeant constable superintendent officer coach",
    set_of
);

// Nouns that name a person's role ("the Kremlin spokesman").
lazy_set!(
    role_heads,
    "spokesman spokeswoman spokesperson spokespeople inspector detective sergeant constable superintendent coach minister president leader chief adviser advisor advisers aide aides ambassador envoy candidate nominee frontrunner front-runner governor gov senator sen chairman chairwoman chair director secretary official officials commander general premier chancellor mayor lawmaker lawmakers legislator congressman congresswoman councillor councilor alderman mp mpp mla mna representative rep head founder ceo executive strategist analyst analysts expert experts professor economist lawyer attorney judge negotiator deputy counterpart host anchor correspondent reporter editor columnist author researcher pollster operative surrogate manager king queen prince pope dictator speaker whip justice prosecutor diplomat diplomats journalist activist owner billionaire businessman businesswoman mogul hopeful rival opponent challenger incumbent mate chairperson vice-president commissioner ombudsman presidency-elect president-elect vp tycoon ex-president dr mr mrs ms",
    set_of
);

// Words that may stand before a role head inside a role phrase.
lazy_set!(
    role_modifiers,
    "former then-former acting deputy vice senior top chief foreign defence defense interior finance economy justice prime presidential press state campaign national security republican democratic democrat gop white house kremlin russian ukrainian american us u.s. british french german chinese israeli iranian turkish polish european eu nato un u.n. military political veteran longtime long-time then incoming outgoing ex new current co-founder executive general assistant special communications spokesperson ministry department government party army police company agency embassy office council committee union court foundation city county federal regional provincial municipal health trade energy education transport labor labour treasury",
    set_of
);

// Lowercase function words that never start or continue a noun phrase head.
lazy_set!(
    function_words,
    "the a an this that these those his her their its our my your some any many most several each every no all both either neither other another such what which who whom whose when where why how and or but nor so yet for of in on at by to from with without into onto upon over under about after before during since until while as than then there here not also only just even still already again ever never very too is are was were be been being has have had do does did will would shall should can could may might must if because though although whether it he she they we i you me him us them one two three four five six seven eight nine ten",
    set_of
);

// Words capitalised at sentence start that are not names.
lazy_set!(
    sentence_starters,
    "the a an in on at but and or so yet for if when while after before as this that these those it he she they we i you his her their its our there here what which who why how however meanwhile still also then now later earlier last next according despite since though although because with without by from of to during under over about not no one two many some most several both all each every another other such only even just more less asked speaking writing",
    set_of
);

// Capitalised words that are never entity names on their own.
lazy_set!(
    non_names,
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec i advertisement read more photo update feed glance the a an mr mrs ms dr he she they we it his her their but and or yes no ok okay thanks thank god christmas easter today tomorrow yesterday",
    set_of
);

// Last words of organisation names ("Foreign Ministry", "Labour Party").
lazy_set!(
    org_suffixes,
    "ministry party council inc agency commission committee department office union organization organisation corporation corp company group bank fund institute university college court parliament assembly congress senate federation foundation association service services times post news journal herald tribune press network bureau board forces army navy administration campaign guard police church academy center centre project movement alliance coalition front cabinet duma rada team staff studios media magazine tv radio channel daily gazette review reuters ltd llc plc gmbh airlines motors industries systems labs club society school hospital house caucus pac initiative watch forum summit trust league museum authority foods transit holdings athletic syndication courier ledger chronicle wire",
    set_of
);

// Words for places that are not in the gazetteer but end place names.
lazy_set!(
    place_suffixes,
    "city county state province region oblast island islands river valley street square avenue airport peninsula sea ocean mountains district sound bay basin dam lake coast hills",
    set_of
);

// Plural or generic nouns that are speakers without a determiner ("officials said").
lazy_set!(
    bare_speaker_nouns,
    "officials sources analysts experts critics observers groups farmers workers families parents students businesses campaigners unions lawmakers diplomats witnesses residents authorities investigators prosecutors police researchers scientists economists aides advisers advisors supporters democrats republicans voters polls people reports documents records data studies surveys insiders activists protesters others many some both reporters americans conservatives liberals opponents allies staffers leaders members candidates source person insider witness resident observer voter statement report letter study survey poll memo document filing lawsuit release",
    set_of
);

// Adverbs and auxiliaries allowed between a subject and its cue verb
// (separated by `|`: some are two words).
lazy_set!(
    cue_fillers,
    "also|has|have|had|was|were|is|are|previously|later|then|recently|repeatedly|again|reportedly|publicly|privately|once|already|often|even|just|still|first|would|will|could|may|might|did|does|do|not|n't|never|further|frequently|flatly|openly|explicitly|specifically|initially|subsequently|separately|similarly|earlier|last|simply|clearly|reportedly,|allegedly|apparently|actually|personally|firmly|strongly|famously|quickly|immediately|has also|always|seemingly|can|should|must|who|which|that|been|being|had been|finally|eventually|ultimately|angrily|sharply|proudly|quietly|loudly|calmly|candidly|frankly|bluntly|tearfully|defiantly|cautiously|confidently|formally|officially|jokingly|emphatically|curtly|briefly|bitterly|belatedly|hastily|forcefully|tersely|wryly|readily|falsely|correctly|wrongly|rightly",
    phrases_of
);

/// Nationality adjectives → country (lowercase both).
fn demonym_map() -> &'static Words<&'static str> {
    static M: OnceLock<Words<&'static str>> = OnceLock::new();
    M.get_or_init(|| {
        let pairs = [
            ("russian", "russia"),
            ("ukrainian", "ukraine"),
            ("american", "united states"),
            ("us", "united states"),
            ("u.s.", "united states"),
            ("british", "united kingdom"),
            ("uk", "united kingdom"),
            ("french", "france"),
            ("german", "germany"),
            ("chinese", "china"),
            ("israeli", "israel"),
            ("iranian", "iran"),
            ("turkish", "turkey"),
            ("polish", "poland"),
            ("italian", "italy"),
            ("spanish", "spain"),
            ("japanese", "japan"),
            ("indian", "india"),
            ("syrian", "syria"),
            ("iraqi", "iraq"),
            ("belarusian", "belarus"),
            ("hungarian", "hungary"),
            ("saudi", "saudi arabia"),
            ("kremlin", "russia"),
            ("mexican", "mexico"),
            ("canadian", "canada"),
        ]
        .map(|(d, c)| (d.to_string(), c));
        Words::new(pairs)
    })
}

pub fn demonym_country(w: &str) -> Option<&'static str> {
    demonym_map().get(w).copied()
}

pub fn is_demonym(w: &str) -> bool {
    demonym_country(w).is_some() || w.ends_with("-American") || has(other_demonyms(), w) || looks_like_demonym(w)
}

lazy_set!(other_demonyms, "european western arab muslim democratic republican", set_of);

/// A nationality adjective not in the table ("Veltarian", "Moldovan",
/// "Burkinabe" aside): the usual suffixes, on a word that is not a known
/// first name (Christian, Brian, Sean and Dean end alike).
fn looks_like_demonym(w: &str) -> bool {
    const SUFFIXES: [&str; 4] = ["ian", "ean", "ese", "ish"];
    let suffixed = if w.is_ascii() {
        // Lowercasing keeps an ASCII word's length and its last three bytes' letters.
        w.len() >= 6 && SUFFIXES.iter().any(|suf| w.as_bytes()[w.len() - 3..].eq_ignore_ascii_case(suf.as_bytes()))
    } else {
        with_lower(w, |lw| lw.len() >= 6 && SUFFIXES.iter().any(|suf| lw.ends_with(suf)))
    };
    w.chars().next().is_some_and(char::is_uppercase) && suffixed && !is_first_name(w)
}

fn has(set: &WordSet, w: &str) -> bool {
    set.get(w).is_some()
}

pub fn is_abbreviation(w: &str) -> bool {
    has(abbreviations(), w.trim_end_matches('.'))
}
pub fn is_title(w: &str) -> bool {
    has(titles(), w.trim_end_matches('.'))
}
pub fn is_role_head(w: &str) -> bool {
    has(role_heads(), w.trim_end_matches('.'))
}
pub fn is_role_modifier(w: &str) -> bool {
    has(role_modifiers(), w)
}
pub fn is_function_word(w: &str) -> bool {
    has(function_words(), w)
}
pub fn is_sentence_starter(w: &str) -> bool {
    has(sentence_starters(), w)
}
pub fn is_non_name(w: &str) -> bool {
    has(non_names(), w.trim_end_matches('.'))
}
pub fn is_place(name: &str) -> bool {
    has(places(), name)
}
pub fn is_org(name: &str) -> bool {
    has(orgs(), name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

pub fn first_name_gender(w: &str) -> Option<Gender> {
    first_names().get(w).copied()
}

pub fn is_first_name(w: &str) -> bool {
    first_name_gender(w).is_some()
}

/// Gender implied by a title or role word.
pub fn title_gender(w: &str) -> Option<Gender> {
    with_lower(w.trim_end_matches('.'), |lw| match lw {
        "mr" | "sir" | "lord" | "king" | "prince" | "spokesman" | "chairman" | "congressman" | "councilman"
        | "businessman" | "father" | "pope" | "sultan" | "emir" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "spokeswoman" | "chairwoman"
        | "congresswoman" | "councilwoman" | "businesswoman" => Some(Gender::Female),
        _ => None,
    })
}

/// Last words of organisation names ("Foreign Ministry", "Labour Party").
pub fn is_org_suffix(w: &str) -> bool {
    has(org_suffixes(), w.trim_end_matches('.'))
}

/// Words for places that are not in the gazetteer but end place names.
pub fn is_place_suffix(w: &str) -> bool {
    has(place_suffixes(), w)
}

/// First words of place names ("Port Ellis", "River Tane", "Lake Vorn").
pub fn is_place_prefix(w: &str) -> bool {
    with_lower(w, |lw| matches!(lw, "port" | "river" | "lake" | "mount" | "cape" | "fort"))
}

/// Plural or generic nouns that are speakers without a determiner ("officials said").
pub fn is_bare_speaker_noun(w: &str) -> bool {
    has(bare_speaker_nouns(), w)
}

pub fn pronoun_info(w: &str) -> Option<Option<Gender>> {
    if w.len() > 4 {
        return None;
    }
    with_lower(w, |lw| match lw {
        "he" => Some(Some(Gender::Male)),
        "she" => Some(Some(Gender::Female)),
        "they" | "we" | "i" | "it" | "you" | "who" => Some(None),
        _ => None,
    })
}

/// How a cue verb takes its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// Speech verbs: content is a clause or a quote ("said", "told", "wrote").
    Speech,
    /// Verbs of belief, intent and evidence ("believes", "wants", "shows").
    Belief,
    /// Verbs that take an object as content ("called X Y", "proposed X").
    Object,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    pub class: CueClass,
    /// Participle ("saying", "adding"): the subject is the clause's subject.
    pub participle: bool,
    /// Bare or 3rd-person forms that are also common nouns ("report", "claims").
    pub noun_like: bool,
}

const SPEECH: &str = "say says said saying|tell tells told telling|add adds added adding|warn warns warned warning|claim claims claimed claiming|noted noting notes|stress stresses stressed stressing|emphasise emphasises emphasised emphasising|emphasize emphasizes emphasized emphasizing|affirm affirms affirmed affirming|remark remarks remarked remarking|argue argues argued arguing|insist insists insisted insisting|deny denies denied denying|announce announces announced announcing|declare declares declared declaring|write writes wrote writing|post posts posted posting|tweet tweets tweeted tweeting|explain explains explained explaining|suggest suggests suggested suggesting|acknowledge acknowledges acknowledged acknowledging|admit admits admitted admitting|confirm confirms confirmed confirming|vow vows vowed vowing|report reports reported reporting|reveal reveals revealed revealing|stated|reply replies replied replying|respond responds responded responding|recall recalls recalled recalling|predict predicts predicted predicting|promise promises promised promising|pledge pledges pledged pledging|concede concedes conceded conceding|contend contends contended contending|assert asserts asserted asserting|maintain maintains maintained maintaining|allege alleges alleged alleging|ask asks asked asking|answer answers answered answering|conclude concludes concluded concluding|comment comments commented commenting|complain complains complained complaining|testify testifies testified testifying|observe observes observed observing|agree agrees agreed agreeing|repeat repeats repeated repeating|reiterate reiterates reiterated reiterating|caution cautions cautioned cautioning|boast boasts boasted boasting|joke jokes joked joking|quip quips quipped quipping|lament laments lamented lamenting|recount recounts recounted recounting|tout touts touted touting|charge charges charged charging|counter counters countered countering|signal signals signaled signalled signaling signalling|indicate indicates indicated indicating|estimate estimates estimated estimating|informed|assure assures assured assuring|exclaim exclaims exclaimed|shout shouts shouted|mention mentions mentioned mentioning|retort retorts retorted|continue continues continued|hint hints hinted|speculate speculates speculated|threaten threatens threatened threatening|demand demands demanded demanding|disclose discloses disclosed|clarify clarifies clarified|complained|proclaim proclaims proclaimed|brag brags bragged|admonish admonished|scoff scoffed|chided|reckon reckons reckoned|opine opines opined|theorize theorized|posit posits posited|acknowledging|talk talks talked talking|point points pointed pointing|express expresses expressed expressing|echo echoes echoed echoing|remind reminds reminded reminding|decry decries decried decrying|bemoan bemoans bemoaned bemoaning|imply implies implied implying|retweet retweets retweeted retweeting|yell yells yelled|discuss discusses discussed discussing|raised|weighed|lashed|wonder wondered|warn|cast|insisting|explaining|highlight highlights highlighted highlighting|confess confesses confessed confessing";
const BELIEF: &str = "think thinks thought thinking|believe believes believed believing|feel feels felt|hope hopes hoped hoping|fear fears feared fearing|expect expects expected|know knows knew|worry worries worried|doubt doubts doubted|want wants wanted|show shows showed shown showing|find finds found|conclude|suspect suspects suspected|realize realizes realized|understand understands understood|insisted|imagine imagines imagined|wonder wonders wondered|plan plans planned|intend intends intended|agreed|decide decides decided|learned learnt|hopes|predicts|estimated|projected|assume assumes assumed|consider considers considered|see sees saw|seem seems seemed|appear appears appeared";
const OBJECT: &str = "call calls called calling|propose proposes proposed proposing|endorse endorses endorsed endorsing|criticize criticizes criticized criticizing|criticise criticises criticised criticising|praise praises praised praising|describe describes described describing|dismiss dismisses dismissed dismissing|blame blames blamed blaming|accuse accuses accused accusing|support supports supported supporting|oppose opposes opposed opposing|reject rejects rejected rejecting|defend defends defended defending|urge urges urged urging|label labels labelled labeled labelling labeling|slam slams slammed slamming|blast blasts blasted blasting|condemn condemns condemned condemning|cite cites cited citing|refer refers referred referring|question questions questioned questioning|welcome welcomes welcomed welcoming|applaud applauds applauded|thank thanks thanked|attack attacks attacked attacking|mock mocks mocked mocking|decline declines declined declining|refuse refuses refused refusing|seek seeks sought seeking|offer offers offered offering|recommend recommends recommended recommending|challenge challenges challenged challenging|invite invites invited inviting|dub dubs dubbed dubbing|brand brands branded branding|characterize characterizes characterized characterizing|pressed|encourage encourages encouraged encouraging|insult insults insulted|deride derides derided deriding|ridicule ridiculed|lambast lambasted|denounce denounces denounced denouncing|backed|back backs backing|assail assails assailed|portray portrays portrayed portraying|liken likens likened|compare compares compared comparing|push pushes pushed pushing|deem deems deemed|favor favors favored favour favoured|prefer prefers preferred|tout|float floated|name named|order ordered|identify identified|sign signed|nominate nominated|championed|embrace embraces embraced|ignore ignored|recognize recognized";

/// Forms that are commonly nouns or adjectives and need a clear subject.
const NOUN_LIKE: &str = "report reports claim claims note notes post posts state states call calls comment comments answer answers charge charges counter counters estimate estimates support supports attack attacks plan plans show shows fear fears hope hopes doubt doubts question questions offer offers thanks brand back backs backing post posted continue signal signals tweet tweets remark remarks demand demands promise promises pledge pledges want find found see saw seem appear feel";

/// Forms that measured mostly as something other than a cue (nouns, "points",
/// "raised", "talks") on the development data.
const DENY: &str = "points point raised name speaking speak push sign identify continue continues talks talk comments comment attack attacks supports understands understand thinking encouraging reporting find appear appears question questions challenge challenges felt feel saw see sees maintained maintain expected state states stating notes note know knew plan plans";

/// Every cue form: its class and whether it is noun-like.
fn cue_map() -> &'static Words<(CueClass, bool)> {
    static M: OnceLock<Words<(CueClass, bool)>> = OnceLock::new();
    M.get_or_init(|| {
        let mut forms = Vec::new();
        for (src, class) in [(OBJECT, CueClass::Object), (BELIEF, CueClass::Belief), (SPEECH, CueClass::Speech)] {
            for group in src.split('|') {
                for w in group.split_whitespace() {
                    if !DENY.split_whitespace().any(|d| d == w) {
                        forms.push((w.to_string(), (class, NOUN_LIKE.split_whitespace().any(|n| n == w))));
                    }
                }
            }
        }
        Words::new(forms)
    })
}

/// The cue a word form is, if any.
#[inline]
pub fn cue(w: &str) -> Option<Cue> {
    if w.len() < 3 || !w.as_bytes()[0].is_ascii_alphabetic() || !cue_map().may_hold(w) {
        return None;
    }
    cue_of(w)
}

#[inline(never)]
fn cue_of(w: &str) -> Option<Cue> {
    let &(class, noun_like) = cue_map().lookup(w)?;
    Some(Cue { class, participle: with_lower(w, |lw| lw.ends_with("ing")), noun_like })
}

/// Lowercase cue word, lightly stemmed: a final "ing", "ed", "es" or "s" and
/// then a final "e" are cut ("believes", "believed", "believing" → "believ").
/// Expects a lowercase word; words of three letters or fewer stay whole.
pub fn cue_stem(w: &str) -> &str {
    if w.len() <= 3 || !is_ascii_word(w.as_bytes()) {
        return w;
    }
    let mut s = w;
    for suf in ["ing", "ed", "es", "s"] {
        if let Some(r) = s.strip_suffix(suf)
            && r.len() >= 3
            && !(suf == "s" && r.ends_with('s'))
        {
            s = r;
            break;
        }
    }
    s.strip_suffix('e').filter(|r| r.len() >= 3).unwrap_or(s)
}

/// A linear model of "this word is an attribution cue here", learned from
/// PolNeAR train by `examples/cue_train.rs` and stored in `data/cue_model.tsv`:
/// `@threshold T`, `@vocab STEM` lines (the stems worth a look) and
/// `FEATURE<TAB>WEIGHT<TAB>WEIGHT` lines. A site's score is the sum of its
/// features' first weights; the sum of the second weights, when above 0,
/// says the statement names no source ("X is expected to win").
pub struct CueModel {
    pub threshold: f64,
    vocab: FastSet,
    /// Quick reject: a Bloom filter of the stems' shapes (see `shape`).
    shapes: [u64; 64],
    /// By the hash of the feature name (`pieces_key`; no string compare at run time).
    weights: FeatureTable,
}

/// Open addressing from a feature name's hash to its weights (a
/// general hash map's probing costs more than the lookups it serves).
#[derive(Default)]
struct FeatureTable {
    /// (hash, index into `weights`); `EMPTY` marks a free slot. A power of
    /// two at least twice the weights long, or empty.
    slots: Vec<(u64, u32)>,
    weights: Vec<(f64, f64)>,
}

impl FeatureTable {
    fn build(pairs: Vec<(u64, (f64, f64))>) -> FeatureTable {
        let size = (pairs.len() * 2).next_power_of_two().max(8);
        let mut t = FeatureTable { slots: vec![(0, EMPTY); size], weights: Vec::new() };
        for (key, w) in pairs {
            let i = t.slot_of(key);
            match t.slots[i] {
                // A repeated name keeps its last weights, as a map's insert.
                (_, e) if e != EMPTY => t.weights[e as usize] = w,
                _ => {
                    t.slots[i] = (key, t.weights.len() as u32);
                    t.weights.push(w);
                }
            }
        }
        t
    }

    #[inline]
    fn slot_of(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        loop {
            let (k, e) = self.slots[i];
            if e == EMPTY || k == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, key: u64) -> (f64, f64) {
        if self.slots.is_empty() {
            return (0.0, 0.0);
        }
        let (_, e) = self.slots[self.slot_of(key)];
        if e == EMPTY { (0.0, 0.0) } else { self.weights[e as usize] }
    }
}

/// A piece of a feature name ("w=", a stem, "|n1=") with its share of the
/// name's hash worked out once: a feature joins its pieces' hashes in a
/// multiply-add each, so a site's many features sharing a stem or a
/// separator hash no byte twice. The name's hash is the polynomial of its
/// bytes (`h = h·B + byte` from 1; joining `a` then `b` is
/// `H(a)·B^|b| + H(b)`).
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    pub text: &'a str,
    hash: u64,
    /// B to the piece's length.
    pow: u64,
}

const PIECE_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

impl<'a> Piece<'a> {
    /// (A `const fn`: a literal's piece is `const { Piece::new("w=") }`.)
    pub const fn new(text: &'a str) -> Piece<'a> {
        let b = text.as_bytes();
        let (mut hash, mut pow, mut i) = (0u64, 1u64, 0);
        while i < b.len() {
            hash = hash.wrapping_mul(PIECE_BASE).wrapping_add(b[i] as u64);
            pow = pow.wrapping_mul(PIECE_BASE);
            i += 1;
        }
        Piece { text, hash, pow }
    }
}

/// The hash of the name the pieces spell.
#[inline]
fn pieces_key(pieces: &[&Piece<'_>]) -> u64 {
    let mut h = 1u64;
    for p in pieces {
        h = h.wrapping_mul(p.pow).wrapping_add(p.hash);
    }
    // (No finaliser: the table takes the high bits of a multiple.)
    h
}

fn feature_key(f: &str) -> u64 {
    pieces_key(&[&Piece::new(f)])
}

impl CueModel {
    pub fn parse(data: &str) -> CueModel {
        let mut threshold = f64::INFINITY;
        let (mut vocab, mut shapes) = (FastSet::default(), [0u64; 64]);
        let mut weights = Vec::new();
        for line in data.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(t) = line.strip_prefix("@threshold ") {
                threshold = t.trim().parse().unwrap_or(f64::INFINITY);
            } else if let Some(v) = line.strip_prefix("@vocab ") {
                let v = v.trim();
                if !v.is_empty() {
                    let k = shape(v.as_bytes());
                    shapes[k / 64] |= 1 << (k % 64);
                }
                vocab.insert(v.to_string());
            } else {
                let mut parts = line.split('\t');
                let (Some(f), Some(w1)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let w2 = parts.next().and_then(|w| w.parse().ok()).unwrap_or(0.0);
                if let Ok(w1) = w1.parse() {
                    weights.push((feature_key(f), (w1, w2)));
                }
            }
        }
        CueModel { threshold, vocab, shapes, weights: FeatureTable::build(weights) }
    }
    /// Whether the model looks at this stem at all.
    pub fn knows(&self, stem: &str) -> bool {
        if stem.is_empty() {
            return false;
        }
        let k = shape(stem.as_bytes());
        self.shapes[k / 64] & (1 << (k % 64)) != 0 && self.vocab.contains(stem)
    }
    pub fn is_empty(&self) -> bool {
        self.vocab.is_empty()
    }
    /// A feature's weights: cue, and no source (unknown features weigh nothing).
    pub fn weights(&self, feature: &str) -> (f64, f64) {
        self.weights.get(feature_key(feature))
    }
    /// The weights of the feature named by the concatenation of `parts`
    /// ("w=", stem, "|a=", …), without building the name.
    pub fn weights_of(&self, parts: &[&str]) -> (f64, f64) {
        let mut h = 1u64;
        for p in parts {
            let p = Piece::new(p);
            h = h.wrapping_mul(p.pow).wrapping_add(p.hash);
        }
        self.weights.get(h)
    }
    /// The weights of the feature the pieces name.
    #[inline]
    pub fn weights_of_pieces(&self, pieces: &[&Piece<'_>]) -> (f64, f64) {
        self.weights.get(pieces_key(pieces))
    }
    /// Sum of the features' cue weights.
    pub fn score<S: AsRef<str>>(&self, features: &[S]) -> f64 {
        features.iter().map(|f| self.weights(f.as_ref()).0).sum()
    }
}

/// The learned cue model shipped with the crate.
pub fn cue_model() -> &'static CueModel {
    static M: OnceLock<CueModel> = OnceLock::new();
    M.get_or_init(|| CueModel::parse(include_str!("../data/cue_model.tsv")))
}

/// The learned model of the wider cue candidates (`quotes::candidates`),
/// in the same format, from `data/cand_model.tsv` (`examples/cand_train.rs`).
pub fn candidate_model() -> &'static CueModel {
    static M: OnceLock<CueModel> = OnceLock::new();
    M.get_or_init(|| CueModel::parse(include_str!("../data/cand_model.tsv")))
}

/// The learned model of which cue a content belongs to when one statement's
/// cue lies inside another's content (`quotes::pairing`), in the same
/// format, from `data/pair_model.tsv` (`examples/pair_train.rs`).
pub fn pair_model() -> &'static CueModel {
    static M: OnceLock<CueModel> = OnceLock::new();
    M.get_or_init(|| CueModel::parse(include_str!("../data/pair_model.tsv")))
}

// Cue words that name an act or a stance, not words said: "backed the
// bill", "declined to comment", "signed the order", "sought the nomination".
// PolNeAR attributes them; a statement needs words a reader can quote.
lazy_set!(
    acts,
    "support supports supported supporting back backs backed backing endorse endorses endorsed endorsing sign signs signed signing seek seeks sought seeking decide decides decided deciding plan plans planned planning intend intends intended order orders ordered nominate nominates nominated name names named favor favors favored favour favours favoured prefer prefers preferred embrace embraces embraced embracing ignore ignores ignored recognize recognizes recognized decline declines declined declining refuse refuses refused refusing invite invites invited inviting champion championed float floated",
    set_of
);

/// Whether a cue word names an act or a stance rather than speech ("backed",
/// "declined", "signed", "sought").
pub fn is_act_cue(w: &str) -> bool {
    has(acts(), w)
}

/// Adverbs and auxiliaries allowed between a subject and its cue verb.
pub fn is_cue_filler(w: &str) -> bool {
    has(cue_fillers(), w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_answer_case_insensitively() {
        assert_eq!(first_name_gender("Dmitry"), Some(Gender::Male));
        assert_eq!(first_name_gender("Hillary"), Some(Gender::Female));
        assert!(is_place("Kyiv") && is_place("new york"));
        assert!(is_org("the kremlin".trim_start_matches("the ")));
        assert_eq!(cue("Said").map(|c| c.class), Some(CueClass::Speech));
        assert!(cue("saying").unwrap().participle);
        assert!(is_abbreviation("Sept."));
    }

    #[test]
    fn fold_hash_is_the_padded_word_hash() {
        let slow = |b: &[u8]| {
            let mut h = b.len() as u64;
            for chunk in b.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                h = (h ^ (u64::from_le_bytes(word) | 0x2020_2020_2020_2020)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                h ^= h >> 29;
            }
            h
        };
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        for i in 0..text.len() {
            for j in i..text.len() {
                assert_eq!(fold_hash(&text.as_bytes()[i..j]), slow(&text.as_bytes()[i..j]), "{i} {j}");
            }
        }
    }

    #[test]
    fn short_words_test_ascii_as_slices_do() {
        for t in ["", "a", "ab", "abc", "abcdefg", "abcdefgh", "é", "aé", "abcdeé", "’s", "x’", "abcdefgé"] {
            assert_eq!(is_ascii_word(t.as_bytes()), t.is_ascii(), "{t:?}");
        }
    }

    #[test]
    fn non_ascii_words_look_up_as_before() {
        let ascii = Words::new([("trump".to_string(), ()), ("k".to_string(), ())]);
        assert!(ascii.get("Trump’s").is_none() && ascii.get("TRUMP").is_some());
        // KELVIN SIGN lowercases to an ASCII "k".
        assert!(ascii.get("\u{212a}").is_some());
        let other = Words::new([("don’t".to_string(), ())]);
        assert!(other.get("Don’t").is_some() && other.get("don’t").is_some());
    }

    #[test]
    fn cue_stems_join_inflections() {
        for w in ["believe", "believes", "believed", "believing"] {
            assert_eq!(cue_stem(w), "believ", "{w}");
        }
        assert_eq!(cue_stem("supports"), "support");
        assert_eq!(cue_stem("discuss"), "discuss");
        assert_eq!(cue_stem("is"), "is");
    }

    #[test]
    fn cue_model_parses_and_scores() {
        let m = CueModel::parse("# test\n@threshold 0.5\n@vocab support\nb\t-1.0\t0.2\nw=support\t2.0\t-1\nbad line\n");
        assert_eq!(m.threshold, 0.5);
        assert!(m.knows("support") && !m.knows("oppos") && !m.is_empty());
        assert_eq!(m.weights("w=support"), (2.0, -1.0));
        assert_eq!(m.weights("unknown"), (0.0, 0.0));
        assert_eq!(m.score(&["b", "w=support", "unknown"]), 1.0);
        // A repeated name keeps its last weights; pieces hash as the whole name.
        let m = CueModel::parse("w=a|n1=lw\t1.0\nw=a|n1=lw\t3.0\t0.5\n");
        assert_eq!(m.weights_of(&["w=", "a", "|n1=", "lw"]), (3.0, 0.5));
        assert_eq!(m.weights_of(&["w=", "a", "|n1=", "l"]), (0.0, 0.0));
        let slow =
            |b: &[u8]| b.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
        for t in ["", "a", "abc", "abcd", "abcdefg", "w=believ|n12=lw the"] {
            let mut h = Fnv::default();
            h.write(t.as_bytes());
            assert_eq!(h.finish(), slow(t.as_bytes()), "{t:?}");
        }
        // Pieces hash as the name they spell, however it is cut.
        let name = "w=a|n1=lw";
        for i in 0..=name.len() {
            for j in i..=name.len() {
                let (a, b, c) = (&name[..i], &name[i..j], &name[j..]);
                assert_eq!(pieces_key(&[&Piece::new(a), &Piece::new(b), &Piece::new(c)]), feature_key(name));
                assert_eq!(m.weights_of(&[a, b, c]), (3.0, 0.5));
            }
        }
        assert_ne!(feature_key("ab"), feature_key("\0ab"));
        const W: Piece<'static> = Piece::new("w=a");
        assert_eq!(m.weights_of_pieces(&[&W, &Piece::new("|n1=lw")]), (3.0, 0.5));
        assert!(CueModel::parse("").is_empty());
        // The shipped model loads and looks at some stems.
        assert!(!cue_model().is_empty() && cue_model().threshold.is_finite());
    }
}
