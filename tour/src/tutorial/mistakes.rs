//! Tutorial sections 11 and 12: the five common mistakes, and "can a generator be reused?".

use super::basics::count_x;
use super::{CompileError, Example, Exception, StepGen, for_loop, print_yielded};
use crate::say;
use crate::trace::{Recorder, py_repr};
use pygen::{Backend, Generator, finally, generator};
use std::ops::ControlFlow;

pub(super) const SOURCE: &str = include_str!("mistakes.rs");
const BASICS: &str = include_str!("basics.rs");

fn step_count_x(b: Backend) -> Box<dyn super::Stepper> {
    Box::new(StepGen::new("g", "count_x(5)", move || count_x::on(b, 5)))
}

fn run_no_index(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "count_x(5)", || count_x::on(b, 5));
    rec.note("g[0] does not compile (see above); values come in order, one per next():");
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    rec.note("for indexing, collect the rest into a Vec: that computes all of them");
    rec.code_as(
        "let rest: Vec<u32> = g.by_ref().collect();",
        "rest = list(g)",
    );
    let rest: Vec<u32> = g.get_mut().by_ref().collect();
    rec.push(crate::trace::Event::State {
        from: Some(pygen::GeneratorState::Suspended),
        to: g.state(),
    });
    rec.print(format!("{} {}", py_repr(&rest), rest[0]));
    rec.drop(g);
}

pub(super) const NO_INDEX: Example = Example {
    id: "no_index",
    number: "M1",
    title: "mistake a) No Index: gen[0]",
    section: "11. Five Common Mistakes, a)",
    python_file: "m1_no_index.py",
    python: include_str!("../../tutorial/python/m1_no_index.py"),
    python_output: include_str!("../../tutorial/python/m1_no_index.out"),
    claimed: None,
    verdict: "Right: Python raises `TypeError: 'generator' object is not subscriptable` at run \
              time. Rust rejects `g[0]` at compile time (E0608, below).",
    lines: &[("yield", 3)],
    rust_source: (BASICS, "count_x"),
    compile_errors: &[super::expressions::NO_INDEX_ERROR],
    run: run_no_index,
    stepper: step_count_x,
    measure: None,
    addition: false,
};

// tour: numbers_done
/// ```python
/// def numbers():
///     yield 1
///     yield 2
///     return "done"
/// ```
#[generator]
pub fn numbers_done() -> impl Generator<Item = u32, Return = &'static str, Error = Exception> {
    (yield 1)?;
    (yield 2)?;
    Ok("done") // the Return type says it: this is not a yielded value
}
// tour: end

fn run_return_value(b: Backend, rec: &mut Recorder) {
    rec.note("a for loop (list(numbers())) sees only the yields; the return value ends it:");
    let mut g = rec.create("g", "numbers_done()", || numbers_done::on(b));
    let mut items = Vec::new();
    for_loop(rec, &mut g, |_, x| {
        items.push(x);
        ControlFlow::Continue(())
    });
    rec.print(py_repr(&items));
    rec.note("the caller who wants \"done\" reads it from the outcome (StopIteration.value):");
    let mut g2 = rec.create("g2", "numbers_done()", || numbers_done::on(b));
    for _ in 0..3 {
        let _ = rec.resume(&mut g2);
    }
    rec.drop(g);
    rec.drop(g2);
}

pub(super) const RETURN_VALUE: Example = Example {
    id: "return_value",
    number: "M2",
    title: "mistake b) Mixed Signals: yield, then return a value",
    section: "11. Five Common Mistakes, b)",
    python_file: "m2_return_value.py",
    python: include_str!("../../tutorial/python/m2_return_value.py"),
    python_output: include_str!("../../tutorial/python/m2_return_value.out"),
    claimed: None,
    verdict: "Right in spirit: `return \"done\"` in a generator is not one more value; it \
              ends the generator and rides on StopIteration.value, which list() and for loops \
              discard. In Rust the signature makes the two channels explicit (`Item = u32`, \
              `Return = &str`): the return value arrives once, as Returned(\"done\").",
    lines: &[("yield 1", 2), ("yield 2", 3), ("return", 4)],
    rust_source: (SOURCE, "numbers_done"),
    compile_errors: &[],
    run: run_return_value,
    stepper: |b| {
        Box::new(StepGen::new("g", "numbers_done()", move || {
            numbers_done::on(b)
        }))
    },
    measure: None,
    addition: false,
};

// tour: count_x_loud
/// count_x, printing when its body starts.
#[generator]
pub fn count_x_loud(mut n: u32) -> impl Generator<Item = u32, Error = Exception> {
    say!("count_x starts");
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}
// tour: end

pub(super) const NO_OUTPUT_ERROR: CompileError = CompileError {
    code: include_str!("../../tests/ui-tour/no_output.rs"),
    stderr: include_str!("../../tests/ui-tour/no_output.stderr"),
};

fn run_no_output(b: Backend, rec: &mut Recorder) {
    rec.note(
        "calling it and throwing the generator away prints nothing, not even \"count_x starts\":",
    );
    let g = rec.create("g", "count_x_loud(3)", || count_x_loud::on(b, 3));
    rec.drop(g);
    rec.note("only asking for values runs the body:");
    let mut g = rec.create("g", "count_x_loud(3)", || count_x_loud::on(b, 3));
    for_loop(rec, &mut g, |rec, x| {
        rec.print(x);
        ControlFlow::Continue(())
    });
    rec.drop(g);
}

pub(super) const NO_OUTPUT: Example = Example {
    id: "no_output",
    number: "M3",
    title: "mistake c) No Output: calling a generator function runs nothing",
    section: "11. Five Common Mistakes, c)",
    python_file: "m3_no_output.py",
    python: include_str!("../../tutorial/python/m3_no_output.py"),
    python_output: include_str!("../../tutorial/python/m3_no_output.out"),
    claimed: None,
    verdict: "Right: `count_x(3)` alone prints nothing, not even the body's first print; only \
              next() or a loop runs it. Rust warns about it (an unused generator is an unused \
              Iterator, `#[must_use]`); with `#![deny(unused_must_use)]` it is the error below.",
    lines: &[("> count_x starts", 2), ("yield", 4)],
    rust_source: (SOURCE, "count_x_loud"),
    compile_errors: &[NO_OUTPUT_ERROR],
    run: run_no_output,
    stepper: |b| {
        Box::new(StepGen::new("g", "count_x_loud(3)", move || {
            count_x_loud::on(b, 3)
        }))
    },
    measure: None,
    addition: false,
};

// tour: nesting
/// Three levels of `yield from`: outer → middle → inner.
#[generator]
pub fn inner() -> impl Generator<Item = u32, Error = Exception> {
    say!("inner starts");
    (yield 1)?;
    (yield 2)?;
    Ok(())
}

#[generator]
pub fn middle() -> impl Generator<Item = u32, Error = Exception> {
    say!("middle starts");
    yield_from!(inner())?;
    (yield 3)?;
    Ok(())
}

#[generator]
pub fn outer() -> impl Generator<Item = u32, Error = Exception> {
    say!("outer starts");
    yield_from!(middle())?;
    (yield 4)?;
    Ok(())
}
// tour: end

fn run_over_nesting(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "outer()", || outer::on(b));
    for_loop(rec, &mut g, |rec, x| {
        rec.print(x);
        ControlFlow::Continue(())
    });
    rec.note("each value passed up through every level: the caller sees one flat sequence");
    rec.drop(g);
}

pub(super) const OVER_NESTING: Example = Example {
    id: "over_nesting",
    number: "M4",
    title: "mistake d) Over Nesting: yield from, three levels deep",
    section: "11. Five Common Mistakes, d)",
    python_file: "m4_over_nesting.py",
    python: include_str!("../../tutorial/python/m4_over_nesting.py"),
    python_output: include_str!("../../tutorial/python/m4_over_nesting.out"),
    claimed: None,
    verdict: "Advice, not a rule: nested delegation works and gives one flat sequence (both \
              Python lines print [1, 2, 3, 4]). \"yield inside yield inside yield\" is really \
              `yield from` chains. The cost is real on the stackless backend, where every \
              value hops through each level; a stackful generator can instead yield from \
              plain nested function calls at any depth for the same price.",
    lines: &[
        ("> outer starts", 7),
        ("> middle starts", 4),
        ("> inner starts", 1),
        ("yield 4", 9),
        ("yield", 8),
    ],
    rust_source: (SOURCE, "nesting"),
    compile_errors: &[],
    run: run_over_nesting,
    stepper: |b| Box::new(StepGen::new("g", "outer()", move || outer::on(b))),
    measure: None,
    addition: false,
};

// tour: rows
/// A generator holding a resource (a pretend database connection).
#[generator]
pub fn rows() -> impl Generator<Item = &'static str, Error = Exception> {
    say!("open connection");
    let _finally = finally(|| say!("close connection"));
    (yield "row 1")?;
    (yield "row 2")?;
    (yield "row 3")?;
    Ok(())
}
// tour: end

fn run_close_ignored(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "rows()", || rows::on(b));
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    rec.print("caller is done, forgets close()");
    rec.note("g goes out of scope: Rust drops it here, which closes it (rule R16)");
    rec.drop(g);
    rec.print("end");
}

pub(super) const CLOSE_IGNORED: Example = Example {
    id: "close_ignored",
    number: "M5",
    title: "mistake e) Closing Ignored: forgetting close()",
    section: "11. Five Common Mistakes, e)",
    python_file: "m5_close_ignored.py",
    python: include_str!("../../tutorial/python/m5_close_ignored.py"),
    python_output: include_str!("../../tutorial/python/m5_close_ignored.out"),
    claimed: None,
    verdict: "Half right. CPython closes an abandoned generator as soon as its last reference \
              goes (`del g` prints \"close connection\" right there); the risk is other \
              Pythons, reference cycles, or a reference kept alive somewhere. Rust drops a \
              generator deterministically at the end of its scope, which closes it and runs its \
              cleanup; only `std::mem::forget` or an Rc cycle would skip it. Call close() \
              anyway when you want the cleanup at a precise point.",
    lines: &[
        ("> open connection", 2),
        ("yield 'row 1'", 4),
        ("yield 'row 2'", 5),
        ("yield 'row 3'", 6),
        ("> close connection", 8),
    ],
    rust_source: (SOURCE, "rows"),
    compile_errors: &[],
    run: run_close_ignored,
    stepper: |b| Box::new(StepGen::new("g", "rows()", move || rows::on(b))),
    measure: None,
    addition: false,
};

pub(super) const REUSE_ERROR: CompileError = CompileError {
    code: include_str!("../../tests/ui-tour/reuse_moved.rs"),
    stderr: include_str!("../../tests/ui-tour/reuse_moved.stderr"),
};

fn run_reuse(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "count_x(3)", || count_x::on(b, 3));
    let collect = |rec: &mut Recorder, g: &mut crate::trace::Traced<_>| {
        let mut items = Vec::new();
        for_loop(rec, g, |_, x| {
            items.push(x);
            ControlFlow::Continue(())
        });
        rec.print(py_repr(&items));
    };
    rec.note("print(list(g)), twice (Rust: g.by_ref().collect::<Vec<_>>()):");
    collect(rec, &mut g);
    collect(rec, &mut g);
    rec.note("the second time nothing ran: a finished generator stays finished. Make a new one:");
    let mut g2 = rec.create("g2", "count_x(3)", || count_x::on(b, 3));
    collect(rec, &mut g2);
    rec.drop(g);
    rec.drop(g2);
}

pub(super) const REUSE: Example = Example {
    id: "reuse",
    number: "FAQ",
    title: "FAQ 4: can we reuse a generator?",
    section: "12. FAQs on Python Generators, 4.",
    python_file: "faq_reuse.py",
    python: include_str!("../../tutorial/python/faq_reuse.py"),
    python_output: include_str!("../../tutorial/python/faq_reuse.out"),
    claimed: None,
    verdict: "Right: a finished generator yields nothing, silently (the second list is []); \
              recreate it. The finished object itself lives on while referenced (example \
              FAQb). Rust is stricter when the loop takes the generator by value: \
              `for x in g` moves it, and a second `for x in g` does not compile (E0382, below). \
              Looping over `g.by_ref()` twice behaves like Python: the second loop is empty.",
    lines: &[("yield", 3)],
    rust_source: (BASICS, "count_x"),
    compile_errors: &[REUSE_ERROR],
    run: run_reuse,
    stepper: |b| Box::new(StepGen::new("g", "count_x(3)", move || count_x::on(b, 3))),
    measure: None,
    addition: false,
};
