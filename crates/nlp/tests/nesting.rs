//! Reported speech inside another statement's content: when it is part of
//! that statement and when it is a statement of its own. Fictional wording.

use storyline_model::PartialDate;
use storyline_nlp::annotate;

/// (cue, content) of every statement.
fn statements(text: &str) -> Vec<(String, String)> {
    let a = annotate(text, &[], PartialDate::parse_lenient("2025-10-02"));
    a.quotes.iter().map(|q| (q.cue.clone().unwrap_or_default(), q.text.clone())).collect()
}

#[test]
fn a_view_reported_at_the_head_of_a_statement_is_part_of_it() {
    let t = "The ferry company noted that inspectors believe the hull of the Marra needs new plating before winter.";
    let got = statements(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "noted");
    assert!(got[0].1.contains("inspectors believe the hull"), "{got:#?}");
    let t = "The ferry company noted that inspectors have concluded the hull of the Marra needs new plating.";
    let got = statements(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].1.contains("inspectors have concluded the hull"), "{got:#?}");
}

#[test]
fn an_admission_reported_inside_a_statement_belongs_to_its_speaker() {
    let t = "Mayor Ilse Brandt said the contractor her office hired in spring admitted that the new pumps \
             had been installed backwards.";
    let got = statements(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "said");
    assert!(got[0].1.contains("admitted that the new pumps"), "{got:#?}");
}

#[test]
fn a_coordinated_statement_and_said_inside_a_content_stay_statements() {
    let t = "The harbour master declined to name the vessels, but said two of them had left port without clearance.";
    let got = statements(t);
    assert!(got.iter().any(|(c, s)| c == "said" && s.starts_with("two of them had left port")), "{got:#?}");
    let t = "Council officials said the pumps were switched off because the engineer said the Orla dam was safe \
             until the spring floods.";
    let got = statements(t);
    assert!(got.iter().any(|(c, s)| c == "said" && s.starts_with("the Orla dam was safe")), "{got:#?}");
}

#[test]
fn an_accusation_joined_to_a_statement_by_and_is_a_statement_of_its_own() {
    let t = "Mayor Brandt said the pumps had failed twice this winter and she accused the contractor of hiding \
             the faults.";
    let got = statements(t);
    assert!(got.iter().any(|(c, s)| c == "accused" && s == "the contractor of hiding the faults"), "{got:#?}");
    assert!(got.iter().any(|(c, _)| c == "said"), "{got:#?}");
}

/// (cue, speaker as written, content) of every statement.
fn attributed(text: &str) -> Vec<(String, String, String)> {
    let a = annotate(text, &[], PartialDate::parse_lenient("2025-10-02"));
    let mention = |q: &storyline_model::Quote| {
        q.speaker_span.map(|s| text.chars().skip(s.start).take(s.len()).collect::<String>()).unwrap_or_default()
    };
    a.quotes.iter().map(|q| (q.cue.clone().unwrap_or_default(), mention(q), q.text.clone())).collect()
}

#[test]
fn a_statement_inside_a_frame_clause_is_the_speakers_not_the_frames() {
    // The pair model (`quotes::pairing`) keeps the inner cue: the words are the
    // guild's, not the letter's ("posted") nor an opening phrase's ("back to").
    let t = "In a letter posted on Monday, the Harbor Guild said the new pier would block the ferry lane for most \
             of the summer.";
    let got = attributed(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("said", "the Harbor Guild"), "{got:#?}");
    assert!(got[0].2.starts_with("the new pier would block"), "{got:#?}");
    let t = "Looking back to 2019, Mara Olsen argued that the old ferry timetable had served the island far better \
             than the new one.";
    let got = attributed(t);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("argued", "Mara Olsen"), "{got:#?}");
    assert!(got[0].2.starts_with("the old ferry timetable"), "{got:#?}");
}
