-- Meta's send API has no idempotency key: if the daemon dies after Meta
-- accepted a reply and before its id was recorded, sending it again would
-- reach the guest twice. So a row is marked 'sending' (committed) before the
-- HTTP call; a row found 'sending' at start becomes 'uncertain' and goes to
-- staff as a dead letter, unless a status webhook names it (by the callback
-- data sent with it) and so proves it went out.
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with
-- the same columns plus sending_since_ms. Nothing references outbox.
CREATE TABLE outbox_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id           INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id),
    inbox_id             INTEGER,
    seq                  INTEGER NOT NULL DEFAULT 0,
    phone_number_id      TEXT    NOT NULL,
    to_phone             TEXT    NOT NULL,
    payload              TEXT    NOT NULL,
    -- pending → sending → sent | pending (retry) | dead; held = window closed;
    -- uncertain = the daemon stopped mid-send, staff decide
    state                TEXT    NOT NULL CHECK (state IN
                             ('pending', 'sending', 'sent', 'dead', 'held', 'uncertain')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms      INTEGER NOT NULL DEFAULT 0,
    wa_message_id        TEXT,
    sent_as              TEXT,
    last_error           TEXT,
    created_at_ms        INTEGER NOT NULL,
    sending_since_ms     INTEGER,
    UNIQUE (inbox_id, seq)
);
INSERT INTO outbox_new (id, message_id, conversation_id, inbox_id, seq, phone_number_id, to_phone,
    payload, state, attempts, next_attempt_ms, wa_message_id, sent_as, last_error, created_at_ms)
SELECT id, message_id, conversation_id, inbox_id, seq, phone_number_id, to_phone,
    payload, state, attempts, next_attempt_ms, wa_message_id, sent_as, last_error, created_at_ms
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms, id);
CREATE INDEX outbox_by_conversation ON outbox (conversation_id, state, id);
-- Statuses that name the outbox row they belong to (biz_opaque_callback_data).
CREATE INDEX wa_inbox_status_callback ON wa_inbox (json_extract(payload, '$.callback_data'))
    WHERE kind = 'status';
