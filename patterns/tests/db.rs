//! Streaming SQLite rows: what SQL ran when (SQLite's own trace hook), and
//! that close releases the lock, statement and connection (a second
//! connection's `BEGIN EXCLUSIVE`, and the descriptors open on the file).

#[macro_use]
mod common;

use common::{Scratch, drain};
use pygen::{Backend, Error, Generator, GeneratorState};
use pygen_patterns::db::{DbError, Query, Row, create_sample, stream_rows, try_exclusive};
use pygen_patterns::probe::open_fds_to;
use rusqlite::types::Value;
use std::cell::RefCell;
use std::path::PathBuf;

both!(
    runs_each_query_only_when_its_rows_are_needed,
    close_mid_stream_releases_lock_and_connection,
    full_walk_commits_and_returns_the_row_count,
    missing_database_is_a_typed_error,
    rows_at_the_extreme_rowids_are_streamed,
);

thread_local! {
    // The trace hook is a plain fn; both backends run the body on the test's
    // own thread (a stackful body on its own stack, same thread).
    static TRACE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(sql: &str) {
    TRACE.with(|t| t.borrow_mut().push(sql.to_owned()));
}

fn trace() -> Vec<String> {
    TRACE.with(|t| t.borrow().clone())
}

fn db(scratch: &Scratch, rows: u64) -> PathBuf {
    let path = scratch.path("users.db");
    create_sample(&path, rows).unwrap();
    path
}

fn query(path: PathBuf, batch: usize) -> Query {
    Query {
        path,
        table: "users".into(),
        columns: vec!["name".into(), "score".into()],
        batch,
        trace: Some(record),
    }
}

fn row(i: i64) -> Row {
    Row {
        rowid: i,
        values: vec![Value::Text(format!("user{i}")), Value::Integer(i * 10)],
    }
}

fn select_first() -> String {
    "SELECT rowid, name, score FROM \"users\" ORDER BY rowid LIMIT 2".to_owned()
}

fn select_after(rowid: i64) -> String {
    format!("SELECT rowid, name, score FROM \"users\" WHERE rowid > {rowid} ORDER BY rowid LIMIT 2")
}

fn runs_each_query_only_when_its_rows_are_needed(backend: Backend) {
    let scratch = Scratch::new("db-lazy", backend);
    let path = db(&scratch, 5);
    let mut rows = stream_rows::on(backend, query(path.clone(), 2));
    assert_eq!(
        open_fds_to(&path),
        0,
        "nothing opened before the first next"
    );
    assert_eq!(trace(), Vec::<String>::new());

    assert_eq!(rows.next(), Some(row(1)));
    assert_eq!(trace(), ["BEGIN".to_owned(), select_first()]);
    assert_eq!(rows.next(), Some(row(2)));
    assert_eq!(trace().len(), 2, "row 2 came with the first batch");
    assert_eq!(rows.next(), Some(row(3)));
    assert_eq!(
        trace(),
        ["BEGIN".to_owned(), select_first(), select_after(2)]
    );
    assert_eq!(rows.close(), Ok(None));
    assert_eq!(trace().len(), 3, "close runs no query");
}

fn close_mid_stream_releases_lock_and_connection(backend: Backend) {
    let scratch = Scratch::new("db-close", backend);
    let path = db(&scratch, 5);
    assert_eq!(
        try_exclusive(&path),
        Ok(()),
        "nobody holds the database yet"
    );
    let mut rows = stream_rows::on(backend, query(path.clone(), 2));
    assert_eq!(rows.next(), Some(row(1)));
    assert_eq!(rows.state(), GeneratorState::Suspended);
    assert_eq!(open_fds_to(&path), 1, "one connection, one descriptor");
    assert_eq!(
        try_exclusive(&path),
        Err(DbError("database is locked".into())),
        "the suspended cursor holds its read snapshot"
    );
    assert_eq!(rows.close(), Ok(None));
    assert_eq!(open_fds_to(&path), 0, "the connection is closed");
    assert_eq!(
        try_exclusive(&path),
        Ok(()),
        "and its lock released, right after close"
    );

    // Dropping a suspended cursor does the same.
    let mut rows = stream_rows::on(backend, query(path.clone(), 2));
    assert_eq!(rows.nth(2), Some(row(3)));
    assert!(try_exclusive(&path).is_err());
    drop(rows);
    assert_eq!(open_fds_to(&path), 0);
    assert_eq!(try_exclusive(&path), Ok(()));
}

fn full_walk_commits_and_returns_the_row_count(backend: Backend) {
    let scratch = Scratch::new("db-all", backend);
    let path = db(&scratch, 4);
    let (seen, count) = drain(stream_rows::on(backend, query(path.clone(), 2)));
    assert_eq!(seen, (1..=4).map(row).collect::<Vec<_>>());
    assert_eq!(count, 4);
    // 4 rows in batches of 2: a third, empty batch tells the end.
    assert_eq!(
        trace(),
        [
            "BEGIN".to_owned(),
            select_first(),
            select_after(2),
            select_after(4),
            "COMMIT".to_owned()
        ]
    );
    assert_eq!(open_fds_to(&path), 0);
    assert_eq!(try_exclusive(&path), Ok(()));
}

fn missing_database_is_a_typed_error(backend: Backend) {
    let scratch = Scratch::new("db-missing", backend);
    let path = scratch.path("absent.db");
    let mut rows = stream_rows::on(backend, query(path.clone(), 2));
    assert_eq!(
        rows.resume(),
        Err(Error::Raised(DbError(
            "unable to open database file: ".to_owned() + path.to_str().unwrap()
        )))
    );
    assert_eq!(rows.state(), GeneratorState::Closed);
    assert!(!path.exists(), "read-only: nothing created");
}

fn rows_at_the_extreme_rowids_are_streamed(backend: Backend) {
    // SQLite's rowids span all of i64: the first and last keys are rows too.
    let scratch = Scratch::new("db-extremes", backend);
    let path = scratch.path("extremes.db");
    let keys = [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX];
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE users(name TEXT NOT NULL, score INTEGER NOT NULL)")
            .unwrap();
        for k in keys {
            conn.execute(
                "INSERT INTO users(rowid, name, score) VALUES (?1, ?2, ?3)",
                (k, format!("k{k}"), 1),
            )
            .unwrap();
        }
    }
    for batch in [1, 2, 4, 6, 7] {
        let (rows, count) = drain(stream_rows::on(backend, query(path.clone(), batch)));
        let seen: Vec<i64> = rows.iter().map(|r| r.rowid).collect();
        assert_eq!(seen, keys, "batch {batch}");
        assert_eq!(count, 6, "batch {batch}");
    }
}
