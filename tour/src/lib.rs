//! The Python generator tutorial, run on pygen's stackless and stackful
//! backends, and the tools around it:
//!
//! - [`trace`]: a recorder that draws the timeline of any generator, caller
//!   on the left, body on the right — yours too;
//! - [`tutorial`]: every example of the tutorial, ported, with its Python
//!   original, the tutorial's claims and what CPython really prints;
//! - [`compare`]: the benchmark workloads side by side on both backends, the
//!   raw engines and CPython (`pygen compare`).
//!
//! The `pygen` binary (`cargo run --release` at the workspace root) is the
//! guided tour built on these.

#![feature(coroutines)]
#![warn(missing_docs)]

pub mod compare;
pub mod export;
pub mod measure;
pub mod trace;
pub mod tutorial;
