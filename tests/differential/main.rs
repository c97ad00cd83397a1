//! Differential testing against CPython.
//!
//! Random generator programs (yields, sends, handled and unhandled throws,
//! try/finally cleanup, returns, errors, `raise StopIteration`, nested
//! `yield from` of generators and of lists, `except GeneratorExit`, loops
//! with `break`/`continue` around yields, a body driving another generator
//! by hand, a body resuming itself) and random caller scripts (next,
//! `Iterator::next`, send, throw, throw(GeneratorExit), throw(StopIteration),
//! close, state, drop) run on the stackless backend, the stackful backend, a
//! mix of both (delegators and subgenerators on different backends) and on
//! CPython; the four traces must be identical.
//!
//! How: a program is a small AST ([`program`]). On the Rust side it is
//! compiled to a flat instruction list run by ONE generic interpreter body
//! ([`vm`], written once with `#[generator]`), so random programs need no
//! compilation; its try/except/finally blocks and loops are a block stack,
//! like CPython's. [`rust`] runs the caller script on each backend mode. On
//! the Python side ([`python`]) the same AST is printed as Python source; all
//! programs of a batch go into one script run by one `python3` process
//! ([`cpython`]). [`random`] makes the programs, [`compare`] compares the
//! traces, [`shrink`] reduces a failing case; [`features`] and
//! [`regressions`] hold hand-written cases.
//!
//! - `cargo test --test differential`: a fixed-seed batch
//!   ([`CI_CASES`] programs × 3 backend modes).
//! - `PYGEN_DIFF_CASES=200000 PYGEN_DIFF_SEED=11 cargo test --release --test differential -- --ignored --nocapture`:
//!   the long run (it prints how many programs used each construct).
//!
//! A mismatch is shrunk (greedily: drop calls, statements, functions; replace
//! blocks by their bodies) and printed as a Rust literal, ready to become a
//! regression test in [`regressions`].
//!
//! Which Python: `python3` must be CPython 3.10 to 3.13; otherwise the
//! comparisons are skipped with one line on stderr saying what was found
//! (`PYGEN_REQUIRE_PYTHON=1` makes that a failure). Where those versions
//! differ, the script follows pygen's reference (see [`python::PY_PRELUDE`]):
//! `close()` returns the value the generator returned while handling
//! GeneratorExit, as in 3.13 (`close13` emulates it before 3.13 with
//! `throw(GeneratorExit)`, which CPython implements with the same code path,
//! including closing a `yield from` subiterator first); a StopIteration thrown
//! into a never-started generator, or into a `yield from` of a list, is raised
//! as in 3.10 and 3.11 (PEP 479, PEP 380), which 3.12 and 3.13 do not
//! (`throw_stop`, `SPLIT`).

#![feature(coroutines)]

mod compare;
mod cpython;
mod features;
mod program;
mod python;
mod random;
mod regressions;
mod rust;
mod shrink;
mod trace;
mod vm;

use compare::{LEFT_OVER, NORMALIZED, mismatch};
use cpython::run_python;
use program::{Call, Case, Stmt};
use python::py_script;
use random::{Rng, random_case};
use shrink::shrink;

/// How many programs of a run use each kind of construct, and how many of
/// those reach it (their CPython trace shows it ran).
#[derive(Default)]
struct Coverage {
    loops: usize,
    breaks: usize,
    drives: (usize, usize),
    reentries: (usize, usize),
    throw_stops: usize,
}

impl Coverage {
    fn count(&mut self, case: &Case, python: &[String]) {
        let ran = |prefix: &str| python.iter().any(|l| l.starts_with(prefix));
        self.loops += case.any_stmt(&|s| matches!(s, Stmt::Loop { .. })) as usize;
        self.breaks +=
            case.any_stmt(&|s| matches!(s, Stmt::BreakIf(_) | Stmt::ContinueIf(_))) as usize;
        if case.any_stmt(&|s| matches!(s, Stmt::Drive { .. })) {
            self.drives.0 += 1;
            self.drives.1 += python.iter().any(|l| l.ends_with(": drop")) as usize;
        }
        if case.any_stmt(&|s| matches!(s, Stmt::Reenter(_))) {
            self.reentries.0 += 1;
            self.reentries.1 += ran("self ") as usize;
        }
        self.throw_stops += case.any_call(|c| c == Call::ThrowStop) as usize;
    }
}

/// Checks `count` random cases from `seed`, in batches; panics with a shrunk
/// counterexample on the first mismatch.
fn check_random(seed: u64, count: usize) {
    const BATCH: usize = 500;
    if !cpython::available() {
        return;
    }
    let mut rng = Rng(seed);
    let mut done = 0;
    let mut coverage = Coverage::default();
    let start = std::time::Instant::now();
    while done < count {
        // Two CPython processes at a time (compiling the source dominates).
        let batches: Vec<Vec<Case>> = (0..2)
            .map(|i| {
                let n = (count - done).saturating_sub(i * BATCH).min(BATCH);
                (0..n).map(|_| random_case(&mut rng)).collect()
            })
            .filter(|b: &Vec<Case>| !b.is_empty())
            .collect();
        let pythons: Vec<Vec<Vec<String>>> = std::thread::scope(|s| {
            let handles: Vec<_> = batches.iter().map(|b| s.spawn(|| run_python(b))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (cases, python) in batches.iter().zip(&pythons) {
            for (case, py) in cases.iter().zip(python) {
                coverage.count(case, py);
                if let Some((mode, rust)) = mismatch(case, py) {
                    let small = shrink(case.clone());
                    let py_small = run_python(std::slice::from_ref(&small)).remove(0);
                    let src = py_script(std::slice::from_ref(&small));
                    let shrunk = match mismatch(&small, &py_small) {
                        Some((m, r)) => format!(
                            "shrunk to:\n{small:#?}\n\nPython:\n{src}\nCPython: {py_small:?}\n{m:?}: {r:?}"
                        ),
                        None => "(not reproducible alone: the shrinker found nothing)".to_owned(),
                    };
                    panic!(
                        "trace mismatch (seed {seed}) on\n{case:#?}\nCPython: {py:?}\n{mode:?}: {rust:?}\n\n{shrunk}"
                    );
                }
            }
            done += cases.len();
        }
    }
    let c = coverage;
    eprintln!(
        "differential: {count} random programs (seed {seed}) agree with CPython on 3 backend modes \
         ({} runs equal only up to the order of an abandoned subgenerator's finalization, \
         {} with cleanup CPython never ran because it left generators unfinalized), in {:?}.\n\
         Programs with: loops {}, break/continue {}, a body driving a generator {} (reached {}), \
         a body resuming itself {} (reached {}), throw(StopIteration) {}.",
        NORMALIZED.with(|n| n.get()),
        LEFT_OVER.with(|n| n.get()),
        start.elapsed(),
        c.loops,
        c.breaks,
        c.drives.0,
        c.drives.1,
        c.reentries.0,
        c.reentries.1,
        c.throw_stops,
    );
}

/// The number of random programs in the CI run (each on 3 backend modes).
const CI_CASES: usize = 10_000;

#[test]
fn random_programs_agree_with_cpython() {
    check_random(0x5eed_2026, CI_CASES);
}

/// `PYGEN_DIFF_CASES=200000 PYGEN_DIFF_SEED=11 cargo test --release --test differential -- --ignored --nocapture`
#[test]
#[ignore = "long run: PYGEN_DIFF_CASES=200000 PYGEN_DIFF_SEED=11 cargo test --release --test differential -- --ignored --nocapture"]
fn random_programs_agree_with_cpython_long() {
    let count = std::env::var("PYGEN_DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seed = std::env::var("PYGEN_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    check_random(seed, count);
}
