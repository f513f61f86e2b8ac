-- The staff's side of conversations: what the dashboard shows and edits.

-- A staff member's takeover must not be overwritten by a bot turn that read
-- the state before it: every save checks the version it loaded.
ALTER TABLE dialogue_states ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

ALTER TABLE conversations ADD COLUMN closed_at_ms INTEGER;
-- The last message id staff have seen; anything inbound after it is unread.
ALTER TABLE conversations ADD COLUMN read_up_to_id INTEGER NOT NULL DEFAULT 0;
-- Who took the conversation over (the staff member's login name).
ALTER TABLE conversations ADD COLUMN assignee TEXT;
CREATE INDEX conversations_recent ON conversations (updated_at_ms, id);

-- Set on replies written by staff (their login name); NULL: the guest or the bot.
ALTER TABLE messages ADD COLUMN staff_user TEXT;

-- How the bot understood a guest message: language, intents, entities (the
-- NLU's parse, JSON). Keyed by the WhatsApp id, written by the engine.
CREATE TABLE message_understanding (
    wa_message_id    TEXT    PRIMARY KEY,
    conversation_id  INTEGER NOT NULL,
    language         TEXT,
    intent           TEXT,               -- the primary intent, for metrics
    parse            TEXT    NOT NULL,
    created_at_ms    INTEGER NOT NULL
);
CREATE INDEX message_understanding_time ON message_understanding (created_at_ms);

-- Every time a conversation went to staff: by the bot (with its reason) or
-- taken over by staff. `answered_at_ms`: staff's first action; `ended_at_ms`:
-- handed back (or the idle time returned it to the bot).
CREATE TABLE handoffs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    -- what caused it: the guest message's WhatsApp id, or 'staff:<ms>'
    trigger          TEXT    NOT NULL,
    reason           TEXT    NOT NULL,   -- a HandoffReason, or 'staff'
    started_at_ms    INTEGER NOT NULL,
    answered_at_ms   INTEGER,
    answered_by      TEXT,
    ended_at_ms      INTEGER,
    UNIQUE (conversation_id, trigger)
);
CREATE INDEX handoffs_open ON handoffs (conversation_id) WHERE ended_at_ms IS NULL;
CREATE INDEX handoffs_time ON handoffs (started_at_ms);

-- Bookings the bot made in the PMS, with what they were worth then.
CREATE TABLE conversation_bookings (
    reference        TEXT    PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    room_type        TEXT    NOT NULL,
    checkin          TEXT    NOT NULL,
    checkout         TEXT    NOT NULL,
    total_minor      INTEGER NOT NULL,
    currency         TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    created_at_ms    INTEGER NOT NULL
);
CREATE INDEX conversation_bookings_time ON conversation_bookings (created_at_ms);

CREATE TABLE conversation_labels (
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    label            TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_by_label ON conversation_labels (label);

-- Internal notes staff write on a conversation; never sent to the guest.
CREATE TABLE conversation_notes (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    author           TEXT    NOT NULL,
    body             TEXT    NOT NULL CHECK (length(body) > 0),
    created_at_ms    INTEGER NOT NULL
);

-- Quick replies staff pick from, per language.
CREATE TABLE canned_responses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT    NOT NULL CHECK (length(title) > 0),
    lang             TEXT    NOT NULL CHECK (lang IN ('es', 'en', 'pt')),
    body             TEXT    NOT NULL CHECK (length(body) > 0),
    updated_at_ms    INTEGER NOT NULL,
    UNIQUE (title, lang)
);

-- WhatsApp message templates approved in Meta's manager, which staff may send
-- when the guest's 24-hour window is closed. Meta holds the text; we keep the
-- name, the language and what it is for.
CREATE TABLE reply_templates (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT    NOT NULL CHECK (length(name) > 0),
    language         TEXT    NOT NULL CHECK (length(language) > 0),
    description      TEXT    NOT NULL DEFAULT '',
    updated_at_ms    INTEGER NOT NULL,
    UNIQUE (name, language)
);

-- Dead letters staff chose not to retry; kept for the record.
ALTER TABLE dead_letters ADD COLUMN discarded_at_ms INTEGER;
ALTER TABLE dead_letters ADD COLUMN discarded_by TEXT;
