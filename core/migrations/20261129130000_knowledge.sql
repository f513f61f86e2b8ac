-- Hotel knowledge: facts per topic and free FAQ entries, per language.
-- Staff edit these (admin API); the demo hotel is seeded from core/data/knowledge/.
CREATE TABLE knowledge_entries (
    id          INTEGER PRIMARY KEY,
    topic       TEXT,                 -- a known topic (parking, wifi…) or NULL for free FAQ
    lang        TEXT    NOT NULL CHECK (lang IN ('es', 'en', 'pt')),
    question    TEXT,                 -- how guests ask it; NULL for a topic's main fact
    answer      TEXT    NOT NULL CHECK (length(answer) > 0),
    updated_at  TEXT    NOT NULL
);
-- One main fact per topic and language; FAQ entries are unique by their question.
CREATE UNIQUE INDEX knowledge_topic_fact ON knowledge_entries (topic, lang) WHERE question IS NULL;
CREATE UNIQUE INDEX knowledge_question ON knowledge_entries (lang, question) WHERE question IS NOT NULL;
