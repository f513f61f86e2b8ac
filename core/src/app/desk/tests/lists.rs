use super::*;
use crate::adapters::sqlite::desk::list::{self, ConversationFilter};
use crate::adapters::sqlite::desk::{annotations, bookings, control, dead_letters, detail, guests};

const ANA: &str = "59899000001";
const BEN: &str = "59899000002";
const CAR: &str = "59899000003";

async fn three(f: &Fx) -> [i64; 3] {
    let a = f.guest_writes(ANA, "hola! aceptan mascotas?").await;
    f.clock.advance_ms(60_000);
    let b = f.guest_writes(BEN, "tienen estacionamiento?").await;
    f.clock.advance_ms(60_000);
    let c = f.guest_writes(CAR, "quiero hablar con una persona").await;
    [a, b, c]
}

fn ids(p: &crate::adapters::sqlite::desk::Page<list::ConversationSummary>) -> Vec<i64> {
    p.items.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn the_list_pages_by_cursor_newest_first_and_filters() {
    let f = fx().await;
    let [a, b, c] = three(&f).await;
    let first = list::list(
        &f.db,
        &ConversationFilter {
            limit: Some(2),
            ..ConversationFilter::default()
        },
    )
    .await
    .expect("page 1");
    assert_eq!(ids(&first), vec![c, b]);
    let second = list::list(
        &f.db,
        &ConversationFilter {
            limit: Some(2),
            cursor: first.next_cursor.clone(),
            ..ConversationFilter::default()
        },
    )
    .await
    .expect("page 2");
    assert_eq!(ids(&second), vec![a]);
    assert_eq!(second.next_cursor, None);

    let by = |f2: ConversationFilter| {
        let db = f.db.clone();
        async move { ids(&list::list(&db, &f2).await.expect("list")) }
    };
    let q = |s: &str| ConversationFilter {
        q: Some(s.into()),
        ..ConversationFilter::default()
    };
    assert_eq!(
        by(q("ESTACIONAMIENTO")).await,
        vec![b],
        "case-insensitive text search"
    );
    assert_eq!(by(q("%")).await, Vec::<i64>::new(), "wildcards are literal");
    assert_eq!(by(q("000001")).await, vec![a], "by number");
    assert_eq!(
        by(ConversationFilter {
            mode: Some("human".into()),
            ..ConversationFilter::default()
        })
        .await,
        vec![c]
    );
    assert_eq!(
        by(ConversationFilter {
            channel: Some("other".into()),
            ..ConversationFilter::default()
        })
        .await,
        Vec::<i64>::new()
    );
    let t0 = f.clock.now_ms() - 120_000;
    assert_eq!(
        by(ConversationFilter {
            from_ms: Some(t0 + 1),
            to_ms: Some(t0 + 60_001),
            ..ConversationFilter::default()
        })
        .await,
        vec![b],
        "had a message in the range"
    );

    for bad in [
        ConversationFilter {
            mode: Some("robot".into()),
            ..ConversationFilter::default()
        },
        ConversationFilter {
            cursor: Some("nonsense".into()),
            ..ConversationFilter::default()
        },
        ConversationFilter {
            from_ms: Some(10),
            to_ms: Some(5),
            ..ConversationFilter::default()
        },
    ] {
        let err = list::list(&f.db, &bad).await.expect_err("invalid");
        assert!(matches!(err, DeskError::Invalid(_)), "{err}");
    }
}

#[tokio::test]
async fn labels_notes_read_and_close_reopen() {
    let f = fx().await;
    let [a, b, _c] = three(&f).await;
    let labels = annotations::set_labels(&f.db, a, &["vip ".into(), "late".into(), "vip".into()])
        .await
        .expect("labels");
    assert_eq!(labels, vec!["late".to_string(), "vip".to_string()]);
    let err = annotations::set_labels(&f.db, a, &["".into()])
        .await
        .expect_err("empty");
    assert!(matches!(err, DeskError::Invalid(_)));
    let vip = ConversationFilter {
        label: Some("vip".into()),
        ..ConversationFilter::default()
    };
    let page = list::list(&f.db, &vip).await.expect("list");
    assert_eq!(ids(&page), vec![a]);
    assert_eq!(page.items[0].labels(), labels);
    assert_eq!(
        annotations::all_labels(&f.db).await.expect("all"),
        vec![("late".into(), 1), ("vip".into(), 1)]
    );

    annotations::add_note(&f.db, a, "ana", "Pidió cuna", 5)
        .await
        .expect("note");
    let err = annotations::add_note(&f.db, a, "ana", "  ", 5)
        .await
        .expect_err("empty");
    assert!(matches!(err, DeskError::Invalid(_)));
    let notes = detail::notes(&f.db, a).await.expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.source == "staff" && n.body == "Pidió cuna")
    );

    let unread = ConversationFilter {
        unread: Some(true),
        ..ConversationFilter::default()
    };
    assert_eq!(
        list::list(&f.db, &unread).await.expect("list").items.len(),
        3
    );
    control::mark_read(&f.db, a, None).await.expect("read");
    let s = list::summary(&f.db, a).await.expect("summary");
    assert_eq!(s.unread, 0);
    assert_eq!(
        list::list(&f.db, &unread).await.expect("list").items.len(),
        2
    );

    control::set_closed(&f.db, b, true, f.clock.now_ms())
        .await
        .expect("close");
    let closed = ConversationFilter {
        status: Some("closed".into()),
        ..ConversationFilter::default()
    };
    assert_eq!(
        ids(&list::list(&f.db, &closed).await.expect("list")),
        vec![b]
    );
    f.clock.advance_ms(1_000);
    f.guest_writes(BEN, "hola de nuevo").await;
    assert!(
        list::list(&f.db, &closed)
            .await
            .expect("list")
            .items
            .is_empty(),
        "the guest writing again reopens it"
    );
    control::set_closed(&f.db, b, true, f.clock.now_ms())
        .await
        .expect("close");
    control::set_closed(&f.db, b, false, f.clock.now_ms())
        .await
        .expect("reopen");
    assert!(!list::summary(&f.db, b).await.expect("summary").closed);
    let err = control::set_closed(&f.db, 404, true, 1)
        .await
        .expect_err("missing");
    assert!(matches!(err, DeskError::NotFound(_)));
}

#[tokio::test]
async fn messages_page_newest_first() {
    let f = fx().await;
    let a = f.guest_writes(ANA, "hola").await;
    f.guest_writes(ANA, "aceptan mascotas?").await;
    let all = detail::messages(&f.db, a, None, Some(200))
        .await
        .expect("all");
    let first = detail::messages(&f.db, a, None, Some(2))
        .await
        .expect("page");
    assert_eq!(first.items.len(), 2);
    let rest = detail::messages(&f.db, a, first.next_cursor.as_deref(), Some(200))
        .await
        .expect("rest");
    let joined: Vec<i64> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|m| m.id)
        .collect();
    assert_eq!(joined, all.items.iter().map(|m| m.id).collect::<Vec<_>>());
    assert!(joined.windows(2).all(|w| w[0] > w[1]));
}

#[tokio::test]
async fn guests_with_language_conversations_and_bookings() {
    let f = fx().await;
    let a = f.guest_writes(ANA, "hello! do you accept pets?").await;
    let page = guests::list(&f.db, Some("lucía"), None, None)
        .await
        .expect("guests");
    assert_eq!(page.items.len(), 1);
    let g = &page.items[0];
    assert_eq!(
        (g.phone.as_str(), g.language.as_deref()),
        ("+59899000001", Some("en"))
    );
    assert_eq!(g.conversations, 1);
    assert_eq!(
        guests::conversations(&f.db, g.id).await.expect("convs")[0].id,
        a
    );
    assert!(matches!(
        guests::get(&f.db, 999).await,
        Err(DeskError::NotFound(_))
    ));

    sqlx::query(
        "INSERT INTO conversation_bookings VALUES ('BK1', ?, 'standard', '2026-12-01', '2026-12-03', 24000, 'USD', 'confirmed', ?)",
    )
    .bind(a)
    .bind(f.clock.now_ms())
    .execute(&f.db)
    .await
    .expect("booking");
    let b = bookings::list(
        &f.db,
        &bookings::BookingFilter {
            guest_id: Some(g.id),
            ..bookings::BookingFilter::default()
        },
    )
    .await
    .expect("bookings");
    assert_eq!(b.items.len(), 1);
    assert_eq!(
        (b.items[0].reference.as_str(), b.items[0].total_minor),
        ("BK1", 24000)
    );
}

#[tokio::test]
async fn dead_letters_are_listed_retried_and_discarded() {
    let f = fx().await;
    let a = f.guest_writes(ANA, "hola").await;
    let outbox_id: i64 = sqlx::query_scalar("SELECT min(id) FROM outbox WHERE conversation_id = ?")
        .bind(a)
        .fetch_one(&f.db)
        .await
        .expect("outbox");
    let mut tx = f.db.begin().await.expect("tx");
    sqlx::query("UPDATE outbox SET state = 'dead', attempts = 8 WHERE id = ?")
        .bind(outbox_id)
        .execute(&mut *tx)
        .await
        .expect("dead");
    crate::adapters::sqlite::dead_letters::insert(
        &mut tx,
        "outbox",
        outbox_id,
        Some(131_000),
        "Something went wrong",
        None,
        10,
    )
    .await
    .expect("dl");
    crate::adapters::sqlite::dead_letters::insert(
        &mut tx,
        "inbox",
        77,
        None,
        "unreadable",
        None,
        11,
    )
    .await
    .expect("dl");
    tx.commit().await.expect("commit");

    let page = dead_letters::list(&f.db, false, None, None)
        .await
        .expect("list");
    assert_eq!(page.items.len(), 2);
    let out = page
        .items
        .iter()
        .find(|d| d.source == "outbox")
        .expect("outbox dl");
    assert_eq!(out.conversation_id, Some(a));

    assert_eq!(
        dead_letters::retry(&f.db, out.id, 500)
            .await
            .expect("retry"),
        "outbox"
    );
    let (state, attempts, due): (String, i64, i64) =
        sqlx::query_as("SELECT state, attempts, next_attempt_ms FROM outbox WHERE id = ?")
            .bind(outbox_id)
            .fetch_one(&f.db)
            .await
            .expect("row");
    assert_eq!((state.as_str(), attempts, due), ("pending", 0, 500));
    assert!(matches!(
        dead_letters::get(&f.db, out.id).await,
        Err(DeskError::NotFound(_))
    ));

    let inbox = page
        .items
        .iter()
        .find(|d| d.source == "inbox")
        .expect("inbox dl");
    let err = dead_letters::retry(&f.db, inbox.id, 1)
        .await
        .expect_err("no dead row");
    assert!(matches!(err, DeskError::Conflict(_)), "{err}");
    dead_letters::discard(&f.db, inbox.id, "ana", 12)
        .await
        .expect("discard");
    assert!(
        dead_letters::list(&f.db, false, None, None)
            .await
            .expect("list")
            .items
            .is_empty()
    );
    let all = dead_letters::list(&f.db, true, None, None)
        .await
        .expect("list");
    assert_eq!(all.items[0].discarded_by.as_deref(), Some("ana"));
    assert!(matches!(
        dead_letters::discard(&f.db, inbox.id, "ana", 13).await,
        Err(DeskError::Conflict(_))
    ));
}
