//! Delivery guarantees of the real daemon that need a crash or Meta's side:
//! a reply in flight when the daemon is killed is never sent twice, and the
//! guest's messages get read receipts.

use conserje_e2e::db::{count, wait_for};
use conserje_e2e::fake_graph::{Answer, FakeGraph};
use conserje_e2e::whatsapp_daemon::*;
use conserje_e2e::{Daemon, conserje_bin};
use serde_json::json;
use std::time::Duration;

fn status_webhook(wa_id: &str, status: &str, callback: &str) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": NUMBER},
            "statuses": [{"id": wa_id, "status": status, "timestamp": now_s().to_string(),
                "recipient_id": GUEST, "biz_opaque_callback_data": callback}]}}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn a_reply_in_flight_at_a_kill_is_never_resent_and_a_status_later_proves_it() {
    let fake = FakeGraph::start(TOKEN);
    // Meta takes its time: the kill lands while the send is in flight.
    fake.script([Answer::Delay(Duration::from_secs(3))]);
    let d = start(&fake, &[]);
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.A", now_s(), "primero")])),
        200
    );
    wait_for("the send to reach Meta", &d, || fake.sends().len() == 1);
    let tag = fake.sends()[0]["biz_opaque_callback_data"]
        .as_str()
        .expect("every send names its outbox row")
        .to_string();
    let dir = d.crash();
    assert_eq!(
        count(
            dir.path(),
            "SELECT count(*) FROM outbox WHERE state = 'sending'"
        ),
        1,
        "the intent to send was committed before the call"
    );

    let e = env(&fake, &[]);
    let refs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let d = Daemon::start_in(&conserje_bin(), dir, &refs);
    let dir = d.data_dir.path();
    wait_for("the in-flight reply to be flagged", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'uncertain'") == 1
    });
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM dead_letters WHERE source = 'outbox' AND error_title LIKE 'uncertain:%'"
        ),
        1,
        "staff see why"
    );
    // The sender keeps working for the guest's next message, and a pass of it
    // has run: still the first reply went out only once.
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.B", now_s(), "segundo")])),
        200
    );
    wait_for("the next reply", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert_eq!(reply_texts(&fake), vec!["primero", "segundo"]);

    // Meta's status for the first send names it: it was delivered after all.
    assert_eq!(
        post(&d, &status_webhook("wamid.LOST1", "delivered", &tag)),
        200
    );
    wait_for("the status to resolve the uncertain reply", &d, || {
        count(
            dir,
            "SELECT count(*) FROM outbox WHERE state = 'sent' AND wa_message_id = 'wamid.LOST1'",
        ) == 1
    });
    assert_eq!(
        count(
            dir,
            "SELECT count(*) FROM messages WHERE wa_message_id = 'wamid.LOST1' AND status = 'delivered'"
        ),
        1
    );
    assert_eq!(
        count(dir, "SELECT count(*) FROM dead_letters"),
        0,
        "withdrawn"
    );
    assert_eq!(
        reply_texts(&fake),
        vec!["primero", "segundo"],
        "never resent"
    );
}

#[test]
fn processed_guest_messages_are_marked_read_once() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[]);
    let dir = d.data_dir.path();
    let first = webhook(vec![text("wamid.R1", now_s(), "hola")]);
    for _ in 0..3 {
        assert_eq!(post(&d, &first), 200);
    }
    wait_for("the first read receipt", &d, || {
        !fake.read_marks().is_empty()
    });
    // A redelivery after processing changes nothing either.
    assert_eq!(post(&d, &first), 200);
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.R2", now_s(), "sigo")])),
        200
    );
    wait_for("the second read receipt", &d, || {
        fake.read_marks().contains(&"wamid.R2".to_string())
    });
    wait_for("the inbox to settle", &d, || {
        count(dir, "SELECT count(*) FROM wa_inbox WHERE state = 'pending'") == 0
    });
    assert_eq!(
        fake.read_marks(),
        vec!["wamid.R1", "wamid.R2"],
        "one receipt per guest message"
    );
    let path = fake
        .requests()
        .into_iter()
        .find(|r| r.body["status"] == "read")
        .map(|r| r.path)
        .expect("recorded");
    assert_eq!(path, format!("/v23.0/{NUMBER}/messages"));
}

/// Group commit: many requests at once share transactions, yet each 200
/// comes only after that request's rows are committed, and a duplicate
/// stored by a neighbour's transaction is still stored once.
#[test]
fn concurrent_webhooks_are_each_stored_before_their_200_and_duplicates_once() {
    let fake = FakeGraph::start(TOKEN);
    // Engine "none" and a long settle keep the worker out of the way: what
    // is checked is the ingest alone.
    let d = start(
        &fake,
        &[
            ("CONSERJE__WHATSAPP__ENGINE", "none"),
            ("CONSERJE__WHATSAPP__SETTLE_MS", "60000"),
        ],
    );
    let dir = d.data_dir.path().to_path_buf();
    let d = &d;
    let t = now_s();
    let acked = std::sync::atomic::AtomicI64::new(0);
    std::thread::scope(|scope| {
        for n in 0..48 {
            let (dir, acked) = (dir.clone(), &acked);
            scope.spawn(move || {
                // Every request also carries one message shared by all.
                let body = webhook(vec![
                    text(&format!("wamid.C{n}"), t, "hola"),
                    text("wamid.SHARED", t, "todos"),
                ]);
                assert_eq!(post(d, &body), 200);
                // Every request answered so far was committed before its
                // answer, so at least that many of their rows are visible.
                let answered = acked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                let visible = count(
                    &dir,
                    "SELECT count(*) FROM wa_inbox WHERE wa_id LIKE 'wamid.C%'",
                );
                assert!(
                    visible >= answered,
                    "{answered} answered but only {visible} committed"
                );
            });
        }
    });
    assert_eq!(count(&dir, "SELECT count(*) FROM wa_inbox"), 49);
    assert_eq!(
        count(
            &dir,
            "SELECT count(*) FROM wa_inbox WHERE wa_id = 'wamid.SHARED'"
        ),
        1
    );
}

#[test]
fn read_receipts_can_be_switched_off() {
    let fake = FakeGraph::start(TOKEN);
    let d = start(&fake, &[("CONSERJE__WHATSAPP__MARK_READ", "false")]);
    assert_eq!(
        post(&d, &webhook(vec![text("wamid.R2", now_s(), "hola")])),
        200
    );
    let dir = d.data_dir.path();
    wait_for("the reply", &d, || {
        count(dir, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 1
    });
    assert!(fake.read_marks().is_empty());
}
