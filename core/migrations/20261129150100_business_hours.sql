-- Desk hours and holidays, edited by staff. Seeded once from the [hotel]
-- settings (hours, holidays) so an install keeps its configured hours; from
-- then on these rows are what the receptionist reads.
CREATE TABLE business_hours (
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- 0 = Monday
    position  INTEGER NOT NULL,
    open      TEXT    NOT NULL,                                   -- HH:MM, hotel time
    close     TEXT    NOT NULL,                                   -- at or before open: overnight
    PRIMARY KEY (weekday, position)
);

CREATE TABLE holidays (
    date  TEXT PRIMARY KEY,                                       -- YYYY-MM-DD
    name  TEXT NOT NULL DEFAULT ''
);

-- One row once the hours were seeded or edited: a week with every day closed
-- is a valid choice, so emptiness cannot tell.
CREATE TABLE business_hours_meta (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
);
