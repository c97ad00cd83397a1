#![feature(coroutines)]
use pygen::generator;

#[generator(fast)]
fn count() -> impl pygen::Generator<Item = u32> {
    (yield 1)?;
    Ok(())
}

fn main() {}
