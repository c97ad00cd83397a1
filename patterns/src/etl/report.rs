//! What a run did with the records it did not load: the rejections, their
//! tally travelling down the chain, and the final [`Report`].

use super::AmountError;
use std::fmt;

/// A record [`transform`](fn@super::transform) did not pass on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The line it starts on in the CSV (the header is line 1).
    pub line: u64,
    /// Its order id.
    pub order_id: String,
    /// Its amount, as written.
    pub amount: String,
    /// Why the amount is not valid.
    pub reason: AmountError,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} (order {}): amount {:?}: {}",
            self.line, self.order_id, self.amount, self.reason
        )
    }
}

/// Every record rejected: how many, and the first [`Rejects::KEPT`] of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejects {
    /// How many records were rejected.
    pub count: u64,
    /// The first ones, in file order (at most [`Rejects::KEPT`]).
    pub first: Vec<Rejection>,
}

impl Rejects {
    /// How many rejections are kept whole; the rest are only counted, so the
    /// tally stays small whatever the file.
    pub const KEPT: usize = 5;

    /// Counts `rejection`, keeping it if it is among the first [`Self::KEPT`].
    pub fn push(&mut self, rejection: Rejection) {
        self.count += 1;
        if self.first.len() < Self::KEPT {
            self.first.push(rejection);
        }
    }
}

/// What a stage upstream of [`load`](fn@super::load) returns, as far as the
/// [`Report`] goes: the records rejected on the way.
pub trait Tally {
    /// The records rejected upstream.
    fn into_rejects(self) -> Rejects;
}

impl Tally for Rejects {
    fn into_rejects(self) -> Rejects {
        self
    }
}

/// A stage that passes its upstream's return value on ([`batch`](fn@super::batch),
/// [`tap`](fn@super::tap)) returns `None` if that upstream had already finished
/// before the chain ran: then no record went through it in this run.
impl<R: Tally> Tally for Option<R> {
    fn into_rejects(self) -> Rejects {
        self.map(Tally::into_rejects).unwrap_or_default()
    }
}

/// What a finished run did with every record of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Rows loaded into the database.
    pub loaded: u64,
    /// Records not loaded, and why.
    pub rejected: Rejects,
}
