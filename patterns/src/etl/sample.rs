//! A sample sales CSV for the example and the tests, with a known share of
//! invalid amounts and refunds.

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
