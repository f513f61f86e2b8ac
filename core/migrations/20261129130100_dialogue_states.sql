-- The receptionist's state per conversation. The state before the last
-- processed message is kept too: when the worker runs the same message again
-- after a crash, the engine starts from that state and answers the same way.
CREATE TABLE dialogue_states (
    conversation_id  INTEGER PRIMARY KEY,
    last_message_id  TEXT    NOT NULL,
    state_before     TEXT    NOT NULL,
    state_after      TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

-- What the bot wants staff to see: bookings it made, late check-outs it
-- recorded, failures to check. Shown with the conversation.
CREATE TABLE staff_notes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL,
    message_id       TEXT    NOT NULL,
    note             TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    UNIQUE (conversation_id, message_id, note)
);
