//! Recording a generator's run as a two-lane timeline, for teaching.
//!
//! A [`Recorder`] drives any [`Generator`] (either backend, a
//! [`BoxGenerator`](pygen::BoxGenerator), a `&mut G`) and writes down what
//! happens, in order: the caller's calls, what the body prints through
//! [`say`](fn@say), its `yield`s, its return or error, what the caller gets back, and
//! every change of [`GeneratorState`]. [`Recorder::render`] draws it as two
//! lanes, caller on the left, generator on the right:
//!
//! ```
//! # #[cfg(feature = "stackful")] {
//! use pygen_tour::trace::{say, Recorder};
//! use pygen::Stackful;
//!
//! let mut rec = Recorder::new();
//! let mut g = rec.create("g", "demo()", || {
//!     Stackful::<&str, String, (), ()>::new(|co| {
//!         let x = co.yield_("Hello")?;
//!         say(format_args!("Take {}", x.unwrap_or_default()));
//!         Ok(())
//!     })
//! });
//! rec.resume(&mut g);
//! rec.send(&mut g, "Care".to_string());
//! assert_eq!(
//!     rec.render(false),
//!     "\
//! caller                                | generator
//! --------------------------------------+--------------------------------------
//! let mut g = demo();                   | [Created]
//! g.resume()                        --> | [Created -> Running]
//!                                       | yield \"Hello\"
//! <-- Yielded(\"Hello\")                  | [Running -> Suspended]
//! g.send(\"Care\")                    --> | [Suspended -> Running]
//!                                       | > Take Care
//!                                       | return ()
//! <-- Returned(())                      | [Running -> Closed]
//! "
//! );
//! # }
//! ```
//!
//! The calls are named after the Rust API: `g.resume()` is Python's
//! `next(g)`, `g.next()` is the same call through [`Iterator`] (what a `for`
//! loop makes), `g.send(v)`, `g.throw(e)`, `g.close()`, and `drop(g)` is the
//! moment the generator goes away (CPython: its reference count reaches zero).
//!
//! `Running` is shown while the body runs. The recorder knows when that is
//! from the protocol (rules R2–R16 of [`pygen::rules`]): a call runs the
//! body exactly when the generator is Suspended, or Created and the call is
//! `resume`/`next`. Anything the body says during creation or a call that
//! does not run it would still appear in the timeline, so the rule is checked
//! by every recording.
//!
//! Body output: a body calls [`say`](fn@say) (or [`say!`](macro@crate::say)) where Python
//! calls `print`. During a recorded call the line goes into the timeline;
//! anywhere else it is printed to stdout, so the same body works outside a
//! recording.

use pygen::{Error, GenResult, Generator, GeneratorState, Outcome};
use std::cell::RefCell;
use std::fmt::{Debug, Display, Write as _};

thread_local! {
    // The lines said by bodies during the current recorded call, if any.
    static SINK: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// A body's `print`: into the timeline during a recorded call, else to stdout.
pub fn say(line: impl Display) {
    let line = line.to_string();
    let unrecorded = SINK.with(|sink| match sink.borrow_mut().as_mut() {
        Some(lines) => {
            lines.push(line);
            None
        }
        None => Some(line),
    });
    if let Some(line) = unrecorded {
        println!("{line}");
    }
}

/// `say!("Take {}", x)`: [`say`](fn@crate::trace::say) with `format!` arguments.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::trace::say(::std::format_args!($($arg)*))
    };
}

/// [`say!`](crate::say) is also reachable as `pygen_tour::trace::say!`.
#[doc(inline)]
pub use crate::say;

/// Runs `f`, collecting what bodies [`say`] meanwhile (nesting-safe).
fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    struct Restore(Option<Option<Vec<String>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                SINK.with(|sink| *sink.borrow_mut() = previous);
            }
        }
    }
    let previous = SINK.with(|sink| sink.borrow_mut().replace(Vec::new()));
    let mut restore = Restore(Some(previous));
    let out = f();
    let lines = SINK
        .with(|sink| sink.borrow_mut().take())
        .unwrap_or_default();
    if let Some(previous) = restore.0.take() {
        SINK.with(|sink| *sink.borrow_mut() = previous);
    }
    (out, lines)
}

/// One thing that happened, in one lane (or, for a [`Note`](Event::Note), both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Caller: a call into the generator, e.g. `g.resume()`.
    Call(String),
    /// Caller: a line of the caller's own code, e.g. `for x in g.by_ref() {`.
    Code(String),
    /// Caller: what a call gave back, e.g. `Yielded(5)`.
    Outcome(String),
    /// Caller: a line the caller printed.
    CallerOutput(String),
    /// Generator: a line the body said (its `print`).
    BodyOutput(String),
    /// Generator: an error raised *into* the body at its paused `yield`
    /// (by `throw`, or `GeneratorExit` by `close`/drop).
    RaisedAtYield(String),
    /// Generator: the body paused at `yield v`.
    Yield(String),
    /// Generator: the body returned `r`.
    Return(String),
    /// Generator: an error escaped the body.
    Raise(String),
    /// Generator: its state changed (`from` is `None` at creation).
    State {
        /// The state before.
        from: Option<GeneratorState>,
        /// The state after.
        to: GeneratorState,
    },
    /// Both lanes: an explanation for the reader.
    Note(String),
}

/// A generator being recorded, with the variable name the timeline calls it by.
#[derive(Debug)]
pub struct Traced<G> {
    name: String,
    generator: G,
}

impl<G> Traced<G> {
    /// The variable name used in the timeline.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The generator, for calls that should not be recorded.
    pub fn get_mut(&mut self) -> &mut G {
        &mut self.generator
    }

    /// The generator, without its recording name.
    pub fn into_inner(self) -> G {
        self.generator
    }
}

impl<G: Generator> Traced<G> {
    /// The generator's current state.
    pub fn state(&self) -> GeneratorState {
        self.generator.state()
    }
}

/// The caller's operations, as the recorder names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Resume,
    Next,
    Send,
    Throw,
    Close,
    Drop,
}

impl Op {
    /// Whether this call runs body code, given the state before it (the protocol's rule).
    fn runs_body(self, before: GeneratorState) -> bool {
        match before {
            GeneratorState::Suspended => true,
            GeneratorState::Created => matches!(self, Op::Resume | Op::Next),
            GeneratorState::Running | GeneratorState::Closed => false,
        }
    }
}

/// Formats a protocol or body error: `Raised(ValueError)`, or the variant and
/// CPython's message (the error's `Display`) for protocol errors.
pub fn describe_error<E: Debug>(error: &Error<E>) -> String {
    match error {
        Error::Raised(e) => format!("Raised({e:?})"),
        Error::GeneratorExit => "GeneratorExit".to_owned(),
        other => {
            let message = other.as_ref().map_raised(|e| format!("{e:?}"));
            format!("{other:?}: {message}")
        }
    }
}

/// The generator lane's name for an error escaping the body: the body's own
/// error by itself (`raise KeyError`), a protocol error as [`describe_error`].
fn escaped(error: &Error<impl Debug>) -> String {
    match error {
        Error::Raised(e) => format!("{e:?}"),
        other => describe_error(other),
    }
}

/// The recorder: drives generators and keeps the timeline. See the [module docs](self).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorder {
    events: Vec<Event>,
}

impl Recorder {
    /// An empty timeline.
    pub fn new() -> Self {
        Recorder::default()
    }

    /// The events so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Adds an event by hand.
    pub fn push(&mut self, event: Event) {
        self.events.push(event);
    }

    /// A line of caller code that is not a generator call (e.g. `for x in g.by_ref() {`).
    pub fn code(&mut self, line: impl Into<String>) {
        self.events.push(Event::Code(line.into()));
    }

    /// The caller prints a line.
    pub fn print(&mut self, line: impl Display) {
        self.events.push(Event::CallerOutput(line.to_string()));
    }

    /// An explanation spanning both lanes.
    pub fn note(&mut self, text: impl Into<String>) {
        self.events.push(Event::Note(text.into()));
    }

    /// `let mut name = code;`: creates the generator with `make` and records
    /// its state (and anything the body said, which by rule R1 is nothing).
    pub fn create<G: Generator>(
        &mut self,
        name: &str,
        code: &str,
        make: impl FnOnce() -> G,
    ) -> Traced<G> {
        self.events
            .push(Event::Code(format!("let mut {name} = {code};")));
        let (generator, lines) = capture(make);
        self.events.extend(lines.into_iter().map(Event::BodyOutput));
        self.events.push(Event::State {
            from: None,
            to: generator.state(),
        });
        Traced {
            name: name.to_owned(),
            generator,
        }
    }

    /// Records one call: the call line, `Running` if it runs the body, the
    /// body's lines, then what `finish` adds, then the final state.
    fn call<G: Generator, T>(
        &mut self,
        g: &mut Traced<G>,
        op: Op,
        code: String,
        raised_at_yield: Option<String>,
        f: impl FnOnce(&mut G) -> T,
        finish: impl FnOnce(&T, bool, &mut G, &mut Vec<Event>),
    ) -> T {
        let before = g.generator.state();
        let runs = op.runs_body(before);
        self.events.push(Event::Call(code));
        if runs {
            self.events.push(Event::State {
                from: Some(before),
                to: GeneratorState::Running,
            });
            if let Some(error) = raised_at_yield {
                self.events.push(Event::RaisedAtYield(error));
            }
        }
        let (out, lines) = capture(|| f(&mut g.generator));
        self.events.extend(lines.into_iter().map(Event::BodyOutput));
        finish(&out, runs, &mut g.generator, &mut self.events);
        let after = g.generator.state();
        let from = if runs {
            GeneratorState::Running
        } else {
            before
        };
        if from != after {
            self.events.push(Event::State {
                from: Some(from),
                to: after,
            });
        }
        out
    }

    /// `g.resume()`: Python's `next(g)`.
    pub fn resume<G>(&mut self, g: &mut Traced<G>) -> GenResult<G::Item, G::Return, G::Error>
    where
        G: Generator,
        G::Item: Debug,
        G::Return: Debug,
    {
        let code = format!("{}.resume()", g.name);
        self.call(g, Op::Resume, code, None, |g| g.resume(), record_result)
    }

    /// `g.send(value)`: Python's `g.send(value)`.
    pub fn send<G>(
        &mut self,
        g: &mut Traced<G>,
        value: G::Send,
    ) -> GenResult<G::Item, G::Return, G::Error>
    where
        G: Generator,
        G::Item: Debug,
        G::Return: Debug,
        G::Send: Debug,
    {
        let code = format!("{}.send({value:?})", g.name);
        self.call(g, Op::Send, code, None, |g| g.send(value), record_result)
    }

    /// `g.throw(error)`: Python's `g.throw(error)`.
    pub fn throw<G>(
        &mut self,
        g: &mut Traced<G>,
        error: G::Error,
    ) -> GenResult<G::Item, G::Return, G::Error>
    where
        G: Generator,
        G::Item: Debug,
        G::Return: Debug,
    {
        let code = format!("{}.throw({error:?})", g.name);
        let raised = format!("{error:?} raised at the paused yield");
        self.call(
            g,
            Op::Throw,
            code,
            Some(raised),
            |g| g.throw(error),
            record_result,
        )
    }

    /// `g.close()`: Python's `g.close()`.
    pub fn close<G>(&mut self, g: &mut Traced<G>) -> Result<Option<G::Return>, Error<G::Error>>
    where
        G: Generator,
        G::Return: Debug,
    {
        let code = format!("{}.close()", g.name);
        let raised = "GeneratorExit raised at the paused yield".to_owned();
        self.call(
            g,
            Op::Close,
            code,
            Some(raised),
            |g| g.close(),
            |out, runs, _, events| {
                match out {
                    Ok(None) if runs => events.push(Event::Raise("GeneratorExit".to_owned())),
                    Ok(Some(r)) => events.push(Event::Return(format!("{r:?}"))),
                    Err(Error::IgnoredGeneratorExit) => {
                        events.push(Event::Yield("(while closing)".to_owned()))
                    }
                    Err(e) if runs => events.push(Event::Raise(escaped(e))),
                    _ => {}
                }
                events.push(Event::Outcome(match out {
                    Ok(r) => format!("Ok({r:?})"),
                    Err(e) => format!("Err({})", describe_error(e)),
                }));
            },
        )
    }

    /// `g.next()`: one step of a `for` loop ([`Iterator::next`]). When it
    /// returns `None` after the body ended, the recorder takes the
    /// [completion](Generator::take_completion) to show how the body ended.
    pub fn next<G>(&mut self, g: &mut Traced<G>) -> Option<G::Item>
    where
        G: Generator,
        G::Item: Debug,
        G::Return: Debug,
    {
        let code = format!("{}.next()", g.name);
        self.call(
            g,
            Op::Next,
            code,
            None,
            |g| g.next(),
            |out, runs, g, events| {
                match out {
                    Some(y) => events.push(Event::Yield(format!("{y:?}"))),
                    None if runs => match g.take_completion() {
                        Some(Ok(r)) => events.push(Event::Return(format!("{r:?}"))),
                        Some(Err(e)) => events.push(Event::Raise(escaped(&e))),
                        None => {}
                    },
                    None => {}
                }
                events.push(Event::Outcome(format!("{out:?}")));
            },
        )
    }

    /// `drop(g)`: the generator goes away; a Suspended one is closed first (R16).
    pub fn drop<G: Generator>(&mut self, g: Traced<G>) {
        let Traced {
            name,
            mut generator,
        } = g;
        let before = generator.state();
        let runs = Op::Drop.runs_body(before);
        self.events.push(Event::Call(format!("drop({name})")));
        if runs {
            self.events.push(Event::State {
                from: Some(before),
                to: GeneratorState::Running,
            });
            self.events.push(Event::RaisedAtYield(
                "GeneratorExit raised at the paused yield".to_owned(),
            ));
        }
        // Dropped inside the capture, so that cleanup output lands here.
        let ((), lines) = capture(move || {
            let _ = &mut generator;
            drop(generator);
        });
        self.events.extend(lines.into_iter().map(Event::BodyOutput));
        if before != GeneratorState::Closed {
            self.events.push(Event::State {
                from: Some(if runs {
                    GeneratorState::Running
                } else {
                    before
                }),
                to: GeneratorState::Closed,
            });
        }
    }

    /// The timeline as text: two lanes, caller | generator. `colour` adds ANSI
    /// colours (use it only when writing to a terminal).
    pub fn render(&self, colour: bool) -> String {
        self.render_from(0, colour, true)
    }

    /// The rows for events `start..` (what `pygen step` prints after each
    /// command), with the two-line header if `header`.
    pub fn render_from(&self, start: usize, colour: bool, header: bool) -> String {
        let mut out = String::new();
        if header {
            let _ = writeln!(out, "{:<LEFT$}| generator", "caller");
            let _ = writeln!(out, "{}+{}", "-".repeat(LEFT), "-".repeat(LEFT));
        }
        for row in rows(self.events.get(start..).unwrap_or_default()) {
            out.push_str(&row.render(colour));
            out.push('\n');
        }
        out
    }
}

/// The caller lane's width.
const LEFT: usize = 38;

/// Records what a resume/send/throw gave back.
fn record_result<G: Generator>(
    out: &GenResult<G::Item, G::Return, G::Error>,
    runs: bool,
    _: &mut G,
    events: &mut Vec<Event>,
) where
    G::Item: Debug,
    G::Return: Debug,
{
    match out {
        Ok(Outcome::Yielded(y)) => events.push(Event::Yield(format!("{y:?}"))),
        Ok(Outcome::Returned(r)) => events.push(Event::Return(format!("{r:?}"))),
        Err(e) if runs => events.push(Event::Raise(escaped(e))),
        _ => {}
    }
    events.push(Event::Outcome(match out {
        Ok(outcome) => format!("{outcome:?}"),
        Err(e) => format!("Err({})", describe_error(e)),
    }));
}

/// How a piece of text is coloured on a terminal.
#[derive(Clone, Copy)]
enum Style {
    Caller,
    Body,
    State,
    Error,
    Note,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Caller => "36", // cyan
            Style::Body => "33",   // yellow
            Style::State => "2",   // dim
            Style::Error => "31",  // red
            Style::Note => "1;35", // bold magenta
        }
    }
}

/// One printed row: caller text, generator text, or a note across both.
struct Row {
    left: Option<(String, Style)>,
    right: Option<(String, Style)>,
    note: Option<String>,
    /// The left text is a call: draw an arrow towards the generator.
    arrow: bool,
    /// The left text is the caller's output: it keeps its row to itself.
    output: bool,
}

impl Row {
    fn render(&self, colour: bool) -> String {
        let paint = |text: &str, style: Style| {
            if colour {
                format!("\x1b[{}m{text}\x1b[0m", style.code())
            } else {
                text.to_owned()
            }
        };
        if let Some(note) = &self.note {
            return paint(&format!("# {note}"), Style::Note);
        }
        let (left, left_style) = self.left.clone().unwrap_or((String::new(), Style::Caller));
        let mut left_cell = left.clone();
        let pad = LEFT.saturating_sub(left.chars().count());
        if self.arrow && pad >= 5 {
            left_cell.push_str(&" ".repeat(pad - 4));
            left_cell.push_str("--> ");
        } else {
            left_cell.push_str(&" ".repeat(pad.max(1)));
        }
        let left_cell = if left.is_empty() {
            left_cell
        } else {
            paint(&left_cell, left_style)
        };
        match &self.right {
            Some((text, style)) => format!("{left_cell}| {}", paint(text, *style)),
            None => format!("{left_cell}|"),
        }
    }
}

/// Lays the events out in rows, putting a caller-only event and the
/// generator-only event right after it on the same row.
fn rows(events: &[Event]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for event in events {
        let (left, right, arrow) = match event {
            Event::Note(text) => {
                rows.push(Row {
                    left: None,
                    right: None,
                    note: Some(text.clone()),
                    arrow: false,
                    output: false,
                });
                continue;
            }
            Event::Call(code) => (Some((code.clone(), Style::Caller)), None, true),
            Event::Code(code) => (Some((code.clone(), Style::Caller)), None, false),
            Event::Outcome(text) => {
                let style = if text.starts_with("Err(") {
                    Style::Error
                } else {
                    Style::Caller
                };
                (Some((format!("<-- {text}"), style)), None, false)
            }
            Event::CallerOutput(text) => (Some((format!("> {text}"), Style::Caller)), None, false),
            Event::BodyOutput(text) => (None, Some((format!("> {text}"), Style::Body)), false),
            Event::RaisedAtYield(text) => (None, Some((text.clone(), Style::Error)), false),
            Event::Yield(v) => (None, Some((format!("yield {v}"), Style::Body)), false),
            Event::Return(r) => (None, Some((format!("return {r}"), Style::Body)), false),
            Event::Raise(e) => (None, Some((format!("raise {e}"), Style::Error)), false),
            Event::State { from, to } => {
                let text = match from {
                    None => format!("[{to}]"),
                    Some(from) => format!("[{from} -> {to}]"),
                };
                (None, Some((text, Style::State)), false)
            }
        };
        if left.is_none()
            && let Some(last) = rows.last_mut()
            && last.note.is_none()
            && last.left.is_some()
            && last.right.is_none()
            && !last.output
        {
            last.right = right;
            continue;
        }
        // A call whose arrow points at nothing (no generator-lane event follows
        // on its row) still gets its arrow: it is a call.
        rows.push(Row {
            left,
            right,
            note: None,
            arrow,
            output: matches!(event, Event::CallerOutput(_)),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use pygen::{Shared, Stackful};
    use std::cell::RefCell;
    use std::rc::Rc;

    type Handle = Rc<RefCell<Option<Shared<Stackful<u8, (), (), &'static str>>>>>;

    /// The recorder draws `Running` from the protocol's rules; the body, looking
    /// at its own state through a shared handle, sees the same thing.
    #[test]
    fn running_is_what_the_generator_itself_reports() {
        let slot: Handle = Rc::default();
        let inside = slot.clone();
        let g = Shared::new(Stackful::new(move |co| {
            let me = inside.borrow().clone().ok_or(Error::GeneratorExit)?;
            say(format_args!("my state: {}", me.state()));
            let _cleanup = pygen::finally({
                let me = me.clone();
                move || say(format_args!("cleanup, my state: {}", me.state()))
            });
            co.yield_(1)?;
            say(format_args!("my state: {}", me.state()));
            co.yield_(2)?;
            Ok(())
        }));
        *slot.borrow_mut() = Some(g.clone());
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || g);
        let _ = rec.resume(&mut t);
        let _ = rec.resume(&mut t);
        let _ = rec.close(&mut t);
        slot.borrow_mut().take();
        let running = Event::State {
            from: Some(GeneratorState::Suspended),
            to: GeneratorState::Running,
        };
        let ev = rec.events();
        let said: Vec<usize> = (0..ev.len())
            .filter(|&i| matches!(&ev[i], Event::BodyOutput(_)))
            .collect();
        assert_eq!(said.len(), 3);
        for &i in &said {
            assert!(matches!(&ev[i], Event::BodyOutput(s) if s.ends_with("Running")));
        }
        assert_eq!(
            ev[said[0] - 1],
            Event::State {
                from: Some(GeneratorState::Created),
                to: GeneratorState::Running
            }
        );
        assert_eq!(ev[said[1] - 1], running);
        assert_eq!(ev[said[2] - 2], running);
        assert_eq!(
            ev[said[2] - 1],
            Event::RaisedAtYield("GeneratorExit raised at the paused yield".into())
        );
    }

    #[test]
    fn calls_that_run_no_body_code_show_no_running() {
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || {
            Stackful::<u8, u8, (), &'static str>::new(|co| {
                say("started");
                co.yield_(1)?;
                Ok(())
            })
        });
        let _ = rec.send(&mut t, 7);
        let _ = rec.throw(&mut t, "boom");
        let _ = rec.resume(&mut t);
        assert_eq!(
            rec.events(),
            [
                Event::Code("let mut g = body();".into()),
                Event::State {
                    from: None,
                    to: GeneratorState::Created
                },
                Event::Call("g.send(7)".into()),
                Event::Outcome(
                    "Err(SendToJustStarted: can't send non-None value to a just-started generator)"
                        .into()
                ),
                Event::Call("g.throw(\"boom\")".into()),
                Event::Outcome("Err(Raised(\"boom\"))".into()),
                Event::State {
                    from: Some(GeneratorState::Created),
                    to: GeneratorState::Closed
                },
                Event::Call("g.resume()".into()),
                Event::Outcome("Exhausted".into()),
            ]
        );
    }

    #[test]
    fn capture_nests_and_restores() {
        let (lines, outer) = capture(|| {
            say("outer 1");
            let ((), inner) = capture(|| say("inner"));
            say("outer 2");
            inner
        });
        assert_eq!(lines, ["inner"]);
        assert_eq!(outer, ["outer 1", "outer 2"]);
        SINK.with(|s| assert!(s.borrow().is_none(), "no sink left behind"));
    }

    #[test]
    fn colour_only_when_asked() {
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || {
            Stackful::<u8>::new(|co| {
                co.yield_(1)?;
                Ok(())
            })
        });
        let _ = rec.resume(&mut t);
        assert!(!rec.render(false).contains('\x1b'));
        assert!(rec.render(true).contains("\x1b[36m"));
        assert_eq!(
            rec.render_from(2, false, false),
            "g.resume()                        --> | [Created -> Running]\n\
             \x20                                     | yield 1\n\
             <-- Yielded(1)                        | [Running -> Suspended]\n"
        );
    }
}
