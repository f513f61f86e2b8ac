-- The built-in PMS: demo mode and hotels without a supported PMS run on it for
-- real, so it keeps a proper hotel catalogue, rates, inventory and bookings.
-- Amounts are integer minor units (cents) in the hotel's currency.

CREATE TABLE pms_hotel (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    latitude       REAL,
    longitude      REAL,
    checkin_time   TEXT    NOT NULL,          -- HH:MM, hotel's local time
    checkout_time  TEXT    NOT NULL,
    phone          TEXT,
    currency       TEXT    NOT NULL CHECK (length(currency) = 3)
);

-- Taxes on the room price, in basis points (1000 = 10 %), all applied.
CREATE TABLE pms_tax (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL,
    rate_bp  INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000)
);

-- Recurring seasons by month-day (inclusive); a range may wrap the new year
-- (12-15 → 03-15). Nights outside every season use the 'regular' rates.
CREATE TABLE pms_season (
    code         TEXT    PRIMARY KEY CHECK (code <> 'regular'),
    starts_mmdd  TEXT    NOT NULL,
    ends_mmdd    TEXT    NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0     -- higher wins where seasons overlap
);

CREATE TABLE pms_room_type (
    id          TEXT    PRIMARY KEY,
    position    INTEGER NOT NULL,
    units       INTEGER NOT NULL CHECK (units >= 0),   -- rooms of this type
    adults      INTEGER NOT NULL CHECK (adults >= 1),
    children    INTEGER NOT NULL CHECK (children >= 0),
    max_guests  INTEGER NOT NULL CHECK (max_guests >= adults)
);

CREATE TABLE pms_room_type_text (
    room_type_id  TEXT NOT NULL REFERENCES pms_room_type (id),
    language      TEXT NOT NULL CHECK (language IN ('es', 'en', 'pt')),
    field         TEXT NOT NULL CHECK (field IN ('name', 'description', 'included')),
    position      INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL,
    PRIMARY KEY (room_type_id, language, field, position)
);

CREATE TABLE pms_room_type_photo (
    room_type_id  TEXT    NOT NULL REFERENCES pms_room_type (id),
    position      INTEGER NOT NULL,
    url           TEXT    NOT NULL,
    PRIMARY KEY (room_type_id, position)
);

-- Nightly price of one room, per season and weekday (0 = Monday … 6 = Sunday).
CREATE TABLE pms_rate (
    room_type_id  TEXT    NOT NULL REFERENCES pms_room_type (id),
    season_code   TEXT    NOT NULL,            -- a pms_season code or 'regular'
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (room_type_id, season_code, weekday)
);

-- Rooms per type per night. A row appears the first time a night is touched,
-- with `total` = the type's units; staff may lower it to close rooms. The CHECK
-- is the last line against overbooking.
CREATE TABLE pms_inventory (
    room_type_id  TEXT    NOT NULL REFERENCES pms_room_type (id),
    night         TEXT    NOT NULL,            -- YYYY-MM-DD, the night's start
    total         INTEGER NOT NULL CHECK (total >= 0),
    booked        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_type_id, night),
    CHECK (booked >= 0 AND booked <= total)
);

CREATE TABLE pms_booking (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    reference         TEXT    NOT NULL UNIQUE,
    idempotency_key   TEXT    NOT NULL UNIQUE,
    room_type_id      TEXT    NOT NULL REFERENCES pms_room_type (id),
    checkin           TEXT    NOT NULL,
    checkout          TEXT    NOT NULL CHECK (checkout > checkin),
    status            TEXT    NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    first_name        TEXT    NOT NULL,
    last_name         TEXT    NOT NULL,
    email             TEXT    NOT NULL,
    phone             TEXT,                    -- E.164
    total_excl_minor  INTEGER NOT NULL,
    total_incl_minor  INTEGER NOT NULL,
    currency          TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX pms_booking_email ON pms_booking (email);
CREATE INDEX pms_booking_phone ON pms_booking (phone);

CREATE TABLE pms_booking_room (
    booking_id  INTEGER NOT NULL REFERENCES pms_booking (id),
    position    INTEGER NOT NULL,
    adults      INTEGER NOT NULL CHECK (adults >= 1),
    child_ages  TEXT    NOT NULL DEFAULT '',   -- comma-separated, '?' for an age not given
    PRIMARY KEY (booking_id, position)
);
