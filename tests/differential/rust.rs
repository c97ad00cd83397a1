//! Running a case's caller script on each backend mode, as a trace.

use crate::program::{Call, Case};
use crate::vm::{TRACE, compile, log, make, show, token};
use pygen::{Backend, Error, Generator, GeneratorState, Outcome};
use std::rc::Rc;
use std::sync::Once;

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        pygen::set_unraisable_hook(|u| {
            let m = &u.message;
            let tok =
                if let Some(code) = m.strip_prefix("Raised(").and_then(|m| m.strip_suffix(')')) {
                    format!("E{code}")
                } else if m == "plain iterator has no attribute 'send'" {
                    "AttributeError".to_owned()
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

#[derive(Clone, Copy, Debug)]
pub(crate) enum Mode {
    Stackless,
    Stackful,
    /// Function i on stackless if i is even, else stackful.
    Mixed,
}

pub(crate) const MODES: [Mode; 3] = [Mode::Stackless, Mode::Stackful, Mode::Mixed];

pub(crate) fn run_rust(case: &Case, mode: Mode) -> Vec<String> {
    install_hook();
    TRACE.with(|t| t.borrow_mut().clear());
    let prog = Rc::new(compile(case, |i| match mode {
        Mode::Stackless => Backend::Stackless,
        Mode::Stackful => Backend::Stackful,
        Mode::Mixed if i % 2 == 0 => Backend::Stackless,
        Mode::Mixed => Backend::Stackful,
    }));
    let mut g = Some(make(prog, 0));
    for call in &case.calls {
        let Some(gn) = g.as_mut() else { break };
        let line = match *call {
            Call::Next => show_outcome(gn.resume()),
            Call::IterNext => match gn.next() {
                Some(v) => format!("yield {v}"),
                None => match gn.take_completion() {
                    Some(Ok(r)) => format!("stop {}", show(r)),
                    Some(Err(e)) => format!("err {}", token(&e)),
                    None => "stop None".to_owned(),
                },
            },
            Call::Send(v) => show_outcome(gn.send(v)),
            Call::Throw(c) => show_outcome(gn.throw(c)),
            Call::ThrowExit => show_outcome(gn.throw_error(Error::GeneratorExit)),
            Call::Close => match gn.close() {
                Ok(r) => format!("closed {}", show(r.flatten())),
                Err(e) => format!("err {}", token(&e)),
            },
            Call::State => format!(
                "state {}",
                match gn.state() {
                    GeneratorState::Created => "GEN_CREATED",
                    GeneratorState::Running => "GEN_RUNNING",
                    GeneratorState::Suspended => "GEN_SUSPENDED",
                    GeneratorState::Closed => "GEN_CLOSED",
                }
            ),
            Call::Drop => {
                log("drop".to_owned());
                drop(g.take());
                continue;
            }
        };
        log(line);
    }
    if g.is_some() {
        log("drop".to_owned());
        drop(g);
    }
    TRACE.with(|t| std::mem::take(&mut *t.borrow_mut()))
}
