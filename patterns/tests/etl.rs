//! The ETL chain: which record each stage pulled when (taps between the
//! stages), what reached the database after each batch, and that closing the
//! last stage closes the CSV file and the database connection.

#[macro_use]
mod common;

use common::Scratch;
use pygen::{Backend, Error, Generator, GeneratorState, Outcome};
use pygen_patterns::etl::{
    Clock, EtlError, RawSale, Sale, batch, extract, ids, load, parse_cents, pipeline, tap,
    transform, write_sample_csv,
};
use pygen_patterns::probe::open_fds_to;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

both!(
    each_stage_pulls_only_what_the_next_one_needs,
    full_pipeline_loads_every_valid_row,
    bad_csv_is_a_typed_error_out_of_the_last_stage,
    ids_is_infinite_and_lazy,
    sample_csv_goes_through_the_pipeline,
);

const CSV: &str = "order_id,customer,amount,currency
A1,  Alice ,12.34,eur
A2,BOB,5,usd
A3,carol,oops,gbp
A4, Dave,0.5,EUR
A5,Eve,100.00,usd
A6,Frank,7.25,gbp
";

const CLOCK: Clock = Clock::Fixed {
    start_ms: 1000,
    step_ms: 10,
};

fn files(scratch: &Scratch, csv: &str) -> (PathBuf, PathBuf) {
    let path = scratch.path("sales.csv");
    std::fs::write(&path, csv).unwrap();
    (path, scratch.path("warehouse.db"))
}

fn loaded(db: &Path) -> Vec<(i64, i64, String, String, i64, String)> {
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

fn row(
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

fn each_stage_pulls_only_what_the_next_one_needs(backend: Backend) {
    let scratch = Scratch::new("etl-lazy", backend);
    let (csv, db) = files(&scratch, CSV);
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = || log.lock().unwrap().clone();

    let raw = tap::on(
        backend,
        extract::on(backend, csv.clone()),
        "extract",
        |r: &RawSale| r.order_id.clone(),
        log.clone(),
    );
    let sales = transform::on(backend, raw, ids::on(backend, 1, CLOCK));
    let sales = tap::on(
        backend,
        sales,
        "transform",
        |s: &Sale| format!("{}#{}", s.order_id, s.id),
        log.clone(),
    );
    let batches = tap::on(
        backend,
        batch::on(backend, sales, 2),
        "batch",
        |b: &Vec<Sale>| b.len().to_string(),
        log.clone(),
    );
    let mut progress = load::on(backend, batches, db.clone());

    assert_eq!(seen(), Vec::<String>::new());
    assert_eq!(
        (open_fds_to(&csv), open_fds_to(&db)),
        (0, 0),
        "nothing opened before the first next"
    );

    assert_eq!(progress.next(), Some(2));
    assert_eq!(
        seen(),
        [
            "extract A1",
            "transform A1#1",
            "extract A2",
            "transform A2#2",
            "batch 2"
        ]
    );
    assert_eq!(
        loaded(&db),
        [
            row(1, "A1", "alice", 1234, "EUR"),
            row(2, "A2", "bob", 500, "USD")
        ]
    );
    assert_eq!((open_fds_to(&csv), open_fds_to(&db)), (1, 1));

    assert_eq!(progress.next(), Some(4));
    assert_eq!(
        seen()[5..],
        [
            "extract A3",
            "extract A4",
            "transform A4#3",
            "extract A5",
            "transform A5#4",
            "batch 2"
        ],
        "A3's bad amount is skipped: no id spent on it"
    );
    assert_eq!(loaded(&db).len(), 4);

    // Stop before A6: closing the last stage closes the whole chain.
    assert_eq!(progress.close(), Ok(None));
    assert_eq!(progress.state(), GeneratorState::Closed);
    assert_eq!(seen().len(), 11, "A6 was never read");
    assert_eq!(
        (open_fds_to(&csv), open_fds_to(&db)),
        (0, 0),
        "file and connection closed"
    );
    assert_eq!(loaded(&db).len(), 4);
}

fn full_pipeline_loads_every_valid_row(backend: Backend) {
    let scratch = Scratch::new("etl-all", backend);
    let (csv, db) = files(&scratch, CSV);
    let mut progress = pipeline(backend, csv.clone(), db.clone(), 2, CLOCK);
    let mut steps = Vec::new();
    let total = loop {
        match progress.resume() {
            Ok(Outcome::Yielded(n)) => steps.push(n),
            Ok(Outcome::Returned(total)) => break total,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(steps, [2, 4, 5]);
    assert_eq!(total, 5);
    assert_eq!(
        loaded(&db),
        [
            row(1, "A1", "alice", 1234, "EUR"),
            row(2, "A2", "bob", 500, "USD"),
            row(3, "A4", "dave", 50, "EUR"),
            row(4, "A5", "eve", 10000, "USD"),
            row(5, "A6", "frank", 725, "GBP"),
        ]
    );
    assert_eq!((open_fds_to(&csv), open_fds_to(&db)), (0, 0));
}

fn bad_csv_is_a_typed_error_out_of_the_last_stage(backend: Backend) {
    let scratch = Scratch::new("etl-bad", backend);
    let (csv, db) = files(
        &scratch,
        "order_id,customer,amount,currency\nA1,Al,1.00,eur\nA2,Bo,2.00\n",
    );
    let mut progress = pipeline(backend, csv.clone(), db.clone(), 10, CLOCK);
    let err = progress.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(EtlError::Csv {
            line: Some(3),
            message: "CSV error: record 2 (line: 3, byte: 49): found record with 3 fields, but the previous record has 4 fields".into()
        })
    );
    assert_eq!(progress.state(), GeneratorState::Closed);
    assert_eq!((open_fds_to(&csv), open_fds_to(&db)), (0, 0));
    assert_eq!(loaded(&db), [], "the partial batch was not loaded");
}

fn ids_is_infinite_and_lazy(backend: Backend) {
    let mut stamps = ids::on(backend, 1, CLOCK);
    assert_eq!(
        stamps.by_ref().take(3).collect::<Vec<_>>(),
        [(1, 1000), (2, 1010), (3, 1020)]
    );
    assert_eq!(stamps.nth(999_996), Some((1_000_000, 1000 + 10 * 999_999)));
    assert_eq!(
        stamps.state(),
        GeneratorState::Suspended,
        "it never ends by itself"
    );
    assert_eq!(stamps.close(), Ok(None));

    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let (id, ts) = ids::on(backend, 42, Clock::System).next().unwrap();
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(id, 42);
    assert!(
        (before..=after).contains(&ts),
        "{before} <= {ts} <= {after}"
    );
}

fn sample_csv_goes_through_the_pipeline(backend: Backend) {
    let scratch = Scratch::new("etl-sample", backend);
    let csv = scratch.path("sample.csv");
    write_sample_csv(std::fs::File::create(&csv).unwrap(), 120).unwrap();
    let db = scratch.path("sample.db");
    let steps: Vec<u64> = pipeline(backend, csv, db.clone(), 50, CLOCK).collect();
    // 120 records, 2 with a bad amount (every 50th): 118 rows in batches of 50.
    assert_eq!(steps, [50, 100, 118]);
    let rows = loaded(&db);
    assert_eq!(
        rows[0],
        row(1, "ORD-00000001", "customer 0001", 3701, "USD")
    );
    assert_eq!(rows[48].2, "ORD-00000049");
    assert_eq!(rows[49].2, "ORD-00000051", "ORD-00000050 was skipped");
}

#[test]
fn parse_cents_accepts_only_plain_amounts() {
    assert_eq!(parse_cents("12.34"), Some(1234));
    assert_eq!(parse_cents("5"), Some(500));
    assert_eq!(parse_cents("0.5"), Some(50));
    assert_eq!(parse_cents(" 7.25 "), Some(725));
    for bad in [
        "oops",
        ".5",
        "1.234",
        "-1",
        "",
        "1.2.3",
        "99999999999999999999",
    ] {
        assert_eq!(parse_cents(bad), None, "{bad:?}");
    }
}
