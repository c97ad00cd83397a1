//! Comparing a case's traces: CPython's against each backend mode's.

use crate::cpython::run_python;
use crate::program::Case;
use crate::rust::{MODES, Mode, run_rust};

/// The one known, structural difference: a subgenerator that ignored
/// GeneratorExit while its delegator was closed stays suspended. CPython
/// finalizes it when the last reference goes, and the delegator's frame is
/// kept alive by the traceback of the error that close raised, so its cleanup
/// runs after that error was seen; in Rust it is dropped when the delegator's
/// body ends, i.e. inside the delegator's close, before the error comes out.
/// So after the first "ignored GeneratorExit", the order of the remaining
/// lines is compared as a multiset (the lines themselves must still match).
fn normalize(trace: &[String]) -> Vec<String> {
    let mut out = trace.to_vec();
    if let Some(i) = out
        .iter()
        .position(|l| l.ends_with("generator ignored GeneratorExit"))
    {
        out[i + 1..].sort();
    }
    out
}

/// The marker the Python side appends when, after the final collections,
/// generators of the case are still alive and suspended: CPython finalizes an
/// object once (PEP 442), so a generator that ignored GeneratorExit while
/// being finalized can stay in a reference cycle that is never freed, and the
/// generators it delegates to are then never finalized either (their cleanup
/// never runs). pygen drops them, and runs that cleanup.
pub(crate) const LEFTOVER: &str = "#leftover";

/// Whether `smaller` is a sub-multiset of `larger`.
fn sub_multiset(smaller: &[String], larger: &[String]) -> bool {
    let mut rest = larger.to_vec();
    smaller
        .iter()
        .all(|l| match rest.iter().position(|r| r == l) {
            Some(i) => {
                rest.swap_remove(i);
                true
            }
            None => false,
        })
}

thread_local! {
    /// How many runs matched only after [`normalize`].
    pub(crate) static NORMALIZED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many runs matched only because CPython left generators unfinalized.
    pub(crate) static LEFT_OVER: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The first backend mode whose trace differs from CPython's, with both traces.
pub(crate) fn mismatch(case: &Case, python: &[String]) -> Option<(Mode, Vec<String>)> {
    let (python, leftover) = match python.split_last() {
        Some((last, rest)) if last == LEFTOVER => (rest, true),
        _ => (python, false),
    };
    MODES.into_iter().find_map(|mode| {
        let rust = run_rust(case, mode);
        if rust == python {
            return None;
        }
        let (r, p) = (normalize(&rust), normalize(python));
        if r == p {
            NORMALIZED.with(|n| n.set(n.get() + 1));
            return None;
        }
        // Equal up to the first "ignored GeneratorExit", then pygen ran every
        // cleanup CPython ran, and more (the leftovers').
        if leftover
            && let Some(i) = p
                .iter()
                .position(|l| l.ends_with("generator ignored GeneratorExit"))
            && r.len() > i
            && r[..=i] == p[..=i]
            && sub_multiset(&p[i + 1..], &r[i + 1..])
        {
            LEFT_OVER.with(|n| n.set(n.get() + 1));
            return None;
        }
        Some((mode, rust))
    })
}

pub(crate) fn fails(case: &Case) -> bool {
    let python = run_python(std::slice::from_ref(case)).remove(0);
    mismatch(case, &python).is_some()
}
