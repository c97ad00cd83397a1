//! `pygen`: a short demo of count_x on both backends (the full tour comes later).
#![cfg_attr(feature = "stackless", feature(coroutines))]
#![feature(coroutine_trait, stmt_expr_attributes)] // for `compare` (issue 7); the bin needs `macros`, so nightly

use pygen::{Generator, Outcome};

#[path = "bin/pygen/compare.rs"]
mod compare;
#[path = "bin/pygen/workloads.rs"]
mod workloads;

fn show<G: Generator<Item = u32>>(backend: &str, mut g: G)
where
    G::Return: std::fmt::Debug,
    G::Error: std::fmt::Display,
{
    println!("== count_x(3) on the {backend} backend ==");
    println!("created            state={}", g.state());
    loop {
        match g.resume() {
            Ok(Outcome::Yielded(v)) => println!("next() -> {v:<10} state={}", g.state()),
            Ok(Outcome::Returned(r)) => {
                println!("next() -> StopIteration({r:?})  state={}", g.state())
            }
            Ok(Outcome::Exhausted) => {
                println!("next() -> StopIteration  state={}", g.state());
                break;
            }
            Err(e) => {
                println!("next() -> error: {e}  state={}", g.state());
                break;
            }
        }
    }
    println!();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("compare") {
        std::process::exit(compare::run(&args[1..]));
    }
    #[cfg(feature = "stackless")]
    show(
        "stackless",
        pygen::Stackless::new(
            #[coroutine]
            |_: pygen::Resume<(), std::convert::Infallible>| {
                let mut n = 3;
                while n > 0 {
                    (yield n)?;
                    n -= 1;
                }
                Ok(())
            },
        ),
    );
    #[cfg(feature = "stackful")]
    show(
        "stackful",
        pygen::Stackful::<u32>::new(|co| {
            let mut n = 3;
            while n > 0 {
                co.yield_(n)?;
                n -= 1;
            }
            Ok(())
        }),
    );
}
