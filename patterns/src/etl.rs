//! Extract → transform → batch → load, as a chain of generators: each stage
//! pulls from the one before only when its own consumer asks, so at most one
//! batch of rows is alive at a time, whatever the file's size.
//!
//! ```text
//! extract(csv) ─▶ transform(·, ids()) ─▶ batch(·, n) ─▶ load(·, sqlite) ─▶ progress
//! ```
//!
//! Closing the last stage closes the whole chain (each stage owns its
//! upstream, and dropping a suspended generator closes it), so the CSV file
//! is closed and the database connection released.
//!
//! # Nothing is dropped silently
//!
//! A record whose amount is not valid is rejected, not loaded: [`transform`](fn@transform)
//! counts every rejection and keeps the first [`Rejects::KEPT`] (line,
//! order id, amount and a typed [`AmountError`]); that tally travels down the
//! chain as the stages' return values and ends in the [`Report`] that
//! [`load`](fn@load) (and [`pipeline`]) returns, next to the rows loaded. A
//! CSV that cannot be read at all (a record with the wrong number of fields,
//! invalid UTF-8) stops the pipeline with an [`EtlError::Csv`] instead.
//!
//! An amount is valid when it matches, after trimming surrounding
//! whitespace:
//!
//! ```text
//! amount = ["-"] digit {digit} ["." digit [digit]]
//! ```
//!
//! a decimal number of currency units with at most two decimal places, and
//! within `i64` cents (-92,233,720,368,547,758.08 to 92,233,720,368,547,758.07).
//! A leading minus is a refund, which is real data. Everything else is
//! rejected with its reason:
//! a `+` sign (`+3`), no whole part (`.5`), a point without decimals (`5.`),
//! more than two decimals (`1.234`), digit grouping or exponents (`1,234.50`,
//! `1e3`: which convention they follow cannot be known), any other
//! character, or an overflow.
//!
//! # One run, one table
//!
//! [`load`](fn@load) refuses, before reading a single record, a database
//! whose `sales` table already has rows ([`EtlError::AlreadyLoaded`]):
//! ids are assigned per run from 1 ([`ids`](fn@ids)), so a second run would
//! collide with the first, and merging it silently could only either
//! duplicate the file's orders or hide a corrected re-export's new amounts.
//! Refusing leaves the database exactly as it was and says what to do.

use crate::pull;
use pygen::{Backend, BoxGenerator, Generator, Outcome, generator};
use rusqlite::Connection;
use serde::Deserialize;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

mod amount;
mod error;
mod report;
mod sample;
pub use amount::{AmountError, parse_cents};
pub use error::EtlError;
use error::{csv_error, db_error};
pub use report::{Rejection, Rejects, Report, Tally};
pub use sample::{SAMPLE_BAD_AMOUNTS, write_sample_csv};

/// A CSV record as extracted: `order_id,customer,amount,currency`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RawSale {
    /// The line the record starts on (1-based; the header is line 1).
    #[serde(skip)]
    pub line: u64,
    /// The source system's order id.
    pub order_id: String,
    /// Customer name, untrimmed, any case.
    pub customer: String,
    /// Decimal amount, `"12.34"`.
    pub amount: String,
    /// ISO currency code, any case.
    pub currency: String,
}

/// A transformed row, ready to load.
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    /// Our id, from [`ids`](fn@ids).
    pub id: u64,
    /// When it was processed (Unix milliseconds), from [`ids`](fn@ids).
    pub loaded_at_ms: i64,
    /// The source's order id.
    pub order_id: String,
    /// Trimmed, lower-case.
    pub customer: String,
    /// Whole cents.
    pub amount_cents: i64,
    /// Upper-case.
    pub currency: String,
}

/// Where [`ids`](fn@ids) takes its timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, in Unix milliseconds.
    System,
    /// `start_ms`, then `+ step_ms` per id: reproducible runs and tests.
    Fixed {
        /// The first timestamp.
        start_ms: i64,
        /// Added per id.
        step_ms: i64,
    },
}

/// ```python
/// def ids(start, clock):
///     n = start
///     while True:
///         yield n, clock()
///         n += 1
/// ```
///
/// An infinite generator: never returns, costs nothing until asked.
#[generator]
pub fn ids(start: u64, clock: Clock) -> impl Generator<Item = (u64, i64)> {
    let mut n = start;
    loop {
        let now = match clock {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64),
            Clock::Fixed { start_ms, step_ms } => {
                start_ms.saturating_add(step_ms.saturating_mul((n - start) as i64))
            }
        };
        (yield (n, now))?;
        n = n.wrapping_add(1);
    }
}

/// Extract: the CSV's records, one at a time (the file is opened at the first
/// `next`); returns how many it read.
#[generator]
pub fn extract(path: PathBuf) -> impl Generator<Item = RawSale, Return = u64, Error = EtlError> {
    let mut reader = csv::Reader::from_path(&path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut record = csv::StringRecord::new();
    let mut read = 0u64;
    while reader.read_record(&mut record).map_err(csv_error)? {
        let mut sale: RawSale = record.deserialize(Some(&headers)).map_err(csv_error)?;
        sale.line = record.position().map_or(0, |p| p.line());
        read += 1;
        (yield sale)?;
    }
    Ok(read)
}

/// Transform: normalizes each record and stamps it with the next id and
/// timestamp from `stamps`. A record whose amount is not valid is rejected
/// (and spends no id). Returns the rejections.
#[generator]
pub fn transform<R: 'static>(
    mut upstream: BoxGenerator<RawSale, (), R, EtlError>,
    mut stamps: BoxGenerator<(u64, i64)>,
) -> impl Generator<Item = Sale, Return = Rejects, Error = EtlError> {
    let mut rejects = Rejects::default();
    while let Some(raw) = pull(&mut upstream)? {
        let amount_cents = match parse_cents(&raw.amount) {
            Ok(cents) => cents,
            Err(reason) => {
                rejects.push(Rejection {
                    line: raw.line,
                    order_id: raw.order_id,
                    amount: raw.amount,
                    reason,
                });
                continue;
            }
        };
        let Some((id, loaded_at_ms)) = stamps.next() else {
            break; // `ids` is infinite: never happens
        };
        let sale = Sale {
            id,
            loaded_at_ms,
            order_id: raw.order_id,
            customer: raw.customer.trim().to_lowercase(),
            amount_cents,
            currency: raw.currency.trim().to_uppercase(),
        };
        (yield sale)?;
    }
    Ok(rejects)
}

/// Batch: groups `size` items (the last batch may be smaller). Returns
/// its upstream's return value (`None` if that had already finished).
#[generator]
pub fn batch<R: 'static>(
    mut upstream: BoxGenerator<Sale, (), R, EtlError>,
    size: usize,
) -> impl Generator<Item = Vec<Sale>, Return = Option<R>, Error = EtlError> {
    let size = size.max(1);
    loop {
        let mut chunk = Vec::with_capacity(size);
        let mut end = None;
        while chunk.len() < size {
            match upstream.resume()? {
                Outcome::Yielded(sale) => chunk.push(sale),
                Outcome::Returned(r) => {
                    end = Some(Some(r));
                    break;
                }
                Outcome::Exhausted => {
                    end = Some(None);
                    break;
                }
            }
        }
        if !chunk.is_empty() {
            (yield chunk)?;
        }
        if let Some(end) = end {
            return Ok(end);
        }
    }
}

/// Load: inserts each batch in its own transaction into table `sales` of
/// the database at `db` (created if missing) and yields the number of rows
/// loaded so far after each commit; returns the [`Report`]: rows loaded and
/// the rejections its upstream returned.
///
/// Refuses ([`EtlError::AlreadyLoaded`]) a `sales` table that already has
/// rows, before pulling anything from upstream: see the module docs.
#[generator]
pub fn load<R: Tally + 'static>(
    mut batches: BoxGenerator<Vec<Sale>, (), R, EtlError>,
    db: PathBuf,
) -> impl Generator<Item = u64, Return = Report, Error = EtlError> {
    let mut conn = Connection::open(&db).map_err(db_error)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS sales(
            id INTEGER PRIMARY KEY, loaded_at_ms INTEGER NOT NULL, order_id TEXT NOT NULL,
            customer TEXT NOT NULL, amount_cents INTEGER NOT NULL, currency TEXT NOT NULL)",
    )
    .map_err(db_error)?;
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM sales", [], |r| r.get(0))
        .map_err(db_error)?;
    if rows > 0 {
        return pygen::raise(EtlError::AlreadyLoaded {
            db,
            rows: rows as u64,
        });
    }
    let mut loaded = 0u64;
    let rejected = loop {
        match batches.resume()? {
            Outcome::Yielded(chunk) => {
                insert(&mut conn, &chunk).map_err(db_error)?;
                loaded += chunk.len() as u64;
                drop(chunk);
                (yield loaded)?;
            }
            Outcome::Returned(r) => break r.into_rejects(),
            Outcome::Exhausted => break Rejects::default(),
        }
    };
    Ok(Report { loaded, rejected })
}

fn insert(conn: &mut Connection, chunk: &[Sale]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO sales(id, loaded_at_ms, order_id, customer, amount_cents, currency)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for s in chunk {
            stmt.execute((
                s.id as i64,
                s.loaded_at_ms,
                &s.order_id,
                &s.customer,
                s.amount_cents,
                &s.currency,
            ))?;
        }
    }
    tx.commit()
}

/// A stage that records `label describe(item)` in `log` for each item it
/// passes on, and returns its upstream's return value: a pipeline's
/// debugging tap. Shows what each stage pulled, when.
#[generator]
pub fn tap<T: 'static, R: 'static>(
    mut upstream: BoxGenerator<T, (), R, EtlError>,
    label: &'static str,
    describe: fn(&T) -> String,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) -> impl Generator<Item = T, Return = Option<R>, Error = EtlError> {
    loop {
        match upstream.resume()? {
            Outcome::Yielded(item) => {
                if let Ok(mut log) = log.lock() {
                    log.push(format!("{label} {}", describe(&item)));
                }
                (yield item)?;
            }
            Outcome::Returned(r) => return Ok(Some(r)),
            Outcome::Exhausted => return Ok(None),
        }
    }
}

/// The whole chain over `csv` into `db`, every stage on `backend`:
/// `load(batch(transform(extract(csv), ids(1, clock)), batch_size), db)`:
/// yields the rows loaded so far after each batch, returns the [`Report`].
pub fn pipeline(
    backend: Backend,
    csv: PathBuf,
    db: PathBuf,
    batch_size: usize,
    clock: Clock,
) -> BoxGenerator<u64, (), Report, EtlError> {
    let rows = extract::on(backend, csv);
    let stamps = ids::on(backend, 1, clock);
    let sales = transform::on(backend, rows, stamps);
    let batches = batch::on(backend, sales, batch_size);
    load::on(backend, batches, db)
}
