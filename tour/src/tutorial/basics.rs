//! Tutorial sections 3: count_x with next(), in a for loop, and the for loop desugared.

use super::{Example, Exception, StepGen, for_loop, print_yielded};
use crate::trace::Recorder;
use pygen::{Backend, Generator, generator};
use std::ops::ControlFlow;

pub(super) const SOURCE: &str = include_str!("basics.rs");

// tour: count_x
/// ```python
/// def count_x(n):
///     while n > 0:
///         yield n
///         n -= 1
/// ```
#[generator]
pub fn count_x(mut n: u32) -> impl Generator<Item = u32, Error = Exception> {
    while n > 0 {
        (yield n)?; // `?`: a throw() or close() ends the body here
        n -= 1;
    }
    Ok(())
}
// tour: end

fn step_count_x(b: Backend) -> Box<dyn super::Stepper> {
    Box::new(StepGen::new("g", "count_x(5)", move || count_x::on(b, 5)))
}

fn run_count_x(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "count_x(5)", || count_x::on(b, 5));
    rec.note("count_x(5) only built the generator: no body code ran");
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    rec.note("end of the script: g goes out of scope while paused at `yield 4`");
    rec.drop(g);
}

pub(super) const COUNT_X: Example = Example {
    id: "count_x",
    number: "1",
    title: "count_x(5) and two next() calls",
    section: "3. Basic Generator Example",
    python_file: "01_count_x.py",
    python: include_str!("../../tutorial/python/01_count_x.py"),
    python_output: include_str!("../../tutorial/python/01_count_x.out"),
    claimed: Some("5\n4\n"),
    verdict: "The tutorial is right: 5, then 4. Nothing runs at `gen = count_x(5)`; each next() \
              runs the body to its next yield and pauses there.",
    lines: &[("yield", 3)],
    rust_source: (SOURCE, "count_x"),
    compile_errors: &[],
    run: run_count_x,
    stepper: step_count_x,
    measure: None,
    addition: false,
};

fn run_for_loop(b: Backend, rec: &mut Recorder) {
    rec.note("`for x in count_x(5): print(x)` runs as:");
    let mut g = rec.create("g", "count_x(5)", || count_x::on(b, 5));
    rec.note("then next(g) until StopIteration (Rust: g.next() until None), printing each x");
    for_loop(rec, &mut g, |rec, x| {
        rec.print(x);
        ControlFlow::Continue(())
    });
    rec.note(
        "the loop is over; nothing refers to the generator any more (already Closed: nothing runs)",
    );
    rec.drop(g);
}

pub(super) const FOR_LOOP: Example = Example {
    id: "for_loop",
    number: "2",
    title: "count_x(5) in a for loop",
    section: "3. Modified Example Using for Loop",
    python_file: "02_for_loop.py",
    python: include_str!("../../tutorial/python/02_for_loop.py"),
    python_output: include_str!("../../tutorial/python/02_for_loop.out"),
    claimed: Some("5\n4\n3\n2\n1\n"),
    verdict: "The tutorial is right. Rust's `for x in count_x(5)` is the same loop: it calls \
              Iterator::next() (Python's next()) until None, which comes when the body returns.",
    lines: &[("yield", 3)],
    rust_source: (SOURCE, "count_x"),
    compile_errors: &[],
    run: run_for_loop,
    stepper: step_count_x,
    measure: None,
    addition: false,
};

fn run_for_desugared(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "count_x(5)", || count_x::on(b, 5));
    rec.code_as("loop {", "while True:");
    while let Ok(pygen::Outcome::Yielded(x)) = rec.resume(&mut g) {
        rec.print(x);
    }
    rec.code_as(
        "}",
        "# (Rust stops at Returned; the while True loop goes on)",
    );
    rec.note("StopIteration (Rust: Returned(())) means the body ended: a loop must stop on it");
    rec.note("the tutorial's `while True: x = next(gen)` does not: the next next(gen) raises StopIteration again, uncaught, and the script dies with a traceback");
    rec.note("asking again after the end: no body code runs, ever again (rule R4)");
    let _ = rec.resume(&mut g);
    rec.drop(g);
}

pub(super) const FOR_DESUGARED: Example = Example {
    id: "for_desugared",
    number: "3",
    title: "the for loop is really a loop of next() calls",
    section: "3. for Loop (in Simple Words)",
    python_file: "03_for_desugared.py",
    python: include_str!("../../tutorial/python/03_for_desugared.py"),
    python_output: include_str!("../../tutorial/python/03_for_desugared.out"),
    claimed: None,
    verdict: "The tutorial's desugaring is wrong as written. `while True: x = next(gen)` prints \
              5 4 3 2 1 and then crashes: python3 exits with status 1 and a `StopIteration` \
              traceback (see the real output). A for loop is really `while True: try: x = \
              next(gen) except StopIteration: break`. In Rust the end is a value, not an \
              exception: resume() returns Returned(()) once, then Exhausted; \
              `g.next().unwrap()` in a loop would be the tutorial's crash (a panic).",
    lines: &[("yield", 3)],
    rust_source: (SOURCE, "count_x"),
    compile_errors: &[],
    run: run_for_desugared,
    stepper: step_count_x,
    measure: None,
    addition: false,
};
