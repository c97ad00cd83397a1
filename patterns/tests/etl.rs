//! The ETL chain: which record each stage pulled when (taps between the
//! stages), what reached the database after each batch, and that closing the
//! last stage closes the CSV file and the database connection.

#[macro_use]
mod common;

use common::{Scratch, drain};
use pygen::{Backend, BoxGenerator, Error, Generator, GeneratorState, Outcome};
use pygen_patterns::etl::{
    AmountError, Clock, EtlError, RawSale, Rejection, Rejects, Report, SAMPLE_BAD_AMOUNTS, Sale,
    batch, extract, ids, load, parse_cents, pipeline, tap, transform, write_sample_csv,
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
    every_rejected_record_is_counted_and_reported,
    rerun_into_a_loaded_database_is_refused_up_front,
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

fn rejection(line: u64, order: &str, amount: &str, reason: AmountError) -> Rejection {
    Rejection {
        line,
        order_id: order.into(),
        amount: amount.into(),
        reason,
    }
}

/// `extract(csv)`, logging `extract <order id>` for each record it passes on.
fn logged_extract(
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

fn each_stage_pulls_only_what_the_next_one_needs(backend: Backend) {
    let scratch = Scratch::new("etl-lazy", backend);
    let (csv, db) = files(&scratch, CSV);
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = || log.lock().unwrap().clone();

    let raw = logged_extract(backend, &csv, &log);
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
    assert_eq!(
        total,
        Report {
            loaded: 5,
            rejected: Rejects {
                count: 1,
                first: vec![rejection(4, "A3", "oops", AmountError::Unexpected('o'))]
            }
        }
    );
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
    let (steps, report) = drain(pipeline(backend, csv, db.clone(), 50, CLOCK));
    // 120 records, 2 with a bad amount (every 50th): 118 rows in batches of 50.
    assert_eq!(steps, [50, 100, 118]);
    assert_eq!(
        report,
        Report {
            loaded: 118,
            rejected: Rejects {
                count: 2,
                first: vec![
                    rejection(51, "ORD-00000050", "n/a", AmountError::Unexpected('n')),
                    rejection(
                        101,
                        "ORD-00000100",
                        "1,234.50",
                        AmountError::Unexpected(',')
                    ),
                ]
            }
        }
    );
    let rows = loaded(&db);
    assert_eq!(
        rows[0],
        row(1, "ORD-00000001", "customer 0001", 3701, "USD")
    );
    assert_eq!(
        rows[9],
        row(10, "ORD-00000010", "customer 0010", -37010, "USD"),
        "every 10th is a refund"
    );
    assert_eq!(rows[48].2, "ORD-00000049");
    assert_eq!(rows[49].2, "ORD-00000051", "ORD-00000050 was rejected");
}

fn every_rejected_record_is_counted_and_reported(backend: Backend) {
    let scratch = Scratch::new("etl-rejects", backend);
    let (csv, db) = files(
        &scratch,
        "order_id,customer,amount,currency
R1,Al,-5.00,eur
R2,Bo,+3,eur
R3,Cy,.5,eur
R4,Di,\"1,234.50\",eur
R5,Ed,1e3,eur
R6,Fy,99999999999999999999,eur
R7,Gu,92233720368547758.07,eur
R8,Hu,5.,eur
R9,Io,,eur
R10,Jo,-0.5,eur
",
    );
    let (steps, report) = drain(pipeline(backend, csv, db.clone(), 10, CLOCK));
    assert_eq!(steps, [3]);
    assert_eq!(
        report,
        Report {
            loaded: 3,
            rejected: Rejects {
                count: 7,
                first: vec![
                    rejection(3, "R2", "+3", AmountError::PlusSign),
                    rejection(4, "R3", ".5", AmountError::NoWholeDigits),
                    rejection(5, "R4", "1,234.50", AmountError::Unexpected(',')),
                    rejection(6, "R5", "1e3", AmountError::Unexpected('e')),
                    rejection(7, "R6", "99999999999999999999", AmountError::Overflow),
                ]
            }
        },
        "the count covers all 7; the first {} are kept whole",
        Rejects::KEPT
    );
    assert_eq!(
        report.rejected.first[2].to_string(),
        r#"line 5 (order R4): amount "1,234.50": unexpected character ','"#
    );
    assert_eq!(
        loaded(&db),
        [
            row(1, "R1", "al", -500, "EUR"),
            row(2, "R7", "gu", i64::MAX, "EUR"),
            row(3, "R10", "jo", -50, "EUR"),
        ]
    );
}

fn rerun_into_a_loaded_database_is_refused_up_front(backend: Backend) {
    let scratch = Scratch::new("etl-rerun", backend);
    let (csv, db) = files(&scratch, CSV);
    assert_eq!(
        drain(pipeline(backend, csv.clone(), db.clone(), 2, CLOCK))
            .1
            .loaded,
        5
    );

    // The same file again: refused before a single record is read.
    let log = Arc::new(Mutex::new(Vec::new()));
    let raw = logged_extract(backend, &csv, &log);
    let sales = transform::on(backend, raw, ids::on(backend, 1, CLOCK));
    let mut progress = load::on(backend, batch::on(backend, sales, 2), db.clone());
    let err = progress.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(EtlError::AlreadyLoaded {
            db: db.clone(),
            rows: 5
        })
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{} already holds 5 rows in table sales: a run loads into an empty table \
             (its ids start at 1); load into a new database, or remove this one first",
            db.display()
        )
    );
    assert_eq!(progress.state(), GeneratorState::Closed);
    assert_eq!(*log.lock().unwrap(), Vec::<String>::new(), "nothing read");
    assert_eq!(loaded(&db).len(), 5, "the database is as it was");
    assert_eq!((open_fds_to(&csv), open_fds_to(&db)), (0, 0));

    // An interrupted run's rows count too.
    let db = scratch.path("interrupted.db");
    let mut progress = pipeline(backend, csv.clone(), db.clone(), 2, CLOCK);
    assert_eq!(progress.next(), Some(2));
    assert_eq!(progress.close(), Ok(None));
    assert_eq!(
        pipeline(backend, csv, db.clone(), 2, CLOCK).resume(),
        Err(Error::Raised(EtlError::AlreadyLoaded { db, rows: 2 }))
    );
}

#[test]
fn parse_cents_accepts_exactly_the_documented_grammar() {
    for (text, cents) in [
        ("12.34", 1234),
        ("5", 500),
        ("0.5", 50),
        (" 7.25 ", 725),
        ("007.10", 710),
        ("-5.00", -500),
        ("-0.5", -50),
        ("-0", 0),
        ("92233720368547758.07", i64::MAX),
        ("-92233720368547758.08", i64::MIN),
    ] {
        assert_eq!(parse_cents(text), Ok(cents), "{text:?}");
    }
    for (text, error) in [
        ("", AmountError::Empty),
        ("  ", AmountError::Empty),
        ("+3", AmountError::PlusSign),
        (".5", AmountError::NoWholeDigits),
        ("-", AmountError::NoWholeDigits),
        ("-.5", AmountError::NoWholeDigits),
        ("5.", AmountError::NoDecimals),
        ("1.234", AmountError::TooManyDecimals),
        ("1,234.50", AmountError::Unexpected(',')),
        ("1e3", AmountError::Unexpected('e')),
        ("oops", AmountError::Unexpected('o')),
        ("1.2.3", AmountError::Unexpected('.')),
        ("--5", AmountError::Unexpected('-')),
        ("5-", AmountError::Unexpected('-')),
        ("- 5", AmountError::Unexpected(' ')),
        ("١٢", AmountError::Unexpected('١')),
        ("92233720368547758.08", AmountError::Overflow),
        ("-92233720368547758.09", AmountError::Overflow),
        ("99999999999999999999", AmountError::Overflow),
        ("184467440737095516.16", AmountError::Overflow),
    ] {
        assert_eq!(parse_cents(text), Err(error), "{text:?}");
    }
    assert_eq!(
        [
            AmountError::Empty,
            AmountError::PlusSign,
            AmountError::NoWholeDigits,
            AmountError::NoDecimals,
            AmountError::TooManyDecimals,
            AmountError::Unexpected(','),
            AmountError::Overflow,
        ]
        .map(|e| e.to_string()),
        [
            "empty",
            "a '+' sign (only '-' is accepted)",
            "no digit before the decimal point",
            "no digit after the decimal point",
            "more than two decimal places",
            "unexpected character ','",
            "out of range",
        ]
    );
}

#[test]
fn sample_csv_cycles_through_the_bad_amounts() {
    let mut out = Vec::new();
    write_sample_csv(&mut out, 50 * SAMPLE_BAD_AMOUNTS.len() as u64).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let amounts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[2].to_owned())
        .filter(|amount| parse_cents(amount).is_err())
        .collect();
    assert_eq!(amounts, SAMPLE_BAD_AMOUNTS, "every 50th, each in turn");
}
