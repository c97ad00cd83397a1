//! A zoo of `#[generator]`s written the way a Rust developer would write
//! them: borrowing, generic, methods, trait impls, recursion, errors,
//! pipelines, coroutines. Each module's tests check behaviour and cleanup on
//! every backend the signature allows.

#![feature(coroutines)]

pub mod coroutine;
pub mod methods;
pub mod misc;
pub mod pipeline;
pub mod text;
pub mod trees;

#[cfg(test)]
mod support;
