//! Production patterns on [`pygen`] generators, each written once with
//! `#[generator]` and run on both backends (`name::stackless`,
//! `name::stackful`, `name::on(backend, ..)`):
//!
//! - [`logs`]: stream a log file line by line in constant memory;
//! - [`api`]: walk a paginated JSON HTTP API one user at a time, fetching a
//!   page only when its first item is needed;
//! - [`db`]: stream rows out of SQLite with a keyset cursor; closing the
//!   generator releases its statement, lock and connection;
//! - [`etl`]: extract (CSV) → transform → batch → load (SQLite) as a chain of
//!   generators, fed by an infinite ID/timestamp generator.
//!
//! [`probe`] measures what the examples and tests claim: open descriptors
//! and peak memory, read from `/proc/self`; [`cli`] checks the examples'
//! arguments.

#![feature(coroutines)]

pub mod api;
pub mod cli;
pub mod db;
pub mod etl;
pub mod logs;
pub mod probe;

use pygen::{Error, Generator, Outcome};

/// One step of an upstream generator inside a pipeline stage:
/// `Ok(Some(item))`, `Ok(None)` once it has finished, or its error.
///
/// The `for item in upstream` of a Python pipeline stage, with the error kept:
/// a plain `Iterator::next` loop would end on an error as if the upstream had
/// run dry.
pub fn pull<G>(upstream: &mut G) -> Result<Option<G::Item>, Error<G::Error>>
where
    G: Generator + ?Sized,
{
    match upstream.resume()? {
        Outcome::Yielded(item) => Ok(Some(item)),
        Outcome::Returned(_) | Outcome::Exhausted => Ok(None),
    }
}

/// Runs an example's real `main`, turning an error into one readable line on
/// stderr (`error: ...`, its `Display`, not its `Debug`) and the exit status
/// [`exit_status`] gives it.
pub fn main_or_exit(
    run: impl FnOnce() -> Result<(), Box<dyn std::error::Error>>,
) -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(exit_status(e.as_ref()))
        }
    }
}

/// The exit status for an example's error: 2 for a bad command line
/// ([`cli::UsageError`]), 1 for anything that failed while running.
pub fn exit_status(error: &(dyn std::error::Error + 'static)) -> u8 {
    if error.is::<cli::UsageError>() { 2 } else { 1 }
}
