//! Whole-message behaviour of the built understanding.

use super::corpus::{self, Example};
use super::{Intent, Nlu, NluContext};
use crate::domain::Language;

fn ctx() -> NluContext {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
    NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
        .with_room_types(super::demo_room_types())
}

#[test]
fn multi_intent_messages_are_reported_in_order() {
    let nlu = Nlu::shared().expect("nlu");
    let p = nlu.parse("hola, tienen lugar el finde? y aceptan mascotas?", &ctx());
    let intents: Vec<Intent> = p.intents.iter().map(|h| h.intent).collect();
    assert_eq!(
        intents,
        [
            Intent::Greeting,
            Intent::CheckAvailability,
            Intent::HotelInfo
        ]
    );
    assert_eq!(p.primary().intent, Intent::CheckAvailability);
    assert!(p.intents.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn cancelling_is_not_asking_how_to_pay() {
    // The old system answered this one with deposit instructions.
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "Quiero cancelar mi reserva",
        "I want to cancel my booking",
        "quero cancelar minha reserva",
    ] {
        assert_eq!(
            nlu.parse(text, &ctx()).primary().intent,
            Intent::CancelBooking,
            "{text}"
        );
    }
}

#[test]
fn confidences_are_probabilities_and_the_model_is_deterministic() {
    let a = Nlu::build().expect("nlu");
    let b = Nlu::build().expect("nlu");
    for text in [
        "cuanto sale la doble?",
        "ok",
        "asdf qwer",
        "the room is dirty",
    ] {
        let (pa, pb) = (a.parse(text, &ctx()), b.parse(text, &ctx()));
        assert_eq!(pa, pb, "{text}");
        assert!(
            pa.intents
                .iter()
                .all(|h| (0.0..=1.0).contains(&h.confidence)),
            "{text}"
        );
    }
}

#[test]
fn the_conversation_language_decides_short_messages() {
    let nlu = Nlu::shared().expect("nlu");
    let p = nlu.parse("ok", &ctx().with_conversation_language(Some(Language::Pt)));
    assert_eq!(
        (p.language, p.primary().intent),
        (Language::Pt, Intent::Affirm)
    );
}

#[test]
fn everyday_words_tell_the_language_of_plain_sentences() {
    let nlu = Nlu::shared().expect("nlu");
    // The conversation so far was in another language: only the words of
    // the message itself can get these right.
    let cases = [
        (
            "hay lugar de 3 a 5 de abril para 2?",
            Language::Es,
            Language::Pt,
        ),
        (
            "tengo una reserva a nombre de maria gonzalez",
            Language::Es,
            Language::En,
        ),
        (
            "pueden llamar a un medico por favor",
            Language::Es,
            Language::En,
        ),
        ("que horas é o check in", Language::Pt, Language::Es),
        ("a piscina esta aberta?", Language::Pt, Language::Es),
        (
            "queria cancelar a minha reserva",
            Language::Pt,
            Language::Es,
        ),
        (
            "we will arrive late, around 11 at night",
            Language::En,
            Language::Es,
        ),
    ];
    for (text, lang, conversation) in cases {
        let p = nlu.parse(text, &ctx().with_conversation_language(Some(conversation)));
        assert_eq!(
            (p.language, p.language_source),
            (lang, super::LanguageSource::Detected),
            "{text}"
        );
    }
}

#[test]
fn a_request_after_an_unpunctuated_greeting_is_read() {
    let nlu = Nlu::shared().expect("nlu");
    for (text, second) in [
        (
            "hola buenas tardes tienen estacionamiento",
            Intent::HotelInfo,
        ),
        ("hola buenas tardes el aire no funciona", Intent::Complaint),
        ("hello good morning how much is a room", Intent::AskPrices),
        ("oi boa tarde vocês tem estacionamento", Intent::HotelInfo),
    ] {
        let p = nlu.parse(text, &ctx());
        let intents: Vec<Intent> = p.intents.iter().map(|h| h.intent).collect();
        assert_eq!(intents, [Intent::Greeting, second], "{text}");
        assert_eq!(p.primary().intent, second, "{text}");
    }
}

#[test]
fn a_named_emergency_is_urgent_whatever_else_the_message_asks() {
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "hi, what time is checkout? my husband is not breathing",
        "pueden llamar a un medico por favor",
        "meu filho não consegue respirar",
    ] {
        let p = nlu.parse(text, &ctx());
        assert_eq!(p.primary().intent, Intent::Urgent, "{text}");
        assert!(p.primary().confidence >= 0.9, "{text}");
    }
}

#[test]
fn asking_to_be_booked_is_a_booking() {
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "podés reservarme una doble del 10 al 12?",
        "puede reservarme una doble del 10 al 12?",
        "me reservas la suite para el finde?",
    ] {
        let p = nlu.parse(text, &ctx());
        assert_eq!(p.primary().intent, Intent::MakeBooking, "{text}");
    }
}

#[test]
fn emoji_only_messages_are_answers() {
    let nlu = Nlu::shared().expect("nlu");
    for (text, intent) in [
        ("👍", Intent::Affirm),
        ("👌🏻", Intent::Affirm),
        ("👎", Intent::Deny),
        ("🙏🙏", Intent::Thanks),
        ("🤔", Intent::OutOfScope),
    ] {
        assert_eq!(nlu.parse(text, &ctx()).primary().intent, intent, "{text}");
    }
}

#[test]
fn an_acknowledgement_before_thanks_is_the_thanks() {
    // "awesome" alone is unsure (the classifier reads it as an answer); an
    // acknowledgement word followed by politeness is that politeness.
    let nlu = Nlu::shared().expect("nlu");
    for (text, intent) in [
        ("awesome, thank you", Intent::Thanks),
        ("cool, bye", Intent::Goodbye),
        ("ok, thanks", Intent::Thanks),
    ] {
        let p = nlu.parse(text, &ctx());
        let intents: Vec<Intent> = p.intents.iter().map(|h| h.intent).collect();
        assert_eq!(intents, [intent], "{text}");
    }
    // Not when the rest of the message asks for something.
    let p = nlu.parse("awesome, thanks, and is breakfast included?", &ctx());
    assert_eq!(p.primary().intent, Intent::HotelInfo);
}

#[test]
fn a_yes_that_names_the_booking_is_a_booking() {
    // A yes that also names the booking action asks us to book, with or
    // without a comma; a bare yes is an answer and a refusal stays a refusal.
    let nlu = Nlu::shared().expect("nlu");
    for (text, intent) in [
        ("yes, book it", Intent::MakeBooking),
        ("yes book it", Intent::MakeBooking),
        ("ok book it", Intent::MakeBooking),
        ("sure, book it", Intent::MakeBooking),
        ("si, reservalo", Intent::MakeBooking),
        ("sim, pode reservar", Intent::MakeBooking),
        ("yes", Intent::Affirm),
        ("go ahead", Intent::Affirm),
        ("no, don't book it", Intent::Deny),
    ] {
        assert_eq!(nlu.parse(text, &ctx()).primary().intent, intent, "{text}");
    }
}

/// Intents of a message in order, with the hotel_info subtopic where there is one.
fn intents_of(nlu: &Nlu, text: &str) -> Vec<(Intent, Option<super::InfoTopic>)> {
    let p = nlu.parse(text, &ctx());
    p.intents.iter().map(|h| (h.intent, h.subtopic)).collect()
}

#[test]
fn praise_for_the_place_is_thanks_not_a_question_about_rooms() {
    // "lugar" is also "a free room" ("hay lugar?"); praise for the place is
    // part of the thanks.
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "gracias por todo, muy lindo el lugar",
        "hermoso el lugar",
        "qué lindo lugar",
        "que lugar lindo!",
        "lovely place, thanks",
        "lugar maravilhoso, obrigado",
    ] {
        assert_eq!(intents_of(nlu, text), [(Intent::Thanks, None)], "{text}");
    }
}

#[test]
fn room_for_the_car_is_parking() {
    use super::InfoTopic::Parking;
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "tem lugar pro carro?",
        "hay lugar para el auto?",
        "tienen lugar para estacionar?",
        "is there room for the car?",
        "tem vaga pro carro?",
        "tem onde deixar o carro",
    ] {
        assert_eq!(
            intents_of(nlu, text),
            [(Intent::HotelInfo, Some(Parking))],
            "{text}"
        );
    }
}

#[test]
fn a_cancellation_turned_down_for_a_change_is_a_change() {
    let nlu = Nlu::shared().expect("nlu");
    for text in [
        "en vez de cancelar podemos pasar la reserva para mayo?",
        "instead of cancelling can we move it to May?",
        "em vez de cancelar dá pra mudar a data?",
        "no quiero cancelar, quiero cambiar la fecha",
        "I don't want to cancel, just change the dates",
    ] {
        assert_eq!(
            intents_of(nlu, text),
            [(Intent::ModifyBooking, None)],
            "{text}"
        );
    }
    // Turned down on its own, it is a no; a plain cancellation stays one.
    assert_eq!(
        nlu.parse("no quiero cancelar", &ctx()).primary().intent,
        Intent::Deny
    );
    assert_eq!(
        nlu.parse("quiero cancelar la reserva de mayo", &ctx())
            .primary()
            .intent,
        Intent::CancelBooking
    );
}

#[test]
fn a_second_question_after_an_unpunctuated_and_is_read() {
    use super::InfoTopic::{Amenities, Pets};
    let nlu = Nlu::shared().expect("nlu");
    for (text, intents) in [
        (
            "hola tienen lugar el finde y aceptan mascotas",
            vec![
                (Intent::Greeting, None),
                (Intent::CheckAvailability, None),
                (Intent::HotelInfo, Some(Pets)),
            ],
        ),
        (
            "hola, tienen lugar el finde? y aceptan mascotas?",
            vec![
                (Intent::Greeting, None),
                (Intent::CheckAvailability, None),
                (Intent::HotelInfo, Some(Pets)),
            ],
        ),
        (
            "tienen pileta y aceptan perros",
            vec![
                (Intent::HotelInfo, Some(Amenities)),
                (Intent::HotelInfo, Some(Pets)),
            ],
        ),
        (
            "do you have rooms this weekend and do you allow dogs",
            vec![
                (Intent::CheckAvailability, None),
                (Intent::HotelInfo, Some(Pets)),
            ],
        ),
        (
            "tem vaga sexta e aceitam pet",
            vec![
                (Intent::CheckAvailability, None),
                (Intent::HotelInfo, Some(Pets)),
            ],
        ),
    ] {
        assert_eq!(intents_of(nlu, text), intents, "{text}");
    }
}

/// The training split as it is on disk now (not as embedded at build time),
/// so the tuning tools below see edited data without a rebuild.
fn train_from_disk() -> Vec<Example> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu/train");
    let mut out = Vec::new();
    for lang in ["es", "en", "pt"] {
        let src = std::fs::read_to_string(dir.join(format!("{lang}.jsonl"))).expect("train file");
        for line in src.lines() {
            if let Some(mut ex) = corpus::parse_line(line).expect("train line") {
                ex.lang = ex.lang.or_else(|| lang.parse().ok());
                out.push(ex);
            }
        }
    }
    out
}

/// A model trained on `examples` with the word lists as they are on disk.
fn nlu_from_disk(examples: &[Example], balance: bool) -> Nlu {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("word list");
    let lx = super::lexicon::Lexicon::parse(
        &read("typos.txt"),
        &read("lang_words.txt"),
        &read("intent_cues.txt"),
        &read("info_topics.txt"),
        &read("emergency.txt"),
    )
    .expect("word lists");
    Nlu::with_lexicon(lx, examples, balance).expect("nlu")
}

/// Five-fold cross-validation on the training split, for tuning without the
/// test split: `cargo nextest run --workspace --run-ignored only -E 'test(cross_validation)' --no-capture`.
///
/// Folds are assigned by position, so a few added lines reshuffle every fold:
/// with `NLU_CV_ORDERS=8` the unbalanced model is also scored over 8 shuffle
/// orders of the lines (order 0 is the file order) and the mean is printed,
/// which moves much less than one order does.
#[test]
#[ignore = "slow; a tuning tool, not a check"]
fn cross_validation() {
    for balance in [false, true] {
        println!("── balanced classes: {balance}");
        cross_validate(&train_from_disk(), balance);
    }
    let orders: u64 = std::env::var("NLU_CV_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    if orders > 1 {
        let mut sums: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        for order in 0..orders {
            let mut all = train_from_disk();
            if order > 0 {
                fastrand::Rng::with_seed(order).shuffle(&mut all);
            }
            println!("── shuffle order {order}, balanced classes: false");
            for (lang, (r, n)) in cross_validate(&all, false) {
                let sum = sums.entry(lang).or_default();
                sum.0 += r;
                sum.1 += n;
            }
        }
        for (lang, (r, n)) in &sums {
            println!(
                "cross-validated {lang}, mean of {orders} orders: {:.2} %",
                100.0 * *r as f64 / *n as f64
            );
        }
    }
}

/// Scores five folds of `all`; returns (right, lines) per language.
fn cross_validate(
    all: &[Example],
    balance: bool,
) -> std::collections::BTreeMap<String, (usize, usize)> {
    let ctx = ctx();
    let mut right = 0;
    // Per language: (right, lines).
    let mut per_lang: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut misses: Vec<String> = Vec::new();
    for fold in 0..5 {
        let (test, train): (Vec<&Example>, Vec<&Example>) = all
            .iter()
            .enumerate()
            .map(|(i, e)| (i % 5 == fold, e))
            .fold(
                (Vec::new(), Vec::new()),
                |(mut te, mut tr), (is_test, e)| {
                    if is_test {
                        te.push(e)
                    } else {
                        tr.push(e)
                    }
                    (te, tr)
                },
            );
        let train: Vec<Example> = train.into_iter().cloned().collect();
        let nlu = nlu_from_disk(&train, balance);
        for ex in test {
            let got = nlu.parse_with(
                &ex.text,
                &ctx.clone().with_conversation_language(ex.lang),
                None,
                false,
            );
            let lang = ex.lang.map_or("?".to_string(), |l| format!("{l:?}"));
            let tally = per_lang.entry(lang.clone()).or_default();
            tally.1 += 1;
            if got.primary().intent == ex.intent {
                right += 1;
                tally.0 += 1;
            } else {
                misses.push(format!(
                    "{lang} {:?} expected {} got {}",
                    ex.text,
                    ex.intent,
                    got.primary().intent
                ));
            }
        }
    }
    for m in &misses {
        println!("{m}");
    }
    for (lang, (r, n)) in &per_lang {
        println!(
            "cross-validated {lang}: {:.3} ({r}/{n})",
            *r as f64 / *n as f64
        );
    }
    println!(
        "cross-validated accuracy: {:.3} ({right}/{})",
        right as f64 / all.len() as f64,
        all.len()
    );
    per_lang
}

/// The dev split scored by a model trained on the training split as it is on
/// disk: `cargo nextest run --workspace --run-ignored only -E 'test(dev_split)' --no-capture`.
/// (The test split is scored only with `conserje nlu eval`, to report.)
#[test]
#[ignore = "a tuning tool, not a check"]
fn dev_split() {
    for balance in [false, true] {
        println!("── balanced classes: {balance}");
        dev_split_with(balance);
    }
}

fn dev_split_with(balance: bool) {
    let nlu = nlu_from_disk(&train_from_disk(), balance);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu/dev");
    // `en-fresh` was written once, before reading any model error, and is
    // never tuned against: score it only to see whether a change generalises.
    // `en-fresh2` was written the same way (twelfth session) by someone who
    // had not read the training lines; its errors have since been read, so it
    // is a dev set like the others. `en-fresh3` (175 lines) was written after
    // that session's changes, again without reading any corpus: scored
    // unread, it went from 89.1 % (the session's starting model) to 94.3 %;
    // its errors were then read, so it too is now a dev set. `en-fresh4`
    // (186 lines, thirteenth session) the same: 94.6 % unread, then read.
    let read = [
        "es",
        "en",
        "pt",
        "en-fresh",
        "en-fresh2",
        "en-fresh3",
        "en-fresh4",
    ];
    // Written from LABELLING.md by people who had read no corpus and never
    // read since: only their scores are printed, so they keep measuring
    // whether a change generalises (see BENCHMARKS, thirteenth session).
    let unread = ["en-fresh5", "en-fresh6", "es-fresh1", "pt-fresh1"];
    for (name, show_errors) in read
        .iter()
        .map(|n| (n, true))
        .chain(unread.iter().map(|n| (n, false)))
    {
        let src = std::fs::read_to_string(dir.join(format!("{name}.jsonl"))).expect("dev file");
        let r = super::eval::evaluate(&nlu, &ctx(), &src);
        let slot_f1 = if r.slot_lines > 0 {
            format!("{:.1} %", r.slot_f1 * 100.0)
        } else {
            "n/a (no line gives slots)".to_string()
        };
        println!(
            "dev {name}: {} lines, intent accuracy {:.1} %, slot F1 {slot_f1}",
            r.lines,
            r.accuracy * 100.0,
        );
        if !show_errors {
            continue;
        }
        for m in &r.misclassified {
            println!(
                "  {:?} expected {} got {} ({:.2})",
                m.text, m.expected, m.got, m.confidence
            );
        }
    }
}

/// The test split is only worth its score if the model never saw its lines:
/// no text of `data/nlu/test/` (or `dev/`) may also be a training line, up to
/// case, accents and surrounding spaces. Compares texts only; nothing here
/// scores or tunes against the held-out lines.
#[test]
fn no_held_out_line_is_a_training_line() {
    let key = |t: &str| super::text::fold(t.trim());
    let trained: std::collections::HashSet<String> =
        train_from_disk().iter().map(|e| key(&e.text)).collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu");
    let mut leaked = Vec::new();
    for split in ["test", "dev"] {
        for entry in std::fs::read_dir(root.join(split)).expect("split dir") {
            let path = entry.expect("entry").path();
            let src = std::fs::read_to_string(&path).expect("split file");
            for line in src.lines() {
                if let Some(ex) = corpus::parse_line(line).expect("held-out line")
                    && trained.contains(&key(&ex.text))
                {
                    leaked.push(format!("{}: {}", path.display(), ex.text));
                }
            }
        }
    }
    assert!(
        leaked.is_empty(),
        "held-out lines also trained on: {leaked:#?}"
    );
}

/// Language detection on the dev split, with the conversation's language set
/// to a wrong one so that a fallback counts as a miss:
/// `cargo nextest run --workspace --run-ignored only -E 'test(language_detection)' --no-capture`.
/// Prints scores only (the unread sets must stay unread).
#[test]
#[ignore = "a tuning tool, not a check"]
fn language_detection() {
    let nlu = nlu_from_disk(&train_from_disk(), super::classifier::BALANCE_CLASSES);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/nlu/dev");
    let wrong = |l: Language| match l {
        Language::Es => Language::Pt,
        Language::Pt => Language::Es,
        Language::En => Language::Es,
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dev dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let src = std::fs::read_to_string(dir.join(&name)).expect("dev file");
        let (mut right, mut fallback, mut n) = (0, 0, 0);
        for line in src.lines() {
            let Ok(Some(ex)) = corpus::parse_line(line) else {
                continue;
            };
            let Some(lang) = ex.lang else { continue };
            let c = ctx().with_conversation_language(Some(wrong(lang)));
            let p = nlu.parse(&ex.text, &c);
            n += 1;
            right += usize::from(p.language == lang);
            fallback += usize::from(p.language_source == super::LanguageSource::Fallback);
        }
        println!(
            "lang {name}: {n} lines, right {:.1} %, fallback {:.1} %",
            100.0 * right as f64 / n as f64,
            100.0 * fallback as f64 / n as f64
        );
    }
}

/// Parses each line of the file named by `NLU_PROBE` with a model trained on
/// the data as it is on disk, printing language and intents: a quick look at
/// what an edit to the word lists or training lines does, without a rebuild.
#[test]
#[ignore = "a tuning tool, not a check"]
fn probe() {
    let Ok(path) = std::env::var("NLU_PROBE") else {
        return;
    };
    let nlu = nlu_from_disk(&train_from_disk(), super::classifier::BALANCE_CLASSES);
    let src = std::fs::read_to_string(path).expect("probe file");
    for text in src.lines().filter(|l| !l.trim().is_empty()) {
        let p = nlu.parse(text, &ctx().with_conversation_language(Some(Language::En)));
        let intents: Vec<String> = p
            .intents
            .iter()
            .map(|h| match h.subtopic {
                Some(t) => format!("{}/{t} {:.2}", h.intent, h.confidence),
                None => format!("{} {:.2}", h.intent, h.confidence),
            })
            .collect();
        println!(
            "{text:?} → {:?}/{:?} {}",
            p.language,
            p.language_source,
            intents.join(", ")
        );
    }
}
