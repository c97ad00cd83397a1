//! `pygen compare`: a quick side-by-side run (well under 20 s) of the same
//! workloads on the stackless and stackful backends, the raw engines under
//! them, hand-written iterators, and CPython (`support/python/workloads.py`,
//! run with `python3` when it is installed). Prints ns per operation, the
//! speed-up over CPython, a log-scale bar chart, and the ratios of pygen to
//! the raw engines and to CPython.
//!
//! The rigorous numbers come from `cargo bench` (criterion) and
//! `cargo bench --bench instructions` (valgrind); `cargo bench --bench
//! vs_cpython` is this report with `--full`.
//!
//! How a time is taken: each case is a function that performs `units` units of
//! work (one unit = `ops` operations); it is calibrated to about 20 ms (100 ms
//! with `--full`) per sample, then sampled 7 times (15), and the median
//! sample gives ns per operation. Creating a generator is INCLUDED where a
//! case makes one per call (amortised over many values, except in
//! `create_next_close`, which is exactly that cost).

mod cases;
mod python;
mod report;
mod svg;
mod timing;

use report::Row;
use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// `pygen compare`'s options.
#[derive(clap::Parser, Debug, Clone, Default, PartialEq, Eq)]
#[command(
    name = "pygen compare",
    about = "Time the workloads on every engine and CPython, side by side (< 20 s)"
)]
pub struct Options {
    /// Longer samples (100 ms x 15 instead of 20 ms x 7), as `cargo bench --bench vs_cpython`.
    #[arg(long)]
    pub full: bool,
    /// Print the table as Markdown (for the README).
    #[arg(long)]
    pub markdown: bool,
    /// Also draw the chart as an SVG image at PATH.
    #[arg(long, value_name = "PATH")]
    pub svg: Option<PathBuf>,
    /// Leave CPython out (do not run python3).
    #[arg(long)]
    pub no_python: bool,
}

/// What stops a comparison.
#[derive(Debug)]
pub enum Error {
    /// Writing the report failed.
    Output(io::Error),
    /// Writing the SVG chart to this path failed.
    Svg(PathBuf, io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Output(e) => write!(f, "cannot write the report: {e}"),
            Error::Svg(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Output(e)
    }
}

/// Times every case (and CPython unless `--no-python`) and writes the report
/// to `out` (the SVG chart to its own file).
pub fn run(options: &Options, out: &mut dyn Write) -> Result<(), Error> {
    let (sample, samples) = if options.full {
        (Duration::from_millis(100), 15)
    } else {
        (Duration::from_millis(20), 7)
    };
    let started = Instant::now();
    let mut rows: Vec<Row> = cases::cases()
        .iter()
        .map(|case| {
            Row::rust(
                case.group,
                case.engine,
                timing::time_case(case, sample, samples),
            )
        })
        .collect();
    if !options.no_python
        && let Some((version, times)) = python::python_times(options.full)
    {
        report::add_python(&mut rows, &version.replace("Python", "CPython"), &times);
    }
    let machine = timing::machine_name();
    if options.markdown {
        write!(out, "{}", report::markdown_table(&rows))?;
    } else {
        write!(out, "{}", report::text_table(&rows))?;
    }
    writeln!(out)?;
    write!(out, "{}", report::ratios(&rows))?;
    writeln!(out)?;
    writeln!(
        out,
        "machine: {machine}; {} in {:.1} s",
        if options.full {
            "full run"
        } else {
            "quick run"
        },
        started.elapsed().as_secs_f64()
    )?;
    if let Some(path) = &options.svg {
        std::fs::write(path, svg::svg_chart(&rows, &machine))
            .map_err(|e| Error::Svg(path.clone(), e))?;
        writeln!(out, "chart written to {}", path.display())?;
    }
    Ok(())
}
