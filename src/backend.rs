//! Naming a backend at run time.

use std::fmt;
use std::str::FromStr;

/// The two engines a [`#[generator]`](crate::generator) fn can run on, for
/// choosing at run time: `name::on(Backend::Stackful, args)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Nightly `#[coroutine]` closures ([`Stackless`](crate::Stackless)).
    Stackless,
    /// corosensei stacks ([`Stackful`](crate::Stackful)).
    Stackful,
}

impl Backend {
    /// Both backends, stackless first.
    pub const ALL: [Backend; 2] = [Backend::Stackless, Backend::Stackful];

    /// `"stackless"` or `"stackful"`.
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

/// The error of parsing a [`Backend`] name.
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
