-- Every staff action and configuration change, appended. Nothing in the
-- program updates or deletes a row, and the triggers refuse it for anyone
-- else with a connection (a bug, a console session) too.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at_ms     INTEGER NOT NULL,
    -- NULL for actions not taken by a signed-in staff member (the CLI, setup).
    actor_id  INTEGER,
    actor     TEXT    NOT NULL,
    -- Peer address of the request, or "local" for the command line.
    address   TEXT    NOT NULL,
    -- Dotted, area first: "user.create", "auth.login", "settings.update".
    action    TEXT    NOT NULL,
    -- What was acted on, e.g. "user:5" or "conversation:12"; empty when none.
    target    TEXT    NOT NULL DEFAULT '',
    -- JSON {"before": …, "after": …} with secrets removed.
    summary   TEXT    NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_action ON audit_log (action, at_ms);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
