//! Naming a backend at run time.

use std::fmt;
use std::str::FromStr;

/// The two engines a [`#[generator]`](crate::generator) fn can run on, for
/// choosing at run time: `name::on(Backend::Stackful, args)` (see the
/// macro's docs). A backend parses from and prints as its name:
///
/// ```
/// use pygen::Backend;
///
/// assert_eq!("stackful".parse::<Backend>(), Ok(Backend::Stackful));
/// assert_eq!(Backend::Stackless.to_string(), "stackless");
/// let err = "fast".parse::<Backend>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown backend `fast` (expected `stackless` or `stackful`)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Nightly `#[coroutine]` closures ([`Stackless`](crate::Stackless)).
    Stackless,
    /// corosensei stacks ([`Stackful`](crate::Stackful)).
    Stackful,
}

impl Backend {
    /// Both backends, stackless first.
    ///
    /// ```
    /// use pygen::Backend;
    ///
    /// let names: Vec<_> = Backend::ALL.iter().map(|b| b.name()).collect();
    /// assert_eq!(names, ["stackless", "stackful"]);
    /// ```
    pub const ALL: [Backend; 2] = [Backend::Stackless, Backend::Stackful];

    /// `"stackless"` or `"stackful"`, the spelling [`FromStr`] accepts.
    ///
    /// ```
    /// use pygen::Backend;
    ///
    /// assert_eq!(Backend::Stackful.name(), "stackful");
    /// assert_eq!(Backend::Stackful.name().parse(), Ok(Backend::Stackful));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Backend::Stackless => "stackless",
            Backend::Stackful => "stackful",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Backend`] name; it holds the name.
///
/// ```
/// use pygen::{Backend, UnknownBackend};
///
/// assert_eq!("Stackful".parse::<Backend>(), Err(UnknownBackend("Stackful".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownBackend(pub String);

impl fmt::Display for UnknownBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown backend `{}` (expected `stackless` or `stackful`)",
            self.0
        )
    }
}

impl std::error::Error for UnknownBackend {}

impl FromStr for Backend {
    type Err = UnknownBackend;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "stackless" => Ok(Backend::Stackless),
            "stackful" => Ok(Backend::Stackful),
            other => Err(UnknownBackend(other.to_owned())),
        }
    }
}

/// A boxed generator of either backend: what `name::on(backend, ..)` returns.
pub type BoxGenerator<Y, S = (), R = (), E = std::convert::Infallible> =
    Box<dyn crate::Generator<Item = Y, Send = S, Return = R, Error = E>>;
