-- An inbox row is processed once. Marking done a row that is no longer
-- pending (another worker finished it first, or it went to dead letters)
-- aborts the statement, and with it the transaction that carries the row's
-- effects. The worker can then send a row's claim and its effects to SQLite
-- together with the COMMIT, instead of looking at the claim before
-- committing (one visit to the writer's thread instead of two).
CREATE TRIGGER wa_inbox_done_once BEFORE UPDATE OF state ON wa_inbox
WHEN NEW.state = 'done' AND OLD.state <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'inbox row already processed');
END;
