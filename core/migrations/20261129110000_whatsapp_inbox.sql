-- Every message and status a WhatsApp webhook carried, written before we answer
-- 200. The unique key makes Meta's redeliveries no-ops: a message by its wamid,
-- a status by (wamid, status).
CREATE TABLE wa_inbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order (ties)
    kind             TEXT    NOT NULL CHECK (kind IN ('message', 'status')),
    wa_id            TEXT    NOT NULL,                  -- message id (wamid)
    status           TEXT    NOT NULL DEFAULT '',       -- '' for messages
    phone_number_id  TEXT    NOT NULL,                  -- our number it came to
    chat_key         TEXT    NOT NULL,                  -- the guest's wa_id: one ordered lane
    provider_ts      INTEGER NOT NULL,                  -- Meta's unix seconds
    payload          TEXT    NOT NULL,                  -- the typed domain value, JSON
    received_at_ms   INTEGER NOT NULL,
    delivery_id      TEXT    NOT NULL,                  -- request id of the POST
    -- pending → done | dead; unrouted = sent to a number we do not serve
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'dead', 'unrouted')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    not_before_ms    INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    done_at_ms       INTEGER,
    UNIQUE (kind, wa_id, status)
);
CREATE INDEX wa_inbox_pending ON wa_inbox (state, chat_key, provider_ts, id);
CREATE INDEX wa_inbox_status_of ON wa_inbox (wa_id) WHERE kind = 'status';

-- Anything that failed for good: the error as the outside world gave it, so
-- staff see why and can retry.
CREATE TABLE dead_letters (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT    NOT NULL CHECK (source IN ('inbox', 'outbox', 'media')),
    source_id    INTEGER NOT NULL,
    error_code   INTEGER,
    error_title  TEXT    NOT NULL,
    detail       TEXT,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (source, source_id)
);
