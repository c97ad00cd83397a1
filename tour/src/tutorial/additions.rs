//! The tour's own demonstrations, beside the tutorial's examples: what the
//! tutorial leaves out or gets wrong, each with a Python file of its own
//! (`tutorial/python/*b_*.py`) run by python3 like the originals.

use super::advanced::{count, demo, numbers};
use super::basics::count_x;
use super::streaming::{log_path, read_logs, step_read_logs};
use super::{Example, Exception, StepGen, for_loop, print_yielded};
use crate::say;
use crate::trace::{Recorder, py_repr};
use pygen::{Backend, Error, Generator, finally, generator};
use std::ops::ControlFlow;

const SOURCE: &str = include_str!("additions.rs");

fn run_break_keeps_open(b: Backend, rec: &mut Recorder) {
    let (log, path) = log_path();
    let mut logs = rec.create("logs", "read_logs(path)", || read_logs::on(b, path));
    rec.code_as("for line in logs.by_ref() {", "for line in logs:");
    if let Some(line) = rec.next(&mut logs) {
        rec.print(line);
    }
    rec.code_as("    break;", "    break");
    rec.print("after break: logs still refers to the paused generator");
    rec.note("the file is still open: the generator is paused inside `with`");
    rec.drop(logs);
    rec.print("end");
    drop(log);
}

pub(super) const BREAK_KEEPS_OPEN: Example = Example {
    id: "break_open",
    number: "4b",
    title: "break does not close a still-referenced generator",
    section: "the tour's addition to 4. Streaming a Log File",
    python_file: "04b_break_keeps_open.py",
    python: include_str!("../../tutorial/python/04b_break_keeps_open.py"),
    python_output: include_str!("../../tutorial/python/04b_break_keeps_open.out"),
    claimed: None,
    verdict: "Not shown in the tutorial, which says `with` closes the file: true, but only \
              when the body finishes or the generator is closed. `break` only leaves the loop. \
              While `logs` refers to the generator, it stays paused inside `with` and the file \
              stays open; it is closed when the last reference goes (`del logs`; in Rust, \
              drop(logs) or the end of its scope). Python and Rust print the same lines.",
    lines: &[("> open(", 5), ("yield", 9), ("> file closed", 11)],
    rust_source: (super::streaming::SOURCE, "read_logs"),
    compile_errors: &[],
    run: run_break_keeps_open,
    stepper: step_read_logs,
    measure: None,
    addition: true,
};

// tour: doubles_loud
/// `double(x)` of `06b_lazy_vs_eager.py`: says when it computes.
pub fn double(x: u64) -> u64 {
    say!("computing {x} * 2");
    x * 2
}

/// `(double(x) for x in range(n))`.
#[generator]
pub fn doubles_loud(n: u64) -> impl Generator<Item = u64, Error = Exception> {
    for x in 0..n {
        (yield double(x))?;
    }
    Ok(())
}
// tour: end

fn run_lazy_vs_eager(b: Backend, rec: &mut Recorder) {
    let nums = rec.caller(
        "let nums: Vec<u64> = (0..3).map(double).collect();",
        "nums = [double(x) for x in range(3)]",
        || (0..3).map(double).collect::<Vec<u64>>(),
    );
    for n in nums {
        rec.print(format!("got {n}"));
    }
    rec.note("the list computed every value before the first `got`; the generator computes each one when the loop asks:");
    let mut g = rec.create("nums", "doubles_loud(3)", || doubles_loud::on(b, 3));
    for_loop(rec, &mut g, |rec, n| {
        rec.print(format!("got {n}"));
        ControlFlow::Continue(())
    });
    rec.note(format!(
        "len(generator) is a TypeError in Python; in Rust a generator has no len() (it is \
         not an ExactSizeIterator) and its size_hint() is {:?}: nobody knows how many \
         values are left",
        g.get_mut().size_hint()
    ));
    rec.drop(g);
}

pub(super) const LAZY_VS_EAGER: Example = Example {
    id: "lazy_vs_eager",
    number: "6b",
    title: "when is x * 2 computed? list vs generator, and len()",
    section: "the tour's addition to 6. Generator Expressions",
    python_file: "06b_lazy_vs_eager.py",
    python: include_str!("../../tutorial/python/06b_lazy_vs_eager.py"),
    python_output: include_str!("../../tutorial/python/06b_lazy_vs_eager.out"),
    claimed: None,
    verdict: "What the tutorial's table means by lazy, shown: the list comprehension prints \
              all three `computing` lines before the first `got`; the generator interleaves \
              them, one `computing` per `got`. And `len()` of a generator is a TypeError \
              (\"object of type 'generator' has no len()\"): its length is unknown until it is \
              consumed.",
    lines: &[("> computing", 9), ("yield", 9)],
    rust_source: (SOURCE, "doubles_loud"),
    compile_errors: &[],
    run: run_lazy_vs_eager,
    stepper: |b| {
        Box::new(StepGen::new("nums", "doubles_loud(3)", move || {
            doubles_loud::on(b, 3)
        }))
    },
    measure: None,
    addition: true,
};

fn run_send_none(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "demo()", || demo::on(b));
    let r = rec.send_none(&mut g);
    print_yielded(rec, &r);
    rec.note("send(None) started it, as next() would; only a value other than None is refused:");
    let mut g2 = rec.create("g2", "demo()", || demo::on(b));
    if rec.send(&mut g2, "Care".to_owned()).is_err() {
        rec.print("TypeError: can't send non-None value to a just-started generator");
    }
    rec.drop(g);
    rec.drop(g2);
}

pub(super) const SEND_NONE: Example = Example {
    id: "send_none",
    number: "8b",
    title: "send(None) starts a generator too",
    section: "the tour's addition to 9.1 send()",
    python_file: "08b_send_none.py",
    python: include_str!("../../tutorial/python/08b_send_none.py"),
    python_output: include_str!("../../tutorial/python/08b_send_none.out"),
    claimed: Some("(the key rule) you must start the generator with next() before send()"),
    verdict: "Half right. A just-started generator cannot receive a value other than None \
              (TypeError: can't send non-None value to a just-started generator), but \
              `g.send(None)` starts it exactly as next(g) does. Rust's resume() is send(None); \
              send(v) before the first resume is the same error, SendToJustStarted.",
    lines: &[("yield", 4), ("> Take", 5)],
    rust_source: (super::advanced::SOURCE, "demo"),
    compile_errors: &[],
    run: run_send_none,
    stepper: |b| Box::new(StepGen::new("g", "demo()", move || demo::on(b))),
    measure: None,
    addition: true,
};

// tour: forwarding
/// ```python
/// def inner():
///     try:
///         x = yield 1
///         print("inner got", x)
///         try:
///             yield 2
///         except ValueError:
///             print("inner caught ValueError")
///         return "done"
///     finally:
///         print("inner closing")
/// ```
#[generator]
pub fn inner() -> impl Generator<Item = u32, Send = String, Return = &'static str, Error = Exception>
{
    let _finally = finally(|| say!("inner closing"));
    let x = (yield 1)?;
    say!("inner got {}", x.as_deref().unwrap_or("None"));
    match yield 2 {
        Err(Error::Raised(Exception::ValueError)) => say!("inner caught ValueError"),
        other => {
            other?;
        }
    }
    Ok("done")
}

/// ```python
/// def outer():
///     r = yield from inner()
///     print("yield from evaluated to", repr(r))
///     try:
///         yield from inner()
///     finally:
///         print("outer closing")
/// ```
#[generator]
pub fn outer() -> impl Generator<Item = u32, Send = String, Error = Exception> {
    let r = yield_from!(inner())?;
    // `yield_from!` gives `Some(return value)` (`None` only for a sub that had already finished).
    let r = r.map_or_else(|| "None".to_owned(), |r| py_repr(&r));
    say!("yield from evaluated to {r}");
    let _finally = finally(|| say!("outer closing"));
    yield_from!(inner())?;
    Ok(())
}
// tour: end

fn run_forwarding(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "outer()", || outer::on(b));
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    rec.note("send reaches inner's paused yield, through outer's yield from:");
    let r = rec.send(&mut g, "hi".to_owned());
    print_yielded(rec, &r);
    rec.note("so does throw; inner handles it and returns, and yield from evaluates to 'done':");
    let r = rec.throw(&mut g, Exception::ValueError);
    print_yielded(rec, &r);
    rec.note("close reaches the innermost generator first, then unwinds outer:");
    let _ = rec.close(&mut g);
    rec.drop(g);
}

pub(super) const FORWARDING: Example = Example {
    id: "forwarding",
    number: "9b",
    title: "yield from forwards send/throw/close; its value",
    section: "the tour's addition to 9.2 yield from",
    python_file: "09b_yield_from_forwards.py",
    python: include_str!("../../tutorial/python/09b_yield_from_forwards.py"),
    python_output: include_str!("../../tutorial/python/09b_yield_from_forwards.out"),
    claimed: None,
    verdict: "The tutorial shows yield from only as a shorter loop over values. It is more: \
              send() and throw() go to the sub-generator where it is paused, close() closes \
              it first (\"inner closing\" before \"outer closing\"), and `yield from` \
              evaluates to the sub-generator's return value ('done'). Python and Rust print \
              the same lines; in Rust `yield_from!(inner())?` is the expression.",
    lines: &[
        ("> inner got", 6),
        ("> inner caught", 10),
        ("> yield from evaluated", 17),
        ("> outer closing", 21),
        ("> inner closing", 13),
        ("yield 2", 8),
        ("yield", 5),
    ],
    rust_source: (SOURCE, "forwarding"),
    compile_errors: &[],
    run: run_forwarding,
    stepper: |b| Box::new(StepGen::new("g", "outer()", move || outer::on(b))),
    measure: None,
    addition: true,
};

fn run_finally_completes(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "numbers()", || numbers::on(b));
    let _ = rec.resume(&mut g);
    if let Ok(r) = rec.close(&mut g) {
        rec.print(format!("close() returned {}", py_repr(&r)));
    }
    rec.note("the caller got None: only the body saw GeneratorExit. Run to the end, the finally block runs too:");
    let mut g2 = rec.create("g2", "numbers()", || numbers::on(b));
    for_loop(rec, &mut g2, |rec, x| {
        rec.print(x);
        ControlFlow::Continue(())
    });
    rec.drop(g);
    rec.drop(g2);
}

pub(super) const FINALLY_COMPLETES: Example = Example {
    id: "finally_done",
    number: "10b",
    title: "close() returns None; finally also runs at the end",
    section: "the tour's addition to 9.3 Closing a Generator",
    python_file: "10b_finally_on_completion.py",
    python: include_str!("../../tutorial/python/10b_finally_on_completion.py"),
    python_output: include_str!("../../tutorial/python/10b_finally_on_completion.out"),
    claimed: Some("close() raises GeneratorExit"),
    verdict: "Mislabelled. close() raises GeneratorExit *inside the body*, at the paused \
              yield; the caller sees none of it: close() returns None (Rust: Ok(None)). And \
              the finally block is not only for closing: it runs however the body ends, \
              here after the loop consumed all three values.",
    lines: &[
        ("yield 10", 5),
        ("yield 20", 6),
        ("yield 30", 7),
        ("> Generator is closing", 9),
    ],
    rust_source: (super::advanced::SOURCE, "numbers"),
    compile_errors: &[],
    run: run_finally_completes,
    stepper: |b| Box::new(StepGen::new("g", "numbers()", move || numbers::on(b))),
    measure: None,
    addition: true,
};

fn run_count_keeps_position(b: Backend, rec: &mut Recorder) {
    let mut c = rec.create("c", "count(10)", || count::on(b, 10));
    rec.code_as("for n in c.by_ref() {", "for n in c:");
    for_loop(rec, &mut c, |rec, n| {
        rec.print(n);
        if n == 12 {
            rec.code("    break");
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    rec.note("c is still referenced, so it is still paused where the loop left it:");
    let r = rec.resume(&mut c);
    print_yielded(rec, &r);
    rec.note("(Python's count is a C iterator with no send/throw/close; this port is a generator)");
    rec.drop(c);
}

pub(super) const COUNT_KEEPS_POSITION: Example = Example {
    id: "count_resume",
    number: "13b",
    title: "count keeps its position after break",
    section: "the tour's addition to 9.5 b) itertools.count()",
    python_file: "13b_count_keeps_position.py",
    python: include_str!("../../tutorial/python/13b_count_keeps_position.py"),
    python_output: include_str!("../../tutorial/python/13b_count_keeps_position.out"),
    claimed: Some("itertools.count(): an infinite generator"),
    verdict: "itertools.count is not a generator but an iterator written in C (no send, \
              throw or close; `hasattr(c, 'send')` is False). Like a generator it is lazy, \
              and a `break` does not reset or destroy it: the next next(c) goes on at 13. The \
              Rust port is a real generator and behaves the same.",
    lines: &[],
    rust_source: (super::advanced::SOURCE, "count"),
    compile_errors: &[],
    run: run_count_keeps_position,
    stepper: |b| Box::new(StepGen::new("c", "count(10)", move || count::on(b, 10))),
    measure: None,
    addition: true,
};

fn run_exhausted_alive(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("gen", "count_x(3)", || count_x::on(b, 3));
    let mut items = Vec::new();
    for_loop(rec, &mut g, |_, x| {
        items.push(x);
        ControlFlow::Continue(())
    });
    rec.print(py_repr(&items));
    let rest: Vec<u32> = g.get_mut().by_ref().collect();
    rec.print(format!("{} {}", g.state(), py_repr(&rest)));
    rec.note("exhausted, yet still an object: gen refers to it until it is dropped");
    rec.drop(g);
}

pub(super) const EXHAUSTED_ALIVE: Example = Example {
    id: "exhausted_alive",
    number: "FAQb",
    title: "an exhausted generator is still alive while referenced",
    section: "the tour's addition to 6. (table, row 4) and 12. FAQ 4",
    python_file: "faq_b_exhausted_alive.py",
    python: include_str!("../../tutorial/python/faq_b_exhausted_alive.py"),
    python_output: include_str!("../../tutorial/python/faq_b_exhausted_alive.out"),
    claimed: Some("generators are deleted automatically once values are consumed"),
    verdict: "Loose. Consuming every value finishes the generator (GEN_CLOSED; Rust: \
              Closed), but the object lives on as long as something refers to it, and \
              yields nothing more. It is freed when its last reference goes, consumed or not.",
    lines: &[("yield", 6)],
    rust_source: (super::basics::SOURCE, "count_x"),
    compile_errors: &[],
    run: run_exhausted_alive,
    stepper: |b| Box::new(StepGen::new("gen", "count_x(3)", move || count_x::on(b, 3))),
    measure: None,
    addition: true,
};
