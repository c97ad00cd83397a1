//! CPython side by side: the `pygen compare` workloads with longer samples
//! (`--full`), `benches/python/workloads.py` run with python3 in the same run,
//! and the speed-up of each engine over CPython printed next to it.
//!
//! Run: `cargo bench --bench vs_cpython` (about a minute). The quick version
//! is `cargo run --release -- compare`.

#![feature(coroutines, coroutine_trait, stmt_expr_attributes)]
// `clippy --all-targets` builds this bench with cfg(test): compare.rs's unit
// tests (run by `cargo test --bin pygen`) are then compiled but never run.
#![cfg_attr(test, allow(unused))]

#[path = "../src/bin/pygen/compare.rs"]
mod compare;
#[path = "../src/bin/pygen/workloads.rs"]
mod workloads;

fn main() {
    // `cargo bench` passes `--bench`; pass our own options after `--`.
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if !args.iter().any(|a| a == "--full") {
        args.push("--full".to_owned());
    }
    std::process::exit(compare::run(&args));
}
