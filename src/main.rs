//! `pygen`: a short demo of count_x on both backends (the full tour comes later).
#![cfg_attr(feature = "stackless", feature(coroutines))]

use pygen::{Generator, Outcome};

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
