//! The Python generator tutorial, ported: every example written once with
//! [`#[generator]`](pygen::generator) and run on both backends.
//!
//! Each [`Example`] carries the tutorial's Python original (indentation
//! restored), what the tutorial claims it prints, what `python3` really
//! prints (captured from a real run, `tutorial/python/*.out`), the tour's
//! verdict where the two differ, the Rust port, and a driver that replays
//! the original's calls through a [`Recorder`] so the run can be drawn as a
//! timeline. `pygen tour`, `pygen show` and `pygen step` are built on this.
//!
//! Bodies print through [`say!`](crate::say) where Python calls `print`, and
//! raise and catch [`Exception`]s, Python's exception classes by name.
//!
//! ```
//! use pygen::Backend;
//! use pygen_tour::tutorial;
//! let ex = tutorial::find("count_x").unwrap();
//! let stackless = ex.timeline(Backend::Stackless).render(false);
//! let stackful = ex.timeline(Backend::Stackful).render(false);
//! assert_eq!(stackless, stackful);
//! assert!(stackless.contains("yield 5"));
//! ```

mod additions;
mod advanced;
mod basics;
mod engines;
mod expressions;
mod legend;
mod mistakes;
mod step;
mod streaming;

pub use basics::count_x;
pub use engines::{inorder, tree_walk, walk_plain};
pub use expressions::{MEMORY_MEASURED_OUT, MEMORY_MEASURED_PY, doubles};
pub use legend::{legend, tour_legend};
pub use step::{Answer, Command, Literal, PyRepr, SendValue, Sent, StepGen, Stepper, UsageError};
pub use streaming::{LogFile, Page, fetch_users, get, read_logs};

use crate::trace::Recorder;
use pygen::Backend;
use std::fmt;
use std::ops::ControlFlow;

/// A Python exception, by class name: what tutorial bodies raise and catch,
/// and what `throw` sends in. Debug and Display print the class name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Exception {
    /// `ValueError`.
    ValueError,
    /// `OSError` (e.g. a file that cannot be opened), with its message.
    OSError(String),
    /// Any other exception class, by name.
    Other(String),
}

impl Exception {
    /// The class name.
    pub fn name(&self) -> &str {
        match self {
            Exception::ValueError => "ValueError",
            Exception::OSError(_) => "OSError",
            Exception::Other(name) => name,
        }
    }

    /// Parses a class name: `ValueError`, or any Python identifier.
    pub fn parse(name: &str) -> Result<Exception, UsageError> {
        let ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err(UsageError(format!(
                "`{name}` is not an exception class name (expected an identifier such as ValueError)"
            )));
        }
        Ok(match name {
            "ValueError" => Exception::ValueError,
            "OSError" => Exception::OSError(String::new()),
            other => Exception::Other(other.to_owned()),
        })
    }
}

impl fmt::Debug for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exception::OSError(m) if !m.is_empty() => write!(f, "OSError({m:?})"),
            other => f.write_str(other.name()),
        }
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A compile error that a Python mistake becomes in Rust, captured from a
/// real compile (the trybuild UI tests in `tests/ui-tour/`).
#[derive(Debug, Clone, Copy)]
pub struct CompileError {
    /// The Rust code that does not compile.
    pub code: &'static str,
    /// What rustc says (the `.stderr` file trybuild checks).
    pub stderr: &'static str,
}

/// One example of the tutorial, ported.
#[derive(Clone, Copy)]
pub struct Example {
    /// Short name for `pygen show <id>`.
    pub id: &'static str,
    /// The tutorial's order: "1".."13", "M1".."M5" (the five mistakes), "FAQ";
    /// the tour's own demonstrations add a "b" to the number they follow.
    pub number: &'static str,
    /// One line.
    pub title: &'static str,
    /// Where it is in the tutorial.
    pub section: &'static str,
    /// The Python file in `tutorial/python/`.
    pub python_file: &'static str,
    /// Its source, indentation restored.
    pub python: &'static str,
    /// What `python3` really printed (stdout, then stderr), from `tutorial/python/regen.sh`.
    pub python_output: &'static str,
    /// What the tutorial says the output is (`None`: it shows none).
    pub claimed: Option<&'static str>,
    /// The tour's comparison of the claim, the real run and the Rust port.
    pub verdict: &'static str,
    /// Where the body's events are in [`python`](Example::python): the
    /// first entry whose text starts an event's Python spelling gives its
    /// line (see [`View::lines`](crate::trace::View::lines)).
    pub lines: &'static [(&'static str, u32)],
    /// The Rust port's source file and the tag of its excerpt (see [`Example::rust`]).
    rust_source: (&'static str, &'static str),
    /// Compile errors this example turns into in Rust.
    pub compile_errors: &'static [CompileError],
    run: fn(Backend, &mut Recorder),
    stepper: fn(Backend) -> Box<dyn Stepper>,
    measure: Option<fn() -> Vec<String>>,
    /// The tour's own demonstration, not one of the tutorial's examples.
    pub addition: bool,
}

impl fmt::Debug for Example {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Example")
            .field("id", &self.id)
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Example {
    /// The Rust port's generator function(s): an excerpt of this module's source.
    pub fn rust(&self) -> String {
        excerpt(self.rust_source.0, self.rust_source.1)
    }

    /// The tag of the Rust excerpt: examples with the same tag show the same code.
    pub fn rust_tag(&self) -> &'static str {
        self.rust_source.1
    }

    /// Replays the example on `backend`, recording its timeline.
    pub fn timeline(&self, backend: Backend) -> Recorder {
        let mut rec = Recorder::new();
        (self.run)(backend, &mut rec);
        rec
    }

    /// The example's main generator, fresh, for `pygen step`.
    pub fn stepper(&self, backend: Backend) -> Box<dyn Stepper> {
        (self.stepper)(backend)
    }

    /// Numbers measured now (backend sizes, timings) that are not part of the
    /// timeline because they differ between backends or runs.
    pub fn measurements(&self) -> Vec<String> {
        self.measure.map(|m| m()).unwrap_or_default()
    }
}

/// Every example, in the tutorial's order, each of the tour's own
/// demonstrations right after the example it adds to.
pub fn examples() -> &'static [Example] {
    static EXAMPLES: [Example; 27] = [
        basics::COUNT_X,
        basics::FOR_LOOP,
        basics::FOR_DESUGARED,
        streaming::READ_LOGS,
        additions::BREAK_KEEPS_OPEN,
        streaming::FETCH_USERS,
        expressions::GENEXPR,
        additions::LAZY_VS_EAGER,
        expressions::BENCHMARK,
        advanced::SEND,
        additions::SEND_NONE,
        advanced::YIELD_FROM,
        additions::FORWARDING,
        advanced::CLOSE,
        additions::FINALLY_COMPLETES,
        advanced::THROW,
        advanced::CHAIN,
        advanced::COUNT_BREAK,
        additions::COUNT_KEEPS_POSITION,
        mistakes::NO_INDEX,
        mistakes::RETURN_VALUE,
        mistakes::NO_OUTPUT,
        mistakes::OVER_NESTING,
        mistakes::CLOSE_IGNORED,
        mistakes::REUSE,
        additions::EXHAUSTED_ALIVE,
        engines::TREE_WALK,
    ];
    &EXAMPLES
}

/// Finds an example by id (`count_x`) or number (`1`, `m3`, `faq`).
pub fn find(name: &str) -> Option<&'static Example> {
    examples()
        .iter()
        .find(|e| e.id == name || e.number.eq_ignore_ascii_case(name))
}

/// The lines of a module's `source` between `// tour: <tag>` and `// tour: end`.
pub(crate) fn excerpt(source: &'static str, tag: &str) -> String {
    let begin = format!("// tour: {tag}");
    let mut out = String::new();
    let mut inside = false;
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed == begin {
            inside = true;
        } else if trimmed == "// tour: end" {
            inside = false;
        } else if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A `for x in g` loop: `g.next()` until `None`, `body` for each value.
pub(crate) fn for_loop<G>(
    rec: &mut Recorder,
    g: &mut crate::trace::Traced<G>,
    mut body: impl FnMut(&mut Recorder, G::Item) -> ControlFlow<()>,
) where
    G: pygen::Generator,
    G::Item: fmt::Debug,
    G::Return: fmt::Debug,
{
    while let Some(x) = rec.next(g) {
        if body(rec, x).is_break() {
            return;
        }
    }
}

/// Prints a yielded value the way `print(next(g))` does.
pub(crate) fn print_yielded<Y: fmt::Display, R, E>(
    rec: &mut Recorder,
    r: &pygen::GenResult<Y, R, E>,
) {
    if let Ok(pygen::Outcome::Yielded(y)) = r {
        rec.print(y);
    }
}
