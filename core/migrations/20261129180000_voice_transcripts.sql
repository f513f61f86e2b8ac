-- Voice notes: what the speech worker heard, on the message itself, and a
-- cache of transcripts by the audio's SHA-256 (a forwarded voice note, or a
-- row processed again after a crash, is not transcribed twice).
ALTER TABLE messages ADD COLUMN transcript TEXT;
ALTER TABLE messages ADD COLUMN transcript_confidence REAL;
ALTER TABLE messages ADD COLUMN transcript_language TEXT;
-- heard | unclear | unsupported | corrupt | empty | too_large | too_long |
-- timeout | no_model | failed | unavailable; NULL for anything but a voice note.
ALTER TABLE messages ADD COLUMN voice_state TEXT;
ALTER TABLE messages ADD COLUMN voice_error TEXT;

CREATE TABLE speech_transcripts (
    sha256          TEXT    PRIMARY KEY,
    text            TEXT    NOT NULL,
    language        TEXT,
    confidence      REAL    NOT NULL,
    duration_s      REAL    NOT NULL,
    processing_s    REAL    NOT NULL,
    model           TEXT    NOT NULL,
    created_at_ms   INTEGER NOT NULL
);
