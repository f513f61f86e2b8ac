-- Every booking we ask an external PMS to make, written BEFORE the call. If the
-- answer is lost (timeout, reset, QloApps' 500 after creating the order), the
-- row says what we asked for, so a retry looks the booking up in the PMS
-- instead of creating a second one.
CREATE TABLE pms_booking_attempt (
    idempotency_key  TEXT PRIMARY KEY,
    pms              TEXT NOT NULL,            -- 'qloapps'
    state            TEXT NOT NULL CHECK (state IN ('pending', 'booked', 'failed')),
    booking_ref      TEXT,                     -- the PMS's reference once known
    guest_email      TEXT NOT NULL,
    room_type_id     TEXT NOT NULL,
    checkin          TEXT NOT NULL,
    checkout         TEXT NOT NULL,
    rooms            INTEGER NOT NULL CHECK (rooms >= 1),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (state <> 'booked' OR booking_ref IS NOT NULL)
);
-- One PMS booking belongs to at most one attempt.
CREATE UNIQUE INDEX pms_booking_attempt_ref ON pms_booking_attempt (pms, booking_ref)
    WHERE booking_ref IS NOT NULL;
