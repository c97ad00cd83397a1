//! Streaming rows out of SQLite: a keyset cursor inside one read
//! transaction, opened at the first `next` and released at `close()`/drop.
//!
//! A `rusqlite::Rows` borrows its statement, which borrows its connection: a
//! stackless body (a plain `#[coroutine]` closure) cannot hold such borrows
//! across a `yield`. So the generator owns only the connection and fetches
//! `batch` rows at a time with a cached keyset statement
//! (`WHERE rowid > last ORDER BY rowid LIMIT batch`, and no lower bound for
//! the first batch, since `i64::MIN` is a valid rowid), like DB-API's
//! `fetchmany`. The read transaction keeps one consistent snapshot (and its
//! shared lock) for the whole walk; `close()` drops the connection, which
//! rolls it back, finalizes the statement and closes the file.

use pygen::{Error, Generator, generator};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::PathBuf;

/// A failure of SQLite, with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError(pub String);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sqlite: {}", self.0)
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError(e.to_string())
    }
}

/// `Err(Error::Raised(DbError))` from a rusqlite error, for `?` in bodies.
pub fn raised(e: rusqlite::Error) -> Error<DbError> {
    Error::Raised(e.into())
}

/// One row: its `rowid` and the selected columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// SQLite's rowid (the cursor's key).
    pub rowid: i64,
    /// The selected columns, in order.
    pub values: Vec<Value>,
}

/// What to stream.
#[derive(Debug, Clone)]
pub struct Query {
    /// The database file (opened read-only).
    pub path: PathBuf,
    /// The table (an SQL identifier; quoted by the cursor).
    pub table: String,
    /// The columns (SQL expressions over the table).
    pub columns: Vec<String>,
    /// Rows fetched per statement execution (at least 1).
    pub batch: usize,
    /// Called with each SQL statement the cursor runs, bound values
    /// expanded (SQLite's trace hook): what was read, when.
    pub trace: Option<fn(&str)>,
}

/// ```python
/// def stream_rows(db, table, columns, batch):
///     with sqlite3.connect(db) as conn:
///         cur = conn.execute(f"SELECT rowid, {columns} FROM {table} ORDER BY rowid")
///         while rows := cur.fetchmany(batch):
///             yield from rows
///     return rows_read
/// ```
///
/// Yields every row of the table in rowid order and returns how many it
/// read. Nothing is opened before the first `next`.
#[generator]
pub fn stream_rows(query: Query) -> impl Generator<Item = Row, Return = u64, Error = DbError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(&query.path, flags).map_err(raised)?;
    conn.trace(query.trace);
    let select = format!(
        "SELECT rowid, {} FROM \"{}\"",
        query.columns.join(", "),
        query.table.replace('"', "\"\"")
    );
    // The first batch has no lower bound: every i64 is a valid rowid, so no
    // `rowid > start` could include the smallest one.
    let first = format!("{select} ORDER BY rowid LIMIT ?1");
    let after = format!("{select} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
    let batch = query.batch.max(1);
    conn.execute_batch("BEGIN").map_err(raised)?;
    let (mut last, mut read) = (None, 0u64);
    loop {
        let rows = match last {
            None => fetch(&conn, &first, (batch as i64,)),
            Some(last) => fetch(&conn, &after, (last, batch as i64)),
        }
        .map_err(raised)?;
        let full = rows.len() == batch;
        for row in rows {
            last = Some(row.rowid);
            read += 1;
            (yield row)?;
        }
        if !full {
            break;
        }
    }
    conn.execute_batch("COMMIT").map_err(raised)?;
    Ok(read)
}

fn fetch(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let width = stmt.column_count();
    let rows = stmt.query_map(params, |r| {
        let mut values = Vec::with_capacity(width - 1);
        for i in 1..width {
            values.push(r.get::<_, Value>(i)?);
        }
        Ok(Row {
            rowid: r.get(0)?,
            values,
        })
    })?;
    rows.collect()
}

/// Creates (or replaces) table `users(name TEXT, score INTEGER)` in the
/// database at `path` with `n` rows: `("user1", 10), ("user2", 20), ...`.
pub fn create_sample(path: &std::path::Path, n: u64) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch("DROP TABLE IF EXISTS users; CREATE TABLE users(name TEXT NOT NULL, score INTEGER NOT NULL);")?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO users(name, score) VALUES (?1, ?2)")?;
        for i in 1..=n {
            insert.execute((format!("user{i}"), (i * 10) as i64))?;
        }
    }
    tx.commit()
}

/// Tries `BEGIN EXCLUSIVE` on a second connection without waiting: `Ok(())`
/// if this process could take the database for itself right now (then rolls
/// back), or SQLite's "database is locked" error.
pub fn try_exclusive(path: &std::path::Path) -> Result<(), DbError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    conn.execute_batch("ROLLBACK")?;
    Ok(())
}
