//! Who is speaking when the text names a body by a common noun ("the board",
//! "the agency"), a document ("a statement from ..."), or a person by a role
//! set off by commas ("the town's mayor, Anja Kessler"). Fictional wording.

use storyline_model::PartialDate;
use storyline_nlp::annotate;

/// The resolved speaker of the statement containing `has`.
fn speaker_of(text: &str, has: &str) -> Option<String> {
    let a = annotate(text, &[], PartialDate::parse_lenient("2025-10-02"));
    let q = a
        .quotes
        .iter()
        .find(|q| q.text.contains(has))
        .unwrap_or_else(|| panic!("no statement containing {has:?} in {:#?}", a.quotes));
    q.speaker.clone()
}

#[test]
fn the_board_is_the_board_named_earlier() {
    let t = "A surveyor at the Brackwater Harbour Board said the quay wall had shifted twice since May.\n\n\
             The board said in a statement that it had closed the quay to lorries.";
    assert_eq!(speaker_of(t, "closed the quay").as_deref(), Some("Brackwater Harbour Board"));
}

#[test]
fn a_body_named_only_by_a_common_noun_speaks_under_that_name() {
    let t = "Ferries to Imbry were cancelled for a second day.\n\n\
             The regional transport office said it expected services to resume on Friday.";
    assert_eq!(speaker_of(t, "services to resume").as_deref(), Some("regional transport office"));
}

#[test]
fn the_agency_and_then_it_go_back_to_the_agency_first_described() {
    let t = "The national flood agency has issued its first warning of the year for the lower Venn.\n\n\
             The agency said river levels could rise by a metre overnight. \
             It said people near the embankments should move their cars.";
    assert_eq!(speaker_of(t, "rise by a metre").as_deref(), Some("national flood agency"));
    assert_eq!(speaker_of(t, "move their cars").as_deref(), Some("national flood agency"));
}

#[test]
fn a_statement_speaks_for_whoever_issued_it() {
    let t = "Two teenagers have been charged over a fire at a school in Olsby, \
             according to a statement from the Olsby Fire Service.";
    assert_eq!(speaker_of(t, "charged over a fire").as_deref(), Some("Olsby Fire Service"));
}

#[test]
fn a_role_set_off_before_a_name_is_that_persons_role() {
    let t = "The gallery's owner, Lars Brandvik, has refused to lend the tapestry to the town of Edda, \
             angering the town's mayor, Anja Kessler.\n\n\
             \"It was woven here and it should hang here,\" the mayor said.";
    assert_eq!(speaker_of(t, "woven here").as_deref(), Some("Anja Kessler"));
}

#[test]
fn a_name_after_the_role_phrase_is_the_speaker() {
    let t = "Fennick Rail lost its franchise on Monday.\n\n\
             \"We ran these trains through two hard winters,\" said Fennick's chief executive, Tomas Reyes.";
    assert_eq!(speaker_of(t, "two hard winters").as_deref(), Some("Tomas Reyes"));
}

#[test]
fn a_body_owned_by_a_pronoun_is_not_named_by_the_phrase() {
    let t = "Prime Minister Ana Ruiz flew to Tolen on Sunday.\n\n\
             Her foreign ministry said the talks would resume within a week.";
    assert_eq!(speaker_of(t, "talks would resume"), None);
}

#[test]
fn neither_side_is_nobody_in_particular() {
    let t = "Talks between Orlan and Vesk ended without a deal on Friday. \
             Each side said the other had walked out.";
    assert_eq!(speaker_of(t, "the other had walked out"), None);
}

#[test]
fn the_president_is_whoever_holds_the_title() {
    let t = "The bridge opened on March 3, when President Tomas Orrin cut the ribbon. \
             \"This bridge joins two towns that needed each other,\" the President said at the ceremony.";
    assert_eq!(speaker_of(t, "joins two towns").as_deref(), Some("Tomas Orrin"));
}

#[test]
fn a_common_noun_phrase_at_the_start_of_a_sentence_names_no_one() {
    let t = "The ferry sank off Imbry on Tuesday.\n\n\
             Federal investigators have said the hull had been repaired twice this year.";
    let a = annotate(t, &[], PartialDate::parse_lenient("2025-10-02"));
    let q = a.quotes.iter().find(|q| q.text.contains("hull had been repaired")).expect("statement");
    assert_eq!(q.speaker, None);
    // The mention as written is still given.
    let written: String =
        t.chars().skip(q.speaker_span.expect("written").start).take(q.speaker_span.unwrap().len()).collect();
    assert_eq!(written, "Federal investigators");
}

#[test]
fn a_person_of_a_body_is_the_speaker_not_the_body() {
    let t = "Campaigners welcomed the ruling. \"Every tenant in the valley should read this,\" \
             said Oda Brenner of the Tenants’ Advice League.";
    assert_eq!(speaker_of(t, "Every tenant").as_deref(), Some("Oda Brenner"));
    // The plural possessive's apostrophe is no quotation mark: no stray
    // statement made of the speaker's own words.
    let a = annotate(t, &[], PartialDate::parse_lenient("2025-10-02"));
    assert_eq!(a.quotes.len(), 1, "{:#?}", a.quotes);
}

#[test]
fn a_quote_running_over_three_paragraphs_keeps_its_speaker() {
    let t = "Harbour master Lene Vik said the dredging had been delayed twice. \
             \"We warned about silt in the spring,\" she said at the quay.\n\n\
             \"Nobody listened then. Now the ferries run aground.\n\n\
             \"If the work does not start by October, the port will close to big ships.\"\n\n\
             The council did not comment.";
    assert_eq!(speaker_of(t, "Nobody listened").as_deref(), Some("Lene Vik"));
    assert_eq!(speaker_of(t, "does not start by October").as_deref(), Some("Lene Vik"));
}

#[test]
fn a_body_before_a_role_and_a_name_is_where_the_speaker_works() {
    let t = "Council of River States envoy Amara Oyelaran opened the session on Monday, \
             saying both sides had to leave their microphones outside the hall.";
    assert_eq!(speaker_of(t, "microphones outside").as_deref(), Some("Amara Oyelaran"));
}

#[test]
fn a_countrys_ministry_is_named_by_the_phrase_and_the_ministry_follows_it() {
    let t = "A border guard was wounded near the river early on Saturday, Kastovia's defence ministry said.\n\n\
             The ministry said in a statement that shots were fired from across the river at a patrol.";
    assert_eq!(speaker_of(t, "border guard was wounded").as_deref(), Some("Kastovia's defence ministry"));
    assert_eq!(speaker_of(t, "shots were fired").as_deref(), Some("Kastovia's defence ministry"));
    // A person's office is no body with a name of its own.
    let t = "The mayor's office said the pier would reopen in May.";
    assert_eq!(speaker_of(t, "pier would reopen").as_deref(), None);
}

#[test]
fn the_agent_of_a_passive_is_no_statement() {
    let a = annotate(
        "The ceasefire proposed by council envoy Amara Oyelaran has held since Friday.",
        &[],
        PartialDate::parse_lenient("2025-10-02"),
    );
    assert!(a.quotes.iter().all(|q| !q.text.starts_with("by ")), "{:#?}", a.quotes);
}
