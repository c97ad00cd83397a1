//! Rust values as Python shows them, and the literals each Send type accepts.

use super::UsageError;
use super::command::{Literal, repr_str};
use std::fmt::Debug;

/// A value as Python's `repr` shows it: `5`, `'Hello'`, `None` for `()`.
pub trait PyRepr {
    /// Python's `repr` of the value.
    fn py_repr(&self) -> String;
}

impl PyRepr for () {
    fn py_repr(&self) -> String {
        "None".to_owned()
    }
}

impl PyRepr for &str {
    fn py_repr(&self) -> String {
        repr_str(self)
    }
}

impl PyRepr for String {
    fn py_repr(&self) -> String {
        repr_str(self)
    }
}

macro_rules! py_repr_numbers {
    ($($ty:ty),*) => {$(
        impl PyRepr for $ty {
            fn py_repr(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

py_repr_numbers!(i32, i64, u32, u64, usize);

/// What a `send` sends in Rust: the value, and a note when it is not what
/// the learner typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent<T> {
    /// The value sent.
    pub value: T,
    /// Why it differs from the typed literal, if it does.
    pub note: Option<String>,
}

impl<T> Sent<T> {
    fn exactly(value: T) -> Self {
        Sent { value, note: None }
    }
}

/// A type the learner can `send`, from a typed [`Literal`].
pub trait SendValue: Sized + Debug {
    /// `Ok(None)` is Python's `send(None)` (Rust's `resume()`); a literal the
    /// type cannot hold is an error that explains why.
    fn from_literal(literal: &Literal) -> Result<Option<Sent<Self>>, UsageError>;
}

impl SendValue for () {
    fn from_literal(literal: &Literal) -> Result<Option<Sent<()>>, UsageError> {
        Ok(match literal {
            Literal::None => None,
            other => Some(Sent {
                value: (),
                note: Some(format!(
                    "the Send type is (), so the body cannot see {}: Rust sends () in its place",
                    other.repr()
                )),
            }),
        })
    }
}

impl SendValue for String {
    fn from_literal(literal: &Literal) -> Result<Option<Sent<String>>, UsageError> {
        Ok(match literal {
            Literal::None => None,
            Literal::Str(s) => Some(Sent::exactly(s.clone())),
            Literal::Int(i) => Some(Sent {
                value: i.to_string(),
                note: Some(format!("the Send type is String: {i} is sent as \"{i}\"")),
            }),
        })
    }
}

macro_rules! send_numbers {
    ($($ty:ty),*) => {$(
        impl SendValue for $ty {
            fn from_literal(literal: &Literal) -> Result<Option<Sent<$ty>>, UsageError> {
                match literal {
                    Literal::None => Ok(None),
                    Literal::Int(i) => <$ty>::try_from(*i).map(|v| Some(Sent::exactly(v))).map_err(|_| {
                        UsageError(format!(
                            "{i} does not fit in this generator's Send type `{}` (nothing was sent)",
                            stringify!($ty)
                        ))
                    }),
                    other => Err(UsageError(format!(
                        "{} cannot be sent: this generator's Send type is `{}` (nothing was sent)",
                        other.repr(),
                        stringify!($ty)
                    ))),
                }
            }
        }
    )*};
}

send_numbers!(i64, u32, u64);
