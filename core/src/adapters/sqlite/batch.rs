//! Several statements sent to a connection's thread in one visit.
//!
//! sqlx runs each SQLite connection on a thread of its own and every statement
//! is a round trip to it (a channel message and a wake-up each way). On the
//! writer connection those hops, not SQLite, were the cost: a profile of the
//! webhook bench showed the writer's thread busiest, with SQLite itself 1.5 %
//! of it (BENCHMARKS.md, "WhatsApp channel"). sqlx-sqlite runs a query made of
//! several `;`-separated statements in one visit, binding the arguments to the
//! `?`s in order across them, and reports each statement's rows followed by its
//! result. [`Batch`] builds such a query and splits the answer back into one
//! result per statement; [`WriteTx`] wraps a transaction around a batch so a
//! whole unit of work costs two visits (BEGIN + statements, then COMMIT or
//! ROLLBACK after the caller looked at the results).

use futures::TryStreamExt;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, AssertSqlSafe, Either, Encode, Executor, Sqlite, SqlitePool, Type};

/// Statements to run in one visit, with their arguments in order.
#[derive(Default)]
pub struct Batch {
    sql: String,
    args: SqliteArguments,
    /// Per statement: its `?` placeholders and the arguments bound to it.
    arity: Vec<(usize, usize)>,
    encode_error: Option<sqlx::error::BoxDynError>,
    /// Made by [`Batch::transaction`]: its first statement is the BEGIN.
    opens_transaction: bool,
}

/// Which statement of a batch a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stmt(usize);

/// One statement's outcome: the rows it returned and the rows it changed.
#[derive(Default)]
pub struct StmtResult {
    pub rows: Vec<SqliteRow>,
    pub changes: u64,
}

/// Every statement's outcome, in order.
pub struct Done {
    results: Vec<StmtResult>,
}

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    /// A batch whose first statement is `BEGIN IMMEDIATE` (the write lock
    /// up front: upgrading a deferred transaction later can fail with
    /// `SQLITE_BUSY` without waiting), for [`WriteTx::begin`].
    pub fn transaction() -> Self {
        let mut b = Self::new();
        b.push("BEGIN IMMEDIATE");
        b.opens_transaction = true;
        b
    }

    /// Appends one statement (without a trailing `;`). Its `?` placeholders
    /// take the values bound next, in order; placeholders must be plain `?`
    /// and the text must not contain `?` or `;` anywhere else.
    pub fn push(&mut self, sql: &'static str) -> Bind<'_> {
        self.push_pieces(&[sql])
    }

    /// Appends one statement of the form `head row, row, … tail` with `row`
    /// repeated `n` (at least 1) times: a multi-row `INSERT … VALUES`. Like
    /// [`Batch::push`], only static text goes into the SQL; values are bound.
    pub fn push_rows(
        &mut self,
        head: &'static str,
        row: &'static str,
        n: usize,
        tail: &'static str,
    ) -> Bind<'_> {
        let mut pieces = Vec::with_capacity(2 * n.max(1) + 1);
        pieces.push(head);
        for i in 0..n.max(1) {
            if i > 0 {
                pieces.push(", ");
            }
            pieces.push(row);
        }
        pieces.push(tail);
        self.push_pieces(&pieces)
    }

    fn push_pieces(&mut self, pieces: &[&'static str]) -> Bind<'_> {
        if !self.sql.is_empty() {
            self.sql.push_str(";\n");
        }
        let mut placeholders = 0;
        for piece in pieces {
            self.sql.push_str(piece);
            placeholders += piece.matches('?').count();
        }
        self.arity.push((placeholders, 0));
        let stmt = Stmt(self.arity.len() - 1);
        Bind { batch: self, stmt }
    }

    /// Runs every statement in one visit to `conn`'s thread. A failing
    /// statement stops the batch; what ran before it is not undone here (the
    /// caller's transaction is).
    pub async fn run(self, conn: &mut sqlx::SqliteConnection) -> Result<Done, sqlx::Error> {
        if let Some(e) = self.encode_error {
            return Err(sqlx::Error::Encode(e));
        }
        if let Some((i, (want, got))) = self
            .arity
            .iter()
            .enumerate()
            .find(|(_, (want, got))| want != got)
        {
            // A programming error, caught before anything runs: a short
            // statement would shift every later argument onto the wrong `?`.
            return Err(sqlx::Error::Protocol(format!(
                "batch statement {i} has {want} placeholders but {got} values"
            )));
        }
        let expected = self.arity.len();
        let query = sqlx::query_with(AssertSqlSafe(self.sql), self.args);
        let mut steps = conn.fetch_many(query);
        let mut results = Vec::with_capacity(expected);
        let mut current = StmtResult::default();
        while let Some(step) = steps.try_next().await? {
            match step {
                Either::Right(row) => current.rows.push(row),
                Either::Left(done) => {
                    current.changes = done.rows_affected();
                    results.push(std::mem::take(&mut current));
                }
            }
        }
        if results.len() != expected {
            return Err(sqlx::Error::Protocol(format!(
                "batch of {expected} statements reported {} results",
                results.len()
            )));
        }
        Ok(Done { results })
    }
}

/// Binds the values of the statement just pushed.
pub struct Bind<'b> {
    batch: &'b mut Batch,
    stmt: Stmt,
}

impl Bind<'_> {
    pub fn bind<'t, T: Encode<'t, Sqlite> + Type<Sqlite> + 't>(self, value: T) -> Self {
        if let Err(e) = self.batch.args.add(value)
            && self.batch.encode_error.is_none()
        {
            self.batch.encode_error = Some(e);
        }
        self.batch.arity[self.stmt.0].1 += 1;
        self
    }

    pub fn id(&self) -> Stmt {
        self.stmt
    }
}

impl Done {
    pub fn get(&self, stmt: Stmt) -> &StmtResult {
        &self.results[stmt.0]
    }

    /// The first column of the statement's first row.
    pub fn scalar<T>(&self, stmt: Stmt) -> Result<T, sqlx::Error>
    where
        T: for<'r> sqlx::Decode<'r, Sqlite> + Type<Sqlite>,
    {
        use sqlx::Row;
        self.get(stmt)
            .rows
            .first()
            .ok_or(sqlx::Error::RowNotFound)?
            .try_get(0)
    }
}

/// A write transaction whose statements go to the connection in batches.
/// Dropped without [`WriteTx::commit`] or [`WriteTx::rollback`] (an error
/// path, a cancelled task), the connection is closed instead of returned to
/// the pool, and closing rolls the transaction back: the next user never
/// inherits an open transaction.
pub struct WriteTx {
    conn: Option<PoolConnection<Sqlite>>,
}

impl WriteTx {
    /// Takes a connection of `pool` and runs `batch`, which
    /// [`Batch::transaction`] started with `BEGIN IMMEDIATE`, in one visit.
    pub async fn begin(pool: &SqlitePool, batch: Batch) -> Result<(Self, Done), sqlx::Error> {
        if !batch.opens_transaction {
            return Err(sqlx::Error::Protocol(
                "WriteTx::begin needs a batch made by Batch::transaction".into(),
            ));
        }
        let mut conn = pool.acquire().await?;
        match batch.run(&mut conn).await {
            Ok(done) => Ok((Self { conn: Some(conn) }, done)),
            Err(e) => {
                // BEGIN may have run: the connection must not stay in a
                // transaction ("no transaction is active" is fine here).
                let _ = conn.execute("ROLLBACK").await;
                Err(e)
            }
        }
    }

    /// The transaction's connection, for work that needs a visit of its own
    /// (statements that depend on what the first batch returned).
    pub fn conn(&mut self) -> Result<&mut sqlx::SqliteConnection, sqlx::Error> {
        // Present until commit or rollback consume the transaction.
        self.conn
            .as_deref_mut()
            .ok_or_else(|| sqlx::Error::Protocol("transaction already finished".into()))
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.finish("COMMIT").await
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        self.finish("ROLLBACK").await
    }

    async fn finish(&mut self, sql: &'static str) -> Result<(), sqlx::Error> {
        let Some(mut conn) = self.conn.take() else {
            return Ok(());
        };
        match conn.execute(sql).await {
            Ok(_) => Ok(()),
            Err(e) => {
                // A failed COMMIT (busy) leaves the transaction open.
                let _ = conn.execute("ROLLBACK").await;
                Err(e)
            }
        }
    }
}

/// Runs `batch` (made by [`Batch::transaction`]) and COMMIT in one visit, for
/// work that needs no look at its results before committing. On an error the
/// transaction is rolled back.
pub async fn run_committed(pool: &SqlitePool, mut batch: Batch) -> Result<Done, sqlx::Error> {
    batch.push("COMMIT");
    let (mut tx, mut done) = WriteTx::begin(pool, batch).await?;
    // Committed already: the connection goes back to the pool as it is.
    drop(tx.conn.take());
    done.results.pop();
    Ok(done)
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            conn.close_on_drop();
        }
    }
}
