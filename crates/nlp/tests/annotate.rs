//! What a reader of storyline's output notices: the right speaker for "he",
//! roles resolved to people, split and carried quotes, scare quotes ignored,
//! unbalanced marks contained, and offsets that slice back to the text.
//!
//! Fixtures are written by the team (fictional wording); one `check()` runs
//! each case against its expectations.

use storyline_model::{EntityKind, Paragraph, ParagraphKind, PartialDate, QuoteKind, Span};
use storyline_nlp::{Annotations, annotate};

/// What one statement in the output should look like.
struct Want<'a> {
    /// A substring of the statement's text that identifies it.
    has: &'a str,
    kind: QuoteKind,
    speaker: Option<&'a str>,
    /// The speaker mention as written.
    written: Option<&'a str>,
}

fn want<'a>(has: &'a str, kind: QuoteKind, speaker: Option<&'a str>, written: Option<&'a str>) -> Want<'a> {
    Want { has, kind, speaker, written }
}

fn slice(text: &str, s: Span) -> String {
    text.chars().skip(s.start).take(s.len()).collect()
}

/// Every span of the output indexes the text by chars.
fn assert_offsets(text: &str, a: &Annotations) {
    let n = text.chars().count();
    for q in &a.quotes {
        assert!(q.span.start <= q.span.end && q.span.end <= n, "quote span out of range: {q:?}");
        assert_eq!(slice(text, q.span), q.text, "quote text must equal its span");
        if let (Some(c), Some(cs)) = (&q.cue, q.cue_span) {
            assert_eq!(&slice(text, cs), c, "cue text must equal its span");
        }
        if let Some(s) = q.speaker_span {
            assert!(s.end <= n);
        }
    }
    for m in &a.mentions {
        assert!(m.span.end <= n, "mention out of range: {m:?}");
    }
    for w in a.sentences.windows(2) {
        assert!(w[0].end <= w[1].start, "sentences overlap: {w:?}");
    }
}

fn check(text: &str, wants: &[Want<'_>]) -> Annotations {
    let a = annotate(text, &[], PartialDate::parse_lenient("2025-09-05"));
    assert_offsets(text, &a);
    for w in wants {
        let q = a
            .quotes
            .iter()
            .find(|q| q.text.contains(w.has))
            .unwrap_or_else(|| panic!("no statement containing {:?} in {:#?}", w.has, a.quotes));
        assert_eq!(q.kind, w.kind, "kind of {:?}", w.has);
        assert_eq!(q.speaker.as_deref(), w.speaker, "speaker of {:?}", w.has);
        assert_eq!(q.speaker_span.map(|s| slice(text, s)).as_deref(), w.written, "speaker as written for {:?}", w.has);
        assert!(q.cue_span.is_some() || w.speaker.is_none() || q.speaker.is_some(), "cue of {:?}", w.has);
    }
    a
}

use QuoteKind::{Direct, Indirect, Mixed};

#[test]
fn he_goes_to_the_previous_speaker_not_the_last_name_seen() {
    check(
        "Kremlin spokesperson Dmitry Peskov spoke to reporters on Tuesday. \
         Talks with Ukrainian President Volodymyr Zelensky were not planned for now, he said.",
        &[want("Talks with Ukrainian President", Indirect, Some("Dmitry Peskov"), Some("he"))],
    );
}

#[test]
fn he_prefers_the_subject_of_the_previous_attributed_statement() {
    check(
        "“We are ready,” Peskov said on Monday. Kremlin spokesperson Dmitry Peskov was asked about Joe Biden.\n\n\
         Biden’s remarks were noted. He added that a meeting was possible later this year.",
        &[want("a meeting was possible", Indirect, Some("Dmitry Peskov"), Some("He"))],
    );
}

#[test]
fn she_skips_men_by_first_name() {
    check(
        "Annalena Baerbock met Sergey Lavrov in Geneva. She said the talks had been difficult but useful.",
        &[want("the talks had been difficult", Indirect, Some("Annalena Baerbock"), Some("She"))],
    );
}

#[test]
fn role_phrases_resolve_to_the_person_holding_the_role() {
    check(
        "Russian Foreign Minister Sergey Lavrov arrived in Ankara on Friday.\n\n\
         The talks would focus on grain exports, the foreign minister said.\n\n\
         Ukrainian President Volodymyr Zelensky was in Kyiv. The Ukrainian leader said Kyiv would not accept any deal made without it.",
        &[
            want("grain exports", Indirect, Some("Sergey Lavrov"), Some("the foreign minister")),
            want("would not accept any deal", Indirect, Some("Volodymyr Zelensky"), Some("The Ukrainian leader")),
        ],
    );
}

#[test]
fn nationality_in_a_role_phrase_must_agree() {
    check(
        "President Vladimir Putin met Ukrainian President Volodymyr Zelensky. \
         “If he wants, let him come,” the Russian leader said.",
        &[want("If he wants", Direct, Some("Vladimir Putin"), Some("the Russian leader"))],
    );
}

#[test]
fn a_relative_clause_is_its_own_statement_and_media_are_found() {
    let a = check(
        "US President Donald Trump, who has pushed for a summit, told Fox News he was “not happy” with either side.",
        &[
            // The cue lies inside the relative clause: the mention as
            // written is its pronoun, resolved to the antecedent.
            want("a summit", Indirect, Some("Donald Trump"), Some("who")),
            want(
                "he was “not happy” with either side",
                Mixed,
                Some("Donald Trump"),
                Some("US President Donald Trump, who has pushed for a summit"),
            ),
        ],
    );
    let told = a.quotes.iter().find(|q| q.cue.as_deref() == Some("told")).expect("told");
    assert_eq!(told.medium.as_deref(), Some("Fox News"));
    let a = check(
        "Speaking at the Eastern Economic Forum in Vladivostok, Putin said he was ready to meet.",
        &[want("he was ready to meet", Indirect, Some("Putin"), Some("Putin"))],
    );
    assert_eq!(a.quotes[0].medium.as_deref(), Some("the Eastern Economic Forum in Vladivostok"));
}

#[test]
fn datelines_role_phrases_and_time_words_around_the_cue() {
    let a = check(
        "KYIV, Jan. 28 - Zelenskyy is ready to meet Putin in any format, his chief of staff Andriy Yermak said late on January 28.\n\n\
         Kremlin spokesman Dmitry Peskov on Tuesday called the idea “problematic.”",
        &[
            want(
                "Zelenskyy is ready to meet Putin",
                Indirect,
                Some("Andriy Yermak"),
                Some("his chief of staff Andriy Yermak"),
            ),
            want("the idea", Mixed, Some("Dmitry Peskov"), Some("Kremlin spokesman Dmitry Peskov")),
        ],
    );
    assert!(a.quotes[0].text.starts_with("Zelenskyy"), "dateline kept: {:?}", a.quotes[0].text);
}

#[test]
fn a_question_quote_keeps_its_trailing_cue() {
    let a = check(
        "“Is that all there is?” Trump said. “We need a new approach, and fast.”",
        &[
            want("Is that all there is?", Direct, Some("Trump"), Some("Trump")),
            want("We need a new approach", Direct, Some("Trump"), Some("Trump")),
        ],
    );
    assert_eq!(a.quotes[0].cue_span, a.quotes[1].cue_span);
}

#[test]
fn headline_and_transcript_colons_attribute() {
    check(
        "Peskov: Summit with Kyiv not on the agenda\n\nPhoto: Reuters\n\nBLITZER: And what happens next in the talks?",
        &[
            want("Summit with Kyiv not on the agenda", Indirect, Some("Peskov"), Some("Peskov")),
            want("And what happens next", Indirect, Some("BLITZER"), Some("BLITZER")),
        ],
    );
    // A label or a place before the colon heads a list or a headline: nobody says it.
    for t in [
        "Photo: Reuters staff in the field",
        "Poll: Varga and Blake level in the northern provinces",
        "Editor’s Note: The following is the second of three excerpts.",
        "Contributing: Ana Ruiz and Tomas Brenn.",
        "The delegates, by state.\n\nOhio: Ana Ruiz, Tomas Brenn, Ivo Marsh and Petra Lind.",
    ] {
        let a = annotate(t, &[], None);
        assert!(a.quotes.is_empty(), "{t}: {:#?}", a.quotes);
    }
}

#[test]
fn a_later_that_stays_inside_the_content() {
    check(
        "Putin's aide Yuri Ushakov said the call had lasted two hours and that the presidents agreed to stay in touch.",
        &[want(
            "the call had lasted two hours and that the presidents",
            Indirect,
            Some("Yuri Ushakov"),
            Some("Putin's aide Yuri Ushakov"),
        )],
    );
    let a = check(
        "Secretary of State Marco Rubio, speaking to Fox News, said the administration was not naive.",
        &[want(
            "the administration was not naive",
            Indirect,
            Some("Marco Rubio"),
            Some("Secretary of State Marco Rubio, speaking to Fox News"),
        )],
    );
    assert_eq!(a.quotes[0].medium.as_deref(), Some("Fox News"));
}

#[test]
fn nyt_style_double_apostrophes_are_quote_marks() {
    check(
        "''It's an enormous moment,'' said Steve Schmidt, a Republican strategist.",
        &[want("It's an enormous moment", Direct, Some("Steve Schmidt"), Some("Steve Schmidt"))],
    );
}

#[test]
fn output_is_deterministic() {
    let text = "Russian Foreign Minister Sergey Lavrov and Defence Minister Andrei Belousov arrived. The minister said the visit was useful.";
    let first = annotate(text, &[], None);
    for _ in 0..20 {
        assert_eq!(annotate(text, &[], None), first);
    }
}

#[test]
fn surnames_take_the_full_name_and_appositive_roles_attach() {
    let a = check(
        "Dmitry Peskov, the Kremlin spokesman, spoke first. \
         Later Peskov said the summit was “not on the agenda” for now.",
        &[want("the summit was", Mixed, Some("Dmitry Peskov"), Some("Peskov"))],
    );
    let peskov: Vec<_> = a.mentions.iter().filter(|m| m.kind == EntityKind::Person).collect();
    assert!(peskov.len() >= 2, "{peskov:?}");
    assert!(peskov.iter().all(|m| m.name == "Dmitry Peskov"), "{peskov:?}");
    assert_eq!(peskov[0].role.as_deref(), Some("Kremlin spokesman"));
}

#[test]
fn roles_before_names_are_attached() {
    let a =
        check("Talks began after former US President Joe Biden and Kremlin spokesperson Dmitry Peskov arrived.", &[]);
    let role = |n: &str| a.mentions.iter().find(|m| m.name == n).and_then(|m| m.role.clone());
    assert_eq!(role("Joe Biden").as_deref(), Some("former US President"));
    assert_eq!(role("Dmitry Peskov").as_deref(), Some("Kremlin spokesperson"));
}

#[test]
fn a_quote_split_by_its_cue_keeps_one_cue_and_speaker() {
    let text = "“We are ready for talks,” Peskov said. “But not at any price, and not this month.”";
    let a = check(
        text,
        &[
            want("We are ready for talks", Direct, Some("Peskov"), Some("Peskov")),
            want("But not at any price", Direct, Some("Peskov"), Some("Peskov")),
        ],
    );
    assert_eq!(a.quotes.len(), 2, "{:#?}", a.quotes);
    assert_eq!(a.quotes[0].cue_span, a.quotes[1].cue_span);
    assert!(a.quotes[0].cue_span.is_some());
    // Direct quote spans are the words inside the marks.
    assert_eq!(a.quotes[0].text, "We are ready for talks,");
}

#[test]
fn inverted_cue_and_medium() {
    check(
        "“The sanctions have failed,” said Russian Foreign Minister Sergey Lavrov in an interview with RT.",
        &[want(
            "The sanctions have failed",
            Direct,
            Some("Sergey Lavrov"),
            Some("Russian Foreign Minister Sergey Lavrov"),
        )],
    );
    let a = check(
        "Trump wrote on Truth Social that the meeting had gone very well.",
        &[want("the meeting had gone very well", Indirect, Some("Trump"), Some("Trump"))],
    );
    assert_eq!(a.quotes[0].medium.as_deref(), Some("Truth Social"));
    let a = check(
        "Putin told state Rossiya 1 TV that he was open to a meeting.",
        &[want("he was open to a meeting", Indirect, Some("Putin"), Some("Putin"))],
    );
    assert_eq!(a.quotes[0].medium.as_deref(), Some("state Rossiya 1 TV"));
}

#[test]
fn scare_quotes_are_not_statements() {
    let a = check(
        "Russia launched what it calls a “special military operation” in February 2022. The so-called ‘buffer zone’ grew.",
        &[],
    );
    assert!(a.quotes.iter().all(|q| q.kind != Direct), "{:#?}", a.quotes);
}

#[test]
fn unbalanced_marks_stay_in_their_paragraph() {
    let text =
        "The minister said “this will never end.\n\nA second paragraph follows. It is narrative.\n\nA third one too.";
    let a = check(text, &[]);
    for q in &a.quotes {
        assert!(!q.text.contains('\n'), "quote crossed a paragraph: {q:?}");
    }
    let sents: Vec<String> = a.sentences.iter().map(|s| slice(text, *s)).collect();
    assert!(sents.contains(&"A second paragraph follows.".to_string()), "{sents:?}");
    assert!(sents.contains(&"It is narrative.".to_string()), "{sents:?}");
}

#[test]
fn org_and_place_speakers() {
    let a = check(
        "The Kremlin said the proposal was unacceptable. Moscow has reiterated that it wants guarantees.",
        &[
            want("the proposal was unacceptable", Indirect, Some("Kremlin"), Some("The Kremlin")),
            want("it wants guarantees", Indirect, Some("Moscow"), Some("Moscow")),
        ],
    );
    assert_eq!(a.quotes[0].speaker_kind, Some(EntityKind::Org));
    assert_eq!(a.quotes[1].speaker_kind, Some(EntityKind::Place));
}

#[test]
fn they_goes_to_the_organisation_that_spoke_last() {
    check(
        "The Kremlin said on Monday that the proposal was unacceptable. They added that talks could go on.",
        &[want("talks could go on", Indirect, Some("Kremlin"), Some("They"))],
    );
}

#[test]
fn according_to_and_trailing_frames() {
    check(
        "According to Reuters, the convoy left the city at dawn. The bridge was damaged, officials said on Sunday.",
        &[
            want("the convoy left the city at dawn", Indirect, Some("Reuters"), Some("Reuters")),
            want("The bridge was damaged", Indirect, None, Some("officials")),
        ],
    );
}

#[test]
fn a_paragraph_opening_quote_inherits_the_previous_speaker() {
    let a = check(
        "“We will not accept this,” Zelensky said on Tuesday.\n\n“Ukraine will defend itself for as long as it takes.”",
        // The mention the speaker was carried from is the one written.
        &[want("Ukraine will defend itself", Direct, Some("Zelensky"), Some("Zelensky"))],
    );
    assert_eq!(a.quotes.len(), 2);
}

#[test]
fn a_quote_after_reported_speech_keeps_the_speaker() {
    check(
        "Kremlin spokesman Dmitry Peskov said the talks were over. “There is nothing left to discuss with them.”",
        &[want(
            "There is nothing left to discuss",
            Direct,
            Some("Dmitry Peskov"),
            Some("Kremlin spokesman Dmitry Peskov"),
        )],
    );
}

#[test]
fn a_quote_continued_across_paragraphs_shares_the_cue() {
    let a = check(
        "Putin said: “The first point is simple and everybody knows it.\n\n“The second point is harder to explain to our partners.”",
        &[
            want("The first point is simple", Direct, Some("Putin"), Some("Putin")),
            want("The second point is harder", Direct, Some("Putin"), Some("Putin")),
        ],
    );
    assert_eq!(a.quotes[0].cue_span, a.quotes[1].cue_span);
}

#[test]
fn paragraphs_kept_a_line_each_read_like_blank_line_paragraphs() {
    // Scraped text often has a paragraph a line, or Windows line breaks: a quote
    // left open at a paragraph's end must still close there, not pair with the
    // next paragraph's opening mark.
    let paras = [
        "The regulator fined the ride-hailing app Zipp on Monday for keeping riders' location data.",
        "\"Zipp chose to remember what it promised to forget. Today it pays for that choice.",
        "\"And if it does not delete the data within ninety days, the fine will double,\" said Hana Ortell, the regulator's director.",
        "Zipp said it would appeal.",
    ];
    let base = annotate(&paras.join("\n\n"), &[], None);
    let said = |a: &Annotations| -> Vec<(String, Option<String>)> {
        a.quotes.iter().map(|q| (q.text.clone(), q.speaker.clone())).collect()
    };
    assert_eq!(base.quotes.len(), 3, "{:#?}", base.quotes);
    assert!(base.quotes[..2].iter().all(|q| q.speaker.as_deref() == Some("Hana Ortell")), "{:#?}", base.quotes);
    for sep in ["\n", "\r\n", "\r\n\r\n", "\n  \n", "\n\n\n"] {
        let text = format!("{}\n", paras.join(sep));
        let a = annotate(&text, &[], None);
        assert_offsets(&text, &a);
        assert_eq!(said(&a), said(&base), "separator {sep:?}");
    }
}

#[test]
fn quotes_in_summary_paragraphs_are_marked_repeated() {
    let text = "At a Glance: Peskov said the talks were over.\n\nPeskov said the talks were over.";
    let paragraphs = [
        Paragraph { span: Span::new(0, 44), kind: ParagraphKind::Summary },
        Paragraph { span: Span::new(46, text.chars().count()), kind: ParagraphKind::Body },
    ];
    let a = annotate(text, &paragraphs, None);
    assert_offsets(text, &a);
    assert_eq!(a.quotes.len(), 2, "{:#?}", a.quotes);
    assert!(a.quotes[0].repeated && !a.quotes[1].repeated);
}

#[test]
fn offsets_count_chars_in_non_ascii_text() {
    let text = "Président Emmanuel Macron said: «Nous sommes prêts à négocier avec tout le monde.» Zelenskyy’s aide said Kyiv was ready too 🙂.";
    let a =
        check(text, &[want("Nous sommes prêts", Direct, Some("Emmanuel Macron"), Some("Président Emmanuel Macron"))]);
    let aide = a.quotes.iter().find(|q| q.text.contains("Kyiv was ready")).expect("the aide's statement");
    assert_eq!(aide.speaker, None, "the aide is not Zelenskyy");
}

#[test]
fn news_abbreviations_do_not_split_sentences() {
    let text = "On Sept. 5, U.S. Sen. J. D. Vance met Gen. Mark Smith at 3.5 p.m. local time. Then he left (...) quietly. “Wait. Stop,” he said.";
    let a = check(text, &[]);
    let sents: Vec<String> = a.sentences.iter().map(|s| slice(text, *s)).collect();
    assert_eq!(
        sents,
        [
            "On Sept. 5, U.S. Sen. J. D. Vance met Gen. Mark Smith at 3.5 p.m. local time.",
            "Then he left (...) quietly.",
            "“Wait. Stop,” he said."
        ]
    );
}

#[test]
fn said_on_falls_back_to_publication_date() {
    let a = check("Peskov said the talks were over.", &[]);
    assert_eq!(a.quotes[0].said_on, PartialDate::parse_lenient("2025-09-05"));
}

/// Paragraph spans in chars for blank-line separated text.
fn char_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    let chars: Vec<char> = text.chars().collect();
    while pos < chars.len() {
        if chars[pos] == '\n' && chars.get(pos + 1) == Some(&'\n') {
            if pos > start {
                out.push(Paragraph { span: Span::new(start, pos), kind: ParagraphKind::Body });
            }
            start = pos + 2;
            pos += 2;
        } else {
            pos += 1;
        }
    }
    if start < chars.len() {
        out.push(Paragraph { span: Span::new(start, chars.len()), kind: ParagraphKind::Body });
    }
    out
}

#[test]
fn explicit_paragraph_spans_in_non_ascii_text_are_respected() {
    let text = "«Nous sommes prêts», a déclaré Macron.\n\n“We are ready too,” Zelensky said.";
    let a = annotate(text, &char_paragraphs(text), None);
    assert_offsets(text, &a);
    let sents: Vec<String> = a.sentences.iter().map(|s| slice(text, *s)).collect();
    assert_eq!(sents, ["«Nous sommes prêts», a déclaré Macron.", "“We are ready too,” Zelensky said."]);
    let q = a.quotes.iter().find(|q| q.text.contains("We are ready too")).expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("Zelensky"));
}

/// A tiny deterministic generator, so the test needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn garbage_input_never_panics_and_offsets_stay_valid() {
    let pieces = [
        "“",
        "”",
        "\"",
        "'",
        "''",
        "‘",
        "’",
        "«",
        "»",
        "„",
        ".",
        "...",
        "…",
        "(",
        ")",
        ",",
        ":",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "said",
        "told",
        "he",
        "she",
        "Peskov",
        "Dmitry",
        "the",
        "Kremlin",
        "spokesman",
        "according to",
        "Mr.",
        "U.S.",
        "J.",
        "é",
        "日本",
        "🙂",
        "\u{0301}",
        "a",
        "Z",
        "0",
        "3.5",
        "-",
        "—",
        "that",
        "who",
    ];
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for _ in 0..3000 {
        let n = (rng.next() % 60) as usize;
        let text: String = (0..n).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect();
        let a = annotate(&text, &[], None);
        assert_offsets(&text, &a);
        // The same text with explicit paragraph spans (chars), as extraction gives them.
        let a = annotate(&text, &char_paragraphs(&text), None);
        assert_offsets(&text, &a);
    }
    // Long runs without sentence ends, full of cues and marks.
    for _ in 0..5 {
        let text: String =
            (0..4000).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect::<Vec<_>>().join(" ");
        let a = annotate(&text, &[], None);
        assert_offsets(&text, &a);
    }
    // Paragraph spans that do not fit the text are tolerated.
    let bad = [Paragraph { span: Span::new(5, 500), kind: ParagraphKind::Body }];
    let _ = annotate("short “text", &bad, None);
}

#[test]
fn an_infinitive_or_gerund_cue_speaks_for_the_clause_subject() {
    let a = check(
        "Mayor Ilse Varga opened the hearing. She began by saying, “We will not close the ferry this winter.”\n\n\
         Councillor Tomas Brel declined to say, “whether the budget would pass.”\n\n\
         “Nobody asked us,” Brel confessed.",
        &[
            want("We will not close the ferry", Direct, Some("Ilse Varga"), Some("She")),
            want("Nobody asked us", Direct, Some("Tomas Brel"), Some("Brel")),
        ],
    );
    // Declining to say is no statement, whatever the marks around it.
    assert!(
        a.quotes.iter().all(|q| q.cue.as_deref() != Some("say")),
        "declined to say became a statement: {:#?}",
        a.quotes
    );
}

#[test]
fn an_unknown_name_before_an_appositive_speaks_and_a_statement_can_be_issued() {
    check(
        "Veltenergo, the state company that built the dam, said in a statement issued late on March 3 that the \
         reservoir would be filled in stages.",
        &[want("the reservoir would be filled in stages", Indirect, Some("Veltenergo"), Some("Veltenergo"))],
    );
}

#[test]
fn a_speaker_after_a_quotation_need_not_be_a_tidy_noun_phrase() {
    check(
        "“The bridge will not reopen before May,” said a former city engineer who reviewed the repair plans.\n\n\
         “Nobody here trusts the schedule,” said one resident involved in the petition, who asked not to be named.\n\n\
         “Rents will keep rising,” said housing activist Mira Oduya, though she added that the council had listened.",
        &[
            want("The bridge will not reopen", Direct, None, Some("a former city engineer")),
            want("Nobody here trusts", Direct, None, Some("one resident involved in the petition")),
            want("Rents will keep rising", Direct, Some("Mira Oduya"), Some("housing activist Mira Oduya")),
        ],
    );
}

#[test]
fn a_name_before_a_prepositional_appositive_speaks() {
    // "Lindqvist Partners" ends the appositive; the speaker is the name before it.
    check(
        "“Rates will fall by spring,” Ms. Okafor, of Lindqvist Partners, said.",
        &[want("Rates will fall by spring", Direct, Some("Okafor"), Some("Ms. Okafor, of Lindqvist Partners"))],
    );
}

#[test]
fn a_frame_inside_an_unquoted_sentence_keeps_both_halves() {
    let a = check(
        "In Tarrow, Mayor Ilse Bellamy said, Tarrow Council is widely seen as wasting money on the depot.",
        &[want(
            "Tarrow Council is widely seen as wasting money on the depot",
            Indirect,
            Some("Ilse Bellamy"),
            Some("Mayor Ilse Bellamy"),
        )],
    );
    let said: Vec<&str> =
        a.quotes.iter().filter(|q| q.cue.as_deref() == Some("said")).map(|q| q.text.as_str()).collect();
    assert_eq!(
        said,
        ["In Tarrow", "Tarrow Council is widely seen as wasting money on the depot"],
        "pieces of one statement"
    );
}

#[test]
fn a_cue_inside_a_relative_clause_is_written_as_its_pronoun() {
    // The pronoun is the mention as written; the name is who spoke. A cue
    // after the clause keeps the name as written.
    check(
        "Councillor Ada Ruiz, who argued in March that the ferry tax is unfair, will vote against the budget.\n\n\
         Councillor Piet Holm, who was in Brussels on Monday, said the budget would pass.",
        &[
            want("the ferry tax is unfair", Indirect, Some("Ada Ruiz"), Some("who")),
            want(
                "the budget would pass",
                Indirect,
                Some("Piet Holm"),
                Some("Councillor Piet Holm, who was in Brussels on Monday"),
            ),
        ],
    );
}

#[test]
fn every_word_between_a_quotation_and_its_cue_names_the_speaker() {
    check(
        "“The harbour levy will hurt small boats,” one senior fisherman said.\n\n\
         “We expect a quiet winter,” Norland Freight logistics manager Edda Vik said at a trade fair in Bergen.",
        &[
            want("The harbour levy will hurt", Direct, None, Some("one senior fisherman")),
            want(
                "We expect a quiet winter",
                Direct,
                Some("Edda Vik"),
                Some("Norland Freight logistics manager Edda Vik"),
            ),
        ],
    );
    // A title in quotation marks is no frame: its words are no speaker.
    let a = annotate("“Harbour Lights” star Edda Vik opened the new theatre on Friday.", &[], None);
    assert!(a.quotes.is_empty(), "{:#?}", a.quotes);
}

#[test]
fn any_past_tense_verb_closing_a_quotations_frame_is_a_cue() {
    // "surmised" is in no cue list.
    assert!(storyline_nlp::lexicon::cue("surmised").is_none());
    check(
        "Mayor Ilse Varga toured the depot.\n\n\
         “People are tired of waiting for the ferry,” she surmised. “They want a date.”",
        &[
            want("People are tired of waiting", Direct, Some("Ilse Varga"), Some("she")),
            want("They want a date", Direct, Some("Ilse Varga"), Some("she")),
        ],
    );
}

#[test]
fn a_participle_speaks_for_its_clauses_subject_not_the_object_before_it() {
    check(
        "Councillor Rhea Lindqvist called out Mayor Dorn Abbet, slamming him for the delayed bridge repairs.\n\n\
         The Harlow City Council on Wednesday approved a resolution condemning the new tariffs on local farmers.\n\n\
         Maria Quint issued a statement describing the merger as a betrayal of dock workers.",
        &[
            want(
                "him for the delayed bridge repairs",
                Indirect,
                Some("Rhea Lindqvist"),
                Some("Councillor Rhea Lindqvist"),
            ),
            want(
                "the new tariffs on local farmers",
                Indirect,
                Some("Harlow City Council"),
                Some("The Harlow City Council"),
            ),
            want("the merger as a betrayal", Indirect, Some("Maria Quint"), Some("Maria Quint")),
        ],
    );
}

#[test]
fn how_a_thing_seems_and_an_agentless_passive_name_no_speaker() {
    let a = check(
        "Mayor Tilda Varga seemed to welcome the new budget for the harbour.\n\n\
         The ferry contract is widely expected to go to a local firm.\n\n\
         Varga is convinced that the tunnel will pay for itself.",
        &[want("welcome the new budget", Indirect, None, None)],
    );
    // An expectation nobody voiced is no statement of anyone's; a conviction
    // ("is convinced", no cue word of the lexicon) is nobody's words either.
    assert!(a.quotes.iter().filter(|q| q.text.contains("go to a local firm")).all(|q| q.speaker.is_none()));
    assert!(a.quotes.iter().filter(|q| q.text.contains("the tunnel will pay")).all(|q| q.speaker.is_none()));
}

#[test]
fn acts_and_moods_are_no_statements_but_words_and_views_are() {
    let a = check(
        "Prime Minister Lena Marsk appointed a former banker as her envoy to the talks.          Marsk is disappointed with the pace of the negotiations.          Marsk warned that the talks could collapse within a week.",
        &[want("the talks could collapse", Indirect, Some("Lena Marsk"), Some("Marsk"))],
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
}

#[test]
fn an_attitude_after_its_content_keeps_its_holder() {
    // Once a learned trailing frame with no source sliced backwards and panicked.
    // (A learned cue makes a statement only when the lexicon knows the word:
    // "worried" is a stance, "disappointed" a mood nobody said.)
    let t =
        "Dorn Abbet spoke to the harbour workers for an hour. But when it comes to the tunnel tolls, he is worried.";
    let a = check(t, &[]);
    let q = a.quotes.iter().find(|q| q.text.contains("the tunnel tolls")).expect("the attitude's statement");
    assert_eq!(q.speaker_span.map(|s| slice(t, s)).as_deref(), Some("he"));
    assert!(q.speaker.as_deref().is_some_and(|s| s.contains("Abbet")), "{q:?}");
}

#[test]
fn an_unknown_verb_before_a_quotation_is_its_cue() {
    assert!(storyline_nlp::lexicon::cue("cracked").is_none());
    let a = check(
        "Mayor Hilde Ortiz cracked, “I am a progressive, but I like the old roads.”",
        &[want("I am a progressive", Direct, Some("Hilde Ortiz"), Some("Mayor Hilde Ortiz"))],
    );
    assert_eq!(a.quotes[0].cue.as_deref(), Some("cracked"));
}

#[test]
fn long_appositives_and_relative_clauses_keep_their_speaker() {
    check(
        "The harbour master, who has run the port for a decade, said the new cranes would arrive in March.\n\n\
         Tom Ruiz, the president of the Harlow Anglers Club, a group that has fought the dam for years in the \
         courts and in the press, said the river would dry up.\n\n\
         Jonas Beck — a teacher from Harlow — says he will vote for the tunnel.",
        &[
            want(
                "the new cranes would arrive",
                Indirect,
                None,
                Some("The harbour master, who has run the port for a decade"),
            ),
            want(
                "the river would dry up",
                Indirect,
                Some("Tom Ruiz"),
                Some(
                    "Tom Ruiz, the president of the Harlow Anglers Club, a group that has fought the dam for years in \
                     the courts and in the press",
                ),
            ),
            want("he will vote for the tunnel", Indirect, Some("Jonas Beck"), Some("Jonas Beck")),
        ],
    );
}

#[test]
fn a_quote_after_a_partly_quoted_statement_continues_it() {
    let a = check(
        "The plan is “long overdue,” said Ana Doyle, whose town lies on the line. “We will vote for it in May and we will win.”",
        &[
            want("long overdue", Mixed, Some("Ana Doyle"), Some("Ana Doyle")),
            want("We will vote for it in May", Direct, Some("Ana Doyle"), Some("Ana Doyle")),
        ],
    );
    assert!(a.quotes.iter().all(|q| q.cue.as_deref() == Some("said")), "{:#?}", a.quotes);
}

#[test]
fn a_view_reported_inside_a_statement_is_not_a_statement_of_its_own() {
    let a = check(
        "Mayor Ilse Varga said the islanders want a new ferry before the summer season.\n\n\
         Varga said Councillor Marsh had told her the old bridge was safe for another decade.",
        &[want("the islanders want a new ferry", Indirect, Some("Ilse Varga"), Some("Mayor Ilse Varga"))],
    );
    assert!(a.quotes.iter().all(|q| q.cue.as_deref() != Some("want")), "{:#?}", a.quotes);
    // Speech inside speech is still speech.
    let told = a.quotes.iter().find(|q| q.cue.as_deref() == Some("told")).expect("the nested speech");
    // ("Councillor" is a title since session 10: the name is without it.)
    assert_eq!(told.speaker.as_deref(), Some("Marsh"));
}

#[test]
fn a_speech_verb_that_is_also_a_noun_keeps_its_subject() {
    // "charge", "argued", "reports" before "that" read as verbs after a
    // subject; read as nouns ("his claim that …") they named no speaker.
    let text = "Critics charge that the harbor levy punishes small fishing crews. \
                Councillor Anna Vint argued that the levy was unfair. The Velden Herald reports that the board will meet again.";
    let a = check(
        text,
        &[
            want("punishes small fishing crews", Indirect, None, Some("Critics")),
            want("the levy was unfair", Indirect, Some("Anna Vint"), Some("Councillor Anna Vint")),
        ],
    );
    let reports = a.quotes.iter().find(|q| q.text.contains("the board will meet")).expect("the report");
    assert_eq!(reports.speaker_span.map(|s| slice(text, s)).as_deref(), Some("The Velden Herald"), "{reports:?}");
    // A noun after a possessive stays a noun, its possessor the speaker as written.
    let text = "Peter Beck stood by his claim that the ferry lost money every winter.";
    let a = annotate(text, &[], None);
    let q = a.quotes.iter().find(|q| q.text.contains("the ferry lost money")).expect("the claim");
    assert_eq!((q.cue.as_deref(), q.speaker_span.map(|s| slice(text, s))), (Some("claim"), Some("his".into())));
}

#[test]
fn a_quote_split_by_a_long_appositive_keeps_its_speaker() {
    let a = check(
        "“The port was ours,” said Elena Marr, director of the Harbor Trust in Velden, “but it is drifting away from us.”",
        &[
            want("The port was ours", Direct, Some("Elena Marr"), Some("Elena Marr")),
            want("drifting away from us", Direct, Some("Elena Marr"), Some("Elena Marr")),
        ],
    );
    assert!(a.quotes.iter().all(|q| q.cue.as_deref() == Some("said")), "{:#?}", a.quotes);
}

#[test]
fn a_quote_opening_the_next_paragraph_goes_on_with_the_reported_statement() {
    // The last statement of the paragraph is the critics' view inside Marr's
    // words: the quotation is Marr's.
    check(
        "Elena Marr said that for years critics had been predicting the decline of the port.\n\n\
         “That is because nobody in the capital ever bothered to visit it.”",
        &[want("nobody in the capital", Direct, Some("Elena Marr"), Some("Elena Marr"))],
    );
}

#[test]
fn trailing_frames_with_an_appositive_name_the_speaker() {
    check(
        "“The levy will ruin us,” Elena Marr, a columnist for the Velden Herald, wrote.\n\n\
         \"We never saw the figures,\" Harbor Board Chairman Thomas Brel, R-Velden, said.\n\n\
         ''Nobody asked the crews,'' the trust's press secretary, Peter Beck, told reporters.",
        &[
            want(
                "The levy will ruin us",
                Direct,
                Some("Elena Marr"),
                Some("Elena Marr, a columnist for the Velden Herald"),
            ),
            want(
                "We never saw the figures",
                Direct,
                Some("Thomas Brel"),
                Some("Harbor Board Chairman Thomas Brel, R-Velden"),
            ),
            want("Nobody asked the crews", Direct, Some("Peter Beck"), Some("the trust's press secretary, Peter Beck")),
        ],
    );
}

#[test]
fn words_between_the_subject_and_its_cue_are_skipped() {
    check(
        "Mayor Thomas Brel, who chairs the harbor board, last week said the levy would rise again.\n\n\
         The two councillors, however, argue that the levy is far too high for the crews.\n\n\
         Sen. Elena Marr (D-Velden), said, “We will keep the harbor open for everyone.”\n\n\
         Anna Vint, speaking to dockers, said the levy would be reviewed by spring.",
        &[
            want(
                "the levy would rise again",
                Indirect,
                Some("Thomas Brel"),
                Some("Mayor Thomas Brel, who chairs the harbor board"),
            ),
            want("far too high for the crews", Indirect, None, Some("two councillors")),
            want("keep the harbor open", Direct, Some("Elena Marr"), Some("Sen. Elena Marr")),
            want("reviewed by spring", Indirect, Some("Anna Vint"), Some("Anna Vint, speaking to dockers")),
        ],
    );
}

#[test]
fn a_quotation_after_the_cue_is_the_content_not_the_lead_in() {
    // Before: "Speaking at the rally" and "In a note to its members" were
    // taken as what was said.
    let a = check(
        "Speaking at the rally, Mayor Thomas Brel said, “We will keep the harbor open for everyone.”\n\n\
         In a note to its members, the Velden Dockers Union said in a statement: “We will strike on Monday morning.”\n\n\
         Peter Beck went on to say the board’s decision was “a betrayal of every crew in Velden.”",
        &[
            want("keep the harbor open", Direct, Some("Thomas Brel"), Some("Mayor Thomas Brel")),
            want("strike on Monday morning", Direct, Some("Velden Dockers Union"), Some("the Velden Dockers Union")),
            want("the board’s decision was", Mixed, Some("Peter Beck"), Some("Peter Beck")),
        ],
    );
    assert!(
        a.quotes.iter().all(|q| !q.text.contains("Speaking at") && !q.text.contains("In a note")),
        "{:#?}",
        a.quotes
    );
}

#[test]
fn a_passive_with_an_adverb_names_no_speaker() {
    let a = annotate("Councillor Anna Vint was once asked whether she would resign over the levy.", &[], None);
    let q = a.quotes.iter().find(|q| q.cue.as_deref() == Some("asked")).expect("the question");
    assert_eq!((q.speaker.as_deref(), q.speaker_span), (None, None), "{q:?}");
}

#[test]
fn a_participle_speaks_for_the_main_clause_not_an_opening_clause() {
    // Names in an opening clause or a dateline are not the sentence's subject.
    check(
        "When Anna Vint raised the levy at the meeting, Thomas Brel left the room, insisting that the board had already decided.\n\n\
         VELDEN (Harbor Wire) – Elena Marr on Monday attacked the levy, saying it would ruin the small crews.\n\n\
         Speaking to the harbor board on Monday, Mayor Thomas Brel attacked the levy, calling it “a tax on the sea.”",
        &[
            want("the board had already decided", Indirect, Some("Thomas Brel"), Some("Thomas Brel")),
            want("it would ruin the small crews", Indirect, Some("Elena Marr"), Some("Elena Marr")),
            want("a tax on the sea", Direct, Some("Thomas Brel"), Some("Mayor Thomas Brel")),
        ],
    );
}

#[test]
fn a_passive_cue_names_its_agent_as_the_speaker() {
    // "was asked by Brel": Brel asked; the subject was spoken to or about.
    let a = check(
        "The harbor plan has been criticized by Mayor Thomas Brel for ignoring the small crews.\n\n\
         Anna Vint was asked by Thomas Brel whether the levy would rise again next year.",
        &[
            want("ignoring the small crews", Indirect, Some("Thomas Brel"), Some("Mayor Thomas Brel")),
            want("whether the levy would rise", Indirect, Some("Thomas Brel"), Some("Thomas Brel")),
        ],
    );
    assert!(a.quotes.iter().all(|q| !q.text.starts_with("by ")), "{:#?}", a.quotes);
}

#[test]
fn a_present_tense_frame_verb_that_is_also_a_noun_closes_a_quotation() {
    // "answers", "claims" are nouns as often as verbs; after a quotation and
    // its speaker they are the cue.
    check(
        "“We will keep the harbor open for everyone,” Thomas Brel answers.\n\n\
         “The crews were never asked about the levy,” he claims.",
        &[
            want("keep the harbor open", Direct, Some("Thomas Brel"), Some("Thomas Brel")),
            want("never asked about the levy", Direct, Some("Thomas Brel"), Some("he")),
        ],
    );
    // A noun stays a noun.
    let a = annotate("The harbor board report from Monday was short and the crews' claims went unanswered.", &[], None);
    assert!(a.quotes.is_empty(), "{:#?}", a.quotes);
}

#[test]
fn a_frame_split_from_its_quotation_by_a_full_stop_names_the_speaker() {
    let a = check(
        "The harbor stayed closed on Monday.\n\n\
         “If you are listening, I hope you find the money that went missing.” Thomas Brel said. The crews went home.",
        &[want("I hope you find the money", Direct, Some("Thomas Brel"), Some("Thomas Brel"))],
    );
    assert!(a.quotes.iter().all(|q| q.cue.as_deref() == Some("said")), "{:#?}", a.quotes);
}

#[test]
fn a_participle_speaks_for_a_subject_without_a_name_not_a_name_in_the_object() {
    let text = "His chief aide doubled down on attacks on Anna Vint’s record, saying she had failed the small crews.\n\n\
                The nurse later sued the harbor board, claiming the quarantine violated her rights.";
    let a = check(
        text,
        &[
            want("she had failed the small crews", Indirect, None, Some("His chief aide")),
            want("the quarantine violated her rights", Indirect, None, Some("The nurse")),
        ],
    );
    assert!(a.quotes.iter().all(|q| q.speaker.as_deref() != Some("Anna Vint")), "{:#?}", a.quotes);
}

#[test]
fn a_prepositional_phrase_before_the_cue_is_not_the_speaker() {
    check(
        "Thomas Brel in an interview on the harbor radio said the levy would rise.\n\n\
         Harbor pilot Peter Beck speaking to the Velden Herald said the board would resign.",
        &[
            want("the levy would rise", Indirect, Some("Thomas Brel"), Some("Thomas Brel")),
            want("the board would resign", Indirect, Some("Peter Beck"), Some("Peter Beck")),
        ],
    );
}

#[test]
fn a_vow_takes_its_infinitive_and_the_quotation_inside_it() {
    // Before: the lead-in "On the harbor page" was the content and the
    // quotation a second statement with no speaker.
    let a = check(
        "Anna Vint spoke at length. On the harbor page, she vows to “defend the small crews against every new levy from \
         the board” before anything else.",
        &[want("defend the small crews", Mixed, Some("Anna Vint"), Some("she"))],
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
}

#[test]
fn a_name_inside_an_appositives_relative_clause_is_not_the_speaker() {
    check(
        "Senator Tomas Brandt of Vermont, a Democrat who once served under Governor Ilse Marrow, said the \
         bridge plan was too costly. Anke Voss, a lawyer whose firm once represented Petra Lind, said the \
         contract would be signed in May.",
        &[
            want("bridge plan", Indirect, Some("Tomas Brandt"), Some("Senator Tomas Brandt")),
            // (Since session 10 a sentence's first word read as a given name
            // names the speaker in full.)
            want("contract would", Indirect, Some("Anke Voss"), Some("Anke Voss")),
        ],
    );
}

#[test]
fn a_participle_after_a_trailing_frame_takes_the_frames_speaker_not_a_quoted_word() {
    check(
        "“You cannot win this way,” Dalia Renkov replied, before adding that the vote count was rigged.",
        &[want("vote count was rigged", Indirect, Some("Dalia Renkov"), Some("Dalia Renkov"))],
    );
}

#[test]
fn a_learned_cue_after_adverbs_finds_the_subject_before_them() {
    check(
        "There is still time for Mayor Tilda Quist to win back the farmers, even after repeatedly dismissing \
         them as a lobby of the past.",
        &[want("lobby of the past", Indirect, Some("Tilda Quist"), Some("Tilda Quist"))],
    );
}

/// The kind and evidence the output gives each name (every mention of a
/// name has the same).
fn kinds(text: &str) -> std::collections::BTreeMap<String, (EntityKind, storyline_model::KindEvidence)> {
    let a = annotate(text, &[], PartialDate::parse_lenient("2025-09-05"));
    let mut out = std::collections::BTreeMap::new();
    for m in &a.mentions {
        let prev = out.insert(m.name.clone(), (m.kind, m.evidence));
        assert!(prev.is_none_or(|p| p == (m.kind, m.evidence)), "{} has two kinds in one article", m.name);
    }
    out
}

#[test]
fn a_company_and_the_town_it_leaves_are_not_people() {
    use storyline_model::KindEvidence::{Strong, Weak};
    let k = kinds(
        "Quillon Foods will close its depot in Osterby and move the work north, the company said on Friday. \
         On Friday evening Quillon said it had tried for two years to sell the site. Osterby's mayor, Wendel Ash, called the \
         closure a blow to a town of 9,000 people.",
    );
    assert_eq!(k["Quillon Foods"], (EntityKind::Org, Strong), "{k:?}");
    assert_eq!(k["Quillon"], (EntityKind::Org, Weak), "\"Quillon said it\": {k:?}");
    assert_eq!(k["Osterby"], (EntityKind::Place, Weak), "\"in Osterby\", \"Osterby's mayor\": {k:?}");
    assert_eq!(k["Wendel Ash"].0, EntityKind::Person);
    assert!(!k.contains_key("Foods"), "no person named Foods: {k:?}");
}

#[test]
fn a_country_opening_a_sentence_is_a_place_when_the_text_has_its_adjective() {
    let k = kinds(
        "Belmora has recalled its envoy from the coastal city of Dessan. Belmoran officials said the \
         talks would resume in Dessan next month. The broadcaster TVK said the envoy had left on Sunday.",
    );
    assert_eq!(k.get("Belmora").map(|x| x.0), Some(EntityKind::Place), "{k:?}");
    assert_eq!(k.get("Dessan").map(|x| x.0), Some(EntityKind::Place), "{k:?}");
    assert_eq!(k.get("TVK").map(|x| x.0), Some(EntityKind::Org), "an acronym is a body: {k:?}");
}

#[test]
fn a_trailing_frame_takes_a_lowercase_role_before_the_name() {
    let a = check(
        "A Veltarian couple and their two children were among the passengers, foreign ministry spokesman Ado Brenn said Thursday.",
        &[want(
            "A Veltarian couple and their two children were among the passengers",
            Indirect,
            Some("Ado Brenn"),
            Some("foreign ministry spokesman Ado Brenn"),
        )],
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
}

#[test]
fn what_a_vow_promises_ends_before_an_appositive_or_the_next_clause() {
    for (t, content) in [
        ("Senator Ana Ruiz vowed to repeal the levy, a tax that dates from 1998.", "to repeal the levy"),
        ("While Ana Ruiz is vowing to bring back lost jobs, the public is wary.", "to bring back lost jobs"),
        (
            "Mayor Tilda Varga promised to cut fares, add buses and open two lines.",
            "to cut fares, add buses and open two lines",
        ),
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert_eq!(a.quotes[0].text, content, "{t}");
    }
}

#[test]
fn an_unnamed_source_keeps_what_it_is_familiar_with_or_close_to() {
    for (t, written) in [
        (
            "The talks collapsed on Monday, two diplomats familiar with the matter said.",
            "two diplomats familiar with the matter",
        ),
        (
            "The talks collapsed on Monday, said two diplomats familiar with the matter.",
            "two diplomats familiar with the matter",
        ),
        ("The talks collapsed on Monday, people close to the talks told Meridian Wire.", "people close to the talks"),
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert_eq!(a.quotes[0].text, "The talks collapsed on Monday", "{t}");
        assert_eq!(slice(t, a.quotes[0].speaker_span.expect("a source")), written, "{t}");
        assert_eq!(a.quotes[0].speaker, None, "{t}: nobody is named");
    }
}

#[test]
fn where_it_was_said_is_no_speaker_and_no_second_statement() {
    // "post" and "report" are cue words too; here they are nouns.
    let a = check(
        "Ana Ruiz in a blog post said the plan was dead.",
        &[want("the plan was dead", Indirect, Some("Ana Ruiz"), Some("Ana Ruiz"))],
    );
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
    for t in [
        "Tomas Brenn wrote in a blog post that the plan was dead.",
        "The ministry said in its annual report that exports fell sharply.",
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert!(matches!(a.quotes[0].cue.as_deref(), Some("wrote" | "said")), "{t}: {:#?}", a.quotes);
    }
}

#[test]
fn a_described_subject_still_speaks() {
    let t = "Ukrainian President Ivan Doroshenko met the envoy on Monday.\n\nThe Ukrainian leader, speaking at a news conference in Kyiv, said his country would never give up territory.\n\nThe company, which employs 3,000 people, said profits fell sharply last year.\n\nA spokesman for the ministry, who asked not to be named, said the talks would resume.";
    let a = annotate(t, &[], None);
    let by = |content: &str| {
        a.quotes
            .iter()
            .find(|q| q.text == content)
            .unwrap_or_else(|| panic!("no statement {content:?}: {:#?}", a.quotes))
    };
    let q = by("his country would never give up territory");
    assert_eq!(q.speaker.as_deref(), Some("Ivan Doroshenko"), "{q:?}");
    let q = by("profits fell sharply last year");
    assert!(slice(t, q.speaker_span.expect("a subject")).starts_with("The company"), "{q:?}");
    let q = by("the talks would resume");
    assert!(slice(t, q.speaker_span.expect("a source")).starts_with("A spokesman for the ministry"), "{q:?}");
    // Asking for anonymity is a condition of speaking, not a statement.
    assert!(a.quotes.iter().all(|q| !q.text.contains("not to be named")), "{:#?}", a.quotes);
}

#[test]
fn an_address_between_the_cue_and_that_is_no_content() {
    check(
        "Ivan Doroshenko said in his nightly video address that the drones had been shot down.",
        &[want("the drones had been shot down", Indirect, Some("Ivan Doroshenko"), Some("Ivan Doroshenko"))],
    );
}

#[test]
fn a_contrasting_statement_after_while_is_its_own() {
    let t = "Officials in Dravna said the strike hit a power plant, while Velihrad said it targeted army depots.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.len(), 2, "{:#?}", a.quotes);
    assert_eq!(a.quotes[0].text, "the strike hit a power plant");
    assert_eq!(a.quotes[1].text, "it targeted army depots");
}

#[test]
fn a_quotation_left_open_takes_the_speaker_of_the_paragraph_that_closes_it() {
    let t = "“One paragraph opens the quotation.\n\n“A second one goes on without closing.\n\n“The third ends it,” Tomas Brenn told reporters.\n\nLater, Brenn said the talks had stalled.";
    let a = annotate(t, &[], None);
    let direct: Vec<_> = a.quotes.iter().filter(|q| q.kind == Direct).collect();
    assert_eq!(direct.len(), 3, "{:#?}", a.quotes);
    for q in direct {
        assert_eq!(q.speaker.as_deref(), Some("Tomas Brenn"), "{q:?}");
        assert_eq!(q.cue.as_deref(), Some("told"), "{q:?}");
    }
}

#[test]
fn single_marks_quote_in_british_style_copy() {
    check(
        "‘We will appeal the ruling,’ Thomas Brenn said.",
        &[want("We will appeal the ruling,", Direct, Some("Thomas Brenn"), Some("Thomas Brenn"))],
    );
    check(
        "'We will appeal the ruling,' Thomas Brenn said.",
        &[want("We will appeal the ruling,", Direct, Some("Thomas Brenn"), Some("Thomas Brenn"))],
    );
    check(
        "Thomas Brenn told the paper: 'We will appeal.'",
        &[want("We will appeal.", Direct, Some("Thomas Brenn"), Some("Thomas Brenn"))],
    );
    check(
        "Thomas Brenn said the ruling was ‘a travesty’ for the players' union.",
        &[want("the ruling was ‘a travesty’", Mixed, Some("Thomas Brenn"), Some("Thomas Brenn"))],
    );
}

#[test]
fn a_person_of_a_place_speaks_not_the_place() {
    check(
        "Senator Ana Ruiz of Ohio told reporters the bill was dead.",
        &[want("the bill was dead", Indirect, Some("Ana Ruiz"), Some("Senator Ana Ruiz"))],
    );
}

#[test]
fn a_three_word_aside_is_not_part_of_the_speaker() {
    check(
        "Thomas Brenn, for his part, urged both sides to show restraint.",
        &[want("both sides to show restraint", Indirect, Some("Thomas Brenn"), Some("Thomas Brenn"))],
    );
}

#[test]
fn according_to_names_the_whole_source() {
    check(
        "The talks were “constructive,” according to a Kremlin readout.",
        &[want("The talks were", Mixed, Some("Kremlin"), Some("a Kremlin readout"))],
    );
    check(
        "According to people familiar with the talks, the deal is close.",
        &[want("the deal is close", Indirect, None, Some("people familiar with the talks"))],
    );
}

#[test]
fn a_scare_quote_inside_a_relative_clause_does_not_invert_the_next_verb() {
    let t = "Ivan Doroshenko, who called the attack “barbaric”, vowed a response.";
    let a = annotate(t, &[], None);
    assert!(a.quotes.iter().all(|q| q.speaker.as_deref() == Some("Ivan Doroshenko")), "{:#?}", a.quotes);
}

#[test]
fn whom_and_where_it_was_told_is_no_content() {
    for (t, content) in [
        ("The Ukrainian leader told reporters in Kyiv he was ready to meet “at any time.”", "he was ready to meet"),
        ("Ana Ruiz told the crowd in Dravna they would win.", "they would win"),
        ("Ana Ruiz told the committee the plan was dead.", "the plan was dead"),
        ("Ana Ruiz said on Tuesday the talks were over.", "the talks were over"),
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert!(a.quotes[0].text.starts_with(content), "{t}: {:?}", a.quotes[0].text);
    }
}

#[test]
fn a_statement_reported_whole_by_a_trailing_frame_nests_inside_it() {
    let t = "Ilona Varga told the cabinet that she expected a long night, the government press office said.";
    let a = annotate(t, &[], None);
    let told = a.quotes.iter().find(|q| q.cue.as_deref() == Some("told")).expect("Varga's statement");
    assert_eq!(told.text, "she expected a long night");
    let said = a.quotes.iter().find(|q| q.cue.as_deref() == Some("said")).expect("the press office's report");
    assert_eq!(said.text, "Ilona Varga told the cabinet that she expected a long night");
}

#[test]
fn groups_and_pairs_of_addressees() {
    let t = "Farm groups in the southern plains say a 30% cut in flow would ruin the rice crop.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
    assert_eq!(slice(t, a.quotes[0].speaker_span.expect("a source")), "Farm groups");
    let t = "The mediator has asked Veltaria and Sarvenia to halt all military activity near the river.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
    assert_eq!(a.quotes[0].text, "to halt all military activity near the river");
}

#[test]
fn an_occasion_between_commas_is_the_medium_not_the_speaker() {
    let t = "Ana Ruiz, at a news conference in Dravna, said the dam was safe.";
    let a = check(t, &[want("the dam was safe", Indirect, Some("Ana Ruiz"), Some("Ana Ruiz"))]);
    assert_eq!(a.quotes[0].medium.as_deref(), Some("a news conference"));
    let t = "The ministry, in a statement on Tuesday, demanded that Veltaria suspend the filling.";
    let a = check(t, &[want("Veltaria suspend the filling", Indirect, None, Some("The ministry"))]);
    // The day is when it was said, not where.
    assert_eq!(a.quotes[0].medium.as_deref(), Some("a statement"));
}

#[test]
fn a_company_called_one_by_its_appositive_speaks_as_the_company_later() {
    let t = "Harbor Freight Lines, a shipping company based in Velden, reported a loss on Tuesday. \
             Chief executive Marta Oksanen said demand had collapsed. The company said it would cut 300 jobs.\n\n\
             “We had no choice,” the 52-year-old told analysts.";
    let a = annotate(t, &[], None);
    let by = |c: &str| a.quotes.iter().find(|q| q.text.contains(c)).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes));
    assert_eq!(by("cut 300 jobs").speaker.as_deref(), Some("Harbor Freight Lines"));
    assert_eq!(by("no choice").speaker.as_deref(), Some("Marta Oksanen"));
}

#[test]
fn police_ranks_are_roles_and_a_bare_plural_is_nobody_in_particular() {
    let t = "Two men were arrested in Velden on Friday, Inspector Anna Berg said.\n\nResidents said the street had changed.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes[0].speaker.as_deref(), Some("Anna Berg"), "{:#?}", a.quotes);
    assert_eq!(a.quotes[1].speaker, None, "{:#?}", a.quotes);
    assert_eq!(slice(t, a.quotes[1].speaker_span.expect("a source")), "Residents");
}

// --- prec10: contents too short to report, titles in an opening phrase ---

#[test]
fn an_opening_phrase_of_one_or_two_words_is_no_statement() {
    // The cue took the phrase before its subject for content: nothing said.
    for t in [
        "On Thursday, Officer Lena Holt was charged with manslaughter.",
        "As proof, Ana Ruiz pointed to the empty reservoir.",
        "Last month, Ana Ruiz complained to the board.",
    ] {
        let a = annotate(t, &[], None);
        assert!(a.quotes.is_empty(), "{t}: {:#?}", a.quotes);
    }
    // A cue that takes an object keeps a short one: a stance.
    let t = "Ana Ruiz praised the plan, saying it would save the valley.";
    let a = check(t, &[want("it would save the valley", Indirect, Some("Ana Ruiz"), Some("Ana Ruiz"))]);
    assert!(a.quotes.iter().any(|q| q.text == "the plan"), "{:#?}", a.quotes);
}

#[test]
fn agreeing_or_adding_to_a_noun_phrase_says_nothing() {
    for t in [
        "Neither side has agreed to a new date for the talks.",
        "The mayor won again in Velden, adding to her lead in the north.",
    ] {
        let a = annotate(t, &[], None);
        assert!(a.quotes.is_empty(), "{t}: {:#?}", a.quotes);
    }
    // Agreeing that something is so, and adding words, are statements.
    check(
        "Ana Ruiz agreed that the levy was unfair, adding that the council would review it.",
        &[
            want("the levy was unfair", Indirect, Some("Ana Ruiz"), Some("Ana Ruiz")),
            want("the council would review it", Indirect, Some("Ana Ruiz"), Some("Ana Ruiz")),
        ],
    );
}

#[test]
fn a_show_title_in_the_opening_phrase_is_not_the_content() {
    for (t, content, speaker) in [
        (
            "In an interview on “Morning Desk,” Mayor Ana Ruiz said the bridge would reopen in May.",
            "the bridge would reopen in May",
            "Ana Ruiz",
        ),
        (
            "Speaking on “The Noon Report,” Tomas Berg argued that the levy was unfair.",
            "the levy was unfair",
            "Tomas Berg",
        ),
        (
            "In his memoir, “Long Water,” Tomas Berg wrote that the dam had been a mistake.",
            "the dam had been a mistake",
            "Tomas Berg",
        ),
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert_eq!(a.quotes[0].text, content, "{t}");
        assert_eq!(a.quotes[0].speaker.as_deref(), Some(speaker), "{t}");
    }
    // A quotation with no clause after the cue is still the frame's content.
    let t = "In Velden, “the water is rising,” Ana Ruiz said on Monday.";
    check(t, &[want("the water is rising", Mixed, Some("Ana Ruiz"), Some("Ana Ruiz"))]);
}

#[test]
fn a_premier_a_role_before_a_name_and_a_bare_addressee() {
    let t = "Former prime minister Olav Brekke criticised the deal on Sunday. The former premier added that he would vote against it.\n\n\
             The current prime minister, Ingrid Dahl, dismissed the criticism. Ms Dahl told parliament the deal protected jobs.";
    let a = annotate(t, &[], None);
    let by = |c: &str| a.quotes.iter().find(|q| q.text == c).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes));
    assert_eq!(by("he would vote against it").speaker.as_deref(), Some("Olav Brekke"));
    // The role before the name is its appositive, not something said.
    assert!(a.quotes.iter().all(|q| q.text != "The current prime minister"), "{:#?}", a.quotes);
    assert_eq!(by("the deal protected jobs").speaker.as_deref(), Some("Ingrid Dahl"));
}

// Session 10 (speaker resolution; the cases come from the dev2 tuning set's
// kinds of errors, in our own sentences).

/// The speaker named for the statement containing `c`.
fn speaker_of(a: &Annotations, c: &str) -> Option<String> {
    a.quotes.iter().find(|q| q.text.contains(c)).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes)).speaker.clone()
}

#[test]
fn a_relative_with_the_same_surname_is_another_person() {
    let t = "Marco Bellini, 31, was sentenced to four years on Monday. Bellini said he would appeal.\n\n\
             His sister, Carla Bellini, said the family would pay for the appeal.\n\n\
             “He has never hurt anyone,” she said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "pay for the appeal").as_deref(), Some("Carla Bellini"));
    assert_eq!(speaker_of(&a, "never hurt anyone").as_deref(), Some("Carla Bellini"));
    assert_eq!(speaker_of(&a, "he would appeal").as_deref(), Some("Marco Bellini"));
}

#[test]
fn a_person_described_by_what_they_are_is_the_one_just_named() {
    let t = "Coach Pavel Roos said the team would start its backup on Saturday.\n\n\
             Goaltender Ida Lunde, who has played three games this season, will take his place.\n\n\
             “I have waited a long time for this,” the veteran said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "waited a long time").as_deref(), Some("Ida Lunde"));
    // "the mother of two" agrees in gender with the woman, not the man named after her.
    let t = "Anna Marin runs the bakery with her husband, Peter Marin, and their son.\n\n\
             “We cannot pay this rent,” the mother of two said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "cannot pay this rent").as_deref(), Some("Anna Marin"));
}

#[test]
fn a_described_person_brought_in_unnamed_stays_unnamed() {
    let t = "Mayor Hana Ito said the bridge was safe. A retired engineer who inspected it in 2019 disagreed.\n\n\
             “The bolts are rusting through,” the engineer said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "bolts are rusting"), None, "{:#?}", a.quotes);
}

#[test]
fn she_after_a_sentence_opened_by_a_role_is_the_role_holder() {
    let t = "Premier Alma Voss said the province would appeal the ruling.\n\n\
             A lawyer for Justice Minister Nora Kade said the ruling was final.\n\n\
             The premier rejected that view. “We will take this as far as it goes,” she said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "as far as it goes").as_deref(), Some("Alma Voss"));
}

#[test]
fn a_councillor_is_a_role_and_the_province_speaks_as_its_government() {
    let t = "Councillor Ravi Shah said the bylaw would pass. Councillor Dana Holt said it would not.\n\n\
             Shah said the vote was set for Monday. “We have the numbers,” the councillor said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "We have the numbers").as_deref(), Some("Ravi Shah"));
    let t = "Ottawa will cut the grant, the federal government said on Monday. \
             The province of Tamerlane said it had not been told.\n\n\
             Premier Joan Ferris said the cut was unfair. The province said it would go to court.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "go to court").as_deref(), Some("Tamerlane"));
}

#[test]
fn the_union_and_the_company_are_the_bodies_named_before() {
    let t = "Workers at the Carden plant walked out on Monday after talks between Brightline Motors and \
             United Foundry Workers Local 12 broke down.\n\nThe union said the company had refused to discuss pensions.";
    let a = annotate(t, &[], None);
    let s = speaker_of(&a, "refused to discuss pensions").expect("the union named");
    assert!(s.starts_with("United Foundry Workers"), "{s}");
    // "the Halton-based company" is the company, not "Halton-based".
    let t = "Shares of Corvin Analytics fell 9% after the Halton-based company cut its forecast.\n\n\
             The company said orders had slowed.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "orders had slowed").as_deref(), Some("Corvin Analytics"));
    // "said Tuesday it": the company is an organisation.
    let t = "Shares fell after Pellam Timber said Tuesday it will close its sawmill.\n\nThe company said prices had collapsed.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "prices had collapsed").as_deref(), Some("Pellam Timber"));
}

#[test]
fn a_two_word_dateline_before_a_said_with_its_day_is_not_what_was_said() {
    let t = "CEDAR FORKS — Halvorsen Mills said Tuesday it will close its plant in March.";
    let a = annotate(t, &[], None);
    assert!(a.quotes.iter().all(|q| !q.text.contains("CEDAR FORKS")), "{:#?}", a.quotes);
    assert!(a.quotes.iter().any(|q| q.text.contains("it will close its plant")), "{:#?}", a.quotes);
}

#[test]
fn a_party_before_a_role_and_a_company_by_its_kind() {
    let t = "Liberal MP Joanne Terry said the bill would pass. The MP said her caucus was united.\n\n\
             Green Leader Paul Ardent called the bill weak. The Green leader said it would not cut emissions.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "caucus was united").as_deref(), Some("Joanne Terry"));
    assert_eq!(speaker_of(&a, "not cut emissions").as_deref(), Some("Paul Ardent"));
    let t = "Shares of Corvin Analytics fell on Monday.\n\n\
             The data company said demand had slowed. The Swiss giant said it would cut 200 jobs.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "demand had slowed").as_deref(), Some("Corvin Analytics"));
    assert_eq!(speaker_of(&a, "cut 200 jobs").as_deref(), Some("Corvin Analytics"));
}

#[test]
fn a_person_brought_in_unnamed_is_the_one_the_next_sentence_names() {
    // The delayed lede: "A Halden woman says …" and then her name.
    let t = "A Halden woman says she waited nine hours for an ambulance after a fall.\n\n\
             Greta Lindqvist, 79, told reporters she lay on her kitchen floor all night.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "nine hours").as_deref(), Some("Greta Lindqvist"));
    let t = "“It was chaos,” a passenger on the second car said. The passenger, Omar Haddad, said the lights went out first.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "It was chaos").as_deref(), Some("Omar Haddad"));
    // Another person named next is not the unnamed one.
    let t = "A teacher at the school said the roof had leaked for years. \
             Mira Stone, another teacher, said buckets lined the hallway.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "leaked for years"), None, "{:#?}", a.quotes);
}

#[test]
fn a_place_before_a_noun_is_not_the_speaker_and_a_player_by_position() {
    let t = "A Halden woman says the clinic turned her away.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "turned her away"), None, "{:#?}", a.quotes);
    let t = "Manager Rob Keller said Luis Ortega would miss two weeks.\n\n\
             Ortega, 26, said he felt his hamstring tighten.\n\n\
             “I knew right away,” the shortstop said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "I knew right away").as_deref(), Some("Luis Ortega"));
}

#[test]
fn a_given_name_opening_a_sentence_names_the_speaker_in_full() {
    // "Greta" is on no list of given names; the sentence opens with her name.
    let t = "Greta Lindqvist, 79, told reporters she lay on her kitchen floor all night.\n\n\
             Lindqvist said she would file a complaint. Her son said Lindqvist was still in pain.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "kitchen floor").as_deref(), Some("Greta Lindqvist"));
    assert_eq!(speaker_of(&a, "file a complaint").as_deref(), Some("Greta Lindqvist"));
    // An adverb opening the sentence is no given name.
    let t = "Separately Marchetti said the talks had stalled.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "talks had stalled").as_deref(), Some("Marchetti"));
}

#[test]
fn a_participle_after_a_trailing_frame_goes_on_with_its_speaker() {
    let t = "The mayor will announce the new budget next week, Councillor Dana Ruiz said, adding that \
             the transit levy would stay.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "transit levy would stay").as_deref(), Some("Dana Ruiz"));
}

#[test]
fn a_company_statement_speaks_for_the_company_named_before() {
    let t = "Halvern Motors cut 400 jobs on Monday. The plant will close in June, according to a company statement.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "plant will close").as_deref(), Some("Halvern Motors"));
}

#[test]
fn the_one_asked_answers_not_the_one_asking() {
    let t = "Tomas Grell said he had lent his car to a cousin that night. Prosecutor Ivan Moss then asked him to name the cousin.\n\n\
             “I won’t drag my family into this,” he told the court.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "drag my family").as_deref(), Some("Tomas Grell"));
}

#[test]
fn an_unnamed_participant_stays_unnamed() {
    let t = "Officer Dana Ruiz said a cyclist was struck by a van on Main Street.\n\n\
             “I never saw him,” the driver said.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "never saw him"), None, "{:#?}", a.quotes);
}

#[test]
fn a_quotation_credited_after_a_dash_is_the_named_readers() {
    let t = "We asked readers what the new bridge toll means to them.\n\n\
             “I drive to the clinic twice a week. Now every trip costs me four dollars more.” ― Marta Delgado\n\
             “Nobody asked the people who cross it every day.” ― Jorge A. Benitez, Riverton\n\n\
             “It was a fair price for a safer crossing,” said Kevin Osei.";
    check(
        t,
        &[
            want("clinic twice a week", Direct, Some("Marta Delgado"), Some("Marta Delgado")),
            want("cross it every day", Direct, Some("Jorge A. Benitez"), Some("Jorge A. Benitez")),
            want("fair price", Direct, Some("Kevin Osei"), Some("Kevin Osei")),
        ],
    );
}

#[test]
fn a_transcript_label_inside_quotation_marks_names_the_speaker() {
    let t = "Partial transcript as follows:\n\n\
             \"HOLM: Senator, will you vote for the budget on Thursday?\n\n\
             \"VANCE: I will not. This budget cuts rural hospitals and I said so from the start.\n\n\
             \"But I am ready to talk about a better one.";
    let a = annotate(t, &[], None);
    let mention = |c: &str| {
        let q = a.quotes.iter().find(|q| q.text.contains(c)).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes));
        q.speaker_span.map(|s| slice(t, s))
    };
    assert_eq!(mention("vote for the budget").as_deref(), Some("HOLM"));
    assert_eq!(mention("cuts rural hospitals").as_deref(), Some("VANCE"));
    assert!(!a.quotes.iter().any(|q| q.text.starts_with("VANCE")), "{:#?}", a.quotes);
}

#[test]
fn the_question_put_to_a_speaker_is_not_the_speakers() {
    let t =
        "“We will not close the clinic,” Mayor Ana Ruiz said when asked whether the town would cut its health budget.";
    let a = annotate(t, &[], None);
    assert_eq!(speaker_of(&a, "not close the clinic").as_deref(), Some("Ana Ruiz"));
    assert!(
        a.quotes.iter().filter(|q| q.text.contains("cut its health budget")).all(|q| q.speaker_span.is_none()),
        "{:#?}",
        a.quotes
    );
}

#[test]
fn a_document_that_reads_a_quotation_is_its_source() {
    let t = "Parents sent a letter to the school board on Monday.\n\n\
             “Our children deserve a library that stays open after classes,” the letter reads.";
    let a = annotate(t, &[], None);
    let q = a.quotes.iter().find(|q| q.text.contains("library that stays open")).expect("statement");
    assert_eq!(q.speaker_span.map(|s| slice(t, s)).as_deref(), Some("the letter"), "{q:#?}");
    assert_eq!(q.cue.as_deref(), Some("reads"));
}

#[test]
fn a_party_and_state_tag_stays_with_the_name_before_an_appositive() {
    let t = "“If the agency wanted the records, it would subpoena them,” Rep. Dana Holt (R-Ohio), a member of the \
             oversight panel, said in a phone interview. “Everyone else gets a different standard.”";
    let a = check(
        t,
        &[want(
            "different standard",
            Direct,
            Some("Dana Holt"),
            Some("Rep. Dana Holt (R-Ohio), a member of the oversight panel"),
        )],
    );
    assert_eq!(speaker_of(&a, "subpoena them").as_deref(), Some("Dana Holt"));
    assert!(!a.mentions.iter().any(|m| m.name.starts_with("R-")), "{:#?}", a.mentions);
}

#[test]
fn frames_in_a_sentence_of_their_own_name_the_quotation() {
    let t = "Kim Lassen, the spokeswoman for the port authority, said in a statement. “There are no cranes left \
             to repair after the storm.”\n\n\
             “Would the plan cover the harbor towns?” Councillor Ivo Ortiz pressed.\n\n\
             Said Mayor Ana Ruiz, “We will rebuild every house on this street.”";
    check(
        t,
        &[
            want("no cranes left", Direct, Some("Kim Lassen"), Some("Kim Lassen")),
            want("harbor towns", Direct, Some("Ivo Ortiz"), Some("Councillor Ivo Ortiz")),
            want("rebuild every house", Direct, Some("Ana Ruiz"), Some("Mayor Ana Ruiz")),
        ],
    );
}

#[test]
fn a_quantity_standing_for_its_speakers_is_the_mention() {
    let t = "Some have suggested that the levy was never needed.\n\n\
             Families of the miners, many of whom say the ruling is unfair, gathered outside the court.\n\n\
             One survey says there are 2,400 wells in the county, while another says there are about 1,800.";
    let a = annotate(t, &[], None);
    let written = |c: &str| {
        let q = a.quotes.iter().find(|q| q.text.contains(c)).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes));
        q.speaker_span.map(|s| slice(t, s))
    };
    assert_eq!(written("never needed").as_deref(), Some("Some"));
    assert_eq!(written("ruling is unfair").as_deref(), Some("many of whom"));
    assert_eq!(written("about 1,800").as_deref(), Some("another"));
}

#[test]
fn one_said_to_be_or_told_something_is_not_its_speaker() {
    let t = "Party chairman Reid Prior was said to be furious with the candidate for splitting the vote.\n\n\
             The coach had been told before the match that the club would sell its best player.";
    let a = annotate(t, &[], None);
    for c in ["furious with the candidate", "sell its best player"] {
        let q = a.quotes.iter().find(|q| q.text.contains(c)).unwrap_or_else(|| panic!("{c}: {:#?}", a.quotes));
        assert_eq!(q.speaker_span, None, "{q:#?}");
    }
}

#[test]
fn as_someone_put_it_names_the_quotations_speaker() {
    let t = "As Ana Ruiz, a tax lawyer at the Harbor Institute, recently put it, “Nobody has paid less and \
             complained more about it.”";
    check(t, &[want("paid less", Direct, Some("Ana Ruiz"), Some("Ana Ruiz, a tax lawyer at the Harbor Institute"))]);
}

#[test]
fn a_partys_name_before_party_is_the_party() {
    check(
        "The opposition Green Rivers party said it would support any deal that kept the river open.",
        &[want("it would support any deal", Indirect, Some("Green Rivers"), Some("The opposition Green Rivers party"))],
    );
    // A party's name before a role is the party's member, not the party.
    let a = annotate("The Green Rivers leader said the deal was weak.", &[], None);
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
    assert_ne!(a.quotes[0].speaker.as_deref(), Some("Green Rivers"), "{:#?}", a.quotes);
}

#[test]
fn a_pronoun_after_an_unnamed_source_is_not_a_person_named_before() {
    let t = "Mayor Lena Ruiz opened the bridge on Monday. A senior health official said the clinic would close. \"We had no choice,\" she said.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.len(), 2, "{:#?}", a.quotes);
    assert_eq!(a.quotes[1].speaker, None, "the official, not the mayor: {:#?}", a.quotes[1]);
    // A reader is shown who "she" is.
    assert_eq!(a.quotes[1].source.as_deref(), Some("A senior health official"), "{:#?}", a.quotes[1]);
    assert_eq!(a.quotes[0].source.as_deref(), Some("A senior health official"), "{:#?}", a.quotes[0]);
    // Once the mayor speaks again, "she" is the mayor.
    let t = "Mayor Lena Ruiz opened the bridge on Monday. A senior health official said the clinic would close. Ruiz said she was angry. \"We had no choice,\" she said.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.last().and_then(|q| q.speaker.as_deref()), Some("Lena Ruiz"), "{:#?}", a.quotes);
    // Plural sources take "they", not "she".
    let t = "Mayor Lena Ruiz opened the bridge. Officials said the clinic would close. They said the decision was final. She said she would fight it.";
    let a = annotate(t, &[], None);
    let speakers: Vec<_> = a.quotes.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(speakers, [None, None, Some("Lena Ruiz")], "{:#?}", a.quotes);
}

#[test]
fn a_role_in_the_lead_is_the_person_named_with_it_just_after() {
    check(
        "The mayor said on Monday the bridge would reopen in May.\n\n\"It is safe,\" said Mayor Lena Ruiz.",
        &[
            want("the bridge would reopen", Indirect, Some("Lena Ruiz"), Some("The mayor")),
            want("It is safe", Direct, Some("Lena Ruiz"), Some("Mayor Lena Ruiz")),
        ],
    );
    // Another role named next is someone else; and so is a holder named much later.
    for t in [
        "The mayor said the bridge would reopen.\n\n\"It is safe,\" said Governor Ana Holt.",
        "The mayor said the bridge would reopen. The council met. Shops closed. Crowds gathered. Mayor Lena Ruiz came.",
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes[0].speaker, None, "{t}: {:#?}", a.quotes);
    }
}

#[test]
fn a_repeated_quotation_without_a_cue_keeps_who_said_it() {
    // A pull quote after the story, and a byline paragraph just before it.
    let t = "\"Bridges are built by the patient, not the loud,\" Governor Ana Holt told the assembly.\n\nAda Brun covers transport for the Gazette. She previously worked in Velden.\n\n\"Bridges are built by the patient, not the loud.\"";
    let a = annotate(t, &[], None);
    let pulls: Vec<_> = a.quotes.iter().filter(|q| q.text.contains("Bridges are built")).collect();
    assert_eq!(pulls.len(), 2, "{:#?}", a.quotes);
    for q in pulls {
        assert_eq!(q.speaker.as_deref(), Some("Ana Holt"), "{q:#?}");
    }
}

#[test]
fn a_capitalised_word_opening_a_quoted_sentence_is_no_speaker() {
    check(
        "Mayor Lena Ruiz closed the bridge.\n\n\"We chose caution. Caution is not fear,\" she said.\n\nShe said the repairs would take \"a month, perhaps two\".",
        &[
            want("Caution is not fear", Direct, Some("Lena Ruiz"), Some("she")),
            want("the repairs would take", Mixed, Some("Lena Ruiz"), Some("She")),
        ],
    );
}

#[test]
fn a_body_named_with_a_plural_possessive_is_one_body() {
    check(
        "The Regional Growers' Federation said the harvest was \"the worst in a decade\".",
        &[want(
            "the harvest was",
            Mixed,
            Some("Regional Growers' Federation"),
            Some("The Regional Growers' Federation"),
        )],
    );
}

#[test]
fn who_after_a_place_is_the_person_before_it() {
    let t = "The port will reopen, according to an official in Velden, who said the cranes were repaired.";
    let a = annotate(t, &[], None);
    let q = a.quotes.iter().find(|q| q.text.contains("cranes were repaired")).expect("statement");
    assert_eq!(q.speaker, None, "{q:#?}");
    assert_eq!(q.source.as_deref(), Some("an official"), "{q:#?}");
}

#[test]
fn a_name_opening_what_a_source_says_is_not_the_source() {
    check(
        "According to the Tessalian trade ministry, Corvel \"will honour every contract\" signed this year.",
        &[want(
            "will honour every contract",
            Mixed,
            Some("Tessalian trade ministry"),
            Some("the Tessalian trade ministry"),
        )],
    );
}

#[test]
fn an_adverb_between_subject_and_cue_keeps_the_subject() {
    check(
        "After the vote, Mayor Lena Ruiz finally conceded that the bridge would stay closed.",
        &[want("the bridge would stay closed", Indirect, Some("Lena Ruiz"), Some("Mayor Lena Ruiz"))],
    );
}

#[test]
fn acts_and_adjuncts_read_as_speech_are_no_statements() {
    for t in [
        // An envoy called home.
        "Relations soured in May, when Tessalia recalled its ambassador from Corvel and closed the border.",
        // An object fronted into a relative clause: the adjunct is no content.
        "The sum, up from the 40 percent the ministry had offered since June, is part of a wider deal.",
        // A byline's career.
        "Ada Brun covers transport. She previously reported from the Velden coast and spent four years on the city desk.",
        // A participle after the cue's own clause.
        "The two unions have agreed to share the pension fund for a year, ending a dispute that closed three depots.",
    ] {
        let a = annotate(t, &[], None);
        assert!(a.quotes.is_empty(), "{t}: {:#?}", a.quotes);
    }
    // Memories told and speech participles stay.
    check(
        "Ruiz recalled that the bridge had flooded twice in 1998.",
        &[want("the bridge had flooded", Indirect, Some("Ruiz"), Some("Ruiz"))],
    );
    check(
        "Ruiz promised to reopen the bridge by May, saying the repairs were nearly done.",
        &[want("the repairs were nearly done", Indirect, Some("Ruiz"), Some("Ruiz"))],
    );
}

#[test]
fn a_noun_phrase_after_the_cue_describes_what_was_reported() {
    for t in [
        "A ferry ran aground near the harbour on Sunday, the coast guard said, the third accident this year.",
        "The lake supplies half the city's water, according to the Velden Water Board, a regional body that sets prices.",
    ] {
        let a = annotate(t, &[], None);
        assert_eq!(a.quotes.len(), 1, "{t}: {:#?}", a.quotes);
        assert!(
            !a.quotes[0].text.starts_with("the third") && !a.quotes[0].text.starts_with("a regional"),
            "{:#?}",
            a.quotes
        );
    }
    // A clause after the cue is still what was said.
    let t = "To win the vote, the organisers said, the council must lower the fares.";
    let a = annotate(t, &[], None);
    assert!(a.quotes.iter().any(|q| q.text.contains("the council must lower")), "{:#?}", a.quotes);
}

#[test]
fn who_saw_the_evidence_is_not_its_source() {
    let t =
        "Both armies have moved closer to the border, according to satellite images reviewed by the Velden Gazette.";
    let a = annotate(t, &[], None);
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
    assert_eq!(a.quotes[0].speaker, None, "{:#?}", a.quotes[0]);
}
