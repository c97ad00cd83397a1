//! Step-through: drive an example's generator one typed command at a time,
//! and get Python's answer to each call, with the Rust call beside it.

mod command;
mod value;

pub use command::{Command, Literal};
pub use value::{PyRepr, SendValue, Sent};

use super::Exception;
use crate::trace::{Recorder, Sub, Traced};
use pygen::{Error, GenResult, Generator, GeneratorState, Outcome};
use std::fmt::{self, Debug};

/// A slip: an unknown command, or a value the generator cannot take. Its
/// Display is the message to show; nothing was called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The answer to one call, both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// As Python prints it: `next(g) → 5`, `g.close() → None`,
    /// `next(g) raises StopIteration`, `g.send('Care') raises TypeError: ...`.
    pub python: String,
    /// The same call in pygen's API and what it returned:
    /// `g.resume() → Ok(Yielded(5))`.
    pub rust: String,
}

/// A generator under step-through, as `pygen step` sees it.
pub trait Stepper {
    /// The timeline so far.
    fn recorder(&self) -> &Recorder;

    /// The generator's variable name (`g`).
    fn name(&self) -> &str;

    /// Carries out one command, recording it, and gives the answer (`None`
    /// for `quit`, which drops the generator, and `help`). A slip calls
    /// nothing and is an error.
    fn apply(&mut self, command: &Command) -> Result<Option<Answer>, UsageError>;
}

/// The [`Stepper`] for any generator whose error type is [`Exception`].
pub struct StepGen<G> {
    rec: Recorder,
    name: String,
    // `None` once dropped (after `quit`).
    generator: Option<Traced<Protocol<G>>>,
    // The Python original's type when it is not a generator (`itertools.count`).
    iterator: Option<&'static str>,
    // Something the generator needs alive, e.g. the temporary log file.
    #[allow(dead_code)]
    keep: Option<Box<dyn std::any::Any>>,
}

impl<G: Generator<Error = Exception>> StepGen<G> {
    /// Creates the generator (recording its creation as `let mut name = code;`).
    pub fn new(name: &str, code: &str, make: impl FnOnce() -> G) -> Self {
        let mut rec = Recorder::new();
        let generator = rec.create(name, code, || Protocol(make()));
        StepGen {
            rec,
            name: name.to_owned(),
            generator: Some(generator),
            iterator: None,
            keep: None,
        }
    }

    /// Keeps `thing` alive as long as this stepper (e.g. a temporary file).
    pub fn keep_alive(mut self, thing: impl std::any::Any) -> Self {
        self.keep = Some(Box::new(thing));
        self
    }

    /// The Python original is the C iterator `python_type` (e.g.
    /// `itertools.count`), not a generator: like CPython, the stepper answers
    /// `send`, `throw` and `close` with an AttributeError and calls nothing.
    pub fn iterator(mut self, python_type: &'static str) -> Self {
        self.iterator = Some(python_type);
        self
    }
}

impl<G> StepGen<G> {
    /// CPython's answer to a method (`send()`) or attribute (`gi_yieldfrom`)
    /// an iterator does not have.
    fn refuse(&mut self, python_type: &str, call: String, attribute: &str) -> Answer {
        self.rec.note(format!(
            "{python_type} has no {attribute} (a C iterator, not a generator): nothing called"
        ));
        let attribute = attribute.trim_end_matches("()");
        Answer {
            python: format!(
                "{call} raises AttributeError: '{python_type}' object has no attribute '{attribute}'"
            ),
            rust: "not called".to_owned(),
        }
    }
}

/// Python's repr of what `gi_yieldfrom` holds, with the address left out
/// (`0x…`: CPython's differs from run to run): `<generator object inner at
/// 0x…>`; for a plain iterator, the type Python's original iterates where
/// the port's is a Python list (an array or `Vec`), else the Rust type.
fn py_yieldfrom(sub: pygen::YieldFrom) -> String {
    let list = [
        "core::array::iter::IntoIter<",
        "alloc::vec::into_iter::IntoIter<",
    ];
    let short = Sub::from(sub).name;
    match sub.state {
        Some(_) => format!("<generator object {short} at 0x…>"),
        None if list.iter().any(|t| sub.name.contains(t)) => {
            "<list_iterator object at 0x…>".to_owned()
        }
        None => format!("<{short} object at 0x…>"),
    }
}

impl<G> Stepper for StepGen<G>
where
    G: Generator<Error = Exception>,
    G::Item: Debug + PyRepr,
    G::Return: Debug + PyRepr,
    G::Send: SendValue,
{
    fn recorder(&self) -> &Recorder {
        &self.rec
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn apply(&mut self, command: &Command) -> Result<Option<Answer>, UsageError> {
        let name = self.name.clone();
        let Some(g) = self.generator.as_mut() else {
            return Err(UsageError("the generator was dropped (after quit)".into()));
        };
        let answer =
            match command {
                Command::Help => return Ok(None),
                Command::YieldFrom => {
                    let call = format!("{name}.gi_yieldfrom");
                    if let Some(python_type) = self.iterator {
                        return Ok(Some(self.refuse(python_type, call, "gi_yieldfrom")));
                    }
                    let sub = g.get().yielding_from();
                    Answer {
                        python: format!("{call} → {}", sub.map_or("None".to_owned(), py_yieldfrom)),
                        rust: format!("{name}.yielding_from() → {sub:?}"),
                    }
                }
                Command::Quit => {
                    if let Some(g) = self.generator.take() {
                        self.rec.drop(g);
                    }
                    return Ok(None);
                }
                Command::Next => {
                    let r = self.rec.resume(g);
                    answer(format!("next({name})"), format!("{name}.resume()"), &r)
                }
                Command::Send(literal) => {
                    let call = format!("{name}.send({})", literal.repr());
                    if let Some(python_type) = self.iterator {
                        return Ok(Some(self.refuse(python_type, call, "send()")));
                    }
                    match G::Send::from_literal(literal)? {
                        None => {
                            self.rec.note(format!(
                                "send(None) is next({name}): Rust spells it resume()"
                            ));
                            let r = self.rec.resume(g);
                            answer(call, format!("{name}.resume()"), &r)
                        }
                        Some(Sent { value, note }) => {
                            if let Some(note) = note {
                                self.rec.note(note);
                            }
                            let rust = format!("{name}.send({value:?})");
                            let r = self.rec.send(g, value);
                            answer(call, rust, &r)
                        }
                    }
                }
                Command::Throw(e) => {
                    let call = format!("{name}.throw({e})");
                    if let Some(python_type) = self.iterator {
                        return Ok(Some(self.refuse(python_type, call, "throw()")));
                    }
                    let before = g.state();
                    let rust = match Protocol::<G>::protocol_error(e) {
                        Some(p) => format!("{name}.throw_error(Error::{p:?})"),
                        None => format!("{name}.throw({e:?})"),
                    };
                    let r = self.rec.throw(g, e.clone());
                    match before {
                    GeneratorState::Created => self.rec.note(
                        "thrown into a Created generator: raised before any body code, now Closed",
                    ),
                    GeneratorState::Closed => self
                        .rec
                        .note("thrown into a Closed generator: raised at once, nothing ran"),
                    _ if matches!(r, Err(Error::Raised(ref raised)) if raised == e) => self
                        .rec
                        .note(format!("{e:?} was not handled: it came back out of throw()")),
                    _ => {}
                }
                    if let Ok(Outcome::Yielded(_)) = r {
                        self.rec
                            .note("the body handled it and ran to its next yield");
                    }
                    answer(call, rust, &r)
                }
                Command::Close => {
                    let call = format!("{name}.close()");
                    if let Some(python_type) = self.iterator {
                        return Ok(Some(self.refuse(python_type, call, "close()")));
                    }
                    let r = self.rec.close(g);
                    let python = match &r {
                        Ok(returned) => format!(
                            "{call} → {}",
                            returned.as_ref().map_or("None".to_owned(), PyRepr::py_repr)
                        ),
                        Err(e) => format!("{call} raises {}", python_error(e)),
                    };
                    Answer {
                        python,
                        rust: format!("{call} → {r:?}"),
                    }
                }
            };
        Ok(Some(answer))
    }
}

/// The answer to a resume, send or throw.
fn answer<Y: Debug + PyRepr, R: Debug + PyRepr>(
    python_call: String,
    rust_call: String,
    r: &GenResult<Y, R, Exception>,
) -> Answer {
    let python = match r {
        Ok(Outcome::Yielded(y)) => format!("{python_call} → {}", y.py_repr()),
        Ok(Outcome::Returned(r)) => match r.py_repr() {
            none if none == "None" => format!("{python_call} raises StopIteration"),
            value => format!("{python_call} raises StopIteration(value={value})"),
        },
        Ok(Outcome::Exhausted) => format!("{python_call} raises StopIteration"),
        Err(e) => format!("{python_call} raises {}", python_error(e)),
    };
    Answer {
        python,
        rust: format!("{rust_call} → {r:?}"),
    }
}

/// An error as Python names it: `KeyError`, `TypeError: can't send ...`.
fn python_error(e: &Error<Exception>) -> String {
    let class = match e {
        Error::Raised(raised) => raised.name(),
        Error::GeneratorExit => "GeneratorExit",
        Error::StopIteration => "StopIteration",
        Error::RaisedStopIteration | Error::IgnoredGeneratorExit => "RuntimeError",
        Error::SendToJustStarted => "TypeError",
        Error::AlreadyExecuting => "ValueError",
        Error::IteratorCannotSend { .. } => "AttributeError",
    };
    let message = match e {
        Error::Raised(Exception::OSError(message)) => message.clone(),
        Error::Raised(_) | Error::GeneratorExit | Error::StopIteration => String::new(),
        protocol => protocol.to_string(),
    };
    if message.is_empty() {
        class.to_owned()
    } else {
        format!("{class}: {message}")
    }
}

/// The generator under step-through. Python's `StopIteration` and
/// `GeneratorExit` are not body errors but the protocol's own: thrown by
/// name (an [`Exception::Other`] to the body's error type), they go in as
/// [`Error::StopIteration`] and [`Error::GeneratorExit`], so the runtime's
/// rules for them apply (a StopIteration escaping the body is a
/// RuntimeError).
struct Protocol<G>(G);

impl<G: Generator<Error = Exception>> Protocol<G> {
    fn protocol_error(e: &Exception) -> Option<Error<Exception>> {
        match e.name() {
            "StopIteration" => Some(Error::StopIteration),
            "GeneratorExit" => Some(Error::GeneratorExit),
            _ => None,
        }
    }
}

impl<G: Generator> Iterator for Protocol<G> {
    type Item = G::Item;

    fn next(&mut self) -> Option<G::Item> {
        self.0.next()
    }
}

impl<G: Generator<Error = Exception>> Generator for Protocol<G> {
    type Send = G::Send;
    type Return = G::Return;
    type Error = Exception;

    fn resume(&mut self) -> GenResult<G::Item, G::Return, Exception> {
        self.0.resume()
    }

    fn send(&mut self, value: G::Send) -> GenResult<G::Item, G::Return, Exception> {
        self.0.send(value)
    }

    fn throw_error(&mut self, error: Error<Exception>) -> GenResult<G::Item, G::Return, Exception> {
        let error = match &error {
            Error::Raised(e) => Self::protocol_error(e).unwrap_or(error),
            _ => error,
        };
        self.0.throw_error(error)
    }

    fn close(&mut self) -> Result<Option<G::Return>, Error<Exception>> {
        self.0.close()
    }

    fn state(&self) -> GeneratorState {
        self.0.state()
    }

    fn take_completion(&mut self) -> Option<Result<G::Return, Error<Exception>>> {
        self.0.take_completion()
    }

    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn delegation_chain(&self) -> Vec<pygen::YieldFrom> {
        self.0.delegation_chain()
    }
}
