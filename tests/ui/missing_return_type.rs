#![feature(coroutines)]
use pygen::generator;

#[generator]
fn count_x(mut n: u32) {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}

fn main() {}
