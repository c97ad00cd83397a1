//! Extract → transform → batch → load as a chain of generators: a generated
//! CSV into SQLite in constant memory, with a progress bar on a terminal
//! (hidden otherwise) and a summary: rows/s and peak memory, measured in a
//! fresh child process per backend (`VmHWM`).
//!
//! ```sh
//! cargo run --release --example etl                  # 2,000,000 rows, both backends
//! cargo run --release --example etl -- 100000 stackful
//! ```

use indicatif::{ProgressBar, ProgressStyle};
use pygen::{Generator, Outcome};
use pygen_patterns::cli;
use pygen_patterns::etl::{Clock, pipeline, write_sample_csv};
use pygen_patterns::probe::{field, human_kib, peak_rss_kib, rerun_self};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 1000;

fn main() -> std::process::ExitCode {
    pygen_patterns::main_or_exit(run)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = cli::Args::new(cli::ETL_USAGE, std::env::args().skip(1));
    if args.flag("--child") {
        return child(args);
    }
    let (rows, backends) = cli::etl(std::env::args().skip(1))?;

    let dir = std::env::temp_dir().join(format!("pygen-etl-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let _cleanup = pygen::finally(|| {
        let _ = std::fs::remove_dir_all(&dir);
    });
    let csv = dir.join("sales.csv");
    let t = Instant::now();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv)?);
    write_sample_csv(&mut out, rows)?;
    // On disk before the runs, so the first one does not pay for its writeback.
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let csv_kib = std::fs::metadata(&csv)?.len() / 1024;
    println!(
        "wrote {} ({rows} records, {}) in {:.1}s",
        csv.display(),
        human_kib(csv_kib),
        t.elapsed().as_secs_f64()
    );
    println!("pipeline: load(batch(transform(extract(csv), ids()), {BATCH}), sqlite)\n");

    for backend in backends {
        let db = dir.join(format!("warehouse-{backend}.db"));
        let report = rerun_self(&[
            "--child",
            backend.name(),
            csv.to_str().ok_or("non-UTF-8 temp path")?,
            db.to_str().ok_or("non-UTF-8 temp path")?,
            &rows.to_string(),
        ])?;
        let loaded: u64 = field(&report, "loaded").ok_or("child sent no count")?;
        let rejected: u64 = field(&report, "rejected").ok_or("child sent no rejections")?;
        let secs: f64 = field(&report, "secs").ok_or("child sent no time")?;
        let peak: u64 = field(&report, "peak_kib").ok_or("child sent no peak")?;
        println!(
            "{:<9}: {loaded} rows loaded, {rejected} records rejected, in {secs:.2}s = {:.0} rows/s; peak memory {} (CSV {}, database {})",
            backend.name(),
            loaded as f64 / secs,
            human_kib(peak),
            human_kib(csv_kib),
            human_kib(std::fs::metadata(&db)?.len() / 1024)
        );
        let first: Vec<&str> = report
            .lines()
            .filter_map(|l| l.strip_prefix("rejected "))
            .collect();
        if !first.is_empty() {
            println!(
                "           the first {} of {rejected} rejected:",
                first.len()
            );
            for rejection in first {
                println!("             {rejection}");
            }
        }
        if loaded + rejected != rows {
            return Err(format!(
                "{rows} records in, but {loaded} loaded + {rejected} rejected: records were lost"
            )
            .into());
        }
    }
    Ok(())
}

/// One run in its own process: prints `loaded= rejected= secs= peak_kib=`,
/// then a `rejected <why>` line for each rejection kept.
fn child(mut args: cli::Args) -> Result<(), Box<dyn std::error::Error>> {
    let backend = args.backend()?;
    let csv = args.required("csv path")?;
    let db = args.required("database path")?;
    let rows = args.required_number("record count", cli::ROWS)?;
    args.end()?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(rows);
        bar.set_style(ProgressStyle::with_template(
            "{prefix:>9} [{bar:40}] {human_pos}/{human_len} rows loaded, {elapsed}, eta {eta}",
        )?);
        bar.set_prefix(backend.name());
        bar
    } else {
        ProgressBar::hidden()
    };

    let t = Instant::now();
    let mut progress = pipeline(
        backend,
        PathBuf::from(csv),
        PathBuf::from(db),
        BATCH,
        Clock::System,
    );
    let report = loop {
        match progress.resume()? {
            Outcome::Yielded(so_far) => bar.set_position(so_far),
            Outcome::Returned(report) => break report,
            Outcome::Exhausted => return Err("the pipeline had already finished".into()),
        }
    };
    let secs = t.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let peak = peak_rss_kib().ok_or("no VmHWM in /proc/self/status")?;
    println!(
        "loaded={} rejected={} secs={secs:.3} peak_kib={peak}",
        report.loaded, report.rejected.count
    );
    for rejection in &report.rejected.first {
        println!("rejected {rejection}");
    }
    Ok(())
}
