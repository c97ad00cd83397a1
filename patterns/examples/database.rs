//! Streaming rows out of a real SQLite database with a generator: constant
//! memory, and close() releases the lock, statement and connection — shown
//! by a second connection's `BEGIN EXCLUSIVE` and the descriptors open on
//! the file.
//!
//! ```sh
//! cargo run --release --example database            # 1,000,000 rows
//! cargo run --release --example database -- 50000
//! ```

use pygen::{Backend, Generator, Outcome};
use pygen_patterns::db::{Query, create_sample, stream_rows, try_exclusive};
use pygen_patterns::probe::{human_kib, open_fds_to, peak_rss_kib};
use rusqlite::types::Value;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    pygen_patterns::main_or_exit(run)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let rows = pygen_patterns::cli::database(std::env::args().skip(1))?;
    let path = std::env::temp_dir().join(format!("pygen-db-{}.sqlite", std::process::id()));
    let _cleanup = pygen::finally(|| {
        let _ = std::fs::remove_file(&path);
    });
    let t = Instant::now();
    create_sample(&path, rows)?;
    println!(
        "created {} with {rows} rows ({}) in {:.1}s",
        path.display(),
        human_kib(std::fs::metadata(&path)?.len() / 1024),
        t.elapsed().as_secs_f64()
    );
    let query = |batch| Query {
        path: path.clone(),
        table: "users".into(),
        columns: vec!["name".into(), "score".into()],
        batch,
        trace: None,
    };

    for backend in Backend::ALL {
        println!("\n{backend}:");
        // Stop early: the cursor holds its snapshot while suspended, and
        // close() gives everything back at once.
        let mut cursor = stream_rows::on(backend, query(100));
        let first: Vec<i64> = cursor.by_ref().take(3).map(|r| r.rowid).collect();
        println!(
            "  took rows {first:?}; descriptors on the db: {}",
            open_fds_to(&path)
        );
        match try_exclusive(&path) {
            Ok(()) => println!("  BEGIN EXCLUSIVE while suspended: succeeded (unexpected)"),
            Err(e) => println!("  BEGIN EXCLUSIVE while suspended: {e}"),
        }
        cursor.close()?;
        println!("  close(); descriptors on the db: {}", open_fds_to(&path));
        match try_exclusive(&path) {
            Ok(()) => println!("  BEGIN EXCLUSIVE right after close(): succeeded"),
            Err(e) => println!("  BEGIN EXCLUSIVE right after close(): {e} (unexpected)"),
        }

        // The whole table, streamed.
        let t = Instant::now();
        let mut cursor = stream_rows::on(backend, query(1000));
        let mut total = 0i64;
        let read = loop {
            match cursor.resume()? {
                Outcome::Yielded(row) => {
                    if let Some(Value::Integer(score)) = row.values.get(1) {
                        total += score;
                    }
                }
                Outcome::Returned(n) => break n,
                Outcome::Exhausted => break 0,
            }
        };
        let secs = t.elapsed().as_secs_f64();
        println!(
            "  streamed {read} rows (sum of scores {total}) in {secs:.2}s: {:.0} rows/s; peak memory of this process so far {}",
            read as f64 / secs,
            human_kib(peak_rss_kib().unwrap_or(0))
        );
    }
    Ok(())
}
