//! The records the ETL chain rejects: the amount grammar, the sample file's
//! bad amounts, and the tally that ends in the run's report.

#[macro_use]
mod common;

use common::Scratch;
use common::drain;
use common::etl::{CLOCK, files, loaded, rejection, row};
use pygen::Backend;
use pygen_patterns::etl::{
    AmountError, Rejects, Report, SAMPLE_BAD_AMOUNTS, parse_cents, pipeline, write_sample_csv,
};

both!(
    sample_csv_goes_through_the_pipeline,
    every_rejected_record_is_counted_and_reported,
);

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
