//! The ETL chain: which record each stage pulled when (taps between the
//! stages), what reached the database after each batch, and that closing the
//! last stage closes the CSV file and the database connection.

#[macro_use]
mod common;

use common::etl::{CLOCK, CSV, files, loaded, logged_extract, rejection, row};
use common::{Scratch, drain};
use pygen::{Backend, Error, Generator, GeneratorState, Outcome};
use pygen_patterns::etl::{
    AmountError, Clock, EtlError, Rejects, Report, Sale, batch, ids, load, pipeline, tap, transform,
};
use pygen_patterns::probe::open_fds_to;
use std::sync::{Arc, Mutex};

both!(
    each_stage_pulls_only_what_the_next_one_needs,
    full_pipeline_loads_every_valid_row,
    bad_csv_is_a_typed_error_out_of_the_last_stage,
    ids_is_infinite_and_lazy,
    rerun_into_a_loaded_database_is_refused_up_front,
);

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
