//! The baseline number: 10 million yields of count_x on each backend
//! (best of 5 runs, release build). `cargo bench` has the rigorous numbers.
//!
//! ```text
//! $ cargo run --release --example ten_million_yields
//! 10M yields: stackless 21.4 ms (2.14 ns/yield), stackful 63.7 ms (6.37 ns/yield)
//! ```
//! (one run on the 2-core development machine, under load from other builds)
#![feature(coroutines)]

use pygen::{Generator, generator};
use std::hint::black_box;
use std::time::Instant;

#[generator]
fn count_x(mut n: u64) -> impl Generator<Item = u64> {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}

/// Best of five: seconds for one full drain of `make()`.
fn best<G: Iterator<Item = u64>>(make: impl Fn() -> G) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut sum = 0u64;
            for v in make() {
                sum = sum.wrapping_add(black_box(v));
            }
            black_box(sum);
            start.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let n = 10_000_000;
    let stackless = best(|| count_x::stackless(black_box(n)));
    let stackful = best(|| count_x::stackful(black_box(n)));
    let per = |s: f64| s * 1e9 / n as f64;
    println!(
        "10M yields: stackless {:.1} ms ({:.2} ns/yield), stackful {:.1} ms ({:.2} ns/yield)",
        stackless * 1e3,
        per(stackless),
        stackful * 1e3,
        per(stackful)
    );
}
