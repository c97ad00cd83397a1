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

use crate::pull;
use pygen::{Backend, BoxGenerator, Error, Generator, generator};
use rusqlite::Connection;
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

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
        }
    }
}

impl std::error::Error for EtlError {}

fn csv_error(e: csv::Error) -> Error<EtlError> {
    let line = e.position().map(|p| p.line());
    Error::Raised(EtlError::Csv {
        line,
        message: e.to_string(),
    })
}

fn db_error(e: rusqlite::Error) -> Error<EtlError> {
    Error::Raised(EtlError::Db(e.to_string()))
}

/// A CSV record as extracted: `order_id,customer,amount,currency`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RawSale {
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
        let sale: RawSale = record.deserialize(Some(&headers)).map_err(csv_error)?;
        read += 1;
        (yield sale)?;
    }
    Ok(read)
}

/// `"12.34"` → 1234 cents; `None` if it is not a non-negative decimal with
/// at most two fractional digits.
pub fn parse_cents(amount: &str) -> Option<i64> {
    let (whole, frac) = amount.trim().split_once('.').unwrap_or((amount.trim(), ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

/// Transform: normalizes each record and stamps it with the next id and
/// timestamp from `stamps`; records whose amount does not parse are skipped.
/// Returns how many it skipped.
#[generator]
pub fn transform<R: 'static>(
    mut upstream: BoxGenerator<RawSale, (), R, EtlError>,
    mut stamps: BoxGenerator<(u64, i64)>,
) -> impl Generator<Item = Sale, Return = u64, Error = EtlError> {
    let mut skipped = 0u64;
    while let Some(raw) = pull(&mut upstream)? {
        let Some(amount_cents) = parse_cents(&raw.amount) else {
            skipped += 1;
            continue;
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
    Ok(skipped)
}

/// Batch: groups `size` items (the last batch may be smaller).
#[generator]
pub fn batch<R: 'static>(
    mut upstream: BoxGenerator<Sale, (), R, EtlError>,
    size: usize,
) -> impl Generator<Item = Vec<Sale>, Error = EtlError> {
    let size = size.max(1);
    loop {
        let mut chunk = Vec::with_capacity(size);
        while chunk.len() < size {
            match pull(&mut upstream)? {
                Some(sale) => chunk.push(sale),
                None => break,
            }
        }
        if chunk.is_empty() {
            return Ok(());
        }
        let last = chunk.len() < size;
        (yield chunk)?;
        if last {
            return Ok(());
        }
    }
}

/// Load: inserts each batch in its own transaction into table `sales` of
/// the database at `db` (created if missing) and yields the number of rows
/// loaded so far after each commit; returns the total.
#[generator]
pub fn load<R: 'static>(
    mut batches: BoxGenerator<Vec<Sale>, (), R, EtlError>,
    db: PathBuf,
) -> impl Generator<Item = u64, Return = u64, Error = EtlError> {
    let mut conn = Connection::open(&db).map_err(db_error)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS sales(
            id INTEGER PRIMARY KEY, loaded_at_ms INTEGER NOT NULL, order_id TEXT NOT NULL,
            customer TEXT NOT NULL, amount_cents INTEGER NOT NULL, currency TEXT NOT NULL)",
    )
    .map_err(db_error)?;
    let mut loaded = 0u64;
    while let Some(chunk) = pull(&mut batches)? {
        insert(&mut conn, &chunk).map_err(db_error)?;
        loaded += chunk.len() as u64;
        drop(chunk);
        (yield loaded)?;
    }
    Ok(loaded)
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
            pygen::Outcome::Yielded(item) => {
                if let Ok(mut log) = log.lock() {
                    log.push(format!("{label} {}", describe(&item)));
                }
                (yield item)?;
            }
            pygen::Outcome::Returned(r) => return Ok(Some(r)),
            pygen::Outcome::Exhausted => return Ok(None),
        }
    }
}

/// The whole chain over `csv` into `db`, every stage on `backend`:
/// `load(batch(transform(extract(csv), ids(1, clock)), batch_size), db)`.
pub fn pipeline(
    backend: Backend,
    csv: PathBuf,
    db: PathBuf,
    batch_size: usize,
    clock: Clock,
) -> BoxGenerator<u64, (), u64, EtlError> {
    let rows = extract::on(backend, csv);
    let stamps = ids::on(backend, 1, clock);
    let sales = transform::on(backend, rows, stamps);
    let batches = batch::on(backend, sales, batch_size);
    load::on(backend, batches, db)
}

/// Writes a sample sales CSV with `rows` records (every 50th with a bad
/// amount, which transform skips).
pub fn write_sample_csv(out: impl std::io::Write, rows: u64) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["order_id", "customer", "amount", "currency"])?;
    for i in 1..=rows {
        let amount = if i.is_multiple_of(50) {
            "n/a".to_owned()
        } else {
            format!("{}.{:02}", (i * 37) % 1000, i % 100)
        };
        let customer = format!("  Customer {:04} ", i % 5000);
        let currency = ["eur", "usd", "gbp"][(i % 3) as usize];
        w.write_record([
            format!("ORD-{i:08}").as_str(),
            customer.as_str(),
            &amount,
            currency,
        ])?;
    }
    w.flush()?;
    Ok(())
}
