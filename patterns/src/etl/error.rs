//! How a stage fails: the pipeline's one error type, and the conversions
//! from the csv and SQLite errors into it.

use pygen::Error;
use std::fmt;
use std::path::PathBuf;

/// A failed stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EtlError {
    /// Reading or parsing the CSV (`line` is 1-based, header = line 1).
    Csv {
        /// Where, if known.
        line: Option<u64>,
        /// The csv crate's message.
        message: String,
    },
    /// SQLite.
    Db(String),
    /// The database's `sales` table already has rows (from an earlier or
    /// interrupted run): refused before anything was read.
    AlreadyLoaded {
        /// The database.
        db: PathBuf,
        /// The rows already in `sales`.
        rows: u64,
    },
}

impl fmt::Display for EtlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtlError::Csv {
                line: Some(l),
                message,
            } => write!(f, "csv line {l}: {message}"),
            EtlError::Csv {
                line: None,
                message,
            } => write!(f, "csv: {message}"),
            EtlError::Db(m) => write!(f, "sqlite: {m}"),
            EtlError::AlreadyLoaded { db, rows } => write!(
                f,
                "{} already holds {rows} rows in table sales: a run loads into an empty table \
                 (its ids start at 1); load into a new database, or remove this one first",
                db.display()
            ),
        }
    }
}

impl std::error::Error for EtlError {}

pub(super) fn csv_error(e: csv::Error) -> Error<EtlError> {
    let line = e.position().map(|p| p.line());
    Error::Raised(EtlError::Csv {
        line,
        message: e.to_string(),
    })
}

pub(super) fn db_error(e: rusqlite::Error) -> Error<EtlError> {
    Error::Raised(EtlError::Db(e.to_string()))
}
