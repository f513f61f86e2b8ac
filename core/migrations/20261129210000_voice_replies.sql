-- Voice replies: a spoken copy of the text replies to a guest's voice note.
-- The row is written in the transaction that queues the text replies; a
-- worker synthesises and uploads the audio, then queues one outbox row for it
-- in the transaction that marks this row 'queued', so the audio message is
-- queued once whatever happens (the outbox then sends it at most once).
-- media_id is kept as soon as the upload answers: a retry after that reuses
-- it instead of uploading again.
CREATE TABLE voice_replies (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    inbox_id         INTEGER NOT NULL UNIQUE,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    phone_number_id  TEXT    NOT NULL,
    to_phone         TEXT    NOT NULL,
    language         TEXT    NOT NULL,
    text             TEXT    NOT NULL,
    -- pending → queued (outbox_id set) | failed (last_error says why)
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'queued', 'failed')),
    media_id         TEXT,
    outbox_id        INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at_ms    INTEGER NOT NULL
);
CREATE INDEX voice_replies_due ON voice_replies (state, next_attempt_ms, id);
