use super::*;
use crate::config::StorageSettings;

async fn pool() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = StorageSettings {
        data_dir: dir.path().to_path_buf(),
        ..StorageSettings::default()
    };
    let pool = crate::adapters::sqlite::open(&storage).await.expect("open");
    crate::adapters::sqlite::migrate(&pool)
        .await
        .expect("migrate");
    (dir, pool)
}

#[tokio::test]
async fn demo_seed_covers_every_topic_in_every_language_once() {
    let (_dir, pool) = pool().await;
    let n = seed_if_empty(&pool, DEMO_KNOWLEDGE, "2026-11-29T00:00:00Z")
        .await
        .expect("seed");
    assert!(n > 0);
    assert_eq!(
        seed_if_empty(&pool, DEMO_KNOWLEDGE, "later")
            .await
            .expect("again"),
        0,
        "never seeds twice"
    );
    let kb = SqliteKnowledge::new(pool);
    for topic in Topic::ALL {
        for lang in Language::ALL {
            let a = kb
                .topic(topic, lang)
                .await
                .expect("read")
                .unwrap_or_else(|| panic!("{topic}/{lang} missing"));
            assert_eq!(a.lang, lang, "{topic} has its own {lang} text");
        }
    }
}

#[tokio::test]
async fn faq_search_in_each_language_and_edits_seen_after_invalidate() {
    let (_dir, pool) = pool().await;
    seed_if_empty(&pool, DEMO_KNOWLEDGE, "t")
        .await
        .expect("seed");
    let kb = SqliteKnowledge::new(pool.clone());
    let crib = kb
        .search("hola! tienen cunas para bebé?", Language::Es)
        .await
        .expect("read");
    assert!(crib.is_some_and(|a| a.text.contains("cunas")));
    let laundry = kb
        .search("is there laundry service", Language::En)
        .await
        .expect("read");
    assert!(laundry.is_some_and(|a| a.text.contains("Monday to Saturday")));
    let towels = kb
        .search("tem toalhas de praia?", Language::Pt)
        .await
        .expect("read");
    assert!(towels.is_some_and(|a| a.text.contains("toalhas")));

    sqlx::query("UPDATE knowledge_entries SET answer = 'Estacionamiento en la calle.' WHERE topic = 'parking' AND lang = 'es'")
        .execute(&pool)
        .await
        .expect("edit");
    let before = kb
        .topic(Topic::Parking, Language::Es)
        .await
        .expect("read")
        .map(|a| a.text);
    assert_ne!(
        before.as_deref(),
        Some("Estacionamiento en la calle."),
        "snapshot until invalidated"
    );
    kb.invalidate().await;
    let after = kb
        .topic(Topic::Parking, Language::Es)
        .await
        .expect("read")
        .map(|a| a.text);
    assert_eq!(after.as_deref(), Some("Estacionamiento en la calle."));
}

#[tokio::test]
async fn a_broken_seed_file_is_a_clear_error() {
    let (_dir, pool) = pool().await;
    let err = seed_if_empty(&pool, "[[entry]]\ntopic = \"spa\"\nes = \"x\"", "t")
        .await
        .expect_err("bad topic");
    assert!(err.to_string().contains("invalid"), "{err}");
    let err = seed_if_empty(&pool, "[[entry]]\ntopic = \"parking\"\nfr = \"x\"", "t")
        .await
        .expect_err("bad language");
    assert!(err.to_string().contains("fr"), "{err}");
    assert!(
        load_all(&pool).await.expect("read").is_empty(),
        "nothing half-written"
    );
}
