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
use pygen::{Backend, BoxGenerator, Error, Generator, Outcome, generator};
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

/// Why an amount is not valid (see the [module docs](self) for the
/// grammar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but whitespace.
    Empty,
    /// A leading `+` (`"+3"`): only `-` is a sign.
    PlusSign,
    /// No digit before the point (`".5"`, `"-"`).
    NoWholeDigits,
    /// A point with no digit after it (`"5."`).
    NoDecimals,
    /// More than two decimal places (`"1.234"`).
    TooManyDecimals,
    /// A character that has no place in an amount: digit grouping
    /// (`"1,234.50"`), an exponent (`"1e3"`), a second point or sign, a
    /// letter...
    Unexpected(char),
    /// Beyond `i64` cents.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => f.write_str("empty"),
            AmountError::PlusSign => f.write_str("a '+' sign (only '-' is accepted)"),
            AmountError::NoWholeDigits => f.write_str("no digit before the decimal point"),
            AmountError::NoDecimals => f.write_str("no digit after the decimal point"),
            AmountError::TooManyDecimals => f.write_str("more than two decimal places"),
            AmountError::Unexpected(c) => write!(f, "unexpected character {c:?}"),
            AmountError::Overflow => f.write_str("out of range"),
        }
    }
}

impl std::error::Error for AmountError {}

/// `"12.34"` → 1234 cents, `"-5"` → -500: a decimal amount with at most two
/// decimal places, an optional leading `-` (a refund), surrounding
/// whitespace ignored. Anything else is an [`AmountError`].
pub fn parse_cents(amount: &str) -> Result<i64, AmountError> {
    let text = amount.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('+') {
        return Err(AmountError::PlusSign);
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, decimals) = match unsigned.split_once('.') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (unsigned, None),
    };
    if let Some(c) = whole
        .chars()
        .chain(decimals.unwrap_or("").chars())
        .find(|c| !c.is_ascii_digit())
    {
        return Err(AmountError::Unexpected(c));
    }
    if whole.is_empty() {
        return Err(AmountError::NoWholeDigits);
    }
    let decimals = match decimals {
        None => "",
        Some("") => return Err(AmountError::NoDecimals),
        Some(d) if d.len() > 2 => return Err(AmountError::TooManyDecimals),
        Some(d) => d,
    };
    // The magnitude in cents; a u64 holds both i64::MAX and |i64::MIN|.
    let cents = whole
        .bytes()
        .chain(decimals.bytes())
        .chain(std::iter::repeat_n(b'0', 2 - decimals.len()))
        .try_fold(0u64, |n, digit| {
            n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
        .ok_or(AmountError::Overflow)?;
    if negative {
        0i64.checked_sub_unsigned(cents)
    } else {
        i64::try_from(cents).ok()
    }
    .ok_or(AmountError::Overflow)
}

/// A record [`transform`](fn@transform) did not pass on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The line it starts on in the CSV (the header is line 1).
    pub line: u64,
    /// Its order id.
    pub order_id: String,
    /// Its amount, as written.
    pub amount: String,
    /// Why the amount is not valid.
    pub reason: AmountError,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} (order {}): amount {:?}: {}",
            self.line, self.order_id, self.amount, self.reason
        )
    }
}

/// Every record rejected: how many, and the first [`Rejects::KEPT`] of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejects {
    /// How many records were rejected.
    pub count: u64,
    /// The first ones, in file order (at most [`Rejects::KEPT`]).
    pub first: Vec<Rejection>,
}

impl Rejects {
    /// How many rejections are kept whole; the rest are only counted, so the
    /// tally stays small whatever the file.
    pub const KEPT: usize = 5;

    /// Counts `rejection`, keeping it if it is among the first [`Self::KEPT`].
    pub fn push(&mut self, rejection: Rejection) {
        self.count += 1;
        if self.first.len() < Self::KEPT {
            self.first.push(rejection);
        }
    }
}

/// What a stage upstream of [`load`](fn@load) returns, as far as the
/// [`Report`] goes: the records rejected on the way.
pub trait Tally {
    /// The records rejected upstream.
    fn into_rejects(self) -> Rejects;
}

impl Tally for Rejects {
    fn into_rejects(self) -> Rejects {
        self
    }
}

/// A stage that passes its upstream's return value on ([`batch`](fn@batch),
/// [`tap`](fn@tap)) returns `None` if that upstream had already finished
/// before the chain ran: then no record went through it in this run.
impl<R: Tally> Tally for Option<R> {
    fn into_rejects(self) -> Rejects {
        self.map(Tally::into_rejects).unwrap_or_default()
    }
}

/// What a finished run did with every record of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Rows loaded into the database.
    pub loaded: u64,
    /// Records not loaded, and why.
    pub rejected: Rejects,
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

/// The invalid amounts [`write_sample_csv`] writes, in turn.
pub const SAMPLE_BAD_AMOUNTS: [&str; 8] = [
    "n/a",
    "1,234.50",
    "1e3",
    "+3",
    ".5",
    "1.234",
    "99999999999999999999",
    "",
];

/// Writes a sample sales CSV with `rows` records: every 50th has an invalid
/// amount (from [`SAMPLE_BAD_AMOUNTS`], in turn), which transform rejects;
/// every 10th otherwise is a refund (a negative amount).
pub fn write_sample_csv(out: impl std::io::Write, rows: u64) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["order_id", "customer", "amount", "currency"])?;
    for i in 1..=rows {
        let amount = if i.is_multiple_of(50) {
            SAMPLE_BAD_AMOUNTS[(i / 50 - 1) as usize % SAMPLE_BAD_AMOUNTS.len()].to_owned()
        } else {
            let sign = if i.is_multiple_of(10) { "-" } else { "" };
            format!("{sign}{}.{:02}", (i * 37) % 1000, i % 100)
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
