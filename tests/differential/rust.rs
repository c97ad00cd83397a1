//! Running a case's caller script on each backend mode, as a trace.

use crate::program::{Call, Case, Stmt};
use crate::trace::{self, call_line, install_hook, log};
use crate::vm::{Program, compile, make};
use pygen::{Backend, Generator, Shared};
use std::rc::Rc;

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
    trace::take();
    let prog = Rc::new(compile(case, |i| match mode {
        Mode::Stackless => Backend::Stackless,
        Mode::Stackful => Backend::Stackful,
        Mode::Mixed if i % 2 == 0 => Backend::Stackless,
        Mode::Mixed => Backend::Stackful,
    }));
    let g = make(prog.clone(), 0);
    if case.any_stmt(&|s| matches!(s, Stmt::Reenter(_))) {
        // Bodies reach the generator through a second handle.
        let g = Shared::new(g);
        *prog.me.borrow_mut() = Some(g.clone());
        script(g, &case.calls, &prog);
    } else {
        script(g, &case.calls, &prog);
    }
    trace::take()
}

/// The caller's script, then the drop (the caller's and the bodies' handles).
fn script<G>(mut g: G, calls: &[Call], prog: &Program)
where
    G: Generator<Item = i64, Send = i64, Return = Option<i64>, Error = i64>,
{
    for &call in calls.iter().take_while(|&&c| c != Call::Drop) {
        log(call_line(&mut g, call));
    }
    log("drop".to_owned());
    prog.me.take();
    drop(g);
}
