-- The installation itself: one row, created on first start. Its id tells two
-- installs apart in support requests and backups.
CREATE TABLE instance (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    install_id  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
