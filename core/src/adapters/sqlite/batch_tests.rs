//! The batch runs several statements in one visit and tells their results
//! apart; the write transaction around it never leaves the writer in a
//! transaction, whatever fails or is dropped.

use super::batch::{Batch, WriteTx, run_committed};
use super::{test_db, writer_pool};
use sqlx::SqlitePool;

const INSERT: &str = "INSERT INTO dead_letters (source, source_id, error_title, created_at_ms) \
     VALUES ('inbox', ?, ?, 0) RETURNING id";

async fn titles(db: &SqlitePool) -> Vec<String> {
    sqlx::query_scalar("SELECT error_title FROM dead_letters ORDER BY source_id")
        .fetch_all(db)
        .await
        .expect("titles")
}

#[tokio::test]
async fn each_statement_gets_its_own_arguments_and_results() {
    let (_dir, db) = test_db::fresh().await;
    let mut conn = db.acquire().await.expect("conn");
    let mut b = Batch::new();
    let first = b.push(INSERT).bind(1_i64).bind("one").id();
    let second = b.push(INSERT).bind(2_i64).bind("two").id();
    let renamed = b
        .push("UPDATE dead_letters SET detail = ? WHERE source_id >= ?")
        .bind("seen")
        .bind(1_i64)
        .id();
    let none = b
        .push("SELECT id FROM dead_letters WHERE source_id = ?")
        .bind(99_i64)
        .id();
    let done = b.run(&mut conn).await.expect("run");

    let (id1, id2): (i64, i64) = (
        done.scalar(first).expect("id 1"),
        done.scalar(second).expect("id 2"),
    );
    assert!(id2 > id1, "ids {id1}, {id2}");
    assert_eq!(done.get(first).changes, 1);
    assert_eq!(done.get(renamed).changes, 2);
    assert!(done.get(renamed).rows.is_empty());
    assert!(done.get(none).rows.is_empty());
    assert!(matches!(
        done.scalar::<i64>(none),
        Err(sqlx::Error::RowNotFound)
    ));
    drop(conn);
    assert_eq!(titles(&db).await, ["one", "two"]);
}

#[tokio::test]
async fn a_statement_short_of_values_is_refused_before_anything_runs() {
    let (_dir, db) = test_db::fresh().await;
    let mut conn = db.acquire().await.expect("conn");
    let mut b = Batch::new();
    b.push(INSERT).bind(1_i64).bind("one");
    // One value for two placeholders would shift every later argument.
    b.push(INSERT).bind(2_i64);
    b.push(INSERT).bind(3_i64).bind("three");
    let err = b.run(&mut conn).await.err().expect("refused");
    assert!(
        err.to_string()
            .contains("statement 1 has 2 placeholders but 1 values"),
        "{err}"
    );
    drop(conn);
    assert!(titles(&db).await.is_empty(), "nothing may have run");
}

#[tokio::test]
async fn a_multi_row_statement_takes_each_rows_values_in_order() {
    let (_dir, db) = test_db::fresh().await;
    let mut conn = db.acquire().await.expect("conn");
    let mut b = Batch::new();
    let head = "INSERT INTO dead_letters (source, source_id, error_title, created_at_ms) VALUES ";
    let mut rows = b.push_rows(head, "('inbox', ?, ?, 0)", 3, " RETURNING source_id");
    for (n, title) in [(1_i64, "one"), (2, "two"), (3, "three")] {
        rows = rows.bind(n).bind(title);
    }
    let all = rows.id();
    // Three rows want six values: five are refused before anything runs.
    let mut short = Batch::new();
    let mut rows = short.push_rows(head, "('inbox', ?, ?, 0)", 3, "");
    for (n, title) in [(7_i64, "x"), (8, "y")] {
        rows = rows.bind(n).bind(title);
    }
    rows.bind(9_i64);
    let err = short.run(&mut conn).await.err().expect("refused");
    assert!(
        err.to_string().contains("6 placeholders but 5 values"),
        "{err}"
    );

    let done = b.run(&mut conn).await.expect("run");
    assert_eq!(done.get(all).changes, 3);
    assert_eq!(done.get(all).rows.len(), 3);
    drop(conn);
    assert_eq!(titles(&db).await, ["one", "two", "three"]);
}

#[tokio::test]
async fn commit_keeps_the_batch_and_rollback_drops_it() {
    let (_dir, db) = test_db::fresh().await;
    let writer = writer_pool(&db);

    let mut b = Batch::transaction();
    let kept = b.push(INSERT).bind(1_i64).bind("kept").id();
    let (tx, done) = WriteTx::begin(&writer, b).await.expect("begin");
    assert!(done.scalar::<i64>(kept).is_ok());
    tx.commit().await.expect("commit");

    let mut b = Batch::transaction();
    b.push(INSERT).bind(2_i64).bind("dropped");
    let (mut tx, _) = WriteTx::begin(&writer, b).await.expect("begin");
    // A visit of its own inside the same transaction.
    sqlx::query("INSERT INTO dead_letters (source, source_id, error_title, created_at_ms) VALUES ('inbox', 3, 'also dropped', 0)")
        .execute(tx.conn().expect("open"))
        .await
        .expect("insert");
    tx.rollback().await.expect("rollback");

    assert_eq!(titles(&db).await, ["kept"]);
}

#[tokio::test]
async fn a_failing_statement_leaves_nothing_and_the_writer_usable() {
    let (_dir, db) = test_db::fresh().await;
    let writer = writer_pool(&db);
    let mut b = Batch::transaction();
    b.push(INSERT).bind(1_i64).bind("first");
    // Same (source, source_id): the unique constraint fails the batch.
    b.push(INSERT).bind(1_i64).bind("again");
    assert!(WriteTx::begin(&writer, b).await.is_err());
    assert!(titles(&db).await.is_empty(), "the first insert is undone");

    // The writer's one connection is not left inside a transaction: a new
    // BEGIN works, and so does a plain sqlx transaction.
    let mut b = Batch::transaction();
    b.push(INSERT).bind(2_i64).bind("next");
    run_committed(&writer, b).await.expect("next batch");
    let mut tx = writer.begin().await.expect("sqlx begin");
    sqlx::query("SELECT 1")
        .execute(&mut *tx)
        .await
        .expect("select");
    tx.commit().await.expect("commit");
    assert_eq!(titles(&db).await, ["next"]);
}

#[tokio::test]
async fn a_transaction_dropped_unfinished_is_rolled_back() {
    let (_dir, db) = test_db::fresh().await;
    let writer = writer_pool(&db);
    let mut b = Batch::transaction();
    b.push(INSERT).bind(1_i64).bind("abandoned");
    let (tx, _) = WriteTx::begin(&writer, b).await.expect("begin");
    // An error path or a cancelled task: neither commit nor rollback.
    drop(tx);

    let mut b = Batch::transaction();
    let id = b.push(INSERT).bind(2_i64).bind("after").id();
    let done = run_committed(&writer, b)
        .await
        .expect("the writer reconnects");
    assert!(done.scalar::<i64>(id).is_ok());
    assert_eq!(titles(&db).await, ["after"]);
}

#[tokio::test]
async fn begin_refuses_a_batch_without_its_begin() {
    let (_dir, db) = test_db::fresh().await;
    let mut b = Batch::new();
    b.push(INSERT).bind(1_i64).bind("x");
    assert!(WriteTx::begin(&db, b).await.is_err());
    assert!(titles(&db).await.is_empty());
}
