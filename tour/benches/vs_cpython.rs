//! CPython side by side: the `pygen compare` workloads with longer samples
//! (`--full`), `support/python/workloads.py` run with python3 in the same run,
//! and the speed-up of each engine over CPython printed next to it.
//!
//! Run: `cargo bench --bench vs_cpython` (about a minute). The quick version
//! is `cargo run --release -- compare`.

use pygen_tour::compare;

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
