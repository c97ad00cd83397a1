//! One integration-test binary, one module per topic (once_cell's layout).
//! Every behaviour is written once and run on both backends (`both!`).
#![feature(coroutines)]

#[macro_use]
mod support;

mod chain;
mod close;
mod delegation;
mod drop;
mod errors;
mod hook;
mod iteration;
mod lifecycle;
mod macros;
mod stackful;
mod throw;
