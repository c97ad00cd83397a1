//! What a run prints: the trace lines, in the Python side's format.

use crate::program::Call;
use pygen::{Error, Generator, GeneratorState, Outcome};
use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    static TRACE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub(crate) fn log(line: String) {
    TRACE.with(|t| t.borrow_mut().push(line));
}

/// Everything logged on this thread since the last `take`.
pub(crate) fn take() -> Vec<String> {
    TRACE.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

pub(crate) fn show(v: Option<i64>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "None".to_owned(),
    }
}

/// The end of the message of a `send` into a `yield from` over a plain
/// iterator, after the iterator's quoted type name.
const NO_SEND: &str = " object has no attribute 'send'";

/// `AttributeError:'<iterator>' object has no attribute 'send'` for that
/// message, whatever the type named in it: CPython names its own type
/// (`'list_iterator'`), pygen the Rust one (`'IntoIter<i64>'`). The Python
/// side's `tok` reads CPython's message the same way.
fn cannot_send_token(message: &str) -> Option<String> {
    let quoted = message.strip_suffix(NO_SEND)?;
    let named = quoted.len() > 2 && quoted.starts_with('\'') && quoted.ends_with('\'');
    named.then(|| format!("AttributeError:'<iterator>'{NO_SEND}"))
}

/// An error as the Python side prints it: `E<code>` for the body's own
/// errors, the exception class and CPython's message for the others.
pub(crate) fn token(e: &Error<i64>) -> String {
    match e {
        Error::Raised(c) => format!("E{c}"),
        Error::GeneratorExit => "GeneratorExit".to_owned(),
        Error::StopIteration => "StopIteration".to_owned(),
        Error::RaisedStopIteration | Error::IgnoredGeneratorExit => format!("RuntimeError:{e}"),
        Error::SendToJustStarted => format!("TypeError:{e}"),
        Error::AlreadyExecuting => format!("ValueError:{e}"),
        Error::IteratorCannotSend { .. } => {
            let m = e.to_string();
            cannot_send_token(&m).unwrap_or_else(|| format!("AttributeError:{m}"))
        }
    }
}

/// Logs what the unraisable hook is given, as `unraisable <token>`.
pub(crate) fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        pygen::set_unraisable_hook(|u| {
            let m = &u.message;
            let tok =
                if let Some(code) = m.strip_prefix("Raised(").and_then(|m| m.strip_suffix(')')) {
                    format!("E{code}")
                } else if let Some(tok) = cannot_send_token(m) {
                    tok
                } else if m.starts_with("generator ") {
                    format!("RuntimeError:{m}")
                } else {
                    format!("?{m}")
                };
            log(format!("unraisable {tok}"));
        })
    });
}

fn show_outcome(r: Result<Outcome<i64, Option<i64>>, Error<i64>>) -> String {
    match r {
        Ok(Outcome::Yielded(v)) => format!("yield {v}"),
        Ok(Outcome::Returned(v)) => format!("stop {}", show(v)),
        Ok(Outcome::Exhausted) => "stop None".to_owned(),
        Err(e) => format!("err {}", token(&e)),
    }
}

/// Makes `call` on `g` (anything but [`Call::Drop`], which the caller does)
/// and returns its trace line.
pub(crate) fn call_line<G>(g: &mut G, call: Call) -> String
where
    G: Generator<Item = i64, Send = i64, Return = Option<i64>, Error = i64> + ?Sized,
{
    match call {
        Call::Next => show_outcome(g.resume()),
        Call::IterNext => match g.next() {
            Some(v) => format!("yield {v}"),
            None => match g.take_completion() {
                Some(Ok(r)) => format!("stop {}", show(r)),
                Some(Err(e)) => format!("err {}", token(&e)),
                None => "stop None".to_owned(),
            },
        },
        Call::Send(v) => show_outcome(g.send(v)),
        Call::Throw(c) => show_outcome(g.throw(c)),
        Call::ThrowExit => show_outcome(g.throw_error(Error::GeneratorExit)),
        Call::ThrowStop => show_outcome(g.throw_error(Error::StopIteration)),
        Call::Close => match g.close() {
            Ok(r) => format!("closed {}", show(r.flatten())),
            Err(e) => format!("err {}", token(&e)),
        },
        Call::State => format!(
            "state {}",
            match g.state() {
                GeneratorState::Created => "GEN_CREATED",
                GeneratorState::Running => "GEN_RUNNING",
                GeneratorState::Suspended => "GEN_SUSPENDED",
                GeneratorState::Closed => "GEN_CLOSED",
            }
        ),
        Call::Drop => unreachable!("the caller drops"),
    }
}
