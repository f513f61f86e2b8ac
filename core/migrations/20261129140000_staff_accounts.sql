-- Staff who use the admin API. Usernames are kept lower-case; times are
-- milliseconds since the Unix epoch (compared with the Clock port's now_ms).
CREATE TABLE staff_users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'frontdesk')),
    -- Bumped on password reset and disable: access tokens carry the version
    -- they were issued under and stop working when it moves.
    token_version  INTEGER NOT NULL DEFAULT 1,
    disabled_at_ms INTEGER,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);

-- Refresh tokens, stored as SHA-256 hashes. All tokens descended from one
-- sign-in share a family; presenting a token that was already rotated means
-- it leaked, and the whole family is revoked.
CREATE TABLE staff_refresh_tokens (
    id             INTEGER PRIMARY KEY,
    token_hash     TEXT    NOT NULL UNIQUE,
    family_id      TEXT    NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES staff_users (id),
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    rotated_at_ms  INTEGER,
    revoked_at_ms  INTEGER,
    revoked_reason TEXT
);
CREATE INDEX staff_refresh_tokens_family ON staff_refresh_tokens (family_id);
CREATE INDEX staff_refresh_tokens_user ON staff_refresh_tokens (user_id);

-- Keys the daemon generates for itself on first start (the access-token
-- signing key when admin.jwt_secret is not configured).
CREATE TABLE generated_keys (
    name          TEXT    PRIMARY KEY,
    value         TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
);
