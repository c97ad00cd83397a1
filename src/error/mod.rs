//! The one error type of the generator protocol.

use std::fmt;

mod type_name;

pub use type_name::TypeName;

/// Everything that can be raised at a `yield`, escape a body, or come out of
/// `resume`/`send`/`throw`/`close`.
///
/// Python has one exception hierarchy; a pygen generator has two layers of errors:
/// the body's own error type `E` (carried by [`Error::Raised`]) and the protocol's
/// conditions (every other variant), whose [`Display`](fmt::Display) texts are
/// CPython's exact messages.
///
/// Inside a body, `yield` evaluates to a [`Resume`](crate::Resume), a
/// `Result<Option<S>, Error<E>>`: `?` propagates a thrown error or a close
/// ([`Error::GeneratorExit`]) and a `match` can handle them one by one. Because
/// `GeneratorExit` is its own variant, a handler for "any error of mine"
/// (`Err(Error::Raised(e))`) never swallows a close by accident (rule R15).
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{Error, Generator, Stackful};
///
/// // def bad():
/// //     yield 1
/// //     raise StopIteration
/// // g = bad(); next(g); next(g) -> RuntimeError: generator raised StopIteration
/// let mut g = Stackful::<i32>::new(|co| {
///     co.yield_(1)?;
///     Err(Error::StopIteration)
/// });
/// g.next();
/// let err = g.resume().unwrap_err();
/// assert_eq!(err, Error::RaisedStopIteration); // PEP 479 (rule R18)
/// assert_eq!(err.to_string(), "generator raised StopIteration");
/// # }
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Error<E> {
    /// Raised at the paused `yield` by [`close`](crate::Generator::close) (or
    /// delivered by `throw_error(Error::GeneratorExit)`). A body should let it
    /// propagate (`?`), after its cleanup.
    GeneratorExit,
    /// An error of the body's own type: thrown in with
    /// [`throw`](crate::Generator::throw), or raised by the body itself.
    Raised(E),
    /// Python's `StopIteration`, raised *inside* a body, for instance by
    /// [`next_or_stop`](crate::next_or_stop). When it escapes the body it becomes
    /// [`Error::RaisedStopIteration`] (rule R18): a stop from an inner iterator is
    /// never mistaken for the generator's own return.
    StopIteration,
    /// `generator raised StopIteration` (Python: `RuntimeError`).
    RaisedStopIteration,
    /// `can't send non-None value to a just-started generator` (Python: `TypeError`).
    /// The generator stays Created and usable (rule R5).
    SendToJustStarted,
    /// `generator ignored GeneratorExit` (Python: `RuntimeError`): the body yielded
    /// while handling a close. The generator stays Suspended at that yield (R13).
    IgnoredGeneratorExit,
    /// `generator already executing` (Python: `ValueError`): a re-entrant resume
    /// through a [`Shared`](crate::Shared) handle (R17).
    AlreadyExecuting,
    /// A value was sent to a `yield from` over a plain iterator, which cannot
    /// receive values (Python: `AttributeError`, rule R27).
    ///
    /// Displayed in CPython's format with the iterator's Rust type, shortened
    /// to its last path segment: `'IntoIter<&str>' object has no attribute
    /// 'send'` where CPython says `'list_iterator' object ...`.
    IteratorCannotSend {
        /// The iterator's type ([`TypeName::of`]).
        iterator: TypeName,
    },
}

impl<E> Error<E> {
    /// `true` for [`Error::GeneratorExit`].
    ///
    /// ```
    /// use pygen::Error;
    ///
    /// assert!(Error::<&str>::GeneratorExit.is_generator_exit());
    /// assert!(!Error::Raised("GeneratorExit").is_generator_exit());
    /// ```
    pub fn is_generator_exit(&self) -> bool {
        matches!(self, Error::GeneratorExit)
    }

    /// The body's own error, if this is one.
    ///
    /// ```
    /// use pygen::Error;
    ///
    /// assert_eq!(Error::Raised("bad page").raised(), Some("bad page"));
    /// assert_eq!(Error::<&str>::AlreadyExecuting.raised(), None);
    /// ```
    pub fn raised(self) -> Option<E> {
        match self {
            Error::Raised(e) => Some(e),
            _ => None,
        }
    }

    /// Converts the body's error type, keeping every protocol variant, e.g. to
    /// pass a sub-generator's errors on in the delegator's own type.
    ///
    /// ```
    /// use pygen::Error;
    ///
    /// let to_text = |e: Error<u16>| e.map_raised(|code| format!("HTTP {code}"));
    /// assert_eq!(to_text(Error::Raised(404)), Error::Raised("HTTP 404".to_string()));
    /// assert_eq!(to_text(Error::GeneratorExit), Error::GeneratorExit);
    /// ```
    pub fn map_raised<F, E2>(self, f: F) -> Error<E2>
    where
        F: FnOnce(E) -> E2,
    {
        match self {
            Error::GeneratorExit => Error::GeneratorExit,
            Error::Raised(e) => Error::Raised(f(e)),
            Error::StopIteration => Error::StopIteration,
            Error::RaisedStopIteration => Error::RaisedStopIteration,
            Error::SendToJustStarted => Error::SendToJustStarted,
            Error::IgnoredGeneratorExit => Error::IgnoredGeneratorExit,
            Error::AlreadyExecuting => Error::AlreadyExecuting,
            Error::IteratorCannotSend { iterator } => Error::IteratorCannotSend { iterator },
        }
    }

    /// Borrows the body's error: `Error<&E>`, e.g. to format an error whose
    /// `E` has no `Display` (see [`Display`](#impl-Display-for-Error%3CE%3E)).
    ///
    /// ```
    /// use pygen::Error;
    ///
    /// let e = Error::Raised(String::from("bad page"));
    /// let borrowed: Error<&String> = e.as_ref();
    /// assert_eq!(borrowed.raised().map(String::len), Some(8));
    /// assert_eq!(e, Error::Raised("bad page".to_string())); // still owned here
    /// ```
    pub fn as_ref(&self) -> Error<&E> {
        match self {
            Error::GeneratorExit => Error::GeneratorExit,
            Error::Raised(e) => Error::Raised(e),
            Error::StopIteration => Error::StopIteration,
            Error::RaisedStopIteration => Error::RaisedStopIteration,
            Error::SendToJustStarted => Error::SendToJustStarted,
            Error::IgnoredGeneratorExit => Error::IgnoredGeneratorExit,
            Error::AlreadyExecuting => Error::AlreadyExecuting,
            Error::IteratorCannotSend { iterator } => Error::IteratorCannotSend {
                iterator: *iterator,
            },
        }
    }

    /// A one-line description that needs only `E: Debug` (used by the drop
    /// hook): a body error's `Debug`, a protocol error's CPython message.
    pub(crate) fn describe(&self) -> String
    where
        E: fmt::Debug,
    {
        match self {
            Error::Raised(_) => format!("{self:?}"),
            other => other.as_ref().map_raised(|e| format!("{e:?}")).to_string(),
        }
    }
}

/// The body's own error as [`Error::Raised`], so that `?` on a `Result<_, E>`
/// raises inside a body whose error type is `E` (Python's `raise`):
///
/// ```
/// # use pygen::Error;
/// #[derive(Debug, PartialEq)]
/// struct BadNumber(String);
///
/// fn parse(s: &str) -> Result<i32, Error<BadNumber>> {
///     if s.is_empty() {
///         Err(BadNumber("empty".into()))?;
///     }
///     Ok(s.parse().map_err(|e| BadNumber(format!("{e}")))?)
/// }
/// assert_eq!(parse("7"), Ok(7));
/// assert_eq!(parse(""), Err(Error::Raised(BadNumber("empty".into()))));
/// ```
impl<E> From<E> for Error<E> {
    fn from(error: E) -> Self {
        Error::Raised(error)
    }
}

/// Shorthand for raising the body's own error: `return raise(MyError)`.
///
/// ```
/// # use pygen::{raise, Error};
/// let r: Result<(), Error<&str>> = raise("bad page");
/// assert_eq!(r, Err(Error::Raised("bad page")));
/// ```
pub fn raise<T, E>(error: E) -> Result<T, Error<E>> {
    Err(Error::Raised(error))
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::GeneratorExit => f.write_str("GeneratorExit"),
            Error::Raised(e) => f.debug_tuple("Raised").field(e).finish(),
            Error::StopIteration => f.write_str("StopIteration"),
            Error::RaisedStopIteration => f.write_str("RaisedStopIteration"),
            Error::SendToJustStarted => f.write_str("SendToJustStarted"),
            Error::IgnoredGeneratorExit => f.write_str("IgnoredGeneratorExit"),
            Error::AlreadyExecuting => f.write_str("AlreadyExecuting"),
            Error::IteratorCannotSend { iterator } => f
                .debug_struct("IteratorCannotSend")
                .field("iterator", iterator)
                .finish(),
        }
    }
}

/// An error's message as CPython shows it (the text after the exception's
/// type in a traceback, Python's `str(exception)`); this is the one way to
/// get it, e.g. `error.to_string()`:
///
/// - [`Error::Raised`]: the body error's own `Display`;
/// - a protocol error: CPython's exact message (`generator already
///   executing`, `generator raised StopIteration`, ...); `GeneratorExit` and
///   `StopIteration`, which have an empty message in CPython, show their name.
///
/// A body error type without `Display` can be formatted its own way through
/// [`as_ref`](Error::as_ref) and [`map_raised`](Error::map_raised):
///
/// ```
/// use pygen::Error;
///
/// #[derive(Debug)]
/// struct Oops(u8);
///
/// let message = |e: &Error<Oops>| e.as_ref().map_raised(|o| format!("oops #{}", o.0)).to_string();
/// assert_eq!(message(&Error::AlreadyExecuting), "generator already executing");
/// assert_eq!(message(&Error::Raised(Oops(7))), "oops #7");
/// ```
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::Raised(e) => return e.fmt(f),
            Error::IteratorCannotSend { iterator } => {
                return write!(f, "'{iterator}' object has no attribute 'send'");
            }
            Error::GeneratorExit => "GeneratorExit",
            Error::StopIteration => "StopIteration",
            Error::RaisedStopIteration => "generator raised StopIteration",
            Error::SendToJustStarted => "can't send non-None value to a just-started generator",
            Error::IgnoredGeneratorExit => "generator ignored GeneratorExit",
            Error::AlreadyExecuting => "generator already executing",
        })
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    #[test]
    fn messages_are_cpythons() {
        let m = |e: Error<Infallible>| e.to_string();
        assert_eq!(
            m(Error::SendToJustStarted),
            "can't send non-None value to a just-started generator"
        );
        assert_eq!(
            m(Error::IgnoredGeneratorExit),
            "generator ignored GeneratorExit"
        );
        assert_eq!(m(Error::AlreadyExecuting), "generator already executing");
        assert_eq!(
            m(Error::RaisedStopIteration),
            "generator raised StopIteration"
        );
        assert_eq!(m(Error::GeneratorExit), "GeneratorExit");
        assert_eq!(m(Error::StopIteration), "StopIteration");
        assert_eq!(Error::Raised("ValueError").to_string(), "ValueError");
        assert_eq!(
            m(Error::IteratorCannotSend {
                iterator: TypeName::of::<std::ops::Range<i32>>()
            }),
            "'Range<i32>' object has no attribute 'send'"
        );
    }

    #[test]
    fn the_drop_hook_describes_with_debug_only() {
        #[derive(Debug)]
        struct NoDisplay;
        assert_eq!(Error::Raised(NoDisplay).describe(), "Raised(NoDisplay)");
        assert_eq!(
            Error::<NoDisplay>::RaisedStopIteration.describe(),
            "generator raised StopIteration"
        );
    }
}
