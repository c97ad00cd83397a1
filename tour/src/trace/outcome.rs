//! What a call gave back, as the timeline writes it: the Rust value and
//! what a Python caller sees.

use super::Event;
use super::python::{py_exception, py_repr, py_stop_iteration};
use pygen::{Error, GenResult, Generator, Outcome};
use std::fmt::Debug;

/// Formats a protocol or body error: `Raised(ValueError)`, or the variant and
/// CPython's message (the error's `Display`) for protocol errors.
pub fn describe_error<E: Debug>(error: &Error<E>) -> String {
    match error {
        Error::Raised(e) => format!("Raised({e:?})"),
        Error::GeneratorExit => "GeneratorExit".to_owned(),
        other => {
            let message = other.as_ref().map_raised(|e| format!("{e:?}"));
            format!("{other:?}: {message}")
        }
    }
}

/// The generator lane's name for an error escaping the body: the body's own
/// error by itself (`raise KeyError`), a protocol error as [`describe_error`].
pub(super) fn escaped(error: &Error<impl Debug>) -> String {
    match error {
        Error::Raised(e) => format!("{e:?}"),
        other => describe_error(other),
    }
}

/// What a call gave back, in Rust and in Python.
pub(super) fn outcome(rust: String, python: String, error: bool) -> Event {
    Event::Outcome {
        rust,
        python,
        error,
    }
}

/// Records what a resume/send/throw gave back.
pub(super) fn record_result<G: Generator>(
    out: &GenResult<G::Item, G::Return, G::Error>,
    runs: bool,
    _: &mut G,
    events: &mut Vec<Event>,
) where
    G::Item: Debug,
    G::Return: Debug,
{
    match out {
        Ok(Outcome::Yielded(y)) => events.push(Event::Yield(format!("{y:?}"))),
        Ok(Outcome::Returned(r)) => events.push(Event::Return(format!("{r:?}"))),
        Err(e) if runs => events.push(Event::Raise(escaped(e))),
        _ => {}
    }
    events.push(match out {
        Ok(Outcome::Yielded(y)) => outcome(format!("Yielded({y:?})"), py_repr(y), false),
        Ok(Outcome::Returned(r)) => outcome(
            format!("Returned({r:?})"),
            format!("raises {}", py_stop_iteration(&format!("{r:?}"))),
            false,
        ),
        Ok(Outcome::Exhausted) => outcome(
            "Exhausted".to_owned(),
            "raises StopIteration".to_owned(),
            false,
        ),
        Err(e) => outcome(
            format!("Err({})", describe_error(e)),
            format!("raises {}", py_exception(e)),
            true,
        ),
    });
}
