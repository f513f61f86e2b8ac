//! The WhatsApp channel end to end: the real `conserje` binary, signed
//! webhooks over HTTP, the fake Graph API, and the daemon's own database.
//! The daemon runs the test-only "echo-for-tests" engine, so a guest's text
//! comes back as the reply.

use conserje::adapters::whatsapp::sign;
use conserje_e2e::db::{count, wait_for};
use conserje_e2e::fake_graph::{Answer, FakeGraph};
use conserje_e2e::whatsapp_daemon::*;
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::Value;
use serde_json::json;

#[test]
fn the_same_payload_three_times_is_processed_once_with_one_reply() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let body = webhook(vec![text("wamid.DUP1", now_s(), "hola")]);
    for _ in 0..3 {
        assert_eq!(post(&d, &body), 200);
    }
    let dir = d.data_dir.path();
    wait_for("the reply to be sent", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    // Once more after processing: still nothing new.
    assert_eq!(post(&d, &body), 200);
    wait_for("the inbox to settle", &d, || {
        count(dir, "SELECT count(*) FROM wa_inbox WHERE state = 'pending'") == 0
    });
    assert_eq!(count(dir, "SELECT count(*) FROM wa_inbox"), 1);
    assert_eq!(
        count(dir, "SELECT count(*) FROM messages WHERE direction = 'in'"),
        1
    );
    assert_eq!(count(dir, "SELECT count(*) FROM outbox"), 1);
    assert_eq!(reply_texts(&fake), vec!["hola"]);
    let send = &fake.sends()[0];
    assert_eq!(send["to"], GUEST);
    assert_eq!(send["type"], "text");
    assert_eq!(fake.requests()[0].bearer.as_deref(), Some(TOKEN));
    assert_eq!(fake.requests()[0].path, format!("/v23.0/{NUMBER}/messages"));
}

#[test]
fn two_messages_delivered_in_reverse_order_are_processed_in_timestamp_order() {
    let fake = FakeGraph::start(TOKEN);
    // The settle time covers the gap between the two deliveries.
    let d = start(&fake, &[("CONSERJE__WHATSAPP__SETTLE_MS", "1500")]);
    let t = now_s();
    assert_eq!(post(&d, &webhook(vec![text("wamid.R2", t, "second")])), 200);
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.R1", t - 5, "first")])),
        200
    );
    wait_for("both replies", &d, || fake.sends().len() == 2);
    assert_eq!(reply_texts(&fake), vec!["first", "second"]);
    let order = count(
        d.data_dir.path(),
        "SELECT (SELECT id FROM messages WHERE wa_message_id = 'wamid.R1') < (SELECT id FROM messages WHERE wa_message_id = 'wamid.R2')",
    );
    assert_eq!(order, 1, "stored in timestamp order");
}

#[test]
fn killed_after_the_200_and_before_processing_it_is_processed_exactly_once_after_restart() {
    let fake = FakeGraph::start(TOKEN);
    // A long settle time keeps the row waiting, so the kill lands before processing.
    let d = start(&fake, &[("CONSERJE__WHATSAPP__SETTLE_MS", "4000")]);
    assert_eq!(
        post(
            &d,
            &webhook(vec![text("wamid.CRASH", now_s(), "sigue ahí?")])
        ),
        200
    );
    let dir = d.crash();
    assert_eq!(
        count(
            dir.path(),
            "SELECT count(*) FROM wa_inbox WHERE state = 'pending'"
        ),
        1,
        "stored before the 200"
    );
    assert_eq!(
        count(dir.path(), "SELECT count(*) FROM messages"),
        0,
        "not processed before the kill"
    );
    assert!(fake.sends().is_empty());

    let e = env(&fake, &[]);
    let refs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let d = Daemon::start_in(&conserje_bin(), dir, &refs);
    let dir = d.data_dir.path();
    wait_for("the reply after restart", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert_eq!(
        count(dir, "SELECT count(*) FROM wa_inbox WHERE state = 'done'"),
        1
    );
    assert_eq!(
        count(dir, "SELECT count(*) FROM messages WHERE direction = 'in'"),
        1
    );
    assert_eq!(reply_texts(&fake), vec!["sigue ahí?"]);
}

#[test]
fn a_send_answered_500_is_retried_and_delivered_once() {
    let fake = FakeGraph::start(TOKEN);
    fake.script([Answer::error(500, 1, "An unknown error occurred")]);
    let d = start(&fake, &[]);
    assert_eq!(
        post(
            &d,
            &webhook(vec![text("wamid.RETRY", now_s(), "reintento")])
        ),
        200
    );
    let dir = d.data_dir.path();
    wait_for("the retried send", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert_eq!(count(dir, "SELECT attempts FROM outbox"), 2);
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM messages WHERE wa_message_id = 'wamid.FAKE1' AND status = 'sent'"
        ),
        1
    );
    assert_eq!(
        reply_texts(&fake),
        vec!["reintento", "reintento"],
        "one failed attempt, one delivery"
    );
    assert_eq!(count(dir, "SELECT count(*) FROM dead_letters"), 0);
}

#[test]
fn window_closed_131047_is_a_dead_letter_and_flags_the_conversation() {
    let fake = FakeGraph::start(TOKEN);
    fake.script([Answer::error(400, 131047, "Re-engagement message")]);
    let d = start(&fake, &[]);
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.WIN", now_s(), "hola?")])),
        200
    );
    let dir = d.data_dir.path();
    wait_for("the dead letter", &d, || {
        count(dir, "SELECT count(*) FROM dead_letters") == 1
    });
    assert_eq!(
        count(
            dir,
            "SELECT error_code FROM dead_letters WHERE source = 'outbox'"
        ),
        131047
    );
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM conversations WHERE window_closed_at_ms IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'dead'"),
        1
    );
    assert_eq!(fake.sends().len(), 1, "never retried");
}

#[test]
fn guest_media_is_downloaded_with_the_token_and_kept() {
    let fake = FakeGraph::start(TOKEN);
    fake.add_media("1479537139650973", b"\xff\xd8JPEGDATA", "image/jpeg");
    let d = start(&fake, &[]);
    let image = json!({"from": GUEST, "id": "wamid.IMG", "timestamp": now_s().to_string(), "type": "image",
        "image": {"id": "1479537139650973", "mime_type": "image/jpeg", "caption": "vista"}});
    assert_eq!(post(&d, &webhook(vec![image])), 200);
    let dir = d.data_dir.path();
    wait_for("the media file", &d, || {
        count(dir, "SELECT count(*) FROM media WHERE state = 'stored'") == 1
    });
    let media_dir = dir.join("media");
    let files: Vec<_> = std::fs::read_dir(&media_dir).expect("media dir").collect();
    assert_eq!(files.len(), 1);
    let reqs = fake.requests();
    assert!(reqs.iter().all(|r| r.bearer.as_deref() == Some(TOKEN)));
    assert!(
        reqs.iter()
            .any(|r| r.path == "/media-download/1479537139650973")
    );
}

#[test]
fn a_webhook_for_an_unknown_number_is_stored_and_reported_on_health() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let body = String::from_utf8(webhook(vec![text("wamid.OTHER", now_s(), "hi")]))
        .expect("utf8")
        .replace(NUMBER, "999999999999999");
    assert_eq!(post(&d, body.as_bytes()), 200);
    let ready: Value = reqwest::blocking::get(format!("{}/health/ready", d.public))
        .expect("ready")
        .json()
        .expect("json");
    let wa = ready["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["name"] == "whatsapp")
        .cloned()
        .expect("whatsapp");
    assert_eq!(wa["status"], "down");
    assert!(
        wa["detail"]
            .as_str()
            .unwrap_or("")
            .contains("999999999999999"),
        "{wa}"
    );
    assert_eq!(
        ready["status"], "ready",
        "optional: the instance stays ready"
    );
    assert_eq!(
        count(
            d.data_dir.path(),
            "SELECT count(*) FROM wa_inbox WHERE state = 'unrouted'"
        ),
        1
    );
    assert!(fake.sends().is_empty());
}

#[test]
fn unsigned_and_badly_signed_webhooks_are_refused_by_the_daemon() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let body = webhook(vec![text("wamid.BAD", now_s(), "x")]);
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/webhooks/whatsapp", d.public))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(b"not-the-secret", &body))
        .body(body)
        .send()
        .expect("post");
    assert_eq!(r.status(), 401);
    assert_eq!(count(d.data_dir.path(), "SELECT count(*) FROM wa_inbox"), 0);
}

/// The daemon's default engine, the receptionist, answering through the
/// channel: a knowledge answer, a handoff, then silence while staff have it.
/// The desk is open all day here: the handoff reply depends on desk hours and
/// the daemon reads the real clock (the closed-desk reply has its own tests).
#[test]
fn the_receptionist_answers_hands_off_and_then_stays_silent() {
    let fake = FakeGraph::start(TOKEN);
    let all_day = "[\"00:00-00:00\"]";
    let d = start(
        &fake,
        &[
            ("CONSERJE__WHATSAPP__ENGINE", "receptionist"),
            ("CONSERJE__HOTEL__HOURS__MONDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__TUESDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__WEDNESDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__THURSDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__FRIDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__SATURDAY", all_day),
            ("CONSERJE__HOTEL__HOURS__SUNDAY", all_day),
        ],
    );
    let dir = d.data_dir.path();
    let t = now_s();
    assert_eq!(
        post(
            &d,
            &webhook(vec![text("wamid.R1", t, "hola! aceptan mascotas?")])
        ),
        200
    );
    wait_for("the knowledge answer", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") >= 1
    });
    assert!(
        reply_texts(&fake)
            .iter()
            .any(|r| r.contains("mascotas pequeñas")),
        "{:?}",
        fake.sends()
    );

    assert_eq!(
        post(
            &d,
            &webhook(vec![text(
                "wamid.R2",
                t + 1,
                "quiero hablar con una persona"
            )])
        ),
        200
    );
    wait_for("the handoff reply", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") >= 2
    });
    assert!(
        reply_texts(&fake)
            .iter()
            .any(|r| r.contains("persona de recepción"))
    );

    assert_eq!(
        post(&d, &webhook(vec![text("wamid.R3", t + 2, "hola?")])),
        200
    );
    wait_for("the last message to be processed", &d, || {
        count(dir, "SELECT count(*) FROM wa_inbox WHERE state = 'pending'") == 0
            && count(dir, "SELECT count(*) FROM messages WHERE direction = 'in'") == 3
    });
    assert_eq!(
        count(dir, "SELECT count(*) FROM outbox"),
        2,
        "human mode: no bot reply"
    );
}
