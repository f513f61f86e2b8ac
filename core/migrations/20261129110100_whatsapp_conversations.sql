-- Guests, their conversations and every message in both directions, as the
-- conversation worker stores them; plus the outbox the sender delivers.
CREATE TABLE guests (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    phone                TEXT    NOT NULL UNIQUE,  -- E.164
    profile_name         TEXT,
    -- Meta's timestamp of the guest's last message: the 24-hour window.
    last_inbound_ts      INTEGER NOT NULL DEFAULT 0,
    created_at_ms        INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    guest_id             INTEGER NOT NULL REFERENCES guests (id),
    phone_number_id      TEXT    NOT NULL,
    -- Set when a reply could not go out because the window was closed; staff
    -- see the flag and decide.
    window_closed_at_ms  INTEGER,
    created_at_ms        INTEGER NOT NULL,
    updated_at_ms        INTEGER NOT NULL,
    UNIQUE (guest_id, phone_number_id)
);

CREATE TABLE messages (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id),
    direction            TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    wa_message_id        TEXT    UNIQUE,           -- NULL for a reply not yet sent
    kind                 TEXT    NOT NULL,
    body                 TEXT,
    content              TEXT    NOT NULL,         -- typed domain value, JSON
    provider_ts          INTEGER,
    status               TEXT    NOT NULL DEFAULT '',
    status_rank          INTEGER NOT NULL DEFAULT 0,
    error_code           INTEGER,
    error_title          TEXT,
    created_at_ms        INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id           INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    conversation_id      INTEGER NOT NULL REFERENCES conversations (id),
    -- Which inbox row produced it (and its place among that row's replies),
    -- so reprocessing the row after a crash adds nothing.
    inbox_id             INTEGER,
    seq                  INTEGER NOT NULL DEFAULT 0,
    phone_number_id      TEXT    NOT NULL,
    to_phone             TEXT    NOT NULL,
    payload              TEXT    NOT NULL,         -- OutboundMessage JSON
    -- pending → sent | dead | held (window closed, waiting for staff)
    state                TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'held')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms      INTEGER NOT NULL DEFAULT 0,
    wa_message_id        TEXT,
    sent_as              TEXT,                     -- 'reply' or 'reengagement_template'
    last_error           TEXT,
    created_at_ms        INTEGER NOT NULL,
    UNIQUE (inbox_id, seq)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms, id);

-- Guest media, fetched from the Graph API after the webhook was answered.
CREATE TABLE media (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id           INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    media_id             TEXT    NOT NULL,
    phone_number_id      TEXT    NOT NULL,
    mime_type            TEXT,
    expected_sha256      TEXT,
    state                TEXT    NOT NULL CHECK (state IN ('pending', 'stored', 'dead')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms      INTEGER NOT NULL DEFAULT 0,
    path                 TEXT,
    size_bytes           INTEGER,
    last_error           TEXT,
    created_at_ms        INTEGER NOT NULL
);
CREATE INDEX media_due ON media (state, next_attempt_ms);
