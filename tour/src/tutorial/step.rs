//! Step-through: drive an example's generator one typed command at a time.

use super::Exception;
use crate::trace::{Recorder, Traced};
use pygen::{Generator, GeneratorState, Outcome};
use std::fmt::{self, Debug};
use std::str::FromStr;

/// Bad input from the learner: an unknown command or a value of the wrong
/// type. Its Display is the message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// One step-through command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `next`: Python's `next(g)`.
    Next,
    /// `send <v>` (or `send` alone: `send(None)`, the same as `next`).
    Send(Option<String>),
    /// `throw [ExceptionName]` (default `ValueError`).
    Throw(Exception),
    /// `close`.
    Close,
    /// `quit` (or end of input): drop the generator and stop.
    Quit,
}

/// The commands, for help and error messages.
pub const COMMANDS: &str = "next | send <value> | throw [ExceptionName] | close | quit";

impl FromStr for Command {
    type Err = UsageError;

    fn from_str(line: &str) -> Result<Self, UsageError> {
        let line = line.trim();
        let (word, rest) = match line.split_once(char::is_whitespace) {
            Some((word, rest)) => (word, rest.trim()),
            None => (line, ""),
        };
        let no_argument = |cmd: Command| {
            if rest.is_empty() {
                Ok(cmd)
            } else {
                Err(UsageError(format!(
                    "`{word}` takes no argument (got `{rest}`)"
                )))
            }
        };
        match word {
            "next" | "n" => no_argument(Command::Next),
            "close" | "c" => no_argument(Command::Close),
            "quit" | "q" | "exit" => no_argument(Command::Quit),
            "send" | "s" => Ok(Command::Send((!rest.is_empty()).then(|| rest.to_owned()))),
            "throw" | "t" => Ok(Command::Throw(if rest.is_empty() {
                Exception::ValueError
            } else {
                Exception::parse(rest)?
            })),
            "" => Err(UsageError(format!("empty command: expected {COMMANDS}"))),
            other => Err(UsageError(format!(
                "unknown command `{other}`: expected {COMMANDS}"
            ))),
        }
    }
}

/// A type the learner can `send`: parsed from the command's text.
pub trait SendValue: Sized + Debug {
    /// The type's name as the learner should read it.
    const NAME: &'static str;

    /// `text` is what followed `send`. `Ok(None)` means Python's `send(None)`.
    fn parse_send(text: Option<&str>) -> Result<Option<Self>, UsageError>;
}

impl SendValue for () {
    const NAME: &'static str = "()";

    fn parse_send(text: Option<&str>) -> Result<Option<()>, UsageError> {
        match text {
            None => Ok(None),
            Some(v) => Err(UsageError(format!(
                "this generator receives no values (its Send type is `()`), so `send {v}` \
                 has no Rust equivalent; `send` alone is send(None), the same as `next`"
            ))),
        }
    }
}

impl SendValue for String {
    const NAME: &'static str = "String";

    fn parse_send(text: Option<&str>) -> Result<Option<String>, UsageError> {
        Ok(text.map(|t| {
            let unquoted = t
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .or_else(|| t.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')));
            unquoted.unwrap_or(t).to_owned()
        }))
    }
}

macro_rules! send_numbers {
    ($($ty:ty),*) => {$(
        impl SendValue for $ty {
            const NAME: &'static str = stringify!($ty);

            fn parse_send(text: Option<&str>) -> Result<Option<$ty>, UsageError> {
                text.map(|t| {
                    t.parse::<$ty>().map_err(|_| {
                        UsageError(format!(
                            "`{t}` is not a value of this generator's Send type `{}`",
                            stringify!($ty)
                        ))
                    })
                })
                .transpose()
            }
        }
    )*};
}

send_numbers!(i64, u32, u64);

/// A generator under step-through, as `pygen step` sees it.
pub trait Stepper {
    /// The timeline so far.
    fn recorder(&self) -> &Recorder;

    /// Carries out one command (a [`Command::Quit`] drops the generator),
    /// recording it. Bad input changes nothing and is an error.
    fn apply(&mut self, command: &Command) -> Result<(), UsageError>;
}

/// The [`Stepper`] for any generator whose error type is [`Exception`].
pub struct StepGen<G> {
    rec: Recorder,
    // `None` once dropped (after `quit`).
    generator: Option<Traced<G>>,
    // Something the generator needs alive, e.g. the temporary log file.
    #[allow(dead_code)]
    keep: Option<Box<dyn std::any::Any>>,
}

impl<G: Generator> StepGen<G> {
    /// Creates the generator (recording its creation as `let mut name = code;`).
    pub fn new(name: &str, code: &str, make: impl FnOnce() -> G) -> Self {
        let mut rec = Recorder::new();
        let generator = rec.create(name, code, make);
        StepGen {
            rec,
            generator: Some(generator),
            keep: None,
        }
    }

    /// Keeps `thing` alive as long as this stepper (e.g. a temporary file).
    pub fn keep_alive(mut self, thing: impl std::any::Any) -> Self {
        self.keep = Some(Box::new(thing));
        self
    }
}

impl<G> Stepper for StepGen<G>
where
    G: Generator<Error = Exception>,
    G::Item: Debug,
    G::Return: Debug,
    G::Send: SendValue,
{
    fn recorder(&self) -> &Recorder {
        &self.rec
    }

    fn apply(&mut self, command: &Command) -> Result<(), UsageError> {
        let Some(g) = self.generator.as_mut() else {
            return Err(UsageError("the generator was dropped (after quit)".into()));
        };
        match command {
            Command::Next => {
                let _ = self.rec.resume(g);
            }
            Command::Send(text) => match G::Send::parse_send(text.as_deref())? {
                Some(v) => {
                    let _ = self.rec.send(g, v);
                }
                None => {
                    self.rec
                        .note("send(None) is next(g): Rust spells it resume()");
                    let _ = self.rec.resume(g);
                }
            },
            Command::Throw(e) => {
                let before = g.state();
                let result = self.rec.throw(g, e.clone());
                match before {
                    GeneratorState::Created => self.rec.note(
                        "thrown into a Created generator: raised before any body code, now Closed",
                    ),
                    GeneratorState::Closed => self
                        .rec
                        .note("thrown into a Closed generator: raised at once, nothing ran"),
                    _ if matches!(result, Err(pygen::Error::Raised(ref r)) if r == e) => {
                        self.rec.note(format!(
                            "{e:?} was not handled: it came back out of throw()"
                        ))
                    }
                    _ => {}
                }
                if let Ok(Outcome::Yielded(_)) = result {
                    self.rec
                        .note("the body handled it and ran to its next yield");
                }
            }
            Command::Close => {
                let _ = self.rec.close(g);
            }
            Command::Quit => {
                if let Some(g) = self.generator.take() {
                    self.rec.drop(g);
                }
            }
        }
        Ok(())
    }
}
