//! A three-stage pipeline (parse → check → running total), Python's
//! generator pipelines: each stage pulls from the one before with
//! `upstream.try_next()?`, so an upstream error reaches the caller at the
//! point where it happened.

use pygen::{Error, Generator, generator};
use std::fmt;

/// What can go wrong in the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipeError {
    /// A field that is not an integer, and its line number (from 1).
    NotANumber(usize, String),
    /// A reading below zero.
    Negative(i64),
}

impl fmt::Display for PipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipeError::NotANumber(line, text) => write!(f, "line {line}: not a number: {text:?}"),
            PipeError::Negative(n) => write!(f, "negative reading {n}"),
        }
    }
}

/// Stage 1: one reading per non-empty line of `text`.
#[generator]
pub fn readings(text: &str) -> impl Generator<Item = i64, Error = PipeError> {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = line
            .parse()
            .map_err(|_| PipeError::NotANumber(i + 1, line.to_owned()))?;
        (yield n)?;
    }
    Ok(())
}

/// Stage 2: passes readings on, raising on a negative one.
#[generator]
pub fn non_negative<G>(mut upstream: G) -> impl Generator<Item = i64, Error = PipeError>
where
    G: Generator<Item = i64, Send = (), Error = PipeError>,
{
    while let Some(n) = upstream.try_next()? {
        if n < 0 {
            return Err(Error::Raised(PipeError::Negative(n)));
        }
        (yield n)?;
    }
    Ok(())
}

/// Stage 3: the running total after each reading; returns how many it saw.
#[generator]
pub fn running_total(
    mut upstream: impl Generator<Item = i64, Send = (), Error = PipeError>,
) -> impl Generator<Item = i64, Return = usize, Error = PipeError> {
    let (mut total, mut count) = (0, 0);
    while let Some(n) = upstream.try_next()? {
        total += n;
        count += 1;
        (yield total)?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::close_after_one;
    use pygen::{Backend, GeneratorState, Outcome};
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_clean_run_borrows_its_text() {
        let text = String::from("3\n\n4\n5\n");
        let mut g = running_total(non_negative(readings(&text)));
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [3, 7, 12]);
        assert_eq!(g.take_completion(), Some(Ok(3)));
    }

    #[test]
    fn an_upstream_error_reaches_the_caller_where_it_happened_on_every_backend() {
        for b in Backend::ALL {
            let text = "1\n2\nthree\n4";
            let mut g = running_total::on(b, non_negative::on(b, readings::on(b, text)));
            assert_eq!(g.resume(), Ok(Outcome::Yielded(1)), "{b}");
            assert_eq!(g.resume(), Ok(Outcome::Yielded(3)), "{b}");
            assert_eq!(
                g.resume(),
                Err(Error::Raised(PipeError::NotANumber(3, "three".into()))),
                "{b}"
            );
            assert_eq!(g.state(), GeneratorState::Closed, "{b}");

            let mut g = running_total::on(b, non_negative::on(b, readings::on(b, "5\n-2\n")));
            assert_eq!(g.resume(), Ok(Outcome::Yielded(5)), "{b}");
            let err = g.resume().unwrap_err();
            assert_eq!(err, Error::Raised(PipeError::Negative(-2)), "{b}");
            assert_eq!(err.to_string(), "negative reading -2");

            let g = running_total::on(b, non_negative::on(b, readings::on(b, "8\n9")));
            assert_eq!(close_after_one(g), 8, "{b}");
        }
    }

    /// A source that records when its cleanup runs.
    #[generator]
    fn source(closed: Rc<Cell<bool>>) -> impl Generator<Item = i64, Error = PipeError> {
        let _cleanup = pygen::finally(move || closed.set(true));
        (yield 1)?;
        (yield 2)?;
        Ok(())
    }

    #[test]
    fn closing_the_last_stage_closes_the_ones_it_holds() {
        for b in Backend::ALL {
            let closed = Rc::new(Cell::new(false));
            let mut g = running_total::on(b, non_negative::on(b, source::on(b, closed.clone())));
            assert_eq!(g.resume(), Ok(Outcome::Yielded(1)), "{b}");
            assert!(!closed.get());
            assert_eq!(g.close(), Ok(None), "{b}");
            assert!(closed.get(), "{b}: the source's cleanup ran");
            assert_eq!(g.state(), GeneratorState::Closed, "{b}");
        }
    }
}
