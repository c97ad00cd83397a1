//! Tutorial section 9: send, yield from, close, throw, itertools.chain and count.

use super::{Example, Exception, StepGen, for_loop, print_yielded};
use crate::say;
use crate::trace::{Recorder, py_repr};
use pygen::{Backend, Error, Generator, finally, generator};
use std::ops::ControlFlow;

pub(super) const SOURCE: &str = include_str!("advanced.rs");

// tour: demo
/// ```python
/// def demo():
///     x = yield "Hello"
///     print("Take", x)
/// ```
#[generator]
pub fn demo() -> impl Generator<Item = &'static str, Send = String, Error = Exception> {
    let x = (yield "Hello")?; // Some("Care") after send("Care"), None after next()
    say!("Take {}", x.as_deref().unwrap_or("None"));
    Ok(())
}
// tour: end

fn run_send(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "demo()", || demo::on(b));
    let _ = rec.resume(&mut g);
    let _ = rec.send(&mut g, "Care".to_owned());
    rec.note(
        "this StopIteration (Rust: Returned(())) is the traceback that ends the tutorial's script",
    );
    rec.drop(g);
}

pub(super) const SEND: Example = Example {
    id: "send",
    number: "8",
    title: "send(): \"Take Care\"",
    section: "9.1 What is send() in Generators?",
    python_file: "08_send.py",
    python: include_str!("../../tutorial/python/08_send.py"),
    python_output: include_str!("../../tutorial/python/08_send.out"),
    claimed: Some("Take Care\n"),
    verdict: "\"Take Care\" is printed, but the script does not end there: after the print the \
              body ends, so `g.send(\"Care\")` raises StopIteration, which nobody catches — \
              python3 prints a traceback and exits with status 1. The tutorial hides this. In \
              Rust the end is a value: send() returns Returned(()). The tutorial's \"key rule\" \
              (start with next() before send()) is half right: send(\"Care\") before the first \
              next() is an error (`can't send non-None value to a just-started generator`), \
              but send(None) starts a generator just as next() does (example 8b).",
    lines: &[("yield", 2), ("> Take", 3), ("return", 3)],
    rust_source: (SOURCE, "demo"),
    compile_errors: &[],
    run: run_send,
    stepper: |b| Box::new(StepGen::new("g", "demo()", move || demo::on(b))),
    measure: None,
    addition: false,
};

// tour: show_x
/// ```python
/// def show_x():
///     yield from ["Pen", "Pencil"]
///     yield "Eraser"
/// ```
#[generator]
pub fn show_x() -> impl Generator<Item = &'static str, Error = Exception> {
    yield_from!(["Pen", "Pencil"])?;
    (yield "Eraser")?;
    Ok(())
}
// tour: end

fn run_yield_from(b: Backend, rec: &mut Recorder) {
    rec.note(
        "list(show_x()) calls next() until StopIteration (Rust: show_x().collect::<Vec<_>>())",
    );
    let mut g = rec.create("g", "show_x()", || show_x::on(b));
    let mut items = Vec::new();
    for_loop(rec, &mut g, |_, x| {
        items.push(x);
        ControlFlow::Continue(())
    });
    rec.print(py_repr(&items));
    rec.drop(g);
}

pub(super) const YIELD_FROM: Example = Example {
    id: "yield_from",
    number: "9",
    title: "yield from: show_x",
    section: "9.2 Using yield from (Chaining Generators)",
    python_file: "09_yield_from.py",
    python: include_str!("../../tutorial/python/09_yield_from.py"),
    python_output: include_str!("../../tutorial/python/09_yield_from.out"),
    claimed: Some("[\"Pen\", \"Pencil\", \"Eraser\"]\n"),
    verdict: "The values are right, the printed text is not: Python prints a list's strings \
              with single quotes, `['Pen', 'Pencil', 'Eraser']`, which is what the timeline \
              prints too.",
    lines: &[("yield 'Eraser'", 3), ("yield", 2), ("return", 3)],
    rust_source: (SOURCE, "show_x"),
    compile_errors: &[],
    run: run_yield_from,
    stepper: |b| Box::new(StepGen::new("g", "show_x()", move || show_x::on(b))),
    measure: None,
    addition: false,
};

// tour: numbers
/// ```python
/// def numbers():
///     try:
///         yield 10
///         yield 20
///         yield 30
///     finally:
///         print("Generator is closing, cleaning up!")
/// ```
#[generator]
pub fn numbers() -> impl Generator<Item = u32, Error = Exception> {
    let _finally = finally(|| say!("Generator is closing, cleaning up!"));
    (yield 10)?;
    (yield 20)?;
    (yield 30)?;
    Ok(())
}
// tour: end

fn run_close(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "numbers()", || numbers::on(b));
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    let _ = rec.close(&mut g);
    rec.note("closed for good: next() runs nothing now");
    let _ = rec.resume(&mut g);
    rec.drop(g);
}

pub(super) const CLOSE: Example = Example {
    id: "close",
    number: "10",
    title: "close() with cleanup: numbers",
    section: "9.3 Closing a Generator",
    python_file: "10_close.py",
    python: include_str!("../../tutorial/python/10_close.py"),
    python_output: include_str!("../../tutorial/python/10_close.out"),
    claimed: Some("10\n20\nGenerator is closing, cleaning up!\n"),
    verdict: "The output is right; \"close() raises GeneratorExit\" needs a word more. \
              GeneratorExit is raised *inside the body*, at the paused `yield 20`; the finally \
              block runs and GeneratorExit leaves the body, which close() takes as success. \
              The caller sees no exception: close() returns None (example 10b). In Rust, `?` \
              propagates the GeneratorExit and the finally guard runs as the body unwinds.",
    lines: &[
        ("yield 10", 3),
        ("yield 20", 4),
        ("yield 30", 5),
        ("> Generator is closing", 7),
    ],
    rust_source: (SOURCE, "numbers"),
    compile_errors: &[],
    run: run_close,
    stepper: |b| Box::new(StepGen::new("g", "numbers()", move || numbers::on(b))),
    measure: None,
    addition: false,
};

// tour: demo_throw
/// ```python
/// def demo():
///     try:
///         yield 10
///     except ValueError:
///         print("ValueError is caught!")
///     yield 20
/// ```
#[generator]
pub fn demo_throw() -> impl Generator<Item = u32, Error = Exception> {
    match yield 10 {
        Err(Error::Raised(Exception::ValueError)) => say!("ValueError is caught!"),
        other => {
            other?; // anything else (another exception, close) propagates
        }
    }
    (yield 20)?;
    Ok(())
}
// tour: end

fn run_throw(b: Backend, rec: &mut Recorder) {
    let mut g = rec.create("g", "demo_throw()", || demo_throw::on(b));
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    let _ = rec.throw(&mut g, Exception::ValueError);
    rec.note("throw() itself returned the 20: the tutorial's script never prints it");
    let r = rec.resume(&mut g);
    print_yielded(rec, &r);
    rec.note("nothing to print: this next() is the StopIteration of the tutorial's traceback");
    rec.drop(g);
}

pub(super) const THROW: Example = Example {
    id: "throw",
    number: "11",
    title: "throw(): a ValueError caught inside the generator",
    section: "9.4 Raising Exceptions Into a Generator (throw())",
    python_file: "11_throw.py",
    python: include_str!("../../tutorial/python/11_throw.py"),
    python_output: include_str!("../../tutorial/python/11_throw.out"),
    claimed: Some("10\nValueError is caught!\n20\n"),
    verdict: "The tutorial is wrong about the last line. After the except block the body runs \
              on to `yield 20`, so `g.throw(ValueError)` itself returns 20 (the script drops \
              it). The final `print(next(g))` resumes after `yield 20`, the body ends, and \
              next() raises StopIteration: python3 prints 10, \"ValueError is caught!\", then a \
              traceback, and never prints 20.",
    lines: &[
        ("yield 10", 3),
        ("> ValueError is caught", 5),
        ("yield 20", 6),
    ],
    rust_source: (SOURCE, "demo_throw"),
    compile_errors: &[],
    run: run_throw,
    stepper: |b| Box::new(StepGen::new("g", "demo_throw()", move || demo_throw::on(b))),
    measure: None,
    addition: false,
};

// tour: chain
/// `itertools.chain(a, b)`, written as a generator.
#[generator]
pub fn chain(a: Vec<u32>, b: Vec<u32>) -> impl Generator<Item = u32, Error = Exception> {
    yield_from!(a)?;
    yield_from!(b)?;
    Ok(())
}
// tour: end

fn run_chain(b: Backend, rec: &mut Recorder) {
    rec.note("`for x in chain([1, 2], [3, 4]): print(x)` runs as:");
    let mut g = rec.create("g", "chain(vec![1, 2], vec![3, 4])", || {
        chain::on(b, vec![1, 2], vec![3, 4])
    });
    for_loop(rec, &mut g, |rec, x| {
        rec.print(x);
        ControlFlow::Continue(())
    });
    rec.drop(g);
}

pub(super) const CHAIN: Example = Example {
    id: "chain",
    number: "12",
    title: "itertools.chain([1, 2], [3, 4])",
    section: "9.5 a) itertools.chain()",
    python_file: "12_chain.py",
    python: include_str!("../../tutorial/python/12_chain.py"),
    python_output: include_str!("../../tutorial/python/12_chain.out"),
    claimed: Some("1\n2\n3\n4\n"),
    verdict: "The output is right. But chain() is not a generator: it returns an iterator \
              written in C, of type itertools.chain (no send, throw or close), so there is no \
              Python line to pause at. The Rust port is a real generator built from two \
              `yield from`s (Rust's own is `a.into_iter().chain(b)`).",
    lines: &[],
    rust_source: (SOURCE, "chain"),
    compile_errors: &[],
    run: run_chain,
    stepper: |b| {
        Box::new(
            StepGen::new("g", "chain(vec![1, 2], vec![3, 4])", move || {
                chain::on(b, vec![1, 2], vec![3, 4])
            })
            .iterator("itertools.chain"),
        )
    },
    measure: None,
    addition: false,
};

// tour: count
/// `itertools.count(n)`: n, n + 1, ... forever.
#[generator]
pub fn count(mut n: u64) -> impl Generator<Item = u64, Error = Exception> {
    loop {
        (yield n)?;
        n += 1;
    }
}
// tour: end

fn run_count_break(b: Backend, rec: &mut Recorder) {
    rec.note("`for n in count(10): print(n); if n == 14: break` runs as:");
    let mut g = rec.create("g", "count(10)", || count::on(b, 10));
    for_loop(rec, &mut g, |rec, n| {
        rec.print(n);
        if n == 14 {
            rec.code("break");
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    rec.note(
        "`break` leaves the loop; nothing else refers to the generator, so it goes away (paused, so it is closed first). Had a variable kept it, it would go on at 15 (example 13b)",
    );
    rec.drop(g);
}

pub(super) const COUNT_BREAK: Example = Example {
    id: "count_break",
    number: "13",
    title: "itertools.count(10) with break",
    section: "9.5 b) itertools.count()",
    python_file: "13_count_break.py",
    python: include_str!("../../tutorial/python/13_count_break.py"),
    python_output: include_str!("../../tutorial/python/13_count_break.out"),
    claimed: Some("10\n11\n12\n13\n14\n"),
    verdict: "The output is right, the name is not: itertools.count is not a generator but \
              an iterator written in C (no send, throw or close). Like a generator it is lazy: \
              each value is made only when asked for, so an infinite one is fine; `break` stops \
              asking. The Rust port is a real generator.",
    lines: &[],
    rust_source: (SOURCE, "count"),
    compile_errors: &[],
    run: run_count_break,
    stepper: |b| {
        Box::new(
            StepGen::new("g", "count(10)", move || count::on(b, 10)).iterator("itertools.count"),
        )
    },
    measure: None,
    addition: false,
};
