//! The recorder: drives a generator through the protocol and writes down
//! every call, what the body did, and what the caller got back.

use super::outcome::{describe_error, escaped, outcome, record_result};
use super::python::{py_exception, py_repr};
use super::say::capture;
use super::{Event, delegation};
use pygen::{Error, GenResult, Generator, GeneratorState};
use std::fmt::{Debug, Display};

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

    /// The generator, for reading it without recording anything.
    pub fn get(&self) -> &G {
        &self.generator
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

/// The recorder: drives generators and keeps the timeline. See the [module docs](super).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorder {
    pub(super) events: Vec<Event>,
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

    /// A line of caller code that is not a generator call (e.g. `for x in g.by_ref() {`),
    /// the same in Python.
    pub fn code(&mut self, line: impl Into<String>) {
        let rust = line.into();
        let python = rust.clone();
        self.events.push(Event::Code { rust, python });
    }

    /// A line of caller code, spelled in Rust and in Python.
    pub fn code_as(&mut self, rust: impl Into<String>, python: impl Into<String>) {
        self.events.push(Event::Code {
            rust: rust.into(),
            python: python.into(),
        });
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
    /// In Python the line reads `name = code`, with `vec![..]` as `[..]`.
    pub fn create<G: Generator>(
        &mut self,
        name: &str,
        code: &str,
        make: impl FnOnce() -> G,
    ) -> Traced<G> {
        self.events.push(Event::Code {
            rust: format!("let mut {name} = {code};"),
            python: format!("{name} = {}", code.replace("vec![", "[")),
        });
        let (generator, lines) = capture(make);
        self.events.extend(
            lines
                .into_iter()
                .map(|s| Event::from_said(s, Event::BodyOutput)),
        );
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
    /// body's lines, then what `finish` adds, then the final state, and
    /// what the generator now delegates to if it is inside `yield from`.
    #[allow(clippy::too_many_arguments)]
    fn call<G: Generator, T>(
        &mut self,
        g: &mut Traced<G>,
        op: Op,
        (rust, python): (String, String),
        raised_at_yield: Option<String>,
        f: impl FnOnce(&mut G) -> T,
        finish: impl FnOnce(&T, bool, &mut G, &mut Vec<Event>),
    ) -> T {
        let before = g.generator.state();
        let runs = op.runs_body(before);
        self.events.push(Event::Call {
            name: g.name.clone(),
            rust,
            python,
        });
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
        self.events.extend(
            lines
                .into_iter()
                .map(|s| Event::from_said(s, Event::BodyOutput)),
        );
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
        let chain = delegation(&g.generator);
        if !chain.is_empty() {
            self.events.push(Event::YieldFrom(chain));
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
        let code = (format!("{}.resume()", g.name), format!("next({})", g.name));
        self.call(g, Op::Resume, code, None, |g| g.resume(), record_result)
    }

    /// Python's `g.send(None)`, which Rust spells `g.resume()`.
    pub fn send_none<G>(&mut self, g: &mut Traced<G>) -> GenResult<G::Item, G::Return, G::Error>
    where
        G: Generator,
        G::Item: Debug,
        G::Return: Debug,
    {
        let code = (
            format!("{}.resume()", g.name),
            format!("{}.send(None)", g.name),
        );
        self.call(g, Op::Resume, code, None, |g| g.resume(), record_result)
    }

    /// Caller code that runs `f` (no generator involved); what `f` says is
    /// the caller's output, e.g. an eager list comprehension's prints.
    pub fn caller<T>(
        &mut self,
        rust: impl Into<String>,
        python: impl Into<String>,
        f: impl FnOnce() -> T,
    ) -> T {
        self.code_as(rust, python);
        let (out, lines) = capture(f);
        self.events.extend(
            lines
                .into_iter()
                .map(|s| Event::from_said(s, Event::CallerOutput)),
        );
        out
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
        let code = (
            format!("{}.send({value:?})", g.name),
            format!("{}.send({})", g.name, py_repr(&value)),
        );
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
        let code = (
            format!("{}.throw({error:?})", g.name),
            format!("{}.throw({})", g.name, py_repr(&error)),
        );
        let raised = format!("{error:?}");
        self.call(
            g,
            Op::Throw,
            code,
            Some(raised),
            |g| g.throw(error),
            record_result,
        )
    }

    /// `g.close()`: Python's `g.close()`. The body sees GeneratorExit; the
    /// caller sees `None` (CPython 3.11's close returns None), or an error.
    pub fn close<G>(&mut self, g: &mut Traced<G>) -> Result<Option<G::Return>, Error<G::Error>>
    where
        G: Generator,
        G::Return: Debug,
    {
        let code = (format!("{}.close()", g.name), format!("{}.close()", g.name));
        self.call(
            g,
            Op::Close,
            code,
            Some("GeneratorExit".to_owned()),
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
                events.push(match out {
                    Ok(r) => outcome(format!("Ok({r:?})"), "None".to_owned(), false),
                    Err(e) => outcome(
                        format!("Err({})", describe_error(e)),
                        format!("raises {}", py_exception(e)),
                        true,
                    ),
                });
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
        let code = (format!("{}.next()", g.name), format!("next({})", g.name));
        self.call(
            g,
            Op::Next,
            code,
            None,
            |g| g.next(),
            |out, runs, g, events| {
                let mut python = "StopIteration: the loop ends".to_owned();
                match out {
                    Some(y) => events.push(Event::Yield(format!("{y:?}"))),
                    None if runs => match g.take_completion() {
                        Some(Ok(r)) => events.push(Event::Return(format!("{r:?}"))),
                        Some(Err(e)) => {
                            python = format!("raises {}", py_exception(&e));
                            events.push(Event::Raise(escaped(&e)))
                        }
                        None => {}
                    },
                    None => {}
                }
                events.push(match out {
                    Some(y) => outcome(format!("{out:?}"), py_repr(y), false),
                    None => outcome("None".to_owned(), python, false),
                });
            },
        )
    }

    /// `drop(g)`: the generator goes away; a Suspended one is closed first (R16).
    /// In Python: its last reference goes (`del g`).
    pub fn drop<G: Generator>(&mut self, g: Traced<G>) {
        let Traced {
            name,
            mut generator,
        } = g;
        let before = generator.state();
        let runs = Op::Drop.runs_body(before);
        self.events.push(Event::Call {
            name: name.clone(),
            rust: format!("drop({name})"),
            python: format!("del {name}"),
        });
        if runs {
            self.events.push(Event::State {
                from: Some(before),
                to: GeneratorState::Running,
            });
            self.events
                .push(Event::RaisedAtYield("GeneratorExit".to_owned()));
        }
        // Dropped inside the capture, so that cleanup output lands here.
        let ((), lines) = capture(move || {
            let _ = &mut generator;
            drop(generator);
        });
        self.events.extend(
            lines
                .into_iter()
                .map(|s| Event::from_said(s, Event::BodyOutput)),
        );
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
}
