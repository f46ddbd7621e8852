//! Debugging aid: annotate the text on stdin and print sentences, mentions
//! and statements, one per line.
//!
//! usage: echo 'Peskov said “no.”' | cargo run -p storyline-nlp --example annotate_text

use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("stdin is not UTF-8 text");
        std::process::exit(2);
    }
    let ann = storyline_nlp::annotate(&text, &[], None);
    let slice = |s: storyline_model::Span| text.chars().skip(s.start).take(s.len()).collect::<String>();
    for s in &ann.sentences {
        println!("SENT {:?}", slice(*s));
    }
    for m in &ann.mentions {
        println!("MENTION {:?} {:?} name={:?} role={:?}", slice(m.span), m.kind, m.name, m.role);
    }
    for q in &ann.quotes {
        println!(
            "QUOTE {:?} {:?} speaker={:?} as={:?} cue={:?} medium={:?}",
            q.kind,
            q.text,
            q.speaker,
            q.speaker_span.map(slice),
            q.cue,
            q.medium
        );
    }
}
