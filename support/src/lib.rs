//! Code shared by the workspace's tests, benches and tour; not published.
//!
//! - [`workloads`]: the generators that the criterion benches and
//!   `pygen compare` time, each written once with `#[generator]`, and their
//!   raw-coroutine baselines;
//! - [`tree`]: a recursive in-order tree walk on both backends;
//! - [`python`]: which `python3` the tests that compare with CPython use;
//! - [`bench_config`]: criterion sized for a shared 2-core machine;
//! - [`test_both!`]: write a test once, run it on both backends.
//!
//! The workloads and the tree are written with `#[generator]`: feature `nightly`.

#![cfg_attr(feature = "nightly", feature(coroutines, coroutine_trait))]

pub mod python;
#[cfg(feature = "nightly")]
pub mod tree;
#[cfg(feature = "nightly")]
pub mod workloads;

/// Criterion sized for a shared 2-core machine: a short warm-up, `measurement`
/// per benchmark, `samples` samples. Every bench's `criterion_group!` uses it.
pub fn bench_config(measurement: std::time::Duration, samples: usize) -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(measurement)
        .sample_size(samples)
}

/// Writes a test once and runs it on both backends: one `#[test]` per
/// backend, in a module named after the test.
///
/// ```
/// use pygen::Backend;
///
/// pygen_support::test_both! {
///     fn starts_created(b) {
///         // `b: Backend` is `Stackless` in `starts_created::stackless`,
///         // `Stackful` in `starts_created::stackful`.
///         let _: Backend = b;
///     }
/// }
///
/// fn drains(b: Backend) {
///     let _ = b;
/// }
/// pygen_support::test_both!(drains); // or name existing `fn(Backend)`s
/// ```
#[macro_export]
macro_rules! test_both {
    ($(fn $name:ident($b:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn stackless() {
                let $b = ::pygen::Backend::Stackless;
                $body
            }

            #[test]
            fn stackful() {
                let $b = ::pygen::Backend::Stackful;
                $body
            }
        }
    )*};
    ($($check:ident),+ $(,)?) => {$(
        mod $check {
            #[test]
            fn stackless() {
                super::$check(::pygen::Backend::Stackless);
            }

            #[test]
            fn stackful() {
                super::$check(::pygen::Backend::Stackful);
            }
        }
    )*};
}
