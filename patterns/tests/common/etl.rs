//! Shared by the ETL tests: a small sales CSV, a fixed clock, and readers
//! for what reached the database.

use pygen::{Backend, BoxGenerator};
use pygen_patterns::etl::{AmountError, Clock, EtlError, RawSale, Rejection, extract, tap};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Scratch;

pub const CSV: &str = "order_id,customer,amount,currency
A1,  Alice ,12.34,eur
A2,BOB,5,usd
A3,carol,oops,gbp
A4, Dave,0.5,EUR
A5,Eve,100.00,usd
A6,Frank,7.25,gbp
";

pub const CLOCK: Clock = Clock::Fixed {
    start_ms: 1000,
    step_ms: 10,
};

pub fn files(scratch: &Scratch, csv: &str) -> (PathBuf, PathBuf) {
    let path = scratch.path("sales.csv");
    std::fs::write(&path, csv).unwrap();
    (path, scratch.path("warehouse.db"))
}

pub fn loaded(db: &Path) -> Vec<(i64, i64, String, String, i64, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, loaded_at_ms, order_id, customer, amount_cents, currency FROM sales ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

pub fn row(
    id: i64,
    order: &str,
    customer: &str,
    cents: i64,
    currency: &str,
) -> (i64, i64, String, String, i64, String) {
    (
        id,
        1000 + 10 * (id - 1),
        order.into(),
        customer.into(),
        cents,
        currency.into(),
    )
}

pub fn rejection(line: u64, order: &str, amount: &str, reason: AmountError) -> Rejection {
    Rejection {
        line,
        order_id: order.into(),
        amount: amount.into(),
        reason,
    }
}

/// `extract(csv)`, logging `extract <order id>` for each record it passes on.
pub fn logged_extract(
    backend: Backend,
    csv: &Path,
    log: &Arc<Mutex<Vec<String>>>,
) -> BoxGenerator<RawSale, (), Option<u64>, EtlError> {
    tap::on(
        backend,
        extract::on(backend, csv.to_owned()),
        "extract",
        |r: &RawSale| r.order_id.clone(),
        log.clone(),
    )
}
