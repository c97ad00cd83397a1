//! CPython side by side: the `pygen compare` workloads with longer samples
//! (`--full`), `support/python/workloads.py` run with python3 in the same run,
//! and the speed-up of each engine over CPython printed next to it.
//!
//! Run: `cargo bench --bench vs_cpython` (about a minute); `pygen compare`'s
//! options go after `--`. The quick version is `cargo run --release -- compare`.

use clap::Parser;
use pygen_tour::compare::{self, Options};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`, which is not one of ours.
    let args = std::env::args().filter(|a| a != "--bench");
    let options = Options {
        full: true,
        ..Options::parse_from(args)
    };
    let mut stdout = std::io::stdout().lock();
    match compare::run(&options, &mut stdout).and_then(|()| Ok(stdout.flush()?)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}
